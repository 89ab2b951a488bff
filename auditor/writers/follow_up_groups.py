"""The Follow-up sheet at a company's size: a row for each thing to follow, not for each
line, and columns as wide as their text asks.

A price rise on 129 lines of one plan is one finding a line, each with the same next
step: the sheet gave 129 rows alike, seven a page. The findings of one By service group
(:func:`~auditor.writers.figures.service_groups`: one rule, service and carrier) whose
status, records and next step are all the same are one row (:func:`finding_rows`),
naming its lines as the By service and Actions sheets name them; each line's finding is
still its own on the Findings sheet, by the numbers the row gives. So are the refunds
due of one of the Actions sheet's rows whose lines' own steps are the same
(:func:`refund_rows`), and the rows of findings reported before alike but for their
lines (:func:`alike_merged`: twenty cancellations waiting for one bill).

Its two columns of sentences, the user's records and the next step, share the room the
sheet gave them as their text asks (:func:`fitted_columns`): a sheet whose records are
short or none gives the step the room, so a row is as tall as its text needs, not a
step wrapped to six lines beside an empty column.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from auditor.audit_report import AuditReport
from auditor.escalation import NextStep
from auditor.history.records import records_of
from auditor.history.refund_due import RefundDue
from auditor.model import Finding
from auditor.writers.grouped import named_lines
from auditor.writers.labels import months_owner, record_text
from auditor.writers.measure import display_width, text_lines
from auditor.writers.refund_groups import RefundGroup
from auditor.writers.report_figures import ReportFigures
from auditor.writers.sheet import Column


@dataclass(frozen=True)
class FindingRow:
    """Findings the Follow-up sheet gives one row: of one By service group, one status,
    the same records (as the sheet words them) and the same next step (``step``)."""

    findings: tuple[Finding, ...]
    step: NextStep


def finding_rows(report: AuditReport, shown: ReportFigures) -> list[FindingRow]:
    """The report's findings as the Follow-up sheet's rows (:class:`FindingRow`), each
    where its first finding stands in the report's order (gravest first)."""
    group_of = {id(f): number for number, g in enumerate(shown.groups) for f in g.findings}
    gathered: dict[tuple, list[Finding]] = {}
    steps: dict[tuple, NextStep] = {}
    for f in report.findings:
        step = shown.next_step(f)
        records = tuple(
            record_text(r, report.refunds_beyond.get(r.id), report.refunds_over_charged)
            for r in f.records
        )
        # a finding in no group (none is) keeps a row of its own
        group = group_of.get(id(f), ("alone", id(f)))
        key = (group, f.status, records, step.text, step.opens, step.due)
        gathered.setdefault(key, []).append(f)
        steps.setdefault(key, step)
    return [FindingRow(tuple(each), steps[key]) for key, each in gathered.items()]


def refund_rows(report: AuditReport, shown: ReportFigures) -> list[RefundGroup]:
    """The refunds due as the Follow-up sheet's rows: each of the Actions sheet's
    (:func:`~auditor.writers.refund_groups.refund_groups`), parted where its lines' own
    steps differ (their money, months or why: each line's is on the sheet, as the Actions
    row says) or their records do; each where its first stands."""
    rows: list[RefundGroup] = []
    for group in shown.refunds:
        parts: dict[tuple, list[RefundDue]] = {}
        for due in group.dues:
            step = due.next_step(group.shown)
            records = tuple(
                record_text(r, report.refunds_beyond.get(r.id), report.refunds_over_charged)
                for r in records_of(report.records, due)
            )
            key = (step.text, step.opens, due.due, records, due.refunded_fen)
            parts.setdefault(key, []).append(due)
        rows += [RefundGroup(tuple(dues), group.shown) for dues in parts.values()]
    return rows


def lines_of(row: list, report: AuditReport, numbers: list[int], items: Sequence) -> None:
    """Put in ``row`` its findings' numbers (``numbers``: on the Findings sheet, where
    each line's own stands), lines and owners: of one line, as a row of its own says
    them; of several, the lines cell of the By service and Actions sheets
    (:func:`~auditor.writers.grouped.named_lines`: each line with its owner, ten at most,
    then how many more), its Owner cell left empty (beside a list of lines, a list of
    names stood out of line with them: a line of Chinese prints taller)."""
    lines = list(dict.fromkeys(item.line for item in items))
    row[NUMBER_AT] = numbers_text(numbers)
    if len(lines) == 1:
        # its owner of its latest month here, earlier ones named (a number handed over)
        months = sorted({p for item in items for p in item.periods})
        row[LINE_AT], row[OWNER_AT] = lines, [months_owner(report, lines[0], months) or ""]
    else:
        row[LINE_AT], row[OWNER_AT] = named_lines(lines, report), []


#: Where a Follow-up row has its finding's number, line, owner, rule and months.
NUMBER_AT, LINE_AT, OWNER_AT, RULE_AT, MONTHS_AT = 1, 2, 3, 5, 6


def numbers_text(numbers: Sequence[int | None]) -> str | None:
    """Findings' numbers as a cell gives them: ``7``; runs of them ``3–131``, at most
    :data:`RUNS_SHOWN` runs, then ``…``; ``None`` for none (a finding reported before)."""
    given = sorted(n for n in numbers if n is not None)
    if not given:
        return None
    runs: list[list[int]] = []
    for n in given:
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    texts = [str(a) if a == b else f"{a}–{b}" for a, b in runs]
    more = "…" if len(texts) > RUNS_SHOWN else ""
    return ", ".join(texts[:RUNS_SHOWN]) + more


