"""``auditor record no-bill``: a month whose bill will not come (out of the carrier's
six months, a line closed, an export lost) is no longer said missing once recorded, in
every output; undone, it is said again; a bill of it given after all is audited as usual.
The case: a line billed for August and October, audited in November: September is a gap."""

from __future__ import annotations

import json
import sqlite3
from datetime import date

import openpyxl
import pytest
from cli_run import run
from history_versions import as_version
from test_refunds_due import LINE, MIGU, audit, bill

from auditor import clock
from auditor.history.schema import SCHEMA_VERSION

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture(autouse=True)
def today(monkeypatch):
    """Today is 2026-11-27: a November audit's records are made that day."""
    monkeypatch.setattr(clock, "today", lambda: date(2026, 11, 27))


def _gap(tmp) -> dict:
    """August's bill audited in September; October's in November: September never given."""
    bill(tmp / "sep", "2026-08")
    audit(tmp, tmp / "sep", "2026-09-05")
    bill(tmp / "nov", "2026-10")
    return audit(tmp, tmp / "nov", "2026-11-05")


def _no_bill(tmp, *args: str, db: str = "h.sqlite"):
    return run("record", "no-bill", *args, "--db", str(tmp / db))


def _sheet_text(path, sheet: str) -> str:
    book = openpyxl.load_workbook(path, read_only=True)
    cells = [str(c) for row in book[sheet].iter_rows(values_only=True) for c in row if c]
    book.close()
    return "\n".join(cells)


def _said_missing(tmp, as_of: str) -> list[str]:
    """Where an audit of November's folder dated ``as_of`` says September is missing: the
    JSON, the Summary, the Follow-up, the terminal."""
    data = audit(tmp, tmp / "nov", as_of)
    where = [f"json {gap['months']}" for gap in data["missing_months"]]
    for sheet in ("Summary", "Follow-up"):
        if "2026-09" in _sheet_text(tmp / "nov.xlsx", sheet):
            where.append(sheet)
    said = run(
        "audit", str(tmp / "nov"), "--as-of", as_of, "--db", str(tmp / "h.sqlite"),
        "-o", str(tmp / "again.xlsx"),
    )  # fmt: skip
    assert said.exit_code == 0 and "1 file read" in said.stdout, said.output
    return where + (["terminal"] if "2026-09" in said.stdout else [])


def _history(tmp, *args: str) -> str:
    shown = run("history", "--db", str(tmp / "h.sqlite"), *args)
    assert shown.exit_code == 0, shown.output
    return shown.stdout


def _row(text: str, month: str) -> str:
    [row] = [row for row in text.splitlines() if row.startswith(f"  {month}")]
    return row


def test_a_month_recorded_without_bill_is_no_longer_said_missing_until_undone(tmp_path):
    _gap(tmp_path)
    assert _said_missing(tmp_path, "2026-11-05") == ["json ['2026-09']", "Summary", "terminal"]
    assert "no bill: not checked" in _row(_history(tmp_path), "2026-09")

    made = _no_bill(
        tmp_path, "--line", LINE, "--month", "2026-09", "--note", "portal", "--json", "-"
    )
    assert made.exit_code == 0, made.output
    data = json.loads(made.stdout)
    assert (data["kind"], data["month"], data["on"]) == ("no_bill", "2026-09", "2026-11-27")
    assert (
        "recorded #1: no bill 139****1111 2026-09, recorded on 2026-11-27 (portal)" in made.stderr
    )

    assert _said_missing(tmp_path, "2026-11-27") == []  # the next audit, that day
    assert "no bill, recorded on 2026-11-27" in _row(_history(tmp_path), "2026-09")
    [line] = json.loads(_history(tmp_path, "--json", "-"))["lines"]
    assert line["missing_months"] == []
    assert line["no_bill_months"] == [
        {"month": "2026-09", "recorded_on": "2026-11-27", "record": 1}
    ]
    assert [(r["kind"], r["month"]) for r in line["records"]] == [("no_bill", "2026-09")]
    listed = run("records", "--db", str(tmp_path / "h.sqlite"))
    assert "#1    no bill 139****1111 2026-09, recorded on 2026-11-27" in listed.stdout

    undone = run("record", "undo", "1", "--db", str(tmp_path / "h.sqlite"))
    assert undone.exit_code == 0, undone.output
    assert _said_missing(tmp_path, "2026-11-27") == ["json ['2026-09']", "Summary", "terminal"]
    assert "no bill: not checked" in _row(_history(tmp_path), "2026-09")


def test_on_dates_the_record_and_an_audit_dated_before_it_still_says_the_month_missing(
    tmp_path,
):
    """t10: recorded today, the record made an audit run again with an earlier --as-of
    see the month as it was not then; --on dates it, as every other record's day."""
    _gap(tmp_path)
    made = _no_bill(tmp_path, "--line", LINE, "--month", "2026-09", "--on", "2026-11-10")
    assert made.exit_code == 0, made.output
    assert "recorded on 2026-11-10" in made.stdout
    assert _said_missing(tmp_path, "2026-11-05") == ["json ['2026-09']", "Summary", "terminal"]
    assert _said_missing(tmp_path, "2026-11-10") == []  # its day on
    [line] = json.loads(_history(tmp_path, "--json", "-"))["lines"]
    assert line["no_bill_months"] == [
        {"month": "2026-09", "recorded_on": "2026-11-10", "record": 1}
    ]
    later = _no_bill(tmp_path, "--line", LINE, "--month", "2026-10", "--on", "2026-11-28")
    assert later.exit_code == 2 and "2026-11-28 is after today" in later.stderr


