"""interpret(): header synonyms, layouts, totals, sections, row accounting and errors.

Documents are written as lists of rows (each a list of cells); each case says what the
reading must give. One runner per table of cases.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.errors import InputError
from auditor.model import ACTIVE, ENDED, PENDING
from auditor.readers.base import CellRow, ReadOptions
from auditor.readers.rows import which_total
from auditor.readers.service_list import status_of
from auditor.readers.table import interpret

# Reader errors and warnings are checked as an English-speaking user reads them.
pytestmark = pytest.mark.usefixtures("english")

LINE, MONTH = "13800001234", "2026年10月"
PLAIN = Path("bill.csv")  # a name that gives no line, month or carrier


def rows_of(*cells_per_row: list[str], indents: dict[int, int] | None = None) -> list[CellRow]:
    """Rows numbered from 1; ``indents`` maps a row number to its source indent."""
    indents = indents or {}
    return [
        CellRow(list(cells), f"row {n}", indents.get(n, 0))
        for n, cells in enumerate(cells_per_row, 1)
    ]


def header_block() -> list[list[str]]:
    return [["中国移动 个人账单"], [f"手机号码：{LINE}", f"账期：{MONTH}"], []]


def charges(result) -> list[tuple[str, str, int]]:
    return [(c.category, c.item, c.amount_fen) for c in result.charges]


def accounted(result) -> int:
    return (
        len(result.charges)
        + len(result.services)
        + sum(result.set_aside.values())
        + len(result.unparseable)
    )


# ------------------------------------------------------------------ header synonyms

AMOUNT_HEADERS = [
    "金额",
    "金额(元)",
    "金额（元）",
    "Amount (CNY)",
    "费用",
    "fee",
    "应收金额",
    "AMOUNT",
]


@pytest.mark.parametrize("amount_header", AMOUNT_HEADERS)
def test_amount_header_synonyms(amount_header):
    rows = rows_of(
        *header_block(), ["费用类别", "费用项目", amount_header], ["增值业务费", "彩铃", "5"]
    )
    result = interpret(rows, PLAIN, ReadOptions())
    assert charges(result) == [("vas", "彩铃", 500)]


LONG_HEADERS = [
    ["手机号码", "账期", "费用类别", "费用项目", "金额(元)"],
    ["号码", "费用月份", "费用类型", "项目名称", "费用（元）"],
    ["服务号码", "计费周期", "科目", "明细项目", "应收金额"],
    ["Phone", "Billing Period", "Category", "Item", "Amount (CNY)"],
]


@pytest.mark.parametrize("header", LONG_HEADERS, ids=lambda h: h[0])
def test_long_layout_header_synonyms(header):
    rows = rows_of(
        header,
        [LINE, "2026-09", "增值业务费", "咪咕视频会员", "15.00"],
        [LINE, "2026-10", "代收费", "手机报", "3.00"],
        [LINE, "2026-10", "实际应缴合计", "", "3.00"],
    )
    result = interpret(rows, PLAIN, ReadOptions())
    got = [(c.period, c.category, c.item, c.amount_fen) for c in result.charges]
    assert got == [
        ("2026-09", "vas", "咪咕视频会员", 1500),
        ("2026-10", "third-party", "手机报", 300),
    ]
    bills = {(b.period, b.stated_total_fen) for b in result.bills}
    assert bills == {("2026-09", None), ("2026-10", 300)}
    assert result.set_aside["total"] == 1 and result.set_aside["header"] == 1


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
OTHER_LINE = "13900005678"
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


# ------------------------------------------------------------------ statement layout

STATEMENT = [  # (label, is_item, amount)
    ("套餐及固定费", False, "18.00"),
    ("4G飞享18元套餐", True, "18.00"),
    ("增值业务费", False, "11.00"),
    ("视频彩铃订阅", True, "6.00"),
    ("彩铃功能费", True, "5.00"),
    ("来电显示", True, "0.00"),
    ("优惠及减免", False, "-5.00"),
    ("话费优惠", True, "-5.00"),
]
STATEMENT_CHARGES = [
    ("plan", "4G飞享18元套餐", 1800),
    ("vas", "视频彩铃订阅", 600),
    ("vas", "彩铃功能费", 500),
    ("vas", "来电显示", 0),
    ("discount", "话费优惠", -500),
]


def _statement(mark: str) -> list[CellRow]:
    """The same statement with its items marked in one way."""
    body, indents = [], {}
    for label, is_item, amount in STATEMENT:
        if mark == "spaces" and is_item:
            body.append(["  " + label, amount])
        elif mark == "full-width" and is_item:
            body.append(["\u3000\u3000" + label, amount])
        elif mark == "column":
            body.append(["", label, amount] if is_item else [label, "", amount])
        else:
            body.append([label, amount])
            if mark == "indent" and is_item:
                indents[len(header_block()) + len(body)] = 1
    body.append(["本月费用合计", "", "24.00"] if mark == "column" else ["本月费用合计", "24.00"])
    return rows_of(*header_block(), *body, ["温馨提示：以上费用仅供参考"], indents=indents)


@pytest.mark.parametrize("mark", ["spaces", "full-width", "indent", "column", "sums"])
def test_statement_sections_are_found(mark):
    result = interpret(_statement(mark), PLAIN, ReadOptions())
    assert charges(result) == STATEMENT_CHARGES
    assert [c.section for c in result.charges][:2] == ["套餐及固定费", "增值业务费"]
    assert [(b.line, b.period, b.stated_total_fen) for b in result.bills] == [
        (LINE, "2026-10", 2400)
    ]
    assert result.set_aside["section"] == 3
    assert result.set_aside["note"] == 1 and result.set_aside["total"] == 1
    assert accounted(result) == result.rows_read == len(_statement(mark))


def test_flat_list_whose_total_is_its_sum_stays_flat():
    """Two equal amounts are not a section and its item when the total says so."""
    rows = rows_of(*header_block(), ["彩铃", "5.00"], ["来电提醒", "5.00"], ["合计", "10.00"])
    result = interpret(rows, PLAIN, ReadOptions())
    assert charges(result) == [("vas", "彩铃", 500), ("other", "来电提醒", 500)]
    assert result.set_aside["section"] == 0


def test_section_without_items_is_a_category_charge():
    rows = rows_of(
        *header_block(),
        ["套餐及固定费", "18.00"],
        ["  4G飞享18元套餐", "18.00"],
        ["增值业务费", "0.40"],
        ["套餐外上网费", "0.00"],
        ["合计", "18.40"],
    )
    result = interpret(rows, PLAIN, ReadOptions())
    assert charges(result) == [("plan", "4G飞享18元套餐", 1800), ("vas", "", 40)]
    assert result.set_aside["section"] == 2  # the section with items, and the zero one


def test_section_whose_items_do_not_add_up_warns():
    rows = rows_of(
        *header_block(),
        ["套餐外费用", "", "6.00"],
        ["", "国内通话费", "2.00"],
        ["合计", "", "6.00"],
    )
    result = interpret(rows, PLAIN, ReadOptions())
    assert sum(c.amount_fen for c in result.charges) == 200
    assert result.bills[0].stated_total_fen == 600
    assert "says 6.00, its items add up to 2.00" in result.warnings[0]


BEYOND_PLAN = [  # (section, item, category): a section of charges beyond the plan
    ("套餐及叠加包超出费用", "国内通话费", "voice"),
    ("套餐及叠加包超出费用", "4G流量费", "data"),
    ("套餐及叠加包超出费用", "来电显示", "vas"),
    ("套餐及叠加包超出费用", "其他", "other"),
    ("套餐及叠加包月基本费", "国内通话费", "plan"),  # a plan section still decides
    ("套餐外费用", "国内通话费", "voice"),  # as in a portal's tree (words.UNCATEGORISED_SECTIONS)
    ("套餐外费用", "其他", "other"),
]


@pytest.mark.parametrize(("section", "item", "category"), BEYOND_PLAN)
def test_beyond_plan_section_lets_the_item_decide(section, item, category):
    rows = rows_of(*header_block(), [section, "2.00"], ["  " + item, "2.00"])
    result = interpret(rows, PLAIN, ReadOptions())
    assert charges(result) == [(category, item, 200)]


def test_a_statement_charge_billed_positive_is_never_a_discount():
    """营销优惠包 billed 10.00 is a charge, whatever its name: as in a portal's tree."""
    rows = rows_of(
        *header_block(),
        ["活动费用", "10.00"],
        ["  营销优惠包", "10.00"],
        ["优惠费用", "-5.00"],
        ["  话费优惠", "-5.00"],
        ["优惠减免", "3.00"],
    )
    result = interpret(rows, PLAIN, ReadOptions())
    assert charges(result) == [
        ("other", "营销优惠包", 1000),
        ("discount", "话费优惠", -500),
        ("other", "", 300),
    ]


