"""Turning rows of cells into charges, services and bills: the layout logic every tabular
source shares (CSV, XLSX and the text rows of a PDF).

A source reader produces :class:`Row` objects (cells as text, where the row came from,
how far it is indented) and hands them to :func:`interpret`, which finds the header
block, the table's header, the layout (long, statement, service list) and reads it.

Every row ends up in exactly one place: a charge, a service, a bill's stated total, a
``set_aside`` reason (title, blank, header, section, subtotal, total, note) or
``unparseable``; so ``rows_read`` always equals the sum of those.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from auditor.catalog import carrier_from_number, detect_carrier
from auditor.categories import categorise
from auditor.errors import InputError, ValueParseError
from auditor.model import (
    ACTIVE,
    BILL,
    ENDED,
    PENDING,
    SERVICES,
    Bill,
    Charge,
    ReadResult,
    RowIssue,
    Service,
)
from auditor.names import header_key
from auditor.readers.base import ReadOptions
from auditor.readers.detect import Context, months_in_text, only, require, resolve
from auditor.readers.statement import Entry, Group, group_entries
from auditor.values import (
    find_phones,
    is_mobile,
    nfkc,
    parse_amount,
    parse_datetime,
    parse_expiry,
    parse_month,
    parse_phone,
    parse_price,
)

# ---------------------------------------------------------------------- header names
# Matched after auditor.names.header_key (NFKC, case-fold, no spaces, no unit in brackets).

LINE_NAMES = ("手机号码", "号码", "用户号码", "服务号码", "计费号码", "手机号", "电话号码")
LINE_NAMES += ("phone", "number", "line", "phone number", "mobile")
PERSONAL_NAMES = (
    "客户姓名", "客户名称", "用户姓名", "用户名称", "机主姓名", "姓名", "户名", "客户", "机主",
    "身份证号", "身份证号码", "身份证", "证件号码", "证件号",
)  # fmt: skip
MONTH_NAMES = ("账期", "计费周期", "账单月份", "费用月份", "月份", "账单周期", "账单期间")
MONTH_NAMES += ("period", "month", "billing period", "bill month")
PROVIDER_NAMES = ("服务提供商", "SP名称", "企业名称", "提供商", "provider", "sp")

BILL_HEADERS: dict[str, tuple[str, ...]] = {
    "line": LINE_NAMES,
    "month": MONTH_NAMES,
    "category": ("费用类别", "费用类型", "科目", "费用大类", "类别", "category"),
    "item": ("费用项目", "项目名称", "费用名称", "明细项目", "项目", "item", "description"),
    "amount": ("金额", "费用", "应收金额", "实收金额", "amount", "fee", "charge"),
    "provider": PROVIDER_NAMES,
    "code": ("业务代码", "产品编码", "代码", "code"),
}

SERVICE_HEADERS: dict[str, tuple[str, ...]] = {
    "line": LINE_NAMES,
    "name": ("业务名称", "产品名称", "套餐名称", "服务名称", "名称", "name", "service"),
    "code": ("业务代码", "产品编码", "产品ID", "代码", "code"),
    "type": ("业务类型", "产品类型", "类型", "type"),
    "provider": PROVIDER_NAMES,
    "price": ("资费", "资费标准", "价格", "月费", "price", "fee"),
    "ordered": ("订购时间", "开通时间", "办理时间", "ordered"),
    "effective": ("生效时间", "生效日期", "开始时间", "effective", "start"),
    "expires": ("失效时间", "失效日期", "到期时间", "结束时间", "expires", "end"),
    "cancelled": ("退订时间", "取消时间", "cancelled"),
    "status": ("状态", "订购状态", "status"),
}

# A service-list header names the service and at least one of these.
SERVICE_DETAILS = ("type", "price", "ordered", "effective", "expires", "cancelled", "status")

# ---------------------------------------------------------------------- row words

TOTAL_WORDS = ("合计", "总计", "本月费用合计", "费用合计", "本月消费", "共计", "实际应缴")
TOTAL_WORDS += ("实际应缴合计", "应缴费用", "本月合计", "应缴合计", "total", "grand total")
# Any label ending in one of these is a total too (本期费用合计, 账单总计 ...).
TOTAL_ENDINGS = ("合计", "总计", "共计")
SUBTOTAL_WORDS = ("小计", "subtotal", "sub total")

# Rows below (or inside) a table that are the carrier talking, not data.
# Short words need their colon, so that a service named 提示音 is not taken for a note.
NOTE_RE = re.compile(
    r"^(温馨提示|温馨提醒|友情提示|特别提示|特别说明|(提示|注意|注|备注|说明|note)\s*[:：]|注$"
    r"|客服热线|客服电话|如有疑问|如有问题|如有异议|如需帮助|以上|本账单|此账单|※|\*)",
    re.IGNORECASE,
)

# Status words, checked in this order on the status text (the spec's "Status words").
STATUS_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (ENDED, ("退订", "取消", "失效", "注销", "终止", "过期", "cancel", "ended", "expired")),
    (PENDING, ("待生效", "次月生效", "预约", "未生效", "pending")),
    (ACTIVE, ("正常", "已订购", "生效中", "在用", "使用中", "有效", "已开通", "active")),
)

_LABEL_RE = re.compile(r"^\s*([^:：\d][^:：]{0,15}?)\s*[:：]\s*(.+?)\s*$")


# Long bills repeat the same few categories and lines on every row.
_carrier_of_number = lru_cache(maxsize=1024)(carrier_from_number)
_categorise = lru_cache(maxsize=4096)(categorise)


def _keys(names: tuple[str, ...]) -> frozenset[str]:
    return frozenset(header_key(n) for n in names)


_LINE_KEYS, _MONTH_KEYS = _keys(LINE_NAMES), _keys(MONTH_NAMES)
# A header-block label (手机号码 13800001234 in two cells) is not a statement's first item.
_CONTEXT_KEYS = _LINE_KEYS | _MONTH_KEYS
# Header-block labels of personal data: their values are remembered only to be kept out.
_PERSONAL_KEYS = _keys(PERSONAL_NAMES)
_TOTAL_KEYS, _SUBTOTAL_KEYS = _keys(TOTAL_WORDS), _keys(SUBTOTAL_WORDS)


@dataclass
class Row:
    """One row of a source, as text.

    ``cells`` are the cell texts left to right ('' for an empty cell), kept as printed
    (leading spaces are indentation, not noise). ``locator`` says where the row is
    (``row 14``, ``sheet 账单 row 3``, ``page 2 line 5``). ``indent`` is the indentation
    of the row's first non-empty cell, as the source knows it (leading spaces, an XLSX
    cell's alignment indent, a PDF word's distance from the table's left edge, in
    levels: 0 for flush left).
    """

    cells: list[str]
    locator: str
    indent: int = 0

    def filled(self) -> list[tuple[int, str]]:
        """The non-empty cells as (column, stripped text)."""
        return [(i, c.strip()) for i, c in enumerate(self.cells) if c and c.strip()]

    def text(self) -> str:
        """The row's non-empty cells joined by spaces (for messages and free-text search)."""
        return " ".join(text for _, text in self.filled())