def test_a_bill_given_later_for_the_month_is_audited_and_the_record_moot(tmp_path):
    _gap(tmp_path)
    assert _no_bill(tmp_path, "--line", LINE, "--month", "2026-09").exit_code == 0
    bill(tmp_path / "late", "2026-09", **{MIGU: "15.00"})  # found after all
    data = audit(tmp_path, tmp_path / "late", "2026-11-27")
    assert [(f["service"], f["periods"]) for f in data["findings"]] == [(MIGU, ["2026-09"])]
    assert data["missing_months"] == []
    text = _history(tmp_path)
    assert "no bill" not in _row(text, "2026-09") and "33.00" in _row(text, "2026-09")
    [record] = [row for row in text.splitlines() if "No bill" in row]
    assert "2026-09 (its bill was given since and is audited as usual" in record


def test_the_month_audited_recorded_without_bill_leaves_the_line_checked_enough(tmp_path):
    # October's bill is never given: the November audit of another line's wants it ...
    bill(tmp_path / "sep", "2026-08")
    audit(tmp_path, tmp_path / "sep", "2026-09-05")
    other = tmp_path / "nov"
    bill(other, "2026-09")
    (other / f"中国移动账单-2026年09月-{LINE}.csv").rename(other / "x.csv")
    text = (other / "x.csv").read_text("utf-8").replace(LINE, "13900002222")
    (other / "x.csv").write_text(text, "utf-8")
    wanted = audit(tmp_path, other, "2026-10-05")["not_checked"]
    assert [each["months_to_give"] for each in wanted] == [["2026-09"]]
    assert "139****1111" in _sheet_text(tmp_path / "nov.xlsx", "Follow-up")
    # ... recorded as never coming, the line is no longer said not checked
    assert _no_bill(tmp_path, "--line", LINE, "--month", "2026-09").exit_code == 0
    assert audit(tmp_path, other, "2026-11-27")["not_checked"] == []
    assert "139****1111" not in _sheet_text(tmp_path / "nov.xlsx", "Follow-up")


@pytest.mark.parametrize(
    ("line", "month", "said"),
    [
        (LINE, "2026-12", "2026-12 is after this month (2026-11): its bill is not due yet"),
        ("13900002222", "2026-09", "139****2222: the history holds no such line"),
        (LINE, "2026-08", "the history holds the 2026-08 bill of 139****1111: it is not missing"),
        (LINE, "2026-13", "Invalid value for '--month': '2026-13' is not a month as YYYY-MM"),
    ],
)
def test_refused_with_one_line(tmp_path, line, month, said):
    _gap(tmp_path)
    refused = _no_bill(tmp_path, "--line", line, "--month", month)
    assert refused.exit_code == 2
    assert said in refused.stderr and len(refused.stderr.strip().splitlines()) == 1
    assert run("records", "--db", str(tmp_path / "h.sqlite")).stdout.startswith("no records")


def test_recorded_twice_is_refused_and_a_missing_history_is_not_made(tmp_path):
    _gap(tmp_path)
    assert _no_bill(tmp_path, "--line", LINE, "--month", "2026-09").exit_code == 0
    twice = _no_bill(tmp_path, "--line", LINE, "--month", "2026-09")
    assert twice.exit_code == 2
    assert "was recorded as having no bill on 2026-11-27 (#1); not recorded again" in twice.stderr
    nowhere = _no_bill(tmp_path, "--line", LINE, "--month", "2026-09", db="none.sqlite")
    assert nowhere.exit_code == 2 and not (tmp_path / "none.sqlite").exists()


def test_the_chinese_help_and_message(tmp_path):
    shown = run("--lang", "zh", "record", "no-bill", "--help")
    assert "记下某个号码某个月的账单不会再有" in shown.stdout
    assert "auditor record no-bill --line 13900001111 --month 2026-03" in shown.stdout
    _gap(tmp_path)
    made = _no_bill(tmp_path, "--line", LINE, "--month", "2026-09", "--lang", "zh")
    assert "已记录 #1：缺账单 139****1111 2026-09，2026-11-27 记录" in made.stdout


def test_an_older_history_is_brought_forward_for_it(tmp_path):
    _gap(tmp_path)
    old = tmp_path / "v12.sqlite"
    as_version(tmp_path / "h.sqlite", old, 12)  # before records kept a month
    made = _no_bill(tmp_path, "--line", LINE, "--month", "2026-09", db="v12.sqlite")
    assert made.exit_code == 0, made.output
    shown = run("history", "--db", str(old))
    assert "no bill, recorded on 2026-11-27" in _row(shown.stdout, "2026-09")
    listed = run("records", "--db", str(old), "--json", "-")
    assert json.loads(listed.stdout)[0]["month"] == "2026-09"
    with sqlite3.connect(old) as upgraded:
        assert upgraded.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
