"""The SMS reader: goldens for every fixture, several messages per file, bill reminders
however they phrase their total and items, months without a year, bill notices without
amounts, service replies and order confirmations, category-level charges reaching the
audit, row accounting, linear time on any text, which .txt files it claims, and clear
errors for files with no message auditor reads.
"""

from __future__ import annotations

import random
import time
from datetime import date, datetime
from pathlib import Path

import pytest
from readers_golden import check_golden, fixture_cases, golden_for, normalised, read

from auditor.errors import InputError
from auditor.model import ACTIVE
from auditor.pipeline import AuditOptions, run_audit
from auditor.readers import ReadOptions, read_file
from auditor.readers.base import NO_LINE_FOUND
from auditor.readers.sms import SmsReader, split_messages
from auditor.readers.sms_bills import NOTICE_ALERT
from auditor.tables import bills_table
from auditor.writers.figures import month_figures

# Reader errors and warnings are checked as an English-speaking user reads them.
pytestmark = pytest.mark.usefixtures("english")

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures" / "sms"
REALWORLD = ROOT / "fixtures" / "realworld"
REAL_SMS = REALWORLD / "china-unicom-bill-sms.txt"
NO_YEAR = REALWORLD / "china-telecom-bill-sms-noyear.txt"
NOTICE = REALWORLD / "china-unicom-bill-notice-sms-2025-12-noamount.txt"
ORDERS = REALWORLD / "china-mobile-order-confirmation-sms-2014.txt"
AS_OF = date(2026, 11, 25)
GOLDEN = Path(__file__).resolve().parent / "golden" / "sms"
LINE_B = "18600005678"
LINE_C = "18900189003"  # China Telecom: the no-year reminder is from 【中国电信】

CASES = fixture_cases(FIXTURES, "*.txt", REAL_SMS, LINE_B)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def lines_giving(result) -> set[int]:
    """Text lines that gave a record: a charge, a service or an unreadable figure or line."""
    records = [*result.charges, *result.services, *result.unparseable]
    return {int(r.locator.split()[1]) for r in records}


def check_accounting(result, text: str) -> None:
    """Every record is a row, and every text line is counted once: it gave records, or it
    is set aside (blank, total, note), or it is unparseable."""
    accounted = result.rows_used + sum(result.set_aside.values()) + len(result.unparseable)
    assert result.rows_read == accounted
    assert len(lines_giving(result)) + sum(result.set_aside.values()) == len(text.splitlines())


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
    assert result.warnings == ["line 4: 实际应付 50.00 differs from 账单合计 53.60"]


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
    assert read(path).error == "could not detect period (give --period)"
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


# ----------------------------------------------------------------------- totals


def unicom(figures: str, items: str = "主要费用项包括：月固定费29元，增值业务费25元") -> str:
    """The real China Unicom reminder of 2026-10 with its figures and items replaced."""
    return (
        f"【账单提醒】尊敬的18600005678用户，您2026年10月份{figures}。{items}。"
        "查询账单详情请点击：https://u.10010.cn/tbmVp ，回复TDZD退订本短信。【中国联通】\n"
    )


TOTALS = [
    # (how the message states its total, the label the warning quotes)
    ("账单合计53.60元", "账单合计"),
    ("本月话费合计53.60元", "本月话费合计"),
    ("本月话费合计为53.60元", "本月话费合计"),
    ("本期费用53.60元", "本期费用"),
    ("本期费用合计53.60元", "本期费用合计"),
    ("本期实际消费53.6元", "本期实际消费"),
    ("本月消费53.60元", "本月消费"),
]


@pytest.mark.parametrize("total, label", TOTALS)
def test_the_total_however_it_is_phrased(tmp_path, total, label):
    path = write(tmp_path, "sms.txt", unicom(f"{total}，实际应付50.00元"))
    result = read(path)
    assert [b.stated_total_fen for b in result.bills] == [5360]
    assert result.warnings == [f"line 1: 实际应付 50.00 differs from {label} 53.60"]


@pytest.mark.parametrize("payable", ["实际应付50.00元", "本期应付金额为50.00元", "实付50.00元"])
def test_what_is_payable_is_never_the_total_even_before_it(tmp_path, payable):
    result = read(write(tmp_path, "sms.txt", unicom(f"{payable}，账单合计53.60元")))
    assert [b.stated_total_fen for b in result.bills] == [5360]
    assert len(result.warnings) == 1 and "differs from 账单合计 53.60" in result.warnings[0]


@pytest.mark.parametrize(
    "payable", ["实际应付50.00元", "本期应付金额为50.00元", "实付50.00元", "应缴金额50.00元"]
)
def test_a_message_with_only_what_is_payable_states_no_total(tmp_path, payable):
    result = read(write(tmp_path, "sms.txt", unicom(payable, items="")))
    [bill] = result.bills
    assert (bill.period, bill.stated_total_fen, result.charges) == ("2026-10", None, [])
    [warning] = result.warnings
    assert "50.00" in warning and "not the charges' total" in warning
    assert "states no total" in warning