def test_deeper_trees_keep_only_the_leaves():
    """Plan brand › line › section › item, as China Telecom's portal prints it."""
    rows = rows_of(
        *header_block(),
        ["乐享套餐", "", "", "", "45.00"],
        ["", "手机：13800001234", "", "", "45.00"],
        ["", "", "套餐月基本费", "", "39.00"],
        ["", "", "套餐及叠加包超出费用", "", "6.00"],
        ["", "", "", "国内通话费", "2.00"],
        ["", "", "", "4G流量费", "4.00"],
        ["本月费用合计", "", "", "", "45.00"],
    )
    result = interpret(rows, PLAIN, ReadOptions())
    assert [(c.section, c.item, c.amount_fen) for c in result.charges] == [
        ("手机：13800001234", "套餐月基本费", 3900),
        ("套餐及叠加包超出费用", "国内通话费", 200),
        ("套餐及叠加包超出费用", "4G流量费", 400),
    ]
    assert result.set_aside["section"] == 3 and not result.warnings
    # Only the nearest section may say a category: the plan (乐享套餐) and the line above
    # it do not make 国内通话费 a plan fee.
    assert [c.category for c in result.charges] == ["plan", "voice", "data"]


def test_a_statement_s_charges_keep_the_order_they_are_printed_in():
    """An item printed after a sub-section comes after the sub-section's items."""
    rows = rows_of(
        *header_block(),
        ["增值业务费", "", "", "10.00"],
        ["", "彩铃", "", "2.00"],
        ["", "手机报", "", "5.00"],
        ["", "", "早报", "5.00"],
        ["", "来电显示", "", "3.00"],
    )
    result = interpret(rows, PLAIN, ReadOptions())
    assert [c.locator for c in result.charges] == ["row 5", "row 7", "row 8"]


