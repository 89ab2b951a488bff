"""The SMS reader in detail: a bill reminder's total however it is phrased and what is
payable, its fee items (combined, listed, parts of the total), months without a year,
bill notices without amounts, order confirmations, row accounting and linear time on
any text (goldens, service lists and which files it reads: test_readers_sms.py)."""

from __future__ import annotations

import random
import time
from datetime import date, datetime

import pytest
from readers_golden import read
from sms_files import (
    AS_OF,
    LINE_B,
    LINE_C,
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
from auditor.readers import ReadOptions
from auditor.readers.base import NO_LINE_FOUND
from auditor.readers.sms import SmsReader
from auditor.readers.sms_bills import NOTICE_ALERT
from auditor.writers.months import month_figures

# Reader errors and warnings are checked as an English-speaking user reads them.
pytestmark = pytest.mark.usefixtures("english")

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
    assert result.warnings == [
        f"line 1: 实际应付 50.00 is 3.60 less than {label} 53.60: usually what is left to "
        "pay after a prepaid balance or discounts (预存/优惠抵扣); normal, not a finding"
    ]


@pytest.mark.parametrize("payable", ["实际应付50.00元", "本期应付金额为50.00元", "实付50.00元"])
def test_what_is_payable_is_never_the_total_even_before_it(tmp_path, payable):
    result = read(write(tmp_path, "sms.txt", unicom(f"{payable}，账单合计53.60元")))
    assert [b.stated_total_fen for b in result.bills] == [5360]
    assert len(result.warnings) == 1 and "3.60 less than 账单合计 53.60" in result.warnings[0]


def test_more_payable_than_the_total_is_not_called_a_deduction(tmp_path):
    result = read(write(tmp_path, "sms.txt", unicom("账单合计53.60元，实际应付60.00元")))
    assert result.warnings == [
        "line 1: 实际应付 60.00 is 6.40 more than 账单合计 53.60: a prepaid balance or a "
        "discount only lowers what is payable; the rest may be an earlier month's arrears: "
        "compare with the full bill"
    ]


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


@pytest.mark.parametrize("comma", [",", "，"])
def test_a_comma_marking_thousands_is_no_new_item(tmp_path, comma):
    """月固定费1,229元: one item of 1,229.00, never 月固定费1 and 229元 unread; a comma after
    an amount still parts the items."""
    items = f"主要费用项包括：月固定费1,229元{comma}增值业务费12.50元"
    result = read(write(tmp_path, "sms.txt", unicom("账单合计1,241.50元", items)))
    assert [(c.section, c.amount_fen) for c in result.charges] == [
        ("月固定费", 122900),
        ("增值业务费", 1250),
    ]
    assert result.warnings == [] and result.unparseable == []


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
        "line 1: 本期应付金额 38.94 is 40.06 less than 本期实际消费 79.00: usually what is "
        "left to pay after a prepaid balance or discounts (预存/优惠抵扣); normal, not a "
        "finding",
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
    # once, though the file holds two copies; naming the line and month it is of
    assert result.alerts == [f"15600001234 2025-12: {NOTICE_ALERT.en}"]
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
        f"18600005678 2025-12: {NOTICE_ALERT.en}",
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