def test_equal_total_and_payable_give_no_warning(tmp_path):
    result = read(write(tmp_path, "sms.txt", unicom("账单合计53.60元，实际应付53.60元")))
    assert result.warnings == []


# ----------------------------------------------------------------------- fee items

COMBINED = "语音、短信及流量等费用合计8.30元"


def test_a_combined_item_is_one_item_and_not_the_total(tmp_path):
    text = unicom("账单合计37.30元，实际应付37.30元", f"主要费用项包括：月固定费29元，{COMBINED}")
    result = read(write(tmp_path, "sms.txt", text))
    assert [b.stated_total_fen for b in result.bills] == [3730]
    got = [(c.category, c.item, c.amount_fen, c.section) for c in result.charges]
    assert got == [
        ("plan", "", 2900, "月固定费"),
        ("voice", "", 830, "语音、短信及流量等费用合计"),  # its first word: 语音
    ]
    assert result.warnings == []


def test_items_listed_with_their_own_amounts_are_apart(tmp_path):
    text = unicom("账单合计22.40元", "主要费用项包括：月固定费22元、增值业务费0.40元")
    result = read(write(tmp_path, "sms.txt", text))
    assert [(c.section, c.amount_fen) for c in result.charges] == [
        ("月固定费", 2200),
        ("增值业务费", 40),
    ]


def test_items_given_as_parts_of_the_total_reconcile(tmp_path):
    """其中 lists the parts of the total: not the main items only, so it is reconciled."""
    text = unicom("本月话费合计37.30元", f"其中：月固定费29元，{COMBINED}")
    result = read(write(tmp_path, "sms.txt", text))
    [bill] = result.bills
    assert (bill.stated_total_fen, bill.partial) == (3730, False)
    assert sum(c.amount_fen for c in result.charges) == 3730


def test_a_reminder_with_a_total_and_no_items_is_partial():
    result = read(NO_YEAR, line=LINE_C, period="2026-07")
    [bill] = result.bills
    assert (bill.period, bill.stated_total_fen, bill.partial) == ("2026-07", 7900, True)
    assert result.charges == []
    assert result.warnings == [
        "line 1: 本期应付金额 38.94 differs from 本期实际消费 79.00",
        "line 1: the message gives no fee items: its total 79.00 is shown, not reconciled",
    ]
    assert result.alerts == []  # --period gave the year
    report = run_audit([NO_YEAR], AuditOptions(as_of=AS_OF, read=ReadOptions(line=LINE_C)))
    assert not [f for f in report.findings if f.rule == "bill-total-mismatch"]
    assert {m.period: m.reconciled for m in month_figures(report)} == {"2026-07": "unreconciled"}


# ----------------------------------------------------------------------- months without a year


@pytest.mark.parametrize(
    "as_of, period",
    [(AS_OF, "2026-07"), (date(2026, 7, 1), "2026-07"), (date(2026, 6, 30), "2025-07")],
)
def test_a_month_without_its_year_is_the_latest_not_after_the_audit_date(as_of, period):
    result = read(NO_YEAR, line=LINE_C, as_of=as_of)
    assert [b.period for b in result.bills] == [period]
    [alert] = result.alerts
    assert alert.startswith("line 1: 7月 has no year: read as " + period)
    assert as_of.isoformat() in alert and "--period" in alert


def test_a_month_without_its_year_written_as_a_month(tmp_path):
    text = unicom("账单合计22.40元", "主要费用项包括：月固定费22元").replace(
        "2026年10月份", "7月份"
    )
    result = read(write(tmp_path, "sms.txt", text), as_of=AS_OF)
    assert [(b.line, b.period) for b in result.bills] == [(LINE_B, "2026-07")]
    assert len(result.alerts) == 1


def test_period_gives_the_year_of_a_month_without_one():
    assert [b.period for b in read(NO_YEAR, line=LINE_C, period="2024-07").bills] == ["2024-07"]


def test_the_file_name_gives_the_year_of_the_same_month(tmp_path):
    path = write(tmp_path, "电信账单-2025年7月.txt", NO_YEAR.read_text("utf-8"))
    result = read(path, line=LINE_C, as_of=AS_OF)
    assert ([b.period for b in result.bills], result.alerts) == (["2025-07"], [])


def test_a_month_without_its_year_and_no_audit_date_is_an_error_naming_the_file():
    with pytest.raises(InputError) as caught:
        SmsReader().read(NO_YEAR, NO_YEAR.read_bytes(), ReadOptions(line=LINE_C))
    assert str(caught.value) == f"{NO_YEAR}: month has no year (give --period)"
    assert read(NO_YEAR).error == (f"{NO_LINE_FOUND.en}; month has no year (give --period)")


