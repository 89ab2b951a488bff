"""Two bills of one line's month that are no copies of one bill: nothing in common.

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
"""

from __future__ import annotations

from collections.abc import Sequence

from auditor.bill_check import BillCheck
from auditor.categories import PLAN
from auditor.lang import Text, counted, say
from auditor.model import Charge
from auditor.names import fold_name
from auditor.values import format_yuan

#: Why the bill holding the plan charge was counted.
HOLDS_PLAN = Text(
    "它有这个号码的套餐费，另一份没有", "it holds the line's plan charge and the other does not"
)
# Items named in the message, at most.
_SHOWN = 3


def holds_plan(charges: Sequence[Charge]) -> bool:
    """True when ``charges`` hold a plan or fixed fee (套餐及固定费) above zero."""
    return any(c.category == PLAN and c.amount_fen > 0 for c in charges)


def different_bills(first: Sequence[Charge], second: Sequence[Charge], *checks: BillCheck) -> bool:
    """True when two bills of one line's month (``checks``, each beside its items) are
    each whole on its own and have nothing in common: each states its total and its
    items (``first``, ``second``) add up to it; no item of one is named as one of the
    other, and none has another's amount. Two readings of one bill (a PDF and the portal's
    JSON naming an item otherwise, a figure misread) share names or amounts, and stay
    copies; so does a reminder's list of main items (partial: named its own way, 月固定费
    for the plan's own name). So do two parts of one bill (two screenshots of a long
    bill, a bill split in two files): one part states no total, or a total its own
    items miss (the whole bill's, which both parts make), and taken for two bills, the
    part set aside would have its items neither counted nor checked."""
    if not first or not second or len(checks) < 2:
        return False
    if not all(check.reconciles is True for check in checks):
        return False  # a part of a bill, or a reminder: copies, as ever
    both = sum(c.amount_fen for c in first) + sum(c.amount_fen for c in second)
    if any(check.bill.stated_total_fen == both for check in checks):
        return False  # a total both files make: one bill's parts
    names = {fold_name(c.item) for c in first}
    amounts = {c.amount_fen for c in first if c.amount_fen}
    return not any(fold_name(c.item) in names or c.amount_fen in amounts for c in second)


def told_apart(
    key: tuple[str, str], other: str, why: str, left: Sequence[Charge], *, on_copy: bool
) -> str:
    """What a file says of the other bill of its line's month (``key``) in ``other``:
    that they are two bills, which was counted and ``why``; ``left``: the items of the one
    set aside (this file's when ``on_copy``), named, its plan charges said loudly."""
    line, month = key
    items = [f"{c.item} ¥{format_yuan(c.amount_fen)}" for c in left[:_SHOWN]]
    more = len(left) - _SHOWN
    shown_zh = "、".join(items) + (f" 等 {len(left)} 项" if more > 0 else "")
    shown_en = ", ".join(items) + (f" and {more} more" if more > 0 else "")
    were = "was" if len(left) == 1 else "were"
    if on_copy:
        counted_zh = (
            f"计入的是那一份（{why}），本文件的 {len(left)} 项费用（{shown_zh}）未计入、未核对"
        )
        counted_en = (
            f"that one was counted ({why}); this file's {counted(len(left), 'item')} "
            f"({shown_en}) {were} neither counted nor checked"
        )
    else:
        counted_zh = (
            f"计入的是本文件（{why}），那一份的 {len(left)} 项费用（{shown_zh}）未计入、未核对"
        )
        counted_en = (
            f"this file was counted ({why}); that one's {counted(len(left), 'item')} "
            f"({shown_en}) {were} neither counted nor checked"
        )
    plans = [c for c in left if c.category == PLAN and c.amount_fen > 0]
    said = say(
        f"{line} {month}：本文件与 {other} 是这个号码这个月的两份不同的账单（没有一项费用相同），"
        f"不是同一账单的两份：{counted_zh}",
        f"{line} {month}: this file and {other} are two different bills of the line's month "
        f"(no item in common), not two copies of one: {counted_en}",
    )
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
