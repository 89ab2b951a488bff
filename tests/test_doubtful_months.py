"""A month written ``2026.1`` may be Excel's number of 2026.10 (auditor.doubtful_months):
read as October and said when the file's name or the other bills audited say October;
said doubtful, naming the file, when nothing decides; January unsaid when October is not
billed yet, or when the same line's January in another file or the file's own October
says so; October when the file's own other months run on to it. Files built as the
new-user trial's case month_2026_1 was (186****0007's bill with 账期 2026.1, named
联通账单.csv)."""

from __future__ import annotations

import pytest
from openpyxl import Workbook
from test_amount_units import LINE, OTHER, audit, bill, input_of

from auditor.values import excel_month_doubt

pytestmark = pytest.mark.usefixtures("english")

IN_YUAN = (("月固定费", "冰激凌套餐29元", "29.00"), ("增值业务费", "腾讯视频会员", "15.00"))


def months_of(data: dict, line: str = LINE) -> list[str]:
    return [m["period"] for m in data["summary"]["months"] if m["line"].endswith(line[-4:])]


def doubtful(folder, **kwargs):
    """186****0017's bill, its month written 2026.1, named 联通账单.csv (no month)."""
    kwargs = {"month": "2026.1", "name": "联通账单.csv", "total": "44.00", **kwargs}
    return bill(folder, IN_YUAN, header="金额(元)", **kwargs)


def test_the_other_bills_of_october_make_it_october_and_it_is_said(tmp_path):
    path = doubtful(tmp_path / "a")
    other = bill(tmp_path / "b", IN_YUAN, line=OTHER, header="金额(元)", total="44.00")
    result, data = audit(tmp_path, path, other)
    assert result.exit_code == 0, result.output
    assert months_of(data) == ["2026-10"]
    [said] = input_of(data, path)["warnings"]
    assert said == (
        "the month '2026.1' was read as 2026-10, not 2026-01: Excel saves 2026.10 as 2026.1, "
        "and the other bills audited are of 2026-10"
    )
    assert f"{path.name}: {said}" in result.output
    assert "older than the month audited" not in result.output  # no longer last January's


def test_the_file_name_makes_it_october(tmp_path):
    path = doubtful(tmp_path, name="联通账单-2026年10月.csv")
    _, data = audit(tmp_path, path)
    assert months_of(data) == ["2026-10"]
    assert "the file's header, name or folder says so" in input_of(data, path)["warnings"][0]


def test_nothing_deciding_the_month_is_said_doubtful(tmp_path):
    path = doubtful(tmp_path)
    result, data = audit(tmp_path, path)
    assert months_of(data) == ["2026-01"]
    [said] = [w for w in input_of(data, path)["warnings"] if "2026.1" in w]
    assert said == (
        "the month '2026.1' was read as 2026-01, but it may be 2026.10 that Excel saved as "
        "2026.1 (2026-10): check it; if it is 2026-10, write the month as 2026-10 or give "
        "--period 2026-10"
    )
    assert f"{path.name}: {said}" in result.output


def test_october_not_billed_yet_it_is_january_unsaid(tmp_path):
    path = doubtful(tmp_path)
    result, data = audit(tmp_path, path, as_of="2026-02-05")
    assert result.exit_code == 0, result.output
    assert months_of(data) == ["2026-01"]
    assert not input_of(data, path)["warnings"]


def test_a_number_cell_of_a_workbook_is_doubtful_too(tmp_path):
    # Excel's own cell: the number 2026.1, read by the slow path (a statement's sheet)
    book = Workbook()
    sheet = book.active
    sheet.append(["手机号码", "账期", "费用类别", "费用项目", "金额(元)"])
    for kind, item, amount in IN_YUAN:
        sheet.append([LINE, 2026.1, kind, item, float(amount)])
    path = tmp_path / "a" / "联通账单.xlsx"
    path.parent.mkdir()
    book.save(path)
    other = bill(tmp_path / "b", IN_YUAN, line=OTHER, header="金额(元)", total="44.00")
    result, data = audit(tmp_path, path, other)
    assert result.exit_code == 0, result.output
    assert months_of(data) == ["2026-10"]
    assert "Excel saves 2026.10 as 2026.1" in input_of(data, path)["warnings"][0]


def export(folder, rows, name="联通账单-两个号码.csv"):
    """A long-layout CSV of ``rows`` (line, month, category, item, amount), in yuan."""
    text = "手机号码,账期,费用类别,费用项目,金额(元)\n"
    text += "".join(",".join(row) + "\n" for row in rows)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, "utf-8")
    return folder / name


def test_the_same_lines_january_elsewhere_keeps_it_january(tmp_path):
    # the others' newest month is October, but only another line's: this line's is January
    path = doubtful(tmp_path / "a")
    other = export(
        tmp_path / "b",
        [(LINE, "202601", "月固定费", "冰激凌套餐29元", "29.00"),
         (OTHER, "202610", "月固定费", "冰激凌套餐29元", "29.00")],
    )  # fmt: skip
    result, data = audit(tmp_path, path, other)
    assert result.exit_code == 0, result.output
    assert months_of(data) == ["2026-01"]
    assert not [w for w in input_of(data, path)["warnings"] if "2026.1" in w]


def test_the_files_own_october_keeps_it_january(tmp_path):
    # 2026.10 kept as text in the same column: Excel did not make numbers of it
    path = export(
        tmp_path / "a",
        [(LINE, "2026.1", "月固定费", "冰激凌套餐29元", "29.00"),
         (LINE, "2026.10", "月固定费", "冰激凌套餐29元", "29.00")],
        name="联通账单.csv",
    )  # fmt: skip
    other = bill(tmp_path / "b", IN_YUAN, line=OTHER, header="金额(元)", total="44.00")
    _, data = audit(tmp_path, path, other)
    assert months_of(data) == ["2026-01", "2026-10"]


def test_the_files_own_september_makes_it_october_and_it_is_said(tmp_path):
    # a file of two months runs on: September, then 2026.1, Excel's 2026.10
    path = export(
        tmp_path / "a",
        [(LINE, "202609", "月固定费", "冰激凌套餐29元", "29.00"),
         (LINE, "2026.1", "月固定费", "冰激凌套餐29元", "29.00")],
        name="联通账单.csv",
    )  # fmt: skip
    _, data = audit(tmp_path, path)
    assert months_of(data) == ["2026-09", "2026-10"]
    assert input_of(data, path)["warnings"] == [
        "the month '2026.1' was read as 2026-10, not 2026-01: Excel saves 2026.10 as 2026.1, "
        "and the file's other months nearest it are of 2026-09"
    ]


@pytest.mark.parametrize(
    ("text", "doubt"),
    [("2026.1", True), ("２０２６．１", True), (" 2026.1 ", True), ("2026.10", False),
     ("2026.01", False), ("2026-1", False), ("2026.2", False), ("202601", False)],
)  # fmt: skip
def test_which_texts_are_doubtful(text, doubt):
    assert excel_month_doubt(text) is doubt
