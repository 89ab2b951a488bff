"""Papers found beside bills that hold no bill's table, or a table of another kind: a
bank's or a payment app's statement, a contract, a top-up receipt, a picture of a chat.

A new user's Downloads folder holds them among the bills (trial t15): 支付宝交易明细.csv,
微信支付账单.csv, a bank's 交易明细, a 家庭宽带业务协议.pdf, a 充值凭证.pdf, screenshots.
Refused as tables auditor could not find (or, an Alipay export, as a file naming two
lines), each was an error, loud and making the audit incomplete, while no bill was
missing. Each is told here by what makes it what it is and set aside
(:class:`~auditor.readers.not_bills.NotABill`): said once with the others, no failure.

A statement's header row is told before the rows are read as a bill
(:func:`refuse_statement`); a contract, a receipt and an invoice's XML only once no
bill's table was found in them (:func:`refuse_untabled`), since a bill may name its 合约
or a payment too.
"""

from __future__ import annotations

import re
from pathlib import Path

from auditor.lang import Text
from auditor.readers.base import CellRow
from auditor.readers.not_bills import INVOICE, NotABill, bill_header, is_top_up
from auditor.values import nfkc
from auditor.words import (
    AGREEMENT_PARTIES,
    AGREEMENT_TITLE_ENDINGS,
    BILL_TEXT_WORDS,
    STATEMENT_DATE_WORDS,
    STATEMENT_WORDS,
)

__all__ = [
    "AGREEMENT",
    "NO_BILL_PICTURE",
    "RECEIPT",
    "STATEMENT",
    "no_bill_words",
    "refuse_statement",
    "refuse_untabled",
]

STATEMENT = Text(
    "是银行或支付平台（支付宝、微信）的交易明细，不是账单",
    "a bank's or payment app's statement (支付宝, 微信), not a bill",
)
AGREEMENT = Text("是合同或业务协议，不是账单", "a contract or service agreement, not a bill")
RECEIPT = Text("是充值或缴费凭证，不是账单", "a top-up or payment receipt, not a bill")
NO_BILL_PICTURE = Text(
    "图片经 OCR 识别，其中没有账单（截图、照片、聊天记录？）",
    "a picture OCR read with no bill in it (a screenshot, a photo, a chat?)",
)

# A header stands in a document's first rows (a payment app prints a dozen lines of
# export details above it); a contract's title in its first few.
_HEAD_ROWS = 30
_TITLE_ROWS = 3
# An invoice's item, its tax category between asterisks (*电信服务*基础电信服务): the
# national e-invoice's way, no bill's.
_INVOICE_ITEM = re.compile(r"\*[\u4e00-\u9fff]{2,10}\*[\u4e00-\u9fff]")


def refuse_statement(rows: list[CellRow], path: Path, locator: str | None = None) -> None:
    """Raise :class:`NotABill` when ``rows`` are a bank's or a payment app's statement: a
    header row naming a trade's date (交易时间) and two of a statement's other columns
    (交易对方, 收/支, 余额…); ``locator`` names the part of the file (a sheet). Rows
    holding a bill's own table (费用项目 | 金额) are a bill, whatever a header-block row
    beside it says (交易时间：… 余额：…)."""
    if bill_header(rows) is not None:
        return
    for row in rows[:_HEAD_ROWS]:
        cells = [nfkc(cell).strip() for _, cell in row.filled()]
        if not any(cell.startswith(STATEMENT_DATE_WORDS) for cell in cells):
            continue
        if sum(1 for cell in cells if cell.startswith(STATEMENT_WORDS)) >= 2:
            raise NotABill(str(path), STATEMENT.shown(), locator)


def refuse_untabled(rows: list[CellRow], path: Path, locator: str | None = None) -> None:
    """Raise :class:`NotABill` when ``rows``, in which no bill's table was found, are a
    contract (a title ending 协议 or 合同, or both its parties 甲方 and 乙方), a receipt
    of money paid in (充值金额：100.00元) or an invoice's items (*电信服务*…, an e-invoice's
    XML read as a page); else return, for the caller's own error."""
    text = " ".join(row.text() for row in rows)
    titles = [" ".join(row.text().split()) for row in rows[:_TITLE_ROWS]]
    if any(title.endswith(AGREEMENT_TITLE_ENDINGS) for title in titles) or all(
        word in text for word in AGREEMENT_PARTIES
    ):
        raise NotABill(str(path), AGREEMENT.shown(), locator)
    if is_top_up(nfkc(text)):
        raise NotABill(str(path), RECEIPT.shown(), locator)
    if _INVOICE_ITEM.search(text):  # an e-invoice's XML, its tags gone: its items remain
        raise NotABill(str(path), INVOICE.shown(), locator)


def no_bill_words(rows: list[CellRow]) -> bool:
    """Whether ``rows`` (a picture's, read by OCR) hold none of the words any bill's text
    holds (账单, 合计, 费用…): a chat, an app's home screen, not a bill read badly."""
    text = nfkc(" ".join(row.text() for row in rows))
    return not any(word in text for word in BILL_TEXT_WORDS)
