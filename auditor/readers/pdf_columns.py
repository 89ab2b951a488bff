"""Two tables side by side on a PDF page (费用项目 金额 | 费用项目 金额): the right one read
as a second table after the left one, never its amounts taken for the left one's items.

A page prints a short bill's items in two columns to save paper. (An account summary
beside the charges, 上期结余, 本期缴费 …, is no second table: the page stays one, its block
cleared by :mod:`auditor.readers.account_block`.) Read line by line, each printed line would be
one row of two items and two amounts, and a statement reader takes one label and one
amount of it. Here such a page's lines are cut where the right table starts: first every
left half, top to bottom, then every right half, each half a line of its own (the right
half's locator says so), so that each table reads as if printed alone.

Where the right table starts is told by lines that are plainly two items side by side:
a label and an amount, then another label and amount (two of them at least), or a
header row naming the same columns twice. The cut reaches over the lines around them as
long as no cell crosses it, and stops at a line whose right half is no row of its own
(an amount without its label, a header's amount column only): that line is one row of
one table, as a page of account block above a one-column table prints it.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from auditor.names import header_key
from auditor.readers.account_block import is_account_word
from auditor.readers.rows import YUAN_SHOWN, is_amount
from auditor.readers.table_header import header_of

if TYPE_CHECKING:  # (pdf_layout calls this module: its types only)
    from auditor.readers.pdf_layout import Cell, TextLine

#: Lines of two items with two amounts needed to cut a page without a twin header row.
PAIRS_NEEDED = 2


def side_by_side(
    table: list[TextLine], tolerance: float
) -> tuple[list[TextLine], list[list[TextLine]]]:
    """The table's lines in reading order, each page's lines cut in two replaced by their
    left halves, then their right halves; and the right halves of each cut, one list a
    page (each read as a table of its own: :func:`auditor.readers.pdf_layout.layout_rows`
    lays them out alone). ``tolerance``: how far apart, in ems, cells still stand in one
    column. A page without two tables side by side is left as it is."""
    lines: list[TextLine] = []
    rights: list[list[TextLine]] = []
    for page_lines in _pages(table):
        cut = _cut(page_lines, tolerance)
        if cut is None:
            lines += page_lines
            continue
        first, last, edge = cut
        lines += page_lines[:first]
        right: list[TextLine] = []
        for line in page_lines[first : last + 1]:
            slack = tolerance * line.em
            left_cells = [c for c in line.cells if c.left < edge - slack]
            right_cells = [c for c in line.cells if c.left >= edge - slack]
            if left_cells:
                lines.append(replace(line, cells=left_cells))
            if right_cells:
                right.append(replace(line, cells=right_cells))
        lines += right
        rights.append(right)
        lines += page_lines[last + 1 :]
    return lines, rights


def _pages(table: list[TextLine]) -> list[list[TextLine]]:
    pages: list[list[TextLine]] = []
    for line in table:
        if not pages or pages[-1][0].page != line.page:
            pages.append([])
        pages[-1].append(line)
    return pages


def _money(cell: Cell) -> bool:
    return bool(YUAN_SHOWN.search(cell.text)) and is_amount(cell.text)


def _pair_edge(line: TextLine) -> float | None:
    """Where the second item starts on a line of two items and their amounts
    (``label amount label amount``), or on a header row naming its columns twice."""
    cells = line.cells
    if len(cells) == 4:
        texts = [c.text for c in cells]
        money = [_money(c) for c in cells]
        if money == [False, True, False, True] and not is_amount(texts[0]):
            return cells[2].left
        keys = [header_key(t) for t in texts]
        if keys[:2] == keys[2:] and header_of(texts[:2]) is not None:
            return cells[2].left
    return None


def _cut(lines: list[TextLine], tolerance: float) -> tuple[int, int, float] | None:
    """The first and last line of the page's run printed as two tables, and where the
    right one starts; ``None`` when the page has no such run."""
    found = [(i, edge) for i, line in enumerate(lines) if (edge := _pair_edge(line)) is not None]
    twins = [i for i, _ in found if _money(lines[i].cells[1]) is False]
    if not found or (len(found) < PAIRS_NEEDED and not twins):
        return None
    for side in (0, 2):  # an account block beside the charges: one table, its block cleared
        if all(is_account_word(lines[i].cells[side].text) for i, _ in found):
            return None  # (by auditor.readers.account_block)
    edge = min(e for _, e in found)  # (an item indented under its section stands further)
    if any(lines[i].cells[1].right >= edge for i, _ in found):
        return None  # a left amount reaches past where a second item starts: one table
    first = last = found[0][0]
    while first > 0 and _fits(lines[first - 1], edge, tolerance):
        first -= 1
    while last + 1 < len(lines) and _fits(lines[last + 1], edge, tolerance):
        last += 1
    if any(i > last for i, _ in found):
        return None  # a line between them is one row across the page: not two tables
    return first, last, edge


def _fits(line: TextLine, edge: float, tolerance: float) -> bool:
    """Whether a line can be cut at ``edge``: no cell crosses it, and what stands right
    of it is empty or a row of its own (its first cell a label, and a header row only
    where its right half is a header too)."""
    slack = tolerance * line.em
    if any(c.left < edge - slack and c.right > edge + slack for c in line.cells):
        return False
    right = [c for c in line.cells if c.left >= edge - slack]
    if not right or len(right) == len(line.cells):
        return True
    if _money(right[0]):
        return False  # an amount whose label stands on the left: one row
    texts = [c.text for c in line.cells]
    return header_of(texts) is None or header_of([c.text for c in right]) is not None
