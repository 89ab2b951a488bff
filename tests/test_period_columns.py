"""Amount columns labelled by period (本月 | 上月, 本期 | 上期, a column a month): the
bill's month is read from its own column wherever it stands, a month's column gives that
month's charges, last month's column is comparison, and columns that cannot be told
apart are refused (unread, said), never read by the rightmost amount.

The PDFs are drawn by tests/pdf_pages.py (fixtures/make_pdfs.py's canvas and font), each
the bill of 13951234567 for 2026-10 by its header block.
"""

from __future__ import annotations

import pytest
from pdf_pages import LINE, draw_bill

from auditor.readers import ReadOptions, read_file
from auditor.readers.period_columns import period_of

pytestmark = pytest.mark.usefixtures("english")

# 2026-10, 2026-09, 2026-08 of one line: October's 手机报 is new, its calls dearer.
ITEMS = [
    ("套餐及固定费", ("58.00", "58.00", "58.00")),
    ("套餐外语音通信费", ("3.60", "1.20", "0.00")),
    ("代收费", ("6.00", "0.00", "0.00")),
    ("优惠及减免", ("-10.00", "-10.00", "-10.00")),
    ("本月费用合计", ("57.60", "49.20", "48.00")),
]
OCTOBER = {"套餐及固定费": 5800, "套餐外语音通信费": 360, "代收费": 600, "优惠及减免": -1000}


def period_bill(tmp_path, labels: list[str], months: list[int], items=ITEMS):
    """The bill with one amount column per label, column ``i`` holding the amounts of
    ``months[i]`` (0: October, 1: September, 2: August), read."""
    xs = [-330 - 110 * i for i in range(len(labels))]
    rows = [[(60, "费用项目"), *zip(xs, labels, strict=True)]]
    for name, amounts in items:
        rows.append([(60, name), *((x, amounts[m]) for x, m in zip(xs, months, strict=True))])
    return read_file(draw_bill(tmp_path / "bill.pdf", rows), ReadOptions())


def by_month(result) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for charge in result.charges:
        out.setdefault(charge.period, {})[charge.item or charge.section] = charge.amount_fen
    return out


@pytest.mark.parametrize(
    ("labels", "months"),
    [
        (["本月金额（元）", "上月金额（元）"], [0, 1]),  # 47: read 69.20, "reconciled"
        (["本月（元）", "上月（元）"], [0, 1]),
        (["本期", "上期"], [0, 1]),  # 60
        (["上月金额（元）", "本月金额（元）"], [1, 0]),  # 48: right by luck before
        (["金额（元）", "上月金额（元）"], [0, 1]),  # 59
    ],
)
def test_this_month_column_is_read_wherever_it_stands(tmp_path, labels, months):
    result = period_bill(tmp_path, labels, months)
    assert by_month(result) == {"2026-10": OCTOBER}
    assert [(b.period, b.stated_total_fen) for b in result.bills] == [("2026-10", 5760)]
    assert not result.unparseable
    last = labels[months.index(1)].strip()
    assert any(last in note and "comparison" in note for note in result.notes)


@pytest.mark.parametrize("order", [[0, 1, 2], [2, 1, 0]])  # 28 newest first, 22 last
def test_a_column_a_month_gives_each_month_its_own_charges_and_total(tmp_path, order):
    labels = [("2026年10月", "2026年09月", "2026年08月")[m] for m in order]
    result = period_bill(tmp_path, labels, order)
    months = by_month(result)
    assert months["2026-10"] == OCTOBER
    assert months["2026-09"]["套餐外语音通信费"] == 120
    assert months["2026-08"]["代收费"] == 0
    stated = sorted((b.period, b.stated_total_fen) for b in result.bills)
    assert stated == [("2026-08", 4800), ("2026-09", 4920), ("2026-10", 5760)]
    assert all(b.line == LINE for b in result.bills)
    assert not result.unparseable and not result.alerts  # the block's month is one of them
    accounted = len(result.charges) + sum(result.set_aside.values())
    assert result.rows_read == accounted


def test_month_columns_without_their_year_take_the_bills(tmp_path):
    result = period_bill(tmp_path, ["10月", "09月"], [0, 1])
    assert sorted(by_month(result)) == ["2026-09", "2026-10"]
    assert by_month(result)["2026-10"] == OCTOBER


def test_one_month_column_not_the_bills_is_that_months_not_octobers(tmp_path):
    # September's column on a bill whose header block says October: September's
    # charges, and the clash with the header block said, never October's charges
    result = period_bill(tmp_path, ["2026年09月", "上月"], [1, 2])
    assert sorted(by_month(result)) == ["2026-09"]
    assert [(b.period, b.stated_total_fen) for b in result.bills] == [("2026-09", 4920)]
    assert any("2026-10" in alert and "2026-09" in alert for alert in result.alerts)


