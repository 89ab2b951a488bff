"""Telling sections from items in a statement-layout bill.

A carrier's statement prints a section row (``套餐及固定费 18.00``), the item rows under
it, the next section, and so on. Three marks tell a section from an item, tried in this
order: the row stands further left (by column or by indentation) than the rows under
it; the row has a label but no amount (a heading); or the section's amount is the sum of
the rows under it.
Without any mark the rows are a flat list of items.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from auditor.categories import category_of

# The sums test is quadratic; a statement is a few dozen rows, so beyond this it is a list.
_MAX_SUMS_ENTRIES = 500


@dataclass
class Entry:
    """One labelled row of a statement: its label, how deep it stands, and its amount.

    ``depth`` orders rows by how far right they stand (column first, then indentation);
    ``amount`` is ``None`` for a heading printed without an amount. ``ref`` is whatever
    the caller needs to find the row again.
    """

    label: str
    depth: int
    amount: int | None
    ref: object = None


@dataclass
class Group:
    """A section (``None`` when items stand before any section) and the items under it.

    ``items`` are the charges the section is the nearest heading of; ``children`` are
    every row directly under it, sub-sections included (what its subtotal adds up).
    """

    section: Entry | None
    items: list[Entry] = field(default_factory=list)
    children: list[Entry] = field(default_factory=list)


def group_entries(entries: list[Entry], stated_total: int | None) -> list[Group]:
    """Split a statement's rows (totals already removed) into sections and their items.

    ``stated_total`` is the bill's total row, if any: the sums test only accepts a
    reading whose section amounts add up to it, so a flat list of items that happens to
    contain two equal amounts is not mistaken for a section and its item.
    """
    if not entries:
        return []
    if len({e.depth for e in entries}) > 1:
        return _by_depth(entries)
    if any(e.amount is None for e in entries):
        return _by_headings(entries)
    return _by_sums(entries, stated_total) or [Group(None, list(entries))]


def _by_depth(entries: list[Entry]) -> list[Group]:
    """A tree by depth: a row with deeper rows right under it is a section; leaves are items.

    A leaf at the top level is a section printed alone (增值业务费 0.40). Deeper trees
    (plan brand › line › section › item, as China Telecom prints) keep only the leaves.
    """
    top = min(e.depth for e in entries)
    groups: list[Group] = []
    stack: list[Group] = []
    for index, entry in enumerate(entries):
        while stack and stack[-1].section.depth >= entry.depth:
            stack.pop()
        parent = stack[-1] if stack else None
        following = entries[index + 1] if index + 1 < len(entries) else None
        if parent is not None:
            parent.children.append(entry)
        if entry.amount is None or (following is not None and following.depth > entry.depth):
            stack.append(Group(entry))
            groups.append(stack[-1])
        elif parent is not None:
            parent.items.append(entry)
        elif entry.depth == top:
            groups.append(Group(entry))
        else:
            groups.append(Group(None, [entry], [entry]))
    return groups


def _by_headings(entries: list[Entry]) -> list[Group]:
    """Rows printed with a label and no amount head the rows after them."""
    groups: list[Group] = []
    current: Group | None = None
    for entry in entries:
        if entry.amount is None:
            current = Group(entry)
            groups.append(current)
        else:
            if current is None:
                current = Group(None)
                groups.append(current)
            current.items.append(entry)
            current.children.append(entry)
    return groups


def _by_sums(entries: list[Entry], stated_total: int | None) -> list[Group] | None:
    """The reading with the fewest sections in which every section is the sum of its items.

    Fewest sections, because a zero-amount row (``来电显示 0.00``) fits both as an item
    and as an empty section, and an item is the reading that loses nothing.
    """
    amounts = [e.amount or 0 for e in entries]
    count = len(amounts)
    if count < 2 or count > _MAX_SUMS_ENTRIES:
        return None
    # best[i] = (sections needed for entries[i:], end of the section starting at i)
    best: list[tuple[int, int] | None] = [None] * (count + 1)
    best[count] = (0, count)
    for start in range(count - 1, -1, -1):
        running = 0
        for end in range(start + 1, count + 1):
            if end > start + 1:
                running += amounts[end - 1]
            following = best[end]
            if running == amounts[start] and following is not None:
                cost = 1 + following[0]
                if best[start] is None or cost < best[start][0]:
                    best[start] = (cost, end)
    if best[0] is None:
        return None
    groups, start = [], 0
    while start < count:
        end = best[start][1]
        items = list(entries[start + 1 : end])
        groups.append(Group(entries[start], items, list(items)))
        start = end
    if not any(g.items for g in groups):
        return None
    heads = sum(g.section.amount or 0 for g in groups)
    if stated_total is not None:
        # A total equal to the flat sum says the rows are items, whatever their amounts.
        if sum(amounts) == stated_total or heads != stated_total:
            return None
    elif any(g.items and category_of(g.section.label) is None for g in groups):
        return None
    return groups
