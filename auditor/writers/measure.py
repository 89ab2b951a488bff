"""How wide a text shows and prints, and how many lines it takes wrapped in a column.

What a spreadsheet does with a text is not known to the writer: these count it as
Calibri (Carlito where LibreOffice prints) draws it, wide (CJK) characters two columns,
and break it where a spreadsheet breaks a line, so that a column is wide enough for its
text and a row tall enough for its wrapped lines, however the cell is written.
"""

from __future__ import annotations

import functools
import re
import unicodedata

#: Widest a column is made, in the widths of a Latin character; longer text wraps.
MAX_WIDTH = 60
#: Widest a column left off paper is made (Excel's widest, 255, less the two a sheet adds
#: to its text's width): its text shows on one line on screen, and never makes a row of
#: the printed page taller (a file's path wrapped in two lines made every row of a
#: company's Charges two lines tall: 434 pages, 197 one line tall).
SCREEN_WIDTH = 253
#: A printed line of Latin text's height over a line holding Chinese's, the rows'
#: ``LINE_HEIGHT`` of 16 points: 15, Calibri's line in Excel (LibreOffice prints Carlito's
#: at 11, Noto Sans CJK's at 15.9; a row holds one height for both programs). A line is
#: as tall as its own characters make it: the wrapped lines of a text holding Chinese that
#: hold none are Latin lines (:func:`text_height`).
LATIN_LINE = 15 / 16
#: How wide a long name or a rule, and months (one a line), are made on the sheets that
#: print many columns side by side: they wrap, and the page prints larger.
NAME_WIDTH, MONTHS_WIDTH = 12, 9
#: A row's height when none is given, in points: xlsxwriter's (20 pixels, Calibri 11's).
DEFAULT_ROW_POINTS = 15.0
#: How many distinct texts a column (and a measure of their wrapping) remembers before it
#: starts again (a bound on memory: a column of distinct texts, such as a bill's item
#: names, gains nothing from it).
TEXTS_KEPT = 1 << 15


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


#: A character beyond the Basic Multilingual Plane (an emoji, a rare Han character):
#: looked for in C (``max(text)`` made a string of each character: 10 µs a warning).
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def in_bmp(text: str) -> bool:
    """Whether every character of ``text`` is of the Basic Multilingual Plane, where
    :func:`display_width` counts the wide runs: a text's width is then its characters'
    widths summed."""
    return _ASTRAL.search(text) is None


def display_width(text: str) -> int:
    """How many columns ``text`` takes on screen: wide (CJK) characters count two."""
    if text.isascii():
        return len(text)
    if in_bmp(text):
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


class _Tall(dict):
    """Whether a character makes its printed line a Chinese line's height (found once
    each): one the Latin font lacks is drawn in the CJK font, whose line is taller (Noto
    Sans CJK's 15.9 points to Carlito's 11). Calibri and Carlito hold Latin letters up to
    U+024F and the general punctuation (dashes, curly quotes, …); a wide (CJK) character
    is drawn in the CJK font, and so is one of ambiguous width in a line of Chinese
    (``among_wide``: →, “, ·, ×). Greek, Cyrillic and symbols are counted tall: too tall
    only makes a row a little taller."""

    def __init__(self, among_wide: bool):
        super().__init__((chr(code), False) for code in range(128))
        self.among_wide = among_wide

    def __missing__(self, char: str) -> bool:
        east = unicodedata.east_asian_width(char)
        if east in ("W", "F") or (self.among_wide and east == "A"):
            tall = True
        else:
            tall = not (char < "\u0250" or "\u2010" <= char <= "\u205e")
        self[char] = tall
        return tall


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
        self.tall = _Tall(among_wide)  # which characters make a line tall, beside these

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


#: A bold letter's width over a regular one's, in per cent (Carlito Bold's are up to 2.5%
#: wider; a digit is as wide).
_BOLD = 103


