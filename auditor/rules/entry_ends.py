"""Which service-list entries take part in the rules, of several about one service of a
line (:func:`~auditor.rules.facts.build_facts` keeps the others out): an entry an older
snapshot of the list gives of a subscription a newer one shows ended is superseded
(:func:`superseded`), and a later end of an order that ended earlier (the user's record
of cancelling it again) is not its end (:func:`ended_later`), unless the service was
ordered again in between.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from auditor.rules.facts import ServiceFact


def superseded(
    service: ServiceFact, ended: dict[tuple[str, str], list[ServiceFact]], as_of: date
) -> bool:
    """True for an entry showing a service running that another entry of it, from a list
    at least as new, shows ended after it started: an older snapshot of the same
    subscription. Carriers drop a cancelled service from their lists, so a cancellation
    seen once (or recorded by the user) stays until a later list shows the service
    running again, or it starts after that end (a re-order). An undated entry (the reply
    to ``0000``) started, as far as anyone knows, before any end."""
    if service.end_month is not None or service.shown_ended:
        return False
    for other in ended.get((service.line, service.key), ()):
        started_before = service.start_month is None or service.start_month <= other.end_month
        if started_before and (service.listed_on or as_of) <= (other.listed_on or as_of):
            return True
    return False


def ended_later(
    service: ServiceFact, entries: dict[tuple[str, str], list[ServiceFact]], as_of: date
) -> bool:
    """True for an entry ending in a later month than another entry of the same order
    ends: the earliest end known, from any source, decides. Cancelling a service again
    (the user's record of it, a later list's later date) does not make the months between
    rightly charged: the charges after the first end are still owed back. Unless an entry
    shows the service ordered again after that first end (a later start, or a list newer
    than the one that showed it ended listing it running): then the later end is the new
    order's. The same order: the two start in the same month, or either start is unknown
    (a record, the reply to ``0000``); entries of two known starts are two orders."""
    if service.end_month is None:
        return False
    same = entries.get((service.line, service.key), [])
    for first in same:
        end = first.end_month
        if end is None or end >= service.end_month:
            continue
        start, first_start = service.start_month, first.start_month
        if start is not None and (start > end or first_start not in (None, start)):
            continue  # ordered again after that end, or another order
        if not any(_ordered_again(other, first, as_of) for other in same):
            return True
    return False


def _ordered_again(other: ServiceFact, ended: ServiceFact, as_of: date) -> bool:
    """True when ``other`` shows the service ordered after ``ended`` ended: it starts in a
    later month, or a list newer than ``ended``'s shows it running (a re-order)."""
    end = ended.end_month or ""
    if other.start_month is not None and other.start_month > end:
        return True
    running = not other.shown_ended and (other.end_month is None or other.end_month > end)
    return running and (other.listed_on or as_of) > (ended.listed_on or as_of)
