"""A month read from a text Excel may have made of another: ``2026.10`` typed in a cell is
the number 2026.1 to Excel, and a CSV saved from it says ``2026.1``, which reads as
January. The readers mark a file whose month only such a text gives
(its ``settling.months``: each month read so, the text, the month its header block,
name or folder gives); once every input is read, it is settled
here on the file's other evidence, in this order:

- the month its header block, name or folder gives (``联通账单-2026年10月.csv``);
- the file's own other months and the other inputs' months of the same line: October
  written plainly in the file (``2026.10`` kept as text: a column Excel did not turn into
  numbers), or the same line's January in another input (202601) and not its October,
  makes it January; else, of January and October, the one strictly nearer the file's
  other months (a file of several months runs on: 202609 beside it makes it October), a
  tie nothing;
- else the month audited, as :func:`auditor.month_audited.audit_month` takes it of the
  other inputs that bill a month (the newest they bill), when it is January or October;
- else October not over by the audit date: then January, the only month it can be.

Said October: its records are moved to October and the file says why. Said January:
nothing to say. Nothing deciding: January is kept, and the file says the month is
doubtful and how to give it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from auditor.lang import say
from auditor.model import ReadResult
from auditor.month_audited import audit_month
from auditor.values import month_of


def settle_months(results: list[ReadResult], as_of: date | None) -> None:
    """Settle each month of ``results`` read from a doubtful text (see the module's text),
    as of the audit date ``as_of``."""
    doubtful = [r for r in results if r.settling.months and r.readable]
    if not doubtful:
        return
    others = [r for r in results if r.readable and not r.settling.months]
    # The month audited, of the inputs that bill one: their months decide it, never the
    # date (service lists alone bill none; audit_month's month before the audit date is
    # not a month any file bills).
    billing = [r for r in others if r.bills or r.charges]
    audited = audit_month(billing, as_of or date.min) if billing else ""
    by_line: dict[str, set[str]] = {}
    for result in others:
        for record in (*result.bills, *result.charges):
            by_line.setdefault(record.line, set()).add(record.period)
    for result in doubtful:
        doubts, result.settling.months = result.settling.months, []
        for period, text, stated in doubts:
            _settle(result, period, text, stated, (audited, by_line), as_of)


def _nearer(january: str, october: str, months: set[str]) -> str:
    """Of ``january`` and ``october``, the one strictly nearer a month of ``months`` (the
    file's own other months), else ``""``."""
    if not months:
        return ""

    def apart(candidate: str) -> int:
        return min(abs(_index(candidate) - _index(month)) for month in months)

    to_january, to_october = apart(january), apart(october)
    if to_january == to_october:
        return ""
    return january if to_january < to_october else october


def _index(period: str) -> int:
    """A ``YYYY-MM`` month as a count of months."""
    return int(period[:4]) * 12 + int(period[5:7])


def _settle(
    result: ReadResult,
    period: str,
    text: str,
    stated: str,
    evidence: tuple[str, dict[str, set[str]]],
    as_of: date | None,
) -> None:
    """Settle ``period``, read from ``text``, in ``result``: ``stated`` the month its header,
    name or folder gives; ``evidence`` the month audited (of the other inputs) and the
    months the other inputs bill for each line."""
    year = period[:4]
    january, october = f"{year}-01", f"{year}-10"
    if period != january:
        return  # (only 2026.1 is in doubt: no month is 2026.20)
    audited, by_line = evidence
    records = (*result.charges, *result.bills)
    own = {record.period for record in records} - {january}
    lines = {record.line for record in records if record.period == january}
    elsewhere = {month for line in lines for month in by_line.get(line, ())}
    if stated in (january, october):
        month = stated
        why = say("文件的抬头、名称或文件夹写的是该月", "the file's header, name or folder says so")
    elif october in own or (january in elsewhere and october not in elsewhere):
        return  # October written plainly beside it, or the same line's January: January
    elif nearest := _nearer(january, october, own):
        month = nearest
        closest = min(own, key=lambda m: abs(_index(m) - _index(october)))
        why = say(
            f"文件里其他的账期最接近的是 {closest}",
            f"the file's other months nearest it are of {closest}",
        )
    elif audited in (january, october):
        month, why = (
            audited,
            say(f"一同检查的其他账单是 {audited} 的", f"the other bills audited are of {audited}"),
        )
    elif as_of is not None and october > month_of(as_of):
        return  # October is not billed yet on the audit date: January
    else:
        result.alerts.append(
            say(
                f"账期「{text}」按 {january} 读取，但它可能是 Excel 把 {year}.10 存成了 {text}"
                f"（{october}）：请核对；若是 {october}，请把账期写成 {october}，或用 --period "
                f"{october} 指定",
                f"the month {text!r} was read as {january}, but it may be {year}.10 that Excel "
                f"saved as {text} ({october}): check it; if it is {october}, write the month as "
                f"{october} or give --period {october}",
            )
        )
        return
    if month == january:
        return
    for record in (*result.charges, *result.bills):
        if record.period == january:
            record.period = october
    result.section_gaps = [
        replace(gap, period=october) if gap.period == january else gap
        for gap in result.section_gaps
    ]
    result.alerts.append(
        say(
            f"账期「{text}」按 {october} 读取，不是 {january}：Excel 会把 {year}.10 存成 {text}，"
            f"而{why}",
            f"the month {text!r} was read as {october}, not {january}: Excel saves {year}.10 "
            f"as {text}, and {why}",
        )
    )
