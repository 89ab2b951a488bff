"""The month an audit audits, and the inputs that bill only an older one.

A monthly audit is of one month's bills: the newest month its inputs bill (October's
bills audited on 11-07 are October's audit, not November's: the date an audit runs is
not the month its bills are of). A line whose only bill among them is of an older month
(last month's file left in this month's folder) was not checked for that month: its
file is told so, on its own row of the inputs, so that an old bill never reads as this
month's checked (:mod:`auditor.history.unchecked` names the line not checked too, where
a history follows it).

A bill of a month not over on the audit date (November's, exported on 11-27) is that
month's bill so far, not its final one: its charges may still grow. What it charges
holds (a charge after a cancellation, a service not known, a fee twice), what it lacks
proves nothing (a charge not on it yet has not stopped: :mod:`auditor.rules.stops`). Its
file's row of the Inputs says so, and the terminal and the Summary once, naming the
files: audit the month again with its final bill, out early the month after.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import PurePath

from auditor.lang import counted, say
from auditor.model import ReadResult
from auditor.values import month_add, month_of


def audit_month(results: Iterable[ReadResult], as_of: date) -> str:
    """The month ``results`` (the inputs read) are the audit of: the newest month they
    bill, else (service lists alone) the month before ``as_of``, whose bills were out by
    then."""
    # the newest of their charges' and bills' months (ReadResult.periods's), without
    # sorting each file's: asked three times an audit, of a company's 2,000 files
    newest = max(
        (
            record.period
            for result in results
            if result.readable
            for records in (result.charges, result.bills)
            for record in records
        ),
        default=None,
    )
    return newest if newest is not None else month_add(month_of(as_of), -1)


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


#: The day of the month after a bill's month by which its final bill is out.
FINAL_BILL_DAY = 5

#: The files of a month not over the Summary names; more are counted.
UNFINISHED_NAMED = 3


def unfinished_bills(results: Iterable[ReadResult], as_of: date) -> list[tuple[ReadResult, str]]:
    """The inputs given this time (not the history's) that bill a month not over on
    ``as_of`` (its month, or a later one), each with the newest such month."""
    now = month_of(as_of)
    found = []
    for result in results:
        if not result.readable or result.stored_on is not None:
            continue
        newest = _newest_month(result)  # a copy set aside is that month's bill all the same
        if newest and newest >= now:
            found.append((result, newest))
    return found


def _newest_month(result: ReadResult) -> str:
    """The newest month ``result`` holds, its copies set aside included: the last of
    :meth:`ReadResult.held`'s months (``""`` for none), without sorting them and its
    lines. The Summary asks it of every input in each layout it tries (2,000 files, 9
    times: a tenth of a company month's writing)."""
    records = (result.charges, result.bills, result.copies)
    return max((record.period for each in records for record in each), default="")


def final_bill_out(month: str) -> str:
    """The day (``YYYY-MM-DD``) by which ``month``'s final bill is out."""
    return f"{month_add(month, 1)}-{FINAL_BILL_DAY:02d}"


def unfinished_warning(month: str, as_of: date) -> str:
    """What the Inputs say of a file billing ``month``, not over on ``as_of``: it is the
    month's bill so far, what it does not show, and when its final bill is out."""
    on, then = as_of.isoformat(), final_bill_out(month)
    return say(
        f"{month} 的账单：{month} 在检查日期 {on} 还没有结束，这只是到目前为止的费用，不是"
        f"该月的最终账单；账单上没有的费用不说明已停止收取（{then} 后用最终账单再检查）",
        f"a bill of {month}, a month not over on the audit date ({on}): its charges so far, "
        f"not the month's final bill; a charge missing from it does not show that the charge "
        f"stopped (audit again with the final bill from {then})",
    )


def warn_unfinished_bills(results: list[ReadResult], as_of: date) -> None:
    """Warn, on its row of the Inputs, of each of ``results`` (the inputs given this
    time) that bills a month not over on ``as_of`` (:func:`unfinished_bills`); the
    terminal and the Summary say it once for all (:func:`unfinished_note`)."""
    for result, month in unfinished_bills(results, as_of):
        warning = unfinished_warning(month, as_of)
        if warning not in result.warnings:  # the same results audited again
            result.warnings.append(warning)


def unfinished_files(results: Iterable[ReadResult], as_of: date) -> dict[str, list[str]]:
    """The inputs given this time that bill a month not over on ``as_of``, by month: the
    names of their files (:func:`unfinished_bills`)."""
    by_month: dict[str, list[str]] = {}
    for result, month in unfinished_bills(results, as_of):
        by_month.setdefault(month, []).append(PurePath(result.path).name)
    return dict(sorted(by_month.items()))


def unfinished_note(unfinished: dict[str, list[str]], as_of: date) -> str:
    """What the terminal says, once, of the inputs that bill a month not over on
    ``as_of`` (``unfinished``: :func:`unfinished_files`): each month, the files of it
    (their names, the first :data:`UNFINISHED_NAMED`), that they are its bills so far,
    and when to audit it again; ``""`` when there is none."""
    said = []
    for month, names in unfinished.items():
        files = say("、", ", ").join(names[:UNFINISHED_NAMED])
        if (more := len(names) - UNFINISHED_NAMED) > 0:
            files += say(f" 等 {len(names)} 个文件", f" and {counted(more, 'more file')}")
        then = final_bill_out(month)
        said.append(
            say(
                f"{month} 在检查日期 {as_of.isoformat()} 还没有结束：{files} 只是到目前为止的"
                f"费用，不是最终账单，其中还没有的费用不说明已停止收取；{then} 后用最终账单"
                "再检查一次",
                f"{month} is not over on the audit date ({as_of.isoformat()}): {files} "
                f"{'holds' if len(names) == 1 else 'hold'} its charges so far, not its final "
                f"bill; a charge not on it yet has not stopped. Audit again with the final "
                f"bill from {then}",
            )
        )
    return say("；", "; ").join(said)


def unfinished_line(unfinished: dict[str, list[str]], as_of: date, named: bool = True) -> str:
    """The Summary's line, short, about the inputs that bill a month not over on
    ``as_of`` (``unfinished``: :func:`unfinished_files`): the month's file (named where
    ``named`` and there is one, else counted), not its final bill, and when to audit it
    again; ``""`` when there is none."""
    said = []
    for month, names in unfinished.items():
        then, on = final_bill_out(month), as_of.isoformat()
        if named and len(names) == 1:
            name = names[0]
            line = say(
                f"非最终账单：{name}（{month} 在 {on} 还没有结束）；{then} 后再检查",
                f"Not final: {name} ({month}, not over on {on}); audit again from {then}",
            )
        else:
            bills = "bill" if len(names) == 1 else counted(len(names), "bill")
            line = say(
                f"非最终账单：{month} 的 {len(names)} 个账单（该月在 {on} 还没有结束）；"
                f"{then} 后再检查",
                f"Not final: {month}'s {bills} (not over on {on}); audit again from {then}",
            )
        said.append(line)
    return say("；", "; ").join(said)
