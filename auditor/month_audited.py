"""The month an audit audits, and the inputs that bill only an older one.

A monthly audit is of one month's bills: the newest month its inputs bill (October's
bills audited on 11-07 are October's audit, not November's: the date an audit runs is
not the month its bills are of). A line whose only bill among them is of an older month
(last month's file left in this month's folder) was not checked for that month: its
file is told so, on its own row of the inputs, so that an old bill never reads as this
month's checked (:mod:`auditor.history.unchecked` names the line not checked too, where
a history follows it).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from auditor.lang import say
from auditor.model import ReadResult
from auditor.values import month_add, month_of


def audit_month(results: Iterable[ReadResult], as_of: date) -> str:
    """The month ``results`` (the inputs read) are the audit of: the newest month they
    bill, else (service lists alone) the month before ``as_of``, whose bills were out by
    then."""
    months = [period for result in results if result.readable for period in result.periods]
    return max(months) if months else month_add(month_of(as_of), -1)


def billed_in(results: Iterable[ReadResult], month: str) -> set[str]:
    """The lines ``results`` bill in ``month``: a bill or a charge of that month, a copy
    set aside as another file's twin too (the line's month was read all the same)."""
    return {
        record.line
        for result in results
        if result.readable
        for record in (*result.bills, *result.charges, *result.copies)
        if record.period == month
    }


def older_bill_alert(line: str, newest: str, month: str) -> str:
    """What is said on the file holding ``line``'s newest bill read (of ``newest``), older
    than ``month``, the month audited: the line was not checked for it."""
    return say(
        f"这是 {line} 的 {newest} 账单，早于本次核对的 {month}：该号码 {month} 未核对，"
        f"请提供其 {month} 账单再检查",
        f"this is {line}'s bill of {newest}, older than the month audited ({month}): the "
        f"line was not checked for {month}; give its {month} bill and audit again",
    )


def warn_older_bills(results: list[ReadResult], month: str) -> None:
    """Alert, once per line, of each line ``results`` (the inputs given this time) bill
    only in months before ``month`` (the month audited, :func:`audit_month`): on the first
    of them holding the line's newest month read."""
    fresh = [r for r in results if r.readable and r.stored_on is None]
    checked = billed_in(fresh, month)
    newest: dict[str, tuple[str, ReadResult]] = {}
    for result in fresh:
        for record in (*result.bills, *result.charges):
            line, period = record.line, record.period
            if line in checked or period >= month:
                continue
            if line not in newest or period > newest[line][0]:
                newest[line] = (period, result)
    for line, (period, result) in sorted(newest.items()):
        alert = older_bill_alert(line, period, month)
        if alert not in result.alerts:  # the same results audited again
            result.alerts.append(alert)
