"""The steps attached to findings: order, carrier data, confidence labels (the complaint
and the appeal, with their dates: test_escalation_steps.py)."""

from __future__ import annotations

import itertools
import re
from copy import deepcopy
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from rule_cases import context, findings_of, load_cases

from auditor import lang
from auditor.catalog import CARRIER_IDS, load_carrier, load_escalation
from auditor.escalation import appeal_deadline
from auditor.finding_steps import steps_for
from auditor.model import Action, Finding
from auditor.rules import RULES, Rule, disputes, get_rule
from auditor.rules.bill_total_mismatch import BillTotalMismatchDetails
from auditor.rules.lingering_charge import LingeringChargeDetails
from auditor.rules.next_month_effective import NextMonthDetails, NextMonthEndDetails
from auditor.rules.unknown_vas import UnknownVasDetails

AS_OF = date(2026, 11, 5)
CONFIDENCES = {"documented", "reported", "unverified"}
AVOID = "避开 0:00–6:00"
QUOTED_MOMENT = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d(:\d\d)?")


def _finding(rule: str, carrier: str, **overrides) -> Finding:
    base = {**deepcopy(SAMPLES[rule]), **overrides}
    return Finding(
        rule=rule, severity="high", carrier=carrier, line="13800001234", message="m", **base
    )


# One hand-made finding of each rule, for the tests of its particular steps.
SAMPLES = {
    "lingering-charge": dict(
        service="视频彩铃订阅-酷电秀专属6元包",
        periods=["2026-10"],
        amount_fen=600,
        monthly_fen=600,
        details=LingeringChargeDetails("2026-09", cancelled="2026-09-15 14:02"),
    ),
    "unknown-vas": dict(
        service="手机报-新闻早晚报",
        periods=["2026-08", "2026-09", "2026-10"],
        amount_fen=900,
        monthly_fen=300,
        details=UnknownVasDetails(third_party=True, provider="北京某某信息技术有限公司"),
    ),
    "next-month-effective": dict(
        service="5G智享套餐（个人版）",
        periods=["2026-12"],
        amount_fen=5800,
        monthly_fen=5800,
        change="start",
        details=NextMonthDetails("2026-12-01 00:00", "plan", "2026-12", "待生效"),
    ),
    "bill-total-mismatch": dict(
        service="",
        periods=["2026-10"],
        amount_fen=200,
        monthly_fen=None,
        details=BillTotalMismatchDetails(stated_fen=4100, parsed_fen=3900),
    ),
}


def actions_for(finding: Finding, as_of: date) -> list[Action]:
    """The steps the finding's own rule gives it, as the pipeline attaches them."""
    return get_rule(finding.rule)().actions(finding, as_of)


# Every registered rule's steps, for every carrier (and a brand the catalog does not
# know), on the findings its own case file gives (and its hand-made one, if it has one).
ALL = [(rule, carrier) for rule in RULES for carrier in [*CARRIER_IDS, ""]]


def _case_actions(rule: type[Rule], carrier: str) -> list[list[Action]]:
    findings = [replace(f, carrier=carrier) for f in findings_of(rule)]
    assert findings, f"{rule.id}: no case of its case file gives a finding"
    if rule.id in SAMPLES:
        findings.append(_finding(rule.id, carrier))
    return [rule().actions(finding, AS_OF) for finding in findings]


def _ids(param: object) -> str:
    return param.id if isinstance(param, type) else str(param or "unknown-brand")


@pytest.mark.parametrize(("rule", "carrier"), ALL, ids=_ids)
def test_steps_are_numbered_and_sms_steps_carry_the_catalog_confidence(rule, carrier):
    commands = load_carrier(carrier).sms_commands if carrier else ()
    for actions in _case_actions(rule, carrier):
        assert actions
        # numbered as the Actions sheet's rows: an SMS step's alternatives share its number
        assert actions[0].step == 1
        for before, action in itertools.pairwise(actions):
            same = action.alternative and action.channel == before.channel == "sms"
            assert action.step == before.step + (0 if same else 1)
        for action in actions:
            assert action.text
            if action.channel == "sms":
                assert action.confidence in CONFIDENCES
                assert (action.to, action.confidence) in {
                    (c.to.shown(), c.confidence) for c in commands
                }


