"""A CSV row with more fields than its table's header: an unquoted comma split a cell.

The commonest cause is an amount written with a thousands separator and no quotes
(``1,200.00`` becomes the two fields ``1`` and ``200.00``). Read as it stands, the row's
amount column holds ``1`` and the ``200.00`` is dropped: money 1,000 times too small, and a
bill that may still "add up" (its total split the same way). So no such row is read as
it stands. Each is either read whole, where where the extra fields belong is certain, or
set aside as an unread row naming why; a file where this happens says so in one alert.

Certain means all of this, and a table with a header (a statement without one may hold a
usage count beside some amounts, 国内通话,350,105.00: there a row so split is left unread):

- the extra fields are exactly the thousands groups of an amount column's value: that
  cell holds 1 to 3 digits (a sign, ``¥`` or an opening bracket before them), and the
  extra fields right after it are groups of 3 digits, the last with its decimals
  (``1`` | ``200.00``; ``12`` | ``345`` | ``678.90``), the whole an amount;
- that is the only way to read the row so, even were the decimals not required (a
  应收 and a 实收 column either of which could take them is a doubt: ``1`` | ``100`` |
  ``200.00`` may be 1,100 and 200.00, or 1 and 100,200.00);
- every over-wide row of the file is explained so: a file where some row was split
  elsewhere (an item's name holding a comma) writes its text unquoted too, and then a
  row's ``1`` may as well be the end of a split name: none of its rows is read.

The last decimal part is required: ``58`` | ``100`` may be an amount of 58 and a note of
100 as well as 58,100, and an export that writes separators writes the decimals too.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise, product

from auditor import where
from auditor.errors import ValueParseError
from auditor.lang import say
from auditor.model import ReadResult, RowIssue
from auditor.names import header_key
from auditor.readers.rows import is_amount
from auditor.readers.table_header import BILL_LOOKUP, header_of
from auditor.values import parse_amount

# The table header is looked for in the first rows only, as the long CSV path does.
_HEAD_ROWS = 200
# More extra fields, or amount columns, than this: no amount is that long; not tried.
_MOST_EXTRA, _MOST_MONEY = 4, 3
# Matched against a stripped field, with no run of spaces inside a pattern: each is
# linear on any field (tests/test_regex_linear.py).
_HEAD = re.compile(r"[-+−(]?[¥￥]?[1-9]\d{0,2}")
_GROUP = re.compile(r"\d{3}")
_LAST = re.compile(r"\d{3}\.\d{1,2}\)?元?")


@dataclass
class FieldFit:
    """The over-wide rows of a CSV (``index`` into its rows → their cells): those read
    whole (``joined``: the cells as they were meant) and those left unread (why)."""

    joined: dict[int, list[str]] = field(default_factory=dict)
    unread: dict[int, str] = field(default_factory=dict)
    locators: dict[int, str] = field(default_factory=dict)
    texts: dict[int, str] = field(default_factory=dict)

    def apply(self, cells: list[list[str]]) -> None:
        """Put the joined rows in ``cells``, and blank the unread ones (read as blank
        rows: :meth:`settle` makes them unread rows once the file is read)."""
        for index, row in self.joined.items():
            cells[index] = row
        for index in self.unread:
            cells[index] = []

    def settle(self, result: ReadResult) -> None:
        """Count the unread rows as unread (not blank), in file order, and say what was
        done in one alert."""
        if self.unread:
            result.set_aside["blank"] -= len(self.unread)
            issues = [
                RowIssue(self.locators[i], reason, self.texts[i])
                for i, reason in self.unread.items()
            ]
            result.unparseable = sorted(
                [*result.unparseable, *issues], key=lambda issue: _row_number(issue.locator)
            )
        if alert := self.alert():
            result.alerts.append(alert)

    def alert(self) -> str:
        """The file's one line on its over-wide rows; '' when it has none."""
        if self.unread:
            first = self.locators[min(self.unread)]
            return say(
                f"{len(self.unread)} 行的字段比表格的列多（如{first}：没有引号的逗号把一个单元格"
                "拆开了，如千位分隔符 1,200.00）：拆在哪里无法确定，这些行未读取；"
                "请导出金额不带千位分隔符或带引号的文件",
                f"{len(self.unread)} {_rows(len(self.unread))} with more fields than the "
                f"table has columns (first: {first}; an unquoted comma split a cell, as a "
                "thousands separator splits 1,200.00): where is not certain, so not read; "
                "export amounts without separators, or quoted",
            )
        if self.joined:
            first = self.locators[min(self.joined)]
            return say(
                f"金额的千位分隔符没有加引号（如 1,200.00），{len(self.joined)} 行因此被拆成"
                f"多个字段（如{first}）：多出的字段正好是金额的千位数字组，已合并读取",
                f"amounts written with an unquoted thousands separator (1,200.00) split "
                f"{len(self.joined)} {_rows(len(self.joined))} into more fields than the "
                f"table has columns (first: {first}): the extra fields are exactly the amount's "
                "digit groups, so each was read whole",
            )
        return ""


