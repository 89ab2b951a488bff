"""Outputs are safe: inert text, inputs untouched, whole reports even under a race."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from python_calamine import CalamineWorkbook
from writers_sample import sample_report

from auditor import cli
from auditor.errors import AuditorError
from auditor.safe_text import safe_text
from auditor.writers import Masker, write_xlsx
from auditor.writers.safe import is_formula_like, output_path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
# Every start a spreadsheet program treats as a formula or a command (CSV/formula injection).
HOSTILE = ["=1+1", "+86 1", "-2+3", "@SUM(A1)", "\t=cmd|' /C calc'!A0", "\r=2+2"]

# The messages asserted here (the writers' refusals among them) are checked in English,
# as an English-speaking user reads them; tests/test_cli_lang.py has some in Chinese.
pytestmark = pytest.mark.usefixtures("english")


def test_every_formula_start_is_written_as_plain_text(tmp_path):
    report = sample_report()
    for finding, name in zip(report.findings, HOSTILE, strict=False):
        finding.service = name
    report.findings[0].message = HOSTILE[-1]
    target = tmp_path / "r.xlsx"
    write_xlsx(report, target, Masker())
    # A control character is shown as its picture (\t as ␉, \r as ␍): those two are inert
    # text then, and the others keep their formula start, written as a string.
    shown = {safe_text(h) for h in HOSTILE}
    book = openpyxl.load_workbook(target)
    seen = set()
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if cell.value in shown:
                    if is_formula_like(cell.value):
                        assert cell.data_type == "s" and cell.quotePrefix
                    seen.add(cell.value)
    assert seen == shown
    calamine = CalamineWorkbook.from_path(str(target))
    texts = {
        cell
        for name in calamine.sheet_names
        for row in calamine.get_sheet_by_name(name).to_python()
        for cell in row
    }
    assert shown <= texts  # read back as the same text, not as a computed value


def _digests(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_inputs_are_never_modified(tmp_path):
    inputs = tmp_path / "inputs"
    for part in ("household", "pdf", "json", "sms"):
        shutil.copytree(FIXTURES / part, inputs / part)
    before = _digests(inputs)
    out = tmp_path / "out"
    args = ["audit", str(inputs), "-o", str(out / "r.xlsx"), "--json", str(out / "r.json")]
    result = CliRunner().invoke(cli.main, [*args, "--password", "1234", "--as-of", "2026-11-05"])
    assert result.exit_code == 3, result.output  # fixtures/pdf/bad holds unreadable PDFs
    assert _digests(inputs) == before
    assert len(before) > 30


def test_the_report_is_never_written_over_an_input(tmp_path):
    bill = tmp_path / "bill.xlsx"
    shutil.copy(FIXTURES / "household" / "china-broadnet" / "广电账单-19200001111.xlsx", bill)
    before = bill.read_bytes()
    result = CliRunner().invoke(cli.main, ["audit", str(tmp_path), "-o", str(bill)])
    assert result.exit_code == 2
    assert "input" in result.stderr
    assert bill.read_bytes() == before


@pytest.mark.skipif(os.name != "posix", reason="uses a POSIX shell to start both at once")
def test_two_audits_racing_for_one_report_leave_one_whole_report(tmp_path):
    """Two processes write the same report and JSON paths at the same moment."""
    target, json_target = tmp_path / "same.xlsx", tmp_path / "same.json"
    command = [
        sys.executable,
        "-m",
        "auditor",
        "audit",
        str(FIXTURES / "household"),
        "--known",
        str(FIXTURES / "household" / "auditor.toml"),
        "--as-of",
        "2026-11-05",
        "-o",
        str(target),
        "--json",
        str(json_target),
        "-q",
    ]
    racers = [subprocess.Popen(command, stderr=subprocess.PIPE) for _ in range(3)]
    for racer in racers:
        _, err = racer.communicate(timeout=120)
        assert racer.returncode == 0, err
    book = CalamineWorkbook.from_path(str(target))
    findings = book.get_sheet_by_name("Findings").to_python()
    assert len(findings) == 1 + 12  # fixtures/HOUSEHOLD.md
    assert len(json.loads(json_target.read_text("utf-8"))["findings"]) == 12
    assert sorted(p.name for p in tmp_path.iterdir()) == ["same.json", "same.xlsx"]


def test_a_json_file_that_cannot_be_written_leaves_no_report_behind(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", "utf-8")
    report = tmp_path / "r.xlsx"
    args = ["audit", str(FIXTURES / "household"), "-o", str(report)]
    result = CliRunner().invoke(cli.main, [*args, "--json", str(blocker / "x.json"), "-q"])
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"auditor: cannot write {blocker / 'x.json'}: its folder is a file"
    )
    assert not report.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]


# ----------------------------------------------------- outputs that never destroy anything


@pytest.fixture
def one_bill(tmp_path) -> Path:
    """A folder holding one small, readable bill."""
    bills = tmp_path / "bills"
    bills.mkdir()
    shutil.copy(FIXTURES / "household" / "china-unicom" / "联通账单-2026年08月.csv", bills)
    return bills


def _run(*args: str):
    return CliRunner().invoke(cli.main, ["audit", *args, "--as-of", "2026-11-05", "-q"])


def _listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def _one_line(result) -> str:
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr and "Error:" not in result.stderr
    return lines[0]


@pytest.mark.parametrize("option", ["--json", "-o"])
def test_a_named_pipe_is_never_replaced(tmp_path, one_bill, option):
    out = tmp_path / "out"
    out.mkdir()
    pipe = out / "p.xlsx"
    os.mkfifo(pipe)
    args = [str(one_bill), "-o", str(out / "r.xlsx"), "--json", str(out / "r.json")]
    args[args.index(option) + 1] = str(pipe)
    result = _run(*args)
    assert result.exit_code == 2, result.output
    assert _one_line(result) == (
        f"auditor: {pipe}: refusing to write the {'JSON' if option == '--json' else 'report'}"
        " over a named pipe; only a regular file is replaced"
    )
    assert stat.S_ISFIFO(os.lstat(pipe).st_mode)
    assert _listing(out) == ["p.xlsx"]  # nothing else written, no temp file


def test_a_link_to_a_named_pipe_is_never_replaced(tmp_path, one_bill):
    pipe, link = tmp_path / "pipe", tmp_path / "link.json"
    os.mkfifo(pipe)
    link.symlink_to(pipe)
    result = _run(str(one_bill), "-o", str(tmp_path / "r.xlsx"), "--json", str(link))
    assert result.exit_code == 2
    assert "over a named pipe (through a symbolic link)" in _one_line(result)
    assert link.is_symlink() and stat.S_ISFIFO(os.stat(link).st_mode)
    assert _listing(tmp_path) == ["bills", "link.json", "pipe"]


def test_a_device_is_never_replaced(tmp_path, one_bill):
    """As root, the JSON went over the device node itself (the issue: ``/dev/null``).

    The node is made in a temp folder, a copy of /dev/null's (1, 3): a test never points
    a writer at the real one.
    """
    device = tmp_path / "null"
    try:
        os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except (PermissionError, OSError) as exc:
        pytest.skip(f"cannot make a device node here: {exc}")
    result = _run(str(one_bill), "-o", str(tmp_path / "r.xlsx"), "--json", str(device))
    assert result.exit_code == 2
    assert _one_line(result) == (
        f"auditor: {device}: refusing to write the JSON over a device; "
        "only a regular file is replaced"
    )
    assert stat.S_ISCHR(os.lstat(device).st_mode)
    assert _listing(tmp_path) == ["bills", "null"]


def test_dev_null_is_refused_by_looking_only():
    """The check only looks (stat): /dev/null is named, and nothing is written to it."""
    with pytest.raises(AuditorError, match=r"^/dev/null: refusing to write the JSON over a device"):
        output_path(Path("/dev/null"), "JSON")


def test_a_folder_as_json_target_writes_nothing(tmp_path, one_bill):
    folder = tmp_path / "results"
    folder.mkdir()
    report = tmp_path / "r.xlsx"
    result = _run(str(one_bill), "-o", str(report), "--json", str(folder))
    assert result.exit_code == 2
    assert _one_line(result) == (
        f"auditor: {folder}: refusing to write the JSON over a folder; "
        "only a regular file is replaced"
    )
    assert not report.exists()
    assert _listing(tmp_path) == ["bills", "results"] and _listing(folder) == []


@pytest.mark.parametrize("failing", ["r.xlsx", "r.json"])
def test_a_full_disk_names_the_file_and_writes_nothing(tmp_path, one_bill, monkeypatch, failing):
    out = tmp_path / "out"
    out.mkdir()
    (out / "r.xlsx").write_bytes(b"old report")
    real_fsync = os.fsync

    def fsync(fd):
        if os.path.basename(os.readlink(f"/proc/self/fd/{fd}")).startswith(f".{failing}."):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    result = _run(str(one_bill), "-o", str(out / "r.xlsx"), "--json", str(out / "r.json"))
    assert result.exit_code == 2
    assert _one_line(result) == f"auditor: cannot write {out / failing}: No space left on device"
    assert _listing(out) == ["r.xlsx"]
    assert (out / "r.xlsx").read_bytes() == b"old report"


@pytest.mark.parametrize(
    "spelling",
    ["r.xlsx", "./r.xlsx", "sub/../r.xlsx", "link.xlsx", "hard.json", "dangling.json"],
)
def test_report_and_json_in_one_file_is_a_usage_error(tmp_path, one_bill, monkeypatch, spelling):
    monkeypatch.chdir(tmp_path)
    Path("sub").mkdir()
    Path("link.xlsx").symlink_to("r.xlsx")
    Path("dangling.json").symlink_to(tmp_path / "r.xlsx")
    if spelling == "hard.json":
        Path("r.xlsx").write_bytes(b"old report")
        os.link("r.xlsx", "hard.json")
    before = _listing(tmp_path)
    result = _run("bills", "-o", "r.xlsx", "--json", spelling)
    assert result.exit_code == 2
    assert _one_line(result) == (
        f"auditor: {Path(spelling)}: the same file as r.xlsx; each output needs a file of its own"
    )
    assert _listing(tmp_path) == before
    if spelling == "hard.json":
        assert Path("r.xlsx").read_bytes() == b"old report"


def test_a_link_to_a_regular_file_is_written_through(tmp_path, one_bill):
    """A link to a regular file is kept: the file it names gets the new JSON."""
    real, link = tmp_path / "keep" / "f.json", tmp_path / "f.json"
    real.parent.mkdir()
    real.write_text("old", "utf-8")
    link.symlink_to(real)
    result = _run(str(one_bill), "-o", str(tmp_path / "r.xlsx"), "--json", str(link))
    assert result.exit_code == 0, result.output
    assert link.is_symlink()
    assert json.loads(real.read_text("utf-8"))["as_of"] == "2026-11-05"
    assert _listing(real.parent) == ["f.json"]


def test_a_link_loop_as_output_is_one_line(tmp_path, one_bill):
    loop = tmp_path / "loop.json"
    loop.symlink_to(tmp_path / "other.json")
    (tmp_path / "other.json").symlink_to(loop)
    result = _run(str(one_bill), "-o", str(tmp_path / "r.xlsx"), "--json", str(loop))
    assert result.exit_code == 2
    assert _one_line(result) == (
        f"auditor: {loop}: cannot write the JSON there: Too many levels of symbolic links"
    )
    assert not (tmp_path / "r.xlsx").exists()


# ----------------------------------------------------------------------------- signals

# Runs the command in a fresh process that sends itself a signal at one chosen moment:
# while reading, while a staged file is synced to disk, or while outputs are moved in.
SIGNAL_SCRIPT = """
import os, signal, sys
from auditor import cli
from auditor import run

