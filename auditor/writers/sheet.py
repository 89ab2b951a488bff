"""Writing one table into a worksheet the way a person wants to read it.

Header row frozen and filtered, columns as wide as their text (a CJK character counts
double), money as numbers formatted ``¥#,##0.00``, dates as dates. Text from the inputs
passes the :class:`~auditor.writers.safe.Masker` (made safe, personal data removed, numbers
masked) and is written inert: a cell never becomes a formula, whatever it starts with.
A list longer than Excel's sheet goes on in a sheet named ``<name> (2)``, ``(3)``...
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from auditor.values import fen_to_decimal, format_fen
from auditor.writers.safe import Masker, is_formula_like

MONEY_FORMAT = "¥#,##0.00"
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE3EA")
TITLE_FONT = Font(bold=True, size=14)

_MAX_CELL_CHARS = 32767  # Excel's limit for one cell
_MAX_WIDTH = 60
_WRAP = Alignment(wrap_text=True, vertical="top")


@dataclass(frozen=True)
class Column:
    """A column: its header and how its values are written.

    ``kind`` is ``text`` (masked, inert, one line), ``list`` (a list of texts, each
    masked, one per line of the cell), ``plain`` (text that is not input, e.g. a hash:
    not masked), ``money`` (integer fen), ``int``, ``date`` or ``datetime``.
    """

    header: str
    kind: str = "text"


class SheetWriter:
    """Writes cells into one worksheet, tracking the width each column needs."""

    def __init__(self, sheet: Worksheet, mask: Masker):
        """Write into ``sheet``, masking text with ``mask``."""
        self.sheet = sheet
        self.mask = mask
        self.widths: dict[int, int] = {}

    def put(self, row: int, col: int, value: object, kind: str = "text"):
        """Write ``value`` at (``row``, ``col``) as ``kind``; return the cell."""
        cell = self.sheet.cell(row=row, column=col)
        shown = ""
        if _missing(value):
            cell.value = None
        elif kind == "money":
            cell.value = fen_to_decimal(int(value))
            cell.number_format = MONEY_FORMAT
            shown = "¥" + format_fen(int(value)) + "0"
        elif kind == "int":
            cell.value = int(value)
            shown = str(cell.value)
        elif kind in ("date", "datetime") and isinstance(value, date):
            when = value.to_pydatetime() if isinstance(value, pd.Timestamp) else value
            cell.value = when
            cell.number_format = DATETIME_FORMAT if kind == "datetime" else DATE_FORMAT
            shown = "0000-00-00 00:00:00" if kind == "datetime" else "0000-00-00"
        elif kind == "list":
            shown = self._put_text(cell, self.mask.joined(value))
        else:
            text = str(value) if kind == "plain" else self.mask(value)
            shown = self._put_text(cell, text)
        self._track(col, shown)
        return cell

    def _put_text(self, cell, text: str) -> str:
        text = ILLEGAL_CHARACTERS_RE.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
        text = text[:_MAX_CELL_CHARS]
        cell.value = text
        if is_formula_like(text):
            # openpyxl turns "=..." into a formula on assignment: force it back to a string,
            # and quotePrefix keeps Excel from evaluating it when the cell is edited.
            cell.data_type = "s"
            cell.quotePrefix = True
        if "\n" in text or display_width(text) > _MAX_WIDTH:
            cell.alignment = _WRAP
        return max(text.split("\n"), key=display_width) if text else ""

    def _track(self, col: int, shown: str) -> None:
        self.widths[col] = max(self.widths.get(col, 0), display_width(shown))

    def header(self, row: int, columns: list[Column], first_col: int = 1) -> None:
        """Write a bold, shaded header row."""
        for offset, column in enumerate(columns):
            cell = self.put(row, first_col + offset, column.header, "plain")
            cell.font = HEADER_FONT
            cell.fill = HEADER_FILL

    def table(self, columns: list[Column], rows: list[list], first_row: int = 1) -> int:
        """Write a header and ``rows`` from ``first_row``; return the last row written."""
        self.header(first_row, columns)
        row_number = first_row
        for values in rows:
            row_number += 1
            for col, (column, value) in enumerate(zip(columns, values, strict=True), start=1):
                self.put(row_number, col, value, column.kind)
        return row_number

    def finish(self, freeze: str | None = "A2", filter_ref: str | None = None) -> None:
        """Set column widths, freeze panes, the auto-filter, and a printable page."""
        for col, width in self.widths.items():
            letter = get_column_letter(col)
            self.sheet.column_dimensions[letter].width = min(max(width + 2, 6), _MAX_WIDTH + 2)
        # People print this to take to the shop or the hotline: landscape, every column on
        # the page's width, the header row repeated on each page.
        self.sheet.page_setup.orientation = "landscape"
        self.sheet.page_setup.paperSize = self.sheet.PAPERSIZE_A4
        self.sheet.sheet_properties.pageSetUpPr.fitToPage = True
        self.sheet.page_setup.fitToWidth, self.sheet.page_setup.fitToHeight = 1, 0
        if freeze:
            self.sheet.freeze_panes = freeze
            if freeze == "A2":
                self.sheet.print_title_rows = "1:1"
        if filter_ref:
            self.sheet.auto_filter.ref = filter_ref


#: Excel opens no sheet longer than this (rows, the header included).
EXCEL_MAX_ROWS = 1_048_576


@dataclass(frozen=True)
class SheetLimits:
    """How much one sheet of the report holds.

    ``rows``: a list sheet longer than this goes on in ``<name> (2)``, ``(3)``...
    ``summary_rows``: each of the Summary's three tables lists at most this many rows and
    says how many more there are, so the Summary stays one sheet and a ten-second view.
    """

    rows: int = EXCEL_MAX_ROWS
    summary_rows: int = 100_000

    def __post_init__(self) -> None:
        if self.rows < 2 or self.summary_rows < 1:
            raise ValueError("a sheet holds its header and at least one row")


@dataclass
class Listing:
    """A table that is a sheet of its own (Findings, Charges...): its sheet's name,
    columns, rows and each row's shading (``fills[i]``, None for none)."""

    name: str
    columns: list[Column]
    rows: list[list]
    fills: list[PatternFill | None] | None = None

    def sheet_names(self, limits: SheetLimits) -> list[str]:
        """The sheets the table takes: its own name, then ``<name> (2)``, ``(3)``..."""
        count = max(1, -(-len(self.rows) // (limits.rows - 1)))  # ceil; a header on each
        return [self.name, *(f"{self.name} ({n})" for n in range(2, count + 1))]


def write_listing(book: Workbook, mask: Masker, listing: Listing, limits: SheetLimits) -> None:
    """The table as filtered sheets with a frozen header, continued sheet after sheet
    when it is longer than one sheet holds."""
    per_sheet = limits.rows - 1
    fills = listing.fills or []
    for part, name in enumerate(listing.sheet_names(limits)):
        start = part * per_sheet
        w = SheetWriter(book.create_sheet(name), mask)
        last = w.table(listing.columns, listing.rows[start : start + per_sheet])
        for number, fill in enumerate(fills[start : start + per_sheet], 2):
            if fill is not None:
                for col in range(1, len(listing.columns) + 1):
                    w.sheet.cell(row=number, column=col).fill = fill
        w.finish(freeze="A2", filter_ref=table_ref(len(listing.columns), last))


def table_ref(columns: int, last_row: int, first_row: int = 1) -> str:
    """The A1 range a table covers (for the auto-filter)."""
    return f"A{first_row}:{get_column_letter(columns)}{max(last_row, first_row)}"


def display_width(text: str) -> int:
    """How many columns ``text`` takes on screen: wide (CJK) characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _missing(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, str | bytes | list | tuple | dict):
        return False
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False
