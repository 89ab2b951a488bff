"""The reader protocol (after beangulp): ``identify`` a file cheaply, then ``read`` it whole."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Protocol

from auditor import where
from auditor.amount_units import UNSTATED
from auditor.crosscheck import set_aside_duplicate_parts
from auditor.errors import ErrorCode, InputError
from auditor.lang import Text, say
from auditor.model import ReadResult

MiB = 1024 * 1024

#: The unit a :class:`CellBudget` counts by default.
CELLS = Text("个单元格", "cells")
#: Said of a file with nothing in it (or only white space).
EMPTY_FILE = Text("文件是空的", "file is empty")
#: A file read to its end that gave nothing at all: a header without rows (an export cut
#: short) must not pass for a clean bill.
NOTHING_READ = Text(
    "文件里没有任何费用、业务或账单合计：没有可检查的内容（导出是否不完整？）",
    "the file holds no charge, service or bill total: nothing to audit (was the export cut short?)",
)
#: Said of a file (or a document in it) that holds both kinds of input.
BOTH_KINDS = Text("文件里既有账单也有业务清单", "the file holds both bills and service lists")
#: What to do when a file's line cannot be found. The number in the file's or folder's
#: name comes first, then a folder named after the line's owner in the settings (a
#: family's way: 奶奶/, auditor.readers.owners): ``--line`` reads every input as one
#: line, so it stops over a family's folder (auditor.forced_line.refuse_forced_line),
#: where a name still works. The example holds no number: every output masks one
#: (186****5678), which would leave the user wondering whether to type the stars; nor a
#: name, which read as the one to use (奶奶/ offered for dad's screenshot): the settings'
#: own owners follow it, when they name some (auditor.readers.owners.owners_hint).
#: The same, but for ``--line``: what a file of many lines never hears (it would make
#: them one).
LINE_PLACES = Text(
    "请把完整的 11 位号码写进文件名或文件夹名（如 <号码>-账单-202608.pdf），"
    '或把文件放进以这个号码的机主命名的文件夹（设置中写 owner = "<机主>" 的号码放进 <机主>/）',
    "put the line's full 11-digit number in the file's or its folder's name (as in "
    "<number>-账单-202608.pdf), or keep the file in a folder named after the line's owner "
    'in the settings (<owner>/ for owner = "<owner>")',
)
LINE_ADVICE = Text(
    LINE_PLACES.zh + "；所有输入都是同一个号码时，也可用 --line 指定",
    LINE_PLACES.en + ", or give --line if every input is of that one line",
)
#: Said of a file (or a message in it) whose line cannot be found.
NO_LINE_FOUND = Text("找不到号码：" + LINE_ADVICE.zh, "could not detect line: " + LINE_ADVICE.en)


def lines_summary(count: int) -> str:
    """Said of a table of each line's total alone (``count`` lines, a company bill's
    号码汇总): no item in it to audit."""
    return say(
        f"每行只是一个号码的合计（{count} 个号码），没有费用项目："
        "是汇总表，不是账单明细，没有可检查的费用",
        f"each row is one line's total ({count} lines), with no items: a summary, not a "
        "bill's detail; nothing in it to audit",
    )


def many_lines_unsaid(count: int) -> str:
    """Said of a document that names ``count`` lines (two or more) but not whose each
    charge is: no file name, folder or ``--line`` can say it for them."""
    return say(
        f"文件里有 {count} 个号码，但看不出每项费用是哪个号码的"
        "（没有“号码”列，也没有各号码的标题）：请导出带号码列的明细，或每个号码一个文件",
        f"the file names {count} lines but not whose each charge is (no line column, no "
        "heading for each line): export the detail with a line column, or a file per line",
    )


@dataclass(frozen=True)
class ReadOptions:
    """What the user told us about the inputs, and the safety limits for reading them.

    ``kind``, ``carrier``, ``line`` and ``period`` override detection for every file;
    ``line_carriers`` give some lines' carrier (the settings' ``carrier`` of a line),
    under ``carrier``; ``line_owners`` the line of a file in a folder named after its
    owner, under ``line``. The limits have defaults no real bill comes near; each has a CLI
    option to raise it.
    """

    kind: str | None = None
    carrier: str | None = None
    #: (line, carrier id) of each line whose carrier the settings give: it decides the
    #: carrier of that line's records over what the file says (auditor.readers.clues).
    #: Pairs, not a dict: the options are frozen and sent to the reading processes.
    line_carriers: tuple[tuple[str, str], ...] = ()
    #: (line, owner) of each line whose owner the settings give: a file whose content and
    #: name state no line is read as the one line of the owner a folder on its path is
    #: named after (auditor.readers.owners). Pairs, as above.
    line_owners: tuple[tuple[str, str], ...] = ()
    #: (line, group) of each line whose group (a department) the settings give: a folder
    #: named after a group names none of its lines, and no owner's either when it holds
    #: others (auditor.readers.owners). Pairs, as above.
    line_groups: tuple[tuple[str, str], ...] = ()
    #: The folders given as inputs: a file's folders are looked at for an owner's name up
    #: to the one given that holds it, not above (a home folder named after its user).
    input_folders: tuple[str, ...] = ()
    line: str | None = None
    period: str | None = None
    passwords: tuple[str, ...] = ()
    #: The audit date: a month printed without its year (a bill SMS's 7月) is placed in
    #: the latest such month not after it.
    as_of: date | None = None
    #: The unit ("yuan" or "fen") of portal JSON amounts written as whole numbers, when
    #: nothing in the document decides it.
    amount_unit: str | None = None
    max_file_bytes: int = 50 * MiB
    max_unpacked_bytes: int = 200 * MiB
    max_pdf_pages: int = 500
    #: Cells one file may hold: a CSV's fields, the XML elements of a workbook (its sheets,
    #: string table and styles together), the elements of an HTML page, a JSON's values.
    #: A sparse sheet is measured by what it holds, not by its dimension.
    max_cells: int = 5_000_000
    #: Sheets one workbook may list (a sheet a month is 83 years of them).
    max_sheets: int = 1_000
    #: Characters in one text message (a long SMS is a few hundred, a reply listing every
    #: service a few thousand).
    max_sms_chars: int = 10_000
    #: Characters in one cell, or one JSON string: Excel's own limit for a cell.
    max_cell_chars: int = 32_767
    #: How deep a JSON document may nest (portals nest their bills a dozen levels).
    max_json_depth: int = 100
    #: Parts of one e-mail or web archive (a bill e-mail has a few; a saved page, one per
    #: image or style sheet). The email package takes about 0.3 ms a part.
    max_mime_parts: int = 1_000
    #: Memory reading one PDF may take (PDFium inflates its streams as it lays out a
    #: page): the reading runs in a child process held to it.
    max_pdf_memory_bytes: int = 256 * MiB
    #: CPU time reading one PDF may take (a 430-page bill takes about 2 s); held to in
    #: the same child process.
    max_pdf_seconds: int = 30
    #: OCR: a figure read with less confidence than this (0 to 1) is never used as a
    #: number (see auditor.readers.ocr_layout.THRESHOLD).
    ocr_threshold: float = 0.9
    #: Pixels of one picture (a long screenshot of 20 screens is 50 million): its size is
    #: checked from its header, before it is decoded.
    max_image_pixels: int = 80_000_000
    #: Memory OCR may take for one picture or scanned page (the models take 100 MiB,
    #: their work on a page a few hundred more), in a child process as for a PDF.
    max_ocr_memory_bytes: int = 1536 * MiB
    #: CPU time OCR may take for one picture or scanned page (a phone screen takes 2 s).
    max_ocr_seconds: int = 60


@dataclass
class CellRow:
    """One row of cells of a source, as text (a table's row, a line of a page or a PDF).

    ``cells`` are the cell texts left to right ('' for an empty cell), kept as printed
    (leading spaces are indentation, not noise). ``locator`` says where the row is
    (``row 14``, ``sheet 账单 row 3``, ``page 2 line 5``). ``indent`` is the indentation
    of the row's first non-empty cell, as the source knows it (leading spaces, an XLSX
    cell's alignment indent, a PDF word's distance from the table's left edge, in
    levels: 0 for flush left).
    """

    cells: list[str]
    locator: str
    indent: int = 0

    def filled(self) -> list[tuple[int, str]]:
        """The non-empty cells as (column, stripped text)."""
        return [(i, text) for i, c in enumerate(self.cells) if c and (text := c.strip())]

    def text(self) -> str:
        """The row's non-empty cells joined by spaces (for messages and free-text search)."""
        return " ".join(text for _, text in self.filled())