signum, moment = getattr(signal, sys.argv[1]), sys.argv[2]
sent = []

def signalling(real):
    def step(*args, **kwargs):
        if not sent:
            sent.append(True)
            os.kill(os.getpid(), signum)
        return real(*args, **kwargs)
    return step

if moment == "reading":
    run.read_listed = signalling(run.read_listed)
elif moment == "staging":
    os.fsync = signalling(os.fsync)
elif moment == "moving":
    os.replace = signalling(os.replace)
cli.main(sys.argv[3:], prog_name="auditor")
"""


def _signalled(signame: str, moment: str, bills: Path, out: Path):
    args = ["audit", str(bills), "-o", str(out / "r.xlsx"), "--json", str(out / "r.json")]
    command = [sys.executable, "-c", SIGNAL_SCRIPT, signame, moment, *args, "-q"]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


@pytest.mark.skipif(os.name != "posix", reason="POSIX signals")
@pytest.mark.parametrize(("signame", "code"), [("SIGINT", 130), ("SIGTERM", 143)])
@pytest.mark.parametrize("moment", ["reading", "staging"])
@pytest.mark.usefixtures("english")
def test_a_signal_leaves_no_staged_file_and_its_own_exit_status(
    tmp_path, one_bill, signame, code, moment
):
    out = tmp_path / "out"
    out.mkdir()
    (out / "r.xlsx").write_bytes(b"old report")
    result = _signalled(signame, moment, one_bill, out)
    assert result.returncode == code, result.stderr
    assert result.stderr == f"auditor: stopped by {signame}\n"
    assert _listing(out) == ["r.xlsx"]  # no .r.xlsx.*.tmp, no JSON
    assert (out / "r.xlsx").read_bytes() == b"old report"


@pytest.mark.skipif(os.name != "posix", reason="POSIX signals")
def test_a_signal_while_moving_in_waits_until_both_outputs_are_in_place(tmp_path, one_bill):
    out = tmp_path / "out"
    out.mkdir()
    result = _signalled("SIGTERM", "moving", one_bill, out)
    assert result.returncode == 143, result.stderr
    assert _listing(out) == ["r.json", "r.xlsx"]
    assert json.loads((out / "r.json").read_text("utf-8"))["as_of"]
    assert CalamineWorkbook.from_path(str(out / "r.xlsx")).sheet_names[0] == "Summary"


def test_exit_statuses_are_documented():
    text = CliRunner().invoke(cli.main, ["audit", "--help"]).output
    assert "130 stopped by Ctrl-C (SIGINT), 143 by SIGTERM" in text
    readme = (ROOT / "README.md").read_text("utf-8")
    assert "| 130 | stopped by Ctrl-C (SIGINT)" in readme and "| 143 | stopped by SIGTERM" in readme


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc")
def test_a_pipe_reached_through_proc_is_refused():
    """``--json /dev/stdout`` with stdout a pipe: the kernel's view of the link decides."""
    read_end, write_end = os.pipe()
    try:
        with pytest.raises(AuditorError, match="over a named pipe"):
            output_path(Path(f"/proc/self/fd/{write_end}"), "JSON")
    finally:
        os.close(read_end)
        os.close(write_end)