@pytest.mark.parametrize(("rule", "carrier"), ALL, ids=_ids)
def test_no_step_suggests_the_maintenance_window(rule, carrier):
    for actions in _case_actions(rule, carrier):
        for action in actions:
            # Night hours may appear only inside the note that says to avoid them (a date
            # and time quoted from the service list says when it ended, not when to act).
            text = QUOTED_MOMENT.sub("", action.text)
            assert not re.search(r"(?<!\d)0?[0-5][:：]\d\d|凌晨", text), action.text
            assert not re.search(r"凌晨", action.note)
            if action.channel in ("app", "sms", "web"):
                assert AVOID in action.note


def _numbers(text: str) -> set[str]:
    return set(re.findall(r"(?<![\d.\-:])\d{5,}(?![\d.\-:])", text))


@pytest.mark.parametrize(("rule", "carrier"), ALL, ids=_ids)
def test_every_phone_number_comes_from_the_catalog(rule, carrier):
    known = {"12300", "12315", "12321", "12381"}
    if carrier:
        c = load_carrier(carrier)
        known |= {c.hotline, c.sms_number, c.complaint_line}
        for command in c.sms_commands:
            known |= _numbers(f"{command.to} {command.text} {command.note}")
    for actions in _case_actions(rule, carrier):
        for action in actions:
            assert _numbers(f"{action.to} {action.text}") <= known, action.text


def test_a_changed_catalog_changes_the_steps():
    finding = _finding("lingering-charge", "china-mobile")
    ladder = load_escalation()
    carrier = replace(load_carrier("china-mobile"), hotline="10999", complaint_line="10888")
    steps = get_rule(finding.rule)().steps
    actions = steps_for(finding, steps, AS_OF, carrier, ladder)
    hotline = [a for a in actions if a.channel == "hotline"]
    assert hotline and all(a.to == "10999" and "10999" in a.text for a in hotline)
    assert [a.to for a in actions if a.channel == "complaint"] == ["10888"]
    assert not any("10086" in a.text for a in hotline)
    later = steps_for(finding, steps, AS_OF, carrier, replace(ladder, appeal_after_days=30))
    assert [a.opens for a in later if a.to == ladder.appeal_phone] == [AS_OF + timedelta(days=30)]


def test_lingering_asks_for_the_named_refund():
    actions = actions_for(_finding("lingering-charge", "china-mobile"), AS_OF)
    ask = [a for a in actions if a.channel == "hotline"]
    assert any("6.00" in a.text and "2026-10" in a.text and "工单号" in a.text for a in ask)
    assert actions[0].channel == "app" and "已订业务" in actions[0].text
    list_sms = next(a for a in actions if a.channel == "sms")
    assert (list_sms.to, list_sms.text.endswith("「0000」到 10086"), list_sms.confidence) == (
        "10086",
        True,
        "documented",
    )


def test_third_party_charge_can_be_cancelled_at_the_sp_number():
    actions = actions_for(_finding("unknown-vas", "china-telecom"), AS_OF)
    sp = [a for a in actions if a.channel == "sms" and "106" in a.to]
    assert len(sp) == 1 and "TD" in sp[0].text and sp[0].confidence == "reported"
    telecom_list = [a for a in actions if a.to == "10001"]
    assert [a.confidence for a in telecom_list] == ["unverified"]
    assert any(a.to == "12321" for a in actions)  # spam line for SP charges
    assert any("二次确认" in a.text and "9.00" in a.text for a in actions)


def test_unknown_brand_gets_generic_steps_and_the_same_ladder():
    for carrier in ("mvno", "", "some-brand"):
        actions = actions_for(_finding("lingering-charge", carrier), AS_OF)
        assert any("该品牌的客服热线" in a.text for a in actions)
        assert not [a for a in actions if a.channel == "sms"]
        assert any(a.to == "12300" and a.opens == date(2026, 11, 20) for a in actions)


def test_next_month_effective_is_informational():
    start = actions_for(_finding("next-month-effective", "china-mobile"), AS_OF)
    assert not [a for a in start if a.channel in ("complaint", "appeal")]
    assert any("2026-12" in a.text for a in start)
    assert [a.due for a in start if a.due] == [date(2026, 11, 30)]  # before it starts
    assert any("合约期" in a.text for a in start)
    ends = NextMonthEndDetails("2026-11-30", "vas", "2026-12", "", last_charged_month="2026-11")
    end = _finding("next-month-effective", "china-telecom", change="end", details=ends)
    texts = " ".join(a.text for a in actions_for(end, AS_OF))
    assert "2026-11" in texts and "2026-12" in texts


def test_unicom_caution_about_tdzd():
    actions = actions_for(_finding("unknown-vas", "china-unicom"), AS_OF)
    assert any("TDZD" in a.note for a in actions if a.channel == "sms")


