"""A stderr nobody reads any more (``2>&1 >/dev/null | head -1``) stops taking output;
the audit goes on and writes its report (auditor.cli.streams)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from auditor.cli.streams import ClosableStderr

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
        ClosableStderr(closed).write("x")
