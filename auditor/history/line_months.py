"""Each stored file's lines and months, a row each (the ``line_months`` table): what an
audit asks of the whole history, read without going through every charge stored.

A company audits a thousand lines a month, each bill a few charges: what the history
holds of them grows by thousands of charges a month, but by one row per line and month.
The lines held and the order they came in (:func:`lines_in_order`), the months held of
each line (:func:`held_months`), the lines a service list holds and what a stored file
was read as (:func:`file_reads`) are read from these rows, kept as the files are stored
(:func:`note_stored`; schema version 15 made them from the files stored before), and
forgotten with their file (the schema's cascade) or their line (:func:`forget_line_months`).
Each table's rows keep the order of the records that first gave them, so that what is
read first of a line's month (its carrier) is what its first record gave.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from auditor.history.db import HistoryDB
from auditor.history.schema import line_months_after

#: The tables whose records give lines and months, in the order they are stored.
TABLES = ("bills", "charges", "services")


def last_ids(db: HistoryDB) -> dict[str, int]:
    """Each of :data:`TABLES`' last row (0: none), before new files are stored."""
    return {
        table: db.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}").fetchone()[0]
        for table in TABLES
    }


def note_stored(db: HistoryDB, before: dict[str, int]) -> None:
    """Add the lines and months of the records stored since ``before``
    (:func:`last_ids`)."""
    for table in TABLES:
        db.execute(line_months_after(table, before[table]))


def forget_line_months(db: HistoryDB, line: str) -> None:
    """Forget what the history holds of ``line``, as its records are."""
    db.execute("DELETE FROM line_months WHERE line = ?", (line,))


def stored_lines(db: HistoryDB) -> set[str]:
    """Every line the history holds something of."""
    return {line for (line,) in db.execute("SELECT DISTINCT line FROM line_months")}


def lines_in_order(db: HistoryDB) -> tuple[str, ...]:
    """Every line the history holds something of, in the order it came: by the first of
    its files stored (files are stored in turn: their rowid), then by number (the lines
    of one file). Lines whose masks look alike are counted in this order
    (:func:`~auditor.phones.unique_masks`), so a line joining later is counted after them
    and never shifts the count an earlier report printed; not by the day a file was
    stored on, which is its audit's date: a month audited again with one more file, or a
    later audit dated earlier, would put a new line first."""
    rows = db.execute(
        "SELECT held.line FROM line_months AS held JOIN files ON files.sha256 = held.file "
        "GROUP BY held.line ORDER BY MIN(files.rowid), held.line"
    )
    return tuple(line for (line,) in rows)


def held_months(db: HistoryDB, as_of: date, replaced: Collection[str]) -> dict[str, dict[str, str]]:
    """The months the history holds of each line by ``as_of`` (a bill or a charge of a
    file stored by an audit dated that day or before, not one ``replaced``), each with
    its carrier: a bill's first, else a charge's, the first stored of each."""
    held: dict[str, dict[str, str]] = {}
    for table in ("bills", "charges"):
        rows = db.execute(
            "SELECT line, period, carrier, file FROM line_months WHERE kind = ? AND file IN ("
            "SELECT sha256 FROM files WHERE stored_on <= ?) ORDER BY id",
            (table, as_of.isoformat()),
        )
        for line, period, carrier, file in rows:
            if file not in replaced:
                held.setdefault(line, {}).setdefault(period, carrier or "")
    return held


def listed_lines(db: HistoryDB, as_of: date, replaced: Collection[str]) -> set[str]:
    """The lines a service list stored by an audit dated ``as_of`` or before holds (not
    one of the files ``replaced``)."""
    rows = db.execute(
        "SELECT DISTINCT line, file FROM line_months WHERE kind = 'services' AND file IN ("
        "SELECT sha256 FROM files WHERE stored_on <= ?)",
        (as_of.isoformat(),),
    )
    return {line for line, file in rows if file not in replaced}


def file_reads(db: HistoryDB, files: list[str]) -> list[tuple[str, str, str]]:
    """Each line and month each of ``files`` (sha256s) was read as: a file, a line and a
    month billed or charged, or ``""`` for a line it lists services of."""
    return db.rows_in(
        "SELECT DISTINCT file, line, period FROM line_months WHERE file IN ({marks})", files
    )
