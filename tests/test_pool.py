"""Reading in a pool of processes: the same results in the same order as one process,
PDFs still held to their ceilings (without a fork a file), and the bar of a long run."""

from __future__ import annotations

import io
import json
import pickle
import shutil
import time
from collections import Counter
from pathlib import Path

import pytest
from bounds import deadline
from click.testing import CliRunner
from hostile import pdf_bomb

from auditor import cli, progress
from auditor.inputs import input_files
from auditor.model import OcrSummary, ReadResult, SectionGap
from auditor.readers import ReadOptions, pool, read_file
from auditor.readers.base import MiB
from auditor.readers.pool import read_files

# Reader errors and warnings are checked as an English-speaking user reads them.
pytestmark = pytest.mark.usefixtures("english")


ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"


# Of the OCR fixtures (seconds each, read four times here), a scanned bill: the PDF
# reader's two bounded runs, and OCR in a worker on one core as in one process on all.
OCR_SAMPLES = [FIXTURES / "ocr" / "household" / "china-telecom" / "18900189003" / "2026年10月.pdf"]


def test_every_fixture_reads_the_same_in_one_process_and_in_a_pool():
    options = ReadOptions()
    files = input_files([p for p in FIXTURES.iterdir() if p.name != "ocr"], options)
    files += OCR_SAMPLES
    alone = list(read_files(files, options, 1))
    assert alone == [read_file(path, options) for path in files]
    for jobs in (2, 3):
        assert list(read_files(files, options, jobs)) == alone


def test_unreadable_files_come_back_in_their_place(tmp_path):
    good = FIXTURES / "household" / "china-unicom" / "联通账单-2026年08月.csv"
    names = ["a.csv", "b.pdf", "c.xlsx", "d.csv", "e.json"]
    for name in names:
        (tmp_path / name).write_bytes(good.read_bytes() if name == "d.csv" else b"\x00junk")
    files = [tmp_path / name for name in names]
    alone = list(read_files(files, ReadOptions(), 1))
    assert [bool(r.error) for r in alone] == [True, True, True, False, True]
    assert list(read_files(files, ReadOptions(), 2)) == alone


def bills_around(tmp_path: Path, bomb: bytes) -> list[Path]:
    """Two good PDF bills with a hostile one between them."""
    good = FIXTURES / "pdf" / "household-a" / "中国移动账单-2026年10月.pdf"
    paths = [tmp_path / "1.pdf", tmp_path / "2-bomb.pdf", tmp_path / "3.pdf"]
    shutil.copy(good, paths[0])
    paths[1].write_bytes(bomb)
    shutil.copy(good, paths[2])
    return paths


def test_a_pdf_bomb_in_the_pool_is_refused_as_alone_and_the_next_files_read(tmp_path):
    paths = bills_around(tmp_path, pdf_bomb(96 * MiB))
    options = ReadOptions(max_pdf_memory_bytes=32 * MiB)
    with deadline(60):
        alone = list(read_files(paths, options, 1))
        pooled = list(read_files(paths, options, 2))
    assert pooled == alone
    assert alone[1].error.startswith("page 1: reading it takes more than the 32 MiB")
    assert not alone[0].error and not alone[2].error


def test_a_pdf_over_its_cpu_time_ends_its_worker_and_is_named(tmp_path):
    paths = bills_around(tmp_path, pdf_bomb(16 * MiB, pages=500))
    options = ReadOptions(max_pdf_seconds=1)
    with deadline(60):
        pooled = list(read_files(paths, options, 2))
    error = pooled[1].error
    assert "reading it takes more than the 1 s of CPU time allowed for one PDF" in error
    assert error.startswith("page ")
    assert pooled[1].reader == "pdf" and pooled[1].sha256
    assert not pooled[0].error and not pooled[2].error


def _forks_counted(monkeypatch) -> list[int]:
    """Count this process's forks from now (a pool's worker, a bounded child)."""
    forks = []
    fork = pool.os.fork

    def counted():
        forks.append(1)
        return fork()

    monkeypatch.setattr(pool.os, "fork", counted)
    return forks