@dataclass
class Header:
    """The table's header row: the document kind and the column of each field."""

    kind: str
    columns: dict[str, int]
    index: int  # position of the header row in the rows


@dataclass
class _Reading:
    """What interpret() has learnt so far about one document."""

    path: Path
    options: ReadOptions
    result: ReadResult
    ctx: Context = field(default_factory=Context)
    totals: dict[tuple[str, str], tuple[int, str]] = field(default_factory=dict)
    bill_keys: dict[tuple[str, str], None] = field(default_factory=dict)

    def aside(self, reason: str) -> None:
        self.result.set_aside[reason] += 1

    def issue(self, row: Row, reason: str) -> None:
        self.result.unparseable.append(RowIssue(row.locator, reason, row.text()[:200]))

    def carrier_for(self, line: str) -> str:
        return self.ctx.carrier or _carrier_of_number(line) or ""


def interpret(rows: list[Row], path: Path, options: ReadOptions, *, sheet: str = "") -> ReadResult:
    """Read ``rows`` as a bill (long or statement layout) or a service list.

    ``sheet`` is the XLSX sheet's name, when the rows are one sheet: it is a hint for the
    line and month after the document's own header block and before the file's name.
    Raises :class:`InputError` when no table or no line/month can be found.
    """
    reading = _Reading(path, options, ReadResult(path=str(path)))
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
    body_kinds = _classify_body(body)
    notes = [row for row, what in zip(body, body_kinds, strict=True) if what == "note"]
    reading.ctx = _context(block, notes, path, options, sheet, reading.result.personal)
    reading.result.kind = kind
    columns = header.columns if header else {}
    if kind == SERVICES:
        if "line" not in columns:
            require(path, reading.ctx, "line", locator=where)
        _read_services(reading, body, body_kinds, columns)
    else:
        needed = [f for f, col in (("line", "line"), ("period", "month")) if col not in columns]
        require(path, reading.ctx, *needed, locator=where)
        # A category column alone (费用类别 | 金额) is a statement's section column.
        if "category" in columns and "item" in columns:
            _read_long_bill(reading, body, body_kinds, columns)
        else:
            _read_statement(reading, body, body_kinds, columns)
        _make_bills(reading)
    result = reading.result
    carriers = Counter(r.carrier for r in (*result.charges, *result.services) if r.carrier)
    result.carrier = reading.ctx.carrier or (carriers.most_common(1)[0][0] if carriers else None)
    return result


