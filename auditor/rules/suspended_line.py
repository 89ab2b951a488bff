"""Rule ``suspended-line``: a suspended line (停机) still charged: 停机 is not 销户."""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass, field
from datetime import time
from typing import ClassVar

from auditor.actions import Steps, capitalized
from auditor.catalog import shown
from auditor.citing import proof_of
from auditor.finding_state import bill_to_check
from auditor.lang import say
from auditor.model import Finding, FindingDetails, UserRecord
from auditor.rules.base import AuditContext, Rule
from auditor.rules.charged import Charged
from auditor.rules.fact_groups import carrier_of, evidence
from auditor.rules.facts import ChargeFact, ServiceFact
from auditor.rules.fees import LineFacts, contract_until, running_contract, says
from auditor.rules.formatting import as_billed, contract_clause, listing, months_text, yuan
from auditor.rules.suspension import (
    billed_on_top,
    says_suspended,
    suspension_entries,
    suspension_items,
)
from auditor.values import month_add
from auditor.words import KEEP_NUMBER_WORDS

#: The finding's service when only the service list shows the suspension (audit spec):
#: part of the finding's id, so the same in every language.
SUSPENDED = "停机"
BILL, LIST = "bill", "service list"


@dataclass(frozen=True)
class SuspendedLineDetails(FindingDetails):
    """Since when the line shows suspended, what shows it, and what each month cost."""

    suspended_since: str  # the first month of the run of suspended months
    shown_by: list[str] = field(default_factory=list)  # "bill", "service list"
    monthly_amounts_fen: dict[str, int] = field(default_factory=dict)
    contract: str = ""  # a contract the line's list shows running, if any
    contract_until: str = ""  # its last day, "" when the list gives none
    #: The user's own record of closing the line (a cancellation of its suspension they
    #: recorded, ``2026-10-20，工单号 XH1``), as its message cites it; "" when none, or
    #: when a month after it is charged (it did not end the charge).
    closing: str = ""
    #: Kept suspended to keep the number (停机保号: a name of the bill or the list says
    #: 保号): closing it is for a number no longer needed.
    keeps_number: bool = False
    #: Of its months, those billed the plan on top of the suspension's fee, and what that
    #: came to (:func:`~auditor.rules.suspension.billed_on_top`): money to ask back, a
    #: finding of its own (``suspended-plan-fee``); empty when none.
    on_top_fen: dict[str, int] = field(default_factory=dict)
    #: The day (``YYYY-MM-DD``) the suspension began in its latest month, when it began
    #: after that month's start: its ``monthly`` is then estimated (:func:`_monthly`),
    #: not that month's charges, part of them the plan's before it. "": not estimated.
    estimated_from: str = ""


