"""The Summary's "each line's bill": a table of the lines' latest months and a chart,
and the figures beside it (:func:`write_figures`).

The lines come in the order a person reading the page expects, the same in the table
and the chart (:func:`ranked`): those with findings or a refund still due first, the
most money at stake first (as the things to do), the gravest of equal money, then the
clean ones, the costliest first. A bill that does not add up is never among the clean
lines, and ranks by the money its total charges beyond its items. Where the page holds
fewer lines than there are, the rest are
counted, with how many of them have findings and where they are; the chart draws the
first :data:`CHART_LINES` and says, under it, which it leaves out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from math import ceil

from xlsxwriter.workbook import Workbook

from auditor.audit_report import AuditReport
from auditor.lang import counted, say
from auditor.model import SEVERITIES, severity_rank
from auditor.sheets import BY_OWNER, FINDINGS, FOLLOW_UP, INPUTS, TREND
from auditor.values import format_yuan
from auditor.writers import figures, unchecked
from auditor.writers.cells import PLAIN, Style
from auditor.writers.labels import FINDING_STATUS_LABELS, SEVERITY_LABELS, label
from auditor.writers.listings import DISPUTED, LINE, OWNER, PER_YEAR
from auditor.writers.measure import printed_width, wrapped_lines
from auditor.writers.months import DIFFERS, NO, MonthFigures
from auditor.writers.report_figures import ReportFigures
from auditor.writers.sheet import BOLD, LINE_HEIGHT, SheetWriter
from auditor.writers.summary_layout import HEAD, HEAD_RIGHT, NOTE, WIDTHS, WRAP, header, wide
from auditor.writers.todo import REFUND_DUE_SEVERITY, line_stake_fen

#: The latest months shown per line (the Trend sheet has every month).
MONTHS_SHOWN = 4
#: Lines drawn in the chart: past six, the colours repeat in darker shades, and past
#: eight a month's columns are too narrow to tell apart.
CHART_LINES = 8
#: Lines left out of the chart that its note names; more are counted.
CHART_NAMED = 4
CHART_SIZE = (470, 220)  # pixels
CHART_PLACE = {"x_offset": 2, "y_offset": 4}  # pixels from its first row's top left
#: The rows the chart covers, each of LINE_HEIGHT points (a pixel is three quarters of
#: one), as LibreOffice prints them: a thirtieth shorter (a row of 16 points prints
#: 15.6 tall), which left the note under the chart behind its foot.
CHART_ROWS = ceil((CHART_SIZE[1] + CHART_PLACE["y_offset"]) * 0.75 / (LINE_HEIGHT * 29 / 30))
MISMATCH = Style(fill="F8CBCB")
#: A bill's total its items could not be checked against (MonthFigures.unchecked).
UNCHECKED = Style(fill="DDEBF7")
#: A month two copies of whose bill disagree (MonthFigures.reconciled is DIFFERS).
DISAGREEING = Style(fill="FCE4D6")


def ranked(
    lines: list[figures.LineFigures], billed: Mapping[str, int] | None = None
) -> list[figures.LineFigures]:
    """``lines`` in the Summary's order: those with something to do or findings first, by
    the money at stake (:func:`~auditor.writers.todo.line_stake_fen`, as the things to do
    are ordered), then by their gravest finding (a refund due ranks as the things to do
    rank it, :data:`~auditor.writers.todo.REFUND_DUE_SEVERITY`), then the money already
    charged; then the clean ones; of equals, those ``billed`` most first (fen by line:
    the Trend sheet's charts, which draw the lines that matter and then the costliest),
    then by number."""
    billed = billed or {}

    def importance(line: figures.LineFigures) -> tuple[bool, int, int, int, int, str]:
        gravest = next((s for s in SEVERITIES if line.by_severity.get(s)), None)
        rank = len(SEVERITIES) + 1 if gravest is None else severity_rank(gravest)
        if line.refund_due_fen:
            rank = min(rank, severity_rank(REFUND_DUE_SEVERITY))
        charged = line.claimable_fen + line.refund_due_fen + line.unexplained_fen
        return (
            not has_findings(line),
            -line_stake_fen(line),
            rank,
            -charged,
            -billed.get(line.line, 0),
            line.line,
        )

    return sorted(lines, key=importance)


def has_findings(line: figures.LineFigures) -> bool:
    """Whether any finding is about ``line``, or a refund is still due on it: not a clean
    line."""
    return any(line.by_severity.values()) or line.refund_due_fen > 0


def _what_found(line: figures.LineFigures) -> list[str]:
    """A line's findings cell, line by line: its findings by severity, then the money its
    refunds due have not had back, which ranks the line (:func:`ranked`) though neither
    money column shows it, so that its place in the table is told; a dash for a clean
    line."""
    counts = [(s, n) for s, n in line.by_severity.items() if n]
    found = " · ".join(f"{label(SEVERITY_LABELS, s)} {n}" for s, n in counts)
    due = label(FINDING_STATUS_LABELS, "refund-due")
    due = f"{due} ¥{format_yuan(line.refund_due_fen)}" if line.refund_due_fen else ""
    return [text for text in (found, due) if text] or ["—"]


def _with_findings(lines: list[figures.LineFigures]) -> tuple[str, str]:
    """How many of ``lines`` have findings or a refund due, in words (Chinese, English)."""
    found = sum(1 for line in lines if has_findings(line))
    due = any(line.refund_due_fen for line in lines)
    if not found:
        return "（均无发现）", " (none with findings)"
    if due:
        return f"（其中 {found} 个有发现或待退款）", f" ({found} with findings or refunds due)"
    return f"（其中 {found} 个有发现）", f" ({found} with findings)"


def lines_tally(ordered: list[figures.LineFigures]) -> tuple[str, str]:
    """Every line of the Summary counted, and how many have findings or a refund due, in
    words (Chinese, English): what both notes under the table and the chart say of the
    lines, worked out once, so that they agree (each counting the lines it left out
    had a reader add up two totals, one short)."""
    count, found = len(ordered), sum(1 for line in ordered if has_findings(line))
    if not found:
        return f"（共 {count} 个号码，均无发现）", f" ({count} lines in all, none with findings)"
    due = any(line.refund_due_fen for line in ordered)
    what = (
        ("有发现或待退款", "with findings or refunds due") if due else ("有发现", "with findings")
    )
    return (
        f"（共 {count} 个号码，其中 {found} 个{what[0]}）",
        f" ({count} lines in all, {found} {what[1]})",
    )


@dataclass(frozen=True)
class Table:
    """Where the lines' table was written: its header's row (1-based), its months, the
    lines listed, whether any month shown is below zero, and the lines with a bill in
    its months (a line with a refund due and no file this time has none)."""

    header_row: int
    periods: list[str]
    listed: list[figures.LineFigures]
    below_zero: bool
    billed: frozenset[str] = frozenset()


def write_table(
    w: SheetWriter,
    row: int,
    ordered: list[figures.LineFigures],
    months: list[MonthFigures],
    count: int,
    tally: tuple[str, str] | None = None,
) -> tuple[int, Table]:
    """The first ``count`` of the ``ordered`` lines (:func:`ranked`) from ``row``: their
    latest months (red where the items do not add up to the bill, orange where two copies
    of it disagree), findings and money, then notes on what is coloured and what is left
    out (``tally``: :func:`lines_tally` of ``ordered``, when worked out); returns the last
    row written."""
    wide(w, row, say("每月账单", "Each line's bill"), BOLD)
    periods = sorted({m.period for m in months})[-MONTHS_SHOWN:]
    by_key = {(m.line, m.period): m for m in months}
    row += 1
    columns = [(LINE.shown(), HEAD), (OWNER.shown(), HEAD), (say("发现", "Findings"), HEAD)]
    columns += [(period, HEAD_RIGHT) for period in periods]
    columns += [(DISPUTED.shown(), HEAD_RIGHT), (PER_YEAR.shown(), HEAD_RIGHT)]
    header(w, row, columns)
    header_row = row
    mismatched = unchecked = disagreeing = below_zero = False
    listed = ordered[:count]
    for line in listed:
        row += 1
        w.put(row, 1, line.line)
        w.put(row, 2, line.owner, "text", WRAP)
        found = _what_found(line)
        # a line each (severities' counts print on one, as they always have)
        w.put(row, 3, "\n".join(found), "plain", WRAP if len(found) > 1 else PLAIN)
        tall = max(wrapped_lines(printed_width(w.mask(line.owner)), WIDTHS[1]), len(found))
        # Every row's height set: LibreOffice would fit one left at none to its Chinese
        # glyphs, taller than the page's plan (summary_layout).
        w.sheet.set_row(row - 1, LINE_HEIGHT * tall)
        for offset, period in enumerate(periods):
            month = by_key.get((line.line, period))
            bad = month is not None and month.reconciled == NO
            told = month is not None and month.unchecked
            differs = month is not None and month.reconciled == DIFFERS
            mismatched, unchecked = mismatched or bad, unchecked or told
            disagreeing = disagreeing or differs
            # What the line paid (MonthFigures.total_fen): in red where its items do not
            # make it, in blue where none were given to check it by (the Trend sheet has
            # both figures).
            paid = None if month is None else month.total_fen
            below_zero = below_zero or (paid or 0) < 0
            style = MISMATCH if bad else DISAGREEING if differs else UNCHECKED if told else PLAIN
            w.put(row, 4 + offset, paid, "money", style)
        w.put(row, 4 + len(periods), line.claimable_fen or None, "money")
        w.put(row, 5 + len(periods), line.yearly_fen or None, "money")
    notes = []
    if mismatched:
        notes.append(
            say(
                "红色：账单合计（所示）与明细之和不符",
                "Red: the bill's total (shown) is not the sum of its items",
            )
        )
    if disagreeing:
        notes.append(
            say(
                f"橙色：同一个月的两份账单（如短信与网上营业厅的）金额不符，所示为计入的一份："
                f"见「{INPUTS.zh}」表的提示",
                f"Orange: two copies of the month's bill (an SMS and the portal's, say) give "
                f"other figures; the one counted is shown: see the warnings in {INPUTS.en}",
            )
        )
    if unchecked:
        notes.append(
            say(
                "蓝色：账单只写了合计（所示），没有或只有部分明细，无法核对",
                "Blue: the bill's total (shown) came without all its items: not checked",
            )
        )
    if len(ordered) > count:
        notes.append(_more(ordered[count:], tally or lines_tally(ordered)))
    if len({m.period for m in months}) > len(periods):
        notes.append(say(f"更早的月份见「{TREND}」表", f"Earlier months: see {TREND}"))
    for note in notes:
        row += 1
        wide(w, row, note, NOTE)
    billed = frozenset(line for line, period in by_key if period in periods)
    return row, Table(header_row, periods, listed, below_zero, billed)


def _more(rest: list[figures.LineFigures], tally: tuple[str, str]) -> str:
    """The lines the table had no room for, counted, and where they are; ``tally``: all
    the lines, and how many have findings (:func:`lines_tally`)."""
    zh_with, en_with = tally
    more = counted(len(rest), "more line") + " not listed"
    if any(has_findings(line) for line in rest):
        # a refund due is a finding resolved before: Follow-up lists it, not Findings
        where = [FINDINGS, *([FOLLOW_UP] if any(line.refund_due_fen for line in rest) else [])]
        zh_where = "".join(f"「{sheet}」" for sheet in (*where, TREND, BY_OWNER))
        en_where = ", ".join(str(sheet) for sheet in (*where, TREND, BY_OWNER))
        return say(
            f"另有 {len(rest)} 个号码未列出{zh_with}，见{zh_where}表",
            f"{more}{en_with}: see {en_where}",
        )
    return say(
        f"另有 {len(rest)} 个号码未列出{zh_with}，见「{TREND}」「{BY_OWNER}」表",
        f"{more}{en_with}: see {TREND}, {BY_OWNER}",
    )


def drawn(table: Table) -> list[figures.LineFigures]:
    """The lines the chart draws: the table's first :data:`CHART_LINES` with a bill in
    its months. A line of none (a refund due, no file this time) has nothing to draw: a
    series of it was a legend entry with no column."""
    return [line for line in table.listed if line.line in table.billed][:CHART_LINES]


def chart_note(
    ordered: list[figures.LineFigures], table: Table, tally: tuple[str, str] | None = None
) -> str:
    """What the chart leaves out, under it ('' when it draws every line with a bill):
    named when they are few, else counted, and how many of them have findings. A line
    with no bill in the table's months is not left out: there is nothing of it to draw."""
    shown = drawn(table)
    # By identity: one figure a line, and these are the ordered lines themselves; each
    # figure compared field by field with the drawn ones, a company's thousand lines in
    # every layout the Summary tries, cost more than the rest of the note.
    listed, drawn_ids = {id(line) for line in table.listed}, {id(line) for line in shown}
    dated = [line for line in ordered if line.line in table.billed or id(line) not in listed]
    rest = [line for line in dated if id(line) not in drawn_ids]
    if not rest:
        return ""
    return (
        say(
            f"图中为表中前 {len(shown)} 个号码，",
            f"The chart draws the table's first {len(shown)} lines; ",
        )
        + not_drawn(rest, tally or lines_tally(ordered))
        + say(f"；每个号码的逐月账单见「{TREND}」表", f". Every line's months: see {TREND}")
    )


def not_drawn(rest: list[figures.LineFigures], tally: tuple[str, str] | None = None) -> str:
    """The lines a chart leaves out: named when they are few (their numbers, to be
    masked as the cell they go in is), else counted, and how many of them have findings
    (the Trend sheet's charts), or ``tally``: all the lines, and how many of them have
    findings (the Summary's chart, as the note under its table: :func:`lines_tally`)."""
    if len(rest) <= CHART_NAMED:
        numbers = [line.line for line in rest]
        zh_left, en_left = f"未画出：{'、'.join(numbers)}", f"not drawn: {', '.join(numbers)}"
    else:
        zh_left, en_left = f"未画出 {len(rest)} 个", f"{len(rest)} not drawn"
    zh_found, en_found = tally or _with_findings(rest)
    return say(zh_left + zh_found, en_left + en_found)


def chart(book: Workbook, name: str, table: Table):
    """The monthly bill of each line :func:`drawn`, a group of columns per month (the
    table's own cells); its columns start at zero unless a bill is below it."""
    chart = book.add_chart({"type": "column"})
    months = len(table.periods)
    first = table.header_row - 1  # 0-based, as the chart's references are
    for line in drawn(table):
        row = first + 1 + table.listed.index(line)
        chart.add_series(
            {
                "name": [name, row, 0],
                "categories": [name, first, 3, first, 2 + months],
                "values": [name, row, 3, row, 2 + months],
                "gap": 60,
            }
        )
    # Chart text as big as the cells' (11 points), so that it prints at 9 or more too.
    font = {"size": 11}
    title = say("每月账单", "Bill per month")
    chart.set_title({"name": title, "name_font": {"size": 11, "bold": True}})
    chart.set_x_axis({"num_font": font})
    # Columns start at zero: a scale from ¥96 made ¥98 look twice ¥97.
    axis = {"num_format": "¥#,##0", "num_font": font, "major_gridlines": {"visible": True}}
    chart.set_y_axis(axis if table.below_zero else {**axis, "min": 0})
    chart.set_legend({"position": "bottom", "font": font})
    chart.set_size({"width": CHART_SIZE[0], "height": CHART_SIZE[1]})
    return chart


def figures_facts(report: AuditReport, shown: ReportFigures) -> list[tuple[str, object, str]]:
    """The Summary's figures (``shown``: the report's), each its label, value and kind,
    in the active language: what :func:`write_figures` writes."""
    found = report.findings
    counts = shown.severities
    return [
        (DISPUTED.shown(), shown.counted.claimable_fen, "money"),
        *(
            [(say("其中已过申诉期", "Of it, past the appeal limit"), past, "money")]
            if (past := shown.counted.past_limit_fen)
            else []
        ),
        (PER_YEAR.shown(), shown.counted.yearly_fen, "money"),
        *([(say("待退款", "Refunds due"), due, "money")] if (due := shown.refunds_due_fen) else []),
        # still owed, but past the appeal limit: a complaint to the carrier only
        *(
            [(say("已过申诉期的待退款", "Refunds due past the appeal limit"), late, "money")]
            if (late := shown.refunds_past_fen)
            else []
        ),
        # no longer asked back: closed by the user without a refund (settled, given up)
        *(
            [(say("已了结（未退款）", "Closed without a refund"), shut, "money")]
            if (shut := sum(due.closed_fen for due in report.closed))
            else []
        ),
        # counted apart: the lines not checked this time (no bill given)
        *(
            [(say("未核对号码仍涉及", "Lines not checked, at stake"), stake, "money")]
            if (stake := unchecked.at_stake_fen(shown.unchecked))
            else []
        ),
        (say("发现", "Findings"), len(found), "int"),
        *[(label(SEVERITY_LABELS, s), counts[s], "int") for s in counts],
        (say("读取文件", "Files read"), len(report.readable_inputs), "int"),
        (say("未能读取", "Files not read"), len(report.failed_inputs), "int"),
        (say("检查日期", "As of"), report.as_of, "date"),
    ]


def write_figures(
    w: SheetWriter, facts: list[tuple[str, object, str]], charted: bool, row: int
) -> int:
    """The Summary's figures as label and value (``facts``: :func:`figures_facts`), beside
    the chart when there is one (``charted``: inserted at ``row`` once written); returns
    the last row they, or the chart, take."""
    label_col, value_col = (6, 9) if charted else (1, 4)
    w.put(row, label_col, say("概况", "In figures"), "plain", BOLD)
    w.sheet.set_row(row - 1, LINE_HEIGHT)  # set, as each row's is (summary_layout)
    for name, value, kind in facts:
        row += 1
        w.put(row, label_col, name, "plain", BOLD if kind == "money" else PLAIN)
        w.put(row, value_col, value, kind)
        w.sheet.set_row(row - 1, LINE_HEIGHT)
    if not charted:
        return row
    last = row - len(facts) + CHART_ROWS - 1
    for under in range(row + 1, last + 1):  # the chart's rows below the figures
        w.sheet.set_row(under - 1, LINE_HEIGHT)
    return max(row, last)
