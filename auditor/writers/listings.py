"""The list sheets of the Excel report: Findings, Follow-up, Actions, Charges, Services,
Inputs and Unread rows, each a :class:`~auditor.writers.sheet.Listing` of its columns and rows.

Long lists (a bill's charges) make each row only when it is written
(:class:`~auditor.writers.sheet.Rows`), so the report's records are never held twice.
"""

from __future__ import annotations

from auditor.catalog import carrier_name
from auditor.categories import CATEGORY_LABELS
from auditor.history.findings import Resolved
from auditor.history.records import records_of
from auditor.model import Charge, Finding, ReadResult, Service, UserRecord
from auditor.pipeline import AuditReport
from auditor.values import format_fen
from auditor.writers import figures
from auditor.writers.followup import next_step
from auditor.writers.labels import (
    BILL_LEVEL,
    CHANGE_LABELS,
    FINDING_STATUS_LABELS,
    KIND_LABELS,
    RECORD_LABELS,
    SEVERITY_LABELS,
    STATUS_LABELS,
    label,
    rule_label,
)
from auditor.writers.sheet import Column, Listing, Rows

SEVERITY_FILLS = {"high": "F8CBCB", "medium": "FCE0BF", "low": "FFF5BF", "info": "DCE8F5"}

SHEETS = (
    "摘要 Summary",
    "按业务 By service",
    "处理步骤 Actions",
    "跟进 Follow-up",
    "发现 Findings",
    "按月 Finding months",
    "按机主 By owner",
    "趋势 Trend",
    "费用明细 Charges",
    "已订业务 Services",
    "输入文件 Inputs",
    "未读行 Unread rows",
)
(
    SUMMARY,
    BY_SERVICE,
    ACTIONS,
    FOLLOW_UP,
    FINDINGS,
    FINDING_MONTHS,
    BY_OWNER,
    TREND,
    CHARGES,
    SERVICES,
    INPUTS,
    UNREAD,
) = SHEETS

#: Shading of a file skipped for its type (not an error: nothing in it was a bill).
SKIPPED_FILL = "EDEDED"
#: Shading of a finding that no longer holds.
RESOLVED_FILL = "E2EFDA"


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
    Column("已扣 Charged", "money"),
    Column("已多扣 Disputed", "money"),
    Column("月费 Monthly", "money"),
    Column("每年 Per year", "money"),
    Column("下月价格 Next month", "money"),
    Column("变化 Change"),
    Column("说明 Message"),
    Column("依据 Evidence", "list"),
    Column("步骤 Steps", "link", printed=False),
    Column("编号 Id", "plain", printed=False),
]


def findings(report: AuditReport, steps_at: dict[int, tuple[str, int]] | None = None) -> Listing:
    """The Findings sheet: one row per finding, shaded by its severity; ``steps_at`` gives
    the Actions sheet and row of each finding's steps (by ``id()`` of the finding), linked."""
    steps_at = steps_at or {}
    counted = figures.money_carriers(report.findings)
    rows = [
        _finding_row(number, f, report, steps_at.get(id(f)), id(f) in counted)
        for number, f in enumerate(report.findings, 1)
    ]
    fills = [SEVERITY_FILLS.get(f.severity) for f in report.findings]
    return Listing(FINDINGS, FINDING_COLUMNS, rows, fills)


def _finding_row(
    number: int, f: Finding, report: AuditReport, steps: tuple[str, int] | None, counted: bool
) -> list:
    evidence = [f"{e.path}: {e.locator}" if e.locator else e.path for e in f.evidence]
    # What a finding's amount is differs: money charged (disputed or not), or a coming
    # bill's price (a change): each in a column of its own, so that they sum apart.
    coming = f.change is not None
    return [
        number,
        f"{SEVERITY_LABELS.get(f.severity, f.severity)} {f.severity}",
        rule_label(f.rule),
        f.line,
        report.owners.get(f.line, ""),
        carrier_name(f.carrier),
        f.service or BILL_LEVEL,
        ", ".join(f.periods),
        None if coming else f.amount_fen,
        # money another finding of the same line and service already counts is not
        # counted twice (an unknown service that was a trial turned paid)
        (figures.finding_claimable_fen(f) or None) if counted else None,
        f.monthly_fen,
        (figures.finding_yearly_fen(f) or None) if counted else None,
        f.amount_fen if coming else None,
        label(CHANGE_LABELS, f.change),
        f.message,
        evidence,
        (*steps, "→ 步骤 steps") if steps else None,
        f.id,
    ]


# ----------------------------------------------------------------------------- Follow-up

