"""The audit rules, one per module, registered in one explicit list."""

from __future__ import annotations

from collections.abc import Sequence

from auditor.model import Finding, severity_rank
from auditor.names import service_key
from auditor.rules.base import AuditContext, Rule
from auditor.rules.bill_total_mismatch import BillTotalMismatch
from auditor.rules.duplicate_charge import DuplicateCharge
from auditor.rules.lingering_charge import LingeringCharge
from auditor.rules.next_month_effective import NextMonthEffective
from auditor.rules.price_change import PriceChange
from auditor.rules.suspended_line import SuspendedLine
from auditor.rules.suspended_plan_fee import SuspendedPlanFee
from auditor.rules.trial_to_paid import TrialToPaid
from auditor.rules.unknown_vas import UnknownVas

#: Every rule, in the order of the audit spec's table (``suspended-plan-fee``, which it
#: does not list, beside ``suspended-line``); findings are reported by severity, then in
#: this order.
RULES: list[type[Rule]] = [
    LingeringCharge,
    UnknownVas,
    NextMonthEffective,
    BillTotalMismatch,
    DuplicateCharge,
    TrialToPaid,
    PriceChange,
    SuspendedLine,
    SuspendedPlanFee,
]

__all__ = [
    "RULES",
    "AuditContext",
    "Rule",
    "disputes",
    "entry_of",
    "find_rule",
    "get_rule",
    "is_notice",
    "money_keys",
    "report_order",
    "steps_apart",
    "unexplained_fen",
]


# By id: the writers ask for each finding's rule several times (3,000 findings: 100,000
# asks, a scan of the list each); RULES is fixed at import.
_BY_ID: dict[str, type[Rule]] = {}
for _rule in reversed(RULES):  # the first of a (never seen) repeated id wins, as before
    _BY_ID[_rule.id] = _rule


def find_rule(rule_id: str) -> type[Rule] | None:
    """The registered rule with id ``rule_id``, or ``None``."""
    return _BY_ID.get(rule_id)


def is_notice(rule_id: str) -> bool:
    """Whether a finding of the registered rule ``rule_id`` is a notice: information (its
    severity ``info``: a change coming next month), no money at issue and nothing to
    resolve; False for an id no rule has."""
    rule = _BY_ID.get(rule_id)
    return rule is not None and rule.severity == "info"


def disputes(rule_id: str, service: str) -> bool:
    """Whether a finding of the registered rule ``rule_id`` about ``service`` disputes
    its money (``Rule.disputed``), and its rule disputes it of that service
    (``Rule.disputes_service``: not an amount a bill gives by category only); False for
    an id no rule has. The service is what says so, as a finding stored in the history
    knows it."""
    rule = _BY_ID.get(rule_id)
    return rule is not None and rule.disputed and rule.disputes_service(service)


def acting_as(rule_id: str) -> str:
    """What a finding of ``rule_id`` is done about, so what its steps are: the rules that
    ask a service's money back (``Rule.disputed``: an unknown service, a trial turned
    paid, a fee billed twice, a charge after cancellation, a plan billed while suspended)
    or end it (``Rule.cancels``) all ``"dispute"``, one thing to do about one service,
    one refund asked, each month once; any other its own id (a price rise is asked
    about: a thing apart, with its own steps and its own complaint); an id no rule has,
    itself."""
    rule = _BY_ID.get(rule_id)
    return "dispute" if rule is not None and (rule.disputed or rule.cancels) else rule_id


def steps_apart(rule_id: str) -> bool:
    """Whether a finding of ``rule_id`` keeps its own steps beside those of the findings
    it is grouped with (``Rule.steps_apart``: a fee billed twice, whose second copy no
    other rule asks back, beside the unknown service's cancelling); False for an id no
    rule has."""
    rule = _BY_ID.get(rule_id)
    return rule is not None and rule.steps_apart


def unexplained_fen(finding: Finding) -> int:
    """Money ``finding`` says was charged without an item to say what for, when its rule
    says so (``Rule.unexplained``: a bill's total above its items): asked about, not
    disputed; 0 for another rule's finding, and for a total below its items."""
    rule = _BY_ID.get(finding.rule)
    return max(0, finding.amount_fen) if rule is not None and rule.unexplained else 0


def entry_of(rule_id: str, service: str, grouped_by: str | None) -> str:
    """The service-list entry (as a key) a finding of ``rule_id`` about ``service``
    gathered its charges by, where its rule gathers by entry (``Rule.by_entry``): its
    ``grouped_by``, else its service's own key. ``""`` for another rule's finding, and
    for one a history before version 8 stored (``grouped_by`` None: not known)."""
    rule = _BY_ID.get(rule_id)
    if rule is None or not rule.by_entry or grouped_by is None:
        return ""
    return grouped_by or service_key(service)


def money_keys(gathered: Sequence[tuple[str, str, str]]) -> list[str]:
    """For each finding given as (line, its service's key, :func:`entry_of`), what its
    money counts under on its line: its service's key, as two rules' findings of one
    service dispute one charge (an unknown service that was a trial turned paid, a fee
    unknown and billed twice). But where the findings of one line and service gather two
    entries or more (two SP services billed as 信息费, matched by their codes to 手机报
    and 游戏点播), each entry's money is its own: ``信息费/手机报``, ``信息费/游戏点播``
    (an entry of the service's own key keeps the service's key, with the findings of no
    entry)."""
    entries: dict[tuple[str, str], set[str]] = {}
    for line, key, entry in gathered:
        if entry:
            entries.setdefault((line, key), set()).add(entry)
    return [
        f"{key}/{entry}" if entry and entry != key and len(entries[(line, key)]) > 1 else key
        for line, key, entry in gathered
    ]


_ORDER = {rule.id: place for place, rule in enumerate(RULES)}


def report_order(rule_id: str, line: str, service: str, severity: str | None = None) -> tuple:
    """Where a finding stands among the report's findings: the gravest first, then in the
    order of :data:`RULES`, by line, then service. ``severity``: the finding's own (a rule
    may lower it for one finding); a finding known from the history alone (one resolved,
    one still open) ranks by its rule's. One order for the findings listed everywhere, and
    for those resolved listed after them."""
    rule = _BY_ID.get(rule_id)
    grave = severity or (rule.severity if rule else "")
    return (severity_rank(grave), _ORDER.get(rule_id, len(RULES)), line, service)


def get_rule(rule_id: str) -> type[Rule]:
    """The registered rule with id ``rule_id``; ``KeyError`` when there is none."""
    rule = find_rule(rule_id)
    if rule is None:
        raise KeyError(rule_id)
    return rule
