"""Turning positioned characters of PDF pages into :class:`~auditor.readers.base.CellRow` objects.

A PDF has no rows or cells, only characters at positions. This module rebuilds them:
characters on the same baseline make a text line, wide horizontal gaps split a line
into cells, the table's columns are found from where its cells stand, and an item's
distance from the table's left edge becomes its indent level. Repeated header rows and
page footers are set aside here, so :func:`auditor.readers.table.interpret` sees one
continuous table, as it would from a spreadsheet.

Everything here is plain geometry on :class:`Glyph` records, independent of the PDF
library that produced them.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from operator import attrgetter, itemgetter
from typing import NamedTuple

from auditor import where
from auditor.readers.base import CellRow
from auditor.readers.pdf_columns import side_by_side

# A gap wider than this many ems splits cells: about 2.5 digit widths or 1.25 CJK
# characters, wider than any space inside a value ("2026-10-01 08:00:00") and narrower
# than the gutter between two columns of a bill.
CELL_GAP_EM = 1.25
# A gap wider than this (without a space character) still separates two words.
WORD_GAP_EM = 0.3
# Characters whose vertical centres differ by less than this share a text line.
LINE_TOLERANCE_EM = 0.45
# Left edges closer than this are the same indentation (or the same column).
ALIGN_TOLERANCE_EM = 0.5

# A page's "continued" mark (（续上页）, 接上页, 续表), alone or before its number.
_GOES_ON = r"(?:[（(]\s*)?(?:续上页|接上页|续前页|续表)(?:\s*[)）])?\s*"
# Page-number lines: one pattern, so that a line is tried with one call.
_FOOTER = re.compile(
    "|".join(
        [
            rf"(?:^{_GOES_ON}$)",
            rf"(?:^(?:{_GOES_ON})?第\s*\d+\s*页\s*[,，/、]?\s*共\s*\d+\s*页$)",
            r"(?:^[-—–]\s*\d+\s*[-—–]$)",
            r"(?i:^page\s*\d+\s*(of|/)\s*\d+$)",
            r"(?:^\d+\s*/\s*\d+$)",
            r"(?:^共\s*\d+\s*页\s*[,，]?\s*第\s*\d+\s*页$)",
        ]
    )
)


# What a browser prints around a page (Chrome's and Edge's 页眉和页脚): the date and time
# and the page's title at the top, its address and n/m at the bottom.
_URL = re.compile(r"(?i)^(?:https?://|file:///?|www\.)\S+$")
_PRINTED_AT = re.compile(
    r"^(?:\d{4}[/.-]\d{1,2}[/.-]\d{1,2}|\d{1,2}/\d{1,2}/\d{2,4}),?\s*"
    r"(?:(?:上午|下午)?\s*\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp][Mm])?)?$"
)
_PAGE_COUNT = re.compile(r"^\d+\s*/\s*\d+$")
_MONEY = re.compile(r"\d\.\d{2}(?!\d)")


class Glyph(NamedTuple):
    """One character as printed: its text and its box in page points (y grows upwards).

    A named tuple because a page has hundreds of them and they are made in a hot loop;
    ``middle`` (the vertical centre, for grouping into lines) and ``em`` (the box's
    height, a stand-in for the font size) are computed once by :func:`glyph`.
    """

    text: str
    left: float
    right: float
    bottom: float
    top: float
    middle: float
    em: float


# A Glyph's fields by position (its tuple's items, read in C).
_TEXT, _LEFT = itemgetter(0), itemgetter(1)
#: What str.isspace() is true of (Python's \s is the same set: tests/test_pdf_chars.py),
#: found in a whole line or page at once.
WHITESPACE = re.compile(r"\s")


def glyph(text: str, left: float, right: float, bottom: float, top: float) -> Glyph:
    """A :class:`Glyph` with its derived measures."""
    return Glyph(text, left, right, bottom, top, (bottom + top) / 2, max(top - bottom, 1.0))


@dataclass(slots=True)
class Cell:
    """A run of text on a line, with its horizontal extent."""

    text: str
    left: float
    right: float


@dataclass(slots=True)
class TextLine:
    """One printed line of a page: its cells left to right."""

    page: int
    number: int  # 1-based, top to bottom within the page
    cells: list[Cell]
    em: float
    #: The line's vertical extent (its printed characters' boxes), in the page's units:
    #: where an OCR reader says a line stands in the picture.
    bottom: float = 0.0
    top: float = 0.0

    @property
    def locator(self) -> str:
        """Where the line stands, as shown to users."""
        return where.within(where.page(self.page), where.line(self.number))

    @property
    def texts(self) -> tuple[str, ...]:
        """The cell texts, for comparing lines."""
        return tuple(c.text for c in self.cells)

    @property
    def joined(self) -> str:
        """The whole line as one string."""
        return " ".join(self.texts)


@dataclass
class Layout:
    """What :func:`layout_rows` made of a document's lines."""

    rows: list[CellRow]
    set_aside: Counter = field(default_factory=Counter)  # reason -> lines dropped here
    lines: int = 0  # text lines seen, including those set aside


