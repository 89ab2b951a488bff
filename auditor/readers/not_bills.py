"""Papers kept beside a line's bills that are not bills: an invoice, a usage detail, a
points statement, a list of payments or top-ups, a top-up message.

Each reads like a bill: a header row (项目名称 金额 税率 税额), items with amounts (话费充值
100.00), a total (价税合计 39.00). Read as one, an invoice's total is its bill's again (a
copy that differs by its tax, or a bill of its own with false findings), a detail's
per-call fees are charges its bill already counts, a points statement's items are gifts
bought with points (咪咕视频会员周卡 as an unknown service), and a top-up is money paid in,
never charged (its message's 本月消费 is the month so far, not its bill). So each is told
by the words that make it what it is (:mod:`auditor.words`, "not bills") before it is
read as a bill: :func:`refuse_other_document` for every tabular source (asked first by
:func:`auditor.readers.table.interpret`), :func:`other_message` for a carrier's message
(the SMS reader). What is told so is skipped (:class:`NotABill`), saying what it is: no error,
and nothing of it read.

A real bill may print the same words: an item 发票邮寄费, a 充值赠送 credit, a points block
(本期兑换积分 | 可用积分), a note 积分兑换请登录…: no one such word decides, and a bill's
rows (a header row of its own, items of its own) keep it a bill.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from auditor.errors import ErrorCode, SkippedInput
from auditor.lang import Text
from auditor.readers.base import CellRow
from auditor.readers.detail_records import is_detail_header
from auditor.readers.rows import is_amount, is_payment, labelled_value, which_total
from auditor.readers.table_header import BILL_LOOKUP, header_columns
from auditor.values import find_phones, nfkc
from auditor.words import (
    INVOICE_TOTAL_WORDS,
    INVOICE_WORDS,
    PAYMENT_COLUMN_WORDS,
    POINTS_ITEM_WORDS,
    POINTS_WORDS,
    TOP_UP_BILL_WORDS,
    TOP_UP_GIFT_WORDS,
    TOP_UP_WORDS,
    any_of,
)

__all__ = [
    "NotABill",
    "bill_header",
    "is_top_up",
    "lines_summed",
    "other_document",
    "other_message",
    "refuse_other_document",
]

INVOICE = Text("是发票，不是账单", "an invoice, not a bill")
USAGE_DETAIL = Text("是通话或上网详单，不是账单", "a usage detail (calls, data), not a bill")
POINTS = Text("是积分兑换记录，不是账单", "a points statement, not a bill")
PAYMENTS = Text("是缴费或充值记录，不是账单", "a list of payments or top-ups, not a bill")
TOP_UP = Text("是充值或缴费短信，不是账单", "a top-up message, not a bill")

# A header stands above the rows with amounts: looked for in the rows before the first
# of them, and no further down than this (a page's header block is a dozen rows).
_HEAD_ROWS = 30
# Any of the invoice's words in a row's text: the row is looked at part by part.
_INVOICE_HINT = re.compile(any_of((*INVOICE_TOTAL_WORDS, *INVOICE_WORDS)))
# Money paid in, as a message says it: 充值100.00元, 成功缴费 50元, 充值金额：100元.
_TOP_UP = re.compile(
    any_of(TOP_UP_WORDS) + r"(?:成功)?(?:金额)?[为是了:：]?\s*+(?:人民币|¥|￥)?\s*+\d[\d,]*+"
    r"(?:\.\d++)?\s*+元"
)


class NotABill(SkippedInput):
    """A document told to be another paper than a bill (an invoice, a usage detail):
    skipped, its reason saying what it is."""

    code = ErrorCode.NOT_A_BILL


def refuse_other_document(rows: list[CellRow], path: Path, locator: str | None = None) -> None:
    """Raise :class:`NotABill` when ``rows`` are another paper than a bill
    (:func:`other_document`); ``locator`` names the part of the file (a sheet)."""
    if (what := other_document(rows)) is not None:
        raise NotABill(str(path), what.shown(), locator)


def other_document(rows: list[CellRow]) -> Text | None:
    """What ``rows`` are when they are a paper beside a bill rather than one (an invoice,
    a usage detail, a points statement, a list of payments), as the reason a file is
    skipped; ``None`` for rows that may be a bill.

    Rows holding a bill's own table (a header naming an item and an amount column) are
    a bill whatever words stand beside it (a 税率 | 税额 column, a 缴费方式 or 发票号码 line,
    a usage summary above): only the table's own header row, its total (价税合计) and its
    items (top-ups alone) may tell it is another paper. Words decide only without one."""
    table = bill_header(rows)
    if table is not None:
        return _other_table(rows, table)
    if _is_invoice(rows):
        return INVOICE
    for row in _head(rows):
        if (what := _header_names(row)) is not None:
            return what
    return PAYMENTS if _only_top_ups(rows) else None


def bill_header(rows: list[CellRow]) -> CellRow | None:
    """The header row of a bill's own table among the head rows: one naming an amount
    column and an item (费用项目) or a category (费用类型) column."""
    for row in rows[:_HEAD_ROWS]:
        columns = header_columns(row.cells, BILL_LOOKUP)
        if "amount" in columns and ("item" in columns or "category" in columns):
            return row
    return None


def _other_table(rows: list[CellRow], header: CellRow) -> Text | None:
    """What a table with a bill's header is when it is not a bill: its header row names
    a detail's, a points record's or a payment's columns, its total is an invoice's
    (价税合计), or its every item is money paid in; else ``None``, a bill."""
    if (what := _header_names(header)) is not None:
        return what
    if any(
        part.startswith(INVOICE_TOTAL_WORDS)
        for row in _ends(rows)
        if _INVOICE_HINT.search(row.text())
        for part in _parts(row)
    ):
        return INVOICE
    return PAYMENTS if _only_top_ups(rows) else None


def other_message(text: str) -> Text | None:
    """What a carrier's message is when it is no bill's (a top-up, an invoice), as the
    reason it is set aside; ``None`` for one that may be a bill's."""
    if any(word in text for word in INVOICE_TOTAL_WORDS):
        return INVOICE  # 您的电子发票已开具：…价税合计39.00元
    return TOP_UP if is_top_up(text) else None


