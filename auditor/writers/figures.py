"""The figures every output shows, and how each is worked out from an :class:`AuditReport`.

The Summary sheet, the JSON ``summary`` and the terminal all read these, so they never
disagree; a report's are worked out once and passed to them
(:mod:`auditor.writers.report_figures`). Money stays integer fen here."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import NamedTuple

from auditor.audit_report import AuditReport
from auditor.catalog import load_escalation
from auditor.escalation import months_past_limit
from auditor.finding_state import recorded_cancel
from auditor.history.bill_refunds import OnBill
from auditor.history.claims import Claim, Held, finding_claim, months_held
from auditor.history.findings import Resolved
from auditor.model import SEVERITIES, Finding
from auditor.names import service_key
from auditor.rules import (
    acting_as,
    disputes,
    entry_of,
    find_rule,
    money_keys,
    unexplained_fen,
)
from auditor.writers.labels import owner_shown


def is_disputed(finding: Finding) -> bool:
    """True when the finding disputes its money (:func:`auditor.rules.disputes`)."""
    return disputes(finding.rule, finding.service)


def finding_claimable_fen(finding: Finding) -> int:
    """Money already charged that ``finding`` disputes, less what the user recorded as
    refunded (0 for a finding that disputes no money)."""
    return max(0, finding.amount_fen - finding.refunded_fen) if is_disputed(finding) else 0


def claim_of(finding: Finding, claims: Mapping[str, Claim]) -> Claim:
    """What ``finding`` claims month by month, the refunds set: its claim among the
    report's ``claims``, else (a report made without them) its own with the refund as
    recorded, taken off the oldest months first."""
    claim = claims.get(finding.id)
    if claim is None:
        claim = replace(finding_claim(finding), refunded_fen=finding.refunded_fen)
    return claim


def counted_under(findings: list[Finding]) -> list[tuple[str, str]]:
    """Each finding's line and what its money counts under there: its service's key, or
    that and its list entry where the line's findings of that name gather two (two SP
    services billed as 信息费, told apart by their codes: :func:`auditor.rules.money_keys`)."""
    gathered = [
        (f.line, service_key(f.service), entry_of(f.rule, f.service, f.grouped_by))
        for f in findings
    ]
    keys = money_keys(gathered)
    return [(f.line, key) for f, key in zip(findings, keys, strict=True)]


class Apart(NamedTuple):
    """The money of the lines counted apart from the totals (:class:`Counted`)."""

    claimable_fen: int = 0
    past_limit_fen: int = 0
    yearly_fen: int = 0


class Counted:
    """A list of findings' money, each figure worked out once: per finding what it
    disputes (:func:`finding_claimable_fen`), what it costs a year
    (:func:`finding_yearly_fen`) and what its money counts under (:func:`counted_under`);
    then the totals, each line's, and the findings that carry them.

    Disputed money is counted once per line, service and month
    (:func:`~auditor.history.claims.months_held`, as the refunds due count it): two
    rules may dispute the same month (an unknown service that was a trial turned paid, a
    fee that is unknown and billed twice), and it is asked back once, at the most either
    holds of it (the larger covers the smaller: both count the service's charges, or one
    its copies over one); two rules' months apart are each asked back (a trial turned
    paid's February and March, the charge after its cancellation in April: three
    months). A service is what the findings' money counts under: two SP services billed
    as 信息费 are two. A year's money is one monthly charge going on: per line and
    service the finding costing most a year counts (:meth:`_count_yearly`).

    Given the audit's date (``as_of``), the disputed months past their appeal limit
    then are told apart (:func:`~auditor.escalation.months_past_limit`), with the money
    of theirs the totals count (:attr:`past_limit_fen`): still claimable from the
    carrier, no longer by an appeal. ``claims``: the report's, by finding id (how
    refunds cover months).

    The lines ``apart`` (not in settings naming the user's lines: a stranger's bill in
    the folder) are counted apart: their findings keep their figures, but the totals
    (:attr:`claimable_fen`, :attr:`past_limit_fen`, :attr:`yearly_fen`) leave them out,
    and :attr:`apart_fen` holds theirs.

    The findings are kept with their figures (by ``id()``), so that an ``id()`` is never
    another finding's while they are asked."""

    def __init__(
        self,
        findings: list[Finding],
        as_of: date | None = None,
        claims: Mapping[str, Claim] | None = None,
        apart: Collection[str] = frozenset(),
    ):
        self.findings = findings
        #: Per finding (by ``id()``): what it disputes, what it costs a year, and its line
        #: and what its money counts under there.
        self.claimable: dict[int, int] = {}
        self.yearly: dict[int, int] = {}
        self.under: dict[int, tuple[str, str]] = {}
        #: Per finding (by ``id()``) with disputed money past the appeal limit at
        #: ``as_of``: those months (:func:`~auditor.escalation.months_past_limit`: a month
        #: appealed about in time is not), and the money of them it shows.
        self.past_months: dict[int, tuple[str, ...]] = {}
        self.past_limit: dict[int, int] = {}
        limit = load_escalation().billing_deadline_months
        for finding, key in zip(findings, counted_under(findings), strict=True):
            self.claimable[id(finding)] = fen = finding_claimable_fen(finding)
            self.yearly[id(finding)] = finding_yearly_fen(finding)
            self.under[id(finding)] = key
            if fen and as_of is not None:
                months = months_past_limit(finding.records, finding.periods, limit, as_of)
                if months:
                    self.past_months[id(finding)] = months
        #: Per finding (by ``id()``) the months whose disputed money it shows, each with
        #: its money (:class:`~auditor.history.claims.Held`): each month of a line's
        #: service is one finding's (:meth:`_count_months`), so that a list of findings'
        #: columns add up to the totals and to what came back.
        self.shown_months: dict[int, dict[str, Held]] = {}
        #: The findings (by ``id()``) showing disputed money: some month's is theirs
        #: (a year's money: :attr:`yearly_carriers`).
        self.money_carriers: set[int] = set()
        #: Each line's disputed money, each month of a service counted once.
        self.line_claimable: dict[str, int] = {}
        self._count_months(claims or {})
        past = {i: fen for i, fen in self.past_limit.items() if fen}
        lines = {id(f): f.line for f in findings if id(f) in past}
        self.claimable_fen = sum(f for line, f in self.line_claimable.items() if line not in apart)
        #: Of :attr:`claimable_fen`, the money past the appeal limit (the findings' that
        #: carry it: only a complaint to the carrier can still get it back).
        self.past_limit_fen = sum(f for i, f in past.items() if lines[i] not in apart)
        #: Each line's money a year, counted once, and the findings (by ``id()``) it
        #: counts: a list of findings shows a year's money only on these, so that its
        #: column adds up to the total. Not always :attr:`money_carriers`: of one
        #: service's findings, the one that disputes most (a fee billed twice) need not
        #: be the one costing most a year (its price rise).
        self.line_yearly: dict[str, int] = {}
        self.yearly_carriers: set[int] = set()
        self._count_yearly()
        self.yearly_fen = sum(f for line, f in self.line_yearly.items() if line not in apart)
        #: The lines ``apart``'s disputed money, of it past the appeal limit, and money a
        #: year, left out of the totals above.
        self.apart_fen = Apart(
            sum(f for line, f in self.line_claimable.items() if line in apart),
            sum(f for i, f in past.items() if lines[i] in apart),
            sum(f for line, f in self.line_yearly.items() if line in apart),
        )

    def claimable_shown(self, finding: Finding) -> int:
        """What ``finding`` shows as disputed, less refunds: the money of the months it
        shows (:attr:`shown_months`), 0 for those another finding of its service shows;
        what every output shows, so that the findings add up to the totals."""
        return sum(held.left for held in self.shown_months.get(id(finding), {}).values())

    def refunded_shown(self, finding: Finding) -> int:
        """What came back of the months ``finding`` shows (:attr:`shown_months`): what
        every output shows, one refund of one charge once."""
        return sum(held.back for held in self.shown_months.get(id(finding), {}).values())

    def _weight(self, finding: Finding) -> tuple[int, int, int]:
        # of equals, the one refunded most: it shows the refunds too, once
        return self.claimable[id(finding)], finding.refunded_fen, self.yearly[id(finding)]

    def _count_months(self, claims: Mapping[str, Claim]) -> None:
        """Each month of a line's service counted once
        (:func:`~auditor.history.claims.months_held`) and shown on one finding: the one
        holding most of it (of equals, the one disputing most, then refunded most, then
        the first); each line's disputed money its months' added up, and what of the
        months each finding shows is past the appeal limit."""
        self._claims: dict[int, Claim] = {}  # each disputing finding's, as it counts
        top: dict[tuple[str, str, str], tuple[tuple[int, ...], Finding]] = {}
        for finding in self.findings:
            if not is_disputed(finding):
                continue
            claim, (line, key) = claim_of(finding, claims), self.under[id(finding)]
            if (claim.line, claim.key) != (line, key):
                claim = replace(claim, line=line, key=key)
            self._claims[id(finding)] = claim
            for period, fen in claim.months.items():
                weight = (fen, *self._weight(finding))
                held = top.get(slot := (line, key, period))
                if held is None or weight > held[0]:
                    top[slot] = (weight, finding)
        held = months_held(self._claims.values())
        for slot, (_, finding) in top.items():
            money, line, period = held[slot], slot[0], slot[2]
            self.shown_months.setdefault(id(finding), {})[period] = money
            self.line_claimable[line] = self.line_claimable.get(line, 0) + money.left
        self.money_carriers = set(self.shown_months)
        for i, months in self.past_months.items():
            shown = self.shown_months.get(i, {})
            self.past_limit[i] = sum(shown[m].left for m in months if m in shown)

    def _count_yearly(self) -> None:
        """Each line's money a year and the findings it counts.

        Per line and service the finding costing most a year counts (the first of
        equals), as disputed money is counted. A finding whose monthly is all its line is
        charged (a suspended line: ``Rule.whole_line``) already holds the line's other
        findings' charges: the line counts either it or them together, the larger (a
        suspended line charged 15.00 a month, 5.00 of it 停机保号费 and 10.00 an unknown
        service, costs 180.00 a year, not 180.00 and another 120.00)."""
        yearly = self.yearly
        whole: dict[str, Finding] = {}  # per line, its dearest whole-line finding
        best: dict[tuple[str, str], Finding] = {}
        for finding in self.findings:
            fen = yearly[id(finding)]
            if _holds_line(finding):
                held = whole.get(finding.line)
                if held is None or fen > yearly[id(held)]:
                    whole[finding.line] = finding
                continue
            key = self.under[id(finding)]
            held = best.get(key)
            if held is None or fen > yearly[id(held)]:
                best[key] = finding
        rest: dict[str, list[Finding]] = {}
        for (line, _), finding in best.items():
            rest.setdefault(line, []).append(finding)
        for line in rest.keys() | whole.keys():
            others = rest.get(line, [])
            others_fen = sum(yearly[id(f)] for f in others)
            held = whole.get(line)
            if held is not None and yearly[id(held)] >= others_fen:
                self.line_yearly[line] = yearly[id(held)]
                self.yearly_carriers.add(id(held))
            else:
                self.line_yearly[line] = others_fen
                self.yearly_carriers.update(id(f) for f in others)


