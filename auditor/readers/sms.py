"""Carrier SMS saved as text: bill reminders and notices, replies listing subscribed
services, and order confirmations; several messages per file.

Each kind has its module: :mod:`auditor.readers.sms_bills` (bill reminders and bill
notices without amounts), :mod:`auditor.readers.sms_services` (the reply to ``0000`` and
订购提醒 order confirmations); :mod:`auditor.readers.sms_text` cuts a file into messages
and counts every text line once (its docstring says how).

A file with no message of any of these kinds is an error, but for one of top-up messages
(充值100.00元 …本月消费39.00元: money paid in, and the month so far) or invoice messages
(价税合计), which is skipped as what it is (:mod:`auditor.readers.not_bills`); beside a
bill's messages their lines are set aside. A message of no known kind beside one that is
read keeps its lines as unparseable, but for a line that holds a
customer's name or ID number, which is set aside as personal. Every message's names and ID
numbers are remembered (``ReadResult.personal``), so that no output shows them.
"""

from __future__ import annotations

import re
from pathlib import Path

from auditor import where
from auditor.errors import ErrorCode, InputError, ValueParseError, located
from auditor.lang import Text, say
from auditor.model import BILL, SERVICES, ReadResult, RowIssue
from auditor.personal import personal_values
from auditor.readers.base import EMPTY_FILE, CellBudget, ReadOptions, count_lines
from auditor.readers.decoding import decode_text
from auditor.readers.not_bills import TOP_UP, NotABill, other_message
from auditor.readers.sms_bills import bill_heads, is_bill, is_notice, read_bill, read_notice
from auditor.readers.sms_lines import Head, NotItsLine
from auditor.readers.sms_services import (
    is_order_confirmation,
    read_order_confirmations,
    read_service_reply,
    reply_entries,
)
from auditor.readers.sms_text import (
    Message,
    TextLineBook,
    file_brand,
    signed_brand,
    split_messages,
)
from auditor.words import SMS_BILL_WORDS, SMS_CHARGE_NOUNS, SMS_TOTAL_PERIODS, any_of

__all__ = ["NO_MESSAGE", "SmsReader", "looks_like_sms", "split_messages"]

_MARKERS = re.compile(
    r"【(?:中国移动|中国联通|中国电信|中国广电|账单提醒|订购提醒)[^【】]{0,6}】"
    r"|尊敬的.{0,16}?(?:用户|客户)|订购提醒|成功订购|当前订购|已订购|订购了"
    r"|账单(?:合计|周期|信息)|计费周期|"
    + any_of(SMS_TOTAL_PERIODS)
    + "(?:实际)?"
    + any_of(SMS_CHARGE_NOUNS)
    + "|"
    + any_of(SMS_CHARGE_NOUNS)
    + "合计"
)

# How a carrier's message opens or is signed (【中国移动】, 尊敬的…客户): what tells a
# message apart from a table's header (计费周期, 账单合计) when the name does not say .txt.
_SIGNED = re.compile(r"【[^【】\n]{2,12}】|尊敬的.{0,16}?(?:用户|客户)")

NO_MESSAGE = Text(
    "没有找到账单或业务清单短信（应为账单提醒或账单通知、以 1.… 2.… 列出已订业务的回复短信，"
    "或订购确认短信 您已成功订购…）",
    "no bill or service-list SMS found (expected a bill reminder or notice, a reply "
    "listing subscribed services as 1.… 2.…, or an order confirmation 您已成功订购…)",
)


