"""Tables of several amounts a row for one month: 应收金额 | 实收金额, 费用 | 优惠 | 实收,
原价 | 优惠后, 应付 | 实付. One of them is what was charged; the others are the amount
before discounts, the discount itself, or what was due or paid.

Which one is read is told by the bill's own total where it can tell (the one column whose
rows add up to the single figure its total row states), else by the labels: a column
labelled charged (实收, 实缴, 优惠后 …), or a plain 金额 when the only others are amounts
before discounts (原价 | 金额). 应付 and 实付 tell nothing by their words (a carrier's 应付
is what is left to pay once the prepaid balance is taken, its 实付 or 已付 what was paid:
see the Telecom SMS and the Shandong portal bill of /work/shared/realworld): without a
total to tell, the rows are unread and said, never read by the first or the rightmost
column. A plain 金额 beside a 优惠 column alone is read when no total tells otherwise: a
row whose 优惠 is 0.00 is 金额 either way, and a discount shown beside it is most often
netted in it already or a credit apart (China Mobile's 优惠及减免 section, domain.md);
the discount not subtracted is said, its rows and its money. When the bill's total is
what 金额 less 优惠 makes, each row's net is read (金额 - 优惠, as the 实收 of 费用 | 优惠 |
实收 would have it, the same charges), said as a note; when it is 金额's sum, 金额.
The columns not read are said once a file. :mod:`auditor.readers.period_columns` asks
the same of two columns of one month (本月应收 | 本月实收), so both read alike.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from auditor.amount_text import AmountText
from auditor.errors import ValueParseError, located
from auditor.lang import say
from auditor.names import header_key
from auditor.readers.base import CellRow
from auditor.readers.rows import (
    Reading,
    is_amount,
    is_payment,
    labelled_figure,
    row_form,
    which_total,
)
from auditor.values import parse_amount

if TYPE_CHECKING:
    from auditor.readers.table_header import Header

# What a column's label says of its amounts (bill vocabulary shared by the carriers'
# e-bills, as the column names of auditor.readers.table_header are). Asked in this order:
# 实际应付 is what is due, not a charge; 优惠后 is charged, not a discount.
CHARGED, GROSS, DISCOUNT, DUE, PLAIN = "charged", "gross", "discount", "due", "plain"
#: How a 金额 | 优惠 table whose total is 金额 less 优惠 is read: each row's net.
NET = "net"
DUE_WORDS = ("应付", "实付", "已付", "已缴", "paid", "payable", "due")
CHARGED_WORDS = ("实收", "实缴", "应缴", "优惠后", "折后", "减免后", "实际", "charged", "net")
GROSS_WORDS = ("应收", "原价", "优惠前", "标准", "标价", "gross", "list price")
DISCOUNT_WORDS = ("优惠", "减免", "折扣", "抵扣", "discount")
#: A plain amount label (after its period word, 本月 …, if any).
PLAIN_WORDS = ("金额", "费用", "消费", "amount", "fee", "charge", "charges")
_ORDER = (
    (DUE, DUE_WORDS),
    (CHARGED, CHARGED_WORDS),
    (GROSS, GROSS_WORDS),
    (DISCOUNT, DISCOUNT_WORDS),
    (PLAIN, PLAIN_WORDS),
)
_KEYS = tuple((kind, tuple(header_key(w) for w in words)) for kind, words in _ORDER)
#: What may follow the word in an amount's label (优惠金额, 应收费用); before it, a period
#: or a word of two characters at most (本月实收, 实际应付): 优惠说明 and 费用项目 name
#: no amount.
_AFTER = frozenset(header_key(w) for w in ("", "金额", "额", "费", "费用", "资费", "amount", "fee"))
_BEFORE = 2


def kind_of(label: str) -> str | None:
    """What an amount column's label says it holds (:data:`CHARGED`, :data:`GROSS`,
    :data:`DISCOUNT`, :data:`DUE`, :data:`PLAIN`), or ``None``: no amount's label."""
    key = header_key(label) if label and label.strip() else ""
    for kind, words in _KEYS:
        for word in words:
            at = key.find(word)
            if 0 <= at <= _BEFORE and key[at + len(word) :] in _AFTER:
                return kind
    return None


def amount_columns(labels: tuple[str, ...] | list[str], taken: dict[str, int]) -> dict[int, str]:
    """The header cells that label an amount (see :func:`kind_of`), by column, leaving out
    the columns ``taken`` by other fields (费用项目 is the item's, not an amount)."""
    return labelled_columns(labels, taken, kind_of)