def fit_fields(cells: list[list[str]], starts: list[int]) -> FieldFit | None:
    """The over-wide rows of a CSV's rows (``cells``, each starting on line
    ``starts[i]``), and how each is read; ``None`` when it has none.

    Over-wide: more fields than the table's header (rows after it), or, in a statement
    without a header, a row of a label and an amount split as ``1`` | ``288.00`` with
    more fields after its label than the file's other such rows (:func:`_headless`).
    """
    widths = [_width(row) for row in cells]
    start = next(
        (i for i, row in enumerate(cells[:_HEAD_ROWS]) if header_of(row) is not None), None
    )
    wide = _headless(cells, widths) if start is None else _under_header(cells, widths, start)
    # A row over-wide with no amount split in it (a note's commas, 注：如有疑问,请拨打10086,
    # 谢谢; a word after the amount, 58.00,包月) is read as before; but its text was
    # written unquoted, so no split amount of the file is certain.
    quiet = {i for i in wide if not _looks_split(cells[i], widths[i])}
    if not wide.keys() - quiet:
        return None
    fit = FieldFit()
    doubts: dict[int, str] = dict.fromkeys(wide.keys() - quiet, "") if quiet else {}
    for index, (first, width, money) in wide.items():
        if index in quiet:
            continue
        row = cells[index][first : widths[index]]
        fit.locators[index] = where.row(starts[index])
        fit.texts[index] = " ".join(c.strip() for c in row if c.strip())[:200]
        joins = _joins(row, width, money)
        # Without a header, a label, a count and an amount (国内通话,350,105.00) stand as a
        # split amount does: never read whole there, only left unread.
        if len(joins) == 1 and joins[0][1] and start is not None:
            fit.joined[index] = cells[index][:first] + joins[0][0]
        else:
            doubts[index] = _why(len(row), width, found=len(joins))
    if doubts:
        # some row was split elsewhere: the file's text is unquoted too, nothing is sure
        for index, (first, width, _) in wide.items():
            if index in quiet:
                continue
            fit.unread[index] = doubts.get(index) or _why(
                widths[index] - first, width, file_wide=True
            )
        fit.joined.clear()
    return fit


# An over-wide row: where its fields start, how many it should have, its amount columns.
_Wide = tuple[int, int, list[int]]


def _under_header(cells: list[list[str]], widths: list[int], start: int) -> dict[int, _Wide]:
    """The rows after the header at ``start`` with more fields than it (or than a later
    header row, for the rows after that)."""
    width, money = widths[start], _money_columns(cells[start])
    wide: dict[int, _Wide] = {}
    for index in range(start + 1, len(cells)):
        if widths[index] <= width:
            continue
        if header_of(cells[index]) is not None:  # a header of its own (a later table)
            width, money = widths[index], _money_columns(cells[index])
            continue
        wide[index] = (0, width, money)
    return wide


def _looks_split(row: list[str], width: int) -> bool:
    """Some two fields of ``row`` side by side stand as an amount split at a thousands
    separator does (``1`` | ``200.00``, ``12`` | ``345``): no other over-wide row is one."""
    fields = [cell.strip() for cell in row[:width]]
    return any(
        (_HEAD.fullmatch(a) or _GROUP.fullmatch(a)) and (_LAST.fullmatch(b) or _GROUP.fullmatch(b))
        for a, b in pairwise(fields)
    )


def _headless(cells: list[list[str]], widths: list[int]) -> dict[int, _Wide]:
    """A statement without a header: the rows ending in an amount whose fields from their
    label on are more than the most of the others' (``套餐及固定费`` | ``1`` | ``288.00``
    where ``增值业务费`` | ``15.00``); none unless some such row ends as a split amount
    does (a statement of label, usage and amount stays as it was read)."""
    spans: dict[int, tuple[int, int]] = {}  # row → (first field, fields from it)
    for index, row in enumerate(cells):
        width = widths[index]
        filled = [i for i in range(width) if row[i].strip()]
        if len(filled) >= 2 and is_amount(row[width - 1]):
            spans[index] = (filled[0], width - filled[0])
    split = {i for i in spans if _split_end(cells[i], widths[i])}
    plain = Counter(span for i, (_, span) in spans.items() if i not in split)
    usual = plain.most_common(1)[0][0] if plain else 2
    wide = {i: (first, usual, [usual - 1]) for i, (first, span) in spans.items() if span > usual}
    return wide if split & set(wide) else {}