class SuspendedLine(Rule[SuspendedLineDetails]):
    """A line the bill or the service list shows as suspended is still charged.

    Suspended means a bill item that says so and is charged (停机保号费 5.00, 报停; a
    0.00 row is an empty line of the bill's template), or a service-list entry that
    does (a 停机保号 entry, a status 停机) and has not ended; free functions that only
    mention it (余额不足停机提醒, 停复机) do not. The suspended months are those
    with such an item, and those from the entry's start on (the line's latest month when
    the list gives no date). The finding is about the run of suspended months that ends
    with the line's latest billed month (a line switched on again is not reported), when
    the line was charged in it: its ``amount`` is everything the line was charged in
    those months, ``monthly`` the latest month's, and the message gives the yearly cost;
    a latest month the suspension began during (停机保号 from 10-15) was billed the plan
    before it, so ``monthly`` is a full month's suspension, estimated, and said so: the
    list's price of it, else its fee for the days it ran, as if for the whole month.
    It names the suspension item as billed, or ``停机`` when only the list shows it. The
    steps explain 停机 versus 销户 and how to close the line with that carrier (the
    catalog's ``[closing]``: where, what to bring, what to settle first, an online
    channel where one may exist), with the contract the list shows running. Once the user
    recorded closing it (a cancellation of its suspension, in its last suspended month or
    after: ``auditor record cancel``), the message cites that record and the steps check
    the bill after it instead of closing the line again; a month charged after it is
    reported as before.

    Why it matters: 停机 is not 销户. A suspended line keeps its number and keeps costing
    (停机保号费, or the plan's fee), and arrears on an unused card build up and can reach
    the holder's credit record; a data card bought and forgotten costs tens of yuan a
    year until it is closed.

    Fails::

        已订业务: 停机保号  5元/月  生效时间 2026-09-01
        账单 2026-09, 2026-10: 停机保号费 5.00
        → suspended-line, 停机保号费, periods 2026-09..10, amount 10.00, monthly 5.00

    Passes::

        账单 2026-10: 余额不足停机提醒 0.00     (a reminder, not a suspension)
        账单 2026-10: 集团专享套餐128元 128.00, 国内主叫 …, 停机保号费 0.00  (an empty row)
        账单 2026-08: 停机保号费 5.00;  账单 2026-09, 2026-10: 4G飞享18元套餐 18.00
        (suspended in August, switched on again since)
    """

    doc_zh: ClassVar[str] = """
        账单或已订业务显示处于停机状态的号码仍在被收费。

        停机是指：账单中有注明停机且收费的项目（停机保号费 5.00、报停；0.00 的行只是账单
        模板里的空行），或已订业务中有注明停机且尚未结束的记录（停机保号、状态为停机）；
        只是提到停机的免费功能（余额不足停机提醒、停复机）不算。停机的月份是有这类项目的
        月份，以及该记录开始之后的月份（已订业务未给日期时，为该号码的最新月份）。报告
        针对以该号码最新账单月份结尾的一段连续停机月份（已恢复使用的号码不报告），且该号码
        在这些月份被收费：``amount`` 为这些月份该号码被收取的全部费用，``monthly`` 为最近
        一个月的费用，说明中给出一年的费用；最近一个月是月中才停机的（如 10-15 起停机
        保号），该月停机前仍按套餐计费，``monthly`` 改为估算的整月停机费用并注明估算：
        已订业务给出的资费，否则按停机天数的费用折算整月。报告以账单上的写法称呼停机项目，只有已订业务
        显示停机时称为 ``停机``。处理步骤说明停机与销户的区别，以及该运营商如何销户（目录
        中的 ``[closing]``：去哪里办、带什么、先结清什么、可能有的线上渠道），并指出已订
        业务显示仍在期内的合约。用户记录了销户（在最后一个停机月份或之后退订停机项目：
        ``auditor record cancel``）后，说明引用该记录，步骤改为核对之后的账单，不再要求
        销户；之后的月份仍被收费的，照常报告。

        为什么重要：停机不是销户。停机的号码仍保留，仍在收费（停机保号费或套餐费），闲置号码
        的欠费会累积并可能影响机主的征信；买了又忘掉的流量卡，在销户之前一年要花几十元。

        会报告：

            已订业务: 停机保号  5元/月  生效时间 2026-09-01
            账单 2026-09、2026-10: 停机保号费 5.00
            → suspended-line，停机保号费，月份 2026-09..10，金额 10.00，每月 5.00

        不会报告：

            账单 2026-10: 余额不足停机提醒 0.00     （提醒，不是停机）
            账单 2026-10: 集团专享套餐128元 128.00，国内主叫 …，停机保号费 0.00  （空行）
            账单 2026-08: 停机保号费 5.00；账单 2026-09、2026-10: 4G飞享18元套餐 18.00
            （8 月停机，之后已恢复使用）
        """

    id: ClassVar[str] = "suspended-line"
    severity: ClassVar[str] = "low"
    label_zh: ClassVar[str] = "停机仍扣费"
    label_en: ClassVar[str] = "suspended line still charged"
    description: ClassVar[str] = (
        "A suspended line (停机) is still charged: suspension is not closing it (销户)."
    )
    description_zh: ClassVar[str] = "停机的号码仍在收费（停机不等于销户）。"
    # billed every month until the line is closed (its message says a year's), and its
    # monthly is all the line is charged
    ongoing: ClassVar[bool] = True
    whole_line: ClassVar[bool] = True
    # closing the line is what ends its charge: one the user recorded (a cancellation of
    # its suspension, as the Actions sheet offers no 销户) ends what it costs a year, as a
    # recorded cancellation does, unless a month after it is charged
    cancels: ClassVar[bool] = True
    details_type = SuspendedLineDetails

    def evaluate(self, ctx: AuditContext) -> list[Finding]:
        """One finding per line suspended in its latest billed month and charged then (a
        bill so far that shows no suspension: the month before it, :meth:`_line`)."""
        found = []
        for gathered in ctx.lines.values():
            finding = self._line(ctx, gathered)
            if finding is not None:
                found.append(finding)
        return found

    def _line(self, ctx: AuditContext, gathered: LineFacts) -> Finding | None:
        months, latest = gathered.months, gathered.latest
        if not latest:
            return None
        items = suspension_items(gathered.charges)
        entries = [s for s in suspension_entries(gathered.services) if not s.shown_ended]
        suspended = {c.period for c in items}
        for entry in entries:
            if entry.start_month is None:
                suspended.add(latest)  # a list of today that gives no date: suspended now
                continue
            end = entry.end_month or latest
            suspended |= {m for m in months if entry.start_month <= m <= end}
        if latest not in suspended and ctx.so_far(gathered.line, latest):
            # a bill so far without the suspension's fee: not on it yet is not stopped, the
            # month over before it tells (unless a list shows the suspension ended)
            ended = any(e.end_month and e.end_month < latest for e in entries)
            months = [] if ended else [m for m in months if m != latest]
            latest = months[-1] if months else ""
        if latest not in suspended:
            return None
        run: list[str] = []
        for month in reversed(months):
            if month not in suspended:
                break
            run.insert(0, month)
        charges = [c for c in gathered.charges if c.period in run]
        money = ctx.charged(charges)
        amounts = money.net
        amount, monthly = sum(amounts.values()), money.price.get(latest, 0)
        if amount <= 0 or monthly <= 0:
            return None  # suspended, and costing nothing
        return self._finding(ctx, gathered, run, items, entries, charges, money)

    def _finding(
        self,
        ctx: AuditContext,
        gathered: LineFacts,
        run: list[str],
        items: list[ChargeFact],
        entries: list[ServiceFact],
        charges: list[ChargeFact],
        money: Charged,
    ) -> Finding:
        shown_items = [c for c in items if c.period in run]
        name = as_billed(shown_items, SUSPENDED)
        shown_by = ([BILL] if shown_items else []) + ([LIST] if entries else [])
        shown_as = listing(
            ([say(f"账单有「{name}」", f"the bill has 「{name}」")] if shown_items else [])
            + [
                say(f"已订业务显示「{e.name}」", f"the service list shows 「{e.name}」")
                for e in entries[:1]
            ]
        )
        amounts = money.net
        amount = sum(amounts.values())
        monthly, since = _monthly(money.price, run[-1], shown_items, entries)
        months = months_text(run)
        contract = running_contract(gathered.services, ctx.as_of)
        closing = _closing(gathered.services, run[-1])
        keeps = any(says(n, KEEP_NUMBER_WORDS) for n in [name, *(e.name for e in entries)])
        on_top = billed_on_top(gathered)
        extra = {m: fen for m, fen in on_top.amounts.items() if m in run}
        close = (
            say(
                f"你已申请销户（你的记录：{closing}），之后的账单不应再收费。",
                f"You asked for it to be closed (your record: {closing}): later bills should "
                "charge nothing.",
            )
            if closing
            else _close_if(keeps)
        )
        if extra:
            plan = as_billed(on_top.plans(extra), "")
            close = (
                say(
                    f"其中 {yuan(sum(extra.values()))} 元是 {months_text(list(extra))} 在停机保号费"
                    f"之外另收的套餐费（{plan}），应要求退还，另列为一项发现。",
                    f"Of it, {yuan(sum(extra.values()))} yuan is the plan 「{plan}」 billed on "
                    f"top of the suspension's fee in {months_text(list(extra))}: money to ask "
                    "back, a finding of its own. ",
                )
                + close
            )
        lately = say(
            f"最近每月 {yuan(monthly)} 元，一年约 {yuan(monthly * 12)} 元；",
            f"lately {yuan(monthly)} yuan a month, about {yuan(monthly * 12)} yuan a year. ",
        )
        if since:  # its latest month was part the plan's, part the suspension's
            after = month_add(run[-1], 1)
            lately = say(
                f"{since} 才停机，自 {after} 起估计每月约 {yuan(monthly)} 元，"
                f"一年约 {yuan(monthly * 12)} 元（估算）；",
                f"suspended only from {since}, so from {after} it costs about "
                f"{yuan(monthly)} yuan a month, about {yuan(monthly * 12)} yuan a year "
                "(estimated). ",
            )
        message = (
            say(
                f"号码处于停机状态（{shown_as}），但停机不等于销户：{months} 仍计费共 "
                f"{yuan(amount)} 元，",
                f"The line is suspended (停机: {shown_as}), but suspending a line is not closing "
                f"it (销户): it was charged {yuan(amount)} yuan in {months}"
                + ("; " if since else ", "),
            )
            + lately
            + close
        )
        return Finding(
            rule=self.id,
            severity=self.severity,
            carrier=carrier_of(charges, entries, gathered.services),
            line=gathered.line,
            service=name,
            periods=run,
            amount_fen=amount,
            monthly_fen=monthly,
            message=message,
            evidence=evidence(entries, shown_items or charges),
            details=SuspendedLineDetails(
                suspended_since=run[0],
                shown_by=shown_by,
                monthly_amounts_fen=amounts,
                contract=contract.name if contract else "",
                contract_until=contract_until(contract) if contract else "",
                closing=closing,
                keeps_number=keeps,
                on_top_fen=extra,
                estimated_from=since,
            ),
        )

    def subject(self, finding: Finding) -> str:
        """The line itself: one suspension per line, whatever item shows it."""
        return SUSPENDED

    def steps(self, kit: Steps) -> None:
        """停机 versus 销户; check what it costs; the contract; settle first; close it in
        person (or online where the carrier may allow it); keep the receipt."""
        f, details = kit.finding, self.details_of(kit.finding)
        if kit.cancelled is not None:
            _asked_to_close(kit, kit.cancelled)
            return
        closing = kit.carrier.closing if kit.carrier else None
        monthly, yearly = yuan(f.monthly_fen), yuan((f.monthly_fen or 0) * 12)
        lately = say(f"最近每月 {monthly} 元", f"lately {monthly} yuan a month")
        if details.estimated_from:  # a month suspended in part: a whole month's, estimated
            lately = say(f"估计每月约 {monthly} 元", f"an estimated {monthly} yuan a month")
        kit.add(
            "hotline",
            say(
                "停机不是销户：停机（含停机保号）期间号码仍保留，每月照样收费"
                f"（本号码{lately}，一年约 {yearly} 元），"
                f"欠费会累积并可能影响个人征信。{_close_if(details.keeps_number)}"
                f"{kit.call}，确认号码状态、每月费用、是否有欠费和未到期的合约",
                "suspending a line (停机, 停机保号 included) is not closing it (销户): the "
                f"number is kept and still charged every month ({lately} on this line, "
                f"about {yearly} yuan a year), and arrears build up and "
                f"may reach your credit record. {_close_if(details.keeps_number)} "
                f"{capitalized(kit.call)} and ask for the line's status, its monthly cost, "
                "any arrears and any contract still running",
            ),
            to=kit.hotline,
        )
        if details.contract:
            clause = contract_clause(details.contract, details.contract_until)
            kit.add(
                "hotline",
                say(
                    f"{clause}；销户前{kit.call_then}确认违约金金额",
                    f"{clause}. Before closing the line, {kit.call} and ask what the penalty "
                    "would be",
                ),
                to=kit.hotline,
            )
        else:
            kit.add(
                "hotline",
                say(
                    "若号码有合约（合约期、承诺在网）未到期，须先解约，可能需支付违约金；向客服确认",
                    "if the line has a contract (合约期, 承诺在网) still running, it must be "
                    "ended first, which may cost a penalty (违约金): ask the service line",
                ),
                to=kit.hotline,
            )
        if closing:
            where, bring = closing.where.shown(), closing.bring.shown()
        else:
            where = say(
                "运营商自有营业厅（不是代理点）",
                "one of the carrier's own halls (自有营业厅), not an agent's shop",
            )
            bring = say(
                "机主本人携带身份证原件和服务密码",
                "the holder in person, with the original ID card and the service password "
                "(服务密码)",
            )
        for before in closing.before if closing else ():
            kit.add(
                "store",
                say(f"销户前：{before.shown()}", f"before closing the line: {before.shown()}"),
                to=where,
            )
        kit.add(
            "store",
            say(
                f"到{where}办理销户：{bring}；索取并保存销户回执",
                f"close the line (销户) at {where}: {bring}; ask for the closing receipt "
                "(销户回执) and keep it",
            ),
            to=where,
            note=shown(closing.company) if closing and kit.company else "",
        )
        if closing and closing.online:
            kit.add(
                "app",
                say(f"或：{closing.online.shown()}", f"Or: {closing.online.shown()}"),
                confidence=closing.online_confidence,
                note=shown(closing.online_note),
            )
        kit.add(
            "evidence",
            say(
                "保存销户回执和工单号；下月核对账单，确认不再扣费",
                "keep the closing receipt and the ticket number (工单号); check the next "
                "month's bill to make sure nothing more is charged",
            ),
        )
        kit.add(
            "complaint",
            say(
                f"若营业厅拒绝办理销户或设置额外条件：{kit.complain}，记下工单号",
                f"if the hall refuses to close the line or sets extra conditions, "
                f"{kit.complain}, and note the ticket number (工单号)",
            ),
            to=kit.complaint_line,
        )


