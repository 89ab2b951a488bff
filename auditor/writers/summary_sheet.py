"""The Summary sheet: what a person needs in ten seconds, on one printed A4 page, two
at most for a company.

From the top: the headline (:mod:`auditor.writers.summary_headline`: how much was
charged that should not have been, how many things to do, what it costs a year; under
it, the lines whose bills are long before the audit date and the bills of a month not
over: :mod:`auditor.writers.summary_alerts`), the things to do first
(:data:`TO_DO_FIRST`, at most ``SheetLimits.top_actions``: what is wrong now, then what
is due by a date that presses, then by money at stake, what leaves nothing to do but
wait last, :mod:`auditor.writers.todo`; one per service, each with its next step,
Follow-up's; a refund still due among them, as money to ask back by its appeal's last
day), each line's latest months and a chart of them, with the figures beside it
(:mod:`auditor.writers.summary_lines`: the lines with findings first, at most
``SheetLimits.summary_rows``). Everything else is on the sheets after it; the Summary
says where.

It prints portrait at a set scale (:mod:`auditor.writers.summary_layout`): its columns
are set, not grown to their longest text, and long text wraps in rows made tall enough
for it. The sheet is laid out before it is written (:func:`_plan`): on one page if it
fits, the things to do giving up room to the lines if they must (down to the
:data:`MIN_TO_DO` first); else on two, the second starting at the lines' table, which
keeps its chart, the first page's room going to the things to do.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from math import ceil

from xlsxwriter.workbook import Workbook

from auditor.audit_report import AuditReport
from auditor.catalog.glossary import glossed
from auditor.lang import LANGS, active, say, using
from auditor.sheets import BY_SERVICE, FINDINGS, FOLLOW_UP, TREND
from auditor.writers import figures, summary_headline, summary_lines, unchecked
from auditor.writers.cells import PLAIN, Style, Styles
from auditor.writers.labels import (
    FINDING_STATUS_LABELS,
    bill_level,
    label,
    listed,
    one_language,
    owners_about,
    rule_label,
    rules_named,
)
from auditor.writers.listings import DISPUTED, LINE, OWNER, PER_YEAR
from auditor.writers.measure import printed_width, wrapped_lines
from auditor.writers.refund_groups import RefundGroup, SharedRefund
from auditor.writers.report_figures import ReportFigures
from auditor.writers.safe import Masker
from auditor.writers.sheet import (
    BOLD,
    LINE_HEIGHT,
    TITLE,
    Listing,
    SheetLimits,
    SheetWriter,
)
from auditor.writers.shown import group_shown
from auditor.writers.status_hint import summary_hint
from auditor.writers.step_rows import kinds_step
from auditor.writers.summary_alerts import write_alerts, write_not_in_settings
from auditor.writers.summary_layout import (
    HEAD,
    HEAD_RIGHT,
    NOTE,
    PAGE_HEIGHT,
    WIDTHS,
    WRAP,
    header,
    print_setup,
    ruled,
    shown_path,
    wide,
)
from auditor.writers.todo import ToDo

STEP_COLUMNS = (5, 8)  # 0-based, first and last: F to I
STEP_WIDTH = sum(WIDTHS[STEP_COLUMNS[0] : STEP_COLUMNS[1] + 1])
#: The things to do a one-page Summary shows at most, the rest counted: so many, not so
#: many printed lines, so that a report lists the same things in either language (its
#: English steps wrap to more lines: by lines, the household's English Summary listed
#: three things where its Chinese one listed four); fewer, down to MIN_TO_DO, only where
#: the page would overflow, and never fewer than the pressing ones (wrong now, overdue, a
#: refund due's last day near).
TO_DO_FIRST = 6
MIN_TO_DO = 3

HEADLINE = Style(bold=True, size=18, colour="C00000", wrap=True)
HEADLINE_CLEAR = Style(bold=True, size=18, colour="2E7D32", wrap=True)
#: The lines not checked, under the things to do: shaded as their Follow-up rows.
NOT_CHECKED = Style(fill=unchecked.UNCHECKED_FILL, wrap=True)


@dataclass(frozen=True)
class _Parts:
    """What the Summary shows, worked out once for every layout tried."""

    report: AuditReport
    shown: ReportFigures
    ordered: list[figures.LineFigures]  # the lines, in the Summary's order
    listings: list[Listing]
    limits: SheetLimits
    #: Each thing to do's cells (:func:`_row`), by ``id()``, worked out once for every
    #: layout tried (a company's took a tenth of a second a layout); not copied by
    #: ``replace``: :func:`_restated` parts say their steps otherwise.
    rows: dict[int, tuple] = field(default_factory=dict, init=False, compare=False, repr=False)

    def row(self, item: ToDo) -> tuple[str, str, list[str], int, int, str]:
        """``item``'s cells on the Summary (:func:`_row`), worked out once."""
        cells = self.rows.get(id(item))
        if cells is None:
            cells = self.rows[id(item)] = _row(item, self.report, self.shown)
        return cells

    # What every layout shows alike, worked out once (a company's 2,000 inputs and 1,000
    # lines counted again for each layout took a tenth of the Summary's time); a _Parts is
    # laid out in one language (_restated: another's).
    @cached_property
    def headline(self) -> str:
        """The headline (:func:`~auditor.writers.summary_headline.headline`)."""
        return summary_headline.headline(self.report, self.shown)

    @cached_property
    def counts(self) -> str:
        """What was read and found (:func:`~auditor.writers.summary_headline.counts`)."""
        return summary_headline.counts(self.report, self.shown)

    @cached_property
    def tally(self) -> tuple[str, str]:
        """The lines counted (:func:`~auditor.writers.summary_lines.lines_tally`)."""
        return summary_lines.lines_tally(self.ordered)

    @cached_property
    def facts(self) -> list[tuple[str, object, str]]:
        """The figures (:func:`~auditor.writers.summary_lines.figures_facts`)."""
        return summary_lines.figures_facts(self.report, self.shown)

    @property
    def charted(self) -> bool:
        """Whether there is a chart: a month of a line to draw."""
        return bool(self.shown.months and self.ordered)


