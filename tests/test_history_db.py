"""The history database: private, recognised, versioned, one transaction per audit, and
idempotent storing of what was read."""

from __future__ import annotations

import os
import sqlite3
import stat
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from auditor.history.db import ASKED_AT_ONCE, HistoryError, open_history
from auditor.history.findings import (
    NEW,
    OPEN,
    database_secret,
    finding_id,
    remember,
    seen_findings,
    status_of,
)
from auditor.history.line_months import stored_lines
from auditor.history.records import (
    add_record,
    cancellations,
    list_records,
    undo_record,
    undone_on,
)
from auditor.history.schema import SCHEMA_VERSION
from auditor.history.store import load_results, store_results
from auditor.model import Finding
from auditor.names import service_key
from auditor.readers import ReadOptions, read_file
from auditor.rules.unknown_vas import UnknownVas

# Reader errors and warnings are checked as an English-speaking user reads them.
pytestmark = pytest.mark.usefixtures("english")

ROOT = Path(__file__).resolve().parent.parent
HOUSEHOLD = ROOT / "fixtures" / "household"
LINE_A = "13800001234"
BILL_A = HOUSEHOLD / "china-mobile" / "中国移动账单-2026年10月.xlsx"
LIST_A = HOUSEHOLD / "china-mobile" / "13800001234-已订业务.csv"


def read(path: Path):
    return read_file(path, ReadOptions(as_of=date(2026, 11, 5)))


