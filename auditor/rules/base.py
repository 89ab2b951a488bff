"""What every rule is (:class:`Rule`), and what every rule reads (:class:`AuditContext`).

A rule lives in one module: its id, severity, its name in Chinese and in English,
whether its money is disputed, its documentation in both languages (the class docstring
in English and ``doc_zh`` in Chinese, ``auditor rules --doc``: what it checks, why it
matters, a failing and a passing example), its findings, their typed details and the
steps they need, every text made in the active language (:func:`auditor.lang.say`).
Nothing else in auditor names it; it is registered in :data:`auditor.rules.RULES`.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import ClassVar, Generic, TypeVar

from auditor.actions import Steps
from auditor.bill_check import check_bills
from auditor.finding_state import still_listed_on
from auditor.finding_steps import actions_for
from auditor.lang import Text, say
from auditor.model import Action, Finding, FindingDetails, ReadResult
from auditor.names import service_key
from auditor.rules.charged import Charged, Refunds, charged, refunds_on_bills
from auditor.rules.fact_building import build_facts
from auditor.rules.facts import ChargeFact, Facts
from auditor.rules.fee_names import billed_together
from auditor.rules.fees import LineFacts, by_line
from auditor.rules.named_ends import NamedEnds, named_ends
from auditor.values import month_add, month_of

DetailsT = TypeVar("DetailsT", bound=FindingDetails)

# The reST a rule's documentation is written in, which ``rules --doc`` shows as plain text:
# a paragraph ending in ``::`` before an example, an inline literal, an emphasis.
_LITERAL_BLOCK = re.compile(r"::$", re.MULTILINE)
_INLINE_LITERAL = re.compile(r"``([^`]+)``")
_EMPHASIS = re.compile(r"(?<![\w*])\*([^*\s](?:[^*]*[^*\s])?)\*(?![\w*])")


def plain_text(doc: str) -> str:
    """``doc``'s reST markup shown as plain text: ``Fails::`` as ``Fails:``, ````monthly````
    as ``monthly``, ``*and*`` as ``and`` (asterisks inside a word, ``138****1234``, stay)."""
    doc = _LITERAL_BLOCK.sub(":", doc)
    doc = _INLINE_LITERAL.sub(r"\1", doc)
    return _EMPHASIS.sub(r"\1", doc)


@dataclass(frozen=True)
class KnownServices:
    """The services the user knows and wants, as keys (:func:`~auditor.names.service_key`):
    those of the settings' top-level ``known_services``, for every line, and those of a
    ``[lines."…"]`` table, for that line alone (a service one member of a family wants
    may be one another never ordered)."""

    everywhere: frozenset[str] = frozenset()
    by_line: Mapping[str, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def of(
        cls, names: Iterable[str], by_line: Mapping[str, Iterable[str]] | None = None
    ) -> KnownServices:
        """The known services of the names as the settings write them."""
        by_line = by_line or {}
        return cls(_keys(names), {line: _keys(listed) for line, listed in by_line.items()})

    def has(self, line: str, *names: str) -> bool:
        """True when any of ``names`` is a known service on ``line``."""
        own = self.by_line.get(line, frozenset())
        return any(
            name and ((key := service_key(name)) in self.everywhere or key in own) for name in names
        )

    def on(self, line: str) -> frozenset[str]:
        """The keys of the known services on ``line``: everywhere's and its own."""
        own = self.by_line.get(line)
        return self.everywhere | own if own else self.everywhere

    def has_key(self, line: str, key: str) -> bool:
        """True when the key ``key`` (:func:`~auditor.names.service_key`'s) is known on
        ``line``."""
        return key in self.everywhere or key in self.by_line.get(line, ())


def _keys(names: Iterable[str]) -> frozenset[str]:
    return frozenset(service_key(name) for name in names if name)