def _close_if(keeps_number: bool) -> str:
    """When to close the line, in the active language: a line kept on 停机保号 keeps its
    number for its fee (the point of it), and is closed when the number is no longer
    needed; another, when the line is no longer used."""
    if keeps_number:
        return say(
            "停机保号是为保留号码；不再需要这个号码时请办理销户。",
            "A line kept suspended to keep its number (停机保号) costs that fee; if you no "
            "longer need the number, close the line.",
        )
    return say("不再使用请办理销户。", "If you no longer use it, close it.")


def _monthly(
    prices: dict[str, int], latest: str, items: list[ChargeFact], entries: list[ServiceFact]
) -> tuple[int, str]:
    """What the suspended line costs a month, and the day its suspension began when that
    is estimated ("" when not): its ``latest`` month's price (``prices``, what each month
    cost, :class:`~auditor.rules.charged.Charged`), unless an
    entry dates the suspension from after that month's start (停机保号 from 10-15): that
    month was billed by the plan before it, which the line no longer costs. Then a full
    month's is the entry's price (5元/月), else the suspension's own ``items`` that month
    for the days it ran, as if for the whole month; neither known, the month's charges."""
    began = [e for e in entries if e.start_month == latest and e.started_at and _after_start(e)]
    if not began:
        return prices[latest], ""
    first = min(e.started_at for e in began if e.started_at)
    priced = [e.price_fen for e in began if e.price_fen]
    part = sum(c.amount_fen for c in items if c.period == latest)
    days = monthrange(first.year, first.month)[1]
    ran = days - first.day + 1  # the days suspended, its first counted
    fen = priced[0] if priced else (part * days * 2 + ran) // (ran * 2)  # rounded
    if fen <= 0:
        return prices[latest], ""
    return fen, f"{first:%Y-%m-%d}"


