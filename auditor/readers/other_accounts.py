"""Accounts that are no mobile line, in a bill of mobile lines: a fusion bill's (融合套餐)
宽带账号, 固话, 魔百和/IPTV account or the family's 账户, and the money left unread.

A heading naming such an account (``宽带账号：051262001234``, or the label and the account
in two cells) stands in a family bill as a 手机号码 block does; the rows under it are the
account's, up to the next block. Where they belong among the lines no sample has shown
(the main card's? the account's own?), so they are never guessed onto a line, least of
all the one whose block stood above (trial t14: a 魔百和 fee booked to a cancelled 副卡):
each charge is an unread row naming the account, with its money (:attr:`RowIssue.amount_fen`),
which the report then says as money not checked. A total under the account's rows is
checked against the money read and the money left unread (:func:`check_totals`), as a
file's total is (:func:`check_file_total`): a gap that is exactly the unread rows' money
is said as such, not as a bill that does not add up.
"""

from __future__ import annotations

import re

from auditor.amount_text import AmountText
from auditor.errors import ErrorCode, SkippedInput, ValueParseError
from auditor.lang import Text, say
from auditor.names import header_key
from auditor.readers.base import CellRow
from auditor.readers.detect import masked_lines
from auditor.readers.rows import (
    TOTAL_NO_AMOUNT,
    Reading,
    cell,
    header_keys,
    is_amount,
    is_note,
    is_payment,
    labelled_figure,
    labelled_value,
    try_parse,
    which_total,
)
from auditor.sheets import UNREAD
from auditor.values import is_mobile, nfkc, parse_phone
from auditor.words import OTHER_ACCOUNT_LABELS

_KEYS = header_keys(OTHER_ACCOUNT_LABELS)
# Any of the labels, in the cells of a row joined: most rows hold none (asked of a bill's
# every row of one or two cells).
_ANY_LABEL = re.compile("|".join(map(re.escape, OTHER_ACCOUNT_LABELS)), re.IGNORECASE)
# An account's identifier, as written: a number of seven digits or more (masked or
# spaced as carriers print them: 0512-6200****), or letters and digits with a letter,
# @ or _ (js_wu1234@adsl): never an amount (30.00, 30元).
_NUMBER = re.compile(r"[0-9*＊\- ]{7,}")
_NAMED = re.compile(r"[0-9A-Za-z_@.\-*]{4,}")
_LETTER = re.compile(r"[A-Za-z@_]")
# A speed or a volume (宽带：300M, 1000Mbps, 12.5GB): a service's figure, never its account.
# (a figure's run taken whole, from its start: linear on a cell of digits)
_QUANTITY = re.compile(
    r"(?<![\d.])\d++(?:\.\d++)?\s*+(?:[KMGT](?:B|bps|b|byte)?|兆|M宽带)", re.IGNORECASE
)


def is_account(text: str) -> bool:
    """True when ``text`` reads as an account's identifier that is no mobile line (see
    :data:`_NUMBER`): what a 号码 column holds for a 宽带账号's rows."""
    value = nfkc(text).strip()
    if not value or is_mobile(value) or try_parse(parse_phone, value) or masked_lines(value):
        return False  # a mobile line, whole or masked (139****0001)
    if _NUMBER.fullmatch(value):
        return sum(ch.isdigit() for ch in value) >= 4
    if _QUANTITY.fullmatch(value):
        return False
    return bool(_NAMED.fullmatch(value) and _LETTER.search(value))


def account_heading(row: CellRow) -> tuple[str, str] | None:
    """``(label, account)`` when ``row`` is a heading naming an account that is no mobile
    line (``宽带账号：051262001234``; ``固话号码`` | ``0512-62001234``), else ``None``.

    A bill's own 账户 (账户号码：3000123456789 under its table's header) is the line's
    billing account, not another's: it starts no account's rows (its label is none of
    :data:`~auditor.words.OTHER_ACCOUNT_LABELS`), nor does a speed (宽带：300M)."""
    if _ANY_LABEL.search("\x00".join(c for c in row.cells if c)) is None:
        return None  # most rows
    cells = [text for _, text in row.filled()]
    labelled = labelled_value(cells[0]) if len(cells) == 1 else None
    if len(cells) == 2:
        labelled = (cells[0].rstrip(":： "), cells[1])
    if labelled is None:
        return None
    label, account = labelled
    if header_key(label).rstrip(":") not in _KEYS or not is_account(account):
        return None
    return label.strip(), account.strip()


