"""The history database: one SQLite file, private, versioned, one transaction per audit.

Why SQLite (the standard library's ``sqlite3``): it is the embedded default, nothing to
start or install, one file the user can back up or delete, and its locking lets two
audits on one database run at once (the second waits) without corrupting it.

The file is created with mode 0600 before SQLite opens it: it holds the user's full
numbers and bills. It is recognised by its SQLite header and its ``application_id``
(auditor's own), versioned by ``user_version`` and migrated forward on open; a file
that is not an auditor database (a report, a photo, another program's SQLite file) is
an error naming it and is never written to; one from a newer auditor is refused, never
altered.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from enum import Enum
from pathlib import Path

from auditor.errors import AuditorError, located
from auditor.history.busy import Patience, busy_message, is_busy, too_long, unmake
from auditor.history.schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION
from auditor.lang import say

SQLITE_HEADER = b"SQLite format 3\x00"
#: How long an audit waits for another one holding the database (seconds).
BUSY_SECONDS = 60
#: Values asked at once in one ``IN (…)`` (:meth:`HistoryDB.rows_in`): well under the
#: parameters an older SQLite takes in one statement (999).
ASKED_AT_ONCE = 500


class Missing(Enum):
    """What a command that makes no history says when there is none at its ``--db``:
    one that only reads (or removes) just that none is there and how one is made; one
    that records that nothing was recorded, and how to record into a new one."""

    READ = "read"
    #: ``auditor record <kind>``, whose ``--create`` makes one
    RECORD = "record"
    #: ``auditor record --from``: nothing recorded, and no ``--create`` of its own
    RECORD_FROM = "record-from"


class HistoryError(AuditorError):
    """The history database cannot be used: the message names the file and why."""


class HistoryBusy(HistoryError):
    """Another audit (or program) held the history longer than an audit waits
    (:data:`BUSY_SECONDS`): nothing is wrong with it; run again once that one ends."""


class ReadOnlyHistory(HistoryError):
    """The history cannot be written (a read-only file, folder or disk): a command that
    only reads it may still run, and an audit may run without it (``--no-history``)."""


def failure(path: Path, exc: sqlite3.Error) -> HistoryError:
    """``exc``, raised while using the history at ``path``, as one line naming the file.

    SQLite finds a damaged page only when a statement reads it, so this is said wherever
    that happens, not only when the file is opened."""
    name = getattr(exc, "sqlite_errorname", "")
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")):
        return HistoryError(
            located(
                path,
                say(
                    f"历史记录已损坏（{exc}）；文件保持原样：请用 --db 指定另一个文件，"
                    "或用 --no-history 审计",
                    f"the history is damaged ({exc}); it is left as it is: give --db another "
                    "file, or audit with --no-history",
                ),
            )
        )
    if name.startswith("SQLITE_READONLY"):
        return ReadOnlyHistory(_cannot_write(path, str(exc)))
    if is_busy(exc):
        return HistoryBusy(busy_message(path, exc, BUSY_SECONDS))
    return HistoryError(
        located(path, say(f"历史记录无法使用（{exc}）", f"the history cannot be used ({exc})"))
    )


def _cannot_write(path: Path, why: str) -> str:
    """The history at ``path`` cannot be written, because of ``why``."""
    return located(path, say(f"无法写入历史记录（{why}）", f"cannot write the history ({why})"))


def _not_ours(path: Path, zh: str, en: str) -> str:
    """A file that is not auditor's history (``zh``/``en`` say what it is): left alone."""
    return located(
        path,
        say(
            f"{zh}，不是 auditor 的历史记录（文件保持原样；请用 --db 指定另一个文件）",
            f"{en}, not auditor's history (left as it is; give --db another file)",
        ),
    )


def storable(text: str) -> str:
    """``text`` as SQLite can hold it: a name read from undecodable bytes carries lone
    surrogates, which UTF-8 cannot encode; they are stored as ``\\udcff`` escapes."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text


def default_db_path() -> Path:
    """``history.sqlite`` under the user's data folder (platformdirs' user_data_dir)."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("auditor", appauthor=False)) / "history.sqlite"


