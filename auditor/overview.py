"""What ``auditor history`` shows of each line the history holds: its months, its
findings (the open ones each, its notices apart, the resolved ones counted), the refunds
still due and the user's records, gathered in one pass (a company's history holds
hundreds of lines)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from auditor.crosscheck import set_aside_duplicate_bills
from auditor.history.became import (
    by_service,
    charged_after_cancelling,
    grown_into,
    still_open_as,
)
from auditor.history.charged import Over
from auditor.history.db import HistoryDB
from auditor.history.findings import Seen, seen_findings
from auditor.history.records import list_records
from auditor.history.refund_due import RefundDue
from auditor.history.same_name import apart
from auditor.history.store import load_results
from auditor.model import UserRecord
from auditor.pipeline import AuditOptions, followed_now
from auditor.ports import Port, month_carriers, ports_of, settle_ported
from auditor.rules import is_notice, report_order
from auditor.writers.figures import Counted
from auditor.writers.months import MonthFigures, months_of


@dataclass
class LineHistory:
    """What the history holds of one line: its months' figures, its open findings (the
    gravest first), how many were resolved, its refunds due (and those refunded beyond
    what they claim, or exactly and not yet told by an audit), the user's records and
    each refund's money beyond its claims."""

    months: list[MonthFigures] = field(default_factory=list)
    still: list[Seen] = field(default_factory=list)
    #: Its notices not yet past (a change coming next month, until the month after it
    #: begins): information, not money at issue, so never counted open.
    notices: list[Seen] = field(default_factory=list)
    resolved: int = 0
    #: The findings resolved, each (what, how and when: ``resolved_on``, ``reason``), by
    #: the day they were resolved: the story ``auditor history`` tells.
    gone: list[Seen] = field(default_factory=list)
    #: Those of ``gone`` that became a charge after cancellation (by id): not resolved.
    became: set[str] = field(default_factory=set)
    due: list[RefundDue] = field(default_factory=list)
    over_refunded: list[RefundDue] = field(default_factory=list)
    refunded: list[RefundDue] = field(default_factory=list)  # exactly, not told yet
    closed: list[RefundDue] = field(default_factory=list)  # settled, not told yet
    records: list[UserRecord] = field(default_factory=list)
    #: Money of a refund beyond the claims it was for, by the record's id.
    beyond: dict[int, int] = field(default_factory=dict)
    #: What came back of each open finding's money (by id, 0s left out): the refunds
    #: set against it as an audit today sets them (:attr:`~auditor.model.Finding.
    #: refunded_fen`), so that it reads as the audit's "(¥6.00 refunded)".
    back: dict[str, int] = field(default_factory=dict)
    #: What a refund's service was ever charged and refunded before it, where the two
    #: come to more, by its id.
    over_charged: dict[int, Over] = field(default_factory=dict)
    #: Its open findings the user recorded cancelling, no bill after it yet (by id): the
    #: month whose bill tells whether it took (a cancellation resolves nothing alone).
    waiting: dict[str, str] = field(default_factory=dict)
    #: Its number's ports (携号转网: its bills moved to another carrier), oldest first,
    #: and then its carrier by month (each month's bill's); both empty when it has none.
    ports: list[Port] = field(default_factory=list)
    carriers: dict[str, str] = field(default_factory=dict)

    @cached_property
    def told(self) -> dict[str, str]:
        """What tells each of its findings (open, notices, refunds due and refunded)
        apart from another billed under the same name (信息费（手机报）), by id: worked
        out once for the text and the JSON (:func:`~auditor.history.same_name.apart`)."""
        return apart(
            [
                *self.still,
                *self.notices,
                *self.due,
                *self.over_refunded,
                *self.refunded,
                *self.closed,
            ]
        )