def test_cancel_channels_for_an_unknown_service_are_alternatives():
    finding = _finding("unknown-vas", "china-mobile")
    finding.service = "视频彩铃订阅-酷电秀专属6元包"
    actions = actions_for(finding, AS_OF)
    cancels = [a for a in actions if "退订" in a.text and a.channel in ("app", "sms")]
    assert len(cancels) >= 2
    assert not cancels[0].text.startswith("或")
    assert all(a.text.startswith("或：") for a in cancels[1:])
    with lang.using("en"):
        english = actions_for(finding, AS_OF)
    cancels = [a for a in english if "to cancel" in a.text or a.text.startswith(("Cancel", "Or:"))]
    assert len(cancels) >= 2 and not cancels[0].text.startswith("Or")
    assert all(a.text.startswith("Or: ") for a in cancels[1:])


def test_a_lingering_service_is_cancelled_again_only_if_still_listed():
    actions = actions_for(_finding("lingering-charge", "china-mobile"), AS_OF)
    (app,) = [a for a in actions if a.channel == "app" and "退订" in a.text]
    assert app.text.startswith("若仍在已订业务中，再次退订")
    with lang.using("en"):
        english = actions_for(_finding("lingering-charge", "china-mobile"), AS_OF)
    (app,) = [a for a in english if a.channel == "app" and "cancel" in a.text]
    assert app.text.startswith("If it is still on the service list, cancel it again")


def test_a_gap_explained_by_unread_rows_is_not_taken_to_the_carrier():
    finding = _finding("bill-total-mismatch", "china-mobile")
    finding.details = replace(finding.details, unreadable_rows=2)
    actions = actions_for(finding, AS_OF)
    assert "「未读行」" in actions[0].text and "的 2 行" in actions[0].text
    assert not [a for a in actions if a.channel in ("complaint", "appeal")]
    with lang.using("en"):
        first = actions_for(finding, AS_OF)[0].text
    assert "Unread rows sheet" in first and "2 unread rows" in first


def test_a_line_whose_bills_do_not_add_up_in_two_months_asks_for_both_at_once():
    """Each month's finding names every month of the line that does not add up: the
    group of them stands on one set of steps (the By service sheet and the Summary show
    its first), which must not ask for the first month's bill alone, nor its money
    alone. The appeal's deadline stays each month's own."""
    case = [c for c in load_cases("bill-total-mismatch") if c["id"].startswith("two-months")]
    findings = get_rule("bill-total-mismatch")().evaluate(context(case[0]))
    september, october = sorted(
        (f for f in findings if f.line == "18900189003"), key=lambda f: f.periods
    )
    for finding in (september, october):
        first, call = actions_for(finding, AS_OF)[:2]
        assert "2026-09、2026-10 的完整账单" in first.text, first.text
        assert "2026-09、2026-10 详单" in call.text, call.text
        assert "2026-09 相差 3.00 元" in call.text and "2026-10 相差 2.00 元" in call.text
        with lang.using("en"):
            first, call = actions_for(finding, AS_OF)[:2]
        assert "the whole bills of 2026-09 and 2026-10 again" in first.text, first.text
        assert "detailed bills (详单) of 2026-09 and 2026-10" in call.text, call.text
        assert "3.00 yuan in 2026-09" in call.text and "2.00 yuan in 2026-10" in call.text
    # what is to be explained is every month's money charged without an item, whichever
    # month's steps show
    for finding in (september, october):
        complaint = next(a for a in actions_for(finding, AS_OF) if a.channel == "complaint")
        assert "账单合计中没有对应明细的 5.00 元（2026-09 3.00 元，2026-10 2.00 元）" in (
            complaint.text
        )
    appeal = next(a for a in actions_for(september, AS_OF) if a.to == "12300")
    assert appeal.due == appeal_deadline("2026-09", 5)
    # a month alone is named alone, as before
    (alone,) = [f for f in findings if f.line == "18600005678"]
    first, call = actions_for(alone, AS_OF)[:2]
    assert "重新导出或下载 2026-08 的完整账单" in first.text
    assert "索取 2026-08 详单，请其解释合计 30.00 元与明细合计 29.00 元相差 1.00 元" in call.text


