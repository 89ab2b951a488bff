"""What every table layout shares to read a source's rows of cells.

A source reader produces :class:`~auditor.readers.base.CellRow` objects;
:func:`auditor.readers.table.interpret` reads them with the layouts of
:mod:`auditor.readers.bill_layouts` and :mod:`auditor.readers.service_list`. This module
is what those share: the :class:`Reading` under way, how a row's words mark it (totals,
payments, notes; the words themselves are :mod:`auditor.words`), the form of each body
row, and a row's cells, line and month.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from auditor.amount_shape import never_an_amount
from auditor.amount_units import FEN, UNSTATED, YUAN
from auditor.catalog import carrier_from_number
from auditor.errors import ErrorCode, InputError, ValueParseError, quoted
from auditor.lang import Text, say
from auditor.model import ReadResult, RowIssue
from auditor.names import fold_all, fold_traditional, header_key
from auditor.readers.base import LINE_ADVICE, CellRow, ReadOptions
from auditor.readers.detect import Context, folder_line_used, say_override
from auditor.readers.doubts_said import month_clash, two_units
from auditor.settling import MonthDoubt
from auditor.values import (
    excel_month_doubt,
    is_mobile,
    month_span,
    nfkc,
    parse_amount,
    parse_month,
    parse_phone,
)
from auditor.words import (
    NOTE_ALONE,
    NOTE_LABELS,
    NOTE_STARTS,
    PAYMENT_ENDINGS,
    PAYMENT_WORDS,
    SUBTOTAL_WORDS,
    TOTAL_ENDINGS,
    TOTAL_WORDS,
    any_of,
)

# ---------------------------------------------------------------------- row words

# Rows below (or inside) a table that are the carrier talking, not data.
NOTE_RE = re.compile(
    "^(?:"
    + "|".join(
        [
            any_of(NOTE_STARTS),
            any_of(NOTE_LABELS) + r"\s*[:：]",
            any_of(NOTE_ALONE) + "$",
        ]
    )
    + ")",
    re.IGNORECASE,
)

_COLON = re.compile(r"[:：]")
# What shows an amount is yuan: decimals, or the unit written beside it.
YUAN_SHOWN = re.compile(r"[.．元¥￥]|rmb|cny", re.IGNORECASE)
_DIGIT = re.compile(r"\d")

# Long bills repeat the same lines on every row.
_carrier_of_number = lru_cache(maxsize=1024)(carrier_from_number)


def header_keys(names: tuple[str, ...]) -> frozenset[str]:
    """The header keys (see :func:`auditor.names.header_key`) of ``names``."""
    return frozenset(header_key(n) for n in names)


_TOTAL_KEYS = header_keys(TOTAL_WORDS)
SUBTOTAL_KEYS = header_keys(SUBTOTAL_WORDS)
_PAYMENT_KEYS = header_keys(PAYMENT_WORDS)
# Every payment word and ending has one of these (or its full-width form, before NFKC).
_PAYMENT_HINT = re.compile(r"[付缴存余欠]|paid|payment|balance|ｐａ[ｉｙ]|ｂａｌ", re.IGNORECASE)
# The last character of every total and subtotal word: a label whose key has none of them
# is no total (its key is its folded text less some characters). Most labels have none,
# and a long bill asks it of each of its 200,000 items.
_TOTAL_LAST = {word[-1] for word in (*_TOTAL_KEYS, *SUBTOTAL_KEYS, *TOTAL_ENDINGS, "小计") if word}
_TOTAL_HINT = re.compile("[" + re.escape("".join(sorted(_TOTAL_LAST))) + "]")

NO_LINE = Text(
    "这一行和表格上方都没有号码：" + LINE_ADVICE.zh,
    "no line in the row or above the table: " + LINE_ADVICE.en,
)
TOTAL_NO_AMOUNT = Text(
    "合计行没有可读取的金额（来自电子表格：公式保存时没有保存结果？请用 Excel 打开后再保存）",
    "total has no readable amount "
    "(from a spreadsheet: a formula saved without its value? open and save it in Excel)",
)


@dataclass
class Reading:
    """What interpret() has learnt so far about one document.

    ``ctx`` is the line, month and carrier of the part being read; ``totals`` the first
    stated total of each bill (line, month) and where it stands; ``bill_keys`` every
    bill met, in order, with the carrier of the part it was met in.
    """

    path: Path
    options: ReadOptions
    result: ReadResult
    ctx: Context = field(default_factory=Context)
    totals: dict[tuple[str, str], tuple[int, str]] = field(default_factory=dict)
    bill_keys: dict[tuple[str, str], str] = field(default_factory=dict)
    #: Each bill's bare 小计 rows (amount, locator): a line's total in a family bill.
    subtotals: dict[tuple[str, str], list[tuple[int, str]]] = field(default_factory=dict)
    #: The table's amount column is headed in fen (金额(分)).
    amount_in_fen: bool = False
    #: Its unit is named (金额(元), 金额(分), or ``--amount-unit``): no amount is in doubt.
    unit_named: bool = False
    #: The unit the document states above its table or below it (单位：分), with its
    #: words: a later bill of the document stating none is in it too.
    stated: dict[str, str] = field(default_factory=dict)
    #: What says the amounts are fen, and the first amount that is no whole number of
    #: fen (29.00 and 2.40 under 金额(分)): the file is refused (:meth:`check_fen`).
    fen_why: tuple[Text, Text] | None = None
    not_whole_fen: str = ""
    #: Amounts read under a column naming no unit: whether any was written as whole
    #: (2900), and whether any showed it is yuan (29.00, 29元, ¥29).
    bare: bool = False
    yuan_shown: bool = False
    #: Months read from a row's text: those some text gives plainly, and those only a
    #: text Excel may have made of another gives (2026.1 of 2026.10), with that text.
    plain_months: set[str] = field(default_factory=set)
    doubtful_months: dict[str, str] = field(default_factory=dict)
    #: The month the part's header block states (账期：2026年09月), and each other month
    #: its rows' month column gives, with the text: said once the document is read.
    block_period: str | None = None
    clashes: dict[tuple[str, str], str] = field(default_factory=dict)

    def amount(self, text: str) -> int:
        """A row's amount in fen, read in the unit its column's header gives."""
        fen = parse_amount(text)
        if not self.amount_in_fen:
            if not self.unit_named and not self.yuan_shown:
                # (a long bill asks once per distinct text: _Memo in long_csv)
                if YUAN_SHOWN.search(text):
                    self.yuan_shown = True
                elif fen:
                    self.bare = True
            return fen
        if fen % 100:
            self.not_whole_fen = self.not_whole_fen or text.strip()
            raise ValueParseError(
                say(
                    f"{quoted(text)}不是整数分（这一列以“分”为单位）",
                    f"not a whole number of fen: {text!r} (the column is in 分)",
                )
            )
        return fen // 100

    def take_unit(self, in_fen: bool, named: bool, stated: dict[str, str] | None = None) -> None:
        """The unit of a segment's amount column: its header's (金额(分), 金额(元)), else
        the one its document states above or below the table (``stated``: 单位：分), else
        ``--amount-unit``'s, else none (its whole numbers are settled across the inputs:
        :meth:`mark_settling`); amounts in fen are said in the notes. Two units stated
        (金额(元) and 单位：分) refuse the file: which is right, nothing tells."""
        self.stated = stated or self.stated
        units = {**self.stated, **({(FEN if in_fen else YUAN): ""} if named else {})}
        if len(units) > 1:
            raise InputError(str(self.path), two_units(named, in_fen, self.stated), code=_AMBIGUOUS)
        self.amount_in_fen, self.unit_named = in_fen, named
        why = Text("金额列的表头写着“分”", "the amount column is headed in 分")
        fix = Text("表头写成 金额(元)", "head the column 金额(元)")
        if not named and self.stated:
            unit, words = next(iter(self.stated.items()))
            self.amount_in_fen, self.unit_named = unit == FEN, True
            why = Text(f"文件写明「{words}」", f"the file says 「{words}」")
            fix = Text(f"改正「{words}」", f"correct 「{words}」")
        elif not named and self.options.amount_unit:
            self.amount_in_fen, self.unit_named = self.options.amount_unit == "fen", True
            why = Text("--amount-unit fen", "--amount-unit fen")
            fix = Text("改用 --amount-unit yuan", "give --amount-unit yuan")
        said = say(f"金额以分为单位：{why.zh}", f"amounts in fen: {why.en}")
        self.fen_why = (why, fix) if self.amount_in_fen else None
        if self.amount_in_fen and said not in self.result.notes:
            self.result.notes.append(said)

    def check_fen(self) -> None:
        """Refuse the file when an amount said to be fen is no whole number of fen
        (2.40 under 金额(分)): the unit said is wrong for it, so it may be wrong for the
        amounts that are whole (29.00 would count as ¥0.29, 100 times too little)."""
        if not self.not_whole_fen or self.fen_why is None:
            return
        text, (why, fix) = self.not_whole_fen, self.fen_why
        raise InputError(
            str(self.path),
            say(
                f"金额单位不明：{why.zh}，但 {quoted(text)} 不是整数分，金额看来是元"
                f"（按分读取会少算 100 倍）；若是元，请{fix.zh}",
                f"unit unclear: {why.en}, but {text!r} is no whole number of fen, so the "
                "amounts look like yuan (read as fen they would count 100 times too "
                f"little); if they are yuan, {fix.en}",
            ),
            code=_AMBIGUOUS,
        )

    def mark_settling(self) -> None:
        """Mark what the document leaves to settle across the inputs
        (:func:`auditor.inputs.settle_read`): whole amounts under a column naming no unit,
        none showing yuan (:mod:`auditor.amount_units`); months only a text Excel may have
        made of another gives (:mod:`auditor.doubtful_months`)."""
        if self.bare and not self.yuan_shown and self.result.charges:
            self.result.settling.amount_unit = UNSTATED
        doubts = [
            MonthDoubt(period, text, self.ctx.period or "")
            for period, text in self.doubtful_months.items()
            if period not in self.plain_months
        ]
        self.result.settling.months = doubts
        for (stated, period), text in self.clashes.items():
            self.result.alerts.append(month_clash(stated, period, text))

    def saw_month(self, text: str, period: str | None) -> None:
        """Note the month ``period`` a row's ``text`` was read as (see :attr:`doubtful_months`,
        :attr:`clashes`), and a billing period running into another month."""
        if not period:
            return
        if excel_month_doubt(text):
            self.doubtful_months.setdefault(period, text)
        else:
            self.plain_months.add(period)
        if self.block_period and period != self.block_period and not self.options.period:
            # a block's 2026-09-26至2026-10-25 is read as 2026-09, but 202610 is in it too;
            # and a column's period ending in the block's month, or Excel's 2026.1 (which
            # the doubtful months settle), contradicts nothing
            ends = {self.result.settling.spans.get(self.block_period, ("", ""))[1]}
            ends.add((month_span(text) or ("", ""))[1])
            if period not in ends and self.block_period not in ends:
                if not excel_month_doubt(text):
                    self.clashes.setdefault((self.block_period, period), text)
        self.saw_span(text, period)

    def saw_span(self, text: str, period: str | None) -> None:
        """Note ``text`` read as ``period`` when it is a billing period running into another
        month (2026-09-26至2026-10-25, read as its start: :attr:`Settling.spans`)."""
        if period and (span := month_span(text)) is not None and span[0] == period:
            self.result.settling.spans.setdefault(period, (text.strip(), span[1]))

    def aside(self, reason: str) -> None:
        """Count one row set aside for ``reason``."""
        self.result.set_aside[reason] += 1

    def issue(self, row: CellRow, reason: str | Text, fen: int | None = None) -> None:
        """Record ``row`` as unparseable, with why (a :class:`Text` is shown now, in the
        active language) and the money it holds, ``fen``, when it is a charge's."""
        said = reason if isinstance(reason, str) else reason.shown()
        self.result.unparseable.append(RowIssue(row.locator, said, row.text()[:200], fen))

    def carrier_for(self, line: str) -> str:
        """The document's carrier, else the one the line's number prefix suggests."""
        return self.ctx.carrier or _carrier_of_number(line) or ""

    def meet_bill(self, key: tuple[str, str]) -> None:
        """Remember the bill of ``key`` (line, month), with its carrier, the first time."""
        if key not in self.bill_keys:
            self.bill_keys[key] = self.carrier_for(key[0])


