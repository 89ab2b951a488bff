"""Personal data never reaches an output: names and ID numbers never, phone numbers masked.

The bills here carry a customer's name and ID number in their header block, and the same
texts again in a table row that cannot be read (so the row lands in the Unread rows
sheet). Every output — workbook, JSON, terminal, error lines — is searched for them.
"""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from python_calamine import CalamineWorkbook

from auditor import cli
from auditor.personal import redact_personal, redacted

NAME, ID_NUMBER, LINE = "王小明", "110101199003071234", "13800001234"

STATEMENT_CSV = f"""中国移动 个人账单
客户姓名：{NAME}
身份证号：{ID_NUMBER}
手机号码：{LINE}
账期：2026年10月

费用项目,金额(元)
套餐及固定费,18.00
  4G飞享18元套餐（2018版）,18.00
增值业务费,6.00
  咪咕视频会员 {NAME} {ID_NUMBER},六元
本月费用合计,24.00
"""


def write_xlsx_bill(path: Path) -> None:
    """A long-layout bill whose header block holds the name and ID in adjacent cells."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["中国移动 账单明细"])
    sheet.append(["户名", NAME, "证件号码", ID_NUMBER])
    sheet.append(["手机号码", LINE, "账期", "2026-09"])
    sheet.append([])
    sheet.append(["费用类别", "费用项目", "金额(元)"])
    sheet.append(["套餐及固定费", "4G飞享18元套餐（2018版）", "18.00"])
    sheet.append(["增值业务费", f"咪咕视频会员（{NAME}）", "abc"])
    book.save(path)


@pytest.fixture
def outputs(tmp_path) -> dict[str, dict[str, str]]:
    """Audit the two bills with and without --no-mask; every output's text, by run."""
    bills = tmp_path / "bills"
    bills.mkdir()
    (bills / "statement.csv").write_text(STATEMENT_CSV, "utf-8")
    write_xlsx_bill(bills / "long.xlsx")
    (bills / f"{NAME}-{ID_NUMBER}.csv").write_bytes(b"\x00\x01garbage")
    runs = {}
    for label, extra in (("masked", []), ("no-mask", ["--no-mask"])):
        out = tmp_path / label
        args = ["audit", str(bills), "-o", str(out / "r.xlsx"), "--json", str(out / "r.json")]
        result = CliRunner().invoke(cli.main, [*args, "--as-of", "2026-11-05", *extra])
        assert result.exit_code == 3, result.output  # the garbage file is named, not fatal
        book = CalamineWorkbook.from_path(str(out / "r.xlsx"))
        cells = [
            str(cell)
            for name in book.sheet_names
            for row in book.get_sheet_by_name(name).to_python()
            for cell in row
        ]
        runs[label] = {
            "workbook": "\n".join(cells),
            "json": (out / "r.json").read_text("utf-8"),
            "stdout": result.stdout,
            "stderr": result.stderr,
        }
    return runs


def test_the_unreadable_rows_reached_the_report(outputs):
    data = json.loads(outputs["masked"]["json"])
    assert {i["error"] is None for i in data["inputs"]} == {True, False}
    assert "咪咕视频会员" in outputs["masked"]["workbook"]  # the rows themselves are listed
    assert redacted() in outputs["masked"]["workbook"]


@pytest.mark.parametrize("run", ["masked", "no-mask"])
@pytest.mark.parametrize("where", ["workbook", "json", "stdout", "stderr"])
def test_names_and_id_numbers_never_appear(outputs, run, where):
    text = outputs[run][where]
    assert NAME not in text
    assert ID_NUMBER not in text
    assert ID_NUMBER[:17] not in text


@pytest.mark.parametrize("where", ["workbook", "json", "stdout", "stderr"])
def test_phone_numbers_masked_unless_no_mask(outputs, where):
    assert LINE not in outputs["masked"][where]
    if where in ("workbook", "json"):
        assert "138****1234" in outputs["masked"][where]
        assert LINE in outputs["no-mask"][where]


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("客户姓名：王小明 身份证号：110101199003071234", "客户姓名：[已隐去] 身份证号："),
        ("户名: 张三丰", "户名: "),
        ("身份证 11010119900307123X", "身份证 "),
        ("１１０１０１１９９００３０７１２３４", ""),
        ("业务名称：咪咕视频会员", "业务名称：咪咕视频会员"),
        ("账期 2026-10-01至2026-10-31 20261001", "账期 2026-10-01至2026-10-31 20261001"),
        ("号码 13800001234", "号码 13800001234"),
    ],
)
def test_redact_personal(text, kept):
    redacted = redact_personal(text)
    assert redacted.startswith(kept)
    assert "110101" not in redacted and "王小明" not in redacted and "张三丰" not in redacted


def test_a_workbook_remembers_the_names_of_every_sheet(tmp_path):
    """Each sheet is read on its own; the names found there must reach the whole file."""
    from auditor.readers import ReadOptions, read_file

    path = tmp_path / "bill.xlsx"
    write_xlsx_bill(path)
    result = read_file(path, ReadOptions())
    assert result.error is None
    assert {NAME, ID_NUMBER} <= result.personal
