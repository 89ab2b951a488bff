"""Rule ``unknown-vas``: a paid value-added or third-party service the user does not know."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from auditor.actions import Steps
from auditor.categories import CATEGORY_LABELS, OTHER
from auditor.finding_state import charge_unknown, stopped_sentence
from auditor.lang import Text, say
from auditor.model import Finding, FindingDetails
from auditor.names import service_key
from auditor.rules.base import AuditContext, Rule
from auditor.rules.fact_groups import carrier_of, evidence, keys_of
from auditor.rules.facts import ChargeFact, Facts, ServiceFact
from auditor.rules.fees import on_trial
from auditor.rules.formatting import (
    as_billed,
    format_moment,
    listed_as,
    listing,
    months_text,
    own_names,
    yuan,
)
from auditor.rules.value_added import called_third_party

#: What a category-level amount's name ends with: it is the finding's service, part of
#: its id, so it reads the same in every language.
UNLISTED = "（未列明项目）"


@dataclass(frozen=True)
class UnknownVasDetails(FindingDetails):
    """Whose the service is, what it costs, and what the bills charged for it; of one
    not charged on the bills read, those giving a total alone (``totals_only``)."""

    third_party: bool = False  # collected for a content provider (代收费 / SP)
    provider: str = ""
    price_fen: int | None = None  # its monthly price on the service list, if one is given
    charged: bool = False  # False: subscribed, no bill has charged it yet
    trial: bool = False  # not charged yet, and the list names or prices it a trial (免费体验 …)
    category_level: bool = False  # an amount billed by category only, naming no item
    ordered: str = ""  # when it was ordered, as messages write it
    effective: str = ""  # when it took effect, likewise
    monthly_amounts_fen: dict[str, int] = field(default_factory=dict)
    #: Not charged on the bills read: the months since it started whose bills give a
    #: total alone, no items (whether they charged it is unknown). Empty otherwise.
    totals_only: list[str] = field(default_factory=list)

    def given_back(self) -> bool:
        """Charged, and every month of it given back on its own bill (none paid)."""
        return self.charged and not self.monthly_amounts_fen

    def months_untold(self) -> list[str]:
        """Its ``totals_only`` months: whether their bills charged it is unknown."""
        return self.totals_only


@dataclass
class _Group:
    """The charges and service entries of one line and one unknown service."""

    name: str
    charges: list[ChargeFact] = field(default_factory=list)
    services: list[ServiceFact] = field(default_factory=list)


class UnknownVas(Rule[UnknownVasDetails]):
    """A paid value-added or third-party service is charged or subscribed, and is unknown.

    Value-added or third-party means: a charge in category ``vas`` or ``third-party``, or
    a charge or service whose type, name or provider says so (增值, 代收, SP, 信息费,
    会员, 彩铃, 手机报, 阅读, 游戏, 音乐, 视频 …, or a provider that is not a carrier);
    a plan stays a plan whatever its name. It is called third-party (代收费, SP: its own
    106 number cancels it too) when its bill section or list type says so, or its name
    (信息费, 代收, SP), or a provider not a carrier where neither files it as the carrier's
    own value-added business (增值业务费, 增值业务: 咪咕's memberships, a China Mobile
    subsidiary's, are). A service is known when its bill item, its
    service-list name or its code is in the user's ``known_services`` (those of a line's
    own table in the settings, on that line alone), or a name the line's bills give the
    same service in other months (咪咕视频会员, and 咪咕视频会员费 in October; not a fee
    billed beside its service in one month). Free services are not flagged, nor
    services the list shows cancelled or ended (a later charge for those is a charge
    after cancellation, 退订后仍扣费). What it was charged is less what its own bill
    refunds of it (a charge given back in full still gives a finding, with nothing to
    ask back and its month's fee as ``monthly``: a refund is not a cancellation, and the
    service charges again unless cancelled), and ``monthly`` counts a
    fee billed twice in a month once (:mod:`auditor.rules.charged`). A category-level
    amount with no item (an SMS's ``增值业务费 0.40``) is flagged as
    ``增值业务费（未列明项目）``, at low severity and
    disputing no money: what it holds, the detailed bill tells. A paid service on the
    list that no bill has charged yet is flagged with amount 0 and its price as
    monthly; when the list names or prices it a free trial (免费体验, 首月0元 次月起6元/月
    …), the message says so, and that it is to be cancelled before it turns paid:
    nothing to ask back yet. Where a bill read since it started gives a total alone (no
    item), whether it was charged is unknown: said so, its detailed bill the step. A
    finding names the service as the bill writes it, and gives the service list's name in
    its message when the list names it otherwise.

    Why it matters: unasked value-added and SP subscriptions (free trials that turned
    paid, one-tap orders) are the charges users most often pay for months unaware; an
    SP subscription needs a second confirmation (二次确认), so one never consented to is
    refundable.

    Fails::

        known_services = ["彩铃功能费"]
        账单 2026-09, 2026-10: 增值业务费 / 沃音乐会员  10.00
        → unknown-vas, 沃音乐会员, periods 2026-09..10, amount 20.00, monthly 10.00

    Passes::

        known_services = ["腾讯视频会员"]
        账单 2026-10: 增值业务费 / 腾讯视频会员 15.00; 增值业务费 / 来电显示 0.00
    """

    doc_zh: ClassVar[str] = """
        某项付费的增值业务或第三方代收费业务被扣费或已订购，而它不在用户的已知业务中。

        增值或第三方业务是指：类别为 ``vas`` 或 ``third-party`` 的扣费，或类型、名称、
        提供商表明如此的扣费或业务（增值、代收、SP、信息费、会员、彩铃、手机报、阅读、
        游戏、音乐、视频……，或提供商不是运营商）；套餐不论名称如何仍是套餐。账单类别或
        已订业务类型写明代收费的，或名称写明（信息费、代收、SP）的，称为第三方代收费业务（SP：
        也可向其 106 号码退订）；提供商不是运营商的也是，除非账单或已订业务把它列为运营商
        自己的增值业务（增值业务费、增值业务：如中国移动子公司提供的咪咕会员）。账单项目、
        已订业务名称或业务代码在用户的 ``known_services`` 中的，算已知业务（设置里列在
        某个号码表下的，只对该号码有效）；该号码其他月份账单对同一业务的写法也算（如
        「咪咕视频会员」与 10 月的「咪咕视频会员费」；同一个月并列的业务及其功能费除外）。
        免费业务不报告；已订业务显示已退订或已结束的也不报告（之后再扣费属于退订后仍扣费）。
        扣费金额减去同一张账单上对它的退费（全额退回的仍报告，金额为 0，每月金额为
        该月的费用：退费不等于退订，不退订还会再扣），每月金额中同月重复收取的费用只算
        一次。只有类别、没有具体项目的金额（短信账单中的
        ``增值业务费 0.40``）报告为 ``增值业务费（未列明项目）``，严重度为低，不算作有争议
        的钱：其中是什么，要看详单。已订业务中尚未被任何账单扣费的付费业务也会报告，金额
        为 0，每月金额为其价格；已订业务名称表明是免费试用（免费体验、试用……）的，说明中
        指出这一点，并提示在转为付费前退订：此时还没有要退还的钱。开始后读到的账单只有总额、
        没有项目的，是否已扣费无从得知：说明中如实说明，并提示取得详单。报告以账单上的写法称呼该业务；已订业务中的名称不同时，在
        说明中一并给出。

        为什么重要：用户不知情的增值业务和 SP 订购（免费试用转付费、一键订购）是用户最常
        连续几个月不知不觉付钱的扣费；SP 订购须经二次确认，从未同意过的可以要求退费。

        会报告：

            known_services = ["彩铃功能费"]
            账单 2026-09、2026-10: 增值业务费 / 沃音乐会员  10.00
            → unknown-vas，沃音乐会员，月份 2026-09..10，金额 20.00，每月 10.00

        不会报告：

            known_services = ["腾讯视频会员"]
            账单 2026-10: 增值业务费 / 腾讯视频会员 15.00；增值业务费 / 来电显示 0.00
        """

    id: ClassVar[str] = "unknown-vas"
    severity: ClassVar[str] = "medium"
    label_zh: ClassVar[str] = "未知增值业务"
    label_en: ClassVar[str] = "unknown value-added service"
    disputed: ClassVar[bool] = True
    by_entry: ClassVar[bool] = True
    consults_known: ClassVar[bool] = True
    cancels: ClassVar[bool] = True
    # what its months charged before a cancellation took effect are owed for: the
    # cancellation is no ground for them (次月生效), its never being confirmed is
    ground: ClassVar[Text | None] = Text(
        "未知业务，若你从未确认订购（没有二次确认）",
        "an unknown service, if you never confirmed ordering it (no second confirmation, 二次确认)",
    )
    description: ClassVar[str] = (
        "A paid value-added or third-party (代收费/SP) service is charged or subscribed "
        "and is not among your known services."
    )
    description_zh: ClassVar[str] = (
        "付费的增值业务或第三方代收费（SP）业务被扣费或已订购，且不在你的已知业务中。"
    )
    details_type = UnknownVasDetails

    @classmethod
    def disputes_service(cls, service: str) -> bool:
        """Not an amount billed by category that names no item (``增值业务费（未列明项目）``):
        what it holds, and whether any of it is unwanted, only the itemised bill tells."""
        return not service.endswith(UNLISTED)

    def evaluate(self, ctx: AuditContext) -> list[Finding]:
        """One finding per line and unknown paid value-added service."""
        facts = ctx.facts
        groups: dict[tuple[str, str], _Group] = {}
        itemised = self._itemised(facts)
        for charge in facts.charges:
            named = self._charge_name(ctx, charge, itemised)
            if named is not None:
                key, name = named
                group = groups.setdefault((charge.line, key), _Group(name))
                group.charges.append(charge)
                group.services += charge.services
        # A line billed only by category (an SMS's 增值业务费 21.00) may already be paying
        # for its subscribed services inside that amount: they join that finding instead
        # of being reported again as "not charged yet".
        unitemised = {
            line: group for (line, _), group in groups.items() if group.name.endswith(UNLISTED)
        }
        for service in facts.services:
            key = (service.line, service.key)
            if key in groups or not self._subscribed_unknown(ctx, service):
                continue
            if service.line in unitemised:
                unitemised[service.line].services.append(service)
            else:
                groups[key] = _Group(service.name, services=[service])
        # Where each entry stands in the lists, once (not a scan of them all a finding).
        order = {service: at for at, service in enumerate(facts.services)}
        # the months whose bills list items, of each line: asked once, where one is needed
        with_items = {(c.line, c.period) for c in facts.charges} if facts.bills else set()
        found = []
        for (line, key), group in groups.items():
            # Every charge given back on its own bill (退费) still gives a finding, with
            # nothing to claim: the service is there, and charges again unless cancelled.
            finding = self._finding(ctx, line, group, order, with_items)
            finding.grouped_by = key  # two entries billed under one name: two ids
            found.append(finding)
        return found

    @staticmethod
    def _itemised(facts: Facts) -> dict[tuple[str, str, str], set[str]]:
        """The files that itemise value-added charges, per (line, month, category)."""
        found: dict[tuple[str, str, str], set[str]] = {}
        for c in facts.charges:
            if c.value_added and not c.category_level:
                found.setdefault((c.line, c.period, c.category), set()).add(c.source)
        return found

    @staticmethod
    def _charge_name(ctx: AuditContext, charge: ChargeFact, itemised) -> tuple[str, str] | None:
        """What an unknown paid value-added charge is grouped by (its listed service's key,
        else its own) and the name it is reported under (as the bill writes it), or None."""
        if charge.amount_fen <= 0:
            return None
        matched = charge.services
        if matched and all(s.shown_ended for s in matched):
            return None
        current = [s for s in matched if not s.shown_ended]
        category = charge.category or OTHER
        if not (charge.value_added or (category == OTHER and any(s.value_added for s in current))):
            return None
        names = [charge.item] + [s.name for s in current] + [s.code for s in current]
        if ctx.is_known(charge.line, *names):
            return None
        if not charge.category_level:
            key = charge.grouped_under(current[0]) if current else charge.service_key
            return key, charge.item.strip()
        # A category-level amount beside the same month's itemised bill (an SMS reminder
        # read with the statement) is the same money, already reported item by item.
        files = itemised.get((charge.line, charge.period, category), set())
        if files - {charge.source}:
            return None
        label = charge.section or CATEGORY_LABELS.get(category, category)
        return service_key(label + UNLISTED), label + UNLISTED

    @staticmethod
    def _subscribed_unknown(ctx: AuditContext, service: ServiceFact) -> bool:
        """True for a paid, current, unknown value-added service no bill has charged yet."""
        price = service.price_fen
        if service.shown_ended or not service.value_added or price is None or price <= 0:
            return False
        if ctx.is_known(service.line, service.name, service.code):
            return False
        if service.starts_after(ctx.billed_by_now(service.line)):
            return False  # not started yet: a coming bill's change, told of as such
        return not any(c.amount_fen > 0 for c in ctx.facts.charges_of(service))

    def _finding(
        self,
        ctx: AuditContext,
        line: str,
        group: _Group,
        order: dict[ServiceFact, int],
        with_items: set[tuple[str, str]],
    ) -> Finding:
        charges = group.charges
        services = _in_order(ctx.facts.services, group.services, order)
        money = ctx.charged(charges)
        amounts = money.paid
        unlisted = group.name.endswith(UNLISTED)
        # Named as the bill writes it; the list's name, when another, said in the message.
        billed = charges or [c for s in services for c in ctx.facts.charges_of(s)]
        name = group.name if unlisted else as_billed(billed, group.name)
        listed = "" if unlisted else listed_as(name, services, any(c.apart for c in charges))
        # An unitemised amount has no one price: the services it may hold each have theirs.
        prices = [] if unlisted else services
        price = next((s.price_fen for s in prices if s.price_fen is not None), None)
        third_party = called_third_party([*charges, *services])
        providers = [fact.provider for fact in [*charges, *services] if fact.provider]
        provider = providers[0] if providers else ""
        if third_party:
            by = f"「{provider}」" if provider else ""
            what = say(
                f"第三方代收费业务（{provider or 'SP'}）",
                f"third-party (SP) service of {by or 'a content provider'}",
            )
        else:
            what = say("增值业务", "value-added service")
        trial, untold = False, []
        given_back = not amounts and money.given_back
        if given_back:
            periods, amount, monthly = given_back, 0, money.fee_fen
            months = months_text(periods)
            message = say(
                f"{name}{listed}：付费{what}，{months} 扣费后已在同一账单上全额退还，不在你的"
                f"已知业务中。退费不等于退订：若仍在订购，之后每月还会扣 {yuan(monthly)} 元；"
                "请确认是否本人订购，不需要就退订。",
                f"{name}{listed}: a paid {what} that is not among your known services, "
                f"charged in {months} and given back in full on the same bill. A refund is "
                f"not a cancellation: still subscribed, it charges {yuan(monthly)} yuan a "
                "month again. Check whether you ordered it yourself, and cancel it if not.",
            )
        elif amounts:
            periods = list(amounts)
            amount, monthly = money.amount_fen, money.monthly_fen
            months = months_text(periods)
            message = say(
                f"{name}{listed}：付费{what}，{months} 共扣费 {yuan(amount)} 元"
                f"（最近每月 {yuan(monthly)} 元），不在你的已知业务中，请确认是否本人订购。",
                f"{name}{listed}: a paid {what} that is not among your known services, "
                f"charged {yuan(amount)} yuan in {months} (lately {yuan(monthly)} yuan a "
                "month). Check whether you ordered it yourself.",
            )
            if unlisted:
                message = say(
                    f"{name}：账单只列出类别、没有列明具体业务的付费{what}，{months} 共 "
                    f"{yuan(amount)} 元（最近每月 {yuan(monthly)} 元）。其中是哪些业务、"
                    "有没有你不知道的，只有详单能说明：在查明之前，不把它算作多扣的钱。",
                    f"{name}: a paid {what} the bill gives by category only, naming no "
                    f"service: {yuan(amount)} yuan in {months} (lately {yuan(monthly)} yuan "
                    "a month). Which services it holds, and whether any is unknown to you, "
                    "only the detailed bill (详单) tells: until then it is not counted as "
                    "money charged wrongly.",
                )
            if unlisted and services:
                names = listing(f"「{n}」" for n in dict.fromkeys(s.name for s in services))
                message += say(
                    f"可能包括已订业务：{names}。",
                    f" It may include these subscribed services: {names}.",
                )
        else:
            # The month it stands in: the newest one billed by now, given or not.
            periods, amount, monthly = [ctx.billed_by_now(line)], 0, price
            untold = _totals_only(ctx.facts, line, services, with_items)
            # a bill giving its total alone may have charged it: not "not charged yet"
            charged = say(
                f"{charge_unknown(untold)}；" if untold else "账单上尚未扣费，",
                f"{charge_unknown(untold)}; " if untold else "not charged on a bill yet, ",
            )
            message = say(
                f"{name}：已订购的付费{what}（{yuan(price)} 元/月），{charged}不在你的已知业务中。",
                f"{name}: a paid {what} subscribed at {yuan(price)} yuan a month, {charged}and "
                "not among your known services.",
            )
            trial = any(on_trial(s) for s in services)  # named or priced as one
            if trial:  # nothing to ask back: to cancel before it turns paid, if unwanted
                message = say(
                    f"{name}{listed}：免费试用中的付费{what}，试用结束后按 {yuan(price)} 元/月"
                    f"收费；{charged}不在你的已知业务中。不需要的话，"
                    + ("尽快退订。" if untold else "在转为付费前退订。"),
                    f"{name}{listed}: a paid {what} on a free trial, {yuan(price)} yuan a month "
                    f"once the trial ends; {charged}and not among your known services. If you "
                    "do not want it, cancel it " + ("now." if untold else "before it turns paid."),
                )
        first = services[0] if services else None
        stopped = ""  # a service listed and not charged yet has no charge to stop
        if amounts or given_back:
            stopped = ctx.facts.stopped_after(line, periods[-1], keys_of(charges, services))
            message += stopped_sentence(stopped)
        return Finding(
            rule=self.id,
            # an amount not itemised disputes nothing yet (auditor.rules.disputes)
            severity="low" if unlisted else self.severity,
            carrier=carrier_of(charges, services),
            line=line,
            service=name,
            names=own_names(name) if unlisted else own_names(name, charges, services),
            periods=periods,
            amount_fen=amount,
            monthly_fen=monthly,
            message=message,
            evidence=evidence(services, charges),
            stopped=stopped,
            details=UnknownVasDetails(
                third_party=third_party,
                provider=provider,
                price_fen=price,
                charged=bool(amounts or given_back),
                trial=not amounts and trial,
                category_level=unlisted,
                ordered=format_moment(first.ordered if first else None),
                effective=format_moment(first.effective if first else None),
                monthly_amounts_fen=amounts,
                totals_only=untold,
            ),
        )

    def steps(self, kit: Steps) -> None:
        """Ask what it is, check the list, cancel (one of several ways; not a charge that
        stopped, nor one the user recorded cancelling), ask for a refund."""
        f, details = kit.finding, self.details_of(kit.finding)
        charged, third_party = f.amount_fen > 0, details.third_party
        provider = details.provider
        if details.category_level:
            ask = say(
                f"{kit.call}，要求列出{kit.service}对应的具体业务和详单",
                f"{kit.call} and ask which services {kit.service} stands for, with the "
                "detailed bill (详单)",
            )
        else:
            ask = say(
                f"{kit.call}，询问{kit.service}是什么业务"
                + (f"、提供商（{provider}）" if provider else "")
                + "、何时以何种方式订购、是否有二次确认记录",
                f"{kit.call} and ask what {kit.service} is"
                + (f", who provides it (「{provider}」)" if provider else "")
                + ", when and how it was ordered, and whether there is a record of your "
                "second confirmation (二次确认)",
            )
        kit.add("hotline", ask, to=kit.hotline)
        kit.check_list()
        if details.category_level:
            # Nothing to cancel or ask back by this name: the detailed bill names services.
            kit.add(
                "hotline",
                say(
                    f"取得 {kit.months} 的详单（逐项列明的账单），连同已订业务一起再审核一次："
                    "其中每项业务都会逐一核对",
                    f"get the detailed bill (详单, every item listed) of {kit.months} and "
                    "audit it again with the service list: each service in it is then "
                    "checked",
                ),
                to=kit.hotline,
            )
            kit.evidence()
            return
        if untold := details.totals_only:  # whether those bills charged it, theirs tell
            shown = say("、", ", ").join(untold)
            kit.add(
                "hotline",
                say(
                    f"{kit.call}，要求 {shown} 的详单（逐项列明的账单），核对其中是否扣了"
                    f"{kit.service}；连同已订业务一起再审核一次",
                    f"{kit.call} and ask for the detailed bill (详单, every item listed) of "
                    f"{shown}: whether it charged {kit.service}, only it tells; audit it "
                    "again with the service list",
                ),
                to=kit.hotline,
            )
        kit.cancel_service(third_party)
        if charged and not kit.refunded_in_full:
            ask = say(
                f"如从未同意订购（没有二次确认），要求退还 {kit.money}",
                "if you never agreed to the order (no second confirmation, 二次确认), ask "
                f"for a refund (退费) of {kit.money}",
            )
            kit.add("hotline", kit.stopped_then(ask), to=kit.hotline)
        kit.evidence()
        if charged:
            refund = say(f"退还 {kit.money}", f"a refund (退费) of {kit.money}")
            kit.escalate(kit.with_cancel(refund), third_party=third_party)


def _totals_only(
    facts: Facts, line: str, services: list[ServiceFact], with_items: set[tuple[str, str]]
) -> list[str]:
    """The months of ``line``'s bills read, from the first month ``services`` (its entries)
    are charged for on (every month where none says), that give a total alone, neither an
    item nor a category's amount (``with_items``: each line's months of which a charge
    was read): a service not charged on the bills read may have been charged on those."""
    starts = [s.start_month for s in services if s.start_month]
    since = min(starts, default="")
    return sorted(
        {
            check.bill.period
            for check in facts.bills
            if check.bill.line == line
            and check.bill.period >= since
            and (line, check.bill.period) not in with_items
        }
    )


def _in_order(
    listed: tuple[ServiceFact, ...], chosen: list[ServiceFact], order: dict[ServiceFact, int]
) -> list[ServiceFact]:
    """The entries of ``chosen``, each once, in the order the service lists give them
    (``order``: each entry's place in ``listed``; facts compare by identity)."""
    return [listed[at] for at in sorted({order[s] for s in chosen if s in order})]
