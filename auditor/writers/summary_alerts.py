"""The alerts under the Summary's counts, a line each: the lines whose newest bills are
long before the audit date (their steps dated from it: :mod:`auditor.old_bills`), and the
bills of a month not over on the audit date (their charges so far:
:func:`~auditor.month_audited.unfinished_line`), the lines whose owner or department in the
settings differs from the history's of earlier months, no setting saying why
(:func:`~auditor.holders.unsaid_note`); and, under the lines not checked, the
lines audited that the settings do not name (their money apart from the totals)."""

from __future__ import annotations

from auditor.audit_report import AuditReport
from auditor.holders import unsaid_note
from auditor.lang import say
from auditor.month_audited import unfinished_line
from auditor.old_bills import summary_alert
from auditor.sheets import BY_OWNER
from auditor.writers import unchecked
from auditor.writers.cells import Style
from auditor.writers.measure import printed_width, wrapped_lines
from auditor.writers.report_figures import ReportFigures
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
    if unsaid := unsaid_note(report.holders.unsaid()):  # a name corrected, or handed over?
        row += 1
        wide(w, row, unsaid, ALERT, kind="text")
    return row


def _unfinished(w: SheetWriter, report: AuditReport) -> str:
    """The line about the inputs of a month not over, their file named where the line
    then fits the page's width (else counted: the Inputs name them)."""
    named = unfinished_line(report.unfinished, report.as_of)
    if not named or wrapped_lines(printed_width(w.mask(named)), sum(WIDTHS)) <= 1:
        return named
    return unfinished_line(report.unfinished, report.as_of, named=False)


def write_not_in_settings(
    w: SheetWriter, report: AuditReport, shown: ReportFigures, row: int
) -> int:
    """Write, in the row after ``row``, loud (their money is apart from the totals), what
    the Summary says of the lines not in the settings; the last row written."""
    if outside := _not_in_settings(report, shown):
        row += 1
        wide(w, row, outside, ALERT, kind="text")
    return row


#: The lines not in the settings the Summary names; more are counted.
OUTSIDE_NAMED = 5


def _not_in_settings(report: AuditReport, shown: ReportFigures) -> str:
    """What the Summary says of the lines audited that the settings, naming the company's
    or the family's lines, do not name: checked, and none of the owners' (By owner's
    totals leave them out); ``""`` when there is none."""
    return not_in_settings_note(list(shown.outside.lines))


def not_in_settings_note(outside: list[str], by_owner: bool = True) -> str:
    """What is said of ``outside``, lines audited that settings naming the company's or
    the family's lines do not name: checked, their findings listed, their money left out
    of the totals above (and of the By owner sheet's, ``by_owner``: the Summary's; not
    ``auditor history``'s account, which has none), and what to do, theirs or not;
    ``""`` when there is none. One wording, so the history says what the report said."""
    if not outside:
        return ""
    named = say("、", ", ").join(outside[:OUTSIDE_NAMED])
    if (more := len(outside) - OUTSIDE_NAMED) > 0:
        named += say(f" 等 {len(outside)} 个号码", f" and {more} more")
    it, ta = ("it", "它") if len(outside) == 1 else ("them", "它们")
    sheet_zh = f"和「{BY_OWNER.zh}」表" if by_owner else ""
    sheet_en = f" and of the {BY_OWNER.en} sheet" if by_owner else ""
    return say(
        f"{named} 不在设置中：已检查，发现照常列出，金额不计入上方合计{sheet_zh}。"
        f"是贵方的号码，请在设置文件中加上{ta}；不是（别家的账单、私人号码），请把账单移出文件夹，"
        "并用 auditor forget --line 号码 从历史记录中删除",
        f"{named} not in the settings: checked, findings listed, money left out of the "
        f"totals above{sheet_en}. If yours, add {it} to the settings "
        "file; if not (another company's bill, a personal line), move the bill out of the "
        f"folder and remove {it} from the history: auditor forget --line NUMBER",
    )
