"""Turning rows of cells into charges, services and bills: the layout logic every tabular
source shares (CSV, XLSX and the text rows of a PDF).

A source reader produces :class:`~auditor.readers.base.CellRow` objects (cells as text, where
the row came from, how far it is indented) and hands them to :func:`interpret`, which finds
the header block (:mod:`~auditor.readers.header_block`), the table's header
(:mod:`~auditor.readers.table_header`), the layout and reads it
(:mod:`~auditor.readers.bill_layouts`, :mod:`~auditor.readers.service_list`).

One document may hold several bills (a month per page, a 号码 block per line of a family
bill): a header block standing after data rows, naming another line or month, starts a new
*segment*, read with its own line, month and carrier (see
:func:`~auditor.readers.segments.plan_segments`); a heading naming an account that is no
mobile line (宽带账号) starts one of that account's rows, read as unread rows naming it
(:mod:`~auditor.readers.other_accounts`).

Every row ends up in exactly one place: a charge, a service, a bill's stated total, a
``set_aside`` reason or ``unparseable``; so ``rows_read`` always equals the sum of those.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from auditor import where
from auditor.amount_units import units_stated
from auditor.catalog import brand_named
from auditor.errors import ErrorCode, InputError, ValueParseError
from auditor.lang import Text, say
from auditor.model import BILL, SERVICES, ReadResult
from auditor.names import header_key
from auditor.readers.account_block import spent_checked
from auditor.readers.base import CellRow, ReadOptions, check_text_length, lines_summary
from auditor.readers.bill_layouts import (
    make_bills,
    read_long_bill,
    read_statement,
    settle_family_totals,
)
from auditor.readers.clues import text_clues
from auditor.readers.detect import Context, require
from auditor.readers.header_block import CONTEXT_KEYS, block_month, found_context, with_notes
from auditor.readers.headless_columns import headless_columns
from auditor.readers.not_bills import lines_summed, refuse_other_document
from auditor.readers.other_accounts import (
    check_totals,
    read_account,
    read_as_line,
    refuse_account_bill,
)
from auditor.readers.period_columns import by_period
from auditor.readers.rows import (
    Reading,
    is_amount,
    labelled_value,
    notes_below,
    row_form,
)
from auditor.readers.segments import ACCOUNT, BELOW, TITLE, Segment, plan_segments, resolved
from auditor.readers.service_list import read_services
from auditor.readers.statements import refuse_statement, refuse_untabled
from auditor.readers.table_header import BILL_LOOKUP, Header, find_header, header_columns
from auditor.values import find_phones, parse_amount

__all__ = ["enter_segment", "finish", "interpret", "plan_segments"]


LINE_COLUMN_ONLY = Text(
    "有号码列（{column}），但没有账单的费用项目和金额（如 费用项目/金额）：是详单或清单吗？",
    "a line column ({column}) but no bill's items and amounts (such as 费用项目/金额): a list?",
)


class NoTable(InputError):
    """A document in which no table (no header, no rows of item and amount) was found."""

    code = ErrorCode.NOT_A_BILL


_ASIDE = {TITLE: "title", BELOW: "note", ACCOUNT: "title"}


def interpret(
    rows: list[CellRow], path: Path, options: ReadOptions, *, sheet: str = ""
) -> ReadResult:
    """Read ``rows`` as a bill (long or statement layout) or a service list, or as several
    bills when header blocks after the data start new ones.

    ``sheet`` is the XLSX sheet's name, when the rows are one sheet: it is a hint for the
    line and month after the document's own header block and before the file's name.
    Raises :class:`InputError` when no table or no line/month can be found for the first
    bill, or a cell is over ``--max-cell-length``; rows of a later bill whose line or
    month cannot be found are unparseable. Rows that are another paper than a bill (an
    invoice, a usage detail: :mod:`~auditor.readers.not_bills`) are skipped, never read.
    """
    limit = options.max_cell_chars
    for row in rows:  # one place for every tabular source (CSV, XLSX, PDF, HTML)
        for cell in row.cells:
            if len(cell) > limit:  # check_text_length's test, asked without the call
                check_text_length(path, cell, options, row.locator)
    place = where.sheet(sheet) if sheet else None
    header = find_header(rows, options.kind)
    if header is None or header.kind != SERVICES:  # a list of services is no other paper
        refuse_statement(rows, path, place)  # a bank's or payment app's statement: no bill
        refuse_other_document(rows, path, place)  # an invoice, a usage detail: no bill
    reading = Reading(path, options, ReadResult(path=str(path)))
    reading.result.rows_read = len(rows)
    if header is not None:
        first = Segment(range(header.index), header, range(header.index + 1, len(rows)))
    else:
        if (count := lines_summed(rows)) > 1:
            raise NoTable(str(path), lines_summary(count), place)
        start = _first_statement_row(rows)
        if start is None or options.kind == SERVICES:
            refuse_untabled(rows, path, place)  # a contract, a receipt: set aside, no error
            raise NoTable(
                str(path),
                say(
                    "找不到表格：没有列出各列名称的表头行（如 费用项目/金额 或 业务名称/状态），"
                    "也没有“项目 金额”形式的行",
                    "could not detect a table: no header row naming the columns (such as "
                    "费用项目/金额 or 业务名称/状态) and no rows of item and amount",
                ),
                place,
            )
        first = Segment(range(start), None, range(start, len(rows)))
    forms = [row_form(row) if i in first.body else "" for i, row in enumerate(rows)]
    segments = plan_segments(rows, forms, first, reading, sheet)
    # no header row: the columns its rows say (增值业务费 | 副卡功能费 | 10.00), if sure
    guessed = headless_columns(reading, rows, forms) if header is None else {}
    inherited: Header | None = header
    doc_kinds: Counter[str] = Counter()
    carriers: set[str] = set()
    lines: set[str] = set()
    accounts: list[tuple[list[tuple[int, str]], int]] = []  # each one's totals and money
    for number, segment in enumerate(segments):
        inherited = segment.header or inherited
        kind = inherited.kind if inherited else BILL
        body, body_forms = _segment_rows(reading, rows, forms, segment)
        if segment.account is not None:  # a 宽带账号's rows: on no line, never guessed
            doc_kinds[BILL] += 1
            columns = inherited.columns if inherited else guessed
            accounts.append(read_account(reading, body, body_forms, columns, segment.account))
            continue
        if not body and number == 0 and len(segments) > 1:
            continue  # an account's heading right under the table header: no bill above it
        doc_kinds[kind] += 1
        notes = [row for row, what in zip(body, body_forms, strict=True) if what == "note"]
        before = segments[number - 1].found if number else None
        columns = enter_segment(
            reading, segment, notes, inherited, sheet=sheet, before=before, planned=True
        )
        columns = columns if inherited else guessed
        carriers.update([reading.ctx.carrier] if reading.ctx.carrier else [])
        lines.update([reading.ctx.line] if reading.ctx.line else [])
        try:
            first = number == 0
            require_fields(
                path, reading.ctx, kind, columns, place, rows if first else (),
                block=segment.context if first else (),
            )  # fmt: skip
        except InputError as exc:
            if number == 0:
                raise
            _unreadable_segment(reading, body, body_forms, exc.reason)
            continue
        start = len(reading.result.charges)
        _read_segment(reading, kind, body, body_forms, columns, inherited)
        spent_checked(reading, segment.context, body, columns, start)  # 账户信息's 本期消费
    for totals, money in accounts:
        check_totals(reading, totals, money)
    return finish(reading, doc_kinds, carriers, lines)


def enter_segment(
    reading: Reading,
    segment: Segment,
    notes: list[CellRow],
    header: Header | None,
    *,
    sheet: str = "",
    before: Context | None = None,
    planned: bool = False,
) -> dict[str, int]:
    """Settle what a segment's rows are read with: its line, month and carrier (from its
    header block and the notes below it, ``before`` the bill before it), the carrier
    clues of that text, and the unit of its amount column (its header's, or the one that
    text states: 单位：分); its table's columns.

    ``planned``: ``segment.found`` is what its header block states already (as
    :func:`plan_segments` leaves it), only the notes below the table not yet read.
    """
    if planned and before is None:
        segment.found = with_notes(segment.found, notes)
    else:
        segment.found = found_context(
            segment.context, notes, reading.result.personal, sheet=sheet, inherited=before
        )
    clue_text = "\n".join(row.text() for row in (*segment.context, *notes))
    for clue in text_clues(clue_text):
        if clue not in reading.result.carrier_clues:
            reading.result.carrier_clues.append(clue)
    reading.result.brand = reading.result.brand or brand_named(clue_text)
    columns = header.columns if header else {}
    reading.ctx = resolved(reading, segment.found, "line" in columns)
    if not segment.found.line and "line" not in columns:  # a 宽带账号's bill named a line's
        read_as_line(reading, segment.context)
    reading.block_period, text = block_month(segment.context, segment.found, sheet, before)
    reading.saw_span(text, reading.block_period)
    stated = units_stated(row.text() for row in (*segment.context, *notes))
    in_fen, named = bool(header and header.amount_in_fen), bool(header and header.unit_named)
    reading.take_unit(in_fen, named, stated)
    return columns


def finish(
    reading: Reading, doc_kinds: Counter[str], carriers: set[str], lines: set[str]
) -> ReadResult:
    """The document's result once every segment is read: its kind, its bills (a family
    bill's totals sorted out first) and its carrier."""
    result = reading.result
    reading.check_fen()
    result.kind = doc_kinds.most_common(1)[0][0]
    reading.mark_settling()
    if len(doc_kinds) > 1:
        result.warnings.append(
            say("文档里既有账单也有业务清单", "the document holds both bills and service lists")
        )
    if doc_kinds[BILL]:
        if len(lines) > 1:
            settle_family_totals(reading)
        make_bills(reading)
    records = Counter(r.carrier for r in (*result.charges, *result.services) if r.carrier)
    result.carrier = (
        next(iter(carriers))
        if len(carriers) == 1
        else (records.most_common(1)[0][0] if records else None)
    )
    return result


