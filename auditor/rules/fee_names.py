"""A fee named after its service is that service's charge (停机保号费 is 停机保号's, 来电显示
功能费 来电显示's: :func:`auditor.names.fee_service_keys`), on a service list and from one
bill to the next.

Against a service list (:func:`entries_by_name`): a charge no code and no equal name
matched belongs to the entries of the service its fee is named after: their dates are
its (彩铃功能费 charged after the list's cancellation of 彩铃 is charged after it too). Yet
where the line's bills charge that service too, beside the fee in a month, the fee is a
charge of its own (:attr:`ByName.apart`), and its findings stay apart from the
service's: two charges a month, two findings, never one of their sum. From bill to bill
(:func:`renamed_fees`): a line billed 咪咕视频会员 in August and September and
咪咕视频会员费 in October is billed one service under two names, so that the rules group
its months as one, the same service they were. Unless a month of the line bills both:
the bill then shows them as two charges, a service and its fee, each its own (not one
service charged twice, nor a price that doubled), and they stay apart in every month.

The user's records (a cancellation, as a service-list entry: ``ServiceFact.record``)
follow that grouping, not the names (:func:`grouped_records`): a cancellation typed under
October's 咪咕视频会员费 is about the service billed 咪咕视频会员 before, every month of
it; one of 彩铃 is not about 彩铃功能费 billed beside it, nor, unless a service list
lists 彩铃 and no 彩铃功能费, about a fee no month bills 彩铃 apart from.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence, Set
from dataclasses import replace
from typing import TYPE_CHECKING, NamedTuple

from auditor.categories import PLAN
from auditor.names import fee_service_keys, fold_name
from auditor.words import CONTRACT_WORDS, PLAN_FEE_NAMES

if TYPE_CHECKING:
    from auditor.rules.facts import ChargeFact, ServiceFact


class ByName(NamedTuple):
    """The entries a charge is for by name (:func:`entries_by_name`)."""

    entries: list[ServiceFact]
    #: A fee matched to the entries of the service it is named after, which its line's
    #: bills charge too, in a month beside it (彩铃功能费 beside 彩铃): a charge of its
    #: own, grouped apart (:meth:`~auditor.rules.facts.ChargeFact.grouped_under`).
    apart: bool = False


def entries_by_name(
    by_key: Mapping[tuple[str, str], list[ServiceFact]],
    line: str,
    key: str,
    own: str,
    on_lists: Set[tuple[str, str]],
    billed: Set[tuple[str, str]],
) -> ByName:
    """The entries of ``line`` a charge of ``key`` is for by name: those of its key, else
    those of the service its fee is named after. Of the latter, the user's records only
    where the facts make the fee that service's: the bills group it with it (``own``,
    the charge's :attr:`~auditor.rules.facts.ChargeFact.service_key`), or a service list
    lists the service (``on_lists``: each (line, key) a list names, replaced ones too);
    and the fee is kept apart (:attr:`ByName.apart`) where the bills do not group it with
    the service and charge the service itself (``billed``: each (line, key) charged)."""
    if not key:
        return ByName([])
    matched = by_key.get((line, key))
    if matched:
        return ByName(matched)
    for named in fee_service_keys(key):
        entries = by_key.get((line, named), ())
        if named != own and (line, named) not in on_lists:
            entries = [entry for entry in entries if not entry.record]
        if entries:
            return ByName(list(entries), named != own and (line, named) in billed)
    return ByName([])


#: :data:`~auditor.words.PLAN_FEE_NAMES` as items are folded to match them.
_PLAN_FEES = frozenset(fold_name(name) for name in PLAN_FEE_NAMES)


def sole_plans(services: Iterable[ServiceFact]) -> dict[str, list[ServiceFact]]:
    """Per line whose service lists name one plan and no other (its entries from month
    to month: one key; a contract is no plan, the user's records are not a list's), and
    show it running, that plan's entries: what a plan fee named for no plan
    (:func:`is_plan_fee`) on the line's bills is the charge of. A line listing two plans
    (a plan changed) or none, or its one plan ended, gets none: which plan the fee is
    cannot be told."""
    plans: dict[str, dict[str, list[ServiceFact]]] = {}
    for service in services:
        if service.record or service.category != PLAN:
            continue
        if any(word in service.name for word in CONTRACT_WORDS):
            continue
        plans.setdefault(service.line, {}).setdefault(service.key, []).append(service)
    sole = {}
    for line, keyed in plans.items():
        if len(keyed) == 1:
            entries = next(iter(keyed.values()))
            if not all(entry.shown_ended for entry in entries):
                sole[line] = entries
    return sole


def is_plan_fee(category: str, folded: str, amount_fen: int) -> bool:
    """True for a charge of a plan's fee that names no plan (包月费, 套餐月基本费: the
    whole item, ``folded`` as :func:`~auditor.names.fold_name` gives it)."""
    return category == PLAN and amount_fen > 0 and folded in _PLAN_FEES


def grouped_records(
    services: list[ServiceFact],
    renamed: Mapping[tuple[str, str], str],
    charged: Iterable[tuple[str, str, str]] = (),
) -> tuple[list[ServiceFact], frozenset[tuple[str, str]]]:
    """``services``, each of the user's records of a fee the bills group with its service
    (``renamed``: :func:`renamed_fees`) keyed as that service: a cancellation of
    咪咕视频会员费, October's word, ends the service billed 咪咕视频会员 in the months
    before too. A list's entry of the fee's own name keeps the fee apart. With each
    (line, key) a list names (its entries, not the user's records: what
    :func:`entries_by_name` is told as ``on_lists``).

    A record of an entry the lists give a code (手机报, A100) takes that code, as the bills
    charge it by the code under a name of their own (信息费): the record ends what the
    entry's charges are, not charges of the entry's name, which none are. So does one
    typed by that name of the bills' (``charged``: each charge's line, key and code),
    where no list names it and every charge of it has the one code one entry is listed
    under: it is the name the entry's findings were shown under, and a record of it the
    user's of that entry (信息费 billed A100 alone, listed 手机报). Two codes under the
    name (手机报 and 游戏点播, both billed 信息费) leave it neither's."""
    listed = frozenset((s.line, s.key) for s in services if not s.record)
    codes: dict[tuple[str, str], set[str]] = {}
    for service in services:
        if not service.record:
            codes.setdefault((service.line, service.key), set()).add(service.code)
    billed = _billed_as(services, listed, charged)
    grouped = []
    for service in services:
        where = (service.line, service.key)
        if service.record and where not in listed and where in renamed:
            service = replace(service, key=renamed[where])
        elif service.record and not service.code and len(coded := codes.get(where, ())) == 1:
            service = replace(service, code=next(iter(coded)))  # one code, or none ("")
        elif service.record and not service.code and where in billed:
            entry = billed[where]  # the record is of it, as its list names it
            service = replace(service, name=entry.name, key=entry.key, code=entry.code)
        grouped.append(service)
    return grouped, listed


