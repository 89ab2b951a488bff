"""Tables whose amount columns are labelled by period: 本月 | 上月, 本期 | 上期, or one
column a month (2026年08月 | 2026年09月 | 2026年10月, a 季度账单), newest first or last.

Which column holds the bill's charges is told by its label, never by where it stands:
本月/本期 (and a plain 金额 beside them) is the bill's own month; a column labelled with a
month is that month's, so a table of month columns gives each month its own charges, as
a bill of several months printed one after another does (its rows are read with a month
column, :func:`~auditor.readers.rows.line_and_period`, each month its own bill and its own
total); 上月/上期 is last month's, printed for comparison, and is not read. Where the
columns cannot be told apart (two of one month, 本月 without a known month, only last
month's), the rows are refused (unread), not guessed.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from auditor.errors import ValueParseError
from auditor.lang import Text, say
from auditor.names import header_key
from auditor.readers.base import CellRow
from auditor.readers.charged_columns import (
    amount_columns,
    by_label,
    choose,
    labelled_columns,
    refuse_rows,
    said_not_read,
)
from auditor.readers.rows import Reading, cell, is_amount, row_form
from auditor.values import parse_month

if TYPE_CHECKING:
    from auditor.readers.table_header import Header

# Column labels that name the period of their amounts (after header_key: no unit in
# brackets). Bill vocabulary shared by the carriers' e-bills, as the column names of
# :mod:`auditor.readers.table_header` are.
CURRENT_WORDS = ("本月", "本期", "当月", "当期", "this month", "current")
EARLIER_WORDS = ("上月", "上期", "前月", "上上月", "往月", "last month", "previous")
#: What may follow a period word in the label: 本月金额, 上期费用, 2026年10月金额.
AMOUNT_WORDS = (
    "金额",
    "费用",
    "消费",
    "应收",
    "实收",
    "应付",
    "实付",
    "应缴",
    "实缴",
    "amount",
    "charges",
)

CURRENT, EARLIER = "current", "earlier"
#: 本月 in a table whose rows state their month (账期 column): each row's own month.
ROW = "row"
_PLAIN_MONTH = re.compile(r"^(\d{1,2})月$")  # 10月, without its year
# A month as a column label writes it out: 2026年10月, 2026-10, 2026.10, 2026/10.
_MONTH_LABEL = re.compile(r"^\d{4}(?:年\d{1,2}月?|[-./]\d{1,2})$")
_CURRENT_KEYS = frozenset(header_key(w) for w in CURRENT_WORDS)
_EARLIER_KEYS = frozenset(header_key(w) for w in EARLIER_WORDS)
_SUFFIXES = tuple(header_key(w) for w in AMOUNT_WORDS)


def period_of(text: str) -> str | None:
    """What a column label says of its amounts' period: :data:`CURRENT`, :data:`EARLIER`,
    a month (``2026-10``), ``"M10"`` (a month without its year), or ``None``."""
    key = header_key(text) if text and text.strip() else ""
    for suffix in _SUFFIXES:
        if key.endswith(suffix) and len(key) > len(suffix):
            key = key[: -len(suffix)]
            break
    if key in _CURRENT_KEYS:
        return CURRENT
    if key in _EARLIER_KEYS:
        return EARLIER
    if plain := _PLAIN_MONTH.match(key):
        number = int(plain.group(1))
        return f"M{number:02d}" if 1 <= number <= 12 else None
    if not _MONTH_LABEL.search(key):
        return None  # a bare number (202610, 1, 200.00) is a value, not a column's month
    try:
        return parse_month(key)
    except ValueParseError:
        return None


def period_columns(cells: list[str], taken: dict[str, int]) -> dict[int, str]:
    """The header cells of ``cells`` that label an amount column by period (see
    :func:`period_of`), by column, leaving out the columns ``taken`` by other fields
    (the amount column's own plain 金额 aside: it is read as the bill's month)."""
    return labelled_columns(cells, taken, period_of)


def _month(period: str, bill_month: str | None) -> str | None:
    """The month a column's period is, given the bill's (:data:`ROW`: each row's own, by
    its month column); ``None``: not known, or last month's comparison column."""
    if period == CURRENT:
        return bill_month
    if period == EARLIER:
        return None
    if period.startswith("M"):  # 10月: the bill's year, or the year before for a later month
        if not bill_month or bill_month == ROW:
            return None
        year, month = int(bill_month[:4]), int(bill_month[5:])
        number = int(period[1:])
        return f"{year if number <= month else year - 1}-{number:02d}"
    return period


