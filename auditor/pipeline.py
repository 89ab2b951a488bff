"""The library API: read inputs, set duplicate copies aside, run the rules, attach steps.

Scripts and tests call :func:`run_audit`, an audit without a history::

    report = run_audit([Path("bills/")], AuditOptions(as_of=date(2026, 11, 5)))
    for finding in report.findings:
        print(finding.rule, finding.line, finding.service, finding.amount_fen)

:func:`auditor.run.audit` (the ``audit`` command's) composes :func:`auditor.inputs.read_listed`
and :func:`audit_inputs` (over the history) with the writers."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path

from auditor.audit_report import AuditReport
from auditor.collector import paused
from auditor.crosscheck import set_aside_duplicate_bills, warn_unreadable_gaps
from auditor.errors import NothingToAudit, Unread, nothing_read, one_line
from auditor.finding_state import same_steps
from auditor.forced_line import refuse_forced_line
from auditor.history.became import charge_stopped_again
from auditor.history.claims import settle
from auditor.history.closed import first_after_settled, reported_anew, still_settled
from auditor.history.db import HistoryDB
from auditor.history.file_keys import file_keys
from auditor.history.findings import (
    NEW,
    Seen,
    audit_secret,
    database_secret,
    finding_id,
    forget_replaced,
    remember,
    seen_findings,
    status_of,
    with_names,
)
from auditor.history.follow import Followed, follow, followed_up, told_refunded
from auditor.history.holders import remember_holders, remembered_holders
from auditor.history.records import cancellations, list_records, records_of
from auditor.history.refund_due import appeal_with_dues
from auditor.history.resolution import closing
from auditor.history.same_name import apart, cancels_apart, named_apart, named_once
from auditor.history.settings_used import remember_settings
from auditor.history.store import (
    forget_files,
    load_results,
    month_known_by,
    same_day_catch_up,
    store_results,
)
from auditor.history.unchecked import (
    Roster,
    bill_gaps,
    expected_of,
    found_on,
    missing_bills,
    unchecked_lines,
)
from auditor.holders import Earlier, Holders, unsaid_note
from auditor.inputs import charges_read, input_files, services_read, settle_read
from auditor.model import (
    Action,
    Finding,
    ReadResult,
    UserRecord,
    covered_lines,
)
from auditor.month_audited import audit_month, warn_older_bills, warn_unfinished_bills
from auditor.old_bills import warn_old_bills
from auditor.ports import line_month_carriers, ported_months, settle_ported
from auditor.readers import ReadOptions
from auditor.readers.pool import read_files
from auditor.rules import RULES, AuditContext, Rule, get_rule, report_order
from auditor.rules.base import KnownServices
from auditor.rules.facts import Facts
from auditor.rules.list_dates import warn_future_lists, warn_undated_ends, warn_undated_lists

log = logging.getLogger(__name__)


@dataclass
class AuditOptions:
    """Everything an audit needs besides the input paths."""

    as_of: date = field(default_factory=date.today)
    read: ReadOptions = field(default_factory=ReadOptions)
    known_services: list[str] = field(default_factory=list)  # on every line
    #: The known services of a line's own table in the settings, known on it alone.
    line_known_services: dict[str, list[str]] = field(default_factory=dict)
    owners: dict[str, str] = field(default_factory=dict)
    groups: dict[str, str] = field(default_factory=dict)  # line -> department or branch
    #: A line's earlier owners and departments, through the month each ended.
    earlier: dict[str, tuple[Earlier, ...]] = field(default_factory=dict)
    renamed: dict[str, str] = field(default_factory=dict)  # old name -> new (settings)
    #: Every line the settings name (a ``[lines."…"]`` table): lines the audit expects.
    settings_lines: frozenset[str] = frozenset()
    #: "company" (集团/政企: steps through the account manager) or "personal".
    account: str = "personal"
    #: A 副卡's main card (主卡), line to line (the settings' ``main_card``).
    main_cards: dict[str, str] = field(default_factory=dict)
    rules: list[str] | None = None  # rule ids to run; None runs every rule
    #: The settings file the known services and owners came from (None: there was none).
    settings: Path | None = None
    jobs: int = 1  # processes reading the inputs (auditor.readers.pool)

    @property
    def holders(self) -> Holders:
        """Who holds each line in each month, as the settings say."""
        return Holders(
            self.owners, self.groups, self.earlier, self.settings_lines, renamed=self.renamed
        )

    @property
    def roster(self) -> Roster:
        """The lines whose bills the audit expects (:func:`.unchecked.missing_bills`)."""
        return Roster(self.settings_lines, dict(self.read.line_carriers))

    @property
    def known(self) -> KnownServices:
        """The known services, as the rules and the follow-up match them."""
        return KnownServices.of(self.known_services, self.line_known_services)


@dataclass
class Memory:
    """What the history gives an audit: the earlier months of the lines it touches, the
    user's records about them, the secret of finding ids and the findings reported
    before (see :func:`audit_with_history`)."""

    stored: list[ReadResult] = field(default_factory=list)
    records: list[UserRecord] = field(default_factory=list)
    secret: bytes = b""
    seen: dict[str, Seen] = field(default_factory=dict)


def audit_results(
    results: list[ReadResult], options: AuditOptions, memory: Memory | None = None
) -> AuditReport:
    """Run the rules over already-read inputs (the part of :func:`run_audit` after reading),
    and over what ``memory`` holds of their lines.

    The inputs are changed only before the rules run, and only here: duplicate copies of
    a bill are set aside (:func:`~auditor.crosscheck.set_aside_duplicate_bills`) and a
    file whose bill falls short beside unreadable rows is told so. The rules see the
    inputs, the stored months and the user's cancellations (as service-list entries);
    each finding gets its id, status, the user's records about it, then its steps.
    Raises :class:`NothingToAudit` when none of the inputs could be read.
    """
    return _worded(_audit(results, options, memory)[0], options)


def _worded(report: AuditReport, options: AuditOptions) -> AuditReport:
    """``report``, once it holds every finding it shows (the earlier ones it follows too),
    with what tells them apart (:attr:`AuditReport.told`: what tells one apart depends on
    the others of its line under its name) and each finding's steps, which name its
    service so (退订「信息费（手机报）」), as every output shows it. The steps name the
    money left once refunds are set; findings alike share theirs."""
    report.told = apart([*report.findings, *report.earlier])
    rules: dict[str, Rule] = {}
    shared: dict[tuple, list[Action]] = {}
    for finding in report.findings:
        told, main = report.told.get(finding.id, ""), options.main_cards.get(finding.line, "")
        key = same_steps(finding, told)
        key = key and (*key, main)  # a 副卡's steps go through its main card
        steps = shared.get(key) if key is not None else None
        if steps is None:
            rule = rules.get(finding.rule) or rules.setdefault(
                finding.rule, get_rule(finding.rule)()
            )
            company = options.account == "company"
            steps = rule.actions(finding, options.as_of, company=company, told=told, main=main)
            if key is not None:
                shared[key] = steps
        finding.actions = list(steps)
    return report


def _evaluate(ctx: AuditContext, options: AuditOptions, memory: Memory) -> list[Finding]:
    """The findings of the rules ``options`` asks for over ``ctx``, each with its id,
    status, its line's brand (:attr:`~auditor.rules.facts.Facts.brands`) and the known
    services its steps keep (``Finding.keeps``)."""
    findings: list[Finding] = []
    for rule_class in RULES:
        if options.rules is None or rule_class.id in options.rules:
            rule = rule_class()
            for finding in rule.evaluate(ctx):
                finding.id = finding_id(
                    memory.secret, finding.rule, finding.line, rule.subject(finding)
                )
                finding.status = status_of(memory.seen.get(finding.id), options.as_of)
                finding.brand = ctx.facts.brands.get(finding.line, "")
                finding.keeps = ctx.known.on(finding.line)
                findings.append(finding)
    # a line ported (携号转网) within a finding's months: those billed by its earlier carrier
    carriers = line_month_carriers(ctx.facts.charges, {f.line for f in findings})
    for finding in findings:
        months = carriers.get(finding.line, {})
        finding.ported = ported_months(months, finding.periods, finding.carrier)
    return findings


def _audit(
    results: list[ReadResult], options: AuditOptions, memory: Memory | None
) -> tuple[AuditReport, Facts]:
    """:func:`audit_results`, and the facts the rules read (every bill checked, the
    stored ones too)."""
    readable = [r for r in results if r.readable]
    if not readable:
        skipped = sum(1 for r in results if r.skipped and not r.error)
        unread = [
            Unread(r.path, one_line(r.error or r.skipped), not r.error, r.not_a_bill)
            for r in results
        ]
        raise NothingToAudit(nothing_read(len(results), skipped), unread)
    memory = memory or Memory(secret=audit_secret())
    # What the rules see is settled here, before they run: one copy of each line's month
    # (this audit's inputs first: the first read wins a tie), the files whose bills fall
    # short told so.
    seen_by_rules = readable + memory.stored
    # A line's carrier in the settings is its stored months' too (read before it was
    # set), but for its months before a port to it (携号转网), still the old carrier's.
    given = dict(options.read.line_carriers)
    settle_ported(seen_by_rules, given, forced=bool(options.read.carrier))
    set_aside_duplicate_bills(seen_by_rules)
    ctx = AuditContext.of(
        [*seen_by_rules, cancellations(memory.records)], options.as_of, options.known
    )
    warn_unreadable_gaps(readable, ctx.facts.bills)
    old_bills = warn_old_bills(readable, ctx.facts.latest_months, options.as_of)
    warn_older_bills(readable, audit_month(readable, options.as_of))
    warn_unfinished_bills(readable, options.as_of)
    # the findings an older history stored get their names once, for all that follows
    memory.seen = with_names(memory.seen, ctx.facts.charges, ctx.billed_together)
    findings = _evaluate(ctx, options, memory)
    # a record by a name two services' findings share is neither's (and said), for all; a
    # cancellation by it (typed before an audit told them apart) then ended no entry
    # either: the rules run again without it (and again if one service's findings alone
    # go by the name then: it is theirs, as record takes it), citing what ended theirs
    records = memory.records
    marked = named_apart(records, [*findings, *memory.seen.values()], tell=False)
    while cancels_apart(records, marked):
        ctx = AuditContext.of([*seen_by_rules, cancellations(marked)], options.as_of, options.known)
        findings = _evaluate(ctx, options, memory)
        records, marked = marked, named_once(marked, [*findings, *memory.seen.values()])
    memory.records = named_apart(marked, [*findings, *memory.seen.values()])  # said once
    for finding in findings:
        finding.records = records_of(memory.records, finding)
    facts = ctx.facts
    warn_undated_lists(readable, (*facts.services, *facts.left_out), options.as_of)
    warn_undated_ends(readable, facts)
    warn_future_lists(readable, options.as_of)  # a list from after the audit date
    earlier, beyond, over = settle(
        findings, memory.seen, memory.records, facts.charges, options.as_of,
        facts.cancelled_on_lists, ctx.refunds,
    )  # fmt: skip
    # their steps are worded once the report holds every finding it shows (_worded)
    findings.sort(key=lambda f: report_order(f.rule, f.line, f.service, f.severity))
    given = {id(bill) for r in readable for bill in r.bills}
    report = AuditReport(
        as_of=options.as_of,
        inputs=results,
        charges=charges_read(results),
        services=services_read(results),
        bills=[check for check in ctx.facts.bills if id(check.bill) in given],
        findings=findings,
        owners=dict(options.owners),
        groups=dict(options.groups),
        settings_lines=options.settings_lines,
        earlier_holders=dict(options.earlier),
        renamed=dict(options.renamed),
        stored=memory.stored,
        records=memory.records,
        settings=options.settings,
        claims=earlier,
        refunds_beyond=beyond,
        refunds_over_charged=over,
        old_bills=old_bills,
    )
    return report, ctx.facts


def audit_with_history(
    results: list[ReadResult], options: AuditOptions, db: HistoryDB
) -> AuditReport:
    """:func:`audit_results` over the history ``db`` holds of the lines ``results`` touch,
    which it then remembers: the inputs not stored yet, the findings, the ones resolved.

    The caller holds ``db``'s transaction until the outputs are written, so that an audit
    stopped half-way leaves the history as it was.
    """
    readable = [r for r in results if r.readable]
    lines = covered_lines(readable)
    keys, replaced = file_keys(db, results, options.as_of)
    forget_files(db, replaced)  # an earlier run of this day's reading of them
    if caught_up := same_day_catch_up(db, readable, options.as_of):
        log.warning(caught_up)
    store_results(db, results, options.as_of, keys)
    remember_settings(db, options.settings)  # for `known` and `history` run where none is
    remember_holders(db, options.holders, options.as_of)  # who held each month audited
    # What was known on the audit date, no more: an earlier month audited again gives
    # what it gave, and leaves the history (and the later months' results) as they were.
    memory = Memory(
        stored=load_results(db, lines, skip=set(keys), as_of=options.as_of),
        records=list_records(db, lines, until=options.as_of),
        secret=database_secret(db),
        seen=seen_findings(db, lines),
    )
    report, followed = _followed(results, options, db, memory)
    # what only an earlier run of this day found is replaced by this run's findings
    found = {finding.id for finding in report.findings}
    forget_replaced(db, memory.seen, options.as_of, found | followed.keeps | set(followed.waiting))
    reasons, figures, ended = followed.reasons, followed.figures, followed.ended
    resolved = remember(
        db, report.findings, lines, options.as_of, reasons, figures, ended, memory.seen,
        followed.became, followed.reason_codes, followed.waiting,
    )  # fmt: skip
    told_refunded(db, followed, options.as_of)
    resolved = [followed_up(item, followed) for item in resolved]
    resolved.sort(key=lambda r: report_order(r.rule, r.line, r.service))
    report.resolved = [item for item in resolved if not item.became and not item.waiting]
    report.now_findings = [item for item in resolved if item.became]
    report.waiting = [item for item in resolved if item.waiting]
    # the lines whose bill of the month audited it did not see: not checked, what is
    # pending on them (of those with findings) followed as the history holds it. Asked
    # again, not taken from auditor.run's ask before storing (for the masks), for the
    # answer may differ: now this audit's findings are stored, a line not in the settings
    # with a finding first found now is pending, so followed (an input's line, which the
    # masker knows: test_unchecked_once.py). The files this run replaced that ask left
    # out already (given_again.replaced_files), so that their lines were told apart.
    # asked once for both: the history is as it was for missing_bills when bill_gaps asks
    expected = expected_of(db, results, options.as_of, options.roster)
    missing = missing_bills(db, results, options.as_of, options.roster, audit=expected)
    # a line audited now from another month's bill or its list alone is not checked for
    # the month, but its findings are this report's: none carried besides (told twice)
    pending = found_on(db, set(missing) - lines, options.as_of)
    report.remembered = remembered_holders(db)  # who held each line in each month audited
    # the settings' holder of a line differing from the history's, no setting saying why:
    # a name corrected or a hand-over, which the user alone knows (the Summary says it too)
    if unsaid := unsaid_note(report.holders.unsaid()):
        log.warning(unsaid)
    # a stranger's line may be forgotten whatever is found there; a line of the user's
    # (in the settings, or named when audited: closed and taken out since) never while owed
    report.unchecked = [
        replace(each, stranger=report.not_in_settings(each.line))
        for each in unchecked_lines(db, missing, options.as_of, *followed_now(db, pending, options))
    ]
    report.gaps = bill_gaps(db, results, options.as_of, options.roster, expected)
    # their months held, shown with the others' (a line missing one month is still a line)
    report.elsewhere = load_results(db, set(missing) - lines, as_of=options.as_of)
    report.history = _history_kind(db, results, keys, options.as_of)
    return _worded(report, options)


def _history_kind(db: HistoryDB, results: list[ReadResult], keys: list[str], day: date) -> str:
    """What the history was to an audit dated ``day`` that stored ``results`` under
    ``keys`` (:attr:`~auditor.audit_report.AuditReport.history`): "continued" when an
    audit dated before it stored a bill or a service list, "new" when it holds none but
    this audit's (its run again that day replaces the earlier run), else "none_before":
    it holds another audit's, of the same day or dated after (an older month audited
    again), whose findings an audit of ``day`` does not follow either."""
    if db.audited_before(day):
        return "continued"
    given = [key for key in keys if key] + [r.sha256 for r in results if r.stored_on and r.sha256]
    return "none_before" if db.holds_other_files(given) else "new"


def followed_now(
    db: HistoryDB, lines: set[str], options: AuditOptions
) -> tuple[AuditReport | None, Followed]:
    """The findings reported before on ``lines`` followed as an audit of the months ``db``
    holds, dated ``options.as_of``, follows them: the refunds still due (the report's
    "resolved, not refunded yet"), those refunded beyond and each refund's money beyond,
    the history left as it is: for ``auditor history``, between audits, with the refunds
    recorded since the last one set against them, and for an audit's lines not checked
    (:mod:`auditor.history.unchecked`); with that audit (None: nothing was ever found)."""
    seen = seen_findings(db, lines)
    stored = [r for r in load_results(db, lines, as_of=options.as_of) if r.readable]
    if not seen or not stored:  # nothing was ever found: nothing can be due
        return None, Followed()
    memory = Memory(
        records=list_records(db, lines, until=options.as_of),
        secret=database_secret(db),  # made by the audits that found them: only read
        seen=seen,
    )
    with paused():
        report, followed = _followed(stored, options, db, memory)
        return _worded(report, options), followed


def _followed(
    results: list[ReadResult], options: AuditOptions, db: HistoryDB, memory: Memory
) -> tuple[AuditReport, Followed]:
    """:func:`audit_results` of ``results`` over ``memory``, and the findings reported
    before followed (:func:`~auditor.history.follow.follow`): those whose charge stopped
    are taken out of the report's findings, its refunds due are set."""
    report, facts = _audit(results, options, memory)
    # A charge reported before that a newer bill no longer carries has stopped: resolved,
    # though the months it was charged are still read (and still worth asking back).
    # Newer than what the audit that last reported it could see: the same bills audited
    # again on a later day are no news, and leave it open (its charge still stopped).
    stopped = {
        f.id: f
        for f in report.findings
        if charge_stopped_again(f)
        and not month_known_by(db, f.line, f.stopped, memory.seen[f.id].last_seen)
    }
    # one the user closed without a refund (settled, given up) through its last month is
    # resolved so, as is one asking no money back found alike since (its settlement
    # accepted it: a price rise, a suspended line still charged); charged after that, it
    # is news: a new finding, its months before closed, new in the first audit that
    # could see the month it is news from (open after, not new every month)
    for finding in report.findings:
        if finding.id not in memory.seen or not finding.periods:
            continue
        earlier = memory.seen[finding.id]
        if closing(finding.records, finding.periods) is not None or still_settled(finding, earlier):
            stopped[finding.id] = finding
        elif any(r.kind == "settle" for r in finding.records):
            news = first_after_settled(finding)
            if (
                closing(finding.records, earlier.periods) is not None
                or not month_known_by(db, finding.line, news, options.as_of - timedelta(days=1))
                or earlier.anew_on == options.as_of
            ):  # last known as settled, its month first seen now, or told so by this day
                finding.status = NEW  # charged after a settlement: news, its months after it
            reported_anew(finding, report.claims.get(finding.id))
    report.findings = [f for f in report.findings if f.id not in stopped]
    followed = follow(
        memory.seen, memory.records, facts, report.findings, stopped, report.claims,
        options.known, options.as_of, options.account == "company", report.refunds_beyond,
    )  # fmt: skip
    report.refunds_due, report.over_refunded = followed.refunds_due, followed.over_refunded
    report.refunded, followed.over_charged = followed.refunded, report.refunds_over_charged
    report.closed = followed.closed
    report.resolved_refunded = followed.refunded_back
    appeal_with_dues(report)
    return report, followed


def audit_inputs(
    results: list[ReadResult], options: AuditOptions, db: HistoryDB | None
) -> AuditReport:
    """:func:`audit_with_history` over ``db``, or :func:`audit_results` alone without one."""
    with paused():  # a long bill's facts: many objects, no cycle (auditor.collector)
        if db is None:
            return audit_results(results, options)
        return audit_with_history(results, options, db)


def run_audit(paths: list[Path], options: AuditOptions) -> AuditReport:
    """Audit the files and folders in ``paths``."""
    read = options.read if options.read.as_of else replace(options.read, as_of=options.as_of)
    results = list(read_files(input_files(paths, read), read, options.jobs))
    settle_read(results, read)
    refuse_forced_line(results, read.line)
    return audit_results(results, options)
