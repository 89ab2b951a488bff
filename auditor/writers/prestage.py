"""The Charges sheet of a long bill written by a forked child while the audit runs.

The Charges sheet of a 200,000-row bill is most of the report's writing (3 s of 4), and
it depends on nothing the rules find: only on the charges read and the masker, both
known once the inputs are read. So a child forked then stages its rows as XML
(as :func:`~auditor.writers.sheet.write_listing` would) on the machine's other core while this
process stores the history and runs the rules; the workbook then adopts them.

What makes the child's rows this workbook's:

- the formats the sheet's cells name by index (``s="7"``) are given their indices
  first, in one order, in the child's workbook and in this one
  (:func:`register_formats`);
- the child keeps each text in its cell (no shared string of its own);
- the rows are adopted only when the report's charges are, one by one, the very charges
  the child was given (a duplicate copy of a bill set aside before the rules changes
  them), and the masker and limits are the same; otherwise, or when the child fails,
  the sheet is written here as usual. The outcome is the same either way.
"""

from __future__ import annotations

import io
import os
import pickle
from dataclasses import dataclass
from pathlib import Path

import xlsxwriter

from auditor.alongside import Alongside
from auditor.model import Charge, ReadResult
from auditor.writers.cells import PLAIN, Styles
from auditor.writers.listings import CHARGE_COLUMNS, charge_listing
from auditor.writers.safe import Masker
from auditor.writers.sheet import SheetLimits, SheetWriter
from auditor.writers.xmlsheet import XmlCells, XmlSheet

#: Charges from which the sheet is worth a child of its own (a fork and a second
#: workbook's set-up cost some milliseconds; a company month has a few thousand).
PRESTAGE_AT = 50_000


class _FormatsOnly:
    """What :class:`XmlCells` asks of a sheet, for registering formats alone."""

    write_string = None
    shared_strings = False


def register_formats(styles: Styles) -> None:
    """Give the Charges sheet's data cells' formats their indices, first and always in
    this order: each column's, in the four forms a text's flags ask."""
    sheet = _FormatsOnly()
    for col, column in enumerate(CHARGE_COLUMNS):
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
    """The Charges sheet being staged by a child: what it was given, and the child."""

    charges: list[Charge]
    mask: Masker
    limits: SheetLimits
    child: Alongside

    def parts(self, charges: list[Charge], mask: Masker, limits: SheetLimits):
        """The staged sheets, when they are those of ``charges`` written with ``mask``
        and ``limits``; else None (and the child is ended)."""
        same = (
            len(charges) == len(self.charges)
            and all(a is b for a, b in zip(charges, self.charges, strict=True))
            and mask == self.mask
            and limits == self.limits
        )
        if not same:
            self.child.close()
            return None
        data = self.child.received()
        return None if data is None else pickle.loads(data)

    def close(self) -> None:
        """End the child if it still runs."""
        self.child.close()


def prestage(
    results: list[ReadResult], mask: Masker, folder: str, limits: SheetLimits | None = None
) -> Prestaged | None:
    """Start staging the Charges sheet of ``results`` in a child, into ``folder`` (which
    the caller removes); None when there are too few charges to be worth it, or no fork."""
    charges = [charge for result in results if not result.error for charge in result.charges]
    if len(charges) < PRESTAGE_AT or not hasattr(os, "fork"):
        return None
    limits = limits or SheetLimits()
    child = Alongside(lambda: pickle.dumps(_stage(charges, mask, limits, folder)))
    return Prestaged(charges, mask, limits, child)


def _stage(
    charges: list[Charge], mask: Masker, limits: SheetLimits, folder: str
) -> list[StagedPart]:
    """In the child: the data rows of the Charges sheets of ``charges``, as
    :func:`~auditor.writers.sheet.write_listing` writes them, each sheet's in a file of
    ``folder`` (texts in their cells: this process's shared strings are not the
    workbook's)."""
    book = xlsxwriter.Workbook(io.BytesIO(), {"tmpdir": folder})
    styles = Styles(book)
    register_formats(styles)
    listing = charge_listing(charges)
    parts = []
    per_sheet = limits.rows - 1
    for part, name in enumerate(listing.sheet_names(limits)):
        sheet = book.add_worksheet(name, XmlSheet)
        sheet.shared_strings = False
        sheet.staging_path = str(Path(folder) / f"part-{part}.xml")
        w = SheetWriter(sheet, mask, styles)
        span = range(part * per_sheet, min((part + 1) * per_sheet, len(listing.rows)))
        last = w.table(listing.columns, listing.rows, fills=listing.fills, span=span)
        w.finish()
        parts.append(StagedPart(sheet.staging_path, sheet.staged(), last, w.widths()))
    return parts
