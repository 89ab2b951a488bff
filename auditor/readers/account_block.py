"""A bill's account block (账户信息: 上期结余, 本期缴费, 本期消费, 本期结余) printed beside its
charges table, in the same lines: account information, not charges nor sections.

A PDF's lines join what stands side by side, so the block's labels and figures fall in
cells left of the table's columns (账户信息 | | 费用项目 | 金额) or right of them. When every
label there is an account word (a payment or balance row, the month's spending, or a
heading of :data:`~auditor.words.ACCOUNT_HEADINGS`), those cells are the block's and are
emptied; a row left with nothing is set aside as blank.

The block's 本期消费 states the month's charges again: it is checked against what the
charges read add up to (:func:`spent_checked`), and a different figure is said with
where it stands, as a summary's figure above the detail is (auditor.readers.bill_summary).
"""

from __future__ import annotations

from dataclasses import replace

from auditor.amount_text import AmountText
from auditor.names import header_key
from auditor.readers.base import CellRow
from auditor.readers.rows import Reading, is_amount, is_payment, labelled_value, which_total
from auditor.values import parse_amount
from auditor.words import ACCOUNT_HEADINGS, ACCOUNT_LABELS

_SPENT_KEYS = frozenset(header_key(label) for label in ACCOUNT_LABELS)


def beside_table(body: list[CellRow], columns: dict[str, int]) -> list[CellRow] | None:
    """The rows without the account block beside the table (its cells emptied, so that the
    columns stay where they are); None when there is no such block."""
    if "item" not in columns:
        return None
    first, last = min(columns.values()), max(columns.values())

    def beside(i: int) -> bool:
        return i < first or i > last

    # Only the cells beside the columns looked at, left then right, as row.filled() gives
    # them; most rows have none (no column left of the table, none right of it).
    labels = [
        text
        for row in body
        if first or len(row.cells) > last + 1
        for i in (*range(min(first, len(row.cells))), *range(last + 1, len(row.cells)))
        if row.cells[i] and (text := row.cells[i].strip()) and not is_amount(text)
    ]
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


def spent_checked(
    reading: Reading, above: list[CellRow], body: list[CellRow], columns: dict[str, int], start: int
) -> None:
    """Say each 本期消费 of the account block (in the rows ``above`` the table, or beside it
    in ``body``) that is not what the charges read for the table from ``start`` on (those
    of ``reading.result.charges``) add up to: the charges are counted, the figure said
    with its file's place (page and line). Nothing is said when the table's charges are
    of several bills (whose month would the block's be?) or there are none."""
    charges = reading.result.charges[start:]
    if not charges or len({(c.line, c.period) for c in charges}) != 1:
        return
    read = sum(c.amount_fen for c in charges)
    # (a headerless statement's own rows are not beside a table: its total is its own)
    first, last = (min(columns.values()), max(columns.values())) if "item" in columns else (0, 0)
    beside = [
        (r, [c for c in r.filled() if c[0] < first or c[0] > last])
        for r in (body if "item" in columns else [])
    ]
    for row, cells in [*((r, r.filled()) for r in above), *beside]:
        for fen in _spent(cells):
            if fen != read:
                reading.result.warnings.append(
                    AmountText(
                        "{at}：账户信息的本期消费 {spent} 元与读到的各项费用合计 {read} 元不符"
                        "（按费用明细计）",
                        "{at}: the account block's 本期消费 {spent} is not what the charges "
                        "read add up to, {read} (the charges are counted)",
                        at=row.locator,
                        spent=fen,
                        read=read,
                    )
                )


def _spent(cells: list[tuple[int, str]]) -> list[int]:
    """The fen of each 本期消费 the cells state: a label with its figure in the next cell,
    or 本期消费：64.00 in one."""
    found = []
    for index, (_, text) in enumerate(cells):
        labelled = labelled_value(text)
        label, figure = labelled if labelled else (text, "")
        if not figure and index + 1 < len(cells):
            figure = cells[index + 1][1]
        if header_key(label).rstrip(":") in _SPENT_KEYS and figure and is_amount(figure):
            found.append(parse_amount(figure))
    return found
