"""Whether a fee's first month known was charged by the day (``price-change``): a month
that says nothing of its price.

A fee's first month on a line billed before it is charged by the day; so may be the
line's first month known, unless the list shows the fee started earlier or a price the
list or the fee's own name writes is that month's amount (冰激凌套餐29元 billed 29.00).
A service starting at 00:00 on the 1st has a full first month.
"""

from __future__ import annotations

from auditor.rules.facts import ServiceFact
from auditor.rules.fees import prices_named


def new_on_the_line(months: list[str], previous: str, amounts: dict[str, int]) -> bool:
    """True when ``previous`` is the fee's first month on a line billed before it: a
    first month, charged by the day."""
    return previous == min(amounts) and previous != months[0]


#: How the line's first month known was charged, for a fee first billed then.
FULL, BY_THE_DAY, UNSURE = "full", "by the day", "unsure"


def first_known(
    months: list[str],
    previous: str,
    amounts: dict[str, int],
    services: list[ServiceFact],
    item: str,
    after: int | None,
) -> str | None:
    """How ``previous``, when it is the line's first month known and the fee's first, was
    charged (None when it is not): in full when the list shows the fee started earlier,
    or the list or the fee's own name (冰激凌套餐29元) prices it at that month's amount; by
    the day when its name prices it at the later month's (8.13 then 18.00 for 4G飞享18元
    套餐); else, nothing telling, unsure."""
    if previous != min(amounts) or previous != months[0]:
        return None
    named = prices_named(item)
    listed = {s.price_fen for s in services if s.price_fen}
    if amounts[previous] in named | listed or any(
        s.start_month and s.start_month < previous for s in services
    ):
        return FULL
    # The list gives today's price, a risen one too: only the name's is the fee's own.
    return BY_THE_DAY if after in named else UNSURE


def starts_on_the_first(service: ServiceFact) -> bool:
    """True when a service starts at 00:00 on the 1st: its first month is a full one."""
    start = service.started_at
    return start is not None and start.day == 1 and (start.hour, start.minute) == (0, 0)
