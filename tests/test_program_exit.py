"""The program (``python -m auditor``, the ``auditor`` script) leaves quickly once the
command has returned (auditor.cli.run): what it wrote is whole and its status is the
command's."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

HOUSEHOLD = Path(__file__).resolve().parent.parent / "fixtures" / "household"


def program(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """``python -m auditor`` with ``args``, in English."""
    command = [sys.executable, "-m", "auditor", "--lang", "en", *args]
    return subprocess.run(command, capture_output=True, text=True, cwd=cwd, timeout=120)


def test_the_json_on_stdout_is_whole_and_the_status_is_the_audits(tmp_path):
    bills = tmp_path / "bills"
    shutil.copytree(HOUSEHOLD, bills)
    (bills / "bad.csv").write_text("x", "utf-8")  # not read: status 3
    done = program(
        "audit", "bills", "--as-of", "2026-11-05", "--no-history", "-o", "r.xlsx", "--json", "-",
        cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 3, done.stderr
    report = json.loads(done.stdout)  # buffered on a pipe, flushed before the exit
    assert len(report["findings"]) == 12
    assert (tmp_path / "r.xlsx").is_file()
    assert "Traceback" not in done.stderr


def test_a_usage_error_keeps_its_status_and_message(tmp_path):
    done = program("audit", "--no-such-option", cwd=tmp_path)
    assert done.returncode == 2
    assert "--no-such-option" in done.stderr


def test_an_exit_with_a_message_says_it_and_gives_1(tmp_path):
    script = (
        "import auditor.cli as cli\n"
        "def main(**kwargs):\n"
        "    print('written before', end='')\n"  # left in stdout's buffer
        "    raise SystemExit('stopped: a message')\n"
        "cli.main = main\n"
        "cli.run()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 1
    assert done.stdout == "written before"
    assert done.stderr.strip() == "stopped: a message"


def test_stdout_that_cannot_be_flushed_gives_120(tmp_path):
    script = (
        "import io, sys\n"
        "import auditor.cli as cli\n"
        "class Lost(io.StringIO):\n"
        "    def flush(self):\n"
        "        raise OSError('no space left')\n"
        "def main(**kwargs):\n"
        "    sys.stdout = Lost()\n"
        "cli.main = main\n"
        "cli.run()\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=60)
    assert done.returncode == 120  # as Python's own exit says output was lost
