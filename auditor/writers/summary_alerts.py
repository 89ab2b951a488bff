"""The alerts under the Summary's counts, a line each: the lines whose newest bills are
long before the audit date (their steps dated from it: :mod:`auditor.old_bills`), and the
bills of a month not over on the audit date (their charges so far:
:func:`~auditor.month_audited.unfinished_line`)."""

from __future__ import annotations

from auditor.month_audited import unfinished_line
from auditor.old_bills import summary_alert
from auditor.pipeline import AuditReport
from auditor.writers import unchecked
from auditor.writers.cells import Style
from auditor.writers.measure import printed_width, wrapped_lines
from auditor.writers.sheet import SheetWriter
from auditor.writers.summary_layout import WIDTHS, wide

#: What the Summary says loud, in red: bills long before the audit date (every step is
#: dated from today), lines not in the settings (their money is apart).
ALERT = Style(bold=True, colour="C00000", wrap=True)
#: Shaded as the lines not checked: a bill so far is not the month's final one.
NOT_FINAL = Style(fill=unchecked.UNCHECKED_FILL, wrap=True)


def write_alerts(w: SheetWriter, report: AuditReport, row: int) -> int:
    """Write the alerts ``report`` calls for from the row after ``row``; the last row
    written (``row`` when there is none)."""
    if old := summary_alert(report.old_bills, report.as_of):
        row += 1
        wide(w, row, old, ALERT, kind="text")
    if going := _unfinished(w, report):
        row += 1
        wide(w, row, going, NOT_FINAL, kind="text")
    return row


def _unfinished(w: SheetWriter, report: AuditReport) -> str:
    """The line about the inputs of a month not over, their file named where the line
    then fits the page's width (else counted: the Inputs name them)."""
    named = unfinished_line(report.readable_inputs, report.as_of)
    if not named or wrapped_lines(printed_width(w.mask(named)), sum(WIDTHS)) <= 1:
        return named
    return unfinished_line(report.readable_inputs, report.as_of, named=False)
