"""Reports that Excel's own limits cannot break: a list longer than a sheet goes on.

Excel opens no sheet over 1,048,576 rows. Writing 1.1 million charges takes minutes,
so these tests lower the limit through ``render_xlsx``'s ``limits`` and check the same
splitting on a few rows; the arithmetic at the real limit is checked without writing.
"""

from __future__ import annotations

import dataclasses
import io
import re

import openpyxl
import pytest
from python_calamine import CalamineWorkbook
from writers_sample import filtered_range, sample_report

from auditor.sheets import sheet_names
from auditor.writers import Masker, render_xlsx
from auditor.writers.sheet import EXCEL_MAX_ROWS, Listing, SheetLimits

CHARGES, SUMMARY, FINDINGS = "费用明细", "摘要", "发现"


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
    # (other lists longer than ten rows go on too: only the Charges are looked at here)
    continued = re.compile(r" \(\d+\)$")
    names = [name for name in split if not continued.search(name) or name.startswith(CHARGES)]
    sheets = sheet_names()
    assert names == [
        *sheets[: sheets.index(CHARGES) + 1],
        f"{CHARGES} (2)",
        f"{CHARGES} (3)",
        f"{CHARGES} (4)",
        *sheets[sheets.index(CHARGES) + 1 :],
    ]
    parts = [split[CHARGES], *(split[f"{CHARGES} ({n})"] for n in range(2, 5))]
    assert [len(part) for part in parts] == [10, 10, 10, 9]  # a header and 9, 9, 9, 8 rows
    assert all(part[0] == whole[CHARGES][0] for part in parts)
    assert [row for part in parts for row in part[1:]] == whole[CHARGES][1:]
    for name in sheets:  # every other sheet no longer than the limit as it was
        if name not in (SUMMARY, CHARGES) and f"{name} (2)" not in split:
            assert split[name] == whole[name], name


def test_every_continued_sheet_has_a_frozen_filtered_header():
    data = render_xlsx(_many_charges(5), Masker(), SheetLimits(rows=10))
    book = openpyxl.load_workbook(io.BytesIO(data))
    for n in range(2, 5):
        sheet = book[f"{CHARGES} ({n})"]
        assert sheet.freeze_panes == "A2"
        assert filtered_range(sheet) == f"A1:L{sheet.max_row}"
        assert all(cell.font.bold for cell in sheet[1])


def test_the_summary_says_where_a_list_goes_on_and_keeps_its_figures():
    report = _many_charges(5)
    whole = _sheets(render_xlsx(report, Masker()))[SUMMARY]
    split = _sheets(render_xlsx(report, Masker(), SheetLimits(rows=10)))[SUMMARY]
    added = [row for row in split if row not in whole]
    assert [row[0] for row in added] == [
        "按月发现: 10 行，分 2 个表，至「按月发现 (2)」",
        f"{CHARGES}: 35 行，分 4 个表，至「{CHARGES} (4)」",
    ]
    assert [row for row in split if row not in added] == whole


def test_shading_follows_its_rows_onto_the_next_sheet():
    report = sample_report()
    report.findings = report.findings * 3  # 21 findings: high, high, medium x3, info x2...
    data = render_xlsx(report, Masker(), SheetLimits(rows=5))
    book = openpyxl.load_workbook(io.BytesIO(data))
    names = [FINDINGS, *(f"{FINDINGS} ({n})" for n in range(2, 7))]  # 4 rows a sheet
    assert f"{FINDINGS} (7)" not in book.sheetnames
    colours = [
        book[name].cell(row=r, column=2).fill.fgColor.rgb
        for name in names
        for r in range(2, book[name].max_row + 1)
    ]
    whole = openpyxl.load_workbook(io.BytesIO(render_xlsx(report, Masker())))[FINDINGS]
    assert colours == [whole.cell(row=r, column=2).fill.fgColor.rgb for r in range(2, 23)]


def test_summary_tables_list_at_most_their_limit_and_say_how_many_more():
    report = sample_report()  # 5 findings to act on, 3 lines
    limits = SheetLimits(summary_rows=2, top_actions=2)
    rows = _sheets(render_xlsx(report, Masker(), limits))[SUMMARY]
    notes = [row[0] for row in rows if str(row[0]).startswith("另有")]
    assert notes == [
        "另有 3 项，见「按业务」表",
        "另有 1 个号码未列出（共 3 个号码，其中 3 个有发现），见「发现」「趋势」「按机主」表",
    ]


def test_the_english_summary_says_the_same_in_english(english):
    report = _many_charges(5)
    rows = _sheets(
        render_xlsx(report, Masker(), SheetLimits(rows=10, summary_rows=2, top_actions=2))
    )
    notes = [
        row[0] for row in rows["Summary"] if " more" in str(row[0]) or " rows on " in str(row[0])
    ]
    assert notes == [
        "3 more: see By service",
        "1 more line not listed (3 lines in all, 3 with findings): see Findings, Trend, By owner",
        "Finding months: 10 rows on 2 sheets, to Finding months (2)",
        "Charges: 35 rows on 4 sheets, to Charges (4)",
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


def test_default_summary_lists_are_what_a_person_reads():
    limits = SheetLimits()
    assert limits.top_actions == 10 and limits.summary_rows <= 40


def test_links_point_to_where_a_row_stands_once_a_list_goes_on():
    report = sample_report()
    steps = report.findings[0].actions
    report.findings = [dataclasses.replace(f, actions=steps) for f in report.findings * 3]
    book = openpyxl.load_workbook(io.BytesIO(render_xlsx(report, Masker(), SheetLimits(rows=3))))
    checked, continued = 0, 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.hyperlink is None or not cell.hyperlink.location:
                    continue
                target, _, where = cell.hyperlink.location.rpartition("!")
                target = target.strip("'")
                assert target in book.sheetnames, cell.hyperlink.location
                number = int(where.lstrip("A"))
                assert 2 <= number <= book[target].max_row, cell.hyperlink.location
                checked += 1
                continued += target.endswith(")")
    assert checked >= 4 and continued >= 1  # some land on a continued sheet
