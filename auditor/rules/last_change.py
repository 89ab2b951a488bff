"""A recurring fee's or discount's last change over a line's months (:func:`last_change`),
for ``price-change``: when it still holds in the line's latest month, is no month charged
by the day, no fee renamed, no discount missing from a bill so far, and no promotion
ending as the line's list or the item's name states.
"""

from __future__ import annotations

from collections.abc import Callable

from auditor.rules.facts import ChargeFact, ServiceFact
from auditor.rules.fee_series import DISCOUNT_KIND, FEE, Change, kind_of, renamed, so_far_shown
from auditor.rules.fees import LineFacts, plan_change_months
from auditor.rules.first_months import (
    BY_THE_DAY,
    UNSURE,
    first_known,
    new_on_the_line,
    starts_on_the_first,
)
from auditor.rules.promotions import offer_ended


def last_change(
    gathered: LineFacts,
    amounts: dict[str, int],
    charges: list[ChargeFact],
    listed: list[ServiceFact],
    going: Callable[[str], bool],
) -> Change | None:
    """The fee's last change, when it still holds in the line's latest month, and
    not a promotion ending as ``listed`` (the line's entries, those of the items'
    names too) states; a discount's none into a month not over (``going``: a bill so
    far, :meth:`~auditor.rules.base.AuditContext.so_far`), which proves nothing of a
    fee's or a discount's either: it holds if the months over since bill it alike."""
    months = gathered.months
    services = list(dict.fromkeys(s for c in charges for s in c.services))
    plan_changes = plan_change_months(gathered.services)
    item = charges[0].item
    # A fee's own first and last months may be charged by the day; a discount's own
    # end is what the finding is about.
    own = {s.start_month for s in services if not starts_on_the_first(s)}
    own |= {s.end_month for s in services}
    # A discount's own stated end (its list entry's expiry, or its item's name: 截至
    # 2026年12月31日) says it recurs until then: gone before it, it was cut short,
    # shown by two bills as well as by three.
    keys = {c.key for c in charges}
    stated = [s.end_month for s in listed if s.key in keys and s.expiry and s.end_month]
    change: Change | None = None
    for index in range(1, len(months)):
        previous, month = months[index - 1], months[index]
        if previous in plan_changes or month in plan_changes:
            continue
        before, after = amounts.get(previous), amounts.get(month)
        if change is not None and not change.unsure and going(month):
            continue  # a bill so far neither carries on nor replaces a change billed
        going_on = change is not None and change.last == previous
        earlier = amounts.get(months[index - 2]) if index > 1 else None
        recurring = going_on or earlier == before
        # A discount shrunk and billed alike since is recurring too: a user whose
        # first month known is the one before the cut sees it a month later.
        following = amounts.get(months[index + 1]) if index + 1 < len(months) else None
        settled = after is not None and after < 0 and following == after
        dated = any(end >= month for end in stated)
        kind = kind_of(before, after, recurring or settled or dated)
        if kind is None or (kind == DISCOUNT_KIND and going(month)):
            continue  # (a bill so far: a discount is often given as the month's bill is made)
        if kind == FEE and not recurring and renamed(charges, previous, month):
            continue  # one month under another name: no recurring charge shown to rise
        by_the_day = previous in own or month in own
        if kind == FEE and (by_the_day or new_on_the_line(months, previous, amounts)):
            continue
        first = first_known(months, previous, amounts, services, item, after)
        if kind == FEE and first == BY_THE_DAY:
            continue
        unsure = kind == FEE and first == UNSURE
        if going_on and change is not None and change.kind == kind and not change.unsure:
            change.after, change.last = after or 0, month  # a run of changes: one
        else:
            change = Change(kind, previous, month, before or 0, after or 0, month, unsure)
    if change is None:
        return None
    # Still in force: every month after it bills the new amount (a discount gone: none,
    # or 0.00).
    later = months[months.index(change.last) + 1 :]
    # (a bill so far may lack a fee or a discount yet, or bill it in part: no proof)
    holds = all((amounts.get(m) or 0) == change.after for m in later if not going(m))
    if (
        holds
        and change.since == change.last  # changed at once, not twice: an offer's end
        and (change.kind == FEE or not change.after)  # a discount gone, not shrunk
        and offer_ended(
            listed,
            charges,
            gathered.charges,
            (change.previous, change.since),
            change.after if change.kind == FEE else None,
        )
    ):
        return None  # a promotion that ended when its list said: no rise to complain of
    if change.kind == DISCOUNT_KIND:  # owed only until the end it stated
        change.until = max((end for end in stated if end >= change.since), default="")
    change.so_far = so_far_shown(amounts, later, going, change.after)
    return change if holds else None
