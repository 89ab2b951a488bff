"""Rule ``price-change``: a recurring fee rose, or a recurring discount shrank or ended."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from auditor.actions import Steps, contract_clause
from auditor.categories import DISCOUNT
from auditor.model import Finding, FindingDetails
from auditor.rules.base import AuditContext, Rule
from auditor.rules.facts import ChargeFact, ServiceFact, carrier_of, evidence
from auditor.rules.fees import (
    LineFacts,
    by_line,
    contract_until,
    is_contract,
    is_usage,
    per_file_month,
    plan_change_months,
    running_contract,
    says,
)
from auditor.rules.formatting import as_billed, format_moment, listed_as, yuan
from auditor.values import format_fen
from auditor.words import DATA_WORDS, PER_USE_WORDS, REFUND_WORDS, SMS_CATEGORY_WORDS, VOICE_WORDS

FEE, DISCOUNT_KIND = "fee", "discount"
#: A discount named for usage (通话费优惠, 流量费减免) offsets what the line used, and
#: varies with it: no price is in it.
_USAGE_NAMES = (*VOICE_WORDS, *DATA_WORDS, *SMS_CATEGORY_WORDS)


@dataclass(frozen=True)
class PriceChangeDetails(FindingDetails):
    """What the fee or discount was, what it is, since when, and what the list says."""

    kind: str  # "fee" (a recurring fee rose) or "discount" (a discount shrank or ended)
    before_fen: int  # its amount in the month before (negative for a discount)
    after_fen: int  # its amount since (0 for a discount that ended)
    previous_month: str  # the month billed at the old amount
    since: str  # the first month billed at the new amount
    promotion: str = ""  # the promotion or contract the list shows explaining it, if any
    promotion_ended: str = ""  # when that ended, as messages write it
    contract: str = ""  # a contract the line's list shows running, if any
    contract_until: str = ""  # its last day, "" when the list gives none


@dataclass
class _Change:
    """One fee's (or discount's) change between two billed months, perhaps several in a row."""

    kind: str
    previous: str
    since: str
    before: int
    after: int
    last: str  # the last month of the run of changes


def _series(gathered: LineFacts) -> tuple[dict[str, dict[str, int]], dict[str, list]]:
    """Each recurring item's amount per month (duplicates counted once: a fee billed twice
    is ``duplicate-charge``'s, not a rise), and its charges. A month where one name is
    both charged and credited (a refund beside it) says nothing of a price: left out."""
    by_key: dict[str, list[ChargeFact]] = {}
    for charge in gathered.charges:
        if charge.category_level or is_usage(charge) or says(charge.item, PER_USE_WORDS):
            continue
        if charge.amount_fen < 0 and (
            says(charge.item, REFUND_WORDS) or says(charge.item, _USAGE_NAMES)
        ):
            continue  # a one-off credit, or a discount that follows usage
        by_key.setdefault(charge.key, []).append(charge)
    series: dict[str, dict[str, int]] = {}
    for key, charges in by_key.items():
        amounts: dict[str, int] = {}
        for month, found in per_file_month(charges).items():
            values = {c.amount_fen for c in found}
            if min(values) < 0 <= max(values) and max(values) > 0:
                continue  # charged and credited in one month
            amounts[month] = sum(values)
        series[key] = amounts
    return series, by_key


class PriceChange(Rule[PriceChangeDetails]):
    """A recurring fee rose, or a recurring discount shrank or ended, so the bill rose.

    One fee (a plan, a function fee, a package, a monthly service: not usage, not items
    billed per use) is compared between two consecutive billed months of the line in
    which it is billed; a discount (a negative item such as 话费优惠, 套餐减免) that was
    the same in the two months before shrinks or is gone. Every month known for the
    line counts: the files given and the months the history holds. Not a rise: a fee
    first billed in the later month (a new service), a fee going from 0.00 to paid (a
    trial's, or a free first month's), a fee billed twice in one month (that is
    ``duplicate-charge``'s: counted once here), a month charged by the day or by the
    half-month (the month a plan starts or ends on the service list and the month
    after, a service's own first month, a fee's first month on a line already billed,
    and the first month known of a line unless the list shows the fee started before
    it), refunds, and discounts named for usage (通话费优惠 follows the calls). Only a
    change still in force in the line's latest billed month is reported, once: from
    what to what since which month, and the yearly cost. The steps name the promotion
    or contract the list shows ending then, and a contract still running.

    Why it matters: promotions run out and tariffs change quietly; a bill a few yuan
    higher every month is easy to miss and costs tens of yuan a year. The carrier must
    say why, and often has a comparable offer when asked.

    Fails::

        账单 2026-08, 2026-09: 新入网话费优惠 -10.00;  账单 2026-10: (none)
        → price-change, 新入网话费优惠, periods 2026-10, amount 10.00 (a discount ended)
        账单 2026-09: 冰激凌套餐29元 29.00;  账单 2026-10: 冰激凌套餐29元 39.00
        → price-change, 冰激凌套餐29元, periods 2026-10, amount 10.00

    Passes::

        账单 2026-08: 4G飞享18元套餐 17.11;  账单 2026-09: 4G飞享18元套餐 18.00
        (the service list shows the plan started on 2026-08-03: a first month by the day)
        账单 2026-09: 沃音乐会员 0.00;  账单 2026-10: 沃音乐会员 10.00  (a trial's)
    """

    id: ClassVar[str] = "price-change"
    severity: ClassVar[str] = "medium"
    label_zh: ClassVar[str] = "资费上涨"
    description: ClassVar[str] = (
        "A recurring fee rose, or a recurring discount shrank or ended, so the bill rose."
    )
    details_type = PriceChangeDetails

    def evaluate(self, ctx: AuditContext) -> list[Finding]:
        """One finding per line and fee (or discount) whose last change still holds."""
        found = []
        for gathered in by_line(ctx.facts).values():
            if len(gathered.months) < 2:
                continue
            series, charges = _series(gathered)
            for key, amounts in series.items():
                change = self._change(gathered, amounts, charges[key])
                if change is not None:
                    found.append(self._finding(ctx, gathered, change, charges[key]))
        return found

    def _change(
        self, gathered: LineFacts, amounts: dict[str, int], charges: list[ChargeFact]
    ) -> _Change | None:
        """The fee's last change, when it still holds in the line's latest month."""
        months = gathered.months
        services = list(dict.fromkeys(s for c in charges for s in c.services))
        plan_changes = plan_change_months(gathered.services)
        # A fee's own first and last months may be charged by the day; a discount's own
        # end is what the finding is about.
        own = {s.start_month for s in services if not _starts_on_the_first(s)}
        own |= {s.end_month for s in services}
        change: _Change | None = None
        for index in range(1, len(months)):
            previous, month = months[index - 1], months[index]
            if previous in plan_changes or month in plan_changes:
                continue
            before, after = amounts.get(previous), amounts.get(month)
            going_on = change is not None and change.last == previous
            earlier = amounts.get(months[index - 2]) if index > 1 else None
            kind = _kind(before, after, recurring=going_on or earlier == before)
            if kind is None:
                continue
            by_the_day = previous in own or month in own
            if kind == FEE and (by_the_day or _first_month(months, previous, amounts, services)):
                continue
            if going_on and change is not None and change.kind == kind:
                change.after, change.last = after or 0, month  # a run of changes: one
            else:
                change = _Change(kind, previous, month, before or 0, after or 0, month)
        if change is None:
            return None
        # Still in force: every month after it bills the new amount (a discount gone: none,
        # or 0.00).
        later = months[months.index(change.last) + 1 :]
        if change.kind == DISCOUNT_KIND:
            holds = all((amounts.get(m) or 0) == change.after for m in later)
        else:
            holds = all(amounts.get(m) == change.after for m in later)
        return change if holds else None

    def _finding(
        self, ctx: AuditContext, gathered: LineFacts, change: _Change, charges: list[ChargeFact]
    ) -> Finding:
        months = gathered.months
        periods = months[months.index(change.since) :]
        shown = [c for c in charges if c.period in (change.previous, *periods)]
        services = list(dict.fromkeys(s for c in charges for s in c.services))
        name = as_billed(shown, charges[0].item)
        promotion = _promotion(gathered.services, charges[0].key, change)
        # The promotion, when it is the item's own entry, is named once, below.
        listed_zh, listed_en = listed_as(name, [s for s in services if s is not promotion])
        rise = change.after - change.before
        contract = running_contract(gathered.services, ctx.as_of)
        before, after, since = yuan(abs(change.before)), yuan(abs(change.after)), change.since
        if change.kind == FEE:
            what_zh = f"{change.previous} 为 {before} 元，{since} 起为 {after} 元"
            what_en = f"{before} in {change.previous}, {after} since {since}"
        elif change.after == 0:
            what_zh = f"{change.previous} 优惠 {before} 元，{since} 起不再有此优惠"
            what_en = f"a discount of {before} in {change.previous}, none since {since}"
        else:
            what_zh = f"{change.previous} 优惠 {before} 元，{since} 起只优惠 {after} 元"
            what_en = f"a discount of {before} in {change.previous}, {after} since {since}"
        message = (
            f"{name}{listed_zh}：{what_zh}，账单每月多 {yuan(rise)} 元，"
            f"一年多 {yuan(rise * 12)} 元。"
            f" / {name}{listed_en}: {what_en}; the bill is "
            f"{yuan(rise)} a month higher, {yuan(rise * 12)} a year."
        )
        if promotion is not None:
            ended = format_moment(promotion.ended_at)
            message += (
                f" 已订业务显示「{promotion.name}」" + (f"于 {ended} 到期。" if ended else "。")
                + f" / The service list shows {promotion.name}"
                + (f" ended {ended}." if ended else ".")
            )  # fmt: skip
        return Finding(
            rule=self.id,
            severity=self.severity,
            carrier=carrier_of(charges, gathered.services),
            line=gathered.line,
            service=name,
            periods=periods,
            amount_fen=rise,
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
                promotion_ended=format_moment(promotion.ended_at) if promotion else "",
                contract=contract.name if contract else "",
                contract_until=contract_until(contract) if contract else "",
            ),
        )

    def steps(self, kit: Steps) -> None:
        """Ask why (and about the promotion), weigh another plan (minding a contract),
        keep evidence, and escalate a rise nobody announced."""
        f, details = kit.finding, self.details_of(kit.finding)
        rise = format_fen(f.amount_fen)
        kit.add(
            "hotline",
            f"{kit.call}，询问{kit.service}自 {details.since} 起账单每月多 {rise} 元的原因"
            f"（资费调整还是优惠到期），调整前是否通知过你 / ask why it is {rise} a month "
            f"higher since {details.since}, and whether you were told beforehand",
            to=kit.hotline,
        )
        if details.promotion:
            ended = f"已于 {details.promotion_ended} 到期" if details.promotion_ended else ""
            kit.add(
                "hotline",
                f"已订业务显示「{details.promotion}」{ended}：询问能否续办，或改办同等优惠"
                f" / ask to renew {details.promotion}, or for a comparable offer",
                to=kit.hotline,
            )
        if details.contract:
            clause = contract_clause(details.contract, details.contract_until)
            text = f"如不接受新资费而想改套餐：{clause} / to change plan instead, mind the contract"
        else:
            text = (
                "如不接受新资费，可改办更合适的套餐（一般次月生效）；若有合约期（合约、承诺在网），"
                "期内改套餐可能需支付违约金 / or change to a cheaper plan (from next month); a "
                "running contract may cost a penalty (违约金) to leave"
            )
        kit.add("hotline", text, to=kit.hotline)
        kit.evidence()
        kit.escalate(f"说明涨价原因；未经提前告知的，恢复原资费并退还每月多收的 {rise} 元")


def _kind(before: int | None, after: int | None, recurring: bool) -> str | None:
    """``fee`` when a paid fee rose, ``discount`` when a ``recurring`` discount (the same
    the month before, or already changing) shrank or ended, else ``None``."""
    if before is None:
        return None
    if before > 0 and after is not None and after > before:
        return FEE
    # A one-off credit is not a discount that ended: only one billed alike twice is.
    if before < 0 and recurring and (after is None or before < after <= 0):
        return DISCOUNT_KIND
    return None


def _first_month(
    months: list[str], previous: str, amounts: dict[str, int], services: list[ServiceFact]
) -> bool:
    """True when ``previous`` may be the fee's first month, charged by the day: its
    first month on a line billed before it, or the line's first month known unless
    the list shows the fee started earlier or prices it at that month's amount."""
    if previous != min(amounts):
        return False
    if previous != months[0]:
        return True
    started_before = any(s.start_month and s.start_month < previous for s in services)
    at_price = any(s.price_fen == amounts[previous] for s in services)
    return not (started_before or at_price)


def _starts_on_the_first(service: ServiceFact) -> bool:
    """True when a service starts at 00:00 on the 1st: its first month is a full one."""
    start = service.started_at
    return start is not None and start.day == 1 and (start.hour, start.minute) == (0, 0)


def _promotion(services: list[ServiceFact], key: str, change: _Change) -> ServiceFact | None:
    """The entry the service list shows behind a change: the discount's own entry, else a
    promotion (优惠, 减免, 赠送 …) or contract whose last month is the month before."""
    own = [s for s in services if s.key == key and change.kind == DISCOUNT_KIND]
    ended = [
        s
        for s in services
        if (s.category == DISCOUNT or is_contract(s)) and s.end_month == change.previous
    ]
    found = own + ended
    return found[0] if found else None