def test_an_empty_json_name_is_a_usage_error(tmp_path, one_bill):
    result = _run(str(one_bill), "-o", str(tmp_path / "r.xlsx"), "--json", "")
    assert result.exit_code == 2
    assert "Invalid value for '--json': give a file name, or - for stdout" in result.stderr
    assert _listing(tmp_path) == ["bills"]


def test_a_failed_write_leaves_no_folder_it_made(tmp_path, one_bill):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", "utf-8")
    report = tmp_path / "new" / "deeper" / "r.xlsx"
    result = _run(str(one_bill), "-o", str(report), "--json", str(blocker / "x.json"))
    assert result.exit_code == 2
    assert _listing(tmp_path) == ["a-file", "bills"]


@pytest.mark.skipif(os.name != "posix", reason="POSIX signals")
def test_a_signal_leaves_no_folder_it_made(tmp_path, one_bill):
    result = _signalled("SIGTERM", "staging", one_bill, tmp_path / "new")
    assert result.returncode == 143, result.stderr
    assert _listing(tmp_path) == ["bills"]


def test_the_format_characters_are_those_of_the_unicode_tables():
    import re
    import unicodedata

    from auditor.safe_text import FORMAT_CHARACTERS

    every = "".join(map(chr, range(0x10000)))
    listed = set(re.findall(f"[{FORMAT_CHARACTERS}]", every))
    assert listed == {char for char in every if unicodedata.category(char) == "Cf"}
