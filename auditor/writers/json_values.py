"""Values of the JSON report made plain: rule details (dates, Decimals, sets) as JSON
values, stable from run to run, and masked in the same walk."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from auditor.writers.safe import Masker


def plain_tree(value: object) -> object:
    """Rule details as JSON-ready data, with sets sorted so the output is stable."""
    if isinstance(value, dict):
        return {str(k): plain_tree(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, set | frozenset):
        return sorted(plain_tree(v) for v in value)
    if isinstance(value, list | tuple):
        return [plain_tree(v) for v in value]
    return plain(value) if isinstance(value, date | datetime | Decimal) else value


def masked_tree(value: object, mask: Masker) -> object:
    """``mask.deep(plain_tree(value))`` in one walk (3,000 findings' details): each text
    masked, containers copied, sets sorted as :func:`plain_tree` sorts them."""
    kind = type(value)
    if kind is str:
        return mask(value)
    if kind is bool or kind is int or value is None:
        return value
    if kind is dict:
        return {
            mask(str(k)): masked_tree(v, mask)
            for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))
        }
    if kind is list or kind is tuple:
        return [masked_tree(v, mask) for v in value]
    return mask.deep(plain_tree(value))


def plain(value: object) -> object:
    """``json.dumps`` fallback: dates as ISO text, Decimals as exact text, anything else str."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return str(value)
