"""Inputs that once read silently wrong, found by trying realistic variants of the real
exports as a user would (exit 0, no warning, a wrong reading). Each now reads right, or
says plainly what it cannot decide."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from auditor.catalog import detect_carrier
from auditor.pipeline import AuditOptions, run_audit
from auditor.readers import ReadOptions, read_file
from auditor.readers.base import NO_LINE_FOUND
from auditor.readers.detect import NO_PERIOD

# Reader errors and warnings are checked as an English-speaking user reads them.
pytestmark = pytest.mark.usefixtures("english")

LINE = "13800001234"
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "realworld"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def read(path: Path, **options):
    return read_file(path, ReadOptions(as_of=date(2026, 11, 25), **options))


def test_a_print_or_export_date_is_not_the_billing_month(tmp_path):
    # The file's name gives the month; 导出时间 gives when it was saved, a month later.
    bill = (
        "中国移动 话费账单\n手机号码：13800001234\n导出时间：2026-11-03 10:22\n"
        "费用类别,费用项目,金额\n套餐及固定费,4G飞享套餐,58.00\n增值业务费,咪咕视频会员,15.00\n"
        "合计,,73.00\n"
    )
    path = write(tmp_path / LINE, "2026年10月账单.csv", bill)
    assert [b.period for b in read(path).bills] == ["2026-10"]
    undated = write(tmp_path, "账单.csv", bill.replace("导出时间", "打印日期"))
    assert read(undated).error == NO_PERIOD.en


def test_an_amount_column_headed_in_fen_is_read_as_fen(tmp_path):
    text = "手机号码：13800001234\n账期：2026年10月\n"
    text += "费用项目,金额（分）\n套餐及固定费,5800\n合计,5800\n"
    result = read(write(tmp_path, "bill.csv", text))
    assert [(c.amount_fen, b.stated_total_fen) for c in result.charges for b in result.bills] == [
        (5800, 5800)
    ]
    assert "amounts in fen: the amount column is headed in 分" in result.notes
    half = read(write(tmp_path, "half.csv", text.replace("5800\n合计", "58.50\n合计")))
    # 58.50 is no count of fen: the column's unit is wrong, so the file is refused
    # (tests/test_stated_units.py), never some of its rows read 100 times too small.
    assert "'58.50' is no whole number of fen" in half.error


def test_billinfo_written_in_whole_numbers_does_not_pass_for_yuan(tmp_path):
    month = {"billMonth": "201610", "billFee": "1900", "billMaterials": [
        {"billEntriy": "01", "billEntriyValue": "1900", "billMaterialInfos": [
            {"itemName": "套餐", "itemValue": "1900"}]}]}  # fmt: skip
    path = write(tmp_path, "billinfo.json", json.dumps({"data": [month]}))
    assert "give --amount-unit" in read(path, line=LINE).error
    assert read(path, line=LINE, amount_unit="fen").bills[0].stated_total_fen == 1900


def test_a_fen_shape_written_in_yuan_numbers_is_decided_by_its_sums(tmp_path):
    keys = ("charge", "chargetypeName", "classId", "parentClassId")
    rows = [
        (47.4, "手机：17700005383", "1", "0"),
        (9.4, "语音通信费", "2", "1"),
        (5, "国内通话费", "3", "2"),
        (4.4, "国内漫游费", "4", "2"),
        (38, "套餐月基本费", "5", "1"),
    ]
    items = [dict(zip(keys, row, strict=True)) for row in rows]
    path = write(tmp_path, "bill.json", json.dumps({"billMonth": "202610", "items": items}))
    result = read(path)
    assert [c.amount_fen for c in result.charges] == [500, 440, 3800]
    assert result.bills[0].stated_total_fen == 4740 and not result.unparseable


def test_a_yuan_total_beside_fen_items_is_the_total(tmp_path):
    doc = {"billMonth": "202610", "totalFee": "47.40", "items": [
        {"name": "套餐月基本费", "fee": "4700"}, {"name": "短信费", "fee": "40"}]}  # fmt: skip
    result = read(write(tmp_path, "bill.json", json.dumps(doc)), line=LINE)
    assert [(b.stated_total_fen, b.locator) for b in result.bills] == [(4740, "totalFee")]
    assert not result.unparseable


def test_a_bill_sms_with_numbered_items_and_an_advert_is_a_bill(tmp_path):
    text = (
        "【中国移动】尊敬的客户，您好！您2026年10月话费账单已出：本月消费合计68.00元，其中："
        "1.套餐及固定费58.00元；2.增值业务费10.00元。订购流量包请回复KTLL到10086。"
    )
    result = read(write(tmp_path, "sms.txt", text), line=LINE)
    assert result.services == []
    assert [(c.section, c.amount_fen) for c in result.charges] == [
        ("套餐及固定费", 5800),
        ("增值业务费", 1000),
    ]


def test_a_contact_number_is_not_the_line(tmp_path):
    doc = {"custInfo": {"contactMobile": "13912345678"},
           "202006": [{"itemName": "套餐", "itemValue": "38.00"}]}  # fmt: skip
    path = write(tmp_path / LINE, "bills.json", json.dumps(doc))
    assert [b.line for b in read(path).bills] == [LINE]


def test_a_line_in_a_field_of_its_own_node_starts_that_lines_bill(tmp_path):
    def line(number, fee):
        return {"billItemName": "移动电话", "accNbr": number, "amount": fee, "billItems": [
            {"billItemName": "套餐月基本费", "amount": fee, "billItems": []}]}  # fmt: skip

    doc = {"data": {"billItems": [line("17300000401", 150.3), line("17300000402", 0.1)]}}
    result = read(write(tmp_path, "bill.json", json.dumps(doc)), period="2026-10")
    assert sorted((b.line, b.stated_total_fen) for b in result.bills) == [
        ("17300000401", 15030),
        ("17300000402", 10),
    ]
    assert result.carrier == "china-telecom"  # 移动电话 is a mobile phone, not China Mobile


def test_a_file_named_for_another_line_is_said(tmp_path):
    doc = {"serialNumber": "18600005678", "billCycle": "202610", "items": [
        {"name": "套餐", "fee": "29.00"}]}  # fmt: skip
    result = read(write(tmp_path / LINE, "bill.json", json.dumps(doc)))
    assert [b.line for b in result.bills] == ["18600005678"]
    assert any("says line 13800001234, the document holds 18600005678" in a for a in result.alerts)


def test_generic_words_name_no_carrier():
    assert detect_carrier("移动电话 移动数据流量") is None
    assert detect_carrier("中国电信 电信用户申诉受理中心") == "china-telecom"


def test_a_print_date_in_a_folder_audit_raises_no_false_finding(tmp_path):
    bill = (
        "中国移动 话费账单\n手机号码：13800001234\n导出时间：2026-11-03 10:22\n"
        "费用类别,费用项目,金额\n增值业务费,咪咕视频会员,15.00\n合计,,15.00\n"
    )
    write(tmp_path / LINE, "2026年10月账单.csv", bill)
    write(
        tmp_path / LINE,
        "已订业务.csv",
        "业务名称,资费,生效时间,失效时间,状态\n咪咕视频会员,15元/月,2026-03-01,2026-10-31,已退订\n",
    )
    report = run_audit([tmp_path], AuditOptions(as_of=date(2026, 11, 25)))
    assert [f.rule for f in report.findings if f.severity == "high"] == []


def test_a_bill_title_naming_its_month_starts_that_months_bill(tmp_path):
    text = (
        "手机号码：18600005678\n费用项目,金额\n2026年09月账单\n套餐及固定费,58.00\n"
        "增值业务费,10.00\n合计,68.00\n2026年10月账单\n套餐及固定费,58.00\n增值业务费,15.00\n"
        "合计,73.00\n"
    )
    result = read(write(tmp_path, "bill.csv", text))
    assert [(b.period, b.stated_total_fen) for b in result.bills] == [
        ("2026-09", 6800),
        ("2026-10", 7300),
    ]
    assert not result.unparseable


def test_month_keys_written_in_chinese(tmp_path):
    doc = {"2020年06月": [{"itemName": "套餐", "itemValue": "38.00"}], "2020年05月": []}
    result = read(write(tmp_path, "bills.json", json.dumps(doc, ensure_ascii=False)), line=LINE)
    assert [(b.period, c.amount_fen) for b in result.bills for c in result.charges] == [
        ("2020-06", 3800)
    ]


def test_a_bill_in_traditional_characters_is_recognised(tmp_path):
    page = (
        "<html><head><meta charset='big5'></head><body><table>"
        "<tr><td>號碼：18600005678</td><td>賬期：2026年10月</td></tr></table><table>"
        "<tr><th>費用類別</th><th>費用項目</th><th>金額(元)</th></tr>"
        "<tr><td>增值業務費</td><td>沃音樂會員</td><td>10.00</td></tr>"
        "<tr><td>實際應繳合計</td><td></td><td>10.00</td></tr></table></body></html>"
    )
    path = tmp_path / "bill.html"
    path.write_bytes(page.encode("big5"))
    result = read(path)
    assert [(c.category, c.item, c.amount_fen) for c in result.charges] == [
        ("vas", "沃音樂會員", 1000)
    ]
    assert [(b.period, b.stated_total_fen) for b in result.bills] == [("2026-10", 1000)]


def test_two_copies_of_a_bill_that_differ_are_read_once_and_said(tmp_path):
    flat = [
        {"integrateItem": "基本套餐费", "fee": "39.00", "parentItemCode": "-1",
         "integrateItemCode": "1"},
    ]  # fmt: skip
    doc = {
        "billList": [{"name": "基本套餐费", "amount": "39.00", "lines": []},
                     {"name": "语音通话费", "amount": "5.00", "lines": []}],
        "result": {"cycleId": "202006", "allFee": "39.00", "billInfo": flat},
    }  # fmt: skip
    result = read(write(tmp_path, "bill.json", json.dumps(doc)), line="13000001234")
    assert [(b.period, b.stated_total_fen) for b in result.bills] == [("2020-06", 3900)]
    assert sum(c.amount_fen for c in result.charges) == 3900
    assert result.warnings[0].startswith("billList and result.billInfo both give the bill")


def test_an_option_replacing_a_stated_month_or_line_is_said(tmp_path):
    text = "手机号码：13800001234\n账期：2026年09月\n费用项目,金额\n套餐及固定费,58.00\n"
    result = read(write(tmp_path, "bill.csv", text), period="2026-10", line="13900001234")
    assert [(b.line, b.period) for b in result.bills] == [("13900001234", "2026-10")]
    assert result.alerts[:2] == [
        "the document states line 13800001234, read as 13900001234 (--line)",
        "the document states month 2026-09, read as 2026-10 (--period)",
    ]


def test_a_total_in_a_summary_table_under_the_bill_is_its_total(tmp_path):
    page = (
        "<table><tr><td>号码：18600005678</td><td>账期：2026年10月</td></tr></table>"
        "<table><tr><th>费用类别</th><th>费用项目</th><th>金额(元)</th></tr>"
        "<tr><td>月固定费</td><td>冰激凌套餐29元</td><td>29.00</td></tr>"
        "<tr><td>增值业务费</td><td>沃音乐会员</td><td>10.00</td></tr></table>"
        "<table><tr><td>本月费用合计：</td><td>39.00元</td></tr>"
        "<tr><td>本月应缴：</td><td>34.00元</td></tr></table>"
    )
    result = read(write(tmp_path, "bill.html", page))
    assert [(c.item, c.amount_fen) for c in result.charges] == [
        ("冰激凌套餐29元", 2900),
        ("沃音乐会员", 1000),
    ]
    assert [b.stated_total_fen for b in result.bills] == [3900]
    assert result.set_aside["payment"] == 1
    one_cell = page.replace(
        "<td>本月费用合计：</td><td>39.00元</td>", "<td>本月费用合计：39.00元</td>"
    )
    assert [b.stated_total_fen for b in read(write(tmp_path, "b.html", one_cell)).bills] == [3900]


def test_sms_totals_phrased_as_carriers_write_them(tmp_path):
    for phrase in ("本月合计", "本期合计", "本月费用总计", "本月账单金额", "本期消费合计："):
        text = f"【中国移动】尊敬的客户，您2026年10月{phrase}68.00元，"
        text += "其中套餐及固定费58.00元，增值业务费10.00元。"
        result = read(write(tmp_path, "sms.txt", text), line=LINE)
        assert [b.stated_total_fen for b in result.bills] == [6800], phrase


def test_a_running_balance_sms_is_not_a_bill(tmp_path):
    text = (
        "【中国移动】尊敬的客户，截至2026年10月20日24时，您的本月消费为45.60元，账户余额为12.34元。"
    )
    assert read(write(tmp_path, "sms.txt", text), line=LINE).error.startswith("no bill")


def test_one_message_without_its_line_costs_that_message_only(tmp_path):
    text = (
        "【账单提醒】您本账单周期为10月1日-10月31日，本期实际消费79.0元。【中国电信】\n"
        "【中国联通】尊敬的18600005678用户，您2026年10月份账单合计53.60元。主要费用项包括：月固定费29元。\n"
    )
    result = read(write(tmp_path, "sms.txt", text))
    assert [b.line for b in result.bills] == ["18600005678"]
    assert result.unparseable[0].reason == f"message 1: {NO_LINE_FOUND.en}"


def test_a_file_of_messages_from_two_carriers_raises_no_carrier_alert(tmp_path):
    text = (
        "【中国电信】尊敬的用户，您的号码18900189003本月话费合计89.50元，其中套餐月基本费59.00元。\n"
        "【中国联通】尊敬的18600005678用户，您2026年10月份账单合计53.60元。主要费用项包括：月固定费29元。\n"
    )
    result = read(write(tmp_path, "sms.txt", text), period="2026-10")
    assert {b.carrier for b in result.bills} == {"china-telecom", "china-unicom"}
    assert not [a for a in result.alerts if a.startswith("carrier")]


def test_a_missing_month_error_names_the_file_and_folder_names_it_is_read_from(tmp_path):
    # trial t14: China Telecom's family JSON, no month in it, was told of --period alone;
    # its month is read from a folder's name as the error now says
    sample = (FIXTURES / "china-telecom-family-bill-2lines.json").read_bytes()
    (tmp_path / "女儿").mkdir()
    (tmp_path / "女儿" / "电信家庭账单.json").write_bytes(sample)
    error = read(tmp_path / "女儿" / "电信家庭账单.json").error
    assert error == NO_PERIOD.en and "folder's name, as in 2026-10/" in error
    (tmp_path / "2026-10").mkdir()
    (tmp_path / "2026-10" / "电信家庭账单.json").write_bytes(sample)
    assert {b.period for b in read(tmp_path / "2026-10" / "电信家庭账单.json").bills} == {"2026-10"}