def is_top_up(text: str) -> bool:
    """A message confirming money paid in (充值100.00元, 缴费成功): never a bill, whatever
    it adds of the month's spending so far; one naming its bill (账单) is the bill's."""
    return not any(word in text for word in TOP_UP_BILL_WORDS) and bool(_TOP_UP.search(text))


def _header_names(row: CellRow) -> Text | None:
    """The paper a header row's columns name (a detail's, a points record's, a list of
    payments'), or ``None``."""
    if is_detail_header(row.text()):
        return USAGE_DETAIL
    # A header row names its columns: a header block's 可用积分：2350 names none.
    columns = [part for part in _parts(row, labels=False) if part]
    if _points_header(columns):
        return POINTS
    if any(column.startswith(PAYMENT_COLUMN_WORDS) for column in columns):
        return PAYMENTS
    return None


def _parts(row: CellRow, *, labels: bool = True) -> list[str]:
    """The row's words, each as its label when it is ``label：value`` (开票日期：…);
    without ``labels``, such a word is ``""``."""
    parts = []
    for _, cell in row.filled():
        for part in nfkc(cell).split():
            labelled = labelled_value(part)
            parts.append(part if labelled is None else labelled[0] if labels else "")
    return parts


def _has_amount(row: CellRow) -> bool:
    return any(is_amount(part) for _, cell in row.filled() for part in cell.split())


def _head(rows: list[CellRow]) -> Iterator[CellRow]:
    """The rows above the first that holds an amount: where a header row stands."""
    for row in rows[:_HEAD_ROWS]:
        if _has_amount(row):
            return
        yield row


def _is_invoice(rows: list[CellRow]) -> bool:
    """An invoice's total (价税合计), or two of an invoice's other labels and columns,
    looked for where an invoice prints them: its head (开票日期, 税率 | 税额) and its foot
    (价税合计, 销售方); a long bill's rows between are not read twice."""
    seen: set[str] = set()
    for row in _ends(rows):
        if not _INVOICE_HINT.search(row.text()):
            continue
        for part in _parts(row):
            seen.update(word for word in INVOICE_TOTAL_WORDS if part.startswith(word))
            seen.update(word for word in INVOICE_WORDS if part.startswith(word))
        if seen & set(INVOICE_TOTAL_WORDS) or len(seen) >= 2:
            return True
    return False


def _ends(rows: list[CellRow]) -> list[CellRow]:
    """The rows where an invoice prints its labels: its head and its foot."""
    return rows if len(rows) <= 2 * _HEAD_ROWS else [*rows[:_HEAD_ROWS], *rows[-_HEAD_ROWS:]]


def _points_header(columns: list[str]) -> bool:
    """A header row naming points (积分) and, in another column, what they bought or
    when (兑换项目, 时间): a record a row; not a bill's points block, whose every column
    names its points (上期积分 | 本期兑换积分 | 可用积分)."""
    points = [column for column in columns if any(word in column for word in POINTS_WORDS)]
    other = [column for column in columns if any(w in column for w in POINTS_ITEM_WORDS)]
    return bool(points) and any(column not in points for column in other)


def _only_top_ups(rows: list[CellRow]) -> bool:
    """Every item with an amount is money paid in (话费充值) or the credit it gave
    (赠送话费), one paid in at least: a list of payments, however its header is named."""
    paid = False
    for row in rows:
        if not _has_amount(row):
            continue
        label = next((part for part in _parts(row) if _is_label(part)), "")
        if not label or which_total(label) or is_payment(label):
            continue
        if any(word in label for word in TOP_UP_WORDS):
            paid = True
        elif not any(word in label for word in TOP_UP_GIFT_WORDS):
            return False  # an item of a bill: a charge
    return paid


def _is_label(part: str) -> bool:
    """A word that may name an item: letters in it, no amount (not a date, a number)."""
    return any(char.isalpha() for char in part) and not is_amount(part)


def lines_summed(rows: list[CellRow]) -> int:
    """How many lines a table of each line's total lists (a company bill's 号码汇总 sheet:
    用户号码 | 账期 | 本月费用合计): a row naming a line column and no item, then rows
    each holding a line there and an amount; 0 when the rows are no such table. Such a
    summary is no bill's detail either, but it is a bill's part: its file is refused, not
    skipped (:func:`auditor.readers.base.lines_summary`)."""
    found = next(
        ((i, columns) for i, row in enumerate(rows)
         if "line" in (columns := header_columns(row.cells, BILL_LOOKUP))),
        None,
    )  # fmt: skip
    if found is None or "item" in found[1]:
        return 0
    index, columns = found
    taken = set(columns.values())
    lines = set()
    for row in rows[index + 1 :]:
        cells = row.cells
        numbers = find_phones(cells[columns["line"]]) if columns["line"] < len(cells) else []
        if len(numbers) == 1 and any(
            is_amount(text) for col, text in enumerate(cells) if col not in taken
        ):
            lines.add(numbers[0])
    return len(lines)
