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
   the sheets the workbook lists against ``--max-sheets``, before openpyxl parses any;
3. each sheet read by the cells it holds: no row is padded to the sheet's dimension,
   columns empty in every row are left out, a run of missing rows is one blank row.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from xml.parsers import expat

from auditor import where
from auditor.errors import InputError
from auditor.lang import Text, say
from auditor.readers.base import CellBudget, CellRow, MiB, ReadOptions

_CHUNK = MiB
# A sheet listed in the workbook part (a namespace prefix allowed); and enough bytes of
# one chunk carried into the next for such a tag cut between them to be seen whole.
_SHEET_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,32}:)?sheet[\s/>]")
_CARRY = 4096
# What a sheet part says of its rows (each row's number), and what openpyxl reads in a
# way python-calamine may not (see auditor.readers.calamine_book): an alignment indent,
# an _xHHHH_ escape, an error cell, a phonetic run. A tag longer than the carry is
# seen as a row start without its row: the scan then says nothing of that part.
_ROW_START = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,32}:)?row[\s/>]")
_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,32}:)?row(?=[\s/>])([^<>]*)>")
_ROW_NUMBER = re.compile(rb"""(?:^|\s)r\s*=\s*["'](\d{1,7})["']""")
# Each with a literal every match holds, searched for first (a byte search in C): most
# parts hold none, and one pattern of alternatives would be tried at every byte.
_NUMBER_ENDS = rb"(?!-?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?</)"
_NO_REFERENCE = rb"(?=[\s/>])(?![^<>]*\sr\s*=)"
_NOT_PLAIN = [
    (literal, re.compile(pattern))
    for literal, pattern in (
        (b"indent", rb"""indent\s*=\s*["']\s*0*[1-9]"""),
        (b"_x", rb"_x[0-9A-Fa-f]{4}_"),
        (b"t", rb"""t(?<=\st)\s*=\s*["'][ed]["']"""),  # an error cell, an ISO date cell
        (b"rPh", rb"rPh(?<=[<:]rPh)[\s>]"),  # a phonetic run
        (b"<c", rb"<c" + _NO_REFERENCE),  # a cell without its reference
        (b":c", rb":c" + _NO_REFERENCE),  # (the same with a namespace prefix)
        # a date or time format, built in or the workbook's own: openpyxl and calamine
        # may not agree on which format is a date
        (b"numFmtId", rb"""numFmtId\s*=\s*["'](?:1[4-9]|2[0-2]|2[7-9]|3[0-6]|4[5-7]|5[0-8])["']"""),
        (b"formatCode", rb"""formatCode\s*=\s*["'][^"']*[yYmMdDhHsSeEbBgG]"""),
        # a saved value that is not a plain number (a formula's text, "abc" where a
        # number should be, which openpyxl refuses): calamine may read it on
        (b"<v>", rb"<v>" + _NUMBER_ENDS),
        (b":v>", rb":v>" + _NUMBER_ENDS),
    )
]
# A cell's reference, for its column: calamine lays a sheet out as a dense grid.
_CELL_COLUMN = re.compile(rb"""r(?<=\sr)\s*=\s*["']([A-Za-z]{1,3})[0-9]""")
# The values a cell type's attribute has for an error or a date cell.
_ERROR_OR_DATE = (b'"e"', b"'e'", b'"d"', b"'d'")


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


def not_xlsx(zh: str = "", en: str | None = None) -> str:
    """Why a file is refused as an XLSX, with what was wrong (``zh`` and ``en``; one text
    for both when it is a technical name, an exception's class)."""
    en = zh if en is None else en
    return say(
        f"不是有效的 Excel .xlsx 文件{f'（{zh}）' if zh else ''}",
        f"not a valid Excel .xlsx file{f' ({en})' if en else ''}",
    )


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


