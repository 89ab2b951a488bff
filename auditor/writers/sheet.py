"""Writing one table into a worksheet the way a person wants to read it.

Header row frozen and filtered, columns as wide as their text (a CJK character counts
double), money as numbers formatted ``¥#,##0.00``, dates as dates. Text from the inputs
passes the :class:`~auditor.writers.safe.Masker` (made safe, personal data removed, numbers
masked) and is written inert: a cell never becomes a formula, whatever it starts with.
A list longer than Excel's sheet goes on in a sheet named ``<name> (2)``, ``(3)``...

Cells are written row after row (:mod:`xlsxwriter` may keep only the current row), and the
cost of a cell is small and the same for every cell: what a text becomes in a cell (its
masked form, whether it looks like a formula, whether it wraps, how wide it is) is worked
out once per distinct text of a column (:class:`Cells`), not once per cell. The list
sheets are :class:`~auditor.writers.xmlsheet.XmlSheet`: there that work gives each
distinct value's XML, and a data row is one string staged on disk (:func:`write_listing`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from auditor.lang import Text
from auditor.writers.cells import (
    DATE_FORMAT,
    DATETIME_FORMAT,
    HEADER_FORMAT,
    MONEY_FORMAT,
    PLAIN,
    TEXT_FORMAT,
    Cells,
    Style,
    Styles,
)
from auditor.writers.measure import (
    MAX_WIDTH,
    SCREEN_WIDTH,
    bold_width,
    display_width,
    words_lines,
    wrapped_lines,
)
from auditor.writers.page import MARGINS, kept_together
from auditor.writers.safe import Masker
from auditor.writers.xmlrows import stage_table
from auditor.writers.xmlsheet import XmlCells, XmlSheet

__all__ = [
    "DATETIME_FORMAT",
    "DATE_FORMAT",
    "EXCEL_MAX_ROWS",
    "MONEY_FORMAT",
    "Column",
    "Listing",
    "SheetLimits",
    "SheetWriter",
    "display_width",
    "write_listing",
]

HEADER = Style(bold=True, fill="DDE3EA", wrap=True)
#: The header of a column of numbers: right-aligned, over its right-aligned numbers.
HEADER_RIGHT = Style(bold=True, fill="DDE3EA", align="right", wrap=True, num_format=HEADER_FORMAT)
#: Points a line holding Chinese takes in a row (one of ASCII text: measure.LATIN_LINE).
LINE_HEIGHT = 16
NUMBER_KINDS = ("money", "int")
#: Excel's tallest row, in points: a cell of more text scrolls within it.
MAX_ROW_HEIGHT = 409
TITLE = Style(bold=True, size=14)
#: The look of a column of :attr:`Column.as_text` where it has no cell.
TYPED = Style(num_format=TEXT_FORMAT)
BOLD = Style(bold=True)


@dataclass(frozen=True)
class Column:
    """A column: its header (a :class:`~auditor.lang.Text`, shown in the active language
    when the sheet is written) and how its values are written.

    ``kind`` is ``text`` (masked, inert, one line), ``list`` (a list of texts, each
    masked, one per line of the cell), ``plain`` (text that is not input, e.g. a hash:
    not masked), ``money`` (integer fen), ``int``, ``date``, ``datetime`` or ``link`` (to
    a row of another sheet: ``(sheet, row, text)``).
    """

    header: Text | str
    kind: str = "text"
    #: The widest the column is made (in Latin characters) when printed; longer text
    #: wraps. One not printed is as wide as its text (up to measure.SCREEN_WIDTH).
    width: int = MAX_WIDTH
    #: Printed, or only for a machine (ids, links) or a screen (evidence): such columns
    #: come last and are left out of the printed page, so that the rest print larger.
    printed: bool = True
    #: Its text makes a row tall: not a machine's ids (a group's, one a line), but evidence.
    sized: bool = True
    #: How its cells and header align when not as their kind has it: ``center`` for a
    #: count of lines beside the list of them, which a right-aligned count touches.
    align: str | None = None
    #: A column the user types into (a ticket number, a line): its cells, the empty ones
    #: too, and the column below them are text (``@``), so that Excel keeps every digit
    #: of a number typed there; in a General cell it keeps 15, and shows a 17-digit
    #: ticket as 2.02610101234568E+16.
    as_text: bool = False

    @property
    def title(self) -> str:
        """The header as the sheet shows it (in the active language)."""
        return str(self.header)


class SheetWriter:
    """Writes cells into one worksheet, row after row, tracking the width each column needs."""

    def __init__(self, sheet: Worksheet, mask: Masker, styles: Styles):
        """Write into ``sheet``, masking text with ``mask``, formats from ``styles``."""
        self.sheet, self.mask, self.styles = sheet, mask, styles
        self.columns: dict[tuple[int, str], Cells] = {}
        self.row = 0  # the last row written (1-based; 0 before the first)
        self.caps: dict[int, int] = {}  # 1-based column: the widest it is made
        self.least: dict[int, int] = {}  # 1-based column: what its header needs
        # An XmlSheet takes its data rows as XML, each staged when it is complete: the
        # cells of the row being written wait here, by column.
        self.xml = isinstance(sheet, XmlSheet)
        self._pending: dict[int, str] = {}
        self._tall = [1.0]  # the lines of the row's tallest cell (XmlCells raise it)
        self._headed: tuple[int, list[Column], int] | None = None  # header row, its columns
        self.text_cols: set[int] = set()  # 1-based: the columns of Column.as_text

    def cells(self, col: int, kind: str, align: str | None = None) -> Cells:
        """The writer of column ``col`` (1-based) for values of ``kind``, aligned
        ``align`` when given (:attr:`Column.align`)."""
        key = (col, kind)
        cells = self.columns.get(key)
        if cells is None:
            cap = self.caps.get(col, MAX_WIDTH)
            if self.xml:
                cells = XmlCells(self.sheet, col - 1, kind, self.mask, self.styles, cap, self._tall)
            else:
                cells = Cells(self.sheet, col - 1, kind, self.mask, self.styles, cap)
            cells.align = align
            cells.as_text = col in self.text_cols
            self.columns[key] = cells
        return cells

    def put(self, row: int, col: int, value: object, kind: str = "text", style: Style = PLAIN):
        """Write ``value`` at (``row``, ``col``), 1-based, as ``kind``, in ``style``.

        Rows are written in order: a row before the last one written is refused, since a
        streaming workbook has already let it go.
        """
        if row < self.row:
            raise ValueError(f"row {row} comes after row {self.row}: rows are written in order")
        if not self.xml:
            self.row = row
            self.cells(col, kind).put(row - 1, value, style)
            return
        if row != self.row:
            self._stage_pending()
        self.row = row
        self._pending[col] = self.cells(col, kind).xml(str(row), value, style)

    def _stage_pending(self) -> None:
        """Stage the row :meth:`put` was writing (its cells in the order of their columns)."""
        cells = "".join(cell for _, cell in sorted(self._pending.items()))
        self._pending.clear()
        self._tall[0] = 1  # as put() on an xlsxwriter sheet: no height of its own
        if cells:
            self.sheet.stage(self.row - 1, f'<row r="{self.row}">{cells}</row>')

    def header(self, row: int, columns: list[Column], first_col: int = 1) -> None:
        """Write a bold, shaded header row. A header does not widen its column beyond its
        longest word: it wraps (``Saved`` over ``per year``), and the row is made tall enough
        (:meth:`finish` fits it to the columns as they end up, where it still can)."""
        tall = 1
        self._headed = (row, columns, first_col)
        for offset, column in enumerate(columns):
            col = first_col + offset
            # unprinted, its text is not wrapped: a row is as tall on paper as on screen
            self.caps[col] = column.width if column.printed else SCREEN_WIDTH
            title = column.title
            # as wide as its longest word, and as half of it: two lines at most, not a
            # word a line ("To act on" over a column of small counts)
            widest = max(display_width(word) for word in title.split())
            least = max(widest, -(-display_width(title) // 2)) + 1
            self.least[col] = max(self.least.get(col, 0), least)
            if column.as_text:
                self.text_cols.add(col)
            self.sheet.write_string(row - 1, col - 1, title, self.header_format(column))
            tall = max(tall, wrapped_lines(display_width(title), least))
        self.row = row
        if tall > 1:
            self.sheet.set_row(row - 1, LINE_HEIGHT * tall)

    def header_format(self, column: Column):
        """The format of ``column``'s header cell (right-aligned over numbers, wrapped;
        aligned as its cells where the column says)."""
        if column.align:
            return self.styles.format(replace(HEADER, align=column.align))
        return self.styles.format(HEADER_RIGHT if column.kind in NUMBER_KINDS else HEADER)

    def table(
        self,
        columns: list[Column],
        rows: Sequence[Sequence],
        first_row: int = 1,
        fills: Sequence[str | None] | None = None,
        span: range | None = None,
    ) -> int:
        """Write a header and the rows ``span`` of ``rows`` (all by default), from
        ``first_row``, each shaded ``fills[i]`` when given; return the last row written.

        A row whose text wraps is made tall enough to show all of it (a spreadsheet
        program shows, and prints, only the first line of a row left at its height)."""
        self.header(first_row, columns)
        span = span if span is not None else range(len(rows))
        if self.xml:
            return self._xml_table(columns, rows, first_row, fills, span)
        puts = [
            self.cells(col, column.kind, column.align).put for col, column in enumerate(columns, 1)
        ]
        sized = [column.sized for column in columns]
        shade = self.styles.fill
        set_row = self.sheet.set_row
        row = first_row  # the next row's 0-based index: the 1-based row after first_row
        for index in span:
            style = PLAIN if fills is None else shade(fills[index])
            tall = 1
            for put, value, counts in zip(puts, rows[index], sized, strict=True):
                lines = put(row, value, style)
                if counts and lines and lines > tall:
                    tall = lines
            if tall > 1:  # set before the next row: a streamed sheet lets this one go then
                set_row(row, min(LINE_HEIGHT * tall, MAX_ROW_HEIGHT))
            row += 1
        self.row = row
        return row

    def _xml_table(
        self,
        columns: list[Column],
        rows: Sequence[Sequence],
        first_row: int,
        fills: Sequence[str | None] | None,
        span: range,
    ) -> int:
        """:meth:`table`'s rows on an XmlSheet, staged as XML (:mod:`~auditor.writers.xmlrows`),
        made tall enough for their sized columns' text as ``set_row`` would (``ht``)."""
        cells = []
        for col, column in enumerate(columns, 1):
            writer = self.cells(col, column.kind, column.align)
            writer.sized = column.sized
            cells.append(writer)
        row = stage_table(
            self.sheet,
            cells,
            rows,
            span,
            first_row,
            fills,
            self.styles.fill,
            lambda lines: min(LINE_HEIGHT * lines, MAX_ROW_HEIGHT),
        )
        self.row = row
        return row

    def finish(
        self,
        freeze: bool = True,
        filtered: tuple[int, int] | None = None,
        widths: dict[int, int] | None = None,
        pages_tall: int = 0,
    ) -> dict[int, int]:
        """Set column widths (returned, by 0-based column), freeze the header row, put the
        auto-filter on a header and its table (``filtered``: the table's last row, 1-based,
        and its columns), and make a printable page (``pages_tall`` pages tall at most,
        when not 0). ``widths``: what the cells need (by 0-based column), when another
        process wrote them (:mod:`auditor.writers.prestage`)."""
        if self.xml:
            self._stage_pending()
            for cells in self.columns.values():
                cells.count_shared()
                cells.release()
            used = [cells.col for cells in self.columns.values() if cells.used]
            if used:
                self.sheet.columns_used(min(used), max(used))
        needed = self.widths() if widths is None else widths
        widths = {col - 1: least for col, least in self.least.items()}
        for col, width in needed.items():
            widths[col] = max(widths.get(col, 0), width)
        final: dict[int, int] = {}
        for col, width in widths.items():
            cap = self.caps.get(col + 1, MAX_WIDTH)
            final[col] = min(max(width + 2, 6), cap + 2)
            self._set_width(col, final[col])
        self._fit_header(final)
        # Printed to take to the shop or the hotline: landscape A4 (auditor.writers.page),
        # every column on the page's width, the header row repeated on each page.
        self.sheet.set_landscape()
        self.sheet.set_paper(9)  # A4
        self.sheet.set_margins(**MARGINS)
        self.sheet.fit_to_pages(1, pages_tall)
        if self.styles.footer:
            self.sheet.set_footer(self.styles.footer)
        if freeze:
            self.sheet.freeze_panes(1, 0)
            self.sheet.repeat_rows(0)
        if filtered is not None:
            last_row, columns = filtered
            self.sheet.autofilter(0, 0, max(last_row, 1) - 1, columns - 1)
        return final

    def _set_width(self, col: int, width: int) -> None:
        """Make column ``col`` (0-based) ``width`` wide; a column of :attr:`Column.as_text`
        keeps its text format, which a cell typed below the sheet's rows takes."""
        text = self.styles.format(TYPED) if col + 1 in self.text_cols else None
        self.sheet.set_column(col, col, width, text)

    def _fit_header(self, final: dict[int, int]) -> None:
        """Make the header row as tall as its headers need in the columns' final widths.

        :meth:`header` made it tall enough for each column as narrow as its longest word,
        the least it may be: a header of several words over a wide column (``What to
        do``) would stand in a row of empty lines. Where the row can still be changed
        (not yet gone out of a streamed sheet), it is made as tall as the words, wrapped
        in the columns as they are, take: one where each fits in bold (a column widened
        by up to two for it, :func:`~auditor.writers.measure.bold_width`)."""
        if self._headed is None:
            return
        row, columns, first_col = self._headed
        tall = 1
        for offset, column in enumerate(columns):
            col, needed = first_col - 1 + offset, bold_width(column.title)
            width = final.get(col, 0)
            if width < needed <= width + 2:  # a little wider than one line holds: made so
                width = final[col] = needed
                self._set_width(col, needed)
            if needed <= width:
                continue
            # a bold header's letters are a little wider than the column's unit: a margin
            tall = max(tall, words_lines(column.title, max(width - 2, 1)))
        self.sheet.set_row(row - 1, LINE_HEIGHT * tall if tall > 1 else None)

    def widths(self) -> dict[int, int]:
        """The display width each column's cells need, by column (0-based)."""
        widths: dict[int, int] = {}
        for cells in self.columns.values():
            widths[cells.col] = max(widths.get(cells.col, 0), cells.width())
        return widths


