"""A fee named after its service is that service's charge (停机保号费 is 停机保号's, 来电显示
功能费 来电显示's: :func:`auditor.names.fee_service_keys`), on a service list and from one
bill to the next.

Against a service list (:func:`entries_by_name`): a charge no code and no equal name
matched belongs to the entries of the service its fee is named after. From bill to bill
(:func:`renamed_fees`): a line billed 咪咕视频会员 in August and September and
咪咕视频会员费 in October is billed one service under two names, so that the rules group
its months as one, the same service they were. Unless a month of the line bills both:
the bill then shows them as two charges, a service and its fee, each its own (not one
service charged twice, nor a price that doubled), and they stay apart in every month.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from auditor.names import fee_service_keys

if TYPE_CHECKING:
    from auditor.rules.facts import ServiceFact


def entries_by_name(
    by_key: Mapping[tuple[str, str], list[ServiceFact]], line: str, key: str
) -> list[ServiceFact]:
    """The entries of ``line`` a charge of ``key`` is for by name: those of its key, else
    those of the service its fee is named after."""
    if not key:
        return []
    matched = by_key.get((line, key))
    if matched:
        return matched
    for named in fee_service_keys(key):
        matched = by_key.get((line, named))
        if matched:
            return matched
    return []


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


def _fees(keys: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """The fees among ``keys`` (each distinct key asked once), with the keys of the
    services each may be named after."""
    asked: dict[str, tuple[str, ...]] = {}
    for key in keys:
        if key not in asked:
            asked[key] = fee_service_keys(key)
    return {key: services for key, services in asked.items() if services}