@dataclass(frozen=True)
class _Plan:
    """How much of the Summary is shown: how many things to do, the lines listed in the
    table; and whether the table starts a second page."""

    to_do: int
    lines: int
    two_pages: bool = False
    #: What to type once a step is done, the first of the notes at the end: left out where
    #: it alone would take the Summary onto a second page.
    hint: bool = True


@dataclass(frozen=True)
class _Placed:
    """Where the Summary's parts were written (1-based rows)."""

    lines_row: int  # the table of lines' title: where a second page starts
    table: summary_lines.Table
    figures_row: int  # the chart's and the figures' first
    last_row: int


def write_summary(
    book: Workbook,
    name: str,
    report: AuditReport,
    mask: Masker,
    styles: Styles,
    limits: SheetLimits,
    listings: list[Listing],
    shown: ReportFigures,
) -> None:
    """Add the Summary sheet ``name`` to ``book`` (see the module docstring); ``shown``:
    the report's figures."""
    sheet = book.add_worksheet(name)
    ordered = summary_lines.ranked(shown.lines)
    parts = _Parts(report, shown, ordered, listings, limits)
    plan = _plan(parts, mask, styles)
    # as many things to do as the other language's Summary lists, if fewer: the same
    # things in either, though English steps wrap to more lines
    for other in LANGS:
        if other != active():
            with using(other):
                fewer = _plan(_restated(parts), mask, styles).to_do
            plan = replace(plan, to_do=min(plan.to_do, fewer))
    placed = _lay_out(SheetWriter(sheet, mask, styles), parts, plan)
    # (a table of lines with no bill in its months alone has nothing to draw)
    if parts.charted and summary_lines.drawn(placed.table):
        chart = summary_lines.chart(book, name, placed.table)
        sheet.insert_chart(placed.figures_row - 1, 0, chart, summary_lines.CHART_PLACE)
    print_setup(sheet, styles.footer, placed.lines_row if plan.two_pages else None)


