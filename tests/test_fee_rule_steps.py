"""The steps and messages of the rules of issue 13 (duplicate-charge, trial-to-paid,
price-change, suspended-line) beyond the figures their case files check: closing a line
per carrier from the catalog, contracts, consent, the money asked back; and the report's
totals counting money two rules dispute once."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from rule_cases import load_cases
from test_rule_messages import case_findings

from auditor import lang
from auditor.catalog import CARRIER_IDS, load_carrier
from auditor.model import Action, Finding
from auditor.rules import get_rule
from auditor.writers import figures

AS_OF = date(2026, 11, 5)
CONFIDENCES = {"documented", "reported", "unverified"}


def steps(finding: Finding, carrier: str, company: bool = False) -> list[Action]:
    """The steps ``finding``'s rule gives it for ``carrier`` (a company's line or not)."""
    rule = get_rule(finding.rule)()
    return rule.actions(replace(finding, carrier=carrier), AS_OF, company=company)


def texts(actions: list[Action]) -> str:
    return "\n".join(f"{a.channel}|{a.to}|{a.text}|{a.note}" for a in actions)


@pytest.mark.parametrize("carrier_id", CARRIER_IDS)
def test_every_carrier_says_how_to_close_a_line(carrier_id):
    closing = load_carrier(carrier_id).closing
    assert closing is not None and closing.where.zh and closing.bring.en and closing.company
    assert all(text.zh and text.en for text in (closing.where, closing.bring, *closing.before))
    assert any("欠费" in b.zh for b in closing.before) and any(
        "副卡" in b.zh for b in closing.before
    )
    if closing.online:
        assert closing.online_confidence in CONFIDENCES and closing.online_note


@pytest.mark.parametrize("carrier_id", CARRIER_IDS)
def test_suspended_line_explains_and_closes_per_carrier(carrier_id):
    (finding,) = case_findings("suspended-line", "a-data-card-kept-on-suspension-with-a-contract")
    actions = steps(finding, carrier_id)
    closing = load_carrier(carrier_id).closing
    assert "停机不是销户" in actions[0].text and "60.00" in actions[0].text
    store = [a for a in actions if a.channel == "store"]
    assert store[-1].to == closing.where.zh and closing.bring.zh in store[-1].text
    assert "销户回执" in store[-1].text and store[-1].note == ""
    # a company's line is closed through its account manager: the catalog says so
    closed = [a for a in steps(finding, carrier_id, company=True) if a.channel == "store"][-1]
    assert closed.note == closing.company.zh
    # What must be settled first comes before closing, in the catalog's words.
    assert [a.text for a in store[:-1]] == [f"销户前：{b.zh}" for b in closing.before]
    online = [a for a in actions if closing.online and closing.online.zh in a.text]
    assert [a.confidence for a in online] == (["unverified"] if closing.online else [])
    # The running contract: until when, and the penalty, before the hall.
    contract = next(a for a in actions if "承诺在网24个月" in a.text)
    assert "2027-03-31" in contract.text and "违约金" in contract.text
    assert actions.index(contract) < actions.index(store[-1])


def test_suspended_line_without_a_contract_or_a_known_carrier():
    (finding,) = case_findings("suspended-line", "the-list-alone-shows-it")
    actions = steps(finding, "")
    text = texts(actions)
    assert "未到期，须先解约，可能需支付违约金" in text  # the general warning
    assert "自有营业厅" in text and "身份证原件" in text
    assert not [a for a in actions if a.confidence]  # no online channel claimed
    assert finding.message.startswith("号码处于停机状态（已订业务显示「报停」）")
    assert "78.00" in finding.message and "468.00" in finding.message  # 39.00 × 12


def test_duplicate_asks_for_the_money_over_one_charge_back():
    (finding,) = case_findings("duplicate-charge", "a-plan-fee-billed-twice-in-one-month")
    actions = steps(finding, "china-broadnet")
    ask = next(a for a in actions if a.channel == "hotline")
    assert "「广电5G 19元套餐」" in ask.text and "19.00" in ask.text
    assert "2026-09 共 2 次" in ask.text
    assert ask.to == "10099" and "工单号" in ask.text
    assert any(a.to == "12300" and "19.00" in a.text for a in actions)
    assert "多收 19.00 元" in finding.message


def test_trial_to_paid_asks_about_consent_then_the_refund():
    (finding,) = case_findings("trial-to-paid", "a-free-order-confirmation-later-charged")
    actions = steps(finding, "china-unicom")
    first = actions[0]
    assert "二次确认" in first.text and "北京某某信息技术有限公司" in first.text
    assert any(a.channel == "sms" and "106" in a.to for a in actions)  # the SP's own number
    refund = [a for a in actions if "二次确认" in a.text and "5.00" in a.text]
    assert refund and actions.index(refund[0]) > 0
    assert any(a.to == "12321" for a in actions)  # SP charges: the spam line too
    assert "2026-10 起转为付费（5.00 元/月）" in finding.message


def test_trial_to_paid_says_when_the_trial_began():
    (listed,) = case_findings("trial-to-paid", "a-listed-trial-billed-free-then-paid")
    assert "2026-09-23 20:14 开通，免费试用" in listed.message
    (billed,) = case_findings("trial-to-paid", "billed-free-for-two-months-then-paid-for-two")
    assert "2026-07 账单为 0.00（免费）" in billed.message
    assert "2026-09 起转为付费（10.00 元/月）" in billed.message


def test_price_change_names_the_promotion_and_the_yearly_cost():
    # The list shows the promotion running to 2027: the discount stopped before its end.
    (finding,) = case_findings("price-change", "the-promotion-on-the-list-is-named")
    # owed only to its end: October to December
    assert "至 2026-12 账单每月多 10.00 元，共多 30.00 元" in finding.message
    assert (
        "「新入网话费优惠（6个月）」到 2027-01-01 00:00 才到期，优惠却提前没有了" in finding.message
    )
    assert "已订业务中为" not in finding.message  # the promotion is named once
    actions = steps(finding, "china-mobile")
    (asked,) = [a for a in actions if "新入网话费优惠（6个月）" in a.text]
    assert "提前没有了" in asked.text and "补回 2026-10 起" in asked.text
    assert "续办" not in asked.text  # nothing to renew: it should still be running
    assert "2026-10" in actions[0].text and "10.00" in actions[0].text
    assert any(a.channel == "appeal" and a.to == "12300" for a in actions)


@pytest.mark.parametrize(
    ("case", "listed", "asked"),
    [
        (
            "a-promotion-cancelled-before-its-expiry-is-a-rise",
            "「新入网话费优惠（6个月）」于 2026-09-20 11:00 退订",
            "若不是你办理的，询问原因，要求恢复",
        ),
        (
            "a-discount-gone-as-a-contract-ended-is-still-a-rise",
            "「承诺在网12个月」于 2026-10-01 00:00 到期",
            "询问能否续办，或改办同等优惠",
        ),
    ],
)
def test_price_change_says_how_the_list_shows_the_promotion_ended(case, listed, asked):
    (finding,) = case_findings("price-change", case)
    assert listed in finding.message
    assert any(asked in a.text for a in steps(finding, "china-mobile"))


def test_price_change_under_a_contract_warns_of_the_penalty():
    case = "a-rise-in-the-first-months-known-that-the-list-dates-earlier"
    (finding,) = case_findings("price-change", case)
    assert "2026-08 为 18.00 元，2026-09 起为 38.00 元" in finding.message
    actions = steps(finding, "china-mobile")
    warning = next(a for a in actions if "改套餐" in a.text)
    assert "承诺在网24个月" in warning.text and "至 2027-03-31" in warning.text
    assert "违约金" in warning.text


def test_the_new_rules_name_the_service_as_the_bill_does():
    (duplicate,) = case_findings(
        "duplicate-charge", "a-duplicate-named-as-the-bill-writes-it-with-the-list-name"
    )
    assert duplicate.service == "MIGU-VIDEO"
    assert duplicate.message.startswith("MIGU-VIDEO（已订业务中为「咪咕视频会员」）")
    (trial,) = case_findings("trial-to-paid", "a-listed-trial-billed-free-then-paid")
    assert trial.service == "咪咕阅读会员"
    assert "（已订业务中为「咪咕阅读会员（7天免费试用）」）" in trial.message
    with lang.using("en"):
        (english,) = case_findings("trial-to-paid", "a-listed-trial-billed-free-then-paid")
    assert "(listed as 「咪咕阅读会员（7天免费试用）」)" in english.message


def test_money_two_rules_dispute_is_counted_once():
    """An unknown service that was a trial turned paid is unknown-vas's and
    trial-to-paid's finding: the totals count its money once; other money adds up."""
    (case,) = [c for c in load_cases("trial-to-paid") if c["id"].startswith("a-listed-trial")]
    (trial,) = case_findings("trial-to-paid", case["id"])
    (unknown,) = case_findings("unknown-vas", "a-trial-note-in-the-list-name-is-not-the-bill-name")
    assert (
        (trial.service, trial.amount_fen)
        == (unknown.service, unknown.amount_fen)
        == (
            "咪咕阅读会员",
            1000,
        )
    )
    (other,) = case_findings("duplicate-charge", "a-plan-fee-billed-twice-in-one-month")
    assert figures.Counted([trial, unknown]).claimable_fen == 1000
    assert figures.Counted([trial, unknown]).yearly_fen == 12000
    assert figures.Counted([trial, unknown, other]).claimable_fen == 1000 + 1900
    # The larger covers the smaller: all the money of a fee, or only its copies over one.
    bigger = replace(unknown, amount_fen=3000)
    assert figures.Counted([trial, bigger]).claimable_fen == 3000
    # Not disputed (a price rise, a suspension): no money of theirs is claimed.
    (rise,) = case_findings("price-change", "a-fee-that-rose-and-stays-risen")
    assert figures.Counted([rise]).claimable_fen == 0


