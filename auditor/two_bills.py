"""Two bills of one line's month that are no copies of one bill: nothing, or little, in
common.

Two files of a line's month are taken for copies of its bill (:mod:`auditor.crosscheck`),
one counted, and when their money differs, said as copies that disagree. Two bills with
no item in common are no such copies: a 宽带账号's bill named with the main card's
number beside the main card's own bill (trial t14's c6), two lines' bills in one line's
folder. Said as copies, the first read won and the main card's 199.00 plan went uncounted
behind a check-which-is-right. So they are told apart here: the one holding the line's
plan charge (套餐及固定费) is counted over one holding none, and the file set aside says
it is another bill of the month, which was counted and why, and every item left
unchecked, its plan charge loudest.

Only two bills each whole on its own (stating its total, its items adding up to it) are
told apart: two parts of one bill (two screenshots of a long bill, a bill split in two
files) have nothing in common either, but one part states no total, or the whole
bill's, and they stay copies as ever (the part with the total counted, its gap a
finding), not one part's items left unchecked.

Two whole bills may share an item by chance (a phone bill and a second account's bill of
the line, each with its 月功能费 5.00): they are still two bills when their totals differ
and what they share is the lesser part of each one's money. Two readings of one bill
share the most of it (a figure misread keeps its item's name, an item named otherwise
its amount), and one reading that has little of the other's (a bill of 月功能费 5.00
alone beside a 78.00 one that holds it) cannot be told from another bill: those stay
copies that differ, and the message says they may be two bills (:func:`undecided`).
"""

from __future__ import annotations

from collections.abc import Sequence

from auditor.bill_check import BillCheck
from auditor.categories import PLAN
from auditor.lang import Text, counted, say
from auditor.model import Charge
from auditor.names import fold_name
from auditor.values import format_yuan

# Why the bill holding the plan charge was counted.
_HOLDS_PLAN = Text(
    "它有这个号码的套餐费，另一份没有", "it holds the line's plan charge and the other does not"
)
# Items named in the message, at most.
_SHOWN = 3


def holds_plan(charges: Sequence[Charge]) -> bool:
    """True when ``charges`` hold a plan or fixed fee (套餐及固定费) above zero."""
    return any(c.category == PLAN and c.amount_fen > 0 for c in charges)


def plan_why(kept: Sequence[Charge], left: Sequence[Charge]) -> str:
    """Why the bill of ``kept`` was counted over the one of ``left`` when only it holds a
    plan charge; '' when both do (a second account's 月功能费) or neither: the other reasons
    a copy is preferred say why."""
    return _HOLDS_PLAN.shown() if holds_plan(kept) and not holds_plan(left) else ""


def different_bills(first: Sequence[Charge], second: Sequence[Charge], *checks: BillCheck) -> bool:
    """True when two bills of one line's month (``checks``, each beside its items) are
    each whole on its own and are not two readings of one: each states its total and its
    items (``first``, ``second``) add up to it; and they have nothing in common, or their
    totals differ and the items they share (:func:`in_common`) are the lesser part of
    each one's money (a 月功能费 5.00 on a phone bill and on a second account's).

    Two readings of one bill (a PDF and the portal's JSON naming an item otherwise, a
    figure misread) state one total, or share most of their money, and stay copies; so
    does a reminder's list of main items (partial: named its own way, 月固定费 for the
    plan's own name). So do two parts of one bill (two screenshots of a long bill, a bill
    split in two files): one part states no total, or a total its own items miss (the
    whole bill's, which both parts make), and taken for two bills, the part set aside
    would have its items neither counted nor checked."""
    minor = _minor_shares(first, second, checks)
    return minor is not None and all(minor)


def undecided(first: Sequence[Charge], second: Sequence[Charge], *checks: BillCheck) -> str:
    """What two copies of one line's month that differ say beside it when they may be two
    bills ('' when not): each whole on its own, stating a total of its own, and what they
    share is most of one's money (a bill of 月功能费 5.00 alone) but the lesser part of
    the other's (the 78.00 bill holding it). Two readings of one bill share most of
    both's (a figure misread), and are copies; sharing the lesser part of both, two bills."""
    minor = _minor_shares(first, second, checks)
    if minor is None or all(minor) or not any(minor):
        return ""
    shared = _shown_shared(in_common(first, second), counted_first=True)
    return say(
        f"（两份各自与自己的合计相符，相同的只有 {shared.zh}：也可能是两份不同的账单）",
        f" (each adds up to its own total and they share only {shared.en}: they may be two "
        "different bills)",
    )


def _minor_shares(
    first: Sequence[Charge], second: Sequence[Charge], checks: Sequence[BillCheck]
) -> tuple[bool, bool] | None:
    """Whether the items two whole bills share are the lesser part of each one's money
    (both True when they share none); ``None`` when they are not two bills each whole with
    a total of its own (:func:`_whole_apart`), or share items and state one total."""
    if not _whole_apart(first, second, checks):
        return None
    shared = in_common(first, second)
    if not shared:
        return True, True
    if len({check.bill.stated_total_fen for check in checks}) == 1:
        return None  # one total: one bill read twice, an item named or filed otherwise
    mine, theirs = zip(*shared, strict=True)
    return 2 * _money(mine) < _money(first), 2 * _money(theirs) < _money(second)


def _whole_apart(
    first: Sequence[Charge], second: Sequence[Charge], checks: Sequence[BillCheck]
) -> bool:
    """True when both bills have items, each adds up to its own stated total, and no
    stated total is what both make (two parts of one bill)."""
    if not first or not second or len(checks) < 2:
        return False
    if not all(check.reconciles is True for check in checks):
        return False  # a part of a bill, or a reminder: copies, as ever
    both = sum(c.amount_fen for c in first) + sum(c.amount_fen for c in second)
    return all(check.bill.stated_total_fen != both for check in checks)


