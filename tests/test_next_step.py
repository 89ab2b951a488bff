"""What is due next about a finding (auditor.writers.followup.next_step): the Follow-up
sheet's and the JSON's "next", from the finding's rule, steps and the user's records."""

from __future__ import annotations

from datetime import date

from auditor.model import Action, Finding, UserRecord
from auditor.writers.followup import next_step

AS_OF = date(2026, 11, 26)
APPEAL = Action(9, "appeal", "申诉", opens=date(2026, 12, 11), due=date(2027, 3, 31))


def _finding(rule: str, periods: list[str], *records: UserRecord, severity="high") -> Finding:
    first = Action(1, "hotline", "致电 10086，要求退还重复收取的 19.00 元 / ask for it back")
    return Finding(
        rule, severity, "china-mobile", "13900001111", "咪咕视频会员", periods, 1500, 1500,
        "message", actions=[first, APPEAL], records=list(records),
    )  # fmt: skip


def _record(kind: str, on: date, ticket: str = "") -> UserRecord:
    return UserRecord(1, kind, "13900001111", "咪咕视频会员", "", on, ticket)


def test_a_charge_after_the_users_cancellation_is_complained_about_now():
    step = next_step(
        _finding("unknown-vas", ["2026-11"], _record("cancel", date(2026, 10, 8))), AS_OF
    )
    assert step.text.startswith(
        "你 2026-10-08 退订后仍扣费：先核对已订业务，仍在就按操作步骤再次退订"
    )
    assert step.text.endswith(
        "；再投诉，出示你 2026-10-08 退订的截图或短信回执（如有工单号，一并出示），要求退款"
    )


def test_a_charge_before_the_cancellation_is_asked_back_not_complained_about():
    cancelled = _record("cancel", date(2026, 11, 7), "T-1")
    step = next_step(_finding("unknown-vas", ["2026-10"], cancelled), AS_OF)
    assert step.text == (
        "你已于 2026-11-07 退订（工单号 T-1）：按操作步骤要求退还已扣的 15.00 元（2026-10），"
        "并核对 2026-12 账单不再扣费"
    )


def test_a_duplicate_is_asked_back_not_cancelled():
    step = next_step(_finding("duplicate-charge", ["2026-10"]), AS_OF)
    assert step.text.startswith("致电 10086，要求退还重复收取")
    assert "退订" not in step.text and step.due == APPEAL.due


def test_a_complaint_about_an_informational_finding_leads_to_no_appeal():
    complained = _record("complaint", date(2026, 11, 10), "C-1")
    finding = _finding("next-month-effective", ["2026-12"], complained, severity="info")
    step = next_step(finding, AS_OF)
    assert "12300" not in step.text


def test_the_bill_to_check_is_the_month_after_the_cancellation_recorded():
    # Cancelled on 10-06 (October still due), audited in late November with October's
    # bill the latest: November's bill is the first that must not charge it.
    cancelled = _record("cancel", date(2026, 10, 6))
    step = next_step(_finding("unknown-vas", ["2026-10"], cancelled), AS_OF)
    assert "核对 2026-11 账单不再扣费" in step.text
    assert step.opens == AS_OF and step.due == date(2026, 12, 5)  # when that bill is out
    # not cancelled yet: cancelling today leaves November due, December's bill tells
    step = next_step(_finding("unknown-vas", ["2026-10"]), AS_OF)
    assert "核对 2026-12 账单不再扣费" in step.text


def test_a_cancellation_recorded_ends_a_years_cost_but_not_a_charge_after_one():
    from auditor.writers.figures import finding_yearly_fen

    cancelled = _record("cancel", date(2026, 11, 7))
    # an unknown service charged through October, cancelled in November: over
    assert finding_yearly_fen(_finding("unknown-vas", ["2026-10"], cancelled)) == 0
    assert finding_yearly_fen(_finding("unknown-vas", ["2026-10"])) == 1500 * 12
    # a charge after a cancellation the carrier ignored goes on costing
    assert finding_yearly_fen(_finding("lingering-charge", ["2026-10"], cancelled)) == 1500 * 12


def test_a_complaint_waits_for_the_answer_then_appeals_by_the_last_day():
    complained = _record("complaint", date(2026, 11, 20), "C-1")
    # still charged and not cancelled: the complaint does not stop it, cancelling comes first
    first = (
        "仍在扣费，投诉不会停止扣费：按操作步骤退订，在「处理步骤」表记下日期和工单号"
        "（或 auditor record cancel）。"
    )
    waiting = next_step(_finding("unknown-vas", ["2026-10"], complained), AS_OF)
    assert waiting.text == first + (
        "等运营商答复你 2026-11-20 的投诉（工单号 C-1）；2026-12-11 起仍未解决，"
        "向工信部 12300 申诉，最迟 2027-03-31"
    )
    assert (waiting.opens, waiting.due) == (APPEAL.opens, APPEAL.due)
    due = next_step(_finding("unknown-vas", ["2026-10"], complained), APPEAL.opens)
    assert due.text == first + "向工信部 12300 申诉，附投诉工单号 C-1，最迟 2027-03-31"
    # cancelled too: the complaint's step alone, and the bill to check
    cancelled = _record("cancel", date(2026, 11, 21))
    step = next_step(_finding("unknown-vas", ["2026-10"], complained, cancelled), AS_OF)
    assert step.text.startswith("等运营商答复你 2026-11-20 的投诉") and "仍在扣费" not in step.text