#: Runs of numbers a row of several findings gives before ``…`` (each line's own is on
#: the Findings sheet, the lines on the row).
RUNS_SHOWN = 4


def alike_merged(rows: list[list], report: AuditReport) -> list[list]:
    """``rows`` of findings reported before (each of one line: refunded, now a finding,
    waiting for a bill, resolved), those alike but for their line, owner and money one
    row naming their lines (:func:`lines_of`), its money theirs together, where the
    first stands: twenty cancellations of one service waiting for one bill, fifteen
    resolved by it."""
    gathered: dict[tuple, list[list]] = {}
    for row in rows:
        key = tuple(
            tuple(value) if isinstance(value, list) else value
            for at, value in enumerate(row)
            if at not in (NUMBER_AT, LINE_AT, OWNER_AT, *MONEY_AT)
        )
        gathered.setdefault(key, []).append(row)
    merged = []
    for each in gathered.values():
        row = list(each[0])
        if len(each) > 1:
            for at in MONEY_AT:
                row[at] = sum(other[at] or 0 for other in each) or None
            lines_of(row, report, [], [_Line(other[LINE_AT][0]) for other in each])
        merged.append(row)
    return merged


@dataclass(frozen=True)
class _Line:
    """A line, as :func:`lines_of` takes an item of it."""

    line: str


#: Where a Follow-up row has its money: refunded, claimable, saved a year.
MONEY_AT = (8, 9, 13)


#: The fewest columns a column of sentences is made (a date, a short word: no narrower).
LEAST_WIDTH = 8
#: Rows whose text is weighed to share the room at most: of a longer sheet, as many
#: spread over it (each weighed takes a measure of its text at each width tried).
ROWS_WEIGHED = 400


def fitted_columns(
    columns: list[Column], rows: Sequence[Sequence], sharing: tuple[int, int] = (7, 10)
) -> list[Column]:
    """``columns`` with the two at ``sharing`` (0-based: the records and the next step)
    sharing the width the two are given between them, as their cells' text asks: the
    widths that make the rows, together, least tall (each row as tall as the more lines
    of its two cells, wrapped as :func:`~auditor.writers.measure.text_lines` wraps them,
    as the sheet's writer measures a row's height, or of its other cells' lines), the
    first no narrower than its longest word (a ticket number is not broken), the nearest
    to the widths given of those alike; of a long sheet, :data:`ROWS_WEIGHED` rows spread
    over it weighed. The page is no wider: the two share the width the sheet's writer
    would have made them (:meth:`~auditor.writers.sheet.SheetWriter.finish`: as wide as
    their widest text, their header's least, at most their width), no more."""
    if not rows:
        return columns
    left, right = (columns[at] for at in sharing)
    room = sum(
        min(
            max(_widest([line for row in rows for line in _lines(row[at])]), _least(column)),
            column.width,
        )
        for at, column in zip(sharing, (left, right), strict=True)
    )
    rows = rows[:: -(-len(rows) // ROWS_WEIGHED)]
    texts = [[_lines(row[at]) for at in sharing] for row in rows]
    others = [
        max((len(_lines(value)) for at, value in enumerate(row) if at not in sharing), default=1)
        for row in rows
    ]
    first = [line for row in texts for line in row[0]]
    least = min(max([LEAST_WIDTH, *(_longest_word(line) for line in first)]), room // 2)
    widest = min(max(_widest(first), least), room - LEAST_WIDTH)
    best, chosen = (left.width, right.width), None
    if not first or widest < least:  # none to share: as the writer makes them
        return columns
    for width in range(least, widest + 1):
        other = room - width
        tall = sum(
            max(_tall(a, width), _tall(b, other), floor)
            for (a, b), floor in zip(texts, others, strict=True)
        )
        rank = (tall, abs(width - left.width))
        if chosen is None or rank < chosen:
            best, chosen = (width, other), rank
    fitted = list(columns)
    for at, width in zip(sharing, best, strict=True):
        fitted[at] = replace(columns[at], width=width)
    return fitted


def _least(column: Column) -> int:
    """The least width ``column``'s header asks of it, as the sheet's writer gives it
    (:meth:`~auditor.writers.sheet.SheetWriter.header`: its longest word, or half of it,
    and one more)."""
    title = column.title
    return (
        max(max(display_width(word) for word in title.split()), -(-display_width(title) // 2)) + 1
    )


#: A word a line does not break in: a run of Latin letters and digits (a ticket number).
_WORD = re.compile(r"[0-9A-Za-z]+")


def _longest_word(line: str) -> int:
    """How many columns the longest word of ``line`` needs (:data:`_WORD`)."""
    return max((len(word) for word in _WORD.findall(line)), default=0) + 1


def _lines(value: object) -> list[str]:
    """The lines a cell's ``value`` shows (a list one item a line)."""
    if value is None or value == "":
        return []
    items = value if isinstance(value, list) else [value]
    return [line for item in items for line in str(item).split("\n")]


def _widest(lines: list[str]) -> int:
    """How many columns the widest of ``lines`` needs on one line."""
    return max((display_width(line) for line in lines), default=0)


def _tall(lines: list[str], width: int) -> int:
    """How many lines ``lines`` take wrapped in a column ``width`` wide (as the writer
    wraps a capped column: a column wider by one than the text's room)."""
    return sum(text_lines(line, width + 1) for line in lines)