def _after_start(entry: ServiceFact) -> bool:
    """Whether ``entry`` starts after the 1st of its month at 00:00 (its month was in part
    not suspended)."""
    start = entry.started_at
    return start is not None and (start.day > 1 or start.time() != time())


def _closing(services: list[ServiceFact], last: str) -> str:
    """The user's record of closing the line, as messages cite it: a cancellation they
    recorded of its suspension (an entry of their records whose name says suspended),
    in the line's last suspended month ``last`` or after (that month is still charged in
    full); "" when there is none, or a month after it was charged."""
    made = [
        s
        for s in services
        if s.record and s.end_month and s.end_month >= last and says_suspended(s.name)
    ]
    return max(made, key=lambda s: s.end_month or "").record if made else ""


def _asked_to_close(kit: Steps, made: UserRecord) -> None:
    """In place of closing the line, once the user recorded asking for it (``made``): not
    to do it again; the bill after it must charge nothing, else a complaint citing it."""
    month, proof = bill_to_check(kit.finding, made.on), proof_of(made, closing=True)
    kit.add(
        "evidence",
        say(
            f"你已于 {made.on} 申请销户{made.particulars()}，无需再次办理；"
            f"销户当月仍按整月收费，核对 {month} 账单：本号码不应再有任何费用；保存销户回执",
            f"you asked for the line to be closed on {made.on}{made.particulars()}: no need "
            "to do it again; the month of closing is still charged in full, so check that "
            f"the {month} bill charges this line nothing; keep the closing receipt (销户回执)",
        ),
    )
    kit.add(
        "complaint",
        say(
            f"若 {month} 账单仍收费：{kit.complain}，出示{proof}，"
            "要求停止收费并退还销户后的费用，记下新的工单号",
            f"if the {month} bill still charges it, {kit.complain}, showing {proof}, ask "
            "for the charges to stop and those after the closing to be refunded, and note "
            "the new ticket number",
        ),
        to=kit.complaint_line,
    )
