"""The audit rules, one per module, registered in one explicit list."""

from __future__ import annotations

from auditor.rules.base import AuditContext, Rule

#: Every rule, in the order findings are reported.
RULES: list[type[Rule]] = []

__all__ = ["RULES", "AuditContext", "Rule", "get_rule"]


def get_rule(rule_id: str) -> type[Rule]:
    """The rule class with id ``rule_id``."""
    for rule in RULES:
        if rule.id == rule_id:
            return rule
    raise KeyError(rule_id)
