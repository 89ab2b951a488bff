"""Rule ``trial-to-paid``: a free trial of a value-added service that became paid."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from auditor.actions import Steps
from auditor.categories import OTHER
from auditor.model import Finding, FindingDetails
from auditor.rules.base import AuditContext, Rule
from auditor.rules.facts import ChargeFact, ServiceFact, carrier_of, evidence, monthly_amounts
from auditor.rules.fees import says
from auditor.rules.formatting import as_billed, format_moment, listed_as, months_text, yuan
from auditor.values import format_fen
from auditor.words import PER_USE_WORDS, TRIAL_WORDS


@dataclass(frozen=True)
class TrialToPaidDetails(FindingDetails):
    """When the free period began, the first paid month, and what it costs."""

    trial_began: str  # a date from the service list or an order SMS, else a month billed 0.00
    first_paid_month: str
    free_months: list[str] = field(default_factory=list)  # months billed 0.00
    price_fen: int | None = None  # its monthly price: the list's, else the latest month's
    third_party: bool = False
    provider: str = ""
    monthly_amounts_fen: dict[str, int] = field(default_factory=dict)


@dataclass
class _Group:
    """One line's charges of one value-added service, and the entries they matched."""

    charges: list[ChargeFact] = field(default_factory=list)
    services: list[ServiceFact] = field(default_factory=list)


def _is_trial(service: ServiceFact) -> bool:
    """True for an entry named or priced as a trial: a trial word (免费体验, 试用 …) in its
    name or status, or a price of 0."""
    named = says(service.name, TRIAL_WORDS) or says(service.status_text, TRIAL_WORDS)
    return named or service.price_fen == 0


def _after_its_end(charge: ChargeFact) -> bool:
    """True for a charge in a month after every entry it matched had ended: a charge after
    cancellation (退订后仍扣费), another rule's."""
    ended = [s.end_month for s in charge.services]
    return bool(ended) and all(end is not None and end < charge.period for end in ended)