class CellBudget:
    """The cells one file may still hold (``ReadOptions.max_cells``), spent as a reader
    counts them, so that a file is refused as soon as it passes the limit.

    ``what`` names the unit in the error, in both languages: cells, XML elements, HTML
    elements, values.
    """

    def __init__(self, path: Path, options: ReadOptions, what: Text = CELLS):
        self.path = path
        self.limit = options.max_cells
        self.what = what
        self.spent = 0

    def spend(self, count: int, locator: str | None = None) -> None:
        """Count ``count`` more; raise :class:`InputError` when the file passes the limit."""
        self.spent += count
        if self.spent > self.limit:
            raise InputError(
                str(self.path),
                say(
                    f"内容超过 {self.limit:,} {self.what.zh}，超出单个文件的上限"
                    "（可用 --max-cells 调高）",
                    f"holds more than {self.limit:,} {self.what.en}, the limit for one file "
                    "(raise it with --max-cells)",
                ),
                locator,
                code=ErrorCode.OVER_LIMIT,
            )


class Reader(Protocol):
    """One input format. ``name`` shows in the Inputs sheet (``csv``, ``xlsx``, ``pdf``...)."""

    name: str
    #: File name endings (lower case, with the dot) this reader is offered in a folder walk.
    suffixes: tuple[str, ...]

    def identify(self, path: Path, head: bytes) -> bool:
        """True when this reader handles ``path``; ``head`` is the file's first 8 KiB."""
        ...

    def read(self, path: Path, data: bytes, options: ReadOptions) -> ReadResult:
        """Read the whole file (``data`` is its content) into a :class:`ReadResult`.

        Raise :class:`auditor.errors.InputError` (or any :class:`AuditorError`) for a file
        that cannot be read; the caller records it and goes on with the other files.
        Rows that cannot be read are kept in ``ReadResult.unparseable``, never dropped.
        """
        ...