class SmsReader:
    """Reads carrier SMS (bills, bill notices, service lists, orders) saved as ``.txt``."""

    name = "sms"
    suffixes: tuple[str, ...] = (".txt",)

    def identify(self, path: Path, head: bytes) -> bool:
        """A ``.txt`` whose text carries SMS marks and is not a delimited table.

        It is asked before the CSV reader, which also takes ``.txt``: a file whose lines
        are mostly split by tabs, semicolons or commas is left to that reader.
        """
        if path.suffix.lower() != ".txt":
            return False
        return looks_like_sms(_text(head, head=True) or "")

    def read(self, path: Path, data: bytes, options: ReadOptions) -> ReadResult:
        """Read every message in the file; an error when none is of a kind auditor reads."""
        text = _text(data)
        if text is None:
            raise InputError(
                str(path),
                say(
                    "文本既不是 UTF-8、UTF-16，也不是 GB18030",
                    "text is neither UTF-8, UTF-16 nor GB18030",
                ),
                code=ErrorCode.UNREADABLE,
            )
        if not text.strip():
            raise InputError(str(path), EMPTY_FILE.shown(), code=ErrorCode.EMPTY)
        # A message is a few lines: a file of millions is not messages, and splitting it
        # would cost a string for each.
        CellBudget(path, options, Text("行文字", "lines")).spend(count_lines(text))
        result = ReadResult(path=str(path))
        text_lines = text.splitlines()
        book = TextLineBook()
        unknown: list[tuple[Message, str]] = []
        failed: list[InputError] = []
        refused: list[tuple[Message, str]] = []  # the messages of ``failed``, with why
        others: list[tuple[Message, Text]] = []  # a top-up, an invoice: no bill's
        messages = list(enumerate(split_messages(text_lines), start=1))
        for number, message in messages:
            _check_length(path, message, number, options)
            # Every message's names and ID numbers (尊敬的王小明客户, 证件号码：…), whatever
            # its kind: remembered so that every output removes them.
            result.personal |= personal_values(message.text)
        kinds = {number: other_message(message.text) for number, message in messages}
        copies = _copies(messages, kinds)
        bills = [
            (number, message)
            for number, message in messages
            if kinds[number] is None and number not in copies
        ]
        heads = bill_heads(bills, path, options) if len(bills) > 1 else []
        head_of = {head.number: head for head in heads}
        brands: dict[str, set[str]] = {}  # line -> the brands its messages are signed with
        for number, message in messages:
            if number in copies:
                continue  # read once, as the message it repeats
            if (other := kinds[number]) is not None:
                others.append((message, other))  # a top-up's 本月消费 is no bill's total
                continue
            try:
                before = _records(result)
                if not _read_message(
                    result, message, path, options, book, head_of.get(number), heads
                ):
                    unknown.append((message, _not_read(number)))
                for line in _lines_since(result, before):  # its records' lines
                    brands.setdefault(line, set()).add(signed_brand(message.text))
            except InputError as exc:
                # One message without its line or month costs that message, not the file.
                failed.append(exc)
                refused.append((message, located(where.message(number), exc.reason)))
        if not book.aside and not book.records:
            if any(isinstance(exc, NotItsLine) for exc in failed):
                # "it": each message named, as every one was refused (two bills of one
                # month stating no number are each the other's reason)
                raise NotItsLine(str(path), say("；", "; ").join(why for _, why in refused))
            if failed:
                raise failed[0]
            if others:
                raise NotABill(str(path), others[0][1].shown())
            raise InputError(str(path), NO_MESSAGE.shown(), code=ErrorCode.NOT_A_BILL)
        for number, message in messages:
            if (first := copies.get(number)) is not None:
                _set_aside_copy(result, book, message, number, first)
        for message, other in others:  # beside a bill's messages: set aside
            for text_line in message.lines:
                book.set_aside(text_line, "payment" if other == TOP_UP else "note")
        # Beside what was read, a message refused (no line or month of its own, or not
        # its folder's line's) is said, not only counted: its money is not in any bill.
        result.alerts += [located(message.first, reason) for message, reason in refused]
        for message, reason in sorted([*unknown, *refused], key=lambda u: u[0].text_lines[0]):
            for text_line in message.heading:  # 【转发】, a time: no row of what it heads
                book.set_aside(text_line, "note")
            for text_line in sorted(set(message.text_lines)):
                if book.claimed(text_line):
                    continue
                said = text_lines[text_line - 1]
                if personal_values(said):  # never copied to the unread rows
                    book.set_aside(text_line, "personal")
                    continue
                book.set_aside(text_line, "unparseable")
                result.unparseable.append(RowIssue(where.line(text_line), reason, said))
        _count_rows(result, text_lines, book)
        result.brand, why = file_brand(brands)
        if why:
            result.notes.append(why)
        kinds = {BILL if result.bills else None, SERVICES if result.services else None} - {None}
        result.kind = kinds.pop() if len(kinds) == 1 else BILL
        return result


def _copies(messages: list[tuple[int, Message]], kinds: dict[int, Text | None]) -> dict[int, int]:
    """Each message that is an earlier one again, word for word (its spaces and line
    breaks aside), with the number of the one it repeats: a reminder pasted twice is one
    bill said twice, not two bills of its month (its fees summed; or, stating no number,
    both refused as two bills of one line's month). A top-up or an invoice is set aside
    whatever it says: two alike may well be two payments."""
    first: dict[str, int] = {}
    copies = {}
    for number, message in messages:
        if kinds[number] is not None:
            continue
        said = "".join(message.text.split())  # a line broken or spaced apart alike
        if said in first:
            copies[number] = first[said]
        else:
            first[said] = number
    return copies


