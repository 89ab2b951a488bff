"""Turning rows of cells into charges, services and bills: the layout logic every tabular
source shares (CSV, XLSX and the text rows of a PDF).

A source reader produces :class:`Row` objects (cells as text, where the row came from,
how far it is indented) and hands them to :func:`interpret`, which finds the header
block (:mod:`~auditor.readers.header_block`), the table's header
(:mod:`~auditor.readers.table_header`), the layout and reads it
(:mod:`~auditor.readers.bill_layouts`, :mod:`~auditor.readers.service_list`).

Every row ends up in exactly one place: a charge, a service, a bill's stated total, a
``set_aside`` reason (title, blank, header, section, subtotal, total, note, payment) or
``unparseable``; so ``rows_read`` always equals the sum of those.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from auditor.errors import InputError
from auditor.model import BILL, SERVICES, ReadResult
from auditor.names import header_key
from auditor.readers.base import ReadOptions
from auditor.readers.bill_layouts import make_bills, read_long_bill, read_statement
from auditor.readers.detect import require
from auditor.readers.header_block import CONTEXT_KEYS, block_context
from auditor.readers.rows import Reading, Row, classify_body, is_amount, labelled_value
from auditor.readers.service_list import read_services
from auditor.readers.table_header import find_header

__all__ = ["Row", "interpret"]


def interpret(rows: list[Row], path: Path, options: ReadOptions, *, sheet: str = "") -> ReadResult:
    """Read ``rows`` as a bill (long or statement layout) or a service list.

    ``sheet`` is the XLSX sheet's name, when the rows are one sheet: it is a hint for the
    line and month after the document's own header block and before the file's name.
    Raises :class:`InputError` when no table or no line/month can be found.
    """
    reading = Reading(path, options, ReadResult(path=str(path)))
    reading.result.rows_read = len(rows)
    where = f"sheet {sheet}" if sheet else None
    header = find_header(rows, options.kind)
    if header is not None:
        block, body = rows[: header.index], rows[header.index + 1 :]
        kind = header.kind
    else:
        start = _first_statement_row(rows)
        if start is None or options.kind == SERVICES:
            raise InputError(
                str(path),
                "could not detect a table: no header row naming the columns (such as "
                "费用项目/金额 or 业务名称/状态) and no rows of item and amount",
                where,
            )
        block, body, kind = rows[:start], rows[start:], BILL
    for row in block:
        reading.aside("blank" if not row.filled() else "title")
    if header is not None:
        reading.aside("header")
    body_kinds = classify_body(body)
    notes = [row for row, what in zip(body, body_kinds, strict=True) if what == "note"]
    reading.ctx = block_context(block, notes, path, options, sheet, reading.result.personal)
    reading.result.kind = kind
    columns = header.columns if header else {}
    if kind == SERVICES:
        if "line" not in columns:
            require(path, reading.ctx, "line", locator=where)
        read_services(reading, body, body_kinds, columns)
    else:
        needed = [f for f, col in (("line", "line"), ("period", "month")) if col not in columns]
        require(path, reading.ctx, *needed, locator=where)
        # A category column alone (费用类别 | 金额) is a statement's section column.
        if "category" in columns and "item" in columns:
            read_long_bill(reading, body, body_kinds, columns)
        else:
            read_statement(reading, body, body_kinds, columns)
        make_bills(reading)
    result = reading.result
    carriers = Counter(r.carrier for r in (*result.charges, *result.services) if r.carrier)
    result.carrier = reading.ctx.carrier or (carriers.most_common(1)[0][0] if carriers else None)
    return result


def _first_statement_row(rows: list[Row]) -> int | None:
    """Where a header-less statement starts: the first row of a label and an amount."""
    for index, row in enumerate(rows):
        filled = row.filled()
        if len(filled) < 2 or labelled_value(filled[0][1]) is not None:
            continue
        if header_key(filled[0][1]) in CONTEXT_KEYS:
            continue
        if is_amount(filled[-1][1]) and not is_amount(filled[0][1]):
            return index
    return None
