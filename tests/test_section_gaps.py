"""A bill that does not add up names the section where the gap shows, when the reader
saw a section whose amount is not its items' sum."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from auditor import lang
from auditor.bill_check import check_bills
from auditor.inputs import read_inputs
from auditor.pipeline import AuditOptions, audit_results
from auditor.readers import ReadOptions

TELECOM = Path(__file__).resolve().parent.parent / "fixtures" / "household" / "china-telecom"


def test_the_mismatch_names_the_section_that_does_not_add_up():
    results = read_inputs([TELECOM], ReadOptions(as_of=date(2026, 11, 5)))
    [gap] = [gap for result in results for gap in result.section_gaps]
    assert (gap.period, gap.name, gap.stated_fen, gap.summed_fen) == (
        "2026-10",
        "套餐及叠加包超出费用",
        600,
        400,
    )
    [check] = [c for c in check_bills(results) if c.bill.period == "2026-10"]
    assert check.gaps == (gap,)
    report = audit_results(results, AuditOptions(as_of=date(2026, 11, 5)))
    [finding] = [f for f in report.findings if f.rule == "bill-total-mismatch"]
    assert (
        "差额出在「套餐及叠加包超出费用」：该项列 6.00 元，其明细相加为 4.00 元" in finding.message
    )
    with lang.using("en"):
        report = audit_results(results, AuditOptions(as_of=date(2026, 11, 5)))
    [finding] = [f for f in report.findings if f.rule == "bill-total-mismatch"]
    said = "The difference is in 「套餐及叠加包超出费用」: it says 6.00 yuan, but its items add up"
    assert f"{said} to 4.00 yuan" in finding.message
    assert finding.details.sections == ("套餐及叠加包超出费用",)


def test_bills_that_add_up_carry_no_gap():
    results = read_inputs([TELECOM], ReadOptions(as_of=date(2026, 11, 5)))
    others = [c for c in check_bills(results) if c.bill.period != "2026-10"]
    assert others and all(c.gaps == () and c.reconciles for c in others)