class HistoryDB:
    """An open history database; use :func:`open_history` (a context manager)."""

    def __init__(
        self, path: Path, connection: sqlite3.Connection, wait: Patience, created: bool = False
    ):
        self.path = path
        self.connection = connection
        #: The command's one wait for another holding it (opening it took part of it).
        self.wait = wait
        #: This command made it: the file was missing (or empty, and became the history).
        self.created = created
        self._lines_in_use = False

    def audited_before(self, day: date) -> bool:
        """True when an audit dated before ``day`` stored a bill or a service list in it.
        Not so, an audit dated ``day`` follows nothing reported before: a history just
        made (by it, by an audit that then failed, by ``record --create``), a mistyped
        ``--db`` in an existing folder (:func:`new_history` says so, and so does each run
        of it again that day: it replaces the day's earlier run), or one holding audits of
        that day or later alone (:meth:`holds_other_files`: not new, nothing said)."""
        row = self.execute("SELECT 1 FROM files WHERE stored_on < ? LIMIT 1", (day.isoformat(),))
        return row.fetchone() is not None

    def holds_other_files(self, files: Sequence[str]) -> bool:
        """True when it holds a bill or a service list other than ``files`` (the keys an
        audit stored them under, or the sha256s of those it was given again): stored by
        another audit (of another day, or another audit of the same day, of other files).
        Not so, the history holds nothing but what this audit gave: it is new, or it was
        made by a run of the same audit that this run replaces."""
        (held,) = self.execute("SELECT COUNT(*) FROM files").fetchone()
        given = self.rows_in("SELECT 1 FROM files WHERE sha256 IN ({marks})", list(set(files)))
        return held > len(given)

    def execute(self, sql: str, parameters: tuple | dict = ()) -> sqlite3.Cursor:
        """Run one statement."""
        return self.connection.execute(sql, parameters)

    def executemany(self, sql: str, rows) -> sqlite3.Cursor:
        """Run one statement for every row of ``rows``."""
        return self.connection.executemany(sql, rows)

    def rows_in(self, sql: str, values: Sequence[str]) -> list[tuple]:
        """The rows ``sql`` gives of every one of ``values``, asked :data:`ASKED_AT_ONCE`
        at a time (a company's thousands of files or findings are more than one statement
        takes parameters): each ``{marks}`` in ``sql`` stands for one batch's ``?, ?, …``,
        the batch's values given for each."""
        rows: list[tuple] = []
        for start in range(0, len(values), ASKED_AT_ONCE):
            asked = tuple(values[start : start + ASKED_AT_ONCE])
            marks = ", ".join("?" * len(asked))
            rows += self.execute(sql.replace("{marks}", marks), asked * sql.count("{marks}"))
        return rows

    @contextmanager
    def transaction(self) -> Iterator[HistoryDB]:
        """One audit's writes, all or nothing: ``BEGIN IMMEDIATE`` takes the write lock at
        once (a second audit waits for it), a failure or a signal rolls everything back."""
        try:
            self.wait.run(self.connection, "BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise failure(self.path, exc) from None
        try:
            yield self
        except BaseException:
            self.connection.rollback()
            raise
        if self.connection.in_transaction:  # the block may have committed it already
            self.commit()

    @contextmanager
    def reading(self) -> Iterator[HistoryDB]:
        """Reads that see one state of the history: a deferred transaction, which takes no
        write lock (an audit running meanwhile is not held up) and writes nothing."""
        self.connection.execute("BEGIN")
        try:
            yield self
        finally:
            self.connection.rollback()

    def commit(self) -> None:
        """Make the transaction's writes the history's (an audit does it in the same
        signals-held step that moves its outputs into place)."""
        self.connection.commit()

    @contextmanager
    def lines_table(self, lines: Iterable[str]) -> Iterator[str]:
        """``lines`` in a temporary table, for a statement to join (``JOIN temp.wanted
        USING (line)``); its name is yielded. A table rather than ``IN (?, …)``: a
        company has thousands of lines, more than a statement may take parameters.
        One at a time (it is one table)."""
        if self._lines_in_use:
            raise RuntimeError("lines_table is not re-entrant")
        self._lines_in_use = True
        self.execute("CREATE TEMP TABLE IF NOT EXISTS wanted (line TEXT PRIMARY KEY)")
        self.execute("DELETE FROM temp.wanted")
        self.executemany(
            "INSERT OR IGNORE INTO temp.wanted (line) VALUES (?)", ((x,) for x in lines)
        )
        try:
            yield "temp.wanted"
        finally:
            self._lines_in_use = False
            self.execute("DELETE FROM temp.wanted")

    def close(self) -> None:
        """Close the connection (a transaction still open is rolled back)."""
        self.connection.close()


@contextmanager
def open_history(
    path: Path, *, create: bool = True, write: bool = True, missing: Missing = Missing.READ
) -> Iterator[HistoryDB]:
    """The history at ``path``, migrated to this auditor's schema; closed on the way out.

    ``create``: a missing file is made (private); else ``missing`` says which command
    found none there (:func:`no_history`). ``write``: the command writes to it, so
    a file or folder it cannot write is refused at once (:class:`ReadOnlyHistory`), before
    any work. An empty file becomes a private history when ``write`` and ``create``;
    otherwise it is refused: it holds no history yet. Any SQLite error
    while it is open is one :class:`HistoryError` naming the file.
    """
    try:
        created = create and write and _missing_or_empty(path)
        wait = Patience(path, BUSY_SECONDS)
        db = HistoryDB(path, _connect(path, create, write, missing, wait), wait, created)
    except sqlite3.Error as exc:
        raise failure(path, exc) from None
    try:
        _migrate(db)
        yield db
    except sqlite3.Error as exc:
        raise failure(path, exc) from None
    finally:
        db.close()


def _connect(
    path: Path, create: bool, write: bool, missing: Missing, wait: Patience
) -> sqlite3.Connection:
    """Check the file is ours (or make it, private) and writable if need be, then connect."""
    if longer := too_long(path):  # before anything is made
        raise HistoryError(located(path, longer))
    made = False
    try:
        info = path.stat()
    except FileNotFoundError:
        if path != default_db_path() and not path.parent.is_dir():
            # a mistyped folder: made by none (the default history's is, on first use)
            raise HistoryError(located(path, _no_folder(path.parent, create, missing))) from None
        if not create:
            raise HistoryError(
                located(path, say("这里没有历史数据库", "no history database there"))
                + no_history(path, missing)
            ) from None
        _create_private(path)
        made = True
    except OSError as exc:
        raise HistoryError(located(path, str(exc.strerror or exc))) from None
    else:
        if not stat.S_ISREG(info.st_mode):
            raise HistoryError(
                located(
                    path,
                    say(
                        "不是普通文件，因此不是历史数据库",
                        "not a regular file, so not a history database",
                    ),
                )
            )
        if info.st_size:
            _check_header(path)
        elif not (write and create):
            raise HistoryError(
                located(
                    path,
                    say("空文件，还没有历史记录", "an empty file, no history yet"),
                )
                + no_history(path, missing)
            )
        if write:
            _check_writable(path)
            if not info.st_size:
                _make_private(path)  # it becomes the history: the user's numbers and bills
    try:
        connection = sqlite3.connect(path, timeout=wait.left(), isolation_level=None)
        connection.execute("PRAGMA foreign_keys = ON")
        # One snapshot: another audit making this history (its migration, one transaction)
        # is seen whole or not at all, never its tables made and its id not set yet.
        connection.execute("BEGIN")
        application = wait.run(connection, "PRAGMA application_id").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        if is_busy(exc):  # held by another, which may be making it its history: kept
            raise failure(path, exc) from None
        if made:  # nothing left behind by a history that could not be started
            unmake(path)
        raise HistoryError(
            located(
                path,
                say(f"不是可用的 SQLite 数据库（{exc}）", f"not a usable SQLite database ({exc})"),
            )
        ) from None
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    # (a damaged page found here: open_history says so)
    tables = connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    connection.execute("COMMIT")
    if application not in (0, APPLICATION_ID) or (application == 0 and version):
        connection.close()
        raise HistoryError(
            _not_ours(path, "其他程序的 SQLite 数据库", "an SQLite database of another program")
        )
    if application == 0 and tables:
        connection.close()
        raise HistoryError(
            _not_ours(
                path,
                "含有自己数据表的 SQLite 数据库",
                "an SQLite database with tables of its own",
            )
        )
    return connection


def no_history(path: Path, missing: Missing) -> str:
    """What the command ``missing`` names adds when there is no history at ``path`` (it
    makes none: a mistyped ``--db`` is not made a history no audit looks at): for a
    record, that nothing was recorded; then how one is started there."""
    audit = f"auditor audit --db {path}"
    if missing is Missing.RECORD:
        return say(
            f"，未记录任何内容（加 --create 会在这里新建一个，{audit} 也会）",
            f", nothing recorded (--create starts one there, as {audit} does)",
        )
    if missing is Missing.RECORD_FROM:
        return say(
            f"，未记录任何内容（{audit} 会在这里新建一个）",
            f", nothing recorded ({audit} starts one there)",
        )
    return say(f"（{audit} 会在这里新建一个）", f" ({audit} starts one there)")


def _no_folder(folder: Path, create: bool, missing: Missing) -> str:
    """The history's folder does not exist: nothing is made there (``create``: the
    command would have made the history; ``missing``: which command it is)."""
    recorded = missing is not Missing.READ
    if not create:
        said = (
            say("未记录任何内容", "nothing recorded")
            if recorded
            else say("没有历史记录", "no history there")
        )
        return say(
            f"文件夹 {folder} 不存在：{said}（--db 写错了？）",
            f"the folder {folder} does not exist: {said} (a mistyped --db?)",
        )
    made = say("未记录任何内容，也", "nothing recorded, and ") if recorded else ""
    return say(
        f"文件夹 {folder} 不存在：{made}没有新建历史记录（--db 写错了？要在那里开始新的历史"
        "记录，请先建好这个文件夹）",
        f"the folder {folder} does not exist: {made}no history made (a mistyped --db? "
        "to start one there, make the folder first)",
    )


def new_history(path: Path | None, by_audit: bool = True) -> str:
    """What a command that starts the history at ``path`` says, naming it (None: the
    report's Summary, which names no file: the same audit with another ``--db`` gives the
    same report); ``by_audit``: an audit, which then follows nothing reported before,
    else a record. One line."""
    if not by_audit:
        return located(path, say("新的历史记录，从这条记录开始", "a new history, started here"))
    said = say(
        "新的历史记录，从本次检查开始：其中没有以前检查存入的账单，以前报告的问题和"
        "待退款都不会跟进（以前检查过的话，请核对 --db）",
        "a new history, started by this audit: no earlier audit stored a bill in it, so "
        "no finding reported before and no refund due is followed (if you audited "
        "before, check --db)",
    )
    return located(path, said) if path is not None else said[0].upper() + said[1:]


def _missing_or_empty(path: Path) -> bool:
    """True when there is no file at ``path``, or an empty one (it becomes the history)."""
    try:
        return path.stat().st_size == 0
    except FileNotFoundError:
        return True
    except OSError:
        return False  # said by _connect


def _create_private(path: Path) -> None:
    """An empty file readable and writable by its owner alone (0600); the folder of the
    default history made on its first use (another one is not: :func:`_no_folder`)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        return  # another audit made it first
    except OSError as exc:
        why = exc.strerror or exc
        raise HistoryError(
            located(path, say(f"无法创建历史记录（{why}）", f"cannot create the history ({why})"))
        ) from None


def _check_writable(path: Path) -> None:
    """Refuse a history that cannot be written, before the audit's minutes of work: the
    file, and its folder (where SQLite keeps the journal that makes a transaction whole)."""
    for target in (path, path.parent):
        if not os.access(target, os.W_OK):
            raise ReadOnlyHistory(_cannot_write(path, say("只读", "read-only")))


def _make_private(path: Path) -> None:
    """Mode 0600 for an empty file that is becoming the history."""
    try:
        path.chmod(0o600)
    except OSError as exc:
        why = exc.strerror or exc
        raise HistoryError(
            located(path, say(f"无法把它设为私有（{why}）", f"cannot make it private ({why})"))
        ) from None


def _check_header(path: Path) -> None:
    """Refuse a file that is not SQLite before SQLite opens (and might write to) it."""
    try:
        with path.open("rb") as file:
            head = file.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise HistoryError(located(path, str(exc.strerror or exc))) from None
    if head != SQLITE_HEADER:
        raise HistoryError(
            located(
                path,
                say(
                    "不是历史数据库（不是 SQLite 文件；文件保持原样，请用 --db 指定另一个文件）",
                    "not a history database (not an SQLite file; left as it is, "
                    "give --db another file)",
                ),
            )
        )


def _migrate(db: HistoryDB) -> None:
    """Bring the schema to :data:`SCHEMA_VERSION`, one step at a time, in one transaction;
    a database from a newer auditor is refused and left as it is."""
    _refuse_newer(db, db.execute("PRAGMA user_version").fetchone()[0])
    if db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION:
        return
    with db.transaction():
        # Read again under the write lock: another audit may have migrated it meanwhile.
        version = db.execute("PRAGMA user_version").fetchone()[0]
        _refuse_newer(db, version)
        for step in range(version, SCHEMA_VERSION):
            for statement in MIGRATIONS[step]:
                db.execute(statement)
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def _refuse_newer(db: HistoryDB, version: int) -> None:
    if version > SCHEMA_VERSION:
        raise HistoryError(
            located(
                db.path,
                say(
                    f"由更新版本的 auditor 写入（历史记录版本 {version}，本版本只认识 "
                    f"{SCHEMA_VERSION}）；请更新 auditor，或用 --db 指定另一个文件",
                    f"written by a newer auditor (history version {version}, this one "
                    f"knows {SCHEMA_VERSION}); update auditor, or give --db another file",
                ),
            )
        )