def not_on_a_line(label: str, account: str) -> Text:
    """Why a row under an account's heading is unread: it is on no mobile line."""
    return Text(
        f"{label} {account} 的费用：不属于任何手机号码，未核对",
        f"a charge of {label} {account}: on no mobile line, not checked",
    )


class OtherAccountBill(SkippedInput):
    """A bill of an account that is no mobile line (a 宽带账号's own bill: its heading
    above the table, no mobile number in it, its name or its folder): skipped, saying
    whose bill it is (trial t14: told to put an 11-digit number in its name, it was read as
    the main card's bill and set the main card's own bill of the month aside)."""

    code = ErrorCode.NOT_A_BILL


def refuse_account_bill(path: str, block: list[CellRow], locator: str | None = None) -> None:
    """Raise :class:`OtherAccountBill` when a header ``block`` naming no line names an
    account that is no mobile line (:func:`account_heading`): asked where the document's
    line could not be found, before the advice to name one."""
    heading = service_account(block)
    if heading is not None:
        raise OtherAccountBill(path, account_bill(*heading).shown(), locator)


def service_account(block: list[CellRow]) -> tuple[str, str] | None:
    """The first heading of ``block`` naming the account of a service that is no mobile
    line (宽带账号, 固话, 魔百和), not the bill's 账户: ``(label, account)``, else ``None``."""
    return next((heading for row in block if (heading := account_heading(row))), None)


def read_as_line(reading: Reading, block: list[CellRow]) -> None:
    """Alert, once per file, that a header ``block`` naming no line but an account that is
    no mobile line was read as the line its name, folder or ``--line`` gives
    (``reading.ctx.line``): its charges are counted as that line's (trial t14's c6)."""
    heading = service_account(block)
    if heading is None or not reading.ctx.line:
        return
    label, account = heading
    line = reading.ctx.line
    alert = say(
        f"文档是 {label} {account} 的账单，没有写手机号码，按文件名、文件夹名或 --line 的 {line} "
        f"读取，它的费用算作 {line} 的：如果不是这个号码的，请把号码从文件名、文件夹名中去掉",
        f"the document is a bill of {label} {account} and names no mobile line; read as "
        f"{line}, from its name, folder or --line, its charges count as {line}'s: if they "
        "are not, take the number out of its file's and folder's names",
    )
    if alert not in reading.result.alerts:
        reading.result.alerts.append(alert)


def account_bill(label: str, account: str) -> Text:
    """Why a bill of ``label`` ``account`` (宽带账号 051262001234) is not read."""
    return Text(
        f"{label} {account} 的账单：auditor 只核对手机号码的费用，没有读取它（它的费用不是哪个"
        "手机号码的，不要把手机号码写进它的文件名；这些费用列在手机号码的账单里时，"
        "作为未核对的费用列出）",
        f"a bill of {label} {account}: auditor checks the charges of mobile lines only, and "
        "did not read it (its charges are no mobile line's: do not put a mobile number in "
        "its name; where a mobile line's bill lists such charges, they are said as not "
        "checked)",
    )


