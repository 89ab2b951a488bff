"""The parts of a PDF e-bill that are not its charges: a summary of the sections printed
above or below the detail (本月消费构成), an account block (账户信息), 详单 pages. Each is read
for what it is, so that the bill is counted once and adds up to its total. The bills are
drawn here (tests/drawn_bills.py), as a carrier prints them."""

from __future__ import annotations

import pytest
from drawn_bills import SECTIONS, TOTAL, Drawn, charged, header, read, table

pytestmark = pytest.mark.usefixtures("english")

TRUTH = {name: int(amount.replace(".", "")) for _, items in SECTIONS for name, amount in items}


def _summary(doc: Drawn, figures=None) -> None:
    """本月消费构成: each section's sum, then the total."""
    doc.row((60, "一、本月消费构成"))
    doc.row((60, "费用类型"), (400, "金额（元）", "r"))
    for section, items in SECTIONS:
        fen = sum(int(amount.replace(".", "")) for _, amount in items)
        printed = (figures or {}).get(section, f"{fen // 100}.{abs(fen) % 100:02d}")
        doc.row((60, section), (400, printed, "r"))
    doc.row((60, "合计"), (400, TOTAL, "r"))
    doc.y -= 10


def _bill(result):
    (bill,) = result.bills
    return bill


def test_a_summary_above_the_detail_is_a_check_not_charges(tmp_path):
    doc = Drawn(tmp_path / "bill.pdf")
    header(doc)
    _summary(doc)
    doc.row((60, "二、费用明细"))
    table(doc)
    result = read(doc.save())
    # Counted once, from the detail: 77.60, as the bill states.
    assert charged(result) == TRUTH
    assert sum(c.amount_fen for c in result.charges) == _bill(result).stated_total_fen == 7760
    assert result.set_aside["summary"] == 5
    assert not result.warnings and not result.unparseable


def test_a_summary_below_the_detail_is_a_check_too(tmp_path):
    doc = Drawn(tmp_path / "bill.pdf")
    header(doc)
    table(doc)
    doc.y -= 10
    _summary(doc)
    result = read(doc.save())
    assert charged(result) == TRUTH
    assert result.set_aside["summary"] == 6  # its heading too


def test_a_summary_figure_not_the_details_is_said_and_the_detail_counted(tmp_path):
    doc = Drawn(tmp_path / "bill.pdf")
    header(doc)
    _summary(doc, {"增值业务费": "25.00"})
    table(doc)
    result = read(doc.save())
    assert charged(result) == TRUTH
    (warning,) = [w for w in result.warnings if "summary" in w]
    assert "增值业务费 25.00 is not the detail's 20.00" in warning
    assert "page 1 line 8" in warning


ACCOUNT = [
    ("上期结余", "50.00"),
    ("本期缴费", "100.00"),
    ("本期消费", "77.60"),
    ("本期结余", "72.40"),
]


@pytest.mark.parametrize("side", ["left", "right"])
def test_an_account_block_beside_the_table_is_not_charges(tmp_path, side):
    # 账户信息 in the lines of the table: its labels and figures were read as the table's
    # (本期消费 a section, the plan and the calls lost, a false gap of 45.60). On the right,
    # the item is the row's first label already: kept so.
    doc = Drawn(tmp_path / "bill.pdf")
    header(doc)
    top = doc.y
    block, labels, figures = (60, 60, 250) if side == "left" else (420, 420, 560)
    doc.row((block, "账户信息"))
    for label, amount in ACCOUNT:
        doc.row((labels, label), (figures, amount, "r"))
    doc.y = top
    table(doc, x0=300 if side == "left" else 40)
    result = read(doc.save())
    assert charged(result) == TRUTH
    assert _bill(result).stated_total_fen == 7760
    assert not result.warnings and not result.unparseable
