"""The element count of a ZIP package's parts (XLSX, ODS), before anything parses them:
every part unpacked in chunks, its start tags counted against ``--max-cells`` and the
sheets the workbook lists against ``--max-sheets``; on the way, what the fast path
(:mod:`auditor.readers.calamine_book`) needs to know of each part (its rows, its widest
column, whether calamine reads it as openpyxl does). See :mod:`auditor.readers.workbook`
for why the checks stand in this order.
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat

from auditor.errors import ErrorCode, InputError
from auditor.lang import Text, say
from auditor.readers.base import CellBudget, MiB, ReadOptions, dtd_refused

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
# Each with a literal every match holds and starts with, which the regex engine searches
# for first: most parts hold none, and one pattern of alternatives would be tried at
# every byte.
_NUMBER_ENDS = rb"(?!-?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?</)"
# (Lazy: whether a reference stands in the tag is the same question, answered at its
# first attribute where a greedy run backs off from the tag's end.)
_NO_REFERENCE = rb"(?=[\s/>])(?![^<>]*?\sr\s*=)"
# What follows a formula whose cell holds no value: an empty value, or none, then the
# cell's end.
_PREFIX = rb"(?:[A-Za-z_][\w.-]{0,32}:)?"
_VALUELESS = (
    rb"\s*(?:<"
    + _PREFIX
    + rb"v\s*/>|<"
    + _PREFIX
    + rb"v>\s*</"
    + _PREFIX
    + rb"v>)?\s*</"
    + _PREFIX
    + rb"c>"
)
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
        # a formula saved without its value (a script's, or =20+9 never calculated):
        # calamine reads it as an empty cell, an amount of 0.00; openpyxl's parser here
        # gives its formula (auditor.readers.workbook), a row unread, never 0.00
        (b"f>", rb"f>(?<=[</:]f>)" + _VALUELESS),
        (b"<f", rb"<f(?=[\s/])[^<>]*/>" + _VALUELESS),
        (b":f", rb":f(?=[\s/])[^<>]*/>" + _VALUELESS),
    )
]
# A cell's reference, for its column: calamine lays a sheet out as a dense grid.
_CELL_COLUMN = re.compile(rb"""r(?<=\sr)\s*=\s*["']([A-Za-z]{1,3})[0-9]""")
# The values a cell type's attribute has for an error or a date cell.
_ERROR_OR_DATE = (b'"e"', b"'e'", b'"d"', b"'d'")


#: A document type declaration (``<!DOCTYPE r [<!ENTITY xx SYSTEM "http://…">]>``), where
#: entities are declared (UTF-8 or UTF-16): an XXE attack's, never an Excel or WPS
#: part's. Looked for only where "<!" stands (UTF-8, or UTF-16 either way round).
# An entity declared, what the attack needs: a document type alone (an SVG image's
# <!DOCTYPE svg PUBLIC …>, which no reader here parses or fetches) is no refusal.
_DTD = re.compile(
    b"|".join(re.escape("<!ENTITY".encode(code)) for code in ("utf-8", "utf-16-le", "utf-16-be")),
    re.IGNORECASE,
)


def refuse_dtd(path: Path, part: str, data: bytes) -> None:
    """:class:`InputError` when ``data``, bytes of the package's ``part``, declare an XML
    entity in a document type (an external one fetches a file or an
    address as it is parsed): refused for safety, the reason said in words."""
    if declares_entity(data):
        raise InputError(str(path), dtd_refused(), part, code=ErrorCode.UNREADABLE)


def declares_entity(data: bytes) -> bool:
    """Whether ``data`` declares an XML entity (what :func:`refuse_dtd` refuses)."""
    # "<!" in UTF-8, "<\0!" in UTF-16 either way round (big-endian's "\0<\0!" holds it):
    # two tests written out, as a generator over the three cost more than the search.
    return (b"<!" in data or b"<\x00!" in data) and _DTD.search(data) is not None


def not_xlsx(zh: str = "", en: str | None = None) -> str:
    """Why a file is refused as an XLSX, with what was wrong (``zh`` and ``en``; one text
    for both when it is a technical name, an exception's class)."""
    en = zh if en is None else en
    return say(
        f"不是有效的 Excel .xlsx 文件{f'（{zh}）' if zh else ''}",
        f"not a valid Excel .xlsx file{f' ({en})' if en else ''}",
    )


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


