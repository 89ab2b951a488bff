"""Rule ``next-month-effective``: a service starts or ends after the latest bill (次月生效)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import KW_ONLY, dataclass
from datetime import date, datetime
from typing import ClassVar

from auditor.actions import Steps
from auditor.categories import DISCOUNT, PLAN
from auditor.lang import Text, say
from auditor.model import Finding, FindingDetails
from auditor.rules.base import AuditContext, Rule
from auditor.rules.coming_steps import discount_steps, end_steps, start_steps, stopped_end_steps
from auditor.rules.fact_groups import carrier_of, evidence, keys_of
from auditor.rules.facts import ChargeFact, ServiceFact
from auditor.rules.fees import contract_until, is_contract, running_contracts
from auditor.rules.formatting import (
    as_billed,
    bill_out,
    contract_clause,
    format_moment,
    listed_as,
    own_names,
    yuan,
)
from auditor.values import month_add

START, END = "start", "end"


@dataclass(frozen=True)
class NextMonthDetails(FindingDetails):
    """When a service starts or ends, and the first bill that shows it."""

    date: str  # when it starts or ends, as messages write it; "" when the list gives no date
    category: str  # what its type or name says it is (a category id), "" when neither
    first_month: str  # the first bill that shows the change
    status: str  # its status on the list
    _: KW_ONLY
    contract: str = ""  # a contract the line's list shows running (合约, 承诺在网 …), if any
    contract_until: str = ""  # its last day, "" when the list gives none


@dataclass(frozen=True)
class NextMonthEndDetails(NextMonthDetails):
    """An end's details also name the last month still charged in full (the last a bill
    charged it, when the latest bill already no longer does)."""

    last_charged_month: str
    #: The latest bill, when it already no longer charges the service (an earlier bill
    #: did): the end is no news, only what the next bill must show. "" otherwise.
    stopped_on_bill: str = ""


class NextMonthEffective(Rule[NextMonthDetails]):
    """A service starts or ends after the line's latest bill, so a coming bill changes.

    The latest billed month is the newest month of any bill read for the line, or the
    month before the audit date when that is later (without a bill, or with only an old
    one: a month already over has had its bill, and a change in it is not "next month").
    A service whose first month (effective time,
    else order time) is after it is a ``start``: a pending plan change (待生效), a new
    order. A service whose last charged month (its expiry's, else its cancellation's
    month) is the latest billed month or later is an ``end``: a cancellation, a plan
    being replaced, a promotion running out (its end on the list, or, where the list
    states none, in the bill item's name: 新入网优惠（截至2026年9月30日）, whose last day
    ends it, as for ``price-change``); its last month is still charged in full,
    and a coming bill drops it. The period is the first month the change shows on a
    bill: the first month charged, or the first month no longer charged. A service that
    ended before the latest billed month has shown all it will (a later charge is one
    after cancellation), and free services change no bill: neither is reported; nor is a
    service of unknown price that no bill has charged (no bill is known to change). A
    discount (a negative price, or, with none, a list type or bill item that says 优惠) is
    a negative item on the bill: its end raises the bill by what it took off, its listed
    price else the latest bill's item (else the newest bill's that shows it: a month not
    over may not have it yet); one neither gives is still told at its end, its amount not
    known (the finding's monthly amount is then none). A discount already gone, before
    its end, from a bill that can tell (a month over, adding up, read whole) is no coming
    change: it was cut short, ``price-change``'s to report, and its end is not told.
    An end the bill just out already shows (an earlier bill charged the service by name,
    it no longer does) is no news: the message says the cancellation takes effect from
    the next month and that its bill must not charge it, not that the last month was
    charged in full. A
    cancellation the user recorded (``auditor record cancel``; a list may show it too) is
    not reported at all: it is theirs, and a charge after its month is a charge after
    cancellation, found as such, citing their record. A start or an end on or before the audit
    date (a plan change of the 1st, audited on the 5th) is told as done, not as to come:
    its first bill, this month's, is still news, and stopping it now takes effect from
    next month (次月生效), so no step sets a day already past.

    Why it matters: changes ordered now take effect next month (次月生效). Users mistake
    the full charge of the month they cancelled in for a failed cancellation, and miss
    a new, dearer plan until its first bill.

    Fails (latest bill 2026-10)::

        5G智享套餐（个人版）  58元/月  生效时间 2026-12-01 00:00:00  待生效
        → next-month-effective, change start, period 2026-12, amount 58.00
        4G飞享18元套餐（2018版） 18元/月  失效时间 2026-12-01 00:00:00
        → next-month-effective, change end, period 2026-12 (November still charged)
        翼铃高级VIP  6元/月  退订时间 2026-10-20 10:00
        → next-month-effective, change end, period 2026-11 (October charged in full)

    Passes (latest bill 2026-10)::

        视频彩铃订阅-酷电秀专属6元包  退订时间 2026-09-15  (ended before the latest bill)
        来电显示  免费  生效时间 2026-12-01              (free: no bill changes)
    """

    doc_zh: ClassVar[str] = """
        某项业务在该号码最新一期账单之后开始或结束，因此之后的账单会有变化。

        最新账单月份是读到的该号码任一账单的最新月份；检查日期的上一个月更晚时取该月（没有
        账单或只有旧账单时：已经过去的月份账单已出，其中的变化不是“次月”的变化）。
        首个计费月份（生效时间，否则订购时间）晚于它的业务是“开始”（start）：待生效的套餐
        变更、新订购。最后计费月份（失效时间所在月，否则退订时间所在月）是最新账单月份或
        更晚的业务是“结束”（end）：退订、套餐被替换、优惠到期（已订业务写明的到期时间；已订业务
        没有写明时，账单项目名称写明的到期日，如 新入网优惠（截至2026年9月30日），与
        ``price-change`` 相同）；其最后一个月仍整月收费，
        之后的账单不再有它。报告的月份是账单上第一次体现变化的月份：第一个收费的月份，或
        第一个不再收费的月份。在最新账单月份之前已经结束的业务，账单已体现全部变化（之后
        再扣费属于退订后仍扣费），免费业务不会改变账单：两者都不报告；价格未知且从未被
        扣费的业务也不报告（无法得知账单会变化）。优惠（价格为负，或没有价格而业务类型、
        名称或账单项目表明是优惠）在账单上是负数项目：它结束后账单按它原来减免的金额升高，
        金额取已订业务中的价格，否则取最新账单上的该项（再没有时取列出它的最近一期账单：
        还没有结束的月份可能还没给优惠）；都没有时仍在结束时提示，注明金额未知（此时发现
        没有每月金额）。优惠在到期之前，已从能说明问题的账单（已结束、能对上合计、完整读取
        的月份）上消失的，不是将要发生的变化：它提前没有了，由 ``price-change`` 报告，
        不再提示它的到期。刚出的账单已体现的结束（此前的账单按名称收取过，
        这一期已不再收取）不是新消息：提示说明退订自下月起生效、下月账单不应再收取，
        而不说最后一个月仍整月收费。用户自己记录的退订（auditor record cancel；已订业务
        也可能显示同一次退订）完全不报告：这是用户自己做的事，退订月之后再扣费属于退订后
        仍扣费，会引用用户的记录报告出来。检查日期当天或之前
        已开始或结束的变化（1 日生效的套餐变更、5 日检查）说成已生效，而不是将要生效：
        它的第一张账单（本月的）仍是新消息，现在取消或改回则次月生效，步骤不会给出已经过去
        的日期。

        为什么重要：现在办理的变更次月生效。用户常把退订当月的整月收费误认为退订失败，
        也常到第一张账单出来才发现换成了更贵的新套餐。

        会报告（最新账单 2026-10）：

            5G智享套餐（个人版）  58元/月  生效时间 2026-12-01 00:00:00  待生效
            → next-month-effective，变化 start，月份 2026-12，金额 58.00
            4G飞享18元套餐（2018版） 18元/月  失效时间 2026-12-01 00:00:00
            → next-month-effective，变化 end，月份 2026-12（11 月仍收费）
            翼铃高级VIP  6元/月  退订时间 2026-10-20 10:00
            → next-month-effective，变化 end，月份 2026-11（10 月整月收费）

        不会报告（最新账单 2026-10）：

            视频彩铃订阅-酷电秀专属6元包  退订时间 2026-09-15  （在最新账单之前已结束）
            来电显示  免费  生效时间 2026-12-01              （免费：账单不变）
        """

    id: ClassVar[str] = "next-month-effective"
    severity: ClassVar[str] = "info"
    # Not "next month": a change seen in August's audit may be October's; a finding's own
    # name says its month (name_for).
    label_zh: ClassVar[str] = "即将生效变化"
    label_en: ClassVar[str] = "coming change"
    description: ClassVar[str] = (
        "A service starts or ends after the latest bill (次月生效), so a coming bill changes."
    )
    description_zh: ClassVar[str] = "业务在最新账单之后开始或结束（次月生效），之后的账单会变化。"
    details_type = NextMonthDetails
    resolution: ClassVar[Text | None] = Text(
        "变更所在的月份已到，账单已体现", "its month has come, and the bills now show the change"
    )

    def evaluate(self, ctx: AuditContext) -> list[Finding]:
        """One finding per line, service and kind of change (start or end)."""
        found: dict[tuple[str, str, str], Finding] = {}
        contracts = running_contracts(ctx.lines, ctx.as_of)
        # The ends the user recorded (a list may show the same one): theirs, no news.
        recorded = {(s.line, s.key, s.end_month) for s in ctx.facts.services if s.record}
        # A promotion's end its bill item's name states is announced as a list's is.
        for service in (*ctx.facts.services, *ctx.named_ends.entries):
            contract = contracts.get(service.line)
            theirs = (service.line, service.key, service.end_month) in recorded
            for finding in self._changes(ctx, service, contract, theirs):
                key = (finding.line, service.key, finding.change or "")
                if key not in found:
                    finding.grouped_by = service.key  # two entries billed under one name
                    found[key] = finding
                else:
                    known = found[key].evidence
                    known += [e for e in finding.evidence if e not in known]
        return list(found.values())

    def _changes(
        self, ctx: AuditContext, service: ServiceFact, contract: ServiceFact | None, theirs: bool
    ) -> list[Finding]:
        # Coming is after the newest month billed by now: a month already over has had
        # its bill, given or not, and is no "next month" (an old bill alone audited late).
        latest = ctx.billed_by_now(service.line)
        start, end = service.start_month, service.end_month
        if start is not None and end is not None and start > end:
            return []  # cancelled before it ever started: no bill shows it
        changes: list[tuple[str, str, datetime | None]] = []
        if service.starts_after(latest):
            changes.append((START, start or month_add(latest, 1), service.started_at))
        if end is not None and end >= latest and not theirs:
            changes.append((END, month_add(end, 1), service.ended_at))
        if not changes:
            return []  # (most entries: their money is asked of only when they change)
        # a fee billed beside it is a charge of its own (ChargeFact.apart), not its money
        charged = ctx.named_ends.charges_of(service) or ctx.facts.charges_of(service)
        matched = [c for c in charged if not c.apart]
        price = service.price_fen
        charges = [c for c in matched if c.amount_fen > 0]
        monthly: int | None
        if _is_discount(service, matched, charges):
            # A discount is a negative item on the bill (优惠 -10.00): what the latest bill
            # takes off is what its end adds, when the list gives no price; else unknown.
            charges = [c for c in matched if c.amount_fen < 0]
            if end is not None and _cut_short(ctx, service.line, end, charges):
                changes = [c for c in changes if c[0] != END]  # price-change's: gone early
            amounts = ctx.charged(charges).billed
            # the latest bill's, else the newest bill's that shows it (a month not over
            # may not have it yet): a bill that shows it tells how much it takes off
            latest = ctx.facts.latest_months.get(service.line, "")
            billed = amounts.get(latest, amounts[max(amounts)] if amounts else None)
            monthly = price or billed
            if monthly is None:  # nothing known changes at its start; its end raises the bill
                changes = [c for c in changes if c[0] == END]
        else:
            money = ctx.charged(charges)
            if not price and not money.months:
                return []  # free, or of unknown price and never charged: no bill is known to change
            monthly = price if price else money.monthly_fen
        stopped = _stopped_on_bill(ctx, service, charges)
        return [
            self._finding(
                service, charges, change, period, moment, monthly, contract, stopped, ctx.as_of
            )
            for change, period, moment in changes
        ]

    def _finding(
        self,
        service: ServiceFact,
        charges: list[ChargeFact],
        change: str,
        period: str,
        moment: datetime | None,
        monthly: int | None,
        contract: ServiceFact | None,
        stopped: str,
        as_of: date,
    ) -> Finding:
        # Named as the bill names it, once a bill has charged it.
        name, date_text = as_billed(charges, service.name), format_moment(moment)
        # A date on or before the audit's is told as done, never as still to come.
        done = moment is not None and moment.date() <= as_of
        listed = listed_as(name, [service])
        said = {
            "date": date_text,
            "category": service.category,
            "first_month": period,
            "status": service.status_shown,
            "contract": contract.name if contract else "",
            "contract_until": contract_until(contract) if contract else "",
        }
        details = NextMonthDetails(**said)
        if change == START:
            if done:
                when = say(f"已于 {date_text} 生效", f"took effect on {date_text}")
            elif date_text:
                when = say(f"将于 {date_text} 生效", f"takes effect on {date_text}")
            else:
                when = say("待生效", "is pending")
            if monthly < 0:  # a discount: its price takes money off
                message = say(
                    f"{name}{listed} {when}，{period} 账单起每月优惠 {yuan(-monthly)} 元。",
                    f"{name}{listed} {when}: from the {period} bill it takes "
                    f"{yuan(-monthly)} yuan a month off.",
                )
            elif done:  # its first bill is this month's, still to come
                message = say(
                    f"{name}{listed} {when}，{period} 账单（{bill_out(period)}）起计费"
                    f"（每月 {yuan(monthly)} 元）。",
                    f"{name}{listed} {when}: it is first charged on the {period} bill "
                    f"({bill_out(period)}; {yuan(monthly)} yuan a month).",
                )
            else:
                message = say(
                    f"{name}{listed} {when}，{period} 账单起计费（每月 {yuan(monthly)} 元）。",
                    f"{name}{listed} {when}: it is first charged on the {period} bill "
                    f"({yuan(monthly)} yuan a month).",
                )
        else:
            last = month_add(period, -1)
            if (
                stopped and monthly is not None and monthly > 0
            ):  # the bill stopped first: its last charge is older
                last = max(c.period for c in charges)
            else:
                stopped = ""
            details = NextMonthEndDetails(**said, last_charged_month=last, stopped_on_bill=stopped)
            if service.expiry is not None and done:
                ends = say(f"已于 {date_text} 失效", f"expired on {date_text}")
            elif service.expiry is not None:
                ends = say(f"于 {date_text} 失效", f"expires on {date_text}")
            elif done or moment is None:
                ends = say(f"于 {date_text} 退订", f"was cancelled on {date_text}")
            else:  # a cancellation the list dates ahead
                ends = say(f"将于 {date_text} 退订", f"is to be cancelled on {date_text}")
            if stopped:
                effective = "" if service.expiry is not None else say(
                    f"退订自 {period} 起生效；", f"the cancellation takes effect from {period}. "
                )  # fmt: skip
                message = say(
                    f"{name}{listed} {ends}，{effective}{stopped} 账单已不再收取此项，"
                    f"{period} 账单也不应再有（原每月 {yuan(monthly)} 元）。",
                    f"{name}{listed} {ends}: {effective}The {stopped} bill already no "
                    f"longer charges it, and the {period} bill should not either (it was "
                    f"{yuan(monthly)} yuan a month).",
                )
            elif monthly is None:  # a discount no bill itemises, of no listed price
                message = say(
                    f"{name}{listed} {ends}，{last} 仍有此优惠，{period} 起不再优惠，账单会相应"
                    f"升高；优惠金额未知（账单未列出此项），请核对 {period} 账单。",
                    f"{name}{listed} {ends}: {last} still has the discount, and from {period} "
                    "it is gone, so the bill rises; by how much is not known (no bill shows "
                    f"it): check the {period} bill.",
                )
            elif monthly < 0:
                message = say(
                    f"{name}{listed} {ends}，{last} 仍有此优惠，{period} 起不再优惠，"
                    f"账单每月约多 {yuan(-monthly)} 元。",
                    f"{name}{listed} {ends}: {last} still has the discount, and from {period} "
                    f"it is gone: the bill is about {yuan(-monthly)} yuan a month higher.",
                )
            else:
                message = say(
                    f"{name}{listed} {ends}，{last} 仍按整月收费，{period} 起不再收费"
                    f"（原每月 {yuan(monthly)} 元）。",
                    f"{name}{listed} {ends}: {last} is still charged in full, and from "
                    f"{period} it is no longer charged (it was {yuan(monthly)} yuan a month).",
                )
        return Finding(
            rule=self.id,
            severity=self.severity,
            carrier=carrier_of([service], charges),
            line=service.line,
            service=name,
            names=own_names(name, [service], charges),
            periods=[period],
            amount_fen=monthly or 0,
            monthly_fen=monthly,
            message=message,
            evidence=evidence([service], charges),
            change=change,
            details=details,
        )

    @classmethod
    def name_for(cls, periods: Sequence[str]) -> str:
        """A finding's name says the month its change first shows on a bill (its
        period): ``2026-10 起变化``, ``change from 2026-10``."""
        if not periods:
            return cls.name_shown()
        return say(f"{periods[0]} 起变化", f"change from {periods[0]}")

    def subject(self, finding: Finding) -> str:
        """The service and the change: its start and its end are two findings."""
        return f"{super().subject(finding)}/{finding.change}"

    def steps(self, kit: Steps) -> None:
        """What to check on the coming bill, and how to stop a start in time."""
        f, details = kit.finding, self.details_of(kit.finding)
        ending = isinstance(details, NextMonthEndDetails)
        if f.monthly_fen is None or f.monthly_fen < 0:  # a discount (None: its amount unknown)
            discount_steps(kit, ending, details.date)
        elif isinstance(details, NextMonthEndDetails) and details.stopped_on_bill:
            stopped_end_steps(kit, details.stopped_on_bill)
        elif isinstance(details, NextMonthEndDetails):
            end_steps(kit, details.last_charged_month)
        else:
            start_steps(kit, details.date, details.category == PLAN)
            if details.category == PLAN and details.contract:
                clause = contract_clause(details.contract, details.contract_until)
                kit.add(
                    "hotline",
                    say(
                        f"{clause}；改套餐前{kit.call_then}确认违约金金额",
                        f"{clause}. Before changing the plan, {kit.call} and ask what the "
                        "penalty would be",
                    ),
                    to=kit.hotline,
                )
            elif details.category == PLAN:
                kit.add(
                    "hotline",
                    say(
                        "若当前套餐有合约期，改套餐前先确认是否需要解约及违约金",
                        "if the current plan has a contract period (合约期), ask before "
                        "changing the plan whether the contract must be ended first and what "
                        "penalty (违约金) that costs",
                    ),
                    to=kit.hotline,
                )


def _is_discount(
    service: ServiceFact, matched: Sequence[ChargeFact], charged: list[ChargeFact]
) -> bool:
    """True when ``service`` takes money off: its listed price is negative, or, with no
    price and nothing ``charged`` (its positive items), the list's type or name says it is
    a discount (优惠活动) or the bill gives it as one (a negative item in 优惠及减免). A
    contract is none, whatever its name says (承诺在网24个月（流量卡优惠）, its type lost)."""
    price = service.price_fen
    if price is not None and price < 0:
        return True
    if price or charged or is_contract(service):
        return False
    on_bill = any(c.amount_fen < 0 and c.category == DISCOUNT for c in matched)
    # listed free (免费, 0元): a discount only where the bill takes its money off
    return on_bill if price == 0 else service.category == DISCOUNT or on_bill


def _cut_short(ctx: AuditContext, line: str, end: str, charges: list[ChargeFact]) -> bool:
    """True when a discount (its ``charges``, negative) with its end stated in ``end``
    (a month) is gone already from the line's bill that can tell (a month over, adding
    up, read whole: :meth:`~auditor.rules.facts.Facts.stopped_after`), a month up to
    ``end`` after one that took it off: it stopped before its end. No coming change is
    left to announce; ``price-change`` reports the discount cut short (the notice of an
    earlier audit grows into it)."""
    if not charges:
        return False
    told = ctx.facts.stopped_after(line, max(charge.period for charge in charges))
    return bool(told) and told <= end


def _stopped_on_bill(ctx: AuditContext, service: ServiceFact, charges: list[ChargeFact]) -> str:
    """The month of ``service``'s line's latest bill when that bill, the one just out,
    already charges nothing for it though an earlier bill did: its end is then no news
    (a cancellation the bill shows before it takes effect, 次月生效). Else "".

    Whether the bill charges it no longer is the facts' one answer
    (:meth:`~auditor.rules.facts.Facts.stopped_after`: a bill that does not add up, one
    read in part or lumping a category in one amount may still hold it); an older bill,
    the latest read of a line audited late, tells nothing of now."""
    if not charges or ctx.facts.latest_months.get(service.line) != ctx.month_before:
        return ""
    last = max(charge.period for charge in charges)
    return ctx.facts.stopped_after(service.line, last, keys_of([service], charges))
