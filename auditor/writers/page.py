"""The printed page of the list sheets: A4 landscape, its margins, and what fits on it.

A list sheet prints as wide as its page (fit to its width): what size its text prints at
follows from its columns' widths, which the sheets keep narrow enough for 8 points or more
(:func:`printed_size` says how large). The Trend sheet's charts stand beside its table:
it prints at a scale of its own, the table's (:func:`fitting_scale`, :func:`chart_scale`,
never under :data:`LEAST_SCALE`), the charts on pages of their own after the table's,
and its pages break between two charts, never across one (:func:`chart_breaks`):
LibreOffice printed a chart cut in two, and the lower half's title over the next page's
first chart.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

#: The list sheets' margins, in inches: narrow at the sides (a printer's own margin is
#: about 0.17), room for the footer below.
MARGINS = {"left": 0.25, "right": 0.25, "top": 0.5, "bottom": 0.6}
_A4_LONG, _A4_SHORT = 841.89, 595.28  # points
#: Points between the margins, across and down a landscape A4 page.
PAGE_WIDTH = _A4_LONG - (MARGINS["left"] + MARGINS["right"]) * 72
PAGE_HEIGHT = _A4_SHORT - (MARGINS["top"] + MARGINS["bottom"]) * 72
#: A column left at its width (one of a chart's), as ``set_column`` gives widths.
DEFAULT_WIDTH = 8.43
#: The text's size, in points (xlsxwriter's default, Calibri 11).
FONT_SIZE = 11
#: The smallest size a sheet's text is to print at, in points, and the least scale (per
#: cent) that prints the sheets' text at that size or more.
LEAST_POINTS = 8
LEAST_SCALE = -(-LEAST_POINTS * 100 // FONT_SIZE)  # 73


def column_points(width: float) -> float:
    """How wide a column ``width`` wide (as ``set_column`` is given it) prints at full
    size, at most: LibreOffice prints a unit of its stored width (about ``width + 0.71``)
    as the digit of Carlito at 11 points, 7.43 pixels; Excel as 7 pixels and 5 of
    padding a column. Either is a little wider than the other's estimate would say."""
    return max((width + 0.71) * 7.43, width * 7 + 5) * 0.75


def fitting_scale(points: float) -> int:
    """The print scale, in per cent (10 to 100), at which ``points`` of columns fit the
    page's width."""
    return max(10, min(100, int(PAGE_WIDTH * 100 / points)))


def printed_size(widths: Iterable[float]) -> float:
    """The points the text of columns ``widths`` wide (as ``set_column`` is given them)
    prints at, fit to the page's width: the size a person reads on paper."""
    return FONT_SIZE * min(1.0, PAGE_WIDTH / sum(map(column_points, widths)))


def chart_breaks(
    height: Callable[[int], float],
    charts: Iterable[tuple[int, int]],
    scale: int,
    repeated: float,
) -> list[int]:
    """The rows (0-based) a new page starts at, so that no chart stands across two:
    ``charts``, each chart's first row and the row after its last (its gap included),
    top to bottom; ``height(row)`` a row's points; ``repeated`` the points of the rows
    repeated atop each page after the first (the table's header). Each page holds as
    many charts as fit it at ``scale`` per cent, a fiftieth kept for the programs' own
    rounding (a page that would just fit may not)."""
    room = PAGE_HEIGHT * 0.98 * 100 / scale
    tops = [0.0]  # each row's top, from the sheet's, as far as asked

    def top(row: int) -> float:
        while len(tops) <= row:
            tops.append(tops[-1] + height(len(tops) - 1))
        return tops[row]

    breaks: list[int] = []
    first, above = 0, 0.0  # the page's first row, and what stands above it on the page
    for start, end in charts:
        if start > first and above + top(end) - top(first) > room:
            breaks.append(start)
            first, above = start, repeated
    return breaks


def chart_scale(
    widest: int, height: Callable[[int], float], charts: list[tuple[int, int]], repeated: float
) -> int:
    """The scale, ``widest`` per cent at most, at which the ``charts`` print on the
    fewest pages (:func:`chart_breaks`, of the same arguments): a page holding three
    charts at 53 per cent holds four at 51, six pages for eight. Down to nine tenths
    of ``widest`` and :data:`LEAST_SCALE` (8 points), no smaller: the largest of the
    scales that print the fewest."""
    scales = range(widest, max(10, min(widest, LEAST_SCALE), widest * 9 // 10) - 1, -1)
    return min(scales, key=lambda scale: len(chart_breaks(height, charts, scale, repeated)))


def kept_together(sheet, widths: Iterable[float], blocks: Iterable[tuple[int, int]]) -> list[int]:
    """Print a list ``sheet`` (its columns ``widths`` wide, as ``set_column`` is given
    them) as wide as its page, at a scale of its own (:func:`fitting_scale`), its pages
    broken between ``blocks`` (0-based rows of the sheet, the first and the one after the
    last of each, top to bottom: By owner's group, its total with its owners) and not
    within one where it fits a page (:func:`chart_breaks`, its header repeated atop each
    page); a block longer than a page starts on one of its own. Return the breaks."""
    height = sheet.row_points
    scale = fitting_scale(sum(map(column_points, widths)))
    sheet.set_print_scale(scale)  # (no longer fit to the page: Excel would drop breaks)
    breaks = chart_breaks(height, list(blocks), scale, height(0))
    if breaks:
        sheet.set_h_pagebreaks(breaks)  # (xlsxwriter breaks above a 0-based row)
    return breaks