def test_a_trial_cancelled_asks_its_paid_months_back_and_the_next_bill_checked():
    """A trial turned paid the user cancelled in its last month charged: what is due is
    the money of its paid months and the bill after, never another cancellation; with a
    complaint made too, its answer or the appeal, and still that bill."""
    cancelled = _record("cancel", date(2026, 10, 6), "DX1")
    finding = _finding("trial-to-paid", ["2026-09", "2026-10"], cancelled)
    finding.amount_fen = 3000
    step = next_step(finding, AS_OF)
    assert "30.00 元（2026-09、2026-10）" in step.text and "核对 2026-11 账单不再扣费" in step.text
    assert "退订并" not in step.text and "按操作步骤退订" not in step.text
    complained = UserRecord(
        2, "complaint", "13900001111", "咪咕视频会员", "", date(2026, 10, 6), "C1"
    )
    finding.records.append(complained)
    step = next_step(finding, APPEAL.opens)  # the carrier's time to answer is out
    assert step.text == (
        "向工信部 12300 申诉，附投诉工单号 C1，最迟 2027-03-31；另核对 2026-11 账单不再扣费"
    )
    assert (step.opens, step.due) == (APPEAL.opens, APPEAL.due)
    # once a later bill no longer charges it, that bill was checked: the appeal alone
    finding.stopped = "2026-11"
    assert "核对" not in next_step(finding, APPEAL.opens).text


def test_a_price_rise_complained_about_waits_for_the_answer_then_appeals():
    """A rise disputes no money, but its steps end in an appeal: once the user complained,
    what is due is the carrier's answer, then the appeal, not the first step again."""
    complained = _record("complaint", date(2026, 11, 20), "C-1")
    rise = _finding("price-change", ["2026-09", "2026-10"], complained, severity="medium")
    assert next_step(_finding("price-change", ["2026-10"], severity="medium"), AS_OF).text == (
        rise.actions[0].text
    )
    waiting = next_step(rise, AS_OF)
    assert waiting.text.startswith("等运营商答复你 2026-11-20 的投诉（工单号 C-1）")
    assert (waiting.opens, waiting.due) == (APPEAL.opens, APPEAL.due)
    assert next_step(rise, APPEAL.opens).text.startswith("向工信部 12300 申诉，附投诉工单号 C-1")


def test_money_refunded_in_full_checks_the_bill_after_the_latest_read():
    cancelled = _record("cancel", date(2026, 9, 15))  # (what a lingering charge is after)
    refunded = _finding("lingering-charge", ["2026-09", "2026-10"], cancelled)
    refunded.refunded_fen = refunded.amount_fen
    for as_of in (AS_OF, date(2027, 1, 20)):  # November's bill not read yet, either day
        step = next_step(refunded, as_of)
        assert step.text == "已全部退还（你的记录）：核对 2026-11 账单不再扣费"
        assert step.due == date(2026, 12, 5)
    refunded.stopped = "2026-11"  # November's bill read, no longer charging it
    assert "核对 2026-12 账单" in next_step(refunded, AS_OF).text


def test_a_service_not_charged_yet_is_cancelled_before_it_is_not_asked_back():
    """A paid service subscribed and not charged yet (a free trial): nothing to refund."""
    trial = _finding("unknown-vas", ["2026-07"])
    trial.amount_fen = 0
    step = next_step(trial, date(2026, 8, 5))
    assert step.text.startswith("尚未扣费，无需退款：不需要的话，在开始扣费前按操作步骤退订")
    assert "要求退款" not in step.text and "核对 2026-09 账单不扣费" in step.text
    trial.records = [_record("cancel", date(2026, 8, 6), "T-1")]
    assert next_step(trial, date(2026, 8, 20)).text == (
        "你已于 2026-08-06 退订（工单号 T-1）：核对 2026-09 账单不扣费"
    )


def test_an_undisputed_finding_cancelled_checks_the_bill_after_the_latest_read():
    """An amount billed by category (undisputed) the user cancelled: the bill by whose
    date its step is due is the one after the latest read, which one that no longer
    charges it (``stopped``) moves on, as for every other step naming a bill."""
    cancelled = _record("cancel", date(2026, 9, 20))
    finding = _finding("unknown-vas", ["2026-09"], cancelled)
    finding.service = "增值业务费（未列明项目）"
    assert next_step(finding, AS_OF).due == date(2026, 11, 5)  # October's bill, not read
    finding.stopped = "2026-10"  # October's bill read, no longer charging it
    assert next_step(finding, AS_OF).due == date(2026, 12, 5)  # November's, not October's


def test_money_refunded_in_full_of_a_service_not_cancelled_is_cancelled_first():
    """A refund stops nothing: a service still charged that the user did not record
    cancelling is to cancel, then the next bill checked (it read 'refunded in full: check
    the bill', and the charge went on)."""
    refunded = _finding("unknown-vas", ["2026-10"], severity="medium")
    refunded.refunded_fen = refunded.amount_fen
    step = next_step(refunded, AS_OF)
    assert step.text.startswith("仍在扣费，退款不会停止扣费：按操作步骤退订")
    assert step.text.endswith("已全部退还（你的记录）：核对 2026-11 账单不再扣费")
    refunded.records.append(_record("cancel", date(2026, 11, 20)))
    assert next_step(refunded, AS_OF).text == "已全部退还（你的记录）：核对 2026-12 账单不再扣费"
