"""A bill's amount unit stated outside its amount column's bare header (单位：分 above the
table, 注：金额单位为分 below it, 金额(单位：分)), an amount column whose header says fen
over figures that are no whole fen, and a discount printed positive under 优惠及减免:
trial t9's files (周会计's), each once read silently wrong or refused for the wrong reason.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from cli_run import run

from auditor.amount_units import UNSTATED, units_stated
from auditor.categories import DISCOUNT, OTHER
from auditor.errors import ErrorCode
from auditor.readers import ReadOptions, read_file

pytestmark = pytest.mark.usefixtures("english")

#: fen-unit-row-read-as-yuan.csv without its first row: a bill in fen, ¥8.40.
IN_FEN = (
    "手机号码,账期,费用类别,费用项目,金额\n"
    "14700002222,202610,套餐及固定费,4G流量卡套餐,800\n"
    "14700002222,202610,套餐外语音通信费,国内主叫通话费,30\n"
    "14700002222,202610,短彩信费,国内短信,10\n"
    "14700002222,202610,本月费用合计,,840\n"
)
#: fen-header-yuan-values.csv: headed in fen, its figures yuan.
YUAN_UNDER_FEN = (
    "手机号码,账期,费用类别,费用项目,金额(分)\n"
    "18600005678,202610,月固定费,冰激凌套餐,29.00\n"
    "18600005678,202610,语音通话费,国内通话费,2.40\n"
    "18600005678,202610,实际应缴合计,,31.40\n"
)
#: positive-discount-under-youhui.csv: 话费优惠 printed 5.00, the bill ¥28.00 with it off.
DISCOUNT_PRINTED = (
    "中国移动 个人账单\n手机号码：13800001234\n账期：2026年10月\n\n"
    "费用项目,金额(元)\n套餐及固定费,18.00\n  4G飞享18元套餐,18.00\n增值业务费,15.00\n"
    "  咪咕视频会员,15.00\n优惠及减免,5.00\n  话费优惠,5.00\n本月费用合计,28.00\n"
)


def read(folder: Path, name: str, text: str):
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return read_file(path, ReadOptions(as_of=date(2026, 11, 27)))


def money(result) -> tuple[list[int], list[int | None]]:
    return [c.amount_fen for c in result.charges], [b.stated_total_fen for b in result.bills]


def test_a_unit_row_above_the_table_or_a_note_below_it_says_fen(tmp_path):
    assert money(read(tmp_path, "bare.csv", IN_FEN)) == ([80000, 3000, 1000], [84000])
    above = read(tmp_path, "fen-unit-row-read-as-yuan.csv", "单位：分\n" + IN_FEN)
    assert money(above) == ([800, 30, 10], [840])
    assert "amounts in fen: the file says 「单位:分」" in above.notes
    below = read(tmp_path, "note.csv", IN_FEN + "注：金额单位为分\n")
    assert money(below) == ([800, 30, 10], [840])
    assert below.settling.amount_unit != UNSTATED  # stated: nothing left to settle


def test_a_unit_row_saying_yuan_leaves_nothing_in_doubt(tmp_path):
    result = read(tmp_path, "yuan.csv", "金额单位：元\n" + IN_FEN)
    assert money(result) == ([80000, 3000, 1000], [84000])
    assert result.settling.amount_unit != UNSTATED
    assert read(tmp_path, "bare.csv", IN_FEN).settling.amount_unit == UNSTATED


@pytest.mark.parametrize("header", ["金额(单位：分)", "金额（单位:分）", "金额(单位：人民币分)"])
def test_a_header_saying_its_unit_after_a_colon_is_read_in_it(tmp_path, header):
    # once refused, and for the wrong reason: "could not detect line"
    result = read(tmp_path, "header-unit-colon.csv", IN_FEN.replace("金额\n", header + "\n", 1))
    assert result.error is None
    assert money(result) == ([800, 30, 10], [840])
    yuan = read(tmp_path, "yuan.csv", IN_FEN.replace("金额\n", "金额（单位：元）\n", 1))
    assert money(yuan) == ([80000, 3000, 1000], [84000])
    assert yuan.settling.amount_unit != UNSTATED


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("单位：分\n" + IN_FEN.replace("金额\n", "金额(元)\n", 1), "(金额(元), 「单位:分」)"),
        ("单位：分\n" + IN_FEN + "注：金额单位为元\n", "(「单位:分」, 「金额单位为元」)"),
    ],
)
def test_two_units_stated_refuse_the_file_saying_both(tmp_path, text, said):
    result = read(tmp_path, "two.csv", text)
    assert result.charges == [] and result.error_code == ErrorCode.AMBIGUOUS_UNIT
    assert f"unit unclear: the file states two units {said}" in result.error


def test_only_words_stating_the_amounts_unit_count():
    assert units_stated(["号码：13800001234 单位：元"]) == {"yuan": "单位:元"}
    assert units_stated(["以分为单位", "Unit: fen"]) == {"fen": "以分为单位"}
    assert units_stated(["（单位：元）", "单位（分）"]) == {"yuan": "单位:元", "fen": "单位 分"}
    minutes = (
        "时长单位：分",
        "注：通话时长以分为单位",
        "通话时长单位：分钟",
        "语音通话（单位：分）",
    )
    for text in (*minutes, "单位名称：北京分公司", "单位：分公司", "资费单位：元/月"):
        assert units_stated([text]) == {}, text
    assert units_stated(["温馨提示：集团账单由单位统一支付，个人无需缴费。"]) == {}


def test_fen_header_over_yuan_figures_refuses_the_file_never_a_row_at_a_hundredth(tmp_path):
    result = read(tmp_path, "fen-header-yuan-values.csv", YUAN_UNDER_FEN)
    assert result.charges == [] and result.error_code == ErrorCode.AMBIGUOUS_UNIT
    assert result.error == (  # on stderr after the file's name
        "unit unclear: the amount column is headed in 分, but "
        "'2.40' is no whole number of fen, so the amounts look like yuan (read as fen they "
        "would count 100 times too little); if they are yuan, head the column 金额(元)"
    )
    stated = read(tmp_path, "row.csv", "单位：分\n" + YUAN_UNDER_FEN.replace("金额(分)", "金额"))
    assert stated.charges == [] and "if they are yuan, correct 「单位:分」" in stated.error
    whole = read(
        tmp_path, "whole.csv", YUAN_UNDER_FEN.replace("2.40", "2.00").replace("31.40", "31")
    )
    assert money(whole) == ([29, 2], [31])  # whole fen, 29.00 among them: fen, as headed


def discount(result):
    [credit] = [c for c in result.charges if c.item == "话费优惠"]
    return credit.amount_fen, credit.category


def test_a_discount_printed_positive_is_a_credit_when_only_so_the_bill_adds_up(tmp_path):
    result = read(tmp_path, "positive-discount-under-youhui.csv", DISCOUNT_PRINTED)
    assert discount(result) == (-500, DISCOUNT)
    assert sum(c.amount_fen for c in result.charges) == result.bills[0].stated_total_fen
    assert result.warnings == [
        "话费优惠 5.00, printed without its minus under 优惠及减免, read as the credit it is "
        "(-5.00): only so does the bill add up to its total 28.00"
    ]
    flat = read(tmp_path, "flat.csv", DISCOUNT_PRINTED.replace("  ", ""))  # no indentation
    assert discount(flat) == (-500, DISCOUNT)
    long = "手机号码,账期,费用类别,费用项目,金额\n" + "".join(
        f"13800001234,202610,{section},{item},{fen}\n"
        for section, item, fen in [
            ("套餐及固定费", "4G飞享18元套餐", "18.00"), ("增值业务费", "咪咕视频会员", "15.00"),
            ("优惠及减免", "话费优惠", "5.00"), ("本月费用合计", "", "28.00"),
        ]
    )  # fmt: skip
    assert discount(read(tmp_path, "long.csv", long)) == (-500, DISCOUNT)


@pytest.mark.parametrize("total", ["38.00", "30.00"])
def test_a_discount_printed_positive_is_left_when_the_total_says_otherwise(tmp_path, total):
    # 38.00: the bill adds up with it positive (a charge); 30.00: not even taken off
    text = DISCOUNT_PRINTED.replace("本月费用合计,28.00", f"本月费用合计,{total}")
    result = read(tmp_path, "bill.csv", text)
    assert discount(result) == (500, OTHER) and result.warnings == []


def test_the_positive_discount_raises_no_false_mismatch(tmp_path):
    path = tmp_path / "positive-discount-under-youhui.csv"
    path.write_text(DISCOUNT_PRINTED, encoding="utf-8")
    out = tmp_path / "out"
    result = run(
        "audit", str(path), "--as-of", "2026-11-27", "--no-history",
        "-o", str(out / "r.xlsx"), "--json", str(out / "r.json"),
    )  # fmt: skip
    assert "bill total mismatch" not in result.output
    assert "¥-10.00" not in result.output and "unknown value-added service" in result.output
