"""A CSV row with more fields than its table (auditor.readers.csv_fields): an amount split
by an unquoted thousands separator (1,200.00 as 1 and 200.00) is read whole where that is
certain, else the row is unread; never read as 1.00 with the rest dropped."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from auditor.readers import ReadOptions, read_file
from auditor.readers.base import ReadOptions as Options
from auditor.readers.csv_xlsx import CsvReader

pytestmark = pytest.mark.usefixtures("english")

MISREADS = Path(__file__).resolve().parent.parent / "fixtures" / "misreads"
HEADER = "手机号码,账期,费用类别,费用项目,金额(元)\n"


def read(path: Path):
    return read_file(path, ReadOptions(as_of=date(2026, 11, 27)))


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def money(result) -> list[tuple[str, int]]:
    return [(c.item, c.amount_fen) for c in result.charges]


def totals(result) -> list[tuple[int | None, int]]:
    """Each bill's stated total, and what its items add up to."""
    items = sum(c.amount_fen for c in result.charges)
    return [(b.stated_total_fen, items) for b in result.bills]


def test_a_long_bill_with_unquoted_thousands_reads_each_amount_whole():
    # 1,200.00 + 2,400.00 = 3,600.00, each split in two fields: it read 1.00 + 2.00 = 3.00,
    # "reconciled", exit 0, no warning.
    result = read(MISREADS / "unquoted-thousands-reconciles.csv")
    assert money(result) == [("集团商务套餐", 120000), ("国内流量费", 240000)]
    assert totals(result) == [(360000, 360000)]
    assert result.unparseable == []
    assert [a for a in result.alerts if "thousands separator" in a] == [
        "amounts written with an unquoted thousands separator (1,200.00) split 3 rows into "
        "more fields than the table has columns (first: row 2): the extra fields are "
        "exactly the amount's digit groups, so each was read whole"
    ]


def test_a_statement_with_unquoted_thousands_reads_its_total_and_items_whole(tmp_path):
    # It stated "a total of 1.00 yuan … difference -15.00": the file says 1,303.00.
    result = read(MISREADS / "unquoted-thousands-statement.csv")
    assert money(result) == [("集团商务套餐", 128800), ("咪咕视频会员", 1500)]
    assert totals(result) == [(130300, 130300)]
    assert any("thousands separator" in a for a in result.alerts)
    # without a header row, 1 | 288.00 may as well be a count and an amount (国内通话,350,
    # 105.00): those rows are unread, said, never read as they stand nor joined
    text = (MISREADS / "unquoted-thousands-statement.csv").read_text("utf-8")
    headless = read(write(tmp_path, "bill.csv", text.replace("费用项目,金额(元)\n", "")))
    assert money(headless) == [("咪咕视频会员", 1500)]
    assert [b.stated_total_fen for b in headless.bills] == [None]  # no total of 1.00
    assert any("where is not certain, so not read" in a for a in headless.alerts)


def test_a_split_amount_reads_the_same_on_the_fast_and_the_slow_path():
    path = MISREADS / "unquoted-thousands-reconciles.csv"
    data, options = path.read_bytes(), Options()
    fast = CsvReader(fast=True).read(path, data, options)
    slow = CsvReader(fast=False).read(path, data, options)
    assert money(fast) == money(slow) == [("集团商务套餐", 120000), ("国内流量费", 240000)]
    assert fast.alerts == slow.alerts
    assert fast.set_aside == slow.set_aside


