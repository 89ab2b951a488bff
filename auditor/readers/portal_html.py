"""Portal JSON whose values are HTML fragments: the bill page cut into pieces.

China Telecom's Shandong portal (``fixtures/realworld/``) answers with an object whose
values are parts of its bill page: the title and 计费账期 (``userHtml``), the address and
name (``topHtml``), the bill table (``html``), the totals and payments (``aHtml``) and
the loyalty points (``jf``). The fragments are put back in the order a page shows them:
those without amounts (the page's head) first, then those holding a bill table's header,
then the rest; then they are read like any page (:func:`auditor.readers.html.html_rows`,
:func:`auditor.readers.table.interpret`). A fragment about points (积分) holds no money:
its rows are set aside. Values beside the fragments that no fragment shows (``pay``, a
list of recent months' totals) are named in a note, not read.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from auditor.errors import InputError, ValueParseError
from auditor.lang import say
from auditor.model import ReadResult
from auditor.readers.base import CellBudget, CellRow, ReadOptions
from auditor.readers.html import html_rows, looks_like_amount
from auditor.readers.table import interpret
from auditor.readers.table_header import find_header
from auditor.words import NOT_MONEY_WORDS

_MARKUP = re.compile(r"<\s*(?:table|tr|td|th|div|span|br|p)\b", re.IGNORECASE)


def is_html_fragment(value: Any) -> bool:
    """A string value holding HTML markup."""
    return isinstance(value, str) and bool(_MARKUP.search(value))


def holds_fragments(obj: Any) -> bool:
    """An object with at least one HTML fragment among its values."""
    return isinstance(obj, dict) and any(is_html_fragment(v) for v in obj.values())


def read_fragments(
    obj: dict, where: str, path: Path, options: ReadOptions, budget: CellBudget
) -> ReadResult:
    """Read an object's HTML fragments as one bill page; their elements are spent from
    ``budget``, the document's for all its pages."""
    fragments: list[tuple[str, list[CellRow]]] = []
    for key, value in obj.items():
        if is_html_fragment(value):
            at = f"{where}.{key}" if where else str(key)
            try:
                fragments.append((str(key), html_rows(value, at, budget)))
            except ValueParseError as exc:
                raise InputError(str(path), str(exc), at, code=exc.code) from None
    points = [(k, rows) for k, rows in fragments if _about(rows, NOT_MONEY_WORDS)]
    money = [(k, rows) for k, rows in fragments if (k, rows) not in points]
    head = [f for f in money if not _has_amounts(f[1])]
    tables = [f for f in money if f not in head and find_header(f[1], options.kind)]
    rest = [f for f in money if f not in head and f not in tables]
    rows = [row for _, part in (*head, *tables, *rest) for row in part]
    result = interpret(rows, path, options)
    for key, part in points:
        result.rows_read += len(part)
        result.set_aside["note"] += len(part)
        about = NOT_MONEY_WORDS[0]
        result.notes.append(
            say(
                f"{key}：{len(part)} 行关于{about}，不是金额：已略过",
                f"{key}: {len(part)} rows about {about}, not money: set aside",
            )
        )
    used = ", ".join(key for key, _ in (*head, *tables, *rest))
    result.notes.append(
        say(
            f"按拆成多个 HTML 片段的账单页面读取（{used}）",
            f"read as a bill page cut into HTML fragments ({used})",
        )
    )
    others = [str(k) for k, v in obj.items() if not is_html_fragment(v) and _holds_numbers(v)]
    if others:
        result.notes.append(
            say(
                f"页面之外的值未读取：{', '.join(others)}",
                f"values beside the page not read: {', '.join(others)}",
            )
        )
    return result


def _about(rows: list[CellRow], words: tuple[str, ...]) -> bool:
    """True when the fragment's first row is about one of ``words`` (积分信息)."""
    first = next((row.text() for row in rows if row.filled()), "")
    return any(word in first for word in words)


def _has_amounts(rows: list[CellRow]) -> bool:
    return any(looks_like_amount(text) for row in rows for _, text in row.filled())


def _holds_numbers(value: Any) -> bool:
    """True for a value beside the fragments that carries figures (``"4.05"``, a list);
    a flag (``"-1"``) is no figure."""
    if isinstance(value, list | dict):
        return bool(value)
    return isinstance(value, str) and "." in value and looks_like_amount(value)
