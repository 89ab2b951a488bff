"""Placeholder until the actions land."""

from __future__ import annotations

from datetime import date

from auditor.model import Action, Finding


def actions_for(finding: Finding, as_of: date) -> list[Action]:
    """Not implemented yet."""
    return []
