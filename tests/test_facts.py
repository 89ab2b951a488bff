"""The rules' facts: service start and end months, the value-added test, and matching
charges to services."""

from __future__ import annotations

from dataclasses import FrozenInstanceError
from datetime import date, datetime

import pandas as pd
import pytest

import auditor.rules.fact_building as fact_building
from auditor.model import ENDED, PENDING, Charge, ReadResult, Service
from auditor.names import fee_service_keys, service_key
from auditor.rules.charged import charged
from auditor.rules.fact_building import build_facts
from auditor.rules.facts import Facts
from auditor.rules.formatting import format_moment
from auditor.rules.service_dates import end_month, start_month
from auditor.rules.value_added import (
    called_third_party,
    charge_kind,
    is_third_party_charge,
    is_third_party_service,
    is_vas_charge,
    is_vas_service,
    service_category,
    service_kind,
)

D = datetime

END_CASES = [
    # (expires, cancelled, expected end month)
    (D(2026, 11, 1, 0, 0, 0), None, "2026-10"),  # 00:00 on the 1st ends the month before
    (D(2026, 12, 1), None, "2026-11"),  # a date alone on the 1st is the same moment
    (D(2026, 11, 1, 0, 0, 1), None, "2026-11"),  # one second into the month: that month
    (D(2026, 10, 15, 23, 59, 59), None, "2026-10"),  # mid-month expiry
    (None, D(2026, 9, 15, 14, 2), "2026-09"),  # cancellation: that month charged in full
    (None, D(2026, 10, 1), "2026-10"),  # cancelled on the 1st still runs to month end
    (D(2026, 10, 1), D(2026, 9, 15), "2026-09"),  # expiry wins over cancellation
    (D(2099, 12, 31, 23, 59, 59), None, None),  # open-ended
    (None, None, None),  # no dates: end unknown
    (pd.Timestamp("2026-12-01 00:00:00"), None, "2026-11"),
]


@pytest.mark.parametrize(("expires", "cancelled", "expected"), END_CASES)
def test_end_month(expires, cancelled, expected):
    assert end_month(expires, cancelled) == expected


START_CASES = [
    (D(2026, 12, 1, 0, 0, 0), D(2026, 10, 28, 19, 20), "2026-12"),  # starts that month
    (None, D(2026, 10, 28, 19, 20), "2026-10"),  # no effective time: the order's month
    (D(2026, 8, 1), None, "2026-08"),
    (None, None, None),
]


@pytest.mark.parametrize(("effective", "ordered", "expected"), START_CASES)
def test_start_month(effective, ordered, expected):
    assert start_month(effective, ordered) == expected


VAS_CHARGE_CASES = [
    # (category, item, section, provider, vas, third-party)
    ("vas", "咪咕视频会员", "增值业务费", "", True, False),
    ("vas", "", "增值业务费", "", True, False),  # category-level amount
    (
        "third-party",
        "手机报-新闻早晚报",
        "代收费（信息费）",
        "北京某某信息技术有限公司",
        True,
        True,
    ),
    ("plan", "冰激凌套餐29元", "月固定费", "", False, False),
    ("plan", "腾讯视频会员定向流量套餐", "套餐及固定费", "", False, False),  # a 视频 plan
    ("voice", "视频通话费", "语音通信费", "", False, False),
    ("other", "手机阅读图书包月", "其他费用", "", True, False),
    ("other", "游戏点数", "", "", True, False),
    ("other", "停机保号费", "其他费用", "", False, False),
    ("other", "某某业务", "", "某某网络科技有限公司", True, True),  # an outside provider
    ("other", "某某业务", "", "中国联通", False, False),  # the carrier is not an SP
    ("other", "SP业务费", "", "", True, True),
    ("other", "Display fee", "", "", False, False),  # "sp" inside a word is not SP
    ("other", "Music SP", "", "", True, True),  # standing apart it is: spaces kept
    ("other", "某某代", "收费", "", False, False),  # item and section do not run together
    # traditional spellings, as their simplified ones (游戏点数 above, 信息费)
    ("other", "遊戲點數", "", "", True, False),
    ("other", "某某信息費", "", "", True, True),
    ("discount", "会员优惠", "优惠及减免", "", False, False),
    # the bill files it as the carrier's own value-added (增值业务费): a provider named
    # beside it (a carrier's subsidiary: 咪咕) does not make it third-party; an item's
    # word that says so still does, and so does a provider where no section files it so
    ("vas", "咪咕音乐白金会员", "增值业务费", "咪咕音乐有限公司", True, False),
    ("vas", "某某信息费", "增值业务费", "某某网络科技有限公司", True, True),
    ("vas", "咪咕音乐白金会员", "", "咪咕音乐有限公司", True, True),
]


