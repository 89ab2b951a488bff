"""What findings take of the facts they are made of (:mod:`auditor.rules.facts`): the keys
its charges match by, the files and places that are its evidence, the carrier they name.
The money a service was charged month by month is :mod:`auditor.rules.charged`'s."""

from __future__ import annotations

from collections.abc import Iterable

from auditor.model import Evidence
from auditor.rules.facts import ChargeFact, ServiceFact


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
    """The carrier the facts say, or ``""``: of the first group naming one, its latest
    charge's (the first of that month), or its first entry's. A line ported between two
    carriers (携号转网) is its latest carrier's to act on: where its service is cancelled
    and complained about now; its earlier months' carrier is said with its steps
    (:attr:`~auditor.model.Finding.ported`)."""
    for facts in groups:
        named = [fact for fact in facts if fact.carrier]
        if named:
            return max(named, key=lambda fact: getattr(fact, "period", "")).carrier
    return ""
