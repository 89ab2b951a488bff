"""A resolved finding's refunds are shown in one row and one JSON entry: its refund due
(or refunded) row where it has one, else its Resolved row; its resolution's reason says
them either way. The Follow-up sheet's Refunded column then adds up to what came back."""

from __future__ import annotations

from decimal import Decimal

import pytest
from test_refund_due_beyond import follow_up
from test_refunds_due import MIGU, audit, bill, record

pytestmark = pytest.mark.usefixtures("december", "english")


@pytest.mark.parametrize(
    ("amount", "back", "row_of_it"),
    [("60.00", "45.00", "Refunded"), ("20.00", "20.00", "Refund due")],
)
def test_a_refund_is_shown_once_for_a_cancelled_service(tmp_path, amount, back, row_of_it):
    # 45.00 charged August to October, cancelled, then a refund of it recorded
    for period in ("2026-08", "2026-09", "2026-10"):
        bill(tmp_path / "bills", period, **{MIGU: "15.00"})
    audit(tmp_path, tmp_path / "bills", "2026-11-05")
    record(tmp_path, "cancel", "--service", MIGU, "--on", "2026-11-06")
    # (60.00, more than the 45.00 ever charged: compensation on top, --yes)
    refund = ("--service", MIGU, "--on", "2026-11-07", "--amount", amount, "--yes")
    record(tmp_path, "refund", *refund)
    bill(tmp_path / "bills", "2026-11")
    report = audit(tmp_path, tmp_path / "bills", "2026-12-05")
    [resolved] = report["resolved"]
    [entry] = report["refunds_due"] + report["over_refunded"]
    assert entry["id"] == resolved["id"] and entry["refunded"] == back
    assert resolved["refunded"] is None  # the same money: its refund entry holds it
    assert back in resolved["reason"]  # and the reason still says it
    rows = [r for r in follow_up(tmp_path / "bills.xlsx") if r["Service"] == MIGU]
    shown = [(r["Status"], r["Refunded"]) for r in rows if r["Refunded"] is not None]
    assert shown == [(row_of_it, float(back))]
    assert sum(Decimal(str(r["Refunded"] or 0)) for r in rows) == Decimal(back)


def test_a_refund_of_a_month_past_the_appeal_limit_is_still_shown(tmp_path):
    """May and June charged, cancelled, May's 15.00 refunded in July; in November May is
    past the appeal limit (five months) and June is still due: the refund due still says
    May's 15.00 came back, where it said no refund was recorded (a reviewer's finding)."""
    for period in ("2026-05", "2026-06"):
        bill(tmp_path / "jul", period, **{MIGU: "15.00"})
    audit(tmp_path, tmp_path / "jul", "2026-07-05")
    record(tmp_path, "cancel", "--service", MIGU, "--on", "2026-07-06")
    record(tmp_path, "refund", "--service", MIGU, "--on", "2026-07-20", "--amount", "15.00")
    bill(tmp_path / "jul", "2026-07")
    report = audit(tmp_path, tmp_path / "jul", "2026-11-05")
    [due] = report["refunds_due"]
    assert (due["periods"], due["unrefunded"], due["refunded"]) == (["2026-06"], "15.00", "15.00")
    assert "the 15.00 yuan of 2026-05 was refunded" in due["next"]["text"], due["next"]["text"]
