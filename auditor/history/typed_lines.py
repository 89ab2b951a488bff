"""Which of its lines a row of the Actions sheet was done on, as the user says it in the
row's 号码 Lines cell.

A service's first step names its lines there (masked, ``139****0011 徐涛``, or in full
in a report made with ``--no-mask``; ten at most, then ``… 5 more``: :func:`named`), and
what is typed on a row of the service is what was done on each of them: one action on all
of them for 退订, 投诉 or 申诉. Where it was done on some of them only (one line closed,
销户; one line's complaint), the user leaves those lines alone in the cell of the row they
type on (or writes them into an empty one, on a later step's row), as the report shows
them or in full, and the row is recorded for them alone. What follows a line's owner's
name on its row of the cell is the owner's text, digits and all (an owner named ``张三
13711112222`` is printed ``139****0011 张三 137****2222``): a number there is a line only
if it is one of the row's. A number that is none of the
row's lines, or a masked one that could be two of them, is refused rather than guessed;
so is a cell that still ends in ``… 5 more`` but no longer names the lines the report
named before it: were the five it stands for done too? (A company's admin deleted two of
twelve lines and kept the marker: all twelve were recorded.)
A
refund of several lines may give a line's own amount after it (``139****0011 15.00``):
what came back on that line (:mod:`auditor.history.typed_refunds`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from auditor.lang import say
from auditor.phones import line_counted
from auditor.values import find_phones, nfkc, parse_amount

#: The column, as a report may spell it (both languages: a report of before ``--lang``).
LINES = ("号码 Lines", "号码", "Lines")
#: A number as the report masks it: its first three and last four digits, and a count
#: where two lines' usual masks would look the same (``138****1234(2)``); one of an
#: older report may show more of the four between (``189***10001``).
_MASKED = re.compile(r"(?<![0-9*])1[0-9][0-9*]{5}[0-9]{4}(?:\([0-9]{1,4}\))?(?![0-9*])")
#: How a cell of many lines ends (``… 5 more``, ``… 另有 5 个``): the rest not named.
_MORE = ("…", "...")
#: Lines a report names in one cell; more are counted (:func:`named`).
LINES_NAMED = 10


def named(lines: list[str]) -> tuple[list[str], str]:
    """Which of ``lines`` a cell of the report names, in order, at most
    :data:`LINES_NAMED` of them, and what it says of the rest (``… 另有 5 个``, ``… 5
    more``; ``""``: none left)."""
    if len(lines) <= LINES_NAMED:
        return list(lines), ""
    more = len(lines) - LINES_NAMED
    return list(lines[:LINES_NAMED]), say(f"… 另有 {more} 个", f"… {more} more")


#: The parts of a cell, each a line (and maybe its amount): one a row, or between these.
_PARTS = re.compile(r"[\n;；、，]")
#: A number as a person may write it in the cell (in full, spaced, with +86, masked):
#: taken out of its part before an amount is looked for, so that none of its digits is.
_WRITTEN = re.compile(r"(?:\+?86[\s-]*)?1[0-9]{2}[\s-]?[0-9*]{4}[\s-]?[0-9]{4}(?:\([0-9]{1,4}\))?")
#: An amount written after a line, its part's last word (``15.00``, ``¥15``, ``15元``):
#: never digits an owner's name ends in (``员工001``: glued to it), nor a number's own.
_AMOUNT_AFTER = re.compile(r"(?:^|[\s:：])[¥￥]?\s*((?:0|[1-9][0-9]{0,6})(?:\.[0-9]{1,2})?)\s*元?$")


@dataclass(frozen=True)
class LinesTyped:
    """A row's Lines cell, as read: the numbers written there (masked or in full)."""

    numbers: tuple[str, ...]
    #: The cell ends in ``… N more``: it stands for the row's lines beyond those named.
    more: bool = False
    #: Written on a row the report named no lines on (a later step's): the user's own.
    own: bool = False
    #: An amount written after a number (the number as written, its fen): a refund of
    #: several lines, what came back on that one.
    amounts: tuple[tuple[str, int], ...] = ()
    #: Masked numbers written after a line's owner's name began, on the line's row of the
    #: cell (``138****2222 王小明 137****2222``): the owner's text as the report printed
    #: it, a line only if one of the row's (:func:`lines_chosen`); a number written in full
    #: there is among ``numbers``.
    after: tuple[str, ...] = ()