FOLLOW_UP_COLUMNS = [
    Column("状态 Status"),
    Column("发现 # Finding", "int"),
    Column("号码 Line"),
    Column("机主 Owner"),
    Column("业务 Service"),
    Column("规则 Rule"),
    Column("月份 Months"),
    Column("你的记录 Your records", "list"),
    Column("已退款 Refunded", "money"),
    Column("可追回 Claimable", "money"),
    Column("下一步 Next step / 结果 Outcome"),
    Column("可办理起 From", "date"),
    Column("截止 By", "date"),
    Column("每年省下 Saved per year", "money"),
]


def follow_up(report: AuditReport) -> Listing:
    """The Follow-up sheet: each finding with the user's records about it and what is due
    next, by when (:func:`~auditor.writers.followup.next_step`, as the JSON's ``next``);
    then the findings of earlier audits this one resolved, with why and the money they
    no longer cost a year."""
    rows: list[list] = []
    fills: list[str | None] = []
    counted = figures.money_carriers(report.findings)
    for number, f in enumerate(report.findings, 1):
        step = next_step(f, report.as_of)
        rows.append(
            [
                label(FINDING_STATUS_LABELS, f.status),
                number,
                f.line,
                report.owners.get(f.line, ""),
                f.service or BILL_LEVEL,
                rule_label(f.rule),
                ", ".join(f.periods),
                [_record_text(r) for r in f.records],
                f.refunded_fen or None,
                (figures.finding_claimable_fen(f) or None) if id(f) in counted else None,
                step.text,
                step.opens,
                step.due,
                None,
            ]
        )
        fills.append(SEVERITY_FILLS.get(f.severity))
    for item in report.resolved:
        rows.append(_resolved_row(item, report))
        fills.append(RESOLVED_FILL)
    return Listing(FOLLOW_UP, FOLLOW_UP_COLUMNS, rows, fills)


def _resolved_row(item: Resolved, report: AuditReport) -> list:
    records = records_of(report.records, item.line, item.service, item.id)
    return [
        label(FINDING_STATUS_LABELS, "resolved"),
        None,
        item.line,
        report.owners.get(item.line, ""),
        item.service or BILL_LEVEL,
        rule_label(item.rule),
        ", ".join(item.periods),
        [_record_text(r) for r in records],
        None,
        None,
        f"{item.resolved_on:%Y-%m-%d} 已解决 resolved: {item.reason}",
        None,
        None,
        figures.resolved_yearly_fen(item) or None,
    ]


def _record_text(record: UserRecord) -> str:
    """``退订 cancel 2026-10-08 短信 工单号 123``, with a refund's amount."""
    text = f"{label(RECORD_LABELS, record.kind)} {record.describe()}"
    if record.amount_fen is not None:
        text += f" ¥{format_fen(record.amount_fen)}"
    return text


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
    Column("识别置信度 OCR confidence"),
]


def ocr_confidence(confidence: float | None) -> str:
    """A record's OCR confidence as shown (two decimals), '' for one read as text."""
    return "" if confidence is None else f"{confidence:.2f}"


def charges(report: AuditReport) -> Listing:
    """The Charges sheet: every charge read, by line and month."""
    return charge_listing(report.charges)


def charge_listing(charges: list[Charge]) -> Listing:
    """The Charges sheet of ``charges`` (the report's, in the order they were read)."""
    # By line and month (a portal JSON lists its newest month first); stable, so each bill
    # keeps its own order of items.
    ordered = sorted(charges, key=lambda c: (c.line, c.period))
    return Listing(CHARGES, CHARGE_COLUMNS, Rows(ordered, _charge_row))


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
        ocr_confidence(c.confidence),
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
    Column("识别置信度 OCR confidence"),
]


def services(report: AuditReport) -> Listing:
    """The Services sheet: every service-list entry."""
    return Listing(SERVICES, SERVICE_COLUMNS, Rows(report.services, _service_row))


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
        ocr_confidence(s.confidence),
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
    Column("OCR 识别 Read by OCR"),
    Column("提示 Warnings", "list"),
    Column("错误 Error"),
]


def inputs(results: list[ReadResult]) -> Listing:
    """The Inputs sheet: every file, shaded when it could not be read."""
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
            r.ocr.describe() if r.ocr else "",
            r.all_warnings,
            r.error or (f"略过 skipped: {r.skipped}" if r.skipped else None),
        ]
        for r in results
    ]
    fills = [SEVERITY_FILLS["high"] if r.error else SKIPPED_FILL if r.skipped else None
             for r in results]  # fmt: skip
    return Listing(INPUTS, INPUT_COLUMNS, rows, fills)


UNREAD_COLUMNS = [
    Column("文件 File"),
    Column("位置 Where"),
    Column("原因 Reason"),
    Column("内容 Text"),
]


def unread(results: list[ReadResult]) -> Listing:
    """The Unread rows sheet: rows that looked like data but could not be read."""
    rows = [[r.path, i.locator, i.reason, i.text] for r in results for i in r.unparseable]
    return Listing(UNREAD, UNREAD_COLUMNS, rows)
