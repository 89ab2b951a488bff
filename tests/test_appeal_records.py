"""An appeal to the MIIT appeal centre is a record of its own (``auditor record appeal``,
申诉 typed in the Actions sheet): after it, the next step is the centre's answer (whether
it accepts within 5 working days, its resolution within 30 days of that, and a call to
the centre citing the appeal's ticket when nothing comes), never to appeal again nor to
wait for the carrier. The sheet's 销户 is a cancellation of its row's service, and a
typed row keeps its step's channel (方式) as the record's."""

from __future__ import annotations

import json
import os
import sqlite3
from datetime import date

import openpyxl
import pytest
from cli_run import run
from history_versions import as_version
from test_refund_due_actions import actions_sheet, record_from, type_on
from test_refund_due_beyond import follow_up
from test_refund_due_complaint import complained_on_its_row
from test_refunds_due import LINE, MIGU, audit, bill, record

from auditor.catalog import load_escalation
from auditor.escalation import after_appeal, working_days_after
from auditor.history.db import open_history
from auditor.history.schema import SCHEMA_VERSION
from auditor.lang import using
from auditor.model import UserRecord

pytestmark = pytest.mark.usefixtures("december", "english")

#: What is due after the appeal of 2026-12-24 (a Thursday) under ticket A-7: accepted or
#: not by the fifth working day, 2026-12-31, resolved 30 days after.
WAITING = (
    "You appealed to the MIIT appeal centre (12300) on 2026-12-24 (ticket A-7): wait for the "
    "centre's answer, with no need to appeal again. It must say within 5 working days (by "
    "2026-12-31, later over public holidays) whether it accepts the appeal, and resolve it "
    "within 30 days of accepting (by about 2027-01-30); if nothing comes by then, call 12300 "
    "to ask, citing the appeal's ticket number (工单号) A-7"
)


def test_working_days_leave_the_weekend_out():
    assert working_days_after(date(2026, 12, 24), 5) == date(2026, 12, 31)  # Thu → Thu
    assert working_days_after(date(2026, 11, 27), 5) == date(2026, 12, 4)  # Fri → Fri
    assert working_days_after(date(2026, 11, 28), 5) == date(2026, 12, 4)  # Sat → Fri


def test_an_appeal_typed_on_a_refund_dues_row_waits_for_the_centre(tmp_path):
    complained_on_its_row(tmp_path)  # a complaint of 12-08, ticket C-42
    [due] = audit(tmp_path, tmp_path / "dec", "2026-12-24")["refunds_due"]
    assert (
        "Appeal to the MIIT appeal centre (12300), citing your complaint's" in due["next"]["text"]
    )
    type_on(tmp_path / "dec.xlsx", due["id"], "申诉", "A-7", "2026-12-24")
    record_from(tmp_path, tmp_path / "dec.xlsx")
    [after] = audit(tmp_path, tmp_path / "dec", "2026-12-28")["refunds_due"]
    step = after["next"]["text"]
    assert WAITING in step and step.endswith(
        "note it on the Actions sheet (or auditor record refund)"
    )
    assert "complaint" not in step and "C-42" not in step
    assert (after["next"]["from"], after["due"]) == ("2026-12-28", "2027-02-28")
    [appeal] = [r for r in after["records"] if r["kind"] == "appeal"]
    # typed on the appeal's own row: its channel (申诉) is what its kind says
    assert (appeal["on"], appeal["ticket"], appeal["channel"]) == ("2026-12-24", "A-7", None)
    [row] = [r for r in follow_up(tmp_path / "dec.xlsx") if r["Status"] == "Refund due"]
    assert row["Next step or outcome"] == step
    assert row["Your records"].endswith("Appealed on 2026-12-24 (ticket A-7)")
    header, rows = actions_sheet(tmp_path / "dec.xlsx")
    [mine] = [r for r in rows if r[header.index("Finding ids")] == due["id"]]
    assert mine[header.index("What to do")].startswith(step + "\n")


def test_an_appeal_recorded_on_a_finding_replaces_the_complaint_and_the_appeal_steps(tmp_path):
    bill(tmp_path / "nov", "2026-09", **{MIGU: "15.00"})
    bill(tmp_path / "nov", "2026-10", **{MIGU: "15.00"})
    audit(tmp_path, tmp_path / "nov", "2026-11-05")
    record(tmp_path, "complaint", "--service", MIGU, "--on", "2026-10-20", "--ticket", "C-1")
    # a Friday: accepted or not by 11-13, resolved by 12-13
    record(tmp_path, "appeal", "--service", MIGU, "--on", "2026-11-06", "--ticket", "A-9")
    waiting = audit(tmp_path, tmp_path / "nov", "2026-11-10")
    [finding] = [f for f in waiting["findings"] if f["service"] == MIGU]
    escalation = [a for a in finding["actions"] if a["channel"] in ("complaint", "appeal")]
    assert [a["channel"] for a in escalation] == ["appeal", "appeal"]  # the centre, 12315
    assert escalation[0]["text"].startswith("You appealed to the MIIT appeal centre (12300) on")
    assert escalation[0]["due"] == "2026-12-13" and "12315" in escalation[1]["text"]
    assert "by 2026-11-13" in finding["next"]["text"]
    # not cancelled and still billed: to cancel it, then the centre's answer
    assert finding["next"]["text"].startswith("It is still charged, and the appeal does not")
    assert finding["next"]["text"].endswith(". " + escalation[0]["text"])
    assert finding["next"]["by"] == "2026-12-13"
    assert "citing the appeal's ticket number (工单号) A-9" in finding["next"]["text"]
    later = audit(tmp_path, tmp_path / "nov", "2026-12-15")
    [finding] = [f for f in later["findings"] if f["service"] == MIGU]
    assert finding["next"]["text"].endswith(
        ". You appealed to the MIIT appeal centre (12300) on 2026-11-06 (ticket A-9); the centre "
        "was to resolve it by 2026-12-13: with no outcome yet, call 12300 now to ask, citing "
        "the appeal's ticket number (工单号) A-9"
    )
    assert "satisfactory answer" not in json.dumps(finding["actions"])