def costs_every_month(finding: Finding) -> bool:
    """True when the finding's ``monthly`` goes on being charged until the user acts: its
    money is disputed (:func:`is_disputed`), or its rule bills it on without disputing it (a
    price rise, a suspended line: ``Rule.ongoing``). A one-off (a charge billed twice, a
    bill that does not add up) or a coming change costs nothing a year."""
    rule = find_rule(finding.rule)
    return is_disputed(finding) or (rule is not None and rule.ongoing)


def finding_yearly_fen(finding: Finding) -> int:
    """Money at stake over a year if the finding's charge goes on, what its message says
    a year of it is: ``monthly`` times the months of a year it is at stake
    (:meth:`Rule.months_at_stake <auditor.rules.base.Rule.months_at_stake>`:
    12, fewer for a discount cut short before its stated end) when it costs every month
    (:func:`costs_every_month`),
    the line's latest bill read still charges it (``Finding.stopped``: the rules say), the
    charges after its months are not rightful (:meth:`FindingDetails.goes_on
    <auditor.model.FindingDetails.goes_on>`: a service ordered again) and the user has not
    stopped it, else 0."""
    if not (finding.monthly_fen and costs_every_month(finding)):
        return 0
    if finding.stopped or _cancelled(finding) or not finding.details.goes_on():
        return 0
    rule = find_rule(finding.rule)
    return finding.monthly_fen * (rule.months_at_stake(finding) if rule else 12)