def test_a_row_split_elsewhere_leaves_every_over_wide_row_unread(tmp_path):
    # The item 视频会员(含1,000分钟) split too: the file writes its text unquoted, so the
    # 1 | 200.00 of another row may as well be a name's end: nothing is read as it stands.
    text = HEADER + (
        "13800001234,202610,套餐及固定费,集团商务套餐,1,200.00\n"
        "13800001234,202610,增值业务费,视频会员(含1,000分钟),15.00\n"
        "13800001234,202610,套餐外上网费,国内流量费,30.00\n"
        "13800001234,202610,本月费用合计,,1,245.00\n"
    )
    result = read(write(tmp_path, "bill.csv", text))
    assert money(result) == [("国内流量费", 3000)]  # the one row of the header's width
    assert [u.locator for u in result.unparseable] == ["row 2", "row 3", "row 5"]
    # the name split, no amount split in it, is unread as it always was: its amount cell
    # holds the name's end
    assert result.unparseable[1].reason == "not an amount: '000分钟)'"
    assert "unquoted commas that are no thousands separator" in result.unparseable[0].reason
    assert all(b.stated_total_fen is None for b in result.bills)  # no total of 1.00
    alert = next(a for a in result.alerts if "more fields" in a)
    assert alert.startswith("2 rows with more fields than the table has columns (first: row 2")
    assert result.rows_read == sum(result.set_aside.values()) + len(result.unparseable) + 1


def test_a_three_digit_field_without_decimals_is_no_certain_group(tmp_path):
    # 58 | 100 may be 58,100 or 58 and a stray 100: neither is read.
    text = HEADER + "13800001234,202610,套餐及固定费,套餐,58,100\n13800001234,202610,合计,,58.00\n"
    result = read(write(tmp_path, "bill.csv", text))
    assert money(result) == []
    assert [u.locator for u in result.unparseable] == ["row 2"]
    assert "no decimals to tell" in result.unparseable[0].reason


def test_two_amount_columns_each_take_their_own_groups(tmp_path):
    text = (
        "手机号码：13800001234\n账期：2026年10月\n费用项目,应收金额,实收金额\n"
        "套餐,1,200.00,1,150.00\n增值业务费,15.00,15.00\n"
    )
    result = read(write(tmp_path, "bill.csv", text))
    # (the charged column, 实收, is the one read: auditor.readers.charged_columns)
    assert money(result) == [("套餐", 115000), ("增值业务费", 1500)]
    # but where one column's digits could be the other's, it is a doubt: not read
    doubt = text.replace("1,200.00,1,150.00", "1,100,200.00")
    unsure = read(write(tmp_path, "doubt.csv", doubt))
    assert money(unsure) == [("增值业务费", 1500)]
    assert "more than one amount column" in unsure.unparseable[0].reason


def test_trailing_empty_fields_are_no_extra_fields(tmp_path):
    text = (
        HEADER + "13800001234,202610,套餐及固定费,套餐,58.00,,\n13800001234,202610,合计,,58.00,\n"
    )
    result = read(write(tmp_path, "bill.csv", text))
    assert money(result) == [("套餐", 5800)]
    assert not any("more fields" in a for a in result.alerts)


HEAD_BLOCK = "中国移动 账单\n手机号码：13800001234\n账期：2026年10月\n\n"


def test_a_statement_without_a_header_never_joins_a_count_to_its_amount(tmp_path):
    """国内通话,350,105.00 stands as a split amount does, but may be a count beside its
    amount: unread (the bill then does not add up), never ¥350,105.00 (the review)."""
    text = HEAD_BLOCK + "套餐及固定费,58.00\n国内通话,350,105.00\n本月费用合计,163.00\n"
    result = read(write(tmp_path, "bill.csv", text))
    assert money(result) == [("套餐及固定费", 5800)]
    assert [issue.locator for issue in result.unparseable] == ["row 6"]
    assert totals(result) == [(16300, 5800)]


@pytest.mark.parametrize(
    "text",
    [
        # a note under the table whose commas are its own
        HEAD_BLOCK + "费用项目,金额(元)\n套餐及固定费,58.00\n增值业务费,15.00\n"
        "本月费用合计,73.00\n注：如有疑问,请拨打10086,谢谢\n",
        # a word after the amount: no amount split, read as before
        "号码,账期,费用项目,金额\n13800001234,202610,套餐费,58.00,包月\n"
        "13800001234,202610,流量包,15.00,\n13800001234,202610,合计,73.00\n",
    ],
)
def test_an_over_wide_row_that_splits_no_amount_reads_as_before(tmp_path, text):
    result = read(write(tmp_path, "bill.csv", text))
    assert totals(result) == [(7300, 7300)]
    assert result.alerts == []
