"""A price rise whose line's newest bill is a bill so far (a month not over) billing the
fee at another amount: the rise stands as the months over show it (a bill so far may
bill a fee in part, or be put right as the month is billed), but what it shows is
evidence, so the message says it and that the month's final bill will tell, in both
languages, and the evidence step keeps that final bill."""

from __future__ import annotations

from datetime import date

import pytest
from rule_cases import context, load_cases

from auditor import lang
from auditor.finding_steps import actions_for
from auditor.rules.price_change import PriceChange


def _finding(case_id: str):
    case = next(c for c in load_cases(PriceChange.id) if c["id"] == case_id)
    (finding,) = PriceChange().evaluate(context(case))
    return finding


@pytest.mark.parametrize(
    ("language", "shows", "kept"),
    [
        (
            "zh",
            "2026-11 的账单还没有出完（截至目前的账单）按 19.00 元收取",
            "2026-11 出账后的最终账单",
        ),
        (
            "en",
            "The bill of 2026-11 so far (the month is not over) charges it 19.00",
            "2026-11's final bill",
        ),
    ],
)
def test_a_bill_so_far_at_the_old_price_is_said_and_its_final_bill_kept(language, shows, kept):
    with lang.using(language):
        finding = _finding("a-rise-stands-when-a-bill-so-far-charges-the-old-price")
        steps = actions_for(finding, PriceChange().steps, date(2026, 11, 27))
    assert shows in finding.message
    assert any(kept in step.text for step in steps if step.channel == "evidence")


def test_a_discount_given_again_so_far_is_said_so():
    with lang.using("en"):
        finding = _finding("a-discount-gone-and-given-again-on-a-bill-so-far-stays-noted")
    assert "gives a discount of 10.00 yuan again" in finding.message


def test_a_rise_with_no_bill_so_far_says_nothing_of_one():
    with lang.using("en"):
        finding = _finding("a-fee-risen-in-a-month-not-over-is-a-rise")
        steps = actions_for(finding, PriceChange().steps, date(2026, 11, 27))
    assert "so far" not in finding.message
    assert not any("final bill" in step.text for step in steps)
