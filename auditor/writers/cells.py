"""The cells of one column of a sheet: each value written as its kind asks, at a small cost.

A column of a bill's charges repeats a few texts (the line, the carrier, the month, the
file) hundreds of thousands of times. What a text becomes in a cell (masked, made
inert, whether it wraps, how wide it shows) is worked out once per distinct text of the
column and remembered; money and counts remember only their smallest and largest value,
from which the column's width follows. So a cell costs a look-up and a write, whatever
its text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace
from datetime import date
from operator import attrgetter

from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from auditor.values import format_fen
from auditor.writers.measure import (
    LATIN_LINE,
    MAX_WIDTH,
    TEXTS_KEPT,
    display_width,
    line_height,
    printed_width,
    text_height,
)
from auditor.writers.safe import Masker, is_formula_like

# A number is right-aligned and its neighbour's text left-aligned: a number's format
# ends in the room of a ")" (as an accountant's does), or "¥72.00" ran into the next step
# beside it and a count into its reason ("17blank 2").
MONEY_FORMAT = "¥#,##0.00_)"
COUNT_FORMAT = "0_)"
#: Text, as Excel's "@": what is typed into such a cell stays as typed (every digit).
TEXT_FORMAT = "@"
#: A header over numbers keeps their room at its end, as a text's format.
HEADER_FORMAT = "@_)"
LINK_COLOUR = "0563C1"  # a link's blue, as Excel's own
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"
#: The width a date and a date and time show in, as printed (a digit a column, a dash or
#: a colon about half of one): the Services sheet's four dates and times, each as wide as
#: 19 digits, printed its columns smaller.
DATE_WIDTHS = {
    "date": printed_width("0000-00-00"),
    "datetime": printed_width("0000-00-00 00:00:00"),
}

#: Excel's limit for one cell, in UTF-16 code units.
MAX_CELL_UNITS = 32767

# Characters XML 1.0 cannot hold; text that is not input (``plain``) might still carry one.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
_WRAP, _QUOTE = 1, 2  # the flags of a text: it wraps, it looks like a formula


@dataclass(frozen=True, eq=False)
class Style:
    """How a cell looks beyond what its kind gives it: bold, font size, a fill colour
    (``RRGGBB``); the kinds add a number format, wrapping and the quote prefix.

    Styles compare by identity, so that finding a cell's format is one cheap look-up; the
    workbook's formats are made once per distinct look (:class:`Styles`).
    """

    bold: bool = False
    size: int | None = None
    fill: str | None = None
    num_format: str | None = None
    wrap: bool = False
    quote: bool = False
    align: str | None = None  # "right" for the header of a column of numbers
    colour: str | None = None  # the font's colour, RRGGBB
    underline: bool = False  # a link


PLAIN = Style()
# A style's fields as a tuple, in C (dataclasses.astuple copies each value, recursively:
# a tenth of a 3,000-finding report's writing, a link's style asked per cell).
_style_key = attrgetter(*(f.name for f in fields(Style)))


class Styles:
    """The workbook's cell formats, one per distinct look."""

    def __init__(self, book: Workbook, footer: str = ""):
        """Formats of ``book``; ``footer`` is every printed page's (xlsxwriter's codes:
        ``&P`` the page, ``&N`` the pages)."""
        self.book = book
        self.footer = footer
        self._formats: dict[tuple, Format | None] = {}
        self._fills: dict[str | None, Style] = {None: PLAIN}
        # A rich text's runs need a format of their own: the plain look.
        self.run = book.add_format()

    def format(self, style: Style) -> Format | None:
        """The format that gives ``style`` (None for the plain look)."""
        key = _style_key(style)
        if key not in self._formats:
            properties = {
                "bold": style.bold,
                "font_size": style.size,
                "bg_color": style.fill and f"#{style.fill}",
                "pattern": 1 if style.fill else None,
                "num_format": style.num_format,
                "text_wrap": style.wrap,
                # Top: in a row made tall for one cell's wrapped text, the others start level
                # with it, not at the bottom.
                "valign": "top",
                "quote_prefix": style.quote,
                "align": style.align,
                "font_color": style.colour and f"#{style.colour}",
                "underline": 1 if style.underline else None,
            }
            chosen = {k: v for k, v in properties.items() if v}
            self._formats[key] = self.book.add_format(chosen) if chosen else None
        return self._formats[key]

    def fill(self, colour: str | None) -> Style:
        """The style of a row shaded ``colour`` (the plain look for None), one per colour."""
        if colour not in self._fills:
            self._fills[colour] = Style(fill=colour)
        return self._fills[colour]


