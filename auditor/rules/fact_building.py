"""The facts of an audit built from what was read (:func:`build_facts`), once, before the
rules run: each charge and service-list entry made a :class:`~auditor.rules.facts.ChargeFact`
or a :class:`~auditor.rules.facts.ServiceFact`, what a name says of it worked out once per
name (a company's thousand lines repeat a few dozen), the entries a later one supersedes
left out, each charge matched to its entries.

A charge and a service-list entry of the same line are the same service when
their codes are equal, or else when their names are equal after
:func:`auditor.names.service_key`, or else when the charge is the service's fee, named
after it (停机保号费 for 停机保号, 来电显示功能费 for 来电显示); from one bill to the next, a
fee is grouped with the service it is named after (:mod:`auditor.rules.fee_names`).
"""

from __future__ import annotations

from dataclasses import fields
from datetime import date, datetime
from functools import cache
from operator import attrgetter
from typing import NamedTuple

from auditor.bill_check import BillCheck
from auditor.model import ENDED, PENDING, Charge, ReadResult, Service
from auditor.names import fold_all, fold_names, folded_key, service_key
from auditor.rules.entry_ends import ended_later, superseded
from auditor.rules.facts import ChargeFact, Facts, ServiceFact
from auditor.rules.fee_names import (
    ByName,
    entries_by_name,
    grouped_records,
    is_plan_fee,
    renamed_fees,
    sole_plans,
)
from auditor.rules.list_dates import ListDate, list_dates
from auditor.rules.service_dates import end_moment, end_month, fixed_expiry, start_month
from auditor.rules.value_added import Kind, charge_kind, service_category, service_kind
from auditor.values import month_of


def build_facts(results: list[ReadResult], bills: list[BillCheck], as_of: date) -> Facts:
    """The facts of ``results`` (their ``bills`` checked: :func:`auditor.bill_check.check_bills`).

    ``as_of`` decides which expiries have passed. A list without dates (the reply to
    ``0000``) is a snapshot of an unknown day, often from before a cancellation: its
    entry for a service another list shows ended on a date takes no part in the rules,
    so that it cannot make a later charge look rightful. (Should the user have ordered
    the service again, a finding's first step, checking the service list, shows it.)
    Likewise an entry ending later than another of the same order ends (the user's record
    of cancelling it again): the earliest end decides, unless a re-order is shown.
    """
    cutoff = datetime(as_of.year, as_of.month, as_of.day)
    # A company's thousand lines list the same few dozen services and bill the same few
    # dozen items: what a name says of it is worked out once per audit, not per line.
    named: dict[tuple[str, str, str], _Named] = {}
    read = [c for r in results for c in r.charges]  # the bills' charges, as read
    folds = _folds([raw.item for raw in read])
    billed = [(r.line, r.period, f[2]) for r, f in zip(read, folds, strict=True)]
    renamed = renamed_fees(billed)
    # a user's record is about a service as the bills group its charges
    dates = list_dates(results)
    listed, on_lists = grouped_records(
        [
            _service_fact(s, cutoff, named, dates.get(id(r), _UNDATED))
            for r in results
            for s in r.services
        ],
        renamed,
        ((r.line, f[2], r.code) for r, f in zip(read, folds, strict=True)),
    )
    ended: dict[tuple[str, str], list[ServiceFact]] = {}
    entries: dict[tuple[str, str], list[ServiceFact]] = {}
    for service in listed:
        entries.setdefault((service.line, service.key), []).append(service)
        if service.end_month is not None:
            ended.setdefault((service.line, service.key), []).append(service)
    kept = [not superseded(s, ended, as_of) and not ended_later(s, entries, as_of) for s in listed]
    services = tuple(s for s, keep in zip(listed, kept, strict=True) if keep)
    by_code: dict[tuple[str, str], list[ServiceFact]] = {}
    by_key: dict[tuple[str, str], list[ServiceFact]] = {}
    for service in services:
        if service.code:
            by_code.setdefault((service.line, service.code), []).append(service)
        by_key.setdefault((service.line, service.key), []).append(service)
    plans = sole_plans(services)
    charges = []
    charges_of: dict[ServiceFact, list[ChargeFact]] = {}
    kinds: dict[tuple[str, str, str, str], Kind] = {}
    charged = {(line, key) for line, _, key in billed}
    by_name: dict[tuple[str, str, str], ByName] = {}
    for raw, (text, folded, key) in zip(read, folds, strict=True):
        # a list's entry of the fee's own name makes it a service of its own
        own = key if (raw.line, key) in by_key else renamed.get((raw.line, key), key)
        coded = by_code.get((raw.line, raw.code)) if raw.code else None
        if coded is not None:
            matched = ByName(coded)
        elif (matched := by_name.get((raw.line, key, own))) is None:
            # a line's item is billed month after month: its entries are found once
            matched = entries_by_name(by_key, raw.line, key, own, on_lists, charged)
            by_name[(raw.line, key, own)] = matched
        if not matched.entries and is_plan_fee(raw.category, folded, raw.amount_fen):
            # a bill naming no plan (包月费) bills the one plan the line's lists name
            matched = ByName(plans.get(raw.line, []))
        charge = _charge_fact(raw, text, folded, (key, own), matched, kinds)
        charges.append(charge)
        for service in matched.entries:
            charges_of.setdefault(service, []).append(charge)
    brands: dict[str, str] = {}  # each line's, as the first file naming one gives it
    for result in (r for r in results if r.brand):  # (the inputs before the stored files)
        for line in result.lines:
            brands.setdefault(line, result.brand)
    latest: dict[str, str] = {}
    for line, period in [(b.bill.line, b.bill.period) for b in bills] + [
        (c.line, c.period) for c in charges
    ]:
        latest[line] = max(latest.get(line, period), period)
    return Facts(
        charges=tuple(charges),
        services=services,
        bills=tuple(bills),
        latest_months=latest,
        unread=frozenset(result.path for result in results if result.unread_rows != 0),
        audit_month=month_of(as_of),
        _charges_of={service: tuple(found) for service, found in charges_of.items()},
        left_out=tuple(s for s, keep in zip(listed, kept, strict=True) if not keep),
        so_far=frozenset(
            (result.path, period)
            for result in results
            if result.stored_on is not None
            for period in result.periods
            if period >= month_of(result.stored_on)
        ),
        brands=brands,
    )


