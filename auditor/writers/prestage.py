"""The Charges, Services and Inputs sheets written by a forked child while the audit runs.

The list sheets of everything read are most of a large report's writing: the Charges
sheet of a 200,000-row bill is 3 s of 4; a company month's Charges, Services and Inputs
sheets (12,000 rows) are two thirds of its workbook. They depend on nothing the rules
find: only on what was read and the masker, both known once the inputs are read. So a
child forked then stages their rows as XML (as
:func:`~auditor.writers.sheet.write_listing` would) on the machine's other core while
this process stores the history and runs the rules, and deflates them as the package
will hold them (:mod:`auditor.writers.package`); the workbook then adopts them.

What makes the child's rows this workbook's:

- the formats the sheets' cells name by index (``s="7"``) are given their indices
  first, in one order, in the child's workbook and in this one
  (:func:`register_formats`), in every shade a sheet's rows may have;
- the child keeps each text in its cell (no shared string of its own);
- a sheet's rows are adopted only when the sheet is made of what the report's is made
  of: the very same charges and services, one by one (a duplicate copy of a bill set
  aside before the rules changes them); the same rows of the Inputs sheet (the audit
  may add a warning to a file); and the masker and limits are the same. Otherwise, or
  when the child fails, the sheet is written here as usual. The outcome is the same
  either way.
"""

from __future__ import annotations

import io
import operator
import os
import pickle
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import xlsxwriter

from auditor.alongside import Alongside
from auditor.audit_report import AuditReport
from auditor.inputs import charges_read, services_read
from auditor.lang import Text
from auditor.model import ReadResult
from auditor.month_audited import audit_month, warn_older_bills, warn_unfinished_bills
from auditor.sheets import CHARGES, INPUTS, SERVICES
from auditor.writers.cells import PLAIN, Styles
from auditor.writers.listings import (
    CHARGE_COLUMNS,
    INPUT_COLUMNS,
    INPUT_FILLS,
    SERVICE_COLUMNS,
    charge_listing,
    input_listing,
    input_rows,
    service_listing,
)
from auditor.writers.package import Deflated, deflate_file
from auditor.writers.safe import Masker
from auditor.writers.sheet import Column, Listing, SheetLimits, SheetWriter
from auditor.writers.xmlsheet import XmlCells, XmlSheet

#: Rows (charges, services, inputs) from which staging is worth a child (a fork and a second
#: workbook's set-up cost some milliseconds, a row some microseconds).
PRESTAGE_AT = 5_000


@dataclass(frozen=True)
class _Stageable:
    """A list sheet the child may stage: its name, columns and the shades its rows may
    have; what it is made of (its basis: records, or rows when the audit may add to what
    a record shows), from what was read (before the audit) and from the report (after:
    from the report's listing of the sheet when given); the listing of a basis; whether
    two bases are the same; and whether the basis read is made by the child (and sent
    back with its sheets) rather than here."""

    name: Text
    columns: list[Column]
    fills: tuple[str, ...]
    read: Callable[[list[ReadResult]], list]
    reported: Callable[[AuditReport, Listing | None], list]
    listing: Callable[[list], Listing]
    same: Callable[[list, list], bool]
    made_there: bool = False

    @property
    def key(self) -> str:
        """The sheet's English name (:attr:`Listing.key`)."""
        return self.name.en


def _same_records(theirs: list, ours: list) -> bool:
    """The very same records, one by one (what a row shows of one cannot change)."""
    return len(theirs) == len(ours) and all(a is b for a, b in zip(theirs, ours, strict=True))


def _input_rows(report: AuditReport, listing: Listing | None) -> list:
    """The report's Inputs rows: its listing's, or made (:func:`input_rows`)."""
    if listing is None:
        return input_rows(report.inputs)
    return list(zip(listing.rows, listing.fills, strict=True))


STAGEABLE = (
    _Stageable(
        CHARGES, CHARGE_COLUMNS, (), charges_read, lambda report, _: report.charges,
        charge_listing, _same_records,
    ),
    _Stageable(
        SERVICES, SERVICE_COLUMNS, (), services_read, lambda report, _: report.services,
        service_listing, _same_records,
    ),
    # Its rows (8 ms for 2,000 files) are made by the child, not here before the audit.
    _Stageable(
        INPUTS, INPUT_COLUMNS, INPUT_FILLS, input_rows, _input_rows, input_listing,
        operator.eq, made_there=True,
    ),
)  # fmt: skip


#: The lists the child stages, by English name.
_STAGED = frozenset(stageable.key for stageable in STAGEABLE)


class _FormatsOnly:
    """What :class:`XmlCells` asks of a sheet, for registering formats alone."""

    write_string = None
    shared_strings = False


def register_formats(styles: Styles) -> None:
    """Give the staged sheets' data cells' formats their indices, first and always in
    this order: each column's of each sheet, plain and in each shade its rows may have,
    in the four forms a text's flags ask."""
    sheet = _FormatsOnly()
    for stageable in STAGEABLE:
        looks = [PLAIN, *(styles.fill(colour) for colour in stageable.fills)]
        for col, column in enumerate(stageable.columns):
            cells = XmlCells(sheet, col, column.kind, None, styles, column.width, [1])
            cells.align = column.align
            for look in looks:
                cells._attrs_for(look)


@dataclass
class StagedPart:
    """One sheet of a listing whose data rows another process staged as XML: the rows,
    deflated; the sheet's extent and first staged row (:meth:`XmlSheet.staged`), its
    last row (1-based) and the width its columns' cells need."""

    rows: Deflated
    extent: tuple[int | None, ...]
    last: int
    widths: dict[int, int]