@pytest.mark.parametrize(
    ("rule_id", "case_id"),
    [
        ("trial-to-paid", "a-listed-trial-billed-free-then-paid"),
        ("unknown-vas", "a-trial-note-in-the-list-name-is-not-the-bill-name"),
    ],
)
def test_a_carrier_without_cancel_commands_is_asked_to_cancel(rule_id, case_id):
    (finding,) = case_findings(rule_id, case_id)
    broadnet = texts(steps(finding, "china-broadnet"))
    assert "致电 10099，要求退订「咪咕阅读会员」" in broadnet
    # Where the catalog has a way to cancel, no extra call is suggested.
    assert "要求退订「咪咕阅读会员」并确认" not in texts(steps(finding, "china-mobile"))


def test_every_suspension_word_holds_the_mark_the_rule_looks_for_first():
    from auditor.rules.suspension import SUSPENSION_MARK
    from auditor.words import SUSPENSION_WORDS

    assert all(SUSPENSION_MARK in word for word in SUSPENSION_WORDS)


def test_the_mark_is_found_in_a_name_without_folding_it_first():
    """No character folds (NFKC) to one holding the mark, no characters compose into it
    (it decomposes to nothing), and it folds to itself: a name holds it exactly when its
    folded form does."""
    import sys
    import unicodedata

    from auditor.rules.suspension import SUSPENSION_MARK

    assert unicodedata.normalize("NFKC", SUSPENSION_MARK) == SUSPENSION_MARK
    assert unicodedata.decomposition(SUSPENSION_MARK) == ""
    folding_to_it = [
        hex(code)
        for code in range(sys.maxunicode + 1)
        if chr(code) != SUSPENSION_MARK
        and SUSPENSION_MARK in unicodedata.normalize("NFKC", chr(code))
    ]
    assert folding_to_it == []


