"""Rule ``trial-to-paid``: a free trial of a value-added service that became paid."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from auditor.actions import Steps
from auditor.categories import OTHER
from auditor.finding_state import BilledAfter, ListsRunning, stopped_sentence
from auditor.lang import Text, say
from auditor.model import Finding, FindingDetails
from auditor.rules.base import AuditContext, Rule
from auditor.rules.fact_groups import carrier_of, evidence, keys_of
from auditor.rules.facts import ChargeFact, ServiceFact
from auditor.rules.fees import on_trial, says
from auditor.rules.formatting import (
    as_billed,
    format_moment,
    listed_as,
    months_text,
    own_names,
    yuan,
)
from auditor.rules.value_added import called_third_party
from auditor.trial_price import names_first_period
from auditor.words import FREE_TRIAL_WORDS, PER_USE_WORDS


@dataclass(frozen=True)
class TrialToPaidDetails(FindingDetails, ListsRunning, BilledAfter):
    """When the free period began, the first paid month, and what it costs; a list still
    showing it after the user's cancellation (:class:`ListsRunning`), and the months
    read after it ended that still charge it (:class:`BilledAfter`)."""

    trial_began: str  # a date from the service list or an order SMS, else a month billed 0.00
    first_paid_month: str
    free_months: list[str] = field(default_factory=list)  # months billed 0.00
    price_fen: int | None = None  # its monthly price: the list's, else the latest month's
    third_party: bool = False
    provider: str = ""
    monthly_amounts_fen: dict[str, int] = field(default_factory=dict)
    #: The day of the newest service list, from a month after the user's recorded
    #: cancellation of it took effect, that still shows it running
    #: (:meth:`~auditor.rules.facts.Facts.cancel_not_taken`): that cancellation may not
    #: have taken, cancelling again comes first. "" when none does.
    still_listed: str = ""
    #: The months read after it ended (the user's recorded cancellation, or the list's
    #: end, took effect) that still charge it: a charge after cancellation, a finding of
    #: its own, so the bill after the cancellation is not one to check still.
    charged_after: list[str] = field(default_factory=list)
    #: The trial's own first month (首月免费, 首月0元 次月起6元/月) when its bill charged
    #: the full price in it: the trial was not honoured, that month is paid too. "" else.
    trial_charged: str = ""


@dataclass
class _Group:
    """One line's charges of one value-added service, and the entries they matched; the
    months charged after every entry had ended (another rule's charges)."""

    charges: list[ChargeFact] = field(default_factory=list)
    services: list[ServiceFact] = field(default_factory=list)
    after: set[str] = field(default_factory=set)


def _is_trial(service: ServiceFact) -> bool:
    """True for an entry named or priced as a trial (:func:`~auditor.rules.fees.on_trial`:
    免费体验, 首月0元 次月起6元/月 …), or at a price of 0."""
    return on_trial(service) or service.price_fen == 0


def _in_full(fen: int, trials: list[ServiceFact], month: str) -> bool:
    """True when ``fen``, charged in ``month``, is the full price of a trial of whole
    months (:func:`~auditor.trial_price.names_first_period`: 首月免费, 首月0元 次月起6元/月)
    that began in it: its listed monthly price or more; where none is listed, anything for
    one its name says is free. A part of it (a first month charged by the day) is not:
    nothing says the trial was not honoured then."""
    for trial in trials:
        if trial.start_month != month or not (trial.trial or names_first_period(trial.name)):
            continue
        if trial.price_fen:
            if fen >= trial.price_fen:
                return True
        elif fen > 0 and says(trial.name, FREE_TRIAL_WORDS):
            return True
    return False


def _after_its_end(charge: ChargeFact) -> bool:
    """True for a charge in a month after every entry it matched had ended: a charge after
    cancellation (退订后仍扣费), another rule's."""
    ended = [s.end_month for s in charge.services]
    return bool(ended) and all(end is not None and end < charge.period for end in ended)


class TrialToPaid(Rule[TrialToPaidDetails]):
    """A value-added or third-party service that was free became paid.

    Free means billed 0.00 in an earlier month, or a service-list entry (or an order
    confirmation SMS, read as one) that names or prices it as a trial (免费体验, 体验,
    试用, 首月免费, 0元体验, a price of 0, a price text stating a free or cheaper first
    period: 首月0元 次月起6元/月) and started in an earlier month; the finding
    fires on the months it was charged after that, from the first paid one. Every month
    known for the line counts: the files given and the months the history holds.
    Value-added or third-party is as ``unknown-vas`` reads it; the user's known services
    do not fire. Not a trial: a service charged before its free month (a month without
    use), an item billed per use (点播, 点数, 信息费), a trial cancelled before it became
    paid (nothing was charged), and charges after the service ended (those are charges
    after cancellation). A trial of whole months (首月免费, 首月0元 次月起6元/月: not one of
    days, which may end inside its first month) whose first month its bill charges in full
    (its listed price or more; anything, for one its name calls free with no price listed)
    was not honoured: reported from that month, its message and first step saying so (a
    part of the price, a first month by the day, says nothing of the kind). The finding
    says when the trial began, the first paid month and
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

    doc_zh: ClassVar[str] = """
        原本免费的增值业务或第三方业务转为付费。

        免费是指：在之前的月份账单为 0.00，或已订业务中（或读作已订业务的订购确认短信中）
        有一条按名称或价格属于试用（免费体验、体验、试用、首月免费、0元体验、价格为 0）且
        在之前的月份开始的记录；从第一个付费月份起，之后被扣费的月份都会报告。该号码已知的
        每个月都计入：本次给出的文件，以及历史记录中的月份。增值或第三方业务的判断与
        ``unknown-vas`` 相同；用户的已知业务不报告。以下不算试用转付费：在免费月份之前就
        收费的业务（某个月没有使用）、按次计费的项目（点播、点数、信息费）、在转为付费前
        已退订的试用（没有扣费），以及业务结束之后的扣费（属于退订后仍扣费）。按整月试用
        （首月免费、首月0元 次月起6元/月；不含按天计的试用，它可能在第一个月内就结束）的
        第一个月就被按全价扣费（已订业务写明的价格或更多；没有写价格而名称说免费的，扣了
        任何费用）：试用没有兑现，从该月起报告，消息和第一步都会说明（只扣了部分价格，
        即按天计费的第一个月，不能说明这一点）。报告说明
        试用何时开始、第一个付费月份和价格，并以账单上的写法称呼该业务（已订业务的名称
        不同时一并给出：账单上的 ``咪咕阅读会员`` 对应 ``咪咕阅读会员（7天免费试用）``）。
        用户不知道的业务同时也属于 ``unknown-vas``；金额只计一次。

        为什么重要：未经用户明确同意就由免费试用转为付费，是运营商自己的规定所禁止的：
        SP 订购须经二次确认，运营商也承诺在自动续费前提醒。未经确认收取的费用可以要求退还。

        会报告：

            已订业务: 咪咕阅读会员（7天免费试用）  10元/月  生效时间 2026-09-23
            账单 2026-09: 咪咕阅读会员 0.00；账单 2026-10: 咪咕阅读会员 10.00
            → trial-to-paid，咪咕阅读会员，月份 2026-10，金额 10.00，每月 10.00

        不会报告：

            已订业务: 咪咕阅读会员（7天免费试用）  生效 2026-09-23  退订时间 2026-09-28
            账单 2026-09: 咪咕阅读会员 0.00          （转为付费前已退订）
            账单 2026-09、2026-10: 来电显示 0.00      （每个月都免费）
        """

    id: ClassVar[str] = "trial-to-paid"
    severity: ClassVar[str] = "medium"
    label_zh: ClassVar[str] = "试用转付费"
    label_en: ClassVar[str] = "free trial turned paid"
    disputed: ClassVar[bool] = True
    by_entry: ClassVar[bool] = True
    consults_known: ClassVar[bool] = True
    cancels: ClassVar[bool] = True
    # as unknown-vas's: what it charged before a cancellation took effect is owed for
    # turning paid unconfirmed, never for the cancellation
    ground: ClassVar[Text | None] = Text(
        "免费试用未经你确认（没有二次确认）转为付费",
        "a free trial turned paid without your confirmation (no second confirmation, 二次确认)",
    )
    description: ClassVar[str] = (
        "A free trial of a value-added or third-party service became paid (免费体验转付费)."
    )
    description_zh: ClassVar[str] = "增值业务或第三方业务的免费试用转为付费（免费体验转付费）。"
    details_type = TrialToPaidDetails

    def evaluate(self, ctx: AuditContext) -> list[Finding]:
        """One finding per line and value-added service charged after it was free."""
        groups: dict[tuple[str, str], _Group] = {}
        for charge in ctx.facts.charges:
            if charge.category_level or charge.amount_fen < 0:
                continue
            services = charge.services
            category = charge.category or OTHER
            vas = charge.value_added or (category == OTHER and any(s.value_added for s in services))
            if not vas or says(charge.item, PER_USE_WORDS):
                continue
            key = charge.grouped_under(services[0]) if services else charge.service_key
            group = groups.get((charge.line, key))
            if group is None:  # not setdefault: that would make a _Group per charge
                group = groups[(charge.line, key)] = _Group()
            if _after_its_end(charge):  # a charge after cancellation: another rule's
                if charge.amount_fen:
                    group.after.add(charge.period)
                continue
            group.charges.append(charge)
            group.services += [s for s in services if s not in group.services]
        found = []
        for (line, key), group in groups.items():
            if not group.charges:
                continue
            names = [c.item for c in group.charges]
            names += [n for s in group.services for n in (s.name, s.code)]
            if not ctx.is_known(line, *names):
                finding = self._finding(ctx, group)
                if finding is not None:
                    finding.grouped_by = key  # two entries billed under one name: two ids
                    found.append(finding)
        return found

    def _finding(self, ctx: AuditContext, group: _Group) -> Finding | None:
        charges, services = group.charges, group.services
        trials = [s for s in services if _is_trial(s) and s.start_month]
        if not trials and all(c.amount_fen for c in charges):
            return None  # never free: no trial listed, no month billed 0.00
        money = ctx.charged(charges)
        amounts = money.billed  # as billed: a month at 0.00 is a free one
        free = [month for month, fen in amounts.items() if fen == 0]
        starts = free + [s.start_month for s in trials if s.start_month]
        if not starts:
            return None
        began_month = min(starts)
        if any(fen > 0 and month < began_month for month, fen in amounts.items()):
            return None  # paid before it was free: not a trial that turned paid
        # its free (or cheaper) first month charged in full: the trial was not honoured
        unhonoured = _in_full(amounts.get(began_month, 0), trials, began_month)
        if amounts.get(began_month, 0) > 0 and not unhonoured:
            return None  # paid in the month it began: no free month shown (a trial of days)
        paid = money.paid  # a month given back on its own bill (退费) was not paid
        if not paid:
            return None  # still free, cancelled before it became paid, or refunded
        unhonoured = unhonoured and began_month in paid  # not given back on its bill
        periods = list(paid)
        first_paid, amount, monthly = periods[0], money.amount_fen, money.monthly_fen
        trial = min(trials, key=lambda s: s.start_month or "") if trials else None
        if trial is not None and trial.start_month == began_month and trial.started_at:
            began = format_moment(trial.started_at)
            began_text = say(f"{began} 开通，免费试用", f"a free trial since {began}")
        else:
            began = began_month
            began_text = say(f"{began} 账单为 0.00（免费）", f"billed 0.00 (free) in {began}")
        paid_charges = [c for c in charges if c.period in paid]
        name = as_billed(paid_charges, services[0].name if services else "")
        listed = listed_as(name, services, apart=any(c.apart for c in charges))
        listed_price = next((s.price_fen for s in services if s.price_fen), None)
        price = listed_price or monthly
        third_party = called_third_party([*charges, *services])
        providers = [fact.provider for fact in [*charges, *services] if fact.provider]
        months = months_text(periods)
        if unhonoured:  # its own trial month charged in full
            message = say(
                f"{name}{listed}：{began} 开通，按试用订购，但试用的 {began_month} 已按全价"
                f"（{yuan(price)} 元/月）扣费，试用没有兑现；{months} 共扣费 {yuan(amount)} 元。",
                f"{name}{listed}: ordered as a trial on {began}, yet {began_month}, its trial "
                f"month, was charged the full price ({yuan(price)} yuan a month): the trial "
                f"was not honoured. Charged {yuan(amount)} yuan in {months}.",
            )
        else:
            message = say(
                f"{name}{listed}：{began_text}，{first_paid} 起转为付费（{yuan(price)} 元/月），"
                f"{months} 共扣费 {yuan(amount)} 元；请确认当初是否同意转为付费（二次确认）。",
                f"{name}{listed}: {began_text}, paid from {first_paid} ({yuan(price)} yuan a "
                f"month): charged {yuan(amount)} yuan in {months}. Check whether you ever "
                "agreed to pay for it (a second confirmation, 二次确认).",
            )
        keys = keys_of(charges, services)
        stopped = ctx.facts.stopped_after(charges[0].line, periods[-1], keys)
        # the user cancelled it, and a list from after that took effect still shows it
        listed = "" if stopped else ctx.facts.cancel_not_taken(charges[0].line, keys, ctx.as_of)
        if listed:
            message += say(
                "最新的已订业务仍显示它在用：你记录的退订可能没有生效。",
                " The latest service list still shows it active: the cancellation you "
                "recorded may not have taken.",
            )
        return Finding(
            rule=self.id,
            severity=self.severity,
            carrier=carrier_of(charges, services),
            line=charges[0].line,
            service=name,
            names=own_names(name, charges, services),
            periods=periods,
            amount_fen=amount,
            monthly_fen=monthly,
            message=message + stopped_sentence(stopped),
            evidence=evidence(trials, charges),
            stopped=stopped,
            details=TrialToPaidDetails(
                trial_began=began,
                first_paid_month=first_paid,
                free_months=free,
                price_fen=price,
                third_party=third_party,
                provider=providers[0] if providers else "",
                monthly_amounts_fen={m: money.net.get(m, 0) for m in amounts},
                still_listed=listed,
                trial_charged=began_month if unhonoured else "",
                charged_after=sorted(month for month in group.after if month > periods[-1]),
            ),
        )

    def steps(self, kit: Steps) -> None:
        """Ask how it became paid, check the list, cancel (not a charge that stopped, nor
        one the user recorded cancelling), ask the money back, escalate."""
        details = self.details_of(kit.finding)
        provider, paid = details.provider, details.first_paid_month
        by = (f"（提供商 {provider}）", f" (provided by 「{provider}」)") if provider else ("", "")
        if month := details.trial_charged:  # its trial month itself charged in full
            ask = say(
                f"{kit.call}，询问{kit.service}{by[0]}按试用订购，为何试用的 {month} 就按全价"
                "扣费，转为付费前是否经过你的二次确认",
                f"{kit.call} and ask why {kit.service}{by[1]}, ordered as a trial, was "
                f"charged in full in {month}, its trial month, and whether you gave a second "
                "confirmation (二次确认) to pay for it",
            )
        else:
            ask = say(
                f"{kit.call}，询问{kit.service}{by[0]}何时以何种方式订购、免费期何时结束、"
                f"{paid} 转为付费前是否经过你的二次确认并提前提醒",
                f"{kit.call} and ask when and how {kit.service}{by[1]} was ordered, when its "
                f"free period ended, and whether, before it became paid in {paid}, you gave "
                "a second confirmation (二次确认) and were reminded in advance",
            )
        kit.add("hotline", ask, to=kit.hotline)
        kit.check_list()
        kit.cancel_service(details.third_party)
        if not kit.refunded_in_full:
            ask = say(
                f"如转为付费前没有经过你的确认（二次确认），要求退还 {kit.money}",
                "if you were not asked to confirm (二次确认) before it became paid, ask for "
                f"a refund (退费) of {kit.money}",
            )
            kit.add("hotline", kit.stopped_then(ask), to=kit.hotline)
        kit.evidence()
        refund = say(
            f"退还试用转付费后扣取的 {kit.money}",
            f"a refund (退费) of the {kit.money} charged since the trial turned paid",
        )
        kit.escalate(kit.with_cancel(refund), third_party=details.third_party)
