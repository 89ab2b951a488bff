"""A script's audit (:func:`auditor.run.audit`, no command around it) keeps docs/python.md's
promise on a signal too: the outputs and the history land together or not at all, and
the signal then does what the script's own handler does (Python's: KeyboardInterrupt)."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import threading
from datetime import date
from pathlib import Path

import pytest

from auditor import writers
from auditor.run import audit
from auditor.writers import commit as commit_module

MONTHLY = Path(__file__).resolve().parent.parent / "fixtures" / "monthly"

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX signals")


@pytest.fixture(autouse=True)
def ctrl_c_as_in_a_terminal():
    """Python's own Ctrl-C handler, as a script run in a terminal has it: a test run
    started in the background by a shell inherits SIGINT ignored (these tests failed
    under `make test &`), and then no signal would interrupt anything."""
    before = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, before)


def _signal_after_commit(monkeypatch, signum: int) -> None:
    """The signal ``signum`` arrives just as the history is committed, before the outputs
    are moved into place (the step that must not be cut in two)."""
    write_all = writers.atomic_write_all

    def interrupted(outputs, commit=None):
        def commit_then_signal() -> None:
            commit()
            os.kill(os.getpid(), signum)

        return write_all(outputs, None if commit is None else commit_then_signal)

    monkeypatch.setattr(commit_module, "atomic_write_all", interrupted)  # where it is looked up


def _audit(tmp_path: Path):
    return audit(
        [MONTHLY / "2026-10"], as_of=date(2026, 10, 5), jobs=1, report=tmp_path / "r.xlsx",
        json=tmp_path / "r.json", history=tmp_path / "h.sqlite",
    )  # fmt: skip


def _findings_kept(tmp_path: Path) -> int:
    with sqlite3.connect(tmp_path / "h.sqlite") as connection:
        return connection.execute("SELECT COUNT(*) FROM findings").fetchone()[0]


def test_ctrl_c_as_the_history_is_saved_still_writes_the_outputs(tmp_path, monkeypatch):
    _signal_after_commit(monkeypatch, signal.SIGINT)
    with pytest.raises(KeyboardInterrupt):  # the script's Ctrl-C, as Python gives it
        _audit(tmp_path)
    assert _findings_kept(tmp_path) > 0
    written = json.loads((tmp_path / "r.json").read_text("utf-8"))
    assert written["as_of"] == "2026-10-05" and len(written["findings"]) == _findings_kept(tmp_path)
    assert (tmp_path / "r.xlsx").read_bytes()[:2] == b"PK"
    assert not list(tmp_path.glob(".*.tmp"))


def test_a_scripts_own_handler_runs_once_the_outputs_are_in_place(tmp_path, monkeypatch):
    seen = []

    def handler(signum, _frame):
        seen.append((signum, (tmp_path / "r.xlsx").exists(), (tmp_path / "r.json").exists()))

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        _signal_after_commit(monkeypatch, signal.SIGTERM)
        done = _audit(tmp_path)  # the script's handler chose to carry on
        assert signal.getsignal(signal.SIGTERM) is handler  # left as the script set it
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert seen == [(signal.SIGTERM, True, True)]
    assert done.written == [tmp_path / "r.xlsx", tmp_path / "r.json"]
    assert _findings_kept(tmp_path) == len(done.report.findings)


def test_a_script_may_audit_from_a_worker_thread(tmp_path):
    outcome = {}

    def work() -> None:
        try:
            outcome["done"] = _audit(tmp_path)
        except BaseException as exc:  # told to the test below
            outcome["error"] = exc

    worker = threading.Thread(target=work)
    worker.start()
    worker.join()
    assert "error" not in outcome, outcome.get("error")
    assert outcome["done"].written == [tmp_path / "r.xlsx", tmp_path / "r.json"]
    assert _findings_kept(tmp_path) == len(outcome["done"].report.findings)
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_ctrl_c_before_the_history_is_saved_leaves_nothing_new(tmp_path, monkeypatch):
    render = writers.render_xlsx

    def interrupted(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C as the workbook is made
        return render(*args, **kwargs)

    monkeypatch.setattr(writers, "render_xlsx", interrupted)
    with pytest.raises(KeyboardInterrupt):
        _audit(tmp_path)
    assert _findings_kept(tmp_path) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["h.sqlite"]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
