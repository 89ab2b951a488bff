"""What the rules' messages and details say beyond the figures the case files check:
names as the bill writes them, the service list's name beside them, contracts."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from rule_cases import context, load_cases

from auditor import lang
from auditor.catalog import load_carrier, load_escalation
from auditor.finding_steps import steps_for
from auditor.model import Finding
from auditor.rules import get_rule
from auditor.writers.followup import next_step


def case_findings(rule_id: str, case_id: str) -> list[Finding]:
    """The findings ``rule_id`` gives on its case ``case_id``."""
    (case,) = [c for c in load_cases(rule_id) if c["id"] == case_id]
    return get_rule(rule_id)().evaluate(context(case))


@pytest.mark.parametrize(
    ("rule_id", "case_id", "billed", "listed"),
    [
        (
            "unknown-vas",
            "a-trial-note-in-the-list-name-is-not-the-bill-name",
            "咪咕阅读会员",
            "咪咕阅读会员（7天免费试用）",
        ),
        (
            "unknown-vas",
            "code-match-names-the-service-as-the-bill-does",
            "MIGU-VIDEO",
            "咪咕视频会员",
        ),
        (
            "lingering-charge",
            "code-match-with-different-names",
            "视频彩铃订阅-酷电秀专属6元包",
            "酷电秀6元包",
        ),
        (
            "lingering-charge",
            "bracketed-price-in-the-name",
            "视频彩铃订阅包（10元/月）",
            "视频彩铃订阅包",
        ),
    ],
)
def test_a_finding_names_the_bill_item_and_gives_the_list_name(rule_id, case_id, billed, listed):
    (finding,) = case_findings(rule_id, case_id)
    assert finding.service == billed
    assert finding.message.startswith(f"{billed}（已订业务中为「{listed}」）")
    with lang.using("en"):
        (english,) = case_findings(rule_id, case_id)
    assert english.message.startswith(f"{billed} (listed as 「{listed}」): ")


def test_the_same_name_on_the_bill_and_the_list_is_given_once():
    (finding,) = case_findings("unknown-vas", "charged-unknown-vas-over-three-months")
    assert finding.service == "咪咕视频会员"
    assert "已订业务中为" not in finding.message and "listed as" not in finding.message


def test_a_free_trial_not_charged_yet_is_told_as_one_to_cancel_before_it_turns_paid():
    """A trial on the list at 0.00 on the bill: it says so, and to cancel before it turns
    paid; nothing charged, so nothing to refund (its steps and next step ask none)."""
    with lang.using("zh"):
        (zh,) = case_findings("unknown-vas", "a-free-trial-not-charged-yet-says-so")
    with lang.using("en"):
        (en,) = case_findings("unknown-vas", "a-free-trial-not-charged-yet-says-so")
    assert (
        "（已订业务中为「视频彩铃会员（首月免费体验）」）：免费试用中的付费增值业务" in zh.message
    )
    assert "试用结束后按 10.00 元/月收费" in zh.message and "在转为付费前退订" in zh.message
    assert "on a free trial" in en.message and "before it turns paid" in en.message
    (paid,) = case_findings("unknown-vas", "subscribed-but-not-charged")  # not a trial
    assert "试用" not in paid.message and not paid.details.trial


def test_a_service_on_a_bill_giving_its_total_alone_is_not_said_not_charged():
    """Trial t16: a bill SMS stating its total alone (no items) may have charged the trial
    the list shows: its message, steps and next step say whether it was charged is
    unknown and to get that month's detailed bill (详单), never "not charged yet, nothing
    to ask back"; a bill whose items do not charge it still says "not charged yet"."""
    case, itemised = (
        "a-trial-on-a-bill-giving-its-total-alone-may-be-charged",
        ("an-itemised-bill-not-charging-it-tells-it-was-not-charged"),
    )
    ladder, as_of = load_escalation(), date(2026, 11, 5)
    with lang.using("en"):
        (en,) = case_findings("unknown-vas", case)
        (told,) = case_findings("unknown-vas", itemised)
        steps = get_rule("unknown-vas")().steps
        actions = steps_for(en, steps, as_of, load_carrier("china-broadnet"), ladder)
        step = next_step(replace(en, actions=actions), as_of).text
        told_step = next_step(told, as_of).text
    unknown = "the 2026-10 bill gives a total alone, no items, so whether it was charged is unknown"
    assert unknown in en.message and "not charged on a bill yet" not in en.message
    assert en.message.endswith("If you do not want it, cancel it now.")
    assert step.startswith("Whether the 2026-10 bill charged it is unknown (it gives a total")
    assert "get its detailed bill (详单) first" in step and "Not charged yet" not in step
    assert any(
        "ask for the detailed bill (详单" in a.text and "of 2026-10" in a.text for a in actions
    )
    assert "not charged on a bill yet" in told.message and told_step.startswith("Not charged yet")
    with lang.using("zh"):
        (zh,) = case_findings("unknown-vas", case)
        zh_step = next_step(zh, as_of).text
    assert "2026-10 账单只有总额、没有列明项目，是否已扣费无从得知" in zh.message
    assert "尚未扣费" not in zh.message and zh_step.startswith("2026-10 账单只有总额")