def _restated(parts: _Parts) -> _Parts:
    """``parts`` with the steps of the things to do it may show said in the active
    language (the report's figures hold them in the report's): the rest of the Summary
    says itself in the language active as it is laid out. A step a rule's Actions gave
    (a bill to download again) stays in the report's language, as worked out then."""
    shown = parts.shown
    groups = [g for g in shown.todo[: parts.limits.top_actions] if not isinstance(g, RefundGroup)]
    steps = {id(group): kinds_step(group, parts.report.as_of) for group in groups}
    return replace(parts, shown=replace(shown, group_steps={**shown.group_steps, **steps}))


def _lay_out(w: SheetWriter, parts: _Parts, plan: _Plan) -> _Placed:
    """Write the Summary as ``plan`` says, from the top (onto the sheet, or onto a
    :class:`~auditor.writers.summary_layout.Ruler` to measure it)."""
    return _from_table(w, parts, plan, _first_page(w, parts, plan.to_do) + 2)


def _first_page(w: SheetWriter, parts: _Parts, to_do: int) -> int:
    """Write the Summary's part before the lines' table, ``to_do`` things to do in it;
    return the last row written."""
    report, shown = parts.report, parts.shown
    title = say("话费检查报告", "Phone bill audit")
    wide(w, 1, f"{title} — {report.as_of.isoformat()}", TITLE, 14)
    # not green while a line the history follows was not checked: something may be due
    clear = not (shown.todo or report.holds_nothing or shown.unchecked or report.unread_fen)
    wide(w, 2, parts.headline, HEADLINE_CLEAR if clear else HEADLINE, 18)
    wide(w, 3, parts.counts, NOTE)
    row = write_alerts(w, report, 3)  # old bills, a month not over: a line each
    row = _do_first(w, parts, row + 2, to_do)
    # then the lines not checked (no bill given), with what is pending on them: named,
    # as the Follow-up rows they stand on are shaded
    now = {each.line: report.holders.now(each.line)[0] for each in shown.unchecked}
    for note in unchecked.summary_notes(shown.unchecked, now):
        row += 1
        wide(w, row, note, NOT_CHECKED, kind="text")
    # and the months a bill was never given of a line: said until it is given
    now = {line: report.holders.now(line)[0] for line in report.gaps}
    for note in unchecked.gap_notes(report.gaps, now):
        row += 1
        wide(w, row, note, NOT_CHECKED, kind="text")
    return write_not_in_settings(w, report, shown, row)


def _from_table(w: SheetWriter, parts: _Parts, plan: _Plan, lines_row: int) -> _Placed:
    """Write the Summary's part from the lines' table on, from row ``lines_row``, as
    ``plan`` says (the lines listed, the hint); where its parts went."""
    report, shown = parts.report, parts.shown
    row, table = summary_lines.write_table(
        w, lines_row, parts.ordered, shown.months, plan.lines, parts.tally
    )
    figures_row = row + 2
    row = summary_lines.write_figures(w, parts.facts, parts.charted, figures_row)
    note = summary_lines.chart_note(parts.ordered, table, parts.tally) if parts.charted else ""
    if note:  # under the chart, what it leaves out
        row += 1
        wide(w, row, note, NOTE, kind="text")
    hint = bool(shown.todo) and plan.hint  # once a step is done: what to type, and then
    row = _notes(w, report, parts.listings, parts.limits, row, hint)
    return _Placed(lines_row, table, figures_row, row)


