"""Each line's months as every output shows them: what its items add up to beside what
its bill says, and whether they agree (:class:`MonthFigures`), over an audit's inputs
and the months the history holds of their lines."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from auditor.audit_report import AuditReport
from auditor.model import Bill, ReadResult

#: A month's verdicts: its items make its bill's total, they do not, it could not be
#: checked (no total, or only some items given), or two copies of its bill said
#: otherwise (an SMS's total beside the portal's): which to believe is for a person.
YES, NO, UNRECONCILED, DIFFERS = "yes", "no", "unreconciled", "differs"


@dataclass
class MonthFigures:
    """One line's month: what its charges add up to against what its bill says."""

    line: str
    period: str
    #: What its items (charges) add up to; None when no item of the month was read (a
    #: reminder SMS that states its total alone): nothing is known billed, not ¥0.00.
    billed_fen: int | None
    stated_fen: int | None
    #: YES, NO, UNRECONCILED (no stated total, or not all items given) or DIFFERS.
    reconciled: str
    #: The charges by category (auditor.categories), adding up to ``billed_fen``.
    by_category: dict[str, int] = field(default_factory=dict)

    @property
    def difference_fen(self) -> int | None:
        """Stated minus billed, when the bill states a total and items were read."""
        if self.stated_fen is None or self.billed_fen is None:
            return None
        return self.stated_fen - self.billed_fen

    @property
    def total_fen(self) -> int | None:
        """What the line's month came to, as every summary shows it: the bill's own
        total when it states one (its items make it when reconciled; when not, or when
        the bill gives none or only its main ones, the bill's word stands), else what
        its items add up to."""
        return self.billed_fen if self.stated_fen is None else self.stated_fen

    @property
    def unchecked(self) -> bool:
        """True when :attr:`total_fen` is a bill's total its items could not be checked
        against: it gives none (a reminder SMS of its total alone) or only its main ones."""
        return self.stated_fen is not None and self.reconciled == UNRECONCILED


def month_figures(report: AuditReport) -> list[MonthFigures]:
    """Totals per line and month of the audit's inputs and the months the history held
    for their lines (:func:`months_of`)."""
    # (the lines not checked too: their months held, never audited again)
    return months_of(report.readable_inputs + report.stored + report.elsewhere)


def months_of(results: list[ReadResult]) -> list[MonthFigures]:
    """Totals per line and month of ``results``, sorted by line then month.

    A month's charges are summed over every file that has them, and its bill asked
    whether they make its total (:meth:`~auditor.model.Bill.reconciles`). Duplicate copies
    are set aside before the rules, so a month has one bill; should one file hold the
    month twice, the copies count as one bill stating their totals together, whole only
    when each is. A month whose copy set aside said otherwise than the one kept
    (:attr:`~auditor.model.ReadResult.disagreeing`) is :data:`DIFFERS`, unless its bill
    does not add up (:data:`NO` tells the harsher news; the file set aside tells the rest).
    """
    differs = {key for result in results for key in result.disagreeing}
    billed: dict[tuple[str, str], dict[str, int]] = {}
    bills: dict[tuple[str, str], Bill] = {}
    for result in results:
        line = period = month = None
        for charge in result.charges:
            if charge.line != line or charge.period != period:  # a bill's charges come together
                line, period = charge.line, charge.period
                month = billed.setdefault((line, period), {})
            month[charge.category] = month.get(charge.category, 0) + charge.amount_fen
        for bill in result.bills:
            key = (bill.line, bill.period)
            bills[key] = _together(bills[key], bill) if key in bills else bill
    result = []
    for key in sorted(set(billed) | set(bills)):
        by_category = billed.get(key)
        fen = None if by_category is None else sum(by_category.values())
        bill = bills.get(key)
        stated = bill.stated_total_fen if bill else None
        # a bill of no item read is not checked: its items are not given (or not read,
        # which the bill's own check tells: BillCheck)
        verdict = _VERDICTS[bill.reconciles(fen) if bill and fen is not None else None]
        verdict = DIFFERS if key in differs and verdict != NO else verdict
        result.append(MonthFigures(key[0], key[1], fen, stated, verdict, by_category or {}))
    return result


_VERDICTS = {True: YES, False: NO, None: UNRECONCILED}


def _together(first: Bill, second: Bill) -> Bill:
    """Two bills of one line's month as one: their totals summed, partial if either is."""
    both = None
    if first.stated_total_fen is not None and second.stated_total_fen is not None:
        both = first.stated_total_fen + second.stated_total_fen
    return replace(first, stated_total_fen=both, partial=first.partial or second.partial)
