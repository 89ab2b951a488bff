"""The appeal step's limit (12300: 5 months) counts from the earliest month still owed: a
month all given back since, by a later bill's credit (咪咕视频会员退费 -15.00, set against
the oldest month) or by a refund the user recorded, is disputed no more, and its limit
is no longer the appeal's last day (it read 2026-09-30 from April, refunded, not
2026-10-31 from May)."""

from __future__ import annotations

import pytest
from test_refunds_due import MIGU, audit, bill, record

pytestmark = pytest.mark.usefixtures("december", "english")


def _appeal(report: dict) -> dict:
    [found] = [f for f in report["findings"] if f["service"] == MIGU]
    [appeal] = [a for a in found["actions"] if "12300" in a["text"]]
    return appeal


def _charged(tmp_path):
    bills = tmp_path / "bills"
    for period in ("2026-04", "2026-05", "2026-06"):
        bill(bills, period, **{MIGU: "15.00"})
    return bills


def test_a_month_a_later_bill_gave_back_is_no_longer_the_appeal_s_first(tmp_path):
    bills = _charged(tmp_path)
    bill(bills, "2026-07", ("咪咕视频会员退费", "-15.00"))  # April's money back, oldest first
    appeal = _appeal(audit(tmp_path, bills, "2026-08-05"))
    assert appeal["due"] == "2026-10-31", appeal  # was 2026-09-30, April's
    assert "counted from 2026-05, the earliest month still open" in appeal["text"]


def test_a_month_a_recorded_refund_covers_is_no_longer_the_appeal_s_first(tmp_path):
    bills = _charged(tmp_path)
    audit(tmp_path, bills, "2026-07-05")
    record(tmp_path, "refund", "--service", MIGU, "--on", "2026-07-20", "--amount", "15.00")
    appeal = _appeal(audit(tmp_path, bills, "2026-07-21"))
    assert appeal["due"] == "2026-10-31", appeal
    assert "counted from 2026-05" in appeal["text"]
    # part of a month back: still owed, still the first
    record(tmp_path, "refund", "--service", MIGU, "--on", "2026-07-22", "--amount", "5.00")
    assert _appeal(audit(tmp_path, bills, "2026-07-23"))["due"] == "2026-10-31"
