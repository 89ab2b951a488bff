"""What the rules about a suspended line (停机) share: which bill items and service-list
entries say a line is suspended, and the months a line kept on 停机保号 is billed its plan
on top of the suspension's own fee.

停机保号 keeps a number for a fee of its own (停机保号费, 5.00 a month on many bills)
instead of the plan: a month it begins part-way through, and the month the line is
switched on again (复机), are billed by the plan as usual; a month it covers whole (one
it began before, or at 00:00 on its 1st) that bills both the fee and the plan charges
the plan on top of what keeps the number. What shows it is one bill holding both: a
suspension fee charged, and a plan fee (less the discounts beside it) charged too, in a
month the suspension covers from its start (a service-list entry dated from before it,
or from 00:00 on its 1st, or the month before billed the fee as well). A month whose
start nothing dates (the first fee billed, no list entry dated) is left alone: it may be
the month the suspension began. An end at 00:00 on a 1st (the audit spec's rule) leaves
the month before it whole: the month it switched on in is the one after.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from auditor.categories import DISCOUNT, PLAN
from auditor.rules.facts import ChargeFact, ServiceFact
from auditor.rules.fees import LineFacts, is_fixed_fee, says
from auditor.rules.service_dates import month_inside
from auditor.values import month_add, month_of
from auditor.words import NOT_SUSPENSION_WORDS, SUSPENSION_WORDS

#: A character every suspension word holds: a name without it says no suspension, and
#: needs no folding to tell (a bill's 200,000 usage items are asked). Not even NFKC: no
#: character folds to it, and it folds to no other.
SUSPENSION_MARK = "停"


def says_suspended(*texts: str) -> bool:
    """True for a name or status that says suspended (停机, 停机保号, 报停), not one of the
    functions that only mention it (余额不足停机提醒, 停复机)."""
    return any(
        SUSPENSION_MARK in (t or "")
        and says(t, SUSPENSION_WORDS)
        and not says(t, NOT_SUSPENSION_WORDS)
        for t in texts
    )


def suspension_items(charges: Iterable[ChargeFact]) -> list[ChargeFact]:
    """The bill items that show a suspension by charging for it (停机保号费 5.00, 报停):
    many bills print 停机保号费 0.00 on every active line, an empty row of their
    template."""
    return [
        c for c in charges if c.amount_fen > 0 and not c.category_level and says_suspended(c.item)
    ]


def suspension_entries(services: Iterable[ServiceFact]) -> list[ServiceFact]:
    """The service-list entries that say the line is suspended (a 停机保号 entry, a status
    停机), ended ones too."""
    return [s for s in services if says_suspended(s.name, s.status_text)]


@dataclass(frozen=True)
class OnTop:
    """A line's plan billed on top of its suspension's fee: per month, the plan's charges
    and the discounts beside them (``charges``), what they come to (``amounts``, in fen,
    above zero) and the suspension fee billed beside them (``fees``); ``since``, the
    month the list dates the suspension from (its earliest entry's start), "" when no
    entry dates it."""

    charges: dict[str, list[ChargeFact]] = field(default_factory=dict)
    amounts: dict[str, int] = field(default_factory=dict)
    fees: dict[str, list[ChargeFact]] = field(default_factory=dict)
    since: str = ""

    @property
    def months(self) -> list[str]:
        """The months billed the plan on top, oldest first."""
        return sorted(self.amounts)

    def plans(self, months: Iterable[str] | None = None) -> list[ChargeFact]:
        """The plan's charges on top (not the discounts beside them), of ``months`` (all
        when None), in the order they were read."""
        wanted = self.months if months is None else months
        return [c for m in wanted for c in self.charges.get(m, ()) if c.category == PLAN]


def billed_on_top(gathered: LineFacts) -> OnTop:
    """The months ``gathered``'s line is billed its plan on top of a suspension fee (see
    the module's docstring); an :class:`OnTop` of no month when none is."""
    fees: dict[str, list[ChargeFact]] = {}
    for charge in suspension_items(gathered.charges):
        fees.setdefault(charge.period, []).append(charge)
    if not fees:
        return OnTop()
    entries = suspension_entries(gathered.services)
    starts = sorted(s for e in entries if (s := e.started_at) is not None)
    # a month a suspension began part-way through was billed by the plan before it
    split = {m for m in map(month_inside, starts) if m}
    # the first month each covers whole: its own when it began at 00:00 on the 1st
    whole = [month_add(m, 1) if (m := month_inside(s)) else month_of(s) for s in starts]
    # the month the line was switched on again (or closed) in, billed by the plan: an
    # expiry at 00:00 on a 1st leaves the month before it whole, and switches the line on
    # for the month it begins
    ends = {month_of(end) for e in entries if (end := e.ended_at) and (e.shown_ended or e.record)}
    found = OnTop(since=month_of(starts[0]) if starts else "")
    for month in sorted(fees):
        begun = any(first <= month for first in whole) or month_add(month, -1) in fees
        if not begun or month in split or month in ends:
            continue
        on_top = _on_top(gathered, month)
        if on_top:
            found.charges[month], found.amounts[month] = on_top, sum(c.amount_fen for c in on_top)
            found.fees[month] = fees[month]
    return found


def plan_beside_fee(gathered: LineFacts, month: str) -> bool:
    """Whether ``month``'s bill of ``gathered``'s line charges a suspension's fee and its
    plan beside it, whatever the months around say: a bill that does (the month the line
    was switched on again, rightly) has not stopped billing the plan on top of the fee."""
    return bool(suspension_items(c for c in gathered.charges if c.period == month)) and bool(
        _on_top(gathered, month)
    )


def _on_top(gathered: LineFacts, month: str) -> list[ChargeFact]:
    """``month``'s plan charges and the discounts beside them, when they come to more than
    nothing and a plan is among them; else none."""
    on_top = [c for c in gathered.charges if c.period == month and _beside_fee(c)]
    fen = sum(c.amount_fen for c in on_top)
    return on_top if fen > 0 and any(c.category == PLAN for c in on_top) else []


def _beside_fee(charge: ChargeFact) -> bool:
    """True for a plan's fee (not the suspension's own) or a discount beside it."""
    if charge.category_level or says_suspended(charge.item):
        return False
    if charge.category == DISCOUNT:
        return charge.amount_fen < 0
    return charge.category == PLAN and is_fixed_fee(charge)
