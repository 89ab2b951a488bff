"""The audit rules, one per module, registered in one explicit list."""

from __future__ import annotations

from auditor.model import severity_rank
from auditor.rules.base import AuditContext, Rule
from auditor.rules.bill_total_mismatch import BillTotalMismatch
from auditor.rules.duplicate_charge import DuplicateCharge
from auditor.rules.lingering_charge import LingeringCharge
from auditor.rules.next_month_effective import NextMonthEffective
from auditor.rules.price_change import PriceChange
from auditor.rules.suspended_line import SuspendedLine
from auditor.rules.trial_to_paid import TrialToPaid
from auditor.rules.unknown_vas import UnknownVas

#: Every rule, in the order of the audit spec's table; findings are reported by severity,
#: then in this order.
RULES: list[type[Rule]] = [
    LingeringCharge,
    UnknownVas,
    NextMonthEffective,
    BillTotalMismatch,
    DuplicateCharge,
    TrialToPaid,
    PriceChange,
    SuspendedLine,
]

__all__ = ["RULES", "AuditContext", "Rule", "disputes", "find_rule", "get_rule", "report_order"]


# By id: the writers ask for each finding's rule several times (3,000 findings: 100,000
# asks, a scan of the list each); RULES is fixed at import.
_BY_ID: dict[str, type[Rule]] = {}
for _rule in reversed(RULES):  # the first of a (never seen) repeated id wins, as before
    _BY_ID[_rule.id] = _rule


def find_rule(rule_id: str) -> type[Rule] | None:
    """The registered rule with id ``rule_id``, or ``None``."""
    return _BY_ID.get(rule_id)


def disputes(rule_id: str, service: str) -> bool:
    """Whether a finding of the registered rule ``rule_id`` about ``service`` disputes
    its money (``Rule.disputed``), and its rule disputes it of that service
    (``Rule.disputes_service``: not an amount a bill gives by category only); False for
    an id no rule has. The service is what says so, as a finding stored in the history
    knows it."""
    rule = _BY_ID.get(rule_id)
    return rule is not None and rule.disputed and rule.disputes_service(service)


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
