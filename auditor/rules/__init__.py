"""The audit rules, one per module, registered in one explicit list."""

from __future__ import annotations

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

__all__ = ["RULES", "AuditContext", "Rule", "find_rule", "get_rule"]


def find_rule(rule_id: str) -> type[Rule] | None:
    """The registered rule with id ``rule_id``, or ``None``."""
    return next((rule for rule in RULES if rule.id == rule_id), None)


def get_rule(rule_id: str) -> type[Rule]:
    """The registered rule with id ``rule_id``; ``KeyError`` when there is none."""
    rule = find_rule(rule_id)
    if rule is None:
        raise KeyError(rule_id)
    return rule
