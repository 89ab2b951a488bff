"""What each line's latest bill read says of the services it charges: the one place that
decides whether a charge stopped, for the rules (:attr:`auditor.model.Finding.stopped`,
through :meth:`auditor.rules.facts.Facts.stopped_after`) and for the history's
resolutions alike.

A service missing from the latest month is a stop only when that month could have shown
it: a month over by the audit date (a month's export taken mid-month holds what was
charged so far, not what the month will charge), whose bills add up and whose files
were read whole (an unread row, a total beyond its items, a section stating more or
less than the items under it, may be the very charge), and
which names its items (an amount given by category alone, a bill SMS's 增值业务费 21.00,
may hold any service). Where the month cannot tell, nothing is said to have stopped.

A month not over (a bill of the month in progress) still shows what it charges: a service
it charges goes on. What it lacks proves nothing, so the month that tells is then the
line's newest month over, read whole: a duplicate settled in October stays settled when
November's bill so far is audited on 11-27, and November's final bill tells again. A bill
so far stays one: the copy the history holds of a month read while it went on is no
proof on a later day either, until the month's final bill is given in its place
(:mod:`auditor.crosscheck`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from auditor.bill_check import BillCheck

if TYPE_CHECKING:
    from auditor.rules.facts import ChargeFact


@dataclass(frozen=True)
class LatestMonth:
    """A line's latest month read: the services it charges a positive amount for, as
    charges match them (:attr:`~auditor.rules.facts.ChargeFact.keys`), and whether it
    can show a service no longer charged (see the module's docstring)."""

    month: str
    charged: frozenset[str]
    tells: bool
    #: When ``month`` is not over on the audit date and was read whole (it shows all it
    #: charged so far): the line's newest month that is over, as it was read, to tell a
    #: stop in its place. None: ``month`` is over, or no such month was read.
    over: LatestMonth | None = None

    def charges(self, keys: Iterable[str]) -> bool:
        """True when it charges any of ``keys`` a positive amount."""
        return any(key in self.charged for key in keys)


def latest_months_read(
    charges: Iterable[ChargeFact],
    bills: Iterable[BillCheck],
    latest: Mapping[str, str],
    unread: frozenset[str],
    audit_month: str,
    so_far: frozenset[tuple[str, str]] = frozenset(),
) -> dict[str, LatestMonth]:
    """Each line's :class:`LatestMonth` (its month: ``latest``'s), from the ``charges``
    and ``bills`` of that month; ``unread``: the files with rows that could not be read
    (or not known to have none: :attr:`~auditor.rules.facts.Facts.unread`);
    ``audit_month``: the audit date's month, not over yet; ``so_far``: the files and
    months read while that month went on (a bill so far the history holds:
    :attr:`~auditor.rules.facts.Facts.so_far`), no more over for that. A line whose
    latest month names no item (a bill's total alone) is not in it. A line whose latest
    month is not over has its newest month over beside it (:attr:`LatestMonth.over`)."""
    charges, bills = tuple(charges), tuple(bills)
    going = {line for line, month in latest.items() if month >= audit_month}
    rows: list[tuple[str, str, str]] = []
    if so_far:
        rows = _rows(charges, bills)
        going |= {
            line for line, month, file in rows if (file, month) in so_far and latest[line] == month
        }
    before: dict[str, str] = {}  # each such line's newest month over, read after it was
    for line, month, file in (rows or _rows(charges, bills)) if going else ():
        over = line in going and month < min(latest[line], audit_month)
        if over and month > before.get(line, "") and (file, month) not in so_far:
            before[line] = month
    now = _months_read(charges, bills, latest, unread)
    earlier = _months_read(charges, bills, before, unread) if before else {}
    return {
        line: LatestMonth(
            read.month,
            read.charged,
            read.tells and line not in going,
            earlier.get(line) if line in going and read.tells else None,
        )
        for line, read in now.items()
    }


def _rows(
    charges: tuple[ChargeFact, ...], bills: tuple[BillCheck, ...]
) -> list[tuple[str, str, str]]:
    """The line, month and file of each of ``charges`` and ``bills``."""
    return [(c.line, c.period, c.source) for c in charges] + [
        (b.bill.line, b.bill.period, b.bill.source) for b in bills
    ]


def _months_read(
    charges: tuple[ChargeFact, ...],
    bills: tuple[BillCheck, ...],
    months: Mapping[str, str],
    unread: frozenset[str],
) -> dict[str, LatestMonth]:
    """Each line's month of ``months`` as its charges and bills read: what it charges,
    and whether it was read whole, adds up and names its items (``tells``; whether it is
    over is :func:`latest_months_read`'s to say)."""
    charged: dict[str, set[str]] = {}
    doubt: set[str] = set()
    for charge in charges:
        line = charge.line
        if charge.period != months.get(line):
            continue
        if charge.source in unread:
            doubt.add(line)
        if not charge.category_level:
            keys = charged.setdefault(line, set())  # the month names its items
            if charge.amount_fen > 0:  # a 0.00 row beside the plan charges nothing
                keys.update(charge.keys)
        elif charge.amount_fen > 0:
            doubt.add(line)
    for check in bills:
        bill = check.bill
        if bill.period != months.get(bill.line):
            continue
        # a section's gap shows money no item names even when the bill states no total
        if bill.source in unread or check.reconciles is False or bill.partial or check.gaps:
            doubt.add(bill.line)
    return {
        line: LatestMonth(months[line], frozenset(keys), line not in doubt)
        for line, keys in charged.items()
    }