@pytest.mark.parametrize(
    ("rule_id", "case_id"),
    [
        (
            "lingering-charge",
            "a-fee-billed-beside-a-service-the-list-shows-cancelled-is-a-finding-of-its-own",
        ),
        ("unknown-vas", "a-listed-service-and-its-fee-on-one-bill-are-two-findings"),
    ],
)  # fmt: skip
def test_a_fee_billed_beside_its_service_is_told_as_that_services_fee(rule_id, case_id):
    """A fee matched to the list's entry of its service, billed beside it: its finding
    says whose fee it is, not that the list calls it 彩铃 (the service's own finding is
    that); the service's own finding names no fee and counts only its own money."""
    with lang.using("en"):
        service, fee = case_findings(rule_id, case_id)
    assert (service.service, fee.service) == ("彩铃", "彩铃功能费")
    assert fee.message.startswith("彩铃功能费 (the fee of 「彩铃」, as listed): ")
    assert "listed as" not in fee.message and "功能费" not in service.message
    assert service.monthly_fen == 500 and fee.monthly_fen == 300
    with lang.using("zh"):
        _, fee = case_findings(rule_id, case_id)
    assert fee.message.startswith("彩铃功能费（已订业务中「彩铃」的费用）")


def test_a_line_suspended_mid_month_says_its_monthly_cost_is_estimated():
    # t7's S3: not "lately 11.32 yuan a month, about 135.84 a year" (October's plan days)
    (finding,) = case_findings(
        "suspended-line", "suspended-mid-month-costs-the-suspension-not-the-month"
    )
    assert "2026-10-15 才停机，自 2026-11 起估计每月约 5.00 元，一年约 60.00 元（估算）" in (
        finding.message
    )
    with lang.using("en"):
        (english,) = case_findings(
            "suspended-line", "suspended-mid-month-costs-the-suspension-not-the-month"
        )
    assert (
        "it was charged 11.32 yuan in 2026-10; suspended only from 2026-10-15, so from "
        "2026-11 it costs about 5.00 yuan a month, about 60.00 yuan a year (estimated)."
    ) in english.message
    assert "11.32 yuan a month" not in english.message


def test_its_steps_call_the_monthly_cost_estimated_too():
    (finding,) = case_findings(
        "suspended-line", "suspended-mid-month-costs-the-suspension-not-the-month"
    )
    steps = get_rule("suspended-line")().actions(finding, date(2026, 11, 5))
    assert "本号码估计每月约 5.00 元，一年约 60.00 元" in steps[0].text
    (whole,) = case_findings("suspended-line", "suspended-from-the-first-is-a-whole-month")
    steps = get_rule("suspended-line")().actions(whole, date(2026, 11, 5))
    assert "本号码最近每月 5.00 元，一年约 60.00 元" in steps[0].text