def labelled_columns(
    labels: Sequence[str], taken: dict[str, int], label_of: Callable[[str], str | None]
) -> dict[int, str]:
    """What ``label_of`` says of each header cell, by column, where it says something,
    leaving out the columns ``taken`` by fields other than the amount."""
    used = {i for field, i in taken.items() if field != "amount"}
    found = {}
    for index, text in enumerate(labels):
        if index not in used and (label := label_of(text)) is not None:
            found[index] = label
    return found


@dataclass(frozen=True)
class Choice:
    """Which of one month's amount columns is read (``None``: nothing tells), and how it
    was told: ``"total"`` (the bill's total), ``"label"``, :data:`DISCOUNT` (a plain
    金额 beside discount columns alone, in a bill stating no total), or :data:`NET` (the
    same, its total 金额 less the discounts: each row's net is read)."""

    column: int | None
    how: str = ""


def choose(
    kinds: dict[int, str],
    body: list[CellRow],
    forms: list[str],
    columns: dict[str, int],
    *,
    net: bool = False,
) -> Choice:
    """The column of ``kinds`` (one month's amount columns, by column) that holds what was
    charged: the one alone adding up to the bill's total, else the one its label tells.

    A plain 金额 beside a 优惠 column only, in a bill stating no total, is read: the 优惠
    is a discount already netted in 金额 or a credit apart (a carrier's 优惠及减免 section),
    and a row whose 优惠 is 0.00 or blank is 金额 whichever it is; that the discount was
    not subtracted is said (:func:`said_not_read`). A stated total that 金额 less the
    discounts makes reads each row's net (:data:`NET`), when the caller can (``net``:
    :func:`by_label` rewrites the rows so). Any other total that 金额 does not add up to
    still leaves the rows unread."""
    readable = [col for col, kind in kinds.items() if kind != DISCOUNT]
    discounts = [col for col, kind in kinds.items() if kind == DISCOUNT]
    sums, stated = _sums(readable, discounts, body, forms, columns)
    matching = [col for col in readable if col in sums and sums[col] in stated]
    if len(matching) == 1:
        return Choice(matching[0], "total")
    charged = [col for col in readable if kinds[col] == CHARGED]
    if len(charged) == 1:
        return Choice(charged[0], "label")
    plain = [col for col in readable if kinds[col] == PLAIN]
    others = {kinds[col] for col in kinds if col not in plain}
    if not charged and len(plain) == 1 and others <= {GROSS}:  # 原价 | 金额
        return Choice(plain[0], "label")
    if not charged and len(plain) == 1 and others == {DISCOUNT}:  # 金额 | 优惠
        if not stated:
            return Choice(plain[0], DISCOUNT)
        less = [sums.get(col) for col in (plain[0], *discounts)]
        if net and None not in less and less[0] - sum(less[1:]) in stated:
            return Choice(plain[0], NET)
    return Choice(None)


def _sums(
    readable: list[int],
    discounts: list[int],
    body: list[CellRow],
    forms: list[str],
    columns: dict[str, int],
) -> tuple[dict[int, int], set[int]]:
    """What the charge rows of each column of ``readable`` add up to, and of each of
    ``discounts`` by their size (优惠 printed 10.00 or -10.00 alike), leaving out a column
    holding text other than amounts; and the totals the bill states as a single figure
    (its total row filled in one column of ``readable``, or 本月费用合计：54.00 alone)."""
    stated: set[int] = set()
    sums = dict.fromkeys([*readable, *discounts], 0)
    item = columns.get("item", columns.get("category"))
    for row, form in zip(body, forms, strict=True):
        texts = [text for i, text in row.filled() if i not in sums]
        label = texts[0] if texts else ""
        if form != "data":
            figure = labelled_figure(row)
            if figure and which_total(figure[0]) == "total":
                stated.update(_fen(figure[1]))
            continue
        if any(which_total(text) for text in texts) or (label and is_payment(label)):
            if any(which_total(text) == "total" for text in texts):
                figures = [c for c in readable if c < len(row.cells) and row.cells[c].strip()]
                if len(figures) == 1:
                    stated.update(_fen(row.cells[figures[0]]))
            continue
        if item is not None and (item >= len(row.cells) or not row.cells[item].strip()):
            continue
        for col in list(sums):
            text = row.cells[col].strip() if col < len(row.cells) else ""
            fen = _fen(text) if text else [0]
            if not fen:
                del sums[col]  # (not an amount: this column adds up to nothing)
            else:
                sums[col] += abs(fen[0]) if col in discounts else fen[0]
    return sums, stated


