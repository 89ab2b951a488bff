"""The Excel report: a workbook made for a person, Chinese labels first.

Sheets, in order: 摘要 Summary (the ten-second view, then totals per line and month),
发现 Findings, 处理步骤 Actions, 费用明细 Charges, 已订业务 Services, 输入文件 Inputs and
未读行 Unread rows; a list longer than Excel's 1,048,576 rows goes on in ``<name> (2)``...
right after it. The file is written whole or not at all.

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
from auditor.categories import CATEGORY_LABELS
from auditor.model import Charge, Finding, ReadResult, Service
from auditor.pipeline import AuditReport
from auditor.writers import figures
from auditor.writers.cells import Styles
from auditor.writers.labels import (
    BILL_LEVEL,
    CHANGE_LABELS,
    CHANNEL_LABELS,
    CONFIDENCE_LABELS,
    KIND_LABELS,
    RECONCILED_LABELS,
    SEVERITY_LABELS,
    STATUS_LABELS,
    label,
    rule_label,
)
from auditor.writers.safe import REPORT_MARKER, Masker, atomic_write
from auditor.writers.sheet import (
    BOLD,
    TITLE,
    Column,
    Listing,
    Rows,
    SheetLimits,
    SheetWriter,
    write_listing,
)

SEVERITY_FILLS = {"high": "F8CBCB", "medium": "FCE0BF", "low": "FFF5BF", "info": "DCE8F5"}

SHEETS = (
    "摘要 Summary",
    "发现 Findings",
    "处理步骤 Actions",
    "费用明细 Charges",
    "已订业务 Services",
    "输入文件 Inputs",
    "未读行 Unread rows",
)


def write_xlsx(report: AuditReport, target: Path, mask: Masker) -> None:
    """Write the Excel report to ``target`` whole or not at all."""
    atomic_write(Path(target), render_xlsx(report, mask))


def render_xlsx(report: AuditReport, mask: Masker, limits: SheetLimits | None = None) -> bytes:
    """The report workbook as the bytes of an ``.xlsx`` file.

    ``limits`` defaults to Excel's own: a list longer than a sheet continues on the next.
    """
    limits = limits or SheetLimits()
    listings = [
        _findings(report),
        _actions(report),
        _charges(report),
        _services(report),
        _inputs(report.inputs),
        _unread(report.inputs),
    ]
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
        summary = SheetWriter(book.add_worksheet(SHEETS[0]), mask, styles)
        _summary(summary, report, limits, listings)
        for listing in listings:
            write_listing(book, mask, styles, listing, limits)
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
    return _capped_table(w, columns, rows, row + 1, cap, f"see {SHEETS[1]}")


# ------------------------------------------------------------------------------ Findings

FINDING_COLUMNS = [
    Column("#", "int"),
    Column("严重程度 Severity"),
    Column("规则 Rule"),
    Column("号码 Line"),
    Column("机主 Owner"),
    Column("运营商 Carrier"),
    Column("业务 Service"),
    Column("月份 Months"),
    Column("金额 Amount", "money"),
    Column("月费 Monthly", "money"),
    Column("每年 Per year", "money"),
    Column("变化 Change"),
    Column("说明 Message"),
    Column("依据 Evidence", "list"),
]


def _findings(report: AuditReport) -> Listing:
    rows = [_finding_row(number, f, report) for number, f in enumerate(report.findings, 1)]
    fills = [SEVERITY_FILLS.get(f.severity) for f in report.findings]
    return Listing(SHEETS[1], FINDING_COLUMNS, rows, fills)


def _finding_row(number: int, f: Finding, report: AuditReport) -> list:
    evidence = [f"{e.path}: {e.locator}" if e.locator else e.path for e in f.evidence]
    return [
        number,
        f"{SEVERITY_LABELS.get(f.severity, f.severity)} {f.severity}",
        rule_label(f.rule),
        f.line,
        report.owners.get(f.line, ""),
        carrier_name(f.carrier),
        f.service or BILL_LEVEL,
        ", ".join(f.periods),
        f.amount_fen,
        f.monthly_fen,
        figures.finding_yearly_fen(f) or None,
        label(CHANGE_LABELS, f.change),
        f.message,
        evidence,
    ]


# ------------------------------------------------------------------------------ Actions

ACTION_COLUMNS = [
    Column("发现 # Finding", "int"),
    Column("号码 Line"),
    Column("步骤 Step", "int"),
    Column("方式 Channel"),
    Column("发往 To"),
    Column("内容 Text"),
    Column("可靠性 Confidence"),
    Column("可办理起 From", "date"),
    Column("截止 By", "date"),
    Column("备注 Note"),
]


def _actions(report: AuditReport) -> Listing:
    rows = [
        [
            number,
            finding.line,
            action.step,
            label(CHANNEL_LABELS, action.channel),
            action.to,
            action.text,
            label(CONFIDENCE_LABELS, action.confidence),
            action.opens,
            action.due,
            action.note,
        ]
        for number, finding in enumerate(report.findings, 1)
        for action in finding.actions
    ]
    return Listing(SHEETS[2], ACTION_COLUMNS, rows)


# ------------------------------------------------------------------------------ Charges

CHARGE_COLUMNS = [
    Column("号码 Line"),
    Column("运营商 Carrier"),
    Column("账期 Month"),
    Column("类别 Category"),
    Column("科目 Section"),
    Column("项目 Item"),
    Column("金额 Amount", "money"),
    Column("提供商 Provider"),
    Column("代码 Code"),
    Column("文件 File"),
    Column("位置 Where"),
]


def _charges(report: AuditReport) -> Listing:
    # By line and month (a portal JSON lists its newest month first); stable, so each bill
    # keeps its own order of items.
    charges = sorted(report.charges, key=lambda c: (c.line, c.period))
    return Listing(SHEETS[3], CHARGE_COLUMNS, Rows(charges, _charge_row))


def _charge_row(c: Charge) -> tuple:
    return (
        c.line,
        carrier_name(c.carrier),
        c.period,
        label(CATEGORY_LABELS, c.category),
        c.section,
        c.item,
        c.amount_fen,
        c.provider,
        c.code,
        c.source,
        c.locator,
    )


# ------------------------------------------------------------------------------ Services

SERVICE_COLUMNS = [
    Column("号码 Line"),
    Column("运营商 Carrier"),
    Column("业务名称 Name"),
    Column("类型 Type"),
    Column("月费 Monthly", "money"),
    Column("状态 Status"),
    Column("原状态 Status as printed"),
    Column("订购 Ordered", "datetime"),
    Column("生效 Effective", "datetime"),
    Column("失效 Expires", "datetime"),
    Column("退订 Cancelled", "datetime"),
    Column("提供商 Provider"),
    Column("代码 Code"),
    Column("文件 File"),
    Column("位置 Where"),
]


def _services(report: AuditReport) -> Listing:
    return Listing(SHEETS[4], SERVICE_COLUMNS, Rows(report.services, _service_row))


def _service_row(s: Service) -> tuple:
    return (
        s.line,
        carrier_name(s.carrier),
        s.name,
        s.type,
        s.price_fen,
        label(STATUS_LABELS, s.status),
        s.status_text,
        s.ordered,
        s.effective,
        s.expires,
        s.cancelled,
        s.provider,
        s.code,
        s.source,
        s.locator,
    )


# ------------------------------------------------------------------------------ Inputs

INPUT_COLUMNS = [
    Column("文件 File"),
    Column("SHA-256", "plain"),
    Column("读取方式 Reader"),
    Column("类型 Kind"),
    Column("运营商 Carrier"),
    Column("号码 Lines"),
    Column("账期 Months"),
    Column("读取行 Rows read", "int"),
    Column("使用行 Rows used", "int"),
    Column("略过行 Set aside", "int"),
    Column("略过原因 Set aside why"),
    Column("未读行 Unread rows", "int"),
    Column("提示 Warnings", "list"),
    Column("错误 Error"),
]


def _inputs(inputs: list[ReadResult]) -> Listing:
    rows = [
        [
            r.path,
            r.sha256,
            r.reader,
            label(KIND_LABELS, r.kind or ""),
            carrier_name(r.carrier),
            ", ".join(r.lines),
            ", ".join(r.periods),
            r.rows_read,
            r.rows_used,
            sum(r.set_aside.values()),
            ", ".join(f"{k} {v}" for k, v in sorted(r.set_aside.items()) if v),
            len(r.unparseable),
            r.all_warnings,
            r.error,
        ]
        for r in inputs
    ]
    fills = [SEVERITY_FILLS["high"] if r.error else None for r in inputs]
    return Listing(SHEETS[5], INPUT_COLUMNS, rows, fills)


UNREAD_COLUMNS = [
    Column("文件 File"),
    Column("位置 Where"),
    Column("原因 Reason"),
    Column("内容 Text"),
]


def _unread(inputs: list[ReadResult]) -> Listing:
    rows = [[r.path, i.locator, i.reason, i.text] for r in inputs for i in r.unparseable]
    return Listing(SHEETS[6], UNREAD_COLUMNS, rows)
