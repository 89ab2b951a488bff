"""The lines the history follows that an audit's files do not cover: not checked this time.

A user who audits monthly gives each month's bills; a month whose folder lacks one line's
bill (an export forgotten, a download that failed) leaves that line out of the audit,
which follows through the history only the lines its files touch. Its open findings and
the refunds still due on it would then be in no output: neither open nor resolved, as if
nothing were pending on it. Such a line is carried over instead, as not checked
(:class:`UncheckedLine`): its findings still open and its refunds due, as the months the
history holds give them today (what ``auditor history`` shows between audits,
:func:`~auditor.pipeline.followed_now`), nothing about them judged again for lack of a
bill, the history left as it is (no finding resolved, none seen again), and its next step
to give its bill.

A line needs no mention when nothing on it is pending (its findings all resolved with
nothing due, or only a notice of a coming change), or when the user recorded closing it
(销户: a cancellation of a whole-line finding, a suspended line, or one that closes the
line) and nothing is owed on it: a closed line's bill is not coming. A closed line with
refunds still due is carried with those alone (no bill to give: the money is owed all
the same).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from auditor.escalation import NextStep
from auditor.history.claims import Claim
from auditor.history.db import HistoryDB
from auditor.history.findings import Seen, seen_findings
from auditor.history.follow import Followed
from auditor.history.records import list_records, records_of
from auditor.history.refund_due import RefundDue
from auditor.lang import Text, say
from auditor.model import Finding, ReadResult, UserRecord
from auditor.rules import find_rule, is_notice
from auditor.rules.formatting import months_text
from auditor.values import month_add, month_of

if TYPE_CHECKING:  # a type only: the pipeline's audit of the stored months is passed in
    from auditor.pipeline import AuditReport


#: What is said first of a line recorded closed (销户) still owed refunds.
CLOSED = Text("号码已销户，不会再有账单", "The line was closed, so no bill is coming")
#: What a line not checked that was closed (and not recorded so) is left to: forgotten.
FORGET = Text(
    "；号码已销户、不再跟进的，可用 auditor forget --line 号码 删除",
    "; a line closed, no longer to follow: auditor forget --line NUMBER",
)


@dataclass(frozen=True)
class UncheckedLine:
    """A line the history follows that no file of this audit covers, with what is still
    pending on it: its findings still open (``findings``, as the months the history holds
    give them today: the user's records about them, their steps and money, their status
    as the history has it) and its refunds still due (``refunds_due``), with the claims of
    its findings (refunds set against their months, by finding id) and the user's records
    about it; its newest month the history holds (``last_month``) and the months whose
    bills to give (``wanted``)."""

    line: str
    carrier: str
    last_month: str
    wanted: tuple[str, ...]
    findings: tuple[Finding, ...] = ()
    refunds_due: tuple[RefundDue, ...] = ()
    claims: Mapping[str, Claim] = field(default_factory=dict)
    #: The user's records about the line, oldest first, and each refund's money beyond the
    #: claims it was for (by the record's id).
    records: tuple[UserRecord, ...] = ()
    beyond: Mapping[int, int] = field(default_factory=dict)
    #: The user recorded closing the line (销户): no bill is coming, and only the refunds
    #: still due of it are carried (the money is owed all the same).
    closed: bool = False
    #: Each refund more than its service was ever charged on the line (by the record's id:
    #: what was charged, :func:`~auditor.history.charged.over_charged`'s): a slip?
    over: Mapping[int, int] = field(default_factory=dict)
    #: What tells its findings and refunds due apart from another billed under the same
    #: name (信息费（手机报）), by id: the stored months' audit's, as their steps name them
    #: (:attr:`~auditor.pipeline.AuditReport.told`).
    told: Mapping[str, str] = field(default_factory=dict)

    def next_step(self) -> NextStep:
        """What to do about the line, in the active language: give its bill of the months
        ``wanted`` and audit again (:meth:`brief`); or, closed and no longer wanted,
        forget it (not a line recorded closed: its refunds are still due, and forgetting
        it would drop them)."""
        return NextStep(self.brief() if self.closed else self.brief() + FORGET.shown())

    def brief(self) -> str:
        """Its step in short, where its line stands beside it (a Follow-up row, before the
        finding's own step): that it was not checked, and the bill to give; of a line
        recorded closed, that no bill is coming and its refunds are still due."""
        if self.closed:
            return say(
                f"{CLOSED.zh}：下面的退款仍未到账，照常追回",
                f"{CLOSED.en}: the refund below is still due, to be asked back all the same",
            )
        months = months_text(list(self.wanted))
        bills = "bill" if len(self.wanted) == 1 else "bills"
        return say(
            f"本次没有该号码的账单，未核对：请提供其 {months} 账单再检查",
            f"No bill of this line in this audit, so it was not checked: give its {bills} "
            f"for {months} and audit again",
        )


def away_lines(db: HistoryDB, covered: Iterable[str], as_of: date) -> set[str]:
    """The lines with findings reported by ``as_of`` that ``covered`` (an audit's lines)
    leaves out: those whose findings or refunds due could be pending unchecked."""
    rows = db.execute(
        "SELECT DISTINCT line FROM findings WHERE first_seen <= ?", (as_of.isoformat(),)
    )
    return {line for (line,) in rows} - set(covered)


def unchecked_lines(
    db: HistoryDB,
    readable: list[ReadResult],
    as_of: date,
    stored: AuditReport | None,
    followed: Followed,
) -> list[UncheckedLine]:
    """The lines not checked by an audit of ``readable`` (its inputs read) dated ``as_of``,
    with something pending, by number: ``stored`` is the audit of the months the history
    holds of the lines no input covers (:func:`away_lines`), dated ``as_of`` as well, and
    ``followed`` what it followed (:func:`~auditor.pipeline.followed_now`: None, nothing
    was ever found there). Only reads the history ``db``."""
    if stored is None:
        return []
    away = {f.line for f in stored.findings} | {due.line for due in followed.refunds_due}
    seen = seen_findings(db, away)
    records = list_records(db, away, until=as_of)
    owed = {due.id for due in followed.refunds_due}
    still: dict[str, list[Finding]] = {}
    for finding in stored.findings:
        known = seen.get(finding.id)
        if known is not None and known.resolved_on is None and finding.id not in owed:
            still.setdefault(finding.line, []).append(finding)
    due: dict[str, list[RefundDue]] = {}
    for refund in followed.refunds_due:
        if refund.unrefunded_fen > 0:
            due.setdefault(refund.line, []).append(refund)
    newest: dict[str, str] = {}
    for record in [*stored.charges, *(check.bill for check in stored.bills)]:
        newest[record.line] = max(newest.get(record.line, ""), record.period)
    month = _audit_month(readable, as_of)
    lines = []
    for line in sorted(still.keys() | due.keys()):
        open_ = still.get(line, [])
        if not due.get(line) and all(is_notice(f.rule) for f in open_):
            continue  # nothing pending but a notice (no money at issue): no nagging
        mine = [s for s in seen.values() if s.line == line]
        kept = [r for r in records if r.line == line]
        closed = _closed(kept, mine)
        if closed and not due.get(line):
            continue  # closed, nothing owed: its bills are not coming, nothing to follow
        if closed:  # no bill is coming to check its findings: the money owed is carried
            open_ = []
        last = newest.get(line, "")
        lines.append(
            UncheckedLine(
                line,
                next((f.carrier for f in open_ if f.carrier), "")
                or next((d.carrier for d in due.get(line, []) if d.carrier), ""),
                last,
                () if closed else _wanted(last, month),
                tuple(open_),
                tuple(due.get(line, [])),
                {f.id: stored.claims[f.id] for f in open_ if f.id in stored.claims},
                tuple(kept),
                {r.id: followed.beyond[r.id] for r in kept if r.id in followed.beyond},
                closed,
                {r.id: followed.over_charged[r.id] for r in kept if r.id in followed.over_charged},
                {
                    item.id: stored.told[item.id]
                    for item in [*open_, *due.get(line, [])]
                    if item.id in stored.told
                },
            )
        )
    return lines


def _audit_month(readable: list[ReadResult], as_of: date) -> str:
    """The newest month an audit's inputs bill, else the month before its date (an audit
    of service lists alone): the month the other lines' bills are of."""
    months = [period for result in readable for period in result.periods]
    return max(months) if months else month_add(month_of(as_of), -1)


def _wanted(last: str, month: str) -> tuple[str, ...]:
    """The months after ``last`` (a line's newest month held) up to ``month`` (the
    audit's), whose bills to give; the month after ``last`` alone where the history
    already holds ``month`` (the line was audited on its own since)."""
    if not last:
        return (month,)
    wanted = [month_add(last, 1)]
    while wanted[-1] < month:
        wanted.append(month_add(wanted[-1], 1))
    return tuple(wanted)


def _closed(records: list[UserRecord], seen: list[Seen]) -> bool:
    """Whether the user recorded closing the line (销户): a cancellation that closes it
    (:attr:`~auditor.model.UserRecord.closes_line`: the Actions sheet's 销户, ``record
    cancel --line-closed``), or one of a finding about the whole line
    (``Rule.whole_line``: a suspended line, whose steps are to close it)."""
    cancels = [r for r in records if r.kind == "cancel"]
    if any(r.closes_line for r in cancels):
        return True
    whole = [s for s in seen if (rule := find_rule(s.rule)) is not None and rule.whole_line]
    return any(records_of(cancels, s) for s in whole)