_AMBIGUOUS = ErrorCode.AMBIGUOUS_UNIT


# ---------------------------------------------------------------------- cell texts


def is_amount(text: str) -> bool:
    """True when ``text`` reads as an amount (and is not a mobile number)."""
    folded = nfkc(text)
    # (before parse_amount builds its error's words: most texts asked are no amounts)
    if never_an_amount(folded) or is_mobile(folded):
        return False
    try:
        parse_amount(text)
    except ValueParseError:
        return False
    return bool(nfkc(text))


def labelled_value(text: str) -> tuple[str, str] | None:
    """``(label, value)`` for a ``label：value`` text (``账期：2026年10月``), else ``None``.

    The label stands before the first colon: at most 16 characters, not starting with a
    digit, spaces around it dropped; the value is the rest without the spaces around
    it, on one line. (This is what ``^\\s*([^:：\\d][^:：]{0,15}?)\\s*[:：]\\s*(.+?)\\s*$``
    matched, edge cases included, in linear time: that pattern took quadratic time on a
    cell of spaces.)
    """
    text = nfkc(text)
    colon = _COLON.search(text)
    if colon is None:
        return None
    label = _label(text[: colon.start()])
    value = _value(text[colon.end() :])
    return (label, value) if label is not None and value is not None else None


def _label(head: str) -> str | None:
    """The label of the text before the colon (see :func:`labelled_value`)."""
    core = head.strip()
    if not core:  # only spaces: the pattern took the last of them as the label
        return head[-1] if head else None
    if _DIGIT.match(core):  # a digit cannot start it, but a space before it may
        lead = len(head) - len(head.lstrip())
        core = head[lead - 1] + core if lead else ""
    return core if 0 < len(core) <= 16 else None


