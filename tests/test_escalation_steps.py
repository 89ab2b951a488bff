"""The complaint and the appeal among a finding's steps: the appeal's window (from the
complaint, within 5 months of the month billed), the months past it, and no escalation
for a finding with no money to ask back."""

from __future__ import annotations

from datetime import date

import pytest
from test_actions import AS_OF, _finding, actions_for

from auditor import lang
from auditor.escalation import appeal_deadline
from auditor.rules.unknown_vas import UnknownVasDetails


@pytest.mark.parametrize(
    ("month", "deadline"),
    [
        ("2026-10", date(2027, 3, 31)),
        ("2026-09", date(2027, 2, 28)),
        ("2026-08", date(2027, 1, 31)),
        ("2027-09", date(2028, 2, 29)),  # leap year
    ],
)
def test_appeal_deadline(month, deadline):
    assert appeal_deadline(month, 5) == deadline


@pytest.mark.parametrize("rule", ["lingering-charge", "unknown-vas", "bill-total-mismatch"])
def test_escalation_dates_from_the_audit_date(rule):
    finding = _finding(rule, "china-unicom")
    actions = actions_for(finding, AS_OF)
    channels = [a.channel for a in actions]
    assert channels.index("evidence") < channels.index("complaint") < channels.index("appeal")
    appeal = next(a for a in actions if a.to == "12300")
    assert appeal.opens == date(2026, 11, 20)  # its text: from her complaint, not the audit's
    assert "2026-11-20" not in appeal.text and "（自你投诉之日起）" in appeal.text
    assert "yhssglxt.miit.gov.cn" in appeal.text
    deadline = appeal_deadline(finding.periods[0], 5)
    assert appeal.due == deadline
    assert f"{deadline:%Y-%m-%d}" in appeal.text
    assert [a.to for a in actions if a.channel == "complaint"] == ["10015"]


def test_subscribed_but_not_charged_has_no_refund_or_appeal():
    finding = _finding("unknown-vas", "china-mobile", amount_fen=0, details=UnknownVasDetails())
    actions = actions_for(finding, AS_OF)
    assert not [a for a in actions if a.channel in ("appeal", "complaint")]
    assert not any("退还" in a.text for a in actions)


def test_months_past_the_limit_are_named_and_the_deadline_is_one_that_can_be_met():
    finding = _finding("lingering-charge", "china-mobile", periods=["2026-01", "2026-10"])
    appeal = next(a for a in actions_for(finding, AS_OF) if a.to == "12300")
    assert appeal.due == date(2027, 3, 31) and appeal.due >= appeal.opens > AS_OF
    assert "2027-03-31" in appeal.text and "2026-06-30" not in appeal.text
    assert "2026-01 已超过" in appeal.note and "只能就 2026-10 申诉" in appeal.note


def test_every_month_past_the_limit_offers_no_appeal_date():
    finding = _finding("lingering-charge", "china-mobile", periods=["2025-12", "2026-01"])
    actions = actions_for(finding, AS_OF)
    assert not [a for a in actions if a.to == "12300"]
    (past,) = [a for a in actions if a.channel == "appeal" and "期限" in a.text]
    assert past.due is None and "均已超过 5 个月" in past.text
    assert any(a.to == "12315" for a in actions)  # the parallel channels stay open
    with lang.using("en"):
        texts = [a.text for a in actions_for(finding, AS_OF)]
    assert any("past the 5-month appeal limit" in text for text in texts)
