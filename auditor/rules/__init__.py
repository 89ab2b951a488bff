"""The audit rules, one per module, registered in one explicit list."""

from __future__ import annotations

from auditor.rules.base import AuditContext, Rule
from auditor.rules.bill_total_mismatch import BillTotalMismatch
from auditor.rules.lingering_charge import LingeringCharge
from auditor.rules.next_month_effective import NextMonthEffective
from auditor.rules.unknown_vas import UnknownVas

#: Every rule, in the order findings are reported.
RULES: list[type[Rule]] = [LingeringCharge, UnknownVas, NextMonthEffective, BillTotalMismatch]

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
