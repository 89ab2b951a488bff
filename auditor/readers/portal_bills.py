"""From raw portal trees to charges and bills: the amount unit, the lines, months and totals.

The unit is decided once per document, from its own evidence: an amount written with
decimals (``"39.00"``, ``0.1``) can only be yuan; whole amounts are fen or yuan as the
shape is documented to give them (China Telecom's classId tree: fen), or as a stated
total written in yuan shows (items ``4740`` under a total ``47.40``). When nothing
decides, the file is an error naming the option that does (``--amount-unit``): a bill
read a hundred times too large or too small is worse than no reading.

A node whose name holds a phone number (``CDMA：17300000401``, ``手机：177xxxx5383``)
starts that line's bill; the nodes above it are the account's totals, checked against
the sum of their lines.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from auditor.amount_text import AmountText
from auditor.errors import InputError, UnitUndecided, ValueParseError, located, quoted
from auditor.lang import say
from auditor.model import ReadResult, RowIssue
from auditor.readers.base import ReadOptions
from auditor.readers.detect import check_masked_line, masked_lines, only, require, resolve
from auditor.readers.portal_trees import RawTree
from auditor.readers.rows import which_total
from auditor.readers.sections import (
    BillPlace,
    Node,
    add_charges,
    check_sum,
    credit_printed_discounts,
)
from auditor.values import find_phones, nfkc, parse_amount, parse_month
from auditor.words import UNCATEGORISED_SECTIONS

YUAN, FEN = "yuan", "fen"
UNITS = (YUAN, FEN)


# ---------------------------------------------------------------------------- the unit


def has_decimals(raw: Any) -> bool:
    """True when an amount is written with a decimal part (only yuan are)."""
    if isinstance(raw, Decimal):
        return raw.as_tuple().exponent < 0
    if isinstance(raw, float):
        return True
    return isinstance(raw, str) and "." in nfkc(raw)


def _whole(raw: Any) -> int | None:
    """The whole number an amount writes, or None (it has decimals or is not a number)."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw
    if isinstance(raw, Decimal) and raw.is_finite() and raw == raw.to_integral_value():
        return int(raw)
    text = nfkc(raw)
    sign = -1 if text.startswith("-") else 1
    digits = text.lstrip("+-")
    return sign * int(digits) if digits.isdigit() and len(digits) < 15 else None


@dataclass(frozen=True)
class Unit:
    """The unit a document's amounts are in, and why (shown with --verbose)."""

    unit: str
    why: str


#: The units' names in Chinese (``--amount-unit`` takes ``yuan`` or ``fen``).
_UNITS = {"yuan": "元", "fen": "分"}


def decide_unit(trees: list[RawTree], documented: str | None, options: ReadOptions) -> Unit:
    """The unit of the amounts of ``trees``; raises ``UnitUndecided`` when nothing decides.

    ``--amount-unit`` wins. Amounts written with decimals are yuan; whole ones are fen
    when the shape is documented to give fen (the notation matches its documentation),
    or when they add up to a total written in yuan. A document writing both ways is
    decided by which unit makes its sections the sums of their items.
    """
    if options.amount_unit:
        unit = options.amount_unit
        return Unit(
            unit, say(f"{_UNITS[unit]}：由 --amount-unit 指定", f"{unit}: given with --amount-unit")
        )
    totals = [t.total.value for t in trees if t.total is not None]
    raws = [n.amount for t in trees for n in t.nodes()]
    decimals = [r for r in raws if has_decimals(r)]
    whole = [r for r in raws if _whole(r) not in (None, 0)]
    if decimals and not whole:
        return Unit(YUAN, say("元：金额带小数", "yuan: amounts are written with decimals"))
    if decimals:
        return _by_sums(trees, documented)
    if documented == FEN:
        return Unit(
            FEN,
            say(
                "分：金额是整数，这种格式的文档说明就是以分给出",
                "fen: whole numbers, as this shape is documented to give them",
            ),
        )
    for tree in trees:
        if tree.total is not None and has_decimals(tree.total.value):
            leaves = [_whole(n.amount) for n in tree.leaves()]
            if leaves and None not in leaves:
                stated = parse_amount(tree.total.value)
                if sum(leaves) == stated:
                    return Unit(
                        FEN,
                        say(
                            "分：整数的各项加起来等于以元写出的合计",
                            "fen: the whole-number items add up to the total in yuan",
                        ),
                    )
                if sum(leaves) * 100 == stated:
                    return Unit(
                        YUAN,
                        say(
                            "元：各项加起来等于以元写出的合计",
                            "yuan: the items add up to the total written in yuan",
                        ),
                    )
    if not raws and any(has_decimals(t) for t in totals):
        return Unit(YUAN, say("元：合计带小数", "yuan: the totals are written with decimals"))
    if not whole and not any(_whole(t) for t in totals):
        return Unit(
            YUAN,
            say(
                "元：所有金额都是零，单位无关紧要",
                "yuan: every amount is zero, so the unit does not matter",
            ),
        )
    raise UnitUndecided(
        say(
            "金额都是整数，文档里也没有说明单位是元还是分"
            "（请用 --amount-unit yuan 或 --amount-unit fen 指定）",
            "amounts are whole numbers and nothing in the document says whether they are "
            "yuan or fen (give --amount-unit yuan or --amount-unit fen)",
        )
    )