@dataclass
class PackageScan:
    """What the element count saw on the way: each part's row numbers (``None`` for a
    part where a row's number could not be read), and whether any part holds what only
    openpyxl reads the way auditor expects (``plain`` False)."""

    rows: dict[str, list[int] | None] = field(default_factory=dict)
    #: Each part's widest column (1 for A) among its cells' references.
    columns: dict[str, int] = field(default_factory=dict)
    plain: bool = True
    #: The bytes of the small parts that say where the sheets are (:data:`KEPT_PARTS`),
    #: as unpacked for the count: calamine_book reads them without unpacking them again.
    kept: dict[str, bytes] = field(default_factory=dict)


#: The parts whose bytes :class:`PackageScan` keeps (when small): the content types, the
#: workbook and its relations.
KEPT_PARTS = ("[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels")


def count_elements(path: Path, archive: zipfile.ZipFile, options: ReadOptions) -> PackageScan:
    """Count the XML elements of every part of the package (checked by
    :func:`open_package`) as the parts unpack in chunks, and the sheets the workbook
    lists: :class:`InputError` once either passes its limit, or when a part cannot be
    unpacked (an unknown compression method, encryption). Returns what it saw of the rows."""
    elements = CellBudget(path, options, Text("个 XML 元素", "XML elements"))
    sheets = 0
    scan = PackageScan()
    # Every part, whatever its name: the package's content types, not its names,
    # tell openpyxl which part is the workbook or a sheet (an image's stray "<" bytes
    # only count a little against it).
    for info in archive.infolist():
        rows = _PartRows(info.filename)
        try:
            if 0 < info.file_size <= _SEEN_SIZE:  # one chunk: perhaps a part seen before
                data = archive.read(info)
                # (of two parts of one name, the one archive.read(name) reads)
                if info.filename in KEPT_PARTS and archive.getinfo(info.filename) is info:
                    scan.kept[info.filename] = data
                seen = _small_part(info.filename, data)
                elements.spend(seen.tags, info.filename)
                sheets += seen.sheets
                scan.plain = scan.plain and seen.plain
                scan.rows[info.filename] = None if seen.rows is None else list(seen.rows)
                scan.columns[info.filename] = seen.columns
                continue
            for carried, chunk in _chunks(archive, info):
                # A start tag is "<" not followed by "/" (an end), "?" or "!".
                tags = chunk.count(b"<") - chunk.count(b"</") - chunk.count(b"<?")
                elements.spend(tags - chunk.count(b"<!"), info.filename)
                window = carried + chunk  # a sheet tag may be cut between two chunks
                found = _SHEET_TAG.finditer(window)
                sheets += sum(1 for tag in found if tag.end() > len(carried))
                rows.scan(window, len(carried), scan)
        except InputError:
            raise
        except (NotImplementedError, RuntimeError):
            why = not_xlsx(
                "其中的部件以 auditor 无法解压的方式压缩，或已加密",
                "its part is compressed in a way auditor cannot unpack, or encrypted",
            )
            raise InputError(str(path), why, info.filename) from None
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError):
            raise InputError(
                str(path), not_xlsx("有一个部件已损坏", "a damaged part"), info.filename
            ) from None
        scan.rows[info.filename] = rows.result(scan)
        scan.columns[info.filename] = rows.columns
    # Before openpyxl loads the workbook: it opens every sheet it lists as it loads.
    if sheets > options.max_sheets:
        raise InputError(
            str(path),
            say(
                f"工作簿列出了 {sheets:,} 个工作表，超过 {options.max_sheets:,} 个的上限"
                "（可用 --max-sheets 调高）",
                f"the workbook lists {sheets:,} sheets, over the {options.max_sheets:,}-sheet "
                "limit (raise it with --max-sheets)",
            ),
        )
    return scan


def _column(letters: bytes) -> int:
    """The number of a column's letters (A is 1, XFD 16,384)."""
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number


def _not_plain(window: bytes) -> bool:
    """True when ``window`` holds something openpyxl and calamine may read differently."""
    for literal, pattern in _NOT_PLAIN:
        if literal == b"t":
            if not any(value in window for value in _ERROR_OR_DATE):
                continue
        elif literal not in window:
            continue
        if pattern.search(window):
            return True
    return False


