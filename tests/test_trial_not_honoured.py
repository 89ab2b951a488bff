"""A trial whose own free first month is charged in full (首月免费, charged 6.00 in that
month) is a trial not honoured: trial-to-paid reports it from that month, and its
message and first step say so in both languages, not "it became paid" after a free month
no bill showed."""

from __future__ import annotations

from datetime import date

import pytest
from rule_cases import context, load_cases

from auditor import lang
from auditor.finding_steps import actions_for
from auditor.rules.trial_to_paid import TrialToPaid

CASE = "a-free-first-month-charged-in-full-is-a-trial-not-honoured"


def _finding():
    case = next(c for c in load_cases(TrialToPaid.id) if c["id"] == CASE)
    (finding,) = TrialToPaid().evaluate(context(case))
    return finding


@pytest.mark.parametrize(
    ("language", "said", "asked"),
    [
        ("zh", "试用没有兑现", "为何试用的 2026-10 就按全价扣费"),
        ("en", "the trial was not honoured", "charged in full in 2026-10, its trial month"),
    ],
)
def test_the_message_and_the_first_step_say_the_trial_month_was_charged(language, said, asked):
    with lang.using(language):
        finding = _finding()
        steps = actions_for(finding, TrialToPaid().steps, date(2026, 11, 5))
    assert said in finding.message
    assert asked in steps[0].text
    assert "provided by" not in steps[0].text  # no provider known: none named


def test_a_trial_turned_paid_after_its_free_month_keeps_its_words():
    case = next(c for c in load_cases(TrialToPaid.id) if c["id"].startswith("a-listed-trial"))
    with lang.using("en"):
        (finding,) = TrialToPaid().evaluate(context(case))
        steps = actions_for(finding, TrialToPaid().steps, date(2026, 11, 5))
    assert "not honoured" not in finding.message
    assert "when its free period ended" in steps[0].text
