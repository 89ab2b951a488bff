"""What the rules that look at fees share: each line's facts gathered once, which charges
are fixed fees (not usage), the months a line changed plan, and the contract its service
list shows running.

A fixed fee is billed at a price, month after month: a plan, a function fee, a value-added
or third-party service, a package. Usage (calls, data, messages), the top-up to a minimum
spend (保底) and charges beyond the plan (超出) follow what the line did, so they repeat
and vary without anything being wrong; so do items billed per use (点播, 信息费). A plan
change shown on the service list (the old plan's expiry, the new one's start) makes its
months charged by the day or by the half-month; the rules that compare months leave them
alone. A contract (合约, 承诺在网, 协议期) still running is named by every step that
changes or closes a plan (audit spec, "Actions").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache

from auditor.categories import DATA, DISCOUNT, PLAN, SMS, VOICE, category_of
from auditor.names import fold_name
from auditor.rules.facts import ChargeFact, Facts, ServiceFact
from auditor.values import month_add
from auditor.words import (
    CONTRACT_WORDS,
    PACKAGE_WORDS,
    PER_USE_WORDS,
    TRIAL_WORDS,
    VARIABLE_FEE_WORDS,
)

USAGE = (VOICE, DATA, SMS)


@lru_cache(maxsize=65536)
def fold(text: object) -> str:
    """A name as the word lists are written: NFKC, case-folded, no spaces, simplified.

    Remembered: a company's bills name the same few hundred items thousands of times.
    A charge's item comes folded already (:attr:`ChargeFact.folded`)."""
    return fold_name(text)


def says(text: object, words: tuple[str, ...]) -> bool:
    """True when ``text`` holds one of ``words``."""
    return bool(words) and _any_word(words).search(fold(text)) is not None


def on_trial(service: ServiceFact) -> bool:
    """True for a list's entry named or priced as a trial (audit spec, ``trial-to-paid``):
    a trial word (免费体验, 试用 …) in its name or status, or a price text stating a free or
    cheaper first period (首月0元 次月起6元/月: :attr:`ServiceFact.trial`)."""
    return (
        service.trial or says(service.name, TRIAL_WORDS) or says(service.status_text, TRIAL_WORDS)
    )


def item_says(charge: ChargeFact, words: tuple[str, ...]) -> bool:
    """``says(charge.item, words)``, on the item folded once when the facts were built (a
    long bill's items are all distinct: no remembered fold would serve)."""
    return bool(words) and _any_word(words).search(charge.folded) is not None


@lru_cache(maxsize=64)
def _any_word(words: tuple[str, ...]) -> re.Pattern:
    """A pattern found in a text exactly when one of ``words`` is in it: one search in C,
    not a Python test per word (the rules ask it of each of a bill's 200,000 items)."""
    return re.compile("|".join(re.escape(word) for word in words))


# ------------------------------------------------------------------------ one line's facts


@dataclass
class LineFacts:
    """One line's charges, service-list entries and billed months, gathered in one pass."""

    line: str
    charges: list[ChargeFact] = field(default_factory=list)
    services: list[ServiceFact] = field(default_factory=list)
    #: The months any bill or charge of the line is for, sorted.
    months: list[str] = field(default_factory=list)

    @property
    def latest(self) -> str:
        """The newest billed month ("" when the line has only service-list entries)."""
        return self.months[-1] if self.months else ""


def by_line(facts: Facts) -> dict[str, LineFacts]:
    """Every line's :class:`LineFacts`, in one pass over the facts (a company's thousands
    of lines must not be searched line by line)."""
    lines: dict[str, LineFacts] = {}
    months: dict[str, set[str]] = {}
    for charge in facts.charges:
        gathered = lines.get(charge.line)
        if gathered is None:  # not setdefault: that would make a LineFacts per charge
            gathered = lines[charge.line] = LineFacts(charge.line)
            months[charge.line] = set()
        gathered.charges.append(charge)
        months[charge.line].add(charge.period)
    for check in facts.bills:
        bill = check.bill
        lines.setdefault(bill.line, LineFacts(bill.line))
        months.setdefault(bill.line, set()).add(bill.period)
    for service in facts.services:
        lines.setdefault(service.line, LineFacts(service.line)).services.append(service)
    for line, found in months.items():
        lines[line].months = sorted(found)
    return lines


# ------------------------------------------------------------------------ what a charge is


def is_usage(charge: ChargeFact) -> bool:
    """True for a usage record or a charge that follows usage: a call, data or message
    item (its category or its own name says so) that names no package, an overage, a
    top-up to a minimum spend."""
    return _item_kind(charge.category, charge.item, charge.folded)[0]


