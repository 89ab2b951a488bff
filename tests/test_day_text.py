"""A day with its year as a name writes it (auditor.day_text): the forms read, the days
that are none refused, digits glued to others never a day; and the two readers of a day
in a name (a service list's export day, a promotion's stated end) reading the same forms."""

import re
from datetime import date

import pytest

from auditor.day_text import day_of, day_pattern, valid_day, written_days
from auditor.end_dates import stated_end
from auditor.rules.list_dates import named_day

SEPT_30 = date(2026, 9, 30)

FORMS = [
    "2026年9月30日",
    "2026年09月30号",
    "2026年9月30",
    "2026 年 9 月 30 日",
    "2026-09-30",
    "2026-9-30",
    "2026/9/30",
    "2026.9.30",
    "2026.09.30",
    "2026_09_30",
    "20260930",
    "２０２６年９月３０日",  # full-width digits
    "２０２６０９３０",
]

NOT_DAYS = [
    # no such day: read as none, not moved to a day nearby
    "2026-02-30",
    "2026年2月30日",
    "20260230",
    "20261332",
    "2026-13-01",
    "2026-00-10",
    "2026.9.0",
    # digits glued to other digits: a phone number, an id, a timestamp, a version
    "120260930",
    "202609301",
    "2026-09-301",
    "12026-09-30",
    "2026年9月301日",
    "2026.9.30.1",
    "13820260930123",
    # one separator throughout, a year always, a day not a range of months
    "2026-09.30",
    "2026年09-30",
    "9月30日",
    "09-30",
    "2026年08-10月",
    "2026-08-10月",
    "",
]


@pytest.mark.parametrize("text", FORMS)
def test_the_forms_of_a_day_are_read(text):
    assert written_days(text) == {SEPT_30}
    assert written_days(f"已订业务-{text}-导出") == {SEPT_30}


@pytest.mark.parametrize("text", NOT_DAYS)
def test_what_is_no_day_for_sure_is_none(text):
    assert written_days(text) == set()


def test_every_day_a_text_writes_is_found():
    assert written_days("2026-09-30至2026年10月31日，20261332") == {
        SEPT_30,
        date(2026, 10, 31),
    }


def test_the_check_refuses_what_is_no_day():
    assert valid_day(2028, 2, 29) == date(2028, 2, 29)
    assert valid_day(2026, 2, 29) is None
    assert valid_day(2026, 13, 1) is None
    assert valid_day(2026, 9, 0) is None


def test_two_days_composed_into_one_pattern_are_read_apart():
    """The groups are named after their side, so that a range holds two days."""
    both = re.compile(f"{day_pattern('a')}-{day_pattern('b')}")
    match = both.search("（2026.7.1-20260930）")
    assert match is not None
    assert (day_of(match, "a"), day_of(match, "b")) == (date(2026, 7, 1), SEPT_30)
    invalid = both.search("2026.2.30-2026.9.30")
    assert invalid is not None
    assert day_of(invalid, "a") is None


@pytest.mark.parametrize("text", FORMS)
def test_a_list_name_and_a_bill_item_read_the_same_days(text):
    """Whichever the reader, a day is one module's: the day a list's name gives is the
    end a promotion's name marks."""
    assert named_day(f"已订业务-{text}") == SEPT_30
    assert stated_end(f"优惠（截至{text}）") == SEPT_30


@pytest.mark.parametrize("text", NOT_DAYS)
def test_neither_reader_takes_what_is_no_day(text):
    assert named_day(f"已订业务-{text}") is None
    assert stated_end(f"优惠（截至{text}）") is None


def test_a_month_alone_is_no_day_but_may_mark_an_end():
    """What each reader does beyond a day is its own: a month alone after 截至 ends with
    the month (end_dates); a list's name giving a month gives no day (list_dates reads
    the month apart)."""
    assert written_days("2026-09") == set()
    assert named_day("已订业务-2026-09") is None
    assert stated_end("优惠（截至2026-09）") == SEPT_30
    assert stated_end("优惠（截至2026年9月）") == SEPT_30
