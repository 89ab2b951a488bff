"""Rule ``lingering-charge``: charged after the service ended (退订后仍扣费)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from auditor.actions import Steps
from auditor.citing import cancelled_on
from auditor.finding_state import ListsRunning, stopped_sentence
from auditor.lang import say
from auditor.model import Finding, FindingDetails, UserRecord
from auditor.rules.base import AuditContext, Rule
from auditor.rules.entry_ends import still_listed
from auditor.rules.fact_groups import carrier_of, evidence, keys_of
from auditor.rules.facts import ChargeFact, ServiceFact
from auditor.rules.formatting import (
    as_billed,
    format_moment,
    listed_as,
    months_text,
    own_names,
    yuan,
)
from auditor.rules.value_added import called_third_party


@dataclass(frozen=True)
class LingeringChargeDetails(FindingDetails, ListsRunning):
    """When the outlived service ended, and what each month after charged; a list still
    showing it after the user's cancellation (:class:`ListsRunning`)."""

    ended_month: str  # the last month it was rightly charged
    cancelled: str = ""  # when it was cancelled, as messages write it; "" when not
    expires: str = ""  # when it expired, likewise; "" when it did not
    status: str = ""  # its status on the list
    record: str = ""  # the user's own record of the cancellation, when it is one
    monthly_amounts_fen: dict[str, int] = field(default_factory=dict)
    #: The month a new order of it starts, after the months charged wrongly (the list's
    #: later entry): the charges from then are the user's choice. "" when none is shown.
    ordered_again: str = ""
    #: The day of the line's newest list, a month after the user's recorded cancellation,
    #: that still lists the service running: the cancellation did not take. "" when none.
    still_listed: str = ""
    #: Collected for a service provider (SP代收): cancelled again at its own number too.
    third_party: bool = False

    def ended_on_list(self) -> str:
        """See :meth:`FindingDetails.ended_on_list`: the list's expiry or cancellation."""
        if self.record:
            return ""
        if self.expires:
            return say(f"{self.expires} 失效", f"expired on {self.expires}")
        if self.cancelled:
            return say(f"{self.cancelled} 退订", f"was cancelled on {self.cancelled}")
        return ""

    def goes_on(self) -> bool:
        """See :meth:`FindingDetails.goes_on`: not once the service was ordered again."""
        return not self.ordered_again


def _covers(service: ServiceFact, period: str) -> bool:
    """True when ``service`` may rightly be charged in ``period`` (or its end is unknown)."""
    start, end = service.start_month, service.end_month
    return (start is None or start <= period) and (end is None or period <= end)


