"""Rows for the tests of :func:`auditor.readers.table.interpret` (tests/test_table*.py).

A document is written as a list of rows, each a list of cells; the helpers number them
as a reader would and sum up what a reading gave.
"""

from __future__ import annotations

from pathlib import Path

from auditor.readers.base import CellRow

LINE, MONTH = "13800001234", "2026年10月"
PLAIN = Path("bill.csv")  # a name that gives no line, month or carrier
OTHER_LINE = "13900005678"  # a family bill's second line


def rows_of(*cells_per_row: list[str], indents: dict[int, int] | None = None) -> list[CellRow]:
    """Rows numbered from 1; ``indents`` maps a row number to its source indent."""
    indents = indents or {}
    return [
        CellRow(list(cells), f"row {n}", indents.get(n, 0))
        for n, cells in enumerate(cells_per_row, 1)
    ]


def header_block() -> list[list[str]]:
    return [["中国移动 个人账单"], [f"手机号码：{LINE}", f"账期：{MONTH}"], []]


def charges(result) -> list[tuple[str, str, int]]:
    return [(c.category, c.item, c.amount_fen) for c in result.charges]


def accounted(result) -> int:
    return (
        len(result.charges)
        + len(result.services)
        + sum(result.set_aside.values())
        + len(result.unparseable)
    )
