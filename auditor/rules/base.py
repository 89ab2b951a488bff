"""What every rule is: an id, a severity, a one-line description and ``evaluate``.

A rule's class docstring is its documentation (``auditor rules --doc``): what it checks,
why it matters, and a failing and a passing example.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import ClassVar, TypeVar

import pandas as pd

from auditor.model import BillCheck, Finding
from auditor.names import service_key
from auditor.values import month_add, month_of

T = TypeVar("T")


@dataclass
class AuditContext:
    """The normalised tables and the user's settings every rule reads."""

    charges: pd.DataFrame
    services: pd.DataFrame
    bills: list[BillCheck]
    as_of: date
    known_services: frozenset[str] = field(default_factory=frozenset)  # service_key()s
    # What rules derive from the tables (matched, annotated rows), built once per audit.
    _memo: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def memo(self, key: str, build: Callable[[], T]) -> T:
        """``build()``'s result, computed on first use and shared by every rule after."""
        if key not in self._memo:
            self._memo[key] = build()
        return self._memo[key]

    def is_known(self, *names: str) -> bool:
        """True when any of ``names`` is one of the user's known services."""
        return any(name and service_key(name) in self.known_services for name in names)

    def latest_billed_month(self, line: str) -> str:
        """The newest month of any bill for ``line``; without one, the month before the audit."""
        latest = self.memo("latest_billed_months", self._latest_billed_months)
        return latest.get(line, month_add(month_of(self.as_of), -1))

    def _latest_billed_months(self) -> dict[str, str]:
        """Each line's newest month in the bills and charges tables."""
        latest: dict[str, str] = {}
        for check in self.bills:
            latest[check.bill.line] = max(latest.get(check.bill.line, ""), check.bill.period)
        if not self.charges.empty:
            for line, period in self.charges.groupby("line")["period"].max().items():
                latest[line] = max(latest.get(line, period), period)
        return latest


class Rule:
    """Base class: subclasses set ``id``, ``severity``, ``description`` and ``evaluate``."""

    id: ClassVar[str]
    severity: ClassVar[str]
    description: ClassVar[str]

    def evaluate(self, ctx: AuditContext) -> list[Finding]:
        """Return this rule's findings, one per line and service (or bill)."""
        raise NotImplementedError

    @classmethod
    def documentation(cls) -> str:
        """The rule's docstring, dedented: what it checks, why, and examples."""
        return inspect.getdoc(cls) or ""