@dataclass(frozen=True)
class AuditContext:
    """The facts every rule reads, and the user's settings."""

    facts: Facts
    as_of: date
    known: KnownServices = KnownServices()

    @classmethod
    def of(
        cls, results: list[ReadResult], as_of: date, known: KnownServices | None = None
    ) -> AuditContext:
        """The context of already-read ``results`` (one copy of each bill)."""
        facts = build_facts(results, check_bills(results), as_of)
        return cls(facts, as_of, known or KnownServices())

    @cached_property
    def lines(self) -> dict[str, LineFacts]:
        """Each line's charges, service-list entries and billed months
        (:func:`~auditor.rules.fees.by_line`): gathered once, for every rule that reads
        them. Read only."""
        return by_line(self.facts)

    @cached_property
    def refunds(self) -> Refunds:
        """The credits of the bills that give back a service charged on them
        (:func:`~auditor.rules.charged.refunds_on_bills`), worked out once an audit. Read
        only."""
        return refunds_on_bills(self.facts.charges)

    def charged(self, charges: Iterable[ChargeFact]) -> Charged:
        """What ``charges`` (of one line and service) charged, month by month, with the
        bills' refunds of it set against them (:func:`~auditor.rules.charged.charged`): the
        one answer of a finding's ``amount`` and ``monthly``."""
        return charged(charges, self.refunds)

    @cached_property
    def named_ends(self) -> NamedEnds:
        """The promotions whose ends the bills' item names state
        (:func:`~auditor.rules.named_ends.named_ends`), worked out once an audit: the
        rules honour them as a service list's stated ends. Read only."""
        return named_ends(self.facts, self.as_of)

    @cached_property
    def _read_so_far(self) -> frozenset[tuple[str, str]]:
        """The lines and months of the bills so far the history holds (read while their
        month went on: :attr:`~auditor.rules.facts.Facts.so_far`)."""
        so_far = self.facts.so_far
        charges = self.facts.charges if so_far else ()
        return frozenset((c.line, c.period) for c in charges if (c.source, c.period) in so_far)

    def so_far(self, line: str, month: str) -> bool:
        """True when ``line``'s ``month`` is a bill so far: not over on the audit date, or
        read while it went on (a copy the history holds). What it charges it charges, but
        a charge not on it yet has not stopped: what it lacks proves nothing."""
        return month >= self.facts.audit_month or (line, month) in self._read_so_far

    def is_known(self, line: str, *names: str) -> bool:
        """True when any of ``names`` is one of the user's known services on ``line``, or a
        name the line's bills group with one of them (:func:`~auditor.rules.fee_names.
        billed_together`): a known 咪咕视频会员费, October's word, knows the months billed
        咪咕视频会员, and the other way round; a known 彩铃 is not 彩铃功能费 billed beside
        it."""
        known = self.known
        if known.has(line, *names):
            return True
        together = self.billed_together
        return bool(together) and any(
            known.has_key(line, other)
            for name in names
            if name
            for other in together.get((line, service_key(name)), ())
        )

    @cached_property
    def billed_together(self) -> dict[tuple[str, str], frozenset[str]]:
        """:func:`~auditor.rules.fee_names.billed_together` of the facts' charges, worked
        out once an audit: for the known services, and the names of the findings a
        history stored before it kept them (:func:`~auditor.history.findings.with_names`).
        Read only."""
        return billed_together(self.facts.charges)

    @cached_property
    def month_before(self) -> str:
        """The month before the audit's (``2026-10`` for an audit in November)."""
        return month_add(month_of(self.as_of), -1)

    def latest_billed_month(self, line: str) -> str:
        """The newest month of any bill or charge of ``line``; without one, the month
        before the audit."""
        return self.facts.latest_months.get(line, self.month_before)

    def billed_by_now(self, line: str) -> str:
        """The newest month whose bill ``line`` has had by the audit date, given or not:
        its latest billed month, or the month before the audit when that is later (a
        month's bill comes out early the next month, as for a line without a bill).

        A change in a later month is still to come; one in this month or before is one
        the bills have shown (whether they were given or not): it is told as it stands,
        not as news of "next month". An old bill given alone (August's, audited in
        November) must not make September's new order a coming change two months on."""
        return max(self.latest_billed_month(line), self.month_before)