def test_one_job_reads_pdfs_in_one_worker_not_a_fork_each(tmp_path, monkeypatch):
    paths = bills_around(
        tmp_path, (FIXTURES / "pdf" / "household-a" / "中国移动账单-2026年10月.pdf").read_bytes()
    )
    alone = [read_file(path, ReadOptions()) for path in paths]
    forks = _forks_counted(monkeypatch)
    assert list(read_files(paths, ReadOptions(), 1)) == alone
    assert len(forks) == 1  # the worker: each PDF forked a child of its own before


def test_one_job_reads_a_single_pdf_among_tables_here(tmp_path, monkeypatch):
    unicom = FIXTURES / "household" / "china-unicom" / "联通账单-2026年08月.csv"
    paths = [tmp_path / "a.csv", tmp_path / "b.pdf"]
    shutil.copy(unicom, paths[0])
    shutil.copy(FIXTURES / "pdf" / "household-a" / "中国移动账单-2026年10月.pdf", paths[1])
    forks = _forks_counted(monkeypatch)
    results = list(read_files(paths, ReadOptions(), 1))
    assert not any(r.error for r in results)
    assert len(forks) == 1  # the PDF's bounded child; no worker for one file under ceilings


@pytest.mark.parametrize("jobs, sharing", [(1, False), (2, True)])
def test_a_worker_shares_the_cores_only_with_other_workers(tmp_path, monkeypatch, jobs, sharing):
    import auditor.readers

    def told(path, options):  # run in the worker, forked with this in place
        return ReadResult(path=str(path), reader=str(pool.bounded.sharing_cores()))

    monkeypatch.setattr(auditor.readers, "read_file", told)
    paths = [tmp_path / f"{n}.pdf" for n in range(4)]
    assert {r.reader for r in read_files(paths, ReadOptions(), jobs)} == {str(sharing)}
    assert not pool.bounded.sharing_cores()  # in this process


def test_pdfium_is_loaded_once_before_the_workers_fork(tmp_path, monkeypatch):
    import auditor.readers

    events = []
    fork, load = pool.os.fork, auditor.readers.load_pdfium
    monkeypatch.setattr(pool.os, "fork", lambda: events.append("fork") or fork())
    monkeypatch.setattr(auditor.readers, "load_pdfium", lambda: events.append("load") or load())
    tables = [tmp_path / f"{n}.csv" for n in range(3)]
    for path in tables:
        path.write_text("x", "utf-8")
    list(read_files(tables, ReadOptions(), 2))
    assert events == ["fork", "fork"]
    events.clear()
    bill = tmp_path / "bill.pdf"
    shutil.copy(FIXTURES / "pdf" / "household-a" / "中国移动账单-2026年10月.pdf", bill)
    assert not list(read_files([*tables[:1], bill], ReadOptions(), 2))[1].error
    assert events == ["load", "fork", "fork"]


def test_pages_are_counted():
    pdf = FIXTURES / "pdf" / "household-a" / "中国移动账单-2026年10月.pdf"
    assert read_file(pdf, ReadOptions()).pages >= 1


def test_the_cli_writes_the_same_report_for_any_number_of_jobs(tmp_path):
    outputs = []
    for jobs in ("1", "2"):
        target = tmp_path / f"r{jobs}.json"
        args = ["audit", str(FIXTURES / "household"), "--as-of", "2026-11-05", "-j", jobs]
        args += ["-o", str(tmp_path / f"r{jobs}.xlsx"), "--json", str(target), "-q"]
        result = CliRunner().invoke(cli.main, args)
        assert result.exit_code == 0, result.output
        outputs.append(json.loads(target.read_text("utf-8")))
    assert outputs[0] == outputs[1]


# ------------------------------------------------------------------ the progress bar


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_bar_shows_files_pages_and_findings_on_a_terminal(monkeypatch):
    monkeypatch.setattr(progress, "SHOW_AFTER", 0.0)
    stream = Terminal()
    with progress.Progress(2, quiet=False, stream=stream) as bar:
        bar.file_read(ReadResult(path="a.pdf", pages=3))
        bar.file_read(ReadResult(path="b.csv"))
        bar.findings(27)
    text = stream.getvalue()
    assert "2/2" in text and "3 pages" in text and "27 findings" in text