def count_elements(
    path: Path, archive: zipfile.ZipFile, options: ReadOptions, package: bytes | None = None
) -> PackageScan:
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
        try:
            if 0 < info.file_size <= _SEEN_SIZE:  # one chunk: perhaps a part seen before
                seen, data = _small_part(archive, info, package)
                if seen.entity:  # (a part seen before was looked at then)
                    refuse_dtd(path, info.filename, data)
                # (of two parts of one name, the one archive.read(name) reads)
                if info.filename in KEPT_PARTS and archive.getinfo(info.filename) is info:
                    scan.kept[info.filename] = data
                elements.spend(seen.tags, info.filename)
                sheets += seen.sheets
                scan.plain = scan.plain and seen.plain
                scan.rows[info.filename] = None if seen.rows is None else list(seen.rows)
                scan.columns[info.filename] = seen.columns
                continue
            rows = _PartRows(info.filename)  # (an XML parser: made for a part read here)
            for carried, chunk in _chunks(archive, info):
                # A start tag is "<" not followed by "/" (an end), "?" or "!".
                tags = chunk.count(b"<") - chunk.count(b"</") - chunk.count(b"<?")
                elements.spend(tags - chunk.count(b"<!"), info.filename)
                window = carried + chunk  # a sheet tag may be cut between two chunks
                refuse_dtd(path, info.filename, window)
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
            raise InputError(str(path), why, info.filename, code=ErrorCode.UNREADABLE) from None
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError):
            raise InputError(
                str(path),
                not_xlsx("有一个部件已损坏", "a damaged part"),
                info.filename,
                code=ErrorCode.UNREADABLE,
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
            code=ErrorCode.OVER_LIMIT,
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
        # A pattern starting with its literal: the regex engine looks for that first
        # itself (as quickly as a byte search for it would). The cell type's is not.
        if literal == b"t" and not any(value in window for value in _ERROR_OR_DATE):
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
        # (With nothing carried, every match counts: found by findall, in C.)
        if carried:
            starts = sum(1 for tag in _ROW_START.finditer(window) if tag.start() >= carried)
            tags = [tag[1] for tag in _ROW_TAG.finditer(window) if tag.end() > carried]
        else:
            starts, tags = len(_ROW_START.findall(window)), _ROW_TAG.findall(window)
        self.starts += starts
        # Each column's letters once: a sheet names a few columns in many cells.
        letters = set(_CELL_COLUMN.findall(window, max(carried - 16, 0)))
        if letters:
            self.columns = max(self.columns, *map(_column, letters))
        for attributes in tags:
            number = _ROW_NUMBER.search(attributes)
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
    the workbook lists, its rows (as :meth:`_PartRows.result`), its widest column,
    whether it is plain, and whether it declares an XML entity (it is refused then)."""

    tags: int
    sheets: int
    rows: tuple[int, ...] | None
    columns: int
    plain: bool
    entity: bool


# Small parts already counted: the workbooks one portal exports share their theme,
# styles, relations and content types byte for byte (a company month: 7 of each file's
# 9 parts), and what a part yields depends on nothing else. Keyed by what zipfile
# unpacks a part from, where the package's bytes are at hand (see :func:`_stored`), so
# that a part seen before is not unpacked again: the same compressed bytes, method, CRC
# and size unpack to the same bytes or fail the same way. Else by name and unpacked
# bytes. Each with the part's bytes (calamine_book reads the kept ones). Bounded: at
# most this many parts of at most this many bytes.
_SEEN: dict[tuple, tuple[_Seen, bytes]] = {}
_SEEN_PARTS = 128
_SEEN_SIZE = 32 * 1024

# The local header before a part's bytes: its signature, flags, name and extra lengths.
_LOCAL = struct.Struct("<4s2xH18xHH")
_LOCAL_SIGNATURE = b"PK\x03\x04"
# Flags zipfile reads otherwise (encryption; patched data; strong encryption).
_UNUSUAL_FLAGS = 0x1 | 0x20 | 0x40
_UTF8_NAME = 0x800


def _stored(package: bytes, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes | None:
    """The compressed bytes ``archive.read(info)`` unpacks, sliced from the ``package``'s
    bytes: ``None`` unless the part is stored or deflated, not encrypted, and its local
    header is one zipfile reads without complaint (then zipfile reads it, and says what
    is wrong)."""
    # (A small part's deflated bytes are about as many as its own: a part claiming more
    # is not kept in a key.)
    if (
        info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
        or info.flag_bits & _UNUSUAL_FLAGS
        or info.compress_size > 2 * _SEEN_SIZE
    ):
        return None
    start = info.header_offset
    header = package[start : start + _LOCAL.size]
    if len(header) != _LOCAL.size:
        return None
    signature, flags, name_length, extra_length = _LOCAL.unpack(header)
    start += _LOCAL.size
    name = package[start : start + name_length]
    encoding = "utf-8" if flags & _UTF8_NAME else (archive.metadata_encoding or "cp437")
    try:
        if signature != _LOCAL_SIGNATURE or name.decode(encoding) != info.orig_filename:
            return None
    except UnicodeDecodeError:
        return None
    start += name_length + extra_length
    end = start + info.compress_size
    # A part cut short, or reaching into the next (which zipfile refuses, in the Pythons
    # that check): read by zipfile.
    if end > len(package) or end > (getattr(info, "_end_offset", None) or end):
        return None
    return package[start:end]


def _small_part(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, package: bytes | None
) -> tuple[_Seen, bytes]:
    """:func:`count_elements`' view of a part of at most :data:`_SEEN_SIZE` bytes (read
    in one chunk, with no bytes carried), and its unpacked bytes, unless seen before.
    ``package`` is the archive's bytes, when at hand."""
    name = info.filename
    stored = None if package is None else _stored(package, archive, info)
    if stored is not None:
        key: tuple = (name, info.compress_type, info.CRC, info.file_size, stored)
        known = _SEEN.get(key)
        if known is not None:
            return known
        data = archive.read(info)
    else:
        data = archive.read(info)
        key = (name, data)
        known = _SEEN.get(key)
        if known is not None:
            return known
    fresh = PackageScan()  # this part's own plainness, whatever the parts before it were
    rows = _PartRows(name)
    # As count_elements counts a chunk (its start tags, the sheets the workbook lists).
    tags = data.count(b"<") - data.count(b"</") - data.count(b"<?") - data.count(b"<!")
    sheets = len(_SHEET_TAG.findall(data))
    rows.scan(data, 0, fresh)
    numbers = rows.result(fresh)
    seen = _Seen(
        tags,
        sheets,
        None if numbers is None else tuple(numbers),
        rows.columns,
        fresh.plain,
        declares_entity(data),
    )
    if len(_SEEN) >= _SEEN_PARTS:
        _SEEN.clear()
    _SEEN[key] = seen, data
    return seen, data


def _chunks(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Iterator[tuple[bytes, bytes]]:
    """A part's bytes in chunks, each with the end of the chunk before it."""
    carried = b""
    with archive.open(info) as part:
        while chunk := part.read(_CHUNK):
            yield carried, chunk
            carried = chunk[-_CARRY:]
