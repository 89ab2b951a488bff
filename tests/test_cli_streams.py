"""A stderr nobody reads any more (``2>&1 >/dev/null | head -1``) stops taking output;
the audit goes on and writes its report (auditor.cli.streams)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from auditor.cli.streams import ClosableStream

HOUSEHOLD = Path(__file__).resolve().parent.parent / "fixtures" / "household"


@pytest.mark.skipif(os.name != "posix", reason="POSIX pipes")
def test_an_audit_whose_stderr_is_closed_writes_its_report(tmp_path):
    bills = tmp_path / "bills"
    shutil.copytree(HOUSEHOLD / "china-unicom", bills)
    (bills / "bad.csv").write_text("x", "utf-8")  # said on stderr: not read
    reading, writing = os.pipe()
    os.close(reading)  # the reader is gone before a word is said
    out = tmp_path / "r.xlsx"
    command = [sys.executable, "-m", "auditor", "audit", str(bills), "--as-of", "2026-11-05"]
    command += ["--no-history", "-o", str(out), "-v"]
    try:
        done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=writing, timeout=120)
    finally:
        os.close(writing)
    assert done.returncode == 3  # some input not read: the audit's own status, not 1
    assert out.is_file()


def test_other_errors_still_raise(tmp_path):
    closed = open(tmp_path / "f.txt", "w")  # closed on purpose
    closed.close()
    with pytest.raises(ValueError):
        ClosableStream(closed).write("x")


def _audit_into_closed_pipe(tmp_path: Path, *options: str) -> subprocess.CompletedProcess:
    """The household audited with ``options``, its stdout a pipe whose reader is gone
    before a word is written (``| head -1`` that has had its line)."""
    reading, writing = os.pipe()
    os.close(reading)
    out = tmp_path / "r.xlsx"
    command = [sys.executable, "-m", "auditor", "--lang", "en", "audit", str(HOUSEHOLD)]
    command += ["--known", str(HOUSEHOLD / "auditor.toml"), "--as-of", "2026-11-05"]
    command += ["--no-history", "-o", str(out), *options]
    try:
        return subprocess.run(
            command, stdout=writing, stderr=subprocess.PIPE, text=True, timeout=120
        )
    finally:
        os.close(writing)


@pytest.mark.skipif(os.name != "posix", reason="POSIX pipes")
@pytest.mark.parametrize(
    ("options", "status"),
    [
        (("--fail-on", "high"), 1),  # the household has high findings
        (("--fail-on", "high", "--json", "-"), 1),
        (("--json", "-"), 0),  # nothing else to say: the audit ran
    ],
)
def test_an_audit_whose_stdout_is_closed_keeps_its_own_status(tmp_path, options, status):
    done = _audit_into_closed_pipe(tmp_path, *options)
    assert done.returncode == status, done.stderr
    assert "Broken pipe" not in done.stderr and "Traceback" not in done.stderr
    assert (tmp_path / "r.xlsx").is_file()
    if "--json" in options:  # the summary that goes to stderr then is still said
        assert "findings: 12" in done.stderr


@pytest.mark.skipif(os.name != "posix", reason="POSIX pipes")
def test_a_reader_that_stops_after_some_json_leaves_the_fail_on_status(tmp_path):
    command = [sys.executable, "-m", "auditor", "audit", str(HOUSEHOLD), "--as-of", "2026-11-05"]
    command += ["--no-history", "-o", str(tmp_path / "r.xlsx"), "--json", "-", "-q"]
    command += ["--fail-on", "high"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as child:
        assert child.stdout is not None and child.stderr is not None
        assert child.stdout.read(100).startswith(b"{")  # `| head -c 100`
        child.stdout.close()
        said = child.stderr.read().decode("utf-8")
        assert child.wait(timeout=120) == 1, said