def test_a_discount_ending_asks_no_refund_and_says_the_bill_rises():
    for language, rises, renew, wrong in (
        ("zh", "账单每月约多 20.00 元", "续办", ("退费", "退订后仍扣费")),
        ("en", "the bill is about 20.00 yuan a month higher", "renewed", ("refund", "after")),
    ):
        with lang.using(language):
            (finding,) = case_findings("next-month-effective", "a-discount-that-ends-next-month")
            actions = steps(finding, "china-telecom")
        assert rises in finding.message and "-20.00" not in finding.message
        text = texts(actions)
        assert not any(word in text for word in wrong) and "-20.00" not in text
        assert "20.00" in actions[0].text and renew in actions[1].text


def test_an_unsure_rise_costs_what_its_message_says_and_first_asks_when_it_started():
    # The spec's medium, and the year its message counts (71.04), hedge and all: a rise
    # left low with no cost a year said 71.04 where the Summary and the JSON said 0.00.
    with lang.using("en"):
        (finding,) = case_findings(
            "price-change", "the-first-month-known-of-a-line-may-be-by-the-day"
        )
        actions = steps(finding, "china-mobile")
    assert (finding.severity, finding.monthly_fen, figures.finding_yearly_fen(finding)) == (
        "medium",
        592,
        7104,
    )
    assert "If it started during 2016-08" in finding.message and "71.04" in finding.message
    assert "started" in actions[0].text and "2016-08" in actions[0].text


def test_a_plan_fee_twice_that_may_be_two_halves_says_so_and_what_to_check_first():
    # Trial t7's D6: nothing prices 任我行套餐, so its 9.00 twice is given, as the spec's
    # words have it, saying plan fees can be billed by the half-month and what to look at.
    with lang.using("en"):
        (unsure,) = case_findings(
            "duplicate-charge",
            "two-equal-plan-fee-items-nothing-prices-are-a-duplicate-said-maybe-halves",
        )
        (sure,) = case_findings(
            "duplicate-charge", "two-equal-plan-fee-items-the-list-prices-at-one-are-a-duplicate"
        )
        first = steps(unsure, "china-mobile")[0].text
        plain = steps(sure, "china-mobile")[0].text
    assert "billed by the half-month" in unsure.message and "18.00 yuan a month" in unsure.message
    assert "service list" in unsure.message and "dates" in unsure.message
    assert "half-month" in first and "18.00" in first and "steps below can be left" in first
    assert "half-month" not in sure.message and "half-month" not in plain
    assert "beyond the one charge due in 2026-10." in unsure.message
    with lang.using("en"):
        (three,) = case_findings(
            "duplicate-charge",
            "two-equal-plan-fee-items-the-list-prices-at-their-sum-are-two-half-months",
        )
    # three copies of a half: one over the month's two halves, billed three times
    assert "3 times in 2026-09" in three.message
    assert "beyond the month's fee (its two half-months) due in 2026-09" in three.message
