"""A file whose rows could not be read, all or most of them, told as such.

A bill whose every row is unread gave the audit nothing: counted as read, its line was
said to have no bill given, and a service list lost so dropped its 已退订 entries
unsaid. Such a file fails (:func:`all_unread`), as a file that cannot be opened does:
one line naming the commonest reason, with a row of it, and exit status 3. A file whose
rows are mostly unread is read, with a warning naming it (:func:`mostly_unread`); so is
one whose total row went unread (:func:`total_unread`): its bill was not checked against
what it states, which the Unread rows sheet alone told; and one holding a formula saved
without its value (:func:`formulas_unread`), which Excel fixes by saving it again.

The usual cause is Excel's: a file opened in Excel and saved again has its values
turned into what Excel shows. A hint names the common ones (:func:`excel_hint`): a
number in scientific notation (``1.86E+10``: its digits are lost), a date as Excel's day
number (``45047``), a month as Excel shows a date (``Oct-26``).
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, timedelta

from auditor.lang import say
from auditor.model import ReadResult, RowIssue
from auditor.readers.rows import which_total
from auditor.sheets import UNREAD

# The value a reason quotes: 'abc' in English, “abc” in Chinese (auditor.errors.quoted);
# no “ inside a “…”, so that a run of them is scanned once, not once from each.
_QUOTED = re.compile(r"'([^']*)'|“([^“”]*)”")
_SCIENTIFIC = re.compile(r"^[+-]?\d+(?:\.\d+)?E[+-]?\d+$", re.IGNORECASE)
# Excel's day numbers of the years a bill or a service list dates (1990 to 2199).
_SERIAL = re.compile(r"^(?:3[3-9]|[4-9]\d|1\d\d)\d{3}(?:\.\d+)?$")
_MONTH_YEAR = re.compile(
    r"^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*[-/ ]\d{2}$", re.IGNORECASE
)
_EXCEL_EPOCH = date(1899, 12, 30)


def _value(reason: str) -> str:
    """The value ``reason`` quotes, ``""`` when it quotes none."""
    match = _QUOTED.search(reason)
    return (match[1] if match[1] is not None else match[2]) if match else ""


def _kind(reason: str) -> str:
    """``reason`` without the value it quotes: what rows unread for one cause share."""
    return _QUOTED.sub("", reason)


def excel_hint(value: str) -> str:
    """What Excel did to ``value`` (a value a row could not be read for) and what to do,
    when it is one of Excel's usual changes; ``""`` otherwise."""
    value = value.strip()
    if _SCIENTIFIC.match(value):
        return say(
            "Excel 把号码变成了科学计数法，号码的位数已经丢失：请重新导出，并把号码列设为"
            "文本后再保存",
            "Excel turned the number into scientific notation, which loses its digits: "
            "export the file again, with the column formatted as text",
        )
    if _SERIAL.match(value):
        day = _EXCEL_EPOCH + timedelta(days=int(float(value)))
        return say(
            f"这是 Excel 的日期序号（{value} 即 {day.isoformat()}）：请把日期列设为日期或文本"
            "格式后再保存，或重新导出",
            f"that is Excel's day number for a date ({value} is {day.isoformat()}): format "
            "the date columns as dates or text and save again, or export the file again",
        )
    if _MONTH_YEAR.match(value):
        return say(
            "Excel 把账期当作日期显示了：请把账期列设为文本（如 202610）后再保存，或重新导出",
            "Excel turned the month into a date: format the month column as text (202610) "
            "and save again, or export the file again",
        )
    return ""


def _commonest(result: ReadResult) -> str:
    """The commonest reason its rows were unread, with the first row of it, and what
    Excel did when it was Excel: ``row 2: not a mobile number: '1.86E+10' (…)``."""
    kinds = Counter(_kind(issue.reason) for issue in result.unparseable)
    kind = kinds.most_common(1)[0][0]
    first = next(issue for issue in result.unparseable if _kind(issue.reason) == kind)
    hint = excel_hint(_value(first.reason))
    said = say(f"{first.locator}：", f"{first.locator}: ") if first.locator else ""
    said += first.reason
    return said + (say(f"（{hint}）", f" ({hint})") if hint else "")


def _data_rows(result: ReadResult) -> int:
    """Its rows that held something to read, read or not (not its headers, titles,
    blanks and the like, set aside)."""
    return result.rows_read - sum(result.set_aside.values())


def all_unread(result: ReadResult) -> str | None:
    """Why a file that gave no charge, service and bill while rows of it went unread
    fails: how many, and the commonest reason (:func:`_commonest`); None otherwise."""
    if result.charges or result.services or result.bills or not result.unparseable:
        return None
    count = len(result.unparseable)
    return say(
        f"没有一行能读取：{count} 行未读；{_commonest(result)}",
        f"every row unread: {count} rows; {_commonest(result)}",
    )


def mostly_unread(result: ReadResult) -> str | None:
    """The warning of a file read whose rows were mostly not (over half of those holding
    something); None otherwise."""
    unread, rows = len(result.unparseable), _data_rows(result)
    if not unread or unread * 2 <= rows:
        return None
    return say(
        f"大部分行未能读取：{rows} 行中 {unread} 行未读（见「{UNREAD.zh}」表）；"
        f"{_commonest(result)}",
        f"most rows unread: {unread} of {rows} (see the {UNREAD.en} sheet); {_commonest(result)}",
    )


def total_unread(result: ReadResult) -> str | None:
    """The warning of a file one of whose total rows (合计, 本月费用合计) was not read (its
    amount has a third decimal, a formula was saved without its value): what it totals
    was not checked against it. None when every total row was read."""
    rows = [issue for issue in result.unparseable if _totals(issue)]
    if not rows:
        return None
    first = rows[0]
    where, more = _first_of(rows)
    return say(
        f"{where}合计行未能读取{more}：{first.reason}；它合计的费用没有与它核对（见「{UNREAD.zh}」表）",
        f"{where}a total row could not be read{more}: {first.reason}; what it totals was not "
        f"checked against it (see the {UNREAD.en} sheet)",
    )


def formulas_unread(result: ReadResult) -> str | None:
    """The warning of a spreadsheet whose rows hold a formula saved without its value
    (``=20+9``, read as such, never as 0.00): those rows are unread until it is opened in
    Excel and saved. None when no row does but a total row (:func:`total_unread` says it)."""
    rows = [
        issue
        for issue in result.unparseable
        if not _totals(issue) and any(word[:1] == "=" for word in issue.text.split())
    ]
    if not rows:
        return None
    where, more = _first_of(rows)
    return say(
        f"{where}公式保存时没有保存结果{more}，这些行未读取：请用 Excel 打开并保存后再检查",
        f"{where}a formula saved without its value{more}: those rows are unread; open the file "
        "in Excel, save it and audit it again",
    )


def _totals(issue: RowIssue) -> bool:
    """True for an unread row holding a total's label (合计, 本月费用合计)."""
    return any(which_total(word) == "total" for word in issue.text.split())


def _first_of(rows: list[RowIssue]) -> tuple[str, str]:
    """Where the first of ``rows`` stands (``row 4: ``), and how many more there are
    (`` (and 2 more)``, "" for none), as a warning about them starts."""
    first = rows[0]
    where = say(f"{first.locator}：", f"{first.locator}: ") if first.locator else ""
    more = say(f"（另有 {len(rows) - 1} 行）", f" (and {len(rows) - 1} more)") if rows[1:] else ""
    return where, more
