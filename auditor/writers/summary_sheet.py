"""The Summary sheet: what a person needs in ten seconds, on one printed A4 page.

From the top: the headline (how much was charged that should not have been, how many
things to do, what it costs a year), the things to do first (at most
``SheetLimits.top_actions``, the gravest first, then by money, one per service, each
with its first step; a refund still due among them, as money to ask back by its appeal's
last day), each line's latest months (those that do not add up in red; at most
``SheetLimits.summary_rows`` lines, those that cost most), a small chart with the
figures beside it. Everything else is on the sheets after it; the Summary
says where.

It prints portrait, at about nine-tenths of its size: its columns are set, not grown
to their longest text, and long text wraps in rows made tall enough for it.
"""

from __future__ import annotations

from datetime import date

from xlsxwriter.workbook import Workbook

from auditor.history.follow import RefundDue
from auditor.lang import counted, say
from auditor.model import severity_rank
from auditor.pipeline import AuditReport
from auditor.sheets import BY_SERVICE, FINDINGS, FOLLOW_UP, TREND
from auditor.values import format_yuan
from auditor.writers import figures
from auditor.writers.cells import PLAIN, Style, Styles, printed_width, wrapped_lines
from auditor.writers.followup import next_step
from auditor.writers.labels import (
    FINDING_STATUS_LABELS,
    NOTHING_TO_AUDIT,
    SEVERITY_LABELS,
    bill_level,
    label,
    listed,
    one_language,
    rule_label,
)
from auditor.writers.listings import DISPUTED, LINE, OWNER, PER_YEAR
from auditor.writers.safe import Masker
from auditor.writers.sheet import (
    BOLD,
    LINE_HEIGHT,
    TITLE,
    Listing,
    SheetLimits,
    SheetWriter,
)

#: The Summary's columns, in character widths: line, owner, service (or the findings of
#: a line), then six of numbers; the first step spans the last four.
WIDTHS = (14, 8, 22, 10, 10, 10, 10, 10, 10)
STEP_COLUMNS = (5, 8)  # 0-based, first and last: F to I
STEP_WIDTH = sum(WIDTHS[STEP_COLUMNS[0] : STEP_COLUMNS[1] + 1])
#: The latest months shown per line (the Trend sheet has every month).
MONTHS_SHOWN = 4
#: Printed lines the things to do may take, so that a household's Summary is one page;
#: at least MIN_TO_DO are shown whatever their length, the rest are counted.
TO_DO_LINES = 20
MIN_TO_DO = 3
#: Lines drawn in the Summary's chart.
CHART_LINES = 8
CHART_ROWS = 12  # the rows the chart covers

HEADLINE = Style(bold=True, size=18, colour="C00000", wrap=True)
HEADLINE_CLEAR = Style(bold=True, size=18, colour="2E7D32", wrap=True)
NOTE = Style(colour="595959", wrap=True)
WRAP = Style(wrap=True)
MISMATCH = Style(fill="F8CBCB")
#: A table's header on the Summary, in narrow columns: a long word wraps.
HEAD = Style(bold=True, fill="DDE3EA", wrap=True)
HEAD_RIGHT = Style(bold=True, fill="DDE3EA", wrap=True, align="right")


def write_summary(
    book: Workbook,
    name: str,
    report: AuditReport,
    mask: Masker,
    styles: Styles,
    limits: SheetLimits,
    listings: list[Listing],
    shown: figures.ReportFigures,
) -> None:
    """Add the Summary sheet ``name`` to ``book`` (see the module docstring); ``shown``:
    the report's figures by line and month."""
    sheet = book.add_worksheet(name)
    w = SheetWriter(sheet, mask, styles)
    todo = _to_do(report)
    # The headline and the figures both show them: over every finding, worked out once.
    money = figures.claimable_fen(report.findings), figures.yearly_fen(report.findings)
    title = say("话费检查报告", "Phone bill audit")
    _wide(w, 1, f"{title} — {report.as_of.isoformat()}", TITLE, 14)
    clear = not todo and not report.holds_nothing
    _wide(w, 2, _headline(report, todo, money), HEADLINE_CLEAR if clear else HEADLINE, 18)
    _wide(w, 3, _counts(report), NOTE)
    row = _do_first(w, todo, report, 5, limits.top_actions)
    row, chart = _months(w, book, name, report, shown, row + 2, limits.summary_rows)
    row = _figures(w, report, chart, row + 2, money)
    _notes(w, report, listings, limits, row)
    for col, width in enumerate(WIDTHS):
        sheet.set_column(col, col, width)
    sheet.set_portrait()
    sheet.set_paper(9)  # A4
    sheet.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    sheet.fit_to_pages(1, 0)
    if styles.footer:
        sheet.set_footer(styles.footer)