def test_a_new_history_is_private_and_versioned(tmp_path):
    path = tmp_path / "sub" / "history.sqlite"
    # in a folder that does not exist: none is made (a mistyped --db), nor the history
    with pytest.raises(HistoryError, match=r"the folder .*sub does not exist"), open_history(path):
        pass
    assert not path.parent.exists()
    path.parent.mkdir()
    with open_history(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert db.created and not db.audited_before(date(2026, 11, 5))
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    with open_history(path) as db:
        assert not db.created


@pytest.mark.parametrize(
    "content, message",
    [
        (b"PK\x03\x04 a report", "not an SQLite file"),
        (b"hello", "not an SQLite file"),
    ],
)
def test_a_foreign_file_is_refused_and_left_as_it_was(tmp_path, content, message):
    path = tmp_path / "history.sqlite"
    path.write_bytes(content)
    with pytest.raises(HistoryError, match=message), open_history(path):
        pass
    assert path.read_bytes() == content


def test_another_programs_sqlite_database_is_refused_unaltered(tmp_path):
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as other:
        other.execute("CREATE TABLE x (a)")
    before = path.read_bytes()
    with pytest.raises(HistoryError, match="tables of its own"), open_history(path):
        pass
    assert path.read_bytes() == before


def test_a_history_from_a_newer_auditor_is_refused_unaltered(tmp_path):
    path = tmp_path / "history.sqlite"
    with open_history(path) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    before = path.read_bytes()
    with pytest.raises(HistoryError, match="newer auditor"), open_history(path):
        pass
    assert path.read_bytes() == before


def test_a_folder_or_a_missing_history_is_one_clear_error(tmp_path):
    with pytest.raises(HistoryError, match="not a regular file"), open_history(tmp_path):
        pass
    missing = tmp_path / "none.sqlite"
    with pytest.raises(HistoryError, match="no history database"):
        with open_history(missing, create=False):
            pass
    assert not missing.exists()


def test_a_failed_audit_leaves_the_history_as_it_was(tmp_path):
    path = tmp_path / "history.sqlite"
    with open_history(path) as db:
        with pytest.raises(RuntimeError), db.transaction():
            store_results(db, [read(BILL_A)], date(2026, 11, 5))
            raise RuntimeError("killed mid-write")
        assert stored_lines(db) == set()


def test_storing_is_idempotent_and_reads_back_the_same_records(tmp_path):
    results = [read(BILL_A), read(LIST_A)]
    with open_history(tmp_path / "h.sqlite") as db:
        with db.transaction():
            assert store_results(db, results, date(2026, 11, 5)) == 2
            assert store_results(db, results, date(2026, 11, 6)) == 0
        loaded = load_results(db, {LINE_A})
        assert [r.stored_on for r in loaded] == [date(2026, 11, 5)] * 2
        assert loaded[0].charges == results[0].charges
        assert loaded[0].bills == results[0].bills
        # Known as of the audit that stored them: a later list is the newer one.
        assert [s.listed_on for s in loaded[1].services] == [date(2026, 11, 5)] * len(
            results[1].services
        )
        assert [replace(s, listed_on=None) for s in loaded[1].services] == results[1].services
        assert load_results(db, {LINE_A}, skip={results[0].sha256})[0].path == str(LIST_A)
        assert load_results(db, {"13900000000"}) == []


def test_records_read_by_ocr_read_back_with_their_confidence(tmp_path):
    # What tells a stored screenshot's bill from a text copy of it a later audit is given.
    from auditor.model import Bill, Charge, ReadResult, Service

    where = "line 9 [x 69–1013, y 817–867 px]"
    screen = ReadResult(
        path="a.png", sha256="a" * 64, reader="image", kind="bill", carrier="china-mobile",
        bills=[Bill(LINE_A, "2026-10", 4130, source="a.png", locator=where, confidence=1.0)],
        charges=[
            Charge(LINE_A, "2026-10", "vas", "彩铃功能费", 500, source="a.png", confidence=0.997),
            Charge(LINE_A, "2026-10", "plan", "套餐", 1800, source="a.png"),  # no row matched
        ],
        services=[Service(LINE_A, "咪咕视频会员", source="a.png", confidence=0.93)],
    )  # fmt: skip
    with open_history(tmp_path / "h.sqlite") as db:
        with db.transaction():
            store_results(db, [screen], date(2026, 11, 5))
        [loaded] = load_results(db, {LINE_A})
    assert loaded.bills == screen.bills and loaded.charges == screen.charges
    assert [replace(s, listed_on=None) for s in loaded.services] == screen.services
    assert [c.confidence for c in loaded.charges] == [0.997, None]


def test_finding_ids_are_stable_and_name_no_number(tmp_path):
    with open_history(tmp_path / "h.sqlite") as db:
        secret = database_secret(db)
        assert database_secret(db) == secret
    rule = UnknownVas()
    named = Finding(
        "unknown-vas", "medium", "cmcc", LINE_A, "咪咕视频会员（15元/月）", [], 0, 0, ""
    )
    fid = finding_id(secret, "unknown-vas", LINE_A, rule.subject(named))
    assert fid == finding_id(secret, "unknown-vas", LINE_A, service_key("咪咕视频会员"))
    assert LINE_A not in fid and "1234" not in fid[1:5]
    assert fid != finding_id(b"another database", "unknown-vas", LINE_A, "咪咕视频会员")


def test_findings_are_new_then_open_then_resolved_once(tmp_path):
    october, november, december = date(2026, 10, 5), date(2026, 11, 5), date(2026, 12, 5)
    first = Finding(
        "unknown-vas", "medium", "", LINE_A, "咪咕视频会员", ["2026-09"], 1500, 1500, ""
    )
    second = Finding("lingering-charge", "high", "", LINE_A, "彩铃", ["2026-09"], 600, 600, "")
    first.id, second.id = "F1", "F2"
    with open_history(tmp_path / "h.sqlite") as db:
        assert remember(db, [first, second], {LINE_A}, october, {}) == []
        resolved = remember(db, [second], {LINE_A}, november, {"F1": "cancelled"})
        assert [(r.id, r.reason, r.resolved_on, r.amount_fen) for r in resolved] == [
            ("F1", "cancelled", november, 1500)
        ]
        # the same audit again gives the same answer; a later one lists it no more
        assert [r.id for r in remember(db, [second], {LINE_A}, november, {})] == ["F1"]
        assert remember(db, [second], {LINE_A}, december, {}) == []
        seen = seen_findings(db, {LINE_A})
        assert status_of(seen["F2"], november) == OPEN
        assert status_of(seen["F2"], october) == NEW
        assert status_of(None, december) == NEW


def test_records_are_stored_listed_and_undone(tmp_path):
    with open_history(tmp_path / "h.sqlite") as db:
        record = add_record(
            db, "cancel", LINE_A, date(2026, 10, 8), service="咪咕视频会员",
            ticket="202610081234", channel="sms",
        )  # fmt: skip
        add_record(db, "complaint", LINE_A, date(2026, 11, 2), service="彩铃", ticket="T2")
        assert [r.kind for r in list_records(db)] == ["cancel", "complaint"]
        assert list_records(db, {"13900000000"}) == []
        [service] = cancellations(list_records(db)).services
        assert (service.cancelled.date(), service.status) == (date(2026, 10, 8), "ended")
        assert service.listed_on == date(2026, 10, 8)
        assert "202610081234" in service.status_text
        assert undo_record(db, record.id, date(2026, 11, 3)) == record
        assert undo_record(db, record.id, date(2026, 11, 4)) is None
        assert undone_on(db, record.id) == date(2026, 11, 3)  # the first undo's day
        assert [r.kind for r in list_records(db)] == ["complaint"]
        assert cancellations(list_records(db)).services == []  # it counts no more
        # kept, marked: what record --from reads a row's record again against
        assert list_records(db, undone=True) == [record]
        assert undone_on(db, 99) is None


def test_sqlite_errors_become_one_line_naming_the_file(tmp_path):
    from auditor.history.db import ReadOnlyHistory, failure

    path = tmp_path / "h.sqlite"
    with open_history(path):
        pass
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    with pytest.raises(sqlite3.OperationalError) as raised:
        connection.execute("INSERT INTO meta VALUES ('a', 'b')")
    connection.close()
    error = failure(path, raised.value)
    assert isinstance(error, ReadOnlyHistory)
    assert str(error) == f"{path}: cannot write the history (attempt to write a readonly database)"


def test_thousands_of_lines_are_looked_up_through_one_table(tmp_path):
    lines = {f"139{n:08d}" for n in range(40_000)}  # more than a statement's parameters
    with open_history(tmp_path / "h.sqlite") as db:
        add_record(db, "cancel", "13900000007", date(2026, 10, 8), service="彩铃")
        assert [r.line for r in list_records(db, lines)] == ["13900000007"]
        assert seen_findings(db, lines) == {}
        assert load_results(db, lines) == []


def test_rows_in_asks_every_value_some_at_a_time(tmp_path):
    """A query of more values than one statement takes is asked in batches, each ``{marks}``
    given the batch's values, and every row comes back once."""
    with open_history(tmp_path / "h.sqlite") as db:
        db.execute("CREATE TEMP TABLE t (k TEXT, v INTEGER)")
        db.executemany("INSERT INTO temp.t VALUES (?, ?)", [(f"k{n}", n) for n in range(1200)])
        values = [f"k{n}" for n in range(0, 1200, 2)] + ["absent"]
        assert len(values) > ASKED_AT_ONCE
        rows = db.rows_in(
            "SELECT k, v FROM temp.t WHERE k IN ({marks}) UNION ALL "
            "SELECT k, -v FROM temp.t WHERE k IN ({marks}) AND v < 4",
            values,
        )
    assert sorted(v for _, v in rows) == [-2, 0, 0, *range(2, 1200, 2)]
