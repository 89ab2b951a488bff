"""A careless user's folder (the trial t6: 小赵's month of Excel-mangled copies): a 合计 in
the number column, merged cells, files whose every row Excel spoiled, last month's bill
in this month's place, a service list without dates, a broken workbook under --verbose.
"""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from cli_run import run

from auditor.readers import read_file
from auditor.readers.base import ReadOptions
from auditor.readers.mangled import excel_hint
from auditor.readers.workbook import workbook_sheets
from auditor.writers.listings import shortened

pytestmark = pytest.mark.usefixtures("december", "english")

LINE, OTHER = "18600000011", "18600000005"
ITEMS = [
    ("月固定费", "冰激凌套餐29元", 29),
    ("语音通话费", "国内通话费", 2.4),
    ("上网费", "国内流量费", 0),
    ("增值业务费", "来电显示", 0),
    ("增值业务费", "腾讯视频会员", 15),
    ("优惠费", "话费优惠", -5),
]  # 41.40


def merged_bill(folder: Path, total: float, merged: bool = True) -> Path:
    """The trial's XLSX long layout: number and month merged down the items, the category
    merged over its two value-added rows, and 合计 (``total``) in the number column,
    merged across the label columns; ``merged=False``: every cell filled, none merged."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "账单明细"
    sheet.append(["中国联通 话费账单"])
    sheet.append(["手机号码", "账期", "费用类别", "费用项目", "金额(元)"])
    for index, (category, item, amount) in enumerate(ITEMS):
        first = index == 0 or not merged
        shown = category if not merged or index != 4 else None
        sheet.append(
            [int(LINE) if first else None, "2026年10月" if first else None, shown, item, amount]
        )
    sheet.append(["合计", None, None, None, total])
    if merged:
        for cells in ("A3:A8", "B3:B8", "C6:C7", "A9:D9", "A1:E1"):
            sheet.merge_cells(cells)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "联通账单-2026年10月.xlsx"
    book.save(path)
    return path


def audit(tmp: Path, *inputs: Path, code: int = 0) -> tuple[dict, object]:
    target = tmp / "r.json"
    result = run(
        "audit", *map(str, inputs), "--as-of", "2026-11-05", "--db", str(tmp / "h.sqlite"),
        "-o", str(tmp / "r.xlsx"), "--json", str(target),
    )  # fmt: skip
    assert result.exit_code == code, result.output
    return json.loads(target.read_text("utf-8")), result


def mismatches(report: dict) -> list[dict]:
    return [f for f in report["findings"] if f["rule"] == "bill-total-mismatch"]


@pytest.mark.parametrize("merged", [True, False])
def test_a_total_in_the_number_column_is_the_bills_stated_total(tmp_path, merged):
    path = merged_bill(tmp_path / "bad", 51.4, merged)
    report, _ = audit(tmp_path, path)
    [mismatch] = mismatches(report)
    assert mismatch["periods"] == ["2026-10"]
    [read] = report["inputs"]
    assert read["rows"]["unparseable"] == 0 and read["rows"]["set_aside"]["total"] == 1


def test_a_total_in_the_number_column_that_adds_up_finds_nothing(tmp_path):
    report, _ = audit(tmp_path, merged_bill(tmp_path / "good", 41.4))
    assert not mismatches(report)
    assert report["inputs"][0]["rows"]["unparseable"] == 0


def test_a_csv_total_in_the_number_column_is_reconciled_too(tmp_path):
    rows = ["手机号码,账期,费用类别,费用项目,金额(元)"]
    rows += [f"{LINE},202610,{c},{i},{a}" for c, i, a in ITEMS]
    rows.append("合计,,,,51.40")
    folder = tmp_path / "csv"
    folder.mkdir()
    (folder / "联通账单-2026年10月.csv").write_text("\n".join(rows) + "\n", "utf-8")
    report, _ = audit(tmp_path, folder)
    assert len(mismatches(report)) == 1


def test_a_total_in_the_number_column_of_several_lines_is_the_files(tmp_path):
    rows = ["手机号码,账期,费用类别,费用项目,金额(元)"]
    rows += [f"{line},202610,月固定费,冰激凌套餐29元,29.00" for line in (LINE, OTHER)]
    rows.append("合计,,,,60.00")
    path = tmp_path / "两个号码-2026年10月.csv"
    path.write_text("\n".join(rows) + "\n", "utf-8")
    read = read_file(path, ReadOptions())
    assert not read.unparseable and not read.error
    assert any("the file's total says 60.00" in w and "58.00" in w for w in read.warnings)
    assert all(bill.stated_total_fen is None for bill in read.bills)


@pytest.mark.parametrize("fast", [True, False])
def test_a_category_merged_over_two_rows_is_both_rows(tmp_path, fast):
    path = merged_bill(tmp_path, 41.4)
    [(_, rows)] = workbook_sheets(path, path.read_bytes(), ReadOptions(), fast=fast)
    cells = [row.cells for row in rows]
    assert cells[6][:4] == [LINE, "2026年10月", "增值业务费", "腾讯视频会员"]  # filled down
    assert cells[8][:2] == ["合计", ""]  # merged across: as it was
    assert cells[0] == ["中国联通 话费账单"]


@pytest.mark.parametrize("fast", [True, False])
def test_an_amount_merged_over_two_items_is_charged_once(tmp_path, fast):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["手机号码", "账期", "费用类别", "费用项目", "金额(元)"])
    sheet.append([int(LINE), "2026年10月", "月固定费", "冰激凌套餐58元", 58])
    sheet.append([None, None, None, "套餐内语音", None])
    sheet.append([None, None, "增值业务费", "腾讯视频会员", 15])
    for cells in ("A2:A4", "B2:B4", "C2:C3", "E2:E3"):
        sheet.merge_cells(cells)
    path = tmp_path / "联通账单-2026年10月.xlsx"
    book.save(path)
    [(_, rows)] = workbook_sheets(path, path.read_bytes(), ReadOptions(), fast=fast)
    # the number, month and category are the second item's too; the ¥58 is the first's alone
    assert [row.cells for row in rows[1:3]] == [
        [LINE, "2026年10月", "月固定费", "冰激凌套餐58元", "58"],
        [LINE, "2026年10月", "月固定费", "套餐内语音"],
    ]
    read = read_file(path, ReadOptions())
    assert sum(charge.amount_fen for charge in read.charges) == 7300  # not ¥131
    assert [c.amount_fen for c in read.charges] == [5800, 0, 1500] and not read.unparseable


def spoiled(folder: Path, line: str = OTHER, phone: str = "1.86E+10", good: int = 0) -> Path:
    """A Unicom bill of ``line`` whose number Excel turned into ``phone`` on every row but
    the first ``good``."""
    rows = ["手机号码,账期,费用类别,费用项目,金额(元)"]
    for index, (category, item, amount) in enumerate(ITEMS):
        rows.append(f"{line if index < good else phone},202610,{category},{item},{amount}")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "联通账单-2026年10月.csv"
    path.write_text("\n".join(rows) + "\n", "utf-8-sig")
    return path


def settings(folder: Path, *lines: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    text = "".join(f'[lines."{line}"]\nowner = "司机{line[-2:]}"\n' for line in lines)
    (folder / "auditor.toml").write_text(text, "utf-8")


def test_a_file_whose_every_row_is_unread_fails_and_says_why(tmp_path):
    folder = tmp_path / "oct"
    settings(folder, LINE, OTHER)
    merged_bill(folder / LINE, 41.4)
    spoiled(folder / OTHER)
    report, result = audit(tmp_path, folder, code=3)
    [failed] = [i for i in report["inputs"] if i["error"]]
    assert failed["error"].startswith(
        "every row unread: 6 rows; row 2: not a mobile number: '1.86E+10' (Excel turned the "
        "number into scientific notation"
    )
    [said] = [line for line in result.stderr.splitlines() if "every row unread" in line]
    assert "186****0005" in said and OTHER not in result.stderr
    [line] = report["not_checked"]
    masked = f"{OTHER[:3]}****{OTHER[-4:]}"
    assert line["line"] == masked
    assert (
        f"{masked} (司机05): its file could not be read (联通账单-2026年10月.csv" in result.stdout
    )
    assert "no bill of it given" not in result.stdout
    # its row on the Inputs sheet is shaded as a failure; its rows are on Unread rows
    book = openpyxl.load_workbook(tmp_path / "r.xlsx")
    inputs = book["Inputs"]
    # by its mask: the temporary folder's own name may hold 0005 (pytest-10005)
    [row] = [r for r in inputs.iter_rows(min_row=2) if masked in str(r[0].value)]
    assert row[0].fill.fgColor.rgb.endswith("F8CBCB")
    assert sum(1 for r in book["Unread rows"].iter_rows(min_row=2) if r[0].value) == 6


def test_a_spoiled_file_naming_no_line_is_said_of_the_line_without_its_bill(tmp_path):
    folder = tmp_path / "oct"
    settings(folder, LINE, OTHER)
    merged_bill(folder / LINE, 41.4)
    spoiled(folder, line=OTHER).rename(folder / "联通账单(Excel另存).csv")
    _, result = audit(tmp_path, folder, code=3)
    assert "no bill of it read (1 file could not be read: see Inputs)" in result.stdout


def test_a_file_mostly_unread_is_read_with_a_warning(tmp_path):
    path = spoiled(tmp_path, good=2)
    read = read_file(path, ReadOptions())
    assert not read.error and len(read.charges) == 2
    [warned] = [a for a in read.alerts if a.startswith("most rows unread")]
    assert warned.startswith("most rows unread: 4 of 6 (see the Unread rows sheet); row 4: ")
    assert not any(
        "most rows" in a for a in read_file(spoiled(tmp_path / "b", good=3), ReadOptions()).alerts
    )


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("1.86E+10", "scientific notation"),
        ("45047", "Excel's day number for a date (45047 is 2023-05-01)"),
        ("45702.5", "(45702.5 is 2025-02-14)"),
        ("Oct-26", "Excel turned the month into a date"),
        ("abc", ""),
        ("13800001234", ""),
    ],
)
def test_excels_usual_manglings_are_named(value, said):
    hint = excel_hint(value)
    assert said in hint and bool(hint) == bool(said)


def test_last_months_bill_in_this_months_place_is_said_given(tmp_path):
    folder = tmp_path / "oct"
    settings(folder, LINE, OTHER)
    merged_bill(folder / LINE, 41.4)
    rows = [
        "手机号码,账期,费用类别,费用项目,金额(元)",
        f"{OTHER},202609,月固定费,冰激凌套餐29元,29.00",
    ]
    (folder / "联通账单.csv").write_text("\n".join(rows) + "\n", "utf-8")
    _, result = audit(tmp_path, folder)
    assert (
        "(司机05): only its bill for 2026-09 was given: give its bill for 2026-10" in result.stdout
    )


def test_a_cancellation_without_its_day_against_a_charge_is_said(tmp_path):
    folder = tmp_path / "oct" / LINE
    merged_bill(folder, 41.4)
    rows = ["业务名称,资费,状态", "冰激凌套餐29元,29元/月,正常", "腾讯视频会员,15元/月,已退订"]
    (folder / "已订业务.csv").write_text("\n".join(rows) + "\n", "utf-8")
    report, result = audit(tmp_path, folder)
    [listed] = [i for i in report["inputs"] if i["path"].endswith("已订业务.csv")]
    [said] = [w for w in listed["warnings"] if "without the day" in w]
    assert said.startswith(
        "this service list shows 「腾讯视频会员」 已退订 without the day, and the list itself "
        "gives no date, while 186****0011's bill of 2026-10 still charges it ¥15.00. If it was "
        "cancelled before 2026-10, that is a charge after cancellation"
    )
    assert "without the day" in result.stderr and LINE not in result.stderr
    # a list that also shows it running again: the charge is that order's, nothing said
    rows.append("腾讯视频会员,15元/月,正常")
    (folder / "已订业务.csv").write_text("\n".join(rows) + "\n", "utf-8")
    report, _ = audit(tmp_path, folder)
    assert "without the day" not in json.dumps(report["inputs"], ensure_ascii=False)


def test_a_broken_workbook_under_verbose_says_its_error_alone(tmp_path):
    good = merged_bill(tmp_path / "oct", 41.4)
    data = good.read_bytes()
    (tmp_path / "oct" / "账单(2).xlsx").write_bytes(data[: len(data) // 2])
    report, _ = audit(tmp_path, tmp_path / "oct", code=3)
    assert [i["error"] for i in report["inputs"] if i["error"]] == ["not a valid Excel .xlsx file"]
    verbose = run(
        "audit", str(tmp_path / "oct"), "--as-of", "2026-11-05", "--no-history",
        "-o", str(tmp_path / "v.xlsx"), "--verbose",
    )  # fmt: skip
    assert verbose.exit_code == 3
    assert "Traceback" not in verbose.stderr and "not an auditor report" not in verbose.stderr
    assert "账单(2).xlsx: not a valid Excel .xlsx file" in verbose.stderr


def test_a_long_warning_is_shown_short_on_inputs_and_whole_beside(tmp_path):
    text = "this service list shows 「腾讯视频会员」 已退订 without the day " * 6
    short = shortened(text)
    assert short.endswith("…") and len(short) < len(text) and text.startswith(short[:-1])
    assert shortened("short") == "short"
    # a number is never cut short (the masker knows one by all its digits)
    assert shortened("x" * 100 + " 18600000011 and more text to cut", 106) == "x" * 100 + "…"
    folder = tmp_path / "oct" / LINE
    merged_bill(folder, 41.4)
    rows = ["业务名称,资费,状态", "腾讯视频会员,15元/月,已退订"]
    (folder / "已订业务.csv").write_text("\n".join(rows) + "\n", "utf-8")
    audit(tmp_path, folder)
    sheet = openpyxl.load_workbook(tmp_path / "r.xlsx")["Inputs"]
    header = [cell.value for cell in sheet[1]]
    [row] = [r for r in sheet.iter_rows(min_row=2, values_only=True) if "已订业务" in r[0]]
    shown, whole = row[header.index("Warnings")], row[header.index("Warnings in full")]
    assert shown.endswith("…") and len(shown) < 130
    assert whole.startswith(shown[:-1]) and "to be refunded" in whole
