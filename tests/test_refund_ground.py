"""What a refund due's money is owed for. Under 次月生效 the month of a cancellation is
charged in full, so a month charged before the cancellation took effect is never due
"because you cancelled it", nor as "charged after cancellation": an unknown service's
months are due because it was never confirmed (no 二次确认), and the workbook, the
JSON (its ``reason_code`` ``never_confirmed``) and ``auditor history`` say so. A month
charged after the cancellation is still due because of it. The trial this follows
(刘律师, t7): H3, cancelled on 10-01, September and October due "you cancelled it";
H2, cancelled on 09-30, September due as "charged after cancellation"."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_run import run
from test_cancel_awaits_bill import sheet_rows
from test_refunds_due import MIGU, audit, bill, record

pytestmark = pytest.mark.usefixtures("december", "english")

GROUND = "an unknown service, if you never confirmed ordering it (no second confirmation, 二次确认)"


def _cancelled_on(tmp: Path, day: str) -> dict:
    """咪咕 unknown in September (October's audit), cancelled on ``day``, October charged
    it: November's audit."""
    bill(tmp / "oct", "2026-09", **{MIGU: "15.00"})
    [unknown] = audit(tmp, tmp / "oct", "2026-10-05")["findings"]
    assert unknown["rule"] == "unknown-vas"
    record(tmp, "cancel", "--service", MIGU, "--on", day, "--ticket", "T1")
    bill(tmp / "nov", "2026-10", **{MIGU: "15.00"})
    return audit(tmp, tmp / "nov", "2026-11-05")


def _history_dues(tmp: Path) -> list[dict]:
    result = run("history", "--db", str(tmp / "h.sqlite"), "--json", "-")
    assert result.exit_code == 0, result.output
    return [due for line in json.loads(result.stdout)["lines"] for due in line["refunds_due"]]


def test_months_charged_through_the_month_of_cancelling_are_due_as_never_confirmed(tmp_path):
    # cancelled on 10-01: October is charged in full, rightly; both months are due only
    # as an unknown service never confirmed
    report = _cancelled_on(tmp_path, "2026-10-01")
    [due] = report["refunds_due"]
    assert (due["periods"], due["unrefunded"]) == (["2026-09", "2026-10"], "30.00")
    assert (due["reason"], due["reason_code"]) == (GROUND, "never_confirmed")
    assert "you cancelled it" not in due["next"]["text"]
    assert f"back (退费): {GROUND}, and no refund" in due["next"]["text"]
    # the cancellation is still what it waits on: the bill after it
    assert [w["state"].startswith("you cancelled it") for w in report["waiting"]] == [True]
    rows = sheet_rows(tmp_path / "nov.xlsx", "Follow-up")
    [row] = [r for r in rows if r["Service"] == MIGU and r["Status"] == "Refund due"]
    assert f"back (退费): {GROUND}, and no refund" in row["Next step or outcome"]
    [told] = _history_dues(tmp_path)
    assert (told["reason"], told["reason_code"]) == (GROUND, "never_confirmed")


def test_a_month_before_the_charge_after_cancelling_is_not_that_charge(tmp_path):
    # cancelled on 09-30: October is the charge after cancellation (a finding of its own);
    # September, before it, is due as the unknown service it was
    report = _cancelled_on(tmp_path, "2026-09-30")
    assert [(f["rule"], f["periods"]) for f in report["findings"]] == [
        ("lingering-charge", ["2026-10"])
    ]
    [due] = report["refunds_due"]
    assert (due["periods"], due["reason"], due["reason_code"]) == (
        ["2026-09"],
        GROUND,
        "never_confirmed",
    )
    assert "charged after cancellation" not in due["next"]["text"]
    assert [(d["reason"], d["reason_code"]) for d in _history_dues(tmp_path)] == [
        (GROUND, "never_confirmed")
    ]


def test_in_chinese_the_ground_is_the_missing_second_confirmation(tmp_path):
    report = _cancelled_on(tmp_path, "2026-10-01")
    result = run("history", "--db", str(tmp_path / "h.sqlite"), "--json", "-", "--lang", "zh")
    assert result.exit_code == 0, result.output
    [due] = [d for line in json.loads(result.stdout)["lines"] for d in line["refunds_due"]]
    assert due["reason"] == "未知业务，若你从未确认订购（没有二次确认）"
    assert due["reason_code"] == report["refunds_due"][0]["reason_code"] == "never_confirmed"
