"""The days the findings' messages and steps give, against the audit date: no step is
due before it (a deadline already past helps nobody), and next-month-effective tells a
start or an end on or before it as done, in both languages (a trial's plan change took
effect on 11-01; the audit of 11-05 said it "will take effect" and to cancel it by
10-31)."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

import pytest
from rule_cases import AS_OF, context, load_cases
from test_rule_messages import case_findings

from auditor import lang
from auditor.catalog import CARRIER_IDS
from auditor.model import Action, Finding
from auditor.rules import RULES, get_rule

RULE = "next-month-effective"
DAY = r"(\d{4}-\d\d-\d\d)"
#: Words that put the day after them still to come, or already past.
TO_COME = re.compile(
    rf"(?:将于 |在 |自 |takes effect on |expires on |ends on |by |from |to be cancelled on ){DAY}"
)
DONE = re.compile(rf"(?:已于 |took effect on |expired on |ended on |was cancelled on ){DAY}")


def _steps(rule_id: str, case: dict, language: str, carrier: str):
    """Each finding the case gives and its steps for ``carrier``, as of the case's date."""
    rule, as_of = get_rule(rule_id)(), case.get("as_of", AS_OF)
    with lang.using(language):
        for finding in rule.evaluate(context(case)):
            yield finding, rule.actions(replace(finding, carrier=carrier), as_of)


def _every_case():
    for rule in RULES:
        for case in load_cases(rule.id):
            yield pytest.param(rule.id, case, id=f"{rule.id}:{case['id']}")


@pytest.mark.parametrize(("rule_id", "case"), list(_every_case()))
def test_no_step_is_due_before_the_audit_date(rule_id, case):
    as_of = case.get("as_of", AS_OF)
    for carrier in [*CARRIER_IDS, ""]:
        for _, actions in _steps(rule_id, case, "zh", carrier):
            assert all(a.opens is None or a.opens >= as_of for a in actions)
            assert [a.text for a in actions if a.due and a.due < as_of] == []


@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize("case", load_cases(RULE), ids=lambda case: case["id"])
def test_a_coming_change_tells_each_day_by_the_audit_date(case, language):
    as_of = case.get("as_of", AS_OF)
    for carrier in [*CARRIER_IDS, ""]:
        for finding, actions in _steps(RULE, case, language, carrier):
            for text in [finding.message, *(a.text for a in actions)]:
                assert all(date.fromisoformat(d) > as_of for d in TO_COME.findall(text)), text
                assert all(date.fromisoformat(d) <= as_of for d in DONE.findall(text)), text


def _found(case_id: str, language: str, carrier: str = "china-mobile"):
    with lang.using(language):
        findings = case_findings(RULE, case_id)
        rule = get_rule(RULE)()
        return {
            (f.service, f.change): (f, rule.actions(replace(f, carrier=carrier), AS_OF))
            for f in findings
        }


def _texts(actions: list[Action]) -> str:
    return "\n".join(a.text for a in actions)


def _due(actions: list[Action]) -> list[date]:
    return [a.due for a in actions if a.due]


def test_a_plan_change_that_took_effect_says_so_and_how_to_change_it_now():
    found = _found("a-plan-change-that-took-effect-before-the-audit", "zh")
    start, steps = found[("5G智享套餐（个人版）", "start")]
    assert "已于 2026-11-01 00:00 生效" in start.message and "将于" not in start.message
    assert "2026-11 账单（12 月初出账）起计费" in start.message
    text = _texts(steps)
    assert "生效前取消" not in text and "2026-10-31" not in text
    assert "现在改套餐自 2026-12-01 起生效" in text and "次月生效" in text
    assert _due(steps) == [date(2026, 11, 30)]
    end, _ = found[("4G飞享18元套餐（2018版）", "end")]
    assert "已于 2026-11-01 00:00 失效" in end.message
    english = _found("a-plan-change-that-took-effect-before-the-audit", "en")
    start, steps = english[("5G智享套餐（个人版）", "start")]
    assert "took effect on 2026-11-01 00:00" in start.message
    assert "2026-11 bill (out early December" in start.message
    assert "applies from 2026-12-01" in _texts(steps) and "before it takes" not in _texts(steps)
    end, _ = english[("4G飞享18元套餐（2018版）", "end")]
    assert "expired on 2026-11-01 00:00" in end.message and "expires" not in end.message


@pytest.mark.parametrize("carrier", [*CARRIER_IDS, ""])
def test_a_service_that_started_this_month_is_cancelled_from_the_next(carrier):
    found = _found("a-plan-change-that-took-effect-before-the-audit", "zh", carrier)
    _, steps = found[("5G流量包", "start")]
    (stop,) = [a for a in steps if a.due]
    assert stop.due == date(2026, 11, 30) and stop.channel in ("app", "hotline")
    assert "已于 2026-11-02 生效" in stop.text and "自 2026-12-01 起不再收费" in stop.text
    # one starting later this month can still be cancelled before its day
    _, steps = found[("5G视频彩铃", "start")]
    (stop,) = [a for a in steps if a.due]
    assert stop.due == date(2026, 11, 19) and "请在 2026-11-20 生效前取消" in stop.text


def test_a_pending_service_without_a_date_whose_month_has_come():
    for language, maybe in (("zh", "可能已经生效"), ("en", "may have taken effect")):
        ((_, steps),) = _found("pending-without-a-date-in-the-audit-month", language).values()
        assert maybe in _texts(steps) and _due(steps) == [date(2026, 11, 30)]
        assert "2026-11-01" not in _texts(steps) and "2026-10-31" not in _texts(steps)


def test_a_cancellation_dated_ahead_is_told_as_to_come():
    told_as = (("zh", "将于 2026-11-20 退订"), ("en", "is to be cancelled on 2026-11-20"))
    for language, told in told_as:
        ((end, _),) = _found("a-cancellation-the-list-dates-after-the-audit", language).values()
        assert told in end.message


def test_a_change_still_to_come_is_told_as_before():
    ((_, plan),) = [
        (f, a) for (name, change), (f, a) in _found(
            "pending-plan-change-start-and-plan-replaced-end", "zh"
        ).items() if change == "start"
    ]  # fmt: skip
    assert "请在 2026-12-01 生效前取消" in _texts(plan) and _due(plan) == [date(2026, 11, 30)]


def _discount(case_id: str, language: str, as_of: date) -> tuple[Finding, list[Action]]:
    with lang.using(language):
        (finding,) = case_findings(RULE, case_id)
        return finding, get_rule(RULE)().actions(replace(finding, carrier="china-telecom"), as_of)


def test_a_discount_that_ended_is_asked_for_again_not_kept():
    # its case is audited on 11-05, after its end on 11-01; its steps, told again on
    # 10-20 (an older audit's finding shown again), ask to keep it before then
    finding, after = _discount("a-discount-that-ends-next-month", "en", AS_OF)
    assert "expired on 2026-11-01 00:00" in finding.message
    assert "The offer ended on 2026-11-01" in _texts(after) and "keep" not in _texts(after)
    _, before = _discount("a-discount-that-ends-next-month", "zh", date(2026, 10, 20))
    assert "想保留这个优惠：在 2026-11-01 结束前" in _texts(before)
