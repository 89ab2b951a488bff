"""Checks across input files: the same bill read twice (two bills of a month with nothing
in common told apart, :mod:`auditor.two_bills`), gaps that unreadable rows explain.

Users export the same month more than once (the PDF e-bill and the portal's Excel, a
bill-reminder SMS beside the full bill, a workbook with the month on two sheets).
Counting each copy would double the money on the report, so one copy of each line's
month is kept and the others are set aside, each with a warning on its file that says
which copy was counted.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace
from pathlib import PurePath

from auditor.amount_units import unit_known
from auditor.bill_check import BillCheck, check_bills
from auditor.copy_difference import BillCopy, Difference, difference
from auditor.lang import Text, counted, say
from auditor.model import Bill, ReadResult
from auditor.two_bills import different_bills, holds_plan, plan_why, told_apart, undecided
from auditor.values import format_yuan, month_of


def set_aside_duplicate_bills(results: list[ReadResult]) -> None:
    """Keep one bill per line and month across input files; set the other copies aside.

    The copy kept is a whole bill over a partial one (a reminder SMS lists only the main
    items), then one read after its month was over (its final bill) over a bill so far
    the history holds (stored by an audit dated in its month: the two differ as the month
    went on, which is no disagreement, and the file given now says it was counted in its
    place), then one read from text over one read by OCR (a picture, a scanned page),
    then the one that reconciles, then the one that states a total, then the one with
    the most charges, then the one not named as a copy ("账单 (1).csv", "- 副本"), then
    the first read (this audit's inputs come before the copies the history holds). A copy
    the history holds ranks as it did when it was given: its records keep their OCR
    confidence (:mod:`auditor.history.store`). A copy set aside moves its charges to
    ``set_aside["duplicate"]``, so the file's row accounting still adds up.

    Two copies that do not say the same (an SMS's 合计 55.60 beside the portal's 53.60, or
    a category's amount) are not one bill read twice but two readings to check: the file
    set aside says so among its alerts, with both figures, which copy was counted and
    why, and its line's month is marked (:attr:`~auditor.model.ReadResult.disagreeing`),
    so that no output shows the month as simply reconciled. When the copy set aside is
    one the history holds, the file given now is the one told. Two whole bills (not a
    reminder's items, named its own way) with nothing in common are two bills of the
    month: the one holding the line's plan is counted, said so (:mod:`auditor.two_bills`).
    """
    for key, kept, copy in _duplicates(results):
        # a bill so far the history holds, its month's final bill given since: expected to
        # differ (the month went on), no disagreement; the file given now says it counted
        if _so_far(copy) and not _so_far(kept):
            if kept.result.stored_on is None:
                kept.result.warnings.append(_in_place(key, copy))
            continue
        differs = difference(copy, kept)
        if differs is not None and not differs.filed:
            copy.result.disagreeing.add(key)
            if different_bills(kept.charges, copy.charges, kept.check, copy.check):
                _two_bills(key, kept, copy)  # no copies of one bill: two bills (t14's c6)
                continue
            maybe = undecided(kept.charges, copy.charges, kept.check, copy.check)  # two bills?
            if not _given_over_stored(kept, copy):
                copy.result.alerts.append(_told(key, kept, copy, differs, on_copy=True) + maybe)
                continue
            # no output lists the history's file: the one given now says it
            mine = replace(differs, first_fen=differs.second_fen, second_fen=differs.first_fen)
            kept.result.alerts.append(_told(key, kept, copy, mine, on_copy=False) + maybe)
        filed = differs.filed if differs is not None else ()
        copy.result.warnings.append(_not_counted(key, kept, filed))


def _two_bills(key: tuple[str, str], kept: BillCopy, copy: BillCopy) -> None:
    """Say two bills of a line's month with nothing in common on the file given now."""
    why = plan_why(kept.charges, copy.charges) or _why(kept, copy)
    on_copy = not _given_over_stored(kept, copy)
    told = told_apart(key, _named(kept if on_copy else copy).shown(), why, copy.charges,
                      on_copy=on_copy, kept=kept.charges)  # fmt: skip
    (copy if on_copy else kept).result.alerts.append(told)


def _not_counted(key: tuple[str, str], kept: BillCopy, filed: tuple[str, ...]) -> str:
    """What a copy set aside says: the file counted instead; and when their categories
    differ only in how they file the same items (``filed``: the
    :attr:`~auditor.copy_difference.Difference.filed`), so."""
    said = say(
        f"{key[0]} {key[1]}：同一账单也在 {kept.result.path} 中，本文件的这一份未计入",
        f"{key[0]} {key[1]}: the same bill is also in {kept.result.path}; this copy was not "
        "counted",
    )
    if not filed:
        return said
    return said + say(
        f"（两份逐项金额相同，只是{_listed(filed)}的类别只有一份写明）",
        f" (the copies agree item by item; only one says what {_listed(filed)} is)",
    )


def set_aside_duplicate_parts(parts: list[ReadResult], names: list[str]) -> None:
    """The same, among the parts of one file (a workbook's sheets, each named in
    ``names``): two sheets holding one line's month count once, like two files do. One
    warning per month says which part was counted and which were not."""
    where = {id(part): name for part, name in zip(parts, names, strict=True)}
    left_out: dict[tuple[tuple[str, str], str], list[ReadResult]] = defaultdict(list)
    for key, kept, copy in _duplicates(parts):
        if different_bills(kept.charges, copy.charges, kept.check, copy.check):
            why = plan_why(kept.charges, copy.charges) or _why(kept, copy)
            said = told_apart(key, where[id(kept.result)], why, copy.charges, on_copy=True,
                              kept=kept.charges)  # fmt: skip
            copy.result.alerts.append(said)  # two bills in two sheets: not one read twice
            continue
        left_out[(key, where[id(kept.result)])].append(copy.result)
    for (key, kept_name), copies in left_out.items():
        others = [where[id(copy)] for copy in copies]
        more = len(others) - 3
        copies[0].warnings.append(
            say(
                f"{key[0]} {key[1]}：同一账单在{kept_name}和{'、'.join(others[:3])}"
                f"{f' 等另外 {more} 处' if more > 0 else ''}各有一份，只计入{kept_name}",
                f"{key[0]} {key[1]}: the same bill is in {kept_name} and "
                f"{', '.join(others[:3])}{f' and {more} more' if more > 0 else ''}; only "
                f"{kept_name} was counted",
            )
        )


def _duplicates(results: list[ReadResult]) -> list[tuple[tuple[str, str], BillCopy, BillCopy]]:
    """Set aside every copy but the preferred one of each line's month (see
    :func:`set_aside_duplicate_bills`); for each copy set aside, the line and month, the
    copy kept and the copy set aside (as they were read, its charges included)."""
    done = []
    bills: dict[tuple[str, str], list[tuple[int, Bill]]] = defaultdict(list)
    for order, result in enumerate(results):
        for bill in result.bills:
            bills[(bill.line, bill.period)].append((order, bill))
    # Only the files holding a copy are checked (each on its own): most bills have none.
    copied = sorted({order for found in bills.values() if len(found) > 1 for order, _ in found})
    checks = {id(check.bill): check for order in copied for check in check_bills([results[order]])}
    for key, copies in bills.items():
        if len(copies) < 2:
            continue
        found = [
            BillCopy(
                order,
                results[order],
                checks[id(bill)],
                tuple(c for c in results[order].charges if (c.line, c.period) == key),
            )
            for order, bill in copies
        ]
        kept = _unit_known_first(max(found, key=_preference), found)
        kept = _plan_first(kept, found)
        for copy in found:
            if copy.order == kept.order:
                continue
            result = copy.result
            result.charges = [c for c in result.charges if (c.line, c.period) != key]
            result.bills.remove(copy.check.bill)
            result.copies.append(copy.check.bill)
            result.set_aside["duplicate"] += len(copy.charges)
            done.append((key, kept, copy))
    return done


def _plan_first(kept: BillCopy, found: list[BillCopy]) -> BillCopy:
    """``kept``, unless it holds no plan charge and a whole bill of the month that holds
    one has nothing in common with it (:mod:`auditor.two_bills`): that is the line's bill."""
    planned = [c for c in found if holds_plan(c.charges) and not c.check.bill.partial]
    best = max(planned, key=_preference) if planned else kept
    plan_less = not holds_plan(kept.charges) and not kept.check.bill.partial
    apart = different_bills(kept.charges, best.charges, kept.check, best.check)
    return best if plan_less and apart else kept


def _unit_known_first(kept: BillCopy, found: list[BillCopy]) -> BillCopy:
    """``kept``, unless its amounts are 100 times another copy's and only that copy's unit
    is known (named, shown or inferred): ``kept``'s then are fen read as yuan (see
    :mod:`auditor.amount_units`), and the other is counted."""
    if _unit_known(kept):
        return kept
    known = [c for c in found if c is not kept and _unit_known(c) and _hundredfold(kept, c)]
    return max(known, key=_preference) if known else kept


def _unit_known(copy: BillCopy) -> bool:
    """:func:`~auditor.amount_units.unit_known` of the copy's file."""
    return unit_known(copy.result)


def _hundredfold(big: BillCopy, small: BillCopy) -> bool:
    """True when every amount of ``big`` is exactly 100 times one of ``small``'s (item by
    item, and their stated totals): one of them is fen read as yuan."""
    mine = sorted(c.amount_fen for c in big.charges)
    theirs = sorted(100 * c.amount_fen for c in small.charges)
    if not any(mine) or mine != theirs:
        return False
    totals = big.check.bill.stated_total_fen, small.check.bill.stated_total_fen
    return None in totals or totals[0] == 100 * totals[1]


def _preference(copy: BillCopy) -> tuple:
    check = copy.check
    stated = check.bill.stated_total_fen is not None
    copied = bool(_COPY_NAME.search(PurePath(copy.result.path).stem))
    # Text is read as the carrier wrote it; OCR may misread a figure and still add up (or
    # not), so between two whole copies the text one is kept whatever the order given.
    # A whole bill still beats a partial one read from text: the rules need its items.
    # (Reconciling implies whole: a partial bill is never reconciled.)
    by_ocr = check.bill.confidence is not None or any(
        c.confidence is not None for c in copy.charges
    )
    return (
        not check.bill.partial,
        not _so_far(copy),
        not by_ocr,
        check.reconciles is True,
        stated,
        len(copy.charges),
        not copied,
        -copy.order,
    )


# Why the copy kept was preferred, by the first place its _preference is ahead: what the
# warning of two copies that disagree says, so that a person knows which to believe.
_WHY = (
    Text("完整账单优先于只列主要费用项的提醒", "a whole bill before a reminder of its main items"),
    Text(
        "该月结束后的账单优先于月中读取的到目前为止的账单",
        "a bill read after its month was over before one read while the month went on",
    ),
    Text("按文字读取的优先于图片识别（OCR）的", "one read as text before one read by OCR"),
    Text("它的明细与合计相符", "its items add up to its total"),
    Text("它写明了合计", "it states its total"),
    Text("它的明细更多", "it lists more items"),
    Text("另一份的文件名是副本", "the other is named as a copy"),
    Text("两份同样完整，计入先读取的一份", "equally whole: the one read first"),
)
_GIVEN_NOW = Text("这次给出的文件优先于历史记录中的", "a file given now before the history's")


def _so_far(copy: BillCopy) -> bool:
    """True for a copy the history stored while its month was not over (read by an audit
    dated in that month, :mod:`auditor.month_audited`): the month's bill so far, which a
    copy read later (its final bill) replaces."""
    stored = copy.result.stored_on
    return stored is not None and month_of(stored) <= copy.check.bill.period


def _in_place(key: tuple[str, str], copy: BillCopy) -> str:
    """What the file given now says where it is counted in place of ``copy``, the bill
    so far of its line's month (``key``) the history holds."""
    line, month = key
    path, day = copy.result.path, copy.result.stored_on
    return say(
        f"{line} {month}：计入本文件，代替 {path}（{day} 的检查读取的到目前为止的账单，当时该月"
        "还没有结束）",
        f"{line} {month}: counted in place of the bill so far of {path} (read by the audit "
        f"of {day}, while the month was not over)",
    )


def _given_over_stored(kept: BillCopy, copy: BillCopy) -> bool:
    """True when ``kept`` is a file given now and ``copy`` one the history holds."""
    return kept.result.stored_on is None and copy.result.stored_on is not None


def _why(kept: BillCopy, copy: BillCopy) -> str:
    """Why ``kept`` was counted and not ``copy``, in words."""
    ahead = next(
        place
        for place, (mine, theirs) in enumerate(
            zip(_preference(kept), _preference(copy), strict=True)
        )
        if mine != theirs
    )
    if ahead == len(_WHY) - 1 and _given_over_stored(kept, copy):
        return _GIVEN_NOW.shown()
    return _WHY[ahead].shown()


def _listed(names: tuple[str, ...]) -> str:
    """A few items' names as printed, for a message, each quoted (「包月费」): three at
    most, then how many more."""
    shown, more = [f"「{name}」" for name in names[:3]], len(names) - 3
    return say(
        "、".join(shown) + (f" 等 {len(names)} 项" if more > 0 else ""),
        ", ".join(shown) + (f" and {more} more" if more > 0 else ""),
    )


def _named(copy: BillCopy) -> Text:
    """A copy's file, and when the history holds it, the day of the audit that read it."""
    day = copy.result.stored_on
    if day is None:
        return Text(copy.result.path, copy.result.path)
    return Text(
        f"{copy.result.path}（历史记录，{day} 的检查读取）",
        f"{copy.result.path} (in the history, read by the audit of {day})",
    )


def _told(
    key: tuple[str, str], kept: BillCopy, copy: BillCopy, differs: Difference, *, on_copy: bool
) -> str:
    """What a file says of the copy of its line's month that disagrees with it
    (``differs``: its figure first): on the copy set aside (``on_copy``), which was
    counted instead and why; on the copy kept, a file given now, that it was counted
    over the history's."""
    line, period = key
    mine, theirs = format_yuan(differs.first_fen), format_yuan(differs.second_fen)
    other, why, what = _named(kept if on_copy else copy), _why(kept, copy), differs.what
    fold = _hundredfold(kept, copy) or _hundredfold(copy, kept)
    if fold and _unit_known(kept) and not _unit_known(copy):
        why = _UNIT_KNOWN.shown()
    elif fold:  # neither unit known, or the other way round: which is right is not known
        why += _UNIT_UNKNOWN.shown()
    fold_zh, fold_en = (_HUNDREDFOLD.zh, _HUNDREDFOLD.en) if fold else ("", "")
    more_zh = f"（另有 {differs.more} 类费用不符）" if differs.more else ""
    more_en = f" ({counted(differs.more, 'more category', 'more categories')} differ)"
    if on_copy:
        counted_zh = f"计入的是那一份（{why}），本文件的这一份未计入"
        counted_en = f"that one was counted ({why}) and this copy was not"
    else:
        counted_zh, counted_en = f"这次计入本文件（{why}）", f"this file was counted ({why})"
    return say(
        f"{line} {period}：本文件的{what.zh} ¥{mine} 与 {other.zh} 的 ¥{theirs} 不符{more_zh}"
        f"{fold_zh}；{counted_zh}：请核对哪一份是对的",
        f"{line} {period}: this file's {what.en} ¥{mine} is not the ¥{theirs} of {other.en}"
        f"{more_en if differs.more else ''}{fold_en}; {counted_en}: check which is right",
    )


_HUNDREDFOLD = Text(
    "，每一项金额都正好是另一份的 100 倍：其中一份像是把分读成了元",
    "; every amount of one is exactly 100 times the other's: one looks like fen read as yuan",
)
_UNIT_KNOWN = Text(
    "它的金额单位是清楚的，另一份的金额列没有写单位、金额都是整数",
    "its unit is known; the other's amount column names no unit and its amounts are whole",
)
_UNIT_UNKNOWN = Text(
    "；哪一份的单位对无法判断：请在金额列表头写明 金额(元) 或 金额(分)，或用 --amount-unit 指定",
    "; which unit is right is not known: head the amount column 金额(元) or 金额(分), "
    "or give --amount-unit",
)


# What a file manager or a browser adds to a second copy's name: "账单 (1).csv",
# "账单 - 副本.csv", "bill copy.csv". Between two equal copies, the one named as the
# carrier named it is the one kept (and its row in the Inputs sheet the one read).
_COPY_NAME = re.compile(r"(?:\s*\(\d+\)|[\s_-]*(?:副本|copy)(?:\s*\(?\d+\)?)?)$", re.IGNORECASE)


def warn_unreadable_gaps(results: list[ReadResult], bills: Iterable[BillCheck]) -> None:
    """Say plainly, on the file itself, when it does not add up and has unreadable rows.

    A bill that cannot be reconciled (no total, or only its main items listed) is not
    said to fall short.
    """
    suspects = {check.bill.source for check in bills if check.reconciles is False}
    for result in results:
        if result.path in suspects and result.unparseable:
            count = len(result.unparseable)
            warning = say(
                f"合计与账单总额不符，且有 {count} 行未能读取：差额很可能就在这些行里",
                f"does not add up to its stated total and {counted(count, 'row')} could not be "
                f"read: the difference is likely in {'that row' if count == 1 else 'those rows'}",
            )
            if warning not in result.warnings:
                result.warnings.append(warning)
