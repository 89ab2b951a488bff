"""interpret(): the statement layout: sections and their items however the items are
marked (spaces, indents, a column, sums), sections without items or that do not add
up, deeper trees, and which category a section or its item gives.
"""

from __future__ import annotations

import pytest
from table_rows import LINE, PLAIN, accounted, charges, header_block, rows_of

from auditor.readers.base import CellRow, ReadOptions
from auditor.readers.table import interpret

# Reader errors and warnings are checked as an English-speaking user reads them.
pytestmark = pytest.mark.usefixtures("english")


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