def _wide(w: SheetWriter, row: int, text: str, style: Style, size: int = 11) -> None:
    """Our own ``text`` across the page's width (columns A to I merged), wrapped, in a row
    tall enough for it at font ``size``."""
    w.sheet.merge_range(row - 1, 0, row - 1, len(WIDTHS) - 1, "", w.styles.format(style))
    w.put(row, 1, text, "plain", style)
    # A character of a bigger font is wider: the page holds fewer of them a line.
    lines = wrapped_lines(printed_width(text) * size // 11, sum(WIDTHS))
    w.sheet.set_row(row - 1, (LINE_HEIGHT * size // 11 + 2) * lines)


def _headline(report: AuditReport, todo: list[ToDo], money: tuple[int, int]) -> str:
    """The one sentence that answers first; ``todo``: the things to do (the findings'
    and the refunds due); ``money``: what the findings dispute and cost a year."""
    claimable, yearly = map(format_yuan, money)
    if not todo and report.holds_nothing:
        return NOTHING_TO_AUDIT.shown()
    due = figures.refunds_due_fen(report)
    still = (
        say(
            f"；已解决的发现仍有 ¥{format_yuan(due)} 未退还（见「{FOLLOW_UP.zh}」表）",
            f"; ¥{format_yuan(due)} of findings resolved is not refunded yet (see {FOLLOW_UP.en})",
        )
        if due
        else ""
    )
    things = counted(len(todo), "thing")
    if not any(isinstance(item, figures.ServiceGroup) for item in todo):  # refunds due alone
        nothing = say("没有发现多扣的费用", "Nothing was found charged that should not have been")
        return (
            nothing + still + (say(f"，{len(todo)} 件事要做", f": {things} to do") if todo else "")
        )
    return (
        say(
            f"已多扣 ¥{claimable}，{len(todo)} 件事要做；每年可省 ¥{yearly}",
            f"¥{claimable} overcharged, {things} to do; ¥{yearly} a year to save",
        )
        + still
    )


def _counts(report: AuditReport) -> str:
    """What was read and found, in a line."""
    read, failed = len(report.readable_inputs), len(report.failed_inputs)
    skipped, found = len(report.skipped_inputs), len(report.findings)
    by_severity = " · ".join(
        f"{label(SEVERITY_LABELS, s)} {n}" for s, n in figures.by_severity(report.findings).items()
    )
    return say(
        f"读取 {read} 个文件，未能读取 {failed} 个"
        + (f"，略过 {skipped} 个" if skipped else "")
        + f"；发现 {found} 项：{by_severity}",
        f"{counted(read, 'file')} read, {failed} not read"
        + (f", {skipped} skipped" if skipped else "")
        + f"; {counted(found, 'finding')}: {by_severity}",
    )


#: A thing to do first: a service's findings, or a refund still due.
ToDo = figures.ServiceGroup | RefundDue

#: Where a refund due ranks among the findings: with the money to ask back of a service
#: the user did not know (``unknown-vas``, medium), by its money. Below the high findings,
#: which are wrong now (a charge after a cancellation, a duplicate, a bill that does not
#: add up); above the low ones, which are to check. It costs nothing more while it
#: waits, so of equal money a finding still charging comes first; but its money is lost
#: for good after the appeal's last day, so it is not put after every finding, where a
#: page full of them would leave it off.
REFUND_DUE_SEVERITY = "medium"


def _to_do(report: AuditReport) -> list[ToDo]:
    """What to act on: the findings (all but ``info``), one thing per service and
    carrier, whatever the number of lines it touches, and each refund still due; the
    gravest first, then the most money: a bill that does not add up (high, no money
    disputed) is never left off for a medium one's yuan (a refund due: see
    :data:`REFUND_DUE_SEVERITY`)."""
    groups = [g for g in figures.service_groups(report.findings) if g.severity != "info"]
    todo: list[ToDo] = [*groups, *report.refunds_due]
    return sorted(todo, key=_rank)  # stable: of equals, the findings' first


def _rank(item: ToDo) -> tuple[int, int, int]:
    """Severity, then money disputed (a refund due's, what is not refunded), then a year's."""
    if isinstance(item, RefundDue):
        return severity_rank(REFUND_DUE_SEVERITY), -item.unrefunded_fen, 0
    return severity_rank(item.severity), -item.claimable_fen, -item.yearly_fen


def _step(group: figures.ServiceGroup, as_of: date) -> str:
    """Its first step; for one line's finding the user acted on (cancelled, complained),
    what is due next, as the Follow-up sheet says: not to ask again what the service is.
    Several lines' findings share the first step: one line's records are not the rest's."""
    finding = group.first
    if finding.records and len(group.lines) == 1:
        return next_step(finding, as_of).text
    return finding.actions[0].text if finding.actions else ""


def _who(group: figures.ServiceGroup, report: AuditReport) -> tuple[str, str]:
    """The line and owner a group is about, or how many lines and whose."""
    lines = group.lines
    if len(lines) == 1:
        return lines[0], report.owners.get(lines[0], "")
    owners = sorted({report.owners[line] for line in lines if line in report.owners})
    shown = listed(owners[:2]) + ("…" if len(owners) > 2 else "")
    return say(f"{len(lines)} 个号码", f"{len(lines)} lines"), shown


def _row(item: ToDo, report: AuditReport) -> tuple[str, str, list[str], int, int, str]:
    """A thing to do's cells: line, owner, what (the service, then its rules or that it is
    a refund due), money disputed, a year's money and its step."""
    if isinstance(item, RefundDue):
        what = [item.service or bill_level(), label(FINDING_STATUS_LABELS, "refund-due")]
        owner = report.owners.get(item.line, "")
        return item.line, owner, what, item.unrefunded_fen, 0, item.brief()
    line, owner = _who(item, report)
    what = [item.service or bill_level(), listed([rule_label(r) for r in item.rules])]
    step = _step(item, report.as_of)
    return line, owner, what, item.claimable_fen, item.yearly_fen, step


def _do_first(w: SheetWriter, todo: list[ToDo], report: AuditReport, row: int, cap: int) -> int:
    """The things to do first, each with its first step; returns the last row written."""
    _wide(w, row, say("先做这些", "Do these first"), BOLD)
    if not todo:
        w.put(row + 1, 1, say("没有需要处理的发现", "Nothing to act on"), "plain")
        return row + 1
    row += 1
    headers = [
        (LINE.shown(), HEAD),
        (OWNER.shown(), HEAD),
        (say("业务", "Service"), HEAD),
        (DISPUTED.shown(), HEAD_RIGHT),
        (PER_YEAR.shown(), HEAD_RIGHT),
    ]
    _header(w, row, headers)
    _merge_step(w, row, say("第一步", "First step"), "plain", HEAD)
    shown = 0
    used = 0
    for item in todo[:cap]:
        line, owner, what, disputed, yearly, step = _row(item, report)
        step = one_language(step)
        tall = max(
            sum(wrapped_lines(printed_width(w.mask(t)), WIDTHS[2]) for t in what),
            wrapped_lines(printed_width(w.mask(step)), STEP_WIDTH),
            wrapped_lines(printed_width(w.mask(line)), WIDTHS[0]),
            wrapped_lines(printed_width(w.mask(owner)), WIDTHS[1]),
        )
        if shown >= MIN_TO_DO and used + tall > TO_DO_LINES:
            break  # the page is full: the rest are named where they are listed
        row += 1
        shown += 1
        used += tall
        w.put(row, 1, line, "text", WRAP)
        w.put(row, 2, owner, "text", WRAP)
        w.put(row, 3, what, "list", WRAP)
        w.put(row, 4, disputed or None, "money")
        w.put(row, 5, yearly or None, "money")
        _merge_step(w, row, step, "text", WRAP)
        w.sheet.set_row(row - 1, LINE_HEIGHT * tall)
    rest = todo[shown:]
    if rest:
        row += 1
        _wide(w, row, _more(rest), NOTE)
    return row


def _more(rest: list[ToDo]) -> str:
    """Where the things to do the page had no room for are: a service's findings on the
    By service sheet, a refund due on Follow-up."""
    dues = sum(1 for item in rest if isinstance(item, RefundDue))
    groups = len(rest) - dues
    notes = []
    if groups:
        notes.append(
            say(f"另有 {groups} 项，见「{BY_SERVICE}」表", f"{groups} more: see {BY_SERVICE}")
        )
    if dues:
        refunds = "refund due" if dues == 1 else "refunds due"
        notes.append(
            say(
                f"另有 {dues} 项待退款，见「{FOLLOW_UP}」表",
                f"{dues} more {refunds}: see {FOLLOW_UP}",
            )
        )
    return say("；", "; ").join(notes)


def _header(w: SheetWriter, row: int, headers: list[tuple[str, Style]]) -> None:
    """A table's header row, as tall as its longest header needs in its narrow column."""
    tall = 1
    for col, (text, style) in enumerate(headers, 1):
        w.put(row, col, text, "plain", style)
        tall = max(tall, wrapped_lines(printed_width(text), WIDTHS[col - 1]))
    w.sheet.set_row(row - 1, tall * LINE_HEIGHT)


def _merge_step(w: SheetWriter, row: int, text: str, kind: str, style: Style) -> None:
    """``text`` across the step's columns of ``row`` (1-based), written as any cell is
    (masked, inert: :meth:`SheetWriter.put`) into the first of them."""
    first, last = STEP_COLUMNS
    w.sheet.merge_range(row - 1, first, row - 1, last, "", w.styles.format(style))
    w.put(row, first + 1, text, kind, style)


def _months(
    w: SheetWriter,
    book: Workbook,
    name: str,
    report: AuditReport,
    shown: figures.ReportFigures,
    row: int,
    cap: int,
) -> tuple[int, object]:
    """Each line's latest months (red where the items do not add up to the bill), its
    findings and money; returns the last row written and a chart of the lines that cost
    most (None without a month)."""
    _wide(w, row, say("每月账单", "Each line's bill"), BOLD)
    months = shown.months
    periods = sorted({m.period for m in months})[-MONTHS_SHOWN:]
    by_key = {(m.line, m.period): m for m in months}
    lines = sorted(
        shown.lines,
        key=lambda line: (-line.claimable_fen - line.yearly_fen, line.line),
    )
    row += 1
    header = [(LINE.shown(), HEAD), (OWNER.shown(), HEAD), (say("发现", "Findings"), HEAD)]
    header += [(period, HEAD_RIGHT) for period in periods]
    header += [(DISPUTED.shown(), HEAD_RIGHT), (PER_YEAR.shown(), HEAD_RIGHT)]
    _header(w, row, header)
    header_row = row
    mismatched = below_zero = False
    for line in lines[:cap]:
        row += 1
        w.put(row, 1, line.line)
        w.put(row, 2, line.owner, "text", WRAP)
        tall = wrapped_lines(printed_width(w.mask(line.owner)), WIDTHS[1])
        if tall > 1:
            w.sheet.set_row(row - 1, LINE_HEIGHT * tall)
        found = " · ".join(
            f"{label(SEVERITY_LABELS, s)} {n}" for s, n in line.by_severity.items() if n
        )
        w.put(row, 3, found or "—", "plain")
        for offset, period in enumerate(periods):
            month = by_key.get((line.line, period))
            bad = month is not None and month.reconciled == figures.NO
            mismatched = mismatched or bad
            shade = MISMATCH if bad else PLAIN
            # What the line paid: the bill's own total, in red where its items do not
            # make it (the Trend sheet has both).
            paid = None if month is None else month.stated_fen if bad else month.billed_fen
            below_zero = below_zero or (paid or 0) < 0
            w.put(row, 4 + offset, paid, "money", shade)
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
    more = len(lines) - cap
    if more > 0:
        notes.append(say(f"另有 {more} 个号码，见「{TREND}」表", f"{more} more lines: see {TREND}"))
    if len(set(m.period for m in months)) > len(periods):
        notes.append(say(f"更早的月份见「{TREND}」表", f"Earlier months: see {TREND}"))
    for note in notes:
        row += 1
        _wide(w, row, note, NOTE)
    chart = None
    if months and lines:
        shown = lines[: min(cap, CHART_LINES)]
        chart = _chart(book, name, header_row, shown, len(periods), from_zero=not below_zero)
    return row, chart


def _chart(book: Workbook, name: str, header_row: int, lines: list, months: int, from_zero: bool):
    """Each line's monthly bill, a group of columns per month (the grid's own cells);
    ``from_zero``: the columns start at zero (no bill below it to show)."""
    chart = book.add_chart({"type": "column"})
    for index, _line in enumerate(lines):
        row = header_row + index  # 0-based: the line's row is the header's 1-based + index
        chart.add_series(
            {
                "name": [name, row, 0],
                "categories": [name, header_row - 1, 3, header_row - 1, 2 + months],
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
    chart.set_y_axis({**axis, "min": 0} if from_zero else axis)
    chart.set_legend({"position": "bottom", "font": font})
    chart.set_size({"width": 470, "height": 230})
    return chart


def _figures(w: SheetWriter, report: AuditReport, chart, row: int, money: tuple[int, int]) -> int:
    """The chart (when there is one) and, beside it, the figures as label and value
    (``money``: what the findings dispute and cost a year); returns the last row they
    take."""
    found = report.findings
    counts = figures.by_severity(found)
    facts = [
        (DISPUTED.shown(), money[0], "money"),
        (PER_YEAR.shown(), money[1], "money"),
        *(
            [(say("待退款", "Refunds due"), due, "money")]
            if (due := figures.refunds_due_fen(report))
            else []
        ),
        (say("发现", "Findings"), len(found), "int"),
        *[(label(SEVERITY_LABELS, s), counts[s], "int") for s in counts],
        (say("读取文件", "Files read"), len(report.readable_inputs), "int"),
        (say("未能读取", "Files not read"), len(report.failed_inputs), "int"),
        (say("检查日期", "As of"), report.as_of, "date"),
    ]
    label_col, value_col = (6, 9) if chart else (1, 4)
    if chart is not None:
        w.sheet.insert_chart(row - 1, 0, chart, {"x_offset": 2, "y_offset": 4})
    w.put(row, label_col, say("概况", "In figures"), "plain", BOLD)
    for name, value, kind in facts:
        row += 1
        w.put(row, label_col, name, "plain", BOLD if kind == "money" else PLAIN)
        w.put(row, value_col, value, kind)
    return max(row, row - len(facts) + CHART_ROWS) if chart else row


def _notes(
    w: SheetWriter, report: AuditReport, listings: list[Listing], limits: SheetLimits, row: int
) -> None:
    """Where the rest is: the other sheets, lists continued, the settings used."""
    notes = [
        say(
            f"明细见「{FINDINGS}」「{FOLLOW_UP}」「{TREND}」表",
            f"Details: {FINDINGS}, {FOLLOW_UP}, {TREND}",
        )
    ]
    notes += [f"{name}: {where}" for name, where in _continued(listings, limits)]
    if report.settings:
        settings = w.mask(report.settings)
        notes.append(say(f"已知业务来自：{settings}", f"Known services from: {settings}"))
    if w.mask.widened_note():
        notes.append(w.mask.widened_note())
    for note in notes:
        row += 1
        _wide(w, row, note, NOTE)


def _continued(listings: list[Listing], limits: SheetLimits) -> list[tuple[str, str]]:
    """Each list too long for one sheet, and where it goes on."""
    facts = []
    for listing in listings:
        names = listing.sheet_names(limits)
        if len(names) > 1:
            rows, sheets = f"{len(listing.rows):,}", len(names)
            where = say(
                f"{rows} 行，分 {sheets} 个表，至「{names[-1]}」",
                f"{rows} rows on {sheets} sheets, to {names[-1]}",
            )
            facts.append((listing.title, where))
    return facts