# ---------------------------------------------------------------------- finding the table


def header_lookup(table: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Header key → field, for every name of ``table`` (the first field naming a key wins)."""
    lookup: dict[str, str] = {}
    for name_field, names in table.items():
        for name in names:
            lookup.setdefault(header_key(name), name_field)
    return lookup


_BILL_LOOKUP, _SERVICE_LOOKUP = header_lookup(BILL_HEADERS), header_lookup(SERVICE_HEADERS)


def header_columns(cells: list[str], lookup: dict[str, str]) -> dict[str, int]:
    """Map each field of ``lookup`` to the first column whose header names it."""
    columns: dict[str, int] = {}
    for index, cell in enumerate(cells):
        found = lookup.get(header_key(cell)) if cell and cell.strip() else None
        if found and found not in columns:
            columns[found] = index
    return columns


def header_of(cells: list[str], kind: str | None = None) -> tuple[str, dict[str, int]] | None:
    """The document kind and columns a row names, if it is a table header; else ``None``.

    A bill header names an amount and an item or category; a service-list header names
    the service and one of its details. ``kind`` (the ``--kind`` option) decides when a
    row could be either.
    """
    bill = header_columns(cells, _BILL_LOOKUP)
    services = header_columns(cells, _SERVICE_LOOKUP)
    bill_ok = "amount" in bill and ("item" in bill or "category" in bill)
    services_ok = "name" in services and any(f in services for f in SERVICE_DETAILS)
    if kind == BILL:
        return (BILL, bill) if bill_ok else None
    if kind == SERVICES:
        return (SERVICES, services) if services_ok else None
    if services_ok and not ("item" in bill or "category" in bill):
        return SERVICES, services
    if bill_ok:
        return BILL, bill
    if services_ok:
        return SERVICES, services
    return None


def find_header(rows: list[Row], kind: str | None = None) -> Header | None:
    """The first row that is a table header (see :func:`header_of`)."""
    for index, row in enumerate(rows):
        found = header_of(row.cells, kind)
        if found:
            return Header(found[0], found[1], index)
    return None


def _first_statement_row(rows: list[Row]) -> int | None:
    """Where a header-less statement starts: the first row of a label and an amount."""
    for index, row in enumerate(rows):
        filled = row.filled()
        if len(filled) < 2 or _labelled_value(filled[0][1]) is not None:
            continue
        if header_key(filled[0][1]) in _CONTEXT_KEYS:
            continue
        if _is_amount(filled[-1][1]) and not _is_amount(filled[0][1]):
            return index
    return None


def _is_amount(text: str) -> bool:
    if is_mobile(nfkc(text)):
        return False
    try:
        parse_amount(text)
    except ValueParseError:
        return False
    return bool(nfkc(text))


def _labelled_value(text: str) -> tuple[str, str] | None:
    match = _LABEL_RE.match(nfkc(text))
    return (match[1], match[2]) if match else None


def _is_note(text: str) -> bool:
    return bool(NOTE_RE.match(nfkc(text)))


def _classify_body(body: list[Row]) -> list[str]:
    """Each body row as 'blank', 'note', 'label' (one cell: a heading) or 'data'.

    A one-cell row after the last row of several cells is below the table: a note.
    """
    kinds = []
    for row in body:
        filled = row.filled()
        if not filled:
            kinds.append("blank")
        elif len(filled) <= 2 and _is_note(filled[0][1]):
            kinds.append("note")
        else:
            kinds.append("label" if len(filled) == 1 else "data")
    last_data = max((i for i, k in enumerate(kinds) if k == "data"), default=-1)
    return ["note" if k == "label" and i > last_data else k for i, k in enumerate(kinds)]


# ---------------------------------------------------------------------- context


def _context(
    block: list[Row],
    notes: list[Row],
    path: Path,
    options: ReadOptions,
    sheet: str,
    personal: set[str],
) -> Context:
    """Line, month and carrier from the header block, the sheet name, then the path.

    Only these three are taken from the header block: a customer's name or ID number
    standing there is never copied anywhere; it is added to ``personal`` so that the
    writers can keep it out should it stand elsewhere too.
    """
    line = period = None
    texts: list[str] = []
    for row in block:
        cells = [text for _, text in row.filled()]
        texts += cells
        for index, cell in enumerate(cells):
            labelled = _labelled_value(cell)
            if labelled is None and index + 1 < len(cells):
                labelled = (cell, cells[index + 1])
            if labelled is None:
                continue
            key, value = header_key(labelled[0]), labelled[1]
            if key in _LINE_KEYS and line is None:
                line = _try(parse_phone, value)
            elif key in _MONTH_KEYS and period is None:
                period = _try(parse_month, value)
            elif key in _PERSONAL_KEYS and len(value.strip()) >= 2:
                personal.add(value.strip())
    header_text = "\n".join(texts)
    line = line or only(find_phones(header_text)) or only(find_phones(sheet))
    period = period or only(months_in_text(header_text)) or only(months_in_text(sheet))
    carrier = detect_carrier(header_text) or detect_carrier(" ".join(r.text() for r in notes))
    return resolve(path, options, line=line, period=period, carrier=carrier)


def _try(parse, value: str) -> str | None:
    try:
        return parse(value)
    except ValueParseError:
        return None


def _cell(row: Row, columns: dict[str, int], name: str) -> str:
    index = columns.get(name)
    if index is None or index >= len(row.cells):
        return ""
    return (row.cells[index] or "").strip()


_NO_LINE = "no line in the row or above the table (give --line)"
_TOTAL_NO_AMOUNT = (
    "total has no readable amount "
    "(a formula without a saved value? open and save the file in Excel)"
)


def _row_line(reading: _Reading, row: Row, columns: dict[str, int]) -> str | None:
    """The row's line: the ``--line`` option, then its own cell, then the document's."""
    text = _cell(row, columns, "line")
    return reading.options.line or (parse_phone(text) if text else reading.ctx.line)


def _line_and_period(reading: _Reading, row: Row, columns: dict[str, int]) -> tuple[str, str]:
    """The row's line and month: the options, then its own cells, then the document's."""
    line = _row_line(reading, row, columns)
    month_text = _cell(row, columns, "month")
    period = reading.options.period or (
        parse_month(month_text) if month_text else reading.ctx.period
    )
    if not line:
        raise ValueParseError(_NO_LINE)
    if not period and "month" in columns:
        raise ValueParseError("no month in the row or above the table (give --period)")
    return line, period or ""


# ---------------------------------------------------------------------- row words


def total_kind(text: str) -> str | None:
    """'total' or 'subtotal' when ``text`` labels a total row, else ``None``."""
    key = header_key(text).rstrip(":")
    if not key:
        return None
    if key in _SUBTOTAL_KEYS or key.endswith("小计"):
        return "subtotal"
    if key in _TOTAL_KEYS or key.endswith(TOTAL_ENDINGS):
        return "total"
    return None


def status_of(text: str) -> str:
    """The model status (ACTIVE, PENDING, ENDED) a status text means, '' when unknown."""
    words = nfkc(text).casefold()
    if not words:
        return ""
    for status, keys in STATUS_WORDS:
        if any(k in words for k in keys):
            return status
    return ""


# ---------------------------------------------------------------------- bills


def _add_total(reading: _Reading, row: Row, key: tuple[str, str], fen: int) -> None:
    reading.aside("total")
    reading.bill_keys.setdefault(key, None)
    if key not in reading.totals:
        reading.totals[key] = (fen, row.locator)
    elif reading.totals[key][0] != fen:
        reading.result.warnings.append(
            f"{row.locator}: a second total for {key[1]} differs from the first; the first is kept"
        )


def _add_charge(
    reading: _Reading,
    row: Row,
    key: tuple[str, str],
    section: str,
    item: str,
    fen: int,
    *,
    code: str = "",
    provider: str = "",
) -> None:
    reading.bill_keys.setdefault(key, None)
    reading.result.charges.append(
        Charge(
            line=key[0],
            period=key[1],
            category=_categorise(section, item),
            item=item,
            amount_fen=fen,
            section=section,
            carrier=reading.carrier_for(key[0]),
            source=str(reading.path),
            locator=row.locator,
            code=code,
            provider=provider,
        )
    )


def _bad_row(reading: _Reading, row: Row, error: ValueParseError) -> None:
    """A row whose values do not parse: a header repeated on every page, or unparseable."""
    if header_of(row.cells) is not None:
        reading.aside("header")
    else:
        reading.issue(row, str(error))


def _lone_total(row: Row, kind: str) -> bool:
    """A total label standing alone in its row: its amount cell is empty (in an XLSX, a
    formula saved without its value reads as empty)."""
    filled = row.filled()
    return kind in ("label", "note") and len(filled) == 1 and total_kind(filled[0][1]) == "total"


def _data_rows(
    reading: _Reading, body: list[Row], kinds: list[str], *, bill: bool = False
) -> Iterator[Row]:
    """The rows of a one-row-per-record table; the others are set aside by their kind
    (a one-cell row inside the table is a group heading: a section). In a bill, a total
    label without its amount is unparseable, not a heading or a note."""
    for row, kind in zip(body, kinds, strict=True):
        if kind == "data":
            yield row
        elif bill and _lone_total(row, kind):
            reading.issue(row, _TOTAL_NO_AMOUNT)
        else:
            reading.aside("section" if kind == "label" else kind)


def _read_long_bill(
    reading: _Reading, body: list[Row], kinds: list[str], columns: dict[str, int]
) -> None:
    """One charge per row; a total row gives its bill's stated total.

    In a bill of several lines, a total row without a line is the file's total (checked
    against the sum of all the charges), and a line's one subtotal row (小计, no other
    label) is that line's stated total when no total row gives it.
    """
    several = not reading.options.line and len(_lines_in(body, kinds, columns)) > 1
    file_totals: list[tuple[int, str]] = []
    subtotals: dict[tuple[str, str], list[tuple[int, str]]] = {}
    for row in _data_rows(reading, body, kinds, bill=True):
        category, item = _cell(row, columns, "category"), _cell(row, columns, "item")
        totals = {total_kind(category), total_kind(item)}
        amount = _cell(row, columns, "amount")
        if "total" in totals and not amount:
            reading.issue(row, _TOTAL_NO_AMOUNT)
            continue
        if several and "total" in totals and not _cell(row, columns, "line"):
            try:
                file_totals.append((parse_amount(amount), row.locator))
            except ValueParseError as exc:
                reading.issue(row, str(exc))
                continue
            reading.aside("total")
            continue
        try:
            key = _line_and_period(reading, row, columns)
            fen = parse_amount(amount)
        except ValueParseError as exc:
            _bad_row(reading, row, exc)
            continue
        if "total" in totals:
            _add_total(reading, row, key, fen)
        elif "subtotal" in totals:
            reading.aside("subtotal")
            # Only a bare 小计 sums a line; 增值业务费小计 sums a category.
            if several and all(header_key(t) in _SUBTOTAL_KEYS for t in (category, item) if t):
                subtotals.setdefault(key, []).append((fen, row.locator))
        elif not category and not item:
            reading.issue(row, "an amount with no category or item")
        else:
            code, provider = _cell(row, columns, "code"), _cell(row, columns, "provider")
            _add_charge(reading, row, key, category, item, fen, code=code, provider=provider)
    for key, found in subtotals.items():
        if len(found) == 1 and key not in reading.totals:
            reading.totals[key] = found[0]
            reading.bill_keys.setdefault(key, None)
    if file_totals:
        _check_file_total(reading, file_totals)


def _lines_in(body: list[Row], kinds: list[str], columns: dict[str, int]) -> set[str]:
    """The lines the data rows' line cells name."""
    if "line" not in columns:
        return set()
    cells = {_cell(row, columns, "line") for row, k in zip(body, kinds, strict=True) if k == "data"}
    return {line for line in (_try(parse_phone, c) for c in cells) if line}


