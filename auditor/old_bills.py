"""Lines whose newest bill read is long before the audit date.

An old bill audited today (an export of 2016 found in a drawer) gets steps dated from
today: "check that the 2026-12 bill no longer charges it", an appeal whose limit passed
years ago. The findings are right as of the audit date; the user may have meant to
audit as of then. Each such line is told once, on the first input of its that holds
its newest month (the alert a file's months after the audit date get is the reader's:
:func:`auditor.readers._check_months`). "Long before": more months than the appeal
limit for billing disputes (:attr:`~auditor.catalog.Escalation.billing_deadline_months`),
so that every month of it is past that limit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from auditor.catalog import load_escalation
from auditor.lang import say
from auditor.model import ReadResult
from auditor.sheets import INPUTS
from auditor.values import month_add, month_of

#: The day of the month after a bill's that ``--as-of`` is suggested for: its bill is out.
BILL_OUT_DAY = 5


def months_between(earlier: str, later: str) -> int:
    """How many months ``later`` (``YYYY-MM``) comes after ``earlier``: 2016-10 → 2026-11
    is 121."""
    return (int(later[:4]) - int(earlier[:4])) * 12 + int(later[5:7]) - int(earlier[5:7])


def as_of_for(newest: str) -> str:
    """The ``--as-of`` that audits a line whose newest bill is of ``newest`` as of then:
    early in the month after it, once its bill was out (2026-10: 2026-11-05)."""
    return f"{month_add(newest, 1)}-{BILL_OUT_DAY:02d}"


def old_bill_alert(line: str, newest: str, as_of: date) -> str:
    """What is said of ``line`` whose newest bill read is of ``newest``, long before
    ``as_of``: how long, and the ``--as-of`` that audits it as of then
    (:func:`as_of_for`)."""
    gap, on, then = months_between(newest, month_of(as_of)), as_of.isoformat(), as_of_for(newest)
    return say(
        f"{line} 最新的账单是 {newest}，比检查日期 {on} 早 {gap} 个月：步骤按检查日期排期；"
        f"要按当时检查，加 --as-of {then}",
        f"{line}'s newest bill is of {newest}, {gap} months before the audit date {on}: "
        f"the steps are dated from the audit date; to audit as of then, add --as-of {then}",
    )


def warn_old_bills(
    results: list[ReadResult], latest: Mapping[str, str], as_of: date
) -> tuple[tuple[str, str], ...]:
    """Alert, once per line, of each line whose newest month (``latest``: of its bills and
    charges read, the history's too) is more than the appeal limit's months before the
    month of ``as_of``: on the first of ``results`` (the inputs read) holding that month,
    else the first holding the line; returns the lines told, each with its newest month,
    by line (what the Summary says of them: :func:`summary_alert`)."""
    limit = load_escalation().billing_deadline_months
    audit_month = month_of(as_of)
    old = [
        (line, newest)
        for line, newest in sorted(latest.items())
        if line and months_between(newest, audit_month) > limit
    ]
    if not old:
        return ()
    # (a long bill's 200,000 charges asked once for their lines and months, not per line)
    covers = [(result, set(result.lines), set(result.periods)) for result in results]
    told = []
    for line, newest in old:
        mine = [(result, periods) for result, lines, periods in covers if line in lines]
        held = [result for result, periods in mine if newest in periods]
        held = held or [result for result, _ in mine]
        if held:
            told.append((line, newest))
            alert = old_bill_alert(line, newest, as_of)
            if alert not in held[0].alerts:  # the same results audited again
                held[0].alerts.append(alert)
    return tuple(told)


#: The lines :func:`summary_alert` names; more are counted.
NAMED = 3


def summary_alert(old: Sequence[tuple[str, str]], as_of: date) -> str:
    """The one line the Summary says of the lines whose newest bill is long before
    ``as_of`` (``old``: each with its newest month, :func:`warn_old_bills`), a person who
    reads only the Summary being told too that the steps are dated from the audit date:
    one line's alert as its input's (:func:`old_bill_alert`); several lines of one newest
    month, named (the first :data:`NAMED`, the rest counted) with that month and the
    ``--as-of`` for it; of several months, how long before, each line's ``--as-of`` on
    the Inputs sheet. ``""`` for none."""
    if len(old) < 2:
        return "".join(old_bill_alert(line, newest, as_of) for line, newest in old)
    lines = [line for line, _ in old]
    more, named = len(lines) - NAMED, lines[:NAMED]
    zh = "、".join(named) + (f" 等 {len(lines)} 个号码" if more > 0 else " ")  # (号码最新)
    last = f"{more} more lines" if more > 0 else named.pop()
    en = f"{', '.join(named)} and {last}"
    months, on = sorted({newest for _, newest in old}), as_of.isoformat()
    gaps = sorted({months_between(month, month_of(as_of)) for month in months})
    if len(months) == 1:
        then = as_of_for(months[0])
        return say(
            f"{zh}最新的账单都是 {months[0]}，比检查日期 {on} 早 {gaps[0]} 个月："
            f"步骤按检查日期排期；要按当时检查，加 --as-of {then}",
            f"The newest bills of {en} are of {months[0]}, {gaps[0]} months before the "
            f"audit date {on}: the steps are dated from the audit date; to audit as of "
            f"then, add --as-of {then}",
        )
    return say(
        f"{zh}最新的账单比检查日期 {on} 早 {gaps[0]}–{gaps[-1]} 个月：步骤按检查日期"
        f"排期；要按当时检查，各号码该加的 --as-of 见「{INPUTS.zh}」表",
        f"The newest bills of {en} are {gaps[0]} to {gaps[-1]} months before the audit "
        f"date {on}: the steps are dated from the audit date; to audit as of then, the "
        f"--as-of for each line is on the {INPUTS.en} sheet",
    )