@pytest.mark.parametrize(
    ("category", "item", "section", "provider", "vas", "third_party"), VAS_CHARGE_CASES
)
def test_is_vas_charge(category, item, section, provider, vas, third_party):
    assert is_vas_charge(category, item, section, provider) is vas
    assert is_third_party_charge(category, item, provider, section) is third_party


VAS_SERVICE_CASES = [
    # (type, name, provider, vas)
    ("增值业务", "咪咕视频会员", "", True),
    ("代收费业务", "手机报-新闻早晚报", "北京某某信息技术有限公司", True),
    ("基础套餐", "5G智享套餐（个人版）", "", False),
    ("套餐", "冰激凌套餐29元", "中国联通", False),
    ("", "视频彩铃订阅-酷电秀专属6元包", "", True),
    ("功能", "来电显示", "", True),
    ("", "畅享套餐39元", "", False),
    ("", "某某权益", "某某文化传媒有限公司", True),
    ("", "遊戲點播", "", True),  # traditional, as 游戏点播
]


@pytest.mark.parametrize(("type_", "name", "provider", "vas"), VAS_SERVICE_CASES)
def test_is_vas_service(type_, name, provider, vas):
    assert is_vas_service(type_, name, provider) is vas


THIRD_PARTY_SERVICE_CASES = [
    # (type, name, provider, third-party)
    ("代收费业务", "手机报-新闻早晚报", "北京某某信息技术有限公司", True),
    # the list's type files it as the carrier's own (增值业务): its provider, a carrier's
    # subsidiary, does not make it an SP's (the bills file it under 增值业务费 alike)
    ("增值业务", "咪咕音乐白金会员（7天免费体验）", "咪咕音乐有限公司", False),
    ("增值业务", "某某信息费", "某某网络科技有限公司", True),  # its name says so
    ("", "某某权益", "某某文化传媒有限公司", True),  # no type: the provider tells
    ("", "咪咕音乐白金会员", "咪咕音乐有限公司", True),
    ("增值业务", "咪咕视频会员", "中国移动", False),
]


@pytest.mark.parametrize(("type_", "name", "provider", "third_party"), THIRD_PARTY_SERVICE_CASES)
def test_is_third_party_service(type_, name, provider, third_party):
    assert is_third_party_service(type_, name, provider) is third_party


OWN = charge_kind("vas", "咪咕音乐白金会员", "增值业务费", "")  # the bill: 增值业务费
REPLY = service_kind("", "咪咕音乐白金会员", "咪咕音乐有限公司")  # a reply: its provider alone
SP_BILL = charge_kind("third-party", "手机报", "代收费", "")  # the bill: 代收费


@pytest.mark.parametrize(
    ("kinds", "third_party"),
    [
        ([REPLY], True),  # a provider not a carrier, nothing else said
        ([OWN, REPLY], False),  # the bill files it as the carrier's own: the provider does not
        ([SP_BILL, service_kind("增值业务", "手机报", "")], True),  # a section saying so wins
        ([OWN], False),
    ],
)
def test_what_one_service_is_called_over_its_records(kinds, third_party):
    assert called_third_party(kinds) is third_party


def _facts(charges: list[Charge], services: list[Service]) -> Facts:
    result = ReadResult(path="x", charges=charges, services=services)
    return build_facts([result], [], date(2026, 11, 5))


def _charge(line: str, item: str, code: str = "", period: str = "2026-10", fen: int = 600):
    return Charge(line, period, "vas", item, fen, code=code, source="bill.csv")


def test_match_by_name_per_line_and_by_code():
    charges = [
        _charge("13800001234", "视频彩铃订阅包（10元/月）"),  # 0: bracketed price in the name
        _charge("18600005678", "视频彩铃订阅包"),  # 1: same name, another line
        _charge("13800001234", "音乐包", code="P100"),  # 2: code match, different name
        _charge("13800001234", "没有这个业务"),  # 3: no match
        _charge("13800001234", ""),  # 4: category-level, never matched by name
    ]
    services = [
        Service("13800001234", "视频彩铃订阅包"),  # 0
        Service("18600005678", "视频彩铃订阅包"),  # 1
        Service("13800001234", "咪咕音乐会员", code="P100"),  # 2
        Service("13800001234", "音乐包", code="P200"),  # 3: name equal but code wins
    ]
    facts = _facts(charges, services)
    got = [[facts.services.index(s) for s in c.services] for c in facts.charges]
    assert got == [[0], [1], [2], [], []]
    assert [len(facts.charges_of(s)) for s in facts.services] == [1, 1, 1, 0]