def aside_above(reading: Reading, row: CellRow, header: Header | None) -> None:
    """Set aside a row above a bill's table header: blank, or a title or header-block
    row. A row that reads as data under that header (an item, money in the amount
    column and a third cell: rows sorted together with their header, one export pasted
    above another) is out of place and is recorded as unread, not dropped unseen."""
    filled = row.filled()
    if not filled:
        reading.aside("blank")
        return
    columns = header.columns if header is not None and header.kind == BILL else {}
    item, amount = columns.get("item"), columns.get("amount")
    cells = row.cells
    if len(filled) >= 3 and item is not None and amount is not None and amount < len(cells):
        try:
            parse_amount(cells[amount])
        except ValueParseError:
            pass
        else:
            if item < len(cells) and cells[item].strip():
                reading.issue(row, Text("表头上方的账单行", "a bill row above the table header"))
                return
    reading.aside("title")


def _segment_rows(
    reading: Reading, rows: list[CellRow], forms: list[str], segment: Segment
) -> tuple[list[CellRow], list[str]]:
    """Set aside the segment's header block, its table header and the rows the planner
    set aside; the body rows left for the layout to read, and their forms."""
    for index in segment.block:
        aside_above(reading, rows[index], segment.header)
    if segment.header is not None:
        reading.aside("header")
    kept = []
    for index in segment.body:
        if forms[index] in _ASIDE:
            reading.aside("blank" if not rows[index].filled() else _ASIDE[forms[index]])
        else:
            kept.append(index)
    return [rows[i] for i in kept], notes_below([forms[i] for i in kept])


