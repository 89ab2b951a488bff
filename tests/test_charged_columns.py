"""Several amounts a row for one month (应收金额 | 实收金额, 费用 | 优惠 | 实收, 应付 | 实付):
what was charged is read, told by the bill's total where it tells, else by the labels;
the columns not read are said; where nothing tells, the rows are unread and said, never
read by the first amount column (auditor.readers.charged_columns)."""

from __future__ import annotations

import pytest
from pdf_pages import draw_bill

from auditor import lang
from auditor.readers import ReadOptions, read_file
from auditor.readers.charged_columns import CHARGED, DISCOUNT, DUE, GROSS, PLAIN, kind_of

pytestmark = pytest.mark.usefixtures("english")

STATEMENT = "手机号码：13912345678\n账期：2026年10月\n"
CHARGED_FEN = {"套餐月基本费": 4800, "手机报": 600}


def read_csv(tmp_path, header: str, rows: list[str], name: str = "bill.csv"):
    """The bill of ``header`` and ``rows`` under the statement's header block, read."""
    path = tmp_path / name
    path.write_text(STATEMENT + "\n".join([header, *rows]) + "\n", encoding="utf-8")
    return read_file(path, ReadOptions())


def charges(result) -> dict[str, int]:
    return {c.item: c.amount_fen for c in result.charges}


@pytest.mark.parametrize(
    ("label", "kind"),
    [
        ("实收金额(元)", CHARGED),
        ("本月实收", CHARGED),
        ("优惠后", CHARGED),
        ("应收金额", GROSS),
        ("原价", GROSS),
        ("优惠金额", DISCOUNT),
        ("实际应付", DUE),  # (the Unicom SMS's 实际应付: what is due, not a charge)
        ("实付金额", DUE),
        ("金额（元）", PLAIN),
        ("使用量", None),
        ("账户余额", None),
    ],
)
def test_a_columns_label_says_what_its_amounts_are(label, kind):
    assert kind_of(label) == kind


@pytest.mark.parametrize(
    ("header", "rows", "total"),
    [
        ("费用项目,应收金额,实收金额", ["套餐月基本费,58.00,48.00", "手机报,6.00,6.00"], ",54.00"),
        (
            "费用项目,应收金额(元),实收金额(元)",
            ["套餐月基本费,58.00,48.00", "手机报,6.00,6.00"],
            ",54.00",
        ),
        ("费用项目,金额,实收金额", ["套餐月基本费,58.00,48.00", "手机报,6.00,6.00"], ",54.00"),
        (
            "费用项目,费用,优惠,实收",
            ["套餐月基本费,58.00,-10.00,48.00", "手机报,6.00,,6.00"],
            ",,54.00",
        ),
        (
            "费用项目,应收金额,优惠金额,实收金额",
            ["套餐月基本费,58.00,-10.00,48.00", "手机报,6.00,0.00,6.00"],
            ",,54.00",
        ),
        ("费用项目,原价,金额", ["套餐月基本费,58.00,48.00", "手机报,6.00,6.00"], ",54.00"),
    ],
)
@pytest.mark.parametrize("with_total", [True, False])
def test_the_charged_column_is_read_not_the_first_amount(tmp_path, header, rows, total, with_total):
    # 应收金额 | 实收金额 read the 应收 column, the amount before discounts: 10.00 too much
    result = read_csv(tmp_path, header, [*rows, *(["本月费用合计," + total] if with_total else [])])
    assert charges(result) == CHARGED_FEN
    assert not result.unparseable
    assert [b.stated_total_fen for b in result.bills] == [5400 if with_total else None]
    # the column not read is said, by name
    first = header.split(",")[1]
    assert any(first in note and "not read" in note for note in result.notes)