def test_category_column_alone_is_a_statement():
    rows = rows_of(
        *header_block(),
        ["费用类别", "金额"],
        ["增值业务费", "11.00"],
        ["  彩铃功能费", "5.00"],
        ["  视频彩铃订阅", "6.00"],
        ["合计", "11.00"],
    )
    result = interpret(rows, PLAIN, ReadOptions())
    assert charges(result) == [("vas", "彩铃功能费", 500), ("vas", "视频彩铃订阅", 600)]


def test_heading_rows_without_amount_are_sections():
    rows = rows_of(*header_block(), ["费用项目", "金额"], ["增值业务费"], ["彩铃", "5.00"])
    result = interpret(rows, PLAIN, ReadOptions())
    assert [(c.section, c.item) for c in result.charges] == [("增值业务费", "彩铃")]


# ------------------------------------------------------------------ header block

HEADER_BLOCKS = [
    ([["手机号码：13800001234"], ["账期：2026年10月"]], "13800001234", "2026-10"),
    ([["手机号码:13800001234", "账期: 2026-10"]], "13800001234", "2026-10"),
    ([["手机号码", "13800001234"], ["账单月份", "2026年10月"]], "13800001234", "2026-10"),
    (
        [["尊敬的18600005678客户，您好"], ["计费周期", "2026-10-01至2026-10-31"]],
        "18600005678",
        "2026-10",
    ),
    ([["客户：某某 服务号码 138 0000 1234"], ["2026年10月账单"]], "13800001234", "2026-10"),
]


