"""The cells of one column of a sheet: each value written as its kind asks, at a small cost.

A column of a bill's charges repeats a few texts (the line, the carrier, the month, the
file) hundreds of thousands of times. What a text becomes in a cell (masked, made
inert, whether it wraps, how wide it shows) is worked out once per distinct text of the
column and remembered; money and counts remember only their smallest and largest value,
from which the column's width follows. So a cell costs a look-up and a write, whatever
its text.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, fields, replace
from datetime import date
from operator import attrgetter

from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from auditor.values import format_fen
from auditor.writers.safe import Masker, is_formula_like

MONEY_FORMAT = "¥#,##0.00"
LINK_COLOUR = "0563C1"  # a link's blue, as Excel's own
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"

#: Widest a column is made, in the widths of a Latin character; longer text wraps.
MAX_WIDTH = 60
#: Excel's limit for one cell, in UTF-16 code units.
MAX_CELL_UNITS = 32767
#: How many distinct texts a column remembers before it starts again (a bound on memory:
#: a column of distinct texts, such as a bill's item names, gains nothing from it).
TEXTS_KEPT = 1 << 15

# Characters XML 1.0 cannot hold; text that is not input (``plain``) might still carry one.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
_WRAP, _QUOTE = 1, 2  # the flags of a text: it wraps, it looks like a formula


@functools.cache
def _wide_runs() -> re.Pattern:
    """Runs of wide (CJK) characters of the Basic Multilingual Plane, from the running
    Python's tables: a class of their ranges (about 200), made at first use (12 ms).
    Counting what it finds is several times quicker than deleting them by a table
    (``str.translate`` looks each character up in a dict of 40,000)."""
    ranges: list[str] = []
    start = None
    for code in range(0x1100, 0x10001):
        wide = code < 0x10000 and unicodedata.east_asian_width(chr(code)) in ("W", "F")
        if wide and start is None:
            start = code
        elif not wide and start is not None:
            first, last = re.escape(chr(start)), re.escape(chr(code - 1))
            ranges.append(first if start == code - 1 else f"{first}-{last}")
            start = None
    return re.compile(f"[{''.join(ranges)}]+")


def display_width(text: str) -> int:
    """How many columns ``text`` takes on screen: wide (CJK) characters count two."""
    if text.isascii():
        return len(text)
    if max(text) <= "\uffff":
        return len(text) + len("".join(_wide_runs().findall(text)))
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


# Calibri's advance widths of the printable ASCII characters, space to tilde, in 2048ths
# of an em (Carlito, where LibreOffice prints, has the same metrics): a digit is 1038.
_CALIBRI = (
    463, 548, 821, 1038, 1038, 1462, 1397, 452, 621, 621, 1038, 1038, 511, 627, 517, 791,
    *[1038] * 10, 548, 548, 1038, 1038, 1038, 945, 1823,
    1185, 1114, 1092, 1260, 1000, 941, 1292, 1276, 516, 653, 1064, 861, 1751, 1322, 1356,
    1058, 1378, 1112, 941, 998, 1314, 1162, 1822, 1063, 998, 959,
    628, 791, 628, 1038, 1038, 588,
    981, 1076, 866, 1076, 1019, 625, 964, 1076, 470, 490, 931, 470, 1636, 1076, 1080, 1076,
    1076, 714, 801, 686, 1076, 925, 1464, 887, 927, 809,
    643, 940, 643, 1038,
)  # fmt: skip
#: Each ASCII character's width in hundredths of a column (a digit's width); a control
#: character counts as one column.
_HUNDREDTHS = [100] * 128
for _code, _advance in enumerate(_CALIBRI, 32):
    _HUNDREDTHS[_code] = -(-_advance * 100 // 1038)


class _Widths(dict):
    """Each character's printed width in hundredths of a column, found once each: ASCII
    by Calibri's metrics; a wide (CJK) character two columns; a combining mark none. A
    character of ambiguous width prints as the font beside it draws it: LibreOffice
    draws curly quotes, …, —, → at two columns in a line of Chinese, at about one in a
    line of Latin text (``among_wide``); ①, ℃, № and their kind at up to 2.6 either way;
    Greek and Cyrillic letters at up to 1.5. Any other letter (é) is one column, any
    other symbol two (␊, which a line break in a bill's text becomes). Too wide only
    makes a row a little taller; too narrow hides the end of its text."""

    def __init__(self, among_wide: bool):
        super().__init__(zip(map(chr, range(128)), _HUNDREDTHS, strict=True))
        self.among_wide = among_wide

    def __missing__(self, char: str) -> int:
        east, kind = unicodedata.east_asian_width(char), unicodedata.category(char)
        if east in ("W", "F"):
            width = 200
        elif kind in ("Mn", "Me"):
            width = 0
        elif east == "A" and kind[0] == "L":
            width = 170  # (Ш, the widest)
        elif east == "A" and kind[0] in "PS" and kind != "So":
            width = 200 if self.among_wide else 100
        elif east == "A" or kind[0] not in "LN":
            width = 260 if east == "A" else 200
        else:
            width = 100
        self[char] = width
        return width


_LATIN_LINE, _CHINESE_LINE = _Widths(among_wide=False), _Widths(among_wide=True)


def _widths_for(text: str) -> _Widths:
    """The widths a line's characters print at: as beside Chinese when it holds any."""
    if text.isascii() or not _wide_runs().search(text):
        return _LATIN_LINE
    return _CHINESE_LINE


#: A word and the spaces, hyphens or slashes after it: where a line may break (a path or
#: a URL breaks after its slashes).
_WORDS = re.compile(r"[^ \-/]*[ \-/]*")


def printed_width(text: str) -> int:
    """About how many columns ``text`` takes printed in the report's font: a column is
    the width of a digit, and each Latin character takes its own width in Calibri
    (Carlito where LibreOffice prints: the same metrics), a lower-case ``i`` under half a
    column, an ``m`` one and a half; any other character as :class:`_Widths` counts it.
    :func:`display_width` counts every Latin character as a whole column: rows made as
    tall as that wraps to left a third of an English step's row empty."""
    return -(-sum(map(_widths_for(text).__getitem__, text)) // 100)


#: What a line never starts with (closing brackets, punctuation) and never ends with
#: (opening brackets): each goes with its neighbour to the next line (kinsoku).
_NO_START = frozenset("）」』】〕》〉，。、；：！？％)]},.;:!?%")
_NO_END = frozenset("（「『【〔《〈([{")


def _joined(left: str, right: str) -> bool:
    """Whether a line may not break between ``left`` and ``right``, a Chinese character
    and a Latin one or a digit with nothing between (热线138…, 咪咕VIP): a spreadsheet
    keeps them together as often as not, so they are measured together."""
    if left in _BREAK_AFTER or right == " ":
        return False
    wide = unicodedata.east_asian_width
    return (wide(left) in ("W", "F")) != (wide(right) in ("W", "F"))


_BREAK_AFTER = frozenset(" -/")
_LATIN = re.compile("[0-9A-Za-z]")


def text_lines(text: str, column: int = MAX_WIDTH) -> int:
    """How many lines one line of ``text`` takes wrapped in a column ``column`` wide, as a
    spreadsheet wraps it: at spaces and hyphens (spaces at a line's end take no room),
    between wide (CJK) characters, inside a word only when it is wider than the column;
    never before a closing bracket or punctuation, after an opening one, nor between a
    Chinese and a Latin character; at a path's slashes or not, the more lines kept; a
    twentieth kept of a line mixing Chinese and Latin text; each character its printed
    width (:func:`printed_width`).

    Measured as it breaks: :func:`wrapped_lines` of its width, a twentieth kept a line,
    made an English step's row half as tall again as its text."""
    if printed_width(text) <= column:
        return 1
    # Every digit is as wide as the others, and no line breaks at one: texts that differ
    # in their digits alone (a file and its page, a masked number) wrap alike.
    return _lines_of_shape(text.translate(_DIGITS_AS_ZERO), column)


_DIGITS_AS_ZERO = str.maketrans("123456789", "0" * 9)


@functools.lru_cache(maxsize=TEXTS_KEPT)
def _lines_of_shape(text: str, column: int) -> int:
    """:func:`text_lines` of a text whose digits are all ``0``: the more lines of two
    readings of where it may break, with a path's or a URL's slashes and without. A
    spreadsheet breaks after a slash where a URL does not fit a line on its own, and not
    where it does (it moves the whole URL on): which it does is not worth predicting,
    and the more lines never hides text."""
    atoms: list[str] = []  # what a line may break between
    start = 0
    for run in (*(_wide_runs().finditer(text) if not text.isascii() else ()), None):
        narrow = text[start : run.start()] if run is not None else text[start:]
        for word in _WORDS.findall(narrow):
            if word:
                atoms.append(word)
        if run is None:
            break
        atoms += run[0]
        start = run.end()
    widths = _widths_for(text)
    # A line of Chinese and Latin text together breaks where a spreadsheet's rules, not
    # ours, say (around numbers, brackets): a twentieth of it is kept for that.
    capacity = column * (95 if widths is _CHINESE_LINE and _LATIN.search(text) else 100)
    at_slashes = _greedy(_glued(atoms, slashes=True), widths, capacity)
    if "/" not in text:
        return at_slashes
    return max(at_slashes, _greedy(_glued(atoms, slashes=False), widths, capacity))


def _glued(atoms: list[str], slashes: bool) -> list[str]:
    """``atoms`` joined where a line does not break between them: before a closing mark,
    after an opening one, between Chinese and Latin text, and after a slash unless
    ``slashes``."""
    glued: list[str] = []
    for atom in atoms:
        if glued and (
            atom[0] in _NO_START
            or glued[-1][-1] in _NO_END
            or _joined(glued[-1][-1], atom[0])
            or (not slashes and glued[-1][-1] == "/")
        ):
            glued[-1] += atom
        else:
            glued.append(atom)
    return glued


def _greedy(atoms: list[str], widths: _Widths, capacity: int) -> int:
    """How many lines ``atoms`` fill, each put on the line if it fits (its spaces at the
    line's end taking no room), else on the next; one wider than a line breaks inside."""
    lines, used = 1, 0
    for atom in atoms:
        size = sum(map(widths.__getitem__, atom))
        bare = size - widths[" "] * (len(atom) - len(atom.rstrip(" ")))  # hanging spaces
        if used and used + bare > capacity:
            lines, used = lines + 1, 0
        while bare > capacity:  # a word wider than the column breaks inside it
            lines, bare, size = lines + 1, bare - capacity, size - capacity
        used += size
    return lines


def wrapped_lines(width: int, column: int = MAX_WIDTH) -> int:
    """How many lines a text ``width`` wide takes in a column ``column`` wide, wrapped.

    Words are not broken, so a line holds a little less than the column: a twentieth is
    kept for that, so that a row is never made too short for its text (a row too tall
    wastes a little paper; one too short hides the end of a step).
    """
    return max(1, -(-width * 20 // (column * 19)))


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
        number_format = {"money": MONEY_FORMAT, "date": DATE_FORMAT, "datetime": DATETIME_FORMAT}
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
            base = replace(style, num_format=self._number_format)
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

    def _put_text(self, row: int, value: object, style: Style = PLAIN) -> int:
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
        elif style is not PLAIN:
            self.sheet.write_blank(row, self.col, None, formats[0])
        return lines

    def _text(self, value: object) -> tuple[str, int, bool, int]:
        """What ``value`` shows in a cell: the text, its flags, whether it must be written
        as a rich text, and how many lines it takes once wrapped; the column's width grows
        to it."""
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
        lines = 0
        # A line is at most twice as wide as it is long, or 2.6 times printed with
        # characters of ambiguous width (“”, ①): most need no measuring at all.
        for line in text.split("\n") if wrap else (text,):
            lines += 1
            latin = line.isascii()
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
                    lines += text_lines(line, self.cap + 1) - 1
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
            shown = "0000-00-00 00:00:00" if self.kind == "datetime" else "0000-00-00"
            self._width = max(self._width, len(shown))
            self.sheet.write_datetime(row, self.col, value, self._formats_for(style)[0])
            return
        if self._other is None:  # not a date after all: shown as the text it is
            self._other = Cells(self.sheet, self.col, "text", self.mask, self.styles)
        self._other.put(row, value, style)