def read_account(
    reading: Reading,
    body: list[CellRow],
    forms: list[str],
    columns: dict[str, int],
    heading: tuple[str, str],
) -> tuple[list[tuple[int, str]], int]:
    """Read the rows under an account's ``heading``: each charge an unread row naming the
    account, with its money; blanks, notes, payments and group headings set aside.
    Returns the total rows under it (amount, locator) and the money of its charges."""
    why = not_on_a_line(*heading)
    totals: list[tuple[int, str]] = []
    money = 0
    for row, form in zip(body, forms, strict=True):
        filled = row.filled()
        if not filled or is_note(filled[0][1]):  # 客服热线：10086 is no money of the account's
            reading.aside("note" if filled else "blank")
            continue
        labels, amount = _label_and_amount(row, columns)
        if any(is_payment(text) for text in labels):
            reading.aside("payment")
            continue
        fen = _fen(reading, amount) if amount else None
        which = {which_total(text) for text in labels} & {"total", "subtotal"}
        if which:
            if fen is None:
                reading.issue(row, TOTAL_NO_AMOUNT)
                continue
            reading.aside("total" if "total" in which else "subtotal")
            if "total" in which:  # a section's 小计 sums only a part of them
                totals.append((fen, row.locator))
        elif fen is None and len(labels) <= 1 and not amount:
            reading.aside("note" if form == "note" else "section")  # no money in it
        else:
            reading.issue(row, why, fen)
            money += fen or 0
    return totals, money


def _label_and_amount(row: CellRow, columns: dict[str, int]) -> tuple[list[str], str]:
    """A row's label cells and its amount's text: the amount column's, else a figure's
    (``本月费用合计：25.00``), else the last cell when it is an amount."""
    if figure := labelled_figure(row):
        return [figure[0]], figure[1]
    filled = [text for _, text in row.filled()]
    if "amount" in columns:
        at = columns["amount"]
        return [t for i, t in row.filled() if i != at], cell(row, columns, "amount")
    if len(filled) > 1 and is_amount(filled[-1]):
        return filled[:-1], filled[-1]
    return filled, ""


def _fen(reading: Reading, text: str) -> int | None:
    try:
        return reading.amount(text)
    except ValueParseError:
        return None


def number_total(reading: Reading, row: CellRow, text: str) -> tuple[int, str] | None:
    """``(fen, locator)`` of a total row whose 合计 stands where a 号码 goes (the file's,
    naming no line), set aside as a total; ``None`` when its amount ``text`` does not read
    (the row is then unread, with no money: a total is never a charge's)."""
    fen = _fen(reading, text) if text else None
    if fen is None:
        return None
    reading.aside("total")
    return fen, row.locator


def check_totals(reading: Reading, totals: list[tuple[int, str]], own: int) -> None:
    """Check the total rows under an account's rows (``own``: the money of its charges):
    the account's own total is a note; a total of the whole bill is checked as a file's
    (:func:`check_file_total`)."""
    for fen, locator in totals:
        if fen == own:
            reading.result.notes.append(
                AmountText(
                    "{at}：合计 {total} 是上方不属于任何手机号码的费用的合计",
                    "{at}: the total {total} is that of the charges above it, on no mobile line",
                    at=locator,
                    total=fen,
                )
            )
        else:
            check_file_total(reading, [(fen, locator)])


def check_file_total(reading: Reading, file_totals: list[tuple[int, str]]) -> None:
    """A bill of several lines with one total for all of them: warn when the charges differ,
    saying when the difference is exactly the money of the unread rows."""
    (stated, locator), *others = file_totals
    result = reading.result
    charged = sum(c.amount_fen for c in result.charges)
    unread = result.unread_fen
    if charged != stated:
        said = AmountText(
            "{at}：文件的合计为 {stated}，所有号码的费用加起来是 {charged}",
            "{at}: the file's total says {stated}, the charges of all its lines add up "
            "to {charged}",
            at=locator,
            stated=stated,
            charged=charged,
        )
        if unread and charged + unread == stated:
            said = AmountText(
                said.zh + f"；差额 {{unread}} 正是未读行的费用（见“{UNREAD.zh}”表），未核对",
                said.en + "; the difference, {unread}, is exactly the money of the unread "
                f"rows (see the {UNREAD.en} sheet): not checked",
                **said.fields,
                unread=unread,
            )
        result.warnings.append(said)
    for fen, where in others:
        if fen != stated:
            result.warnings.append(
                say(
                    f"{where}：文件的第二个合计与第一个不同，以第一个为准",
                    f"{where}: a second total for the file differs from the first; the first "
                    "is kept",
                )
            )
