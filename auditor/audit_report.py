"""The outcome of an audit (:class:`AuditReport`): what was read, the records, the
findings, and what the history follows of earlier audits; what the pipeline
(:mod:`auditor.pipeline`) returns and every writer reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path

from auditor.bill_check import BillCheck
from auditor.config import not_in_settings
from auditor.history.charged import Over
from auditor.history.claims import Claim
from auditor.history.findings import Resolved
from auditor.history.refund_due import RefundDue
from auditor.history.unchecked import UncheckedLine
from auditor.holders import Earlier, Holder, Holders
from auditor.inputs import personal_texts
from auditor.model import Charge, Finding, ReadResult, Service, UserRecord
from auditor.month_audited import unfinished_files


@dataclass
class AuditReport:
    """The outcome of an audit: what was read, the records, and the findings.

    ``charges``, ``services`` and ``bills`` are the records of every readable input, in
    the order they were read (each bill checked against its items); a duplicate copy of
    a bill set aside before the rules is not among them.
    :func:`~auditor.tables.charges_table` and its kin give them as pandas tables.
    """

    as_of: date
    inputs: list[ReadResult]
    charges: list[Charge]
    services: list[Service]
    bills: list[BillCheck]
    findings: list[Finding]
    owners: dict[str, str] = field(default_factory=dict)
    #: Each line's department or family branch (``[lines."…"] group`` in the settings).
    groups: dict[str, str] = field(default_factory=dict)
    settings_lines: frozenset[str] = frozenset()  # every line the settings name, or none
    #: A line's earlier owners and departments in the settings, through the month each
    #: ended, and who the history remembers held each line in each month audited
    #: (:attr:`holders` asks both).
    earlier_holders: dict[str, tuple[Earlier, ...]] = field(default_factory=dict)
    remembered: dict[str, dict[str, Holder]] = field(default_factory=dict)
    renamed: dict[str, str] = field(default_factory=dict)  # names renamed, old -> new
    #: The earlier months the history held for the lines audited (not inputs of this audit).
    stored: list[ReadResult] = field(default_factory=list)
    #: Those of the lines not checked (:attr:`unchecked`): shown, never audited again.
    elsewhere: list[ReadResult] = field(default_factory=list)
    #: The user's records about the lines audited, oldest first.
    records: list[UserRecord] = field(default_factory=list)
    #: Findings an earlier audit reported that this one finds no longer hold.
    resolved: list[Resolved] = field(default_factory=list)
    #: Findings reported before that became one of its findings (a notice, or a charge
    #: the user cancelled charged after it): grown worse, not resolved.
    now_findings: list[Resolved] = field(default_factory=list)
    #: Findings reported before the user cancelled, no bill after it yet: not resolved
    #: until a bill shows the charge stopped (``Resolved.waiting``: that bill's month).
    waiting: list[Resolved] = field(default_factory=list)
    #: What the disputed findings claim (their months and the refunds set against them),
    #: this audit's and those reported before that are no longer found, by id.
    claims: dict[str, Claim] = field(default_factory=dict)
    #: Money of recorded refunds beyond the claims they were for (compensation on top of
    #: a refund, or a record naming another service), by the record's id.
    refunds_beyond: dict[int, int] = field(default_factory=dict)
    #: Recorded refunds for more than their service was ever charged on their line,
    #: alone (a slip: 1500 for 15.00) or with the refunds before them (recorded twice,
    #: compensation): what was charged and refunded before, by the record's id
    #: (history/charged.py).
    refunds_over_charged: dict[int, Over] = field(default_factory=dict)
    #: Money the findings no longer found still claim, not refunded (auditor.history.follow).
    refunds_due: list[RefundDue] = field(default_factory=list)
    #: Those refunded in full by refunds beyond what they claim (the money beyond to tell).
    over_refunded: list[RefundDue] = field(default_factory=list)
    #: Those refunded exactly, told in the first audit that sees it (then no more).
    refunded: list[RefundDue] = field(default_factory=list)
    #: Those the user closed without a refund (``auditor record settle``), told alike.
    closed: list[RefundDue] = field(default_factory=list)
    #: What came back of each resolved finding's months that no other entry shows (a
    #: finding still found, a refund due), by id: what its entry counts as refunded
    #: (:attr:`~auditor.history.follow.Followed.refunded_back`).
    resolved_refunded: dict[str, int] = field(default_factory=dict)
    #: The lines the history follows that no input covers, with what is pending on them.
    unchecked: list[UncheckedLine] = field(default_factory=list)
    #: The months between a line's first and latest never given, by line (bill_gaps).
    gaps: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: What tells a finding (of this audit or :attr:`earlier`) apart from another of its
    #: line billed under the same name (手机报, shown 信息费（手机报）), by id: worked out
    #: once (:func:`~auditor.history.same_name.apart`), for its steps and every output.
    told: dict[str, str] = field(default_factory=dict)
    #: The history read and written: "new" (nothing in it but this audit's), "none_before"
    #: (another audit's, none dated before it), "continued"; "": none (docs/json.md).
    history: str = ""
    #: The settings file used (None: there was none).
    settings: Path | None = None
    old_bills: tuple[tuple[str, str], ...] = ()  # (line, newest month) long before as_of

    @property
    def earlier(self) -> list[Resolved | RefundDue]:
        """The findings of earlier audits it follows: resolved, notices now findings,
        refunds due, refunded beyond them or exactly, closed without a refund."""
        return [
            *self.resolved,
            *self.now_findings,
            *self.waiting,
            *self.refunds_due,
            *self.over_refunded,
            *self.refunded,
            *self.closed,
        ]

    @property
    def holders(self) -> Holders:
        """Who held each line in each month (a number handed over keeps its earlier
        months' money with their owner and department): the settings' and the history's."""
        return Holders(
            self.owners,
            self.groups,
            self.earlier_holders,
            self.settings_lines,
            self.remembered,
            self.renamed,
        )

    def not_in_settings(self, line: str) -> bool:
        """Whether ``line`` is not in settings naming their lines: a stranger's bill; not
        a line they named when it was audited (closed and taken out since), whose months
        the history remembers the owners of."""
        return not_in_settings(line, self.settings_lines) and not self.holders.knows(line)

    @property
    def failed_inputs(self) -> list[ReadResult]:
        """Inputs that could not be read."""
        return [r for r in self.inputs if r.error]

    @property
    def holds_nothing(self) -> bool:
        """True when the files read hold no charge, service or bill: an audit of nothing
        (a header without rows), which must not read as a clean bill."""
        return not (self.charges or self.services or self.bills)

    @property
    def personal_texts(self) -> frozenset[str]:
        """Names and ID numbers the inputs' header blocks hold: kept out of every output."""
        return personal_texts(self.inputs)

    @property
    def skipped_inputs(self) -> list[ReadResult]:
        """Files found among the inputs and not read, by their type (a photo, a document)."""
        return [r for r in self.inputs if r.skipped]

    @property
    def not_bills(self) -> list[ReadResult]:
        """Skipped files recognised as papers that are no bills (an invoice, a statement):
        said together, in one line, not one by one (:attr:`ReadResult.not_a_bill`)."""
        return [r for r in self.inputs if r.not_a_bill]

    @property
    def readable_inputs(self) -> list[ReadResult]:
        """Inputs that were read."""
        return [r for r in self.inputs if r.readable]

    @property
    def unread_rows(self) -> int:
        """Rows of the files read now that could not be read (the Unread rows sheet's)."""
        return sum(len(result.unparseable) for result in self.readable_inputs)

    @property
    def unread_fen(self) -> int:
        """The money of those rows that are charges (a 宽带账号's, a charge on no line read):
        not checked, and said so where a person looks first."""
        return sum(result.unread_fen for result in self.readable_inputs)

    @cached_property
    def unfinished(self) -> dict[str, list[str]]:
        """The inputs that bill a month not over on the audit date, by month: their
        files' names (:func:`~auditor.month_audited.unfinished_files`). Worked out once:
        the Summary says it in each layout it tries, and a company's 2,000 files took
        3 ms each time."""
        return unfinished_files(self.readable_inputs, self.as_of)