def is_fixed_fee(charge: ChargeFact) -> bool:
    """True for a positive, itemised charge billed at a price: not usage, not an item
    billed per use (点播, 信息费), not a discount or a credit."""
    return charge.amount_fen > 0 and _item_kind(charge.category, charge.item, charge.folded)[1]


@lru_cache(maxsize=4096)
def _item_kind(category: str, item: str, folded: str) -> tuple[bool, bool]:
    """Whether a charge of ``category`` and ``item`` (``folded``) is usage
    (:func:`is_usage`), and whether it is billed at a price, whatever its amount
    (:func:`is_fixed_fee`). Remembered: a company's months bill the same few dozen items
    tens of thousands of times, and the rules ask each of them again and again."""
    usage = _any_word(VARIABLE_FEE_WORDS).search(folded) is not None or (
        (category in USAGE or category_of(item) in USAGE)
        and _any_word(PACKAGE_WORDS).search(folded) is None
    )
    priced = (
        bool(item.strip())  # not an amount by category alone (ChargeFact.category_level)
        and category != DISCOUNT
        and not usage
        and _any_word(PER_USE_WORDS).search(folded) is None
    )
    return usage, priced


#: A price written in a name: 29元 (冰激凌套餐29元), 9.9元, 18 元.
_NAMED_PRICE = re.compile(r"(\d{1,6})(?:\.(\d{1,2}))?\s*元")


@lru_cache(maxsize=4096)
def prices_named(name: str) -> frozenset[int]:
    """The prices a fee's name writes, in fen: ``冰激凌套餐29元`` → {2900}. A name may
    write a tier rather than what is billed (4G飞享套餐18元档 billed 8.00): a price named
    is evidence only where a month's amount equals it."""
    return frozenset(
        int(whole) * 100 + int((cents or "").ljust(2, "0"))
        for whole, cents in _NAMED_PRICE.findall(fold(name))
    )


def per_file_month(charges: Iterable[ChargeFact]) -> dict[str, list[ChargeFact]]:
    """``charges`` by month, each month from one file: the one with the most of them (the
    same month read from two files, an XLSX and the PDF of one bill, is one bill)."""
    files: dict[tuple[str, str], list[ChargeFact]] = {}
    for charge in charges:
        files.setdefault((charge.period, charge.source), []).append(charge)
    chosen: dict[str, list[ChargeFact]] = {}
    for (period, _), found in sorted(files.items()):
        if len(found) > len(chosen.get(period, [])):
            chosen[period] = found
    return dict(sorted(chosen.items()))


# ------------------------------------------------------------------------ plans and contracts


def is_contract(service: ServiceFact) -> bool:
    """True for a service-list entry that is a contract (合约, 合约期, 承诺在网, 协议期)."""
    return says(service.name, CONTRACT_WORDS) or says(service.status_text, CONTRACT_WORDS)


def plan_change_months(services: Iterable[ServiceFact]) -> set[str]:
    """The months the service list shows a plan starting or ending in (and the month
    after a plan's last one): months charged by the day or by the half-month, whose
    amounts say nothing of a price. A contract is not a plan: it charges nothing."""
    months: set[str] = set()
    for service in services:
        if service.category != PLAN or is_contract(service):
            continue
        if service.start_month:
            months.add(service.start_month)
        if service.end_month:
            months |= {service.end_month, month_add(service.end_month, 1)}
    return months


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


def running_contract(services: Iterable[ServiceFact], as_of: date) -> ServiceFact | None:
    """The contract among one line's ``services`` running on ``as_of``, or ``None``.

    Running: started by then, and neither cancelled nor expired. Of several, the one that
    ends last (the one that binds longest); one whose end the list does not give comes
    after them, since nobody can say it is over."""
    running = [
        service
        for service in services
        if is_contract(service)
        and not service.shown_ended
        and (service.started_at is None or service.started_at.date() <= as_of)
    ]
    if not running:
        return None
    return max(running, key=lambda s: (s.expiry is None, s.expiry or datetime.min))


def running_contracts(lines: Mapping[str, LineFacts], as_of: date) -> dict[str, ServiceFact]:
    """Each line's running contract (:func:`running_contract`), for the ``lines`` with one
    (:func:`by_line`)."""
    found: dict[str, ServiceFact] = {}
    for line, gathered in lines.items():
        contract = running_contract(gathered.services, as_of)
        if contract is not None:
            found[line] = contract
    return found
