"""The tabular readers: CSV (and tab- or semicolon-separated text), Excel XLSX and XLS, and
OpenDocument ODS.

Both only turn the file into :class:`~auditor.readers.base.CellRow` objects (a workbook's
sheets through :mod:`auditor.readers.workbook`, within its limits); what the rows mean
is decided by :func:`auditor.readers.table.interpret`.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

from auditor import where
from auditor.collector import paused
from auditor.errors import ErrorCode, InputError, ValueParseError
from auditor.lang import say
from auditor.model import ReadResult
from auditor.readers.base import CellBudget, CellRow, ReadOptions, cell_too_long, merge_results
from auditor.readers.calamine_book import check_ods, other_sheets
from auditor.readers.csv_fields import fit_fields
from auditor.readers.decoding import decode_text
from auditor.readers.long_csv import read_long_csv
from auditor.readers.package_scan import not_xlsx
from auditor.readers.rows import is_amount
from auditor.readers.table import NoTable, interpret
from auditor.readers.workbook import workbook_sheets
from auditor.values import find_phones, parse_amount

DELIMITERS = ("\t", ";", ",")
# How an Office file (OLE2, the old Excel format) and a ZIP package start.
_XLS_STARTS = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"PK\x03\x04")
# Excel's trick for keeping a number as text in a CSV: ="13800001234".
_EXCEL_TEXT = re.compile(r'^="(.*)"$', re.DOTALL)
_SNIFF_LINES = 200
# Excel's own first line naming the delimiter (it stays a row: interpret sets it aside).
_SEP_HINT = re.compile(r"^sep=([,;\t|])\s*$")


def sniff_delimiter(lines: list[str]) -> str | None:
    """The delimiter (tab, semicolon, comma) found on the most lines; ``None`` for none."""
    counts = {d: sum(1 for line in lines if d in line) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])  # ties go to the earlier, rarer one
    return best if counts[best] else None


def looks_delimited(text: str) -> bool:
    """True when most non-empty lines of ``text`` hold the same delimiter."""
    lines = [line for line in text.splitlines()[:_SNIFF_LINES] if line.strip()]
    delimiter = sniff_delimiter(lines)
    if delimiter is None or len(lines) < 2:
        return False
    return sum(1 for line in lines if delimiter in line) * 3 >= len(lines) * 2


def _first_lines(text: str, count: int) -> list[str]:
    """``text.splitlines()[:count]``, without splitting the rest of a long text."""
    end = 0
    for _ in range(count):
        end = text.find("\n", end) + 1
        if not end:
            return text.splitlines()[:count]
    return text[:end].splitlines()[:count]


def _csv_cell(text: str) -> str:
    match = _EXCEL_TEXT.match(text)
    return match[1] if match else text


class CsvReader:
    """Comma-, tab- or semicolon-separated text in UTF-8 or GBK (``.csv``, ``.tsv``, ``.txt``).

    A ``.txt`` file is taken only when it looks delimited, so that a saved bill SMS (also
    ``.txt``) goes to the SMS reader.
    """

    name = "csv"
    suffixes: tuple[str, ...] = (".csv", ".tsv", ".txt")

    def identify(self, path: Path, head: bytes) -> bool:
        """``.csv``/``.tsv`` always; ``.txt`` when most of its first lines are delimited, its
        head decoded as :meth:`rows` decodes the file."""
        suffix = path.suffix.lower()
        if suffix in (".csv", ".tsv"):
            return True
        if suffix != ".txt":
            return False
        try:
            text = decode_text(head, head=True, nul_bytes=False).text
        except ValueParseError:
            return False
        return looks_delimited(text)

    def __init__(self, fast: bool = True):
        #: Read a long bill by :mod:`auditor.readers.long_csv` (the same reading, faster);
        #: ``False`` reads every file row by row.
        self.fast = fast

    @paused()  # rows, cells and charges: many objects, no cycle (auditor.collector)
    def read(self, path: Path, data: bytes, options: ReadOptions) -> ReadResult:
        """Decode, split into rows (locator ``row N``, the physical line) and interpret;
        rows with more fields than the header first (:mod:`auditor.readers.csv_fields`)."""
        cells, starts = self.cells(path, data, options)
        # a row with more fields than its header is read whole or unread, never as it is
        fit = fit_fields(cells, starts)
        if fit is not None:
            fit.apply(cells)
        result = read_long_csv(cells, starts, path, options) if self.fast else None
        if result is None:
            rows = [CellRow(row, where.row(s)) for row, s in zip(cells, starts, strict=True)]
            result = interpret(rows, path, options)
        if fit is not None:
            fit.settle(result)
        return result

    def rows(self, path: Path, data: bytes, options: ReadOptions) -> list[CellRow]:
        """The file's rows; ``N`` in ``row N`` is the physical line the row starts on."""
        cells, starts = self.cells(path, data, options)
        return [CellRow(row, where.row(start)) for row, start in zip(cells, starts, strict=True)]

    def cells(
        self, path: Path, data: bytes, options: ReadOptions
    ) -> tuple[list[list[str]], list[int]]:
        """The file's rows of cells, and the physical line each starts on.

        Its cells are counted by the delimiters and line breaks that make them, before
        it is parsed (``--max-cells``; a quoted delimiter counts too): one line of fifty
        million commas would otherwise be a list of fifty million cells first. No cell is
        longer than ``--max-cell-length``: the parser refuses one.
        """
        try:
            # A NUL byte: UTF-16 saved without its mark, or no text (see decode_text).
            text = decode_text(data, nul_bytes=False).text
        except ValueParseError:
            raise InputError(
                str(path),
                say("不是 UTF-8 或 GBK/GB18030 编码的文本", "not text in UTF-8 or GBK/GB18030"),
                code=ErrorCode.UNREADABLE,
            ) from None
        lines = _first_lines(text, _SNIFF_LINES)
        hint = _SEP_HINT.match(lines[0]) if lines else None
        delimiter = hint[1] if hint else sniff_delimiter(lines) or ","
        breaks = text.count("\n") + text.count("\r") - text.count("\r\n")
        CellBudget(path, options).spend(text.count(delimiter) + breaks + 1)
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        rows: list[list[str]] = []
        starts: list[int] = []
        start = 1
        # The csv module's own cell limit (process-wide) is set to the option's meanwhile.
        previous = csv.field_size_limit(options.max_cell_chars)
        try:
            for cells in reader:
                rows.append(cells)
                starts.append(start)
                start = reader.line_num + 1
        except csv.Error as exc:
            if "field larger than field limit" in str(exc):
                raise cell_too_long(path, options, where.row(start)) from None
            raise InputError(
                str(path),
                say(f"不是可读取的 CSV 文件（{exc}）", f"not a readable CSV file ({exc})"),
                where.row(start),
                code=ErrorCode.UNREADABLE,
            ) from None
        finally:
            csv.field_size_limit(previous)
        if '="' in text:  # only then can a cell be Excel's ="…" (most files: no cell is)
            rows = [[_csv_cell(c) for c in cells] for cells in rows]
        return rows, starts


