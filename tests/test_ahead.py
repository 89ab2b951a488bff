"""Work done on a thread while the workers read (auditor.ahead): the audit's later
modules are imported then, not before the reading starts, and not in the workers."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest

from auditor.ahead import Ahead, settle
from auditor.run import LATER

FOLDER = Path(__file__).resolve().parent.parent / "fixtures" / "household"


def test_work_never_started_is_done_by_wait_on_the_callers_thread():
    ran = []
    ahead = Ahead(lambda: ran.append(threading.current_thread()))
    ahead.finish()  # nothing started: nothing to wait for
    assert ran == []
    ahead.wait()
    ahead.wait()  # once only
    assert ran == [threading.current_thread()]


def test_work_started_runs_on_its_thread_and_what_it_raised_is_raised_by_wait():
    ran = []

    def work():
        ran.append(threading.current_thread())
        raise ValueError("a module broken")

    ahead = Ahead(work)
    ahead.start()
    ahead.start()  # once only
    ahead.finish()  # waits, raises nothing: a fork may follow
    assert len(ran) == 1 and ran[0] is not threading.current_thread()
    with pytest.raises(ValueError, match="a module broken"):
        ahead.wait()
    ahead.wait()  # said once
    assert len(ran) == 1


def test_the_audit_command_starts_without_the_modules_it_needs_only_after_reading():
    """`auditor audit` imports the command line: none of the modules imported while the
    workers read is among its imports (else the reading waits for them again)."""
    code = "import sys, auditor.cli; print(' '.join(sorted(sys.modules)))"
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    imported = set(shown.stdout.split())
    assert "auditor.cli.audit_cmd" in imported and "auditor.run" in imported
    assert [name for name in LATER if name in imported] == []
    assert "xlsxwriter" not in imported


def test_an_audit_imports_its_later_modules_on_the_thread_while_the_workers_read(tmp_path):
    """Reading a folder in two workers: the pipeline is imported on the thread of
    auditor.ahead, once the workers are forked."""
    code = f"""
import os, sys, threading
from pathlib import Path
events = []
fork = os.fork
os.fork = lambda: events.append("fork") or fork()
class Seen:
    def find_spec(self, name, path=None, target=None):
        if name == "auditor.pipeline":
            events.append(threading.current_thread().name)
sys.meta_path.insert(0, Seen())
from auditor.run import prepare, read_planned
report = Path({str(tmp_path)!r}) / "r.xlsx"
plan = prepare([Path({str(FOLDER)!r})], as_of="2026-11-05", report=report)
read_planned(plan, jobs=2)
print(" ".join(events))
"""
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert shown.stdout.split() == ["fork", "fork", "auditor-ahead"], shown.stderr


def test_settle_waits_for_every_work_running_on_a_thread():
    """Before a fork, the pool waits for every work on a thread: its own audit's, and
    another audit's that a script runs on another thread."""
    release, ended = threading.Event(), []

    def work(name):
        release.wait(30)
        ended.append(name)

    first, second = Ahead(lambda: work("first")), Ahead(lambda: work("second"))
    first.start()
    second.start()
    threading.Timer(0.2, release.set).start()
    settle()
    assert sorted(ended) == ["first", "second"]
    settle()  # none left: at once
    first.wait()
    second.wait()