def _check_file_total(reading: _Reading, file_totals: list[tuple[int, str]]) -> None:
    """A bill of several lines with one total for all of them: warn when the charges differ."""
    (stated, locator), *others = file_totals
    charged = sum(c.amount_fen for c in reading.result.charges)
    if charged != stated:
        reading.result.warnings.append(
            f"{locator}: the file's total says {stated / 100:.2f}, "
            f"the charges of all its lines add up to {charged / 100:.2f}"
        )
    for fen, where in others:
        if fen != stated:
            reading.result.warnings.append(
                f"{where}: a second total for the file differs from the first; the first is kept"
            )


def _statement_entry(row: Row, columns: dict[str, int]) -> tuple[str, int, str]:
    """A statement row's label, depth and amount text."""
    skip = {columns[f] for f in ("amount", "line", "month", "code", "provider") if f in columns}
    filled = row.filled()
    if "amount" in columns:
        amount = _cell(row, columns, "amount")
        labels = [(i, t) for i, t in filled if i not in skip]
    else:
        amount = filled[-1][1] if len(filled) > 1 else ""
        labels = filled[:-1] if len(filled) > 1 else filled
    if not labels:
        return "", 0, amount
    column, label = labels[0]
    raw = row.cells[column]
    leading = raw[: len(raw) - len(raw.lstrip())]
    spaces = sum(2 if ch == "\u3000" else 4 if ch == "\t" else 1 for ch in leading)
    return label, column * 1000 + row.indent * 10 + spaces, amount