# ---------------------------------------------------------------------- XLSX


class XlsxReader:
    """Excel workbooks (``.xlsx``, ``.xlsm``): every sheet is read as its own document."""

    name = "xlsx"
    suffixes: tuple[str, ...] = (".xlsx", ".xlsm")

    def __init__(self, fast: bool = True):
        #: Read with python-calamine where it reads as openpyxl does (the same reading,
        #: faster); ``False`` reads every workbook with openpyxl.
        self.fast = fast

    def identify(self, path: Path, head: bytes) -> bool:
        """By the file's ending; a wrong content is reported by :meth:`read`."""
        return path.suffix.lower() in self.suffixes

    def sheets(
        self, path: Path, data: bytes, options: ReadOptions
    ) -> Iterator[tuple[str, list[CellRow]]]:
        """Each sheet's name and rows, in workbook order."""
        return workbook_sheets(path, data, options, fast=self.fast)

    def read(self, path: Path, data: bytes, options: ReadOptions) -> ReadResult:
        """Interpret each sheet and merge them; a sheet without a table is a warning.

        The file fails only when no sheet holds a table (the first sheet's error). A line's
        month on two sheets is counted once, with a warning naming the sheet kept.
        """
        parts: list[ReadResult] = []
        names: list[str] = []
        skipped: list[tuple[str, list[CellRow], InputError]] = []
        sheets = self.sheets(path, data, options)
        while (sheet := _next_sheet(sheets, path)) is not None:
            name, rows = sheet
            if not any(row.filled() for row in rows):
                continue
            try:
                parts.append(interpret(rows, path, options, sheet=name))
                names.append(where.sheet_named(name))
            except InputError as exc:
                skipped.append((name, rows, exc))
        if not parts:
            if skipped:
                raise skipped[0][2]
            raise InputError(
                str(path),
                say("工作簿的所有工作表里都没有数据", "the workbook has no data in any sheet"),
                code=ErrorCode.EMPTY,
            )
        merged = merge_results(path, parts, names)
        for name, rows, exc in skipped:
            merged.rows_read += len(rows)
            merged.set_aside["note"] += len(rows)
            if _beside_the_bill(rows, exc, merged):  # a chart's figures, a note: quietly
                merged.notes.append(
                    say(
                        f"{where.sheet_named(name)}（{len(rows)} 行）没有账单，未读取"
                        "（图表的数据、说明）",
                        f"{where.sheet_named(name)} ({len(rows)} rows) holds no bill, left "
                        "out (a chart's figures, notes)",
                    )
                )
                continue
            merged.warnings.append(
                say(
                    f"{where.sheet_named(name)}（{len(rows)} 行）未读取：{exc.reason}",
                    f"{where.sheet_named(name)} ({len(rows)} rows) left out: {exc.reason}",
                )
            )
        return merged