def _fen(text: str) -> list[int]:
    """``[fen]`` of an amount's text, or ``[]``."""
    if not is_amount(text):
        return []
    try:
        return [parse_amount(text)]
    except ValueParseError:
        return []


def said_not_read(
    reading: Reading, labels: list[str], read: int, left: list[int], how: str
) -> None:
    """Say once a file which columns were not read beside the one read, and why."""
    if not left:
        return
    shown = "、".join(labels[c].strip() for c in left)
    if how == "total":
        zh_why, en_why = (
            "各行之和与账单合计相符的一列",
            "the column whose rows add up to the bill's total",
        )
    elif how == DISCOUNT:
        zh_why, en_why = (
            "账单没有合计可以核对，优惠视为已计入金额或另行抵扣，没有从费用中减去",
            "the bill states no total to tell, so the discount is taken as already in it or "
            "credited apart, and not subtracted from the charges",
        )
    else:
        zh_why, en_why = (
            "表头写明的实际收取（优惠后）的一列",
            "the column its label says is charged",
        )
    said = say(
        f"{shown} 一列不是实际收取的金额（优惠前的金额、优惠或应付/已付），未读取；读取的是"
        f"{labels[read].strip()}：{zh_why}",
        f"{shown}: not the amount charged (before discounts, the discount, or what was due "
        f"or paid), not read; {labels[read].strip()} is read: {en_why}",
    )
    if said not in reading.result.notes:  # (once a file, however many tables)
        reading.result.notes.append(said)


def by_label(
    reading: Reading,
    header: Header,
    body: list[CellRow],
    forms: list[str],
    columns: dict[str, int],
) -> tuple[list[CellRow], list[str], dict[str, int]]:
    """The rows of a table of several amounts a row (no period labels), rewritten to be
    read by the statement or long layout: the charged column is the amount column, the
    others blanked; a row with an amount only in a column not read is unread. When
    nothing tells which is charged, every data row is unread and none is returned. A
    table of one amount column: as it is."""
    labels = list(header.labels)
    named = amount_columns(labels, columns)
    # (a column of amounts, not one only headed so: 优惠 | 备注 may hold words alone)
    data = [row for row, form in zip(body, forms, strict=True) if form == "data"]
    kinds = {col: kind for col, kind in named.items() if any(_filled(r, [col]) for r in data)}
    if len(kinds) < 2 or "amount" not in columns:
        return body, forms, columns
    choice = choose(kinds, body, forms, columns, net=True)
    shown = " | ".join(labels[c].strip() for c in sorted(kinds))
    if choice.column is None:
        why = say(
            f"金额列（{shown}）分不清哪一列是实际收取的（应收/实收、应付/实付？），账单合计也"
            "说明不了；未读取，以免把优惠前或应付的金额当作费用",
            f"its amount columns ({shown}) do not tell which is the amount charged (due or "
            "paid? before discounts?), nor does the bill's total; not read, rather than take "
            "an amount before discounts or one due for the charges",
        )
        refuse_rows(reading, body, forms, why)
        return [], [], columns
    col = choice.column
    left = [c for c in sorted(kinds) if c != col]
    if choice.how == NET:
        body = _netted(reading, body, forms, col, left, labels)
    else:
        said_not_read(reading, labels, col, left, choice.how)
    if choice.how == DISCOUNT:
        _said_discounts(reading, body, forms, left, labels[col].strip())
    rows, out_forms = [], []
    only = say(
        f"只在未读取的列（{shown} 中 {labels[col].strip()} 以外）有金额",
        f"an amount only in a column not read (of {shown}, other than {labels[col].strip()})",
    )
    for row, form in zip(body, forms, strict=True):
        amount = row.cells[col].strip() if col < len(row.cells) else ""
        if form == "data" and not amount and _filled(row, left):
            reading.issue(row, only)  # (a charge, or the total, left out of the charged column)
            continue
        cells = [("" if i in left else c) for i, c in enumerate(row.cells)]
        made = CellRow(cells, row.locator, row.indent)
        rows.append(made)
        out_forms.append(row_form(made) if form in ("data", "label") else form)
    return rows, out_forms, {**columns, "amount": col}