def _value(rest: str) -> str | None:
    """The value of the text after the colon (see :func:`labelled_value`)."""
    core = rest.strip()
    if core:
        return None if "\n" in core else core
    # Only spaces: the pattern took the last one that is not a line break as the value.
    spaces = rest.replace("\n", "")
    return spaces[-1] if spaces else None


def labelled_figure(row: CellRow) -> tuple[str, str] | None:
    """``(label, amount)`` for a row that is one labelled figure whatever the table's
    columns: ``本月费用合计：53.60元`` in one cell, or ``本月费用合计：`` | ``53.60元``."""
    filled = [text for _, text in row.filled()]
    if len(filled) == 1:
        labelled = labelled_value(filled[0])
        if labelled and is_amount(labelled[1]):
            return labelled
    elif len(filled) == 2 and is_amount(filled[1]) and not is_amount(filled[0]):
        return filled[0].rstrip(":： "), filled[1]
    return None


def which_figure(row: CellRow) -> str | None:
    """'total', 'subtotal' or 'payment' for a labelled figure of those (else ``None``)."""
    figure = labelled_figure(row)
    if figure is None:
        return None
    if is_payment(figure[0]):
        return "payment"
    return which_total(figure[0])


# Asked of the first cell of every row of one or two cells, which a company's bills
# share: kept, as which_total's answers are.
@lru_cache(maxsize=4096)
def is_note(text: str) -> bool:
    """True when ``text`` starts as the carrier's notes do (温馨提示, 客服热线 ...)."""
    return bool(NOTE_RE.match(fold_traditional(nfkc(text))))


