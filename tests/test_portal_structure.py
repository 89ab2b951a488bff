"""Portal JSON recognised by structure: field spellings that vary, yuan or fen decided from
the document's own evidence, lines named inside trees, repeated copies, month totals, and
the error that names what it saw.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from auditor.readers import ReadOptions, read_file
from auditor.readers.base import NO_LINE_FOUND
from auditor.readers.json_keys import key_role, norm_key

# Reader errors and warnings are checked as an English-speaking user reads them.
pytestmark = pytest.mark.usefixtures("english")

LINE = "18900189003"


def read(tmp_path: Path, doc, name: str = "bill.json", **options):
    path = tmp_path / name
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return read_file(path, ReadOptions(**options))


def nested(name_key: str, amount_key: str, children_key: str, items) -> list:
    """A nested item tree written with the given spellings."""

    def node(name, amount, kids=()):
        return {name_key: name, amount_key: amount, children_key: [node(*k) for k in kids]}

    return [node(*item) for item in items]


def unicom(*rows) -> list[dict]:
    """China Unicom's flat billInfo items: (name, fee, parent code, own code)."""
    keys = ("integrateItem", "fee", "parentItemCode", "integrateItemCode")
    return [dict(zip(keys, row, strict=True)) for row in rows]


def telecom(*rows) -> list[dict]:
    """China Telecom's classId items: (charge, name, own id, parent id)."""
    keys = ("charge", "chargetypeName", "classId", "parentClassId")
    return [dict(zip(keys, row, strict=True)) for row in rows]


ITEMS = [
    ("套餐及固定费", "29.00", [("冰激凌套餐29元", "29.00")]),
    ("增值业务费", "10.00", [("沃音乐会员", "10.00")]),
]


@pytest.mark.parametrize(
    "name_key, amount_key, children_key",
    [
        ("name", "fee", "items"),
        ("itemName", "amount", "subItems"),
        ("ITEM_NAME", "Fee", "children"),
        ("billItemName", "charge", "billItems"),  # a prefix more
        ("feeName", "amt", "lines"),  # an abbreviation
    ],
)
def test_field_spellings_vary(tmp_path, name_key, amount_key, children_key):
    doc = {"data": {"serialNumber": LINE, "billCycle": "2026-10", "totalFee": "39.00"}}
    doc["data"]["list"] = nested(name_key, amount_key, children_key, ITEMS)
    result = read(tmp_path, doc)
    assert result.error is None, result.error
    assert [(c.item, c.category, c.amount_fen) for c in result.charges] == [
        ("冰激凌套餐29元", "plan", 2900),
        ("沃音乐会员", "vas", 1000),
    ]
    assert [(b.line, b.period, b.stated_total_fen) for b in result.bills] == [
        (LINE, "2026-10", 3900)
    ]


def test_a_payment_field_is_not_the_total():
    # writeOffFee ends in "fee" but is payments: only whole long spellings match a suffix
    assert key_role("total").key({"writeOffFee": "1", "allFee": "2"}) == "allFee"
    assert key_role("amount").key({"writeOffFee": "1"}) is None
    assert norm_key("Bill_Item-Name") == "billitemname"


def test_items_listed_in_any_order_still_form_their_tree(tmp_path):
    items = unicom(("腾讯视频会员", "15.00", "2", "3"), ("增值业务费", "15.00", "-1", "2"))
    doc = {"result": {"cycleId": "202610", "allFee": "15.00", "billInfo": items}}
    result = read(tmp_path, doc, line=LINE)
    assert [(c.section, c.item, c.amount_fen) for c in result.charges] == [
        ("增值业务费", "腾讯视频会员", 1500)
    ]


# ------------------------------------------------------------------------------ units


def test_whole_amounts_under_a_total_in_yuan_are_fen(tmp_path):
    doc = {"billMonth": "202610", "totalFee": "47.40", "items": [
        {"name": "套餐月基本费", "fee": "4700"}, {"name": "短信费", "fee": "40"},
    ]}  # fmt: skip
    result = read(tmp_path, doc, line=LINE)
    assert [c.amount_fen for c in result.charges] == [4700, 40]
    assert any("fen: the whole-number items add up to the total" in n for n in result.notes)


def test_whole_amounts_with_nothing_to_decide_are_an_error(tmp_path):
    doc = {"billMonth": "202610", "items": [{"name": "套餐月基本费", "fee": "4700"}]}
    result = read(tmp_path, doc, line=LINE)
    assert result.error == (
        "amounts are whole numbers and nothing in the document says whether they are yuan "
        "or fen (give --amount-unit yuan or --amount-unit fen)"
    )
    assert read(tmp_path, doc, line=LINE, amount_unit="fen").charges[0].amount_fen == 4700
    assert read(tmp_path, doc, line=LINE, amount_unit="yuan").charges[0].amount_fen == 470000


