"""The fast path for the commonest export: a CSV bill in the long layout (one charge a row).

:func:`auditor.readers.table.interpret` reads any table row by row, and asks of every
row what it could be (a header block, a note, a total, a payment, a heading). A long
bill of 200,000 rows asks that 200,000 times of rows that are all plain charges. This
path reads the same rows to the same result, with the questions asked once per distinct
cell text (a bill repeats its line, month, categories and amounts) and the plain rows
turned into charges in one tight loop. Every row that is not plain (a total, a payment,
a note, a blank, a heading, an amount that does not parse) goes through the very
function the slow path uses (:func:`~auditor.readers.bill_layouts.long_row`), in its
place in the order; a document that is not simply a header block, one table header and
a long table (a header block further down starts another bill, ``--line`` or
``--period`` override the rows) is not taken here at all: :func:`read_long_csv` returns
``None`` and the caller reads it the slow way. ``tests/test_fast_paths.py`` reads every
fixture and fuzzed variant both ways and compares the results whole.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path

from auditor import where
from auditor.errors import ValueParseError
from auditor.model import BILL, ReadResult
from auditor.readers.base import CellRow, ReadOptions
from auditor.readers.bill_layouts import (
    LongBill,
    add_charge,
    categories_of,
    end_long_bill,
    long_row,
)
from auditor.readers.charged_columns import amount_columns
from auditor.readers.detect import folder_line_used
from auditor.readers.header_block import block_row, names_a_block_label
from auditor.readers.not_bills import refuse_other_document
from auditor.readers.other_accounts import account_heading, is_account
from auditor.readers.rows import (
    TOTAL_NO_AMOUNT,
    Reading,
    lone_total,
    notes_below,
    plain_labels,
    row_form,
    which_figure,
)
from auditor.readers.segments import Segment
from auditor.readers.statements import refuse_statement
from auditor.readers.table import aside_above, enter_segment, finish, require_fields
from auditor.readers.table_header import find_header
from auditor.values import parse_month, parse_phone

# The table header is looked for in the first rows only: a file whose header stands
# further down is read the slow way (the same header, found by the same function).
_HEAD_ROWS = 200
_FAILED = object()


def read_long_csv(
    cells: list[list[str]], starts: list[int], path: Path, options: ReadOptions
) -> ReadResult | None:
    """The reading of a CSV's rows (``cells``, each starting on line ``starts[i]``) when
    they are one long bill, else ``None`` (read them with ``interpret``).

    Raises what ``interpret`` raises for the same rows (no line or month to be found).
    """
    if options.line or options.period or not cells:
        return None  # an override is said once per differing row: the slow path says it
    locator = [where.row(start) for start in starts[:_HEAD_ROWS]]
    head = [CellRow(cells[i], locator[i]) for i in range(min(len(cells), _HEAD_ROWS))]
    header = find_header(head, options.kind)
    if header is None or header.kind != BILL:
        return None
    columns = header.columns
    if "category" not in columns or "item" not in columns or header.periods:
        return None  # a statement, or amounts labelled by period: read by the slow path
    refuse_statement(head, path)  # a payment app's 交易分类 | 商品说明, say
    refuse_other_document(head, path)  # a usage detail with a category column, say
    if len(amount_columns(header.labels, columns)) > 1:
        return None  # 应收金额 | 实收金额: which is charged is the slow path's to tell
    body = range(header.index + 1, len(cells))
    forms = _forms(cells, starts, body)
    if forms is None:
        return None
    reading = Reading(path, options, ReadResult(path=str(path)))
    reading.result.rows_read = len(cells)
    segment = Segment(range(header.index), header, body, context=head[: header.index])
    for row in segment.context:
        aside_above(reading, row, header)
    reading.aside("header")
    body_forms = notes_below([form for form, _ in forms])
    notes = [row for (_, row), form in zip(forms, body_forms, strict=True) if form == "note"]
    enter_segment(reading, segment, notes, header)
    # no line for the rows: the error counts the lines they name, as interpret's does
    failing = not reading.ctx.line and "line" not in columns
    require_fields(
        path,
        reading.ctx,
        BILL,
        columns,
        None,
        [CellRow(c, "") for c in cells] if failing else (),
        block=segment.context,
    )
    _read_rows(reading, cells, starts, body, forms, body_forms, columns)
    carriers = {reading.ctx.carrier} if reading.ctx.carrier else set()
    lines = {reading.ctx.line} if reading.ctx.line else set()
    return finish(reading, Counter({BILL: 1}), carriers, lines)


def _forms(
    cells: list[list[str]], starts: list[int], body: range
) -> list[tuple[str, CellRow | None]] | None:
    """Each body row's form, with the row itself when it is not plain data; ``None`` when a
    row is a header block (another bill, or a block under the header: the slow path's)."""
    # What row_form and block_row ask of each cell, asked once per distinct text.
    distinct: set[str] = set().union(*(cells[i] for i in body)) if body else set()
    spaces = {text for text in distinct if text and text.isspace()}
    named: set[str] = set()
    if names_a_block_label(list(distinct)):  # one search over them all; most bills: none
        named = {text for text in distinct if names_a_block_label([text])}
    forms: list[tuple[str, CellRow | None]] = []
    for index in body:
        raw = cells[index]
        filled = len(raw) - raw.count("")
        if spaces:
            filled -= sum(1 for text in raw if text in spaces)
        if filled >= 3:  # row_form's "data", and no one-cell title naming a month
            if named and not named.isdisjoint(raw):
                if block_row(_row(cells, starts, index)) is not None:
                    return None
            forms.append(("data", None))
            continue
        row = _row(cells, starts, index)
        form = row_form(row)
        if form in ("label", "data") and (block_row(row) or account_heading(row)):
            return None  # another bill, or an account's rows: the planner's
        forms.append((form, row))
    return forms


def _row(cells: list[list[str]], starts: list[int], index: int) -> CellRow:
    return CellRow(cells[index], where.row(starts[index]))


def _read_rows(
    reading: Reading,
    cells: list[list[str]],
    starts: list[int],
    body: range,
    forms: list[tuple[str, CellRow | None]],
    body_forms: list[str],
    columns: dict[str, int],
) -> None:
    """:func:`~auditor.readers.bill_layouts.read_long_bill` over the body rows: a plain row
    becomes its charge here, every other row goes through ``long_row`` as there."""
    ctx = reading.ctx
    line_at, month_at = columns.get("line"), columns.get("month")
    at = [columns.get(name) for name in ("category", "item", "amount", "code", "provider")]
    lines = {_cell(cells[i], line_at) for i, f in zip(body, body_forms, strict=True) if f == "data"}
    parsed = (_parsed(parse_phone, text) for text in lines if text)
    parsed_lines = {line for line in parsed if line and line is not _FAILED}
    accounts = {text for text in lines if text and is_account(text)}  # as _lines_in counts
    bill = LongBill(len(parsed_lines) + len(accounts) > 1)
    keys: dict[tuple[str, str], tuple[str, str] | None] = {}
    fens = _Memo(reading.amount)
    # The plain rows' texts first, so that what is asked of their categories and items
    # (a total's or a payment's label? which category?) is asked of them all at once.
    texts = _plain_texts(cells, body, forms, [*at, line_at, month_at])
    plain = [row_texts for row_texts in texts if row_texts is not None]
    labels = list(dict.fromkeys(text for row_texts in plain for text in row_texts[:2]))
    quiet = dict(zip(labels, plain_labels(labels), strict=True))
    categories = iter(categories_of([(row_texts[0], row_texts[1]) for row_texts in plain]))
    for index, (_, row), body_form, row_texts in zip(body, forms, body_forms, texts, strict=True):
        if row is None:
            category, item, amount, code, provider, line_text, month_text = row_texts
            category_id = next(categories)
            key = keys.get((line_text, month_text), _FAILED)
            if key is _FAILED:
                key = keys[line_text, month_text] = _key(line_text, month_text, ctx, month_at)
                if key is not None and month_text:  # as line_and_period notes it
                    reading.saw_month(month_text, key[1])
                if key is not None and not line_text:  # asked once per line and month
                    folder_line_used(reading.result, ctx)
            fen = fens(amount) if amount else _FAILED
            if (
                key is not None
                and fen is not _FAILED
                and (category or item)
                and quiet[category]
                and quiet[item]
            ):
                add_charge(
                    reading,
                    where.row(starts[index]),
                    key,
                    category,
                    item,
                    fen,
                    code=code,
                    provider=provider,
                    category=category_id,
                )
                continue
            row = _row(cells, starts, index)
        # data_rows(bill=True), row by row
        if body_form == "data" or which_figure(row):
            long_row(reading, row, columns, bill)
        elif lone_total(row, body_form):
            reading.issue(row, TOTAL_NO_AMOUNT)
        else:
            reading.aside("section" if body_form == "label" else body_form)
    end_long_bill(reading, bill)


def _plain_texts(
    cells: list[list[str]],
    body: range,
    forms: list[tuple[str, CellRow | None]],
    at: list[int | None],
) -> list[list[str] | None]:
    """Each plain body row's cells at ``at`` (:func:`_cell`), ``None`` for the others."""
    widest = max((i for i in at if i is not None), default=-1)
    texts: list[list[str] | None] = []
    for index, (_, row) in zip(body, forms, strict=True):
        raw = cells[index]
        if row is not None:
            texts.append(None)
        elif len(raw) > widest:  # every column there: no _cell call per cell
            texts.append([raw[i].strip() if i is not None else "" for i in at])
        else:
            texts.append([_cell(raw, i) for i in at])
    return texts


def _cell(raw: list[str], index: int | None) -> str:
    """:func:`~auditor.readers.rows.cell` of a row's raw cells."""
    if index is None or index >= len(raw):
        return ""
    return raw[index].strip()


def _key(line_text: str, month_text: str, ctx, month_at: int | None) -> tuple[str, str] | None:
    """:func:`~auditor.readers.rows.line_and_period` without options, or ``None`` when it
    raises (the row then goes the slow way, which says why)."""
    own_line = _parsed(parse_phone, line_text) if line_text else None
    own_month = _parsed(parse_month, month_text) if month_text else None
    if own_line is _FAILED or own_month is _FAILED:
        return None
    line = own_line or ctx.line
    period = own_month or ctx.period
    if not line or (not period and month_at is not None):
        return None
    return line, period or ""


def _parsed(parse: Callable[[str], str], text: str):
    try:
        return parse(text)
    except ValueParseError:
        return _FAILED


class _Memo:
    """``function(text)`` once per distinct text; ``_FAILED`` for a ValueParseError."""

    def __init__(self, function: Callable[[str], object]):
        self.function = function
        self.known: dict[str, object] = {}

    def __call__(self, text: str):
        known = self.known.get(text, _FAILED)
        if known is _FAILED and text not in self.known:
            known = self.known[text] = _parsed(self.function, text)
        return known