class LingeringCharge(Rule[LingeringChargeDetails]):
    """A line is charged for a service in a month after the month the service ended.

    The service list says when a service ended: its expiry (失效时间; one at 00:00 on
    the 1st ends the month before), else the month it was cancelled in (退订时间).
    Cancelling takes effect at month end, so the month of cancellation is charged in
    full and is never a finding; any positive charge for the service in a later month
    is, less what its own bill refunds of it (咪咕视频会员退费 -15.00 beside it:
    :mod:`auditor.rules.charged`). Charges are matched to services per line, by code,
    else by normalised name.
    A service subscribed again later (a second entry that covers the month) is not
    lingering: the months between the end and the new order are, and nothing of them
    goes on (no money a year, nothing to cancel: the new order is the user's). The
    finding names the service as the bill writes it, and gives the service list's name
    in its message when the list names it otherwise.

    Why it matters: this is money taken for a service the user already stopped, the
    clearest billing complaint there is (退订后仍扣费), and a refund is the usual demand.

    Fails::

        已订业务: 视频彩铃订阅-酷电秀专属6元包  6元/月  退订时间 2026-09-15 14:02  已退订
        账单 2026-10: 视频彩铃订阅-酷电秀专属6元包  6.00
        → lingering-charge, periods 2026-10, amount 6.00 (September is not listed)

    Passes::

        已订业务: 翼铃高级VIP  6元/月  退订时间 2026-10-20 10:00  已退订
        账单 2026-10: 翼铃高级VIP  6.00     (October is the month of cancellation)
    """

    doc_zh: ClassVar[str] = """
        某号码在某项业务结束的月份之后，仍被收取该业务的费用。

        业务何时结束以已订业务为准：有失效时间的按失效时间（1 日 00:00 失效的，
        视为上个月底结束），否则按退订时间所在的月份。退订在月底生效，所以退订当月
        整月收费，不算问题；此后任何月份对该业务的正数扣费都会报告（减去同一张账单上
        对它的退费，如旁边的「咪咕视频会员退费 -15.00」）。扣费与业务按号码
        匹配：先按业务代码，再按规范化后的名称。之后又重新订购（另一条覆盖该月的记录）
        的业务不算退订后仍扣费：只报告结束之后、重新订购之前的月份，且不算持续的费用
        （不计每年金额，也不让你再次退订：新的订购是你自己的选择）。报告以账单上的写法
        称呼该业务；已订业务中的名称不同时，在说明中一并给出。

        为什么重要：这是为用户已经停掉的业务收的钱，是最明确的计费投诉（退订后仍扣费），
        通常可以要求退费。

        会报告：

            已订业务: 视频彩铃订阅-酷电秀专属6元包  6元/月  退订时间 2026-09-15 14:02  已退订
            账单 2026-10: 视频彩铃订阅-酷电秀专属6元包  6.00
            → lingering-charge，月份 2026-10，金额 6.00（9 月是退订当月，不报告）

        不会报告：

            已订业务: 翼铃高级VIP  6元/月  退订时间 2026-10-20 10:00  已退订
            账单 2026-10: 翼铃高级VIP  6.00     （10 月是退订当月）
        """

    id: ClassVar[str] = "lingering-charge"
    severity: ClassVar[str] = "high"
    label_zh: ClassVar[str] = "退订后仍扣费"
    label_en: ClassVar[str] = "charged after cancellation"
    disputed: ClassVar[bool] = True
    by_entry: ClassVar[bool] = True
    cancels: ClassVar[bool] = True
    after_cancelling: ClassVar[bool] = True
    description: ClassVar[str] = (
        "A service is still charged in a month after the month it was cancelled or expired "
        "(退订后仍扣费)."
    )
    description_zh: ClassVar[str] = "业务退订或到期之后的月份仍在扣费。"
    details_type = LingeringChargeDetails

    def evaluate(self, ctx: AuditContext) -> list[Finding]:
        """One finding per line and ended service that was charged after its end month."""
        groups: dict[tuple[str, str], tuple[list[ChargeFact], list[ServiceFact]]] = {}
        for charge in ctx.facts.charges:
            period = charge.period
            if not charge.services or charge.amount_fen <= 0:
                continue
            if any(_covers(service, period) for service in charge.services):
                continue
            ended = [s for s in charge.services if s.end_month is not None and s.end_month < period]
            if not ended:
                continue
            # The entry whose end is nearest before the charge is the one it outlived.
            chosen = max(ended, key=lambda s: s.end_month or "")
            # a fee billed beside its service is a finding apart, though it ended with it
            group = (charge.line, charge.grouped_under(chosen))
            charges, outlived = groups.setdefault(group, ([], []))
            charges.append(charge)
            outlived += [s for s in ended if s not in outlived]
        found = []
        for (_, key), (charges, services) in groups.items():
            if not ctx.charged(charges).months:
                continue  # every charge given back on its own bill (退费): nothing to claim
            finding = self._finding(ctx, charges, services)
            finding.grouped_by = key  # two entries billed under one name: two ids
            found.append(finding)
        return found

    def _finding(
        self, ctx: AuditContext, charges: list[ChargeFact], services: list[ServiceFact]
    ) -> Finding:
        money = ctx.charged(charges)
        amounts, periods = money.paid, money.months
        service = max(services, key=lambda s: s.end_month or "")
        ended, amount, monthly = service.end_month, money.amount_fen, money.monthly_fen
        # Named as the bill writes it; the list's name, when another, said in the message.
        name = as_billed(charges, service.name)
        listed = listed_as(name, [service], apart=any(c.apart for c in charges))
        if service.expiry is not None:
            expiry = format_moment(service.expiry)
            how = say(f"失效时间 {expiry}", f"it expired on {expiry}")
        elif service.record:
            how = say(
                f"你已退订（你的记录：{service.record}）",
                f"you cancelled it (your record: {service.record})",
            )
        else:
            cancelled = format_moment(service.cancelled)
            how = say(f"已于 {cancelled} 退订", f"it was cancelled on {cancelled}")
        months = months_text(periods)
        message = say(
            f"{name}{listed}：{how}，应于 {ended} 月底停止计费，"
            f"但 {months} 仍扣费共 {yuan(amount)} 元。",
            f"{name}{listed}: {how}, so its charges should have stopped at the end of "
            f"{ended}; yet it was charged {yuan(amount)} yuan in {months}.",
        )
        stopped = ctx.facts.stopped_after(service.line, periods[-1], keys_of(charges, services))
        # A later entry starting after the months charged wrongly: a new order, whose
        # charges are rightful (it is why those months end where they do).
        again = min(
            (
                s.start_month
                for charge in charges
                for s in charge.services
                if s.start_month is not None and s.start_month > periods[-1]
            ),
            default="",
        )
        shown = None  # the newest list, a month after the user's cancellation, shows it
        if not again and not stopped:
            entries = (*ctx.facts.services, *ctx.facts.left_out)
            shown = still_listed(service, entries, ctx.as_of)
        if shown is not None:
            message += say(
                "最新的已订业务仍显示它在用：退订没有生效。",
                " The latest service list still shows it active: the cancellation did not take.",
            )
        if again:
            message += say(
                f"已订业务显示其后于 {again} 起重新订购，此后的扣费属于新的订购，不在争议之内。",
                f" The service list shows it ordered again from {again}: the charges since "
                "are the new order's, not disputed.",
            )
        return Finding(
            rule=self.id,
            severity=self.severity,
            carrier=carrier_of(charges, services),
            line=service.line,
            service=name,
            names=own_names(name, charges, services),
            periods=periods,
            amount_fen=amount,
            monthly_fen=monthly,
            message=message + stopped_sentence(stopped),
            evidence=evidence(services, charges, [shown] if shown else []),
            stopped=stopped,
            details=LingeringChargeDetails(
                ended_month=ended or "",
                cancelled=format_moment(service.cancelled),
                expires=format_moment(service.expiry),
                status=service.status_shown,
                record=service.record,
                monthly_amounts_fen=amounts,
                ordered_again=again,
                still_listed=(shown.listed_on or ctx.as_of).isoformat() if shown else "",
                third_party=called_third_party([*charges, *services]),
            ),
        )

    def steps(self, kit: Steps) -> None:
        """Check the list, cancel again if still listed, in one of the ways the carrier
        has (the app, an SP's own number for an SP's service, the carrier's SMS, else the
        service line: the step the next step's "cancel again by the steps" is; not once the
        charge stopped, nor once the user recorded cancelling it again:
        :attr:`Steps.cancelled`, the bill after it then to check), ask for the refund,
        escalate. The list known to show it still
        (the user's cancellation did not take): no checking it, cancelling it again, said
        plainly."""
        details = self.details_of(kit.finding)
        cancels = sorted((r for r in kit.finding.records if r.kind == "cancel"), key=_when)
        if details.expires:
            ended = say(f"已于 {details.expires} 失效", f"expired on {details.expires}")
        elif details.record and cancels:  # the first is the one it was charged after
            ended = cancelled_on(cancels[0])
        elif details.cancelled:
            ended = say(f"已于 {details.cancelled} 退订", f"was cancelled on {details.cancelled}")
        else:
            ended = say(f"已于 {details.ended_month} 结束", f"ended in {details.ended_month}")
        if not details.still_listed:
            kit.check_list()
        if details.ordered_again and not kit.finding.stopped:
            # Ordered again: what it charges now is the user's choice, nothing to cancel;
            # the months between the end and the new order are to ask back.
            again = details.ordered_again
            _ask_back(
                kit,
                say(
                    f"{kit.call}：说明{kit.service}{ended}，{again} 起为重新订购，要求退还"
                    f"退订后、重新订购前扣取的 {kit.money}；记下工单号",
                    f"{kit.call}: say that {kit.service} {ended} and was ordered again from "
                    f"{again}, and ask for a refund (退费) of the {kit.money} charged between; "
                    "note the ticket number (工单号)",
                ),
                asked=not kit.refunded_in_full,
            )
            return
        if kit.finding.stopped:
            # The charge stopped: nothing to cancel again, its months to ask back.
            _ask_back(
                kit,
                say(
                    f"{kit.call}：说明{kit.service}{ended}，{kit.stopped}，要求退还退订后扣取的 "
                    f"{kit.money}；记下工单号",
                    f"{kit.call}: say that {kit.service} {ended} ({kit.stopped}), and ask for a "
                    f"refund (退费) of the {kit.money} charged after that; note the ticket "
                    "number (工单号)",
                ),
                asked=not kit.refunded_in_full,
            )
            return
        if details.still_listed:
            why = say(
                "最新的已订业务仍显示它在用，退订没有生效，",
                "the latest service list still shows it active, so the cancellation did not take; ",
            )
            again, by_sms = (
                why + say("再次退订：", "cancel it again: "),
                why + say(f"再次退订{kit.service}", f"cancel {kit.service} again"),
            )
            ended += say(
                "，但最新的已订业务仍显示它在用",
                ", yet the latest service list still shows it active",
            )
        else:
            again = say(
                "若仍在已订业务中，再次退订：",
                "if it is still on the service list, cancel it again: ",
            )
            by_sms = say(
                f"若仍在已订业务中，再次退订{kit.service}",
                f"if it is still on the service list, cancel {kit.service} again",
            )
        if kit.cancelled is not None:
            # Cancelled again since the charge after the first (and no list shows it still
            # running since): nothing more to cancel, the bill after it is to check.
            kit.check_cancelled(kit.cancelled)
        else:
            # The ways to cancel again, one enough, as a service never cancelled has them
            # (Steps.cancel_service): the app, an SP's own number, the carrier's SMS, else
            # the service line; the next steps and the Summary say to cancel "by the steps".
            first = len(kit.actions)
            kit.cancel_in_app(again)
            if details.third_party:
                kit.sms("cancel-sp", by_sms)
            kit.sms("cancel", by_sms)
            kit.cancel_by_call(first, again)
            kit.either_or(first)
        if kit.refunded_in_full:  # the money is back: the cancellation is what is left
            ask = say(
                f"{kit.call}：说明{kit.service}{ended}，要求书面确认已退订；记下工单号",
                f"{kit.call}: say that {kit.service} {ended}, and ask for written confirmation "
                "that it is cancelled; note the ticket number (工单号)",
            )
        else:
            ask = say(
                f"{kit.call}：说明{kit.service}{ended}，要求书面确认已退订，并退还退订后扣取的 "
                f"{kit.money}；记下工单号",
                f"{kit.call}: say that {kit.service} {ended}, and ask for written confirmation "
                f"that it is cancelled and for a refund (退费) of the {kit.money} charged "
                "after that; note the ticket number (工单号)",
            )
        _ask_back(kit, ask)


def _ask_back(kit: Steps, ask: str, asked: bool = True) -> None:
    """The steps that end each way of asking a lingering charge back: the service line,
    told ``ask`` (not where ``asked`` is False: the money is back, and nothing else is
    to ask there), the evidence to keep, and the escalation for the refund."""
    if asked:
        kit.add("hotline", ask, to=kit.hotline)
    kit.evidence()
    kit.escalate(say(f"退还 {kit.money}", f"a refund (退费) of {kit.money}"))


def _when(record: UserRecord) -> tuple:
    return (record.on, record.id)