def _cancelled(finding: Finding) -> bool:
    """True when the finding is about a service to cancel (``Rule.cancels``), the user
    recorded cancelling it and no month after the cancellation's is charged: its charge
    is over. A charge after a cancellation (``Rule.after_cancelling``: the carrier
    ignored one already) goes on costing, whatever the user records since."""
    rule = find_rule(finding.rule)
    if not (rule and rule.cancels and not rule.after_cancelling and finding.periods):
        return False
    return recorded_cancel(finding) is not None


def _holds_line(finding: Finding) -> bool:
    """True when the finding's monthly is all its line is charged (``Rule.whole_line``)."""
    return (rule := find_rule(finding.rule)) is not None and rule.whole_line


def resolved_yearly_fen(item: Resolved) -> int:
    """Money a resolved finding stops per year: what it cost a month, twelve times over,
    for a rule that disputes money (0 for the others) whose charge is over
    (:attr:`Resolved.ended`: one the settings now know goes on costing). Not for an
    ``ongoing`` rule's: a price rise or a suspension no longer found need not have saved
    anything (a line switched on again costs more, a fee may have changed again)."""
    disputed = disputes(item.rule, item.service)
    return item.monthly_fen * 12 if disputed and item.ended and item.monthly_fen else 0


def resolved_refunded_fen(report: AuditReport, item: Resolved) -> int:
    """What the user's recorded refunds gave back of a resolved finding's money (its
    claim's, :attr:`AuditReport.claims`; 0 without one), as its reason says it; its entry
    counts :attr:`AuditReport.resolved_refunded`."""
    return claim.refunded_fen if (claim := report.claims.get(item.id)) is not None else 0