def test_a_fee_named_after_its_service_is_its_charge():
    line = "13800001234"
    charges = [
        _charge(line, "停机保号费"),  # 0: 停机保号's fee
        _charge(line, "来电显示功能费"),  # 1: 来电显示's
        _charge(line, "彩铃功能费"),  # 2: its own entry first, by its whole name
        _charge(line, "国内流量费"),  # 3: a fee of no listed service
        _charge(line, "费"),  # 4: a fee word alone names no service
        _charge("18600005678", "停机保号费"),  # 5: another line's
    ]
    services = [
        Service(line, "停机保号"),  # 0
        Service(line, "来电显示"),  # 1
        Service(line, "彩铃功能费"),  # 2
        Service(line, "彩铃"),  # 3
    ]
    facts = _facts(charges, services)
    got = [[facts.services.index(s) for s in c.services] for c in facts.charges]
    assert got == [[0], [1], [2], [], [], []]
    assert facts.charges[0].keys == (service_key("停机保号费"), service_key("停机保号"))
    assert fee_service_keys("彩铃功能费") == ("彩铃", "彩铃功能")
    assert fee_service_keys("费") == fee_service_keys("停机保号") == ()


def test_match_empty_tables():
    facts = _facts([], [])
    assert facts.charges == () and facts.services == ()


def test_service_facts():
    services = [
        Service("13800001234", "A", cancelled=D(2026, 9, 15, 14, 2), status=ENDED),
        Service("13800001234", "B", effective=D(2026, 12, 1), status=PENDING),
        Service("13800001234", "C", expires=D(2026, 11, 1)),  # expired before the audit
        Service("13800001234", "D", expires=D(2026, 12, 1)),  # still running on the audit date
    ]
    s = _facts([], services).services
    assert [f.end_month for f in s] == ["2026-09", None, "2026-10", "2026-11"]
    assert [f.shown_ended for f in s] == [True, False, True, False]
    assert [f.pending for f in s] == [False, True, False, False]
    assert [f.start_month for f in s] == [None, "2026-12", None, None]


def test_an_undated_entry_that_a_dated_end_contradicts_takes_no_part():
    services = [
        Service("13800001234", "彩铃", cancelled=D(2026, 9, 15), status=ENDED),
        Service("13800001234", "彩铃"),  # the reply to 0000: no dates, an unknown day
    ]
    facts = _facts([_charge("13800001234", "彩铃")], services)
    assert [s.name for s in facts.services] == ["彩铃"] and facts.services[0].shown_ended
    assert facts.charges[0].services == facts.services


def test_what_a_service_was_charged_does_not_double_count_a_month_read_twice():
    rows = [
        Charge("13800001234", "2026-09", "vas", "X", 600, source="a.xlsx"),
        Charge("13800001234", "2026-10", "vas", "X", 600, source="a.xlsx"),
        Charge("13800001234", "2026-10", "vas", "X", 600, source="a.pdf"),  # same bill again
        Charge("13800001234", "2026-10", "vas", "X", 100, source="b.xlsx"),
    ]
    money = charged(_facts(rows, []).charges, {})
    assert money.billed == money.net == {"2026-09": 600, "2026-10": 600}


@pytest.mark.parametrize(
    ("moment", "text"),
    [
        (datetime(2026, 11, 1, 0, 0, 0), "2026-11-01 00:00"),
        (datetime(2026, 11, 1, 0, 0, 1), "2026-11-01 00:00:01"),
        (datetime(2026, 9, 15, 14, 2), "2026-09-15 14:02"),
        (datetime(2026, 9, 15), "2026-09-15"),
    ],
)
def test_format_moment_shows_seconds_only_when_they_matter(moment, text):
    assert format_moment(moment) == text


