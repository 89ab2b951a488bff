"""Months whose bill of a line will not come, as the user recorded them (``auditor record
no-bill``).

A month whose bill was never given is said in every report after it until the bill is
given (:func:`~auditor.history.unchecked.bill_gaps`), and the month audited asked for
(:func:`~auditor.history.unchecked.missing_bills`). But a bill can be out of reach for
good: carriers' portals keep about six months of bills, a line was closed, an export was
lost. A ``no_bill`` record of the line and month stops the asking for that month alone;
the record undone (``auditor record undo``), it is asked for again. A bill of the month
given after all is audited as usual: the record is then moot, and ``auditor history``
says so (:func:`bill_given`).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from datetime import date

from auditor.errors import ValueParseError
from auditor.history.db import HistoryDB
from auditor.history.line_months import stored_lines
from auditor.history.records import list_records
from auditor.lang import say
from auditor.model import UserRecord
from auditor.values import month_of

#: The kind of record (:data:`~auditor.model.RECORD_KINDS`).
NO_BILL = "no_bill"
_MONTH = re.compile(r"(\d{4})-(\d{1,2})")


def no_bill_months(db: HistoryDB, as_of: date | None = None) -> dict[str, dict[str, UserRecord]]:
    """The months recorded as having no bill to come, by line and month, each with its
    record (the first one standing, recorded by ``as_of``; every one where ``None``)."""
    months: dict[str, dict[str, UserRecord]] = {}
    for record in list_records(db, until=as_of):
        if record.kind == NO_BILL and record.month:
            months.setdefault(record.line, {}).setdefault(record.month, record)
    return months


def excused(months: Collection[str], recorded: Collection[str]) -> tuple[str, ...]:
    """``months`` (in order) but those ``recorded`` as having no bill to come."""
    return tuple(month for month in months if month not in recorded)


def parse_no_bill_month(text: str) -> str:
    """``--month``: ``YYYY-MM`` (``2026-9`` too), as ``2026-09``; a usage error else."""
    match = _MONTH.fullmatch(text.strip())
    if not match or not 1 <= int(match[2]) <= 12:
        raise ValueParseError(
            say(f"{text!r} 不是 YYYY-MM 格式的月份", f"{text!r} is not a month as YYYY-MM")
        )
    return f"{match[1]}-{int(match[2]):02d}"


def refusal(db: HistoryDB, line: str, month: str, today: date) -> str:
    """Why a ``no_bill`` record of ``line`` and ``month`` is not made, in one line
    (``""``: it may be): a month after ``today``'s (its bill is not due yet), a line the
    history does not know (a slip: nothing would ask for its bill), a month whose bill
    the history holds, or one recorded so already (its record's id)."""
    now = month_of(today)
    if month > now:
        return say(
            f"{month} 晚于本月（{now}）：这个月的账单还没到出账的时候；未记录",
            f"{month} is after this month ({now}): its bill is not due yet; nothing recorded",
        )
    if line not in stored_lines(db):
        return say(
            f"{line}：历史记录里没有这个号码（检查过它的账单后才会缺账单）；未记录",
            f"{line}: the history holds no such line (a bill goes missing only once one "
            "was audited); nothing recorded",
        )
    if bill_given(db, line, month):
        return say(
            f"历史记录里已有 {line} 的 {month} 账单，不缺；未记录",
            f"the history holds the {month} bill of {line}: it is not missing; nothing recorded",
        )
    before = no_bill_months(db).get(line, {}).get(month)
    if before is not None:
        return say(
            f"{line} 的 {month} 已于 {before.on} 记为没有账单（#{before.id}）；未再记录",
            f"{line}'s {month} was recorded as having no bill on {before.on} (#{before.id}); "
            "not recorded again",
        )
    return ""


def bill_given(db: HistoryDB, line: str, month: str) -> bool:
    """Whether the history holds a bill (or a charge) of ``line`` for ``month``: a month
    recorded as having no bill is then audited as usual, its record moot."""
    row = db.execute(
        "SELECT 1 FROM bills WHERE line = ? AND period = ? UNION ALL "
        "SELECT 1 FROM charges WHERE line = ? AND period = ? LIMIT 1",
        (line, month, line, month),
    ).fetchone()
    return row is not None
