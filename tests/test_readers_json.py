"""The portal JSON reader: goldens for every fixture and the real China Mobile sample, the
real sample's six months reconciling, cancelFlag states, fen amounts in the China Telecom
tree, sums that do not add up, bad inputs, and the same audit as the household's XLSX bills.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from readers_golden import check_golden, fixture_cases, golden_for, normalised, read

from auditor.errors import InputError
from auditor.model import ACTIVE, ENDED
from auditor.pipeline import AuditOptions, run_audit
from auditor.readers import ReadOptions, read_file
from auditor.readers.base import NO_LINE_FOUND
from auditor.readers.portal_json import PortalJsonReader
from auditor.tables import bills_table

# Reader errors and warnings are checked as an English-speaking user reads them.
pytestmark = pytest.mark.usefixtures("english")

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures" / "json"
REAL_BILLINFO = ROOT / "fixtures" / "realworld" / "china-mobile-billinfo.json"
GOLDEN = Path(__file__).resolve().parent / "golden" / "json"
LINE_A = "13800001234"

CASES = fixture_cases(FIXTURES, "*.json", REAL_BILLINFO, LINE_A)


def write_json(tmp_path: Path, name: str, doc) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


# ----------------------------------------------------------------------- goldens


@pytest.mark.parametrize("case", CASES)
def test_golden(case):
    path, options = case
    check_golden(golden_for(GOLDEN, FIXTURES, path), normalised(read_file(path, options)))


@pytest.mark.parametrize("case", CASES)
def test_every_record_is_accounted_for(case):
    path, options = case
    result = read_file(path, options)
    assert result.reader == "portal-json"
    accounted = result.rows_used + sum(result.set_aside.values()) + len(result.unparseable)
    assert result.rows_read == accounted
    assert not result.unparseable


# ----------------------------------------------------------------------- China Mobile


def test_real_billinfo_reads_six_months_that_reconcile():
    result = read(REAL_BILLINFO, line=LINE_A)
    bills = bills_table([result])
    assert sorted(bills["period"]) == [f"2018-0{m}" for m in range(1, 7)]
    assert (bills["stated_total_fen"] == bills["parsed_total_fen"]).all()
    assert dict(zip(bills["period"], bills["stated_total_fen"], strict=True)) == {
        "2018-01": 4758,
        "2018-02": 7014,
        "2018-03": 22526,
        "2018-04": 5360,
        "2018-05": 3384,
        "2018-06": 2304,
    }
    assert result.warnings == []
    assert {c.carrier for c in result.charges} == {"china-mobile"}


def test_real_billinfo_without_a_line_names_the_option():
    result = read(REAL_BILLINFO)
    assert result.error == NO_LINE_FOUND.en


def test_household_billinfo_has_the_statement_items():
    result = read(FIXTURES / "china-mobile" / f"{LINE_A}-billinfo.json")
    october = {(c.category, c.item): c.amount_fen for c in result.charges if c.period == "2026-10"}
    assert october == {
        ("plan", "4G飞享18元套餐（2018版）"): 1800,
        ("voice", "国内主叫通话费"): 230,
        ("vas", "视频彩铃订阅-酷电秀专属6元包"): 600,
        ("vas", "咪咕视频会员"): 1500,
        ("vas", "彩铃功能费"): 500,
        ("vas", "来电显示"): 0,
        ("discount", "话费优惠"): -500,
    }
    totals = {b.period: b.stated_total_fen for b in result.bills}
    assert totals == {"2026-08": 4250, "2026-09": 4020, "2026-10": 4130}


SECTIONS = [
    # (code, value, items, expected charges as (category, item, amount, section))
    ("05", "0.40", [], [("vas", "", 40, "增值业务费")]),
    ("05", "0.00", [], []),
    ("06", "3.00", [("手机报", "3.00")], [("third-party", "手机报", 300, "代收费")]),
    ("11", "-2.00", [], [("discount", "", -200, "业务费用减免")]),
    ("07", "1.00", [("某项费用", "1.00")], [("other", "某项费用", 100, "07")]),
    ("07", "2.00", [("咪咕阅读会员", "2.00")], [("vas", "咪咕阅读会员", 200, "07")]),
]


@pytest.mark.parametrize("code, value, items, expected", SECTIONS)
def test_billinfo_sections(tmp_path, code, value, items, expected):
    infos = [{"itemName": n, "itemValue": v} for n, v in items]
    month = {
        "billMonth": "202610",
        "billFee": value,
        "billMaterials": [
            {"billEntriy": code, "billEntriyValue": value, "billMaterialInfos": infos}
        ],
    }
    path = write_json(tmp_path, f"{LINE_A}.json", {"retCode": "000000", "data": [month]})
    result = read(path)
    got = [(c.category, c.item, c.amount_fen, c.section) for c in result.charges]
    assert got == expected
    # A month with nothing charged at all is no bill (not yet billed), not a 0.00 one.
    stated = [b.stated_total_fen for b in result.bills]
    assert stated == ([parse_value(value)] if expected else [])


@pytest.mark.parametrize("fee", ["-0", "0.00", "0"])
def test_billinfo_month_with_no_charge_at_all_is_no_bill(tmp_path, fee):
    zero = {"billEntriy": "01", "billEntriyValue": "0.00", "billMaterialInfos": []}
    months = [
        {"billMonth": "202609", "billFee": fee, "billMaterials": []},
        {"billMonth": "202610", "billFee": fee, "billMaterials": [zero]},
        {"billMonth": "202611", "billFee": "6.00", "billMaterials": []},
    ]
    result = read(write_json(tmp_path, f"{LINE_A}.json", {"data": months}))
    # 2026-11 states 6.00 with nothing under it: a bill that cannot add up, and an unread row
    assert [(b.period, b.stated_total_fen) for b in result.bills] == [("2026-11", 600)]
    assert [u.locator for u in result.unparseable] == ["data[2].billFee"]
    assert result.warnings == [
        "no bill for 202609, 202610: the document lists them with no charge at all "
        "(not yet billed?)"
    ]
    assert result.set_aside["empty"] == 3
    assert result.rows_read == result.rows_used + sum(result.set_aside.values()) + 1


def parse_value(value: str) -> int:
    yuan, fen = value.lstrip("-").split(".")
    sign = -1 if value.startswith("-") else 1
    return sign * (int(yuan) * 100 + int(fen))


def test_billinfo_section_that_is_not_its_items_sum_is_a_warning(tmp_path):
    month = {
        "billMonth": "202610",
        "billFee": "8.00",
        "billMaterials": [
            {
                "billEntriy": "05",
                "billEntriyValue": "8.00",
                "billMaterialInfos": [{"itemName": "彩铃功能费", "itemValue": "5.00"}],
            }
        ],
    }
    result = read(write_json(tmp_path, f"{LINE_A}.json", {"data": [month]}))
    assert result.warnings == [
        "data[0].billMaterials[0]: 增值业务费 says 8.00 but its items add up to 5.00"
    ]
    bill = bills_table([result]).iloc[0]
    assert (bill["stated_total_fen"], bill["parsed_total_fen"]) == (800, 500)


def test_billinfo_unreadable_item_is_kept(tmp_path):
    month = {
        "billMonth": "202610",
        "billFee": "5.00",
        "billMaterials": [
            {
                "billEntriy": "05",
                "billEntriyValue": "5.00",
                "billMaterialInfos": [{"itemName": "彩铃功能费", "itemValue": "五元"}],
            }
        ],
    }
    result = read(write_json(tmp_path, f"{LINE_A}.json", {"data": [month]}))
    assert [u.locator for u in result.unparseable] == [
        "data[0].billMaterials[0].billMaterialInfos[0]"
    ]
    assert result.rows_read == result.rows_used + sum(result.set_aside.values()) + 1


# ----------------------------------------------------------------------- China Telecom


def sunert_tree(line_label: str = "手机：177xxxx5383") -> dict:
    """The China Telecom response of github.com/Sunert/Scripts issue 4, in its wrapper."""
    rows = [
        ("4740", "爽卡", "1000", "0", "1"),
        ("4740", line_label, "1001", "1000", "2"),
        ("4740", "套餐及叠加包超出费用", "1002", "1001", "3"),
        ("4700", "互联网使用费", "1003", "1002", "4"),
        ("4700", "4G流量费", "1004", "1003", "5"),
        ("20", "短信彩信费", "1005", "1002", "4"),
        ("20", "短信通讯费", "1006", "1005", "5"),
        ("20", "语音通信费", "1007", "1002", "4"),
        ("20", "国内通话费", "1008", "1007", "5"),
        ("500", "套餐及叠加包月基本费", "1009", "1001", "3"),
        ("500", "套餐月基本费", "1010", "1009", "4"),
        ("-500", "优惠费用", "1011", "1001", "3"),
        ("-500", "优惠费用", "1012", "1011", "4"),
    ]
    keys = ("charge", "chargetypeName", "classId", "parentClassId", "showLevel")
    items = [dict(zip(keys, row, strict=True)) for row in rows]
    return {"serviceResultCode": "0", "items": [{"acctName": None, "items": items}]}


def test_telecom_charges_are_fen_and_only_leaves_count(tmp_path):
    path = write_json(tmp_path, "电信账单-202009.json", sunert_tree())
    result = read(path, line="17700005383")
    got = {c.item: (c.category, c.amount_fen) for c in result.charges}
    assert got == {
        "4G流量费": ("data", 4700),
        "短信通讯费": ("sms", 20),
        "国内通话费": ("voice", 20),
        "套餐月基本费": ("plan", 500),
        "优惠费用": ("discount", -500),
    }
    assert [(b.line, b.period, b.stated_total_fen) for b in result.bills] == [
        ("17700005383", "2020-09", 4740)
    ]
    assert result.warnings == []
    assert dict(result.set_aside) == {"total": 1, "subtotal": 1, "section": 6}


def test_telecom_masked_line_must_agree_with_the_given_line(tmp_path):
    path = write_json(tmp_path, "电信账单-202009.json", sunert_tree())
    assert read(path).error == NO_LINE_FOUND.en
    error = read(path, line="18900189003").error
    assert "189****9003" in error and "177****5383" in error


def test_telecom_full_number_and_bare_list(tmp_path):
    doc = sunert_tree("手机：18900189003")["items"][0]["items"]
    result = read(write_json(tmp_path, "bill.json", doc), period="2026-10")
    assert {(b.line, b.period) for b in result.bills} == {("18900189003", "2026-10")}


def test_telecom_parent_not_sum_of_children_is_a_warning_and_a_mismatch():
    result = read(FIXTURES / "china-telecom" / "18900189003-2026年10月.json")
    assert result.warnings == [
        "items[0].items[4] (1004): 套餐及叠加包超出费用 says 6.00 but its items add up to 4.00"
    ]
    bill = bills_table([result]).iloc[0]
    assert (bill["line"], bill["period"]) == ("18900189003", "2026-10")
    assert (bill["stated_total_fen"], bill["parsed_total_fen"]) == (4100, 3900)


def test_telecom_node_without_its_parent_is_unparseable(tmp_path):
    doc = sunert_tree("手机：18900189003")
    doc["items"][0]["items"][5]["parentClassId"] = "9999"  # 短信彩信费 loses its parent
    result = read(write_json(tmp_path, "bill-202610.json", doc))
    assert [u.reason.split(" is ")[0] for u in result.unparseable] == [
        "its parent classId 9999",
        "its parent classId 1005",
    ]
    assert result.rows_read == result.rows_used + sum(result.set_aside.values()) + 2


def test_telecom_amount_in_yuan_is_not_taken_for_fen(tmp_path):
    doc = sunert_tree("手机：18900189003")
    doc["items"][0]["items"][4]["charge"] = "47.00"
    result = read(write_json(tmp_path, "bill-202610.json", doc))
    assert result.unparseable[0].locator == "items[0].items[4] (1004)"
    assert "not an amount in fen" in result.unparseable[0].reason


# ----------------------------------------------------------------------- China Unicom


def test_unicom_history_bills_reconcile_from_their_flat_trees():
    paths = sorted((FIXTURES / "china-unicom").glob("*-账单-*.json"))
    results = [read(path) for path in paths]
    bills = bills_table(results)
    assert list(bills["period"]) == ["2026-08", "2026-09", "2026-10"]
    assert list(bills["stated_total_fen"]) == [4140, 4900, 5360]
    assert (bills["stated_total_fen"] == bills["parsed_total_fen"]).all()
    sp = [c for r in results for c in r.charges if c.category == "third-party"]
    assert [(c.period, c.item, c.section) for c in sp] == [
        ("2026-10", "手机报-新闻早晚报", "代收费（信息费）")
    ]
    # writeOffFee (payments) beside allFee is never taken for the bill's total
    assert all(r.carrier == "china-unicom" and not r.warnings for r in results)


def test_nested_items_with_a_provider_and_a_total_item(tmp_path):
    bill = {
        "cycleId": "202610",
        "billItems": [
            {"name": "月固定费", "fee": "29.00", "items": [{"name": "套餐", "fee": "29.00"}]},
            {"name": "代收费", "fee": "3.00", "items": [
                {"name": "手机报", "fee": "3.00", "spName": "北京某某信息技术有限公司"}
            ]},
            {"name": "实际应缴合计", "fee": "32.00"},
        ],
    }  # fmt: skip
    doc = {"data": {"serialNumber": "18600005678", "billList": [bill]}}
    result = read(write_json(tmp_path, "bill.json", doc))
    assert [(c.item, c.provider, c.amount_fen) for c in result.charges] == [
        ("套餐", "", 2900),
        ("手机报", "北京某某信息技术有限公司", 300),
    ]
    assert [(b.period, b.stated_total_fen) for b in result.bills] == [("2026-10", 3200)]


def test_unicom_portal_json_audits_like_the_household_files():
    household = ROOT / "fixtures" / "household" / "china-unicom"
    assert findings([FIXTURES / "china-unicom"]) == findings([household])


# 4 has no documented meaning (shared/realworld: 待生效 in one app, yet on products active
# for months): its entries take their state from their dates, with a note, not a warning.
CANCEL_FLAGS = [("0", ACTIVE, 0), ("4", "", 0), ("1", ENDED, 0), (0, ACTIVE, 0), ("9", "", 1)]


@pytest.mark.parametrize("flag, status, warnings", CANCEL_FLAGS)
def test_unicom_cancel_flag(tmp_path, flag, status, warnings):
    product = {"productName": "沃音乐会员", "productFee": "10元/月", "cancelFlag": flag}
    doc = {"data": {"serialNumber": "18600005678", "productList": [product]}}
    result = read(write_json(tmp_path, "products.json", doc))
    assert result.kind == "services"
    [service] = result.services
    assert (service.status, service.price_fen, service.line) == (status, 1000, "18600005678")
    assert len(result.warnings) == warnings
    assert any("cancelFlag 4" in note for note in result.notes) == (flag == "4")


def test_unicom_products_missing_optional_fields(tmp_path):
    doc = {"productList": [{"productName": "联通视频彩铃"}, {"productFee": "5元/月"}]}
    result = read(write_json(tmp_path, "18600005678-products.json", doc))
    assert [(s.name, s.price_fen, s.status) for s in result.services] == [
        ("联通视频彩铃", None, "")
    ]
    assert [u.locator for u in result.unparseable] == ["productList[1]"]


@pytest.mark.parametrize("odd", [5, "abc", {"name": "x"}])
def test_items_are_read_from_the_key_that_holds_a_list_of_them(tmp_path, odd):
    bill = {"cycleId": "202610", "realFee": "1.00", "billItems": odd}
    bill["feeItems"] = [{"name": "月固定费", "fee": "1.00"}]
    doc = {"data": {"serialNumber": "18600005678", "billList": [bill]}}
    result = read(write_json(tmp_path, "bill.json", doc))
    assert result.error is None
    # A list of items with no sections: each is an item of its own category
    assert [(c.item, c.category, c.amount_fen) for c in result.charges] == [
        ("月固定费", "plan", 100)
    ]
    assert result.unparseable == []


# ----------------------------------------------------------------------- bad inputs

BAD = [
    ("invalid.json", b'{"data": [\n  {"billMonth": "202610",}\n]}', "line 2 column 26"),
    ("other.json", b'{"name": "not a bill", "items": [1, 2]}', "JSON is not a bill"),
    ("empty.json", b"  \n", "file is empty"),
    ("list.json", b"[1, 2, 3]", "JSON is not a bill"),
    ("latin.json", b'{"a": "\xff\xfe\xfa"}', "neither UTF-8 nor GB18030"),
]


@pytest.mark.parametrize("name, data, message", BAD, ids=[b[0] for b in BAD])
def test_bad_json_is_a_clear_error_naming_the_file(tmp_path, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError) as caught:
        PortalJsonReader().read(path, data, ReadOptions())
    assert str(caught.value).startswith(str(path))
    assert message in str(caught.value)
    assert message in read_file(path, ReadOptions()).error


def test_unknown_shape_message_names_the_keys_it_saw(tmp_path):
    path = write_json(tmp_path, "x.json", {"hello": "world", "items": [1, 2]})
    assert read(path).error == (
        "JSON is not a bill or service list auditor knows (its top-level keys: hello, items; "
        "expected bill items with a name and an amount, China Mobile billinfo months, or "
        "subscribed products)"
    )


# ----------------------------------------------------------------------- the audit


def findings(paths: list[Path]) -> list[tuple]:
    options = AuditOptions(as_of=date(2026, 11, 5), known_services=["彩铃功能费", "腾讯视频会员"])
    report = run_audit(paths, options)
    assert not report.failed_inputs, [r.error for r in report.failed_inputs]
    return sorted(
        (f.rule, f.line, f.service, tuple(f.periods), f.amount_fen, f.monthly_fen)
        for f in report.findings
    )


def test_billinfo_audits_like_the_household_statements():
    household = ROOT / "fixtures" / "household" / "china-mobile"
    from_json = findings(
        [
            FIXTURES / "china-mobile" / f"{LINE_A}-billinfo.json",
            household / f"{LINE_A}-已订业务.csv",
        ]
    )
    assert from_json == findings([household])
    assert ("lingering-charge", LINE_A, "视频彩铃订阅-酷电秀专属6元包", ("2026-10",), 600, 600) in (
        from_json
    )


def test_deeply_nested_json_is_a_clear_error(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    assert read(path).error == (
        "JSON nests 100,000 levels deep, over the 100-level limit (raise it with --max-json-depth)"
    )


def test_telecom_chain_deeper_than_the_recursion_limit_reads(tmp_path):
    depth = 3000
    keys = ("charge", "chargetypeName", "classId", "parentClassId", "showLevel")
    chain = [("100", "手机：18900189003" if i == 1 else f"第{i}层", i + 1, i) for i in range(depth)]
    items = [
        dict(zip(keys, (c, n, str(k), str(p), str(p + 1)), strict=True)) for c, n, k, p in chain
    ]
    result = read(write_json(tmp_path, "bill-202610.json", items))
    assert [(c.item, c.amount_fen) for c in result.charges] == [(f"第{depth - 1}层", 100)]
    assert result.rows_read == depth == sum(result.set_aside.values()) + 1


def test_a_broken_month_of_billinfo_is_reported_not_dropped(tmp_path):
    path = tmp_path / "13800001234-billinfo.json"
    path.write_text(
        '{"retCode":"000000","data":['
        '{"billMonth":"202610","billFee":"6.00","billMaterials":[{"billEntriy":"05",'
        '"billEntriyValue":"6.00","billMaterialInfos":[{"itemName":"彩铃","itemValue":"6.00"}]}]},'
        '{"billMonth":"202609","billFee":"abc","billMaterials":"oops"}]}',
        "utf-8",
    )
    result = read_file(path, ReadOptions())
    assert result.periods == ["2026-09", "2026-10"]  # the broken month is still a bill
    assert [(i.locator, i.reason) for i in result.unparseable] == [
        ("data[1].billMaterials", "expected a list of items"),
        ("data[1].billFee", "stated total: not an amount: 'abc'"),
    ]
    aside = sum(result.set_aside.values())
    assert result.rows_read == result.rows_used + aside + len(result.unparseable)
