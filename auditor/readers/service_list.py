"""Reading a service list (已订业务): one service per row, its dates and its status."""

from __future__ import annotations

from functools import lru_cache

from auditor.errors import ValueParseError, quoted
from auditor.lang import Text, say
from auditor.model import ACTIVE, ENDED, PENDING, Service
from auditor.names import fold_traditional, header_key
from auditor.readers.base import CellRow
from auditor.readers.rows import NO_LINE, Reading, cell, data_rows, row_line
from auditor.readers.table_header import SERVICE_LOOKUP, header_of
from auditor.trial_price import states_trial
from auditor.values import nfkc, parse_datetime, parse_expiry, parse_price
from auditor.words import ACTIVE_WORDS, ENDED_WORDS, PENDING_WORDS

# Status words, checked in this order on the status text (the spec's "Status words").
STATUS_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (ENDED, ENDED_WORDS),
    (PENDING, PENDING_WORDS),
    (ACTIVE, ACTIVE_WORDS),
)


def status_of(text: str) -> str:
    """The model status (ACTIVE, PENDING, ENDED) a status text means, '' when unknown."""
    # A short text's status is kept: a list repeats a few statuses (在用, 已退订) on
    # every row, and folding one and looking for each word in it is a fifth of a row's time.
    return _kept_status(text) if len(text) <= _KEPT_LENGTH else _status(text)


_KEPT_LENGTH = 64


def _status(text: str) -> str:
    words = fold_traditional(nfkc(text).casefold())
    if not words:
        return ""
    for status, keys in STATUS_WORDS:
        if any(k in words for k in keys):
            return status
    return ""


_kept_status = lru_cache(maxsize=256)(_status)


def read_services(
    reading: Reading, body: list[CellRow], forms: list[str], columns: dict[str, int]
) -> None:
    """One service per row; one-cell rows inside the list are group headings."""
    for row in data_rows(reading, body, forms):
        name = cell(row, columns, "name")
        if header_key(name) in SERVICE_LOOKUP and header_of(row.cells) is not None:
            reading.aside("header")  # a header repeated on every printed page
            continue
        if not name:
            reading.issue(row, Text("这一行没有业务名称", "a row with no service name"))
            continue
        try:
            service = _service(reading, row, columns, name)
        except ValueParseError as exc:
            reading.issue(row, str(exc))
            continue
        reading.result.services.append(service)


def _service(reading: Reading, row: CellRow, columns: dict[str, int], name: str) -> Service:
    line = row_line(reading, row, columns)
    if not line:
        raise ValueParseError(NO_LINE.shown() + reading.ctx.line_hint)
    status_text = cell(row, columns, "status")
    cancelled = parse_datetime(cell(row, columns, "cancelled"))
    status = status_of(status_text) or (ENDED if cancelled else "")
    price_text = cell(row, columns, "price")
    try:
        price = parse_price(price_text)
    except ValueParseError:
        # A price we cannot read (按量计费) loses the price, not the service.
        price = None
        reading.result.warnings.append(
            say(
                f"{row.locator}：价格{quoted(price_text)}无法识别",
                f"{row.locator}: price {price_text!r} not understood",
            )
        )
    return Service(
        line=line,
        name=name,
        code=cell(row, columns, "code"),
        type=cell(row, columns, "type"),
        provider=cell(row, columns, "provider"),
        price_fen=price,
        trial=states_trial(price_text),
        ordered=parse_datetime(cell(row, columns, "ordered")),
        effective=parse_datetime(cell(row, columns, "effective")),
        expires=parse_expiry(cell(row, columns, "expires")),
        cancelled=cancelled,
        status=status,
        status_text=status_text,
        carrier=reading.carrier_for(line),
        source=str(reading.path),
        locator=row.locator,
    )
