"""interpret(): total rows (合计, 总计 …), subtotals and a family bill's totals, totals
without an amount, and the payment and balance rows that are neither charges nor
totals (本期已付费用, 账户余额 …).
"""

from __future__ import annotations

import pytest
from table_rows import LINE, OTHER_LINE, PLAIN, accounted, charges, header_block, rows_of

from auditor.readers.base import ReadOptions
from auditor.readers.rows import which_total
from auditor.readers.table import interpret

# Reader errors and warnings are checked as an English-speaking user reads them.
pytestmark = pytest.mark.usefixtures("english")


# ------------------------------------------------------------------ totals

TOTAL_LABELS = ["合计", "总计", "本月费用合计", "费用合计", "本月消费", "共计", "实际应缴"]
TOTAL_LABELS += ["实际应缴合计", "应缴费用", "Total", "合计：", "本期费用合计"]


@pytest.mark.parametrize("label", TOTAL_LABELS)
@pytest.mark.parametrize("column", ["category", "item"])
def test_total_rows_give_the_stated_total(label, column):
    total_row = [label, "", "20.00"] if column == "category" else ["", label, "20.00"]
    rows = rows_of(
        *header_block(),
        ["费用类别", "费用项目", "金额"],
        ["套餐及固定费", "套餐", "18.00"],
        ["语音通信费", "国内通话费", "2.00"],
        total_row,
    )
    result = interpret(rows, PLAIN, ReadOptions())
    assert [b.stated_total_fen for b in result.bills] == [2000]
    assert result.bills[0].locator == "row 7"
    assert sum(c.amount_fen for c in result.charges) == 2000


TOTAL_KINDS = [
    ("合计", "total"),
    ("小计", "subtotal"),
    ("增值业务费小计", "subtotal"),
    ("合计(元)", "total"),
    ("套餐及固定费", None),
    ("", None),
    ("合计费用说明书", None),
]


@pytest.mark.parametrize(("text", "kind"), TOTAL_KINDS)
def test_which_total(text, kind):
    assert which_total(text) == kind


def test_subtotal_rows_are_set_aside():
    rows = rows_of(
        *header_block(),
        ["费用类别", "费用项目", "金额"],
        ["增值业务费", "彩铃", "5.00"],
        ["增值业务费", "小计", "5.00"],
        ["合计", "", "5.00"],
    )
    result = interpret(rows, PLAIN, ReadOptions())
    assert charges(result) == [("vas", "彩铃", 500)]
    assert result.set_aside["subtotal"] == 1


# A family bill: several lines in one long table, each with its 小计, and a 总计 for all.
FAMILY_HEADER = ["手机号码", "费用类别", "费用项目", "金额"]
FAMILY_ROWS = [
    [LINE, "套餐及固定费", "4G飞享18元套餐", "18.00"],
    [LINE, "增值业务费", "彩铃功能费", "5.00"],
    [LINE, "", "小计", "23.00"],
    [OTHER_LINE, "套餐及固定费", "4G飞享18元套餐", "18.00"],
    [OTHER_LINE, "增值业务费", "视频彩铃订阅", "6.00"],
    [OTHER_LINE, "", "小计", "24.00"],
]
FAMILY_CASES = [  # (id, rows after the family rows, stated totals, set aside, warning)
    ("subtotals and file total", [["", "", "总计", "47.00"]], [2300, 2400], 3, None),
    ("file total in the category", [["", "总计", "", "47.00"]], [2300, 2400], 3, None),
    ("file total off", [["", "", "总计", "50.00"]], [2300, 2400], 3, "add up to 47.00"),
    ("no file total", [], [2300, 2400], 2, None),
    # A line's own total row wins over its subtotal.
    ("line total wins", [[LINE, "", "合计", "22.00"]], [2200, 2400], 3, None),
]


