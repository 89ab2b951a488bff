"""A bill beside what its items add up to (:class:`BillCheck`), for every bill read
(:func:`check_bills`): whether it is whole, and where a gap most likely is (its file's
unread rows and their money, its sections that do not add up, a reading by OCR)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from auditor.model import Bill, ReadResult, SectionGap


@dataclass(frozen=True)
class BillCheck:
    """A bill beside what its items add up to: is it whole, and if not, where to look."""

    bill: Bill
    #: The sum of the charges of the bill's file, line and month.
    parsed_total_fen: int
    #: Rows of the bill's file that could not be read, and the money of those that are
    #: charges (RowIssue.amount_fen): where a gap most likely is.
    unreadable_rows: int = 0
    unread_fen: int = 0
    #: Read by OCR (its file, or a stored bill's total): a gap may be a misreading.
    read_by_ocr: bool = False
    #: The bill's sections that do not add up to their items: where the gap shows.
    gaps: tuple[SectionGap, ...] = ()

    @property
    def reconciles(self) -> bool | None:
        """:meth:`Bill.reconciles` for the bill's own items."""
        return self.bill.reconciles(self.parsed_total_fen)


def check_bills(results: list[ReadResult]) -> list[BillCheck]:
    """Every bill of ``results``, in order, checked against its items."""
    parsed: Counter[tuple[str, str, str]] = Counter()
    for result in results:
        for charge in result.charges:
            parsed[(charge.source, charge.line, charge.period)] += charge.amount_fen
    unreadable = {result.path: len(result.unparseable) for result in results}
    money = {result.path: result.unread_fen for result in results}
    by_ocr = {result.path for result in results if result.ocr is not None}
    gaps: dict[tuple[str, str, str], list[SectionGap]] = {}
    for result in results:
        for gap in result.section_gaps:
            gaps.setdefault((gap.source, gap.line, gap.period), []).append(gap)
    return [
        BillCheck(
            bill,
            parsed_total_fen=parsed[(bill.source, bill.line, bill.period)],
            unreadable_rows=unreadable.get(bill.source, 0),
            unread_fen=money.get(bill.source, 0),
            read_by_ocr=bill.source in by_ocr or bill.confidence is not None,
            gaps=tuple(gaps.get((bill.source, bill.line, bill.period), ())),
        )
        for result in results
        for bill in result.bills
    ]
