"""A finding or a refund due the user closes without a refund (``auditor record settle``:
given up, or compensated otherwise, 话费补偿, 送流量): a refund due past the appeal limit
stayed listed forever. Once settled, its money is no longer asked back nor among the
refunds due; it is shown once as what it is, closed without a refund, with what was
given, in the JSON, the workbook and ``auditor history``; a finding still found stops
asking for steps and is resolved as settled; a charge of a later month is a new finding;
``auditor record undo`` takes it back."""

from __future__ import annotations

import json

import openpyxl
import pytest
from cli_run import run
from test_refund_due_beyond import follow_up, history
from test_refund_due_past_limit import BOTH_PAST, _owed
from test_refunds_due import LINE, MIGU, audit, bill, record

pytestmark = pytest.mark.usefixtures("december", "english")


def _figures(path) -> dict:
    book = openpyxl.load_workbook(path, read_only=True)
    rows = [[c for c in r if c is not None] for r in book["Summary"].iter_rows(values_only=True)]
    book.close()
    return {row[0]: row[1] for row in rows if len(row) == 2 and isinstance(row[0], str)}


def test_a_refund_due_past_the_limit_settled_is_closed_once_with_what_was_given(tmp_path):
    bills = _owed(tmp_path)
    audit(tmp_path, bills, "2026-06-05")
    [due] = audit(tmp_path, bills, BOTH_PAST)["refunds_due"]
    assert due["past_appeal_limit"] == "30.00"
    record(tmp_path, "settle", "--service", MIGU, "--on", "2026-10-06", "--note", "送10GB流量",
           "--amount", "5.00")  # fmt: skip
    # between audits, auditor history shows it closed, not due
    shown = json.loads(history(tmp_path, "--json", "-"))
    [line] = shown if isinstance(shown, list) else shown["lines"]
    assert line["refunds_due"] == [] and len(line["closed_without_refund"]) == 1
    report = audit(tmp_path, bills, "2026-10-07")
    assert report["refunds_due"] == [] and report["refunds_closed"] == []
    [closed] = report["closed_without_refund"]
    assert (closed["closed"], closed["unrefunded"], closed["refunded"]) == ("30.00", "0.00", "0.00")
    assert (closed["given"], closed["given_note"], closed["settled_on"]) == (
        "5.00", "送10GB流量", "2026-10-06",
    )  # fmt: skip
    assert closed["reason_code"] == "settled" and closed["periods"] == ["2026-03", "2026-04"]
    assert "Closed without a refund" in closed["next"]["text"] and closed["next"]["by"] is None
    summary = report["summary"]
    assert (summary["refunds_due"], summary["past_appeal_limit"]) == ("0.00", "0.00")
    assert summary["closed_without_refund"] == "30.00"
    figures = _figures(tmp_path / "bills.xlsx")
    assert figures["Closed without a refund"] == 30
    assert "Refunds due past the appeal limit" not in figures
    [row] = [r for r in follow_up(tmp_path / "bills.xlsx") if r["Service"] == MIGU]
    assert (row["Status"], row["Claimable"], row["By"]) == ("Closed, not refunded", None, None)
    assert "送10GB流量, ¥5.00" in row["Next step or outcome"]
    # told once: the next audit has nothing more to say of it
    later = audit(tmp_path, bills, "2026-10-20")
    assert later["closed_without_refund"] == [] and later["refunds_due"] == []
    assert later["summary"]["closed_without_refund"] == "0.00"
    # and undone, it is due again, past the limit
    [settled] = [r for r in _records(tmp_path) if r["kind"] == "settle"]
    assert (
        run("record", "undo", str(settled["id"]), "--db", str(tmp_path / "h.sqlite")).exit_code == 0
    )
    [due] = audit(tmp_path, bills, "2026-10-21")["refunds_due"]
    assert due["past_appeal_limit"] == "30.00"


def _records(tmp_path) -> list[dict]:
    shown = run("records", "--db", str(tmp_path / "h.sqlite"), "--json", "-")
    assert shown.exit_code == 0, shown.output
    return json.loads(shown.stdout)