def line_histories(db: HistoryDB, lines: set[str], options: AuditOptions) -> dict[str, LineHistory]:
    """Each of ``lines`` as the history ``db`` holds it, the refunds due as an audit on
    ``options.as_of`` with ``options``' known services finds them."""
    stored = load_results(db, lines)
    # read as an audit reads them: a line's carrier in the settings but for its months
    # before a port to it (携号转网)
    settle_ported(stored, dict(options.read.line_carriers), forced=bool(options.read.carrier))
    set_aside_duplicate_bills(stored)
    held: dict[str, LineHistory] = defaultdict(LineHistory)
    for month in months_of(stored):
        held[month.line].months.append(month)
    for line, months in month_carriers(stored).items():
        if ports := ports_of(months, line):
            held[line].ports, held[line].carriers = ports, months
    today, followed = followed_now(db, lines, options)
    # an open finding's refunds as the audit of today shows them (one refund of one charge
    # on one of its findings): the one figure both show
    counted = Counted(today.findings, options.as_of, today.claims) if today else None
    shown = {f.id: counted.refunded_shown(f) for f in today.findings} if counted else {}
    back = {fid: fen for fid, fen in shown.items() if fen}
    for refund in followed.refunds_due:
        held[refund.line].due.append(refund)
    for refund in followed.over_refunded:
        held[refund.line].over_refunded.append(refund)
    for refund in followed.refunded:
        held[refund.line].refunded.append(refund)
    for refund in followed.closed:  # closed without a refund since: as an audit would
        held[refund.line].closed.append(refund)
    # ... and one refunded exactly whose line no audit followed since (a cancellation and
    # its refund recorded since the last audit; its line not checked, no bill given): as
    # refunded, resolved as an audit today would
    settled = {refund.id for refund in followed.settled}
    for refund in followed.settled:
        held[refund.line].refunded.append(refund)
    # a finding an audit today would resolve as a refund due (a cancellation recorded
    # since the last audit) is shown as that, not as open too
    owed = {refund.id for refund in followed.refunds_due + followed.over_refunded} | settled
    owed |= {refund.id for refund in followed.closed}  # settled since: closed, not open
    owed -= set(followed.waiting)  # cancelled, no bill since: open all the same
    seen = seen_findings(db, lines)
    grown, cancelled_grown = _grown(seen)
    for finding in seen.values():
        if finding.resolved_on is None and is_notice(finding.rule):
            if not _past(finding, options.as_of):
                held[finding.line].notices.append(finding)
        elif finding.resolved_on is None and finding.id not in owed:
            held[finding.line].still.append(finding)
            if finding.id in followed.waiting:
                held[finding.line].waiting[finding.id] = followed.waiting[finding.id]
            if finding.id in back:
                held[finding.line].back[finding.id] = back[finding.id]
        elif finding.id in cancelled_grown:  # the same charge, told as what it became
            held[finding.line].gone.append(finding)
            held[finding.line].became.add(finding.id)
        elif finding.id not in grown:  # a notice grown into a finding: counted as that
            held[finding.line].resolved += 1
            if finding.resolved_on is not None:  # (not one an audit today would resolve)
                held[finding.line].gone.append(finding)
    for item in list_records(db, lines):
        held[item.line].records.append(item)
        if item.id in followed.beyond:
            held[item.line].beyond[item.id] = followed.beyond[item.id]
        if item.id in followed.over_charged:
            held[item.line].over_charged[item.id] = followed.over_charged[item.id]
    for line in held.values():
        line.still.sort(key=lambda f: (*report_order(f.rule, f.line, f.service), f.id))
        line.notices.sort(key=lambda f: (*report_order(f.rule, f.line, f.service), f.id))
        line.gone.sort(key=lambda f: (f.resolved_on or date.min, f.periods, f.id))
    return {line: held.get(line, LineHistory()) for line in lines}


def _grown(seen: dict[str, Seen]) -> tuple[set[str], set[str]]:
    """The notices (by id) the history closed as grown into a finding: one found by the
    audit that closed them (seen on that day) about their line and service
    (:func:`~auditor.history.became.grown_into`), as that audit told it. Not resolved:
    what became of them is that finding, open or resolved. And the findings closed as
    grown into a charge after cancellation, first seen that day (a service cancelled and
    charged after it: :func:`~auditor.history.follow.follow`'s ``became``)."""
    by_line: dict[str, list[Seen]] = defaultdict(list)
    for finding in seen.values():
        by_line[finding.line].append(finding)
    grown, cancelled = set(), set()
    for notice in seen.values():
        on = notice.resolved_on
        if on is None:
            continue
        if not is_notice(notice.rule):
            after = by_service(f for f in by_line[notice.line] if f.first_seen == on)
            sibling = still_open_as(notice, after)
            if sibling is not None and charged_after_cancelling(sibling.rule):
                cancelled.add(notice.id)
            continue
        then = by_service(f for f in by_line[notice.line] if f.first_seen <= on <= f.last_seen)
        if grown_into(notice, then) is not None:
            grown.add(notice.id)
    return grown, cancelled


def _past(notice: Seen, today: date) -> bool:
    """Whether the change ``notice`` announced is past on ``today``: the month after its
    latest month (the change's) has begun, so that bill has come and told it. One without
    a month is kept: nothing says when it would be past."""
    return bool(notice.periods) and f"{today:%Y-%m}" > max(notice.periods)
