"""A discount printed without its minus on a row of its own, named as a discount (China
Telecom's 优惠费用 10.00 in its plain list, trial t11's t02_telecom_positive_discount):
read as the credit it is, with a warning, when only so does the bill add up to its
stated total, whatever the file (a table, a picture, a portal's JSON, an SMS); left as
printed when the total says it is a charge. The rule for one under a 优惠 section:
tests/test_stated_units.py."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from readers_golden import read
from test_ocr_angle import OPTIONS, _box, _yuan

from auditor.categories import DISCOUNT, OTHER
from auditor.readers.ocr_layout import picture_lines
from auditor.readers.ocr_read import read_lines

pytestmark = pytest.mark.usefixtures("english")

#: China Telecom's plain list: no sections, the discount printed as an amount.
ITEMS = [
    ("套餐月基本费", 3800),
    ("来电显示功能费", 600),
    ("天翼视讯包月", 1500),
    ("优惠费用", 1000),
]
CREDITED = 3800 + 600 + 1500 - 1000
SAID = (
    "优惠费用 10.00, named as a discount but printed without its minus, read as the credit "
    "it is (-10.00): only so does the bill add up to its total 49.00"
)


def _csv(tmp_path: Path, total: int) -> Path:
    path = tmp_path / "18900189003-2026年10月账单.csv"
    rows = [f"{name},{_yuan(fen)}" for name, fen in ITEMS]
    path.write_text("\n".join(["费用项目,金额", *rows, f"本月费用合计,{_yuan(total)}"]) + "\n")
    return path


def _xlsx(tmp_path: Path, total: int) -> Path:
    path = tmp_path / "18900189003-2026年10月账单.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    for row in [("费用项目", "金额"), *ITEMS, ("本月费用合计", total)]:
        sheet.append([row[0], row[1] if isinstance(row[1], str) else row[1] / 100])
    book.save(path)
    return path


def _json(tmp_path: Path, total: int) -> Path:
    # China Telecom's portal: its items a tree by classId, the bill's total a field
    items = [
        {"charge": str(fen), "chargetypeName": name, "classId": str(100 + n),
         "parentClassId": "0", "showLevel": "1"}
        for n, (name, fen) in enumerate(ITEMS)
    ]  # fmt: skip
    path = tmp_path / "18900189003-2026年10月.json"
    path.write_text(json.dumps({"billMonth": "202610", "totalCharge": str(total), "items": items}))
    return path


def _sms(tmp_path: Path, total: int) -> Path:
    path = tmp_path / "sms.txt"
    items = "，".join(f"{name}{_yuan(fen)}元" for name, fen in ITEMS)
    path.write_text(
        f"【账单提醒】尊敬的18900189003用户，您2026年10月份账单合计{_yuan(total)}元。"
        f"费用项包括：{items}。【中国电信】\n"
    )
    return path


def _picture(total: int):
    boxes, y = [_box(lambda x, y: (x, y), 47, 150, "账期：2026年10月189****9003")], 300
    for name, fen in [*ITEMS, ("本月费用合计", total)]:
        amount = "￥" + _yuan(fen)
        boxes += [_box(lambda x, y: (x, y), 128, y, name),
                  _box(lambda x, y: (x, y), 1000 - 30 * len(amount), y, amount)]  # fmt: skip
        y += 86
    lines, readings = picture_lines(boxes, 1, (1080, y + 60))
    return read_lines(Path("18900189003-账单.png"), lines, readings, OPTIONS, picture=True)


READS = {
    "csv": lambda tmp, total: read(_csv(tmp, total)),
    "xlsx": lambda tmp, total: read(_xlsx(tmp, total)),
    "json": lambda tmp, total: read(_json(tmp, total)),
    "sms": lambda tmp, total: read(_sms(tmp, total)),
    "picture": lambda tmp, total: _picture(total),
}


def _discount(result) -> tuple[int, str]:
    [charge] = [c for c in result.charges if "优惠费用" in (c.item or c.section)]
    return charge.amount_fen, charge.category


@pytest.mark.parametrize("form", READS)
def test_a_discount_named_so_printed_positive_is_a_credit_when_only_so_the_bill_adds_up(
    tmp_path, form
):
    result = READS[form](tmp_path, CREDITED)
    assert _discount(result) == (-1000, DISCOUNT)
    assert [b.stated_total_fen for b in result.bills] == [CREDITED]
    assert sum(c.amount_fen for c in result.charges) == CREDITED
    assert [w for w in result.warnings if "优惠费用" in w] == [SAID]


@pytest.mark.parametrize("form", READS)
@pytest.mark.parametrize("total", [CREDITED + 2000, CREDITED + 500])
def test_it_is_left_as_printed_when_the_total_says_otherwise(tmp_path, form, total):
    # + 20.00: the bill adds up with it positive (a charge: a 营销优惠 package billed);
    # + 5.00: not even taken off, the mismatch is the bill's to tell
    result = READS[form](tmp_path, total)
    assert _discount(result) == (1000, OTHER)
    assert not [w for w in result.warnings if "优惠费用" in w]
