"""Rule ``price-change``: a recurring fee rose, or a recurring discount shrank or ended."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import ClassVar

from auditor.actions import Steps
from auditor.lang import say
from auditor.model import Finding, FindingDetails
from auditor.rules.base import AuditContext, Rule
from auditor.rules.fact_groups import carrier_of, evidence
from auditor.rules.facts import ChargeFact, ServiceFact
from auditor.rules.fee_series import (
    DISCOUNT_KIND,
    FEE,
    Change,
    change_text,
    months_until,
    series_of,
    so_far_note,
)
from auditor.rules.fees import LineFacts, contract_until, running_contract
from auditor.rules.formatting import (
    as_billed,
    contract_clause,
    format_moment,
    listed_as,
    own_names,
    unsure_why,
    yuan,
)
from auditor.rules.last_change import last_change
from auditor.rules.promotions import ask, behind, moment, shows, state
from auditor.values import format_fen


@dataclass(frozen=True)
class PriceChangeDetails(FindingDetails):
    """What the fee or discount was, what it is, since when, and what the list says."""

    kind: str  # "fee" (a recurring fee rose) or "discount" (a discount shrank or ended)
    before_fen: int  # its amount in the month before (negative for a discount)
    after_fen: int  # its amount since (0 for a discount that ended)
    previous_month: str  # the month billed at the old amount
    since: str  # the first month billed at the new amount
    promotion: str = ""  # the promotion or contract the list shows explaining it, if any
    promotion_ended: str = ""  # when that ended (or was cancelled), as messages write it
    #: What the list shows of it: "ended", "cancelled" (before its expiry) or "running"
    #: (the discount's own entry runs on: it stopped early); "" with none.
    promotion_shows: str = ""
    #: The promotion's end is the one its bill item's name states (新入网优惠（截至2026年9月
    #: 30日）), not a service list's entry: its messages say the bill's item says so.
    promotion_named: bool = False
    contract: str = ""  # a contract the line's list shows running, if any
    contract_until: str = ""  # its last day, "" when the list gives none
    #: The month before may be the fee's first, charged by the day: nothing dates the fee
    #: earlier (the line's first month known, no service list, no price it matches).
    first_month_unsure: bool = False
    #: A discount's last month due by its stated end (its list entry's expiry, its item's
    #: name: 截至2026年12月31日), "" with none: cut short, it is owed until then only.
    stated_until: str = ""
    #: A bill so far (a month not over, after the change) billing it at another amount,
    #: ``so_far_fen``: a hint its message gives, the finding judged by the months over.
    so_far_month: str = ""
    so_far_fen: int | None = None


class PriceChange(Rule[PriceChangeDetails]):
    """A recurring fee rose, or a recurring discount shrank or ended, so the bill rose.

    One fee (a plan, a function fee, a package, a monthly service: not usage, not items
    billed per use) is compared between two consecutive billed months of the line in
    which it is billed; a discount (a negative item such as 话费优惠, 套餐减免) that was
    the same in the two months before shrinks or is gone, or shrinks to an amount billed
    alike in the two months since (-10, -5, -5: the line's first month known may be the
    last one before the cut); so does one whose own end, as its list entry or its bill
    item's name states it, is later than the month it is gone or shrunk from (新入网优惠
    （截至2026年12月31日） -10.00 in September, none in October): its stated end says it
    recurs, and two bills show it cut short. Every month known for the line counts:
    the files given and the months the history holds. Not a rise: a fee
    first billed in the later month (a new service), a fee going from 0.00 to paid (a
    trial's, or a free first month's), a fee renamed after a month alone under its old
    name (彩铃 2.00, then 彩铃功能费 5.00: one name at both prices, or the old one billed
    alike twice, shows one recurring charge), a fee billed twice in one month (that is
    ``duplicate-charge``'s: counted once here), a month charged by the day or by the
    half-month (the month a plan starts or ends on the service list and the month
    after, a service's own first month, a fee's first month on a line already billed),
    refunds, discounts named for usage (通话费优惠 follows the calls), and a discount
    gone at once that ran out on its own end date: as the service list states it (its
    own entry, else a promotion's not billed as an item of its own, expiring from the
    month it was last given) or, where the list states none, as its bill item's name
    does (新入网优惠（截至2026年9月30日）, 限时优惠(2026.7.1-2026.9.30); a date without its
    year, or none that parses, is no end): the offer ended as it said, the bill back at
    the plan's price, and ``next-month-effective`` announced it while it was to come.
    Nor is a fee gone back up at once, to no more than its own price where its name or
    list entry writes one, as such a listed promotion ran out (a plan at half price for
    three months, then in full); nor a discount missing or smaller in a month not over
    on the audit date (its bill so far, which proves no fee's end either: a rise it does
    not bill yet still holds). A bill so far billing it otherwise than the months over
    since the change (the old price again, or more) neither carries the change on nor
    replaces it (one from a month perhaps by the day it does: a rise it bills is surer),
    nor, billing less, is a month of the rise: it may bill a fee in part yet,
    or be put right as the month is billed, so the finding stands as the months over show
    it; but it is evidence, so the message says what it shows and that the month's final
    bill will tell, and that bill is among the evidence to keep (``so_far_month``,
    ``so_far_fen``). The first month known of a line may be the
    fee's first, by the day, unless the list shows it started earlier or the list or
    the fee's name prices it at that month's amount (冰激凌套餐29元 billed 29.00): a
    rise from it is reported saying so, with its start to look up first (a plan's fee
    naming no plan, China Telecom's 包月费, is the one plan the list names: its start
    dates it; with several plans listed, or none, the message says so). Such a rise keeps
    the rule's severity, medium, and its cost a year counts as its message says it: the
    audit spec excepts a month *known* to be charged by the day (a first month, a plan
    change the list shows), and nothing known says this one was; the hedge and the first
    step carry the doubt, while a lower severity and no cost a year would have the
    Summary and ``--fail-on`` pass over a rise whose own message counts it.
    Only a change still in force in the line's latest billed month is reported,
    once: from what to what since which month, and the yearly cost (a discount cut short
    before its stated end: the months from the first without it to that end, at most
    12, "10.00 a month until 2026-12, 30.00 in all"). The steps name the
    promotion or contract the list shows ending then (or the discount's own entry
    running on: it stopped early), and a contract still running.

    Why it matters: promotions run out and tariffs change quietly; a bill a few yuan
    higher every month is easy to miss and costs tens of yuan a year. The carrier must
    say why, and often has a comparable offer when asked.

    Fails::

        账单 2026-08, 2026-09: 新入网话费优惠 -10.00;  账单 2026-10: (none)
        → price-change, 新入网话费优惠, periods 2026-10, amount 10.00 (a discount ended)
        账单 2026-09: 冰激凌套餐29元 29.00;  账单 2026-10: 冰激凌套餐29元 39.00
        → price-change, 冰激凌套餐29元, periods 2026-10, amount 10.00
        账单 2026-09: 新入网优惠（截至2026年12月31日） -10.00;  账单 2026-10: (none)
        → price-change, periods 2026-10, amount 10.00 (it stopped before its end)

    Passes::

        账单 2026-08: 4G飞享18元套餐 17.11;  账单 2026-09: 4G飞享18元套餐 18.00
        (the service list shows the plan started on 2026-08-03: a first month by the day)
        账单 2026-09: 沃音乐会员 0.00;  账单 2026-10: 沃音乐会员 10.00  (a trial's)
        账单 2026-08, 2026-09: 新入网话费优惠 -10.00;  账单 2026-10: (none)
        (the service list shows 新入网话费优惠（3个月） expiring 2026-10-01 00:00: it ran out)
        账单 2026-08, 2026-09: 新入网优惠（截至2026年9月30日） -10.00;  账单 2026-10: (none)
        (the item's name states its end: it ran out)
    """

    doc_zh: ClassVar[str] = """
        某项每月固定的费用上涨，或每月固定的优惠减少或取消，使账单变高。

        一项费用（套餐、功能费、套餐包、按月收费的业务：不含使用量，也不含按次计费的项目）
        在该号码两个相邻的、都收取了该费用的账单月份之间比较；一项优惠（负数项目，如
        话费优惠、套餐减免）在此前两个月相同，之后减少或消失，或减少后的金额此后两个月
        相同（-10、-5、-5：该号码已知的第一个月可能正是减少前的最后一个月）；优惠自身的
        已订业务条目或账单项目名称写明的到期日晚于它消失或减少的月份时也算（新入网优惠
        （截至2026年12月31日） 9 月 -10.00，10 月没有）：写明的到期日说明它每月都有，两期
        账单就能看出它提前没有了。该号码已知的每个月都计入：
        本次给出的文件，以及历史记录中的月份。以下不算涨价：后一个月才第一次收取的费用
        （新业务）、从 0.00 变为付费的费用（试用或首月免费）、改了名而旧名称只收过一个月
        的费用（彩铃 2.00，之后 彩铃功能费 5.00：同一名称收过两种价格，或旧名称连续两个月
        金额相同，才说明是同一项每月费用）、一个月内收取两次的费用（属于
        ``duplicate-charge``，此处只计一次）、按天或按半月计费的月份（已订业务显示套餐开始
        或结束的月份及其下一个月、业务自身的第一个月、该号码已有账单时费用的第一个月）、
        退款、按使用量计的优惠（通话费优惠随通话量变化），以及按其本身的到期日结束的优惠：
        已订业务写明的到期日（优惠自身的条目，没有时为某项不单独列在账单上的优惠活动，失效
        于最后一次给优惠的月份起），已订业务没有写明时为账单项目名称写明的到期日（新入网
        优惠（截至2026年9月30日）、限时优惠(2026.7.1-2026.9.30)；没有年份或无法识别的日期
        不算到期日）：优惠如期结束，账单回到套餐原价，它将到期时 ``next-month-effective``
        已提示过。这样的优惠活动到期、费用随之一次回升且不高于其名称或已订业务写明的价格
        （套餐前三个月半价，之后全价），也不算涨价；在检查日期还没有结束的月份里（到目前为止的
        账单）没有或变少的优惠也不算。变化之后、尚未出完的账单若按另一个金额收取（回到原价，
        或更高）：它既不延续也不取代已出账月份显示的变化（从可能按天计费的月份起的变化
        除外：它显示的上涨更确定），金额较低时也不算涨价的月份（它
        可能只计了部分费用，或在出账时更正），报告仍以已出账的月份为准；但它是一条线索，
        消息会说明它显示的金额以及以该月出账后的最终账单为准，要留存的证据也包括那份账单。
        该号码已知的第一个月可能是该费用按天计费的第一个月，除非已订业务显示它更早开始，
        或已订业务或费用名称写明的价格（冰激凌套餐29元 收 29.00）正是该月金额：从这样的
        月份上涨，报告时说明这一点，第一步是查它何时开通（电信账单只写「包月费」
        而不写套餐名：已订业务只列出一个套餐时，它就是该套餐的费用，按该套餐的开通时间判断；
        列出多个或没有套餐时，消息会说明缺什么）。这样的上涨仍按本规则的严重度（中）报告，
        一年多花的金额也按消息所说计入：审计规范只排除“已知”按天计费的月份（第一个月、
        已订业务显示的套餐变更），而这里没有任何已知事实说明该月按天计费；疑问由消息中的
        说明和第一步承担，若降低严重度、不计一年的金额，汇总和 --fail-on 就会略过一项
        消息本身已算出一年金额的涨价。只报告在该号码最新
        账单月份仍然有效的变化，且只报告一次：
        从多少变为多少、自哪个月起，以及一年多花多少（优惠在写明的到期日前提前没有了：只算从
        第一个没有优惠的月份到该到期日的月数，最多 12 个月，「至 2026-12 每月多 10.00 元，共多
        30.00 元」）。处理步骤会指出已订业务显示在当时到期
        的优惠或合约（或优惠自身的条目仍在有效期内：优惠提前没有了），以及仍在期内的合约。

        为什么重要：优惠会到期，资费会悄悄调整；账单每月多几元很容易被忽略，一年就是几十元。
        运营商须说明原因，问起来也常有相近的优惠可办。

        会报告：

            账单 2026-08、2026-09: 新入网话费优惠 -10.00；账单 2026-10:（没有）
            → price-change，新入网话费优惠，月份 2026-10，金额 10.00（优惠已取消）
            账单 2026-09: 冰激凌套餐29元 29.00；账单 2026-10: 冰激凌套餐29元 39.00
            → price-change，冰激凌套餐29元，月份 2026-10，金额 10.00
            账单 2026-09: 新入网优惠（截至2026年12月31日） -10.00；账单 2026-10:（没有）
            → price-change，月份 2026-10，金额 10.00（优惠提前没有了）

        不会报告：

            账单 2026-08: 4G飞享18元套餐 17.11；账单 2026-09: 4G飞享18元套餐 18.00
            （已订业务显示该套餐 2026-08-03 开始：第一个月按天计费）
            账单 2026-09: 沃音乐会员 0.00；账单 2026-10: 沃音乐会员 10.00  （试用转付费）
            账单 2026-08、2026-09: 新入网话费优惠 -10.00；账单 2026-10:（没有）
            （已订业务显示 新入网话费优惠（3个月） 于 2026-10-01 00:00 失效：优惠如期结束）
            账单 2026-08、2026-09: 新入网优惠（截至2026年9月30日） -10.00；账单 2026-10:（没有）
            （项目名称写明了到期日：优惠如期结束）
        """

    id: ClassVar[str] = "price-change"
    severity: ClassVar[str] = "medium"
    label_zh: ClassVar[str] = "资费上涨"
    label_en: ClassVar[str] = "price rise"
    description: ClassVar[str] = (
        "A recurring fee rose, or a recurring discount shrank or ended, so the bill rose."
    )
    description_zh: ClassVar[str] = "每月固定的费用上涨，或每月固定的优惠减少或取消，账单因此变高。"
    ongoing: ClassVar[bool] = True  # the rise is billed every month: its message says a year's
    details_type = PriceChangeDetails

    def evaluate(self, ctx: AuditContext) -> list[Finding]:
        """One finding per line and fee (or discount) whose last change still holds."""
        found = []
        for gathered in ctx.lines.values():
            if len(gathered.months) < 2:
                continue
            series, charges = series_of(gathered)
            # the list's entries, and the promotions whose ends the items' names state
            listed = [*gathered.services, *ctx.named_ends.on_line(gathered.line)]
            for key, amounts in series.items():
                going = functools.partial(ctx.so_far, gathered.line)
                change = last_change(gathered, amounts, charges[key], listed, going)
                if change is not None:
                    finding = self._finding(ctx, gathered, change, charges[key], listed)
                    finding.grouped_by = key  # a fee named otherwise than its series
                    found.append(finding)
        return found

    def _finding(
        self,
        ctx: AuditContext,
        gathered: LineFacts,
        change: Change,
        charges: list[ChargeFact],
        listed: list[ServiceFact],
    ) -> Finding:
        months = gathered.months
        # a bill so far is one of its months where it bills the fee (never a discount's)
        billed = {c.period for c in charges} if change.kind == FEE else set()
        if change.so_far and change.so_far[1] < change.after:  # not the rise (yet)
            billed.discard(change.so_far[0])
        since, going = months[months.index(change.since) :], ctx.so_far
        periods = [m for m in since if m in billed or not going(gathered.line, m)]
        shown = [c for c in charges if c.period in (change.previous, *periods)]
        services = list(dict.fromkeys(s for c in charges for s in c.services))
        name = as_billed(shown, charges[0].item)
        # an item's name dates its own end, none other's
        key, named_ends = charges[0].key, ctx.named_ends
        listed = [s for s in listed if s.key == key or not named_ends.named(s)]
        promotion = behind(listed, key, change.kind == DISCOUNT_KIND, change.previous)
        named = promotion is not None and named_ends.named(promotion)
        # The promotion, when it is the item's own entry, is named once, below.
        listed = listed_as(name, [s for s in services if s is not promotion])
        rise = change.after - change.before
        contract = running_contract(gathered.services, ctx.as_of)
        since = change.since
        previous = change.previous
        what = change_text(change)
        if change.unsure:
            message = say(
                f"{name}{listed}：{what}。如果它是 {previous} 开通的，{previous} 按天计费，"
                f"并没有涨价；如果不是，账单每月多 {yuan(rise)} 元，一年多 {yuan(rise * 12)} 元。",
                f"{name}{listed}: {what}. If it started during {previous}, that month was "
                f"charged by the day and nothing rose; if not, the bill is {yuan(rise)} yuan "
                f"a month higher, {yuan(rise * 12)} yuan a year. ",
            ) + unsure_why(gathered.services, charges[0])
        elif (months := months_until(change.since, until := change.until)) < 12:
            message = say(  # a discount owed only until its stated end
                f"{name}{listed}：{what}，至 {until} 账单每月多 {yuan(rise)} 元，"
                f"共多 {yuan(rise * months)} 元。",
                f"{name}{listed}: {what}; the bill is {yuan(rise)} yuan a month higher until "
                f"{until}, {yuan(rise * months)} yuan in all.",
            )
        else:
            message = say(
                f"{name}{listed}：{what}，账单每月多 {yuan(rise)} 元，"
                f"一年多 {yuan(rise * 12)} 元。",
                f"{name}{listed}: {what}; the bill is {yuan(rise)} yuan a month higher, "
                f"{yuan(rise * 12)} yuan a year.",
            )
        on_list = state(promotion, charges[0].key, since) if promotion else ""
        ended = format_moment(moment(promotion, on_list)) if promotion else ""
        if promotion is not None:
            message += shows(promotion.name, ended, on_list, named)
        if change.so_far:
            message += so_far_note(*change.so_far, change.kind, change.after)
        return Finding(
            rule=self.id,
            # the spec's medium even when unsure: see the class's docstring
            severity=self.severity,
            carrier=carrier_of(charges, gathered.services),
            line=gathered.line,
            service=name,
            names=own_names(name, charges),
            periods=periods,
            amount_fen=rise,
            # what its message says a year of it is, unsure or not (its message hedges)
            monthly_fen=rise,
            message=message,
            evidence=evidence([promotion] if promotion else [], shown),
            details=PriceChangeDetails(
                kind=change.kind,
                before_fen=change.before,
                after_fen=change.after,
                previous_month=change.previous,
                since=since,
                promotion=promotion.name if promotion else "",
                promotion_ended=ended,
                promotion_shows=on_list,
                promotion_named=named,
                contract=contract.name if contract else "",
                contract_until=contract_until(contract) if contract else "",
                first_month_unsure=change.unsure,
                stated_until=change.until,
                so_far_month=change.so_far[0] if change.so_far else "",
                so_far_fen=change.so_far[1] if change.so_far else None,
            ),
        )

    @classmethod
    def months_at_stake(cls, finding: Finding) -> int:
        """The months from its ``since`` to a discount's stated end, both counted (at most
        12), or 12."""
        details = finding.details
        if not isinstance(details, PriceChangeDetails):
            return 12
        return months_until(details.since, details.stated_until)

    def steps(self, kit: Steps) -> None:
        """Ask why (and about the promotion), weigh another plan (minding a contract),
        keep evidence, and escalate a rise nobody announced."""
        f, details = kit.finding, self.details_of(kit.finding)
        rise, since = format_fen(f.amount_fen), details.since
        if details.first_month_unsure:
            kit.check_start(details.previous_month)
        kit.add(
            "hotline",
            say(
                f"{kit.call}，询问{kit.service}自 {since} 起账单每月多 {rise} 元的原因"
                "（资费调整还是优惠到期），调整前是否通知过你",
                f"{kit.call} and ask why {kit.service} makes the bill {rise} yuan a month "
                f"higher since {since} (a tariff change or a promotion that ended), and "
                "whether you were told before the change",
            ),
            to=kit.hotline,
        )
        if details.promotion:
            text = ask(
                details.promotion,
                details.promotion_ended,
                details.promotion_shows,
                since,
                details.promotion_named,
            )
            kit.add("hotline", text, to=kit.hotline)
        if details.contract:
            clause = contract_clause(details.contract, details.contract_until)
            text = say(
                f"如不接受新资费而想改套餐：{clause}",
                "if you do not accept the new price and want to change plan instead, mind "
                f"the contract: {clause}",
            )
        else:
            text = say(
                "如不接受新资费，可改办更合适的套餐（一般次月生效）；若有合约期（合约、承诺在网），"
                "期内改套餐可能需支付违约金",
                "if you do not accept the new price, you can change to a better-suited plan "
                "(usually from the next month); if a contract (合约, 承诺在网) is running, "
                "changing the plan before it ends may cost a penalty (违约金)",
            )
        kit.add("hotline", text, to=kit.hotline)
        keep = say(
            "涨价前后两个月的账单和资费说明",
            "the bills before and after the rise, and the plan's terms (资费说明)",
        )
        if month := details.so_far_month:  # its bill so far shows another amount
            keep += say(f"，以及 {month} 出账后的最终账单", f", and {month}'s final bill")
        kit.evidence(keep)
        kit.escalate(
            say(
                f"说明涨价原因；未经提前告知的，恢复原资费并退还每月多收的 {rise} 元",
                "the reason for the rise, and, if you were not told in advance, the old price "
                f"back and a refund (退费) of the {rise} yuan a month charged over it",
            )
        )
