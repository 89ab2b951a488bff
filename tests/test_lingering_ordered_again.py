"""A charge after a cancellation whose service the list shows ordered again: the months
between the cancellation and the new order are disputed, the new order's are the user's
choice. Nothing of it goes on: no money a year, no step to cancel the service again (nor
a complaint asking it cancelled), and its message says when the new order began."""

from __future__ import annotations

from datetime import date

import pytest
from test_rule_messages import case_findings

from auditor.lang import using
from auditor.rules.lingering_charge import LingeringCharge
from auditor.writers import figures
from auditor.writers.followup import next_step

AS_OF = date(2026, 11, 5)
AGAIN = ("subscribed-again-later", "ordered-again-after-two-months-between")


@pytest.mark.parametrize("case_id", AGAIN)
def test_a_charge_ordered_again_costs_nothing_a_year(case_id):
    (finding,) = case_findings("lingering-charge", case_id)
    assert finding.monthly_fen and not finding.stopped  # charged still: its new order
    assert figures.finding_yearly_fen(finding) == 0
    assert figures.Counted([finding]).yearly_fen == 0
    assert figures.finding_claimable_fen(finding) == finding.amount_fen  # the months between


def test_one_not_ordered_again_still_costs_a_year():
    (finding,) = case_findings("lingering-charge", "charged-after-cancellation-month")
    assert figures.finding_yearly_fen(finding) == finding.monthly_fen * 12


@pytest.mark.parametrize("case_id", AGAIN)
def test_its_message_says_the_new_order_and_claims_no_year(case_id):
    with using("en"):
        (finding,) = case_findings("lingering-charge", case_id)
    again = finding.details.ordered_again
    assert f"ordered again from {again}" in finding.message
    assert "a month" not in finding.message and "a year" not in finding.message
    with using("zh"):
        (finding,) = case_findings("lingering-charge", case_id)
    assert f"{again} 起重新订购" in finding.message


@pytest.mark.parametrize("case_id", AGAIN)
def test_its_steps_ask_the_months_between_back_and_cancel_nothing(case_id):
    with using("en"):
        (finding,) = case_findings("lingering-charge", case_id)
        steps = LingeringCharge().actions(finding, AS_OF)
        texts = [step.text for step in steps]
        assert not any("cancel it again" in text for text in texts), texts
        assert not any("to be cancelled" in text for text in texts), texts
        [call] = [step.text for step in steps if step.channel == "hotline"]
        assert f"ordered again from {finding.details.ordered_again}" in call
        assert "refund (退费)" in call and "written confirmation" not in call
        assert any(step.channel == "appeal" for step in steps)  # the months between
        finding.actions = steps
        assert "cancel" not in next_step(finding, AS_OF).text.split(":")[-1]


@pytest.mark.parametrize("case_id", AGAIN)
def test_its_money_refunded_in_full_leaves_no_bill_to_check(case_id):
    """Refunded in full, an ordered-again finding is done: the bills after its months
    charge the new order, rightly, so none is to be checked for it (the bill after its
    last month was read, and charges the new order)."""
    with using("en"):
        (finding,) = case_findings("lingering-charge", case_id)
        finding.refunded_fen = finding.amount_fen
        later = date(2026, 12, 10)
        step = next_step(finding, later)
    assert step.text.startswith("Refunded in full (your records): nothing left to do")
    assert "check" not in step.text and "bill" not in step.text, step.text
    assert step.opens == later and step.due is None
    # refunded in part, its rest is still asked back
    finding.refunded_fen = finding.amount_fen - 1
    with using("en"):
        assert "Refunded in full" not in next_step(finding, later).text