def _billed_as(
    services: list[ServiceFact],
    listed: Set[tuple[str, str]],
    charged: Iterable[tuple[str, str, str]],
) -> dict[tuple[str, str], ServiceFact]:
    """Per (line, key) of a record (no code of its own) that no list names, the listed
    entry (one key) whose code every charge of that name is billed under (see
    :func:`grouped_records`). Only the records' names are looked for: a bill's 200,000
    charges are not gathered."""
    wanted = {(s.line, s.key) for s in services if s.record and not s.code and s.key} - listed
    if not wanted:
        return {}
    codes: dict[tuple[str, str], set[str]] = {}
    for line, key, code in charged:
        if (line, key) in wanted:
            codes.setdefault((line, key), set()).add(code)
    entries: dict[tuple[str, str], dict[str, ServiceFact]] = {}  # (line, code): by key
    for service in services:
        if not service.record and service.code:
            entries.setdefault((service.line, service.code), {}).setdefault(service.key, service)
    billed = {}
    for (line, key), found in codes.items():
        code = next(iter(found)) if len(found) == 1 else ""
        keyed = entries.get((line, code), {}) if code else {}
        if len(keyed) == 1:
            billed[(line, key)] = next(iter(keyed.values()))
    return billed


def renamed_fees(billed: Sequence[tuple[str, str, str]]) -> dict[tuple[str, str], str]:
    """Per (line, key) of a fee the line's bills also give by its service's name, in
    other months only, that service's key; ``billed``: each charge's (line, month, key).
    The likeliest service the fee may be named after that the line is billed for decides
    (:func:`~auditor.names.fee_service_keys`'s order)."""
    fees = _fees(key for _, _, key in billed)
    if not fees:
        return {}
    wanted = set(fees).union(*fees.values())
    months: dict[tuple[str, str], set[str]] = {}
    for line, period, key in billed:
        if key in wanted:
            months.setdefault((line, key), set()).add(period)
    renamed: dict[tuple[str, str], str] = {}
    for (line, key), periods in months.items():
        for service in fees.get(key, ()):
            theirs = months.get((line, service))
            if theirs:
                if not theirs & periods:
                    renamed[(line, key)] = service
                break
    return renamed


def billed_together(charges: Iterable[ChargeFact]) -> dict[tuple[str, str], frozenset[str]]:
    """Per (line, key) of a service billed under two names from one bill to the next
    (:func:`renamed_fees`: 咪咕视频会员, and 咪咕视频会员费 in October), the keys of both:
    what a known service of either name knows. A fee billed beside its service is in
    none."""
    named: dict[tuple[str, str], set[str]] = {}
    for charge in charges:
        if charge.key and charge.key != charge.service_key:
            named.setdefault((charge.line, charge.service_key), {charge.service_key}).add(
                charge.key
            )
    return {(line, key): frozenset(keys) for (line, _), keys in named.items() for key in keys}


def _fees(keys: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """The fees among ``keys`` (each distinct key asked once), with the keys of the
    services each may be named after."""
    asked: dict[str, tuple[str, ...]] = {}
    for key in keys:
        if key not in asked:
            asked[key] = fee_service_keys(key)
    return {key: services for key, services in asked.items() if services}