@pytest.mark.parametrize(("stream", "quiet"), [(io.StringIO(), False), (Terminal(), True)])
def test_no_bar_when_not_a_terminal_or_quiet(monkeypatch, stream, quiet):
    monkeypatch.setattr(progress, "SHOW_AFTER", 0.0)
    with progress.Progress(1, quiet=quiet, stream=stream) as bar:
        bar.file_read(ReadResult(path="a.csv"))
        bar.findings(1)
    assert stream.getvalue() == ""


def test_no_bar_for_a_quick_run(monkeypatch):
    stream = Terminal()
    with progress.Progress(1, quiet=False, stream=stream) as bar:
        bar.file_read(ReadResult(path="a.csv"))
    assert stream.getvalue() == ""


def test_files_sent_to_a_worker_that_dies_are_read_by_another(tmp_path):
    good = FIXTURES / "pdf" / "household-a" / "中国移动账单-2026年10月.pdf"
    paths = [tmp_path / "0-bomb.pdf", *(tmp_path / f"{n}.pdf" for n in range(1, 6))]
    paths[0].write_bytes(pdf_bomb(16 * MiB, pages=500))
    for path in paths[1:]:
        shutil.copy(good, path)
    options = ReadOptions(max_pdf_seconds=1)
    with deadline(60):
        pooled = list(read_files(paths, options, 2))
    assert [r.path for r in pooled] == [str(p) for p in paths]
    assert "CPU time" in pooled[0].error
    assert [r.error for r in pooled[1:]] == [None] * 5
    assert pooled[1:] == list(read_files(paths[1:], options, 1))


def test_a_result_crosses_the_pipe_whole():
    """A worker pickles its results' records as tuples of their fields: each comes back
    equal, attribute for attribute, and one holding more than its fields comes back whole."""
    bill = FIXTURES / "household" / "china-unicom" / "联通账单-2026年08月.csv"
    result = read_file(bill, ReadOptions())
    assert result.charges and result.set_aside
    result.charges[0].extra = "kept"  # not a field: that record pickles as usual
    del result.charges[-1].code  # a field missing: as usual too
    result.section_gaps.append(SectionGap("13800001234", "2026-10", "a.pdf", "通信费", 100, 90))
    result.ocr = OcrSummary(10, 2, 1, 0.8)
    result.personal.add("张三")
    back = pickle.loads(pool._dumps((result, [], False)))[0]
    assert back == result
    for mine, theirs in zip([result, *result.charges], [back, *back.charges], strict=True):
        assert type(theirs) is type(mine)
        assert list(vars(theirs).items()) == list(vars(mine).items())
    assert type(back.set_aside) is Counter and back.set_aside == result.set_aside
    assert back.charges[0].extra == "kept" and "code" not in vars(back.charges[-1])


def test_workers_that_die_as_they_start_end_the_run_a_file_at_a_time(
    tmp_path, monkeypatch, english
):
    def cannot_live(shared, sharing):
        raise MemoryError  # as a worker starved of memory would, before its first file

    started = pool._Pool._start

    def start_and_die(self):
        worker = started(self)
        time.sleep(0.05)  # it is dead before it is sent a file
        return worker

    monkeypatch.setattr(pool.bounded, "bound_here", cannot_live)
    monkeypatch.setattr(pool._Pool, "_start", start_and_die)
    paths = [tmp_path / f"{n}.csv" for n in range(4)]
    for path in paths:
        path.write_text("x", "utf-8")
    with deadline(60):
        results = list(read_files(paths, ReadOptions(), 2))
    assert [r.path for r in results] == [str(p) for p in paths]
    assert all(r.error for r in results)
    assert "reading processes stop as they start" in results[0].error