class TrialToPaid(Rule[TrialToPaidDetails]):
    """A value-added or third-party service that was free became paid.

    Free means billed 0.00 in an earlier month, or a service-list entry (or an order
    confirmation SMS, read as one) that names or prices it as a trial (免费体验, 体验,
    试用, 首月免费, 0元体验, a price of 0) and started in an earlier month; the finding
    fires on the months it was charged after that, from the first paid one. Every month
    known for the line counts: the files given and the months the history holds.
    Value-added or third-party is as ``unknown-vas`` reads it; the user's known services
    do not fire. Not a trial: a service charged before its free month (a month without
    use), an item billed per use (点播, 点数, 信息费), a trial cancelled before it became
    paid (nothing was charged), and charges after the service ended (those are charges
    after cancellation). The finding says when the trial began, the first paid month and
    the price, and names the service as the bill does (the list's name beside it when
    that differs: ``咪咕阅读会员（7天免费试用）`` for a bill's ``咪咕阅读会员``). An
    unknown service is also ``unknown-vas``'s; the money is counted once.

    Why it matters: a free trial that turns paid without the user's explicit consent is
    an abuse the carriers' own rules forbid: an SP subscription needs a second
    confirmation (二次确认), and carriers pledge a reminder before any auto-renewal. What
    was charged without it is refundable.

    Fails::

        已订业务: 咪咕阅读会员（7天免费试用）  10元/月  生效时间 2026-09-23
        账单 2026-09: 咪咕阅读会员 0.00;  账单 2026-10: 咪咕阅读会员 10.00
        → trial-to-paid, 咪咕阅读会员, periods 2026-10, amount 10.00, monthly 10.00

    Passes::

        已订业务: 咪咕阅读会员（7天免费试用）  生效 2026-09-23  退订时间 2026-09-28
        账单 2026-09: 咪咕阅读会员 0.00          (cancelled before it became paid)
        账单 2026-09, 2026-10: 来电显示 0.00      (free every month)
    """

    id: ClassVar[str] = "trial-to-paid"
    severity: ClassVar[str] = "medium"
    label_zh: ClassVar[str] = "试用转付费"
    disputed: ClassVar[bool] = True
    cancels: ClassVar[bool] = True
    description: ClassVar[str] = (
        "A free trial of a value-added or third-party service became paid (免费体验转付费)."
    )
    details_type = TrialToPaidDetails

    def evaluate(self, ctx: AuditContext) -> list[Finding]:
        """One finding per line and value-added service charged after it was free."""
        groups: dict[tuple[str, str], _Group] = {}
        for charge in ctx.facts.charges:
            if charge.category_level or charge.amount_fen < 0 or _after_its_end(charge):
                continue
            services = charge.services
            category = charge.category or OTHER
            vas = charge.value_added or (category == OTHER and any(s.value_added for s in services))
            if not vas or says(charge.item, PER_USE_WORDS):
                continue
            key = services[0].key if services else charge.key
            group = groups.setdefault((charge.line, key), _Group())
            group.charges.append(charge)
            group.services += [s for s in services if s not in group.services]
        found = []
        for group in groups.values():
            names = [c.item for c in group.charges]
            names += [n for s in group.services for n in (s.name, s.code)]
            if not ctx.is_known(*names):
                finding = self._finding(group)
                if finding is not None:
                    found.append(finding)
        return found

    def _finding(self, group: _Group) -> Finding | None:
        charges, services = group.charges, group.services
        amounts = monthly_amounts(charges)
        free = [month for month, fen in amounts.items() if fen == 0]
        trials = [s for s in services if _is_trial(s) and s.start_month]
        starts = free + [s.start_month for s in trials if s.start_month]
        if not starts:
            return None
        began_month = min(starts)
        if any(fen > 0 and month <= began_month for month, fen in amounts.items()):
            return None  # paid before it was free: not a trial that turned paid
        paid = {month: fen for month, fen in amounts.items() if fen > 0}
        if not paid:
            return None  # still free, or cancelled before it became paid
        periods = list(paid)
        first_paid, amount, monthly = periods[0], sum(paid.values()), paid[periods[-1]]
        trial = min(trials, key=lambda s: s.start_month or "") if trials else None
        if trial is not None and trial.start_month == began_month and trial.started_at:
            began = format_moment(trial.started_at)
            began_zh, began_en = f"{began} 开通，免费试用", f"free since {began}"
        else:
            began = began_month
            began_zh, began_en = f"{began} 账单为 0.00（免费）", f"billed 0.00 in {began}"
        paid_charges = [c for c in charges if c.period in paid]
        name = as_billed(paid_charges, services[0].name if services else "")
        listed_zh, listed_en = listed_as(name, services)
        listed_price = next((s.price_fen for s in services if s.price_fen), None)
        price = listed_price or monthly
        third_party = any(fact.third_party for fact in [*charges, *services])
        providers = [fact.provider for fact in [*charges, *services] if fact.provider]
        months = months_text(periods)
        message = (
            f"{name}{listed_zh}：{began_zh}，{first_paid} 起转为付费（{yuan(price)} 元/月），"
            f"{months} 共扣费 {yuan(amount)} 元；请确认当初是否同意转为付费（二次确认）。"
            f" / {name}{listed_en}: {began_en}, paid from {first_paid} ({yuan(price)}/month): "
            f"{yuan(amount)} yuan in {months}. Did you agree to pay (a second confirmation, "
            "二次确认)?"
        )
        return Finding(
            rule=self.id,
            severity=self.severity,
            carrier=carrier_of(charges, services),
            line=charges[0].line,
            service=name,
            periods=periods,
            amount_fen=amount,
            monthly_fen=monthly,
            message=message,
            evidence=evidence(trials, charges),
            details=TrialToPaidDetails(
                trial_began=began,
                first_paid_month=first_paid,
                free_months=free,
                price_fen=price,
                third_party=third_party,
                provider=providers[0] if providers else "",
                monthly_amounts_fen=amounts,
            ),
        )

    def steps(self, kit: Steps) -> None:
        """Ask how it became paid, check the list, cancel, ask the money back, escalate."""
        f, details = kit.finding, self.details_of(kit.finding)
        provider = f"（提供商 {details.provider}）" if details.provider else ""
        kit.add(
            "hotline",
            f"{kit.call}，询问{kit.service}{provider}何时以何种方式订购、免费期何时结束、"
            f"{details.first_paid_month} 转为付费前是否经过你的二次确认并提前提醒"
            " / ask how it was ordered and whether you confirmed (二次确认) before it became paid",
            to=kit.hotline,
        )
        kit.check_list()
        first_cancel = len(kit.actions)
        kit.cancel_in_app()
        if "彩铃" in f.service:
            kit.sms("cancel-ringtone", f"退订{kit.service}")
        if details.third_party:
            kit.sms("cancel-sp", f"退订第三方业务{kit.service}")
        kit.sms("cancel", f"退订{kit.service}")
        kit.cancel_by_call(first_cancel)
        kit.either_or(first_cancel)
        kit.add(
            "hotline",
            f"如转为付费前没有经过你的确认（二次确认），要求退还 {kit.money} / if you never "
            f"agreed to pay after the trial, ask for a refund of {format_fen(f.amount_fen)}",
            to=kit.hotline,
        )
        kit.evidence()
        kit.escalate(f"退订并退还试用转付费后扣取的 {kit.money}", third_party=details.third_party)
