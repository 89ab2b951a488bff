"""What several rules need: the annotated tables, the charge–service pairs, evidence, text."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from auditor.matching import annotate_charges, annotate_services, match_charges
from auditor.model import Evidence
from auditor.rules.base import AuditContext
from auditor.values import format_fen, month_add


@dataclass
class Prepared:
    """The audit's tables annotated by :mod:`auditor.matching`, and who matched whom.

    ``services_of[charge index]`` lists the matched service indexes;
    ``charges_of[service index]`` the matched charge indexes (indexes of the tables).
    """

    charges: pd.DataFrame
    services: pd.DataFrame
    services_of: dict[int, list[int]]
    charges_of: dict[int, list[int]]


def prepare(ctx: AuditContext) -> Prepared:
    """Annotate the context's tables and match charges to services."""
    charges = annotate_charges(ctx.charges)
    services = annotate_services(ctx.services, ctx.as_of)
    pairs = match_charges(charges, services)
    services_of: dict[int, list[int]] = {}
    charges_of: dict[int, list[int]] = {}
    for charge, service in zip(pairs["charge"], pairs["service"], strict=True):
        services_of.setdefault(int(charge), []).append(int(service))
        charges_of.setdefault(int(service), []).append(int(charge))
    return Prepared(charges, services, services_of, charges_of)


def evidence(*frames: pd.DataFrame) -> list[Evidence]:
    """The file and place of every row in ``frames``, each once, in order."""
    seen: dict[tuple[str, str], None] = {}
    for frame in frames:
        for source, locator in zip(frame["source"], frame["locator"], strict=True):
            seen.setdefault((str(source or ""), str(locator or "")), None)
    return [Evidence(path, locator) for path, locator in seen]


def carrier_of(*frames: pd.DataFrame) -> str:
    """The carrier the rows say (the first non-empty one), or ``""``."""
    for frame in frames:
        if "carrier" in frame:
            for carrier in frame["carrier"]:
                if isinstance(carrier, str) and carrier:
                    return carrier
    return ""


def months_text(periods: list[str]) -> str:
    """Months for a message: runs of consecutive months as ranges (``2026-08..2026-10``)."""
    runs: list[list[str]] = []
    for period in sorted(periods):
        if runs and month_add(runs[-1][-1], 1) == period:
            runs[-1].append(period)
        else:
            runs.append([period])
    return ", ".join(r[0] if len(r) == 1 else f"{r[0]}..{r[-1]}" for r in runs)


def yuan(fen: int | None) -> str:
    """Fen as ``6.00``, for messages."""
    return format_fen(int(fen or 0))