def _plan(parts: _Parts, mask: Masker, styles: Styles) -> _Plan:
    """How much of the Summary to show, and on how many pages: each layout tried is
    measured (:class:`_Measured`: written onto a ruler, each of its parts once).

    One page if everything fits with :data:`TO_DO_FIRST` things to do (at most
    ``top_actions``), or fewer, down to the :data:`MIN_TO_DO` first or the pressing ones
    (``ReportFigures.pressing``: wrong now, overdue, a refund due's last day near),
    whichever are more (a company of a dozen lines keeps its table, chart and things to
    do on one sheet of paper, the other things to do counted with where they are), and
    without what to type once a step is done
    (:func:`~auditor.writers.status_hint.summary_hint`: the Actions sheet's Status says
    it too) if that alone keeps it on one; else two, the lines' table and chart starting
    the second: the things to do take the first page's room (at most ``top_actions`` of
    them), the table as many lines as the second page holds."""
    measure = _Measured(parts, mask, styles)
    lines = min(len(parts.ordered), parts.limits.summary_rows)
    cap = min(parts.limits.top_actions, len(parts.shown.todo))
    least = min(cap, max(MIN_TO_DO, parts.shown.pressing))
    count = max(least, min(cap, TO_DO_FIRST))
    while True:
        for hint in (True, False):  # a thing to do before saying what to type
            first, second = measure(_Plan(count, lines, hint=hint))
            if first + second <= PAGE_HEIGHT:
                return _Plan(count, lines, hint=hint)
        if count <= least:
            break
        count -= 1
    count = cap
    for _ in range(2 * lines + count):  # each step shows less: it ends
        first, second = measure(_Plan(count, lines, True))
        shrink_to_do = first > PAGE_HEIGHT and count > 1
        shrink_lines = second > PAGE_HEIGHT and lines > 1
        if not (shrink_to_do or shrink_lines):
            break  # fits, or shows the least it can: the rest prints as it may
        if shrink_to_do:
            count -= 1
        if shrink_lines:
            lines = max(1, lines - ceil((second - PAGE_HEIGHT) / LINE_HEIGHT))
    return _Plan(count, lines, True)


class _Measured:
    """The points the Summary laid out as a plan says takes, before the lines' table and
    from it on: each part written onto a ruler once, the first by the things to do it
    shows (all it depends on), the rest by the lines listed and the hint (the layouts
    tried differ by one or the other: each measured whole, a company's seven took a
    fifth of a second)."""

    def __init__(self, parts: _Parts, mask: Masker, styles: Styles):
        self.parts, self.mask, self.styles = parts, mask, styles
        self.first: dict[int, float] = {}  # by the things to do shown
        self.rest: dict[tuple[int, bool], float] = {}  # by the lines listed and the hint

    def __call__(self, plan: _Plan) -> tuple[float, float]:
        """The points before the lines' table and from it on, laid out as ``plan`` says."""
        first = self.first.get(plan.to_do)
        if first is None:
            w, ruler = ruled(self.mask, self.styles)
            last = _first_page(w, self.parts, plan.to_do)
            # (and the empty row above the table)
            first = self.first[plan.to_do] = ruler.tall(1, last + 1)
        rest = self.rest.get((plan.lines, plan.hint))
        if rest is None:  # the rows' heights are the same from any row: from the first
            w, ruler = ruled(self.mask, self.styles)
            placed = _from_table(w, self.parts, plan, 1)
            rest = self.rest[plan.lines, plan.hint] = ruler.tall(1, placed.last_row)
        return first, rest


def _who(group: ToDo, report: AuditReport) -> tuple[str, str]:
    """The line and owner a thing to do is about, or how many lines and whose."""
    lines = group.lines
    owners = owners_about(report, group.dues if isinstance(group, RefundGroup) else group.findings)
    if len(lines) == 1:
        return lines[0], listed(owners)
    shown = listed(owners[:2]) + ("…" if len(owners) > 2 else "")
    return say(f"{len(lines)} 个号码", f"{len(lines)} lines"), shown


def _row(
    item: ToDo, report: AuditReport, shown: ReportFigures
) -> tuple[str, str, list[str], int, int, str]:
    """A thing to do's cells: line, owner, what (the service, then its rules or that it is
    a refund due), money disputed, a year's money and its step."""
    if isinstance(item, RefundGroup):
        # its service told apart (信息费（手机报）), as on Follow-up; one row for its lines
        what = [glossed(item.shown) or bill_level(), label(FINDING_STATUS_LABELS, "refund-due")]
        if isinstance(item, SharedRefund):  # one action for findings of several rules: named
            what.append(listed([rule_label(rule) for rule in item.rules]))
        line, owner = _who(item, report)
        return line, owner, what, item.unrefunded_fen, 0, item.brief()
    line, owner = _who(item, report)
    service = group_shown(item.service, item.findings, shown.told)
    what = [glossed(service) or bill_level(), listed(rules_named(item.findings))]
    step = shown.group_step(item)
    return line, owner, what, item.claimable_fen, item.yearly_fen, step