def _read_statement(
    reading: _Reading, body: list[Row], kinds: list[str], columns: dict[str, int]
) -> None:
    """Sections and items (or a flat list of items) for one line and month."""
    entries: dict[tuple[str, str], list[Entry]] = {}  # per bill, in order of appearance
    stated: dict[tuple[str, str], int] = {}
    for row, kind in zip(body, kinds, strict=True):
        if _lone_total(row, kind):
            reading.issue(row, _TOTAL_NO_AMOUNT)
            continue
        if kind in ("blank", "note"):
            reading.aside(kind)
            continue
        label, depth, amount_text = _statement_entry(row, columns)
        if kind == "data" and not amount_text and total_kind(label) == "total":
            reading.issue(row, _TOTAL_NO_AMOUNT)
            continue
        try:
            key = _line_and_period(reading, row, columns)
            fen = None if kind == "label" else parse_amount(amount_text)
        except ValueParseError as exc:
            _bad_row(reading, row, exc)
            continue
        if not label:
            reading.issue(row, "an amount with no item name")
            continue
        total = total_kind(label)
        if total == "total" and fen is not None:
            _add_total(reading, row, key, fen)
            stated.setdefault(key, fen)
        elif total == "subtotal":
            reading.aside("subtotal")
        else:
            entries.setdefault(key, []).append(Entry(label, depth, fen, (row, key)))
    for key, mine in entries.items():
        for group in group_entries(mine, stated.get(key)):
            _read_group(reading, group)