def try_parse(parse, value: str) -> str | None:
    """``parse(value)``, or ``None`` when it does not parse."""
    try:
        return parse(value)
    except ValueParseError:
        return None


# Asked of every label of every bill, and a company's bills share their labels: kept,
# as is_payment's answers are.
@lru_cache(maxsize=4096)
def which_total(text: str) -> str | None:
    """'total' or 'subtotal' when ``text`` labels a total row, else ``None``."""
    folded = fold_traditional(unicodedata.normalize("NFKC", str(text or "")).casefold())
    if _TOTAL_HINT.search(folded) is None:
        return None  # what header_key keeps of it ends in none of the words
    key = header_key(text).rstrip(":")
    if not key:
        return None
    if key in SUBTOTAL_KEYS or key.endswith("小计"):
        return "subtotal"
    if key in _TOTAL_KEYS or key.endswith(TOTAL_ENDINGS):
        return "total"
    return None


def plain_labels(texts: Sequence[str]) -> list[bool]:
    """For each of ``texts``, whether it labels neither a payment nor a total (``not
    is_payment(text) and which_total(text) is None``), asked of many at once (a long
    bill's distinct items): folded together, and asked one by one only when they hold a
    character every payment or total word has (most hold none)."""
    folded = fold_all(texts)
    return [
        not (
            (_PAYMENT_HINT.search(text) or _TOTAL_HINT.search(fold))
            and (is_payment(text) or which_total(text) is not None)
        )
        for text, fold in zip(texts, folded, strict=True)
    ]


