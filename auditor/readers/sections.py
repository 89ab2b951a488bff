"""Sections and items: the one tree a bill's charges are read from, whether a statement
table prints it or a portal's JSON gives it.

A bill is a tree: sections (套餐及固定费 18.00) holding items (套餐月基本费 18.00) or
further sections (China Telecom: plan › line › section › item). Portal JSON gives the
tree as written (:mod:`auditor.readers.portal_trees`); a statement gives rows, which
:func:`statement_tree` puts into the tree. Either way :func:`add_charges` turns it into
charges the same way: leaves are charges; sections are set aside (their amounts are
subtotals, never counted twice), and one whose amount is not the sum of its children is a
warning (the bill then fails to reconcile, which the mismatch rule
reports); a charge's category comes from the nearest section that says one, then from
its own name.

A statement's rows become the tree by three marks, tried in this order: a row stands
further left (by column or by indentation) than the rows under it; a row has a label but
no amount (a heading); or a section's amount is the sum of the rows under it. Without
any mark the rows are a flat list of items.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from auditor.amount_text import AmountText
from auditor.categories import DISCOUNT, category_of, charge_category
from auditor.lang import Text
from auditor.model import Bill, Charge, ReadResult, SectionGap

AmountT = TypeVar("AmountT")

# The sums test is quadratic; a statement is a few dozen rows, so beyond this it is a list.
_MAX_SUMS_ROWS = 500

#: How a section that is not its items' sum is named in the warning: a portal node by its
#: path (the locator says what it is), a statement's row as a section (a row is anything).
NODE_MISMATCH = Text(
    "「{name}」写的是 {stated}，但其下各项加起来是 {summed}",
    "{name} says {stated} but its items add up to {summed}",
)
ROW_MISMATCH = Text(
    "科目「{name}」写的是 {stated}，其下各项加起来是 {summed}",
    "section {name} says {stated}, its items add up to {summed}",
)


@dataclass
class Node(Generic[AmountT]):
    """A section (a node with children) or an item of a bill, and where it stands.

    ``amount`` is in fen once read (``None`` for a statement's heading printed without
    one), or as the document writes it while a portal's unit is undecided
    (:mod:`auditor.readers.portal_bills`). A root without children is a section printed
    alone (增值业务费 0.40: a charge of its category, set aside when zero), unless it is
    ``loose``: an item printed under no section (a list without sections, a statement's
    rows before its first heading).
    """

    name: str
    amount: AmountT
    locator: str
    children: list[Node[AmountT]] = field(default_factory=list)
    provider: str = ""
    code: str = ""
    #: The line this node is the bill of, when the document gives it in a field of its
    #: own (``accNbr``) rather than in the node's name (``CDMA：17300000401``).
    line: str = ""
    loose: bool = False


def depth_first(roots: list[Node]) -> Iterator[tuple[Node, tuple[Node, ...]]]:
    """Every node under ``roots`` in document order, with its ancestors (the root first).

    With an explicit stack: a tree as deep as a JSON document allows must not exhaust
    Python's recursion limit.
    """
    stack: list[tuple[Node, tuple[Node, ...]]] = [(r, ()) for r in reversed(roots)]
    while stack:
        node, ancestors = stack.pop()
        yield node, ancestors
        if node.children:  # most nodes are leaves: no list made for them
            stack += [(child, (*ancestors, node)) for child in reversed(node.children)]


# ---------------------------------------------------------------------- tree to charges


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


def add_charges(
    result: ReadResult,
    roots: list[Node[int | None]],
    place: BillPlace,
    *,
    uncategorised: Collection[str] = (),
    category_sections: int | None = None,
    mismatch: Text = NODE_MISMATCH,
) -> None:
    """Add the charges of the tree under ``roots`` (amounts in fen) to ``result``.

    Leaves are charges, and sections are set aside (one whose amount is not its
    children's sum with a ``mismatch`` warning), as are headings without an amount. A
    root without children that is not ``loose`` is a section printed alone: a
    category-level charge (item ``""``) when its amount is not zero.

    A charge's category comes from the nearest section that says one, then from its own
    name (see :func:`~auditor.categories.charge_category`). Names in ``uncategorised``
    are sections that do not say what a charge is for (套餐外费用): asked, they say
    nothing. ``category_sections`` is how many of the nearest sections are asked: all of
    them in a portal's tree (an SP's group inside 增值业务费 names no category, 增值业务费
    does), only the nearest in a statement, whose levels above its sections are the plan
    and the line they are printed under (乐享套餐 › 手机：138… › 套餐及叠加包超出费用 ›
    国内通话费 is voice, not plan).
    """
    skip = frozenset(uncategorised)
    for node, ancestors in depth_first(roots):
        if node.children:
            result.set_aside["section"] += 1
            check_sum(result, node, mismatch, place)
        elif node.amount is None or (not ancestors and not node.loose and node.amount == 0):
            result.set_aside["section"] += 1
        else:
            asked = [a.name for a in reversed(ancestors)][:category_sections]
            sections = [name for name in asked if name not in skip]
            result.charges.append(_charge(node, ancestors, place, sections))


def _charge(
    node: Node[int | None], ancestors: tuple[Node, ...], place: BillPlace, sections: list[str]
) -> Charge:
    """The charge of a leaf; ``sections`` are those that may say its category, nearest first."""
    amount = node.amount or 0
    if not ancestors and not node.loose:  # a section printed alone
        item, section, labels = "", node.name, [node.name]
    else:
        item = node.name
        section = ancestors[-1].name if ancestors else ""
        labels = [*sections, item]
    return Charge(
        line=place.line,
        period=place.period,
        category=charge_category(amount, *labels),
        item=item,
        amount_fen=amount,
        section=section,
        code=node.code,
        provider=node.provider,
        carrier=place.carrier,
        source=place.source,
        locator=node.locator,
    )


def check_sum(
    result: ReadResult,
    node: Node[int | None],
    mismatch: Text = NODE_MISMATCH,
    place: BillPlace | None = None,
) -> None:
    """Warn when ``node``'s amount is not the sum of its children's (a heading printed
    without an amount states no sum; a child without one counts nothing); with the bill's
    ``place``, keep the gap for the mismatch finding to name."""
    if node.amount is None:
        return
    summed = sum(child.amount or 0 for child in node.children)
    if summed != node.amount:
        result.warnings.append(
            AmountText(
                "{at}：" + mismatch.zh,
                "{at}: " + mismatch.en,
                at=node.locator,
                name=node.name,
                stated=node.amount,
                summed=summed,
            )
        )
        if place is not None:
            result.section_gaps.append(
                SectionGap(
                    place.line,
                    place.period,
                    place.source,
                    node.name,
                    node.amount,
                    summed,
                    node.locator,
                )
            )


# ---------------------------------------------------------------------- discounts printed


#: The warning on a bill whose discounts printed positive are read as credits: one
#: printed under a discount section, one whose own name says it is a discount.
CREDITED = Text(
    "「{item}」{amount} 印在「{section}」下且没有负号，按减免读取（{credit}）：账单只有"
    "这样才与合计 {total} 相符",
    "{item} {amount}, printed without its minus under {section}, read as the credit it is "
    "({credit}): only so does the bill add up to its total {total}",
)
CREDITED_BY_NAME = Text(
    "「{item}」{amount} 名为优惠减免但没有负号，按减免读取（{credit}）：账单只有这样才与"
    "合计 {total} 相符",
    "{item} {amount}, named as a discount but printed without its minus, read as the "
    "credit it is ({credit}): only so does the bill add up to its total {total}",
)


def _printed_discount(charge: Charge) -> bool:
    """A charge printed positive that its section, or (under none that says a category:
    a row on its own, 优惠费用 10.00 in China Telecom's list) its own name, calls a
    discount (the catalog's words, :data:`~auditor.words.DISCOUNT_WORDS`)."""
    if charge.amount_fen <= 0:
        return False
    section = category_of(charge.section)
    return section == DISCOUNT or (section is None and category_of(charge.item) == DISCOUNT)


def credit_printed_discounts(charges: list[Charge], stated_total_fen: int | None) -> str:
    """Read as credits the amounts one bill's ``charges`` print positive as discounts (under
    a discount section, 优惠及减免: 话费优惠 5.00, or named so on a row of their own,
    优惠费用 10.00) when the bill adds up to ``stated_total_fen`` only with them taken
    off, and not as printed: their amount negated, their category the discount's; the
    warning that says so ('' when none is). A bill that adds up as printed, or with no
    total, or not even so, is left as it is: a 营销优惠 package billed 10.00 may be a
    charge, and only the total tells."""
    printed = [c for c in charges if _printed_discount(c)]
    if stated_total_fen is None or not printed:
        return ""
    summed = sum(c.amount_fen for c in charges)
    credited = sum(c.amount_fen for c in printed)
    if summed == stated_total_fen or summed - 2 * credited != stated_total_fen:
        return ""
    for charge in printed:
        charge.amount_fen, charge.category = -charge.amount_fen, DISCOUNT
    first = printed[0]
    item = first.item or first.section
    under = first.item and category_of(first.section) == DISCOUNT  # else a row of its own
    said = CREDITED if under else CREDITED_BY_NAME
    return AmountText(
        said.zh, said.en, item=item, section=first.section, amount=-first.amount_fen,
        credit=first.amount_fen, total=stated_total_fen,
    )  # fmt: skip


# ---------------------------------------------------------------------- statement rows


@dataclass
class StatementRow:
    """A statement's row as a node not yet in its tree, and how deep it stands.

    ``depth`` orders rows by how far right they stand (column first, then indentation).
    """

    node: Node[int | None]
    depth: int


def statement_tree(rows: list[StatementRow], stated_total: int | None) -> list[Node[int | None]]:
    """The roots of the tree a statement's rows (totals already removed) make.

    ``stated_total`` is the bill's total row, if any: the sums test only accepts a
    reading whose section amounts add up to it, so a flat list of items that happens to
    contain two equal amounts is not mistaken for a section and its item.
    """
    if not rows:
        return []
    if len({r.depth for r in rows}) > 1:
        return _by_depth(rows)
    if any(r.node.amount is None for r in rows):
        return _by_headings(rows)
    return _by_sums(rows, stated_total) or _flat(rows)


def _flat(rows: list[StatementRow]) -> list[Node[int | None]]:
    """Rows without any mark of a section: items under no section."""
    for row in rows:
        row.node.loose = True
    return [row.node for row in rows]


def _by_depth(rows: list[StatementRow]) -> list[Node[int | None]]:
    """A tree by depth: a row with deeper rows right under it is a section; leaves are items.

    A leaf at the top level is a section printed alone (增值业务费 0.40); one deeper with
    no section above it is an item under none.
    """
    top = min(r.depth for r in rows)
    roots: list[Node[int | None]] = []
    sections: list[StatementRow] = []  # the open sections, the innermost last
    for index, row in enumerate(rows):
        while sections and sections[-1].depth >= row.depth:
            sections.pop()
        parent = sections[-1].node if sections else None
        following = rows[index + 1] if index + 1 < len(rows) else None
        if parent is not None:
            parent.children.append(row.node)
        else:
            roots.append(row.node)
        if row.node.amount is None or (following is not None and following.depth > row.depth):
            sections.append(row)
        elif parent is None and row.depth != top:
            row.node.loose = True
    return roots


def _by_headings(rows: list[StatementRow]) -> list[Node[int | None]]:
    """Rows printed with a label and no amount head the rows after them."""
    roots: list[Node[int | None]] = []
    heading: Node[int | None] | None = None
    for row in rows:
        if row.node.amount is None:
            heading = row.node
            roots.append(heading)
        elif heading is None:
            row.node.loose = True
            roots.append(row.node)
        else:
            heading.children.append(row.node)
    return roots


def _by_sums(rows: list[StatementRow], stated_total: int | None) -> list[Node[int | None]] | None:
    """The reading with the fewest sections in which every section is the sum of its items.

    Fewest sections, because a zero-amount row (``来电显示 0.00``) fits both as an item
    and as an empty section, and an item is the reading that loses nothing.
    """
    amounts = [r.node.amount or 0 for r in rows]
    count = len(amounts)
    if count < 2 or count > _MAX_SUMS_ROWS:
        return None
    # best[i] = (sections needed for rows[i:], end of the section starting at i)
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
    spans, start = [], 0
    while start < count:
        spans.append((start, best[start][1]))
        start = best[start][1]
    if all(end == start + 1 for start, end in spans):
        return None  # no section holds an item
    heads = sum(amounts[start] for start, _ in spans)
    if stated_total is not None:
        # A total equal to the flat sum says the rows are items, whatever their amounts;
        # a discount section printed positive (优惠及减免 5.00) is taken off it
        # (credit_printed_discounts reads it so, when only so does the bill add up).
        credits = sum(
            amounts[start] for start, _ in spans
            if amounts[start] > 0 and category_of(rows[start].node.name) == DISCOUNT
        )  # fmt: skip
        if sum(amounts) == stated_total or stated_total not in (heads, heads - 2 * credits):
            return None
    elif any(
        end > start + 1 and category_of(rows[start].node.name) is None for start, end in spans
    ):
        return None
    # Only now is the tree built: a reading refused above leaves the rows as they were.
    for start, end in spans:
        rows[start].node.children = [row.node for row in rows[start + 1 : end]]
    return [rows[start].node for start, _ in spans]
