"""The SMS reader: goldens for every fixture, several messages per file, bill reminders
and their category-level charges reaching the audit, service replies, which .txt files
it claims, and clear errors for files with no message auditor reads (totals, items,
months without a year, notices, orders and accounting: test_readers_sms_bills.py)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from readers_golden import check_golden, fixture_cases, golden_for, normalised, read
from sms_files import (
    FIXTURES,
    GOLDEN,
    LINE_B,
    NO_YEAR,
    NOTICE,
    ORDERS,
    REAL_SMS,
    check_accounting,
    write,
)

from auditor.errors import InputError
from auditor.model import ACTIVE
from auditor.pipeline import AuditOptions, run_audit
from auditor.readers import ReadOptions, read_file
from auditor.readers.base import NO_LINE_FOUND
from auditor.readers.detect import NO_PERIOD
from auditor.readers.sms import SmsReader, split_messages
from auditor.tables import bills_table
from auditor.writers.months import month_figures

# Reader errors and warnings are checked as an English-speaking user reads them.
pytestmark = pytest.mark.usefixtures("english")

CASES = fixture_cases(FIXTURES, "*.txt", REAL_SMS, LINE_B)


# ----------------------------------------------------------------------- goldens


@pytest.mark.parametrize("case", CASES)
def test_golden(case):
    path, options = case
    check_golden(golden_for(GOLDEN, FIXTURES, path), normalised(read_file(path, options)))


@pytest.mark.parametrize("case", CASES)
def test_every_line_is_accounted_for(case):
    path, options = case
    result = read_file(path, options)
    assert result.reader == "sms"
    check_accounting(result, path.read_text("utf-8"))


# ----------------------------------------------------------------------- bill reminders


def test_real_sample_gives_month_total_and_category_level_charges():
    result = read(REAL_SMS, line=LINE_B)
    assert [(b.line, b.period, b.stated_total_fen) for b in result.bills] == [
        (LINE_B, "2022-06", 2240)
    ]
    got = [(c.category, c.item, c.amount_fen, c.section) for c in result.charges]
    assert got == [("plan", "", 2200, "月固定费"), ("vas", "", 40, "增值业务费")]
    assert result.carrier == "china-unicom"


def test_real_sample_number_is_not_a_mobile_number():
    # 12345678912 has prefix 12: no line may be made of it.
    assert read(REAL_SMS).error == NO_LINE_FOUND.en


def test_line_from_the_folder_name(tmp_path):
    folder = tmp_path / LINE_B
    folder.mkdir()
    path = folder / "bill.txt"
    path.write_bytes(REAL_SMS.read_bytes())
    assert read(path).bills[0].line == LINE_B


def test_several_messages_in_one_file():
    result = read(FIXTURES / "china-unicom" / "联通账单短信-2026年.txt")
    bills = bills_table([result])
    assert list(zip(bills["period"], bills["stated_total_fen"], strict=True)) == [
        ("2026-08", 4140),
        ("2026-09", 4900),
        ("2026-10", 5360),
    ]
    # The reminder lists only the main fee items: the stated total is kept, not trusted.
    assert list(bills["parsed_total_fen"]) == [4640, 5400, 5700]
    october = [
        (c.category, c.amount_fen, c.locator) for c in result.charges if c.period > "2026-09"
    ]
    assert october == [
        ("plan", 2900, "line 5"),
        ("vas", 2500, "line 6"),
        ("third-party", 300, "line 6"),
    ]
    assert result.warnings == [
        "line 4: 实际应付 50.00 is 3.60 less than 账单合计 53.60: usually what is left to pay "
        "after a prepaid balance or discounts (预存/优惠抵扣); normal, not a finding"
    ]


SPLITS = [
    # (text, how many messages)
    ("【账单提醒】尊敬的A用户…【中国联通】\n\n【账单提醒】尊敬的B用户…【中国联通】", 2),
    ("【账单提醒】尊敬的A用户…【中国联通】\n【账单提醒】尊敬的B用户…【中国联通】", 2),
    ("【账单提醒】尊敬的A用户…【中国联通】【账单提醒】尊敬的B用户…【中国联通】", 2),
    ("尊敬的A用户…。尊敬的B用户…。", 2),
    ("【中国移动】尊敬的客户，您好！业务如下：\n1.甲，6元/月；\n2.乙，免费。【中国移动】", 1),
    ("您好，您当前订购的业务如下：\n1.甲\n您好，另一条", 2),
    (ORDERS.read_text("utf-8"), 2),  # 订购提醒：尊敬的… starts a message, not 尊敬的 alone
    ("尊敬的客户，您好！您已成功订购甲，免费。订购提醒：尊敬的客户，您好！您已成功订购乙。", 2),
]


@pytest.mark.parametrize("text, count", SPLITS)
def test_split_messages(text, count):
    assert len(split_messages(text.splitlines())) == count


def test_bill_message_without_a_month_is_an_error(tmp_path):
    path = write(tmp_path, f"{LINE_B}.txt", "【中国联通】尊敬的用户，您的账单合计22.40元。")
    assert read(path).error == NO_PERIOD.en
    assert read(path, period="2026-10").bills[0].period == "2026-10"


def test_masked_number_must_agree_with_the_file_name(tmp_path):
    text = "【账单提醒】尊敬的186****5678用户，您2026年10月份账单合计53.60元。【中国联通】"
    assert read(write(tmp_path, f"{LINE_B}.txt", text)).bills[0].line == LINE_B
    error = read(write(tmp_path, "13800001234.txt", text)).error
    assert "138****1234" in error and "186****5678" in error


def test_category_level_charge_reaches_unknown_vas():
    options = AuditOptions(as_of=date(2022, 7, 5), read=ReadOptions(line=LINE_B))
    report = run_audit([REAL_SMS], options)
    vas = [f for f in report.findings if f.rule == "unknown-vas"]
    assert [(f.line, f.periods, f.amount_fen) for f in vas] == [(LINE_B, ["2022-06"], 40)]
    assert "增值业务费" in vas[0].service


# ----------------------------------------------------------------------- service lists


def test_0000_reply_lists_the_services():
    result = read(FIXTURES / "china-mobile" / "13800001234-0000回复.txt")
    assert result.kind == "services" and result.carrier == "china-mobile"
    got = [(s.line, s.name, s.price_fen, s.provider, s.status) for s in result.services]
    assert got == [
        ("13800001234", "视频彩铃订阅-酷电秀专属6元包", 600, "咪咕音乐有限公司", ACTIVE),
        ("13800001234", "咪咕视频会员", 1500, "咪咕视频科技有限公司", ACTIVE),
        ("13800001234", "彩铃功能费", 500, "中国移动", ACTIVE),
        ("13800001234", "4G飞享18元套餐（2018版）", 1800, "", ACTIVE),
        ("13800001234", "来电显示", 0, "", ACTIVE),
    ]


ENTRIES = [
    # (entry text, name, monthly fen, provider)
    ("1.手机报（3元/月）", "手机报（3元/月）", 300, ""),
    ("1.咪咕阅读，10元/30天，由咪咕数字传媒有限公司提供", "咪咕阅读", 1000, "咪咕数字传媒有限公司"),
    ("1.来电提醒，2.00元/月", "来电提醒", 200, ""),
    ("1.游戏点数，5元/次", "游戏点数", None, ""),
    ("1.流量包", "流量包", None, ""),
]


@pytest.mark.parametrize("entry, name, price, provider", ENTRIES)
def test_service_entries(tmp_path, entry, name, price, provider):
    text = f"【中国移动】您当前订购的业务如下：{entry}。回复序号退订。【中国移动】"
    result = read(write(tmp_path, "13800001234.txt", text))
    [service] = result.services
    assert (service.name, service.price_fen, service.provider) == (name, price, provider)


# ----------------------------------------------------------------------- which files, errors

IDENTIFY = [
    # (name, text, claimed)
    ("bill.txt", REAL_SMS.read_text("utf-8"), True),
    ("bill.csv", REAL_SMS.read_text("utf-8"), False),
    (
        "table.txt",
        "中国电信 天翼 账单\n\n套餐费\t\t39.00\n\t套餐月基本费\t39.00\n合计\t\t39.00\n",
        False,
    ),
    ("table.txt", "号码,费用月份,项目,金额\n18600005678,2026-10,尊敬的用户费,1.00\n", False),
    ("notes.txt", "shopping list\nmilk\n", False),
    ("reply.txt", "您当前订购的业务如下：1.甲，6元/月", True),
    ("bill.txt", NO_YEAR.read_text("utf-8"), True),
    ("bill.txt", NOTICE.read_text("utf-8"), True),
    ("orders.txt", ORDERS.read_text("utf-8"), True),
    ("orders.txt", "您已成功订购由中国移动通信集团北京有限公司提供的飞信，免费。", True),
    ("bill.txt", "您本账单周期为7月1日-7月31日，本期实际消费79.0元。", True),
    ("bill.txt", "您2026年10月份本月话费合计53.60元。", True),
    ("bill.txt", "您2026年10月份本期费用53.60元。", True),
    ("notice.txt", "您2025年12月份通信账单信息：计费周期：12月1日-12月31日。", True),
]


@pytest.mark.parametrize("name, text, claimed", IDENTIFY)
def test_identify(name, text, claimed):
    assert SmsReader().identify(Path(name), text.encode("utf-8")) is claimed


def test_identify_tolerates_a_character_cut_at_the_head(tmp_path):
    head = REAL_SMS.read_bytes()[:50]  # ends inside a three-byte character
    assert SmsReader().identify(Path("bill.txt"), head)


def test_gb18030_file_reads(tmp_path):
    path = tmp_path / f"{LINE_B}.txt"
    path.write_bytes(REAL_SMS.read_text("utf-8").encode("gb18030"))
    assert read(path).bills[0].stated_total_fen == 2240


def test_no_recognisable_message_is_a_clear_error(tmp_path):
    path = write(tmp_path, "x.txt", "【中国移动】尊敬的客户，您好！流量已用完。\n")
    with pytest.raises(InputError) as caught:
        SmsReader().read(path, path.read_bytes(), ReadOptions())
    assert str(caught.value).startswith(str(path))
    assert "no bill or service-list SMS found" in str(caught.value)


def test_empty_file_is_an_error(tmp_path):
    path = write(tmp_path, "x.txt", "\n  \n")
    with pytest.raises(InputError, match="file is empty"):
        SmsReader().read(path, path.read_bytes(), ReadOptions())
    assert read(path).error == "file is empty"


def test_unrecognised_message_beside_a_bill_is_kept(tmp_path):
    text = REAL_SMS.read_text("utf-8") + "\n【中国联通】尊敬的用户，您的流量已用完。\n"
    result = read(write(tmp_path, f"{LINE_B}.txt", text))
    assert len(result.bills) == 1
    assert [(u.locator, u.text) for u in result.unparseable] == [
        ("line 3", "【中国联通】尊敬的用户，您的流量已用完。")
    ]
    assert dict(result.set_aside) == {"blank": 1}


def test_a_bad_amount_costs_only_its_own_figure(tmp_path):
    """53.605 and 29.005 are not amounts: those figures are unreadable, the rest is read."""
    path = tmp_path / "sms.txt"
    path.write_text(
        "【账单提醒】尊敬的18600005678用户，您2026年10月份账单合计53.605元，实际应付53.60元。"
        "主要费用项包括：月固定费29.005元，增值业务费10.00元。【中国联通】\n",
        "utf-8",
    )
    result = read_file(path, ReadOptions())
    assert result.error is None
    assert [(c.section, c.amount_fen) for c in result.charges] == [("增值业务费", 1000)]
    assert [b.stated_total_fen for b in result.bills] == [None]  # unreconciled, not trusted
    reasons = [issue.reason for issue in result.unparseable]
    assert len(reasons) == 2 and "账单合计" in reasons[0] and "月固定费" in reasons[1]


def test_a_reminder_listing_main_items_is_partial_even_when_they_add_up(tmp_path):
    """Reminders list only the 主要费用项: a discount left out must not look like overbilling,
    and items that happen to add up to the total are no proof that nothing was left out."""
    path = tmp_path / "sms.txt"
    path.write_text(
        "【账单提醒】尊敬的18600005678用户，您2026年10月份账单合计24.00元，实际应付24.00元。"
        "主要费用项包括：月固定费29元。【中国联通】\n"
        "【账单提醒】尊敬的18600005678用户，您2026年09月份账单合计22.40元，实际应付22.40元。"
        "主要费用项包括：月固定费22元，增值业务费0.40元。【中国联通】\n",
        "utf-8",
    )
    result = read_file(path, ReadOptions())
    partial = {b.period: b.partial for b in result.bills}
    assert partial == {"2026-10": True, "2026-09": True}
    report = run_audit([path], AuditOptions(as_of=date(2026, 11, 5)))
    assert not [f for f in report.findings if f.rule == "bill-total-mismatch"]
    verdicts = {m.period: m.reconciled for m in month_figures(report)}
    assert verdicts == {"2026-09": "unreconciled", "2026-10": "unreconciled"}


def test_a_random_txt_gets_a_clear_error(tmp_path):
    path = write(tmp_path, "notes.txt", "shopping list\nmilk\n")
    assert read(path).error == "not a bill or service list auditor recognises (as sms or csv)"
