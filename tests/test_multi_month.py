"""One document, several bills: line A's three months in one PDF and in one workbook.

``fixtures/pdf/multi-month/中国移动三个月账单.pdf`` (fixtures/make_pdfs.py) holds a month
per page, ``fixtures/xlsx/multi-month/中国移动三个月账单.xlsx``
(fixtures/make_multi_month.py) a month per sheet; neither file's name nor any sheet's
name gives a month, so every month comes from a header block. Each must read as the
household's three single-month bills of line A and audit to the same findings.
"""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from auditor.pipeline import AuditOptions, run_audit
from auditor.readers import ReadOptions, read_file

# Reader errors and warnings are checked as an English-speaking user reads them.
pytestmark = pytest.mark.usefixtures("english")

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
PDF = FIXTURES / "pdf" / "multi-month" / "中国移动三个月账单.pdf"
XLSX = FIXTURES / "xlsx" / "multi-month" / "中国移动三个月账单.xlsx"
SINGLE_MONTHS = FIXTURES / "household" / "china-mobile"
SERVICES = SINGLE_MONTHS / "13800001234-已订业务.csv"
LINE_A = "13800001234"
OPTIONS = AuditOptions(as_of=date(2026, 11, 5), known_services=["彩铃功能费", "腾讯视频会员"])
# (month, stated total) as fixtures/HOUSEHOLD.md designs line A's bills.
MONTHS = [("2026-08", 4250), ("2026-09", 4020), ("2026-10", 4130)]
FINDING_KEY = ("rule", "line", "service", "periods", "amount_fen", "monthly_fen")


def _module(name: str):
    spec = importlib.util.spec_from_file_location(name, FIXTURES / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _single_month(month: str) -> Path:
    return SINGLE_MONTHS / f"中国移动账单-{month[:4]}年{month[5:]}月.xlsx"


@pytest.mark.parametrize("path", [PDF, XLSX], ids=["pdf", "xlsx"])
def test_one_bill_per_month_each_reconciling(path: Path):
    result = read_file(path, ReadOptions())
    assert result.error is None and result.carrier == "china-mobile"
    got = []
    for bill in result.bills:
        charged = sum(c.amount_fen for c in result.charges if c.period == bill.period)
        got.append((bill.line, bill.period, bill.stated_total_fen, charged))
    assert got == [(LINE_A, month, total, total) for month, total in MONTHS]
    assert not result.unparseable and not result.warnings
    aside = sum(result.set_aside.values())
    assert result.rows_read == result.rows_used + aside


@pytest.mark.parametrize("path", [PDF, XLSX], ids=["pdf", "xlsx"])
def test_each_month_holds_the_charges_of_its_single_month_file(path: Path):
    result = read_file(path, ReadOptions())
    for month, _ in MONTHS:
        single = read_file(_single_month(month), ReadOptions())

        def charges(read, month=month):
            return Counter(
                (c.line, c.category, c.section, c.item, c.amount_fen)
                for c in read.charges
                if c.period == month
            )

        assert charges(result) == charges(single), month


def test_each_pdf_page_is_its_month():
    result = read_file(PDF, ReadOptions())
    pages = {(c.period, c.locator.split(" line")[0]) for c in result.charges}
    assert pages == {("2026-08", "page 1"), ("2026-09", "page 2"), ("2026-10", "page 3")}


def _findings(report) -> list[tuple]:
    assert not report.failed_inputs, [r.error for r in report.failed_inputs]
    return sorted(
        tuple(tuple(v) if isinstance(v, list) else v for v in (getattr(f, k) for k in FINDING_KEY))
        for f in report.findings
    )


@pytest.mark.parametrize("path", [PDF, XLSX], ids=["pdf", "xlsx"])
def test_audit_gives_the_findings_of_the_single_month_files(path: Path):
    several = run_audit([path, SERVICES], OPTIONS)
    single = run_audit([SINGLE_MONTHS], OPTIONS)
    assert _findings(several) == _findings(single)
    assert ("lingering-charge", LINE_A, "视频彩铃订阅-酷电秀专属6元包", ("2026-10",), 600,
            600) in _findings(several)  # fmt: skip

    def totals(report):
        return [
            (b.bill.line, b.bill.period, b.bill.stated_total_fen, b.parsed_total_fen)
            for b in report.bills
        ]

    assert totals(several) == totals(single)


def test_generator_is_reproducible_and_the_workbook_is_current(tmp_path):
    make_multi_month = _module("make_multi_month")
    (written,) = make_multi_month.generate(tmp_path)
    assert written.read_bytes() == (XLSX.parent / written.name).read_bytes()
