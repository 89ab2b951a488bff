"""A history another audit (or program) holds: the audit says at once that it waits and
how long, and when the wait runs out says the history is busy (not damaged: the trial
read "not a usable SQLite database" and might have deleted it), exit status 75."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor import cli
from auditor.cli.common import EXIT_BUSY

MONTHLY = Path(__file__).resolve().parent.parent / "fixtures" / "monthly"

pytestmark = pytest.mark.usefixtures("english")


def _audit(tmp_path: Path, db: Path, report: str = "r.xlsx"):
    args = ["audit", str(MONTHLY / "2026-10"), "--as-of", "2026-10-05", "--db", str(db)]
    args += ["-o", str(tmp_path / report), "-q", "-j", "1"]
    return CliRunner().invoke(cli.main, args)


@pytest.fixture
def history(tmp_path) -> Path:
    db = tmp_path / "h.sqlite"
    assert _audit(tmp_path, db, "first.xlsx").exit_code == 0
    return db


def _held(db: Path, how: str) -> sqlite3.Connection:
    """Another connection holding ``db``: ``EXCLUSIVE`` (no one may read), ``IMMEDIATE``
    (another audit's write transaction: reads go on, writes wait)."""
    other = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    other.execute(f"BEGIN {how}")
    return other


@pytest.mark.parametrize("how", ["EXCLUSIVE", "IMMEDIATE"])
def test_a_history_held_longer_than_the_wait_is_said_busy(tmp_path, history, monkeypatch, how):
    import auditor.history.db as history_db

    monkeypatch.setattr(history_db, "BUSY_SECONDS", 0.3)
    before = history.read_bytes()
    other = _held(history, how)
    try:
        done = _audit(tmp_path, history)
    finally:
        other.rollback()
        other.close()
    assert done.exit_code == EXIT_BUSY == 75
    waiting = f"auditor: {history}: the history is in use by another audit (or program): "
    assert done.stderr.count(waiting + "waiting for it, 0.3 s at most…\n") == 1
    last = done.stderr.splitlines()[-1]
    assert last.startswith(f"auditor: {history}: the history is busy: another audit")
    assert "has held it for over 0.3 s" in last and "run again once that one ends" in last
    assert "not a usable" not in done.stderr
    assert history.read_bytes() == before and not (tmp_path / "r.xlsx").exists()


def _audit_meanwhile(tmp_path: Path, db: Path, seconds: float, meanwhile):
    """:func:`_audit` into ``db``, ``meanwhile()`` run ``seconds`` after it starts."""
    timer = threading.Timer(seconds, meanwhile)
    timer.start()
    try:
        return _audit(tmp_path, db)
    finally:
        timer.join()


def test_a_history_let_go_during_the_wait_is_audited_into(tmp_path, history):
    other = _held(history, "EXCLUSIVE")
    try:
        done = _audit_meanwhile(tmp_path, history, 1.0, other.rollback)
    finally:
        other.close()
    assert done.exit_code == 0, done.output
    assert done.stderr.count("waiting for it, 60 s at most…") == 1
    assert (tmp_path / "r.xlsx").exists()


def test_the_wait_is_said_as_it_begins(tmp_path, history):
    """Said while it waits, not held with the log until the inputs are read (which comes
    after the history is opened): the line is read from the child's stderr before the
    history is let go."""
    other = _held(history, "EXCLUSIVE")
    command = [sys.executable, "-m", "auditor", "audit", str(MONTHLY / "2026-10")]
    command += ["--as-of", "2026-10-05", "--db", str(history), "-o", str(tmp_path / "r.xlsx")]
    env = {**os.environ, "AUDITOR_LANG": "en"}
    child = subprocess.Popen(
        [*command, "-q"], stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env
    )
    try:
        said = child.stderr.readline()  # blocks until said: a hang here is the bug
        assert "the history is in use by another audit (or program): waiting" in said
        assert child.poll() is None  # still waiting
    finally:
        other.rollback()
        other.close()
        child.communicate(timeout=120)
    assert child.returncode == 0


def _made_then(monkeypatch, after):
    """Make the history file as an audit does, then run ``after(path)``: what another
    audit (or program) does with the new file before this one's SQLite opens it."""
    import auditor.history.db as history_db

    made = history_db._create_private

    def making(path: Path) -> None:
        made(path)
        after(path)

    monkeypatch.setattr(history_db, "_create_private", making)


def test_a_new_history_another_audit_writes_into_is_not_removed_when_busy(tmp_path, monkeypatch):
    # another audit opened the file this one just made and is making it its history:
    # removing it on the busy timeout lost that audit's history with the file
    import auditor.history.db as history_db

    monkeypatch.setattr(history_db, "BUSY_SECONDS", 0.3)
    held: list[sqlite3.Connection] = []

    def other_audit(path: Path) -> None:
        other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        other.execute("BEGIN EXCLUSIVE")
        other.execute("CREATE TABLE theirs (x)")
        held.append(other)

    _made_then(monkeypatch, other_audit)
    db = tmp_path / "h.sqlite"
    try:
        done = _audit(tmp_path, db)
        assert done.exit_code == EXIT_BUSY, done.output
        assert db.exists()  # still the other audit's
        held[0].execute("COMMIT")
    finally:
        held[0].close()
    tables = sqlite3.connect(db).execute("SELECT name FROM sqlite_master").fetchall()
    assert tables == [("theirs",)]


def test_a_made_file_another_program_filled_is_not_removed(tmp_path, monkeypatch):
    _made_then(monkeypatch, lambda path: path.write_bytes(b"not a database at all, theirs"))
    db = tmp_path / "h.sqlite"
    done = _audit(tmp_path, db)
    assert done.exit_code == 2, done.output
    assert db.read_bytes() == b"not a database at all, theirs"


def test_the_wait_is_said_and_taken_once_however_many_statements_wait(
    tmp_path, history, monkeypatch
):
    # opening the history waited for one holding it, then the audit's transaction
    # waited for another: each said it and took the whole wait (twice the promised one)
    import auditor.history.db as history_db

    monkeypatch.setattr(history_db, "BUSY_SECONDS", 1.5)
    first = _held(history, "EXCLUSIVE")
    second = sqlite3.connect(history, isolation_level=None, check_same_thread=False)

    def handing_over() -> None:  # the first lets go, another audit starts writing
        first.rollback()
        second.execute("BEGIN IMMEDIATE")

    try:
        done = _audit_meanwhile(tmp_path, history, 0.8, handing_over)
    finally:
        second.rollback()
        first.close()
        second.close()
    assert done.exit_code == EXIT_BUSY, done.output
    assert done.stderr.count("waiting for it") == 1
    assert "waiting for it, 1.5 s at most…" in done.stderr


def test_a_command_waits_what_is_left_of_its_wait(tmp_path, history):
    from auditor.history.busy import Patience

    other = _held(history, "EXCLUSIVE")
    mine = sqlite3.connect(history, isolation_level=None)
    wait = Patience(history, 0.4)
    try:
        for _ in range(2):
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                wait.run(mine, "BEGIN IMMEDIATE")
    finally:
        other.rollback()
        other.close()
    assert 0.4 <= wait.waited < 0.8  # the second took none: the first took it all
    assert wait.left() == 0 and mine.execute("PRAGMA busy_timeout").fetchone() == (0,)
    mine.close()