#: Excel opens no sheet longer than this (rows, the header included).
EXCEL_MAX_ROWS = 1_048_576


@dataclass(frozen=True)
class SheetLimits:
    """How much one sheet of the report holds.

    ``rows``: a list sheet longer than this goes on in ``<name> (2)``, ``(3)``...
    ``summary_rows``: the Summary's table of lines lists at most this many (those with
    findings first) and says how many more there are; ``top_actions``: the Summary's
    things to do first, at most this many. A company's Summary lists fewer where its
    pages hold fewer: it prints on two pages at most.
    ``whole_workbook_cells``: a workbook of up to this many cells (its lists' headers and
    rows) is kept whole until it is saved, a larger one written a row at a time
    (:mod:`auditor.writers.xlsx`).
    """

    rows: int = EXCEL_MAX_ROWS
    summary_rows: int = 30
    top_actions: int = 10
    # Kept whole, each distinct text is stored once (the list sheets' rows are on disk
    # either way, :mod:`auditor.writers.xmlsheet`; a column's shared texts stop at
    # TEXTS_KEPT): the 200,000-row bill's report takes about 240 MiB at its peak.
    whole_workbook_cells: int = 2_500_000

    def place(self, sheet: str, row: int) -> tuple[str, int]:
        """Where row ``row`` (1-based, the header row 1) of a list named ``sheet`` stands
        once the list goes on over sheets: the sheet's name and the row on it."""
        per_sheet = self.rows - 1
        part, index = divmod(row - 2, per_sheet)
        return (sheet if part == 0 else f"{sheet} ({part + 1})"), index + 2

    def __post_init__(self) -> None:
        if self.rows < 2 or self.summary_rows < 1 or self.top_actions < 1:
            raise ValueError("a sheet holds its header and at least one row")


