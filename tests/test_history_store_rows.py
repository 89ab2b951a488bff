"""Storing a file's rows in the history: fast when every text is one SQLite holds, and
value by value, as before, when one is not (a name read from undecodable bytes)."""

from __future__ import annotations

from datetime import date

from auditor.history.db import open_history
from auditor.history.store import load_results, store_results
from auditor.model import Bill, Charge, ReadResult

LINE = "13800001234"


def _result(sha: str, item: str) -> ReadResult:
    charges = [
        Charge(LINE, "2026-10", "vas", item, 500, "增值业务费", carrier="china-mobile"),
        Charge(LINE, "2026-10", "plan", "套餐", 1800, carrier="china-mobile", locator="row 3"),
    ]
    bill = Bill(LINE, "2026-10", 2300, "china-mobile", "b.csv", "row 9", partial=True)
    return ReadResult(path="b.csv", sha256=sha, charges=charges, bills=[bill])


def test_rows_are_stored_and_read_back_as_they_were(tmp_path):
    result = _result("a" * 64, "彩铃")
    with open_history(tmp_path / "h.sqlite") as db, db.transaction():
        store_results(db, [result], date(2026, 11, 5))
        loaded = load_results(db, {LINE})[0]
    assert loaded.charges == [Charge(**{**vars(c), "source": "b.csv"}) for c in result.charges]
    assert loaded.bills == result.bills


def test_a_text_sqlite_cannot_hold_is_stored_escaped_and_nothing_twice(tmp_path):
    result = _result("b" * 64, "彩铃\udcff")
    with open_history(tmp_path / "h.sqlite") as db, db.transaction():
        store_results(db, [result], date(2026, 11, 5))
        loaded = load_results(db, {LINE})[0]
        count = db.execute("SELECT COUNT(*) FROM charges").fetchone()[0]
    assert count == 2
    assert [c.item for c in loaded.charges] == ["彩铃\\udcff", "套餐"]
