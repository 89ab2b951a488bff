"""How a file read by OCR was read, in one record: what the Inputs sheet and the JSON
say of it (its own module: :mod:`auditor.model` is at its size)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

from auditor.lang import counted, say

#: Most decimals a confidence is shown with (a threshold finer than this is shown rounded).
_MOST_DIGITS = 6


def under_threshold(confidence: float, threshold: float) -> tuple[str, str]:
    """A confidence under ``threshold`` and the threshold, as shown side by side: with the
    threshold's own decimals (two at least) and the confidence cut, not rounded, to
    them, so that it never looks equal to the threshold it failed (0.8996 rounded was
    "confidence 0.90, under 0.90")."""
    digits = 2
    exact = Decimal(str(threshold))
    while digits < _MOST_DIGITS and exact != round(exact, digits):
        digits += 1
    step = Decimal(1).scaleb(-digits)
    cut = Decimal(str(confidence)).quantize(step, rounding=ROUND_FLOOR)
    return f"{cut:.{digits}f}", f"{exact.quantize(step):.{digits}f}"


@dataclass(frozen=True)
class OcrSummary:
    """How a file read by OCR was read: its values (text boxes), how many of them the
    recogniser was unsure of (below ``threshold``), and its rows left unread (as the
    Unread rows sheet lists them), of which some for an uncertain figure (an amount, a
    date, a number) and some for an amount between two rows of a picture at an angle."""

    values: int
    uncertain: int
    rows_unread: int
    threshold: float
    rows_uncertain: int = 0
    rows_between: int = 0

    def describe(self) -> str:
        """One line for the Inputs sheet and the JSON."""
        values, uncertain, rows = self.values, self.uncertain, self.rows_unread
        below = f"{self.threshold:.2f}"
        text = say(
            f"OCR 识别 {values} 个值，{uncertain} 个不确定（置信度低于 {below}）",
            f"read by OCR: {values} values, {uncertain} uncertain (confidence below {below})",
        )
        if not rows:
            return text
        text += say(f"；{rows} 行未读取", f"; {counted(rows, 'row')} left unread")
        why = []
        if self.rows_uncertain:
            why.append(say(f"{self.rows_uncertain} 行含不确定的数字",
                           f"{self.rows_uncertain} with an uncertain figure"))  # fmt: skip
        if self.rows_between:
            why.append(say(f"{self.rows_between} 行的金额位于两行之间",
                           f"{self.rows_between} with an amount between two rows"))  # fmt: skip
        return text + (say(f"（{'，'.join(why)}）", f" ({', '.join(why)})") if why else "")
