"""The lines an audit should have seen the bill of for its month and did not: not checked.

A user who audits monthly gives each month's bills; a month whose folder lacks one line's
bill (an export forgotten, a download that failed, a file that could not be read, last
month's file left in its place) leaves that line unchecked for the month, and a report
that said nothing of it would read as if its bill were clean. The month audited is the
bills' (:func:`~auditor.month_audited.audit_month`: October's bills audited on 11-07
are October's). The lines expected (:func:`missing_bills`) are those the settings name
and those the history follows (bills, service lists or findings stored by the audit
date): every one, a company's too. Expecting only the departments a company's inputs
hold lines of (so that a department's folder audited alone into the shared history did
not name the others') left a department whose files were all forgotten out of the
report, its refunds due and open findings with it: read clean, and wrong. A line the
history already holds the month of (audited before) or whose first month held is after
it (a line begun since) is not expected.

Each such line is carried over (:class:`UncheckedLine`), named with the months whose bills
to give, and with what is still pending on it: its findings still open and the refunds
still due, as the months the history holds give them today (what ``auditor history``
shows between audits, :func:`~auditor.pipeline.followed_now`), nothing about them judged
again for lack of a bill, the history left as it is (no finding resolved, none seen
again).

A line the user recorded closing (销户: a cancellation of a whole-line finding, a
suspended line, or one that closes the line) is not expected, unless something is owed
on it: a closed line's bill is not coming. A closed line with refunds still due is
carried with those alone (no bill to give: the money is owed all the same).

Settings that name the user's lines (``[lines."…"]`` tables) expect those lines alone: a
line they do not name (another company's bill once dropped in the folder, kept in the
history and counted apart from the totals that month) is not expected again, unless
something is pending on it (a finding reported, so a refund may be due, or a step the
user recorded): that is still followed, its step saying to forget the line if it is not
the user's. A line of the user's the settings forgot is named, loud, on the Summary of
the audit that read it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from auditor.catalog import carrier_from_number
from auditor.config import not_in_settings
from auditor.escalation import NextStep
from auditor.history.charged import Over
from auditor.history.claims import Claim
from auditor.history.db import HistoryDB
from auditor.history.findings import Seen, seen_findings
from auditor.history.follow import Followed
from auditor.history.line_months import held_months, listed_lines
from auditor.history.no_bill import NO_BILL, excused, no_bill_months
from auditor.history.records import list_records, records_of
from auditor.history.refund_due import RefundDue
from auditor.lang import Text, counted, say
from auditor.model import Finding, ReadResult, UserRecord, covered_lines
from auditor.month_audited import audit_month, billed_in
from auditor.readers.detect import line_from_path
from auditor.rules import find_rule
from auditor.rules.formatting import months_text
from auditor.sheets import INPUTS
from auditor.values import month_add

if TYPE_CHECKING:  # a type only: the pipeline's audit of the stored months is passed in
    from auditor.audit_report import AuditReport


#: What is said first of a line recorded closed (销户) still owed refunds.
CLOSED = Text("号码已销户，不会再有账单", "The line was closed, so no bill is coming")
#: What a line not checked that was closed (and not recorded so) is left to: forgotten.
FORGET = Text(
    "；号码已销户、不再跟进的，可用 auditor forget --line 号码 删除",
    "; a line closed, no longer to follow: auditor forget --line NUMBER",
)


@dataclass(frozen=True)
class UncheckedLine:
    """A line whose bill of the month audited the audit did not see (:func:`missing_bills`),
    with what is still pending on it: its findings still open (``findings``, as the
    months the history holds give them today: the user's records about them, their steps
    and money, their status as the history has it) and its refunds still due
    (``refunds_due``), with the claims of its findings (refunds set against their months,
    by finding id) and the user's records about it; its newest month before the month
    audited the history holds (``last_month``, ``""``: none) and the months whose bills
    to give (``wanted``)."""

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
    #: Each refund more than its service was ever charged on the line, alone or with the
    #: refunds before it (by the record's id: what was charged and refunded before,
    #: :func:`~auditor.history.charged.over_charged`'s): a slip?
    over: Mapping[int, Over] = field(default_factory=dict)
    #: What tells its findings and refunds due apart from another billed under the same
    #: name (信息费（手机报）), by id: the stored months' audit's, as their steps name them
    #: (:attr:`~auditor.audit_report.AuditReport.told`).
    told: Mapping[str, str] = field(default_factory=dict)
    #: Why its bill was not seen, as far as the inputs tell (:class:`Missing`).
    given: tuple[str, ...] = ()
    failed: tuple[str, ...] = ()
    failed_elsewhere: int = 0
    #: Not the user's as far as they tell: the settings name their lines and not it, nor
    #: did when the history audited it (a stranger's bill once in the folder).
    stranger: bool = False

    def why(self) -> str:
        """Why no bill of the month was seen, in a few words: its file could not be read,
        only older months of it were given, or none was given."""
        return why_missing(self.given, self.failed, self.failed_elsewhere)

    def kind(self) -> str:
        """Why no bill of the month was seen, as a code to count lines by (the kinds
        :meth:`why` says): ``closed`` (recorded closed: no bill is coming),
        ``unreadable`` (a file of it could not be read), ``older_month`` (only older
        months of it were given), ``unread`` (some file naming no line could not be
        read) or ``not_given``."""
        if self.closed:
            return "closed"
        if self.failed:
            return "unreadable"
        if self.given:
            return "older_month"
        return "unread" if self.failed_elsewhere else "not_given"

    def next_step(self) -> NextStep:
        """What to do about the line, in the active language: give its bill of the months
        ``wanted`` and audit again (:meth:`brief`); or, closed and no longer wanted,
        forget it: a line owing nothing, or a stranger's; not a line recorded closed, nor
        one of the user's with findings open or refunds due (forgetting it would drop the
        money still owed)."""
        return NextStep(self.brief() + FORGET.shown() if self.forgettable else self.brief())

    @property
    def forgettable(self) -> bool:
        """Whether its step may say to forget it: not recorded closed (its refunds are
        due), and owing nothing, or a stranger's (what is found there is not the user's)."""
        return not self.closed and (self.stranger or not (self.findings or self.refunds_due))

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
        if not (self.given or self.failed or self.failed_elsewhere):
            return say(
                f"本次没有该号码的账单，未核对：请提供其 {months} 账单再检查",
                f"No bill of this line in this audit, so it was not checked: give its {bills} "
                f"for {months} and audit again",
            )
        why = self.why()
        return say(
            f"{why}，未核对：请提供其 {months} 账单再检查",
            f"{why[:1].upper()}{why[1:]}, so it was not checked: give its {bills} for "
            f"{months} and audit again",
        )


@dataclass(frozen=True)
class Roster:
    """What the settings say of the lines an audit expects: every line they name
    (``lines``) and the carrier a line's table gives (``carriers``)."""

    lines: frozenset[str] = frozenset()
    carriers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Missing:
    """A line whose bill of the month audited an audit should have seen and did not: its
    newest month before it the history holds (``last_month``, ``""``: none), the months
    whose bills to give (``wanted``) and its carrier (``""``: not known)."""

    last_month: str
    wanted: tuple[str, ...]
    carrier: str
    #: Older months of it the inputs gave (last month's bill left in this month's place).
    given: tuple[str, ...] = ()
    #: The inputs that could not be read whose name or folder names the line, and how
    #: many others could not be read (naming no line: one of them may be its bill).
    failed: tuple[str, ...] = ()
    failed_elsewhere: int = 0