def test_a_fen_shape_written_with_decimals_is_read_as_yuan(tmp_path):
    items = telecom(("1.50", "手机：18900189003", "1", "0"), ("1.50", "国内通话费", "2", "1"))
    result = read(tmp_path, {"billMonth": "202610", "items": items})
    assert [c.amount_fen for c in result.charges] == [150]
    assert any("yuan: amounts are written with decimals" in n for n in result.notes)


def test_json_numbers_with_decimals_are_yuan(tmp_path):
    doc = {
        "month": "2026-10",
        "items": [{"name": "包月费", "amount": 150}, {"name": "短信费", "amount": 0.1}],
    }
    result = read(tmp_path, doc, line=LINE)
    assert [c.amount_fen for c in result.charges] == [15000, 10]


# ------------------------------------------------------------------------------ lines


def test_an_account_gives_a_bill_per_line_and_checks_its_total(tmp_path):
    def line(number, fee):
        return {"billItemName": f"手机：{number}", "amount": fee, "billItems": [
            {"billItemName": "套餐月基本费", "amount": fee, "billItems": []}
        ]}  # fmt: skip

    doc = {"data": {"arrears": {"consumeAmount": 60.0}, "billItems": [
        {"billItemName": "基本商品", "amount": 59.0, "billItems": [
            line("18900189003", 39.0), line("18900189004", 20.0)
        ]}
    ]}}  # fmt: skip
    result = read(tmp_path, doc, period="2026-10")
    assert sorted((b.line, b.stated_total_fen) for b in result.bills) == [
        ("18900189003", 3900),
        ("18900189004", 2000),
    ]
    assert result.warnings == [
        "data.arrears.consumeAmount: the account's total says 60.00, its lines add up to 59.00"
    ]
    accounted = result.rows_used + sum(result.set_aside.values()) + len(result.unparseable)
    assert result.rows_read == accounted


def test_a_masked_line_in_a_node_must_match_the_line_given(tmp_path):
    doc = {"month": "202610", "items": [{"name": "手机：177xxxx5383", "fee": "1.00", "items": [
        {"name": "国内通话费", "fee": "1.00"}
    ]}]}  # fmt: skip
    assert read(tmp_path, doc).error == NO_LINE_FOUND.en
    assert "177****5383" in read(tmp_path, doc, line=LINE).error
    assert read(tmp_path, doc, line="17700005383").bills[0].line == "17700005383"


# ------------------------------------------------------------------------------ copies


def test_the_same_bill_given_twice_in_one_document_is_read_once(tmp_path):
    flat = unicom(("月固定费", "39.00", "-1", "1"), ("基本套餐费", "39.00", "1", "2"))
    doc = {
        "billList": [{"name": "月固定费", "amount": "39.00", "lines": [
            {"name": "基本套餐费", "amount": "39.00", "lines": []}
        ]}],
        "result": {"cycleId": "202006", "allFee": "39.00", "billInfo": flat},
    }  # fmt: skip
    result = read(tmp_path, doc, line="13000001234")
    assert [(c.item, c.locator) for c in result.charges] == [
        ("基本套餐费", "result.billInfo[1] (2)")
    ]
    assert result.set_aside["duplicate"] == 2


def test_month_totals_are_set_aside_and_checked_against_the_bill(tmp_path):
    items = unicom(("基本套餐费", "39.00", "-1", "1"))
    months = [{"fee": "40.00", "cycleid": "202006"}, {"fee": "47.10", "cycleid": "201907"}]
    doc = {
        "result": {"cycleId": "202006", "allFee": "39.00", "billInfo": items},
        "totalMonthData": months,
    }
    result = read(tmp_path, doc, line="13000001234")
    assert result.warnings == [
        "totalMonthData[0]: gives 2020-06 as 40.00, the bill states 39.00",
        "totals without their items for 1 month (2019-07…2019-07): not audited",
    ]
    assert result.set_aside["total"] == 3


# ------------------------------------------------------------------------------ errors


def test_a_list_of_numbers_is_named_in_the_error(tmp_path):
    assert read(tmp_path, [1, 2, 3]).error.startswith(
        "JSON is not a bill or service list auditor knows (a list of 3 values;"
    )


def test_a_document_of_empty_months_has_nothing_to_audit(tmp_path):
    result = read(tmp_path, {"202007": [], "202008": []}, line=LINE)
    assert result.error is None and not result.bills
    assert result.alerts == ["the document holds no bill and no service: nothing to audit"]
