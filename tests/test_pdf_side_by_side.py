"""Two tables side by side on a PDF page (a short bill's items in two columns, an account
block beside the charges): the right table is read as a second table after the left one,
never its amounts taken for the left one's items; rows that still hold two amounts are
unread, said, not read by their rightmost amount.

The PDFs are drawn as fixtures/make_pdfs.py draws its fixtures (reportlab, STSong-Light),
each cell where a carrier's e-bill prints it.
"""

from __future__ import annotations

import pytest
from pdf_pages import LINE, MONTH, draw_bill

from auditor.readers import ReadOptions, read_file

pytestmark = pytest.mark.usefixtures("english")


def charges(result) -> list[tuple[str, str, int]]:
    """Each charge as (section, item, fen), in the order read."""
    return [(c.section, c.item, c.amount_fen) for c in result.charges]


def test_two_tables_side_by_side_without_a_header_read_the_right_one_too(tmp_path):
    # 38-two-col-min: the plan was read as 6.00 (the right table's amount), and a false
    # 58.00 mismatch followed
    path = draw_bill(tmp_path / "bill.pdf", [
        [(60, "套餐及固定费"), (-280, "58.00"), (320, "代收费"), (-540, "6.00")],
        [(81, "5G智享套餐58元（个人版）"), (-280, "58.00"), (341, "手机报（江苏新闻早报）"),
         (-540, "6.00")],
        [(320, "本月费用合计"), (-540, "64.00")],
    ])  # fmt: skip
    result = read_file(path, ReadOptions())
    assert charges(result) == [
        ("套餐及固定费", "5G智享套餐58元（个人版）", 5800),
        ("代收费", "手机报（江苏新闻早报）", 600),
    ]
    (bill,) = result.bills
    assert (bill.line, bill.period, bill.stated_total_fen) == (LINE, MONTH, 6400)
    assert result.charges[1].locator == "page 1 line 5 right half"
    assert not result.unparseable
    assert result.rows_read == sum(result.set_aside.values()) + 2  # the right halves count


def test_a_header_named_twice_and_a_longer_left_table_read_in_order(tmp_path):
    # 17-two-col-table: the right half (代收费, 优惠, the total) was dropped unsaid
    path = draw_bill(tmp_path / "bill.pdf", [
        [(60, "费用项目"), (-280, "金额（元）"), (320, "费用项目"), (-540, "金额（元）")],
        [(60, "套餐及固定费"), (-280, "58.00"), (320, "代收费"), (-540, "6.00")],
        [(81, "5G智享套餐58元（个人版）"), (-280, "58.00"), (341, "手机报（江苏新闻早报）"),
         (-540, "6.00")],
        [(60, "套餐外语音通信费"), (-280, "3.60"), (320, "优惠及减免"), (-540, "-10.00")],
        [(81, "国内主叫通话费"), (-280, "3.60"), (341, "话费优惠"), (-540, "-10.00")],
        [(60, "增值业务费"), (-280, "20.00"), (320, "本月费用合计"), (-540, "77.60")],
        [(81, "咪咕视频会员"), (-280, "15.00")],
        [(81, "彩铃功能费"), (-280, "5.00")],
    ])  # fmt: skip
    result = read_file(path, ReadOptions())
    assert charges(result) == [
        ("套餐及固定费", "5G智享套餐58元（个人版）", 5800),
        ("套餐外语音通信费", "国内主叫通话费", 360),
        ("增值业务费", "咪咕视频会员", 1500),
        ("增值业务费", "彩铃功能费", 500),
        ("代收费", "手机报（江苏新闻早报）", 600),
        ("优惠及减免", "话费优惠", -1000),
    ]
    assert [b.stated_total_fen for b in result.bills] == [7760]
    assert not result.unparseable and not result.warnings
    accounted = len(result.charges) + sum(result.set_aside.values())
    assert result.rows_read == accounted == 11 + 6  # six lines cut in two