def test_a_worker_dying_inside_a_batch_is_put_on_its_file_and_the_rest_read(tmp_path, monkeypatch):
    """Files go to a worker a batch at a time: the one it dies on is named, not the
    batch's first, and those read before it in the batch (their results lost with it)
    and after it are read by another."""
    import os
    import signal

    import auditor.readers

    bill = FIXTURES / "household" / "china-unicom" / "联通账单-2026年08月.csv"
    paths = [tmp_path / f"{n:03}.csv" for n in range(10 * pool._BATCH)]
    for path in paths:
        shutil.copy(bill, path)
    dies_on = pool._BATCH + 2  # inside the second batch, not its first file
    reading = auditor.readers.read_file

    def dies(path, options):  # run in the worker, forked with this in place
        if path == paths[dies_on]:
            os.kill(os.getpid(), signal.SIGKILL)
        return reading(path, options)

    alone = list(read_files(paths, ReadOptions(), 1))
    monkeypatch.setattr(auditor.readers, "read_file", dies)
    with deadline(60):
        pooled = list(read_files(paths, ReadOptions(), 2))
    assert [r.path for r in pooled] == [str(p) for p in paths]
    assert "signal 9" in pooled[dies_on].error
    assert pooled[dies_on].sha256 == alone[dies_on].sha256
    del pooled[dies_on], alone[dies_on]
    assert pooled == alone


def test_a_slow_file_sends_the_rest_of_its_batch_to_a_free_worker(tmp_path, monkeypatch):
    """A worker past its batch's time sends the files it has not begun back: the worker
    free first reads them, not the one still busy (a folder of big bills is spread)."""
    import os

    import auditor.readers

    paths = [tmp_path / f"{n}.csv" for n in range(8)]

    def told(path, options):  # run in the worker, forked with this in place
        if path == paths[0]:
            time.sleep(0.3)
        return ReadResult(path=str(path), reader=str(os.getpid()))

    monkeypatch.setattr(auditor.readers, "read_file", told)
    with deadline(60):
        results = list(read_files(paths, ReadOptions(), 2))
    assert [r.path for r in results] == [str(p) for p in paths]
    assert results[1].reader != results[0].reader


def test_stopping_a_pool_of_busy_workers_waits_one_second_for_them_all(tmp_path, monkeypatch):
    """A busy worker reads the stop only after its batch: the pool waits a second for
    all of them, then kills those still reading (it waited two seconds for each)."""
    import auditor.readers

    paths = [tmp_path / f"{n}.csv" for n in range(40)]

    def slow(path, options):  # run in the worker, forked with this in place
        if paths.index(path) >= 8:  # (the first batch, at most eight, comes back now)
            time.sleep(30)
        return ReadResult(path=str(path))

    monkeypatch.setattr(auditor.readers, "read_file", slow)
    reading = read_files(paths, ReadOptions(), 4)
    with deadline(60):
        assert next(reading).path == str(paths[0])
        time.sleep(0.2)  # every worker is in a file now
        began = time.monotonic()
        reading.close()
        # each of the four busy workers' own second and more, before
        assert time.monotonic() - began < 3.0


def test_a_worker_in_place_of_one_that_died_is_forked_once_the_work_meanwhile_ended(
    tmp_path, monkeypatch
):
    """The work done on a thread while the workers read (auditor.ahead: imports) ends
    before the pool forks a worker in place of one that died: a child forked while
    another thread imports would wait for ever on that import's lock."""
    import os
    import signal
    import threading

    import auditor.readers
    from auditor.ahead import Ahead

    bill = FIXTURES / "household" / "china-unicom" / "联通账单-2026年08月.csv"
    paths = [tmp_path / f"{n:03}.csv" for n in range(4 * pool._BATCH)]
    for path in paths:
        shutil.copy(bill, path)
    reading, events, replacing = auditor.readers.read_file, [], threading.Event()

    def dies(path, options):  # run in the worker, forked with this in place
        if path == paths[1]:
            os.kill(os.getpid(), signal.SIGKILL)
        return reading(path, options)

    def work():  # still at work when the pool learns of the death
        events.append("work began")
        replacing.wait(30)
        time.sleep(0.2)
        events.append("work ended")

    fork, replace = pool.os.fork, pool._Pool._replace
    monkeypatch.setattr(pool.os, "fork", lambda: events.append("fork") or fork())
    monkeypatch.setattr(pool._Pool, "_replace", lambda self, w: replacing.set() or replace(self, w))
    monkeypatch.setattr(auditor.readers, "read_file", dies)
    with deadline(60):
        pooled = list(read_files(paths, ReadOptions(), 2, Ahead(work)))
    assert events == ["fork", "fork", "work began", "work ended", "fork"]
    assert "signal 9" in pooled[1].error
    assert [r.path for r in pooled] == [str(p) for p in paths]
    assert all(r.readable for n, r in enumerate(pooled) if n != 1)