@pytest.mark.parametrize(
    ("after", "stated", "aside", "warning"),
    [case[1:] for case in FAMILY_CASES],
    ids=[case[0] for case in FAMILY_CASES],
)
def test_family_bill_subtotals_and_file_total(after, stated, aside, warning):
    rows = rows_of(["2026年10月 家庭账单"], FAMILY_HEADER, *FAMILY_ROWS, *after)
    result = interpret(rows, PLAIN, ReadOptions(period="2026-10"))
    assert [(b.line, b.stated_total_fen) for b in result.bills] == list(
        zip([LINE, OTHER_LINE], stated, strict=True)
    )
    assert result.set_aside["subtotal"] + result.set_aside["total"] == aside
    assert result.unparseable == []
    if warning is None:
        assert result.warnings == []
    else:
        assert len(result.warnings) == 1 and warning in result.warnings[0]
    assert accounted(result) == result.rows_read


def test_family_bill_category_subtotals_are_not_line_totals():
    rows = rows_of(
        ["2026年10月 家庭账单"],
        FAMILY_HEADER,
        [LINE, "套餐及固定费", "4G飞享18元套餐", "18.00"],
        [LINE, "套餐及固定费", "小计", "18.00"],
        [LINE, "增值业务费", "彩铃功能费", "5.00"],
        [LINE, "增值业务费", "小计", "5.00"],
        [OTHER_LINE, "增值业务费", "视频彩铃订阅", "6.00"],
        [OTHER_LINE, "", "小计", "6.00"],
        [OTHER_LINE, "", "小计", "6.00"],  # twice: which one is the line's is unclear
    )
    result = interpret(rows, PLAIN, ReadOptions(period="2026-10"))
    assert [b.stated_total_fen for b in result.bills] == [None, None]
    assert result.set_aside["subtotal"] == 4


def test_single_line_subtotal_without_total_is_not_a_total():
    rows = rows_of(
        *header_block(),
        ["费用类别", "费用项目", "金额"],
        ["增值业务费", "彩铃", "5.00"],
        ["", "小计", "5.00"],
    )
    result = interpret(rows, PLAIN, ReadOptions())
    assert [b.stated_total_fen for b in result.bills] == [None]
    assert result.set_aside["subtotal"] == 1


NO_AMOUNT = "total has no readable amount"
EMPTY_TOTALS = [  # (id, header, the rows, stated total)
    ("long, label alone", ["费用类别", "费用项目", "金额"], [["合计", "", ""]], None),
    ("long, item column", ["费用类别", "费用项目", "金额"], [["", "本月费用合计", ""]], None),
    ("long, with line", ["号码", "费用类别", "费用项目", "金额"], [[LINE, "合计", "", ""]], None),
    ("statement", ["费用项目", "金额"], [["本月费用合计", ""]], None),
    ("statement, no header", None, [["合计"]], None),
]


@pytest.mark.parametrize(
    ("header", "after", "stated"),
    [case[1:] for case in EMPTY_TOTALS],
    ids=[case[0] for case in EMPTY_TOTALS],
)
def test_total_without_amount_is_unparseable(header, after, stated):
    if header is None:
        table = [["增值业务费", "5.00"], ["  彩铃", "5.00"]]
    elif "号码" in header:
        table = [header, [LINE, "增值业务费", "彩铃", "5.00"]]
    elif len(header) == 3:
        table = [header, ["增值业务费", "彩铃", "5.00"]]
    else:
        table = [header, ["彩铃", "5.00"]]
    rows = rows_of(*header_block(), *table, *after, ["温馨提示：以上费用仅供参考"])
    result = interpret(rows, PLAIN, ReadOptions())
    assert [b.stated_total_fen for b in result.bills] == [stated]
    assert [(i.locator, i.reason[: len(NO_AMOUNT)]) for i in result.unparseable] == [
        (f"row {len(rows) - 1}", NO_AMOUNT)
    ]
    assert "open and save it in Excel" in result.unparseable[0].reason
    assert accounted(result) == result.rows_read


# ------------------------------------------------------------------ payment and balance rows

PAYMENT_LABELS = ["本期已付费用", "本期应付费用", "实付", "已缴", "预存款", "账户余额"]
PAYMENT_LABELS += ["上期结余", "本期缴费", "预存款余额", "账户余额（元）", "实付金额："]