def page_lines(glyphs: list[Glyph], page: int, texts: str | None = None) -> list[TextLine]:
    """Group one page's glyphs into text lines, top to bottom, each split into cells;
    ``texts``: the glyphs' texts joined, when the caller has them (the PDF reader does).

    Space characters stay in the lines (they separate words in a cell) but never start
    one: a line's height is taken from its printed characters.
    """
    # Indexing and C-level maps instead of attribute access and lambdas where a loop
    # runs once per glyph: a page has hundreds, a document thousands.
    if texts is None:
        texts = "".join(map(_TEXT, glyphs))
    if texts.isprintable():
        usable = list(glyphs)
    else:
        usable = [g for g in glyphs if g.text.isprintable() or g.text.isspace()]
    usable.sort(key=lambda g: -g.middle)
    groups: list[list[Glyph]] = []
    group: list[Glyph] = []
    reference = reach = 0.0  # the line's first glyph's middle, and how far from it a glyph joins
    for glyph in usable:
        middle = glyph[5]
        if groups and abs(reference - middle) <= reach:
            group.append(glyph)
        elif not glyph[0].isspace():
            group = [glyph]
            groups.append(group)
            reference, reach = middle, LINE_TOLERANCE_EM * glyph[6]
    lines = []
    for group in groups:
        group.sort(key=_LEFT)
        heights = sorted([g[6] for g in group if not g[0].isspace()])
        em = heights[len(heights) // 2]
        cells, bottom, top = _cells(group, em)
        lines.append(TextLine(page, len(lines) + 1, cells, em, bottom, top))
    return lines


def _cells(group: list[Glyph], em: float) -> tuple[list[Cell], float, float]:
    """Split a line's glyphs (sorted by x) into cells at wide gaps; spaces inside a cell
    (printed ones, or gaps wider than a word gap) become one space. Also the lowest
    bottom and the highest top of its printed glyphs (min() and max() of them, in the
    same pass)."""
    cells: list[Cell] = []
    text: list[str] = []
    left = right = 0.0
    space = False
    cell_gap, word_gap = CELL_GAP_EM * em, WORD_GAP_EM * em
    bottom = top = None
    for char, glyph_left, glyph_right, glyph_bottom, glyph_top, _, _ in group:
        if char.isspace():
            space = bool(text)
            continue
        if bottom is None:
            bottom, top = glyph_bottom, glyph_top
        else:
            if glyph_bottom < bottom:
                bottom = glyph_bottom
            if glyph_top > top:
                top = glyph_top
        gap = glyph_left - right
        if text and gap > cell_gap:
            cells.append(Cell("".join(text), left, right))
            text = []
        if not text:
            left, right = glyph_left, glyph_right
        elif space or gap > word_gap:
            text.append(" ")
        text.append(char)
        if glyph_right > right:  # max(right, glyph_right), without the call
            right = glyph_right
        space = False
    cells.append(Cell("".join(text), left, right))
    return cells, bottom, top


def is_footer(line: TextLine) -> bool:
    """True for page-number lines (``第 1 页 共 3 页``, ``- 1 -``, ``Page 1 of 3``), a
    page's "continued" mark (``（续上页） 第2页 共2页``), and a browser's print header or
    footer (``2026/11/5 10:23  中国移动网上营业厅-账单查询``, ``https://shop.10086.cn/…  1/2``)."""
    if len(line.cells) > 3:
        return False  # footers are short; most lines are ruled out without a regex
    texts = [c.text for c in line.cells]
    if sum(map(len, texts)) <= 24 and _FOOTER.match(" ".join(texts)) is not None:
        return True
    return _browser_margin(texts)


def _browser_margin(texts: list[str]) -> bool:
    """A browser's print header or footer: a page's address or the date and time it was
    printed, with the page count and the page's title beside them, and no money."""
    marks = [t for t in texts if _URL.match(t) or _PRINTED_AT.match(t)]
    return bool(marks) and all(
        t in marks or _PAGE_COUNT.match(t) or (len(t) <= 40 and not _MONEY.search(t)) for t in texts
    )


def layout_rows(lines: list[TextLine]) -> Layout:
    """Turn a document's text lines into rows: footers and repeated headers set aside,
    cells placed in the table's columns, indent levels measured from its left edge."""
    layout = Layout(rows=[], lines=len(lines))
    page_names: dict[int, str] = {}

    def locator(line: TextLine) -> str:
        """``line.locator``, each page's name made once."""
        name = page_names.get(line.page)
        if name is None:
            name = page_names[line.page] = where.page(line.page)
        return where.within(name, where.line(line.number))

    kept = []
    for line in lines:
        if is_footer(line):
            layout.set_aside["note"] += 1
        else:
            kept.append(line)
    start = _table_start(kept)
    if start is None:
        layout.rows = [CellRow([c.text for c in line.cells], locator(line)) for line in kept]
        return layout
    kept = _drop_running_headers(kept, start, layout.set_aside)
    # two tables side by side: the right one's lines after the left one's, laid out alone
    table, rights = side_by_side(kept[start:], ALIGN_TOLERANCE_EM)
    layout.lines += len(table) - (len(kept) - start)  # a line cut in two is two rows read
    for line in kept[:start]:
        layout.rows.append(CellRow([c.text for c in line.cells], locator(line)))
    placed = {id(line) for lines in rights for line in lines}
    main = [line for line in table if id(line) not in placed]
    groups = {id(line): lines for lines in (main, *rights) for line in lines}
    measures = {id(lines): _measures(lines) for lines in (main, *rights)}
    for line in table:
        columns, levels = measures[id(groups[id(line)])]
        cells, first = _place(line, columns)
        indent = levels(line.cells[0].left) if first == 0 else 0
        at = locator(line)
        layout.rows.append(
            CellRow(
                cells,
                at if id(line) not in placed else where.within(at, where.right_half()),
                indent,
            )
        )
    return layout


def _measures(table: list[TextLine]):
    """A table's columns, and the indent level of a first-column cell's left edge."""
    columns = _columns(table)
    return columns, _indent_levels(table, columns)


def _table_start(lines: list[TextLine]) -> int | None:
    """Index of the table's first line: the first line of two or more cells whose last
    cell lines up (left edge, right edge or centre) with a cell of a later line.

    A header block line (``手机号码：… 账期：…``) has two cells too, but nothing below
    stands where its cells stand; a table's header row and rows share their columns.
    One whose cells happen to line up with a column below (a scan's do, now and then)
    is still no table line: a line labelling the bill's number or month is never one.
    """
    from auditor.readers.header_block import block_row

    wide = [i for i, line in enumerate(lines) if len(line.cells) >= 2]
    # Whether a line labels the bill is asked only of lines that come into question (the
    # table's header row is found within a few lines): a long bill has thousands.
    table_line: dict[int, bool] = {}

    def candidate(i: int) -> bool:
        if i not in table_line:
            table_line[i] = block_row(CellRow(list(lines[i].texts), "")) is None
        return table_line[i]

    for position, i in enumerate(wide):
        if not candidate(i):
            continue
        last, em = lines[i].cells[-1], lines[i].em
        for j in wide[position + 1 :]:
            if any(_aligned(last, cell, em) for cell in lines[j].cells) and candidate(j):
                return i
    return next((i for i in wide if candidate(i)), None)


def _aligned(a: Cell, b: Cell, em: float) -> bool:
    """True when two cells share a left edge, a right edge or a centre."""
    tolerance = ALIGN_TOLERANCE_EM * em
    return (
        abs(a.left - b.left) <= tolerance
        or abs(a.right - b.right) <= tolerance
        or abs((a.left + a.right) - (b.left + b.right)) <= 2 * tolerance
    )


def _drop_running_headers(lines: list[TextLine], start: int, set_aside: Counter) -> list[TextLine]:
    """Remove what continuation pages repeat at their top: the table's header row
    (counted as ``header``) and lines of the first page's title block (``title``)."""
    header = lines[start].texts
    title_block = {line.texts for line in lines[:start]}
    kept = lines[: start + 1]
    page_top = False  # right after the header row itself
    for previous, line in zip(lines[start:], lines[start + 1 :], strict=False):
        if line.page != previous.page:
            page_top = True
        if page_top and line.texts == header:
            set_aside["header"] += 1
        elif page_top and line.texts in title_block:
            set_aside["title"] += 1
        else:
            page_top = False
            kept.append(line)
    return kept


@dataclass
class _Column:
    left: float
    right: float


_COLUMN_LEFT = attrgetter("left")


def _columns(table: list[TextLine]) -> list[_Column]:
    """The table's columns: the first line's cells, widened by the cells of later lines
    that fall within exactly one column, plus new columns for cells that fall in none."""
    columns = [_Column(c.left, c.right) for c in table[0].cells]
    for line in table[1:]:
        if len(line.cells) < 2:
            continue  # a lone cell (a note, a long title) says nothing about columns
        slack = ALIGN_TOLERANCE_EM * line.em  # _overlaps, inlined: a long bill has thousands
        for cell in line.cells:
            left, right = cell.left, cell.right
            hit, hits = None, 0  # the column it overlaps, and how many (two are enough)
            for column in columns:
                if left < column.right + slack and right > column.left - slack:
                    hit, hits = column, hits + 1
                    if hits == 2:
                        break
            if hit is not None and hits == 1:
                hit.left = min(hit.left, cell.left)
                hit.right = max(hit.right, cell.right)
            elif not hits:
                columns.append(_Column(cell.left, cell.right))
        columns.sort(key=_COLUMN_LEFT)
    return columns


def _overlaps(cell: Cell, column: _Column, em: float) -> bool:
    slack = ALIGN_TOLERANCE_EM * em
    return cell.left < column.right + slack and cell.right > column.left - slack


def _place(line: TextLine, columns: list[_Column]) -> tuple[list[str], int]:
    """The line's cells in column order ('' for empty columns, trailing empties dropped),
    and the column of its first cell."""
    cells: list[str] = []  # a column's texts joined by spaces
    first = last = -1
    slack = ALIGN_TOLERANCE_EM * line.em
    for cell in line.cells:
        # The column a cell falls in: the first it overlaps (_overlaps, inlined), else
        # the nearest.
        left, right = cell.left, cell.right
        index = 0
        for column in columns:
            if left < column.right + slack and right > column.left - slack:
                break
            index += 1
        else:
            index = _nearest_column(cell, columns)
        if index <= last:  # cells never move left of the one before them
            cells[last] += " " + cell.text
            continue
        cells += [""] * (index - last - 1)
        cells.append(cell.text)
        first = index if first < 0 else first
        last = index
    return cells, first


def _nearest_column(cell: Cell, columns: list[_Column]) -> int:
    """The column whose centre is nearest a cell's, for a cell that overlaps none."""
    centre = (cell.left + cell.right) / 2
    return min(
        range(len(columns)),
        key=lambda i: abs((columns[i].left + columns[i].right) / 2 - centre),
    )


def _indent_levels(table: list[TextLine], columns: list[_Column]):
    """A function from a first-column cell's left edge to its indent level.

    Levels rank the distinct left edges of first-column cells on lines with two or more
    cells (the rows that carry amounts), so 0 is flush left, 1 the next indentation...
    """
    edges: list[float] = []
    first = columns[0]
    for line in table:
        cell = line.cells[0]
        if len(line.cells) >= 2 and _overlaps(cell, first, line.em):
            near, left = ALIGN_TOLERANCE_EM * line.em, cell.left
            for edge in edges:
                if abs(left - edge) <= near:
                    break
            else:
                edges.append(left)
    edges.sort()

    tolerance = ALIGN_TOLERANCE_EM * min((line.em for line in table), default=1.0)

    def level(left: float) -> int:
        reach = left + tolerance
        for i in range(len(edges) - 1, -1, -1):  # the last edge it reaches
            if edges[i] <= reach:
                return i
        return 0

    return level
