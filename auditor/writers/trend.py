"""The Trend sheet: each line's monthly bill by category, as a table and a native chart,
each month checked against the total its bill states.

The months are every month known for the lines audited: the inputs' and, with a history,
the earlier ones it holds (:func:`~auditor.writers.months.month_figures`), so a person
sees at a glance the month a value-added fee appeared or a discount went. Each line gets a
stacked column chart (one colour a category, discounts below zero) with its total as a
line; a company's hundreds of lines get charts for the lines the Summary puts first (those
with findings, :func:`~auditor.writers.summary_lines.ranked`), then for those that cost the
most, and a note naming (or counting) the lines left out; the table holds them all.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from xlsxwriter.workbook import Workbook

from auditor.audit_report import AuditReport
from auditor.categories import CATEGORIES
from auditor.lang import Text, say
from auditor.writers import page, summary_lines
from auditor.writers.cells import Styles
from auditor.writers.figures import LineFigures
from auditor.writers.labels import (
    CATEGORY_LABELS,
    RECONCILED_LABELS,
    holder_shown,
    label,
    owner_shown,
)
from auditor.writers.listings import LINE, OWNER
from auditor.writers.measure import text_lines
from auditor.writers.months import MonthFigures
from auditor.writers.report_figures import ReportFigures
from auditor.writers.safe import Masker
from auditor.writers.sheet import BOLD, LINE_HEIGHT, TITLE, Column, SheetWriter
from auditor.writers.xmlsheet import XmlSheet

#: Lines drawn as a chart; the rest are in the table (a company has hundreds).
CHARTS_AT_MOST = 24
#: Where the charts go: to the right of the table, one below the other.
CHART_ROWS = 16  # rows a chart takes, with a gap (the chart is 15 rows of 20 px tall)
_HEADER_ROW = 4  # 1-based: the title, a note, a row for the charts' note, then the table
TOTAL = Text("合计", "Total")

# Category colours: fees in warm and neutral tones, third-party red, discounts green.
_COLOURS = {
    "plan": "#4472C4",
    "voice": "#5B9BD5",
    "data": "#70AD47",
    "sms": "#A5A5A5",
    "vas": "#ED7D31",
    "third-party": "#C00000",
    "discount": "#9BBB59",
    "other": "#7F6000",
}


def write_trend(
    book: Workbook,
    name: str,
    report: AuditReport,
    mask: Masker,
    styles: Styles,
    shown: ReportFigures,
) -> None:
    """Add the Trend sheet ``name`` to ``book``: the table of each line's months (``shown``,
    the report's figures by line and month) by category and a chart per line (at most
    :data:`CHARTS_AT_MOST`, chosen as :func:`_charted` says)."""
    months = shown.months
    # Its table is written as XML (a company's thousands of months of figures).
    sheet = book.add_worksheet(name, XmlSheet)
    sheet.kept_heights = {}  # its rows' heights: where its pages break beside its charts
    w = SheetWriter(sheet, mask, styles)
    lines = _lines(months)
    # Our own texts, written past the column widths: a long title must not widen the
    # Line column (it runs on over the empty cells beside it).
    title = say("每月账单（按类别）", "Each line's monthly bill by category")
    sheet.write_string(0, 0, title, styles.format(TITLE))
    sheet.set_row(0, 22)  # the title's bigger font
    sheet.write_string(1, 0, _note(months, lines, bool(report.history)))
    w.row = 2
    if not months:
        w.finish(freeze=False)
        return
    categories = [c for c in CATEGORIES if any(m.by_category.get(c) for m in months)]
    # Nothing charged in any category (a line only ever billed 0.00): nothing to draw.
    charted, rest = _charted(lines, shown.lines, report) if categories else ([], [])
    columns = [
        Column(LINE),
        Column(OWNER),
        Column(Text("账期", "Month"), "plain"),
        *[Column(CATEGORY_LABELS[c], "money") for c in categories],
        Column(TOTAL, "money"),
        Column(Text("账单合计", "Stated total"), "money"),
        Column(Text("差额", "Difference"), "money"),
        Column(Text("核对", "Reconciled")),
    ]
    rows = [
        [
            m.line,
            holder_shown(report, m.line, m.period)[0],
            m.period,
            *[m.by_category.get(c) for c in categories],
            m.billed_fen,
            m.stated_fen,
            m.difference_fen,
            label(RECONCILED_LABELS, m.reconciled),
        ]
        for m in months
    ]
    last = w.table(columns, rows, first_row=_HEADER_ROW)
    widths = w.finish(freeze=False)
    sheet.autofilter(_HEADER_ROW - 1, 0, last - 1, len(columns) - 1)
    sheet.freeze_panes(_HEADER_ROW, 0)
    sheet.repeat_rows(_HEADER_ROW - 1)
    if not charted:
        return  # the table alone: printed as wide as its page, as the list sheets are
    if rest:  # said above the table (written after it: wrapped in the table's width)
        told = say(
            f"图表画了 {len(charted)} 个号码：有发现的在前，再按花费从高到低；"
            f"表中有全部 {len(lines)} 个；",
            f"Charts for {len(charted)} lines, those with findings first, then those that "
            f"cost the most; the table has all {len(lines)}; ",
        )
        _across(w, 2, mask(told + summary_lines.not_drawn(rest)), widths)
    scale = _paged(sheet, widths, len(charted))
    # The charts' words as large on paper as the table's: 8 points or more.
    size = max(_CHART_TEXT, -(-page.LEAST_POINTS * 100 // scale))
    for place, line in enumerate(charted):  # in the Summary's order, findings first
        first, end, _ = lines[line]
        owner = owner_shown(report, line)
        mine = months[first - _HEADER_ROW : end - _HEADER_ROW + 1]
        chart = _chart(book, name, line, (first, end), categories, mask, owner, mine, size)
        at = {"x_offset": _CHART_X, "y_offset": _CHART_Y}
        sheet.insert_chart(_chart_row(place), len(columns) + 1, chart, at)


def _across(w: SheetWriter, row: int, text: str, widths: dict[int, int]) -> None:
    """``text`` (ours and masked) in bold across the table's columns (``widths``) in row
    ``row`` (0-based), wrapped in a row as tall as it takes: it printed cut at the
    table's page's edge, the charts printing on pages of their own."""
    style = replace(BOLD, wrap=True)
    w.sheet.merge_range(row, 0, row, len(widths) - 1, "", w.styles.format(style))
    w.sheet.write_string(row, 0, text, w.styles.format(style))
    # a bold letter is up to 3 per cent wider; a column's margin is kept
    room = (sum(widths.values()) - 1) * 100 // 103
    lines = text_lines(text, room)
    if lines > 1:
        w.sheet.set_row(row, LINE_HEIGHT * lines)


#: A chart's place: pixels right of its column's edge and below its row's (a chart
#: starting on a page's first row was drawn on the page before too, its top edge a line
#: at the bottom of that page), and its size in pixels (15 of its 16 rows).
_CHART_X, _CHART_Y, _CHART_SIZE = 10, 4, (620, 300)
#: The size of a chart's words (a spreadsheet's default), its title's the sheet's (11).
_CHART_TEXT, _CHART_TITLE = 10, 11


def _chart_row(place: int) -> int:
    """The row (0-based) the ``place``-th chart starts at, the first beside the table's
    first row: not in its header, which each printed page repeats (and LibreOffice with
    it the top of a chart standing in it, over the page's own first chart)."""
    return _HEADER_ROW + place * CHART_ROWS


def _paged(sheet: XmlSheet, widths: dict[int, int], charts: int) -> int:
    """Print the table (columns ``widths`` wide, by 0-based column) as wide as its page,
    at 8 points or more (:data:`~auditor.writers.page.LEAST_SCALE`), and its ``charts``
    after it on pages of their own (a column break between: the pages go down the table,
    then down the charts), each page broken between two charts
    (:func:`~auditor.writers.page.chart_breaks`): a page holds as many as it can at a
    scale a little under the table's. Return the scale, in per cent.

    Printed beside the table, at the scale that fit both on the page's width, the
    table's text printed at 5 to 6 points."""
    points = sum(map(page.column_points, widths.values()))
    height = sheet.row_points  # as written: the title's, the header's, a tall row's
    places = [(_chart_row(n), _chart_row(n) + CHART_ROWS) for n in range(charts)]
    header = height(_HEADER_ROW - 1)
    widest = max(page.LEAST_SCALE, page.fitting_scale(points))
    scale = page.chart_scale(widest, height, places, header)
    sheet.set_print_scale(scale)  # (no longer fit to the page's width)
    sheet.set_v_pagebreaks([len(widths)])  # (left of the 0-based column: the charts' gap)
    breaks = page.chart_breaks(height, places, scale, header)
    if breaks:
        sheet.set_h_pagebreaks(breaks)  # (xlsxwriter breaks above a 0-based row)
    return scale


def _charted(
    lines: dict[str, tuple[int, int, int]], figures: list[LineFigures], report: AuditReport
) -> tuple[list[str], list[LineFigures]]:
    """The lines (of ``lines``, :func:`_lines`) to chart, at most :data:`CHARTS_AT_MOST`,
    and those left out: in the Summary's order (its ``figures`` of each line: those with
    findings first, the most money at stake first), its clean lines the costliest first."""
    known = {each.line: each for each in figures}
    clean = LineFigures("", "", "", 0, {}, 0, 0)  # a line of months alone: no finding
    ordered = summary_lines.ranked(
        [
            known.get(line) or replace(clean, line=line, owner=owner_shown(report, line))
            for line in lines
        ],
        {line: total for line, (_, _, total) in lines.items()},
    )
    return [each.line for each in ordered[:CHARTS_AT_MOST]], ordered[CHARTS_AT_MOST:]


def _cached(amounts: list[int | None]) -> list[str | None]:
    """Money in fen as a chart's cache holds the cells' numbers (yuan, as xlsxwriter
    writes a number there); None for an empty cell."""
    return [None if fen is None else f"{fen / 100:.16g}" for fen in amounts]


def _lines(months: list[MonthFigures]) -> dict[str, tuple[int, int, int]]:
    """Each line's rows in the table (0-based, first and last) and its total over them."""
    spans: dict[str, tuple[int, int, int]] = {}
    for index, month in enumerate(months):
        row = _HEADER_ROW + index  # 0-based row of the table's data row
        first, _, total = spans.get(month.line, (row, row, 0))
        # what it came to (a month known only by its bill's total counts that)
        spans[month.line] = (first, row, total + (month.total_fen or 0))
    return spans


def _note(months: list[MonthFigures], lines: dict, remembered: bool) -> str:
    """What the sheet covers, and what makes it a trend."""
    if not months:
        return say("没有读到账单月份", "No bill months were read")
    periods = sorted({m.period for m in months})
    span = f"{periods[0]} – {periods[-1]}" if len(periods) > 1 else periods[0]
    text = say(f"{len(lines)} 个号码，{span}", f"{len(lines)} lines, {span}")
    per_line = Counter(m.line for m in months)  # (a count per line: 1,000 lines, 2,000 months)
    if max(per_line[line] for line in lines) < 2:
        text += say(
            "；每月检查后这里会显示趋势" + ("" if remembered else "（需要历史记录，--db）"),
            "; one month so far: audit each month"
            + (" and the history adds them up" if remembered else " with a history (--db)"),
        )
    return text


def _chart(
    book: Workbook,
    sheet: str,
    line: str,
    rows: tuple[int, int],
    shown: list[str],
    mask: Masker,
    owner: str,
    months: list[MonthFigures],
    size: int = _CHART_TEXT,
):
    """A stacked column chart of one line's ``months`` (the table's ``rows``, first and
    last) by category, its total as a line; its words ``size`` points (its title at
    least :data:`_CHART_TITLE`).

    Each series carries its figures too, as the chart's cache: the table's cells are
    written as XML, out of xlsxwriter's sight, and a viewer that draws a chart from its
    cache (a preview) would otherwise draw nothing."""
    first, last = rows
    columns = book.add_chart({"type": "column", "subtype": "stacked"})
    total_col = 3 + len(shown)
    periods = [month.period for month in months]
    for offset, category in enumerate(shown):
        col = 3 + offset
        columns.add_series(
            {
                "name": CATEGORY_LABELS[category].shown(),
                "categories": [sheet, first, 2, last, 2],
                "values": [sheet, first, col, last, col],
                "categories_data": periods,
                "values_data": _cached([month.by_category.get(category) for month in months]),
                "fill": {"color": _COLOURS.get(category, "#808080")},
                "gap": 80,
            }
        )
    total = book.add_chart({"type": "line"})
    total.add_series(
        {
            "name": TOTAL.shown(),
            "categories": [sheet, first, 2, last, 2],
            "values": [sheet, first, total_col, last, total_col],
            "categories_data": periods,
            "values_data": _cached([month.billed_fen for month in months]),
            "line": {"color": "#000000", "width": 1.5},
            "marker": {"type": "circle", "size": 5},
        }
    )
    columns.combine(total)
    # Chart text is not a cell: a title starting "=" would be read as a reference, so it
    # starts with a label of ours; the line is masked as everywhere else.
    who = f" {mask(owner)}" if owner else ""
    title = {"size": max(size, _CHART_TITLE)}
    columns.set_title({"name": f"{LINE.shown()} {mask(line)}{who}", "name_font": title})
    columns.set_x_axis({"num_font": {"size": size}})
    columns.set_y_axis(
        {"num_format": "¥#,##0", "major_gridlines": {"visible": True}, "num_font": {"size": size}}
    )
    columns.set_legend({"position": "bottom", "font": {"size": size}})
    columns.set_size({"width": _CHART_SIZE[0], "height": _CHART_SIZE[1]})
    return columns
