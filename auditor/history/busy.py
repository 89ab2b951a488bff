"""A history another audit (or program) holds: waited for, saying so, and said as busy;
a history SQLite cannot open for its path's length, said as that; and a history file
made for a command that could not open it, removed only when no other audit uses it.

SQLite lets two audits share one history: the second waits for the first's lock
(:data:`auditor.history.db.BUSY_SECONDS` at most). Waited silently, a minute looked like
a hang, and its end, SQLite's ``database is locked``, was said as a damaged database:
an admin may then delete a history that was only in use. :class:`Patience` says once,
on stderr at once, that the audit waits and how long (in all); :func:`busy_message` says the end
of the wait as what it is. A script's exit status for it is
:data:`auditor.cli.common.EXIT_BUSY`.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import time
from pathlib import Path

from auditor.errors import located
from auditor.lang import say

log = logging.getLogger(__name__)

#: The longest path (bytes, made absolute) SQLite opens on POSIX: its 512-byte path
#: buffer must hold the journal's name too, 8 bytes longer (``-journal``).
LONGEST_PATH = 504


def is_busy(exc: sqlite3.Error) -> bool:
    """``exc`` is SQLite's: another connection holds the lock it needed."""
    name = getattr(exc, "sqlite_errorname", "")
    return name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED"))


class Patience:
    """One command's wait for the history at ``path`` another holds: ``seconds`` in all,
    however many of its statements wait (opening the history, bringing its schema
    forward, the audit's transaction), said once, as the first wait begins: each of them
    waiting its own ``seconds``, and saying so, was twice the wait the docs promise."""

    def __init__(self, path: Path, seconds: float):
        self.path = path
        self.seconds = seconds
        #: Seconds spent waiting so far.
        self.waited = 0.0
        self._said = False

    def left(self) -> float:
        """What is left of the wait, in seconds."""
        return max(self.seconds - self.waited, 0.0)

    def run(self, connection: sqlite3.Connection, sql: str) -> sqlite3.Cursor:
        """Run ``sql`` (a statement that takes a lock); when another holds the history,
        say so (once) and wait for it, what is left of the wait at most (then SQLite's
        busy error). The connection's other statements then wait what is left at most.

        Tried first without waiting, so that a wait is said when it begins, not after it;
        the record is marked ``at_once``: the command writes it at once, not held with the
        others until the inputs are read (the wait comes before)."""
        connection.execute("PRAGMA busy_timeout = 0")
        try:
            return connection.execute(sql)
        except sqlite3.OperationalError as exc:
            if not is_busy(exc):
                raise
        finally:
            self._limit(connection)
        self._say()
        began = time.monotonic()
        try:
            return connection.execute(sql)
        finally:
            self.waited += time.monotonic() - began
            self._limit(connection)

    def _limit(self, connection: sqlite3.Connection) -> None:
        connection.execute(f"PRAGMA busy_timeout = {round(self.left() * 1000)}")

    def _say(self) -> None:
        if self._said:
            return
        self._said = True
        seconds = self.seconds
        log.warning(
            "%s",
            located(
                self.path,
                say(
                    f"历史记录正被另一个审计（或程序）占用：最多等它 {seconds:g} 秒……",
                    f"the history is in use by another audit (or program): waiting for it, "
                    f"{seconds:g} s at most…",
                ),
            ),
            extra={"at_once": True},
        )


def busy_message(path: Path, exc: sqlite3.Error, seconds: float) -> str:
    """The history at ``path`` is still held after the wait: said as busy, not damaged."""
    return located(
        path,
        say(
            f"历史记录正被占用：另一个审计（或程序）占用它已超过 {seconds:g} 秒（{exc}）；"
            "文件完好，保持原样：等那个审计结束后再运行",
            f"the history is busy: another audit (or program) has held it for over "
            f"{seconds:g} s ({exc}); it is not damaged and is left as it is: run again "
            "once that one ends",
        ),
    )


def too_long(path: Path) -> str:
    """Why SQLite cannot open a history at ``path``, a path longer than it takes
    (:data:`LONGEST_PATH`), or ``""``: said before anything is made, as SQLite says only
    ``unable to open database file``, which reads as the file's fault."""
    length = len(os.fsencode(os.path.realpath(path)))  # as SQLite makes it: absolute
    if os.name != "posix" or length <= LONGEST_PATH:
        return ""
    return say(
        f"路径长 {length} 字节，超过 SQLite 能打开的 {LONGEST_PATH} 字节："
        "请给 --db 一个短一些的路径（什么都没创建）",
        f"the path is {length} bytes long, longer than SQLite opens ({LONGEST_PATH} at "
        "most): give --db a shorter one (nothing was made)",
    )


def unmake(path: Path) -> None:
    """Remove the history file this command made at ``path`` and SQLite then could not
    open, when nothing else is using it: still empty, with no journal beside it (another
    audit that opened the new file keeps its first writes in memory and its journal
    until it commits, so an empty file alone does not say it is unused). Kept otherwise:
    an empty file left behind is harmless, a history deleted under another audit is not."""
    journals = (path.with_name(path.name + end) for end in ("-journal", "-wal"))
    try:
        if path.stat().st_size or any(journal.exists() for journal in journals):
            return
        path.unlink()
    except OSError:
        return  # gone already, or not ours to remove
