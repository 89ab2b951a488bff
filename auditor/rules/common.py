"""What several rules need: the annotated rows, the charge–service pairs, evidence, text.

The rules walk rows one by one (their logic is per service and month), so the tables are
turned into lists of plain dicts once: row access on a DataFrame costs far more than
the rules' own work.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from auditor.matching import annotate_charges, annotate_services, match_charges
from auditor.model import Evidence
from auditor.rules.base import AuditContext
from auditor.values import format_fen, month_add

Row = dict


@dataclass
class Prepared:
    """The audit's rows annotated by :mod:`auditor.matching`, and who matched whom.

    ``charges`` and ``services`` are lists of row dicts; ``services_of[i]`` lists the
    positions of the services charge ``i`` matched, ``charges_of[j]`` the charges that
    matched service ``j``.
    """

    charges: list[Row]
    services: list[Row]
    services_of: dict[int, list[int]]
    charges_of: dict[int, list[int]]
    #: The line's latest billed month: :meth:`AuditContext.latest_billed_month`.
    latest: Callable[[str], str]

    def matched_services(self, charge: int) -> list[Row]:
        """The service rows charge ``charge`` matched."""
        return [self.services[j] for j in self.services_of.get(charge, [])]

    def matched_charges(self, service: int) -> list[Row]:
        """The charge rows that matched service ``service``."""
        return [self.charges[i] for i in self.charges_of.get(service, [])]


def prepare(ctx: AuditContext) -> Prepared:
    """Annotate the context's tables, match charges to services, note each line's month.

    Built once per context and shared by the rules; rules only read it.
    """
    return ctx.memo("rules.prepared", lambda: _prepare(ctx))


def _prepare(ctx: AuditContext) -> Prepared:
    charges = annotate_charges(ctx.charges.reset_index(drop=True))
    services = annotate_services(ctx.services.reset_index(drop=True), ctx.as_of)
    # An undated snapshot that a dated cancellation contradicts takes no part in the rules.
    services = services[~services["superseded"].astype(bool)].reset_index(drop=True)
    pairs = match_charges(charges, services)
    services_of: dict[int, list[int]] = {}
    charges_of: dict[int, list[int]] = {}
    for charge, service in zip(pairs["charge"], pairs["service"], strict=True):
        services_of.setdefault(int(charge), []).append(int(service))
        charges_of.setdefault(int(service), []).append(int(charge))
    return Prepared(
        charges=_records(charges),
        services=_records(services),
        services_of=services_of,
        charges_of=charges_of,
        latest=ctx.latest_billed_month,
    )


def _records(frame) -> list[Row]:
    """Rows as dicts, with pandas' missing values (NaN, NaT, NA) as ``None``."""
    rows = frame.astype(object).where(frame.notna(), None).to_dict("records")
    return rows


def evidence(*groups: Iterable[Row]) -> list[Evidence]:
    """The file and place of every row in ``groups``, each once, in order."""
    seen: dict[tuple[str, str], None] = {}
    for rows in groups:
        for row in rows:
            seen.setdefault((str(row["source"] or ""), str(row["locator"] or "")), None)
    return [Evidence(path, locator) for path, locator in seen]


def carrier_of(*groups: Iterable[Row]) -> str:
    """The carrier the rows say (the first non-empty one), or ``""``."""
    for rows in groups:
        for row in rows:
            if row.get("carrier"):
                return str(row["carrier"])
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