@pytest.mark.parametrize(("block", "line", "period"), HEADER_BLOCKS)
def test_header_block_gives_line_and_month(block, line, period):
    rows = rows_of(*block, [], ["费用项目", "金额"], ["彩铃功能费", "5"])
    result = interpret(rows, PLAIN, ReadOptions())
    assert [(c.line, c.period) for c in result.charges] == [(line, period)]


def test_customer_name_is_never_copied():
    rows = rows_of(
        ["客户姓名：张某某", "证件号码：110101199001011234"],
        [f"手机号码：{LINE}", f"账期：{MONTH}"],
        ["费用项目", "金额"],
        ["彩铃功能费", "5"],
    )
    result = interpret(rows, PLAIN, ReadOptions())
    text = repr(result)
    assert "张某某" not in text and "110101199001011234" not in text
    assert result.charges[0].line == LINE


CONTEXT_FROM_PATH = [
    (Path("x/18900189003/2026年08月.csv"), "18900189003", "2026-08", "china-telecom"),
    (Path("x/china-unicom/13800001234-2026-09.csv"), "13800001234", "2026-09", "china-unicom"),
    (Path("移动账单-13800001234-202610.csv"), "13800001234", "2026-10", "china-mobile"),
]


@pytest.mark.parametrize(("path", "line", "period", "carrier"), CONTEXT_FROM_PATH)
def test_line_month_and_carrier_from_path(path, line, period, carrier):
    rows = rows_of(["套餐月基本费", "39.00"], ["合计", "39.00"])
    result = interpret(rows, path, ReadOptions())
    bill = result.bills[0]
    assert (bill.line, bill.period, bill.carrier, result.carrier) == (
        line,
        period,
        carrier,
        carrier,
    )


def test_header_block_carrier_wins_over_number_prefix():
    rows = rows_of(["中国电信 账单"], ["手机号码：13800001234  账期：2026-10"], ["套餐", "39.00"])
    result = interpret(rows, PLAIN, ReadOptions())
    assert result.charges[0].carrier == "china-telecom"


def test_sheet_name_gives_the_month():
    rows = rows_of([f"号码：{LINE}"], ["套餐", "19.00"], ["合计", "19.00"])
    result = interpret(rows, PLAIN, ReadOptions(), sheet="2026年09月")
    assert result.bills[0].period == "2026-09"


# ------------------------------------------------------------------ several bills in one document

MONTHS = {"2026-08": ("3.50", "42.50"), "2026-09": ("1.20", "40.20"), "2026-10": ("2.30", "41.30")}


def month_rows(month: str, *, table_header: bool = True, block: str = "two cells") -> list:
    """One month of a statement bill: title, header block, (table header), items, notes."""
    year, mm = month.split("-")
    voice, total = MONTHS[month]
    header = {
        "two cells": [[f"手机号码：{LINE}", f"账期：{year}年{mm}月"]],
        "key cells": [["手机号码", LINE], ["账单月份", f"{year}年{mm}月"]],
        "greeting": [[f"尊敬的{LINE}客户，您好"], ["计费周期", f"{year}-{mm}-01至{year}-{mm}-31"]],
        "one cell": [[f"手机号码：{LINE} 账期：{year}-{mm}"]],
    }[block]
    return [
        ["中国移动 个人账单"],
        *header,
        [],
        *([["费用项目", "金额(元)"]] if table_header else []),
        ["套餐及固定费", "18.00"],
        ["  4G飞享18元套餐", "18.00"],
        ["套餐外语音通信费", voice],
        ["  国内主叫通话费", voice],
        ["增值业务费", "26.00"],
        ["  视频彩铃订阅", "6.00"],
        ["  咪咕视频会员", "15.00"],
        ["  彩铃功能费", "5.00"],
        ["优惠及减免", "-5.00"],
        ["  话费优惠", "-5.00"],
        ["本月费用合计", total],
        ["温馨提示：以上费用仅供参考，以实际扣费为准。"],
        ["客服热线：10086"],
    ]


