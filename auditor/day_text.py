"""A day with its year, as a name writes it: the one pattern of those days and their check.

Two readers look for a day in a name, each for its own end: when a service list was
exported (:func:`~auditor.rules.list_dates.named_day`: any one day its file's or
folder's name gives) and when a promotion ends (:func:`~auditor.end_dates.stated_end`:
a day a bill item's name marks as its end). What they take for a day is this module's,
so that a form one reads the other reads too:

- 2026年9月30日 (日 or 号, or neither; spaces between the parts allowed);
- 2026-09-30, 2026/9/30, 2026.9.30, 2026_09_30: one separator throughout (2026-09.30
  is none: a version, a count, anything but a day for sure);
- 20260930: eight digits.

Digits glued to other digits are never a day (a phone number, an id, a timestamp:
120260930, 202609301, 2026.9.30.1), nor a day followed by 月 (2026-08-10月: a range of
months); and a day that is no day (2026-02-30, 20261332) is read as none
(:func:`valid_day`), never moved to the nearest one.
"""

from __future__ import annotations

import re
from datetime import date

from auditor.values import nfkc

# Possessive spaces (\s*+): none of the runs can be split another way, and a greedy run
# would try every split of a long run of spaces.
_PATTERN = (
    r"(?<!\d)(?P<{0}y>20\d\d)(?:"
    r"\s*+年\s*+(?P<{0}m>\d{{1,2}})\s*+月\s*+(?P<{0}d>\d{{1,2}})(?!\d)(?:\s*+[日号])?"
    r"|\s*+(?P<{0}s>[-_./])\s*+(?P<{0}m2>\d{{1,2}})\s*+(?P={0}s)\s*+(?P<{0}d2>\d{{1,2}})"
    r"(?!\.?\d)(?!\s*+月)"
    r"|(?P<{0}m3>\d\d)(?P<{0}d3>\d\d)(?!\d))"
)


def day_pattern(side: str = "") -> str:
    """The regular expression (its text, to compose into another) of a day with its year
    (the module's forms), its groups named after ``side`` so that one expression can
    hold two days (a range's first, ``a``, and last, ``b``): read with :func:`day_of`."""
    return _PATTERN.format(side)


_DAY = re.compile(day_pattern())


def day_of(match: re.Match, side: str = "") -> date | None:
    """The day a match of :func:`day_pattern` (of ``side``) writes, None if it is none
    (2026-02-30)."""
    year = int(match[f"{side}y"])
    month = match[f"{side}m"] or match[f"{side}m2"] or match[f"{side}m3"]
    day = match[f"{side}d"] or match[f"{side}d2"] or match[f"{side}d3"]
    return valid_day(year, int(month), int(day))


def valid_day(year: int, month: int, day: int) -> date | None:
    """The day ``year``, ``month``, ``day`` name, None when there is no such day (a 13th
    month, a 30th of February): read as none, never as a day nearby."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def written_days(text: str) -> set[date]:
    """Every day ``text`` writes with its year (full-width digits too), those that are
    no day left out."""
    days = (day_of(match) for match in _DAY.finditer(nfkc(text)))
    return {day for day in days if day is not None}
