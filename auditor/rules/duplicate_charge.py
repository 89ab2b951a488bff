"""Rule ``duplicate-charge``: the same fixed fee billed twice or more in one month."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from auditor.actions import Steps
from auditor.model import Finding, FindingDetails
from auditor.rules.base import AuditContext, Rule
from auditor.rules.facts import ChargeFact, carrier_of, evidence
from auditor.rules.fees import is_fixed_fee, is_refund, item_says
from auditor.rules.formatting import as_billed, listed_as, months_text, yuan
from auditor.values import format_fen
from auditor.words import PER_MEMBER_WORDS


@dataclass(frozen=True)
class DuplicateChargeDetails(FindingDetails):
    """The fee billed more than once: its amount, and how often each month billed it."""

    unit_fen: int  # one charge of it
    times: dict[str, int] = field(default_factory=dict)  # month → times billed, less refunds
    extra_fen: dict[str, int] = field(default_factory=dict)  # month → money over one charge


class DuplicateCharge(Rule[DuplicateChargeDetails]):
    """The same fixed fee is billed twice or more in one month on one line.

    A fixed fee is a plan, a function fee, a package, a value-added or third-party
    service: usage records (calls, data sessions, messages), items billed per use (点播,
    点数, an SP's 信息费) and fees a shared bill lists once per member card (副卡功能费)
    repeat without being duplicates. The same fee means one bill (one file), one month,
    the same name (width, case and spaces aside; a bracketed note kept: 套餐(语音套餐)
    and 套餐(流量套餐) are two parts of a plan) *and* the same non-zero amount: a 0.00
    row beside a paid one, or two amounts of one name, are not duplicates; items the
    carrier repeats under different names are not either. A credit in the same
    month of the same amount that names the service or says it is a refund (退费, 返还,
    调账, 冲正) gives one copy back, and is no finding. The finding's amount is the money
    over one charge, every month; ``monthly`` is the latest month's when the fee was
    doubled in more than one month (a billing fault that recurs), else none. Named as
    the bill writes it, with the service list's name beside it when that differs.

    Why it matters: a fee charged twice is money owed back in full, and it is easy to
    miss inside a long section of small items; the carrier refunds it once shown.

    Fails::

        账单 2026-09: 套餐及固定费 / 广电5G 19元套餐 19.00
                      套餐及固定费 / 广电5G 19元套餐 19.00
        → duplicate-charge, 广电5G 19元套餐, periods 2026-09, amount 19.00

    Passes::

        账单 2026-10: 国内通话费 2.00 / 国内通话费 2.00        (usage records)
        账单 2026-10: 咪咕视频会员 15.00 / 咪咕视频会员退费 -15.00 / 咪咕视频会员 15.00
        账单 2026-10: 彩铃功能费 5.00 / 彩铃功能费 0.00
    """

    id: ClassVar[str] = "duplicate-charge"
    severity: ClassVar[str] = "high"
    label_zh: ClassVar[str] = "重复扣费"
    disputed: ClassVar[bool] = True
    description: ClassVar[str] = (
        "The same fixed fee is billed twice or more in one month on one line."
    )
    details_type = DuplicateChargeDetails
    resolution: ClassVar[str] = (
        "重复收费已停止：最新账单不再重复收取 / the duplicate stopped: the latest bill charges "
        "it once"
    )

    def evaluate(self, ctx: AuditContext) -> list[Finding]:
        """One finding per line and fee billed more than once in a month."""
        copies: dict[tuple[str, str, str, str, int], list[ChargeFact]] = {}
        credits: dict[tuple[str, str], list[ChargeFact]] = {}
        for charge in ctx.facts.charges:
            if charge.amount_fen < 0:
                credits.setdefault((charge.line, charge.period), []).append(charge)
            elif is_fixed_fee(charge) and not item_says(charge, PER_MEMBER_WORDS):
                # The whole name, its bracketed note kept: 4G飞享套餐18元档(语音套餐) and
                # (流量套餐) are two parts of one plan, not one fee twice.
                name = charge.folded
                copies.setdefault(
                    (charge.line, charge.period, charge.source, name, charge.amount_fen), []
                ).append(charge)
        groups: dict[tuple[str, str], list[tuple[list[ChargeFact], int]]] = {}
        for (line, period, _, name, amount), found in copies.items():
            if len(found) < 2:
                continue
            # Each refund of the same amount in that month gives one copy back.
            refunds = [
                credit
                for credit in credits.get((line, period), [])
                if credit.amount_fen == -amount and is_refund(credit, found[0].key)
            ]
            extra = len(found) - 1 - len(refunds)
            if extra > 0:
                groups.setdefault((line, name), []).append((found, extra))
        return [self._finding(months) for months in groups.values()]

    def _finding(self, months: list[tuple[list[ChargeFact], int]]) -> Finding:
        charges = [charge for found, _ in months for charge in found]
        times: dict[str, int] = {}
        extra: dict[str, int] = {}
        for found, more in sorted(months, key=lambda m: m[0][0].period):
            period = found[0].period
            times[period] = times.get(period, 0) + more + 1
            extra[period] = extra.get(period, 0) + more * found[0].amount_fen
        periods = list(extra)
        unit = max(charges, key=lambda c: c.period).amount_fen  # the latest month's
        services = list(dict.fromkeys(s for c in charges for s in c.services))
        name = as_billed(charges, charges[0].item)
        listed_zh, listed_en = listed_as(name, services)
        amount = sum(extra.values())
        each_zh = "，".join(f"{p} 收取 {times[p]} 次" for p in periods)
        each_en = ", ".join(f"{times[p]} times in {p}" for p in periods)
        message = (
            f"{name}{listed_zh}：同一账单同月重复收费（每次 {yuan(unit)} 元；{each_zh}），"
            f"多收 {yuan(amount)} 元。 / {name}{listed_en}: billed more than once in one month "
            f"({yuan(unit)} each; {each_en}): {yuan(amount)} charged over one charge "
            f"in {months_text(periods)}."
        )
        return Finding(
            rule=self.id,
            severity=self.severity,
            carrier=carrier_of(charges, services),
            line=charges[0].line,
            service=name,
            periods=periods,
            amount_fen=amount,
            # A fault that recurs costs every month; one that came once, nothing more.
            monthly_fen=extra[periods[-1]] if len(periods) > 1 else None,
            message=message,
            evidence=evidence(charges),
            details=DuplicateChargeDetails(unit_fen=unit, times=times, extra_fen=extra),
        )

    def steps(self, kit: Steps) -> None:
        """Check the detailed bill, ask for the duplicate back, keep evidence, escalate."""
        f, details = kit.finding, self.details_of(kit.finding)
        months = "、".join(f.periods)
        counted = "、".join(f"{p} {n} 次" for p, n in details.times.items())
        carrier = kit.carrier
        where = f"在{carrier.app}" if carrier and carrier.app else "在运营商 App 或网上营业厅"
        kit.add(
            "app" if carrier and carrier.app else "web",
            f"{where}查询 {months} 的账单明细，截图{kit.service}重复出现的各行"
            f" / look up the {', '.join(f.periods)} bill and screenshot each copy of the fee",
            to=carrier.app if carrier and carrier.app else "",
        )
        kit.add(
            "hotline",
            f"{kit.call}：说明{kit.service}同月重复收费（每次 {format_fen(details.unit_fen)} 元，"
            f"{counted}），要求核实并退还多收的 {kit.money}；记下工单号 / the fee was billed "
            f"more than once a month: ask for the {format_fen(f.amount_fen)} charged over one "
            "charge back",
            to=kit.hotline,
        )
        kit.evidence()
        kit.escalate(f"退还重复收取的 {kit.money}")
