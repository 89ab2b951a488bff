"""The Excel report: a workbook made for a person, in one language (the active one,
:mod:`auditor.lang`): its sheets' names, headers, labels and notes.

Sheets, in order (``auditor.sheets.SHEETS``): Summary 摘要 (the ten-second view, one printed
page), By service 按业务, Actions 处理步骤 (each service's steps once, with columns for
what the user did), Follow-up 跟进, Findings 发现, Finding months 按月发现, By owner
按机主, Trend 趋势 (each line's months by category, charted), Charges 费用明细,
Services 已订业务, Inputs 输入文件 and Unread rows 未读行; a list longer than Excel's
1,048,576 rows goes on in ``<name> (2)``... right after it. The file is written whole or
not at all.

The workbook is written by :mod:`xlsxwriter`, row after row; the list sheets' cells as
XML staged row by row (:mod:`auditor.writers.xmlsheet`). Up to
``SheetLimits.whole_workbook_cells`` cells their texts are shared strings (each distinct
text stored once, the fastest way) and the other sheets are kept until the workbook is
saved; a larger one keeps each text in its cell and goes out a row at a time
(``constant_memory``), so that memory stays flat however long the bill. The sheets,
columns, formats and texts are the same either way.
"""

from __future__ import annotations

import io
from pathlib import Path

from auditor.audit_report import AuditReport
from auditor.collector import paused
from auditor.lang import say
from auditor.scratch import scratch_folder
from auditor.sheets import ACTIONS, BY_OWNER, FINDINGS, FOLLOW_UP, SHEETS, SUMMARY, TREND
from auditor.writers import follow_up_sheet, grouped, listings, step_rows
from auditor.writers.by_owner import by_owner
from auditor.writers.cells import Styles
from auditor.writers.finding_months import finding_months
from auditor.writers.package import Book
from auditor.writers.prestage import Prestaged, register_formats
from auditor.writers.report_figures import ReportFigures, report_figures
from auditor.writers.safe import REPORT_MARKER, Masker, atomic_write
from auditor.writers.sheet import Listing, SheetLimits, write_listing
from auditor.writers.status_hint import mark_status
from auditor.writers.summary_sheet import write_summary
from auditor.writers.trend import write_trend

__all__ = ["SHEETS", "render_xlsx", "write_xlsx"]


def write_xlsx(report: AuditReport, target: Path, mask: Masker) -> None:
    """Write the Excel report to ``target`` whole or not at all."""
    atomic_write(Path(target), render_xlsx(report, mask))


def render_xlsx(
    report: AuditReport,
    mask: Masker,
    limits: SheetLimits | None = None,
    prestaged: Prestaged | None = None,
    shown: ReportFigures | None = None,
) -> bytes:
    """The report workbook as the bytes of an ``.xlsx`` file.

    ``limits`` defaults to Excel's own: a list longer than a sheet continues on the next.
    ``prestaged``: the Charges, Services and Inputs sheets as a child is staging them
    (:mod:`auditor.writers.prestage`), adopted when they are this report's. ``shown``:
    the report's figures (:func:`~auditor.writers.report_figures.report_figures`), when
    already worked out.
    """
    limits = limits or SheetLimits()
    # The figures and listings too are made with the collector paused (auditor.collector):
    # a company month's started some twenty collections, now and then one of the whole
    # heap the audit left (30 ms).
    with paused():
        return _render(report, mask, limits, prestaged, shown or report_figures(report))


def _render(
    report: AuditReport,
    mask: Masker,
    limits: SheetLimits,
    prestaged: Prestaged | None,
    shown: ReportFigures,
) -> bytes:
    lists = report_listings(report, limits, shown)
    cells = sum(listing.cells for listing in lists)
    options = {
        "constant_memory": cells > limits.whole_workbook_cells,
        # Only typed writes are used; these say so again: no text becomes a formula or link.
        "strings_to_formulas": False,
        "strings_to_urls": False,
        "strings_to_numbers": False,
    }
    buffer = io.BytesIO()
    # The sheets are staged in files: in a private folder that goes whatever happens (an
    # error, Ctrl-C), so that no part of a report stays behind in /tmp; the other parts
    # are kept in memory (auditor.writers.package).
    with scratch_folder("xlsx") as folder:
        book = Book(buffer, {**options, "tmpdir": folder})
        title = f"{say('话费检查报告', 'Phone bill audit')} {report.as_of.isoformat()}"
        book.set_properties(
            {
                "title": title,
                "author": "auditor",
                "keywords": REPORT_MARKER,
            }
        )
        # Each printed page says what it is of and where it stands: the audit's date, the
        # sheet, page n of m.
        footer = f"&L{title}&C&A&R" + say("第 &P 页，共 &N 页", "Page &P of &N")
        styles = Styles(book, footer)
        if prestaged is not None:  # the child's rows name these formats by index
            register_formats(styles)
        write_summary(book, SUMMARY.shown(), report, mask, styles, limits, lists, shown)
        for listing in lists:
            staged = None
            if prestaged is not None:
                staged = prestaged.parts(report, listing.key, mask, limits, lists)
            write_listing(book, mask, styles, listing, limits, staged)
            if listing.name == ACTIONS:  # what to type once a step is done, and where
                mark_status(book, listing, limits)
            if listing.name == BY_OWNER:
                write_trend(book, TREND.shown(), report, mask, styles, shown)
        book.close()
    return buffer.getvalue()


def report_listings(
    report: AuditReport,
    limits: SheetLimits | None = None,
    shown: ReportFigures | None = None,
) -> list[Listing]:
    """The report's list sheets, in the workbook's order (after the Summary; the Trend
    sheet, a chart, goes in after By owner); links between them point to where a row
    stands once a long list goes on over sheets (``limits``). ``shown``: the report's
    figures, when already computed."""
    limits = limits or SheetLimits()
    shown = shown or report_figures(report)
    groups = shown.groups
    findings, actions = FINDINGS.shown(), ACTIONS.shown()
    finding_at = {id(f): limits.place(findings, row) for row, f in enumerate(report.findings, 2)}
    stages = step_rows.stages_of(groups, shown.counted)  # for both: each step's words compared
    rows_at = grouped.action_rows(groups, shown.counted, stages)
    steps_at = {key: limits.place(actions, row) for key, row in rows_at.items()}
    # the Actions sheet links a refund due, and what is pending on a line not checked, to
    # its row on Follow-up, where one row may stand for several lines
    follow_up = follow_up_sheet.follow_up_laid_out(report, shown)
    follow_up_at = {
        key: limits.place(FOLLOW_UP.shown(), row + 2) for key, row in follow_up.at.items()
    }
    due_at = [follow_up_at[id(due)] for due in report.refunds_due]
    return [
        grouped.by_service(report, shown),
        grouped.actions(
            report,
            groups,
            finding_at,
            due_at,
            shown.unchecked,
            follow_up_at,
            shown.counted,
            shown.refunds,
            stages,
        ),
        follow_up.listing,
        listings.findings(report, shown, steps_at),
        finding_months(report, shown),
        by_owner(report, shown),
        listings.charges(report),
        listings.services(report),
        listings.inputs(report.inputs),
        listings.unread(report.inputs),
    ]
