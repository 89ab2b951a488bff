"""The columns of a bill's table printed without a header row (a heading row per line, its
rows under it), guessed from the rows themselves.

A row of a label and an amount is a statement's (:func:`~auditor.readers.bill_layouts.
read_statement`). A row of two texts and an amount is one of two things: a category and
its item (``增值业务费`` | ``副卡功能费`` | ``10.00``), or an item and a word about it
(``咪咕视频会员`` | ``10月1日订购`` | ``6.00``). Read as a statement, the first text is the
item and the second is lost: in trial t14's fusion bill every item was its category
(增值业务费), a known 副卡功能费 became an unknown service. So the columns are named only
when every such row of the part agrees: the texts and the amount in the same columns,
no row of another shape carrying an amount, and every first text a category as carriers
print them (a name the category words know, ending as their names do: 增值业务费,
套餐及固定费, 优惠及减免). Else the rows are read as a statement was, and the file says so,
naming the first such row: never a second text dropped unsaid. A usage beside an amount
(``国内通话`` | ``350分钟`` | ``105.00``) is no second text.
"""

from __future__ import annotations

import re
from collections import Counter

from auditor.categories import category_of
from auditor.lang import say
from auditor.readers.base import CellRow
from auditor.readers.rows import Reading, is_amount, is_payment, labelled_figure, which_total

# How a carrier's category name ends (增值业务费, 其他费用, 优惠及减免).
_CATEGORY_ENDINGS = ("费", "费用", "减免", "优惠")
# A usage or a date beside an amount: figures and a short unit (350分钟, 1.2GB, 00:12:30).
_USAGE = re.compile(r"[\d.,:：/\-]+\s*[^\d\s]{0,3}")


def headless_columns(reading: Reading, rows: list[CellRow], forms: list[str]) -> dict[str, int]:
    """The category, item and amount columns of a bill without a header row, when its
    ``rows`` (those of the ``forms`` ``data``: every line's and account's) say them for
    sure (see the module's doc); else ``{}`` (read as a statement), with a warning once
    for the file when rows of two texts and an amount were met."""
    shapes: Counter[tuple[int, ...]] = Counter()
    two_texts: list[tuple[CellRow, list[str]]] = []
    others = 0  # rows of another shape that carry an amount
    for row, form in zip(rows, forms, strict=True):
        if form != "data" or labelled_figure(row):
            continue
        filled = row.filled()
        texts = [text for _, text in filled]
        if which_total(texts[0]) or is_payment(texts[0]):
            continue
        if len(texts) == 3 and is_amount(texts[2]) and _two_texts(texts[0], texts[1]):
            shapes[tuple(column for column, _ in filled)] += 1
            two_texts.append((row, texts))
        elif is_amount(texts[-1]):
            others += 1
    if not two_texts:
        return {}
    if len(shapes) == 1 and not others and all(_category(t[0]) for _, t in two_texts):
        category, item, amount = next(iter(shapes))
        return {"category": category, "item": item, "amount": amount}
    row, (first, second, _) = two_texts[0]
    count = len(two_texts)
    reading.result.warnings.append(
        say(
            f"{row.locator}：表格没有表头，这一行有两段文字（{first}、{second}），分不清哪一段是"
            f"费用项目：按第一段“{first}”读作项目（共 {count} 行如此；请核对，或导出带表头的账单）",
            f"{row.locator}: the table has no header row, and this row holds two texts "
            f"({first}, {second}) with nothing telling which is the item: the first, "
            f"“{first}”, was read as the item ({count} such rows; check them, or export "
            "the bill with its header row)",
        )
    )
    return {}


def _two_texts(first: str, second: str) -> bool:
    """Two texts, neither an amount nor a usage (350分钟)."""
    return not any(is_amount(t) or _USAGE.fullmatch(t) for t in (first, second))


def _category(text: str) -> bool:
    """A category as carriers print it: one the category words know, named as they are."""
    return text.endswith(_CATEGORY_ENDINGS) and category_of(text) is not None