def by_period(
    reading: Reading,
    header: Header,
    body: list[CellRow],
    forms: list[str],
    columns: dict[str, int],
) -> tuple[list[CellRow], list[str], dict[str, int]]:
    """The rows of a table whose amount columns ``header`` labels by period, rewritten
    to be read by the statement or long layout: each month's amount in one amount column
    (and, for several months or another than the bill's, with its month in a month
    column, a copy of the rows a month); comparison columns blanked. When the columns
    cannot be told apart, every row is refused and none is returned. A table without
    such columns: as it is, or as :func:`~auditor.readers.charged_columns.by_label` reads
    several amounts of one month (应收金额 | 实收金额)."""
    periods, labels = header.periods, list(header.labels)
    if not periods:
        return by_label(reading, header, body, forms, columns)
    if "amount" in columns and columns["amount"] not in periods:
        periods = {**periods, columns["amount"]: CURRENT}  # 金额 beside 上月金额
    bill_month = reading.options.period or reading.ctx.period
    if "month" in columns and not reading.options.period:
        bill_month = ROW  # the rows say their month: 本月 is each row's
    months = {col: _month(period, bill_month) for col, period in sorted(periods.items())}
    read = {col: month for col, month in months.items() if month}
    gross = _gross(reading, read, labels, body, forms, columns)
    if gross:  # 本月应收 beside 本月实收: the charged one is read, the others said
        periods = {col: EARLIER if col in gross else p for col, p in periods.items()}
        months = {col: None if col in gross else m for col, m in months.items()}
        read = {col: month for col, month in read.items() if col not in gross}
    doubt = _doubt(periods, months, read)
    if doubt is not None:
        _refuse(reading, body, forms, labels, periods, doubt)
        return [], [], columns
    comparison = [labels[col] for col, month in months.items() if not month and col not in gross]
    if comparison:
        shown = "、".join(label.strip() for label in comparison)
        said = say(
            f"{shown} 一列是往期的金额，仅供对比，未作为本月费用读取",
            f"the {shown} column is an earlier period's, printed for comparison: not read "
            "as this month's charges",
        )
        if said not in reading.result.notes:
            reading.result.notes.append(said)
    several = len(set(read.values())) > 1
    # one month, not the bill's (2026年09月 | 上月 on October's bill): its month said too
    dated = several or set(read.values()) not in ({bill_month}, {ROW})
    width = max([len(row.cells) for row in body] + [*columns.values(), *periods]) + 1
    kept = {field: i for field, i in columns.items() if field != "amount"}
    out_columns = {**kept, "amount": width, **({"month": width + 1} if dated else {})}
    if several and reading.block_period in read.values():
        # the header block labels the bill's latest month: the other months are its own
        # columns', no clash with it
        reading.block_period = None
    rows: list[CellRow] = []
    out_forms: list[str] = []
    unused = set(range(len(body)))
    for col, month in sorted(read.items(), key=lambda item: item[1]):
        for index, (row, form) in enumerate(zip(body, forms, strict=True)):
            amount = row.cells[col].strip() if col < len(row.cells) else ""
            if form == "data" and not amount and _other_amount(row, periods):
                continue  # another month's row, or only last month's
            cells = [("" if i in periods else c) for i, c in enumerate(row.cells)]
            own = cell(row, columns, "month") if month == ROW else month
            cells += [""] * (width - len(cells)) + [amount] + ([own] if dated else [])
            made = CellRow(cells, row.locator, row.indent)
            rows.append(made)
            out_forms.append(row_form(made) if form in ("data", "label") else form)
            unused.discard(index)
    for _ in unused:  # filled only in last month's column: neither charge nor heading
        reading.aside("comparison")
    reading.result.rows_read += len(rows) - (len(body) - len(unused))
    return rows, out_forms, out_columns


def _other_amount(row: CellRow, periods: dict[int, str]) -> bool:
    return any(i in periods and is_amount(text) for i, text in row.filled())


def _gross(
    reading: Reading,
    read: dict[int, str],
    labels: list[str],
    body: list[CellRow],
    forms: list[str],
    columns: dict[str, int],
) -> set[int]:
    """The columns of a month read twice that are not the one charged, as
    :func:`~auditor.readers.charged_columns.choose` tells them (the bill's total, else the
    labels: 本月实收 beside 本月应收), each said with the one read; none where nothing
    tells (the table is refused as two columns of one month)."""
    kinds = amount_columns(labels, {})
    gross: set[int] = set()
    for month in sorted(set(read.values())):
        cols = [col for col, m in read.items() if m == month]
        if len(cols) < 2:
            continue
        # (a period column whose label names no amount, 本月, is a plain amount)
        choice = choose({c: kinds.get(c, "plain") for c in cols}, body, forms, columns)
        if choice.column is not None:
            left = [c for c in cols if c != choice.column]
            gross.update(left)
            said_not_read(reading, labels, choice.column, left, choice.how)
    return gross


def _doubt(
    periods: dict[int, str],
    months: dict[int, str | None],
    read: dict[int, str],
) -> Text | None:
    """Why the amount columns cannot be told apart, or ``None`` when they can."""
    if len(set(read.values())) < len(read):
        return Text("有两列是同一个月的", "two of them are the same month's")
    unknown = [col for col, month in months.items() if not month and periods[col] != EARLIER]
    if unknown:
        return Text("不知道账单是哪个月的（请用 --period 指定）", "the bill's month is not known "
                    "(give --period)")  # fmt: skip
    if not read:
        return Text("没有一列是本月的", "none of them is this month's")
    return None


def _refuse(
    reading: Reading,
    body: list[CellRow],
    forms: list[str],
    labels: list[str],
    periods: dict[int, str],
    doubt: Text,
) -> None:
    """Every row of the table unread (its headings set aside), and why, once for the file."""
    shown = " | ".join(labels[col].strip() for col in sorted(periods))
    why = say(
        f"金额列（{shown}）分不清哪一列是本月的：{doubt.zh}；未读取，以免把别的月份当作本月",
        f"its amount columns ({shown}) cannot be told apart: {doubt.en}; not read, rather "
        "than take another month's amounts for this month's",
    )
    refuse_rows(reading, body, forms, why)
