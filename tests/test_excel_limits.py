"""Reports that Excel's own limits cannot break: a list longer than a sheet goes on.

Excel opens no sheet over 1,048,576 rows. Writing 1.1 million charges takes minutes,
so these tests lower the limit through ``render_xlsx``'s ``limits`` and check the same
splitting on a few rows; the arithmetic at the real limit is checked without writing.
"""

from __future__ import annotations

import io

import openpyxl
import pytest
from python_calamine import CalamineWorkbook
from writers_sample import sample_report

from auditor.writers import SHEETS, Masker, render_xlsx
from auditor.writers.sheet import EXCEL_MAX_ROWS, Listing, SheetLimits

CHARGES, SUMMARY = "费用明细 Charges", "摘要 Summary"


def _many_charges(copies: int):
    report = sample_report()
    report.charges = report.charges * copies
    return report


def _sheets(data: bytes) -> dict[str, list[list]]:
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}


def test_a_list_longer_than_a_sheet_goes_on_in_numbered_sheets():
    report = _many_charges(5)  # 7 charges, 35 rows
    whole = _sheets(render_xlsx(report, Masker()))
    split = _sheets(render_xlsx(report, Masker(), SheetLimits(rows=10)))
    assert list(split) == [
        *SHEETS[:6],
        f"{CHARGES} (2)",
        f"{CHARGES} (3)",
        f"{CHARGES} (4)",
        *SHEETS[6:],
    ]
    parts = [split[CHARGES], *(split[f"{CHARGES} ({n})"] for n in range(2, 5))]
    assert [len(part) for part in parts] == [10, 10, 10, 9]  # a header and 9, 9, 9, 8 rows
    assert all(part[0] == whole[CHARGES][0] for part in parts)
    assert [row for part in parts for row in part[1:]] == whole[CHARGES][1:]
    for name in SHEETS:  # every other sheet as it was
        if name not in (SUMMARY, CHARGES):
            assert split[name] == whole[name], name


def test_every_continued_sheet_has_a_frozen_filtered_header():
    data = render_xlsx(_many_charges(5), Masker(), SheetLimits(rows=10))
    book = openpyxl.load_workbook(io.BytesIO(data))
    for n in range(2, 5):
        sheet = book[f"{CHARGES} ({n})"]
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref == f"A1:L{sheet.max_row}"
        assert all(cell.font.bold for cell in sheet[1])


def test_the_summary_says_where_a_list_goes_on_and_keeps_its_figures():
    report = _many_charges(5)
    whole = _sheets(render_xlsx(report, Masker()))[SUMMARY]
    split = _sheets(render_xlsx(report, Masker(), SheetLimits(rows=10)))[SUMMARY]
    added = [row for row in split if row not in whole]
    assert [row[:2] for row in added] == [[CHARGES, f"35 行 rows on 4 sheets, to {CHARGES} (4)"]]
    assert [row for row in split if row not in added] == whole


def test_shading_follows_its_rows_onto_the_next_sheet():
    report = sample_report()
    report.findings = report.findings * 3  # 21 findings: high, high, medium x3, info x2...
    data = render_xlsx(report, Masker(), SheetLimits(rows=5))
    book = openpyxl.load_workbook(io.BytesIO(data))
    names = [SHEETS[1], *(f"{SHEETS[1]} ({n})" for n in range(2, 7))]  # 4 rows a sheet
    assert f"{SHEETS[1]} (7)" not in book.sheetnames
    colours = [
        book[name].cell(row=r, column=2).fill.fgColor.rgb
        for name in names
        for r in range(2, book[name].max_row + 1)
    ]
    whole = openpyxl.load_workbook(io.BytesIO(render_xlsx(report, Masker())))[SHEETS[1]]
    assert colours == [whole.cell(row=r, column=2).fill.fgColor.rgb for r in range(2, 23)]


def test_summary_tables_list_at_most_their_limit_and_say_how_many_more():
    report = sample_report()  # 5 findings to act on, 3 lines, 3 line-months
    rows = _sheets(render_xlsx(report, Masker(), SheetLimits(summary_rows=2)))[SUMMARY]
    notes = [row[0] for row in rows if str(row[0]).startswith("另有")]
    assert notes == [
        f"另有 3 行未列出 / 3 more: see {SHEETS[1]}",
        "另有 1 行未列出 / 1 more: the JSON summary (--json) lists them all",
        "另有 1 行未列出 / 1 more: the JSON summary (--json) lists them all",
    ]


@pytest.mark.parametrize(
    ("rows", "sheets"),
    [(0, 1), (EXCEL_MAX_ROWS - 1, 1), (EXCEL_MAX_ROWS, 2), (1_100_000, 2), (3_000_000, 3)],
)
def test_at_excels_own_limit_a_sheet_holds_its_header_and_1048575_rows(rows, sheets):
    listing = Listing(CHARGES, [], [[]] * rows)
    names = listing.sheet_names(SheetLimits())
    assert len(names) == sheets
    assert all(len(name) <= 31 for name in names)  # Excel's limit for a sheet's name


def test_default_summary_tables_fit_one_sheet():
    limits = SheetLimits()
    assert 3 * (limits.summary_rows + 3) + 40 < limits.rows