def in_common(first: Sequence[Charge], second: Sequence[Charge]) -> list[tuple[Charge, Charge]]:
    """The items of ``first`` each beside one of ``second`` it may be a reading of, each
    item paired once: the same name and amount, else the same name (a figure misread),
    else the same amount above or below zero (named otherwise: 包月费 and
    套餐及叠加包月基本费)."""
    names = {id(c): fold_name(c.item) for c in (*first, *second)}  # (folded once each)
    alike = (
        lambda a, b: names[id(a)] == names[id(b)] and a.amount_fen == b.amount_fen,
        lambda a, b: names[id(a)] == names[id(b)],
        lambda a, b: a.amount_fen != 0 and a.amount_fen == b.amount_fen,
    )
    pairs: list[tuple[Charge, Charge]] = []
    unpaired, left = list(first), list(second)
    for same in alike:
        for mine in list(unpaired):
            theirs = next((c for c in left if same(mine, c)), None)
            if theirs is not None:
                pairs.append((mine, theirs))
                unpaired.remove(mine)
                left.remove(theirs)
    return pairs


def _money(charges: Sequence[Charge]) -> int:
    """The money of ``charges``, credits and charges alike (their sizes)."""
    return sum(abs(c.amount_fen) for c in charges)


def _shown(charges: Sequence[Charge]) -> Text:
    """A few items named with their amounts, then how many more, for a message."""
    items = [f"{c.item} ¥{format_yuan(c.amount_fen)}" for c in charges[:_SHOWN]]
    return _joined([Text(item, item) for item in items], len(charges))


def _joined(items: Sequence[Text], count: int) -> Text:
    """``items`` (the first few of ``count``) listed, then how many more."""
    more = count - len(items)
    return Text(
        "、".join(t.zh for t in items) + (f" 等 {count} 项" if more > 0 else ""),
        ", ".join(t.en for t in items) + (f" and {more} more" if more > 0 else ""),
    )


def _shown_shared(pairs: Sequence[tuple[Charge, Charge]], *, counted_first: bool) -> Text:
    """The items two bills share (:func:`in_common`'s ``pairs``), named as :func:`_shown`
    does; an item paired by its name alone with both its figures, the counted bill's
    first (the first of each pair when ``counted_first``): one figure of the two would
    say the other file holds it so, and a name shown at two amounts is itself a sign of
    a figure misread."""
    items = []
    for pair in pairs[:_SHOWN]:
        counted_one, other = pair if counted_first else pair[::-1]
        name, fen = counted_one.item, counted_one.amount_fen
        if fen == other.amount_fen:
            items.append(Text(f"{name} ¥{format_yuan(fen)}", f"{name} ¥{format_yuan(fen)}"))
            continue
        mine, theirs = format_yuan(fen), format_yuan(other.amount_fen)
        items.append(
            Text(
                f"{name}（计入的一份 ¥{mine}，另一份 ¥{theirs}）",
                f"{name} (¥{mine} in the bill counted, ¥{theirs} in the other)",
            )
        )
    return _joined(items, len(pairs))


def told_apart(
    key: tuple[str, str],
    other: str,
    why: str,
    left: Sequence[Charge],
    *,
    on_copy: bool,
    kept: Sequence[Charge] = (),
) -> str:
    """What a file says of the other bill of its line's month (``key``) in ``other``:
    that they are two bills, which was counted and ``why``; ``left``: the items of the one
    set aside (this file's when ``on_copy``), named, its plan charges said loudly; the
    items it shares with ``kept``'s (the bill counted), if any, named too."""
    line, month = key
    shown = _shown(left)
    were = "was" if len(left) == 1 else "were"
    if on_copy:
        counted_zh = (
            f"计入的是那一份（{why}），本文件的 {len(left)} 项费用（{shown.zh}）未计入、未核对"
        )
        counted_en = (
            f"that one was counted ({why}); this file's {counted(len(left), 'item')} "
            f"({shown.en}) {were} neither counted nor checked"
        )
    else:
        counted_zh = (
            f"计入的是本文件（{why}），那一份的 {len(left)} 项费用（{shown.zh}）未计入、未核对"
        )
        counted_en = (
            f"this file was counted ({why}); that one's {counted(len(left), 'item')} "
            f"({shown.en}) {were} neither counted nor checked"
        )
    shared = _shown_shared(in_common(left, kept), counted_first=False)
    apart = (
        Text(f"相同的只有 {shared.zh}，合计不同", f"sharing only {shared.en}, their totals differ")
        if shared.zh
        else Text("没有一项费用相同", "no item in common")
    )
    said = say(
        f"{line} {month}：本文件与 {other} 是这个号码这个月的两份不同的账单（{apart.zh}），"
        f"不是同一账单的两份：{counted_zh}",
        f"{line} {month}: this file and {other} are two different bills of the line's month "
        f"({apart.en}), not two copies of one: {counted_en}",
    )
    plans = [c for c in left if c.category == PLAN and c.amount_fen > 0]
    if plans:
        plan = plans[0]
        said += say(
            f"；其中的套餐费「{plan.item}」¥{format_yuan(plan.amount_fen)} 没有计入",
            f"; its plan charge 「{plan.item}」 ¥{format_yuan(plan.amount_fen)} is not counted",
        )
    return said + say(
        "：如果其中一份是别的账户（宽带、固话）或别的号码的账单，请把这个号码从它的文件名、"
        "文件夹名中去掉；两份都是这个号码的，请分别核对",
        ": if one is the bill of another account (broadband, a landline) or another line, "
        "take this number out of its file's and folder's names; if both are this line's, "
        "check each",
    )
