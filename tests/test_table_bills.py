"""interpret(): several bills in one document: a header block after the data starts a
new bill (or continues the same one), a family bill's line blocks, header blocks
below the table, personal rows between bills, and the --period option.
"""

from __future__ import annotations

import pytest
from table_rows import LINE, OTHER_LINE, PLAIN, accounted, charges, header_block, rows_of

from auditor.readers.base import ReadOptions
from auditor.readers.table import interpret

# Reader errors and warnings are checked as an English-speaking user reads them.
pytestmark = pytest.mark.usefixtures("english")


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