def test_a_finding_still_found_settled_is_resolved_and_a_later_charge_is_new(tmp_path):
    # 手机报, never ordered, still charged: the user gives up on its months so far
    bills = tmp_path / "bills"
    for period in ("2026-08", "2026-09"):
        bill(bills, period, 手机报="3.00")
    [found] = audit(tmp_path, bills, "2026-10-05")["findings"]
    assert (found["service"], found["claimable"], found["actions"] != []) == (
        "手机报",
        "6.00",
        True,
    )
    record(tmp_path, "settle", "--service", "手机报", "--on", "2026-10-06")
    report = audit(tmp_path, bills, "2026-10-07")
    assert report["findings"] == [] and report["refunds_due"] == []
    [resolved] = report["resolved"]
    assert resolved["reason_code"] == "settled" and resolved["yearly"] == "0.00"
    assert resolved["reason"].startswith("closed without a refund: you gave it up or settled")
    [closed] = report["closed_without_refund"]
    assert (closed["closed"], closed["given"]) == ("6.00", None)
    assert report["summary"]["claimable"] == "0.00"
    # charged again in November: news, a new finding, its money November's alone
    bill(bills, "2026-11", 手机报="3.00")
    december = audit(tmp_path, bills, "2026-12-05")
    [again] = december["findings"]
    assert (again["service"], again["status"], again["claimable"]) == ("手机报", "new", "3.00")
    assert (again["periods"], again["amount"]) == (["2026-11"], "3.00")  # its own months
    assert "the 6.00 yuan of 2026-08, 2026-09 you settled or gave up" in again["message"]
    asked = [a["text"] for a in again["actions"] if "refund (退费) of" in a["text"]]
    assert asked and all("3.00 yuan (2026-11)" in text for text in asked), asked
    assert again["actions"] and december["summary"]["claimable"] == "3.00"
    assert december["closed_without_refund"] == [] and december["refunds_due"] == []


def test_a_settlement_typed_in_the_actions_sheet_is_recorded_with_its_compensation(tmp_path):
    bills = tmp_path / "bills"
    for period in ("2026-08", "2026-09"):
        bill(bills, period, 手机报="3.00")
    audit(tmp_path, bills, "2026-10-05", "--lang", "zh")
    book = openpyxl.load_workbook(tmp_path / "bills.xlsx")
    sheet = book["处理步骤"]
    header = [c.value for c in sheet[1]]
    status, day = header.index("状态") + 1, header.index("日期") + 1
    sheet.cell(2, status).value, sheet.cell(2, day).value = "和解 10.00", "2026-10-06"
    book.save(tmp_path / "bills.xlsx")
    done = run("record", "--from", str(tmp_path / "bills.xlsx"), "--db", str(tmp_path / "h.sqlite"))
    assert done.exit_code == 0, done.output
    [made] = _records(tmp_path)
    assert (made["kind"], made["amount"], made["note"], made["on"]) == (
        "settle", "10.00", None, "2026-10-06",
    )  # fmt: skip
    [closed] = audit(tmp_path, bills, "2026-10-07", "--lang", "zh")["closed_without_refund"]
    assert "已了结，不再要求退款" in closed["next"]["text"] and "¥10.00" in closed["next"]["text"]


def test_settle_names_its_service_or_finding_and_takes_no_negative_amount(tmp_path):
    db = str(tmp_path / "h.sqlite")
    args = ["record", "settle", "--line", LINE, "--db", db, "--create"]
    assert run(*args).exit_code == 2  # neither --service nor --finding
    assert run(*args, "--service", MIGU, "--amount", "-1").exit_code == 2
    made = run(*args, "--service", MIGU, "--note", "积分 500")
    assert made.exit_code == 0, made.output
    assert "settle 139****1111 咪咕视频会员" in made.output and "积分 500" in made.output


def test_a_history_of_version_17_is_brought_forward_for_it(tmp_path):
    import sqlite3

    from history_versions import as_version

    from auditor.history.schema import SCHEMA_VERSION

    bills = _owed(tmp_path)  # a cancellation recorded, its refund due of 30.00
    audit(tmp_path, bills, "2026-06-05")
    old = tmp_path / "v17.sqlite"
    as_version(tmp_path / "h.sqlite", old, 17)  # before a settlement was a kind of record
    with sqlite3.connect(old) as before:
        assert before.execute("PRAGMA user_version").fetchone()[0] == 17
        with pytest.raises(sqlite3.IntegrityError):  # its CHECK takes no settlement
            before.execute(
                "INSERT INTO records (kind, line, service, finding, on_date, ticket, channel, "
                "note, amount_fen, recorded_at) VALUES ('settle', ?, ?, '', '2026-06-06', '', "
                "'', '', NULL, '2026-06-06')",
                (LINE, MIGU),
            )
    made = run("record", "settle", "--line", LINE, "--service", MIGU, "--on", "2026-06-06",
               "--db", str(old))  # fmt: skip
    assert made.exit_code == 0, made.output
    with sqlite3.connect(old) as upgraded:
        assert upgraded.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION >= 18
        kinds = [k for (k,) in upgraded.execute("SELECT kind FROM records ORDER BY id")]
    assert kinds == ["cancel", "settle"]  # the cancellation kept, as it was
    target = tmp_path / "after.json"
    result = run("audit", str(bills), "--as-of", "2026-06-07", "--db", str(old), "-q",
                 "-o", str(tmp_path / "after.xlsx"), "--json", str(target))  # fmt: skip
    assert result.exit_code in (0, 1), result.output
    report = json.loads(target.read_text("utf-8"))
    assert report["refunds_due"] == [] and len(report["closed_without_refund"]) == 1
