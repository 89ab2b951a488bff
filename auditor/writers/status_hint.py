"""What to do once a step is done: type it into the Actions sheet's 状态 Status column
(its words: :data:`~auditor.sheets.STATUS_TYPED`, which ``auditor record --from`` reads
back), the ticket number and the day beside it, then run ``auditor record --from`` on
the report.

It is said where a person looks once they have done a step: in the Status header's
comment, as the prompt Excel (and LibreOffice) shows on choosing a Status cell to type
in, and on the Summary, the first of its notes, where its page has room. Neither the
comment nor the prompt is printed: the printed sheet stays as it was. A refund due's row
says it in its own words, with the money to type (:func:`type_refund_here`,
:func:`type_total_here`).
"""

from __future__ import annotations

from xlsxwriter import Workbook
from xlsxwriter.worksheet import Worksheet

from auditor.history.refund_due import RefundDue
from auditor.lang import Text, say
from auditor.sheets import (
    ACTIONS,
    DATE_COLUMN,
    LINE_CLOSED_TYPED,
    STATUS_COLUMN,
    STATUS_TYPED,
    TICKET_COLUMN,
)
from auditor.values import format_fen
from auditor.writers.refund_groups import RefundGroup
from auditor.writers.sheet import Listing, SheetLimits

#: What follows the refund's word: the amount that came back, said, not exemplified (an
#: example amount, the same on every report, read as one of the report's own).
AMOUNT_BACK = Text("加退回的金额", "and the amount back")
#: Excel's limits: a prompt's title and its message (longer, xlsxwriter drops the prompt).
TITLE_LIMIT, PROMPT_LIMIT = 32, 255


def typed_words(closed: bool = True) -> str:
    """The Status words, in the active language, as one list: ``cancelled, complaint,
    appeal, line closed or refund and the amount back`` (``退订、投诉、申诉、销户或 退款
    加退回的金额``); without ``closed``, the line closed (销户) left out."""
    words = [STATUS_TYPED[kind].shown() for kind in ("cancel", "complaint", "appeal")]
    words += [LINE_CLOSED_TYPED.shown()] if closed else []
    words += [STATUS_TYPED["settle"].shown()]  # closed without a refund
    refund = f"{STATUS_TYPED['refund'].shown()} {AMOUNT_BACK.shown()}"
    return say(f"{'、'.join(words)}或 {refund}", f"{', '.join(words)} or {refund}")


def status_hint() -> str:
    """The whole of it, in the active language: the Status header's comment and the
    prompt of its cells (at most :data:`PROMPT_LIMIT` characters)."""
    status, ticket, day = STATUS_COLUMN.shown(), TICKET_COLUMN.shown(), DATE_COLUMN.shown()
    return say(
        f"做完一步后，在该行「{status}」写你做了什么：{typed_words()}；"
        f"在「{ticket}」写工单号、「{day}」写日期。保存后运行 auditor record --from 本文件，"
        "记录下来",
        f"Done a step? Type what you did in its {status}: {typed_words()}; its ticket "
        f"number (工单号) in {ticket}, the day in {day}. Then save and run: auditor "
        "record --from <this file>",
    )


def summary_hint() -> str:
    """The Summary's short of it, one printed line, the first of its notes."""
    sheet, status = ACTIONS.shown(), STATUS_COLUMN.shown()
    return say(
        f"做完一步：在「{sheet}」表该行的「{status}」写 {typed_words(closed=False)}，"
        "再运行 auditor record --from 本文件",
        f"Done a step? Type {typed_words(closed=False)} in its {status} ({sheet} sheet), "
        "then: auditor record --from <file>",
    )


def prompt_title() -> str:
    """The prompt's title (at most :data:`TITLE_LIMIT` characters)."""
    return say("做完这一步了？", "Done this step?")


def mark_status_column(sheet: Worksheet, column: int, rows: int) -> None:
    """Put :func:`status_hint` on ``sheet``'s Status header (0-based ``column``) as its
    comment, and as the prompt of its ``rows`` data rows' cells."""
    hint = status_hint()
    sheet.write_comment(0, column, hint, {"x_scale": 2.4, "y_scale": 1.6})
    if rows:
        sheet.data_validation(
            1,
            column,
            rows,
            column,
            {"validate": "any", "input_title": prompt_title(), "input_message": hint},
        )


def mark_status(book: Workbook, listing: Listing, limits: SheetLimits) -> None:
    """Say on each of the Actions ``listing``'s sheets in ``book`` what to type in its
    Status column once a step is done (:func:`mark_status_column`)."""
    column = next(i for i, c in enumerate(listing.columns) if c.header == STATUS_COLUMN)
    per_sheet = limits.rows - 1
    for part, name in enumerate(listing.sheet_names(limits)):
        rows = min(per_sheet, len(listing.rows) - part * per_sheet)
        mark_status_column(book.get_worksheet_by_name(name), column, rows)


def type_refund_here(due: RefundDue) -> str:
    """How the refund, once back, is noted on this row rather than on the command line:
    the money this row asks back is the amount to type."""
    money, word = format_fen(due.unrefunded_fen), STATUS_TYPED["refund"]
    return say(
        f"退还后在本行「{STATUS_COLUMN.zh}」写 {word.zh} {money}（退多少写多少）、"
        f"在「{DATE_COLUMN.zh}」写日期，"
        "保存后运行 auditor record --from 本报告",
        f"Once refunded, type {word.en} {money} (what came back) in this row's {STATUS_COLUMN.en}, "
        f"the day in {DATE_COLUMN.en}, save and run auditor record --from this report",
    )


def type_total_here(group: RefundGroup) -> str:
    """How a refund of several lines, once back, is noted on their row: the total when
    each line's money came back; fewer lines left in its Lines cell; a line's own amount
    written after it."""
    total, count = format_fen(group.unrefunded_fen), len(group.dues)
    first, amount = group.first.line, format_fen(group.first.unrefunded_fen)
    word = STATUS_TYPED["refund"]
    return say(
        f"全部退还后在本行「{STATUS_COLUMN.zh}」写 {word.zh} {total}（{count} 个号码的合计）、"
        f"在「{DATE_COLUMN.zh}」写日期；只退了其中几个号码，在「号码」一栏只留下这几个；"
        f"某个号码退的金额不同，在它后面写退还的金额（如 {first} {amount}），"
        f"「{STATUS_COLUMN.zh}」写这些号码的合计；保存后运行 "
        "auditor record --from 本报告",
        f"Once refunded, type {word.en} {total} (the {count} lines' total) in this row's "
        f"{STATUS_COLUMN.en} and the day in {DATE_COLUMN.en}; if only some lines were "
        "refunded, leave those alone in its Lines cell; for a line refunded another amount, "
        f"write it after the line (as {first} {amount}) and their total in "
        f"{STATUS_COLUMN.en}; save and run auditor record --from this report",
    )
