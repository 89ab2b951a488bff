"""A history as an older auditor wrote it, for the tests of upgrading one in place."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from auditor.history.schema import APPLICATION_ID, MIGRATIONS


def as_version(history: Path, old: Path, version: int) -> None:
    """``history`` as the auditor of schema ``version`` wrote it, into ``old``: its tables
    made by that version's statements, every row copied but for the columns it lacked
    (a table it did not have is left out)."""
    made = sqlite3.connect(old, isolation_level=None)
    for step in range(version):
        for statement in MIGRATIONS[step]:
            made.execute(statement)
    made.execute("ATTACH DATABASE ? AS new", (str(history),))
    tables = made.execute("SELECT name FROM main.sqlite_master WHERE type = 'table'").fetchall()
    for (table,) in tables:
        columns = ", ".join(row[1] for row in made.execute(f"PRAGMA main.table_info({table})"))
        made.execute(f"INSERT INTO main.{table} ({columns}) SELECT {columns} FROM new.{table}")
    made.execute("DETACH DATABASE new")
    made.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    made.execute(f"PRAGMA user_version = {version}")
    made.close()