@dataclass
class Prestaged:
    """The sheets being staged by a child: what each was made of (its basis, by the
    sheet's English name; those the child makes come with its sheets), the masker and
    limits, and the child."""

    bases: dict[str, list]
    mask: Masker
    limits: SheetLimits
    child: Alongside
    #: The child's staged sheets once received (by name); empty when none is adopted.
    _staged: dict[str, list[StagedPart]] | None = None

    def parts(
        self,
        report: AuditReport,
        name: str,
        mask: Masker,
        limits: SheetLimits,
        listings: list[Listing] | None = None,
    ):
        """The staged sheets of the list ``name``, when it is made of what the report's
        is made of and written with ``mask`` and ``limits``; else None (written there).
        The first time it is asked, each list is compared (with the report's
        ``listings``, when given, rather than made again); under another masker or
        limits, the child is ended at once. A list the child does not stage is None at
        once, without waiting for the child: the sheets before the first staged one are
        written while it works."""
        if name not in _STAGED:
            return None
        if self._staged is None:
            self._staged = self._adopted(report, mask, limits, listings or [])
        return self._staged.get(name)

    def _adopted(
        self, report: AuditReport, mask: Masker, limits: SheetLimits, listings: list[Listing]
    ) -> dict[str, list[StagedPart]]:
        if mask != self.mask or limits != self.limits:
            self.child.close()
            return {}
        data = self.child.received()
        if data is None:
            return {}
        staged, made = pickle.loads(data)
        bases = {**self.bases, **made}
        listed = {listing.key: listing for listing in listings}
        same = {
            stageable.key
            for stageable in STAGEABLE
            if stageable.same(
                bases[stageable.key], stageable.reported(report, listed.get(stageable.key))
            )
        }
        return {name: parts for name, parts in staged.items() if name in same}

    def close(self) -> None:
        """End the child if it still runs."""
        self.child.close()


def worth_staging(results: list[ReadResult]) -> bool:
    """Whether the rows the child would stage (a charge, a service, an input each) are
    :data:`PRESTAGE_AT` or more, and this system can fork."""
    read = [result for result in results if result.readable]
    rows = len(results) + sum(len(r.charges) + len(r.services) for r in read)
    return rows >= PRESTAGE_AT and hasattr(os, "fork")


def prestage(
    results: list[ReadResult],
    mask: Masker,
    folder: str,
    limits: SheetLimits | None = None,
    as_of: date | None = None,
) -> Prestaged | None:
    """Start staging the Charges, Services and Inputs sheets of ``results`` in a child,
    into ``folder`` (which the caller removes); None when there are too few rows to be
    worth it, or no fork. ``as_of``: the audit's date, when the Inputs rows are to carry
    the warnings the audit will give the files (:func:`_as_audited`)."""
    if not worth_staging(results):
        return None
    bases = {s.key: s.read(results) for s in STAGEABLE if not s.made_there}
    limits = limits or SheetLimits()

    def work() -> bytes:
        if as_of is not None:
            _as_audited(results, as_of)
        return pickle.dumps(_stage(results, bases, mask, limits, folder))

    child = Alongside(work)
    return Prestaged(bases, mask, limits, child)


def _as_audited(results: list[ReadResult], as_of: date) -> None:
    """In the child, on its own copy of ``results``: the warnings the audit gives the
    inputs from what they hold alone (a line billed only in an older month than the one
    audited, a month not over on ``as_of``), as :func:`auditor.pipeline.audit_results`
    gives them. A company month's older bills are hundreds of rows the audit warns of:
    without them, the Inputs staged were never the report's, and were written again.
    When the history makes the audit warn otherwise, the rows differ and the sheet is
    written there, as before."""
    readable = [result for result in results if result.readable]
    warn_older_bills(readable, audit_month(readable, as_of))
    warn_unfinished_bills(readable, as_of)


def _stage(
    results: list[ReadResult],
    bases: dict[str, list],
    mask: Masker,
    limits: SheetLimits,
    folder: str,
) -> tuple[dict[str, list[StagedPart]], dict[str, list]]:
    """In the child: the data rows of the sheets of each list's basis (``bases``, and
    those made here of ``results``), as :func:`~auditor.writers.sheet.write_listing`
    writes them, each sheet's in a file of ``folder`` (texts in their cells: this
    process's shared strings are not the workbook's); and the bases made here."""
    made = {s.key: s.read(results) for s in STAGEABLE if s.made_there}
    bases = {**bases, **made}
    book = xlsxwriter.Workbook(io.BytesIO(), {"tmpdir": folder})
    styles = Styles(book)
    register_formats(styles)
    per_sheet = limits.rows - 1
    staged: dict[str, list[StagedPart]] = {}
    for stageable in STAGEABLE:
        listing = stageable.listing(bases[stageable.key])
        if not listing.rows:  # a header alone: nothing to stage, written there as it is
            continue
        parts = staged[stageable.key] = []
        for part, name in enumerate(listing.sheet_names(limits)):
            sheet = book.add_worksheet(name, XmlSheet)
            sheet.shared_strings = False
            sheet.staging_path = str(Path(folder) / f"{stageable.key}-{part}.xml")
            w = SheetWriter(sheet, mask, styles)
            span = range(part * per_sheet, min((part + 1) * per_sheet, len(listing.rows)))
            last = w.table(listing.columns, listing.rows, fills=listing.fills, span=span)
            w.finish()
            extent = sheet.staged()
            # Deflated here, as the package will hold them: most of the zipping is done.
            rows = deflate_file(sheet.staging_path, f"{sheet.staging_path}.deflated")
            os.remove(sheet.staging_path)
            parts.append(StagedPart(rows, extent, last, w.widths()))
    return staged, made
