"""A charge the line's latest bill no longer carries has stopped: its months are still
money to ask back, but nothing goes on costing a year, and its steps ask the money back
rather than cancel what is no longer charged. One audit of several months says so as
the history does, month by month."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from cli_run import run
from python_calamine import CalamineWorkbook
from test_refunds_due import LINE, bill

pytestmark = pytest.mark.usefixtures("december", "english")

SP = "游戏点播包月（北京某某科技有限公司）"
MIGU = "咪咕视频会员"


def audit(tmp: Path, folder: Path, as_of: str, *history: str) -> dict:
    """``auditor audit folder`` on ``as_of`` (``history``: ``--db …``, else none)."""
    target = tmp / f"{folder.name}-{as_of}.json"
    result = run(
        "audit", str(folder), "--as-of", as_of, *(history or ["--no-history"]),
        "-o", str(tmp / f"{folder.name}-{as_of}.xlsx"), "--json", str(target), "-q",
    )  # fmt: skip
    assert result.exit_code in (0, 1), result.output
    return json.loads(target.read_text("utf-8"))


def of(report: dict, service: str) -> dict:
    [finding] = [f for f in report["findings"] if f["service"] == service]
    return finding


def three_months(folder: Path) -> None:
    """The SP's service charged in August and September, gone from October's bill; 咪咕
    charged every month."""
    bill(folder, "2026-08", **{SP: "10.00", MIGU: "15.00"})
    bill(folder, "2026-09", **{SP: "10.00", MIGU: "15.00"})
    bill(folder, "2026-10", **{MIGU: "15.00"})


def test_one_audit_of_three_months_counts_no_year_for_a_charge_that_stopped(tmp_path):
    three_months(tmp_path / "bills")
    report = audit(tmp_path, tmp_path / "bills", "2026-11-05")
    stopped, going = of(report, SP), of(report, MIGU)
    assert (stopped["rule"], stopped["periods"]) == ("unknown-vas", ["2026-08", "2026-09"])
    assert (stopped["stopped"], stopped["yearly"], stopped["claimable"]) == (
        "2026-10",
        "0.00",
        "20.00",
    )
    assert (going["stopped"], going["yearly"], going["claimable"]) == (None, "180.00", "45.00")
    # its message, which says what it cost a month lately, says the charge is over
    assert stopped["message"].endswith(
        "(lately 10.00 yuan a month). Check whether you ordered it yourself. "
        "The charge stopped, and the 2026-10 bill no longer charges it."
    )
    assert "no longer charges" not in going["message"]
    # the findings' figures add up to the summary's, for the whole and for the line
    summary = report["summary"]
    assert (summary["yearly"], summary["claimable"]) == ("180.00", "65.00")
    assert [(x["yearly"], x["claimable"]) for x in summary["lines"]] == [("180.00", "65.00")]
    assert sum(Decimal(f["yearly"]) for f in report["findings"]) == Decimal("180")
    book = CalamineWorkbook.from_path(str(tmp_path / "bills-2026-11-05.xlsx"))
    headline = book.get_sheet_by_name("Summary").to_python()[1][0]
    assert headline.startswith("¥65.00 overcharged") and "¥180.00 a year" in headline
    header, *rows = book.get_sheet_by_name("Findings").to_python()
    per_year = header.index("Per year")
    assert sum(Decimal(str(row[per_year] or 0)) for row in rows) == Decimal("180")


def test_the_steps_of_a_charge_that_stopped_ask_its_money_back_and_cancel_nothing(tmp_path):
    three_months(tmp_path / "bills")
    report = audit(tmp_path, tmp_path / "bills", "2026-11-05")
    stopped, going = of(report, SP), of(report, MIGU)
    why = "the charge stopped, and the 2026-10 bill no longer charges it"
    texts = [a["text"] for a in stopped["actions"]]
    assert not [t for t in texts if "cancel" in t.lower().replace("cancellation's", "")]
    assert any(why in t.lower() and "refund (退费) of 20.00 yuan" in t for t in texts)
    assert any("still on the service list" in t for t in texts)
    next_text = stopped["next"]["text"]
    assert next_text.startswith("The charge stopped, and the 2026-10 bill no longer charges it")
    assert "20.00 yuan (2026-08, 2026-09) back" in next_text and "cancel" not in next_text
    assert stopped["next"]["by"] == "2027-01-31"  # the appeal's last day, from August
    # the charge still going on is still to cancel
    assert any("to cancel 「咪咕视频会员」" in a["text"] for a in going["actions"])
    assert going["next"]["text"].startswith("Cancel it and ask for a refund")


def test_a_month_not_given_is_no_stop(tmp_path):
    bill(tmp_path / "bills", "2026-08", **{SP: "10.00"})
    bill(tmp_path / "bills", "2026-10", **{SP: "10.00"})  # September's bill not given
    finding = of(audit(tmp_path, tmp_path / "bills", "2026-11-05"), SP)
    assert (finding["periods"], finding["stopped"], finding["yearly"]) == (
        ["2026-08", "2026-10"],
        None,
        "120.00",
    )


def test_month_by_month_the_history_resolves_it_in_the_same_words(tmp_path):
    three_months(tmp_path / "all")
    single = of(audit(tmp_path, tmp_path / "all", "2026-11-05"), SP)
    db = ("--db", str(tmp_path / "h.sqlite"))
    for period, items in [("2026-08", {SP: "10.00"}), ("2026-09", {SP: "10.00"})]:
        bill(tmp_path / period, period, **items)
        audit(tmp_path, tmp_path / period, f"{period[:5]}{int(period[5:]) + 1:02d}-05", *db)
    bill(tmp_path / "2026-10", "2026-10")
    october = audit(tmp_path, tmp_path / "2026-10", "2026-11-05", *db)
    [resolved] = october["resolved"]
    reason = resolved["reason"].split(";")[0]
    assert reason == "the charge stopped, and the 2026-10 bill no longer charges it"
    assert single["next"]["text"].lower().startswith(reason)
    [due] = october["refunds_due"]
    assert (due["periods"], due["unrefunded"]) == (single["periods"], single["claimable"])


def test_the_same_bills_audited_again_later_keep_it_open_and_stopped(tmp_path):
    # No news since it was reported: open, not resolved; still nothing a year.
    three_months(tmp_path / "bills")
    db = ("--db", str(tmp_path / "h.sqlite"))
    audit(tmp_path, tmp_path / "bills", "2026-11-05", *db)
    again = audit(tmp_path, tmp_path / "bills", "2026-11-20", *db)
    finding = of(again, SP)
    assert (finding["status"], finding["stopped"], finding["yearly"]) == ("open", "2026-10", "0.00")
    assert again["resolved"] == [] and again["summary"]["yearly"] == "180.00"


def test_a_latest_bill_with_an_unread_row_is_no_stop(tmp_path):
    # October's 咪咕 row could not be read (15.00x), its total is beyond its items: the
    # charge may well be on it. Not stopped, still to cancel; with a history, not resolved.
    folder = tmp_path / "bills"
    bill(folder, "2026-08", **{MIGU: "15.00"})
    bill(folder, "2026-09", **{MIGU: "15.00"})
    bill(folder, "2026-10", **{MIGU: "15.00"})
    october = folder / f"中国移动账单-2026年10月-{LINE}.csv"
    october.write_text(october.read_text("utf-8").replace(",15.00", ",15.00x"), "utf-8")
    finding = of(audit(tmp_path, folder, "2026-11-05"), MIGU)
    assert (finding["periods"], finding["stopped"], finding["yearly"]) == (
        ["2026-08", "2026-09"],
        None,
        "180.00",
    )
    assert finding["next"]["text"].startswith("Cancel it and ask for a refund")
    db = ("--db", str(tmp_path / "h.sqlite"))
    first = tmp_path / "first"
    bill(first, "2026-08", **{MIGU: "15.00"})
    bill(first, "2026-09", **{MIGU: "15.00"})
    audit(tmp_path, first, "2026-10-05", *db)
    later = audit(tmp_path, folder, "2026-11-05", *db)
    assert later["resolved"] == [] and later["refunds_due"] == []
    assert (of(later, MIGU)["status"], of(later, MIGU)["stopped"]) == ("open", None)


def test_a_month_not_over_is_no_stop_until_it_is(tmp_path):
    # November's export taken on the 20th holds the plan so far: 咪咕 may still come.
    folder = tmp_path / "bills"
    bill(folder, "2026-09", **{MIGU: "15.00"})
    bill(folder, "2026-10", **{MIGU: "15.00"})
    bill(folder, "2026-11")
    early = of(audit(tmp_path, folder, "2026-11-20"), MIGU)
    assert (early["stopped"], early["yearly"]) == (None, "180.00")
    # once November is over, its bill shows the stop
    late = of(audit(tmp_path, folder, "2026-12-05"), MIGU)
    assert (late["stopped"], late["yearly"]) == ("2026-11", "0.00")


def test_a_zero_row_in_the_latest_bill_resolves_it_as_stopped_with_its_money_due(tmp_path):
    # October lists 咪咕 at 0.00: it charges nothing. The rules and the history agree the
    # charge stopped, and the 30.00 of August and September is still due.
    db = ("--db", str(tmp_path / "h.sqlite"))
    first = tmp_path / "first"
    bill(first, "2026-08", **{MIGU: "15.00"})
    bill(first, "2026-09", **{MIGU: "15.00"})
    audit(tmp_path, first, "2026-10-05", *db)
    october = tmp_path / "october"
    bill(october, "2026-10", **{MIGU: "0.00"})
    report = audit(tmp_path, october, "2026-11-05", *db)
    assert report["findings"] == []
    [resolved] = report["resolved"]
    assert resolved["reason"].startswith(
        "the charge stopped, and the 2026-10 bill no longer charges it; if the 30.00 yuan"
    )
    [due] = report["refunds_due"]
    assert (due["service"], due["periods"], due["unrefunded"]) == (
        MIGU,
        ["2026-08", "2026-09"],
        "30.00",
    )


def test_a_fee_renamed_after_its_service_is_no_stop_and_no_new_finding(tmp_path):
    # October's bill names 咪咕 by its fee: the same service, still charged, one finding
    # with the same id as the months before, nothing resolved.
    db = ("--db", str(tmp_path / "h.sqlite"))
    first = tmp_path / "first"
    bill(first, "2026-08", **{MIGU: "15.00"})
    bill(first, "2026-09", **{MIGU: "15.00"})
    before = of(audit(tmp_path, first, "2026-10-05", *db), MIGU)
    october = tmp_path / "october"
    bill(october, "2026-10", **{f"{MIGU}费": "15.00"})
    report = audit(tmp_path, october, "2026-11-05", *db)
    [finding] = report["findings"]
    assert (finding["id"], finding["service"], finding["status"]) == (before["id"], MIGU, "open")
    assert finding["periods"] == ["2026-08", "2026-09", "2026-10"]
    assert (finding["stopped"], finding["yearly"], finding["claimable"]) == (
        None,
        "180.00",
        "45.00",
    )
    assert report["resolved"] == [] and report["refunds_due"] == []
