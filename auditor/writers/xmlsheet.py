"""A worksheet whose cells auditor writes as XML itself, row after row.

xlsxwriter costs some microseconds a cell: each write checks its arguments and keeps a
tuple, and saving turns each tuple into XML through several calls. For a report of
millions of cells that is most of the audit. Here a column's distinct values are worked
out once (:class:`~auditor.writers.cells.Cells`: masked, made inert, measured) into the
XML of a cell, so that a cell costs a look-up and a string, and each row goes to a file
in the workbook's private folder as it is made. xlsxwriter still writes everything
else: the workbook, the styles (a cell's ``s`` is the index of an xlsxwriter format),
the sheet's columns, panes, filter and page, and the shared strings.

The promises are the same as xlsxwriter's cells keep: text is escaped here (``&``,
``<``, ``>``; a control character as ``_xHHHH_`` and a literal ``_xHHHH_`` escaped in
turn, as Excel reads them), so no text is taken for markup or a formula (there is no
formula cell at all); money is written from integer fen as its exact decimal, never
through a float.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import replace
from datetime import date

from xlsxwriter.url import Url
from xlsxwriter.utility import xl_col_to_name, xl_range
from xlsxwriter.worksheet import Worksheet

from auditor.writers.cells import DATE_WIDTHS, LINK_COLOUR, PLAIN, Cells, Style
from auditor.writers.measure import (
    DEFAULT_ROW_POINTS,
    MAX_WIDTH,
    TEXTS_KEPT,
    display_width,
    whole_pixels,
)
from auditor.writers.package import Deflated, PartPath, inflate_into

# What Excel reads in a text as an escape: a control character is written as one, and a
# text that holds one literally gets its underscore escaped (as xlsxwriter does).
_ESCAPE_LIKE = re.compile("(_x[0-9a-fA-F]{4}_)")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f]")
# Any of the above, or what XML escapes: most texts hold none and are written as they are.
_SPECIAL = re.compile("[&<>\x00-\x08\x0b-\x1f\ufffe\uffff]|_x[0-9a-fA-F]{4}_")


def escape_text(text: str) -> str:
    """``text`` as the content of a ``<t>`` element, read back by Excel as ``text``."""
    if not _SPECIAL.search(text):
        return text
    if "_x" in text:
        text = _ESCAPE_LIKE.sub(r"_x005F\1", text)
    text = _CONTROL.sub(lambda m: f"_x{ord(m[0]):04X}_", text)
    text = text.replace("\ufffe", "_xFFFE_").replace("\uffff", "_xFFFF_")
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def row_height(points: float) -> str:
    """The attributes of a row ``points`` tall, as xlsxwriter's ``set_row`` gives it (in
    whole pixels, written in points)."""
    return f' ht="{whole_pixels(points):.16g}" customHeight="1"'


def fen_decimal(fen: int) -> str:
    """Integer fen as the exact decimal of yuan: ``-1205`` → ``-12.05``."""
    whole, cents = divmod(abs(fen), 100)
    return f"{'-' if fen < 0 else ''}{whole}.{cents:02d}"


class XmlSheet(Worksheet):
    """A worksheet whose data rows are staged as XML by :class:`XmlCells` and
    :class:`~auditor.writers.sheet.SheetWriter`, and copied into the sheet when the
    workbook is saved, after the rows written through xlsxwriter (the header, which an
    Excel table writes again). Those must come before the staged rows: a cell or a row's
    height given through xlsxwriter at or below them is refused, not lost. Rows another
    process staged and deflated (:meth:`adopt`) are put in by the zip of an
    :class:`auditor.writers.package.Book` as they are, else inflated into the sheet."""

    def _initialize(self, init_data: dict) -> None:
        #: Texts as shared strings, stored once each (the fastest way), unless the workbook
        #: goes out a row at a time: then each text stays in its cell, nothing is held.
        self.shared_strings = not init_data["constant_memory"]
        super()._initialize(init_data)
        self._rows = None  # the staged <row> elements: a text file in the private folder
        self._first: int | None = None  # the first staged row (0-based)
        self._last_own = -1  # the last row written through xlsxwriter
        self._linking = False  # a staged cell's link being given to xlsxwriter
        #: Where to stage them when another process is to copy them (else a file unnamed).
        self.staging_path: str | None = None
        self._part: PartPath | None = None  # the sheet's file, when the zip puts rows in
        self._urls: dict[tuple[str, str], Url] = {}  # the links given, by address and text
        self._heights: dict[int, float] = {}  # points by 0-based row, given through xlsxwriter
        #: The staged rows' heights (points by 0-based row) when a dict, for
        #: :meth:`row_points`; None keeps none (a list's 200,000 tall rows: 20 MB).
        self.kept_heights: dict[int, float] | None = None

    def _check_dimensions(self, row: int, col: int, ignore_row=False, ignore_col=False) -> int:
        # Every cell and row height xlsxwriter is given passes here first.
        if not ignore_row and not self._linking:
            if self._first is not None and row >= self._first:
                raise RuntimeError(
                    f"{self.name}: row {row + 1} written through xlsxwriter among the rows "
                    "staged as XML; xlsxwriter's rows come first"
                )
            self._last_own = max(self._last_own, row)
        return super()._check_dimensions(row, col, ignore_row, ignore_col)

    def set_row_pixels(self, row, height=None, cell_format=None, options=None):
        """xlsxwriter's, the height given remembered (:meth:`row_points`)."""
        done = super().set_row_pixels(row, height, cell_format, options)
        if done == 0:
            if height is None:
                self._heights.pop(row, None)
            else:
                self._heights[row] = height * 0.75
        return done

    def row_points(self, row: int) -> float:
        """How tall row ``row`` (0-based) is, in points, as this sheet writes it: its
        height given through xlsxwriter, or staged (where :attr:`kept_heights` keeps
        them), else the default's."""
        given = self._heights.get(row)
        if given is None and self.kept_heights is not None:
            given = self.kept_heights.get(row)
        return DEFAULT_ROW_POINTS if given is None else given

    def stage(self, row: int, xml: str) -> None:
        """Add the ``<row>`` element ``xml`` of row ``row`` (0-based; rows in order, after
        those written through xlsxwriter)."""
        self.stage_rows(row, row, xml)

    def stage_rows(self, first: int, last: int, xml: str) -> None:
        """Add the ``<row>`` elements ``xml``, the first of row ``first``, the last of row
        ``last`` (0-based; as :meth:`stage`)."""
        if self._rows is None:
            if first <= self._last_own:
                raise RuntimeError(f"{self.name}: row {first + 1} was written through xlsxwriter")
            if self.staging_path is None:
                self._rows = tempfile.TemporaryFile("w+", encoding="utf-8", dir=self.tmpdir)
            else:
                self._rows = open(self.staging_path, "w+", encoding="utf-8")
            self._first = first
        if self.dim_rowmin is None or first < self.dim_rowmin:
            self.dim_rowmin = first
        if self.dim_rowmax is None or last > self.dim_rowmax:
            self.dim_rowmax = last
        self._rows.write(xml)

    def staged(self) -> tuple[int | None, ...]:
        """The sheet's extent (first and last row, first and last column, 0-based) and its
        first staged row once its rows are staged in ``staging_path``, for :meth:`adopt`
        in another process."""
        if self._rows is not None:
            self._rows.close()
            self._rows = None
        return (self.dim_rowmin, self.dim_rowmax, self.dim_colmin, self.dim_colmax, self._first)

    def adopt(self, rows: Deflated, extent: tuple[int | None, ...]) -> None:
        """Take the rows another process staged (see :meth:`staged`), deflated
        (:func:`~auditor.writers.package.deflate_file`)."""
        self._rows = rows
        self.dim_rowmin, self.dim_rowmax, self.dim_colmin, self.dim_colmax, first = extent
        self._first = first

    def _set_xml_writer(self, filename) -> None:
        # The name of the sheet's file: one of auditor.writers.package's lets the zip put
        # adopted rows in, deflated as they are.
        self._part = filename if isinstance(filename, PartPath) else None
        super()._set_xml_writer(filename)

    def add_table(self, first_row, first_col, last_row, last_col, options=None):
        """xlsxwriter's ``add_table`` over a list sheet's one table, without its check
        that the table overlaps no earlier one cell by cell: that check keeps every cell
        of the range in a dict (2.2 million for a 200,000-row list: 1.5 s and 250 MiB),
        and a list sheet holds one table and no merged cell. The table is added over its
        header and first row, then given its whole range, as xlsxwriter would set it."""
        plain = not self.tables and not self.merge and not (options or {}).get("total_row")
        if not plain or "data" in (options or {}) or last_row <= first_row + 1:
            return super().add_table(first_row, first_col, last_row, last_col, options)
        added = super().add_table(first_row, first_col, first_row + 1, last_col, options)
        if added == 0:
            table = self.tables[-1]
            table["range"] = table["a_range"] = xl_range(first_row, first_col, last_row, last_col)
            if "autofilter" in table:
                table["autofilter"] = table["a_range"]
        return added

    def link(self, row: int, col: int, url: str, cell_format, text: str) -> bool:
        """Give xlsxwriter the link of the cell (``row``, ``col``), 0-based, whose text is
        staged as XML (it writes the sheet's hyperlinks); False when it refuses the link
        (past Excel's 65,530 a sheet), and then, as xlsxwriter does, no cell is written."""
        # One Url a link and text, not one a cell: xlsxwriter makes one of a text, parsing
        # it (5 us; 3,000 findings link to their steps), and changes an internal link's
        # only where a cell written through it holds no text, which no staged cell is.
        known = self._urls.get((url, text))
        if known is None:
            known = self._urls[url, text] = Url(url)
            known.text = text
        self.ignore_write_string = self._linking = True  # the text is ours to write
        try:
            return self.write_url(row, col, known, cell_format) == 0
        finally:
            self.ignore_write_string = self._linking = False

    def columns_used(self, first: int, last: int) -> None:
        """Cells were written in columns ``first`` to ``last`` (0-based)."""
        if self.dim_colmin is None or first < self.dim_colmin:
            self.dim_colmin = first
        if self.dim_colmax is None or last > self.dim_colmax:
            self.dim_colmax = last

    def _write_sheet_data(self) -> None:
        if self._rows is None:
            super()._write_sheet_data()
            return
        self.fh.write("<sheetData>")
        if self._last_own >= 0:  # xlsxwriter's rows, before the staged ones
            last = self.dim_rowmax
            self.dim_rowmax = self._first - 1
            self._write_rows()
            self.dim_rowmax = last
        self._copy_staged()

    def _write_optimized_sheet_data(self) -> None:
        if self._rows is None:
            super()._write_optimized_sheet_data()
            return
        self.fh.write("<sheetData>")
        # xlsxwriter's rows, streamed to its row file as they were written: before ours.
        self.row_data_fh.seek(0)
        shutil.copyfileobj(self.row_data_fh, self.fh, 1 << 20)
        self.row_data_fh.close()
        os.unlink(self.row_data_filename)
        self._copy_staged()

    def _copy_staged(self) -> None:
        if isinstance(self._rows, Deflated):  # adopted
            if self._part is not None:
                self.fh.flush()
                self._part.put_rows(self.fh.buffer.tell(), self._rows)
            else:
                inflate_into(self._rows, self.fh)
            self._rows = None
            self.fh.write("</sheetData>")
            return
        rows = self._rows  # staged here: a text file in UTF-8
        rows.seek(0)
        # As bytes when both ends are UTF-8 files (the sheet's, xlsxwriter's own): a long
        # list's 100 MB of XML is then neither decoded nor encoded again.
        if isinstance(self.fh, io.TextIOWrapper) and self.fh.encoding == "utf-8":
            self.fh.flush()
            shutil.copyfileobj(rows.buffer, self.fh.buffer, 1 << 20)
        else:
            shutil.copyfileobj(rows, self.fh, 1 << 20)
        rows.close()
        self._rows = None
        self.fh.write("</sheetData>")


