"""The Summary's "each line's bill" and a line with a refund still due: a thing to do,
so among the lines with something to do (ranked as the things to do are), its findings
cell saying so, never counted among the lines "none with findings"."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date

import pytest
from python_calamine import CalamineWorkbook

from auditor.history.refund_due import RefundDue
from auditor.lang import using
from auditor.model import Charge, ReadResult, Service
from auditor.pipeline import AuditOptions, audit_results
from auditor.writers import Masker, render_xlsx
from auditor.writers.sheet import SheetLimits

AS_OF = date(2026, 11, 5)
UNKNOWN, CLEAN, DUE, OTHER = "13900000000", "13900000001", "13900000002", "13900000003"
WORDS = {
    "en": ("Summary", "Each line's bill", "Refund due", "none with findings"),
    "zh": ("摘要", "每月账单", "待退款", "均无发现"),
}


def _report():
    """Four lines of a plan: one charged a service it does not list (a finding), one
    with a refund due of 12.00 (a finding resolved before), two clean."""
    results = []
    for line in (UNKNOWN, CLEAN, DUE, OTHER):
        charges = [Charge(line, "2026-10", "plan", "集团套餐", 5800, "套餐及固定费")]
        if line == UNKNOWN:
            charges.append(Charge(line, "2026-10", "vas", "企业彩铃", 1500, "增值业务费"))
        results.append(ReadResult(f"{line}.csv", line, "csv", "bill", "china-mobile", charges))
        listed = [Service(line, "集团套餐", carrier="china-mobile")]
        results.append(ReadResult(f"{line}-s.csv", line + "s", "csv", "services",
                                  "china-mobile", services=listed))  # fmt: skip
    report = audit_results(results, AuditOptions(as_of=AS_OF))
    due = RefundDue("F000000000001", "lingering-charge", DUE, "视频彩铃", ("2026-08",), 1200, 0,
                    "已停止扣费", date(2027, 1, 31), AS_OF, "china-mobile")  # fmt: skip
    return replace(report, refunds_due=[due])


def _table(language: str, limits: SheetLimits | None = None) -> tuple[list[list], list[str]]:
    """The lines' table's rows and the notes under it."""
    with using(language):
        data = render_xlsx(_report(), Masker(enabled=False), limits)
    summary, title = WORDS[language][:2]
    rows = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_name(summary)
    rows = rows.to_python()
    start = next(i for i, row in enumerate(rows) if row[0] == title) + 2
    end = next(i for i in range(start, len(rows)) if rows[i][2] == "")
    notes = [row[0] for row in rows[end : end + 3]]
    return rows[start:end], notes


@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_line_with_a_refund_due_is_among_the_lines_with_something_to_do(language):
    rows, _ = _table(language)
    assert [row[0] for row in rows] == [UNKNOWN, DUE, CLEAN, OTHER]  # the clean by number
    due = rows[1][2]
    assert WORDS[language][2] in due and "12.00" in due
    assert rows[2][2] == rows[3][2] == "—"


@pytest.mark.parametrize("language", ["en", "zh"])
def test_lines_left_out_with_a_refund_due_are_not_said_to_have_nothing(language):
    rows, notes = _table(language, SheetLimits(summary_rows=1))
    assert [row[0] for row in rows] == [UNKNOWN]
    [more] = [note for note in notes if note.startswith(("3 more", "另有 3 个"))]
    assert WORDS[language][3] not in more


@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_line_with_a_refund_due_and_no_file_this_time_is_listed_with_it(language):
    # A refund due of a line none of this audit's files is of (By owner and Follow-up
    # list it): a thing to do, listed with what is due, its months empty
    report = _report()
    away = "13900000009"
    gone = RefundDue("F000000000002", "lingering-charge", away, "咪咕视频会员", ("2026-08",),
                     1500, 0, "已退订", date(2027, 1, 31), AS_OF, "china-mobile")  # fmt: skip
    report = replace(report, refunds_due=[*report.refunds_due, gone])
    with using(language):
        data = render_xlsx(report, Masker(enabled=False))
    summary, title = WORDS[language][:2]
    rows = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_name(summary)
    rows = rows.to_python()
    start = next(i for i, row in enumerate(rows) if row[0] == title) + 2
    listed = {row[0]: row for row in rows[start : start + 6] if row[2] != ""}
    assert list(listed)[:3] == [UNKNOWN, away, DUE]  # by what is due: 15.00, then 12.00
    assert WORDS[language][2] in listed[away][2] and "15.00" in listed[away][2]
    assert all(cell in ("", None) for cell in listed[away][3:])  # no month, nothing disputed