@pytest.mark.parametrize(
    ("labels", "why"),
    [
        (["本月", "本月"], "two of them are the same month's"),
        (["本月", "2026年10月"], "two of them are the same month's"),
        (["上月", "上上月"], "none of them is this month's"),
    ],
)
def test_columns_that_cannot_be_told_apart_are_refused_not_guessed(tmp_path, labels, why):
    result = period_bill(tmp_path, labels, [0, 1])
    assert not result.charges
    assert len(result.unparseable) == len(ITEMS)
    assert all(why in issue.reason for issue in result.unparseable)
    (warning,) = [w for w in result.warnings if "cannot be told apart" in w]
    assert warning.startswith("page 1 line 5: ") and f"({len(ITEMS)} rows)" in warning


def test_a_row_only_last_month_fills_is_comparison_not_a_charge(tmp_path):
    items = [*ITEMS[:-1], ("咪咕视频会员", ("", "15.00", "")), ("本月费用合计", ("57.60", "64.20"))]
    result = period_bill(tmp_path, ["本月", "上月"], [0, 1], items)
    assert by_month(result) == {"2026-10": OCTOBER}
    assert result.set_aside["comparison"] == 1
    assert [b.stated_total_fen for b in result.bills] == [5760]


def test_a_table_without_a_header_and_two_amounts_a_row_is_unread(tmp_path):
    # no header names the columns: the rightmost amount (last month's?) is not taken
    rows = [[(60, name), (-330, amounts[0]), (-440, amounts[1])] for name, amounts in ITEMS]
    result = read_file(draw_bill(tmp_path / "bill.pdf", rows), ReadOptions())
    assert not result.charges
    assert len(result.unparseable) == len(ITEMS)  # the total too: which amount is it?
    assert any("rows hold two amounts each" in w for w in result.warnings)


@pytest.mark.parametrize(
    ("label", "period"),
    [
        ("本月金额（元）", "current"),
        ("本期", "current"),
        ("上月（元）", "earlier"),
        ("上期费用", "earlier"),
        ("2026年10月", "2026-10"),
        ("2026-09", "2026-09"),
        ("10月", "M10"),
        # a bare number is a value, not a column's month (a header run into its first
        # row by a lost line break: 金额(元)13800001234,202610,…)
        ("202610", None),
        ("200.00", None),
        ("金额（元）", None),
        ("费用项目", None),
    ],
)
def test_what_a_column_label_says_of_its_period(label, period):
    assert period_of(label) == period


def test_a_long_csv_bill_with_this_and_last_months_columns_reads_this_month(tmp_path):
    # the CSV's fast path leaves it to the reading that knows period columns
    path = tmp_path / "bill.csv"
    path.write_text(
        "手机号码,账期,费用类别,费用项目,本月金额(元),上月金额(元)\n"
        f"{LINE},202610,套餐及固定费,5G智享套餐,58.00,58.00\n"
        f"{LINE},202610,代收费,手机报,6.00,0.00\n",
        encoding="utf-8",
    )
    result = read_file(path, ReadOptions())
    assert [(c.item, c.amount_fen) for c in result.charges] == [
        ("5G智享套餐", 5800),
        ("手机报", 600),
    ]


STATEMENT = "手机号码：13912345678\n账期：2026年10月\n"


@pytest.mark.parametrize(
    ("header", "rows"),
    [
        # the charged column beside the amount before discounts (the review's 21, 22, 40)
        ("费用项目,本月应收(元),本月实收(元)", ["套餐月基本费,58.00,48.00", "手机报,6.00,6.00"]),
        ("费用项目,本期应收(元),本期实收(元)", ["套餐月基本费,58.00,48.00", "手机报,6.00,6.00"]),
        ("费用项目,当月费用,优惠,实收", ["套餐月基本费,58.00,-10.00,48.00", "手机报,6.00,,6.00"]),
        # a named amount column, then text and another figure beside it (23, 24)
        ("费用项目,金额(元),使用量,单价(元)", ["套餐月基本费,48.00,1,48.00", "手机报,6.00,1,6.00"]),
        ("费用项目,金额,备注,账户余额", ["套餐月基本费,48.00,包月,52.00", "手机报,6.00,代,46.00"]),
        ("费用项目,原价,优惠后", ["套餐月基本费,58.00,48.00", "手机报,6.00,6.00"]),
    ],
)
def test_a_table_of_two_amounts_a_header_tells_apart_reads_the_charged_one(tmp_path, header, rows):
    # two amounts a row under a header that says which is charged: read as before the
    # period columns came, not refused (the second review)
    path = tmp_path / "bill.csv"
    total = "本月费用合计,,54.00" if header.count(",") == 2 else "本月费用合计,54.00"
    path.write_text(STATEMENT + "\n".join([header, *rows, total]) + "\n", encoding="utf-8")
    result = read_file(path, ReadOptions())
    assert {c.item: c.amount_fen for c in result.charges} == {"套餐月基本费": 4800, "手机报": 600}
    assert not result.unparseable