def why_missing(given: tuple[str, ...], failed: tuple[str, ...], elsewhere: int) -> str:
    """Why a line's bill of the month audited was not seen (:class:`Missing`'s fields):
    not "none given" when a file of it was given and failed, or an older month was."""
    if failed:
        names = [Path(path).name for path in failed]
        return say(
            f"其文件未能读取（{'、'.join(names)}，见「{INPUTS.zh}」表）",
            f"its file could not be read ({', '.join(names)}: see {INPUTS.en})",
        )
    if given:
        months = months_text(list(given))
        return say(f"只给了其 {months} 的账单", f"only its bill for {months} was given")
    if elsewhere:
        return say(
            f"没有读到其账单（{elsewhere} 个文件未能读取，见「{INPUTS.zh}」表）",
            f"no bill of it read ({counted(elsewhere, 'file')} could not be read: see {INPUTS.en})",
        )
    return say("本次没有其账单", "no bill of it given")


def missing_bills(
    db: HistoryDB,
    results: list[ReadResult],
    as_of: date,
    roster: Roster,
    replaced: Collection[str] = frozenset(),
    audit: Expected | None = None,
) -> dict[str, Missing]:
    """The lines an audit of ``results`` (its inputs, read or not) dated ``as_of`` should
    have seen the bill of for its month (:func:`~auditor.month_audited.audit_month`) and
    did not, by line: the lines ``roster`` (the settings) names and those the history
    ``db`` follows by ``as_of`` (the module's doc), that neither
    an input nor the history bills in that month. ``replaced``: the stored files the
    audit will forget, read otherwise now (asked before storing:
    :func:`~auditor.history.given_again.replaced_files`), what they were read as held no
    more. A month the user recorded as having no bill to come (:mod:`.no_bill`) is not
    wanted; a line whose every month wanted is so is not missing. ``audit``: what
    :func:`expected_of` gives of these, when asked already (with :func:`bill_gaps`). Only
    reads the history."""
    audit = audit or expected_of(db, results, as_of, roster, replaced)
    month = audit.month
    recorded = no_bill_months(db, as_of)
    given: dict[str, set[str]] = {}
    for line, period, _ in audit.input_months:
        if period < month:
            given.setdefault(line, set()).add(period)
    failed: dict[str, list[str]] = {}
    elsewhere = 0
    for result in results:
        if result.error:
            named = line_from_path(Path(result.path))
            if named:
                failed.setdefault(named, []).append(result.path)
            else:
                elsewhere += 1
    missing = {}
    for line in sorted(audit.expected - audit.billed):
        months = audit.months_held.get(line, {})
        if month in months or (months and min(months) > month):
            continue  # audited for the month before now, or a line begun since
        last = max((m for m in months if m < month), default="")
        wanted = excused(_wanted(last, month), recorded.get(line, {}))
        if not wanted:
            continue  # its bill of the month will not come, as the user recorded
        carrier = roster.carriers.get(line) or months.get(last) or carrier_from_number(line) or ""
        missing[line] = Missing(
            last,
            wanted,
            carrier,
            tuple(sorted(given.get(line, ()))),
            tuple(failed.get(line, ())),
            elsewhere,
        )
    return missing


