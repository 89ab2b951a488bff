"""What the rules that look at fees share: which charges are fixed fees (not usage), the
months a line changed plan, and the contract its service list shows running.

A fixed fee is billed at a price, month after month: a plan, a function fee, a value-added
or third-party service, a package. Usage (calls, data, messages), the top-up to a minimum
spend (保底) and charges beyond the plan (超出) follow what the line did, so they repeat
and vary without anything being wrong. A plan change shown on the service list (the old
plan's expiry, the new one's start) makes its months charged by the day or by the
half-month; the rules that compare months leave them alone. A contract (合约, 承诺在网,
协议期) still running is named by every step that changes or closes a plan (audit spec,
"Actions").
"""

from __future__ import annotations

import unicodedata
from datetime import date, datetime, timedelta

from auditor.categories import DATA, PLAN, SMS, VOICE, category_of
from auditor.names import fold_traditional
from auditor.rules.facts import ChargeFact, Facts, ServiceFact
from auditor.values import month_add
from auditor.words import CONTRACT_WORDS, PACKAGE_WORDS, VARIABLE_FEE_WORDS

USAGE = (VOICE, DATA, SMS)


def fold(text: object) -> str:
    """A name as the word lists are written: NFKC, case-folded, no spaces, simplified."""
    text = unicodedata.normalize("NFKC", str(text or "")).casefold()
    return fold_traditional("".join(text.split()))


def says(text: object, words: tuple[str, ...]) -> bool:
    """True when ``text`` holds one of ``words``."""
    folded = fold(text)
    return any(word in folded for word in words)


def is_usage(charge: ChargeFact) -> bool:
    """True for a usage record or a charge that follows usage: a call, data or message
    item (its category or its own name says so) that names no package, an overage, a
    top-up to a minimum spend."""
    item = charge.item
    if says(item, VARIABLE_FEE_WORDS):
        return True
    usage = charge.category in USAGE or category_of(item) in USAGE
    return usage and not says(item, PACKAGE_WORDS)


def plan_change_months(facts: Facts, line: str) -> set[str]:
    """The months ``line``'s service list shows a plan starting or ending in (and the month
    after a plan's last one): months charged by the day or by the half-month, whose
    amounts say nothing of a price."""
    months: set[str] = set()
    for service in facts.services:
        if service.line != line or service.category != PLAN:
            continue
        if service.start_month:
            months.add(service.start_month)
        if service.end_month:
            months |= {service.end_month, month_add(service.end_month, 1)}
    return months


def is_contract(service: ServiceFact) -> bool:
    """True for a service-list entry that is a contract (合约, 合约期, 承诺在网, 协议期)."""
    return says(service.name, CONTRACT_WORDS) or says(service.status_text, CONTRACT_WORDS)


def contract_until(service: ServiceFact) -> str:
    """The last day of a contract (``2026-12-31``), or ``""`` when the list gives none.

    An expiry at 00:00:00 ends the day before (2027-01-01 00:00 → 2026-12-31)."""
    expiry = service.expiry
    if expiry is None:
        return ""
    last = expiry.date()
    if (expiry.hour, expiry.minute, expiry.second) == (0, 0, 0):
        last -= timedelta(days=1)
    return last.isoformat()


def running_contract(facts: Facts, line: str, as_of: date) -> ServiceFact | None:
    """The contract ``line``'s service list shows running on ``as_of``, or ``None``.

    Running: started by then, and neither cancelled nor expired. Of several, the one that
    ends last (the one that binds longest); one whose end the list does not give comes
    after them, since nobody can say it is over."""
    running = [
        service
        for service in facts.services
        if service.line == line
        and is_contract(service)
        and not service.shown_ended
        and (service.started_at is None or service.started_at.date() <= as_of)
    ]
    if not running:
        return None
    return max(running, key=lambda s: (s.expiry is None, s.expiry or datetime.min))