def _by_sums(trees: list[RawTree], documented: str | None) -> Unit:
    """For amounts written both ways (``47.4`` beside ``5``): the unit in which more
    sections are the sum of their items; a tie goes to the shape's documented unit."""
    agree = {YUAN: 0, FEN: 0}
    for unit in agree:
        for node in (n for t in trees for n in t.nodes() if n.children):
            try:
                parts = sum(to_fen(c.amount, unit) for c in node.children)
                agree[unit] += to_fen(node.amount, unit) == parts
            except ValueParseError:
                continue
    if agree[FEN] > agree[YUAN] or (agree[FEN] == agree[YUAN] and documented == FEN):
        return Unit(
            FEN,
            say(
                "分：按分计算时各分组的合计对得上（带小数的金额未读取）",
                "fen: its sections add up in fen (amounts with decimals are unread)",
            ),
        )
    return Unit(
        YUAN,
        say(
            "元：金额有带小数的也有不带的，按元计算时各分组的合计对得上",
            "yuan: written both with and without decimals, its sections add up in yuan",
        ),
    )


def total_to_fen(raw: Any, unit: str) -> int:
    """A stated total in fen: written with decimals it is yuan whatever the items' unit
    (a yuan total beside items in fen is how a fen document shows its unit)."""
    return parse_amount(raw) if has_decimals(raw) else to_fen(raw, unit)


def to_fen(raw: Any, unit: str) -> int:
    """An amount in the document's unit as integer fen."""
    if unit == YUAN:
        return parse_amount(raw)
    whole = _whole(raw)
    if whole is None:
        shown = nfkc(raw)
        raise ValueParseError(
            say(f"{quoted(shown)}不是以分为单位的金额", f"not an amount in fen: {shown!r}")
        )
    return whole


# ---------------------------------------------------------------------------- bills


@dataclass
class DocumentReading:
    """What placing a document's trees needs: the file, the options, the result, the
    document's carrier (from its text or its documented shape) and its unit."""

    path: Path
    options: ReadOptions
    result: ReadResult
    carrier: str | None
    unit: str


def convert(
    reading: DocumentReading, raw_roots: list[Node[Any]], *, loose: bool = False
) -> list[Node[int]]:
    """The raw tree with its amounts in fen (``loose``: its roots are items of a list
    without sections); an unreadable amount is an unparseable row, or, on a section with
    readable items, their sum (with a warning)."""
    made: dict[int, Node[int] | None] = {}
    # Post-order with an explicit stack: children first, so that a section can fall back
    # on its items' sum, and a chain as deep as the JSON allows cannot exhaust recursion.
    stack: list[tuple[Node[Any], bool]] = [(r, False) for r in reversed(raw_roots)]
    while stack:
        node, expanded = stack.pop()
        if not expanded:
            stack.append((node, True))
            stack += [(c, False) for c in reversed(node.children)]
            continue
        children = [made[id(c)] for c in node.children if made.get(id(c))]
        made[id(node)] = _node(reading, node, children)
    roots = [fee for r in raw_roots if (fee := made[id(r)]) is not None]
    for root in roots:
        root.loose = loose
    return roots