def test_a_charge_fact_carries_its_item_folded_once():
    """The item folded as the word lists are written, its key taken from that fold; the
    rest as read; and the fact cannot be changed."""
    record = Charge("13800001234", "2026-10", "vas", " 視頻彩鈴包（10元/月）", 600, code="P1")
    fact = _facts([record], []).charges[0]
    assert fact.item == " 視頻彩鈴包（10元/月）"
    assert (fact.folded, fact.key) == ("视频彩铃包(10元/月)", "视频彩铃包")
    assert (fact.line, fact.period, fact.category, fact.amount_fen) == (
        "13800001234",
        "2026-10",
        "vas",
        600,
    )
    assert (fact.value_added, fact.third_party, fact.services) == (True, False, ())
    with pytest.raises(FrozenInstanceError):
        fact.key = "other"  # type: ignore[misc]


@pytest.mark.parametrize("kept", [4096, 1])
def test_facts_remember_what_a_name_says_but_not_across_its_other_fields(kept, monkeypatch):
    """build_facts works out once what a service's type, name and provider, or a charge's
    category, item, section and provider, say: the same name with another provider, type,
    category or section is still classified on its own (as the functions say). Past the
    names it remembers (``kept``), the rest are worked out each time, alike."""
    monkeypatch.setattr(fact_building, "_KEPT", kept)
    services = [
        Service("13800001234", "某某权益"),
        Service("18600005678", "某某权益", provider="某某文化传媒有限公司"),  # an SP
        Service("13900009999", "某某权益", provider="中国联通"),
        Service("13800001234", "某某权益", type="代收费业务"),
        Service("18600005678", "某某权益", type="基础套餐"),
        Service("13900009999", "某某权益"),  # the first again
    ]
    charges = [
        Charge("13800001234", "2026-10", "other", "某某业务", 600),
        Charge("18600005678", "2026-10", "other", "某某业务", 600, provider="某某网络科技有限公司"),
        Charge("13900009999", "2026-10", "plan", "某某业务", 600, provider="某某网络科技有限公司"),
        Charge("13800001234", "2026-10", "third-party", "某某业务", 600),
        Charge("18600005678", "2026-10", "other", "某某业务", 600, section="增值业务费"),
        Charge("13900009999", "2026-10", "other", "某某\n业务", 600),  # folded on its own
        Charge("13800001234", "2026-10", "other", "某某业务", 600),  # the first again
    ]
    facts = _facts(charges, services)
    assert len(facts.services) == len(services)
    said = [(s.category, s.value_added, s.third_party) for s in facts.services]
    assert said == [
        (
            service_category(s.type, s.name) or "",
            is_vas_service(s.type, s.name, s.provider),
            is_third_party_service(s.type, s.name, s.provider),
        )
        for s in services
    ]
    assert len({(v, t) for _, v, t in said}) > 1  # the cases do differ
    kinds = [(c.value_added, c.third_party) for c in facts.charges]
    assert kinds == [
        (
            is_vas_charge(c.category, c.item, c.section, c.provider),
            is_third_party_charge(c.category, c.item, c.provider, c.section),
        )
        for c in charges
    ]
    assert len(set(kinds)) > 1
    assert [c.key for c in facts.charges] == [service_key(c.item) for c in charges]


def test_a_fee_renamed_from_bill_to_bill_is_its_service():
    line = "13800001234"

    def charge(period: str, item: str, on: str = line) -> Charge:
        return Charge(on, period, "vas", item, 1500)

    facts = _facts(
        [
            charge("2026-09", "咪咕视频会员"),
            charge("2026-10", "咪咕视频会员费"),  # renamed: 咪咕视频会员's
            charge("2026-09", "彩铃"),
            charge("2026-10", "彩铃"),
            charge("2026-10", "彩铃功能费"),  # beside 彩铃 on one bill: a fee of its own
            charge("2026-10", "手机报费"),  # no 手机报 billed: its own
            charge("2026-10", "咪咕视频会员费", on="18600005678"),  # another line's
            charge("2026-09", "来电显示"),
            charge("2026-10", "来电显示费"),  # the list has an entry of its own name
        ],
        [Service(line, "来电显示费")],
    )
    got = [c.service_key for c in facts.charges]
    own = [c.key for c in facts.charges]
    assert got == [own[0], own[0], own[2], own[3], own[4], own[5], own[6], own[7], own[8]]
    assert facts.charges[1].keys == (service_key("咪咕视频会员费"), service_key("咪咕视频会员"))
    # so the latest bill still charges the service, under its fee's name
    assert facts.charged_latest(line, [service_key("咪咕视频会员")])
