"""Fee trees: sections holding items (or further sections), as portal JSON gives a bill.

Every portal bill is one: China Mobile's sections and their items, China Telecom's
class tree, China Unicom's nested items. :func:`add_fee_tree` turns one into charges
the same way for all: leaves are charges, sections are set aside (their amounts are
subtotals, never counted twice), and a section whose amount is not the sum of its
children is recorded as a warning (the bill then fails to reconcile, which the
``bill-total-mismatch`` rule reports).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

from auditor.categories import charge_category
from auditor.model import Bill, Charge, ReadResult
from auditor.values import format_fen


@dataclass
class FeeNode:
    """A section or an item of a bill, with its amount in fen and where it stands."""

    name: str
    amount_fen: int
    locator: str
    children: list[FeeNode] = field(default_factory=list)
    provider: str = ""
    code: str = ""
    #: The line this node is the bill of, when the document gives it in a field of its
    #: own (``accNbr``) rather than in the node's name (``CDMA：17300000401``).
    line: str = ""


@dataclass(frozen=True)
class BillPlace:
    """The line, month and carrier a tree's charges belong to, and the file they came from."""

    line: str
    period: str
    carrier: str
    source: str

    def bill(self, stated_total_fen: int | None, locator: str) -> Bill:
        """The bill of this place, with its stated total (``None`` when it states none)."""
        return Bill(self.line, self.period, stated_total_fen, self.carrier, self.source, locator)


def add_fee_tree(
    result: ReadResult,
    roots: list[FeeNode],
    place: BillPlace,
    uncategorised: Collection[str] = (),
    *,
    top_items: bool = False,
) -> None:
    """Add the charges of the tree under ``roots`` (the top sections) to ``result``.

    A top section with no items is a category-level charge (item ``""``) when its amount
    is not zero, and is set aside otherwise; with ``top_items`` the roots are items of a
    list without sections, each a charge (0.00 ones too). Names in ``uncategorised`` are
    sections that do not say what a charge is for; categories come from the nearest
    section that does, then from the item's own name.
    """
    skip = frozenset(uncategorised)
    # Depth-first with an explicit stack: a tree as deep as the JSON allows must not
    # exhaust Python's recursion limit.
    stack: list[tuple[FeeNode, tuple[FeeNode, ...]]] = [(r, ()) for r in reversed(roots)]
    while stack:
        node, ancestors = stack.pop()
        if node.children:
            result.set_aside["section"] += 1
            check_sum(result, node)
            stack += [(child, (*ancestors, node)) for child in reversed(node.children)]
        elif not ancestors and not top_items and node.amount_fen == 0:
            result.set_aside["section"] += 1
        else:
            result.charges.append(_charge(node, ancestors, place, skip, top_items))


def _charge(
    node: FeeNode,
    ancestors: tuple[FeeNode, ...],
    place: BillPlace,
    skip: frozenset[str],
    top_items: bool,
) -> Charge:
    sections = [a.name for a in reversed(ancestors) if a.name not in skip]
    is_item = bool(ancestors) or top_items
    item = node.name if is_item else ""
    labels = [*sections, item] if is_item else [node.name]
    if ancestors:
        section = ancestors[-1].name
    else:
        section = "" if top_items else node.name
    return Charge(
        line=place.line,
        period=place.period,
        category=charge_category(node.amount_fen, *labels),
        item=item,
        amount_fen=node.amount_fen,
        section=section,
        code=node.code,
        provider=node.provider,
        carrier=place.carrier,
        source=place.source,
        locator=node.locator,
    )


def check_sum(result: ReadResult, node: FeeNode) -> None:
    """Warn when ``node``'s amount is not the sum of its children's."""
    children = sum(child.amount_fen for child in node.children)
    if children != node.amount_fen:
        result.warnings.append(
            f"{node.locator}: {node.name} says {format_fen(node.amount_fen)} "
            f"but its items add up to {format_fen(children)}"
        )
