"""A plan's fee that names no plan (China Telecom's 包月费): matched to the one plan its
line's service list names, its rise is sure; with several plans listed it stays unsure,
and its message says what the list lacks, not to audit with a list already given."""

from __future__ import annotations

import pytest
from test_rule_messages import case_findings

from auditor import lang
from auditor.rules import get_rule

RULE = "price-change"


def _message(case_id: str, language: str) -> str:
    with lang.using(language):
        (finding,) = case_findings(RULE, case_id)
    return finding.message


def test_a_fee_of_the_one_listed_plan_rises_at_the_rules_severity():
    (finding,) = case_findings(RULE, "a-plan-fee-naming-no-plan-is-the-one-plan-the-list-names")
    assert finding.severity == get_rule(RULE).severity == "medium"
    assert (finding.amount_fen, finding.monthly_fen) == (1000, 1000)
    with lang.using("zh"):
        (finding,) = case_findings(RULE, "a-plan-fee-naming-no-plan-is-the-one-plan-the-list-names")
    assert "「天翼畅享套餐」" in finding.message and "一年多 120.00 元" in finding.message


@pytest.mark.parametrize(
    ("language", "lacking", "asked"),
    [
        (
            "zh",
            "已订业务列出了 2 个套餐（天翼畅享套餐、天翼融合套餐）",
            "请向运营商询问它的开通时间",
        ),
        ("en", "the service list lists 2 plans (天翼畅享套餐, 天翼融合套餐)", "Ask the carrier"),
    ],
)
def test_with_a_list_given_an_unsure_rise_says_what_it_lacks(language, lacking, asked):
    message = _message("a-plan-fee-naming-no-plan-with-two-plans-listed-stays-unsure", language)
    assert lacking in message and asked in message
    assert "一起审核" not in message and "audit it with the bills" not in message


def test_without_a_list_an_unsure_rise_asks_for_one():
    case = "the-first-month-known-of-a-line-may-be-by-the-day"
    assert "把已订业务和账单一起审核即可确定" in _message(case, "zh")
    assert "audit it with the bills to tell" in _message(case, "en")
