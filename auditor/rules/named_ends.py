"""A promotion's end its bill item's name states (新入网优惠（截至2026年9月30日）), as an
entry the rules honour as they honour a service list's stated end.

Many bills write an offer's end into the item's name, and many users give no service
list, or one that does not list the offer at all. Such an item, a discount (a negative
amount) whose name states a day (:func:`~auditor.end_dates.stated_end`, the one parser),
is made an entry like a list's promotion (优惠活动) expiring that day:
``next-month-effective`` announces its end while it is to come, and ``price-change``
finds no rise when the bill goes back to the plan's price after it
(:mod:`~auditor.rules.promotions`). Where the item's matched list entry states an end of
its own, the list's stands. A fee's name dating an offer (5G套餐（优惠期至2026-09-30）
29.00) says nothing of what it costs after: no entry. The entries stay apart from
:attr:`~auditor.rules.facts.Facts.services`: no other rule takes a bill's item for a
service list (a line with a bill alone has no list).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from auditor.categories import DISCOUNT
from auditor.end_dates import stated_end
from auditor.rules.facts import ChargeFact, Facts, ServiceFact
from auditor.values import month_of


@dataclass(frozen=True)
class NamedEnds:
    """The entries the bills' item names make (:func:`named_ends`), and their charges."""

    entries: tuple[ServiceFact, ...] = ()
    _charges: Mapping[ServiceFact, tuple[ChargeFact, ...]] = field(default_factory=dict)

    def on_line(self, line: str) -> list[ServiceFact]:
        """The entries of ``line``."""
        return [entry for entry in self.entries if entry.line == line]

    def charges_of(self, entry: ServiceFact) -> tuple[ChargeFact, ...]:
        """The charges whose names state ``entry``'s end (none for a list's entry)."""
        return self._charges.get(entry, ())

    def named(self, entry: ServiceFact) -> bool:
        """True when ``entry`` is a bill item's name, not a service list's entry."""
        return entry in self._charges


def named_ends(facts: Facts, as_of: date) -> NamedEnds:
    """The entries the item names of ``facts``' charges state ends for: one per line,
    item (as keyed) and day, named as its latest charge writes it, ended once ``as_of``
    is past that day."""
    found: dict[tuple[str, str, date], list[ChargeFact]] = {}
    for charge in facts.charges:
        if charge.category_level or charge.amount_fen >= 0:
            continue  # a fee's name dating an offer: what it costs after is not known
        if any(entry.end_month for entry in charge.services):
            continue  # the list states its end: that is the one the rules read
        end = stated_end(charge.item)
        if end is not None:
            found.setdefault((charge.line, charge.key, end), []).append(charge)
    charges = {_entry(line, key, end, billed, as_of): tuple(billed)
               for (line, key, end), billed in found.items()}  # fmt: skip
    return NamedEnds(tuple(charges), charges)


def _entry(line: str, key: str, end: date, billed: list[ChargeFact], as_of: date) -> ServiceFact:
    """The entry of an item whose ``billed`` charges state ``end``: a promotion (优惠活动)
    from its first month billed to the month of ``end``, its last day."""
    latest = max(billed, key=lambda charge: charge.period)
    day = datetime(end.year, end.month, end.day)
    return ServiceFact(
        line=line,
        name=latest.item,
        code="",
        provider=latest.provider,
        price_fen=None,
        trial=False,
        ordered=None,
        effective=None,
        cancelled=None,
        status="",
        status_text="",
        carrier=latest.carrier,
        source=latest.source,
        locator=latest.locator,
        key=key,
        category=DISCOUNT,
        expiry=day,
        start_month=min(charge.period for charge in billed),
        end_month=month_of(end),  # its last day is in it: that month is given in full
        ended_at=day,
        value_added=False,
        third_party=False,
        says_third_party=False,  # a promotion's discount: neither an SP's nor a VAS
        own_vas=False,
        pending=False,
        shown_ended=end < as_of,
        listed_on=None,
        list_day=None,  # a bill's item, no list: no list's day to set against anything
        list_since="",
        record="",
    )