def test_an_sms_told_in_words_is_not_quoted_as_the_text_to_send():
    """China Mobile's documented cancel command is a reply of the list's serial numbers:
    the step says to send the numbers themselves, quoting an example as the literal text,
    never 「the serial numbers from the list」 as if those words were sent. Literal
    commands stay quoted as they are typed."""
    finding = _finding("unknown-vas", "china-mobile", service="咪咕视频会员")
    finding.details = UnknownVasDetails()
    for language, reply, listed, folk in (
        ("zh", "发送列表中的序号（如「1，3」）到 10086977", "发送「0000」到 10086",
         "发送「TD+序号」到 10086"),
        ("en", "send the serial numbers from the list (e.g. 「1，3」) to 10086977",
         "send 「0000」 to 10086", "send 「TD+serial number」 to 10086"),
    ):  # fmt: skip
        with lang.using(language):
            sms = [a.text for a in actions_for(finding, AS_OF) if a.channel == "sms"]
        assert any(text.endswith(reply) for text in sms), sms
        assert not any("「列表中的序号」" in t or "「the serial numbers" in t for t in sms)
        assert any(text.endswith(listed) for text in sms), sms
        assert any(text.endswith(folk) for text in sms), sms


def test_steps_read_only_their_own_rules_details():
    wrong = BillTotalMismatchDetails(stated_fen=4100, parsed_fen=3900)
    with pytest.raises(TypeError, match="LingeringChargeDetails"):
        actions_for(_finding("lingering-charge", "china-mobile", details=wrong), AS_OF)


def test_a_plan_change_under_a_running_contract_says_until_when_and_the_penalty():
    details = NextMonthDetails(
        "2026-12-01 00:00",
        "plan",
        "2026-12",
        "待生效",
        contract="承诺在网24个月（存费送机）",
        contract_until="2027-06-30",
    )
    actions = actions_for(_finding("next-month-effective", "china-mobile", details=details), AS_OF)
    (warning,) = [a for a in actions if "合约" in a.text]
    assert "承诺在网24个月（存费送机）" in warning.text and "至 2027-06-30" in warning.text
    assert "违约金" in warning.text
    with lang.using("en"):
        english = actions_for(
            _finding("next-month-effective", "china-mobile", details=details), AS_OF
        )
    (warning,) = [a for a in english if "contract 「" in a.text]
    assert "running until 2027-06-30" in warning.text and "penalty (违约金)" in warning.text
    # Without a contract on the list the step stays a general reminder.
    plain = actions_for(_finding("next-month-effective", "china-mobile"), AS_OF)
    assert not any("2027-06-30" in a.text for a in plain)
    assert any("合约期" in a.text for a in plain)


def test_a_company_line_is_handled_through_its_account_manager():
    from auditor.inputs import read_inputs
    from auditor.pipeline import AuditOptions, audit_results
    from auditor.readers import ReadOptions

    monthly = Path(__file__).resolve().parent.parent / "fixtures" / "monthly" / "2026-10"
    results = read_inputs([monthly], ReadOptions(as_of=date(2026, 10, 5)))
    personal = audit_results(results, AuditOptions(as_of=date(2026, 10, 5)))
    company = audit_results(results, AuditOptions(as_of=date(2026, 10, 5), account="company"))
    steps = [a for f in company.findings for a in f.actions]
    texts = " ".join(a.text for a in steps)
    assert "集团客户经理" in texts and "致电 10086" not in texts
    assert all(a.to != "10086" for a in steps if a.channel == "hotline")  # SMS still go there
    self_service = [a for a in steps if a.channel in ("app", "sms")]
    assert self_service and all("自助办理可能受限" in a.note for a in self_service)
    # the same findings and money, only the steps differ
    assert [(f.rule, f.amount_fen) for f in company.findings] == [
        (f.rule, f.amount_fen) for f in personal.findings
    ]
    assert "致电 10086" in " ".join(a.text for f in personal.findings for a in f.actions)


def test_the_company_closing_note_is_for_a_company_line_only():
    from auditor.inputs import read_inputs
    from auditor.pipeline import AuditOptions, audit_results
    from auditor.readers import ReadOptions

    household = Path(__file__).resolve().parent.parent / "fixtures" / "household"
    results = read_inputs([household], ReadOptions(as_of=date(2026, 11, 5)))

    def closing_notes(account: str) -> list[str]:
        report = audit_results(results, AuditOptions(as_of=date(2026, 11, 5), account=account))
        [finding] = [f for f in report.findings if f.rule == "suspended-line"]
        return [a.note for a in finding.actions if a.channel == "store" and "销户" in a.text]

    assert closing_notes("personal") and all("客户经理" not in n for n in closing_notes("personal"))
    assert any("客户经理" in n for n in closing_notes("company"))


