"""What both workbook readers share, openpyxl's (:mod:`auditor.readers.workbook`) and
calamine's (:mod:`auditor.readers.calamine_book`): a cell's value as text, the check of a
package's unpacked size, and a sheet's stored rows laid out as rows of cells. Its own
module so that neither reader imports the other for them.
"""

from __future__ import annotations

import zipfile
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path

from auditor import where
from auditor.errors import ErrorCode, InputError
from auditor.lang import say
from auditor.readers.base import CellRow, MiB, ReadOptions
from auditor.readers.table_header import header_of
from auditor.values import float_fen


def cell_text(value: object) -> str:
    """An XLSX cell's value as the text a CSV export would show.

    Floats go through their shortest decimal form (``repr``), never through arithmetic,
    so money stays exact; a whole number stored as a float (a phone number
    ``13800001234.0``) loses its ``.0``, and a formula's binary noise around a whole fen
    (``33.699999999999996``) is that fen (``33.70``).
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return str(value)
        if value.is_integer():
            return str(int(value))
        text = format(Decimal(repr(value)), "f")
        # A formula's binary noise (=SUM(...) stored as 33.699999999999996) is no part of
        # a fen: the cell shows 33.70, as Excel does, and is read as that amount.
        if len(text) - text.index(".") > 3 and (fen := float_fen(value)) is not None:
            return format(Decimal(fen).scaleb(-2), "f")
        return text
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


def check_unpacked(path: Path, infos: list[zipfile.ZipInfo], options: ReadOptions) -> None:
    """Refuse a package (XLSX, ODS) whose parts declare more unpacked bytes than the
    limit, before anything is unpacked."""
    unpacked = sum(info.file_size for info in infos)
    if unpacked > options.max_unpacked_bytes:
        raise InputError(
            str(path),
            say(
                f"解压后有 {unpacked / MiB:.1f} MiB，超过解压数据 "
                f"{options.max_unpacked_bytes / MiB:.0f} MiB 的上限"
                "（解压前已拒绝；可用 --max-unpacked-size 调高）",
                f"unpacks to {unpacked / MiB:.1f} MiB, over the "
                f"{options.max_unpacked_bytes / MiB:.0f} MiB limit for unpacked data "
                "(refused before unpacking; raise it with --max-unpacked-size)",
            ),
            code=ErrorCode.OVER_LIMIT,
        )


#: A merged range of cells: first row, first column, last row, last column (1 for A1).
Merge = tuple[int, int, int, int]


def filled_down(
    stored: list[tuple[int, dict[int, str], int]], merges, kind: str | None = None
) -> None:
    """Give each stored row that a cell merged down a column covers that cell's value
    (its first row's), as Excel shows it: a 费用类别 merged over the two items it heads
    belongs to both, and a 手机号码 merged down a bill's rows to every row. Both workbook
    readers read a merged range's value in its first cell only. Only a range one column
    wide is filled, and only into rows that hold something else (a row the merge alone
    covers stays blank); a range merged across a row (a title, a 合计 spanning the label
    columns) is left as it is. ``merges``: the sheet's merged ranges (:data:`Merge`);
    ``kind``: the ``--kind`` option, as the table reads the header with it.

    Only a text column is filled: one the table header above the range (the nearest,
    :func:`~auditor.readers.table_header.header_of`, as the table finds it) names as a
    number, a month, a category, an item or another field that is not money. An amount
    (or a service's price) merged over two items is one amount, charged once, on its first
    row: filled, it was charged on each. Above every header a range is the header's own
    (a name over two header rows) or a title, filled when it holds no figure; a column
    the header does not name is left as stored."""
    down = [m for m in merges if m[2] > m[0] and m[1] == m[3]]
    if not down:
        return
    rows = {number: texts for number, texts, _ in stored}
    headers = _headers(stored, max(m[0] for m in down), kind)
    for first, column, last, _ in down:
        value = rows.get(first, {}).get(column)
        if not value or not _text_column(headers, first, column, value):
            continue
        for number in range(first + 1, last + 1):
            texts = rows.get(number)
            if texts and column not in texts:
                texts[column] = value


#: A header's fields that hold money: never filled down.
_MONEY_FIELDS = frozenset({"amount", "price"})


def _headers(
    stored: list[tuple[int, dict[int, str], int]], until: int, kind: str | None
) -> list[tuple[int, dict[int, str]]]:
    """Each table header row up to row ``until``: its number and the field each column it
    names holds (by the sheet's column, 1 for A)."""
    found = []
    for number, texts, _ in stored:
        if number > until:
            break
        columns = sorted(texts)
        header = header_of([texts[c] for c in columns], kind) if columns else None
        if header is not None:
            fields = {columns[index]: field for field, index in header[1].items()}
            found.append((number, fields))
    return found


def _text_column(
    headers: list[tuple[int, dict[int, str]]], first: int, column: int, value: str
) -> bool:
    """Whether a range merged down ``column`` from row ``first`` holds text to fill down
    (see :func:`filled_down`)."""
    above = [fields for number, fields in headers if number < first]
    if not above:
        return not any(char.isdigit() for char in value)
    field = above[-1].get(column)
    return field is not None and field not in _MONEY_FIELDS


def laid_out(
    stored: list[tuple[int, dict[int, str], int]],
    used: set[int],
    title: str,
    path: Path,
    options: ReadOptions,
    merges=(),
) -> list[CellRow]:
    """The stored rows (row number, texts by column, indent) as
    :class:`~auditor.readers.base.CellRow` objects over the columns some row uses, cells
    merged down a column filled down (:func:`filled_down`)."""
    filled_down(stored, merges, options.kind)
    position = {column: index for index, column in enumerate(sorted(used))}
    laid_out = sum(position[max(texts)] + 1 for _, texts, _ in stored if texts)
    if laid_out > options.max_cells:
        raise InputError(
            str(path),
            say(
                f"按行列排开，这个工作表有 {laid_out:,} 个单元格，超过单个文件 "
                f"{options.max_cells:,} 个的上限（可用 --max-cells 调高）",
                f"laid out in rows and columns, the sheet holds {laid_out:,} cells, over the "
                f"{options.max_cells:,} limit for one file (raise it with --max-cells)",
            ),
            where.sheet(title),
            code=ErrorCode.OVER_LIMIT,
        )
    rows: list[CellRow] = []
    previous = 0
    sheet = where.sheet(title)
    for number, texts, indent in stored:
        if number > previous + 1:  # rows the sheet does not store: blank, counted once
            rows.append(CellRow([], where.within(sheet, where.row(previous + 1))))
        cells = [""] * (position[max(texts)] + 1) if texts else []
        for column, text in texts.items():
            cells[position[column]] = text
        rows.append(CellRow(cells, where.within(sheet, where.row(number)), indent))
        previous = number
    return rows
