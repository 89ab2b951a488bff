"""A hand-built audit report for the writer tests (no readers or rules involved).

Its figures follow the demo household (/work/notes/household.md): four disputed charges
(6.00 + 45.00 + 20.00 + 3.00 = 74.00 already charged, (6+15+10+3) × 12 = 408.00 a year),
a bill that does not add up, and a plan change next month. Service names include text a
spreadsheet would run as a formula.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

from auditor.audit_report import AuditReport
from auditor.bill_check import check_bills
from auditor.model import (
    Action,
    Bill,
    Charge,
    Evidence,
    Finding,
    FindingDetails,
    ReadResult,
    RowIssue,
    Service,
)

AS_OF = date(2026, 11, 5)
MOBILE, UNICOM, TELECOM = "13800001234", "18600005678", "18900189003"
FORMULAS = ['=HYPERLINK("http://x","y")', "+8613800001234", "@SUM(A1)", "-1+2"]
MOBILE_BILL = f"bills/{MOBILE}/中国移动账单-2026年10月.xlsx"
MOBILE_SERVICES = f"bills/{MOBILE}-已订业务.csv"


@dataclass(frozen=True)
class _TotalsDetails(FindingDetails):
    """Details with a date in them, as a rule might give (the writers show it as text)."""

    stated_fen: int
    parsed_fen: int
    when: date


def _inputs() -> list[ReadResult]:
    bill = ReadResult(
        path=MOBILE_BILL,
        sha256="a" * 64,
        reader="xlsx",
        kind="bill",
        carrier="china-mobile",
        charges=[
            Charge(MOBILE, "2026-10", "plan", "4G飞享18元套餐（2018版）", 1800, "套餐及固定费"),
            Charge(MOBILE, "2026-10", "vas", "视频彩铃订阅-酷电秀专属6元包", 600, "增值业务费"),
            Charge(MOBILE, "2026-10", "vas", "咪咕视频会员", 1500, "增值业务费"),
            Charge(MOBILE, "2026-10", "vas", FORMULAS[0], 0, "增值业务费"),
            Charge(MOBILE, "2026-10", "discount", "话费优惠", -500, "优惠及减免"),
        ],
        bills=[Bill(MOBILE, "2026-10", 3400, "china-mobile", MOBILE_BILL, "row 20")],
        rows_read=22,
        set_aside=Counter(title=1, blank=2, header=1, section=5, total=1, note=2),
        unparseable=[RowIssue("row 19", "not an amount: 'abc'", f"致电{MOBILE} abc")],
    )
    for charge in bill.charges:
        charge.carrier, charge.source, charge.locator = "china-mobile", MOBILE_BILL, "row 9"
    services = ReadResult(
        path=MOBILE_SERVICES,
        sha256="b" * 64,
        reader="csv",
        kind="services",
        carrier="china-mobile",
        services=[
            Service(
                MOBILE,
                "视频彩铃订阅-酷电秀专属6元包",
                type="增值业务",
                price_fen=600,
                effective=datetime(2026, 6, 10, 12),
                cancelled=datetime(2026, 9, 15, 14, 2),
                status="ended",
                status_text="已退订",
            ),
            Service(MOBILE, FORMULAS[1], type="增值业务", price_fen=None, status="active"),
            Service(MOBILE, FORMULAS[2], type="-功能", price_fen=0, status="active"),
            Service(MOBILE, FORMULAS[3], price_fen=100, expires=datetime(2026, 12, 1)),
        ],
        rows_read=7,
        set_aside=Counter(header=1),
    )
    for service in services.services:
        service.carrier, service.source, service.locator = "china-mobile", MOBILE_SERVICES, "row 2"
    unicom = ReadResult(
        path="bills/联通账单-2026年09-10月.csv",
        sha256="c" * 64,
        reader="csv",
        kind="bill",
        carrier="china-unicom",
        charges=[
            Charge(UNICOM, "2026-09", "vas", "沃音乐会员", 1000, carrier="china-unicom"),
            Charge(UNICOM, "2026-10", "vas", "沃音乐会员", 1000, carrier="china-unicom"),
        ],
        bills=[Bill(UNICOM, "2026-09", None, "china-unicom"), Bill(UNICOM, "2026-10", 1100)],
        rows_read=4,
    )
    for charge in unicom.charges:
        charge.source = unicom.path
    broken = ReadResult(
        path=f"bills/{TELECOM}/garbage.csv",
        sha256="d" * 64,
        error=f"row 1: no header found (line {TELECOM}?)",
    )
    return [bill, services, unicom, broken]


def _finding(rule, severity, line, service, periods, amount, monthly, **extra) -> Finding:
    carrier = {MOBILE: "china-mobile", UNICOM: "china-unicom", TELECOM: "china-telecom"}[line]
    return Finding(
        rule=rule,
        severity=severity,
        carrier=carrier,
        line=line,
        service=service,
        periods=periods,
        amount_fen=amount,
        monthly_fen=monthly,
        message=f"{service} on {line}: {rule}",
        evidence=[Evidence(MOBILE_BILL, "row 12"), Evidence(MOBILE_SERVICES, "row 7")],
        **extra,
    )


def _findings() -> list[Finding]:
    months = ["2026-08", "2026-09", "2026-10"]
    lingering = _finding(
        "lingering-charge", "high", MOBILE, "视频彩铃订阅-酷电秀专属6元包", ["2026-10"], 600, 600
    )
    lingering.actions = [
        Action(1, "sms", "0000", to="10086", confidence="documented", note="回复序号退订"),
        Action(2, "hotline", f"致电10086，说明号码{MOBILE}，要求退还6.00元", to="10086"),
        Action(3, "appeal", "向工信部申诉", to="12300", due=date(2027, 4, 5), note="=danger"),
    ]
    mismatch = _finding(
        "bill-total-mismatch",
        "high",
        TELECOM,
        "",
        ["2026-10"],
        200,
        None,
        details=_TotalsDetails(4100, 3900, date(2026, 10, 31)),
    )
    return [
        lingering,
        mismatch,
        _finding("unknown-vas", "medium", MOBILE, FORMULAS[0], months, 4500, 1500),
        _finding("unknown-vas", "medium", UNICOM, "沃音乐会员", months[1:], 2000, 1000),
        _finding("unknown-vas", "medium", UNICOM, "手机报-新闻早晚报", ["2026-10"], 300, 300),
        _finding(
            "next-month-effective",
            "info",
            MOBILE,
            "5G智享套餐（个人版）",
            ["2026-12"],
            5800,
            5800,
            change="start",
        ),
        _finding(
            "next-month-effective",
            "info",
            MOBILE,
            FORMULAS[3],
            ["2026-12"],
            1800,
            1800,
            change="end",
        ),
    ]


def sample_report(findings: bool = True) -> AuditReport:
    """A report with four inputs (one unreadable) and seven findings (unless ``findings``)."""
    inputs = _inputs()
    readable = [r for r in inputs if not r.error]
    return AuditReport(
        as_of=AS_OF,
        inputs=inputs,
        charges=[charge for result in readable for charge in result.charges],
        services=[service for result in readable for service in result.services],
        bills=check_bills(readable),
        findings=_findings() if findings else [],
        owners={MOBILE: "爸爸", UNICOM: "妈妈", TELECOM: "小明"},
    )


def filtered_range(sheet) -> str | None:
    """The range an openpyxl sheet filters: its auto-filter's, or its Excel table's (a
    sheet kept whole is a table; a streamed one has a plain auto-filter)."""
    tables = list(sheet.tables.values())
    return sheet.auto_filter.ref or (tables[0].ref if tables else None)
