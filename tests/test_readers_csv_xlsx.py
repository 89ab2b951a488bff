"""The CSV and XLSX readers: encodings, delimiters, identification, cells and safety limits."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import Alignment

from auditor.readers import ReadOptions, read_file
from auditor.readers.csv_xlsx import CsvReader, XlsxReader
from auditor.readers.decoding import decode_text
from auditor.readers.sheet_cells import cell_text

# Reader errors and warnings are checked as an English-speaking user reads them.
pytestmark = pytest.mark.usefixtures("english")

BILL_ROWS = [
    ["手机号码", "账期", "费用类别", "费用项目", "金额(元)"],
    ["13800001234", "2026-10", "增值业务费", "咪咕视频会员", "15.00"],
    ["13800001234", "2026-10", "代收费", "手机报-新闻早晚报", "3.00"],
    ["13800001234", "2026-10", "合计", "", "18.00"],
]
EXPECTED = [("vas", "咪咕视频会员", 1500), ("third-party", "手机报-新闻早晚报", 300)]


def charges(result) -> list[tuple[str, str, int]]:
    return [(c.category, c.item, c.amount_fen) for c in result.charges]


def csv_bytes(rows: list[list[str]], delimiter: str, encoding: str, newline: str = "\r\n") -> bytes:
    return (newline.join(delimiter.join(r) for r in rows) + newline).encode(encoding)


ENCODINGS = ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16"]
DELIMITERS = {"comma": ",", "tab": "\t", "semicolon": ";"}


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("delimiter", DELIMITERS)
def test_csv_encodings_and_delimiters(tmp_path, encoding, delimiter):
    path = tmp_path / "账单.csv"
    path.write_bytes(csv_bytes(BILL_ROWS, DELIMITERS[delimiter], encoding))
    result = read_file(path, ReadOptions())
    assert result.error is None and result.reader == "csv"
    assert charges(result) == EXPECTED
    assert [b.stated_total_fen for b in result.bills] == [1800]
    assert [c.locator for c in result.charges] == ["row 2", "row 3"]


def test_csv_that_is_not_text(tmp_path):
    path = tmp_path / "bill.csv"
    path.write_bytes(b"\x81\xff\xfe\x00" * 50)
    result = read_file(path, ReadOptions())
    assert result.error == "not text in UTF-8 or GBK/GB18030"


def test_gbk_text_is_not_mistaken_for_utf8():
    data = "费用项目,金额\n彩铃功能费,5".encode("gbk")
    assert decode_text(data, nul_bytes=False).text.startswith("费用项目")


def test_csv_locators_are_physical_rows_with_quoted_newlines(tmp_path):
    text = '号码：13800001234\n账期：2026-10\n费用项目,金额\n"彩铃\n功能费",5\n来电显示,0\n'
    path = tmp_path / "bill.csv"
    path.write_text(text, encoding="utf-8")
    result = read_file(path, ReadOptions())
    assert [(c.item, c.locator) for c in result.charges] == [
        ("彩铃\n功能费", "row 4"),
        ("来电显示", "row 6"),
    ]


def test_excel_text_guard_is_removed(tmp_path):
    rows = [BILL_ROWS[0], ['="13800001234"', "2026-10", "增值业务费", "彩铃", "5"]]
    path = tmp_path / "bill.csv"
    path.write_bytes(csv_bytes(rows, ",", "utf-8"))
    assert read_file(path, ReadOptions()).charges[0].line == "13800001234"


def test_excel_sep_line_names_the_delimiter(tmp_path):
    rows = [
        ["sep=|"],
        ["号码：13800001234,账期：2026-10"],
        ["费用项目", "金额"],
        ["彩铃,功能费", "5.00"],
    ]
    path = tmp_path / "bill.csv"
    path.write_bytes(csv_bytes(rows, "|", "utf-8"))
    result = read_file(path, ReadOptions())
    assert [(c.item, c.locator) for c in result.charges] == [("彩铃,功能费", "row 4")]
    assert [i.locator for i in result.unparseable] == []


# Issue 8: a byte-order mark before the first header cell (a second export glued after
# the first, a file saved twice with a BOM) hid the category column, and every item was
# read as its category's name.
HIDDEN_MARKS = {
    "second BOM": "\ufeff\ufeff",
    "BOM after a title": "中国移动账单\n\ufeff",
    "zero-width space": "\u200b",
    "direction mark": "\u200e",
}


@pytest.mark.parametrize("mark", HIDDEN_MARKS.values(), ids=list(HIDDEN_MARKS))
def test_an_invisible_mark_before_the_header_hides_no_column(tmp_path, mark):
    header = "费用类别,费用项目,金额(元)\n"
    rows = "增值业务费,咪咕视频会员,15.00\n代收费,手机报-新闻早晚报,3.00\n"
    path = tmp_path / "13800001234-2026年10月.csv"
    path.write_text(mark + header + rows, "utf-8")
    assert charges(read_file(path, ReadOptions())) == EXPECTED


def test_an_invisible_mark_in_an_xlsx_header_cell(tmp_path):
    book = openpyxl.Workbook()
    book.active.append(["\ufeff费用类别", "费用\u200b项目", "金额(元)"])
    book.active.append(["增值业务费", "咪咕视频会员", 15])
    path = tmp_path / "13800001234-2026年10月.xlsx"
    book.save(path)
    assert charges(read_file(path, ReadOptions())) == EXPECTED[:1]


TXT_CASES = [
    ("费用项目\t金额\n彩铃功能费\t5\n来电显示\t0\n", True),
    ("费用项目;金额\n彩铃功能费;5\n", True),
    ("【中国联通】尊敬的客户，您好！您2026年10月账单合计53.60元，实际应付53.60元。\n", False),
    ("尊敬的客户：\n您的账单已出，合计41.30元。\n感谢使用, 10086\n", False),
]


@pytest.mark.parametrize(("text", "taken"), TXT_CASES)
def test_txt_is_taken_only_when_delimited(text, taken):
    assert CsvReader().identify(Path("a.txt"), text.encode("utf-8")) is taken
    assert CsvReader().identify(Path("a.csv"), text.encode("utf-8")) is True


# ------------------------------------------------------------------ XLSX cells

CELLS = [
    (None, ""),
    (18, "18"),
    (18.0, "18"),
    (3.5, "3.5"),
    (0.1, "0.1"),
    # a formula's binary noise around a whole fen is that fen; a real third decimal stays
    (33.699999999999996, "33.70"),
    (0.30000000000000004, "0.30"),
    (2.675, "2.675"),
    (-5.0, "-5"),
    (13800001234.0, "13800001234"),
    (Decimal("0.40"), "0.40"),
    (datetime(2026, 9, 15, 14, 2), "2026-09-15 14:02:00"),
    (date(2026, 10, 2), "2026-10-02"),
    (True, "TRUE"),
    ("彩铃", "彩铃"),
]


@pytest.mark.parametrize(("value", "text"), CELLS)
def test_cell_text(value, text):
    assert cell_text(value) == text


def save(book: openpyxl.Workbook, path: Path) -> Path:
    book.save(path)
    return path


def statement_book() -> openpyxl.Workbook:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "2026年09月"
    sheet.append(["中国移动 个人账单"])
    sheet.merge_cells("A1:B1")
    sheet.append(["手机号码", 13800001234])  # a number cell, as Excel stores it
    sheet.append(["增值业务费", 21.0])
    sheet.append(["咪咕视频会员", 15.0])
    sheet.append(["彩铃功能费", 6.0])
    sheet.append(["合计", 21])
    for row in (4, 5):
        sheet.cell(row, 1).alignment = Alignment(indent=2)
    return book


def test_xlsx_indent_number_cells_and_sheet_month(tmp_path):
    path = save(statement_book(), tmp_path / "bill.xlsx")
    result = read_file(path, ReadOptions())
    assert result.error is None and result.reader == "xlsx"
    assert [(c.line, c.period, c.section, c.item, c.amount_fen) for c in result.charges] == [
        ("13800001234", "2026-09", "增值业务费", "咪咕视频会员", 1500),
        ("13800001234", "2026-09", "增值业务费", "彩铃功能费", 600),
    ]
    assert result.charges[0].locator == "sheet 2026年09月 row 4"
    assert result.bills[0].stated_total_fen == 2100


def test_xlsx_sheets_are_read_separately_and_merged(tmp_path):
    book = statement_book()
    other = book.create_sheet("2026年10月")
    other.append(["号码：13800001234"])
    other.append(["费用项目", "金额"])
    other.append(["彩铃功能费", 5])
    notes = book.create_sheet("说明")
    notes.append(["本表由系统生成"])
    book.create_sheet("空白")
    result = read_file(save(book, tmp_path / "bill.xlsx"), ReadOptions())
    assert result.periods == ["2026-09", "2026-10"]
    assert result.rows_read == 6 + 3 + 1
    # a sheet of notes beside the bills: a quiet note, no warning (trial t15's chart sheet)
    assert not any("sheet '说明'" in w for w in result.warnings)
    assert any("sheet '说明' (1 rows) holds no bill" in n for n in result.notes)


def test_xlsx_sheet_per_month_named_by_its_month_gives_a_bill_per_sheet(tmp_path):
    """No header block at all: each month from its sheet's name, the line from the file's."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for month, fee in (("2026年08月", 3), ("2026年09月", 4), ("2026年10月", 5)):
        sheet = book.create_sheet(month)
        sheet.append(["费用项目", "金额"])
        sheet.append(["彩铃功能费", fee])
        sheet.append(["合计", fee])
    result = read_file(save(book, tmp_path / "13800001234-账单.xlsx"), ReadOptions())
    assert [(b.line, b.period, b.stated_total_fen) for b in result.bills] == [
        ("13800001234", "2026-08", 300),
        ("13800001234", "2026-09", 400),
        ("13800001234", "2026-10", 500),
    ]
    assert [(c.period, c.amount_fen) for c in result.charges] == [
        ("2026-08", 300),
        ("2026-09", 400),
        ("2026-10", 500),
    ]