def _said_discounts(
    reading: Reading, body: list[CellRow], forms: list[str], left: list[int], read: str
) -> None:
    """Say how many rows show a discount (优惠 not 0.00) that was not subtracted, and its
    money: the rows whose amount ``read`` (金额) overstates if it was before the discount."""
    fen, rows = 0, 0
    for row, form in zip(body, forms, strict=True):
        if form != "data" or any(which_total(text) for _, text in row.filled()):
            continue
        found = [f for c in left if c < len(row.cells) for f in _fen(row.cells[c].strip())]
        if any(found):
            fen, rows = fen + sum(abs(f) for f in found), rows + 1
    if rows:
        reading.result.notes.append(
            AmountText(
                "有优惠的行：{rows} 行，共 {fen}；如果{read}是优惠前的，"
                "这些行的费用多算了优惠的部分",
                "rows with a discount: {rows}, {fen} in all; if their {read} was the amount "
                "before it, their charges are that much too high",
                rows=str(rows),
                read=read,
                fen=fen,
            )
        )


def _netted(
    reading: Reading,
    body: list[CellRow],
    forms: list[str],
    col: int,
    discounts: list[int],
    labels: list[str],
) -> list[CellRow]:
    """The rows of a 金额 | 优惠 table whose total is 金额 less 优惠, each row with a
    discount holding its net in ``col`` (金额 58.00, 优惠 10.00: 48.00; a discount alone,
    a credit: -10.00), a total row as it is; said once a file, as a note: the total
    tells the discount was not in 金额."""
    rows = []
    read, less = labels[col].strip(), "、".join(labels[c].strip() for c in discounts)
    for row, form in zip(body, forms, strict=True):
        cells = list(row.cells) + [""] * (col + 1 - len(row.cells))
        found = [f for c in discounts if c < len(cells) for f in _fen(cells[c].strip())]
        total = any(which_total(text) for _, text in row.filled())
        gross = cells[col].strip()
        fen = _fen(gross) if gross else [0]
        if form == "data" and not total and any(found) and fen:
            texts = [gross, *(cells[c] for c in discounts if c < len(cells))]
            net = fen[0] - sum(abs(f) for f in found)
            cells[col] = _net_text(net, texts)
            if fen[0] > 0 > net:
                said = _over_its_charge(row.locator, fen[0], net, read, less)
                reading.result.warnings.append(said)
            row = CellRow(cells, row.locator, row.indent)
        rows.append(row)
    said = say(
        f"{read} | {less}：账单合计等于{read}之和减去{less}之和，各行按{read}减去{less}读取",
        f"{read} | {less}: the bill's total is {read} less {less}, so each row's {read} "
        f"less its {less} is read",
    )
    if said not in reading.result.notes:  # (once a file, however many tables)
        reading.result.notes.append(said)
    return rows


def _over_its_charge(at: str, gross: int, net: int, read: str, less: str) -> str:
    """What a row whose discount is more than its own charge is read as, said as a warning:
    the bill's total has it so, but a charge is not made negative by its own discount (a
    misread figure, or another row's discount printed on this one)."""
    return AmountText(
        "{at}：{less} {off} 比{read} {gross} 还多：按账单合计读作 {net}（{read}减去{less}）；"
        "优惠超过费用本身，可能是看错了数字或把别的行的优惠记在这一行，请核对",
        "{at}: its {less} {off} is more than its {read} {gross}: read as {net} ({read} less "
        "{less}, as the bill's total has it); a discount above the charge itself may be a "
        "misread figure or another row's discount: check the row",
        at=at,
        less=less,
        off=gross - net,
        read=read,
        gross=gross,
        net=net,
    )


def _net_text(fen: int, texts: list[str]) -> str:
    """A row's net as an amount's text: whole (48) where the row's amounts, ``texts``,
    are written whole (58, 10: a bill whose unit is settled once all is read,
    :mod:`auditor.amount_units`), else with its fen (48.00)."""
    sign, (whole, part) = "-" if fen < 0 else "", divmod(abs(fen), 100)
    if part == 0 and not any("." in text for text in texts):
        return f"{sign}{whole}"
    return f"{sign}{whole}.{part:02d}"


def _filled(row: CellRow, cols: list[int]) -> bool:
    return any(c < len(row.cells) and is_amount(row.cells[c].strip()) for c in cols)


def refuse_rows(reading: Reading, body: list[CellRow], forms: list[str], why: str) -> None:
    """Every data row of the table unread (its headings set aside), and why, once a file."""
    refused = 0
    for row, form in zip(body, forms, strict=True):
        if form == "data":
            reading.issue(row, why)
            refused += 1
        else:
            reading.aside("blank" if form == "blank" else "section" if form == "label" else "note")
    if refused:
        first = next(row for row, form in zip(body, forms, strict=True) if form == "data")
        reading.result.warnings.append(
            located(first.locator, say(f"{why}（{refused} 行）", f"{why} ({refused} rows)"))
        )