@lru_cache(maxsize=4096)
def is_payment(text: str) -> bool:
    """True when ``text`` labels a payment or balance row (本期已付费用, 账户余额：12.00)."""
    if not _PAYMENT_HINT.search(text):
        return False  # most labels: none of the characters every payment word has
    labelled = labelled_value(text)
    key = header_key(labelled[0] if labelled else text).rstrip(":")
    return bool(key) and (key in _PAYMENT_KEYS or key.endswith(PAYMENT_ENDINGS))


# ---------------------------------------------------------------------- row forms


def row_form(row: CellRow) -> str:
    """The row's form: 'blank', 'note', 'label' (one cell: a heading) or 'data' (several
    cells)."""
    filled = row.filled()
    if not filled:
        return "blank"
    if len(filled) <= 2 and is_note(filled[0][1]):
        return "note"
    return "label" if len(filled) == 1 else "data"


def notes_below(forms: list[str]) -> list[str]:
    """``forms`` with every 'label' after the last 'data' turned into a 'note': a one-cell
    row after the last row of several cells is below the table."""
    last_data = max((i for i, f in enumerate(forms) if f == "data"), default=-1)
    return ["note" if f == "label" and i > last_data else f for i, f in enumerate(forms)]


def lone_total(row: CellRow, form: str) -> bool:
    """A total label standing alone in its row: its amount cell is empty (in an XLSX, a
    formula saved without its value reads as empty)."""
    if form not in ("label", "note"):
        return False  # most rows: what they hold is not asked
    filled = row.filled()
    return len(filled) == 1 and which_total(filled[0][1]) == "total"


def data_rows(
    reading: Reading, body: list[CellRow], forms: list[str], *, bill: bool = False
) -> Iterator[CellRow]:
    """The rows of a one-row-per-record table; the others are set aside by their form
    (a one-cell row inside the table is a group heading: a section). In a bill, a total
    label without its amount is unparseable, not a heading or a note."""
    for row, form in zip(body, forms, strict=True):
        if form == "data" or (bill and which_figure(row)):
            yield row  # a one-cell 本月费用合计：53.60元 is the bill's total, not a heading
        elif bill and lone_total(row, form):
            reading.issue(row, TOTAL_NO_AMOUNT)
        else:
            reading.aside("section" if form == "label" else form)


# ---------------------------------------------------------------------- a row's fields


def cell(row: CellRow, columns: dict[str, int], name: str) -> str:
    """The stripped text of the row's cell in the column of field ``name`` ('' if none)."""
    index = columns.get(name)
    if index is None or index >= len(row.cells):
        return ""
    return (row.cells[index] or "").strip()


def row_line(reading: Reading, row: CellRow, columns: dict[str, int]) -> str | None:
    """The row's line: the ``--line`` option, then its own cell, then the document's."""
    text = cell(row, columns, "line")
    own = parse_phone(text) if text else None
    if reading.options.line:
        say_override(reading.result, "line", own, reading.options.line)
        return reading.options.line
    if not own and reading.ctx.folder is not None:
        folder_line_used(reading.result, reading.ctx)
    return own or reading.ctx.line


def line_and_period(reading: Reading, row: CellRow, columns: dict[str, int]) -> tuple[str, str]:
    """The row's line and month: the options, then its own cells, then the document's."""
    line = row_line(reading, row, columns)
    month_text = cell(row, columns, "month")
    own = parse_month(month_text) if month_text else None
    reading.saw_month(month_text, own)
    if reading.options.period:
        say_override(reading.result, "month", own, reading.options.period)
    period = reading.options.period or own or reading.ctx.period
    if not line:
        raise ValueParseError(NO_LINE.shown() + reading.ctx.line_hint)
    if not period and "month" in columns:
        raise ValueParseError(
            say(
                "这一行和表格上方都没有月份（请用 --period 指定）",
                "no month in the row or above the table (give --period)",
            )
        )
    return line, period or ""