def lines_typed(cell: object, printed: bool) -> LinesTyped | None:
    """What a row's Lines ``cell`` says, or ``None`` when it is empty; ``printed``: the
    row is one the report named lines on (a service's first step, a refund due's)."""
    if isinstance(cell, float) and cell.is_integer():  # a number typed in full, as Excel
        cell = int(cell)  # keeps it
    text = nfkc(cell).strip() if cell not in (None, "") else ""
    if not text:
        return None
    parts = _PARTS.split(text)
    heads, tails = zip(*map(_owner_apart, parts), strict=True)
    more = any(mark in text for mark in _MORE)
    # After an owner's name, a number masked as the report prints one is the owner's text
    # (a line only if one of the row's); one written in full is the user's own typing, a
    # line to record, refused if none of the row's (13900001111 和 13900009999)
    numbers = tuple(number for head in heads for number in _numbers(head))
    numbers += tuple(number for tail in tails for number in find_phones(tail))
    after = tuple(m[0] for tail in tails for m in _MASKED.finditer(tail) if "*" in m[0])
    return LinesTyped(numbers, more, not printed, _amounts(parts, heads), after)


def _numbers(text: str) -> list[str]:
    """The numbers written in ``text``, masked as the report shows them or in full."""
    return [found[0] for found in _MASKED.finditer(text) if "*" in found[0]] + find_phones(text)


#: A letter (any script's: 王, H), where an owner's name begins after a line.
_LETTER = re.compile(r"[^\W\d_]")


def _owner_apart(part: str) -> tuple[str, str]:
    """A row of a Lines cell, split where the name written after its first number begins
    (the report writes ``139****0011 徐涛``: a line, then its owner's name, which may hold
    digits, masked like a line: ``=HYPERLINK(…) 137****2222``); ``""`` after it when no
    name follows a number."""
    first = _WRITTEN.search(part) or _MASKED.search(part)
    name = _LETTER.search(part, first.end()) if first else None
    return (part[: name.start()], part[name.start() :]) if name else (part, "")


def _amounts(parts: list[str], heads: tuple[str, ...]) -> tuple[tuple[str, int], ...]:
    """The amounts written after a number, each of ``parts`` (a row of the cell) one
    number (in its head, before its owner's name) and maybe its amount, last: the number
    as written, and the amount's fen."""
    found = []
    for part, head in zip(parts, heads, strict=True):
        numbers = _numbers(head)
        amount = _AMOUNT_AFTER.search(_WRITTEN.sub(" ", part).strip())
        if len(numbers) == 1 and amount:
            found.append((numbers[0], parse_amount(amount[1])))
    return tuple(found)


def amounts_chosen(
    typed: LinesTyped | None, lines: list[str], held: Sequence[str] = ()
) -> dict[str, int]:
    """The amount written after each of the row's ``lines`` in its Lines cell, by line (a
    number that is none of them, or two, has none: :func:`lines_chosen` refuses it);
    ``held``, the history's lines, which a mask's count is read by."""
    chosen: dict[str, int] = {}
    for number, fen in typed.amounts if typed is not None else ():
        matched = [line for line in lines if _stands_for(number, line, held)]
        if len(matched) == 1:
            chosen[matched[0]] = fen
    return chosen


