"""The day an offer ends, as a bill item's name writes it: the one parser of those dates.

Carriers write a promotion's end into the item's name as often as onto the service
list: 新入网优惠（截至2026年9月30日）, 话费优惠 优惠期至2026-09-30, 限时优惠(2026.7.1-2026.9.30),
立减5元（2026年9月30日止）. :func:`stated_end` reads the forms real bills use: a day written
2026年9月30日, 2026-09-30, 2026/9/30, 2026.9.30 or 20260930 (:mod:`auditor.day_text`'s
forms, the ones a service list's name is read with too), after 截至 / 截止 / 至 (what
:data:`~auditor.words.END_BEFORE_WORDS` lists), before 止 / 到期 (``END_AFTER_WORDS``), or
as a range's last day (2026.7.1-9.30: the year is the first day's); a month alone so
marked (截至2026年9月, 2026年9月底到期), or a range's last month (优惠（2026年09月-2026年12月）,
2026.09-2026.12, 2026年9月至12月), ends with that month's last day.

Conservatively: a date with no word making it an end (2026年7月1日起 is a start), one
without a year (截至9月30日), one that is no day (2026年2月30日), or two ends that disagree
give no end at all, and a name giving none says nothing wrong.
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from functools import lru_cache

from auditor.day_text import day_of, day_pattern, valid_day
from auditor.values import nfkc
from auditor.words import END_AFTER_WORDS, END_BEFORE_WORDS, RANGE_WORDS, any_of

# A range's last day without its year: 9月30日, 9.30, 9-30 (after a day with one).
_SHORT = (
    r"(?:(?P<sm>\d{1,2})月(?P<sd>\d{1,2})[日号]?|(?P<sm2>\d{1,2})[-/.](?P<sd2>\d{1,2})(?![\d.]))"
)
# A month alone after 截至: 2026年9月, 2026-09 (底, 末: its end); never a day's month
# (2026年9月301日: a day glued to other digits is no day, nor its month an end).
_MONTH = r"(?P<My>20\d\d)(?:年(?P<Mm>\d{1,2})月(?!\d)|[-/.](?P<Mm2>\d{1,2})(?![\d./-]))[底末]?"

_RANGE = re.compile(rf"{day_pattern('a')}{any_of(RANGE_WORDS)}+(?:{day_pattern('b')}|{_SHORT})")
# A range of months, the offer's last month given in full: 2026年09月-2026年12月, 2026.09-2026.12,
# 2026年9月至12月 (the year is the first month's). Never a day's month: the first month is
# followed by the range's word, the last by no digit, no 日 and no separator.
_MONTHS = re.compile(
    r"(?<!\d)(?P<ay>20\d\d)(?:年(?P<am>\d{1,2})月份?|[-/.](?P<am2>\d{1,2}))"
    rf"{any_of(RANGE_WORDS)}+"
    r"(?:(?P<by>20\d\d)(?:年(?P<bm>\d{1,2})月份?|[-/.](?P<bm2>\d{1,2}))|(?P<bm3>\d{1,2})月份?)"
    r"(?![\d日号./-])"
)
# 截止日期：, 有效期至, 到期日为: the marker, then what may stand before the day.
_BEFORE = re.compile(
    rf"{any_of(END_BEFORE_WORDS)}[日期为是:]*(?:{day_pattern('b')}|(?<!\d){_MONTH})"
)
_AFTER = re.compile(rf"(?:{day_pattern('b')}|(?<!\d){_MONTH}){any_of(END_AFTER_WORDS)}")


def stated_end(name: str) -> date | None:
    """The last day of the offer ``name`` (a bill item's) states, or ``None`` when it
    states none or none that can be read for sure (see the module)."""
    text = re.sub(r"\s+", "", nfkc(name))
    if "20" not in text:  # every form has its year (the cheap test a long bill needs)
        return None
    return _end_of(text)


@lru_cache(maxsize=4096)
def _end_of(text: str) -> date | None:
    """:func:`stated_end` of a name in NFKC, without spaces."""
    found: set[date | None] = set()
    for match in _RANGE.finditer(text):
        first = day_of(match, "a")
        last = day_of(match, "b") if match["by"] else _short(match, first)
        found.add(last if first is not None and (last is None or last >= first) else None)
    if not found:  # a range of months: its last month's last day
        found |= {_months_end(m) for m in _MONTHS.finditer(text)}
    if not found:  # not a range: a day after 截至, or before 止
        found |= {day_of(m, "b") if m["by"] else _month_end(m) for m in _BEFORE.finditer(text)}
        found |= {day_of(m, "b") if m["by"] else _month_end(m) for m in _AFTER.finditer(text)}
    return found.pop() if len(found) == 1 else None


def _short(match: re.Match, first: date | None) -> date | None:
    """A range's last day written without its year, in the year of its ``first`` (the
    next when it falls before it: 2026.12.1-1.31)."""
    if first is None:
        return None
    month, day = int(match["sm"] or match["sm2"]), int(match["sd"] or match["sd2"])
    last = valid_day(first.year, month, day)
    if last is not None and last < first:
        last = valid_day(first.year + 1, month, day)
    return last


def _months_end(match: re.Match) -> date | None:
    """The last day of a range of months a match of :data:`_MONTHS` writes, None when a
    month is none or the range ends before it starts; a last month without its year is in
    the first's year, or the next when it would be earlier (2026年11月至2月), after a first
    month written with 年 and 月 only."""
    year, first = int(match["ay"]), int(match["am"] or match["am2"])
    if match["bm3"]:
        if not match["am"]:
            return None  # 2026-08-10月: a day's digits, no range (2026年8月至10月 is one)
        month = int(match["bm3"])
        last_year = year + 1 if month < first else year
    else:
        last_year, month = int(match["by"]), int(match["bm"] or match["bm2"])
    if not (1 <= first <= 12 and 1 <= month <= 12) or (last_year, month) < (year, first):
        return None
    return date(last_year, month, calendar.monthrange(last_year, month)[1])


def _month_end(match: re.Match) -> date | None:
    """The last day of the month a match of :data:`_MONTH` writes."""
    year, month = int(match["My"]), int(match["Mm"] or match["Mm2"])
    if not 1 <= month <= 12:
        return None
    return date(year, month, calendar.monthrange(year, month)[1])
