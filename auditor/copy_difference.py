"""Where two copies of a line's month disagree (:func:`difference`): their totals, else
the first category whose amounts differ, when both copies' items were all read; and the
items two copies only file apart, their money alike item by item (a PDF's 包月费 filed
under no word, the portal's under 套餐及叠加包月基本费), which :mod:`auditor.crosscheck`
says as such rather than as copies that disagree.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from auditor.bill_check import BillCheck
from auditor.categories import CATEGORIES, CATEGORY_TEXTS, OTHER, category_of
from auditor.lang import Text
from auditor.model import Charge, ReadResult
from auditor.names import fold_name


@dataclass(frozen=True)
class BillCopy:
    """One file's copy of a line's month: the file, its place among the inputs, its bill
    checked against its items and those items (its charges of that line and month)."""

    order: int
    result: ReadResult
    check: BillCheck
    charges: tuple[Charge, ...]


@dataclass(frozen=True)
class Difference:
    """Where two copies of a line's month disagree: what (their total, or a category),
    its figure in each, and how many more categories disagree."""

    what: Text
    first_fen: int
    second_fen: int
    more: int = 0
    #: The categories differ only in how the copies file the same items (money alike,
    #: item by item): the items only one copy's words say the category of, by name.
    filed: tuple[str, ...] = ()


def difference(first: BillCopy, second: BillCopy) -> Difference | None:
    """Where ``first`` says otherwise than ``second``: their totals (each the bill's own,
    else its items' sum when they are all read, a bill with only its main items having
    none), else the first category whose amounts differ among those both give items of
    (a reminder's only those it lists), when both copies' items were all read; None
    when they say the same."""
    totals = [_total(copy) for copy in (first, second)]
    if None not in totals and totals[0] != totals[1]:
        return Difference(_TOTAL, totals[0], totals[1])
    if not (_all_read(first) and _all_read(second)):
        return None  # no items to compare, or a gap that is the reading's
    sums = [_by_category(copy) for copy in (first, second)]
    compared = set(sums[0]) | set(sums[1])
    for copy, listed in zip((first, second), sums, strict=True):
        if copy.check.bill.partial:  # a reminder's items are those it lists, no more
            compared &= set(listed)
    differing = [c for c in CATEGORIES if c in compared and sums[0].get(c, 0) != sums[1].get(c, 0)]
    if not differing:
        return None
    category = differing[0]
    return Difference(
        CATEGORY_TEXTS[category],
        sums[0].get(category, 0),
        sums[1].get(category, 0),
        len(differing) - 1,
        _filed_apart(first, second) if totals[0] == totals[1] else (),
    )


def _filed_apart(first: BillCopy, second: BillCopy) -> tuple[str, ...]:
    """The items, by name, that make two copies' categories differ when their money is
    the same item by item: each item of one has one of the same amount in the other,
    filed under the same category, or not where either copy's words say nothing of what
    it is (:func:`_unfiled`: a PDF prints 包月费 alone, the portal's JSON under
    套餐及叠加包月基本费) or both name it alike (a section filing it elsewhere). ``()``
    when the money differs: an item without its like, or one filed apart otherwise."""
    by_amount: dict[int, list[list[Charge]]] = defaultdict(lambda: [[], []])
    for side, copy in enumerate((first, second)):
        for charge in copy.charges:
            by_amount[charge.amount_fen][side].append(charge)
    named: list[str] = []
    for mine, theirs in by_amount.values():
        if len(mine) != len(theirs):
            return ()
        filed = [
            [(_unfiled(c), fold_name(c.item), c.item) for c in side] for side in (mine, theirs)
        ]
        mine_left, theirs_left = filed
        for item in list(mine_left):  # the same category and name, or category, on both sides
            alike = next((t for t in theirs_left if t[:2] == item[:2]), None) or next(
                (t for t in theirs_left if t[0] is not None and t[0] == item[0]), None
            )
            if alike is not None:
                mine_left.remove(item)
                theirs_left.remove(alike)
        for item in mine_left:  # the rest pair up only by name, or with one the words missed
            other = next((t for t in theirs_left if t[1] == item[1]), None) or next(
                (t for t in theirs_left if None in (t[0], item[0])), None
            )
            if other is None:
                return ()
            theirs_left.remove(other)
            named += [name for category, _, name in (item, other) if category is None] or [item[2]]
    return tuple(dict.fromkeys(named))


def _unfiled(charge: Charge) -> str | None:
    """A charge's category, or None when no word of its section or item said it (it
    fell to :data:`~auditor.categories.OTHER`): a copy that names it otherwise may say."""
    if charge.category == OTHER and category_of(charge.section, charge.item) is None:
        return None
    return charge.category


_TOTAL = Text("合计", "total")


def _all_read(copy: BillCopy) -> bool:
    """True when ``copy`` has items and all of them were read: no row of its file left
    unread (or not known: a file an older history stored) and, when it states its
    total, they make it. A screenshot's row OCR could not read is a gap of the reading,
    which its bill's own check tells, not a figure the carrier gave otherwise."""
    reconciles = copy.check.reconciles is not False
    return bool(copy.charges) and copy.result.unread_rows == 0 and reconciles


def _total(copy: BillCopy) -> int | None:
    bill = copy.check.bill
    if bill.stated_total_fen is not None:
        return bill.stated_total_fen
    return None if bill.partial or not _all_read(copy) else sum(c.amount_fen for c in copy.charges)


def _by_category(copy: BillCopy) -> dict[str, int]:
    sums: dict[str, int] = defaultdict(int)
    for charge in copy.charges:
        sums[charge.category] += charge.amount_fen
    return sums
