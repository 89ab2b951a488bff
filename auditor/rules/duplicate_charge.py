"""Rule ``duplicate-charge``: the same fixed fee billed twice or more in one month."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from auditor.actions import Steps
from auditor.lang import Text, say
from auditor.model import Finding, FindingDetails
from auditor.rules.base import AuditContext, Rule
from auditor.rules.charged import HALVES, UNTOLD, billed_once, halves
from auditor.rules.fact_groups import carrier_of, evidence
from auditor.rules.facts import ChargeFact
from auditor.rules.formatting import as_billed, listed_as, listing, months_text, own_names, yuan
from auditor.values import format_fen


@dataclass(frozen=True)
class DuplicateChargeDetails(FindingDetails):
    """The fee billed more than once: its amount, and how often each month billed it."""

    unit_fen: int  # one charge of it
    times: dict[str, int] = field(default_factory=dict)  # month → times billed, less refunds
    extra_fen: dict[str, int] = field(default_factory=dict)  # month → money over one charge
    #: A plan's fee whose two equal items nothing tells from the month's two halves (no
    #: price listed or named, no period in their names): its message and first step say
    #: what to check before asking for it back.
    half_months_unsure: bool = False


class DuplicateCharge(Rule[DuplicateChargeDetails]):
    """The same fixed fee is billed twice or more in one month on one line.

    A fixed fee is a plan, a function fee, a package, a value-added or third-party
    service: usage records (calls, data sessions, messages), items billed per use (点播,
    点数, an SP's 信息费) and fees a shared bill lists once per member card (副卡功能费)
    repeat without being duplicates. The same fee means one bill (one file), one month,
    the same name (width, case and spaces aside; a bracketed note kept: 套餐(语音套餐)
    and 套餐(流量套餐) are two parts of a plan) *and* the same non-zero amount: a 0.00
    row beside a paid one, or two amounts of one name, are not duplicates; items the
    carrier repeats under different names are not either (a period in each name,
    1日-15日 and 16日-31日, makes two names). Two equal items of a plan's fee may be the
    month's two halves (plan fees can be billed by the half-month; function fees are
    not split so: domain.md), and the evidence decides: the service list's price (else
    the price the name writes) equal to their sum, or a name saying it is half a month's
    (上半月, 半月租), makes them the month's one fee, no duplicate; a price equal to one of
    them makes them a duplicate. With no evidence either way, the finding is still given,
    as the spec's words have it: a fee charged twice is money owed in full, and the doubt
    is settled by one look, which its message and first step ask for (plan fees can be
    billed by the half-month: the plan's monthly price on the service list, the two
    items' dates on the itemised bill), the steps after it left if they are halves. A
    refund on the same bill (a credit naming the service, or one saying it is a refund,
    退费, 返还, 调账, 冲正, of the amount of the one fee charged so, or of the one billed
    twice, a part of its name, a period or a reason beside: 咪咕退费, 退费(10月), 调账（重复
    收费）: :mod:`auditor.rules.charged`) gives back one copy for each charge's amount it
    refunds; a credit naming another service gives back none. The finding's amount is
    the money over one charge, every month; ``monthly`` is the latest month's when the
    fee was doubled in more than one month (a billing fault that recurs), else none.
    Named as
    the bill writes it, with the service list's name beside it when that differs.

    Why it matters: a fee charged twice is money owed back in full, and it is easy to
    miss inside a long section of small items; the carrier refunds it once shown.

    Fails::

        账单 2026-09: 套餐及固定费 / 广电5G 19元套餐 19.00
                      套餐及固定费 / 广电5G 19元套餐 19.00
        → duplicate-charge, 广电5G 19元套餐, periods 2026-09, amount 19.00
        账单 2026-10: 任我行套餐 9.00 / 任我行套餐 9.00   (no list: said to be maybe halves)
        → duplicate-charge, 任我行套餐, periods 2026-10, amount 9.00

    Passes::

        账单 2026-10: 国内通话费 2.00 / 国内通话费 2.00        (usage records)
        账单 2026-10: 咪咕视频会员 15.00 / 咪咕视频会员退费 -15.00 / 咪咕视频会员 15.00
        账单 2026-10: 彩铃功能费 5.00 / 彩铃功能费 0.00
        账单 2026-10: 任我行套餐 9.00 / 任我行套餐 9.00   (已订业务: 任我行套餐 18元/月)
    """

    doc_zh: ClassVar[str] = """
        同一号码的同一项固定费用在一个月内被收取两次或更多。

        固定费用是指套餐、功能费、套餐包、增值或第三方业务：使用记录（通话、上网、短信）、
        按次计费的项目（点播、点数、SP 的信息费）以及共享账单中按每张成员卡各列一次的费用
        （副卡功能费）会重复出现，但不是重复扣费。同一项费用是指：同一张账单（同一个文件）、
        同一个月、相同名称（不计全半角、大小写和空格；保留括号中的注明：套餐(语音套餐) 和
        套餐(流量套餐) 是一个套餐的两部分）并且相同的非零金额：已付项目旁边的 0.00 行、
        同名不同金额的两项都不算重复；运营商以不同名称重复列出的项目也不算（名称中各写
        一段日期，1日-15日 和 16日-31日，就是两个名称）。套餐费的两项相同金额可能是上、下
        半月各一半（套餐费可以按半月收取，功能费不会这样拆分：见 domain.md），由证据决定：
        已订业务中的价格（没有时为名称写明的价格）等于两项之和，或名称写明是半月的
        （上半月、半月租），就是该月的一项费用，不是重复；价格等于其中一项，就是重复。
        两种证据都没有时仍然报告，与规范的字面要求一致：重复收取的费用应全额退还，而疑问
        看一眼就能解决，消息和第一步会要求先看（套餐费可以按半月收取：已订业务中该套餐的
        月费、账单明细中两项的起止日期），若是两个半月，之后的步骤不必再做。同一张账单上
        的退款（注明该业务的抵扣，或说明为退款——退费、返还、调账、冲正——而金额正是唯一
        一项如此收费的费用或唯一重复收取的费用的，旁边写了名称的一部分、月份或原因也一样：
        咪咕退费、退费(10月)、调账（重复收费）每退回一次收费的金额，就抵回一份；注明其他
        业务的抵扣不抵回。
        报告的金额为每个月超出一次收费的部分；费用在多个月重复收取时（反复出现的计费错误），
        ``monthly`` 为最近一个月的金额，否则为空。以账单上的写法称呼该项，已订业务中的
        名称不同时一并给出。

        为什么重要：收了两次的费用应全额退还，而它很容易淹没在一长串小额项目里；指出后
        运营商一般会退还。

        会报告：

            账单 2026-09: 套餐及固定费 / 广电5G 19元套餐 19.00
                          套餐及固定费 / 广电5G 19元套餐 19.00
            → duplicate-charge，广电5G 19元套餐，月份 2026-09，金额 19.00
            账单 2026-10: 任我行套餐 9.00 / 任我行套餐 9.00   （没有已订业务：说明可能是两个半月）
            → duplicate-charge，任我行套餐，月份 2026-10，金额 9.00

        不会报告：

            账单 2026-10: 国内通话费 2.00 / 国内通话费 2.00        （使用记录）
            账单 2026-10: 咪咕视频会员 15.00 / 咪咕视频会员退费 -15.00 / 咪咕视频会员 15.00
            账单 2026-10: 彩铃功能费 5.00 / 彩铃功能费 0.00
            账单 2026-10: 任我行套餐 9.00 / 任我行套餐 9.00   （已订业务：任我行套餐 18元/月）
        """

    id: ClassVar[str] = "duplicate-charge"
    severity: ClassVar[str] = "high"
    label_zh: ClassVar[str] = "重复扣费"
    label_en: ClassVar[str] = "charged twice"
    disputed: ClassVar[bool] = True
    steps_apart: ClassVar[bool] = True  # the second copy: no other finding asks it back
    description: ClassVar[str] = (
        "The same fixed fee is billed twice or more in one month on one line."
    )
    description_zh: ClassVar[str] = "同一号码的同一项固定费用在一个月内被收取两次或更多。"
    details_type = DuplicateChargeDetails
    resolution: ClassVar[Text | None] = Text(
        "重复收费已停止，最新账单不再重复收取",
        "the duplicate stopped, and the latest bill charges it once",
    )

    def evaluate(self, ctx: AuditContext) -> list[Finding]:
        """One finding per line and fee billed more than once in a month."""
        copies: dict[tuple[str, str, str, str, int], list[ChargeFact]] = {}
        for charge in ctx.facts.charges:
            if billed_once(charge):
                # The whole name, its bracketed note kept: 4G飞享套餐18元档(语音套餐) and
                # (流量套餐) are two parts of one plan, not one fee twice.
                name = charge.folded
                copies.setdefault(
                    (charge.line, charge.period, charge.source, name, charge.amount_fen), []
                ).append(charge)
        groups: dict[tuple[str, str], list[tuple[list[ChargeFact], int, int]]] = {}
        unsure: set[tuple[str, str]] = set()
        for (line, period, source, name, amount), found in copies.items():
            if len(found) < 2:
                continue
            # The bill's refunds of it (auditor.rules.charged) give copies back, one per
            # amount refunded.
            refunds = ctx.refunds.get((line, period, source, found[0].key), ())
            split = halves(found)
            owed = 2 if split == HALVES else 1  # two halves of a plan's month are its fee
            extra = len(found) - owed - sum(-credit.amount_fen for credit in refunds) // amount
            if extra > 0:
                groups.setdefault((line, name), []).append((found, extra, owed))
                if split == UNTOLD:
                    unsure.add((line, name))
        found = []
        for (line, name), months in groups.items():
            finding = self._finding(ctx, months, (line, name) in unsure)
            # The whole name: the 语音套餐 and 流量套餐 parts of one plan are two ids.
            finding.grouped_by = name
            found.append(finding)
        return found

    def _finding(
        self, ctx: AuditContext, months: list[tuple[list[ChargeFact], int, int]], unsure: bool
    ) -> Finding:
        charges = [charge for found, _, _ in months for charge in found]
        times: dict[str, int] = {}
        extra: dict[str, int] = {}
        for found, more, owed in sorted(months, key=lambda m: m[0][0].period):
            period = found[0].period
            times[period] = times.get(period, 0) + more + owed  # (owed: two halves, or one)
            extra[period] = extra.get(period, 0) + more * found[0].amount_fen
        periods = list(extra)
        unit = max(charges, key=lambda c: c.period).amount_fen  # the latest month's
        services = list(dict.fromkeys(s for c in charges for s in c.services))
        name = as_billed(charges, charges[0].item)
        listed = listed_as(name, services)
        amount = sum(extra.values())
        each = say("，", ", ").join(
            say(f"{p} 收取 {times[p]} 次", f"{times[p]} times in {p}") for p in periods
        )
        due = "in" if len(periods) == 1 else "each month, in"
        halved = any(owed == 2 for _, _, owed in months)
        fee = "month's fee (its two half-months)" if halved else "one charge"
        message = say(
            f"{name}{listed}：同一账单同月重复收费（每次 {yuan(unit)} 元；{each}），"
            f"多收 {yuan(amount)} 元。",
            f"{name}{listed}: billed more than once in one month on the same bill "
            f"({yuan(unit)} yuan each time; {each}): {yuan(amount)} yuan charged beyond the "
            f"{fee} due {due} {months_text(periods)}.",
        )
        if unsure:
            message += say(
                f"不过套餐费可以按半月收取：若该套餐每月 {yuan(2 * unit)} 元（两项之和），"
                "这两项就是上、下半月各一半，不是重复收费；请先查已订业务中该套餐的月费，"
                "或账单明细中这两项的起止日期。",
                " Plan fees can be billed by the half-month, though: if the plan costs "
                f"{yuan(2 * unit)} yuan a month (the two together), these are its two halves, "
                "not a duplicate. Check the plan's monthly price on the service list "
                "(已订业务), or the dates of the two items on the itemised bill, first.",
            )
        return Finding(
            rule=self.id,
            severity=self.severity,
            carrier=carrier_of(charges, services),
            line=charges[0].line,
            service=name,
            names=own_names(name, charges),
            periods=periods,
            amount_fen=amount,
            # A fault that recurs costs every month; one that came once, nothing more.
            monthly_fen=extra[periods[-1]] if len(periods) > 1 else None,
            message=message,
            evidence=evidence(charges),
            # a later bill that charges it once (no keys: still billed, no longer twice)
            stopped=ctx.facts.stopped_after(charges[0].line, periods[-1]),
            details=DuplicateChargeDetails(
                unit_fen=unit, times=times, extra_fen=extra, half_months_unsure=unsure
            ),
        )

    def steps(self, kit: Steps) -> None:
        """Check the detailed bill, ask for the duplicate back, keep evidence, escalate."""
        details = self.details_of(kit.finding)
        months, unit, (where, channel, to) = kit.months, format_fen(details.unit_fen), kit.bill
        counted = listing(
            say(f"{p} 共 {n} 次", f"{n} times in {p}") for p, n in details.times.items()
        )
        look = say(
            f"{where}查询 {months} 的账单明细，截图{kit.service}重复出现的各行",
            f"{where}, look up the itemised bill of {months} and take a screenshot of each "
            f"row where {kit.service} appears",
        )
        if details.half_months_unsure:
            whole = format_fen(2 * details.unit_fen)
            look += say(
                f"；套餐费可以按半月收取：若两行分别是上、下半月（看起止日期），且已订业务中"
                f"该套餐每月 {whole} 元，就不是重复收费，以下步骤不必再做",
                "; plan fees can be billed by the half-month: if the two rows are the "
                "month's two halves (their dates say) and the service list (已订业务) prices "
                f"the plan at {whole} yuan a month, it is no duplicate and the steps below can "
                "be left",
            )
        kit.add(channel, look, to=to)
        if not kit.refunded_in_full:
            kit.add(
                "hotline",
                say(
                    f"{kit.call}：说明{kit.service}同月重复收费（每次 {unit} 元，{counted}），"
                    f"要求核实并退还多收的 {kit.money}；记下工单号",
                    f"{kit.call}: say that {kit.service} was billed more than once in a month "
                    f"({unit} yuan each time; {counted}), and ask them to check it and refund "
                    f"(退费) the {kit.money} charged beyond the one charge due each month; note "
                    "the ticket number (工单号)",
                ),
                to=kit.hotline,
            )
        kit.evidence(say("列出两次收费的账单", "the bill that lists the fee twice"))
        kit.escalate(
            say(
                f"退还重复收取的 {kit.money}",
                f"a refund (退费) of the {kit.money} charged twice",
            )
        )