def test_findings_alike_share_steps_that_are_each_ones_own():
    """An audit gives findings that differ only in their line the same steps, made
    once: each finding's steps are the ones its rule makes for it alone."""
    from auditor.pipeline import AuditOptions, run_audit

    root = Path(__file__).resolve().parent.parent / "fixtures"
    options = AuditOptions(as_of=AS_OF)
    report = run_audit([root / "household", root / "pdf", root / "sms", root / "json"], options)
    assert len(report.findings) > 10
    for finding in report.findings:
        alone = get_rule(finding.rule)().actions(finding, AS_OF)
        assert finding.actions == alone, (finding.rule, finding.line, finding.service)


def test_a_finding_on_another_line_shares_the_steps_and_one_with_records_does_not():
    from auditor.finding_state import same_steps
    from auditor.model import UserRecord

    first = _finding("unknown-vas", "china-mobile")
    other = replace(first, line="13900001111", id="F2")
    assert same_steps(first) == same_steps(other) is not None
    assert same_steps(replace(first, amount_fen=first.amount_fen + 1)) != same_steps(first)
    assert same_steps(replace(first, periods=["2026-08"])) != same_steps(first)
    record = UserRecord(1, "complaint", first.line, first.service, "", date(2026, 11, 1), "T1")
    assert same_steps(replace(first, records=[record])) is None


def test_a_first_month_charged_less_still_escalates_the_months_charged_more():
    """September's bill states 2.00 less than its items, October's 3.00 more: the steps
    the group shows (September's) still complain and appeal about October's 3.00."""
    case = [c for c in load_cases("bill-total-mismatch") if c["id"].startswith("two-months")]
    findings = get_rule("bill-total-mismatch")().evaluate(context(case[0]))
    september = min((f for f in findings if f.line == "18900189003"), key=lambda f: f.periods)
    flipped = replace(september.details, gaps_fen={"2026-09": -200, "2026-10": 300})
    steps = actions_for(replace(september, amount_fen=-200, details=flipped), AS_OF)
    complaint = next(a for a in steps if a.channel == "complaint")
    assert "说明并更正 2026-10 账单合计中没有对应明细的 3.00 元" in complaint.text
    assert any(a.to == "12300" for a in steps)


def test_a_bill_that_does_not_add_up_asks_for_an_explanation_not_a_refund():
    """Its money is not disputed (rules.disputes): what a bill's total holds beyond its
    items is money charged without an item, which the carrier is asked to explain and
    correct; no step asks for it back, in either language, for any of the rule's cases."""
    rule = get_rule("bill-total-mismatch")
    findings = [f for case in load_cases(rule.id) for f in rule().evaluate(context(case))]
    assert any(f.amount_fen > 0 for f in findings) and any(f.amount_fen < 0 for f in findings)
    asking_back = (("zh", ("退还", "退费", "退款")), ("en", ("refund", "money back", "it back")))
    for finding in findings:
        assert not disputes(finding.rule, finding.service)
        for language, refund in asking_back:
            with lang.using(language):
                texts = [a.text for a in actions_for(finding, AS_OF)]
            asked = [t for t in texts if any(word in t.lower() for word in refund)]
            assert not asked, asked
            over = finding.details.gaps_fen
            if any(fen > 0 for fen in over.values()) and not finding.details.unreadable_rows:
                demand = ("没有对应明细", "更正") if language == "zh" else ("without an item",)
                assert any(all(w in t for w in demand) for t in texts), texts


#: The rules whose findings are no service to cancel: a bill, a fee, a price.
NOTHING_TO_CANCEL = ("bill-total-mismatch", "duplicate-charge", "price-change")


@pytest.mark.parametrize(
    ("rule", "carrier"), [(r, c) for r, c in ALL if r.id in NOTHING_TO_CANCEL], ids=_ids
)
def test_a_finding_of_nothing_to_cancel_keeps_no_cancellations_result(rule, carrier):
    """What to keep is the rule's: a bill that does not add up, a fee billed twice or a
    price rise asks for screenshots of what shows it, never of a cancellation's result."""
    for language, cancelling in (("zh", "退订结果"), ("en", "cancellation's result")):
        with lang.using(language):
            kept = [a.text for acts in _case_actions(rule, carrier) for a in acts]
        kept = [text for text in kept if "screenshots" in text or "截图" in text]
        assert kept and not [text for text in kept if cancelling in text], kept
