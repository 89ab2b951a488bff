"""Money a finding reported before, no longer found, still claims: a :class:`RefundDue`,
followed audit after audit (:mod:`auditor.history.follow` finds them) until refunds cover
it, with what to do about it next. A month past the 5-month appeal limit stays owed: the
MIIT appeal centre (12300) no longer takes it, a complaint to the carrier still can get it
back (:attr:`RefundDue.past_periods`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING

from auditor.catalog import CARRIER_IDS, load_escalation
from auditor.escalation import (
    NextStep,
    after_appeal,
    after_complaint,
    appeal_opens,
    appeal_to,
)
from auditor.history.bill_refunds import OnBill
from auditor.history.reasons import ReasonCode
from auditor.lang import active, say
from auditor.model import UserRecord
from auditor.sheets import ACTIONS
from auditor.values import format_fen
from auditor.wording import Wording, capitalized, catalog_wording, uncapitalized

if TYPE_CHECKING:  # a type only: the pipeline's report is passed in
    from auditor.audit_report import AuditReport


@dataclass(frozen=True)
class RefundDue:
    """Money a finding reported before, no longer found, still claims and no recorded
    refund covers: its months (those still open to an appeal, or appealed about in time),
    what is left to ask back and what was refunded, why it was resolved, the last day to
    appeal about its earliest month (``due``), the day it is due as of, and the user's
    latest complaint about it (which moves the appeal). Nothing left to ask back
    (``unrefunded_fen`` 0): refunded, and beyond (``Followed.over_refunded``,
    :mod:`auditor.history.follow`), the money beyond said with the refund that holds it
    (:func:`~auditor.history.claims.beyond_note`), not again in its step; or refunded
    exactly (``Followed.refunded``, ``beyond`` False), told once. The user's latest
    appeal about it, once recorded, is what is waited for (:attr:`appeal`)."""

    id: str
    rule: str
    line: str
    service: str
    periods: tuple[str, ...]
    unrefunded_fen: int
    refunded_fen: int
    why: str
    due: date
    as_of: date
    carrier: str = ""
    company: bool = False
    complaint: UserRecord | None = None
    names: tuple[str, ...] = ()  # its finding's (Seen.names): what its records may name
    #: The user's latest appeal (12300) about it: the appeal centre's answer is next.
    appeal: UserRecord | None = None
    #: Refunded in full by refunds that went beyond what it claims (else, refunded in
    #: full, exactly).
    beyond: bool = False
    #: What its finding's rule gathered it by (Seen.grouped_by): what tells it apart from
    #: another service billed under its name (:func:`~auditor.history.same_name.apart`).
    grouped_by: str | None = ""
    #: The months of ``refunded_fen``: those it holds whose money came back, in full or
    #: in part (a month fully refunded is not among ``periods`` while others are due).
    back_periods: tuple[str, ...] = ()
    #: The day of the newest service list, from a month after the user's cancellation of
    #: it took effect, that still shows it running (its resolution's warning): the
    #: cancellation may not have taken, so checking the list and cancelling it again come
    #: first. "" when none does.
    still_listed: str = ""
    #: Its line's virtual operator's brand (小米移动: :attr:`~auditor.rules.facts.Facts.brands`),
    #: whose service line its step names.
    brand: str = ""
    #: The user's refunds recorded about its service (of any of its months): one made
    #: since the appeal is said with the appeal centre's answer (:func:`after_appeal`).
    refunds: tuple[UserRecord, ...] = ()
    #: Why it was resolved, as a code (:class:`~auditor.history.reasons.ReasonCode`'s
    #: value), given with ``why`` where the resolution is made, never read from its words.
    reason_code: str = ReasonCode.NO_LONGER_FOUND.value
    #: The credits of later bills that gave back some of its money (its claim's
    #: :attr:`~auditor.history.claims.Claim.on_bills`): its reason names them.
    on_bills: tuple[OnBill, ...] = ()
    #: The months of ``periods`` past their appeal limit and not appealed about in time
    #: (:func:`~auditor.escalation.past_limit`): still owed, the carrier's to give back
    #: through a complaint, no longer the appeal centre's to order.
    past_periods: tuple[str, ...] = ()
    #: Of ``unrefunded_fen``, the money of :attr:`past_periods`: counted with the money
    #: past the appeal limit, never with the refunds due an appeal can still get.
    past_fen: int = 0
    #: What of ``unrefunded_fen`` each month still owes, oldest first: a line handed
    #: over between them owes each month's to that month's owner (auditor.holders).
    left_by_month: tuple[tuple[str, int], ...] = ()
    #: Closed without a refund by the user's settlement (``auditor record settle``: given
    #: up, or compensated otherwise): the money of ``periods`` no longer asked back
    #: (:mod:`auditor.history.closed`), and that record (what was given: its note and
    #: amount). 0 and None for a refund due.
    closed_fen: int = 0
    settlement: UserRecord | None = None

    @property
    def past_limit(self) -> bool:
        """Whether all it still asks back is past the appeal limit: only a complaint to
        the carrier is left (its steps say so, without 12300)."""
        return self.unrefunded_fen > 0 and self.past_fen >= self.unrefunded_fen

    @property
    def open_periods(self) -> tuple[str, ...]:
        """Its months an appeal can still ask back: ``periods`` but those past the limit."""
        return tuple(p for p in self.periods if p not in self.past_periods)

    @property
    def appealable_fen(self) -> int:
        """What it still asks back that an appeal can still get: ``unrefunded_fen`` less
        :attr:`past_fen` (the report's refunds due count this)."""
        return self.unrefunded_fen - self.past_fen

    @property
    def told_by(self) -> str:
        """Where what came back of it is known from: the user's records, a later bill, or
        both."""
        if not self.on_bills:
            return say("你的记录", "your records")
        if not self.refunds:  # no refund of its service recorded: the bills' alone
            return say("账单所示", "as the bill shows")
        return say("你的记录及账单", "your records and the bill")

    def next_step(self, shown: str = "") -> NextStep:
        """What to do about it, in the active language, from when and by when: the money
        to ask back for its service (``shown``: as the report shows it, told apart from
        another of its line billed under the same name, 信息费（手机报）; else its name),
        why, what came back of it, then :meth:`route`, and to record the refund once it
        comes (the Follow-up and Actions rows', the JSON's); refunded in full, nothing, and
        that the refunds went beyond it (how far, and what that may be, is said once, with
        the refund among its records). Where the newest list still shows the service its
        cancellation should have ended (:attr:`still_listed`), checking the list and
        cancelling it again come first (after a refund in full, they are what is left).
        Closed without a refund (:attr:`settlement`): nothing more, and what was given."""
        if self.settlement is not None:
            return self._closed_step()
        if not self.unrefunded_fen and self.beyond:
            return NextStep(
                say(
                    "无需再要求退还：已全部退还，且退款超出所涉金额（见你的记录）",
                    "Nothing more to ask back: refunded in full, and beyond what it claims "
                    "(see your records)",
                )
                + self.listed_still(shown, after=True),
                self.as_of,
                waits=True,
            )
        if not self.unrefunded_fen:
            back, months = format_fen(self.refunded_fen), say("、", ", ").join(self.periods)
            if self.still_listed:  # refunded, but the service may still be running
                return NextStep(
                    say(
                        f"已退款：{months} 扣取的 {back} 元已全部退还（{self.told_by}）",
                        f"Refunded: the {back} yuan charged in {months} was refunded in full "
                        f"({self.told_by})",
                    )
                    + self.listed_still(shown, after=True),
                    self.as_of,
                )
            return NextStep(
                say(
                    f"已退款，此项了结：{months} 扣取的 {back} 元已全部退还（{self.told_by}），"
                    "无需再做什么",
                    f"Refunded, and closed: the {back} yuan charged in {months} was refunded "
                    f"in full ({self.told_by}); nothing more to do",
                ),
                self.as_of,
                waits=True,
            )
        money, months = format_fen(self.unrefunded_fen), say("、", ", ").join(self.periods)
        route, service = self.route(), shown or self.service
        if self.refunded_fen:
            # what came back is of its own months, named: 15.00 of 2026-08 refunded is not
            # 15.00 of the 2026-09 still asked
            back, of = format_fen(self.refunded_fen), say("、", ", ").join(self.back_periods)
            told = say(
                f"已退还{f' {of} 的' if of else ''} {back} 元（{self.told_by}）",
                f"the {back} yuan{f' of {of}' if of else ''} was refunded ({self.told_by})",
            )
            asked = say(
                f"要求退还「{service}」在 {months} 扣取、尚未退还的 {money} 元",
                f"Ask for the {money} yuan not refunded yet of what was charged for "
                f"「{service}」 in {months} (退费)",
            )
        else:
            told = say("尚未记录退款", "no refund of it is recorded")
            asked = say(
                f"要求退还「{service}」在 {months} 扣取的 {money} 元",
                f"Ask for the {money} yuan charged for 「{service}」 in {months} back (退费)",
            )
        if first := self.listed_still(shown):  # checking the list comes first
            asked = first + uncapitalized(asked)
        return NextStep(
            say(
                f"{asked}：{self.why}，{told}。{route.text}；退还后在「{ACTIONS.zh}」表记下"
                "（或 auditor record refund）",
                f"{asked}: {self.why}, and {told}. {capitalized(route.text)}; once refunded, "
                f"note it on the {ACTIONS.en} sheet (or auditor record refund)",
            ),
            route.opens,
            route.due,
            route.waits,
        )

    def _closed_step(self) -> NextStep:
        """Its step once the user closed it without a refund: nothing more to ask back,
        what was closed, and what was given for it (:attr:`settlement`)."""
        made = self.settlement
        assert made is not None
        money, months = format_fen(self.closed_fen), say("、", ", ").join(self.periods)
        given = [made.note] if made.note else []
        given += [f"¥{format_fen(made.amount_fen)}"] if made.amount_fen else []
        got = (
            say(f"，所得：{'，'.join(given)}", f"; given: {', '.join(given)}")
            if given
            else say("，未得到退款", "; nothing given back")
        )
        return NextStep(
            say(
                f"已了结，不再要求退款：你于 {made.on:%Y-%m-%d} 记下和解或放弃{got}；"
                f"{months} 扣取的 {money} 元未退还，此后不再跟进（再次扣费会作为新的问题报告）",
                f"Closed without a refund: you recorded settling or giving it up on "
                f"{made.on:%Y-%m-%d}{got}; the {money} yuan charged in {months} was not "
                "refunded and is no longer followed (a charge after it is reported anew)",
            ),
            self.as_of,
            waits=True,
        )

    def brief(self) -> str:
        """Its step in short, for the Summary's things to do (its service and line stand
        beside it there): the money and months to ask back, then :meth:`route`; first, to
        check the list and cancel again, where it still shows the service
        (:attr:`still_listed`)."""
        money, months = format_fen(self.unrefunded_fen), say("、", ", ").join(self.periods)
        route = self.route().text
        asked = say(
            f"要求退还 {money} 元（{months}）：{route}",
            f"ask for the {money} yuan ({months}) back (退费): {uncapitalized(route)}",
        )
        return self.checked_first(asked)

    def checked_first(self, asked: str) -> str:
        """A brief step (``asked``: the money to ask back, then whom), after checking the
        list and cancelling again first where the newest list still shows the service
        (:attr:`still_listed`)."""
        if not self.still_listed:
            return capitalized(asked)
        return say(
            f"先核对已订业务（最新的仍显示它在用，退订可能没有生效），仍在就再次退订；再{asked}",
            "First check the service list (the latest still shows it active: the "
            f"cancellation may not have taken), and cancel it again if it is there; then {asked}",
        )

    def listed_still(self, shown: str = "", after: bool = False) -> str:
        """What comes first (or, ``after`` a refund in full, last) when the newest list
        still shows the service its cancellation should have ended (:attr:`still_listed`):
        check it, and cancel it again if it is there; ``""`` when none does."""
        if not self.still_listed:
            return ""
        service = shown or self.service
        check = say(
            f"最新的已订业务仍显示「{service}」在用，你的退订可能没有生效：请核对已订业务，"
            f"仍在就按原步骤再次退订，截图保存结果，在「{ACTIONS.zh}」表记下日期"
            "（或 auditor record cancel）",
            f"the latest service list still shows 「{service}」 active, so your cancellation "
            "may not have taken: check the list, and if it is still there cancel it again by "
            "the same steps, keep a screenshot of the result and note the day on the "
            f"{ACTIONS.en} sheet (or auditor record cancel)",
        )
        if after:
            return say(f"；但{check}", f"; but {check}")
        return say(f"先核对：{check}。然后", f"First check: {check}. Then ")

    @property
    def channel(self) -> str:
        """How its next step is taken: the service line first; once the user complained,
        the appeal is what is left (once appealed, the appeal centre's answer); past the
        appeal limit, a complaint to the carrier (pressing one made)."""
        if self.appeal:
            return "appeal"
        if self.past_limit:
            return "complaint" if self.complaint else "hotline"
        return "appeal" if self.complaint else "hotline"

    def route(self) -> NextStep:
        """Whom to ask, where to complain and the appeal's last day; once the user
        complained, the carrier's answer and then the appeal, as for a finding
        (:func:`~auditor.escalation.after_complaint`). Past the appeal limit
        (:attr:`past_limit`), the complaint ladder without the appeal
        (:meth:`_complaint_only`); some of its months past it, the appeal is about the
        others, and the step says the months past it are the carrier's to give back."""
        carrier = self.carrier if self.carrier in CARRIER_IDS else None
        wording = catalog_wording(carrier, self.company, active(), self.brand)
        made = self.complaint
        if self.appeal:
            return after_appeal(self.appeal, wording.ladder, self.as_of, self.refunds)
        if self.past_limit:
            return self._complaint_only(wording)
        if made:
            opens = appeal_opens(made, self.as_of, wording.ladder.appeal_after_days)
            return self._late_said(after_complaint(made, opens, self.due, self.as_of))
        line = _complaint_line(wording)
        # no complaint line known (a brand the catalog lacks, a line of no bill this time):
        # the carrier's, not a company's account manager, takes complaints
        complain = (
            say(f"拨打 {line} 投诉", f"complain on {line}")
            if line
            else say("向运营商投诉", "complain to the carrier")
        )
        appeal = appeal_to()
        return self._late_said(
            NextStep(
                say(
                    f"{wording.call}；被拒绝可{complain}，{self.due:%Y-%m-%d} 前可{appeal}",
                    f"{wording.call}; if refused, {complain}, and {appeal} by {self.due:%Y-%m-%d}",
                ),
                self.as_of,
                self.due,
            )
        )

    def _late_said(self, step: NextStep) -> NextStep:
        """``step`` (its appeal about the months still open), saying which of its months
        are past the appeal limit and that a complaint to the carrier still can get their
        money back; ``step`` itself when none is."""
        if not self.past_periods:
            return step
        late, money = say("、", ", ").join(self.past_periods), format_fen(self.past_fen)
        months = load_escalation().billing_deadline_months
        return replace(
            step,
            text=step.text
            + say(
                f"（{late} 已过 {months} 个月申诉期，申诉中心不再受理，其 {money} 元仍可向运营商"
                "投诉要回）",
                f" ({late} past the {months}-month appeal limit: the appeal centre no longer "
                f"takes it, a complaint to the carrier still can get its {money} yuan back)",
            ),
        )

    def _complaint_only(self, wording: Wording) -> NextStep:
        """Its route once all it asks back is past the appeal limit: the MIIT appeal
        centre no longer takes it, the carrier still owes it. The service line, then a
        complaint; once the user complained, the carrier's answer within its days, then
        pressing it on the complaint line with the ticket. No appeal, and no last day."""
        ladder, made = wording.ladder, self.complaint
        months, last = ladder.billing_deadline_months, f"{self.due:%Y-%m-%d}"
        line = _complaint_line(wording)
        past = say(
            f"已过 {months} 个月申诉期（最后一天 {last}），工信部申诉中心不再受理，但钱仍应由"
            "运营商退还",
            f"it is past the {months}-month appeal limit (its last day was {last}): the MIIT "
            "appeal centre no longer takes it, but the carrier still owes the money",
        )
        if made is None:
            complain = (
                say(f"拨打 {line} 投诉", f"complain on {line}")
                if line
                else say("向运营商投诉", "complain to the carrier")
            )
            return NextStep(
                say(
                    f"{wording.call}；被拒绝可{complain}，保留记录：{past}",
                    f"{wording.call}; if refused, {complain} and keep the records: {past}",
                ),
                self.as_of,
            )
        on, answer_by = f"{made.on:%Y-%m-%d}", made.on + timedelta(days=ladder.carrier_reply_days)
        ticket = say(f"（工单号 {made.ticket}）", f" (ticket number 工单号 {made.ticket})")
        ticket = ticket if made.ticket else ""
        press = (
            say(f"拨打 {line} 催办", f"call {line} to press for it")
            if line
            else say("向运营商催办", "press the carrier for it")
        )
        if self.as_of <= answer_by:
            return NextStep(
                say(
                    f"等运营商答复你 {on} 的投诉{ticket}（至 {answer_by:%Y-%m-%d}）；{past}："
                    f"到期未解决，{press}并记下新的工单号",
                    f"Wait for the carrier's answer to your complaint of {on}{ticket} (through "
                    f"{answer_by:%Y-%m-%d}); {past}: if it is not solved by then, {press} and "
                    "note the new ticket number (工单号)",
                ),
                answer_by,
                waits=True,
            )
        cite = (
            say("报上工单号", "citing the ticket")
            if made.ticket
            else say(
                "说明这次投诉（没有记下工单号）",
                "citing that complaint (no ticket number was recorded)",
            )
        )
        return NextStep(
            say(
                f"你已于 {on} 投诉{ticket}：{past}；现在{press}，{cite}，记下新的工单号",
                f"You complained on {on}{ticket}: {past}; {press} now, {cite}, "
                "and note the new ticket number (工单号)",
            ),
            self.as_of,
        )


def _complaint_line(wording: Wording) -> str:
    """The carrier's complaint line as the catalog knows it, else ``""``."""
    known = wording.carrier
    return known.complaint_line if known and known.complaint_line else ""


def appeal_with_dues(report: AuditReport) -> None:
    """The findings of ``report`` whose service has a refund due on their line (its money
    resolved before, not back, not appealed about yet) of a month before theirs: one
    appeal asks both back, by the nearer last day, the refund due's, which their steps
    give once worded (:attr:`~auditor.model.Finding.owed_since`, read by
    :func:`~auditor.pipeline._worded`),
    so that none says a later day than the one that still counts (咪咕's October by
    2027-03-31 while its September, due, is to be appealed by 2027-02-28)."""
    owed: dict[tuple[str, str], str] = {}
    for due in report.refunds_due:
        claim = report.claims.get(due.id)
        # (its months past the appeal limit are no appeal's: only those still open)
        if claim is not None and due.open_periods and due.appealable_fen and due.appeal is None:
            key, month = (claim.line, claim.key), due.open_periods[0]
            owed[key] = min(owed.get(key, month), month)
    for finding in report.findings:
        claim = report.claims.get(finding.id)
        month = owed.get((claim.line, claim.key), "") if claim is not None else ""
        if month and finding.periods and month < finding.periods[0]:
            finding.owed_since = month
