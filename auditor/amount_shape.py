"""What no amount can be, told before an amount is parsed: most texts a reader asks about
(a service's name, a date, a status) are none, and :func:`auditor.values.parse_amount`
refuses one only after building its error's words.
"""

from __future__ import annotations

import re

from auditor.values import is_empty

# Every character parse_amount may take in an amount besides its digits: separators,
# signs and brackets, spaces, the currency's signs and names (¥, 元, RMB, CNY, yuan, 人民币,
# any case), a credit's 减 or 减免, the minus signs and dashes it reads as a minus, and a
# line break before a unit (58.00\n元: a wrapped cell, which it reads as 58.00).
_AMOUNT_CHARS = frozenset(
    ",.+-() \n\u00a0¥￥元人民币减免RMBCNYUArmbcnyua\u2212\u2796\u2010\u2011\u2012\u2013\u2014\u2015"
)

_DIGITS_DASHED = re.compile("[0-9][-\u2010-\u2015\u2212\u2796][0-9]")


def never_an_amount(folded: str) -> bool:
    """True when ``folded`` (a text as :func:`auditor.values.nfkc` gives it) holds what
    :func:`~auditor.values.parse_amount` never reads as an amount: a character no amount
    holds (a word, a date's 年, a time's colon), or a dash between two digits (a date's
    2023-05-01: a minus leads an amount, or none). A "no value" spelling (--, 无) is read
    as zero: never refused here."""
    if is_empty(folded):
        return False
    return not all(c.isdigit() or c in _AMOUNT_CHARS for c in folded) or bool(
        _DIGITS_DASHED.search(folded)
    )