def bold_width(text: str) -> int:
    """How wide a column holds ``text`` on one line in bold (the width a sheet's column
    is set to: that many digits and a margin), a digit kept: a header right-aligned over
    numbers and the next, left-aligned, do not touch ("Set aside Set aside why"). A
    header measured by :func:`display_width` (a Latin letter a whole digit) was made two
    lines tall over a column it prints in on one ("To act on")."""
    hundredths = sum(map(_widths_for(text).__getitem__, text))
    return -(-(hundredths * _BOLD + 10000) // 10000)


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
    return _lines_of_shape(_shape(text), column)[0]


def text_height(text: str, column: int = MAX_WIDTH) -> float:
    """How tall one line of ``text`` prints wrapped in a column ``column`` wide, in lines
    holding Chinese (the rows' ``LINE_HEIGHT``): its lines as :func:`text_lines` counts
    them, each as tall as what it holds (:class:`_Tall`), a line of Latin text
    :data:`LATIN_LINE` of one. Counted by the paragraph (each wrapped line as tall as
    its tallest), an English step naming a service in Chinese made every line of its
    row a Chinese line's height, though most of them hold none."""
    lines, tall = _lines_of_shape(_shape(text), column)
    return tall + (lines - tall) * LATIN_LINE


def line_height(text: str) -> float:
    """How tall one line of ``text`` prints unwrapped, in lines holding Chinese: one of
    Latin text (:class:`_Tall`) :data:`LATIN_LINE` of one."""
    if text.isascii():
        return LATIN_LINE
    widths = _widths_for(text)
    if widths is _CHINESE_LINE or any(map(widths.tall.__getitem__, text)):
        return 1.0
    return LATIN_LINE


def _shape(text: str) -> str:
    """``text`` with its digits ``0``: a digit is as wide as any other, and no line breaks
    at one, so texts that differ in their digits alone wrap alike (made so in UTF-8
    bytes: str.translate takes 8 µs a path)."""
    shape = text.encode("utf-8", "surrogatepass").translate(_DIGITS_AS_ZERO)
    return shape.decode("utf-8", "surrogatepass")


_DIGITS_AS_ZERO = bytes.maketrans(b"123456789", b"0" * 9)


@functools.lru_cache(maxsize=TEXTS_KEPT)
def _lines_of_shape(text: str, column: int) -> tuple[int, int]:
    """:func:`text_lines` of a text whose digits are all ``0``, and how many of those
    lines hold a character that makes a line tall (:class:`_Tall`): the taller of two
    readings of where it may break, with a path's or a URL's slashes and without. A
    spreadsheet breaks after a slash where a URL does not fit a line on its own, and not
    where it does (it moves the whole URL on): which it does is not worth predicting,
    and the taller never hides text."""
    widths = _widths_for(text)
    tall = widths.tall
    if printed_width(text) <= column:  # (as wide as the text: a digit is a digit's width)
        return 1, int(not text.isascii() and any(map(tall.__getitem__, text)))
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
    # A line of Chinese and Latin text together breaks where a spreadsheet's rules, not
    # ours, say (around numbers, brackets): a twentieth of it is kept for that.
    capacity = column * (95 if widths is _CHINESE_LINE and _LATIN.search(text) else 100)
    at_slashes = _greedy(_glued(atoms, slashes=True), widths, tall, capacity)
    if "/" not in text:
        return at_slashes
    other = _greedy(_glued(atoms, slashes=False), widths, tall, capacity)
    # the more lines, and of as many the more tall ones (a Chinese line is the taller)
    return max(at_slashes, other)


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


def _greedy(atoms: list[str], widths: _Widths, tall: _Tall, capacity: int) -> tuple[int, int]:
    """How many lines ``atoms`` fill, each put on the line if it fits (its spaces at the
    line's end taking no room), else on the next; one wider than a line breaks inside
    (each of its lines as tall as the whole of it); and how many of those lines hold a
    ``tall`` character."""
    lines, used = 1, 0
    talls, here = 0, False  # the tall lines before this one; whether this one is
    for atom in atoms:
        size = sum(map(widths.__getitem__, atom))
        bare = size - widths[" "] * (len(atom) - len(atom.rstrip(" ")))  # hanging spaces
        high = any(map(tall.__getitem__, atom))
        if used and used + bare > capacity:
            lines, used, talls, here = lines + 1, 0, talls + here, False
        while bare > capacity:  # a word wider than the column breaks inside it
            lines, bare, size = lines + 1, bare - capacity, size - capacity
            talls, here = talls + (here or high), False
        used += size
        here = here or high
    return lines, talls + here


def wrapped_lines(width: int, column: int = MAX_WIDTH) -> int:
    """How many lines a text ``width`` wide takes in a column ``column`` wide, wrapped.

    Words are not broken, so a line holds a little less than the column: a twentieth is
    kept for that, so that a row is never made too short for its text (a row too tall
    wastes a little paper; one too short hides the end of a step).
    """
    return max(1, -(-width * 20 // (column * 19)))


def words_lines(text: str, width: int) -> int:
    """How many lines ``text`` takes wrapped at its spaces in ``width`` columns (a CJK
    character counting two); a word wider than a line takes lines of its own."""
    lines, used = 0, 0
    for word in text.split():
        size = display_width(word)
        if used and used + 1 + size <= width:
            used += 1 + size
            continue
        lines += max(1, -(-size // width))
        used = size if size <= width else size % width or width
    return max(lines, 1)


def whole_pixels(points: float) -> float:
    """``points`` as a row is given them, in whole pixels (as xlsxwriter's ``set_row``
    rounds them), in points."""
    return int(points * 4.0 / 3.0 + 0.5) * 0.75