def bill_gaps(
    db: HistoryDB,
    results: list[ReadResult],
    as_of: date,
    roster: Roster,
    audit: Expected | None = None,
) -> dict[str, tuple[str, ...]]:
    """The months, before the one an audit of ``results`` dated ``as_of`` audits, whose
    bill of a line expected (:func:`missing_bills`'s lines) was never given, between the
    first and the latest month the history (or an input) holds of it: not checked then,
    and said in every report after until a bill of the month is given (a gap one report
    named and the next forgot read as a month checked). Those after its latest are
    :func:`missing_bills`'s. A month the user recorded as having no bill to come (out of
    the carrier's reach: :mod:`.no_bill`) is no gap. By line (``audit``: as
    :func:`missing_bills` takes it); only reads the history."""
    audit = audit or expected_of(db, results, as_of, roster)
    recorded = no_bill_months(db, as_of)
    gaps = {}
    for line in sorted(audit.expected):
        months = sorted(m for m in audit.months_held.get(line, {}) if m <= audit.month)
        between = _wanted(months[0], months[-1])[:-1] if len(months) > 1 else ()
        never = excused(between, recorded.get(line, {}))
        if missing := tuple(m for m in never if m not in months):
            gaps[line] = missing
    return gaps


@dataclass(frozen=True)
class Expected:
    """What :func:`missing_bills` and :func:`bill_gaps` read of an audit (:func:`expected_of`)."""

    #: The month audited (``YYYY-MM``).
    month: str
    #: The months held of each line, the history's and the inputs', each with its carrier
    #: (``""``: not known), by line.
    months_held: dict[str, dict[str, str]]
    #: The lines the audit expects a bill of (the module's doc).
    expected: set[str]
    #: The lines the inputs bill in :attr:`month`: checked.
    billed: set[str]
    #: Each line, month and carrier the inputs read (each once, not once per charge).
    input_months: set[tuple[str, str, str]]


def expected_of(
    db: HistoryDB,
    results: list[ReadResult],
    as_of: date,
    roster: Roster,
    replaced: Collection[str] = frozenset(),
) -> Expected:
    """What :func:`missing_bills` and :func:`bill_gaps` read of an audit of ``results``
    dated ``as_of`` (:class:`Expected`), the stored files ``replaced`` left out."""
    readable = [r for r in results if r.readable]
    month = audit_month(readable, as_of)
    held = held_months(db, as_of, replaced)
    # the inputs not stored yet (the masker's call, before storing): each line's months
    # once, not each of a 200,000-row bill's charges
    read = {
        (record.line, record.period, record.carrier or "")
        for result in readable
        for record in (*result.bills, *result.charges, *result.copies)
    }
    for line, period, carrier in sorted(read, key=lambda each: (*each[:2], not each[2])):
        held.setdefault(line, {}).setdefault(period, carrier)
    expected = set(roster.lines) | set(held) | covered_lines(readable)
    expected |= _followed_lines(db, as_of, replaced)
    # settings naming the user's lines expect those alone: a stranger's bill once in the
    # folder (its lines kept, counted apart) is not asked for month after month; but a
    # line with something pending (a finding reported, a refund due without any record;
    # a step the user recorded) is followed, in the settings or not: nothing owed is lost
    # unsaid, and its step says to forget it if it is not the user's
    strangers = {line for line in expected if not_in_settings(line, roster.lines)}
    pending = _recorded_lines(db, as_of) | found_on(db, strangers, as_of)
    expected -= strangers - pending
    return Expected(
        month=month,
        months_held=held,
        expected=expected,
        billed=billed_in(readable, month),
        input_months=read,
    )


