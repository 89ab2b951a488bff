"""What a reader says with an amount in it (a file's total, a family bill's total, a
section that does not add up) is made again when its file is settled as fen
(auditor.amount_text, auditor.amount_units): a file whose bare amounts were read as yuan
while it was read no longer says ¥4,140.00 beside a bill of ¥41.40. Every reader shows
an amount that way only: a test holds them to it."""

from __future__ import annotations

import pickle
import re
from dataclasses import replace
from pathlib import Path

import pytest
from table_rows import LINE, OTHER_LINE, PLAIN, rows_of
from test_amount_units import audit, input_of

from auditor.amount_text import AmountText
from auditor.amount_units import FEN_INFERRED, settle_units
from auditor.lang import using
from auditor.readers.base import ReadOptions
from auditor.readers.table import interpret

pytestmark = pytest.mark.usefixtures("english")

READERS = Path(__file__).resolve().parent.parent / "auditor" / "readers"


def test_an_amount_text_shows_its_amounts_in_yuan_and_remakes_them_in_fen():
    said = AmountText("{at}：合计 {total}", "{at}: total {total}", at="row {2}", total=414000)
    assert said == "row {2}: total 4140.00"  # a field's braces are its own text
    assert said.in_fen() == "row {2}: total 41.40"
    assert isinstance(said.in_fen(), AmountText)
    with using("zh"):
        assert (
            AmountText("{at}：合计 {total}", "", at="第 2 行", total=-500) == "第 2 行：合计 -5.00"
        )


def test_an_amount_text_read_in_a_worker_arrives_as_made():
    said = AmountText("合计 {total}", "total {total}", total=290000)
    with using("zh"):  # what arrives is the text as made, not made again where it arrives
        back = pickle.loads(pickle.dumps(said))
    assert back == "total 2900.00" and back.in_fen() == "total 29.00"


#: How an amount would be formatted into a text other than through AmountText.
_FORMATTED = re.compile(r"format_fen|format_yuan|fen_to_decimal|(?<!/)/ ?100\b")


def test_readers_show_amounts_only_through_amount_text():
    found = [
        f"{path.name}:{number}: {text.strip()}"
        for path in sorted(READERS.glob("*.py"))
        for number, text in enumerate(path.read_text("utf-8").splitlines(), 1)
        if _FORMATTED.search(text) and not text.lstrip().startswith("#")
    ]
    assert found == []


def _bare(rows: list[list[str]]) -> list[list[str]]:
    """``rows`` with every amount written in fen, as whole numbers (18.00 as 1800)."""
    return [[f"{round(float(c) * 100)}" if re.fullmatch(r"-?\d+\.\d\d", c) else c for c in row]
            for row in rows]  # fmt: skip


#: A family's statement with a total for all its lines; one section (增值业务费, 7.00)
#: is not its item's sum (5.00).
FAMILY = [
    ["中国移动 家庭账单"],
    ["账期：2026年10月"],
    ["费用项目", "金额"],
    [f"号码：{LINE}"],
    ["套餐及固定费", "18.00"],
    ["  4G飞享18元套餐", "18.00"],
    ["增值业务费", "7.00"],
    ["  彩铃功能费", "5.00"],
    ["小计", "23.00"],
    [f"号码：{OTHER_LINE}"],
    ["套餐及固定费", "18.00"],
    ["  4G飞享18元套餐", "18.00"],
    ["增值业务费", "6.00"],
    ["  视频彩铃订阅", "6.00"],
    ["小计", "24.00"],
    ["总计", "47.00"],
]


def test_a_family_statement_in_fen_says_its_totals_and_gaps_in_fen():
    result = interpret(rows_of(*_bare(FAMILY)), PLAIN, ReadOptions())
    settle_units([result])
    assert result.settling.amount_unit == FEN_INFERRED  # 4G飞享18元套餐 billed 1800
    assert [b.stated_total_fen for b in result.bills] == [2300, 2400]
    assert [(g.stated_fen, g.summed_fen) for g in result.section_gaps] == [(700, 500)]
    assert any("section 增值业务费 says 7.00, its items add up to 5.00" in w
               for w in result.warnings)  # fmt: skip
    assert any("the total 47.00 is that of all the lines of 2026-10" in n for n in result.notes)
    said = [*result.warnings, *result.notes, *result.alerts]
    assert not [text for text in said if re.search(r"\b(?:700|500|4700)\.00", text)]


def test_a_bill_set_aside_as_a_copy_is_settled_with_its_file():
    rows = [["中国移动 个人账单"], [f"手机号码：{LINE}", "账期：2026年10月"], []]
    rows += _bare([["费用项目", "金额"], ["4G飞享18元套餐", "18.00"], ["合计", "18.00"]])
    result = interpret(rows_of(*rows), PLAIN, ReadOptions())
    result.copies.append(replace(result.bills[0]))  # a copy set aside before settling
    settle_units([result])
    assert [b.stated_total_fen for b in (*result.bills, *result.copies)] == [1800, 1800]


def test_a_family_long_bill_in_fen_says_its_files_total_in_fen(tmp_path):
    rows = ["手机号码;账期;费用类别;费用项目;金额"]
    rows += [f"{line};202610;月固定费;冰激凌套餐29元;2900" for line in (LINE, OTHER_LINE)]
    rows.append("合计;;;;6000")  # not the 58.00 its lines add up to
    path = tmp_path / "bills" / "家庭账单-2026年10月.csv"
    path.parent.mkdir()
    path.write_bytes(("\n".join(rows) + "\n").encode("gbk"))
    result, data = audit(tmp_path, path)
    assert result.exit_code == 0, result.output
    warnings = input_of(data, path)["warnings"]
    assert warnings[0].startswith("amounts read as fen")
    assert any("the file's total says 60.00, the charges of all its lines add up to 58.00"
               in w for w in warnings)  # fmt: skip
    assert "6000.00" not in " ".join(warnings)