def test_due_and_paid_columns_are_told_apart_by_the_bills_total(tmp_path):
    rows = ["套餐月基本费,58.00,48.00", "手机报,6.00,6.00"]
    result = read_csv(tmp_path, "费用项目,应付,实付", [*rows, "本月费用合计,,54.00"])
    assert charges(result) == CHARGED_FEN
    assert any("应付" in note and "bill's total" in note for note in result.notes)
    # the total under the other column: that one is read
    other = ["套餐月基本费,48.00,58.00", "手机报,6.00,6.00", "本月费用合计,54.00,"]
    assert charges(read_csv(tmp_path, "费用项目,应付金额,实付金额", other, "b.csv")) == CHARGED_FEN


def test_due_and_paid_columns_without_a_total_are_unread_and_said(tmp_path):
    # nothing tells whether 应付 or 实付 was charged: neither is taken
    rows = ["套餐月基本费,58.00,48.00", "手机报,6.00,6.00"]
    result = read_csv(tmp_path, "费用项目,应付,实付", rows)
    assert charges(result) == {}
    assert [u.locator for u in result.unparseable] == ["row 4", "row 5"]
    assert any("应付 | 实付" in w and "not read" in w for w in result.warnings)
    # a total row with both figures tells nothing either
    both = read_csv(tmp_path, "费用项目,应付,实付", [*rows, "合计,64.00,54.00"], "both.csv")
    assert charges(both) == {}


def test_a_plain_amount_beside_a_discount_column_and_no_total_is_read_as_charged(tmp_path):
    # 费用 | 优惠, no total: a row of no discount is 费用 whichever it is; one with a
    # discount is read as 费用 too (the discount netted in it, or a credit apart), and
    # the discount not subtracted is said, with its rows and its money
    result = read_csv(tmp_path, "费用项目,费用,优惠", ["套餐月基本费,58.00,-10.00", "手机报,6.00,"])
    assert charges(result) == {"套餐月基本费": 5800, "手机报": 600}
    assert not result.unparseable
    assert any("优惠: not the amount charged" in note for note in result.notes), result.notes
    assert "rows with a discount: 1, 10.00 in all" in " ".join(result.notes)


@pytest.mark.parametrize(
    ("total", "stated", "read"), [(None, None, 3900), ("39.00", 3900, 3900), ("36.00", 3600, 3600)]
)
def test_a_family_bill_of_amount_and_discount_is_read_as_its_total_tells(
    tmp_path, total, stated, read
):
    # the reviewer's v2b (read at 2871ae0, refused since): 金额 | 优惠, most discounts 0.00;
    # without a total, or 39.00, 金额 is read; a total of 36.00 is 金额 less 优惠: the net
    path = tmp_path / "中国移动账单-2026年11月.csv"
    rows = ["4G飞享18元套餐,18.00,3.00", "视频彩铃订阅-酷电秀专属6元包,6.00,0.00"]
    rows += ["咪咕视频会员,15.00,0.00"]
    text = "手机号码,账期,费用类型,费用项目,金额,优惠\n" + "".join(
        f"13900001111,202611,增值业务费,{row}\n" for row in rows
    )
    if total:
        text += f"13900001111,202611,合计,,{total},\n"
    path.write_text(text, "utf-8")
    result = read_file(path, ReadOptions())
    assert result.error is None and not result.unparseable and not result.warnings
    assert sum(c.amount_fen for c in result.charges) == read
    assert [b.stated_total_fen for b in result.bills] == [stated]
    notes = " ".join(result.notes)
    assert ("rows with a discount: 1, 3.00 in all" in notes) is (total is None)
    assert ("金额 less its 优惠 is read" in notes) is (read == 3600)


