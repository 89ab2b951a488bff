"""A finding settled (``auditor record settle``) found again in later months: one that
asks no money back (a price rise) settled says "I accept this", so found alike it stays
resolved as settled, quiet, until something about it changes (a new price: news, a
finding again); and one reported anew after a settlement (a later month's charge, a new
claim) is new in the audit that first sees that month, open after it, not new every
month."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_refunds_due import LINE, audit, bill, record
from test_so_far_resolves_nothing import _bill

pytestmark = pytest.mark.usefixtures("december", "english")

PLAN = "冰激凌套餐"


def plan_bill(folder: Path, period: str, yuan: str) -> None:
    """A China Mobile bill of ``period`` for LINE charging its plan ``yuan`` alone."""
    month = period.replace("-", "")
    rows = [
        "手机号码,账期,费用类型,费用项目,金额(元)",
        f"{LINE},{month},套餐及固定费,{PLAN},{yuan}",
        f"{LINE},{month},合计,,{yuan}",
    ]
    folder.mkdir(parents=True, exist_ok=True)
    name = f"中国移动账单-{period[:4]}年{period[5:]}月-{LINE}.csv"
    (folder / name).write_text("\n".join(rows) + "\n", "utf-8")


def _risen(report: dict) -> list[tuple[str, list[str], str]]:
    return [
        (f["status"], f["periods"], f["amount"])
        for f in report["findings"]
        if f["rule"] == "price-change"
    ]


def test_a_price_rise_settled_stays_settled_until_the_price_changes_again(tmp_path):
    bills = tmp_path / "bills"
    for period, yuan in (("2026-04", "29.00"), ("2026-05", "29.00"), ("2026-06", "39.00")):
        plan_bill(bills, period, yuan)
    assert _risen(audit(tmp_path, bills, "2026-07-05")) == [("new", ["2026-06"], "10.00")]
    record(tmp_path, "settle", "--service", PLAN, "--on", "2026-07-06", "--note", "送流量")
    [resolved] = audit(tmp_path, bills, "2026-07-07")["resolved"]
    assert (resolved["rule"], resolved["reason_code"]) == ("price-change", "settled")
    # still 39.00 in July and August: the rise accepted, not news each month
    for period, day in (("2026-07", "2026-08-05"), ("2026-08", "2026-09-05")):
        plan_bill(bills, period, "39.00")
        report = audit(tmp_path, bills, day)
        assert _risen(report) == [], (day, report["findings"])  # was new again each month
        assert report["resolved"] == []  # told once, when settled
    # a new price in September: news, a finding again, new once, then open
    plan_bill(bills, "2026-09", "49.00")
    assert _risen(audit(tmp_path, bills, "2026-10-05")) == [("new", ["2026-09"], "10.00")]
    assert _risen(audit(tmp_path, bills, "2026-10-05")) == [("new", ["2026-09"], "10.00")]
    plan_bill(bills, "2026-10", "49.00")
    assert _risen(audit(tmp_path, bills, "2026-11-05")) == [
        ("open", ["2026-09", "2026-10"], "10.00")
    ]


def test_a_charge_after_a_settlement_is_new_once_then_open(tmp_path):
    bills = tmp_path / "bills"
    for period in ("2026-06", "2026-07"):
        bill(bills, period, 手机报="3.00")
    audit(tmp_path, bills, "2026-08-05")
    record(tmp_path, "settle", "--service", "手机报", "--on", "2026-08-06")
    bill(bills, "2026-08", 手机报="3.00")  # August's too, through the settlement's month
    assert audit(tmp_path, bills, "2026-09-05")["findings"] == []
    bill(bills, "2026-09", 手机报="3.00")

    def charged(day: str) -> list[tuple[str, list[str], str]]:
        found = audit(tmp_path, bills, day)["findings"]
        return [(f["status"], f["periods"], f["claimable"]) for f in found]

    assert charged("2026-10-05") == [("new", ["2026-09"], "3.00")]
    assert charged("2026-10-05") == [("new", ["2026-09"], "3.00")]  # the same audit again
    bill(bills, "2026-10", 手机报="3.00")
    # reported since: open, no longer new (it was new every month)
    assert charged("2026-11-05") == [("open", ["2026-09", "2026-10"], "6.00")]


def test_a_suspended_line_still_charged_settled_stays_settled_until_its_fee_changes(tmp_path):
    bills = tmp_path / "bills"

    def suspended(month: str, yuan: str) -> None:
        _bill(bills / f"{month}.csv", month, {LINE: [("其他费用", "停机保号费", yuan)]})

    def found(day: str) -> list[tuple[str, str]]:
        report = audit(tmp_path, bills, day)
        return [(f["status"], f["monthly"]) for f in report["findings"] if f["rule"] == RULE]

    RULE = "suspended-line"
    for month in ("2026-06", "2026-07"):
        suspended(month, "5.00")
    report = audit(tmp_path, bills, "2026-08-05")
    [line] = [f for f in report["findings"] if f["rule"] == RULE]
    record(tmp_path, "settle", "--finding", line["id"], "--on", "2026-08-06", "--note", "保号")
    assert found("2026-08-07") == []
    suspended("2026-08", "5.00")
    suspended("2026-09", "5.00")
    assert found("2026-10-05") == []  # kept suspended to keep the number: accepted
    suspended("2026-10", "8.00")  # its fee rose: news
    assert found("2026-11-05") == [("new", "8.00")]
    assert found("2026-11-05") == [("new", "8.00")]  # the same audit again: was open
    suspended("2026-11", "8.00")
    assert found("2026-12-05") == [("open", "8.00")]  # reported since: not new again