@dataclass
class Listing:
    """A table that is a sheet of its own (Findings, Charges...): its sheet's name (a
    :class:`~auditor.lang.Text`: shown in the active language, its English words naming
    the sheet's Excel table), columns, rows and each row's shading (``fills[i]``, a colour
    ``RRGGBB`` or None).

    ``rows`` is any sequence: a list, or :class:`~auditor.writers.rows.Rows`, which makes
    each row when it is written, so that a long listing is never held twice.
    """

    name: Text | str
    columns: list[Column]
    rows: Sequence[Sequence]
    fills: Sequence[str | None] | None = None
    #: Pages tall it is printed on, shrunk to them (0: as many as it takes at its width).
    pages_tall: int = 0
    #: Runs of its rows (0-based: the first and the one after the last) printed on one
    #: page where they fit (:func:`~auditor.writers.page.kept_together`): a group's total
    #: with its rows.
    blocks: tuple[tuple[int, int], ...] = ()

    def sheet_names(self, limits: SheetLimits) -> list[str]:
        """The sheets the table takes: its own name, then ``<name> (2)``, ``(3)``..."""
        count = max(1, -(-len(self.rows) // (limits.rows - 1)))  # ceil; a header on each
        return [self.title, *(f"{self.title} ({n})" for n in range(2, count + 1))]

    @property
    def title(self) -> str:
        """The sheet's name as the workbook shows it (in the active language)."""
        return str(self.name)

    @property
    def key(self) -> str:
        """The sheet's name in English, whatever the language shown: its Excel table's
        name is made of it (letters only, the same in every report)."""
        return self.name.en if isinstance(self.name, Text) else self.name

    @property
    def cells(self) -> int:
        """How many cells the listing's sheets take, headers included."""
        return (len(self.rows) + 1) * len(self.columns)


def write_listing(
    book: Workbook,
    mask: Masker,
    styles: Styles,
    listing: Listing,
    limits: SheetLimits,
    staged: list | None = None,
) -> None:
    """The table as filtered sheets with a frozen header, continued sheet after sheet
    when it is longer than one sheet holds; ``staged``: its sheets' data rows as another
    process staged them (:mod:`auditor.writers.prestage`), one part a sheet."""
    per_sheet = limits.rows - 1
    for part, name in enumerate(listing.sheet_names(limits)):
        start = part * per_sheet
        span = range(start, min(start + per_sheet, len(listing.rows)))
        w = SheetWriter(book.add_worksheet(name, XmlSheet), mask, styles)
        kept = listing.blocks and not part and not listing.pages_tall
        if kept:  # its rows' heights, to break its pages between its blocks
            w.sheet.kept_heights = {}
        widths = None
        if staged is not None:  # the header here, the rows as they were staged
            w.header(1, listing.columns)
            w.sheet.adopt(staged[part].rows, staged[part].extent)
            last, widths = staged[part].last, staged[part].widths
        else:
            last = w.table(listing.columns, listing.rows, fills=listing.fills, span=span)
        printed = [c for c in listing.columns if c.printed]
        if len(printed) < len(listing.columns):  # the machine's columns are left off paper
            w.sheet.print_area(0, 0, max(last, 1) - 1, len(printed) - 1)
        if span and not w.sheet.constant_memory:
            # An Excel table: sorts, filters and pivots by its column names, and grows
            # with what the user adds. A streamed sheet cannot hold one (xlsxwriter): it
            # keeps the plain auto-filter.
            final = w.finish(widths=widths, pages_tall=listing.pages_tall)
            w.sheet.add_table(
                0, 0, last - 1, len(listing.columns) - 1,
                {
                    "name": table_name(listing.key, part),
                    "columns": [
                        {"header": c.title, "header_format": w.header_format(c)}
                        for c in listing.columns
                    ],
                    "header_row": True,
                    "style": None,
                    "autofilter": True,
                },
            )  # fmt: skip
        else:
            final = w.finish(
                filtered=(last, len(listing.columns)), widths=widths, pages_tall=listing.pages_tall
            )
        if kept:  # (the blocks' rows below the header row)
            across = [width for col, width in final.items() if col < len(printed)]
            kept_together(w.sheet, across, [(a + 1, b + 1) for a, b in listing.blocks])


def table_name(sheet: str, part: int) -> str:
    """An Excel table's name for a sheet: the English words of its name, then the part
    (``Charges``, ``Charges2``): letters, digits and ``_`` only, unique in the workbook."""
    words = re.findall(r"[A-Za-z]+", sheet)
    base = "".join(word.capitalize() for word in words) or "Table"
    return f"{base}{part + 1}" if part else base