def bills_of(result) -> list[tuple[str, str, int | None, int]]:
    """Each bill's line, month, stated total and the sum of its charges."""
    return [
        (
            b.line,
            b.period,
            b.stated_total_fen,
            sum(c.amount_fen for c in result.charges if (c.line, c.period) == (b.line, b.period)),
        )
        for b in result.bills
    ]


THREE_BILLS = [(LINE, "2026-08", 4250, 4250), (LINE, "2026-09", 4020, 4020)]
THREE_BILLS += [(LINE, "2026-10", 4130, 4130)]


@pytest.mark.parametrize("block", ["two cells", "key cells", "greeting", "one cell"])
@pytest.mark.parametrize("repeated_header", [True, False], ids=["headers", "header once"])
def test_a_header_block_after_the_data_starts_a_new_bill(block, repeated_header):
    rows = rows_of(
        *month_rows("2026-08", block=block),
        *month_rows("2026-09", block=block, table_header=repeated_header),
        *month_rows("2026-10", block=block, table_header=repeated_header),
    )
    result = interpret(rows, PLAIN, ReadOptions())
    assert bills_of(result) == THREE_BILLS
    assert result.carrier == "china-mobile" and not result.unparseable and not result.warnings
    assert result.set_aside["total"] == 3 and result.set_aside["note"] == 6
    assert result.set_aside["header"] == (3 if repeated_header else 1)
    assert accounted(result) == result.rows_read == len(rows)
    first = len(month_rows("2026-08", block=block))
    assert {c.period for c in result.charges if int(c.locator[4:]) <= first} == {"2026-08"}


def test_a_later_bill_states_only_what_changes():
    """The line is stated once; each later block names only its month."""
    rows = rows_of(
        *month_rows("2026-08"),
        ["账期：2026年09月"],
        *month_rows("2026-09")[4:],
        ["账单月份", "2026年10月"],
        *month_rows("2026-10")[4:],
    )
    result = interpret(rows, PLAIN, ReadOptions())
    assert bills_of(result) == THREE_BILLS
    assert accounted(result) == result.rows_read


def test_a_repeated_header_block_of_the_same_bill_continues_it():
    """Page 2 of one month repeats the header block: one bill, not two."""
    august = month_rows("2026-08")
    rows = rows_of(*august[:8], ["中国移动 个人账单"], *august[1:2], *august[8:])
    result = interpret(rows, PLAIN, ReadOptions())
    assert bills_of(result) == [(LINE, "2026-08", 4250, 4250)]
    assert result.set_aside["title"] == 4 and result.set_aside["section"] == 4
    assert accounted(result) == result.rows_read


FAMILY_STATEMENT = [
    ["中国移动 家庭账单"],
    ["账期：2026年10月"],
    ["费用项目", "金额"],
    [f"号码：{LINE}"],
    ["套餐及固定费", "18.00"],
    ["  4G飞享18元套餐", "18.00"],
    ["增值业务费", "5.00"],
    ["  彩铃功能费", "5.00"],
    ["小计", "23.00"],
    [f"号码：{OTHER_LINE}"],
    ["套餐及固定费", "18.00"],
    ["  4G飞享18元套餐", "18.00"],
    ["增值业务费", "6.00"],
    ["  视频彩铃订阅", "6.00"],
    ["小计", "24.00"],
]


def test_family_bill_states_the_month_once_and_a_line_block_per_line():
    rows = rows_of(*FAMILY_STATEMENT, ["总计", "47.00"], ["温馨提示：以上费用仅供参考"])
    result = interpret(rows, PLAIN, ReadOptions())
    assert bills_of(result) == [(LINE, "2026-10", 2300, 2300), (OTHER_LINE, "2026-10", 2400, 2400)]
    assert [(c.line, c.item) for c in result.charges][1:3] == [
        (LINE, "彩铃功能费"),
        (OTHER_LINE, "4G飞享18元套餐"),
    ]
    assert any("that of all the lines" in n for n in result.notes)
    assert not result.warnings and not result.unparseable
    assert accounted(result) == result.rows_read