def _followed_lines(db: HistoryDB, as_of: date, replaced: Collection[str]) -> set[str]:
    """The lines the history follows by ``as_of`` besides their months: those a stored
    service list holds (not one ``replaced``), and those with findings reported by then."""
    found = db.execute(
        "SELECT DISTINCT line FROM findings WHERE first_seen <= ?", (as_of.isoformat(),)
    )
    return listed_lines(db, as_of, replaced) | {line for (line,) in found}


def _recorded_lines(db: HistoryDB, as_of: date) -> set[str]:
    """The lines the user recorded something about by ``as_of`` (not undone): not a
    month's bill that will not come, which leaves nothing pending."""
    rows = db.execute(
        "SELECT DISTINCT line FROM records WHERE on_date <= ? AND undone_on IS NULL AND kind != ?",
        (as_of.isoformat(), NO_BILL),
    )
    return {line for (line,) in rows}


def found_on(db: HistoryDB, lines: Iterable[str], as_of: date) -> set[str]:
    """The ones of ``lines`` with findings reported by ``as_of``: those whose findings or
    refunds due could be pending, to follow (:func:`~auditor.pipeline.followed_now`)."""
    rows = db.execute(
        "SELECT DISTINCT line FROM findings WHERE first_seen <= ?", (as_of.isoformat(),)
    )
    return {line for (line,) in rows} & set(lines)


def unchecked_lines(
    db: HistoryDB,
    missing: Mapping[str, Missing],
    as_of: date,
    stored: AuditReport | None,
    followed: Followed,
) -> list[UncheckedLine]:
    """The lines not checked by an audit dated ``as_of`` (``missing``: the lines whose
    bill of its month it did not see, :func:`missing_bills`), by number, each with what
    is pending on it: ``stored`` is the audit of the months the history holds of those
    with findings (:func:`found_on`), dated ``as_of`` as well, and ``followed`` what it
    followed (:func:`~auditor.pipeline.followed_now`: None, nothing was ever found
    there). A line recorded closed is left out, unless refunds are still due on it. Only
    reads the history ``db``."""
    if not missing:
        return []
    wanted = set(missing)
    findings = stored.findings if stored is not None else []
    seen = seen_findings(db, wanted)
    records = list_records(db, wanted, until=as_of)
    owed = {due.id for due in followed.refunds_due}
    still: dict[str, list[Finding]] = {}
    for finding in findings:
        known = seen.get(finding.id)
        if known is not None and known.resolved_on is None and finding.id not in owed:
            still.setdefault(finding.line, []).append(finding)
    due: dict[str, list[RefundDue]] = {}
    for refund in followed.refunds_due:
        if refund.unrefunded_fen > 0:
            due.setdefault(refund.line, []).append(refund)
    lines = []
    for line in sorted(wanted):
        open_ = still.get(line, [])
        mine = [s for s in seen.values() if s.line == line]
        kept = [r for r in records if r.line == line]
        closed = _closed(kept, mine)
        if closed and not due.get(line):
            continue  # closed, nothing owed: its bills are not coming, nothing to follow
        if closed:  # no bill is coming to check its findings: the money owed is carried
            open_ = []
        told = stored.told if stored is not None else {}
        claims = stored.claims if stored is not None else {}
        lines.append(
            UncheckedLine(
                line,
                next((f.carrier for f in open_ if f.carrier), "")
                or next((d.carrier for d in due.get(line, []) if d.carrier), "")
                or missing[line].carrier,
                missing[line].last_month,
                () if closed else missing[line].wanted,
                tuple(open_),
                tuple(due.get(line, [])),
                {f.id: claims[f.id] for f in open_ if f.id in claims},
                tuple(kept),
                {r.id: followed.beyond[r.id] for r in kept if r.id in followed.beyond},
                closed,
                {r.id: followed.over_charged[r.id] for r in kept if r.id in followed.over_charged},
                {
                    item.id: told[item.id]
                    for item in [*open_, *due.get(line, [])]
                    if item.id in told
                },
                missing[line].given,
                missing[line].failed,
                missing[line].failed_elsewhere,
            )
        )
    return lines


def _wanted(last: str, month: str) -> tuple[str, ...]:
    """The months after ``last`` (a line's newest month held before ``month``, ``""``:
    none) up to ``month`` (the audit's), whose bills to give."""
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
