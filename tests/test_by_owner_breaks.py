"""By owner printed at a company's size (t12: 客户服务部's 合计 row ended a page, its
owners on the next): its pages break between departments, each department's total row
atop its owners, at a scale that fits its width (Excel drops manual breaks on a sheet
fit to its page)."""

from __future__ import annotations

import openpyxl
from company_sample import company_workbook


def test_by_owner_breaks_its_pages_between_departments(tmp_path):
    (tmp_path / "report.xlsx").write_bytes(company_workbook(tmp_path, 200, "en"))
    sheet = openpyxl.load_workbook(tmp_path / "report.xlsx")["By owner"]
    breaks = [each.id for each in sheet.row_breaks.brk]
    assert breaks, "a sheet of five departments of forty lines is more than a page"
    for row in breaks:  # (xlsx: a break below row id): a department's total starts a page
        assert sheet.cell(row + 1, 2).value == "Total", row
    assert sheet.page_setup.scale and not sheet.sheet_properties.pageSetUpPr.fitToPage
