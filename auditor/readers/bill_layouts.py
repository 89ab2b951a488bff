"""Reading a bill's rows: the long layout (one charge per row) and the statement layout
(sections with subtotals, items under them, a total).

Both turn rows into :class:`~auditor.model.Charge` records and the bills' stated totals
on the :class:`~auditor.readers.rows.Reading`; :func:`make_bills` then gives one
:class:`~auditor.model.Bill` per line and month met.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from auditor.amount_text import AmountText
from auditor.categories import categorise, categorise_all
from auditor.errors import ValueParseError, located
from auditor.lang import Text, say
from auditor.model import Bill, Charge
from auditor.names import header_key
from auditor.readers.account_block import beside_table
from auditor.readers.base import CellRow
from auditor.readers.bill_summary import SUMMARY, split_summaries
from auditor.readers.other_accounts import (
    check_file_total,
    is_account,
    not_on_a_line,
    number_total,
)
from auditor.readers.rows import (
    SUBTOTAL_KEYS,
    TOTAL_NO_AMOUNT,
    YUAN_SHOWN,
    Reading,
    cell,
    data_rows,
    is_amount,
    is_payment,
    labelled_figure,
    line_and_period,
    lone_total,
    try_parse,
    which_total,
)
from auditor.readers.sections import (
    ROW_MISMATCH,
    BillPlace,
    Node,
    StatementRow,
    add_charges,
    credit_printed_discounts,
    statement_tree,
)
from auditor.readers.table_header import header_of
from auditor.values import parse_phone
from auditor.words import UNCATEGORISED_SECTIONS

# Long bills repeat the same few categories on every row.
_categorise = lru_cache(maxsize=4096)(categorise)


def categories_of(rows: Sequence[tuple[str, str]]) -> list[str]:
    """The category :func:`add_charge` gives a charge of each ``(section, item)`` of
    ``rows``, worked out for all of them at once (a long bill's distinct items)."""
    return categorise_all(rows)


def _add_total(reading: Reading, locator: str, key: tuple[str, str], fen: int) -> None:
    """The stated total ``fen`` (at ``locator``) of the bill of ``key``: the first one kept."""
    reading.meet_bill(key)
    if key not in reading.totals:
        reading.totals[key] = (fen, locator)
    elif reading.totals[key][0] != fen:
        reading.result.warnings.append(
            say(
                f"{locator}：{key[1]} 的第二个合计与第一个不同，以第一个为准",
                f"{locator}: a second total for {key[1]} differs from the first; the first is kept",
            )
        )


def add_charge(
    reading: Reading,
    locator: str,
    key: tuple[str, str],
    section: str,
    item: str,
    fen: int,
    *,
    code: str = "",
    provider: str = "",
    category: str | None = None,
) -> None:
    """Add the charge of one row (at ``locator``) to the bill of ``key`` (line, month);
    ``category``: :func:`~auditor.categories.categorise` of its section and item, when
    the caller has it already."""
    reading.meet_bill(key)
    reading.result.charges.append(
        Charge(
            line=key[0],
            period=key[1],
            category=_categorise(section, item) if category is None else category,
            item=item,
            amount_fen=fen,
            section=section,
            carrier=reading.carrier_for(key[0]),
            source=str(reading.path),
            locator=locator,
            code=code,
            provider=provider,
        )
    )


def _bad_row(reading: Reading, row: CellRow, error: ValueParseError, amount: str = "") -> None:
    """A row whose values do not parse: a header repeated on every page, or unparseable
    (with the money of its ``amount``, a charge's, when that reads)."""
    if header_of(row.cells) is not None:
        reading.aside("header")
        return
    try:
        fen = reading.amount(amount) if amount else None
    except ValueParseError:
        fen = None
    reading.issue(row, str(error), fen)


# ---------------------------------------------------------------------- long layout


@dataclass
class LongBill:
    """What reading a long bill carries from row to row: whether it holds several lines,
    the file's own total rows, the total rows labelled in the number column, each line's
    bare 小计 rows, and where its charges start among the reading's."""

    several: bool
    file_totals: list[tuple[int, str]] = field(default_factory=list)
    #: Total rows whose label stands in the number column (合计 where a 手机号码 goes,
    #: often merged across the row): they name no line (see :func:`end_long_bill`).
    number_totals: list[tuple[int, str]] = field(default_factory=list)
    subtotals: dict[tuple[str, str], list[tuple[int, str]]] = field(default_factory=dict)
    first_charge: int = 0


def read_long_bill(
    reading: Reading, body: list[CellRow], forms: list[str], columns: dict[str, int]
) -> None:
    """One charge per row; a total row gives its bill's stated total.

    In a bill of several lines, a total row without a line is the file's total (checked
    against the sum of all the charges), and a line's one subtotal row (小计, no other
    label) is that line's stated total when no total row gives it.
    """
    several = not reading.options.line and len(_lines_in(body, forms, columns)) > 1
    bill = LongBill(several, first_charge=len(reading.result.charges))
    for row in data_rows(reading, body, forms, bill=True):
        long_row(reading, row, columns, bill)
    end_long_bill(reading, bill)


def long_row(reading: Reading, row: CellRow, columns: dict[str, int], bill: LongBill) -> None:
    """Read one row of a long bill that :func:`~auditor.readers.rows.data_rows` gave."""
    category, item = cell(row, columns, "category"), cell(row, columns, "item")
    amount = cell(row, columns, "amount")
    if not amount and (figure := labelled_figure(row)):
        # a labelled figure beside the columns (a summary table under the bill)
        if not _read_figure(reading, row, columns, figure):
            reading.issue(
                row,
                Text("数字不在表格的金额列里", "a figure outside the table's amount column"),
            )
        return
    if is_payment(category) or is_payment(item):
        reading.aside("payment")
        return
    line_text = cell(row, columns, "line")
    in_number = bool(line_text) and which_total(line_text) == "total"
    totals = {which_total(category), which_total(item), "total" if in_number else None}
    if "total" in totals and not amount:
        reading.issue(row, TOTAL_NO_AMOUNT)
        return
    if in_number or (bill.several and "total" in totals and not line_text):
        try:
            fen = reading.amount(amount)
        except ValueParseError as exc:
            reading.issue(row, str(exc))
            return
        (bill.number_totals if in_number else bill.file_totals).append((fen, row.locator))
        reading.aside("total")
        return
    try:
        key = line_and_period(reading, row, columns)
        fen = reading.amount(amount)
    except ValueParseError as exc:
        why = exc
        if is_account(line_text) and not reading.options.line:  # a 宽带账号's: no line's
            why = ValueParseError(not_on_a_line("号码", line_text).shown())
        _bad_row(reading, row, why, "" if totals - {None} else amount)  # a charge's money
        return
    if "total" in totals:
        reading.aside("total")
        _add_total(reading, row.locator, key, fen)
    elif "subtotal" in totals:
        reading.aside("subtotal")
        # Only a bare 小计 sums a line; 增值业务费小计 sums a category.
        if all(header_key(t) in SUBTOTAL_KEYS for t in (category, item) if t):
            reading.subtotals.setdefault(key, []).append((fen, row.locator))
            if bill.several:
                bill.subtotals.setdefault(key, []).append((fen, row.locator))
    elif not category and not item:
        reading.issue(
            row, Text("有金额，但没有费用类别或项目", "an amount with no category or item")
        )
    else:
        code, provider = cell(row, columns, "code"), cell(row, columns, "provider")
        add_charge(reading, row.locator, key, category, item, fen, code=code, provider=provider)


def end_long_bill(reading: Reading, bill: LongBill) -> None:
    """After the last row: a total labelled in the number column is its one bill's
    stated total, else the file's; a line's one bare 小计 is its total when no total row
    gives it, and the file's total is checked against the charges of all its lines."""
    # A 合计 standing where the number goes names no line and no month: it totals what
    # the rows above it hold, the whole file. When they are one line's month (a bill
    # exported alone, the commonest), that is the bill's own stated total, reconciled as
    # any bill's is (bill-total-mismatch); when they are several lines' or months', no
    # one bill states it, and it is checked against all their charges, as the file's.
    keys = {(c.line, c.period) for c in reading.result.charges[bill.first_charge :]}
    for fen, locator in bill.number_totals:
        if len(keys) == 1:
            _add_total(reading, locator, next(iter(keys)), fen)
        else:
            bill.file_totals.append((fen, locator))
    for key, found in bill.subtotals.items():
        if len(found) == 1 and key not in reading.totals:
            reading.totals[key] = found[0]
            reading.meet_bill(key)
    if bill.file_totals:
        check_file_total(reading, bill.file_totals)


def _lines_in(body: list[CellRow], forms: list[str], columns: dict[str, int]) -> set[str]:
    """The lines the data rows' line cells name."""
    if "line" not in columns:
        return set()
    cells = {cell(row, columns, "line") for row, f in zip(body, forms, strict=True) if f == "data"}
    # an account that is no mobile line (a 宽带账号's rows, unread) is one of them too: the
    # total of them all is the file's, checked against the money read and unread
    accounts = {text for text in cells if is_account(text)}
    return {line for line in (try_parse(parse_phone, c) for c in cells) if line} | accounts


# ---------------------------------------------------------------------- statement layout


def _statement_entry(row: CellRow, columns: dict[str, int], skip: set[int]) -> tuple[str, int, str]:
    """A statement row's label, depth and amount text; ``skip``: the columns that hold no
    label (see :func:`_not_labels`)."""
    filled = row.filled()
    if "amount" in columns:
        amount = cell(row, columns, "amount")
        labels = [(i, t) for i, t in filled if i not in skip]
    else:
        amount = filled[-1][1] if len(filled) > 1 else ""
        labels = filled[:-1] if len(filled) > 1 else filled
    if not labels:
        return "", 0, amount
    column, label = labels[0]
    raw = row.cells[column]
    leading = raw[: len(raw) - len(raw.lstrip())]
    spaces = 0
    if leading:  # most labels: none
        spaces = sum(2 if ch == "\u3000" else 4 if ch == "\t" else 1 for ch in leading)
    return label, column * 1000 + row.indent * 10 + spaces, amount


TWO_AMOUNTS = Text(
    "一行里有两个金额，没有表头说明哪一个是本月的（本月/上月两列？左右并排的两张表？）",
    "two amounts in one row and no header saying which is this month's (this month's and "
    "last month's? two tables side by side?)",
)


def _amounts_in(row: CellRow) -> int:
    """How many of a row's cells are amounts shown as yuan (58.00, 58元, ¥58): a count
    beside its amount (国内通话 350 105.00) is one amount."""
    return sum(1 for _, text in row.filled() if YUAN_SHOWN.search(text) and is_amount(text))


def two_amounts_said(locators: list[str]) -> str:
    """The file's one warning of its rows of two amounts left unread, where the first
    stands and how many."""
    return located(
        locators[0],
        say(
            f"{len(locators)} 行各有两个金额，分不清哪一个是本月的：未读取（见未读取的行），"
            "而不是取最右边的一个",
            f"{len(locators)} rows hold two amounts each and nothing tells which is this "
            "month's: not read (see the unread rows) rather than take the rightmost",
        ),
    )


def _not_labels(columns: dict[str, int]) -> set[int]:
    """The columns of a statement whose cells are not a row's label."""
    return {columns[f] for f in ("amount", "line", "month", "code", "provider") if f in columns}


def read_statement(
    reading: Reading, body: list[CellRow], forms: list[str], columns: dict[str, int]
) -> None:
    """Sections and items (or a flat list of items) for one line and month."""
    skip = _not_labels(columns)
    if (trimmed := beside_table(body, columns)) is not None:
        forms = [f if row.filled() else "blank" for row, f in zip(trimmed, forms, strict=True)]
        body = trimmed
    printed: dict[tuple[str, str], list[StatementRow]] = {}  # per bill, in order of appearance
    stated: dict[tuple[str, str], int] = {}
    breaks: dict[tuple[str, str], list[int]] = {}  # where total rows stood, per bill
    doubled: list[str] = []  # rows of two amounts, no column named (their locators)
    file_totals: list[tuple[int, str]] = []  # 合计 in the 号码 column: all lines'
    for row, form in zip(body, forms, strict=True):
        figure = labelled_figure(row) if form in ("label", "note") else None
        if figure and _read_figure(reading, row, columns, figure, stated, breaks, printed):
            continue
        if lone_total(row, form):
            reading.issue(row, TOTAL_NO_AMOUNT)
            continue
        if form in ("blank", "note"):
            reading.aside(form)
            continue
        if form == "data" and "amount" not in columns and _amounts_in(row) > 1:
            reading.issue(row, TWO_AMOUNTS)
            doubled.append(row.locator)
            continue
        label, depth, amount_text = _statement_entry(row, columns, skip)
        if is_payment(label):
            reading.aside("payment")
            continue
        if form == "data" and not amount_text and which_total(label) == "total":
            reading.issue(row, TOTAL_NO_AMOUNT)
            continue
        try:
            key = line_and_period(reading, row, columns)
            fen = None if form == "label" else reading.amount(amount_text)
        except ValueParseError as exc:
            # A total is never a charge's money, its 合计 in the item or the 号码 cell;
            # the file's (合计 where a 号码 goes, naming no line) is checked as such.
            in_number = which_total(cell(row, columns, "line"))
            total = number_total(reading, row, amount_text) if in_number == "total" else None
            if form == "data" and total is not None:
                file_totals.append(total)
                continue
            charge = form != "label" and not (which_total(label) or in_number)
            _bad_row(reading, row, exc, amount_text if charge else "")
            continue
        if not label:
            reading.issue(row, Text("有金额，但没有费用项目名称", "an amount with no item name"))
            continue
        total = which_total(label)
        if total == "total" and fen is not None:
            reading.aside("total")
            _add_total(reading, row.locator, key, fen)
            stated.setdefault(key, fen)
            breaks.setdefault(key, []).append(len(printed.get(key, [])))
        elif total == "subtotal":
            reading.aside("subtotal")
            if fen is not None and header_key(label) in SUBTOTAL_KEYS:
                reading.subtotals.setdefault(key, []).append((fen, row.locator))
        else:
            node = Node(label, fen, row.locator)
            printed.setdefault(key, []).append(StatementRow(node, depth))
    if doubled:
        reading.result.warnings.append(two_amounts_said(doubled))
    for key, rows in printed.items():
        rows, summary, differ = split_summaries(rows, breaks.get(key, []))
        for _ in summary:
            reading.aside(SUMMARY)
        reading.result.warnings += differ
        reading.meet_bill(key)
        place = BillPlace(key[0], key[1], reading.carrier_for(key[0]), str(reading.path))
        roots = statement_tree(rows, stated.get(key))
        add_charges(
            reading.result,
            roots,
            place,
            uncategorised=UNCATEGORISED_SECTIONS,
            category_sections=1,
            mismatch=ROW_MISMATCH,
        )
    if file_totals:
        check_file_total(reading, file_totals)


def _read_figure(
    reading: Reading,
    row: CellRow,
    columns: dict[str, int],
    figure: tuple[str, str],
    stated: dict[tuple[str, str], int] | None = None,
    breaks: dict[tuple[str, str], list[int]] | None = None,
    printed: dict[tuple[str, str], list[StatementRow]] | None = None,
) -> bool:
    """Read a labelled figure (``本月费用合计：53.60元``) as the bill's total, a subtotal or
    a payment; False when it is none of them (the caller decides what it is)."""
    label, amount_text = figure
    if is_payment(label):
        reading.aside("payment")
        return True
    which = which_total(label)
    if which is None:
        return False
    try:
        key = line_and_period(reading, row, columns)
        fen = reading.amount(amount_text)
    except ValueParseError as exc:
        _bad_row(reading, row, exc)
        return True
    if which == "total":
        reading.aside("total")
        _add_total(reading, row.locator, key, fen)
        if stated is not None:
            stated.setdefault(key, fen)
        if breaks is not None and printed is not None:
            breaks.setdefault(key, []).append(len(printed.get(key, [])))
    else:
        reading.aside("subtotal")
    return True


def settle_family_totals(reading: Reading) -> None:
    """A bill of several lines, each under its own 号码 block: sort out whose total is whose.

    The last line's total row may be the total of all the lines (总计 below the last
    block): it is, when it equals the sum of every line's charges of that month and not
    the line's own; it then states no line's total. A line's one bare 小计 is its stated
    total when no total row gives it, as in a long-layout family bill.
    """
    own: Counter[tuple[str, str]] = Counter()
    month: Counter[str] = Counter()
    for charge in reading.result.charges:
        own[(charge.line, charge.period)] += charge.amount_fen
        month[charge.period] += charge.amount_fen
    lines = Counter(period for _, period in reading.bill_keys)
    unread = reading.result.unread_fen  # a 宽带账号's charges, say: in the total too
    for key, (fen, locator) in list(reading.totals.items()):
        if lines[key[1]] > 1 and fen != own[key] and fen == month[key[1]]:
            del reading.totals[key]
            reading.result.notes.append(
                AmountText(
                    "{at}：合计 {total} 是 {period} 所有号码的合计，不只是 {line} 一个号码的",
                    "{at}: the total {total} is that of all the lines of {period}, not of "
                    "{line} alone",
                    at=locator,
                    total=fen,
                    period=key[1],
                    line=key[0],
                )
            )
        elif unread and lines[key[1]] > 1 and fen != own[key] and fen == month[key[1]] + unread:
            del reading.totals[key]  # the whole bill's, unread rows and all: not the line's
            check_file_total(reading, [(fen, locator)])
    for key, found in reading.subtotals.items():
        if len(found) == 1 and key not in reading.totals:
            reading.totals[key] = found[0]


def make_bills(reading: Reading) -> None:
    """One :class:`Bill` per line and month met, with its stated total if any; its
    discounts printed positive read as the credits they are when only so does it add up
    (:func:`~auditor.readers.sections.credit_printed_discounts`), with a warning: the
    amounts counted are not those printed."""
    charges: dict[tuple[str, str], list[Charge]] = {}
    for charge in reading.result.charges:
        charges.setdefault((charge.line, charge.period), []).append(charge)
    for key, carrier in reading.bill_keys.items():
        total, locator = reading.totals.get(key, (None, ""))
        if said := credit_printed_discounts(charges.get(key, []), total):
            reading.result.warnings.append(said)
        reading.result.bills.append(
            Bill(
                line=key[0],
                period=key[1],
                stated_total_fen=total,
                carrier=carrier,
                source=str(reading.path),
                locator=locator,
            )
        )