def resolved_on_bills(report: AuditReport, item: Resolved) -> tuple[OnBill, ...]:
    """The credits of later bills that gave back some of a resolved finding's money (its
    claim's :attr:`~auditor.history.claims.Claim.on_bills`), which its reason names."""
    return claim.on_bills if (claim := report.claims.get(item.id)) is not None else ()


def refunds_listed(report: AuditReport) -> frozenset[str]:
    """The resolved findings (by id) whose refunds an entry of their own shows: a refund
    still due of it, or one refunded beyond what it claims (``refunds_due``,
    ``over_refunded``). Their money is not shown again beside the resolution, so that
    Follow-up's Refunded column, and the JSON's ``refunded``, count each yuan once."""
    return frozenset(due.id for due in (*report.refunds_due, *report.over_refunded))


def refunds_due_fen(report: AuditReport) -> int:
    """Money the findings no longer found still claim, not refunded yet, that an appeal
    can still get (:attr:`AuditReport.refunds_due`; their money past the appeal limit is
    counted with it: :attr:`LineFigures.refund_past_fen`)."""
    return sum(due.appealable_fen for due in report.refunds_due)


def by_severity(findings: list[Finding]) -> dict[str, int]:
    """Number of findings per severity, every severity present (zero when none)."""
    counts = Counter(f.severity for f in findings)
    return {severity: counts.get(severity, 0) for severity in SEVERITIES}


@dataclass
class LineFigures:
    """One line's findings, in figures."""

    line: str
    owner: str
    carrier: str
    findings: int
    by_severity: dict[str, int]
    claimable_fen: int
    yearly_fen: int
    #: What its refunds still due (findings resolved before) have not had back: a thing
    #: to do on a line that may have no finding now.
    refund_due_fen: int = 0
    #: Of :attr:`refund_due_fen`, the money past the appeal limit
    #: (:attr:`~auditor.history.refund_due.RefundDue.past_fen`): still owed, counted with
    #: the money past the limit, not with the refunds due an appeal can still get.
    refund_past_fen: int = 0
    #: What its bills charged without an item (:func:`~auditor.rules.unexplained_fen`):
    #: at stake, not disputed, so in neither money column; it ranks the line.
    unexplained_fen: int = 0


