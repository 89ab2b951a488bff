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
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path

from auditor import where
from auditor.errors import InputError
from auditor.lang import say
from auditor.readers.base import CellRow, MiB, ReadOptions
from auditor.readers.package_scan import count_elements, not_xlsx


def cell_text(value: object) -> str:
    """An XLSX cell's value as the text a CSV export would show.

    Floats go through their shortest decimal form (``repr``), never through arithmetic,
    so money stays exact; a whole number stored as a float (a phone number
    ``13800001234.0``) loses its ``.0``.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return str(value)
        if value.is_integer():
            return str(int(value))
        return format(Decimal(repr(value)), "f")
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


def check_unpacked(path: Path, infos: list[zipfile.ZipInfo], options: ReadOptions) -> None:
    """Refuse a package (XLSX, ODS) whose parts declare more unpacked bytes than the
    limit, before anything is unpacked."""
    unpacked = sum(info.file_size for info in infos)
    if unpacked > options.max_unpacked_bytes:
        raise InputError(
            str(path),
            say(
                f"解压后有 {unpacked / MiB:.1f} MiB，超过解压数据 "
                f"{options.max_unpacked_bytes / MiB:.0f} MiB 的上限"
                "（解压前已拒绝；可用 --max-unpacked-size 调高）",
                f"unpacks to {unpacked / MiB:.1f} MiB, over the "
                f"{options.max_unpacked_bytes / MiB:.0f} MiB limit for unpacked data "
                "(refused before unpacking; raise it with --max-unpacked-size)",
            ),
        )


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
        raise InputError(str(path), not_xlsx()) from None
    infos = archive.infolist()
    names = {info.filename for info in infos}
    try:
        if "xl/workbook.xml" not in names and "[Content_Types].xml" not in names:
            raise InputError(str(path), not_xlsx("ZIP 包里没有工作簿", "a ZIP without a workbook"))
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
    from openpyxl.worksheet._reader import WorkSheetParser

    stored: list[tuple[int, dict[int, str], int]] = []  # row number, texts by column, indent
    used: set[int] = set()
    with sheet._get_source() as source:
        parser = WorkSheetParser(
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
    return laid_out(stored, used, sheet.title, path, options)


def laid_out(
    stored: list[tuple[int, dict[int, str], int]],
    used: set[int],
    title: str,
    path: Path,
    options: ReadOptions,
) -> list[CellRow]:
    """The stored rows (row number, texts by column, indent) as
    :class:`~auditor.readers.base.CellRow` objects over the columns some row uses."""
    position = {column: index for index, column in enumerate(sorted(used))}
    laid_out = sum(position[max(texts)] + 1 for _, texts, _ in stored if texts)
    if laid_out > options.max_cells:
        raise InputError(
            str(path),
            say(
                f"按行列排开，这个工作表有 {laid_out:,} 个单元格，超过单个文件 "
                f"{options.max_cells:,} 个的上限（可用 --max-cells 调高）",
                f"laid out in rows and columns, the sheet holds {laid_out:,} cells, over the "
                f"{options.max_cells:,} limit for one file (raise it with --max-cells)",
            ),
            where.sheet(title),
        )
    rows: list[CellRow] = []
    previous = 0
    sheet = where.sheet(title)
    for number, texts, indent in stored:
        if number > previous + 1:  # rows the sheet does not store: blank, counted once
            rows.append(CellRow([], where.within(sheet, where.row(previous + 1))))
        cells = [""] * (position[max(texts)] + 1) if texts else []
        for column, text in texts.items():
            cells[position[column]] = text
        rows.append(CellRow(cells, where.within(sheet, where.row(number)), indent))
        previous = number
    return rows


def _indent(book, style_id: int) -> int:
    """A cell's alignment indent (0 when its style says none, or does not exist)."""
    try:
        style = book._cell_styles[style_id]
        return int(book._alignments[style.alignmentId].indent or 0)
    except (IndexError, KeyError, AttributeError, TypeError, ValueError):
        return 0