def require_fields(
    path: Path,
    ctx: Context,
    kind: str,
    columns: dict[str, int],
    where: str | None,
    rows: Sequence[CellRow] = (),
    *,
    block: Sequence[CellRow] = (),
) -> None:
    """Raise when the line (and, for a bill, the month) is neither a column nor known;
    ``rows``: the document's, whose lines (when it names several) the error counts;
    ``block``: its header block, which, naming no line but a 宽带账号, makes it that
    account's bill, skipped as one (:func:`~auditor.readers.other_accounts.refuse_account_bill`)."""
    if not ctx.line and "line" not in columns and block:
        refuse_account_bill(str(path), block, where)
    if not ctx.line and "line" not in columns and rows:  # (it fails: say why)
        if (named := _line_column(rows)) is not None:  # not "no line column": no items
            raise NoTable(str(path), LINE_COLUMN_ONLY.shown().format(column=named), where)
        ctx = replace(ctx, lines_named=len({n for r in rows for n in find_phones(r.text())}))
    if kind == SERVICES:
        if "line" not in columns:
            require(path, ctx, "line", locator=where)
        return
    needed = [f for f, col in (("line", "line"), ("period", "month")) if col not in columns]
    require(path, ctx, *needed, locator=where)


def _line_column(rows: Sequence[CellRow]) -> str | None:
    """A line column's header (手机号码) over numbers, no table read under it: its rows'
    other numbers (对方号码) are no lines."""
    for index, row in enumerate(rows[:30]):
        if (col := header_columns(row.cells, BILL_LOOKUP).get("line")) is not None:
            below = (r.cells[col] for r in rows[index + 1 :] if col < len(r.cells))
            return row.cells[col].strip() if any(find_phones(cell) for cell in below) else None
    return None


def _read_segment(reading: Reading, kind: str, body: list[CellRow], forms: list[str],
                  columns: dict[str, int], header: Header | None = None) -> None:  # fmt: skip
    if kind == BILL and header is not None:  # amounts labelled by period: 本月 | 上月 …
        body, forms, columns = by_period(reading, header, body, forms, columns)
    if kind == SERVICES:
        read_services(reading, body, forms, columns)
    # A category column alone (费用类别 | 金额) is a statement's section column.
    elif "category" in columns and "item" in columns:
        read_long_bill(reading, body, forms, columns)
    else:
        read_statement(reading, body, forms, columns)


def _unreadable_segment(
    reading: Reading, body: list[CellRow], forms: list[str], reason: str
) -> None:
    """A later bill whose line or month cannot be found: its rows are unread, not guessed."""
    for row, form in zip(body, forms, strict=True):
        if form in ("blank", "note"):
            reading.aside(form)
        else:
            reading.issue(
                row,
                say(
                    f"在第一份账单下方另起的一份账单里：{reason}",
                    f"in a bill of its own below the first: {reason}",
                ),
            )


def _first_statement_row(rows: list[CellRow]) -> int | None:
    """Where a header-less statement starts: the first row of a label and an amount."""
    for index, row in enumerate(rows):
        filled = row.filled()
        first = filled[0][1] if len(filled) >= 2 else ""
        if not first or labelled_value(first) is not None or header_key(first) in CONTEXT_KEYS:
            continue
        if is_amount(filled[-1][1]) and not is_amount(filled[0][1]):
            return index
    return None
