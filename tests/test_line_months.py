"""The history's ``line_months`` (schema version 15): each stored file's lines and months,
kept as files are stored, made from the files a version 14 history stored, forgotten
with their file or line; and what is read of it the same as what the records give."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
from history_versions import as_version

from auditor.history.db import open_history
from auditor.history.given_again import stored_reads
from auditor.history.line_months import (
    held_months,
    lines_in_order,
    listed_lines,
    stored_lines,
)
from auditor.history.schema import SCHEMA_VERSION
from auditor.history.store import forget_files, forget_line, store_results
from auditor.model import Bill, Charge, ReadResult, Service

MOBILE, UNICOM, OTHER = "13800001234", "18600005678", "13900000007"


def _bill(name: str, line: str, months: list[str], carrier: str, *more: Charge) -> ReadResult:
    """A bill file of ``line``'s ``months`` read as ``carrier``'s (two charges a month)."""
    charges = [
        Charge(line, month, "plan", item, 1800, carrier=carrier, locator=f"row {n}")
        for month in months
        for n, item in enumerate(("套餐", "来电显示"), 1)
    ]
    bills = [Bill(line, month, 1800, carrier=carrier) for month in months]
    return ReadResult(
        path=name, sha256=name * 4, reader="csv", kind="bill", carrier=carrier,
        charges=[*charges, *more], bills=bills,
    )  # fmt: skip


def _list(name: str, line: str) -> ReadResult:
    """A service list of ``line``."""
    services = [Service(line, "彩铃", carrier="china-mobile", locator="row 2")]
    return ReadResult(path=name, sha256=name * 4, reader="csv", kind="services", services=services)


def _stored(db, day: str, *results: ReadResult) -> None:
    with db.transaction():
        store_results(db, list(results), date.fromisoformat(day))


def _history(path: Path) -> Path:
    """A history of three audits: a line's months over two bills (a month in both, read
    under two carriers), another line's charges alone (no bill) stored between, lists."""
    with open_history(path) as db:
        _stored(db, "2026-09-05", _bill("a", MOBILE, ["2026-07", "2026-08"], "china-mobile"),
                _list("l", MOBILE))  # fmt: skip
        extra = Charge(MOBILE, "2026-08", "vas", "彩铃", 500, carrier="", locator="row 9")
        unicom = _bill("u", UNICOM, ["2026-08"], "china-unicom")
        unicom.bills = []  # its charges alone tell its month
        _stored(db, "2026-10-05", _bill("b", MOBILE, ["2026-09"], "", extra), unicom)
        _stored(db, "2026-11-05", _bill("c", OTHER, ["2026-10"], "china-mobile"),
                _list("m", OTHER), _bill("d", MOBILE, ["2026-10"], "china-mobile"))  # fmt: skip
    return path


# What the history was asked before version 15, of its records: the same answers.
_ORDER = (
    "SELECT held.line FROM (SELECT line, file FROM bills UNION SELECT line, file FROM charges "
    "UNION SELECT line, file FROM services) AS held JOIN files ON files.sha256 = held.file "
    "GROUP BY held.line ORDER BY MIN(files.rowid), held.line"
)


def _held_from_records(db, day: date, replaced: set[str]) -> dict[str, dict[str, str]]:
    held: dict[str, dict[str, str]] = {}
    for table in ("bills", "charges"):
        rows = db.execute(
            f"SELECT DISTINCT line, period, carrier, file FROM {table} WHERE file IN ("
            "SELECT sha256 FROM files WHERE stored_on <= ?)",
            (day.isoformat(),),
        )
        for line, period, carrier, file in rows:
            if file not in replaced:
                held.setdefault(line, {}).setdefault(period, carrier or "")
    return held


def _answers(db) -> tuple:
    """Everything read of ``line_months``, at each audit's date, a file left out or not."""
    files = [sha for (sha,) in db.execute("SELECT sha256 FROM files ORDER BY rowid")]
    days = [date(2026, 9, 5), date(2026, 10, 5), date(2026, 11, 5)]
    return (
        lines_in_order(db),
        stored_lines(db),
        [held_months(db, day, replaced) for day in days for replaced in (set(), {"b" * 4})],
        [listed_lines(db, day, set()) for day in days],
        stored_reads(db, files),
    )


