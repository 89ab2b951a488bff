"""An Excel workbook's sheets as rows, within limits on what the file unpacks to.

Why each check stands where it does: openpyxl builds a Python object for every XML
element it parses (a cell, a style, a shared string, a merged range), at about ten to a
hundred times the element's bytes, and it pads every row out to the sheet's widest
column. So, in this order:

1. the package: a valid ZIP holding a workbook whose parts together declare no more
   than ``--max-unpacked-size`` (refused before anything is unpacked; zipfile never
   unpacks a part beyond its declared size);
2. every part (sheets, the string table, styles, the workbook, properties; under any
   name) is unpacked in chunks and its elements counted against ``--max-cells``, and
   the sheets the workbook lists against ``--max-sheets``, before openpyxl parses any
   (:mod:`auditor.readers.package_scan`);
3. each sheet read by the cells it holds: no row is padded to the sheet's dimension,
   columns empty in every row are left out, a run of missing rows is one blank row.
"""

from __future__ import annotations

import io
import warnings
import zipfile
from collections.abc import Iterator
from pathlib import Path

from auditor.errors import ErrorCode, InputError
from auditor.readers.base import CellRow, ReadOptions
from auditor.readers.package_scan import count_elements, not_xlsx
from auditor.readers.sheet_cells import cell_text, check_unpacked, laid_out


def open_package(path: Path, data: bytes, options: ReadOptions) -> zipfile.ZipFile:
    """The XLSX package, open (the caller closes it), once it is one: refuse a file that
    is not an XLSX package, or whose parts declare more unpacked bytes than the limit;
    nothing is unpacked before this passes. Opened once, for these checks, the element
    count and the list of sheets."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    # zipfile raises NotImplementedError/RuntimeError for entries it cannot unpack
    # (an unknown version or compression, encryption): still not an XLSX we can read.
    except (zipfile.BadZipFile, ValueError, OSError, NotImplementedError, RuntimeError):
        raise InputError(str(path), not_xlsx(), code=ErrorCode.UNREADABLE) from None
    infos = archive.infolist()
    names = {info.filename for info in infos}
    try:
        if "xl/workbook.xml" not in names and "[Content_Types].xml" not in names:
            raise InputError(
                str(path),
                not_xlsx("ZIP 包里没有工作簿", "a ZIP without a workbook"),
                code=ErrorCode.UNREADABLE,
            )
        check_unpacked(path, infos, options)
    except InputError:
        archive.close()
        raise
    return archive


def workbook_sheets(
    path: Path, data: bytes, options: ReadOptions, *, fast: bool = True
) -> Iterator[tuple[str, list[CellRow]]]:
    """Each sheet's name and rows, in workbook order, one sheet at a time: by
    python-calamine when it reads the workbook as openpyxl does (``fast``; see
    :mod:`auditor.readers.calamine_book`), else by openpyxl.

    Raises :class:`InputError` for a package over a limit; openpyxl's own errors for a
    broken one pass through (the caller names the file).
    """
    from auditor.readers.calamine_book import Unsure, xlsx_sheets

    read = None
    with open_package(path, data, options) as archive:
        scan = count_elements(path, archive, options, data)
        if fast:
            try:
                read = xlsx_sheets(path, data, options, scan, archive)
            except Unsure:
                pass
    if read is not None:
        yield from read
        return
    import openpyxl  # imported here: a run whose workbooks calamine reads never pays for it

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about styles it ignores
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        sheets = book.worksheets
        for sheet in sheets:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                rows = sheet_rows(book, sheet, path, options)
            yield sheet.title, rows
    finally:
        book.close()


def sheet_rows(book, sheet, path: Path, options: ReadOptions) -> list[CellRow]:
    """One sheet's rows from the cells it stores (see the module docstring)."""
    # openpyxl's worksheet parser, used directly: its read-only iter_rows pads every
    # row to the widest column, and a sheet using columns A and XFD would become
    # 16,384 cells a row.
    stored: list[tuple[int, dict[int, str], int]] = []  # row number, texts by column, indent
    used: set[int] = set()
    with sheet._get_source() as source:
        parser = _parser()(
            source,
            sheet._shared_strings,
            data_only=True,
            epoch=book.epoch,
            date_formats=book._date_formats,
            timedelta_formats=book._timedelta_formats,
        )
        for number, cells in parser.parse():
            texts: dict[int, str] = {}
            indent = None
            for cell in sorted(cells, key=lambda c: c["column"]):
                text = cell_text(cell["value"])
                if not text:
                    continue
                texts[cell["column"]] = text
                if indent is None and text.strip():
                    indent = _indent(book, cell["style_id"])
            used.update(texts)
            stored.append((number, texts, indent or 0))
        merges = _merges(parser.merged_cells)  # the sheet's mergeCells follow its rows
    return laid_out(stored, used, sheet.title, path, options, merges)


def _parser():
    """openpyxl's worksheet parser, reading a formula saved without its value as its
    formula (``=20+9``), not as an empty cell: an amount so left is a row unread, never
    0.00 (its ``data_only`` parser gives each other cell its saved value)."""
    from openpyxl.worksheet._reader import FORMULA_TAG, WorkSheetParser

    class ValuelessFormulas(WorkSheetParser):
        def parse_cell(self, element):
            cell = super().parse_cell(element)
            if cell["value"] is None and (formula := element.find(FORMULA_TAG)) is not None:
                cell["value"] = "=" + (formula.text or "…")
            return cell

    return ValuelessFormulas


def _merges(merged) -> list[tuple[int, int, int, int]]:
    """The merged ranges openpyxl's parser read (``None``: none), as
    :data:`~auditor.readers.sheet_cells.Merge` tuples; a reference it cannot read, none."""
    from openpyxl.utils.cell import range_boundaries

    found = []
    for each in getattr(merged, "mergeCell", None) or ():
        try:
            first_column, first_row, last_column, last_row = range_boundaries(each.ref)
        except (TypeError, ValueError):
            continue
        if None not in (first_column, first_row, last_column, last_row):
            found.append((first_row, first_column, last_row, last_column))
    return found


def _indent(book, style_id: int) -> int:
    """A cell's alignment indent (0 when its style says none, or does not exist)."""
    try:
        style = book._cell_styles[style_id]
        return int(book._alignments[style.alignmentId].indent or 0)
    except (IndexError, KeyError, AttributeError, TypeError, ValueError):
        return 0
