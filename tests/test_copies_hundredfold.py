"""Two copies of one bill whose every amount of one is exactly 100 times the other's: the
warning says one looks like fen read as yuan, and the copy whose unit is known is the one
counted, whichever is read first (auditor.crosscheck, auditor.amount_units). As in the
new-user trial's cases fen_first and fen_beside_yuan: 186****0019's yuan bill beside a fen
copy named 0联通账单-分.csv."""

from __future__ import annotations

import pytest
from test_amount_units import IN_FEN, OTHER, audit, bill, input_of, month_total

pytestmark = pytest.mark.usefixtures("english")

#: Usage alone: small enough that, read as yuan, nothing says it is fen.
SMALL = (
    ("语音通话费", "国内通话费", "240"),
    ("短信费", "国内短信费", "50"),
    ("增值业务费", "来电显示", "30"),
)


def in_yuan(items):
    return [(kind, item, f"{int(amount) / 100:.2f}") for kind, item, amount in items]


def test_the_copy_in_yuan_is_counted_over_a_fen_copy_read_first(tmp_path):
    folder = tmp_path / "china-unicom" / OTHER
    fen = bill(folder, SMALL, line=OTHER, name="0联通账单-分.csv", total="320")
    yuan = bill(folder, in_yuan(SMALL), line=OTHER, header="金额(元)", total="3.20")
    result, data = audit(tmp_path, fen, yuan)
    assert result.exit_code == 0, result.output
    assert month_total(data, OTHER) == "3.20"
    [told] = [w for w in input_of(data, fen)["warnings"] if "is not the" in w]
    assert "this file's total ¥320.00 is not the ¥3.20 of " in told and yuan.name in told
    assert "every amount of one is exactly 100 times the other's: one looks like fen" in told
    assert "that one was counted (its unit is known; the other's amount column names no" in told
    assert "one looks like fen read as yuan" in result.output  # on the terminal
    assert not [w for w in input_of(data, yuan)["warnings"] if "is not the" in w]


def test_two_copies_neither_of_known_unit_say_it_is_not_known(tmp_path):
    folder = tmp_path / "bills"
    small = (("语音通话费", "国内通话费", "2"), ("增值业务费", "来电显示", "1"))
    first = bill(folder, small, line=OTHER, name="联通账单.csv", total="3")
    hundred = [(kind, item, f"{int(amount) * 100}") for kind, item, amount in small]
    second = bill(folder, hundred, line=OTHER, name="联通账单-分.csv", total="300")
    result, data = audit(tmp_path, first, second)
    assert result.exit_code == 0, result.output
    [told] = [w for i in data["inputs"] for w in i["warnings"] if "is not the" in w]
    assert "one looks like fen read as yuan" in told
    assert "which unit is right is not known: head the amount column 金额(元) or 金额(分)" in told
    [month] = data["summary"]["months"]
    assert month["reconciled"] == "differs"  # never shown as a clean month


def test_a_fen_copy_its_names_tell_agrees_with_the_yuan_copy(tmp_path):
    # fen_first: once read as fen, the copies are one bill read twice, nothing to tell
    folder = tmp_path / "china-unicom" / OTHER
    fen = bill(folder, IN_FEN, line=OTHER, name="0联通账单-分.csv")
    yuan = bill(folder, in_yuan(IN_FEN), line=OTHER, header="金额(元)", total="41.40")
    result, data = audit(tmp_path, fen, yuan)
    assert result.exit_code == 0, result.output
    assert month_total(data, OTHER) == "41.40"
    assert not [w for i in data["inputs"] for w in i["warnings"] if "is not the" in w]
    assert data["summary"]["months"][0]["reconciled"] == "yes"