@pytest.mark.parametrize(
    ("header", "rows", "total", "read"),
    [
        # the total is 费用 less 优惠 (64.00 - 10.00): each row's net, as 实收 would say
        ("费用项目,费用,优惠", ["套餐月基本费,58.00,-10.00", "手机报,6.00,"], "54.00", CHARGED_FEN),
        (
            "费用项目,金额,优惠金额",
            ["套餐月基本费,58.00,10.00", "手机报,6.00,0.00"],
            "54.00",
            CHARGED_FEN,
        ),
        # a discount on a row of its own: a credit
        (
            "费用项目,金额,优惠",
            ["套餐月基本费,58.00,", "手机报,6.00,", "话费优惠,,10.00"],
            "54.00",
            {"套餐月基本费": 5800, "手机报": 600, "话费优惠": -1000},
        ),
        # two discount columns, both taken off
        (
            "费用项目,金额,优惠,减免",
            ["套餐月基本费,58.00,5.00,5.00", "手机报,6.00,,"],
            "54.00",
            CHARGED_FEN,
        ),
        # in fen, as whole numbers: the net too (the unit is settled as ever)
        (
            "费用项目,金额(分),优惠(分)",
            ["套餐月基本费,5800,1000", "手机报,600,0"],
            "5400",
            CHARGED_FEN,
        ),
        # the total is 费用's sum: 费用 read, the discount already in it
        (
            "费用项目,费用,优惠",
            ["套餐月基本费,58.00,-10.00", "手机报,6.00,"],
            "64.00",
            {"套餐月基本费": 5800, "手机报": 600},
        ),
    ],
)
def test_a_plain_amount_and_a_discount_are_read_as_the_bills_total_tells(
    tmp_path, header, rows, total, read
):
    result = read_csv(tmp_path, header, [*rows, "本月费用合计," + total])
    assert charges(result) == read
    assert not result.unparseable and not result.warnings
    assert [b.stated_total_fen for b in result.bills] == [sum(read.values())]
    netted = [n for n in result.notes if "less its" in n]
    assert len(netted) == (1 if sum(read.values()) == 5400 else 0), result.notes


def test_a_plain_amount_and_a_discount_a_total_does_not_match_stay_unread(tmp_path):
    # the bill's total is neither 费用's sum nor 费用 less 优惠: nothing tells what was charged
    rows = ["套餐月基本费,58.00,-10.00", "手机报,6.00,", "本月费用合计,70.00,"]
    result = read_csv(tmp_path, "费用项目,费用,优惠", rows)
    assert charges(result) == {}
    assert [u.locator for u in result.unparseable][:2] == ["row 4", "row 5"]


def test_a_discount_above_its_own_charge_is_a_warning_naming_the_row(tmp_path):
    """手机报 6.00 with 优惠 10.00, the total 54.00: the total reads it as -4.00, but a
    charge its own discount makes negative is said as a warning on its row, not left to
    the note every net reading gets."""
    rows = ["套餐月基本费,58.00,0.00", "手机报,6.00,10.00", "本月费用合计,54.00,"]
    result = read_csv(tmp_path, "费用项目,金额,优惠", rows)
    assert charges(result) == {"套餐月基本费": 5800, "手机报": -400}
    assert result.warnings == [
        "row 5: its 优惠 10.00 is more than its 金额 6.00: read as -4.00 (金额 less 优惠, as "
        "the bill's total has it); a discount above the charge itself may be a misread "
        "figure or another row's discount: check the row"
    ]


def test_a_net_read_is_said_as_a_note_in_chinese(tmp_path):
    rows = ["套餐月基本费,58.00,10.00", "手机报,6.00,", "本月费用合计,54.00,"]
    path = tmp_path / "bill.csv"
    path.write_text(STATEMENT + "\n".join(["费用项目,金额,优惠", *rows]) + "\n", "utf-8")
    with lang.using("zh"):
        result = read_file(path, ReadOptions())
    assert charges(result) == CHARGED_FEN
    assert "金额 | 优惠：账单合计等于金额之和减去优惠之和，各行按金额减去优惠读取" in result.notes


def test_the_bills_total_decides_over_the_labels(tmp_path):
    # the total adds up the 应收 column alone: that is what this bill charged
    rows = ["套餐月基本费,58.00,48.00", "手机报,6.00,6.00", "本月费用合计,64.00,"]
    result = read_csv(tmp_path, "费用项目,应收金额,实收金额", rows)
    assert charges(result) == {"套餐月基本费": 5800, "手机报": 600}
    assert [b.stated_total_fen for b in result.bills] == [6400]
    assert any("实收金额" in note and "bill's total" in note for note in result.notes)