def _split_end(row: list[str], width: int) -> bool:
    """The row ends as an amount split at its thousands separator does (``1`` | ``288.00``)."""
    return (
        width >= 3
        and bool(_LAST.fullmatch(row[width - 1].strip()))
        and bool(_HEAD.fullmatch(before := row[width - 2].strip()) or _GROUP.fullmatch(before))
    )


def _width(row: list[str]) -> int:
    """The row's fields up to its last non-empty one (trailing empty fields are no extra)."""
    width = len(row)
    while width and not row[width - 1].strip():
        width -= 1
    return width


def _money_columns(header: list[str]) -> list[int]:
    """The columns a header names as amounts (金额, 应收金额, 实收金额, amount)."""
    return [
        index
        for index, name in enumerate(header)
        if name.strip() and BILL_LOOKUP.get(header_key(name)) == "amount"
    ][:_MOST_MONEY]


def _joins(row: list[str], width: int, money: list[int]) -> list[tuple[list[str], bool]]:
    """Every way of reading ``row`` as ``width`` fields by giving its extra fields to
    amount columns as their thousands groups, each with whether its last group carries
    decimals (a reading is taken only when it is the one way and it does: see the
    module's text)."""
    extra = len(row) - width
    if not money or extra > _MOST_EXTRA:
        return []
    found = []
    for shares in product(range(extra + 1), repeat=len(money)):
        if sum(shares) != extra:
            continue
        joined, at, decimals = [], 0, True
        for column in range(width):
            share = shares[money.index(column)] if column in money else 0
            piece = row[at : at + share + 1]
            if share and (grouped := _grouped(piece)) is None:
                break
            decimals = decimals and (not share or bool(grouped))
            joined.append(",".join(piece) if share else piece[0])
            at += share + 1
        else:
            found.append((joined, decimals))
    return found


def _grouped(pieces: list[str]) -> bool | None:
    """Whether ``pieces`` are an amount's head and its thousands groups with the last
    carrying decimals (``True``), without them (``False``); ``None``: they are not."""
    head, *groups, last = (piece.strip() for piece in pieces)
    if not (_HEAD.fullmatch(head) and all(_GROUP.fullmatch(g) for g in groups)):
        return None
    if not (_LAST.fullmatch(last) or _GROUP.fullmatch(last)):
        return None
    try:
        parse_amount(",".join(pieces))
    except ValueParseError:
        return None
    return bool(_LAST.fullmatch(last))


def _why(fields: int, width: int, *, found: int = 0, file_wide: bool = False) -> str:
    """Why an over-wide row is unread; ``found``: how many ways it could be read."""
    if file_wide:
        return say(
            f"字段比表格的列多（{fields} 个，表格 {width} 列）：文件里别的行有不是千位分隔符的"
            "未加引号的逗号，这一行多出的字段属于哪一列无法确定",
            f"more fields ({fields}) than the table has columns ({width}): other rows of "
            "the file hold unquoted commas that are no thousands separator, so where this "
            "row's extra fields belong is not certain",
        )
    if found == 1:
        return say(
            f"字段比表格的列多（{fields} 个，表格 {width} 列）：多出的字段可能是金额的千位数字组，"
            "也可能是单独的字段（没有小数，无法分辨）",
            f"more fields ({fields}) than the table has columns ({width}): the extra fields "
            "may be an amount's thousands groups or fields of their own (no decimals to tell)",
        )
    if found:
        return say(
            f"字段比表格的列多（{fields} 个，表格 {width} 列）：多出的字段可以属于不止一个金额列",
            f"more fields ({fields}) than the table has columns ({width}): the extra fields could "
            "belong to more than one amount column",
        )
    return say(
        f"字段比表格的列多（{fields} 个，表格 {width} 列）：没有引号的逗号拆开了一个单元格，"
        "多出的字段不是金额的千位数字组",
        f"more fields ({fields}) than the table has columns ({width}): an unquoted comma split a "
        "cell, and the extra fields are not an amount's thousands groups",
    )


def _rows(count: int) -> str:
    return "row" if count == 1 else "rows"


def _row_number(locator: str) -> int:
    match = re.search(r"\d+", locator)
    return int(match[0]) if match else 0
