"""Workbooks read by python-calamine (Rust): XLSX when it gives what openpyxl gives, and
the formats openpyxl does not read at all, the old Excel ``.xls`` and OpenDocument ``.ods``.

Why calamine: openpyxl builds a Python object for every element of the package and
takes about 3 ms for a one-sheet bill; calamine reads the same sheet in about 0.1 ms.
What the XLSX reader relies on stays openpyxl's wherever calamine could read otherwise,
decided from what the element count (:func:`~auditor.readers.package_scan.count_elements`)
saw of every part before anything is parsed: an alignment indent (a statement item's
level, which calamine does not give), a date or time format (the two may disagree on
which number is a date), an error cell, an ``_xHHHH_`` escape, a phonetic run, a cell
or row without its reference, a sheet that is not a worksheet. The rows each sheet
stores come from that scan too, so that a run of rows the sheet does not store is one
blank row, as openpyxl reads it (calamine gives a grid). Merged cells read the same way
in both: the value in the first cell, the others empty. Formulas: both give the value
Excel saved. ``tests/test_fast_paths.py`` reads every workbook both ways.
"""

from __future__ import annotations

import io
import math
import posixpath
import zipfile
from collections.abc import Iterator
from datetime import date, time, timedelta
from pathlib import Path
from xml.etree import ElementTree

from auditor import where
from auditor.errors import ErrorCode, InputError
from auditor.lang import say
from auditor.readers.base import CellBudget, CellRow, ReadOptions
from auditor.readers.package_scan import KEPT_PARTS, PackageScan
from auditor.readers.sheet_cells import cell_text, check_unpacked, laid_out

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_DOC_RELS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_WORKSHEET = "/worksheet"
# The largest whole number a float holds exactly: openpyxl reads a longer one as an int.
_EXACT = 2**53


class Unsure(Exception):
    """calamine may not read this workbook as openpyxl does: read it with openpyxl."""


def xlsx_sheets(
    path: Path, data: bytes, options: ReadOptions, scan: PackageScan, archive: zipfile.ZipFile
) -> list[tuple[str, list[CellRow]]]:
    """Each sheet's name and rows, as :func:`~auditor.readers.workbook.sheet_rows` reads
    them; :class:`Unsure` when calamine might read the workbook otherwise. ``archive`` is
    the package ``data`` open, ``scan`` what the element count saw of it."""
    if not scan.plain:
        raise Unsure
    parts = _worksheet_parts(archive, scan.kept)
    book = _open(data)
    try:
        if book.sheet_names != [name for name, _ in parts]:
            raise Unsure
        sheets = []
        for name, part in parts:
            numbers = scan.rows.get(part)
            if numbers is None or numbers != sorted(set(numbers)):
                raise Unsure
            # calamine's grid is dense: a sheet using A1 and XFD20000 is 300 million cells
            # there, and a few thousand as openpyxl reads it.
            if numbers and numbers[-1] * scan.columns.get(part, 0) > options.max_cells:
                raise Unsure
            sheets.append((name, _sheet_rows(book, name, numbers, path, options)))
        return sheets
    finally:
        book.close()


def _open(data: bytes):
    import python_calamine  # imported here: a run without workbooks never pays for it

    try:
        return python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception:  # whatever calamine finds wrong, openpyxl says in its own words
        raise Unsure from None


# The sheets of workbooks already read, by the bytes of the three parts that say where
# they are (None: Unsure): a portal's workbooks share those parts byte for byte, and
# parsing them is most of the work here. Bounded, as the element count's small parts.
_PARTS_SEEN: dict[tuple[bytes, ...], list[tuple[str, str]] | None] = {}
_PARTS_SEEN_MAX = 32


