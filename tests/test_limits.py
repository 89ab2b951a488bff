"""Limits on what a file expands to: issue 8's bombs, each refused with its own one-line
error naming the file, the limit and the option that raises it, or read within bounds.

Every test here builds its hostile input small enough to stay in seconds and well under
a gigabyte before the fix too, and runs under a deadline.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import signal
import time
import tracemalloc
from pathlib import Path

import openpyxl
from click.testing import CliRunner
from hostile import raw_xlsx, sparse_xlsx, styles_bomb, text_cell

from auditor import cli
from auditor.readers import ReadOptions, read_file
from auditor.readers.base import MiB

LINE_MONTH = "13800001234-2026年10月"


class Deadline(BaseException):
    """Raised when a test's deadline passes (a BaseException: no reader may catch it)."""


@contextlib.contextmanager
def deadline(seconds: int):
    """Fail, instead of running on, when the block takes longer than ``seconds``."""

    def expired(signum, frame):
        raise Deadline(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def peak_memory():
    """Measure the peak of Python's allocations in the block: ``peak[0]`` after it."""
    peak = [0]
    tracemalloc.start()
    try:
        yield peak
    finally:
        peak[0] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()


def write(tmp_path: Path, suffix: str, data: bytes) -> Path:
    path = tmp_path / f"{LINE_MONTH}{suffix}"
    path.write_bytes(data)
    return path


def read(path: Path, seconds: int = 20, **limits):
    with deadline(seconds):
        return read_file(path, ReadOptions(**limits))


def assert_limit_error(error: str | None, option: str) -> None:
    """A limit's error: one line, naming the limit's option."""
    assert error and "\n" not in error, error
    assert f"raise it with {option}" in error, error


# ------------------------------------------------------------------------- XLSX cells


def test_a_sheet_using_columns_a_and_xfd_is_measured_by_its_cells(tmp_path):
    # Issue 8: 20,000 rows using columns A and XFD (146 KB) took 96 s and 2.7 GB.
    path = write(tmp_path, ".xlsx", sparse_xlsx(2_000))
    with peak_memory() as peak:
        started = time.monotonic()
        result = read(path, 20)
        seconds = time.monotonic() - started
    assert result.error is None
    assert len(result.charges) == 2_000 and result.charges[0].item == "彩铃功能费"
    assert result.charges[-1].locator == "sheet 账单 row 2001"
    assert seconds < 5 and peak[0] < 64 * MiB


def test_the_issue_s_sparse_sheet_reads_in_seconds(tmp_path):
    path = write(tmp_path, ".xlsx", sparse_xlsx(20_000))
    started = time.monotonic()
    result = read(path, 15)
    assert result.error is None and len(result.charges) == 20_000
    assert time.monotonic() - started < 5


def test_missing_rows_are_one_blank_row_not_a_million(tmp_path):
    cells = [
        b'<row r="1">' + text_cell("A1", "费用项目") + text_cell("B1", "金额") + b"</row>",
        b'<row r="2">' + text_cell("A2", "彩铃功能费") + text_cell("B2", "5.00") + b"</row>",
        b'<row r="1048576">' + text_cell("A1048576", "备注") + b"</row>",
    ]
    result = read(write(tmp_path, ".xlsx", raw_xlsx([("账单", b"".join(cells))])), 10)
    assert result.error is None and [c.amount_fen for c in result.charges] == [500]
    assert result.rows_read == 4  # header, charge, one blank row for the gap, the note


def test_a_sheet_over_the_cell_limit_is_refused(tmp_path):
    path = write(tmp_path, ".xlsx", sparse_xlsx(2_000))
    result = read(path, max_cells=3_000)
    assert_limit_error(result.error, "--max-cells")
    assert "holds more than 3,000 XML elements" in result.error
    assert read(path, max_cells=20_000).error is None


def test_every_part_of_the_package_counts_not_only_sheets(tmp_path):
    # A styles part of 1,000,000 formats: 4.8 MiB unpacked, 12 s and 440 MB in openpyxl.
    bomb = raw_xlsx([("账单", text_cell("A1", "x"))], styles=styles_bomb(200_000))
    path = write(tmp_path, ".xlsx", bomb)
    with peak_memory() as peak:
        result = read(path, 10, max_cells=100_000)
    assert_limit_error(result.error, "--max-cells")
    assert "xl/styles.xml" in result.error
    assert peak[0] < 16 * MiB


# ------------------------------------------------------------------ XLSX sheets (row 7)


HOUSEHOLD = Path(__file__).resolve().parent.parent / "fixtures" / "household"
OCTOBER = HOUSEHOLD / "china-mobile" / "中国移动账单-2026年10月.xlsx"


def audit_json(runner_args: list[str]) -> tuple[int, dict]:
    result = CliRunner().invoke(cli.main, ["audit", *runner_args, "--json", "-", "-q"])
    return result.exit_code, json.loads(result.stdout)


def money(report: dict) -> list[tuple]:
    """What each finding says, without the paths that differ between two folders."""
    return [(f["rule"], f["service"], f["amount"], f["periods"]) for f in report["findings"]]


def test_a_month_on_two_sheets_is_counted_once(tmp_path):
    # Issue 8: copies of one month's sheet doubled the unknown-vas money and gave a false
    # bill-total-mismatch per copy, while the Summary said the month reconciled.
    book = openpyxl.load_workbook(OCTOBER)
    for copy in range(2):
        book.copy_worksheet(book.worksheets[0]).title = f"副本{copy + 1}"
    folder = tmp_path / "bills"
    folder.mkdir()
    book.save(folder / OCTOBER.name)
    shutil.copy(OCTOBER.parent / "13800001234-已订业务.csv", folder)
    args = ["--as-of", "2026-11-05", "-o", str(tmp_path / "r.xlsx")]
    code, twice = audit_json([str(folder), *args])
    single = tmp_path / "single"
    single.mkdir()
    shutil.copy(OCTOBER, single)
    shutil.copy(OCTOBER.parent / "13800001234-已订业务.csv", single)
    _, once = audit_json([str(single), *args])
    assert code == 0
    assert money(twice) == money(once)
    assert not [f for f in twice["findings"] if f["rule"] == "bill-total-mismatch"]
    assert twice["summary"]["months"] == once["summary"]["months"]
    (month,) = twice["summary"]["months"]
    assert month["billed"] == month["stated"] and month["reconciled"] == "yes"
    (workbook,) = [i for i in twice["inputs"] if i["path"].endswith(".xlsx")]
    (warning,) = [w for w in workbook["warnings"] if "only sheet 账单 was counted" in w]
    assert "sheet 副本1, sheet 副本2" in warning


def test_the_copy_that_adds_up_is_the_one_kept(tmp_path):
    rows = [r.split(",") for r in ("费用项目,金额", "彩铃功能费,5.00", "合计,5.00")]
    wrong = [*rows[:2], ["咪咕视频会员", "15.00"], rows[2]]
    book = openpyxl.Workbook()
    book.active.title = "错的"
    for row in wrong:
        book.active.append(row)
    right = book.create_sheet("对的")
    for row in rows:
        right.append(row)
    path = tmp_path / f"{LINE_MONTH}.xlsx"
    book.save(path)
    result = read(path)
    assert [(c.item, c.locator) for c in result.charges] == [("彩铃功能费", "sheet 对的 row 2")]
    assert result.set_aside["duplicate"] == 2
    assert result.rows_read == result.rows_used + sum(result.set_aside.values())


def test_ten_thousand_sheets_are_refused_in_seconds(tmp_path):
    # Issue 8: 10,000 sheets of one month took 109 s and gave 10,000 false high findings.
    sheet = text_cell("A1", "费用项目") + text_cell("B1", "金额")
    cells = b'<row r="1">' + sheet + b'</row><row r="2">'
    cells += text_cell("A2", "彩铃功能费") + text_cell("B2", "5.00") + b"</row>"
    path = write(tmp_path, ".xlsx", raw_xlsx([(f"s{i}", cells) for i in range(10_000)]))
    started = time.monotonic()
    result = read(path, 30)
    assert time.monotonic() - started < 5
    assert_limit_error(result.error, "--max-sheets")
    assert "lists 10,000 sheets, over the 1,000-sheet limit" in result.error