def _read_group(reading: _Reading, group: Group) -> None:
    """A statement group's items as charges; its section row is set aside or, alone, a charge."""
    section = group.section
    section_label = section.label if section else ""
    for item in group.items:
        row, key = item.ref
        _add_charge(reading, row, key, section_label, item.label, item.amount)
    if section is None:
        return
    row, key = section.ref
    reading.bill_keys.setdefault(key, None)
    if group.children:
        reading.aside("section")
        parsed = sum(c.amount for c in group.children if c.amount is not None)
        if section.amount is not None and parsed != section.amount:
            reading.result.warnings.append(
                f"{row.locator}: section {section_label} says {section.amount / 100:.2f}, "
                f"its items add up to {parsed / 100:.2f}"
            )
    elif section.amount:
        # A section printed alone (增值业务费 0.40) is a charge of its category.
        _add_charge(reading, row, key, section_label, "", section.amount)
    else:
        reading.aside("section")


def _make_bills(reading: _Reading) -> None:
    for key in reading.bill_keys:
        total, locator = reading.totals.get(key, (None, ""))
        reading.result.bills.append(
            Bill(
                line=key[0],
                period=key[1],
                stated_total_fen=total,
                carrier=reading.carrier_for(key[0]),
                source=str(reading.path),
                locator=locator,
            )
        )


