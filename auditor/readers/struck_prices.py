"""A row holding two amounts where an app shows a discount: the original price, struck
through or labelled 原价, and beside it the one charged (``咪咕视频会员 20.00 15.00``).

Read as one amount the pair was no amount at all, and the row unread (trial t11's c05;
without a total, c06, only a file warning told). The charged one is read, the original
kept as evidence in what the file says; the bill's total decides when it can (the items
add up to it with one choice only), else the original is taken to come first, as apps
print it, and the file says it guessed, naming the row: a row is never read silently
one way when the picture may say the other.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from auditor.amount_text import AmountText
from auditor.model import ReadResult
from auditor.readers.base import CellRow
from auditor.readers.rows import is_amount
from auditor.values import parse_amount

# Two amounts in one cell (spaced, or glued as OCR reads a small struck price beside the
# charged one: 58.0038.00), each with its fen, so a glued pair splits one way only; the
# first perhaps labelled 原价, the second 现价 or the like.
_PAIR = re.compile(  # bounded runs: a file's text never makes it backtrack (issue 8)
    r"(?P<label>(?:原价|划线价)[:：]?)?\s{0,4}(?P<first>[¥￥]?\d{1,9}[.．]\d{2})元?\s{0,4}"
    r"(?:(?:现价|优惠价|折后价?|实收|实付|到手价)[:：]?)?\s{0,4}(?P<second>[¥￥]?\d{1,9}[.．]\d{2})元?"
)
#: At most this many rows of two amounts are tried against the total together (2^n ways).
_MOST_TRIED = 8


@dataclass
class Pair:
    """A row's two amounts: the one read as charged and the other, in fen; ``labelled``:
    the bill says which is the original (原价); ``decided``: the bill's total does."""

    at: int  # the row's index
    locator: str
    name: str
    original: int
    charged: int
    labelled: bool
    first: str  # the original as printed (the total may say it is what was charged)
    decided: bool = False
    swapped: bool = False  # the total says the first is what was charged


def split_pairs(rows: list[CellRow]) -> list[Pair]:
    """Each row whose last cell holds an original price and a charged one (the first
    greater, or labelled 原价), or whose last two cells do where no row but such rows
    has an amount in the first's column (the struck price set apart, in a column of its
    own): its amounts made the charged one, and its pair."""
    found: list[tuple[int, list[int], re.Match]] = []
    for at, row in enumerate(rows):
        filled = [i for i, cell in enumerate(row.cells) if cell.strip()]
        for used in (filled[-1:], filled[-2:]):
            if len(filled) <= len(used) or (len(used) == 2 and used[0] + 1 != used[1]):
                continue  # a name first; two cells side by side
            text = " ".join(row.cells[i].strip() for i in used)
            if match := _PAIR.fullmatch(text):
                found.append((at, used, match))
                break
    apart = {(at, used[0]) for at, used, _ in found if len(used) == 2}
    priced = sum(1 for row in rows if any(is_amount(cell) for cell in row.cells))
    pairs = []
    for at, used, match in found:
        if len(used) == 2 and (
            2 * sum(1 for _, column in apart if column == used[0]) >= priced
            or any(
                (other, used[0]) not in apart and is_amount(_cell(row, used[0]))
                for other, row in enumerate(rows)
            )
        ):
            continue  # a column of the table's (原价 beside 实收 in every row), not a price struck
        first, second = parse_amount(match["first"]), parse_amount(match["second"])
        labelled = match["label"] is not None
        if not 0 < second < first and not (labelled and second > 0):
            continue  # not a discount as apps show one: read as it was
        row = rows[at]
        name = " ".join(cell for cell in row.cells[: used[0]] if cell)
        for i in used:
            row.cells[i] = ""
        row.cells[used[-1]] = match["second"]
        pairs.append(Pair(at, row.locator, name, first, second, labelled, match["first"]))
    return pairs


def _cell(row: CellRow, index: int) -> str:
    return row.cells[index] if index < len(row.cells) else ""


def decide(result: ReadResult, pairs: list[Pair]) -> list[Pair]:
    """The pairs the bill's total says were read the wrong way round (the first amount
    is the one its items add up with), each marked ``decided``; those it confirms are
    marked too. A total met by several choices, or by none, decides nothing."""
    wrong: list[Pair] = []
    for bill in result.bills:
        if bill.stated_total_fen is None or bill.partial:
            continue
        held = {
            c.locator: c
            for c in result.charges
            if c.period == bill.period and c.line == bill.line and c.source == bill.source
        }
        mine = [p for p in pairs if p.locator in held and held[p.locator].amount_fen == p.charged]
        if not mine or len(mine) > _MOST_TRIED:
            continue
        gap = bill.stated_total_fen - sum(c.amount_fen for c in held.values())
        ways = [
            chosen
            for n in range(len(mine) + 1)
            for chosen in itertools.combinations(mine, n)
            if sum(p.original - p.charged for p in chosen) == gap
            and not any(p.labelled for p in chosen)
        ]
        if len(ways) != 1:
            continue
        for pair in mine:
            pair.decided = True
        for pair in ways[0]:
            pair.swapped = True
            wrong.append(pair)
    return wrong


def swap(rows: list[CellRow], pairs: list[Pair]) -> None:
    """Put the first amount in its row for each of ``pairs`` (what the total says)."""
    for pair in pairs:
        row = rows[pair.at]
        last = max(i for i, cell in enumerate(row.cells) if cell)
        row.cells[last] = pair.first


def tell(result: ReadResult, pairs: list[Pair]) -> None:
    """What the file says of each pair, the row and the amount not counted first (the
    Inputs sheet shortens a long warning): a note when the bill settles which amount
    was charged, an alert when it was a guess."""
    for pair in pairs:
        used, other = (
            (pair.original, pair.charged) if pair.swapped else (pair.charged, pair.original)
        )
        zh, en = (
            "{at}：{name} {original} {charged}：读作收费 {used}",
            ("{at}: {name} {original} {charged}: {used} read as charged"),
        )
        if pair.swapped:
            zh += "（{other} 未计入）：只有它与账单合计相符"
            en += " ({other} not counted): only it makes the bill's total"
        elif pair.labelled:
            zh, en = zh + "（{other} 标为原价）", en + " ({other} is labelled 原价)"
        elif pair.decided:
            zh += "（原价 {other} 未计入）：与账单合计相符"
            en += " (the original price, {other}, not counted): the bill's total agrees"
        else:
            zh += (
                "，这是推测（{other} 当作划掉的原价：应用通常把它印在前面；"
                "没有账单合计可以核对）：请核对账单"
            )
            en += (
                ", a guess ({other} taken for the struck-out original price, as apps print "
                "it first; no bill total confirms it): check the bill"
            )
        said = AmountText(zh, en, at=pair.locator, name=pair.name, original=pair.original,
                          charged=pair.charged, used=used, other=other)  # fmt: skip
        guessed = not (pair.swapped or pair.labelled or pair.decided)
        (result.alerts if guessed else result.notes).append(said)