def test_family_total_that_is_not_all_the_lines_stays_the_last_lines():
    """Only the sum of every line makes a total the family's: 50.00 stays line 2's (and
    does not add up, which the audit then says)."""
    rows = rows_of(*FAMILY_STATEMENT, ["总计", "50.00"])
    result = interpret(rows, PLAIN, ReadOptions())
    assert bills_of(result) == [(LINE, "2026-10", 2300, 2300), (OTHER_LINE, "2026-10", 5000, 2400)]


def test_family_service_list_with_a_line_block_per_line():
    rows = rows_of(
        ["已订业务查询"],
        ["业务名称", "资费", "状态"],
        [f"号码：{LINE}"],
        ["彩铃", "5元/月", "正常"],
        ["号码", OTHER_LINE],
        ["来电显示", "免费", "正常"],
        ["咪咕视频会员", "15元/月", "正常"],
    )
    result = interpret(rows, PLAIN, ReadOptions())
    assert [(s.line, s.name) for s in result.services] == [
        (LINE, "彩铃"),
        (OTHER_LINE, "来电显示"),
        (OTHER_LINE, "咪咕视频会员"),
    ]
    assert accounted(result) == result.rows_read


BELOW_THE_TABLE = [  # (id, rows below the total, warns)
    ("same month, one cell", [["账期：2026年10月"]], False),
    ("same bill, two cells", [[f"手机号码：{LINE}", "账期：2026年10月"]], False),
    ("same month, key and value", [["账期", "202610"]], False),
    ("another month", [["账单月份", "2026年11月"]], True),
]


@pytest.mark.parametrize(
    ("after", "warns"), [c[1:] for c in BELOW_THE_TABLE], ids=[c[0] for c in BELOW_THE_TABLE]
)
def test_a_header_block_below_the_table_is_a_note(after, warns):
    rows = rows_of(*header_block(), ["彩铃功能费", "5.00"], ["合计", "5.00"], *after)
    result = interpret(rows, PLAIN, ReadOptions())
    assert charges(result) == [("vas", "彩铃功能费", 500)]
    assert bills_of(result) == [(LINE, "2026-10", 500, 500)]
    assert result.set_aside["note"] == len(after) and not result.unparseable
    assert bool(result.warnings) is warns
    assert accounted(result) == result.rows_read


def test_a_line_with_an_amount_is_a_statement_row_not_a_header_block():
    rows = rows_of(
        ["账期：2026年10月"],
        ["乐享套餐", "", "", "45.00"],
        ["", f"号码：{LINE}", "", "45.00"],
        ["", "", "套餐月基本费", "45.00"],
        ["合计", "", "", "45.00"],
    )
    result = interpret(rows, PLAIN, ReadOptions(line=LINE))
    assert bills_of(result) == [(LINE, "2026-10", 4500, 4500)]
    assert result.set_aside["title"] == 1


def test_personal_rows_between_bills_are_set_aside_and_kept_out():
    rows = rows_of(
        *month_rows("2026-08"),
        ["客户姓名：张某某", "证件号码：110101199001011234"],
        *month_rows("2026-09")[1:],
    )
    result = interpret(rows, PLAIN, ReadOptions())
    assert bills_of(result) == THREE_BILLS[:2]
    assert {"张某某", "110101199001011234"} <= result.personal
    assert "张某某" not in repr(result.charges) + repr(result.unparseable)
    assert accounted(result) == result.rows_read


def test_a_later_bill_without_a_line_is_unread_not_guessed():
    rows = rows_of(
        ["账期：2026年09月"],
        ["号码", "费用项目", "金额"],
        [LINE, "彩铃功能费", "5.00"],
        ["账期：2026年10月"],
        ["费用项目", "金额"],
        ["彩铃功能费", "5.00"],
    )
    result = interpret(rows, PLAIN, ReadOptions())
    assert bills_of(result) == [(LINE, "2026-09", None, 500)]
    assert [i.locator for i in result.unparseable] == ["row 6"]
    assert "could not detect line" in result.unparseable[0].reason
    assert accounted(result) == result.rows_read