# ---------------------------------------------------------------------- service lists


def _read_services(
    reading: _Reading, body: list[Row], kinds: list[str], columns: dict[str, int]
) -> None:
    """One service per row; one-cell rows inside the list are group headings."""
    for row in _data_rows(reading, body, kinds):
        name = _cell(row, columns, "name")
        if header_key(name) in _SERVICE_LOOKUP and header_of(row.cells) is not None:
            reading.aside("header")  # a header repeated on every printed page
            continue
        if not name:
            reading.issue(row, "a row with no service name")
            continue
        try:
            service = _service(reading, row, columns, name)
        except ValueParseError as exc:
            reading.issue(row, str(exc))
            continue
        reading.result.services.append(service)


def _service(reading: _Reading, row: Row, columns: dict[str, int], name: str) -> Service:
    line = _row_line(reading, row, columns)
    if not line:
        raise ValueParseError(_NO_LINE)
    status_text = _cell(row, columns, "status")
    cancelled = parse_datetime(_cell(row, columns, "cancelled"))
    status = status_of(status_text) or (ENDED if cancelled else "")
    price_text = _cell(row, columns, "price")
    try:
        price = parse_price(price_text)
    except ValueParseError:
        # A price we cannot read (按量计费) loses the price, not the service.
        price = None
        reading.result.warnings.append(f"{row.locator}: price {price_text!r} not understood")
    return Service(
        line=line,
        name=name,
        code=_cell(row, columns, "code"),
        type=_cell(row, columns, "type"),
        provider=_cell(row, columns, "provider"),
        price_fen=price,
        ordered=parse_datetime(_cell(row, columns, "ordered")),
        effective=parse_datetime(_cell(row, columns, "effective")),
        expires=parse_expiry(_cell(row, columns, "expires")),
        cancelled=cancelled,
        status=status,
        status_text=status_text,
        carrier=reading.carrier_for(line),
        source=str(reading.path),
        locator=row.locator,
    )
