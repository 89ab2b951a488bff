"""The data rows of a list sheet staged as XML (:class:`~auditor.writers.xmlsheet.XmlSheet`),
at a small cost a cell.

A report's list sheets are most of its cells (the PDF benchmark's 3,000 findings: 250,000),
and a column repeats a few values. What a value of a column becomes in a cell of one look
(a row's shading) is made once, by :meth:`XmlCells.tail`, with ``\\0`` where its row's
number goes; a row is its cells' elements looked up, joined and numbered by ``str``
methods, rows staged some hundreds at a time.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from auditor.writers.cells import Style
from auditor.writers.measure import whole_pixels
from auditor.writers.xmlsheet import XmlCells, XmlSheet, row_height

#: Rows staged at a time: one write each, not one a row.
_ROWS_AT_ONCE = 512


def stage_table(
    sheet: XmlSheet,
    cells: list[XmlCells],
    rows: Sequence[Sequence],
    span: range,
    first_row: int,
    fills: Sequence[str | None] | None,
    shade: Callable[[str | None], Style],
    height: Callable[[float], float],
) -> int:
    """Stage the rows ``span`` of ``rows`` from row ``first_row`` (0-based) of ``sheet``,
    a value of column ``i`` written by ``cells[i]``, row ``i`` shaded ``fills[i]`` (in
    the style ``shade`` gives a colour; plain without ``fills``), a row whose printed
    (``sized``) cells' texts take ``n > 1`` lines made ``height(n)`` points tall (and
    kept in the sheet's ``kept_heights``, when it keeps them); return the row after the
    last.

    What :meth:`XmlCells.xml` gives a cell, made by :meth:`XmlCells.tail` once for each
    value and look of a column, and looked up for the others: a row then costs a look-up
    a cell and a few calls in C. Cells holding a shared string are counted in the rows
    written (what :meth:`XmlCells.xml` counts a cell at a time); a link's, which
    xlsxwriter counts, are not."""
    lookups: dict[str | None, list[Callable[[object], str | None]]] = {}
    sized = [cell.sized for cell in cells]
    links = [cell.kind == "link" for cell in cells]
    # The printed columns holding texts of several lines, and those lines by element.
    talls = [(i, cell.tall_tails) for i, cell in enumerate(cells) if sized[i] and cell.tall_tails]
    heights: dict[float, tuple[str, float]] = {}  # by lines: the row's attributes, points
    kept = sheet.kept_heights
    staged: list[str] = []
    first = last = -1  # the rows of what is in `staged`
    shared = 0
    row = first_row - 1
    for row, index in enumerate(span, first_row):
        colour = fills[index] if fills is not None else None
        gets = lookups.get(colour)
        if gets is None:
            style = shade(colour)
            gets = lookups[colour] = [cell.tails(style) for cell in cells]
        values = rows[index]
        try:
            tails = [get(value) for get, value in zip(gets, values, strict=True)]
        except TypeError:  # a value that cannot be looked up: each cell made
            tails = [None] * len(cells)
        number = str(row + 1)
        tall = 1
        if None in tails:
            style = shade(colour)
            for i, tail in enumerate(tails):
                if tail is None:
                    tail, lines = cells[i].tail(number, values[i], style)
                    tails[i] = tail
                    if lines > 1 and sized[i]:
                        tall = max(tall, lines)
                        if (i, cells[i].tall_tails) not in talls:
                            talls.append((i, cells[i].tall_tails))
                    if links[i] and ' t="s">' in tail:
                        shared -= 1  # counted by xlsxwriter
        for i, known in talls:
            lines = known.get(tails[i])
            if lines is not None and lines > tall:
                tall = lines
        xml = "".join(tails).replace("\0", number)
        if tall > 1:
            known = heights.get(tall)
            if known is None:
                points = height(tall)
                known = heights[tall] = (row_height(points), whole_pixels(points))
            staged.append(f'<row r="{number}"{known[0]}>{xml}</row>')
            if kept is not None:
                kept[row] = known[1]
        elif xml:
            staged.append(f'<row r="{number}">{xml}</row>')
        else:
            continue
        if first < 0:
            first = row
        last = row
        if len(staged) >= _ROWS_AT_ONCE:
            shared += _put(sheet, first, last, staged)
            first = -1
    if staged:
        shared += _put(sheet, first, last, staged)
    sheet.str_table.count += shared
    return row + 1


def _put(sheet: XmlSheet, first: int, last: int, staged: list[str]) -> int:
    """Stage the rows ``staged`` (rows ``first`` to ``last``), then forget them; how many
    of their cells hold a shared string."""
    xml = "".join(staged)
    staged.clear()
    sheet.stage_rows(first, last, xml)
    return xml.count(' t="s">')