@pytest.mark.parametrize("label", PAYMENT_LABELS)
def test_payment_rows_are_neither_charges_nor_totals(label):
    rows = rows_of(
        *header_block(),
        ["费用项目", "金额"],
        ["增值业务费", "5.00"],
        ["  彩铃功能费", "5.00"],
        ["本月费用合计", "5.00"],
        [label, "50.00"],
    )
    result = interpret(rows, PLAIN, ReadOptions())
    assert charges(result) == [("vas", "彩铃功能费", 500)]
    assert [b.stated_total_fen for b in result.bills] == [500]
    assert result.set_aside["payment"] == 1 and not result.unparseable
    assert accounted(result) == result.rows_read


def test_payment_rows_above_and_inside_a_long_bill():
    rows = rows_of(
        ["手机号码", "账期", "费用类别", "费用项目", "金额"],
        [LINE, "2026-10", "上期结余", "", "12.00"],
        [LINE, "2026-10", "增值业务费", "彩铃功能费", "5.00"],
        [LINE, "2026-10", "实际应缴合计", "", "5.00"],
        [LINE, "2026-10", "", "本期已付费用", "5.00"],
        [LINE, "2026-10", "账户余额", "", "7.00"],
    )
    result = interpret(rows, PLAIN, ReadOptions())
    assert charges(result) == [("vas", "彩铃功能费", 500)]
    assert [b.stated_total_fen for b in result.bills] == [500]
    assert result.set_aside["payment"] == 3
    assert accounted(result) == result.rows_read


@pytest.mark.parametrize("label", ["实际应缴", "实际应缴合计", "应缴费用", "应缴合计"])
def test_amounts_due_stay_totals(label):
    rows = rows_of(*header_block(), ["彩铃功能费", "5.00"], [label, "5.00"], ["已缴", "5.00"])
    result = interpret(rows, PLAIN, ReadOptions())
    assert [b.stated_total_fen for b in result.bills] == [500]
    assert result.set_aside["total"] == 1 and result.set_aside["payment"] == 1


def test_payment_rows_do_not_make_sections_by_sums():
    """预存款 12.00 above two items of 5.00 and 7.00 would read as their section."""
    rows = rows_of(
        *header_block(),
        ["预存款", "12.00"],
        ["彩铃", "5.00"],
        ["来电提醒", "7.00"],
        ["合计", "12.00"],
    )
    result = interpret(rows, PLAIN, ReadOptions())
    assert charges(result) == [("vas", "彩铃", 500), ("other", "来电提醒", 700)]
    assert result.set_aside["payment"] == 1 and result.set_aside["section"] == 0


def test_total_title_above_the_table_stays_a_title():
    rows = rows_of(
        ["本月费用合计"],
        *header_block(),
        ["费用类别", "费用项目", "金额"],
        ["增值业务费", "彩铃", "5"],
    )
    result = interpret(rows, PLAIN, ReadOptions())
    assert result.unparseable == [] and result.set_aside["title"] == 3


@pytest.mark.parametrize("total", ["51.00", "60.00"])
def test_a_family_total_in_the_number_column_is_the_files_not_unread_money(total):
    # the reviewer's v14: 合计 where a 号码 goes, its 51.00 in the amount column; all 51.00
    # were read, so none of it is money left unread (it was said "51.00 not checked"):
    # it is the file's total, checked against the charges of all its lines
    rows = rows_of(
        ["号码", "账期", "费用项目", "金额"],
        [LINE, "202611", "4G飞享18元套餐", "18.00"],
        [LINE, "202611", "咪咕视频会员", "15.00"],
        [OTHER_LINE, "202611", "4G飞享18元套餐", "18.00"],
        ["合计", "", "", total],
    )
    result = interpret(rows, PLAIN, ReadOptions())
    assert sum(c.amount_fen for c in result.charges) == 5100
    assert result.unread_fen == 0 and not result.unparseable
    assert result.set_aside["total"] == 1
    said = [w for w in result.warnings if "the file's total says" in w]
    assert len(said) == (0 if total == "51.00" else 1)
    assert all("60.00" in warning for warning in said)
