"""Ctrl-C at any moment of the command is one line and exit status 130: while the command
line is still being imported (the trial's Ctrl-C half a second in printed a 20-line
KeyboardInterrupt traceback), and in a command that handles no signal of its own (click
said "Aborted!" and exit status 1, the status --fail-on uses)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

# A child that stops, waiting, in the middle of importing the command line (at the
# history's database module), in the middle of the modules an audit imports while its
# workers read (at the spreadsheet writer, on the thread that imports them:
# auditor.ahead), or at the start of a command; it says where by making `ready`.
_CHILD = """
import os, sys, time, runpy
ready, where = sys.argv[1], sys.argv[2]
sys.argv = ["auditor", *sys.argv[3:]]

def wait():
    open(ready, "w").close()
    time.sleep(60)

class Slow:
    def find_spec(self, name, path=None, target=None):
        if name == {"import": "sqlite3", "later": "xlsxwriter"}.get(where):
            wait()
        return None

sys.meta_path.insert(0, Slow())
if where == "command":
    import auditor.cli as cli
    callback = cli.main.callback
    def slow_group(*args, **kwargs):
        wait()
        return callback(*args, **kwargs)
    cli.main.callback = slow_group
runpy.run_module("auditor", run_name="__main__")
"""


def _interrupted(
    tmp_path: Path, where: str, *args: str, signum: int = signal.SIGINT
) -> subprocess.CompletedProcess:
    """The child run with ``args``, sent ``signum`` (SIGINT) once it waits ``where``."""
    ready = tmp_path / "ready"
    env = {**os.environ, "AUDITOR_LANG": "en"}
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(ready), where, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    deadline = time.monotonic() + 60
    while not ready.exists():
        assert child.poll() is None, child.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.02)
    child.send_signal(signum)
    out, err = child.communicate(timeout=60)
    return subprocess.CompletedProcess(child.args, child.returncode, out, err)


@pytest.mark.parametrize("where", ["import", "command"])
def test_ctrl_c_is_one_line_and_130(tmp_path, where):
    done = _interrupted(tmp_path, where, "history", "--db", str(tmp_path / "h.sqlite"))
    assert done.returncode == 130
    assert done.stderr == "auditor: stopped by SIGINT\n"
    assert done.stdout == ""


def test_ctrl_c_while_importing_shows_where_with_verbose(tmp_path):
    done = _interrupted(tmp_path, "import", "audit", str(tmp_path), "--verbose")
    assert done.returncode == 130
    assert "Traceback" in done.stderr and "KeyboardInterrupt" in done.stderr
    assert done.stderr.endswith("auditor: stopped by SIGINT\n")


def test_ctrl_c_while_the_audit_imports_its_later_modules_is_one_line_and_130(tmp_path):
    """The rules, the history's steps and the writers are imported on a thread while the
    workers read: Ctrl-C then (the main thread reading, or waiting for them) is still
    one line and 130, with nothing written."""
    household = Path(__file__).resolve().parent.parent / "fixtures" / "household"
    report = tmp_path / "r.xlsx"
    args = ["audit", str(household), "--db", str(tmp_path / "h.sqlite"), "-o", str(report)]
    done = _interrupted(tmp_path, "later", *args, "--jobs", "2", "--as-of", "2026-11-05")
    assert done.returncode == 130
    assert done.stderr.splitlines()[-1] == "auditor: stopped by SIGINT"
    assert "Traceback" not in done.stderr
    assert not report.exists()


@pytest.mark.parametrize("where", ["import", "command", "later"])
def test_sigterm_at_any_moment_is_one_line_and_143(tmp_path, where):
    """SIGTERM while the command line is imported (the trial's kills 0.3 to 1.5 s in ended
    the process with -15 and nothing said), in a command, or while the audit reads: the
    same line and status as later ones, and nothing written."""
    household = Path(__file__).resolve().parent.parent / "fixtures" / "household"
    report = tmp_path / "r.xlsx"
    args = ["audit", str(household), "--db", str(tmp_path / "h.sqlite"), "-o", str(report)]
    done = _interrupted(tmp_path, where, *args, "--as-of", "2026-11-05", signum=signal.SIGTERM)
    assert done.returncode == 143
    assert done.stderr.splitlines()[-1] == "auditor: stopped by SIGTERM"
    assert "Traceback" not in done.stderr
    assert not report.exists() and not list(tmp_path.glob("*.sqlite"))
