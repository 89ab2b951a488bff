"""The printed page of the list sheets: A4 landscape, its margins, and what fits on it.

A list sheet prints as wide as its page (fit to its width): what size its text prints at
follows from its columns' widths, which the sheets keep narrow enough for 8 points or more
(:func:`printed_size` says how large).
"""

from __future__ import annotations

from collections.abc import Iterable

#: The list sheets' margins, in inches: narrow at the sides (a printer's own margin is
#: about 0.17), room for the footer below.
MARGINS = {"left": 0.25, "right": 0.25, "top": 0.5, "bottom": 0.6}
_A4_LONG, _A4_SHORT = 841.89, 595.28  # points
#: Points between the margins, across and down a landscape A4 page.
PAGE_WIDTH = _A4_LONG - (MARGINS["left"] + MARGINS["right"]) * 72
PAGE_HEIGHT = _A4_SHORT - (MARGINS["top"] + MARGINS["bottom"]) * 72
#: The text's size, in points (xlsxwriter's default, Calibri 11).
FONT_SIZE = 11


def column_points(width: float) -> float:
    """How wide a column ``width`` wide (as ``set_column`` is given it) prints at full
    size, at most: LibreOffice prints a unit of its stored width (about ``width + 0.71``)
    as the digit of Carlito at 11 points, 7.43 pixels; Excel as 7 pixels and 5 of
    padding a column. Either is a little wider than the other's estimate would say."""
    return max((width + 0.71) * 7.43, width * 7 + 5) * 0.75


def printed_size(widths: Iterable[float]) -> float:
    """The points the text of columns ``widths`` wide (as ``set_column`` is given them)
    prints at, fit to the page's width: the size a person reads on paper."""
    return FONT_SIZE * min(1.0, PAGE_WIDTH / sum(map(column_points, widths)))