class _PartRows:
    """A part's row numbers as its chunks go by, and the row start tags counted apart."""

    def __init__(self, name: str):
        self.numbers: list[int] = []
        self.columns = 0
        self.starts = 0
        self.readable = True
        # Whether the part is well-formed XML, found as it goes by (expat, in C, no
        # handlers: a small share of the unpacking): openpyxl refuses a part that is
        # not, where calamine's lenient parser may read on.
        self.xml = expat.ParserCreate() if name.endswith((".xml", ".rels")) else None

    def scan(self, window: bytes, carried: int, scan: PackageScan) -> None:
        """The rows whose tag ends in the new part of ``window`` (the starts that stand in
        it); ``scan`` marked not plain for what it finds there."""
        # A hit all inside the carried bytes was seen with the chunk before: no double count.
        if scan.plain and _not_plain(window):
            scan.plain = False
        self._parse(window[carried:], scan)
        if not self.readable or b"row" not in window:
            return
        self.starts += sum(1 for tag in _ROW_START.finditer(window) if tag.start() >= carried)
        for reference in _CELL_COLUMN.finditer(window, max(carried - 16, 0)):
            self.columns = max(self.columns, _column(reference[1]))
        for tag in _ROW_TAG.finditer(window):
            if tag.end() > carried:
                number = _ROW_NUMBER.search(tag[1])
                if number is None:
                    self.readable = False
                    return
                self.numbers.append(int(number[1]))

    def _parse(self, chunk: bytes, scan: PackageScan, final: bool = False) -> None:
        if self.xml is None or not scan.plain:
            return
        try:
            self.xml.Parse(chunk, final)
        except expat.ExpatError:
            scan.plain = False

    def result(self, scan: PackageScan) -> list[int] | None:
        """The row numbers, or ``None`` when one was missed or could not be read."""
        self._parse(b"", scan, final=True)
        return self.numbers if self.readable and self.starts == len(self.numbers) else None


@dataclass(frozen=True)
class _Seen:
    """What the count saw of one small part (one chunk): its start tags, the sheet tags
    the workbook lists, its rows (as :meth:`_PartRows.result`), its widest column, and
    whether it is plain."""

    tags: int
    sheets: int
    rows: tuple[int, ...] | None
    columns: int
    plain: bool


# Small parts already counted, by name and unpacked bytes: the workbooks one portal
# exports share their theme, styles, relations and content types byte for byte (a
# company month: 7 of each file's 9 parts), and what a part yields depends on nothing
# else. Bounded: at most this many parts of at most this many bytes.
_SEEN: dict[tuple[str, bytes], _Seen] = {}
_SEEN_PARTS = 128
_SEEN_SIZE = 32 * 1024


def _small_part(name: str, data: bytes) -> _Seen:
    """:func:`count_elements`' view of a part of at most :data:`_SEEN_SIZE` bytes, its
    name and unpacked ``data`` (read in one chunk, with no bytes carried), unless seen
    before."""
    key = (name, data)
    seen = _SEEN.get(key)
    if seen is not None:
        return seen
    fresh = PackageScan()  # this part's own plainness, whatever the parts before it were
    rows = _PartRows(name)
    # As count_elements counts a chunk (its start tags, the sheets the workbook lists).
    tags = data.count(b"<") - data.count(b"</") - data.count(b"<?") - data.count(b"<!")
    sheets = sum(1 for _ in _SHEET_TAG.finditer(data))
    rows.scan(data, 0, fresh)
    numbers = rows.result(fresh)
    seen = _Seen(
        tags, sheets, None if numbers is None else tuple(numbers), rows.columns, fresh.plain
    )
    if len(_SEEN) >= _SEEN_PARTS:
        _SEEN.clear()
    _SEEN[key] = seen
    return seen


def _chunks(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Iterator[tuple[bytes, bytes]]:
    """A part's bytes in chunks, each with the end of the chunk before it."""
    carried = b""
    with archive.open(info) as part:
        while chunk := part.read(_CHUNK):
            yield carried, chunk
            carried = chunk[-_CARRY:]


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
        scan = count_elements(path, archive, options)
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