class Rule(Generic[DetailsT]):
    """Base class: a rule declares, in its one module, everything auditor knows of it.

    ``id`` (stable, in every output), ``severity``, ``label_zh`` and ``label_en`` (its
    name as words, shown beside the id), ``description`` and ``description_zh`` (one
    line), the class docstring and ``doc_zh`` (its documentation, in English and in
    Chinese); ``disputed``, ``ongoing`` and ``whole_line`` (what its money is);
    ``details_type``, the frozen dataclass its findings' details are; :meth:`evaluate`, its
    findings; and :meth:`steps`, what a user does about one of them.
    """

    id: ClassVar[str]
    severity: ClassVar[str]
    label_zh: ClassVar[str]
    label_en: ClassVar[str]
    description: ClassVar[str]
    description_zh: ClassVar[str]
    #: The documentation in Chinese: the docstring's content (what it finds, why it
    #: matters, examples that fail and pass), for ``auditor rules --doc`` in Chinese.
    doc_zh: ClassVar[str]
    #: Its findings are money charged against the user's will, month after month: it can
    #: be asked back (claimable) and costs ``monthly × 12`` a year if it goes on.
    disputed: ClassVar[bool] = False
    #: Its findings cost their ``monthly`` every month until the user acts, though nothing
    #: already charged is disputed (a price rise, a suspended line still billed): their
    #: messages say what that is a year, and ``monthly × 12`` is money at stake a year,
    #: none of it claimable. A disputed rule's findings go on costing too: no need to say.
    ongoing: ClassVar[bool] = False
    #: Its findings' amount, when above zero, is money charged without an item to say
    #: what for (a bill's total above its items): the user asks the carrier to explain
    #: it, so it is at stake, though neither disputed nor a cost a year
    #: (:func:`~auditor.rules.unexplained_fen`).
    unexplained: ClassVar[bool] = False
    #: Its findings' ``monthly`` is everything their line is charged (a suspended line):
    #: a year of it holds the year of the line's other findings, counted once.
    whole_line: ClassVar[bool] = False
    #: Its findings are about a service the user does not want: the next step is to
    #: cancel it, or close the line a suspended line is (a duplicate or a price rise is
    #: asked about, not cancelled); a cancellation the user recorded ends it.
    cancels: ClassVar[bool] = False
    #: Its findings ask back money no other rule's finding of their service asks (a
    #: charge's second copy): grouped with those (:func:`~auditor.rules.acting_as`), their
    #: steps are shown beside theirs, never in their place (a duplicate of an unknown
    #: service: its refund, and the unknown service cancelled).
    steps_apart: ClassVar[bool] = False
    #: Its findings are charges after a cancellation the carrier did not act on: a
    #: cancellation recorded since does not end what they cost a year.
    after_cancelling: ClassVar[bool] = False
    #: It finds nothing about a service the settings call known (``known_services``), so
    #: a service named known since is why one of its findings no longer holds.
    consults_known: ClassVar[bool] = False
    #: It gathers a service's charges by the service-list entry they matched (its
    #: findings' :attr:`~auditor.model.Finding.grouped_by`: the entry's key, else the
    #: service's own): two of its findings of one line shown under one name (two SP
    #: services billed as 信息费) are two services' money (:func:`auditor.rules.money_keys`).
    by_entry: ClassVar[bool] = False
    details_type: type[DetailsT]
    #: Why one of its findings reported before no longer holds, when that is the rule's
    #: own (a bill that now adds up); ``None`` leaves it to the bills: the charge stopped.
    resolution: ClassVar[Text | None] = None
    #: Why the money its findings charged is owed whatever became of them since (a
    #: service never confirmed: no 二次确认), said as a refund due's reason where the
    #: user's cancellation is not one (its months came before the cancellation took
    #: effect, 次月生效); ``None``: the rule's money has no ground of its own.
    ground: ClassVar[Text | None] = None

    def evaluate(self, ctx: AuditContext) -> list[Finding]:
        """Return this rule's findings, one per line and service (or bill)."""
        raise NotImplementedError

    def steps(self, kit: Steps) -> None:
        """Add to ``kit``, in order, the steps one of this rule's findings
        (``kit.finding``) needs."""
        raise NotImplementedError

    def details_of(self, finding: Finding) -> DetailsT:
        """``finding``'s details, which this rule gave it."""
        if not isinstance(finding.details, self.details_type):
            raise TypeError(f"{self.id} finding without its {self.details_type.__name__}")
        return finding.details

    @classmethod
    def months_at_stake(cls, finding: Finding) -> int:
        """How many months of ``finding``'s ``monthly`` a year of it counts: 12, fewer for
        a rule that knows its charge ends sooner (a discount cut short before its stated
        end is owed until that end only)."""
        return 12

    def subject(self, finding: Finding) -> str:
        """What tells this rule's findings of one line apart, the same from month to
        month (a finding's id is made of it): the service, as charges match it, and what
        the rule gathered it by when that is something else (:attr:`Finding.grouped_by`:
        two SP services billed as 信息费, told apart by their codes). A finding gathered by
        its own service's key keeps the subject, so the id, it always had."""
        key = service_key(finding.service)
        if finding.grouped_by and finding.grouped_by != key:
            return f"{key}/{finding.grouped_by}"
        return key

    def actions(
        self, finding: Finding, as_of: date, company: bool = False, told: str = "", main: str = ""
    ) -> list[Action]:
        """The ordered steps for ``finding``, for its carrier, as of ``as_of`` (``company``:
        a company's line, handled through its account manager; ``told``: what tells its
        service apart from another of its line billed under the same name, which its
        steps name it by: 「信息费（手机报）」; ``main``: its line's main card when it is a
        副卡, through which its steps go)."""
        return actions_for(finding, self.steps, as_of, company, told, main)

    @classmethod
    def disputes_service(cls, service: str) -> bool:
        """Whether a finding of this (``disputed``) rule about ``service`` disputes its
        money: yes, unless the rule says otherwise for a kind of service it names (see
        :func:`auditor.rules.disputes`)."""
        return True

    @classmethod
    def still_listed(cls, finding: Finding) -> str:
        """The day (``YYYY-MM-DD``) of the newest service list that still showed running,
        in a month after, the service the user recorded cancelling: the cancellation did
        not take, and cancelling it again comes first. ``""``: none did, or the rule
        does not tell (:func:`~auditor.rules.entry_ends.still_listed`): its details' if
        they tell (:func:`~auditor.finding_state.still_listed_on`)."""
        return still_listed_on(finding)

    @classmethod
    def name_shown(cls) -> str:
        """The rule's name as words, in the active language (退订后仍扣费, charged after
        cancellation)."""
        return say(cls.label_zh, cls.label_en)

    @classmethod
    def name_for(cls, periods: Sequence[str]) -> str:
        """The rule's name for one finding of ``periods`` (its months), in the active
        language: :meth:`name_shown`, unless the rule's name says when its finding is
        (next-month-effective: 2026-10 起变化, change from 2026-10)."""
        return cls.name_shown()

    @classmethod
    def summary(cls) -> str:
        """What the rule finds, in one line of the active language."""
        return say(cls.description_zh, cls.description)

    @classmethod
    def documentation(cls) -> str:
        """What it checks, why, and examples, in the active language, as plain text:
        ``doc_zh``, or the docstring, dedented, its reST markup gone (:func:`plain_text`)."""
        return plain_text(say(inspect.cleandoc(cls.doc_zh), inspect.getdoc(cls) or ""))
