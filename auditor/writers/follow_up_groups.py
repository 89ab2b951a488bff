"""The Follow-up sheet at a company's size: a row for each thing to follow, not for each
line, and columns as wide as their text asks.

A price rise on 129 lines of one plan is one finding a line, each with the same next
step: the sheet gave 129 rows alike, seven a page. The findings of one By service group
(:func:`~auditor.writers.figures.service_groups`: one rule, service and carrier) whose
status, records and next step are all the same are one row (:func:`finding_rows`),
naming its lines as the By service and Actions sheets name them; each line's finding is
still its own on the Findings sheet, by the numbers the row gives.

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
from auditor.model import Finding
from auditor.writers.labels import record_text
from auditor.writers.measure import display_width, text_lines
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


#: The fewest columns a column of sentences is made (a date, a short word: no narrower).
LEAST_WIDTH = 8
#: Rows whose text is weighed to share the room (more: each column keeps its width; a
#: sheet that long is read on screen, filtered, not printed through).
ROWS_WEIGHED = 2000


def fitted_columns(
    columns: list[Column], rows: Sequence[Sequence], sharing: tuple[int, int] = (7, 10)
) -> list[Column]:
    """``columns`` with the two at ``sharing`` (0-based: the records and the next step)
    sharing the width the two are given between them, as their cells' text asks: the
    widths that make the rows, together, least tall (each row as tall as the more lines
    of its two cells, wrapped as :func:`~auditor.writers.measure.text_lines` wraps them,
    as the sheet's writer measures a row's height, or of its other cells' lines), the
    first no narrower than its longest word (a ticket number is not broken), the nearest
    to the widths given of those alike. The page's width stays the same."""
    if not rows or len(rows) > ROWS_WEIGHED:
        return columns
    left, right = (columns[at] for at in sharing)
    room = left.width + right.width
    texts = [[_lines(row[at]) for at in sharing] for row in rows]
    others = [
        max((len(_lines(value)) for at, value in enumerate(row) if at not in sharing), default=1)
        for row in rows
    ]
    first = [line for row in texts for line in row[0]]
    least = min(max([LEAST_WIDTH, *(_longest_word(line) for line in first)]), room // 2)
    widest = min(max(_widest(first), least), room - LEAST_WIDTH)
    best, chosen = (left.width, right.width), None
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
