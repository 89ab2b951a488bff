"""The service-list entry behind a recurring discount's change (``price-change``), and
whether the discount simply ran out.

A promotion (新入网话费优惠（3个月）) runs to the expiry (失效时间) its list states, or to
the last day its bill item's name states (新入网优惠（截至2026年9月30日）: an entry of
:mod:`~auditor.rules.named_ends`, honoured alike); the first bill after that no longer
takes its money off. That is the offer ending as it said it would, not a price rise: the
bill goes back to the plan's own price, and nothing is the carrier's to explain or
refund. ``next-month-effective`` announces the end while it is still to come;
``price-change`` reports a discount gone only when nothing on the list or in its name
says it was due to end then (no entry, one still running, one ending at another time,
one cancelled before its expiry). A fee that goes back up as a listed promotion ends (a
plan billed at half price for three months, then in full) is the same offer ending
(:func:`fee_ran_out`), unless it rises above its own price.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import datetime

from auditor.categories import DISCOUNT
from auditor.lang import say
from auditor.rules.facts import ChargeFact, ServiceFact
from auditor.rules.fees import is_contract, prices_named


def behind(
    services: Iterable[ServiceFact], key: str, discount: bool, previous: str
) -> ServiceFact | None:
    """The entry the service list shows behind a change of the item matched as ``key``,
    whose old amount was last billed in ``previous``: a ``discount``'s own entry, else a
    promotion (优惠, 减免, 赠送 …) or contract whose last month is ``previous``."""
    services = list(services)
    own = [s for s in services if s.key == key and discount]
    ended = [
        s
        for s in services
        if (s.category == DISCOUNT or is_contract(s)) and s.end_month == previous
    ]
    found = own + ended
    return found[0] if found else None


def ran_out(
    services: Iterable[ServiceFact],
    key: str,
    previous: str,
    since: str,
    apart: Collection[str] = (),
) -> bool:
    """True when a discount matched as ``key``, last given in ``previous`` and gone from
    ``since`` on, ran out on the end date its service list (or its name) states: its own
    entries (else, with none, a promotion's: 优惠活动, not one of ``apart``, the line's
    other discounts billed as items, whose ends are theirs) expire (失效时间) in a month
    from ``previous`` up to the one before ``since``. An entry of its own still running,
    ending at another time, or cancelled (退订) before its expiry says it did not simply
    run out; so does a contract's end (合约: its own terms, not a promotion's)."""
    services = list(services)
    own = [s for s in services if s.key == key]
    if own:
        return all(_expired(s, previous, since) for s in own)
    return fee_ran_out(services, previous, since, apart)


def fee_ran_out(
    services: Iterable[ServiceFact], previous: str, since: str, apart: Collection[str]
) -> bool:
    """True when a fee, dearer from ``since`` on than in ``previous``, went back up as a
    promotion ran out on its stated end date: one the list shows (优惠活动, not a
    contract) expiring in a month from ``previous`` up to the one before ``since`` whose
    money no item of its own took off (``apart``: the keys of the line's discounts billed
    as items, those their names date too: such a one's end is that item's, gone, not the
    fee's rise). Whether the fee rose above its own price is the caller's to ask."""
    return any(
        s.category == DISCOUNT
        and not is_contract(s)
        and s.key not in apart
        and _expired(s, previous, since)
        for s in services
    )


def offer_ended(
    listed: list[ServiceFact],
    charges: list[ChargeFact],
    line_charges: Iterable[ChargeFact],
    months: tuple[str, str],
    risen_to: int | None,
) -> bool:
    """True when an item of ``charges`` changed at once from the first of ``months`` to
    the second as a promotion ran out on the end date ``listed`` states (the line's
    service list, the promotions its items' names state): a discount gone
    (``risen_to`` None: :func:`ran_out`), or a fee gone back up to ``risen_to``
    (:func:`fee_ran_out`) and no more than its own price where one is known (the price
    its name or its list entry writes); ``line_charges``: the line's, for the discounts
    it bills as items of their own."""
    key, (previous, since) = charges[0].key, months
    mine = set(charges)  # (facts compare by identity)
    apart = {
        k
        for c in line_charges
        if c.amount_fen < 0 and c not in mine
        for k in (c.key, *(s.key for s in c.services))
    }
    if risen_to is None:
        return ran_out(listed, key, previous, since, apart)
    own = {s.price_fen for c in charges for s in c.services if s.price_fen and s.price_fen > 0}
    prices = prices_named(charges[0].item) | own
    if prices and risen_to > max(prices):
        return False  # dearer than its own price: more than an offer ending
    return fee_ran_out(listed, previous, since, apart)


#: What the list shows of the entry behind a change (:func:`state`).
ENDED, CANCELLED, RUNNING = "ended", "cancelled", "running"


def state(entry: ServiceFact, key: str, since: str) -> str:
    """What the list shows of ``entry``, the one :func:`behind` a change of the item
    matched as ``key`` from ``since`` on: ``cancelled`` (退订, before any expiry it
    states), ``running`` (the discount's own entry running on into ``since``: its end
    later, or none and not shown ended; the discount stopped before it), else ``ended``."""
    if entry.cancelled is not None and (entry.expiry is None or entry.cancelled < entry.expiry):
        return CANCELLED
    if entry.key == key and (
        entry.end_month >= since if entry.end_month else not entry.shown_ended
    ):
        return RUNNING
    return ENDED


def moment(entry: ServiceFact, shown: str) -> datetime | None:
    """When ``entry`` ended as its list shows it (``shown``, :func:`state`'s): the day
    it was cancelled, else its end (None when the list gives none)."""
    return entry.cancelled if shown == CANCELLED else entry.ended_at


def shows(entry: str, ended: str, shown: str, named: bool = False) -> str:
    """What the service list shows of ``entry`` (its name), ``shown`` (:func:`state`'s)
    on ``ended`` (as messages write it, "" when it gives none), as a sentence of a
    message; what the bill's item says of it, when it is ``named`` there (its end in
    the item's name, no list's entry)."""
    entry = f"「{entry}」"
    if named and shown == RUNNING:
        return say(
            f"账单项目{entry}写明优惠到 {ended} 才结束，优惠却提前没有了。",
            f" The bill's item {entry} says it runs until {ended}: the discount stopped "
            "before its end.",
        )
    if named:
        return say(
            f"账单项目{entry}写明优惠于 {ended} 结束。",
            f" The bill's item {entry} says it ends on {ended}.",
        )
    if shown == RUNNING and ended:
        return say(
            f"已订业务显示{entry}到 {ended} 才到期，优惠却提前没有了。",
            f" The service list shows {entry} running until {ended}: the discount "
            "stopped before its end.",
        )
    if shown == RUNNING:
        return say(
            f"已订业务显示{entry}仍在有效期内，优惠却没有了。",
            f" The service list shows {entry} still running, yet the discount stopped.",
        )
    if shown == CANCELLED and ended:
        return say(
            f"已订业务显示{entry}于 {ended} 退订。",
            f" The service list shows {entry} cancelled on {ended}.",
        )
    if ended:
        return say(
            f"已订业务显示{entry}于 {ended} 到期。",
            f" The service list shows {entry} ended on {ended}.",
        )
    return say(f"已订业务显示{entry}。", f" The service list shows {entry}.")


def ask(entry: str, ended: str, shown: str, since: str, named: bool = False) -> str:
    """The step about ``entry`` (a promotion or contract, by name) that the list shows
    ``shown`` (:func:`state`'s) on ``ended`` ("" when it gives none), or its bill item's
    name does (``named``): ask for it renewed; or, cut short (running on, or cancelled),
    why, and for what it no longer took off since ``since``."""
    entry = f"「{entry}」"
    back = say(
        f"要求恢复，并补回 {since} 起少优惠的金额",
        f"to have it back, and for what it did not take off since {since}",
    )
    if named and shown == RUNNING:
        return (
            say(
                f"账单项目{entry}写明优惠到 {ended} 才结束：询问优惠为何提前没有了，",
                f"the bill's item {entry} says it runs until {ended}: ask why the discount "
                "stopped early, ",
            )
            + back
        )
    if named:
        return say(
            f"账单项目{entry}写明优惠于 {ended} 结束：询问能否续办，或改办同等优惠",
            f"the bill's item {entry} says it ends on {ended}: ask whether it can be "
            "renewed, or for a comparable offer instead",
        )
    if shown == RUNNING:
        until = say(f"到 {ended} 才到期", f"running until {ended}") if ended else ""
        until = until or say("仍在有效期内", "still running")
        return (
            say(
                f"已订业务显示{entry}{until}：询问优惠为何提前没有了，",
                f"the service list shows {entry} {until}: ask why the discount stopped early, ",
            )
            + back
        )
    if shown == CANCELLED:
        on = say(f"已于 {ended} ", f" on {ended}") if ended else ""
        return (
            say(
                f"已订业务显示{entry}{on}退订：若不是你办理的，询问原因，",
                f"the service list shows {entry} cancelled{on}: if you did not cancel it, "
                "ask why, ",
            )
            + back
        )
    if ended:
        said = say(
            f"已订业务显示{entry}已于 {ended} 到期",
            f"the service list shows {entry} ended on {ended}",
        )
    else:
        said = say(f"已订业务显示{entry}", f"the service list shows {entry}")
    return said + say(
        "：询问能否续办，或改办同等优惠",
        ": ask whether it can be renewed, or for a comparable offer instead",
    )


def _expired(service: ServiceFact, previous: str, since: str) -> bool:
    """True when ``service`` ended by its own expiry, not a cancellation made before it,
    with a month from ``previous`` up to the one before ``since`` its last."""
    expiry, cancelled, last = service.expiry, service.cancelled, service.end_month
    if expiry is None or last is None or is_contract(service):
        return False
    if cancelled is not None and cancelled < expiry:
        return False  # someone ended it early: not the end it stated
    return previous <= last < since