class XmlCells(Cells):
    """The cells of one column of an :class:`XmlSheet`: :meth:`xml` gives a cell's
    element, worked out once per distinct value of the column (texts, amounts, dates)."""

    def __init__(
        self, sheet: XmlSheet, col: int, kind: str, mask, styles, cap: int, tall: list[float]
    ):
        """The cells of column ``col`` (0-based) of ``sheet``, at most ``cap`` wide.
        ``tall[0]`` is raised to the lines of a cell's wrapped text, when more than one
        and the column is printed (``sized``): the row's height."""
        super().__init__(sheet, col, kind, mask, styles, cap)
        self.tall = tall
        self.sized = True
        self.shared = sheet.shared_strings
        self.used = False  # whether any cell of the column was written
        # Cells holding a shared string, and the strings this column added to the table
        # (which counted one cell each): the table's count of cells is told the rest.
        self.shared_cells = self.shared_added = 0
        self._ref = f'<c r="{xl_col_to_name(col)}'
        self._bodies: dict[object, tuple[int, str | None, int, float]] = {}
        #: A remembered cell's element with ``\0`` for its row, by style and value (by a
        #: list's items as a tuple): what :func:`stage_table` looks up for most cells.
        self._tails: dict[Style, dict[object, str]] = {}
        #: The lines those elements' texts take, by element, where more than one.
        self.tall_tails: dict[str, float] = {}
        self._attrs: dict[Style, list[str]] = {}
        self._links: dict[Style, tuple] = {}  # a link's format and attribute, by style
        bodies = {"money": self._money_body, "int": self._int_body}
        self._body = bodies.get(kind, self._date_body if self._number_format else self._text_body)
        self._dates = self._number_format is not None and kind not in bodies
        if self._dates:
            self.xml = self._date_xml
        elif kind == "link":
            self.xml = self._link_xml

    def xml(self, row: str, value: object, style: Style = PLAIN) -> str:
        """The element of the cell in row ``row`` (1-based, as text) holding ``value`` in
        ``style``; ``""`` when there is nothing to write (no value, no shading)."""
        known = self._known(value)[0]
        shared, lines = known[2], known[3]
        self.shared_cells += shared
        if lines > 1 and lines > self.tall[0] and self.sized:
            self.tall[0] = lines
        return self._element(row, known, style)

    def _element(self, row: str, known: tuple[int, str | None, int, float], style: Style) -> str:
        """The cell's element in row ``row`` (or ``\0``), of what its value is written as
        (:meth:`_known`), in ``style``; ``""`` for no value in no shading."""
        flags, body = known[0], known[1]
        attrs = self._attrs.get(style) or self._attrs_for(style)
        if body is None:
            if style is PLAIN and not self.as_text:  # (an empty cell to type into: text)
                return ""
            self.used = True
            return f'{self._ref}{row}"{attrs[0]}/>'
        return f'{self._ref}{row}"{attrs[flags]}{body}'

    def _known(self, value: object) -> tuple[tuple[int, str | None, int, float], bool]:
        """What ``value`` is written as (flags, the element's end, whether a shared
        string, its lines), and whether it is remembered (a list is not)."""
        try:
            known = self._bodies.get(value)
        except TypeError:  # a value that cannot be remembered (a list): worked out each time
            return self._body(value), False
        if known is None:
            if len(self._bodies) >= TEXTS_KEPT:
                self._bodies.clear()
                self._forget()
                # Texts this many and still new: sharing them would only add a table
                # as long as the sheet. The rest of the column's texts stay in their cells.
                self.shared = False
            known = self._bodies[value] = self._body(value)
        return known, True

    def tails(self, style: Style) -> Callable[[object], str | None]:
        """Looks up the element of a remembered cell in ``style``, ``\\0`` for its row
        number (None for a value not remembered: :meth:`tail` makes it); nothing is
        looked up for a link, whose every cell xlsxwriter is told of."""
        known = self._tails.get(style)
        if known is None:
            known = self._tails[style] = {}
        if self.kind == "link":
            return _nothing
        if self.kind == "list":
            get = known.get
            return lambda value: get(tuple(value)) if type(value) is list else get(value)
        return known.get

    def tail(self, row: str, value: object, style: Style) -> tuple[str, float]:
        """The element of the cell in row ``row`` (1-based, as text) holding ``value`` in
        ``style``, ``\\0`` for its row number but for a link, and the lines its text
        takes; remembered for :meth:`tails` when it can be. Cells holding a shared
        string are counted by their caller."""
        if self.kind == "link":
            return self._link_xml(row, value, style), 1
        if self._dates and not isinstance(value, date):
            other = self._not_dates()
            tail, lines = other.tail(row, value, style)
            self.used = self.used or other.used
            return tail, lines
        known, remembered = self._known(value)
        lines = known[3]
        tail = self._element("\0", known, style)
        key = tuple(value) if self.kind == "list" and type(value) is list else value
        if remembered or key is not value:
            self._remember(style, key, tail, lines)
        return tail, lines

    def _remember(self, style: Style, key: object, tail: str, lines: float) -> None:
        known = self._tails.get(style)
        if known is None:  # never looked up (a date column's other values)
            return
        try:
            if len(known) >= TEXTS_KEPT:
                self._forget()
            known[key] = tail
        except TypeError:  # a list of what cannot be remembered
            return
        if lines > 1:
            self.tall_tails[tail] = lines

    def _forget(self) -> None:
        """Let go of the elements remembered (their lookups stay the same objects)."""
        for known in self._tails.values():
            known.clear()
        self.tall_tails.clear()

    def _attrs_for(self, style: Style) -> list[str]:
        """The ``s`` attribute of a cell in ``style``, by its text's flags (wrap, quote)."""
        attrs = []
        for cell_format in self._formats_for(style):
            index = cell_format._get_xf_index() if cell_format is not None else 0
            attrs.append(f' s="{index}"' if index else "")
        self._attrs[style] = attrs
        return attrs

    def _text_body(self, value: object) -> tuple[int, str | None, int, float]:
        text, flags, _, lines = self._text(value)
        if not text:
            return 0, None, 0, 1
        self.used = True
        if self.shared and not (text.startswith("<r>") and text.endswith("</r>")):
            # xlsxwriter writes such a shared string into the XML as it is (it takes it
            # for a rich text of its own): those stay in their cell, escaped here.
            index = self.sheet.str_table._get_shared_string_index(text)
            self.shared_added += 1
            return flags, f' t="s"><v>{index}</v></c>', 1, lines
        space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
        return flags, f' t="inlineStr"><is><t{space}>{escape_text(text)}</t></is></c>', 0, lines

    def _link_xml(self, row: str, value: object, style: Style = PLAIN) -> str:
        """A link to a row of a sheet of the report, ``(sheet, row, text)``, all three
        ours (none from an input), as :meth:`Cells._put_link` writes it."""
        if not value:
            return XmlCells.xml(self, row, None, style)
        sheet, target, text = value
        self._width = max(self._width, display_width(text))
        known = self._links.get(style)
        if known is None:  # the link's look in this row's style, once per style
            link = self.styles.format(replace(style, colour=LINK_COLOUR, underline=True))
            index = link._get_xf_index() if link is not None else 0
            known = self._links[style] = (link, f' s="{index}"' if index else "")
        link, attr = known
        url = f"internal:'{sheet}'!A{target}"
        if not self.sheet.link(int(row) - 1, self.col, url, link, text):
            return ""
        self.used = True
        if self.shared:  # counted as xlsxwriter counts it, one cell a call
            body = f' t="s"><v>{self.sheet.str_table._get_shared_string_index(text)}</v></c>'
        else:
            body = f' t="inlineStr"><is><t>{escape_text(text)}</t></is></c>'
        return f'{self._ref}{row}"{attr}{body}'

    def _money_body(self, value: object) -> tuple[int, str | None, int, float]:
        if value is None or value == "":
            return 0, None, 0, 1
        fen = int(value)
        self._extent(fen)
        self.used = True
        return 0, f"><v>{fen_decimal(fen)}</v></c>", 0, 1

    def _int_body(self, value: object) -> tuple[int, str | None, int, float]:
        if value is None or value == "":
            return 0, None, 0, 1
        number = int(value)
        self._extent(number)
        self.used = True
        return 0, f"><v>{number:.16G}</v></c>", 0, 1

    def _date_body(self, value: date) -> tuple[int, str | None, int, float]:
        self._width = max(self._width, DATE_WIDTHS[self.kind])
        self.used = True
        return 0, f"><v>{self.sheet._convert_date_time(value):.16G}</v></c>", 0, 1

    def _date_xml(self, row: str, value: object, style: Style = PLAIN) -> str:
        if isinstance(value, date):
            return XmlCells.xml(self, row, value, style)
        other = self._not_dates()
        cell = other.xml(row, value, style)
        self.used = self.used or other.used
        return cell

    def _not_dates(self) -> XmlCells:
        """The cells of a date column's values that are not dates after all: shown as the
        texts they are."""
        if self._other is None:
            self._other = XmlCells(
                self.sheet, self.col, "text", self.mask, self.styles, MAX_WIDTH, self.tall
            )
            self._other.sized = self.sized
        return self._other

    def count_shared(self) -> None:
        """Tell the shared-string table how many cells of this column hold one of its
        strings (it counted only the strings this column added)."""
        for cells in (self, self._other):
            if cells is not None:
                self.sheet.str_table.count += cells.shared_cells - cells.shared_added
                cells.shared_cells = cells.shared_added = 0

    def release(self) -> None:
        """Let go of the values' elements remembered, once the column's cells are all
        written: a column refers to itself (its kind's methods), so what it holds would
        otherwise wait for the cycle collector, which walks it all (a tenth of the
        workbook's time for the PDF benchmark's 3,000 findings)."""
        for cells in (self, self._other):
            if cells is not None:
                cells._bodies.clear()
                cells._forget()


def _nothing(value: object) -> None:
    """No element known: each cell is made (a link's)."""
    return None
