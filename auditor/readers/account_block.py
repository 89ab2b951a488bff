"""A bill's account block (账户信息: 上期结余, 本期缴费, 本期消费, 本期结余) printed beside its
charges table, in the same lines: account information, not charges nor sections.

A PDF's lines join what stands side by side, so the block's labels and figures fall in
cells left of the table's columns (账户信息 | | 费用项目 | 金额) or right of them. When every
label there is an account word (a payment or balance row, the month's spending, or a
heading of :data:`~auditor.words.ACCOUNT_HEADINGS`), those cells are the block's and are
emptied; a row left with nothing is set aside as blank.
"""

from __future__ import annotations

from dataclasses import replace

from auditor.names import header_key
from auditor.readers.base import CellRow
from auditor.readers.rows import is_amount, is_payment, which_total
from auditor.words import ACCOUNT_HEADINGS, ACCOUNT_LABELS


def beside_table(body: list[CellRow], columns: dict[str, int]) -> list[CellRow] | None:
    """The rows without the account block beside the table (its cells emptied, so that the
    columns stay where they are); None when there is no such block."""
    if "item" not in columns:
        return None
    first, last = min(columns.values()), max(columns.values())

    def beside(i: int) -> bool:
        return i < first or i > last

    labels = [text for row in body for i, text in row.filled() if beside(i) and not is_amount(text)]
    if not labels or not all(is_account_word(text) for text in labels):
        return None
    return [
        replace(row, cells=["" if beside(i) else text for i, text in enumerate(row.cells)])
        for row in body
    ]


def is_account_word(text: str) -> bool:
    """A label of the account block: a payment or balance, the month's spending, a heading."""
    key = header_key(text)
    return (
        is_payment(text)
        or which_total(text) == "total"
        or key in ACCOUNT_HEADINGS
        or key in ACCOUNT_LABELS
    )