def _node(reading: DocumentReading, node: Node[Any], children: list[Node[int]]) -> Node[int] | None:
    try:
        amount = to_fen(node.amount, reading.unit)
    except ValueParseError as exc:
        if not children:
            reading.result.unparseable.append(RowIssue(node.locator, located(node.name, str(exc))))
            return None
        amount = sum(c.amount for c in children)
        reading.result.warnings.append(
            say(
                f"{node.locator}：{node.name} 的金额无法读取（{exc}）；改用其下各项之和",
                f"{node.locator}: {node.name} amount not readable ({exc}); took its items' sum",
            )
        )
    return Node(node.name, amount, node.locator, children, node.provider, node.code, node.line)


def place_tree(reading: DocumentReading, tree: RawTree) -> None:
    """Add one tree's charges and bills to the result: one bill, or one per line it names."""
    result = reading.result
    kept, named_totals = [], []
    for node in convert(reading, tree.roots, loose=tree.top_items):
        # A top item named as the total (实际应缴合计) is the bill's total, not a charge.
        if not node.children and which_total(node.name) == "total":
            result.set_aside["total"] += 1
            named_totals.append(node)
        else:
            kept.append(node)
    stated, stated_at = _stated_total(reading, tree, has_items=bool(kept))
    if stated is None and named_totals:
        stated, stated_at = named_totals[0].amount, named_totals[0].locator
    split = split_lines(kept)
    if not split.lines:
        place = _place(reading, tree, None)
        first = len(result.charges)
        add_charges(result, kept, place, uncategorised=UNCATEGORISED_SECTIONS)
        # a discount printed positive, read as the credit it is when only so the bill
        # adds up (as a table's, bill_layouts.make_bills)
        if said := credit_printed_discounts(result.charges[first:], stated):
            result.warnings.append(said)
        result.bills.append(place.bill(stated, stated_at))
        return
    for node in split.accounts:
        result.set_aside["total"] += 1
        check_sum(result, node)
    result.set_aside["section"] += len(split.sections)
    for node in split.outside:
        reason = say("不在账户的任何一个号码之下", "not under any line of the account")
        result.unparseable.append(RowIssue(node.locator, reason, node.name))
    totals: dict[str, tuple[BillPlace, int, str]] = {}
    for node in split.lines:
        result.set_aside["subtotal"] += 1
        place = _place(reading, tree, node)
        check_sum(result, node, place=place)
        add_charges(result, node.children, place, uncategorised=UNCATEGORISED_SECTIONS)
        before = totals.get(place.line)
        amount = node.amount + (before[1] if before else 0)
        totals[place.line] = (place, amount, before[2] if before else node.locator)
    for place, amount, locator in totals.values():
        result.bills.append(place.bill(amount, locator))
    in_lines = sum(node.amount for node in split.lines)
    if stated is not None and stated != in_lines:
        result.warnings.append(
            AmountText(
                "{at}：账户合计为 {stated}，各号码加起来是 {summed}",
                "{at}: the account's total says {stated}, its lines add up to {summed}",
                at=stated_at,
                stated=stated,
                summed=in_lines,
            )
        )


def _stated_total(
    reading: DocumentReading, tree: RawTree, *, has_items: bool
) -> tuple[int | None, str]:
    """The total the document states beside the tree, in fen, and where; its record (the
    month object, or the total's own field) is one row of the file. A total with nothing
    under it is kept (the bill then cannot add up) and its row is unread: its items are
    not in the document, and the bill must not read as an empty one."""
    result = reading.result
    if tree.month_record or tree.total is not None:
        result.rows_read += 1
    if tree.total is None:
        if tree.month_record:
            result.set_aside["title"] += 1
        return None, tree.where
    try:
        fen = total_to_fen(tree.total.value, reading.unit)
    except ValueParseError as exc:
        result.unparseable.append(
            RowIssue(
                tree.total.locator,
                say(f"账单合计：{exc}", f"stated total: {exc}"),
                str(tree.total.value),
            )
        )
        return None, tree.total.locator
    if fen and not has_items:
        reason = AmountText(
            "合计 {total} 之下没有任何项目", "a total of {total} with no items under it", total=fen
        )
        result.unparseable.append(RowIssue(tree.total.locator, reason))
    else:
        result.set_aside["total"] += 1
    return fen, tree.total.locator


