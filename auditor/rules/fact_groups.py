"""What findings take of the facts they are made of (:mod:`auditor.rules.facts`): the money
a service was charged month by month, the keys its charges match by, the files and places
that are its evidence, the carrier they name."""

from __future__ import annotations

from collections.abc import Iterable

from auditor.model import Evidence
from auditor.rules.facts import ChargeFact, ServiceFact


def monthly_amounts(charges: Iterable[ChargeFact]) -> dict[str, int]:
    """Money charged per month in ``charges`` (of one line and service), months sorted.

    The same month read from two files (an XLSX and the PDF of the same bill) must not
    count twice: each file's sum is taken, and the largest per month wins.
    """
    per_file: dict[tuple[str, str], int] = {}
    for charge in charges:
        key = (charge.period, charge.source)
        per_file[key] = per_file.get(key, 0) + charge.amount_fen
    per_month: dict[str, int] = {}
    for (period, _), fen in per_file.items():
        per_month[period] = max(per_month.get(period, fen), fen)
    return dict(sorted(per_month.items()))


def keys_of(*groups: Iterable[ChargeFact | ServiceFact]) -> set[str]:
    """The keys the facts in ``groups`` match charges by (a finding's service, as its
    charges and entries name it), for :meth:`Facts.stopped_after`."""
    return {fact.key for facts in groups for fact in facts if fact.key}


def evidence(*groups: Iterable[ChargeFact | ServiceFact]) -> list[Evidence]:
    """The file and place of every fact in ``groups``, each once, in order."""
    seen: dict[tuple[str, str], None] = {}
    for facts in groups:
        for fact in facts:
            seen.setdefault((fact.source, fact.locator), None)
    return [Evidence(path, locator) for path, locator in seen]


def carrier_of(*groups: Iterable[ChargeFact | ServiceFact]) -> str:
    """The carrier the facts say (the first one that names one), or ``""``."""
    for facts in groups:
        for fact in facts:
            if fact.carrier:
                return fact.carrier
    return ""