def test_the_period_option_reads_every_block_as_its_month():
    rows = rows_of(*month_rows("2026-08"), *month_rows("2026-09"))
    result = interpret(rows, PLAIN, ReadOptions(period="2026-08"))
    assert [(b.period, b.stated_total_fen) for b in result.bills] == [("2026-08", 4250)]
    assert len(result.warnings) == 1 and "second total" in result.warnings[0]


# ------------------------------------------------------------------ options

OVERRIDES = [
    (ReadOptions(line="18600005678"), "line", "18600005678"),
    (ReadOptions(period="2026-07"), "period", "2026-07"),
    (ReadOptions(carrier="mvno"), "carrier", "mvno"),
]


@pytest.mark.parametrize(("options", "attribute", "value"), OVERRIDES)
def test_options_override_detection(options, attribute, value):
    rows = rows_of(*header_block(), ["费用项目", "金额"], ["彩铃功能费", "5"])
    result = interpret(rows, PLAIN, options)
    assert getattr(result.charges[0], attribute) == value
    assert getattr(result.bills[0], attribute) == value


def test_options_override_the_line_and_month_columns_too():
    rows = rows_of(["号码", "账期", "费用项目", "金额"], [LINE, "2026-10", "彩铃", "5"])
    result = interpret(rows, PLAIN, ReadOptions(line="19200001111", period="2026-08"))
    assert [(c.line, c.period) for c in result.charges] == [("19200001111", "2026-08")]


def test_kind_option_decides_an_ambiguous_header():
    rows = rows_of(
        [f"号码：{LINE}", MONTH],
        ["名称", "类型", "费用项目", "金额"],
        ["彩铃", "增值", "彩铃", "5"],
    )
    assert interpret(rows, PLAIN, ReadOptions()).kind == "bill"
    services = interpret(rows, PLAIN, ReadOptions(kind="services"))
    assert services.kind == "services" and services.services[0].name == "彩铃"


# ------------------------------------------------------------------ bad rows and errors


def test_unparseable_rows_are_counted_and_reading_goes_on():
    rows = rows_of(
        *header_block(),
        ["费用类别", "费用项目", "金额"],
        ["增值业务费", "彩铃", "五元"],
        ["增值业务费", "咪咕视频会员", "15.00"],
        ["增值业务费", "手机报", "3.001"],
    )
    result = interpret(rows, PLAIN, ReadOptions())
    assert charges(result) == [("vas", "咪咕视频会员", 1500)]
    assert [(i.locator, i.text) for i in result.unparseable] == [
        ("row 5", "增值业务费 彩铃 五元"),
        ("row 7", "增值业务费 手机报 3.001"),
    ]
    assert "not an amount" in result.unparseable[0].reason
    assert accounted(result) == result.rows_read


def test_bad_month_cell_is_unparseable():
    rows = rows_of(
        ["号码", "账期", "费用项目", "金额"],
        [LINE, "十月", "彩铃", "5"],
        [LINE, "2026-10", "彩铃", "5"],
    )
    result = interpret(rows, PLAIN, ReadOptions())
    assert len(result.charges) == 1 and result.unparseable[0].locator == "row 2"


def test_missing_line_is_an_error_naming_file_and_option():
    rows = rows_of(["账期：2026-10"], ["费用项目", "金额"], ["彩铃功能费", "5"])
    with pytest.raises(InputError) as caught:
        interpret(rows, Path("bills/账单.csv"), ReadOptions())
    message = str(caught.value)
    assert message.startswith("bills/账单.csv")
    assert "line" in message and "--line" in message and "--period" not in message


