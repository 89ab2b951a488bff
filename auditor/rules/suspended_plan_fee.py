"""Rule ``suspended-plan-fee``: a line kept on 停机保号 billed its plan on top of the fee."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from auditor.actions import Steps
from auditor.lang import Text, say
from auditor.model import Finding, FindingDetails
from auditor.rules.base import AuditContext, Rule
from auditor.rules.fact_groups import carrier_of, evidence
from auditor.rules.fees import LineFacts, contract_until, running_contract
from auditor.rules.formatting import as_billed, contract_clause, months_text, own_names, yuan
from auditor.rules.suspension import OnTop, billed_on_top, plan_beside_fee, suspension_entries


@dataclass(frozen=True)
class SuspendedPlanFeeDetails(FindingDetails):
    """The plan billed on top of a suspension's fee: each month's money on top, the fee
    billed beside it, since when the list dates the suspension, and whether it goes on."""

    suspension: str  # the suspension's fee as billed (停机保号费)
    suspended_since: str = ""  # the month the list dates the suspension from, "" none
    #: Each month's plan on top, less the discounts beside it: what is asked back.
    monthly_amounts_fen: dict[str, int] = field(default_factory=dict)
    fee_fen: dict[str, int] = field(default_factory=dict)  # the suspension's fee, by month
    contract: str = ""  # a contract the line's list shows running, if any
    contract_until: str = ""  # its last day, "" when the list gives none
    #: The line's latest month billed is one of its months: the plan goes on being billed
    #: on top. False once a later bill no longer does (switched on again: rightful).
    latest: bool = True

    def goes_on(self) -> bool:
        """Whether the plan is still billed on top, as the line's latest month shows."""
        return self.latest