def test_the_chinese_of_the_wait_for_the_appeal_centre():
    made = UserRecord(1, "appeal", LINE, MIGU, "", date(2026, 11, 20))
    with using("zh"):
        step = after_appeal(made, load_escalation(), date(2026, 11, 26))
    assert step.text == (
        "你已于 2026-11-20 向工信部 12300 申诉：等申诉中心答复，无需再次申诉。申诉中心应在 5 个"
        "工作日内（2026-11-27 前，遇节假日顺延）告知是否受理，受理后 30 天内（最迟约 2026-12-27）"
        "处理完毕；到期没有消息，致电 12300 查询，报上你 2026-11-20 申诉时的号码和日期"
    )
    assert (step.opens, step.due) == (date(2026, 11, 26), date(2026, 12, 27))


def _type_where(report, channel: str, status: str, ticket: str, on: str) -> int:
    """Type into the first Actions row of ``channel`` (the sheet's 方式, a Chinese
    report); its row number."""
    book = openpyxl.load_workbook(report)
    sheet = book["处理步骤"]
    header = [c.value for c in sheet[1]]
    col = {name: header.index(name) + 1 for name in header}
    rows = range(2, sheet.max_row + 1)
    row = next(r for r in rows if sheet.cell(r, col["方式"]).value == channel)
    for name, value in (("状态", status), ("工单号", ticket), ("日期", on)):
        sheet.cell(row, col[name]).value = value
    book.save(report)
    return row


def test_the_sheets_appeal_and_line_closed_are_recorded_with_the_rows_channel(tmp_path):
    bill(tmp_path / "nov", "2026-09", **{MIGU: "15.00"})
    audit(tmp_path, tmp_path / "nov", "2026-10-05", "--lang", "zh")
    report = tmp_path / "nov.xlsx"
    appeal = _type_where(report, "申诉", "已申诉", "A-1", "2026-10-20")
    hotline = _type_where(report, "客服电话", "销户", "X-2", "2026-10-21")
    said = run("record", "--from", str(report), "--db", str(tmp_path / "h.sqlite"), "--lang", "zh")
    assert said.exit_code == 0, said.output
    shown = run("records", "--db", str(tmp_path / "h.sqlite"), "--json", "-")
    made = [
        (r["kind"], r["line_closed"], r["channel"], r["ticket"], r["note"])
        for r in json.loads(shown.stdout)
    ]
    # the kind says it; the channel by its id, in no language; 销户 told by line_closed
    assert made[0] == ("appeal", False, None, "A-1", f"nov.xlsx 第 {appeal} 行")
    assert made[1] == ("cancel", True, "hotline", "X-2", f"nov.xlsx 第 {hotline} 行")


def test_a_status_not_understood_names_the_appeal_among_the_words(tmp_path):
    bill(tmp_path / "nov", "2026-09", **{MIGU: "15.00"})
    audit(tmp_path, tmp_path / "nov", "2026-10-05", "--lang", "zh")
    _type_where(tmp_path / "nov.xlsx", "申诉", "申述", "A-1", "2026-10-20")  # a slip
    said = run("record", "--from", str(tmp_path / "nov.xlsx"), "--db", str(tmp_path / "h.sqlite"))
    assert said.exit_code == 3
    assert "is none of 退订 cancel, 销户 line closed, 投诉 complaint, 申诉 appeal" in said.stderr


def test_a_version_6_history_takes_appeals_and_keeps_its_records(tmp_path):
    history = tmp_path / "h.sqlite"
    made = ["--create"]  # before any audit
    record(tmp_path, "cancel", "--service", MIGU, "--on", "2026-10-06", "--ticket", "T-1", *made)
    old = tmp_path / "v6.sqlite"
    as_version(history, old, 6)  # its records table takes no appeal
    os.replace(old, history)
    record(tmp_path, "appeal", "--service", MIGU, "--on", "2026-11-06", "--ticket", "A-1")
    shown = run("records", "--db", str(history), "--json", "-")
    assert [(r["kind"], r["ticket"]) for r in json.loads(shown.stdout)] == [
        ("cancel", "T-1"),
        ("appeal", "A-1"),
    ]
    with open_history(history) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        with pytest.raises(sqlite3.IntegrityError):  # a kind it does not know is still refused
            db.execute(
                "INSERT INTO records (kind, line, service, finding, on_date, ticket, channel, "
                "note, recorded_at) VALUES ('escalate', ?, '', '', '2026-11-06', '', '', '', '')",
                (LINE,),
            )