# Every character str.splitlines() breaks a line at.
_LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


def count_lines(text: str) -> int:
    """How many lines ``str.splitlines`` would make of ``text``, at most, without making
    them (a CR LF pair counts twice): what a budget is spent by before splitting."""
    return sum(text.count(char) for char in _LINE_BREAKS) + 1


def check_text_length(
    path: Path, text: str, options: ReadOptions, locator: str | None = None
) -> None:
    """Refuse a cell (or a JSON string) longer than ``options.max_cell_chars``."""
    if len(text) > options.max_cell_chars:
        raise cell_too_long(path, options, locator, len(text))


def cell_too_long(
    path: Path, options: ReadOptions, locator: str | None = None, length: int | None = None
) -> InputError:
    """The error for a cell over ``options.max_cell_chars`` (of ``length``, when known)."""
    limit = options.max_cell_chars
    if length is not None:
        reason = say(
            f"一个单元格有 {length:,} 个字符，超过单元格 {limit:,} 个字符的上限"
            "（可用 --max-cell-length 调高）",
            f"a cell of {length:,} characters, over the {limit:,}-character limit for one "
            "cell (raise it with --max-cell-length)",
        )
    else:
        reason = say(
            f"一个单元格超过 {limit:,} 个字符的上限（可用 --max-cell-length 调高）",
            f"a cell over the {limit:,}-character limit for one cell "
            "(raise it with --max-cell-length)",
        )
    return InputError(str(path), reason, locator, code=ErrorCode.OVER_LIMIT)


def merge_results(
    path: Path, parts: list[ReadResult], names: list[str] | None = None
) -> ReadResult:
    """One result for a file from the results of its parts (a workbook's sheets, an
    e-mail's HTML and text parts): records, counts, messages and clues together.

    A line's month in two parts is counted once (the copy kept as across files, see
    :mod:`auditor.crosscheck`); ``names`` name the parts in the warning (``sheet 10月``),
    by default ``part 1``, ``part 2``...
    """
    names = names or [where.part(number) for number in range(1, len(parts) + 1)]
    set_aside_duplicate_parts(parts, names)
    merged = ReadResult(path=str(path))
    for part in parts:
        merged.charges += part.charges
        merged.services += part.services
        merged.bills += part.bills
        merged.rows_read += part.rows_read
        merged.set_aside.update(part.set_aside)
        merged.unparseable += part.unparseable
        merged.warnings += part.warnings
        merged.alerts += [a for a in part.alerts if a not in merged.alerts]
        merged.notes += part.notes
        merged.carrier_clues += [c for c in part.carrier_clues if c not in merged.carrier_clues]
        merged.personal |= part.personal
    # yuan or fen still to settle when no part's amounts say (auditor.amount_units)
    if {p.settling.amount_unit for p in parts if p.charges} == {UNSTATED}:
        merged.settling.amount_unit = UNSTATED
    merged.settling.months = [doubt for p in parts for doubt in p.settling.months]
    for part in parts:
        merged.settling.spans = {**part.settling.spans, **merged.settling.spans}
    kinds = Counter(p.kind for p in parts if p.kind)
    merged.kind = kinds.most_common(1)[0][0] if kinds else None
    if len(kinds) > 1:
        merged.warnings.append(BOTH_KINDS.shown())
    carriers = Counter(p.carrier for p in parts if p.carrier)
    merged.carrier = carriers.most_common(1)[0][0] if carriers else None
    return merged


def dtd_refused() -> str:
    """Why a file that declares XML entities (a DTD: an external entity fetches a file or
    an address as it is parsed, the XXE attack) is refused, before any parser sees it."""
    return say(
        "含有 XML 实体声明（DTD，<!DOCTYPE …>），可用来读取本机文件或访问网络："
        "为安全起见，auditor 不读取这样的文件",
        "it holds an XML entity declaration (DTD, <!DOCTYPE …>), which can make a "
        "reader fetch a file or an address: auditor refuses it for safety",
    )