def _do_first(w: SheetWriter, parts: _Parts, row: int, count: int) -> int:
    """The first ``count`` things to do, each with its next step, the rest counted;
    returns the last row written."""
    shown = parts.shown
    todo = shown.todo
    wide(w, row, say("先做这些", "Do these first"), BOLD)
    if not todo:
        # of the bills given: a line not checked may have something to do (said after)
        nothing = (
            say("本次提供的账单中没有需要处理的发现", "Nothing to act on in the bills given")
            if shown.unchecked
            else say("没有需要处理的发现", "Nothing to act on")
        )
        wide(w, row + 1, nothing, PLAIN)
        return row + 1
    row += 1
    headers = [
        (LINE.shown(), HEAD),
        (OWNER.shown(), HEAD),
        (say("业务", "Service"), HEAD),
        (DISPUTED.shown(), HEAD_RIGHT),
        (PER_YEAR.shown(), HEAD_RIGHT),
    ]
    header(w, row, headers)
    _merge_step(w, row, say("下一步", "Next step"), "plain", HEAD)
    for item in todo[:count]:
        line, owner, what, disputed, yearly, step = parts.row(item)
        step = one_language(step)
        tall = max(
            sum(wrapped_lines(printed_width(w.mask(t)), WIDTHS[2]) for t in what),
            wrapped_lines(printed_width(w.mask(step)), STEP_WIDTH),
            wrapped_lines(printed_width(w.mask(line)), WIDTHS[0]),
            wrapped_lines(printed_width(w.mask(owner)), WIDTHS[1]),
        )
        row += 1
        w.put(row, 1, line, "text", WRAP)
        w.put(row, 2, owner, "text", WRAP)
        w.put(row, 3, what, "list", WRAP)
        w.put(row, 4, disputed or None, "money")
        w.put(row, 5, yearly or None, "money")
        _merge_step(w, row, step, "text", WRAP)
        w.sheet.set_row(row - 1, LINE_HEIGHT * tall)
    rest = todo[count:]
    if rest:
        row += 1
        wide(w, row, _more(rest), NOTE)
    return row


def _more(rest: list[ToDo]) -> str:
    """Where the things to do the page had no room for are: a service's findings on the
    By service sheet, a refund due on Follow-up."""
    dues = sum(1 for item in rest if isinstance(item, RefundGroup))
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


def _merge_step(w: SheetWriter, row: int, text: str, kind: str, style: Style) -> None:
    """``text`` across the step's columns of ``row`` (1-based), written as any cell is
    (masked, inert: :meth:`SheetWriter.put`) into the first of them."""
    first, last = STEP_COLUMNS
    w.sheet.merge_range(row - 1, first, row - 1, last, "", w.styles.format(style))
    w.put(row, first + 1, text, kind, style)


def _notes(
    w: SheetWriter,
    report: AuditReport,
    listings: list[Listing],
    limits: SheetLimits,
    row: int,
    hint: bool = False,
) -> int:
    """Where the rest is: what to type once a step is done (``hint``), the other sheets,
    lists continued, the settings used; returns the last row written."""
    notes = [summary_hint()] if hint else []
    notes += [
        say(
            f"明细见「{FINDINGS}」「{FOLLOW_UP}」「{TREND}」表",
            f"Details: {FINDINGS}, {FOLLOW_UP}, {TREND}",
        )
    ]
    notes += [f"{name}: {where}" for name, where in _continued(listings, limits)]
    if report.settings:
        settings = w.mask(shown_path(report.settings))
        notes.append(say(f"已知业务来自：{settings}", f"Known services from: {settings}"))
    if w.mask.widened_note():
        notes.append(w.mask.widened_note())
    for note in notes:
        row += 1
        wide(w, row, note, NOTE)
    return row


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
