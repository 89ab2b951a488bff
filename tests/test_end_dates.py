"""The day an offer ends as a bill item's name writes it (auditor.end_dates), read
conservatively, and the entries the rules make of it (auditor.rules.named_ends)."""

from datetime import date

import pytest
from rule_cases import context

from auditor.end_dates import stated_end

SEPT_30 = date(2026, 9, 30)

ENDS = [
    # the forms real bills use, after a word that makes the day an end
    ("新入网优惠（截至2026年9月30日）", SEPT_30),
    ("话费优惠 优惠期至2026-09-30", SEPT_30),
    ("话费优惠 有效期至 2026/9/30", SEPT_30),
    ("流量优惠（截止2026.09.30）", SEPT_30),
    ("优惠截止日期：20260930", SEPT_30),
    ("到期日：2026-09-30", SEPT_30),
    ("新入网优惠（截至２０２６年９月３０日）", SEPT_30),  # full-width digits
    # before one
    ("立减5元（2026年9月30日止）", SEPT_30),
    ("回馈优惠2026-09-30到期", SEPT_30),
    # a range's last day
    ("限时优惠(2026.7.1-2026.9.30)", SEPT_30),
    ("限时优惠（2026-07-01~2026-09-30）", SEPT_30),
    ("优惠（20260701-20260930）", SEPT_30),
    ("优惠（2026年7月1日-2026年9月30日）", SEPT_30),
    ("优惠（2026年7月1日起至2026年9月30日）", SEPT_30),
    ("限时优惠(2026.7.1-9.30)", SEPT_30),  # the year is the first day's
    ("跨年优惠(2026.12.1-1.31)", date(2027, 1, 31)),  # or the next, when it would be earlier
    # a month alone so marked: its last day
    ("新入网优惠（截至2026年9月）", SEPT_30),
    ("优惠2026年2月底到期", date(2026, 2, 28)),
    # a range of months: its last month's last day (the year the first's, or the next)
    ("新入网优惠（2026年07月-2026年09月）", SEPT_30),
    ("流量优惠2026.07-2026.09", SEPT_30),
    ("话费优惠(2026-07~2026-09)", SEPT_30),
    ("立减5元（2026年7月份至2026年9月份）", SEPT_30),
    ("立减5元（2026年7月至9月）", SEPT_30),
    ("跨年优惠(2026年11月至2月)", date(2027, 2, 28)),
    # one end written twice
    ("优惠（截至2026年9月30日止）", SEPT_30),
]

NO_END = [
    "新入网话费优惠",
    "冰激凌套餐29元",
    "4G飞享套餐(2018版)",
    "5G套餐2026版",
    "新入网优惠（截至9月30日）",  # no year
    "话费减免（截至2026年2月30日）",  # no such day
    "截至2026年13月",
    "流量优惠（2026年7月1日起）",  # a start
    "优惠 2026-09-30",  # nothing says it is the end
    "优惠(2026.9.30-2026.7.1)",  # a range ending before it starts
    "截至2026年9月30日，另截至2026年10月31日",  # two ends that disagree
    "优惠(2026年09月-2026年07月)",  # a range of months ending before it starts
    "优惠(2026年9月-2026年13月)",  # no such month
    "优惠2026.07-09",  # a short last month without 月: a day or a month?
    "优惠2026-08-10月",  # a day's digits before 月: no range of months
    "优惠2026年07月-2026年09月30",  # a month to a day glued to digits: neither
    "",
]


@pytest.mark.parametrize(("name", "end"), ENDS)
def test_the_end_a_name_states(name, end):
    assert stated_end(name) == end


@pytest.mark.parametrize("name", NO_END)
def test_no_end_from_a_name_that_states_none_for_sure(name):
    assert stated_end(name) is None


def test_only_a_discount_whose_list_states_no_end_is_an_entry_and_none_is_a_list():
    """A discount's name makes an entry (a promotion ending that day, its last month the
    day's); a fee's name dating an offer does not, nor a discount whose list entry states
    its own end; and none is among the facts' service-list entries."""

    def charge(category: str, item: str, amount: str) -> dict:
        return {"period": "2026-08", "category": category, "item": item, "amount": amount}

    ctx = context(
        {
            "as_of": date(2026, 9, 5),
            "charges": [
                charge("discount", "新入网优惠（截至2026年9月30日）", "-10.00"),
                charge("plan", "5G套餐（优惠期至2026-09-30）", "29.00"),
                charge("discount", "话费优惠（截至2026年9月30日）", "-5.00"),
            ],
            "services": [
                {"name": "话费优惠（4个月）", "type": "优惠活动", "expires": "2026-11-01 00:00:00"},
            ],
        }
    )
    entries = ctx.named_ends.entries
    assert [(e.name, e.category, e.end_month, e.shown_ended) for e in entries] == [
        ("新入网优惠（截至2026年9月30日）", "discount", "2026-09", False)
    ]
    assert ctx.named_ends.named(entries[0])
    assert [c.amount_fen for c in ctx.named_ends.charges_of(entries[0])] == [-1000]
    assert entries[0] not in ctx.facts.services
    assert [s.name for s in ctx.facts.services] == ["话费优惠（4个月）"]
