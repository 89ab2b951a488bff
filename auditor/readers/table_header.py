"""A table's header row: the names of its columns, and which document kind they make.

Names are matched after :func:`auditor.names.header_key` (NFKC, case-fold, no spaces, no
unit in brackets), so ``金额(元)``, ``金额（元）`` and ``Amount (CNY)`` all name the amount.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from auditor.model import BILL, SERVICES
from auditor.names import header_key
from auditor.readers.base import CellRow
from auditor.readers.period_columns import period_columns
from auditor.values import nfkc

LINE_NAMES = ("手机号码", "号码", "用户号码", "服务号码", "计费号码", "手机号", "电话号码")
LINE_NAMES += ("phone", "number", "line", "phone number", "mobile")
MONTH_NAMES = (
    "账期",
    "计费账期",
    "计费周期",
    "账单月份",
    "费用月份",
    "月份",
    "账单周期",
    "账单期间",
)
MONTH_NAMES += ("period", "month", "billing period", "bill month")
PROVIDER_NAMES = ("服务提供商", "SP名称", "企业名称", "提供商", "provider", "sp")

BILL_HEADERS: dict[str, tuple[str, ...]] = {
    "line": LINE_NAMES,
    "month": MONTH_NAMES,
    "category": ("费用类别", "费用类型", "科目", "费用大类", "类别", "category"),
    "item": (
        "费用项目",
        "费用项",
        "项目名称",
        "费用名称",
        "明细项目",
        "项目",
        "item",
        "description",
    ),
    "amount": (
        "金额",
        "费用",
        "应收金额",
        "实收金额",
        "实收",
        "优惠后",
        "优惠后金额",
        # (beside another amount, which is read is told by auditor.readers.charged_columns)
        "应收",
        "应付",
        "应付金额",
        "实付",
        "实付金额",
        "应缴",
        "应缴金额",
        "amount",
        "fee",
        "charge",
    ),
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


@dataclass
class Header:
    """The table's header row: the document kind and the column of each field."""

    kind: str
    columns: dict[str, int]
    index: int  # position of the header row in the rows
    #: The amount column says its unit is fen (金额(分)): its figures are fen, not yuan.
    amount_in_fen: bool = False
    #: The amount column names its unit, fen or yuan (金额(元)): a bare 金额 does not, and
    #: its whole numbers may be either (auditor.amount_units settles them).
    unit_named: bool = False
    #: Amount columns labelled by period (本月 | 上月, 2026年10月 …), by column: read by
    #: :func:`auditor.readers.period_columns.by_period`; with the header row's cells.
    periods: dict[int, str] = field(default_factory=dict)
    labels: tuple[str, ...] = ()


# (after NFKC: 金额(单位：分) is 金额(单位:分))
_UNIT_WORD = r"[(\[（【/]\s*(?:单位\s*:?\s*)?(?:人民币\s*)?"
_FEN_UNIT = re.compile(_UNIT_WORD + r"(分|fen)\s*[)\]）】]?\s*$", re.IGNORECASE)
_YUAN_UNIT = re.compile(_UNIT_WORD + r"(元|yuan|rmb|cny|¥|￥)\s*[)\]）】]?\s*$", re.IGNORECASE)


def make_header(cells: list[str], kind: str, columns: dict[str, int], index: int) -> Header:
    """The header of ``cells``; the amount column's own unit (金额(分), 金额/分, 金额(元),
    金额(单位：分)) kept."""
    amount = columns.get("amount")
    text = nfkc(cells[amount] if amount is not None and amount < len(cells) else "")
    in_fen = bool(_FEN_UNIT.search(text))
    periods = period_columns(cells, columns) if kind == BILL else {}
    named = in_fen or bool(_YUAN_UNIT.search(text))
    if periods and "amount" not in columns:  # 本月（元）: the unit is the period columns'
        named = any(_YUAN_UNIT.search(nfkc(cells[i])) for i in periods)
    return Header(kind, columns, index, in_fen, named, periods, tuple(cells))


def header_lookup(table: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Header key → field, for every name of ``table`` (the first field naming a key wins)."""
    lookup: dict[str, str] = {}
    for name_field, names in table.items():
        for name in names:
            lookup.setdefault(header_key(name), name_field)
    return lookup


BILL_LOOKUP, SERVICE_LOOKUP = header_lookup(BILL_HEADERS), header_lookup(SERVICE_HEADERS)


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
    # Every file of an export has the same header and title rows (a company month: 2,000
    # files, 6,500 rows asked): each row worked out once (its columns a copy each time).
    if len(cells) > _CELLS_KEPT:
        return _header_of(cells, kind)
    key = (kind, *cells)
    # one look, not `in` then `[]`: another thread's audit may clear the rows between
    seen = _HEADERS_SEEN.get(key, _UNSEEN)
    if seen is not _UNSEEN:
        return None if seen is None else (seen[0], dict(seen[1]))
    found = _header_of(cells, kind)
    if len(_HEADERS_SEEN) >= _HEADERS_KEPT:
        _HEADERS_SEEN.clear()
    _HEADERS_SEEN[key] = None if found is None else (found[0], dict(found[1]))
    return found


# Rows already asked (a bound: a long bill's data rows are asked once each, at most).
_HEADERS_SEEN: dict[tuple, tuple[str, dict[str, int]] | None] = {}
_HEADERS_KEPT = 4096
_CELLS_KEPT = 64  # (a hostile row of a million cells is not kept)
_UNSEEN = object()  # (None is a row worked out: no header)


def _header_of(cells: list[str], kind: str | None) -> tuple[str, dict[str, int]] | None:
    """:func:`header_of`, worked out."""
    bill = header_columns(cells, BILL_LOOKUP)
    services = header_columns(cells, SERVICE_LOOKUP)
    labelled = "item" in bill or "category" in bill
    # 本月 | 上月 or a column a month (2026年10月) name the amounts by period
    bill_ok = labelled and ("amount" in bill or bool(period_columns(cells, bill)))
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


def find_header(rows: list[CellRow], kind: str | None = None) -> Header | None:
    """The first row that is a table header (see :func:`header_of`)."""
    for index, row in enumerate(rows):
        found = header_of(row.cells, kind)
        if found:
            return make_header(row.cells, found[0], found[1], index)
    return None