def names_line(node: Node[int]) -> bool:
    """True when a node is a line's bill: its own line field (accNbr), or a phone number,
    full or masked, in its name (手机：177xxxx5383)."""
    return bool(node.line or find_phones(node.name) or masked_lines(node.name))


@dataclass
class LineSplit:
    """A tree cut at the nodes that name a line."""

    lines: list[Node[int]]  # the topmost nodes naming a line
    accounts: list[Node[int]]  # the nodes above them: the account's totals
    sections: list[Node[int]]  # other sections, under no line
    outside: list[Node[int]]  # leaves under no line: charges that cannot be placed


def split_lines(roots: list[Node[int]]) -> LineSplit:
    """Cut ``roots`` at the nodes naming a line (all lists empty when none does)."""
    split = LineSplit([], [], [], [])
    ancestors_of: list[tuple[Node[int], ...]] = []
    stack: list[tuple[Node[int], tuple[Node[int], ...]]] = [(r, ()) for r in reversed(roots)]
    while stack:
        node, ancestors = stack.pop()
        if names_line(node):
            split.lines.append(node)
            ancestors_of.append(ancestors)
        elif node.children:
            split.sections.append(node)
            stack += [(c, (*ancestors, node)) for c in reversed(node.children)]
        else:
            split.outside.append(node)
    if not split.lines:
        return LineSplit([], [], [], [])
    above = {id(a) for ancestors in ancestors_of for a in ancestors}
    split.accounts = [n for n in split.sections if id(n) in above]
    split.sections = [n for n in split.sections if id(n) not in above]
    return split


def _place(reading: DocumentReading, tree: RawTree, line_node: Node[int] | None) -> BillPlace:
    """The line, month and carrier of a bill; an error naming what is missing."""
    path, options = reading.path, reading.options
    period = None
    if tree.month is not None:
        try:
            period = parse_month(tree.month.value)
        except ValueParseError as exc:
            raise InputError(str(path), str(exc), tree.month.locator, code=exc.code) from None
    labels = []
    if line_node is not None:
        labels.append((line_node.line or line_node.name, line_node.locator))
    if tree.line is not None:
        labels.append((nfkc(tree.line.value), tree.line.locator))
    line = next((only(find_phones(text)) for text, _ in labels if find_phones(text)), None)
    masked = tuple(number for text, _ in labels for number in masked_lines(text))
    ctx = resolve(
        path,
        options,
        line=line,
        period=period,
        carrier=reading.carrier,
        result=reading.result,
        masked=masked,
    )
    require(path, ctx, "line", "period")
    for text, locator in labels:
        check_masked_line(path, text, ctx.line, locator, options)
    reading.result.carrier = reading.result.carrier or ctx.carrier
    return BillPlace(ctx.line, ctx.period, ctx.carrier, str(path))


def set_aside_empty(result: ReadResult, trees: list[RawTree]) -> None:
    """Months the document lists with nothing in them: no bill, one row each, and a warning
    naming them (so that a 0.00 never reads as a month checked and found fine)."""
    months = []
    for tree in trees:
        result.rows_read += 1  # the month's own record, or its empty list
        result.set_aside["empty"] += 1 + len(tree.nodes())
        months.append(nfkc(tree.month.value) if tree.month else tree.where)
    if months:
        result.warnings.append(
            say(
                f"{'、'.join(months)} 没有账单：文档中列出了这些月份，但没有任何费用（尚未出账？）",
                f"no bill for {', '.join(months)}: the document lists "
                f"{'it' if len(months) == 1 else 'them'} with no charge at all (not yet billed?)",
            )
        )
