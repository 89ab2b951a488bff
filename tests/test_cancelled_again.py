"""A service charged after the user's cancellation, which the user then cancelled again:
the second cancellation is what ends the charge, so neither the finding's steps nor its
next step ask to cancel it once more (it was "仍在扣费…按操作步骤退订" after a recorded
second cancellation and a complaint); the bill after it is to check. A refund due of the
months before the first cancellation names neither that failed cancellation nor the
charge after it that its finding became: those months are owed as never confirmed. A
list from a month after the second still showing it running: none took, and cancelling
again is still the step. A refund typed on a refund due's row keeps no channel (申诉
there is the step asked for, no appeal made). A finding cancelled while another rule's
finding of its service is still open waits for the bill after the cancellation."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from cli_run import run
from test_refund_due_actions import actions_sheet, cancelled_and_stopped, record_from, type_on
from test_refunds_due import LINE, MIGU, audit, bill, record

pytestmark = pytest.mark.usefixtures("december", "english")

HOUSEHOLD = Path(__file__).resolve().parent.parent / "fixtures" / "household"


def _cancelled_twice(tmp: Path, *, complained: bool = True) -> None:
    """咪咕 found unknown in September, cancelled on 09-20, charged again in October (a
    charge after cancellation, reported on 11-05), cancelled again on 11-06 in the app,
    and complained about then (``complained``)."""
    bill(tmp / "oct", "2026-09", **{MIGU: "15.00"})
    audit(tmp, tmp / "oct", "2026-10-05")
    record(tmp, "cancel", "--service", MIGU, "--on", "2026-09-20", "--channel", "SMS")
    bill(tmp / "nov", "2026-10", **{MIGU: "15.00"})
    november = audit(tmp, tmp / "nov", "2026-11-05")
    [lingering] = [f for f in november["findings"] if f["rule"] == "lingering-charge"]
    assert any("cancel it again" in a["text"] for a in lingering["actions"])
    record(tmp, "cancel", "--service", MIGU, "--on", "2026-11-06", "--channel", "App")
    if complained:
        record(tmp, "complaint", "--service", MIGU, "--on", "2026-11-06", "--ticket", "C-9")


def _lingering(report: dict) -> dict:
    [found] = [f for f in report["findings"] if f["rule"] == "lingering-charge"]
    return found


def test_a_second_cancellation_is_not_asked_for_again(tmp_path):
    _cancelled_twice(tmp_path)
    found = _lingering(audit(tmp_path, tmp_path / "nov", "2026-11-27"))
    step = found["next"]["text"]
    assert "still charged" not in step and "cancel it" not in step, step
    assert step.startswith(
        "It was charged after your cancellation of 2026-09-20: you cancelled it again on "
        "2026-11-06: check that the 2026-12 bill no longer charges it; your complaint goes on"
    ), step
    assert "C-9" in step  # the complaint's answer, then the appeal, as before
    texts = [a["text"] for a in found["actions"]]
    asks = [t for t in texts if "cancel it again" in t.replace("no need to cancel it again", "")]
    assert not asks and not [t for t in texts if "cancel 「" in t.lower()], texts
    [told] = [
        a
        for a in found["actions"]
        # (the appeal's 15 days count from the complaint of 11-06: it names that day too)
        if "2026-11-06" in a["text"] and a["channel"] not in ("complaint", "appeal")
    ]
    assert told["channel"] == "evidence" and "no need to cancel it again" in told["text"]
    assert "check that the 2026-12 bill" in told["text"]
    # the complaint asks for the money alone: nothing left to cancel
    assert not [t for t in texts if "to be cancelled" in t]
    # the charge was after the first cancellation: the call still cites that one
    assert [t for t in texts if "was cancelled on 2026-09-20 via SMS" in t]


def test_the_same_in_chinese_no_longer_says_it_is_still_charged(tmp_path):
    _cancelled_twice(tmp_path)
    report = audit(tmp_path, tmp_path / "nov", "2026-11-27", "--lang", "zh")
    step = _lingering(report)["next"]["text"]
    assert "仍在扣费" not in step and "按操作步骤" not in step, step
    assert step.split("；")[0] == (
        "你 2026-09-20 退订后仍扣费：你已于 2026-11-06 再次退订，核对 2026-12 账单不再扣费"
    )
    [due] = report["refunds_due"]
    # that cancellation failed (October charged after it): never the reason, nor
    # October's charge after it for September, before it: never confirmed is
    assert due["reason"] == "未知业务，若你从未确认订购（没有二次确认）"


def test_without_a_complaint_the_complaint_is_next_and_the_bill_after_it(tmp_path):
    _cancelled_twice(tmp_path, complained=False)
    step = _lingering(audit(tmp_path, tmp_path / "nov", "2026-11-27"))["next"]["text"]
    # the same advice as with a complaint recorded, but for the complaint, to make now
    assert step.startswith(
        "It was charged after your cancellation of 2026-09-20: you cancelled it again on "
        "2026-11-06: check that the 2026-12 bill no longer charges it; complain now, showing"
    )


def test_a_refund_due_names_the_charge_after_cancellation_its_finding_became(tmp_path):
    _cancelled_twice(tmp_path)
    [due] = audit(tmp_path, tmp_path / "nov", "2026-11-27")["refunds_due"]
    assert (due["rule"], due["periods"]) == ("unknown-vas", ["2026-09"])
    # not the 09-20 cancellation, which October's charge shows did not take, nor
    # October's charge after it: September came before it, owed as never confirmed
    assert (due["reason_code"], due["reason"]) == (
        "never_confirmed",
        "an unknown service, if you never confirmed ordering it (no second confirmation, 二次确认)",
    )
    assert "2026-11-06" not in due["next"]["text"]


def test_a_second_cancellation_a_later_list_belies_is_to_be_made_again(tmp_path):
    # 咪咕 billed through October and listed running on the audit day (11-26, the list's
    # name says so): cancelled on 09-30 and again on 10-10, a month before that list;
    # neither took
    folder, db = tmp_path / "bills", str(tmp_path / "h.sqlite")
    shutil.copytree(HOUSEHOLD, folder)
    mobile = folder / "china-mobile"
    (mobile / "13800001234-已订业务.csv").rename(mobile / "13800001234-已订业务-20261126.csv")
    for on in ("2026-09-30", "2026-10-10"):
        made = run("record", "cancel", "--line", "13800001234", "--service", MIGU,
                   "--on", on, "--db", db, "--create")  # fmt: skip
        assert made.exit_code == 0, made.output
    result = run(
        "audit", str(folder), "--known", str(HOUSEHOLD / "auditor.toml"), "--as-of",
        "2026-11-26", "--db", db, "-o", str(tmp_path / "r.xlsx"), "--json",
        str(tmp_path / "r.json"), "-q",
    )  # fmt: skip
    assert result.exit_code in (0, 1), result.output
    report = json.loads((tmp_path / "r.json").read_text("utf-8"))
    [found] = [
        f for f in report["findings"] if f["rule"] == "lingering-charge" and f["service"] == MIGU
    ]
    assert found["details"]["still_listed"] == "2026-11-26"
    assert found["next"]["text"].startswith(
        "It was charged after your cancellation of 2026-09-30: the latest service list still "
        "shows it active"
    )
    assert "cancel it again" in found["next"]["text"]
    assert [a for a in found["actions"] if "cancel it again" in a["text"]]
    assert not [a for a in found["actions"] if "no need to cancel it again" in a["text"]]


def test_a_refund_typed_on_a_refund_dues_appeal_row_is_no_appeal(tmp_path):
    cancelled_and_stopped(tmp_path)
    record(tmp_path, "complaint", "--service", MIGU, "--on", "2026-12-01", "--ticket", "C-1")
    [due] = audit(tmp_path, tmp_path / "dec", "2026-12-05")["refunds_due"]
    header, rows = actions_sheet(tmp_path / "dec.xlsx")
    [mine] = [r for r in rows if r[header.index("Finding ids")] == due["id"]]
    assert mine[header.index("Channel")] == "Appeal"  # its step: the appeal, complained
    type_on(tmp_path / "dec.xlsx", due["id"], "refund 30.00", None, "2026-12-10")
    said = record_from(tmp_path, tmp_path / "dec.xlsx").stdout
    assert "Appeal" not in said and "¥30.00" in said, said
    shown = run("records", "--db", str(tmp_path / "h.sqlite"), "--json", "-", "--no-mask")
    [refund] = [r for r in json.loads(shown.stdout) if r["kind"] == "refund"]
    assert (refund["line"], refund["channel"]) == (LINE, None)


def test_a_finding_cancelled_while_its_service_is_still_open_waits_for_a_bill(tmp_path):
    # a free month, then a paid one: unknown, and a trial turned paid; cancelled on
    # 10-06, the service is no longer unknown, but its paid month is still the trial's
    bill(tmp_path / "oct", "2026-08", **{MIGU: "0.00"})
    bill(tmp_path / "oct", "2026-09", **{MIGU: "15.00"})
    audit(tmp_path, tmp_path / "oct", "2026-10-05")
    record(tmp_path, "cancel", "--service", MIGU, "--on", "2026-10-06")
    said = run("audit", str(tmp_path / "oct"), "--as-of", "2026-10-15", "--db",
               str(tmp_path / "h.sqlite"), "--json", str(tmp_path / "r.json"))  # fmt: skip
    assert said.exit_code in (0, 1), said.output
    report = json.loads((tmp_path / "r.json").read_text("utf-8"))
    [trial] = [f for f in report["findings"] if f["rule"] == "trial-to-paid"]
    # cancelled, no bill after it yet: not resolved, the November bill to tell
    assert report["resolved"] == []
    [waiting] = report["waiting"]
    assert (waiting["rule"], waiting["check_bill"]) == ("unknown-vas", "2026-11")
    assert waiting["state"] == "you cancelled it (your record: 2026-10-06)"
    assert trial["status"] == "open"
    assert "1 cancelled, to check on the next bill" in said.stdout