class Cells:
    """Writes the values of one column of one sheet and knows the width they need.

    ``kind`` is a :class:`~auditor.writers.sheet.Column` kind. :meth:`put` writes a value
    in a row, in a :class:`Style` (a row's shading, a title's font).
    """

    def __init__(
        self,
        sheet: Worksheet,
        col: int,
        kind: str,
        mask: Masker,
        styles: Styles,
        cap: int = MAX_WIDTH,
    ):
        """The cells of column ``col`` (0-based) of ``sheet``, made at most ``cap`` wide
        (longer text wraps)."""
        self.sheet, self.col, self.kind = sheet, col, kind
        self.cap = cap
        self.mask, self.styles = mask, styles
        self._write_string = sheet.write_string
        self._texts: dict[object, tuple[str, int, bool, int]] = {}
        self._formats: dict[Style, list[Format | None]] = {}
        self._width = 0
        self._low: int | None = None
        self._high: int | None = None
        self._other: Cells | None = None  # a date column's value that is no date: text
        #: How the cells align when not as their kind has it (``center``), set before the
        #: first is written.
        self.align: str | None = None
        #: Whether the column is one the user types into (``Column.as_text``): its cells,
        #: empty ones too, are formatted as text. Set before the first is written.
        self.as_text = False
        number_format = {
            "money": MONEY_FORMAT,
            "int": COUNT_FORMAT,
            "date": DATE_FORMAT,
            "datetime": DATETIME_FORMAT,
        }
        self._number_format = number_format.get(kind)
        puts = {"money": self._put_money, "int": self._put_int, "link": self._put_link}
        self.put = puts.get(kind, self._put_date if self._number_format else self._put_text)

    def width(self) -> int:
        """The display width the column's widest value needs."""
        widths = [self._width]
        if self.kind in ("money", "int") and self._low is not None:
            shown = (lambda fen: f"¥{format_fen(fen)}0") if self.kind == "money" else str
            widths += [display_width(shown(self._low)), display_width(shown(self._high))]
        if self._other is not None:
            widths.append(self._other.width())
        return max(widths)

    def _formats_for(self, style: Style) -> list[Format | None]:
        """The formats of a cell in ``style``, by its text's flags (wrap, quote)."""
        formats = self._formats.get(style)
        if formats is None:
            # a header's own (HEADER_FORMAT); text where the user types (as_text)
            num_format = self._number_format or (TEXT_FORMAT if self.as_text else style.num_format)
            base = replace(style, num_format=num_format, align=style.align or self.align)
            formats = [
                self.styles.format(
                    replace(
                        base, wrap=style.wrap or bool(flags & _WRAP), quote=bool(flags & _QUOTE)
                    )
                )
                for flags in range(4)
            ]
            self._formats[style] = formats
        return formats

    def _blank(self, row: int, style: Style) -> None:
        if style is not PLAIN:
            self.sheet.write_blank(row, self.col, None, self._formats_for(style)[0])

    def _put_text(self, row: int, value: object, style: Style = PLAIN) -> float:
        try:
            known = self._texts.get(value)
        except TypeError:  # a value that cannot be remembered (a list): worked out each time
            known = self._text(value)
        if known is None:
            if len(self._texts) >= TEXTS_KEPT:
                self._texts.clear()
            known = self._texts[value] = self._text(value)
        text, flags, rich, lines = known
        formats = self._formats.get(style) or self._formats_for(style)
        if rich:
            # xlsxwriter writes a text that starts "<r>" and ends "</r>" into the sheet as
            # XML, unescaped (it takes it for a rich text it made): as a rich text of two
            # runs it is escaped like any other, and reads back the same.
            runs: list = ["<r>", self.styles.run, text[3:]]
            if formats[flags]:
                runs.append(formats[flags])
            self.sheet.write_rich_string(row, self.col, *runs)
        elif text:
            self._write_string(row, self.col, text, formats[flags])
        elif style is not PLAIN or self.as_text:  # an empty cell to type into: text
            self.sheet.write_blank(row, self.col, None, formats[0])
        return lines

    def _text(self, value: object) -> tuple[str, int, bool, float]:
        """What ``value`` shows in a cell: the text, its flags, whether it must be written
        as a rich text, and how many lines it takes once wrapped, a line of ASCII text
        :data:`~auditor.writers.measure.LATIN_LINE` of one (of the row's ``LINE_HEIGHT``);
        the column's width grows to it."""
        if value is None or value == "":
            return "", 0, False, 1
        if self.kind == "plain":  # not input, but XML 1.0 still holds no control character
            text = _ILLEGAL.sub(lambda m: f"\\x{ord(m[0]):02x}", str(value))
        elif self.kind == "list":
            text = self.mask.joined(value)  # the masker leaves no control character
        else:
            text = self.mask(value)
        if len(text) > MAX_CELL_UNITS // 2 and len(text.encode("utf-16-le")) > 2 * MAX_CELL_UNITS:
            text = text.encode("utf-16-le")[: 2 * MAX_CELL_UNITS].decode("utf-16-le", "ignore")
        wrap = "\n" in text
        lines = 0.0
        # A line is at most twice as wide as it is long, or 2.6 times printed with
        # characters of ambiguous width (“”, ①): most need no measuring at all.
        for line in text.split("\n") if wrap else (text,):
            latin = line.isascii()
            height = LATIN_LINE if latin else 0.0  # (0: as text_height finds it)
            if (2 * len(line) if latin else 26 * len(line) // 10) > min(self._width, self.cap):
                width = display_width(line)
                if not latin and width * 26 > 10 * min(self._width, self.cap):
                    # Printed wider than on screen: its column is as wide as it prints,
                    # and it wraps past the cap, not runs under its neighbour.
                    width = max(width, printed_width(line))
                self._width = max(self._width, width)
                if width > self.cap:
                    wrap = True
                    # The sheet makes a wrapping column two wider than its cap, and a line
                    # holds a column less than that (61 digits in a column 62 wide).
                    height = text_height(line, self.cap + 1)
            # each printed line as tall as what it holds: Chinese, or Latin text only
            lines += height or line_height(line)
        flags = (_WRAP if wrap else 0) | (_QUOTE if is_formula_like(text) else 0)
        return text, flags, text.startswith("<r>") and text.endswith("</r>"), lines

    def _put_link(self, row: int, value: object, style: Style = PLAIN) -> None:
        """A link to a row of a sheet of the report: ``(sheet, row, text)`` (1-based row),
        all three ours, none from an input."""
        if not value:
            self._blank(row, style)
            return
        sheet, target, text = value
        self._width = max(self._width, display_width(text))
        link = replace(style, colour=LINK_COLOUR, underline=True)
        self.sheet.write_url(
            row, self.col, f"internal:'{sheet}'!A{target}", self.styles.format(link), text
        )

    def _put_money(self, row: int, value: object, style: Style = PLAIN) -> None:
        if value is None or value == "":
            self._blank(row, style)
            return
        fen = int(value)
        self._extent(fen)
        self.sheet.write_number(row, self.col, fen / 100, self._formats_for(style)[0])

    def _put_int(self, row: int, value: object, style: Style = PLAIN) -> None:
        if value is None or value == "":
            self._blank(row, style)
            return
        number = int(value)
        self._extent(number)
        self.sheet.write_number(row, self.col, number, self._formats_for(style)[0])

    def _extent(self, number: int) -> None:
        if self._low is None:
            self._low = self._high = number
        elif number < self._low:
            self._low = number
        elif number > self._high:
            self._high = number

    def _put_date(self, row: int, value: object, style: Style = PLAIN) -> None:
        if isinstance(value, date):
            self._width = max(self._width, DATE_WIDTHS[self.kind])
            self.sheet.write_datetime(row, self.col, value, self._formats_for(style)[0])
            return
        if self._other is None:  # not a date after all: shown as the text it is
            self._other = Cells(self.sheet, self.col, "text", self.mask, self.styles)
        self._other.put(row, value, style)
