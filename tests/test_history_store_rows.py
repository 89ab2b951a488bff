"""Storing a file's rows in the history: fast when every text is one SQLite holds, and
value by value, as before, when one is not (a name read from undecodable bytes)."""

from __future__ import annotations

from datetime import date, datetime

from auditor.history.db import open_history
from auditor.history.store import load_results, store_results
from auditor.model import Bill, Charge, ReadResult, Service

LINE = "13800001234"


def _result(sha: str, item: str) -> ReadResult:
    charges = [
        Charge(LINE, "2026-10", "vas", item, 500, "增值业务费", carrier="china-mobile"),
        Charge(LINE, "2026-10", "plan", "套餐", 1800, carrier="china-mobile", locator="row 3"),
    ]
    bill = Bill(LINE, "2026-10", 2300, "china-mobile", "b.csv", "row 9", partial=True)
    return ReadResult(path="b.csv", sha256=sha, charges=charges, bills=[bill])


def test_rows_are_stored_and_read_back_as_they_were(tmp_path, english):
    # (their locators in the language they were made in: test_history_places)
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


def test_many_files_are_stored_in_the_order_given_each_once(tmp_path):
    """All the files' rows go in together, yet each table's rows (and ids) come in the
    order the files were given, a file given twice or stored before is not stored again."""
    first, second, third = (_result(sha * 64, item) for sha, item in zip("cde", "XYZ", strict=True))
    with open_history(tmp_path / "h.sqlite") as db, db.transaction():
        assert store_results(db, [second], date(2026, 11, 4)) == 1
        assert store_results(db, [first, second, third, first], date(2026, 11, 5)) == 2
        files = db.execute("SELECT sha256, stored_on FROM files ORDER BY rowid").fetchall()
        items = db.execute("SELECT file, item FROM charges ORDER BY id").fetchall()
        bills = db.execute("SELECT file FROM bills ORDER BY id").fetchall()
    assert files == [("d" * 64, "2026-11-04"), ("c" * 64, "2026-11-05"), ("e" * 64, "2026-11-05")]
    assert items == [
        ("d" * 64, "Y"), ("d" * 64, "套餐"),
        ("c" * 64, "X"), ("c" * 64, "套餐"),
        ("e" * 64, "Z"), ("e" * 64, "套餐"),
    ]  # fmt: skip
    assert bills == [("d" * 64,), ("c" * 64,), ("e" * 64,)]


def test_a_service_is_stored_with_its_dates_whether_its_texts_are_clean_or_not(tmp_path):
    ordered, expires = datetime(2026, 9, 1, 8, 30), datetime(2026, 12, 1)
    clean = Service(LINE, "彩铃", ordered=ordered, expires=expires, status_text="正常")
    broken = Service(LINE, "彩铃\udcff", ordered=ordered, expires=expires, status_text="正常")
    stored = []
    for sha, service in (("f", clean), ("0", broken)):
        result = ReadResult(path="s.csv", sha256=sha * 64, services=[service])
        with open_history(tmp_path / f"{sha}.sqlite") as db, db.transaction():
            store_results(db, [result], date(2026, 11, 5))
            stored.append(
                db.execute("SELECT name, ordered, effective, expires FROM services").fetchall()
            )
    assert stored == [
        [("彩铃", "2026-09-01T08:30:00", None, "2026-12-01T00:00:00")],
        [("彩铃\\udcff", "2026-09-01T08:30:00", None, "2026-12-01T00:00:00")],
    ]