def _worksheet_parts(archive: zipfile.ZipFile, kept: dict[str, bytes]) -> list[tuple[str, str]]:
    """The workbook's sheets in order, each with its part; :class:`Unsure` for a sheet
    that is not a worksheet or a workbook laid out otherwise than Excel lays it out.
    The parts needed are taken from those the element count ``kept``, else unpacked."""
    if len(kept) < len(KEPT_PARTS):
        return _parse_worksheet_parts(archive, kept)
    key = tuple(kept[name] for name in KEPT_PARTS)
    if key not in _PARTS_SEEN:
        try:
            parts = _parse_worksheet_parts(archive, kept)
        except Unsure:
            parts = None
        if len(_PARTS_SEEN) >= _PARTS_SEEN_MAX:
            _PARTS_SEEN.clear()
        _PARTS_SEEN[key] = parts
    parts = _PARTS_SEEN[key]
    if parts is None:
        raise Unsure
    return list(parts)


def _parse_worksheet_parts(
    archive: zipfile.ZipFile, kept: dict[str, bytes]
) -> list[tuple[str, str]]:
    """:func:`_worksheet_parts`, parsed."""

    def part(name: str) -> bytes:
        return kept[name] if name in kept else archive.read(name)

    try:
        # openpyxl finds the workbook through the content types: both must be there.
        if b'"/xl/workbook.xml"' not in part("[Content_Types].xml"):
            raise Unsure
        workbook = ElementTree.fromstring(part("xl/workbook.xml"))
        rels = ElementTree.fromstring(part("xl/_rels/workbook.xml.rels"))
    except Exception:
        raise Unsure from None
    targets = {
        rel.get("Id"): (rel.get("Type") or "", rel.get("Target") or "")
        for rel in rels.iter(f"{_RELS}Relationship")
    }
    parts = []
    for sheet in workbook.iter(f"{_MAIN}sheet"):
        kind, target = targets.get(sheet.get(f"{_DOC_RELS}id"), ("", ""))
        if not kind.endswith(_WORKSHEET) or not target:
            raise Unsure
        part = target[1:] if target.startswith("/") else posixpath.join("xl", target)
        parts.append((sheet.get("name") or "", posixpath.normpath(part)))
    return parts


def _sheet_rows(
    book, name: str, numbers: list[int], path: Path, options: ReadOptions
) -> list[CellRow]:
    """The sheet's rows: the rows it stores (``numbers``), each with its cells' texts."""
    try:
        sheet = book.get_sheet_by_name(name)
        grid = sheet.to_python(skip_empty_area=False)
        merges = _merges(sheet)
    except Exception:
        raise Unsure from None
    stored: list[tuple[int, dict[int, str], int]] = []
    used: set[int] = set()
    for number in numbers:
        values = grid[number - 1] if number <= len(grid) else []
        texts = _texts(values)
        used.update(texts)
        stored.append((number, texts, 0))
    # A cell standing in a row the sheet does not list: the XML is not what it seems.
    # (The listed rows' cells were read just above: only the others are looked at.)
    listed = set(numbers)
    for number, values in enumerate(grid, start=1):
        if number not in listed and any(_text(value) for value in values):
            raise Unsure
    return laid_out(stored, used, name, path, options, merges)


def _merges(sheet) -> list[tuple[int, int, int, int]]:
    """The sheet's merged ranges as :data:`~auditor.readers.sheet_cells.Merge` tuples
    (calamine counts rows and columns from 0; a format it keeps none of: none)."""
    try:
        ranges = getattr(sheet, "merged_cell_ranges", None) or ()
    except Exception:  # a format calamine keeps no merges of says so its own way
        return []
    return [(r0 + 1, c0 + 1, r1 + 1, c1 + 1) for (r0, c0), (r1, c1) in ranges]


def _texts(values: list) -> dict[int, str]:
    """A row's non-empty texts by column (1 for A)."""
    texts = {}
    for column, value in enumerate(values, start=1):
        # (most values are text, which _text gives as it is)
        text = value if type(value) is str else _text(value)
        if text:
            texts[column] = text
    return texts


