"""Which service-list entries take part in the rules, of several about one service of a
line (:func:`~auditor.rules.fact_building.build_facts` keeps the others out): an entry an older
snapshot of the list gives of a subscription a newer one shows ended is superseded
(:func:`superseded`), and a later end of an order that ended earlier (the user's record
of cancelling it again) is not its end (:func:`ended_later`), unless the service was
ordered again in between.

The user's own record of cancelling a service stands against any list that shows the
same order running, however new the list: a list lags a cancellation until it takes
effect at the month's end (次月生效), and one that still shows it later shows the carrier
did not act on it; a charge after that month is a charge after cancellation, not a
service the user does not know. Only an order started after the day recorded (a
re-order) is another (:func:`_same_order`). When the line's newest list, from a month
after the user's latest recorded cancellation of it, still shows that order running, the
cancellation did not take (:func:`still_listed`): its steps say to cancel it again. A
list's day is what its evidence says (:mod:`auditor.rules.list_dates`), not the day it was
given: one nothing dates is said to be undated (:func:`undated_listing`), not taken.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from auditor.values import month_of

if TYPE_CHECKING:
    from auditor.rules.facts import ServiceFact


def superseded(
    service: ServiceFact, ended: dict[tuple[str, str], list[ServiceFact]], as_of: date
) -> bool:
    """True for an entry showing a service running that another entry of it, from a list
    at least as new, shows ended after it started: an older snapshot of the same
    subscription. Carriers drop a cancelled service from their lists, so a cancellation
    seen once stays until a later list shows the service running again, or it starts
    after that end (a re-order); one the user recorded stays until a list shows an order
    started after the day recorded, however new the lists showing the old one running.
    An undated entry (the reply to ``0000``) started, as far as anyone knows, before any
    end."""
    if service.end_month is not None or service.shown_ended:
        return False
    for other in ended.get((service.line, service.key), ()):
        if other.record:  # the user's own cancellation: a list lags it, or was not acted on
            if _same_order(service, other):
                return True
            continue
        started_before = service.start_month is None or service.start_month <= other.end_month
        if started_before and (service.listed_on or as_of) <= (other.listed_on or as_of):
            return True
    return False


def _same_order(service: ServiceFact, record: ServiceFact) -> bool:
    """True when ``service`` (a list's entry) shows the order the user's ``record`` of
    cancelling it ended: it started on or before the day recorded, or no start is known
    (the reply to ``0000``). One started after that day is a new order."""
    started, ended = service.started_at, record.ended_at
    return started is None or ended is None or started.date() <= ended.date()


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
    if ended.record and _same_order(other, ended):
        return False  # still listed running after the user cancelled it: not a re-order
    running = not other.shown_ended and (other.end_month is None or other.end_month > end)
    return running and (other.listed_on or as_of) > (ended.listed_on or as_of)


def still_listed(
    record: ServiceFact, entries: Iterable[ServiceFact], as_of: date
) -> ServiceFact | None:
    """The entry of ``record``'s line's newest service list (of ``entries``: every entry
    read, those left out of the rules too; a list given to this audit is as of ``as_of``)
    that still shows running the order the user's ``record`` of cancelling it ended, when
    that list is from a month after the latest cancellation of it the user recorded (a
    list lags one until the month's end): the cancellation did not take. None otherwise:
    no such list, or it no longer lists the service (carriers drop a cancelled one), or
    shows it ended or ordered again since, or nothing tells that it is from such a month
    (:func:`undated_listing`)."""
    shown = _newest_running(record, entries, as_of)
    return shown[0] if shown is not None and shown[1] else None


def undated_listing(
    record: ServiceFact, entries: Iterable[ServiceFact], as_of: date
) -> ServiceFact | None:
    """The entry :func:`still_listed` would give but for its list's day, which nothing
    decides (:mod:`auditor.rules.list_dates`): no day its name gives, no month it is
    from that is after the latest cancellation's, though it was given (or stored) in a
    later month. What it would mean is to be said, not taken: None otherwise."""
    shown = _newest_running(record, entries, as_of)
    return shown[0] if shown is not None and not shown[1] else None


def undated_listings(
    entries: Iterable[ServiceFact], as_of: date
) -> list[tuple[ServiceFact, ServiceFact]]:
    """Of ``entries`` (every entry read, the user's records among them), each list entry
    :func:`undated_listing` gives, with the latest of the user's records of cancelling
    its service that it stands against."""
    entries = list(entries)
    latest: dict[tuple[str, str], ServiceFact] = {}
    for record in entries:
        if record.record and record.ended_at is not None:
            held = latest.get((record.line, record.key))
            if held is None or (held.ended_at and held.ended_at < record.ended_at):
                latest[(record.line, record.key)] = record
    found = []
    for record in latest.values():
        if (entry := undated_listing(record, entries, as_of)) is not None:
            found.append((entry, record))
    return found


def _newest_running(
    record: ServiceFact, entries: Iterable[ServiceFact], as_of: date
) -> tuple[ServiceFact, bool] | None:
    """The entry of ``record``'s line's newest list still showing its order running, when
    that list may be from a month after the latest cancellation of it the user recorded,
    and whether its evidence says it is (else only the day it was known allows it)."""
    if not record.record or record.ended_at is None:
        return None
    entries = list(entries)
    lists = [e for e in entries if e.line == record.line and not e.record]
    recorded = [
        e.ended_at.date()
        for e in entries
        if e.line == record.line and e.key == record.key and e.record and e.ended_at
    ]
    if not lists:
        return None
    cancelled = month_of(max(recorded, default=record.ended_at.date()))
    newest = max(_listed(e, as_of) for e in lists)
    running = (
        e
        for e in lists
        if _listed(e, as_of) == newest
        and e.key == record.key
        and not (e.shown_ended or e.pending)
        and _same_order(e, record)
    )
    shown = next(running, None)
    if shown is None or month_of(shown.listed_on or as_of) <= cancelled:
        return None  # no list from after the month of cancellation could show it
    if shown.list_day is not None:
        return (shown, True) if month_of(shown.list_day) > cancelled else None
    return shown, shown.list_since > cancelled


def _listed(entry: ServiceFact, as_of: date) -> tuple[date, str]:
    """When ``entry``'s list was known (``as_of``: given to this audit), then how new its
    evidence says it is: its day, else the month it is from at the earliest; a list
    nothing dates counts as the newest of those known the same day (it may be)."""
    shown = entry.list_day.isoformat() if entry.list_day else entry.list_since or "9999"
    return entry.listed_on or as_of, shown
