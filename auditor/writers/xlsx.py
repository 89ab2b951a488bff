"""The Excel report: a workbook made for a person, Chinese labels first.

Sheets, in order: 摘要 Summary (the ten-second view, then totals per line and month),
发现 Findings, 跟进 Follow-up (what is due next about each, and what was resolved),
处理步骤 Actions, 趋势 Trend (each line's months by category, charted), 费用明细 Charges,
已订业务 Services, 输入文件 Inputs and 未读行 Unread rows; a list longer than Excel's
1,048,576 rows goes on in ``<name> (2)``... right after it. The file is written whole or not at all.

The workbook is written by :mod:`xlsxwriter`, row after row. Up to
``SheetLimits.whole_workbook_cells`` cells it keeps the workbook until it is saved (each
distinct text is then stored once, the fastest way); a larger one goes out a row at a
time (``constant_memory``), so that memory stays flat however long the bill. The sheets,
columns, formats and texts are the same either way.
"""

from __future__ import annotations

import contextlib
import gc
import io
import tempfile
from collections.abc import Iterator
from pathlib import Path

import xlsxwriter

from auditor.catalog import carrier_name
from auditor.pipeline import AuditReport
from auditor.writers import figures
from auditor.writers.cells import Styles
from auditor.writers.labels import BILL_LEVEL, RECONCILED_LABELS, SEVERITY_LABELS, label
from auditor.writers.listings import ACTIONS, FINDINGS, SHEETS, SUMMARY, TREND, report_listings
from auditor.writers.safe import REPORT_MARKER, Masker, atomic_write
from auditor.writers.sheet import (
    BOLD,
    TITLE,
    Column,
    Listing,
    SheetLimits,
    SheetWriter,
    write_listing,
)
from auditor.writers.trend import write_trend

__all__ = ["SHEETS", "render_xlsx", "write_xlsx"]


def write_xlsx(report: AuditReport, target: Path, mask: Masker) -> None:
    """Write the Excel report to ``target`` whole or not at all."""
    atomic_write(Path(target), render_xlsx(report, mask))


def render_xlsx(report: AuditReport, mask: Masker, limits: SheetLimits | None = None) -> bytes:
    """The report workbook as the bytes of an ``.xlsx`` file.

    ``limits`` defaults to Excel's own: a list longer than a sheet continues on the next.
    """
    limits = limits or SheetLimits()
    listings = report_listings(report)
    cells = sum(listing.cells for listing in listings)
    options = {
        "constant_memory": cells > limits.whole_workbook_cells,
        # Only typed writes are used; these say so again: no text becomes a formula or link.
        "strings_to_formulas": False,
        "strings_to_urls": False,
        "strings_to_numbers": False,
    }
    buffer = io.BytesIO()
    # xlsxwriter stages the sheets in files of its own: in a private folder that goes
    # whatever happens (an error, Ctrl-C), so that no part of a report stays behind in /tmp.
    with tempfile.TemporaryDirectory(prefix="auditor-xlsx-") as folder, _collection_paused():
        book = xlsxwriter.Workbook(buffer, {**options, "tmpdir": folder})
        book.set_properties(
            {
                "title": f"话费检查报告 {report.as_of.isoformat()}",
                "author": "auditor",
                "keywords": REPORT_MARKER,
            }
        )
        styles = Styles(book)
        summary = SheetWriter(book.add_worksheet(SUMMARY), mask, styles)
        _summary(summary, report, limits, listings)
        for listing in listings:
            write_listing(book, mask, styles, listing, limits)
            if listing.name == ACTIONS:
                write_trend(book, TREND, report, mask, styles)
        book.close()
    return buffer.getvalue()