def test_what_is_read_of_it_is_what_the_records_give(tmp_path):
    with open_history(_history(tmp_path / "h.sqlite")) as db:
        assert lines_in_order(db) == tuple(line for (line,) in db.execute(_ORDER))
        assert lines_in_order(db) == (MOBILE, UNICOM, OTHER)
        for day in (date(2026, 9, 5), date(2026, 10, 5), date(2026, 11, 5)):
            for replaced in (set(), {"b" * 4}, {"a" * 4}):
                assert held_months(db, day, replaced) == _held_from_records(db, day, replaced)
        held = held_months(db, date(2026, 11, 5), set())
        # August: its first bill's carrier, not the later file's charge given none
        assert held[MOBILE] == {
            "2026-07": "china-mobile",
            "2026-08": "china-mobile",
            "2026-09": "",
            "2026-10": "china-mobile",
        }
        assert held[UNICOM] == {"2026-08": "china-unicom"}  # from its charges
        assert listed_lines(db, date(2026, 10, 5), set()) == {MOBILE}
        assert listed_lines(db, date(2026, 11, 5), {"l" * 4}) == {OTHER}
        reads = stored_reads(db, ["b" * 4, "m" * 4, "z" * 4])
        assert reads["b" * 4].read == {(MOBILE, "2026-09"), (MOBILE, "2026-08")}
        assert reads["m" * 4].read == {(OTHER, "")}
        assert "z" * 4 not in reads


def test_a_version_14_history_is_given_its_rows_in_the_order_stored(tmp_path):
    new = _history(tmp_path / "h.sqlite")
    old = tmp_path / "v14.sqlite"
    as_version(new, old, 14)
    with sqlite3.connect(old) as v14:
        assert not v14.execute("SELECT 1 FROM sqlite_master WHERE name = 'line_months'").fetchall()
    with open_history(new) as db:
        kept, answers = _rows(db), _answers(db)
    with open_history(old) as db:  # brought forward on opening
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION >= 15
        # each table's rows in the order stored (the kinds, stored in turn, made apart)
        assert _rows(db) == kept
        assert _answers(db) == answers
        _stored(db, "2026-12-05", _bill("e", UNICOM, ["2026-11"], "china-unicom"))
        assert held_months(db, date(2026, 12, 5), set()) == _held_from_records(
            db, date(2026, 12, 5), set()
        )
        assert lines_in_order(db) == tuple(line for (line,) in db.execute(_ORDER))


def _rows(db) -> dict[str, list[tuple]]:
    """Each kind's rows, in their order."""
    rows: dict[str, list[tuple]] = {}
    for kind, *row in db.execute(
        "SELECT kind, file, line, period, carrier FROM line_months ORDER BY id"
    ):
        rows.setdefault(kind, []).append(tuple(row))
    return rows


@pytest.mark.parametrize("forget", ["line", "file"])
def test_its_rows_go_with_their_line_or_file(tmp_path, forget):
    with open_history(_history(tmp_path / "h.sqlite")) as db, db.transaction():
        if forget == "line":
            forget_line(db, MOBILE)
            gone = [MOBILE]
        else:
            forget_files(db, {"c" * 4, "m" * 4})
            gone = [OTHER]
        assert not db.execute("SELECT 1 FROM line_months WHERE line = ?", (gone[0],)).fetchall()
        left = [line for line in (MOBILE, UNICOM, OTHER) if line not in gone]
        assert lines_in_order(db) == tuple(left)
        assert stored_lines(db) == set(left)
        assert held_months(db, date(2026, 11, 5), set()) == _held_from_records(
            db, date(2026, 11, 5), set()
        )


def test_a_file_given_again_adds_no_row(tmp_path):
    with open_history(_history(tmp_path / "h.sqlite")) as db:
        before = _rows(db)
        _stored(db, "2026-12-05", _bill("a", MOBILE, ["2026-07", "2026-08"], "china-mobile"))
        assert _rows(db) == before
