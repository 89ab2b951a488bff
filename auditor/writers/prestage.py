"""The Charges and Services sheets written by a forked child while the audit runs.

The list sheets of everything read are most of a large report's writing: the Charges
sheet of a 200,000-row bill is 3 s of 4; a company month's Charges and Services sheets
(10,000 rows) are a third of its workbook. They depend on nothing the rules find: only
on what was read and the masker, both known once the inputs are read. So a child forked
then stages their rows as XML (as :func:`~auditor.writers.sheet.write_listing` would) on
the machine's other core while this process stores the history and runs the rules; the
workbook then adopts them.

What makes the child's rows this workbook's:

- the formats the sheets' cells name by index (``s="7"``) are given their indices
  first, in one order, in the child's workbook and in this one
  (:func:`register_formats`);
- the child keeps each text in its cell (no shared string of its own);
- the rows are adopted only when the report's charges and services are, one by one, the
  very ones the child was given (a duplicate copy of a bill set aside before the rules
  changes them), and the masker and limits are the same; otherwise, or when the child
  fails, the sheets are written here as usual. The outcome is the same either way.
"""

from __future__ import annotations

import io
import os
import pickle
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import xlsxwriter

from auditor.alongside import Alongside
from auditor.lang import Text
from auditor.model import ReadResult
from auditor.pipeline import AuditReport, charges_read, services_read
from auditor.writers.cells import PLAIN, Styles
from auditor.writers.listings import (
    CHARGE_COLUMNS,
    CHARGES,
    SERVICE_COLUMNS,
    SERVICES,
    charge_listing,
    service_listing,
)
from auditor.writers.safe import Masker
from auditor.writers.sheet import Column, Listing, SheetLimits, SheetWriter
from auditor.writers.xmlsheet import XmlCells, XmlSheet

#: Rows (charges and services) from which staging is worth a child (a fork and a second
#: workbook's set-up cost some milliseconds, a row some microseconds).
PRESTAGE_AT = 5_000


@dataclass(frozen=True)
class _Stageable:
    """A list sheet the child may stage: its name, columns, the listing of its records,
    and its records, from what was read (before the audit) or from the report (after)."""

    name: Text
    columns: list[Column]
    listing: Callable[[list], Listing]
    read: Callable[[list[ReadResult]], list]
    of_report: Callable[[AuditReport], list]


STAGEABLE = (
    _Stageable(CHARGES, CHARGE_COLUMNS, charge_listing, charges_read, lambda r: r.charges),
    _Stageable(SERVICES, SERVICE_COLUMNS, service_listing, services_read, lambda r: r.services),
)


class _FormatsOnly:
    """What :class:`XmlCells` asks of a sheet, for registering formats alone."""

    write_string = None
    shared_strings = False


def register_formats(styles: Styles) -> None:
    """Give the staged sheets' data cells' formats their indices, first and always in
    this order: each column's of each sheet, in the four forms a text's flags ask."""
    sheet = _FormatsOnly()
    for stageable in STAGEABLE:
        for col, column in enumerate(stageable.columns):
            XmlCells(sheet, col, column.kind, None, styles, column.width, [1])._attrs_for(PLAIN)


@dataclass
class StagedPart:
    """One sheet of a listing whose data rows another process staged as XML: the file,
    the sheet's extent and first staged row (:meth:`XmlSheet.staged`), its last row
    (1-based) and the width its columns' cells need."""

    path: str
    extent: tuple[int | None, ...]
    last: int
    widths: dict[int, int]


@dataclass
class Prestaged:
    """The sheets being staged by a child: the records each was made of (by the
    sheet's English name), the masker and limits, and the child."""

    records: dict[str, list]
    mask: Masker
    limits: SheetLimits
    child: Alongside
    #: The child's staged sheets once received (by name), or None when refused.
    _staged: dict[str, list[StagedPart]] | None = None
    _asked: bool = False

    def parts(self, report: AuditReport, name: str, mask: Masker, limits: SheetLimits):
        """The staged sheets of the list ``name``, when every staged list is made of the
        report's very records, written with ``mask`` and ``limits``; else None (and the
        child is ended: what it staged is refused whole)."""
        if name not in self.records:
            return None
        if not self._asked:
            self._asked = True
            if self._same(report, mask, limits):
                data = self.child.received()
                self._staged = None if data is None else pickle.loads(data)
            else:
                self.child.close()
        return None if self._staged is None else self._staged.get(name)

    def _same(self, report: AuditReport, mask: Masker, limits: SheetLimits) -> bool:
        if mask != self.mask or limits != self.limits:
            return False
        for stageable in STAGEABLE:
            theirs, ours = self.records[stageable.name.en], stageable.of_report(report)
            if len(theirs) != len(ours) or any(
                a is not b for a, b in zip(theirs, ours, strict=True)
            ):
                return False
        return True

    def close(self) -> None:
        """End the child if it still runs."""
        self.child.close()


def prestage(
    results: list[ReadResult], mask: Masker, folder: str, limits: SheetLimits | None = None
) -> Prestaged | None:
    """Start staging the Charges and Services sheets of ``results`` in a child, into
    ``folder`` (which the caller removes); None when there are too few rows to be worth
    it, or no fork."""
    records = {stageable.name.en: stageable.read(results) for stageable in STAGEABLE}
    if sum(map(len, records.values())) < PRESTAGE_AT or not hasattr(os, "fork"):
        return None
    limits = limits or SheetLimits()
    child = Alongside(lambda: pickle.dumps(_stage(records, mask, limits, folder)))
    return Prestaged(records, mask, limits, child)


def _stage(
    records: dict[str, list], mask: Masker, limits: SheetLimits, folder: str
) -> dict[str, list[StagedPart]]:
    """In the child: the data rows of the sheets of each list of ``records``, as
    :func:`~auditor.writers.sheet.write_listing` writes them, each sheet's in a file of
    ``folder`` (texts in their cells: this process's shared strings are not the
    workbook's)."""
    book = xlsxwriter.Workbook(io.BytesIO(), {"tmpdir": folder})
    styles = Styles(book)
    register_formats(styles)
    per_sheet = limits.rows - 1
    staged: dict[str, list[StagedPart]] = {}
    for stageable in STAGEABLE:
        listing = stageable.listing(records[stageable.name.en])
        if not listing.rows:  # a header alone: nothing to stage, written there as it is
            continue
        parts = staged[stageable.name.en] = []
        for part, name in enumerate(listing.sheet_names(limits)):
            sheet = book.add_worksheet(name, XmlSheet)
            sheet.shared_strings = False
            sheet.staging_path = str(Path(folder) / f"{stageable.name.en}-{part}.xml")
            w = SheetWriter(sheet, mask, styles)
            span = range(part * per_sheet, min((part + 1) * per_sheet, len(listing.rows)))
            last = w.table(listing.columns, listing.rows, fills=listing.fills, span=span)
            w.finish()
            parts.append(StagedPart(sheet.staging_path, sheet.staged(), last, w.widths()))
    return staged