def test_a_row_filled_only_in_a_column_not_read_is_unread(tmp_path):
    rows = ["套餐月基本费,58.00,48.00", "手机报,6.00,", "本月费用合计,64.00,54.00"]
    result = read_csv(tmp_path, "费用项目,应收金额,实收金额", rows)
    assert charges(result) == {"套餐月基本费": 4800}
    assert [u.locator for u in result.unparseable] == ["row 5"]
    assert result.rows_read == sum(result.set_aside.values()) + len(result.unparseable) + 1


def test_a_long_bill_of_two_amount_columns_reads_the_charged_one(tmp_path):
    # the long-CSV fast path leaves it to the reading that tells the columns apart
    rows = ["套餐及固定费,套餐月基本费,58.00,48.00", "增值业务费,手机报,6.00,6.00"]
    result = read_csv(tmp_path, "费用类别,费用项目,应收金额,实收金额", rows)
    assert charges(result) == CHARGED_FEN


@pytest.mark.parametrize(
    ("labels", "total"),
    [(["本月应付", "本月实付"], None), (["本月应付", "本月实付"], "54.00")],
)
def test_period_columns_of_one_month_are_told_apart_alike(tmp_path, labels, total):
    # 本月应付 | 本月实付 as 应付 | 实付: the total tells, else neither is read
    rows = [[(60, "费用项目"), (-330, labels[0]), (-440, labels[1])]]
    for name, gross, charged in (("套餐月基本费", "58.00", "48.00"), ("手机报", "6.00", "6.00")):
        rows.append([(60, name), (-330, gross), (-440, charged)])
    if total:
        rows.append([(60, "本月费用合计"), (-440, total)])
    result = read_file(draw_bill(tmp_path / "bill.pdf", rows), ReadOptions())
    assert charges(result) == (CHARGED_FEN if total else {})
    assert bool(result.unparseable) is not bool(total)


def test_a_pdf_bill_of_gross_and_charged_columns_reads_the_charged(tmp_path):
    rows = [[(60, "费用项目"), (-330, "应收金额"), (-440, "实收金额")]]
    for name, gross, charged in (("套餐月基本费", "58.00", "48.00"), ("手机报", "6.00", "6.00")):
        rows.append([(60, name), (-330, gross), (-440, charged)])
    result = read_file(draw_bill(tmp_path / "bill.pdf", rows), ReadOptions())
    assert charges(result) == CHARGED_FEN


@pytest.mark.parametrize(
    ("header", "rows"),
    [
        ("费用项目,金额(元),优惠说明", ["套餐月基本费,48.00,月费8折", "手机报,6.00,无"]),
        ("费用项目,金额(元),优惠", ["套餐月基本费,48.00,8折", "手机报,6.00,"]),
        ("费用项目,费用说明,金额", ["套餐月基本费,月费,48.00", "手机报,包月,6.00"]),
    ],
)
def test_a_column_of_words_beside_the_amount_is_no_second_amount(tmp_path, header, rows):
    # 优惠说明, or 优惠 holding words alone: the one amount column is read, nothing refused
    total = ",".join("54.00" if "金额" in name else "" for name in header.split(",")[1:])
    result = read_csv(tmp_path, header, [*rows, "本月费用合计," + total])
    assert charges(result) == CHARGED_FEN
    assert [b.stated_total_fen for b in result.bills] == [5400]
    assert not result.unparseable and not result.warnings


def test_a_pdf_bill_of_amount_and_discount_columns_reads_the_net_its_total_makes(tmp_path):
    rows = [[(60, "费用项目"), (-330, "金额"), (-440, "优惠")]]
    for name, amount, discount in (("套餐月基本费", "58.00", "10.00"), ("手机报", "6.00", "0.00")):
        rows.append([(60, name), (-330, amount), (-440, discount)])
    rows.append([(60, "本月费用合计"), (-330, "54.00")])
    result = read_file(draw_bill(tmp_path / "bill.pdf", rows), ReadOptions())
    assert charges(result) == CHARGED_FEN
    assert not result.unparseable and not result.warnings
