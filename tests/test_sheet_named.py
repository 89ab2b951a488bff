"""A message naming a sheet of the user's workbook quotes it (工作表「账单明细 Copy」,
sheet '账单明细 Copy'): a name may hold spaces, and ran into the words after it
("工作表 账单明细 Copy各有一份")."""

from __future__ import annotations

import openpyxl
import pytest

from auditor import lang
from auditor.readers import ReadOptions, read_file

LINE = "18600100001"


@pytest.mark.parametrize(
    ("language", "said"),
    [("zh", f"{LINE} 2026-10：同一账单在工作表「账单明细」和工作表「账单明细 Copy」各有一份，"
            "只计入工作表「账单明细」"),
     ("en", f"{LINE} 2026-10: the same bill is in sheet '账单明细' and sheet '账单明细 Copy'; "
            "only sheet '账单明细' was counted")],
)  # fmt: skip
def test_a_bill_on_two_sheets_names_them_quoted(tmp_path, language, said):
    book = openpyxl.Workbook()
    for sheet in (book.active, book.create_sheet()):
        sheet.append(["用户号码", "账期", "费用类别", "费用项目", "金额(元)"])
        sheet.append([LINE, "202610", "月固定费", "5G畅爽冰激凌129元", 129.0])
    book.active.title, book.worksheets[1].title = "账单明细", "账单明细 Copy"
    path = tmp_path / "联通集团账单.xlsx"
    book.save(path)
    with lang.using(language):
        result = read_file(path, ReadOptions())
    assert result.error is None and result.warnings == [said]