def lines_figures(report: AuditReport, counted: Counted | None = None) -> list[LineFigures]:
    """One entry per line seen in any input or finding, with a refund still due, or not
    checked (no file of it given this time), sorted by line, with what its refunds due have not had
    back (its owner as shown); ``counted``: the findings' money, when worked out."""
    counted = counted or Counted(report.findings)
    lines = {f.line for f in report.findings}
    carriers: dict[str, str] = {}  # the first carrier any record, then any finding, names
    records = [*report.charges, *report.services, *(check.bill for check in report.bills)]
    for record in records:
        # (a long bill's 200,000 charges name one line: asked once, not 200,000 times)
        if record.line not in carriers:
            if record.line:
                lines.add(record.line)
            if record.carrier:
                carriers[record.line] = record.carrier
    found: dict[str, list[Finding]] = {}
    for finding in report.findings:
        found.setdefault(finding.line, []).append(finding)
        if finding.carrier:
            carriers.setdefault(finding.line, finding.carrier)
    due: Counter[str] = Counter()
    past: Counter[str] = Counter()
    for refund in report.refunds_due:
        due[refund.line] += refund.unrefunded_fen
        past[refund.line] += refund.past_fen
        if refund.unrefunded_fen > 0:
            lines.add(refund.line)
            carriers.setdefault(refund.line, refund.carrier)
    # a line not checked this time (no bill given) is still one of the user's lines: its
    # months held are in the monthly table and the Trend (one missing month dropped it)
    for each in report.unchecked:
        if each.wanted:  # (not one recorded closed: no bill is coming)
            lines.add(each.line)
            carriers.setdefault(each.line, each.carrier)
    result = []
    for line in sorted(lines | set(carriers)):
        mine = found.get(line, [])
        result.append(
            LineFigures(
                line=line,
                owner=owner_shown(report, line),
                carrier=carriers.get(line, ""),
                findings=len(mine),
                by_severity=by_severity(mine),
                claimable_fen=counted.line_claimable.get(line, 0),
                yearly_fen=counted.line_yearly.get(line, 0),
                refund_due_fen=due[line],
                refund_past_fen=past[line],
                unexplained_fen=sum(unexplained_fen(f) for f in mine),
            )
        )
    return result


@dataclass
class ServiceGroup:
    """The findings about one service at one carrier, over every line and rule: a
    company's forty lines charged the same unknown service are one thing to do, with one
    set of steps (its gravest finding's), not forty."""

    rule: str
    service: str
    carrier: str
    findings: list[Finding]
    #: Money already charged and disputed, less refunds, over its findings, counted as
    #: the totals count it: the months its findings show (:meth:`Counted.claimable_shown`).
    claimable_fen: int = 0
    #: What its findings cost a year: those the total counts (a suspended line's charge
    #: holds its other services', counted once over the groups, so that they add up to
    #: the total).
    yearly_fen: int = 0

    @property
    def rules(self) -> list[str]:
        """The rules that found it, gravest first (the findings' order)."""
        return list(dict.fromkeys(f.rule for f in self.findings))

    @property
    def lines(self) -> list[str]:
        """The lines affected, sorted."""
        return sorted({f.line for f in self.findings})

    @property
    def periods(self) -> list[str]:
        """Every month any of its findings covers, sorted."""
        return sorted({period for f in self.findings for period in f.periods})

    @property
    def severity(self) -> str:
        """The gravest severity among its findings."""
        return min((f.severity for f in self.findings), key=SEVERITIES.index)

    @property
    def first(self) -> Finding:
        """The finding whose steps stand for the group's (its first, in report order)."""
        return self.findings[0]


def service_groups(findings: list[Finding], counted: Counted | None = None) -> list[ServiceGroup]:
    """The findings grouped by rule, service (as :func:`~auditor.names.service_key` tells
    names apart, and :func:`counted_under` two services billed under one name) and
    carrier, in the order their first findings come, what is to act on apart from what
    only informs (``info``). The rules that ask the service's money back or end it
    (unknown, a trial turned paid, a fee billed twice) are one rule here, one thing to
    do, the gravest's steps; a price rise, asked about, is a group of its own with its
    own steps (:func:`~auditor.rules.acting_as`): a plan billed while suspended is asked
    back, never merged into its price rise's group, whose steps only ask about the new
    price. A bill's findings (no service) group by rule. Each group's disputed money is
    the months its findings show (:meth:`Counted.claimable_shown`), so that two groups
    of one service (a fee unknown and billed twice) count a month once between them.
    ``counted``: the findings' money, when already worked out."""
    counted = counted or Counted(findings)
    groups: dict[tuple[str, str, bool, str], ServiceGroup] = {}
    for finding in findings:
        under = counted.under[id(finding)][1]
        subject = under if finding.service else f"rule:{finding.rule}"
        key = (subject, finding.carrier, finding.severity == "info", acting_as(finding.rule))
        group = groups.get(key)
        if group is None:
            groups[key] = ServiceGroup(finding.rule, finding.service, finding.carrier, [finding])
        else:
            group.findings.append(finding)
    for group in groups.values():  # all its findings in it: its money, once
        group.claimable_fen = sum(counted.claimable_shown(f) for f in group.findings)
        carried = counted.yearly_carriers
        group.yearly_fen = sum(counted.yearly[id(f)] for f in group.findings if id(f) in carried)
    return list(groups.values())