def test_missing_month_is_an_error_naming_the_option():
    rows = rows_of([f"号码：{LINE}"], ["费用项目", "金额"], ["彩铃功能费", "5"])
    with pytest.raises(InputError, match="--period"):
        interpret(rows, PLAIN, ReadOptions())


def test_no_table_is_an_error():
    rows = rows_of(["尊敬的客户，您好"], ["您的账单已出"])
    with pytest.raises(InputError, match="could not detect a table"):
        interpret(rows, PLAIN, ReadOptions())


def test_sheet_errors_name_the_sheet():
    rows = rows_of(["费用项目", "金额"], ["彩铃功能费", "5"])
    with pytest.raises(InputError) as caught:
        interpret(rows, PLAIN, ReadOptions(), sheet="Sheet1")
    assert caught.value.locator == "sheet Sheet1"


# ------------------------------------------------------------------ service lists

SERVICE_HEADER = ["业务名称", "资费", "订购时间", "生效时间", "失效时间", "退订时间", "状态"]


def test_service_list_fields():
    rows = rows_of(
        ["已订业务查询"],
        [f"手机号码：{LINE}"],
        SERVICE_HEADER,
        ["基础套餐"],
        [
            "4G飞享18元套餐",
            "18元/月",
            "2024-03-02 10:11:12",
            "2024-04-01",
            "2026-12-01 00:00:00",
            "",
            "正常",
        ],
        ["咪咕视频会员", "¥15.00/月", "2026/07/21", "2026/08/01", "--", "", "生效中"],
        ["视频彩铃", "10元/30天", "20260610", "20260610", "生效--", "2026-09-15 14:02", "已退订"],
        ["手机阅读", "按量计费", "2026-01-01", "", "2099-12-31", "", "次月生效"],
        ["来电提醒", "免费", "坏日期", "", "", "", "正常"],
        ["注：以上信息仅供参考"],
    )
    result = interpret(rows, PLAIN, ReadOptions())
    got = [
        (s.name, s.price_fen, s.expires and s.expires.isoformat(), s.status)
        for s in result.services
    ]
    assert got == [
        ("4G飞享18元套餐", 1800, "2026-12-01T00:00:00", ACTIVE),
        ("咪咕视频会员", 1500, None, ACTIVE),
        ("视频彩铃", 1000, None, ENDED),
        ("手机阅读", None, None, PENDING),
    ]
    assert result.services[2].cancelled.isoformat() == "2026-09-15T14:02:00"
    assert all(s.line == LINE and s.carrier == "china-mobile" for s in result.services)
    assert [i.locator for i in result.unparseable] == ["row 9"]
    assert "按量计费" in result.warnings[0]
    assert result.set_aside["section"] == 1 and result.set_aside["note"] == 1
    assert accounted(result) == result.rows_read


STATUS_TEXTS = [
    *[(t, ACTIVE) for t in ("正常", "已订购", "生效中", "在用")],
    *[(t, PENDING) for t in ("待生效", "次月生效", "预约")],
    *[(t, ENDED) for t in ("退订中", "已退订", "已取消", "已失效", "失效")],
    ("", ""),
    ("未知", ""),
]


@pytest.mark.parametrize(("text", "status"), STATUS_TEXTS)
def test_status_words(text, status):
    assert status_of(text) == status


def test_service_named_like_a_note_word_is_kept():
    rows = rows_of(
        [f"号码：{LINE}"], ["名称", "资费", "状态"], ["提示音服务", "2元/月", "正常"], ["说明：无"]
    )
    result = interpret(rows, PLAIN, ReadOptions())
    assert [s.name for s in result.services] == ["提示音服务"]


def test_repeated_header_row_is_set_aside():
    rows = rows_of(
        [f"号码：{LINE}"],
        ["名称", "资费", "状态"],
        ["彩铃", "5元/月", "正常"],
        ["名称", "资费", "状态"],
        ["来电显示", "免费", "正常"],
    )
    result = interpret(rows, PLAIN, ReadOptions())
    assert [s.name for s in result.services] == ["彩铃", "来电显示"]
    assert result.set_aside["header"] == 2
