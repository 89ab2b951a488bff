"""The audit rules, one per module, registered in one explicit list."""

from __future__ import annotations

from auditor.rules.base import AuditContext, Rule
from auditor.rules.bill_total_mismatch import BillTotalMismatch
from auditor.rules.lingering_charge import LingeringCharge
from auditor.rules.next_month_effective import NextMonthEffective
from auditor.rules.unknown_vas import UnknownVas

#: Every rule, in the order findings are reported.
RULES: list[type[Rule]] = [LingeringCharge, UnknownVas, NextMonthEffective, BillTotalMismatch]

__all__ = ["RULES", "AuditContext", "Rule", "get_rule"]


def get_rule(rule_id: str) -> type[Rule]:
    """The rule class with id ``rule_id``."""
    for rule in RULES:
        if rule.id == rule_id:
            return rule
    raise KeyError(rule_id)