class SuspendedPlanFee(Rule[SuspendedPlanFeeDetails]):
    """A line kept on 停机保号 is billed its plan on top of the suspension's fee.

    停机保号 keeps a number for a fee of its own (停机保号费) instead of the plan: a
    month it begins part-way through and the month the line is switched on again are
    billed by the plan; a month it covers whole whose bill charges both the suspension's
    fee and the plan's (a plan or fixed fee, less the discounts beside it) charges the
    plan on top of what keeps the number. The suspension must cover that month from its
    start, as a service-list entry dated from an earlier month (or from 00:00 on its 1st)
    says, or the month before billing the fee too; a month nothing dates (the first fee
    billed, no list entry dated) is left alone, and so is a month a list entry shows the
    suspension began in part-way through, or ended in (an end at 00:00 on a 1st, the audit
    spec's rule, leaves the month before it whole: 2026-04-01 00:00 to 2026-07-01 00:00 is
    April to June, each on top). A later bill still billing both, the line switched on
    again in its month, has not stopped the plan on top. One finding per line,
    named as the bill names the plan: its ``amount`` is the plan on top over those
    months, money to ask back, ``monthly`` the latest month's. The steps ask the carrier
    to check it, stop it and refund it, with the evidence to keep, then a complaint and,
    15 days on, the MIIT appeal; a complaint or appeal the user recorded is
    followed as for any disputed charge. Nothing says to close the line: keeping the
    number is what 停机保号 is for (``suspended-line`` says what the line costs, and that
    closing it is for a number no longer needed).

    Why it matters: a line kept only to hold its number should cost its few yuan of
    停机保号费 a month; a plan billed on top of it goes on unnoticed on a card nobody uses,
    often for more than the fee itself.

    Fails::

        已订业务: 停机保号  5元/月  生效时间 2026-07-15
        账单 2026-08: 停机保号费 5.00
        账单 2026-09, 2026-10: 任我行19元套餐 19.00, 停机保号费 5.00
        → suspended-plan-fee, 任我行19元套餐, periods 2026-09..10, amount 38.00

    Passes::

        账单 2026-09: 4G飞享18元套餐 18.00, 停机保号费 5.00   (nothing dates the start:
                                                          it may be its first month)
        账单 2026-10: 停机保号费 5.00                       (the fee alone)
    """

    doc_zh: ClassVar[str] = """
        办理了停机保号的号码，在停机保号费之外仍被收取套餐费。

        停机保号是以一笔自己的费用（停机保号费）代替套餐费来保留号码：月中开始停机的当月和复机
        的当月按套餐收费；整月停机的月份，账单既收停机保号费、又收套餐费（套餐或固定费，减去同
        月的优惠）的，就是在保号费之外另收了套餐费。停机须从该月月初起已经开始：已订业务中的记
        录注明更早月份开始（或该月 1 日 00:00 开始），或上一个月也收了停机保号费；没有任何依据
        说明开始时间的月份（第一次收停机保号费、已订业务没有日期）不报告，已订业务显示停机在月
        中开始或结束的月份也不报告（1 日 00:00 结束，按审计规范的规则，前一个月是整月停机：
        2026-04-01 00:00 至 2026-07-01 00:00 即 4 月至 6 月，每月都算）。之后的账单若仍同时收
        取两者（当月复机），另收套餐费就还没有停止。每个号码报告一项，以账单上套餐的写法称呼：
        ``amount`` 为这些月份另收的套餐费，应要求退还，``monthly`` 为最近一个月的金额。处理步
        骤为请运营商核实、停止收取并退还，保存证据，然后投诉，15 天后向工信部申诉；用户记录的
        投诉或申诉，和其他争议扣费一样跟进。不要求销户：保留号码正是停机保号的目的（
        ``suspended-line`` 说明号码的费用，以及不再需要号码时才销户）。

        为什么重要：只为保留号码的停机号码，每月应只花几元停机保号费；在一张没人用的卡上，
        另收的套餐费往往比保号费本身还多，而且不容易被发现。

        会报告：

            已订业务: 停机保号  5元/月  生效时间 2026-07-15
            账单 2026-08: 停机保号费 5.00
            账单 2026-09、2026-10: 任我行19元套餐 19.00，停机保号费 5.00
            → suspended-plan-fee，任我行19元套餐，月份 2026-09..10，金额 38.00

        不会报告：

            账单 2026-09: 4G飞享18元套餐 18.00，停机保号费 5.00   （没有依据说明开始时间：
                                                              可能是停机当月）
            账单 2026-10: 停机保号费 5.00                       （只收保号费）
        """

    id: ClassVar[str] = "suspended-plan-fee"
    severity: ClassVar[str] = "medium"
    label_zh: ClassVar[str] = "保号仍收套餐"
    label_en: ClassVar[str] = "plan billed while suspended"
    description: ClassVar[str] = (
        "A line kept on 停机保号 is billed its plan on top of the suspension's fee."
    )
    description_zh: ClassVar[str] = "办理停机保号的号码在停机保号费之外仍被收取套餐费。"
    disputed: ClassVar[bool] = True
    details_type = SuspendedPlanFeeDetails
    resolution: ClassVar[Text | None] = Text(
        "最新账单不再在停机保号费之外收取套餐费",
        "the latest bill no longer charges the plan on top of the suspension's fee",
    )

    def evaluate(self, ctx: AuditContext) -> list[Finding]:
        """One finding per line billed its plan on top of a suspension's fee."""
        found = []
        for gathered in ctx.lines.values():
            on_top = billed_on_top(gathered)
            if on_top.amounts:
                found.append(self._finding(ctx, gathered, on_top))
        return found

    def _finding(self, ctx: AuditContext, gathered: LineFacts, on_top: OnTop) -> Finding:
        periods, amounts = on_top.months, on_top.amounts
        plans = on_top.plans()
        fees = [c for m in periods for c in on_top.fees[m]]
        name, fee_name = as_billed(plans, "套餐"), as_billed(fees, "停机保号费")
        amount, monthly = sum(amounts.values()), amounts[periods[-1]]
        fee = {m: sum(c.amount_fen for c in on_top.fees[m]) for m in periods}
        entries = suspension_entries(gathered.services)
        contract = running_contract(gathered.services, ctx.as_of)
        months = months_text(periods)
        since = on_top.since
        # a later bill that no longer bills the plan on top (the fee alone, or the line
        # switched on again, billed by its plan alone: rightful); not one billing both,
        # even rightly (switched on part-way through its month): its resolution would say
        # the latest bill no longer charges the plan on top
        stopped = ctx.facts.stopped_after(gathered.line, periods[-1])
        if stopped and plan_beside_fee(gathered, stopped):
            stopped = ""
        message = say(
            f"{name}：号码办理了停机保号{f'（{since} 起）' if since else ''}，每月收取"
            f"{fee_name} {yuan(fee[periods[-1]])} 元来保留号码，但 {months} 的账单在此之外"
            f"仍收取套餐费，共 {yuan(amount)} 元（最近每月 {yuan(monthly)} 元）。停机保号期间"
            "（月中开始停机或复机的当月除外）只应收停机保号费，不应再收套餐费：请要求退还。",
            f"{name}: the line is kept suspended to keep its number (停机保号"
            f"{f', since {since}' if since else ''}), billed 「{fee_name}」 "
            f"{yuan(fee[periods[-1]])} yuan a month for it, yet the bills of {months} charge "
            f"its plan on top: {yuan(amount)} yuan (lately {yuan(monthly)} yuan a month). "
            "While a line is kept suspended so, its fee is due instead of the plan (but in a "
            "month it begins part-way through, or is switched on again in): ask for the "
            "plan's charges back.",
        )
        line = gathered.line
        return Finding(
            rule=self.id,
            severity=self.severity,
            carrier=carrier_of(plans, fees, entries),
            line=line,
            service=name,
            names=own_names(name, plans),
            periods=periods,
            amount_fen=amount,
            monthly_fen=monthly,
            message=message,
            evidence=evidence(entries, [c for m in periods for c in on_top.charges[m]], fees),
            stopped=stopped,
            details=SuspendedPlanFeeDetails(
                suspension=fee_name,
                suspended_since=since,
                monthly_amounts_fen=dict(amounts),
                fee_fen=fee,
                contract=contract.name if contract else "",
                contract_until=contract_until(contract) if contract else "",
                latest=periods[-1] == gathered.latest,
            ),
        )

    def steps(self, kit: Steps) -> None:
        """Look up the bills; ask the carrier to check, stop and refund it; keep the
        evidence; complain, then appeal. Never to close the line: keeping its number is
        what 停机保号 is for."""
        details = self.details_of(kit.finding)
        fee = details.suspension
        where, channel, to = kit.bill
        kit.add(
            channel,
            say(
                f"{where}查询 {kit.months} 的账单明细，截图同时列出「{fee}」和{kit.service}的各行",
                f"{where}, look up the itemised bills of {kit.months} and take a screenshot of "
                f"the rows that list both 「{fee}」 and {kit.service}",
            ),
            to=to,
        )
        if not kit.refunded_in_full:
            clause = contract_clause(details.contract, details.contract_until)
            ask = (
                say(f"；{clause}，请客服说明合约是否仍要求收取套餐费", f"; {clause}: ask whether "
                    "the contract keeps the plan due while the line is suspended")
                if clause
                else ""
            )  # fmt: skip
            kit.add(
                "hotline",
                say(
                    f"{kit.call}：说明号码办理了停机保号、每月已收「{fee}」，但 {kit.months} "
                    f"仍另收{kit.service}；要求核实、停止收取套餐费并退还 {kit.money}；"
                    f"号码要继续保留，不是销户{ask}；记下工单号",
                    f"{kit.call}: say the line is kept suspended to keep its number (停机保号), "
                    f"billed 「{fee}」 every month for it, yet {kit.months} also charged "
                    f"{kit.service}; ask them to "
                    f"check it, stop billing the plan and refund (退费) the {kit.money}; you "
                    f"keep the number: this is not closing the line (销户){ask}; note the "
                    "ticket number (工单号)",
                ),
                to=kit.hotline,
            )
        kit.evidence(
            say(
                "同时列出停机保号费和套餐费的账单、已订业务中的停机保号",
                "the bills that list both the suspension's fee and the plan, and the "
                "suspension's entry (停机保号) on the service list",
            )
        )
        kit.escalate(
            say(
                f"停止收取套餐费并退还停机保号期间另收的 {kit.money}",
                f"the plan no longer billed, and a refund (退费) of the {kit.money} billed on "
                "top of the suspension's fee (停机保号费)",
            )
        )
