"""The Summary sheet on paper: its columns, its tables' and notes' look, and its pages.

The Summary prints portrait on A4 at a set scale (:data:`PRINT_SCALE`), not fitted to
the page's width: a spreadsheet program fitting a sheet to its page ignores the page
breaks set in it (Excel does), and the Summary's are set where a section starts, never
inside a table or between a table and its chart. Every row it writes is given its
height (:func:`wide`, :func:`header`, the tables' rows), so that where a page ends can
be worked out before it is written: :class:`Ruler` takes a section as the sheet would
and says how tall it is.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from auditor.writers.cells import HEADER_FORMAT, Style, Styles
from auditor.writers.measure import printed_width, wrapped_lines
from auditor.writers.safe import Masker
from auditor.writers.sheet import LINE_HEIGHT, SheetWriter

#: The Summary's columns, in character widths: line, owner, service (or the findings of
#: a line), then six of numbers; the first step spans the last four.
WIDTHS = (14, 8, 22, 10, 10, 10, 10, 10, 10)
NOTE = Style(colour="595959", wrap=True)
WRAP = Style(wrap=True)
#: A table's header on the Summary, in narrow columns: a long word wraps.
HEAD = Style(bold=True, fill="DDE3EA", wrap=True)
HEAD_RIGHT = Style(bold=True, fill="DDE3EA", wrap=True, align="right", num_format=HEADER_FORMAT)

#: The printed size, in per cent. LibreOffice prints the columns (:data:`WIDTHS`) 611
#: points wide at full size, and A4 holds 538 between the margins: 88 would just fit,
#: 86 leaves a margin (Excel prints them narrower). Text of 11 points prints at 9.5.
PRINT_SCALE = 86
MARGINS = {"left": 0.4, "right": 0.4, "top": 0.5, "bottom": 0.6}  # inches
_A4_HEIGHT = 842  # points
#: The height of rows a printed page holds, in the sheet's points: A4 between the top and
#: bottom margins, at :data:`PRINT_SCALE`, less a fiftieth kept for the programs' own
#: rounding (a page that would just fit may not).
PAGE_HEIGHT = (_A4_HEIGHT - (MARGINS["top"] + MARGINS["bottom"]) * 72) * 100 / PRINT_SCALE * 0.98
#: A row left at its height (an empty one between sections), in points.
BLANK_ROW = 15


def wide(w: SheetWriter, row: int, text: str, style: Style, size: int = 11, kind="plain") -> None:
    """``text`` across the page's width (columns A to I merged), wrapped, in a row tall
    enough for it at font ``size``; ``kind``: ``plain`` for our own words, ``text`` for
    words holding what was read (masked)."""
    w.sheet.merge_range(row - 1, 0, row - 1, len(WIDTHS) - 1, "", w.styles.format(style))
    w.put(row, 1, text, kind, style)
    # A character of a bigger font is wider: the page holds fewer of them a line.
    lines = wrapped_lines(printed_width(w.mask(text)) * size // 11, sum(WIDTHS))
    w.sheet.set_row(row - 1, (LINE_HEIGHT * size // 11 + 2) * lines)


def header(w: SheetWriter, row: int, headers: list[tuple[str, Style]]) -> None:
    """A table's header row, as tall as its longest header needs in its narrow column."""
    tall = 1
    for col, (text, style) in enumerate(headers, 1):
        w.put(row, col, text, "plain", style)
        tall = max(tall, wrapped_lines(printed_width(text), WIDTHS[col - 1]))
    w.sheet.set_row(row - 1, tall * LINE_HEIGHT)


class Ruler:
    """A worksheet that writes nothing and keeps the heights of its rows: a section of
    the Summary written onto it says how tall it will print."""

    def __init__(self) -> None:
        self.heights: dict[int, float] = {}  # 0-based row: its height in points

    def set_row(self, row: int, height: float | None = None, *_args, **_kwargs) -> None:
        """Keep ``row``'s height (0-based, as xlsxwriter's)."""
        self.heights[row] = height if height is not None else BLANK_ROW

    def __getattr__(self, _name: str) -> Callable[..., None]:
        return _nothing  # every other call of a worksheet (write_string, merge_range...)

    def tall(self, first: int, last: int) -> float:
        """The points rows ``first`` to ``last`` (1-based, both in) take."""
        return sum(self.heights.get(row - 1, BLANK_ROW) for row in range(first, last + 1))


def _nothing(*_args, **_kwargs) -> None:
    return None


def ruled(mask: Masker, styles: Styles) -> tuple[SheetWriter, Ruler]:
    """A writer onto a fresh :class:`Ruler`, masking and styled as the sheet is."""
    ruler = Ruler()
    return SheetWriter(ruler, mask, styles), ruler  # type: ignore[arg-type]


def print_setup(sheet, footer: str, page_break: int | None) -> None:
    """Portrait A4 at :data:`PRINT_SCALE` with ``footer``; a second page from row
    ``page_break`` (1-based) when given."""
    for col, width in enumerate(WIDTHS):
        sheet.set_column(col, col, width)
    sheet.set_portrait()
    sheet.set_paper(9)  # A4
    sheet.set_margins(**MARGINS)
    sheet.set_print_scale(PRINT_SCALE)
    if page_break is not None:
        sheet.set_h_pagebreaks([page_break - 1])  # xlsxwriter breaks above a 0-based row
    if footer:
        sheet.set_footer(footer)


#: The longest settings path the Summary names whole; a longer one by its last folders.
SETTINGS_SHOWN = 60


def shown_path(path: Path) -> str:
    """``path`` as the Summary names it: whole when short, else by its last three parts
    (``…/company/bills/auditor.toml``): the page's one line, not two."""
    text = str(path)
    return text if len(text) <= SETTINGS_SHOWN else "…/" + "/".join(path.parts[-3:])