_UNDATED = ListDate()  # a list's evidence that says nothing (the user's records)


# What names said, remembered for this many names at most: a long bill's 200,000
# distinct items each asked once must not all stay in memory for it.
_KEPT = 4096


class _Named(NamedTuple):
    """What a service's type, name and provider say of it (the same for every entry)."""

    key: str
    category: str
    kind: Kind


def _service_fact(
    service: Service,
    cutoff: datetime,
    named: dict[tuple[str, str, str], _Named],
    dated: ListDate,
) -> ServiceFact:
    """``service``'s fact (``dated``: what its list's evidence says of its day); ``named``
    remembers what types, names and providers said."""
    type_, name, provider = service.type, service.name, service.provider
    said = named.get((type_, name, provider))
    if said is None:
        said = _Named(
            service_key(name),
            service_category(type_, name) or "",
            service_kind(type_, name, provider),
        )
        if len(named) < _KEPT:
            named[(type_, name, provider)] = said
    expires, cancelled = service.expires, service.cancelled
    return ServiceFact(
        **_as_read(service, ServiceFact),
        key=said.key,
        category=said.category,
        value_added=said.kind.value_added,
        third_party=said.kind.third_party,
        says_third_party=said.kind.says_third_party,
        own_vas=said.kind.own_vas,
        expiry=fixed_expiry(expires),
        start_month=start_month(service.effective, service.ordered),
        end_month=end_month(expires, cancelled),
        ended_at=end_moment(expires, cancelled),
        pending=service.status == PENDING,
        list_day=dated.day,
        list_since=dated.since,
        shown_ended=(
            service.status == ENDED
            or cancelled is not None
            or (expires is not None and expires <= cutoff)
        ),
    )


def _folds(items: list[str]) -> list[tuple[str, str, str]]:
    """Each of ``items`` as text (:func:`auditor.names.fold_text`, for value-added words),
    as a name (:func:`auditor.names.fold_name`, for the rules' words) and its key: each
    distinct item once, all of them together (a company's thousand bills repeat a few
    dozen items; a long bill's are all distinct, and then none is looked up)."""
    distinct = list(dict.fromkeys(items))
    texts = fold_all(distinct)
    folds = [
        (text, folded, folded_key(folded) if item else "")
        for item, text, folded in zip(distinct, texts, fold_names(texts), strict=True)
    ]
    if len(distinct) == len(items):
        return folds
    at = {item: index for index, item in enumerate(distinct)}
    return [folds[at[item]] for item in items]


def _charge_fact(
    charge: Charge,
    text: str,
    folded: str,
    keys: tuple[str, str],
    matched: ByName,
    kinds: dict[tuple[str, str, str, str], Kind],
) -> ChargeFact:
    """``charge``'s fact (``keys``: its key and its service's; ``matched``: its entries);
    ``kinds`` remembers what a category, item, section and provider say (value-added,
    third-party, by their own words, filed as the carrier's own value-added)."""
    category, item, provider = charge.category, charge.item, charge.provider
    kind = kinds.get((category, item, charge.section, provider))
    if kind is None:
        kind = charge_kind(category, item, charge.section, provider, item_text=text)
        if len(kinds) < _KEPT:
            kinds[(category, item, charge.section, provider)] = kind
    return ChargeFact(
        line=charge.line,
        period=charge.period,
        category=category,
        item=item,
        amount_fen=charge.amount_fen,
        section=charge.section,
        provider=provider,
        carrier=charge.carrier,
        source=charge.source,
        locator=charge.locator,
        folded=folded,
        key=keys[0],
        service_key=keys[1],
        value_added=kind.value_added,
        third_party=kind.third_party,
        says_third_party=kind.says_third_party,
        own_vas=kind.own_vas,
        services=tuple(matched.entries),
        apart=matched.apart,
        by_ocr=charge.confidence is not None,
    )


def _as_read(record: Charge | Service, fact: type) -> dict[str, object]:
    """The fields of ``record`` that ``fact`` carries as read (the same names, the same
    meaning)."""
    names, values = _carried(type(record), fact)
    return dict(zip(names, values(record), strict=True))


@cache
def _carried(record: type, fact: type) -> tuple[tuple[str, ...], attrgetter]:
    """The names of ``record``'s fields that ``fact`` has too, and what takes their values
    from a record in C (asked once per type, not once per record: a company's thousand
    lists went through every field of every entry)."""
    own = {f.name for f in fields(fact)}
    names = tuple(f.name for f in fields(record) if f.name in own)
    return names, attrgetter(*names)