def test_xlsx_without_any_table_fails_with_the_sheet_error(tmp_path):
    book = openpyxl.Workbook()
    book.active.append(["您好"])
    result = read_file(save(book, tmp_path / "bill.xlsx"), ReadOptions())
    assert result.error.startswith("sheet Sheet: could not detect a table")


BAD_XLSX = [
    (b"this is not a zip file at all", "not a valid Excel .xlsx file"),
    (b"PK\x03\x04" + b"\x00" * 40, "not a valid Excel .xlsx file"),
]


@pytest.mark.parametrize(("data", "message"), BAD_XLSX)
def test_bad_xlsx_files(tmp_path, data, message):
    path = tmp_path / "bill.xlsx"
    path.write_bytes(data)
    assert read_file(path, ReadOptions()).error.startswith(message)


def test_zip_that_is_not_a_workbook(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    path = tmp_path / "bill.xlsx"
    path.write_bytes(buffer.getvalue())
    assert read_file(path, ReadOptions()).error.startswith("not a valid Excel .xlsx file")


def test_corrupt_workbook_part(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<broken")
        archive.writestr("xl/workbook.xml", "<broken")
    path = tmp_path / "bill.xlsx"
    path.write_bytes(buffer.getvalue())
    assert read_file(path, ReadOptions()).error.startswith("not a valid Excel .xlsx file")


def test_zip_bomb_guard(tmp_path):
    path = save(statement_book(), tmp_path / "bill.xlsx")
    with zipfile.ZipFile(path) as archive:
        unpacked = sum(i.file_size for i in archive.infolist())
    result = read_file(path, ReadOptions(max_unpacked_bytes=unpacked - 1))
    assert "over the" in result.error and "unpacked" in result.error
    assert read_file(path, ReadOptions(max_unpacked_bytes=unpacked)).error is None


def test_xlsx_reader_claims_only_excel_endings():
    assert XlsxReader().identify(Path("a.xlsx"), b"PK")
    assert XlsxReader().identify(Path("a.XLSM"), b"PK")
    assert not XlsxReader().identify(Path("a.csv"), b"PK")


def test_xlsx_total_formula_without_saved_value_is_an_unread_row(tmp_path):
    # openpyxl, like a script, writes the formula and no value: read back it is empty.
    book = openpyxl.Workbook()
    sheet = book.active
    for row in BILL_ROWS[:3]:
        sheet.append([*row[:4], float(row[4])] if row[4][0].isdigit() else row)
    sheet.append(["13800001234", "2026-10", "合计", "", "=SUM(E2:E3)"])
    result = read_file(save(book, tmp_path / "bill.xlsx"), ReadOptions())
    assert charges(result) == EXPECTED
    assert [b.stated_total_fen for b in result.bills] == [None]
    assert [(i.locator, i.reason) for i in result.unparseable] == [
        (
            "sheet Sheet row 4",
            "a formula saved without its value: '=SUM(E2:E3)' (open and save it in Excel)",
        )
    ]
    # said beside the file, once, not only in the Unread rows sheet: it was not checked
    assert [said.split(":")[0] for said in result.alerts] == ["sheet Sheet row 4"]
    assert "a total row could not be read" in result.alerts[0]


def test_xlsx_item_formula_without_saved_value_is_unread_never_zero(tmp_path):
    """=20+9 never calculated: calamine reads an empty cell, an amount of 0.00; the row is
    unread, naming the formula, and the file says so."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(BILL_ROWS[0])
    sheet.append(["13800001234", "2026-10", "套餐及固定费", "冰激凌套餐29元", "=20+9"])
    sheet.append([*BILL_ROWS[1][:4], 15.0])
    result = read_file(save(book, tmp_path / "bill.xlsx"), ReadOptions())
    assert charges(result) == [EXPECTED[0]]
    [issue] = result.unparseable
    assert issue.locator == "sheet Sheet row 2"
    assert issue.reason == "a formula saved without its value: '=20+9' (open and save it in Excel)"
    assert result.alerts == [
        "sheet Sheet row 2: a formula saved without its value: those rows are unread; open the "
        "file in Excel, save it and audit it again"
    ]


def test_xlsx_total_with_a_formula_s_binary_noise_is_read_and_checked(tmp_path):
    """Excel's =SUM stores 43.699999999999996 for 43.70: the total is read, and the bill
    it states checked (its ¥10.00 gap went unseen when the total was refused)."""
    book = openpyxl.Workbook()
    sheet = book.active
    for row in BILL_ROWS[:3]:
        sheet.append([*row[:4], float(row[4])] if row[4][0].isdigit() else row)
    stated = sum(fen for _, _, fen in EXPECTED) + 1000
    noisy = stated / 100 - 1e-14
    assert repr(noisy) != repr(stated / 100)  # the noise is there, as Excel leaves it
    sheet.append(["13800001234", "2026-10", "合计", "", noisy])
    result = read_file(save(book, tmp_path / "bill.xlsx"), ReadOptions())
    assert [b.stated_total_fen for b in result.bills] == [stated]
    assert result.unparseable == [] and result.alerts == []


def test_csv_family_bill_subtotals_are_the_lines_totals(tmp_path):
    rows = [
        ["手机号码", "费用类别", "费用项目", "金额"],
        ["13800001234", "套餐及固定费", "4G飞享18元套餐", "18.00"],
        ["13800001234", "增值业务费", "彩铃功能费", "5.00"],
        ["13800001234", "", "小计", "23.00"],
        ["13900005678", "套餐及固定费", "4G飞享18元套餐", "18.00"],
        ["13900005678", "增值业务费", "视频彩铃订阅-酷电秀专属6元包", "6.00"],
        ["13900005678", "", "小计", "24.00"],
        ["", "", "总计", "47.00"],
    ]
    path = tmp_path / "中国移动-家庭账单-2026年10月.csv"
    path.write_bytes(csv_bytes(rows, ",", "utf-8"))
    result = read_file(path, ReadOptions())
    assert [(b.line, b.stated_total_fen) for b in result.bills] == [
        ("13800001234", 2300),
        ("13900005678", 2400),
    ]
    assert result.unparseable == [] and result.warnings == []
    assert result.set_aside == {"header": 1, "subtotal": 2, "total": 1}


@pytest.mark.parametrize("options", [ReadOptions(), ReadOptions(line="13800001234")])
def test_a_bill_row_above_the_header_is_unread_not_a_title(tmp_path, options):
    """Rows sorted together with their header (found by the fuzz run on the data-card
    bill): a data row above the header is told of as unread, whichever path reads the
    file (the long-CSV fast path, or row by row when --line is given); a title is not."""
    rows = [["中国移动 账单"], BILL_ROWS[1], *[BILL_ROWS[0], BILL_ROWS[2], BILL_ROWS[3]]]
    path = tmp_path / "bill.csv"
    path.write_bytes(csv_bytes(rows, ",", "utf-8"))
    result = read_file(path, options)
    assert charges(result) == [EXPECTED[1]]
    assert [(i.locator, i.reason) for i in result.unparseable] == [
        ("row 2", "a bill row above the table header")
    ]
    assert result.set_aside["title"] == 1
    assert result.bills[0].stated_total_fen == 1800  # the bill now shows what is missing