def lines_chosen(
    typed: LinesTyped | None, lines: list[str], held: Sequence[str] = ()
) -> tuple[frozenset[str] | None, str]:
    """The lines of the row's ``lines`` its Lines cell names (``held``: the history's
    lines, which a mask's count, ``138****1234(2)``, is read by), or ``None`` when it names
    the row as the report made it (all of them: the cell as printed, or empty); with
    ``""``, or a problem to name the row by (a number not on the row, a masked one two
    lines could have, a cell that names no number, or one that ends in ``… N more`` but
    no longer names the lines the report named before it: :func:`_more_kept`)."""
    if typed is None:
        return None, ""
    if not typed.numbers:
        return None, say(
            "「号码」一栏里没有号码：请照报告的样子写（139****0011）或写全号",
            "its Lines cell names no number: write it as the report shows it (139****0011) "
            "or in full",
        )
    chosen: set[str] = set()
    for number in typed.numbers:
        matched = [line for line in lines if _stands_for(number, line, held)]
        if not matched:
            return None, say(
                f"「号码」一栏里的 {number} 不是这一行的号码",
                f"{number} in its Lines cell is not one of this row's lines",
            )
        if len(matched) > 1:
            return None, say(
                f"「号码」一栏里的 {number} 可能是这一行的 {len(matched)} 个号码之一：请照报告"
                f"的样子连同后面的编号写（{number}(1)、{number}(2)…），或写全号",
                f"{number} in its Lines cell could be {len(matched)} of this row's lines: "
                f"write it as the report shows it, with its count ({number}(1), "
                f"{number}(2)…), or in full",
            )
        chosen.add(matched[0])
    for number in typed.after:  # after a name: its owner's digits unless a line of the row
        matched = [line for line in lines if _stands_for(number, line)]
        chosen.update(matched if len(matched) == 1 else ())
    if typed.more:
        # "… N more" stands for the lines after those the report named: kept as printed,
        # the row's every line; else whether they were done too, the cell cannot say
        shown, _ = named(sorted(lines))  # (a row names its lines sorted)
        return (None, "") if chosen == set(shown) else (None, _more_kept(sorted(lines)))
    if chosen == set(lines) and not typed.own:
        return None, ""  # the cell as the report printed it
    return frozenset(chosen), ""


def _more_kept(lines: list[str]) -> str:
    """Why a Lines cell that still ends in ``… N more`` but no longer names the lines the
    report named before it is refused, the lines it stands for named (ten at most, in
    full: what is said is masked as the report shows them), and what to write."""
    _, marker = named(lines)
    hidden = lines[LINES_NAMED:]
    if not hidden:  # "…" after lines of a row the report named every one of
        return say(
            f"「号码」一栏以「…」结尾，而这一行的 {len(lines)} 个号码报告都已列出：请删去「…」，"
            "只写办了的号码；这一行未记录",
            f"its Lines cell ends in '…', and the report named all {len(lines)} lines of "
            "this row: delete the '…' and write only the lines you did it on; nothing "
            "recorded for this row",
        )
    shown, more = named(hidden)
    zh_more = f" 等 {len(hidden)} 个，「发现」表列出每一个" if more else ""
    en_more = f" and {len(hidden) - len(shown)} more, each on the Findings sheet" if more else ""
    return say(
        f"「号码」一栏改过了，却仍留着「{marker}」：它代表报告没有列出的 {len(hidden)} 个号码"
        f"（{'、'.join(shown)}{zh_more}），它们办了没有，这一栏说不清：请删去「{marker}」，"
        "写明办了的每一个号码（没有列出的就是括号里这些）；这一行未记录",
        f"its Lines cell was edited but still ends in '{marker}', which stands for the "
        f"{len(hidden)} lines the report did not name ({', '.join(shown)}{en_more}): "
        f"whether they were done too, the cell cannot say; delete the '{marker}' and write "
        "every line you did it on (those not named are the ones in brackets); nothing "
        "recorded for this row",
    )


def _stands_for(written: str, line: str, held: Sequence[str] = ()) -> bool:
    """Whether ``written`` (a number in full, or masked: ``*`` for a hidden digit, maybe
    with its count among lines alike, read by the history's lines ``held``) is ``line``."""
    if written.endswith(")"):
        return line_counted(written, held if line in held else (*held, line)) == line
    return len(written) == len(line) and all(
        shown in ("*", digit) for shown, digit in zip(written, line, strict=True)
    )


def close_which(lines: int) -> str:
    """Why 销户 typed on a row of several ``lines``, its Lines cell as printed, is not
    recorded, and how to say which line was closed."""
    return say(
        f"销户是关闭一个号码，而这一行涉及 {lines} 个号码：请在这一行的「号码」一栏只留下"
        "销户的那个号码（照报告的样子或写全号）；这一行未记录",
        f"销户 closes one line, and this row is for {lines} lines: leave in its Lines cell "
        "only the number of the line closed (as the report shows it, or in full); nothing "
        "recorded for this row",
    )
