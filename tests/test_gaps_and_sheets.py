"""What a new user's Downloads folder made auditor say too loudly (trial t15): last year's
bill beside this year's asked for each of the ten months between, one by one (said now
once, as their run); and a workbook's chart sheet beside its bill sheet was told to name
its line, which the bill sheet had given (said now in a quiet note)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from auditor import cli
from auditor.readers import ReadOptions, read_file

pytestmark = pytest.mark.usefixtures("english")

CM, CU = "13900001111", "18600005678"
ITEMS = [
    ("月固定费", "大王卡套餐29元", 29.0),
    ("增值业务费", "腾讯视频会员", 15.0),
    ("增值业务费", "沃音乐会员", 10.0),
    ("优惠费", "大王卡优惠", -5.0),
]


def _bill(folder: Path, month: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"中国移动账单-{month}.csv").write_text(
        "手机号码,账期,费用类型,费用项目,金额(元)\n"
        f"{CM},{month},套餐及固定费,4G飞享18元套餐,18.00\n{CM},{month},合计,,18.00\n",
        "utf-8",
    )


def test_months_between_last_years_bill_and_this_years_are_said_once_as_a_run(tmp_path):
    folder = tmp_path / "Downloads"
    for month in ("202509", "202609", "202610"):
        _bill(folder, month)
    report = tmp_path / "r.xlsx"
    result = CliRunner().invoke(
        cli.main,
        ["audit", str(folder), "--db", str(tmp_path / "h.sqlite"), "--as-of", "2026-11-20",
         "-o", str(report)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    said = "has no bill of 2025-10..2026-08, 11 months (never given: not checked)"
    assert said in result.stdout
    assert "2026-01" not in result.stdout
    cells = [
        str(cell.value)
        for sheet in openpyxl.load_workbook(report).worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value
    ]
    asked = [cell for cell in cells if "2025-10..2026-08, 11 months (missing)" in cell]
    assert asked and "give those months' bills, if needed" in asked[0]
    assert not [cell for cell in cells if "2026-01 (missing)" in cell]


def _unicom_book(path: Path, chart: list[tuple[str, float]]) -> Path:
    """The bill on 账单明细 (total 49.00), and a second sheet of ``chart``'s rows."""
    book = openpyxl.Workbook()
    bill = book.active
    bill.title = "账单明细"
    bill.append(["手机号码", "账期", "费用类型", "费用项目", "金额(元)"])
    for kind, item, amount in ITEMS:
        bill.append([CU, "2026-10", kind, item, amount])
    bill.append([CU, "2026-10", "实际应缴合计", "", 49.0])
    sheet = book.create_sheet("费用构成图")
    sheet.append(["类别", "金额"])
    for row in chart:
        sheet.append(list(row))
    book.save(path)
    return path


def test_a_chart_sheet_of_the_bills_figures_is_a_quiet_note_not_a_warning(tmp_path):
    path = _unicom_book(tmp_path / "联通账单-2026年10月.xlsx",
                        [("月固定费", 29), ("增值业务费", 25), ("优惠", -5)])  # fmt: skip
    result = read_file(path, ReadOptions())
    assert [b.stated_total_fen for b in result.bills] == [4900]
    assert not [w for w in result.warnings if "费用构成图" in w]
    assert [n for n in result.notes if "'费用构成图' (4 rows) holds no bill" in n]


def test_a_sheet_of_other_figures_naming_no_line_still_asks_for_the_line(tmp_path):
    """Figures that are not the bill's may be another line's bill: the warning stays."""
    path = _unicom_book(tmp_path / "联通账单-2026年10月.xlsx",
                        [("套餐月费", 19), ("来电显示", 6)])  # fmt: skip
    result = read_file(path, ReadOptions())
    assert [
        w for w in result.warnings if "'费用构成图' (3 rows) left out: could not detect line" in w
    ]