@contextlib.contextmanager
def _collection_paused() -> Iterator[None]:
    """Python's cycle collector off within the block (as it was, after).

    A workbook kept whole holds a small tuple per cell, millions of them and no cycle
    among them; the collector, started again and again by so many new objects, walks
    them all each time it looks at the old ones: a sixth of the writing time, for nothing.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


# ------------------------------------------------------------------------------ Summary


def _summary(
    w: SheetWriter, report: AuditReport, limits: SheetLimits, listings: list[Listing]
) -> None:
    found = report.findings
    counts = figures.by_severity(found)
    w.put(1, 1, f"话费检查报告 Phone bill audit — {report.as_of.isoformat()}", "plain", TITLE)
    facts = [
        ("检查日期 As of", report.as_of, "date"),
        ("读取文件 Files read", len(report.readable_inputs), "int"),
        ("未能读取 Files not read", len(report.failed_inputs), "int"),
        ("发现 Findings", len(found), "int"),
        *[(f"{SEVERITY_LABELS[s]} {s}", counts[s], "int") for s in counts],
        ("可追回金额 Already charged, disputed", figures.claimable_fen(found), "money"),
        ("每年涉及金额 At stake per year", figures.yearly_fen(found), "money"),
        *_continued(listings, limits),
        *([("号码显示 Masks", w.mask.widened_note(), "plain")] if w.mask.widened_note() else []),
    ]
    row = 2
    for name, value, kind in facts:
        row += 1
        w.put(row, 1, name, "plain", BOLD)
        w.put(row, 2, value, kind)

    row = _to_act_on(w, report, row + 2, limits.summary_rows)

    row += 2
    w.put(row, 1, "按号码 By line", "plain", BOLD)
    line_columns = [
        Column("号码 Line"),
        Column("机主 Owner"),
        Column("运营商 Carrier"),
        Column("发现 Findings", "int"),
        *[Column(f"{SEVERITY_LABELS[s]} {s}", "int") for s in counts],
        Column("可追回 Disputed", "money"),
        Column("每年 Per year", "money"),
    ]
    line_rows = [
        [
            line.line,
            line.owner,
            carrier_name(line.carrier),
            line.findings,
            *line.by_severity.values(),
            line.claimable_fen,
            line.yearly_fen,
        ]
        for line in figures.lines_figures(report)
    ]
    row = _capped_table(w, line_columns, line_rows, row + 1, limits.summary_rows, _IN_JSON)

    row += 2
    w.put(row, 1, "按月核对 Totals per line and month", "plain", BOLD)
    month_columns = [
        Column("号码 Line"),
        Column("机主 Owner"),
        Column("账期 Month"),
        Column("费用合计 Billed total", "money"),
        Column("账单合计 Stated total", "money"),
        Column("差额 Difference", "money"),
        Column("核对 Reconciled"),
    ]
    month_rows = [
        [
            month.line,
            report.owners.get(month.line, ""),
            month.period,
            month.billed_fen,
            month.stated_fen,
            month.difference_fen,
            label(RECONCILED_LABELS, month.reconciled),
        ]
        for month in figures.month_figures(report)
    ]
    _capped_table(w, month_columns, month_rows, row + 1, limits.summary_rows, _IN_JSON)
    w.finish()


_IN_JSON = "the JSON summary (--json) lists them all"


def _continued(listings: list[Listing], limits: SheetLimits) -> list[tuple[str, str, str]]:
    """A Summary fact for each list too long for one sheet: where it goes on."""
    facts = []
    for listing in listings:
        names = listing.sheet_names(limits)
        if len(names) > 1:
            where = f"{len(listing.rows):,} 行 rows on {len(names)} sheets, to {names[-1]}"
            facts.append((listing.name, where, "plain"))
    return facts


def _capped_table(
    w: SheetWriter, columns: list[Column], rows: list[list], first_row: int, cap: int, rest: str
) -> int:
    """A Summary table of at most ``cap`` rows; a last line says how many more and where
    ``rest`` are. Returns the last row written."""
    last = w.table(columns, rows[:cap], first_row=first_row)
    if len(rows) > cap:
        last += 1
        w.put(
            last,
            1,
            f"另有 {len(rows) - cap:,} 行未列出 / {len(rows) - cap:,} more: {rest}",
            "plain",
        )
    return last


def _to_act_on(w: SheetWriter, report: AuditReport, row: int, cap: int) -> int:
    """The findings that need the user to act (all but ``info``), each with its first step,
    so the Summary says *what* was found, not only how much."""
    w.put(row, 1, "要处理的发现 To act on", "plain", BOLD)
    columns = [
        Column("号码 Line"),
        Column("机主 Owner"),
        Column("严重程度 Severity"),
        Column("业务 Service"),
        Column("月份 Months"),
        Column("金额 Amount", "money"),
        Column("第一步 First step"),
    ]
    rows = [
        [
            f.line,
            report.owners.get(f.line, ""),
            f"{SEVERITY_LABELS.get(f.severity, f.severity)} {f.severity}",
            f.service or BILL_LEVEL,
            ", ".join(f.periods),
            f.amount_fen,
            f.actions[0].text if f.actions else "",
        ]
        for f in report.findings
        if f.severity != "info"
    ]
    if not rows:
        w.put(row + 1, 1, "没有需要处理的发现 / nothing to act on", "plain")
        return row + 1
    return _capped_table(w, columns, rows, row + 1, cap, f"see {FINDINGS}")