def _set_aside_copy(
    result: ReadResult, book: TextLineBook, message: Message, number: int, first: int
) -> None:
    """Message ``number``, a copy of message ``first``: its lines set aside, and said."""
    for text_line in message.lines:
        book.set_aside(text_line, "duplicate")
    result.notes.append(
        say(
            f"{message.first}：{where.message(number)}与{where.message(first)}一字不差：同一条"
            "短信，只读取一次（这几行作为副本略过）",
            f"{message.first}: {where.message(number)} is {where.message(first)} again, word "
            "for word: one message, read once (its lines set aside as a copy)",
        )
    )


def _records(result: ReadResult) -> tuple[int, int, int]:
    """How many bills, charges and services ``result`` holds so far."""
    return len(result.bills), len(result.charges), len(result.services)


def _lines_since(result: ReadResult, before: tuple[int, int, int]) -> set[str]:
    """The lines of the bills, charges and services read since ``before``."""
    bills, charges, services = before
    made = (*result.bills[bills:], *result.charges[charges:], *result.services[services:])
    return {record.line for record in made}


def _check_length(path: Path, message: Message, number: int, options: ReadOptions) -> None:
    """Refuse a message longer than any SMS (a long SMS is a few hundred characters, a
    reply listing services a few thousand): the file is not one, or is made to cost."""
    if len(message.text) > options.max_sms_chars:
        raise InputError(
            str(path),
            say(
                f"第 {number} 条短信有 {len(message.text):,} 个字符，超过单条短信 "
                f"{options.max_sms_chars:,} 个字符的上限（可用 --max-sms-length 调高）",
                f"message {number} is {len(message.text):,} characters long, over the "
                f"{options.max_sms_chars:,}-character limit for one message "
                "(raise it with --max-sms-length)",
            ),
            message.first,
            code=ErrorCode.OVER_LIMIT,
        )


def _read_message(
    result: ReadResult,
    message: Message,
    path: Path,
    options: ReadOptions,
    book: TextLineBook,
    head: Head | None = None,
    heads: list[Head] | None = None,
) -> bool:
    """Read one message into ``result``; False when it is of no kind auditor reads.
    ``head``: the message's, when it is one of the file's bill messages (``heads``, two
    or more), so that one stating no number is not silently its folder's line's."""
    # Offsets into the text map back to lines, so it is searched as it is (no NFKC).
    text = message.text
    # A bill may number its items and still mention 订购 (an advert at its end): a
    # message about a bill (账单, 话费) that states one is read as the bill.
    entries = [] if _about_a_bill(text) and is_bill(text) else reply_entries(text)
    if entries:
        read_service_reply(result, message, entries, path, options, book)
    elif is_order_confirmation(text):
        read_order_confirmations(result, message, path, options, book)
    elif is_bill(text):
        read_bill(result, message, path, options, book, (head, heads) if head else None)
    elif is_notice(text):
        read_notice(result, message, path, options, book)
    else:
        return False
    for text_line in message.lines:  # its heading too (【转发】, when it came)
        if text_line not in book.records:
            book.set_aside(text_line, "note")
    return True


def looks_like_sms(text: str, *, signed: bool = False) -> bool:
    """True when ``text`` carries SMS marks and is not a delimited table; with ``signed``,
    only when a message in it also opens or is signed as a carrier's message is."""
    if not _MARKERS.search(text) or _looks_tabular(text):
        return False
    return not signed or bool(_SIGNED.search(text))


def _not_read(number: int) -> str:
    """Why message ``number`` was not read: it is of no kind auditor reads."""
    return say(
        f"第 {number} 条短信不是账单提醒、账单通知、业务清单或订购确认",
        f"message {number} is not a bill reminder, bill notice, service list or order confirmation",
    )


def _about_a_bill(text: str) -> bool:
    return any(word in text for word in SMS_BILL_WORDS)


def _count_rows(result: ReadResult, text_lines: list[str], book: TextLineBook) -> None:
    """Every text line once: its records, or the one reason it gave none."""
    for number, said in enumerate(text_lines, start=1):
        if book.records[number]:
            result.rows_read += book.records[number]
            continue
        result.rows_read += 1
        why = "blank" if not said.strip() else book.aside.get(number, "unparseable")
        if why != "unparseable":
            result.set_aside[why] += 1


def _looks_tabular(text: str) -> bool:
    text_lines = [said for said in text.splitlines() if said.strip()][:30]
    for delimiter, least in (("\t", 1), (";", 1), (",", 2)):
        split = sum(1 for said in text_lines if said.count(delimiter) >= least)
        if split >= 2 and split * 2 >= len(text_lines):
            return True
    return False


def _text(data: bytes, *, head: bool = False) -> str | None:
    """The text of ``data``, or ``None`` when it is not text (see
    :func:`~auditor.readers.decoding.decode_text`)."""
    try:
        return decode_text(data, head=head).text
    except ValueParseError:
        return None
