"""A column left off paper (a file's path, the place in it, the status as the list printed
it: for the screen) is as wide as its text: shown whole on one line on screen, it never
makes a row taller on paper. A company's paths, wrapped in two lines in a File column 60
wide, made every row of its Charges and Services two lines tall: 434 and 197 pages.
A printed column's long text still wraps and makes its row as tall as its lines."""

from __future__ import annotations

import io
from datetime import datetime

import openpyxl
import pytest
import xlsxwriter
from openpyxl.utils import column_index_from_string

from auditor import lang
from auditor.model import ACTIVE, Charge, Service
from auditor.writers import Masker
from auditor.writers.cells import Styles
from auditor.writers.listings import FILE, ITEM_WIDTH, charge_listing, service_listing
from auditor.writers.measure import MAX_WIDTH, display_width, printed_width
from auditor.writers.sheet import SheetLimits, write_listing

#: A file's path as a company's admin gives it: wider than a column is made (60).
PATH = "D:/公司话费/2026年/十月/china-mobile/各部门账单/销售部/中国移动账单-2026年10月-销售部.xlsx"
SHORT = "bills/10.csv"
WHERE = "工作表 账单 第 7 行"


def _charge(source: str, item: str = "国内主叫通话费") -> Charge:
    return Charge("13800001234", "2026-10", "voice", item, 230, "语音通信费", source=source,
                  locator=WHERE)  # fmt: skip


def _service(source: str, status_text: str = "正常") -> Service:
    return Service("13800001234", "来电显示", price_fen=0, status=ACTIVE,
                   ordered=datetime(2024, 3, 2, 10, 11, 12), status_text=status_text,
                   source=source, locator="第 4 行")  # fmt: skip


def _sheet(listing, streamed: bool):
    """``listing`` written as the report writes it (in Chinese), read back."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"constant_memory": streamed})
    with lang.using("zh"):
        write_listing(book, Masker(), Styles(book), listing, SheetLimits())
    book.close()
    return openpyxl.load_workbook(io.BytesIO(buffer.getvalue())).worksheets[0]


def _column(sheet, header: str) -> int:
    return next(cell.column for cell in sheet[1] if cell.value == header)


def _width(sheet, col: int) -> float:
    for dimension in sheet.column_dimensions.values():
        if dimension.min <= col <= dimension.max:
            return dimension.width
    return 0


LISTINGS = pytest.mark.parametrize(
    "listing",
    [
        charge_listing([_charge(SHORT), _charge(PATH), _charge(SHORT)]),
        service_listing([_service(SHORT), _service(PATH), _service(SHORT)]),
    ],
    ids=["charges", "services"],
)
STREAMED = pytest.mark.parametrize("streamed", [False, True], ids=["whole", "streamed"])


@LISTINGS
@STREAMED
def test_a_long_path_off_paper_leaves_its_row_one_line_tall_and_shows_whole(listing, streamed):
    assert display_width(PATH) > MAX_WIDTH + 2  # it wrapped in the File column as it was
    sheet = _sheet(listing, streamed)
    col = _column(sheet, FILE.zh)
    assert col > column_index_from_string(str(sheet.print_area).split("$")[-2])  # off paper
    assert [sheet.row_dimensions[row].height for row in (2, 3, 4)] == [None] * 3  # one line
    cell = sheet.cell(3, col)
    assert cell.value == PATH and not cell.alignment.wrap_text
    assert _width(sheet, col) >= max(display_width(PATH), printed_width(PATH))


@STREAMED
def test_a_long_text_on_paper_still_makes_its_row_as_tall_as_its_lines(streamed):
    item = "视频彩铃订阅-酷电秀专属6元包（含咪咕音乐白金会员、彩铃DIY、来电秀）"
    assert display_width(item) > 2 * ITEM_WIDTH  # three lines in the Item column
    sheet = _sheet(charge_listing([_charge(PATH, item)]), streamed)
    assert sheet.cell(2, _column(sheet, "项目")).alignment.wrap_text
    assert sheet.row_dimensions[2].height >= 3 * 16