# ----------------------------------------------------------------------- bill notices


def test_a_bill_notice_without_amounts_has_nothing_to_audit():
    result = read(NOTICE)  # no options: a notice needs no line or month
    assert result.error is None
    assert (result.kind, result.carrier) == ("bill", "china-unicom")
    assert (result.bills, result.charges, result.services) == ([], [], [])
    assert result.alerts == [NOTICE_ALERT.en]  # once, though the file holds two copies
    assert dict(result.set_aside) == {"note": 2}
    assert len(result.notes) == 2 and all("2025-12" in note for note in result.notes)
    assert not any("15600001234" in note for note in result.notes)


def test_a_bill_notice_beside_a_reminder(tmp_path):
    text = REAL_SMS.read_text("utf-8") + NOTICE.read_text("utf-8")
    result = read(write(tmp_path, "sms.txt", text), line=LINE_B)
    assert [b.period for b in result.bills] == ["2022-06"]
    # --line replaces the notice's own number: said, as any override of a stated line
    assert result.alerts == [
        "the document states line 15600001234, read as 18600005678 (--line)",
        NOTICE_ALERT.en,
    ]
    check_accounting(result, text)


def test_a_bill_message_with_amounts_of_no_known_shape_is_not_a_notice(tmp_path):
    text = "【中国联通】您2025年12月份通信账单信息：月固定费29元。【中国联通】\n"
    result = read(write(tmp_path, "sms.txt", text))
    assert result.error.startswith("no bill or service-list SMS found")


# ----------------------------------------------------------------------- order confirmations


def test_order_confirmations_are_service_entries():
    result = read(ORDERS, line=LINE_B)
    assert (result.kind, result.carrier) == ("services", "china-mobile")
    got = [
        (s.line, s.name, s.price_fen, s.provider, s.effective, s.ordered, s.status, s.locator)
        for s in result.services
    ]
    assert got == [
        (LINE_B, "芒果TV手机视频包月业务", 1000, "中国移动", datetime(2014, 10, 10), None,
         ACTIVE, "line 1"),
        (LINE_B, "飞信", 0, "中国移动通信集团北京有限公司", None, None, ACTIVE, "line 2"),
    ]  # fmt: skip
    assert result.warnings == [] and result.unparseable == []


def test_order_confirmations_need_the_line():
    assert read(ORDERS).error == NO_LINE_FOUND.en


def test_an_order_date_when_stated(tmp_path):
    text = (
        "订购提醒：尊敬的客户，您好！您已成功订购由中国移动通信集团北京有限公司提供的飞信，"
        "免费。订购时间：2014年10月09日。【中国移动】\n"
    )
    [service] = read(write(tmp_path, f"{LINE_B}.txt", text)).services
    assert (service.name, service.ordered) == ("飞信", datetime(2014, 10, 9))


# ----------------------------------------------------------------------- accounting, time


def test_every_line_of_a_mixed_file_is_counted_once(tmp_path):
    text = (
        unicom("账单合计53.605元，实际应付53.60元", "主要费用项包括：月固定费29.005元，"
               "增值业务费10.00元，代收费3元")
        + "\n【中国联通】尊敬的用户，您的流量已用完。\n"
        + NOTICE.read_text("utf-8")
        + ORDERS.read_text("utf-8")
    )  # fmt: skip
    result = read(write(tmp_path, f"{LINE_B}.txt", text))
    assert (len(result.charges), len(result.services), len(result.unparseable)) == (2, 2, 3)
    assert dict(result.set_aside) == {"blank": 1, "note": 2}
    check_accounting(result, text)


NOISE = "".join(
    random.Random(7).choice("0123456789.,，。:：;；、-/元（）() 年月日") for _ in range(100_000)
)
HEADS = [
    "",
    "【账单提醒】尊敬的18600005678用户，您2026年10月份账单合计",
    "【账单提醒】您本账单周期为7月1日-7月31日，本期实际消费",
    "【账单提醒】您2026年10月份账单合计1元。主要费用项包括：",
    "【中国移动】您当前订购的业务如下：1.",
    "订购提醒：尊敬的客户，您好！您已成功订购由",
    "您2025年12月份通信账单信息：计费周期：",
]


@pytest.mark.parametrize(
    "head", HEADS, ids=["bare", "total", "no-year", "items", "reply", "order", "notice"]
)
@pytest.mark.parametrize("body", [NOISE, "1" * 100_000, "1、" * 50_000], ids=["noise", "1", "1、"])
def test_a_100_kb_message_of_figures_reads_in_linear_time(tmp_path, head, body):
    path = write(tmp_path, f"{LINE_B}.txt", head + body)
    started = time.perf_counter()
    result = read(path, as_of=AS_OF)
    assert time.perf_counter() - started < 5
    if result.error is None:
        check_accounting(result, head + body)