def test_an_account_block_beside_the_charges_is_no_part_of_them(tmp_path):
    # 16-two-col-account: 本期消费 was made a section, the plan lost, a false 45.60 gap
    path = draw_bill(tmp_path / "bill.pdf", [
        [(60, "账户信息"), (300, "费用项目"), (-540, "金额（元）")],
        [(60, "上期结余"), (-250, "50.00"), (300, "套餐及固定费"), (-540, "58.00")],
        [(60, "本期缴费"), (-250, "100.00"), (321, "5G智享套餐58元（个人版）"), (-540, "58.00")],
        [(60, "本期消费"), (-250, "64.00"), (300, "代收费"), (-540, "6.00")],
        [(321, "手机报（江苏新闻早报）"), (-540, "6.00")],
        [(300, "本月费用合计"), (-540, "64.00")],
    ])  # fmt: skip
    result = read_file(path, ReadOptions())
    assert charges(result) == [
        ("套餐及固定费", "5G智享套餐58元（个人版）", 5800),
        ("代收费", "手机报（江苏新闻早报）", 600),
    ]
    assert [b.stated_total_fen for b in result.bills] == [6400]
    assert not result.warnings  # its 本期消费 is what the charges add up to


def account_block_bill(tmp_path, spent: str, beside: bool):
    """The bill of 58.00 and 6.00 whose account block (beside the table, or above it)
    states 本期消费 ``spent``, read."""
    if beside:
        rows = [
            [(60, "账户信息"), (300, "费用项目"), (-540, "金额（元）")],
            [(60, "上期结余"), (-250, "50.00"), (300, "套餐及固定费"), (-540, "58.00")],
            [(60, "本期消费"), (-250, spent), (300, "代收费"), (-540, "6.00")],
            [(300, "本月费用合计"), (-540, "64.00")],
        ]
    else:
        rows = [
            [(60, "上期结余"), (-250, "50.00"), (300, "本期缴费"), (-400, "100.00")],
            [(60, "本期消费：" + spent), (300, "本期应缴"), (-400, "0.00")],
            [(60, "费用项目"), (-540, "金额（元）")],
            [(60, "套餐及固定费"), (-540, "58.00")],
            [(60, "代收费"), (-540, "6.00")],
            [(60, "本月费用合计"), (-540, "64.00")],
        ]
    return read_file(draw_bill(tmp_path / "bill.pdf", rows), ReadOptions())


@pytest.mark.parametrize("beside", [True, False])
def test_an_account_blocks_spending_unlike_the_charges_is_said_with_its_page(tmp_path, beside):
    # 本期消费 states the month's charges again: 70.00 beside charges of 64.00 was set
    # aside unsaid; the charges are counted, the difference said where it stands
    result = account_block_bill(tmp_path, "70.00", beside)
    assert [(c.item or c.section, c.amount_fen) for c in result.charges] == [
        ("套餐及固定费", 5800),
        ("代收费", 600),
    ]
    (warning,) = result.warnings
    assert warning.startswith("page 1 line ")
    assert "本期消费 70.00" in warning and "64.00" in warning
    assert not account_block_bill(tmp_path, "64.00", beside).warnings


def test_an_account_block_above_a_one_column_table_is_not_cut_into_it(tmp_path):
    # 29-account-block: the block's pairs stand over the table; the table's rows (an
    # item on the left, its amount on the right) are one row each, never cut
    path = draw_bill(tmp_path / "bill.pdf", [
        [(60, "上期结余"), (-250, "50.00"), (300, "本期缴费"), (-400, "100.00")],
        [(60, "本期消费"), (-250, "64.00"), (300, "本期结余"), (-400, "86.00")],
        [(60, "费用项目"), (-540, "金额（元）")],
        [(60, "套餐及固定费"), (-540, "58.00")],
        [(60, "代收费"), (-540, "6.00")],
        [(60, "本月费用合计"), (-540, "64.00")],
    ])  # fmt: skip
    result = read_file(path, ReadOptions())
    assert charges(result) == [("", "套餐及固定费", 5800), ("", "代收费", 600)]
    assert [b.stated_total_fen for b in result.bills] == [6400]


def test_a_row_of_two_amounts_that_cannot_be_cut_is_unread_not_read_by_its_rightmost(tmp_path):
    # one line of two items alone is no proof of two tables: its row is refused, and the
    # left item never takes the right one's amount
    path = draw_bill(tmp_path / "bill.pdf", [
        [(60, "套餐及固定费"), (-280, "58.00"), (320, "代收费"), (-540, "6.00")],
        [(60, "增值业务费"), (-540, "20.00")],
        [(60, "本月费用合计"), (-540, "84.00")],
    ])  # fmt: skip
    result = read_file(path, ReadOptions())
    assert ("", "套餐及固定费", 600) not in charges(result)
    assert charges(result) == [("", "增值业务费", 2000)]
    (unread,) = result.unparseable
    assert unread.locator == "page 1 line 4"
    assert "two amounts in one row" in unread.reason
    assert any(w.startswith("page 1 line 4: 1 rows hold two amounts") for w in result.warnings)
