"""A refund typed on an Actions row of several lines, shared out line by line.

A service's refunds due on several lines are one row of the Actions sheet
(:mod:`auditor.writers.refund_groups`), its Finding ids cell giving each line's finding
with the money it has to ask back (``F0403e6958643 30.00``). What the user types there
is one refund a line, of an amount that must say itself:

- ``退款 360.00`` with the Lines cell as printed: the total of every line's money, so
  each line's money came back; with fewer lines left in the cell, the total of theirs;
- a line refunded another amount has it written after it in the Lines cell
  (``138****0008 15.00``), and the total typed is theirs all together;
- on a row of one line (or one line left), the amount typed is that line's, as ever.

Any other amount (``退款 30.00`` on twelve lines of 30.00: each, or in all?) is refused
with one line saying how to write it, never shared out by guessing. A refund typed on a
finding's row of several lines is the same where each line's amount is written after it;
else refused, as it was.
"""

from __future__ import annotations

import re

from auditor.lang import say
from auditor.values import format_fen, parse_amount

#: A finding's money to ask back, after its id in the Finding ids cell.
_DUE = re.compile(r"^[0-9]{1,9}\.[0-9]{2}$")

#: What one row is about, once per line: (line, service, finding ids).
Subjects = list[tuple[str, str, tuple[str, ...]]]


def ids_and_dues(cell: object) -> tuple[tuple[str, ...], dict[str, int]]:
    """A Finding ids cell's ids, and the money each has to ask back where the cell says
    it (a row of refunds due of several lines: ``F0403e6958643 30.00``), by id."""
    ids: list[str] = []
    dues: dict[str, int] = {}
    for word in str(cell or "").split():
        if _DUE.match(word) and ids:
            dues[ids[-1]] = parse_amount(word)
        else:
            ids.append(word)
    return tuple(ids), dues


def refunds_by_line(
    typed_fen: int, subjects: Subjects, written: dict[str, int], dues: dict[str, int]
) -> tuple[dict[str, int], str]:
    """Each line's refund of one typed on a row (``typed_fen``: the amount in its Status)
    for ``subjects`` (the lines chosen), by line; or a problem to name the row by.
    ``written``: an amount written after a line in its Lines cell, by line; ``dues``:
    the money each finding of the row has to ask back, by id (a refund due's row)."""
    lines = [line for line, _, _ in subjects]
    if len(lines) == 1 and not written:
        return {lines[0]: typed_fen}, ""  # one line: what was typed is its
    if len(set(lines)) < len(lines):  # a line's several findings (its bills'): by id
        return {}, _refund_of_many(subjects)
    each: dict[str, int] = {}
    for line, _, ids in subjects:
        if line in written:
            each[line] = written[line]
        elif all(fid in dues for fid in ids):
            each[line] = sum(dues[fid] for fid in ids)
        elif not written:
            return {}, _refund_of_many(subjects)
        else:
            return {}, _no_amount(line)
    total = sum(each.values())
    if total != typed_fen:
        return {}, _not_the_total(typed_fen, total, len(each), bool(written))
    return each, ""


def _not_the_total(typed_fen: int, total_fen: int, lines: int, written: bool) -> str:
    """Why a refund typed on a row of several lines is not recorded: its amount is not
    their total; and how to write what came back."""
    typed, total = format_fen(typed_fen), format_fen(total_fen)
    if written:
        return say(
            f"退款 {typed} 不是这 {lines} 个号码金额的合计 {total}（「号码」一栏写了金额的按所写，"
            f"其余按待退金额）：请在「状态」写合计；这一行未记录",
            f"退款 {typed} is not the total {total} of its {lines} lines (those with an "
            "amount after them in its Lines cell by it, the others by their money due): "
            "type the total in its Status; nothing recorded for this row",
        )
    return say(
        f"退款 {typed} 不是这 {lines} 个号码待退金额的合计 {total}：全部退还写合计 退款 {total}；"
        "只退了其中几个号码，在「号码」一栏只留下这几个；某个号码退的金额不同，在它后面写退还的"
        "金额（如 139****0011 15.00），「状态」写合计；这一行未记录",
        f"退款 {typed} is not the total {total} due on its {lines} lines: refunded in full, "
        f"type 退款 {total}; only some lines refunded, leave those alone in its Lines cell; "
        "a line refunded another amount, write it after the line (as 139****0011 15.00) and "
        "the total in its Status; nothing recorded for this row",
    )


def _no_amount(line: str) -> str:
    """Why a refund of lines given their own amounts is not recorded: one has none."""
    return say(
        f"「号码」一栏里的 {line} 后面没有写金额：给其中一些号码写了金额，其余的也请写上；"
        "这一行未记录",
        f"{line} in its Lines cell has no amount after it, where others have theirs: write "
        "each one's; nothing recorded for this row",
    )


def _refund_of_many(subjects: Subjects) -> str:
    """Why a refund typed on a finding's row of several lines (or findings) is not
    recorded, and how to record it line by line (finding by finding)."""
    lines = len({line for line, _, _ in subjects})
    if lines > 1:
        return say(
            f"这项业务涉及 {lines} 个号码，退款请写明每个号码退还的金额：在「号码」一栏每个号码"
            "后面写金额（如 139****0011 15.00），「状态」写合计（或 auditor record refund "
            "--finding ID --amount N）",
            f"a refund for a service of {lines} lines: write each line's amount after it in "
            "its Lines cell (as 139****0011 15.00) and their total in its Status (or auditor "
            "record refund --finding ID --amount N)",
        )
    each = [ids[0] for _, _, ids in subjects]  # one id of each, to record it by
    return say(
        f"这一行涉及 {len(subjects)} 项发现，退款请逐项记录"
        f"（auditor record refund --finding ID --amount N：{'、'.join(each)}）",
        f"a refund for {len(subjects)} findings: record it per finding "
        f"(auditor record refund --finding ID --amount N: {', '.join(each)})",
    )
