"""What is due next about a finding, and by when: the carriers' follow-up ladder (cancel,
check the next bill, complain with the ticket, appeal 15 days later within the limit),
read from the finding's steps and the user's records about it.

The Follow-up sheet and the JSON's ``next`` both read :func:`next_step`, and the
Summary's and By service's step column :func:`group_step`, which reads it, so that none
disagree (each worked out once per report: :mod:`auditor.writers.report_figures`);
the dates are the steps' own (``Action.opens`` / ``Action.due``). What is due after
a complaint is :func:`~auditor.escalation.after_complaint`'s, after an appeal
:func:`~auditor.escalation.after_appeal`'s, a refund due's too.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import replace
from datetime import date, timedelta

from auditor.catalog import load_escalation
from auditor.citing import proof_of
from auditor.escalation import (
    NextStep,
    after_appeal,
    after_complaint,
    latest_appeal,
    latest_complaint,
)
from auditor.finding_state import (
    after_cancel_said,
    bill_to_check,
    charge_stopped,
    detailed_bill_first,
    ending_cancel,
    money_asked,
    not_charged_head,
    recorded_cancel,
    totals_only,
)
from auditor.lang import counted, say
from auditor.model import Action, Finding, UserRecord
from auditor.rules import find_rule
from auditor.sheets import ACTIONS, FOLLOW_UP
from auditor.values import month_add, month_of
from auditor.wording import capitalized, uncapitalized
from auditor.writers.figures import ServiceGroup, is_disputed

#: Lines elsewhere than a group's step that its cell names (more are counted).
OTHERS_NAMED = 3
#: Days after a month ends that its bill is out, so that it can be checked.
BILL_OUT_DAYS = 5


def _cancel_first(kind: str, finding: Finding) -> str:
    """Before the next step of a complaint, an appeal or a refund in full (``kind``) about
    a service still charged and not cancelled (or cancelled, but the latest list still
    shows it: the cancellation did not take): none of them stops the charge, which goes
    on for the weeks the answer takes, and after the money came back."""
    zh, en = {
        "complaint": ("投诉", "complaint"),
        "appeal": ("申诉", "appeal"),
        "refund": ("退款", "refund"),
    }[kind]
    if _listed_still(finding):
        return say(
            f"最新的已订业务仍显示它在用，你的退订没有生效，{zh}也不会停止扣费：按操作步骤再次退订，"
            f"截图保存退订结果，在「{ACTIONS.zh}」表记下日期（或 auditor record cancel）。",
            "The latest service list still shows it active: your cancellation did not take, "
            f"and the {en} does not stop the charge. Cancel it again by the steps, keep a "
            f"screenshot of the result and write the date in the {ACTIONS.en} sheet (or run "
            "auditor record cancel). ",
        )
    return say(
        f"仍在扣费，{zh}不会停止扣费：按操作步骤退订，在「{ACTIONS.zh}」表记下日期和工单号"
        "（或 auditor record cancel）。",
        f"It is still charged, and the {en} does not stop that: cancel it by the steps and "
        f"write the date and the ticket number (工单号) in the {ACTIONS.en} sheet (or run "
        "auditor record cancel). ",
    )


def next_step(finding: Finding, as_of: date) -> NextStep:
    """What the user does next about ``finding`` as of ``as_of``."""
    appeal = _first(finding.actions, "appeal")
    records, periods = finding.records, finding.periods  # those about its months
    made, appealed = latest_complaint(records, periods), latest_appeal(records, periods)
    if not is_disputed(finding):  # no money to ask back: its own steps, as far as the user got
        if appealed:  # (a price rise appealed against): the centre's answer
            return after_appeal(appealed, load_escalation(), as_of, records)
        return _undisputed(finding, as_of, appeal)
    if finding.refunded_in_full:
        if not finding.details.goes_on():
            # Ordered again: the bills after its months charge the new order, rightly.
            return NextStep(
                say(
                    "已全部退还（你的记录）：无需再做；此后的扣费属于重新订购",
                    "Refunded in full (your records): nothing left to do; what is charged "
                    "after its months is the new order's",
                ),
                as_of,
                None,
                waits=True,
            )
        # Its money is back: what is left is to see that the charge does not come back,
        # having cancelled the service first if the user has not (a refund stops nothing).
        cancelled = _cancel_recorded(finding)
        first_free = bill_to_check(finding, cancelled.on if cancelled else None)
        text = say(
            f"已全部退还（你的记录）：核对 {first_free} 账单不再扣费",
            f"Refunded in full (your records): check that the {first_free} bill no longer "
            "charges it",
        )
        if after := after_cancel_said(finding):  # that bill read, and charging it
            text = say(
                f"已全部退还（你的记录）；{after}", f"Refunded in full (your records); {after}"
            )
            return NextStep(text, as_of, None, waits=True)
        cancels = _of(finding.records, "cancel")
        if _cancels(finding) and _still_billed(finding) and (not cancels or _listed_still(finding)):
            # a cancellation to make first: something to do now
            return NextStep(_cancel_first("refund", finding) + text, as_of, _bill_out(first_free))
        return NextStep(text, as_of, _bill_out(first_free), waits=True)
    step = None
    if appealed:  # the appeal centre's answer, whatever complaint came before
        step = after_appeal(appealed, load_escalation(), as_of, records)
    elif made:
        step = after_complaint(
            made, appeal.opens if appeal else None, appeal.due if appeal else None, as_of
        )
        if finding.owed_since and appeal and appeal.due:  # its last day is a refund due's
            owed = finding.owed_since
            step = replace(
                step,
                text=step.text
                + say(
                    f"（与 {owed} 的待退款一并申诉，期限按 {owed} 计）",
                    f" (together with the refund due of {owed}, whose limit it is)",
                ),
            )
    failed = _failed_cancel(finding)
    if failed is not None:  # cancelled, and charged after: one advice, whatever was recorded
        return _charged_after_cancel(finding, failed, step, appeal, as_of, appealed is not None)
    if step is not None:
        cancelled = _cancel_recorded(finding)
        if cancelled is None and _cancels(finding) and _still_billed(finding):
            first = _cancel_first("appeal" if appealed else "complaint", finding)
            return replace(step, text=first + step.text, waits=False)  # to cancel: now
        if cancelled is None or finding.stopped:
            return step
        # Cancelled too: the bill after it still has to show the charge gone.
        month = bill_to_check(finding, cancelled.on)
        check = say(
            f"；另核对 {month} 账单不再扣费",
            f"; and check that the {month} bill no longer charges it",
        )
        if after := after_cancel_said(finding):  # that bill read, and charging it
            check = say(f"；另外，{after}", f"; and {after}")
        return replace(step, text=step.text + check)
    if not _cancels(finding):
        # Not a service to cancel (a duplicate, a price rise): its own first step, to
        # be taken now, then the complaint ladder.
        first = finding.actions[0] if finding.actions else None
        return NextStep(first.text if first else "", as_of, appeal.due if appeal else None)
    ended = finding.details.ended_on_list()
    if ended:
        # The carrier's own list says it ended: nothing to cancel, the charge is the wrong.
        return NextStep(
            say(
                f"{ended}后仍扣费：现在投诉，出示已订业务中的这条记录，要求退款",
                f"It was charged after it {ended}, as the carrier's own service list shows: "
                "complain now, citing that entry of the list, and ask for a refund (退费)",
            ),
            as_of,
            appeal.due if appeal else None,
        )
    if finding.stopped:
        # Its charge stopped (the rules say): nothing to cancel, its months to ask back.
        stopped, money = charge_stopped(finding.stopped), money_asked(finding)
        return NextStep(
            say(
                f"{stopped}：按操作步骤要求退还 {money}，并确认已订业务中已没有它；"
                f"退还后在「{ACTIONS.zh}」表记下（或 auditor record refund）",
                f"{capitalized(stopped)}: follow the steps to ask for the {money} back "
                "(退费), and check that the service list no longer shows it; once refunded, "
                f"note it on the {ACTIONS.en} sheet (or auditor record refund)",
            ),
            as_of,
            appeal.due if appeal else None,
        )
    # Cancelled today, it is still due this month (of a cancellation recorded, its own).
    cancelled = recorded_cancel(finding)
    first_free = bill_to_check(finding, cancelled.on if cancelled else as_of)
    if not finding.amount_fen:
        return _not_charged(finding, as_of, cancelled, first_free)
    if after := after_cancel_said(finding):
        # The bill after its end was read and charges it: no bill of this finding's to
        # wait for (that charge is a finding of its own), its money to ask back now.
        return _charged_after_its_end(finding, after, cancelled, appeal, as_of)
    if cancelled is not None:
        money = money_asked(finding)
        return NextStep(
            say(
                f"你已于 {cancelled.on} 退订{cancelled.particulars()}：按操作步骤要求退还已扣的 "
                f"{money}，并核对 {first_free} 账单不再扣费",
                f"You cancelled it on {cancelled.on}{cancelled.particulars()}: follow the steps "
                f"to ask for the {money} charged back (退费), and check that the {first_free} "
                "bill no longer charges it",
            ),
            as_of,
            _bill_out(first_free),
        )
    made = ending_cancel(finding.records, finding.periods) if _listed_still(finding) else None
    if made is not None:  # cancelled, but a list from after that took effect still shows it
        return NextStep(
            say(
                f"最新的已订业务仍显示它在用，你 {made.on} 的退订可能没有生效：先核对已订业务，"
                f"仍在就按操作步骤再次退订，在「{ACTIONS.zh}」表记下日期（或 auditor record "
                f"cancel）；再要求退款，核对 {first_free} 账单不再扣费",
                "The latest service list still shows it active, so your cancellation of "
                f"{made.on} may not have taken: first check the list, and if it is still "
                f"there cancel it again by the steps and write the date in the {ACTIONS.en} "
                f"sheet (or run auditor record cancel); then ask for a refund (退费), and check "
                f"that the {first_free} bill no longer charges it",
            ),
            as_of,
            _bill_out(first_free),
        )
    # Said in short: it is the Summary's step of most services not acted on yet, one of
    # several to a page (the Actions sheet has the steps, and its row the columns to note
    # the date and ticket in).
    return NextStep(
        say(
            f"按操作步骤退订并要求退款，在「{ACTIONS.zh}」表记下日期和工单号；"
            f"核对 {first_free} 账单不再扣费",
            "Cancel it and ask for a refund (退费) by the steps, noting the date and ticket "
            f"(工单号); check that the {first_free} bill no longer charges it",
        ),
        as_of,
        _bill_out(first_free),
    )


def _charged_after_its_end(
    finding: Finding,
    after: str,
    cancelled: UserRecord | None,
    appeal: Action | None,
    as_of: date,
) -> NextStep:
    """The next step of a finding whose service ended (``cancelled``: the user's record
    of it, else a list's end) and whose bills after that were read and still charge it
    (``after``: :func:`~auditor.finding_state.after_cancel_said`'s words): its money to
    ask back now, by its appeal's last day, and that charge said to be a finding of its
    own, never a bill to check."""
    money = money_asked(finding)
    ask = say(
        f"按操作步骤要求退还已扣的 {money}；{after}",
        f"follow the steps to ask for the {money} charged back (退费); {after}",
    )
    if cancelled is not None:
        ask = say(
            f"你已于 {cancelled.on} 退订{cancelled.particulars()}：{ask}",
            f"You cancelled it on {cancelled.on}{cancelled.particulars()}: {ask}",
        )
    return NextStep(capitalized(ask), as_of, appeal.due if appeal else None)


def _failed_cancel(finding: Finding) -> UserRecord | None:
    """The user's first recorded cancellation of ``finding``'s service (one to cancel,
    ``Rule.cancels``) that a month of it was charged after (退订后仍扣费); ``None``
    without one."""
    cancels = _of(finding.records, "cancel") if _cancels(finding) else []
    if cancels and any(p > month_of(cancels[0].on) for p in finding.periods):
        return cancels[0]
    return None


def _charged_after_cancel(
    finding: Finding,
    failed: UserRecord,
    step: NextStep | None,
    appeal: Action | None,
    as_of: date,
    appealed: bool,
) -> NextStep:
    """The one advice for a service the user recorded cancelling (``failed``) and was
    charged after, whatever else they recorded: said with her cancellation; while it is
    still charged, to cancel it again by the Actions' steps (the lingering charge's own:
    app, SMS, or the service line), or, cancelled again since, the bill after that to
    check; then the complaint: to make now, showing the cancellation (nothing recorded),
    or, recorded (``step``: :func:`after_complaint`'s, :func:`after_appeal`'s, ``appealed``
    the latter), that it goes on, with its ticket. Two findings in this case differ only
    by what was recorded (a complaint made about one, not yet about the other)."""
    proof, on = proof_of(failed, failed.closes_line), failed.on
    head = say(f"你 {on} 退订后仍扣费", f"It was charged after your cancellation of {on}")
    again = _cancel_recorded(finding)  # cancelled again since, and no list belies it
    cancel, to_do = "", False
    if again is not None:
        month = bill_to_check(finding, again.on)
        cancel = say(
            f"你已于 {again.on} 再次退订，核对 {month} 账单不再扣费",
            f"you cancelled it again on {again.on}: check that the {month} bill no longer "
            "charges it",
        )
    elif _still_billed(finding):
        to_do = True
        check = (
            say(
                "最新的已订业务仍显示它在用，退订没有生效，先按操作步骤再次退订",
                "the latest service list still shows it active, so the cancellation did "
                "not take: first cancel it again by the steps",
            )
            if _listed_still(finding)
            else say(
                "先核对已订业务，仍在就按操作步骤再次退订",
                "first check the service list, and if it is still there cancel it again by "
                "the steps",
            )
        )
        cancel = check + say(
            f"，在「{ACTIONS.zh}」表记下日期（或 auditor record cancel）",
            f", and write the date in the {ACTIONS.en} sheet (or run auditor record cancel)",
        )
    if step is None:
        ladder = say(
            f"{'再' if to_do else '现在'}投诉，出示{proof}，要求退款",
            f"{'then ' if to_do else ''}complain{'' if to_do else ' now'}, showing {proof}, "
            "and ask for a refund (退费)",
        )
        opens, due, waits = as_of, appeal.due if appeal else None, False
    else:
        kind = say("申诉", "appeal") if appealed else say("投诉", "complaint")
        ladder = say(f"你的{kind}照常进行：", f"your {kind} goes on: ") + uncapitalized(step.text)
        opens, due, waits = step.opens, step.due, step.waits and not to_do
        if to_do:
            opens = as_of
    said = say("；", "; ").join(part for part in (cancel, ladder) if part)
    return NextStep(say(f"{head}：{said}", f"{head}: {said}"), opens, due, waits=waits)


def _not_charged(
    finding: Finding, as_of: date, cancelled: UserRecord | None, first_free: str
) -> NextStep:
    """A service subscribed and not charged yet (a free trial, say), charged and given
    back in full on its bill, or on bills giving a total alone (whether they charged it,
    their detailed bills tell): to cancel it, or, cancelled, the bill after to check
    (``first_free``, :func:`~auditor.finding_state.bill_to_check`'s)."""
    if cancelled is not None:
        unknown = totals_only(finding)
        return NextStep(
            say(
                f"你已于 {cancelled.on} 退订{cancelled.particulars()}：核对 {first_free} 账单"
                "不扣费",
                f"You cancelled it on {cancelled.on}{cancelled.particulars()}: check that the "
                f"{first_free} bill does not charge it",
            )
            + (say("；", "; ") + detailed_bill_first(unknown) if unknown else ""),
            as_of,
            _bill_out(first_free),
            waits=True,
        )
    return NextStep(
        not_charged_head(finding)
        + say(
            f"在「{ACTIONS.zh}」表记下日期和工单号（或 auditor record cancel）；"
            f"核对 {first_free} 账单不扣费",
            f"write the date and the ticket number (工单号) in the {ACTIONS.en} sheet (or run "
            f"auditor record cancel); then check that the {first_free} bill does not charge it",
        ),
        as_of,
        _bill_out(first_free),
    )


def _undisputed(finding: Finding, as_of: date, appeal: Action | None) -> NextStep:
    """A finding that disputes no money: the bill a coming change shows; once the user
    complained about one its steps take to an appeal (a price rise), the carrier's answer,
    then the appeal; once the user recorded cancelling what it is about (a suspended line
    they asked to close), its rule's step for that, by when the bill after it is out;
    else its first step."""
    if finding.change and finding.periods:
        period = finding.periods[-1]
        return NextStep(
            say(
                f"核对 {period} 账单是否如期变更",
                f"Check that the {period} bill shows the change as announced",
            ),
            _bill_out(period),
            None,
            waits=True,
        )
    first = finding.actions[0] if finding.actions else None
    made = latest_complaint(finding.records, finding.periods)
    if made and appeal and finding.severity != "info":
        return after_complaint(made, appeal.opens, appeal.due, as_of)
    cancelled = _cancel_recorded(finding)
    if cancelled is not None and first is not None:
        # The rule's steps begin with what the cancellation leaves to do (Steps.cancelled).
        return NextStep(first.text, as_of, _bill_out(bill_to_check(finding, cancelled.on)))
    return NextStep(first.text if first else "", as_of, None)


def group_step(
    group: ServiceGroup, as_of: date, steps: Mapping[int, NextStep] | None = None
) -> str:
    """The step a list of things to do shows for ``group`` (the Summary's, By service's),
    one cell for all its lines. Each line's step is its next step (:func:`next_step`,
    worked out once, as Follow-up shows it), acted on or not: never the Actions' first
    step in its place (a charge after the service list's own cancellation is to complain
    about now, not to look the list up again, 发送「0000」…). Where its lines are at
    different steps, the step most of them are at (of equals, that of lines not acted on
    yet), then how many are elsewhere, which when few, and that Follow-up has each one's.
    ``steps``: the findings' next steps by ``id()``, when already worked out."""
    lines: dict[str, Finding] = {}  # each line's first finding, which stands for it
    for finding in group.findings:
        lines.setdefault(finding.line, finding)
    at: dict[str, list[Finding]] = {}  # a step and, in report order, its lines' findings
    for finding in lines.values():
        step = steps[id(finding)].text if steps is not None else next_step(finding, as_of).text
        at.setdefault(step, []).append(finding)
    if len(at) == 1:
        return next(iter(at))
    step, here = max(at.items(), key=lambda item: (len(item[1]), _untouched(item[1])))
    elsewhere = [f for findings in at.values() if findings is not here for f in findings]
    others = sorted(f.line for f in elsewhere)
    zh_which = en_which = ""
    if len(others) <= OTHERS_NAMED:
        zh_which, en_which = f"（{'、'.join(others)}）", f" ({', '.join(others)})"
    if _untouched(here) and all(f.records for f in elsewhere):
        # the lines not acted on, and those the user took further
        return step + say(
            f"；另有 {len(others)} 个号码已进入后续步骤{zh_which}：见「{FOLLOW_UP.zh}」表",
            f"; {counted(len(others), 'line')} further along{en_which}: see {FOLLOW_UP.en}",
        )
    if 2 * len(here) <= len(lines):
        # Not most lines' step but as many as any's: its lines' own (a ticket, a date of
        # theirs), said whose.
        mine = [f.line for f in here]
        step = say(f"{'、'.join(mine)}：", f"{', '.join(mine)}: ") + step
    return step + say(
        f"；另有 {len(others)} 个号码处于其他步骤{zh_which}：见「{FOLLOW_UP.zh}」表",
        f"; {counted(len(others), 'other line')} at another step{en_which}: see {FOLLOW_UP.en}",
    )


def _untouched(findings: list[Finding]) -> bool:
    """Whether none of ``findings`` (lines at one step) was acted on by the user."""
    return not any(f.records for f in findings)


def _cancel_recorded(finding: Finding) -> UserRecord | None:
    """The user's recorded cancellation that ends ``finding``'s charge
    (:func:`~auditor.finding_state.recorded_cancel`), of a service to cancel (``Rule.cancels``)."""
    return recorded_cancel(finding) if _cancels(finding) else None


def _still_billed(finding: Finding) -> bool:
    """Whether ``finding``'s service is still charged, wrongly: its charge has not stopped
    nor become rightful (ordered again), and the carrier's list does not say it ended."""
    details = finding.details
    return not finding.stopped and details.goes_on() and not details.ended_on_list()


def _listed_still(finding: Finding) -> bool:
    """Whether ``finding``'s service, which the user recorded cancelling, is still charged
    and the latest service list still shows it running (``Rule.still_listed``): the
    cancellation did not take, and cancelling it again comes first."""
    rule = find_rule(finding.rule)
    return rule is not None and bool(rule.still_listed(finding)) and _still_billed(finding)


def _cancels(finding: Finding) -> bool:
    """Whether the finding's rule is about a service to cancel (``Rule.cancels``)."""
    rule = find_rule(finding.rule)
    return rule is not None and rule.cancels


@functools.lru_cache(maxsize=256)  # a report's findings ask of a few months, thousands of times
def _bill_out(period: str) -> date:
    """When the bill of ``period`` is out: a few days into the next month."""
    after = month_add(period, 1)
    return date(int(after[:4]), int(after[5:7]), 1) + timedelta(days=BILL_OUT_DAYS - 1)


def _first(actions: list[Action], channel: str) -> Action | None:
    return next((a for a in actions if a.channel == channel and a.opens), None)


def _of(records: list[UserRecord], kind: str) -> list[UserRecord]:
    return sorted((r for r in records if r.kind == kind), key=lambda r: (r.on, r.id))