def _text(value) -> str:
    """A calamine value as :func:`~auditor.readers.sheet_cells.cell_text` gives openpyxl's."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return cell_text(value)
    if isinstance(value, float) and (not math.isfinite(value) or abs(value) >= _EXACT):
        raise Unsure
    if isinstance(value, int) and abs(value) >= _EXACT:
        raise Unsure
    if isinstance(value, date | time | timedelta):
        raise Unsure  # openpyxl decides dates by the cell's format: let it
    return cell_text(value)


# ---------------------------------------------------------------------- .xls and .ods


def other_sheets(
    path: Path, data: bytes, options: ReadOptions, what: str
) -> Iterator[tuple[str, list[CellRow]]]:
    """Each sheet's name and rows of an ``.xls`` or ``.ods`` workbook (``what`` names the
    format in errors), within the limits: an ``.ods`` package's unpacked size and
    elements before it is parsed (see :func:`check_ods`), every workbook's sheet count
    before a sheet is loaded, and each sheet's cells as it is laid out."""
    import python_calamine

    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as exc:
        raise InputError(str(path), _not_valid(what, exc), code=ErrorCode.UNREADABLE) from None
    try:
        names = book.sheet_names
        if len(names) > options.max_sheets:
            raise InputError(
                str(path),
                say(
                    f"工作簿列出了 {len(names):,} 个工作表，超过 {options.max_sheets:,} 个的上限"
                    "（可用 --max-sheets 调高）",
                    f"the workbook lists {len(names):,} sheets, over the "
                    f"{options.max_sheets:,}-sheet limit (raise it with --max-sheets)",
                ),
                code=ErrorCode.OVER_LIMIT,
            )
        budget = CellBudget(path, options)
        for name in names:
            try:
                sheet = book.get_sheet_by_name(name)
                budget.spend(sheet.height * sheet.width, where.sheet(name))
                grid = sheet.to_python(skip_empty_area=False)
                merges = _merges(sheet)
            except InputError:
                raise
            except Exception as exc:
                raise InputError(
                    str(path), _not_valid(what, exc), where.sheet(name), code=ErrorCode.UNREADABLE
                ) from None
            stored = []
            used: set[int] = set()
            for number, values in enumerate(grid, start=1):
                texts = {}
                for index, value in enumerate(values):
                    text = cell_text(value)
                    if text:
                        texts[index + 1] = text
                if texts:  # a grid has no unstored rows: an empty one is a blank row
                    used.update(texts)
                stored.append((number, texts, 0))
            yield name, laid_out(stored, used, name, path, options, merges)
    finally:
        book.close()


def _not_valid(what: str, exc: Exception) -> str:
    """A workbook of format ``what`` (``Excel .xls``) that its parser refused."""
    return say(
        f"不是有效的 {what} 文件（{type(exc).__name__}）",
        f"not a valid {what} file ({type(exc).__name__})",
    )


def check_ods(path: Path, data: bytes, options: ReadOptions) -> None:
    """Refuse an ``.ods`` that is not an OpenDocument package, or whose parts declare more
    unpacked bytes than the limit, or hold more XML elements than ``--max-cells``:
    before calamine parses anything."""
    from auditor.readers.package_scan import count_elements

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError, NotImplementedError, RuntimeError):
        raise InputError(
            str(path),
            say("不是有效的 OpenDocument .ods 文件", "not a valid OpenDocument .ods file"),
            code=ErrorCode.UNREADABLE,
        ) from None
    with archive:
        infos = archive.infolist()
        if "content.xml" not in {info.filename for info in infos}:
            raise InputError(
                str(path),
                say(
                    "不是有效的 OpenDocument .ods 文件（没有 content.xml）",
                    "not a valid OpenDocument .ods file (no content.xml)",
                ),
                code=ErrorCode.UNREADABLE,
            )
        check_unpacked(path, infos, options)
        count_elements(path, archive, options, data)