def _beside_the_bill(rows: list[CellRow], exc: InputError, read: ReadResult) -> bool:
    """Whether a sheet left out beside the sheets read as a bill is part of that bill, not
    a bill lost: no table in it (notes, a title), or, naming no line, figures that add up
    to a bill's total read beside it (a chart's data: 月固定费 29 | 增值业务费 25 | 优惠 -5
    beside a bill of 49.00). A sheet naming no line whose figures are none of those may be
    another line's bill: its warning stays, telling to name the line; so does that of a
    sheet naming lines (号码汇总: each line's total)."""
    if any(find_phones(row.text()) for row in rows):
        return False
    if isinstance(exc, NoTable):
        return True
    if exc.code is not ErrorCode.MISSING_DETAILS:
        return False
    totals = {bill.stated_total_fen for bill in read.bills if bill.stated_total_fen is not None}
    amounts = [amount for row in rows if (amount := _last_amount(row)) is not None]
    summed = sum(amounts)  # with its own total row last, the sum is twice it
    ends_in_total = summed == 2 * amounts[-1] and amounts[-1] in totals
    return len(amounts) >= 2 and (summed in totals or ends_in_total)


def _last_amount(row: CellRow) -> int | None:
    """The row's last cell as an amount in fen, when it is one."""
    filled = row.filled()
    if len(filled) < 2 or not is_amount(filled[-1][1]):
        return None
    return parse_amount(filled[-1][1])


class XlsReader(XlsxReader):
    """The old Excel format (``.xls``, BIFF), which many portals still export; read by
    python-calamine, every sheet as its own document, as an XLSX is."""

    name = "xls"
    suffixes: tuple[str, ...] = (".xls",)

    def identify(self, path: Path, head: bytes) -> bool:
        """An ``.xls`` that starts as an Office file or a ZIP. An XLSX, an HTML table or
        a CSV named ``.xls`` (portals' "Excel" downloads often are) never gets here: the
        registry gives it to its own format's reader (:mod:`auditor.readers.content`)."""
        return path.suffix.lower() in self.suffixes and head.startswith(_XLS_STARTS)

    def sheets(
        self, path: Path, data: bytes, options: ReadOptions
    ) -> Iterator[tuple[str, list[CellRow]]]:
        """Each sheet's name and rows, in workbook order."""
        return other_sheets(path, data, options, "Excel .xls")


class OdsReader(XlsxReader):
    """OpenDocument spreadsheets (``.ods``, LibreOffice and WPS); read by python-calamine
    after the package passes the same checks as an XLSX."""

    name = "ods"
    suffixes: tuple[str, ...] = (".ods",)

    def sheets(
        self, path: Path, data: bytes, options: ReadOptions
    ) -> Iterator[tuple[str, list[CellRow]]]:
        """Each sheet's name and rows, in workbook order."""
        check_ods(path, data, options)
        return other_sheets(path, data, options, "OpenDocument .ods")


def _next_sheet(
    sheets: Iterator[tuple[str, list[CellRow]]], path: Path
) -> tuple[str, list[CellRow]] | None:
    """The next sheet of the workbook, or ``None`` after the last; openpyxl's errors for
    a broken package (it raises many kinds) become the file's one-line error."""
    try:
        return next(sheets)
    except StopIteration:
        return None
    except InputError:
        raise
    except Exception as exc:
        raise InputError(
            str(path), not_xlsx(type(exc).__name__), code=ErrorCode.UNREADABLE
        ) from None
