"""What a table reader says of a document it reads in doubt: two units stated for its
amounts, a header block's month that its rows' month column contradicts."""

from __future__ import annotations

from auditor.errors import quoted
from auditor.lang import say


def two_units(named: bool, in_fen: bool, stated: dict[str, str]) -> str:
    """Why a document stating two units is refused: where each is stated."""
    words = [f"「{text}」" for text in stated.values()]
    if named:
        words.insert(0, f"金额({'分' if in_fen else '元'})")
    return say(
        f"金额单位不明：文件写了两种单位（{'、'.join(words)}），无法判断哪一个对；请改正文件",
        f"unit unclear: the file states two units ({', '.join(words)}), and nothing tells "
        "which is right; correct the file",
    )


def month_clash(stated: str, period: str, text: str) -> str:
    """Said of a bill whose header block states the month ``stated`` and whose rows' month
    column says ``period`` (as ``text``): read as the rows say, but one of them is wrong."""
    return say(
        f"表格上方写的账期是 {stated}，账期列写的却是 {period}（{quoted(text)}）："
        f"按账期列读作 {period} 的账单；请确认是哪个月的账单（可用 --period 指定）",
        f"the header block above the table says the bill is {stated}, but its month column "
        f"says {period} ({text!r}): read as {period}, the rows' month; check which month "
        "the bill is (--period decides it)",
    )
