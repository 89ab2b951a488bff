"""A date typed into a report's Actions sheet (its 日期 Date column), as ``auditor record
--from`` reads it: a date cell, a date written out, or a day without its year, read near
the report's date and today (:func:`_nearest`); never later than today."""

from __future__ import annotations

import contextlib
import re
from datetime import date, datetime

from auditor.errors import quoted
from auditor.lang import say
from auditor.values import nfkc, parse_datetime


def day_typed(value: object, since: date, today: date) -> date:
    """The date typed: a date cell, ``2026-11-06`` (``2026/11/6``, ``2026年11月6日`` …), or
    a day without its year, ``11月6日`` or ``11/6`` (:func:`_nearest`); never later than
    today. A blank date is no date: a record's day matters (it dates the appeal) and is
    what tells a row recorded before from a new one. ``since``: the report's date."""
    if value in (None, ""):
        raise ValueError(
            say(
                f"有状态，但没有日期（请在“日期”列写 {_example(today)}）",
                f"a status without its date (write {_example(today)} in Date)",
            )
        )
    if isinstance(value, datetime):
        day = value.date()
    elif isinstance(value, date):
        day = value
    else:
        day = _typed_day(value, since, today)
    if day > today:
        typed = "" if isinstance(value, date) else str(value).strip()
        if typed and typed != day.isoformat():  # what it was read as, beside what was typed
            raise ValueError(
                say(f"日期 {typed}（{day}）晚于今天", f"date {typed} ({day}) is after today")
            )
        raise ValueError(say(f"日期 {day} 晚于今天", f"date {day} is after today"))
    return day


#: A day typed without its year: 11月6日, 11月6号, 11/6, 11-6, 11.6 (text).
_MONTH_DAY = re.compile(r"(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?")


def _typed_day(value: object, since: date, today: date) -> date:
    """A date typed as text (or a whole number, ``20261106``)."""
    # 11.6 in a cell Excel took for a number: 11.1 could be 11.10, a guess either way
    text = nfkc(value).strip() if not isinstance(value, float) else ""
    month_day = _MONTH_DAY.fullmatch(text)
    try:
        if month_day:
            return _nearest(int(month_day[1]), int(month_day[2]), since, today)
        when = parse_datetime(text.rstrip("号")) if text else None
    except ValueError:  # (a ValueParseError too)
        when = None
    if when is None:
        raise ValueError(
            say(
                f"日期{quoted(value)}不是日期（请写成 {_example(today)}）",
                f"date {value!r} is not a date (write it as {_example(today)})",
            )
        )
    return when.date()


def _nearest(month: int, day: int, since: date, today: date) -> date:
    """The day of ``month`` and ``day`` nearest the span from ``since`` (the report's
    date) to ``today``: a day typed without its year is when the user acted about the
    report, after it (or a little before) and not after today. 11月6日 on a report of
    2026-11-05 is 2026-11-06 (not a year before, though after the report's date), 12/28
    typed in January 2027 is 2026-12-28, 10月6日 is the October before a report of
    November; a day just ahead of today is read as such (a slip), and refused, not
    taken for the year before."""
    since = min(since, today)
    days = []
    for year in range(since.year - 1, today.year + 2):
        with contextlib.suppress(ValueError):  # 2月29日 of a year without it
            days.append(date(year, month, day))
    if not days:
        raise ValueError(f"{month}-{day}")

    def off(candidate: date) -> int:
        if candidate < since:
            return (since - candidate).days
        return max(0, (candidate - today).days)

    # of two days both in the span (a report kept a year), the later: the nearer today
    return min(days, key=lambda c: (off(c), c > today, -c.toordinal()))


def _example(today: date) -> str:
    """How to write a date, with today's (a day the user may type): ``2026-11-26 或
    11月26日``, ``2026-11-26 or 11/26``."""
    return say(
        f"{today.isoformat()} 或 {today.month}月{today.day}日",
        f"{today.isoformat()} or {today.month}/{today.day}",
    )
