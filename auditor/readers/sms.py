"""Carrier SMS saved as text: monthly bill reminders and the reply listing subscribed services.

A file may hold several messages, separated by blank lines or by the start of a new
message (a ``【…】`` tag followed by 尊敬的/您好/您当前, or 尊敬的 at a line's start).

Bill reminder (real China Unicom sample, shared/realworld/china-unicom-bill-sms.txt)::

    【账单提醒】尊敬的18600005678用户，您2026年10月份账单合计53.60元，实际应付53.60元。
    主要费用项包括：月固定费29元，增值业务费25元。…【中国联通】

gives a bill (month, stated total 账单合计) and one category-level charge (item ``""``)
per fee item. The reminder lists only the MAIN items, so the charges need not add up to
账单合计: the stated total is kept, and ``bill-total-mismatch`` says so, rather than the
bill being trusted silently. 实际应付, when it differs from 账单合计, is a warning.

Service-list reply (China Mobile's answer to ``0000`` sent to 10086)::

    【中国移动】尊敬的客户，您好！您当前订购的套餐外业务如下：1.视频彩铃订阅-酷电秀专属6元包，
    6元/月，由咪咕音乐有限公司提供；2.咪咕视频会员，15元/月。如需退订，请回复序号…

gives one active service per numbered entry (name, monthly price, provider).

Row accounting is by text line: each line is blank, used (a charge or service came from
it), the bill's total, a note (a line of a recognised message that gave nothing), or
unparseable (a line of a message that is neither kind).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from pathlib import Path

from auditor.catalog import detect_carrier
from auditor.categories import categorise
from auditor.errors import InputError, ValueParseError
from auditor.model import ACTIVE, BILL, SERVICES, Bill, Charge, ReadResult, RowIssue, Service
from auditor.readers.base import ReadOptions
from auditor.readers.detect import (
    Context,
    check_masked_line,
    months_in_text,
    only,
    require,
    resolve,
)
from auditor.values import find_phones, format_fen, parse_amount, parse_price

_MARKERS = re.compile(
    r"【(?:中国移动|中国联通|中国电信|中国广电|账单提醒)】|尊敬的.{0,16}?(?:用户|客户)"
    r"|账单合计|当前订购|已订购|订购了"
)
_LINE_START = re.compile(r"^(?:【[^【】]{2,10}】|尊敬的|您好)")
_INLINE_START = re.compile(r"(?:【[^【】]{2,10}】(?=尊敬的|您好|您当前)|(?<!】)尊敬的)")

_NUM = r"(-?\d[\d,]*(?:\.\d+)?)\s*元"
_TOTAL = re.compile(
    r"(?:账单合计|费用合计|话费合计|消费合计|本月话费|本月消费)(?:金额)?[为是:：]?\s*" + _NUM
)
_PAYABLE = re.compile(r"(?:实际应付|实际应缴|应缴金额)[为是:：]?\s*" + _NUM)
_ITEMS_CLAUSE = re.compile(r"(?:主要费用项包括|费用项包括|费用明细|其中)[:：]?([^。]*)")
_ITEM = re.compile(r"\s*(.+?)[为是:：]?\s*" + _NUM + r"\s*$")
_SEPARATORS = ("，", ",", "；", ";", "、")
_ENTRY_MARK = re.compile(r"(?:^|(?<=[\s：:；;。]))(\d{1,2})[.、．]")
_ENTRY_END = re.compile(r"[；;。\n]")
_PROVIDER = re.compile(r"由(.+?)提供")
_BRACKET_PRICE = re.compile(r"[（(]([^（）()]*(?:元|免费)[^（）()]*)[）)]$")

NO_MESSAGE = (
    "no bill or service-list SMS found (expected a bill reminder with 账单合计 and its "
    "fee items, or a reply listing subscribed services as 1.… 2.…)"
)


@dataclass
class Message:
    """One SMS: its text and, for each of its segments, where it starts and its line."""

    text: str = ""
    starts: list[int] = field(default_factory=list)  # offsets in text
    lines: list[int] = field(default_factory=list)  # line number of each segment

    def add(self, text: str, line: int) -> None:
        """Append a segment of a line."""
        if self.text:
            self.text += "\n"
        self.starts.append(len(self.text))
        self.lines.append(line)
        self.text += text

    def line_at(self, offset: int) -> int:
        """The text line the character at ``offset`` came from."""
        return self.lines[bisect.bisect_right(self.starts, offset) - 1]


class SmsReader:
    """Reads bill-reminder and subscribed-services SMS saved as ``.txt``."""

    name = "sms"
    suffixes: tuple[str, ...] = (".txt",)

    def identify(self, path: Path, head: bytes) -> bool:
        """A ``.txt`` whose text carries SMS marks and is not a delimited table.

        It is asked before the CSV reader, which also takes ``.txt``: a file whose lines
        are mostly split by tabs, semicolons or commas is left to that reader.
        """
        if path.suffix.lower() != ".txt":
            return False
        text = _decode(head, strict=False) or ""
        return bool(_MARKERS.search(text)) and not _looks_tabular(text)

    def read(self, path: Path, data: bytes, options: ReadOptions) -> ReadResult:
        """Read every message in the file; an error when none is a bill or service list."""
        text = _decode(data, strict=True)
        if text is None:
            raise InputError(str(path), "text is neither UTF-8, UTF-16 nor GB18030")
        if not text.strip():
            raise InputError(str(path), "file is empty")
        result = ReadResult(path=str(path))
        lines = text.splitlines()
        result.rows_read = len(lines)
        blank = sum(1 for line in lines if not line.strip())
        if blank:
            result.set_aside["blank"] = blank
        used: dict[int, str] = {}  # line number -> "used", "total" or "note"
        unknown = []
        for number, message in enumerate(split_messages(lines), start=1):
            if not _read_message(result, message, path, options, used):
                unknown.append((number, message))
        if not result.bills and not result.services:
            raise InputError(str(path), NO_MESSAGE)
        for number, message in unknown:
            for line in sorted(set(message.lines)):
                if line not in used:
                    used[line] = "unparseable"
                    reason = f"message {number} is neither a bill reminder nor a service list"
                    result.unparseable.append(RowIssue(f"line {line}", reason, lines[line - 1]))
        for how in used.values():
            if how in ("total", "note"):
                result.set_aside[how] += 1
        kinds = {BILL if result.bills else None, SERVICES if result.services else None} - {None}
        result.kind = kinds.pop() if len(kinds) == 1 else BILL
        return result


def split_messages(lines: list[str]) -> list[Message]:
    """Cut the file's lines into messages (see the module docstring for the separators)."""
    messages: list[Message] = []
    current = Message()
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            if current.text:
                messages.append(current)
            current = Message()
            continue
        if current.text and _LINE_START.match(line):
            messages.append(current)
            current = Message()
        cuts = [m.start() for m in _INLINE_START.finditer(line) if m.start() > 0]
        for start, end in zip([0, *cuts], [*cuts, len(line)], strict=True):
            if start > 0 and current.text:
                messages.append(current)
                current = Message()
            current.add(line[start:end], number)
    if current.text:
        messages.append(current)
    return messages


def _read_message(
    result: ReadResult, message: Message, path: Path, options: ReadOptions, used: dict
) -> bool:
    """Read one message into ``result``; False when it is neither kind."""
    # Offsets into the text map back to lines, so it is searched as it is (no NFKC).
    text = message.text
    entries = numbered_entries(text)
    if ("订购" in text or "已订" in text) and entries:
        _read_services(result, message, text, entries, path, options, used)
    elif "账单" in text and (_TOTAL.search(text) or _ITEMS_CLAUSE.search(text)):
        _read_bill(result, message, text, path, options, used)
    else:
        return False
    for line in message.lines:
        used.setdefault(line, "note")
    return True


def numbered_entries(text: str) -> list[re.Match]:
    """The ``1.`` ``2.`` marks of a numbered list, in sequence.

    Only a mark that follows the previous number counts, so an amount (``：6.00元``)
    or a plan's name (``4G…``) is not taken for an entry.
    """
    marks: list[re.Match] = []
    for mark in _ENTRY_MARK.finditer(text):
        if not marks or int(mark[1]) == int(marks[-1][1]) + 1:
            marks.append(mark)
    return marks


def _context(path: Path, options: ReadOptions, text: str, locator: str, *need: str) -> Context:
    # Unlike the line, the month is not required to be unique: the first one named is taken.
    months = months_in_text(text)
    ctx = resolve(
        path,
        options,
        line=only(find_phones(text)),
        period=months[0] if months else None,
        carrier=detect_carrier(text),
    )
    require(path, ctx, *need)
    check_masked_line(path, text, ctx.line, locator)
    return ctx


def _read_bill(
    result: ReadResult, message: Message, text: str, path: Path, options: ReadOptions, used: dict
) -> None:
    first = f"line {message.lines[0]}"
    ctx = _context(path, options, text, first, "line", "period", "carrier")
    result.carrier = result.carrier or ctx.carrier
    total = _TOTAL.search(text)
    total_line = message.line_at(total.start()) if total else message.lines[0]
    stated = _amount(result, total[1], total_line, "账单合计") if total else None
    if total:
        used[total_line] = "total"
    payable = _PAYABLE.search(text)
    due = (
        _amount(result, payable[1], message.line_at(payable.start()), "实际应付")
        if payable
        else None
    )
    if due is not None and stated is not None and due != stated:
        result.warnings.append(
            f"line {message.line_at(payable.start())}: 实际应付 {format_fen(due)}"
            f" differs from 账单合计 {format_fen(stated)}"
        )
    # A reminder lists only the main fee items: unless they happen to add up to the
    # total, the bill is partial (shown, not reconciled), not a bill that does not add up.
    bill = Bill(ctx.line, ctx.period, stated, ctx.carrier, str(path), f"line {total_line}")
    result.bills.append(bill)
    first_charge = len(result.charges)
    _read_fee_items(result, message, text, ctx, path, used)
    items = sum(c.amount_fen for c in result.charges[first_charge:])
    bill.partial = stated is not None and items != stated


def _read_fee_items(
    result: ReadResult, message: Message, text: str, ctx, path: Path, used: dict
) -> None:
    """The reminder's 主要费用项: category-level charges, one per fee item."""
    clause = _ITEMS_CLAUSE.search(text)
    if not clause:
        return
    offset = clause.start(1)
    for piece in re.split(r"([，,；;、])", clause[1]):
        line = message.line_at(offset + len(piece) - len(piece.lstrip()))
        offset += len(piece)
        if not piece.strip() or piece in _SEPARATORS:
            continue
        item = _ITEM.match(piece)
        if not item:
            result.warnings.append(f"line {line}: fee item not read: {piece}")
            continue
        name = item[1].strip()
        fen = _amount(result, item[2], line, name)
        if fen is None:
            continue
        result.charges.append(
            Charge(
                line=ctx.line,
                period=ctx.period,
                category=categorise(name),
                item="",
                amount_fen=fen,
                section=name,
                carrier=ctx.carrier,
                source=str(path),
                locator=f"line {line}",
            )
        )
        used[line] = "used"


def _amount(result: ReadResult, text: str, line: int, what: str) -> int | None:
    """An amount of a message, or ``None`` with the line kept as unreadable: one bad figure
    must not cost the file's other charges."""
    try:
        return parse_amount(text)
    except ValueParseError as exc:
        result.unparseable.append(RowIssue(f"line {line}", f"{what}: {exc}", text))
        return None


def _read_services(
    result: ReadResult,
    message: Message,
    text: str,
    entries: list[re.Match],
    path: Path,
    options: ReadOptions,
    used: dict,
) -> None:
    ctx = _context(path, options, text, f"line {message.lines[0]}", "line", "carrier")
    result.carrier = result.carrier or ctx.carrier
    ends = [m.start() for m in entries[1:]] + [len(text)]
    for mark, end in zip(entries, ends, strict=True):
        body = text[mark.end() : end]
        stop = _ENTRY_END.search(body)
        body = body[: stop.start()] if stop else body
        line = message.line_at(mark.start())
        locator = f"line {line} entry {mark[1]}"
        try:
            service = _service(body, ctx.line, ctx.carrier)
        except ValueParseError as exc:
            result.unparseable.append(RowIssue(locator, f"service not readable: {exc}", body))
            used.setdefault(line, "note")
            continue
        service.source, service.locator = str(path), locator
        result.services.append(service)
        used[line] = "used"


def _service(body: str, line: str, carrier: str) -> Service:
    """One numbered entry: ``name，price，由provider提供`` (price and provider optional)."""
    fields = [f.strip() for f in re.split(r"[，,]", body) if f.strip()]
    if not fields:
        raise ValueParseError("empty entry")
    name, price, provider = fields[0], None, ""
    for part in fields[1:]:
        found = _PROVIDER.search(part)
        if found:
            provider = found[1].strip()
        elif price is None and ("元" in part or "免费" in part):
            price = parse_price(part)
    bracket = _BRACKET_PRICE.search(name)
    if price is None and bracket:
        price = parse_price(bracket[1])
    return Service(
        line=line,
        name=name,
        provider=provider,
        price_fen=price,
        status=ACTIVE,
        status_text="当前订购",
        carrier=carrier,
    )


def _looks_tabular(text: str) -> bool:
    lines = [line for line in text.splitlines() if line.strip()][:30]
    for delimiter, least in (("\t", 1), (";", 1), (",", 2)):
        split = sum(1 for line in lines if line.count(delimiter) >= least)
        if split >= 2 and split * 2 >= len(lines):
            return True
    return False


def _decode(data: bytes, *, strict: bool) -> str | None:
    """The text of ``data``; ``strict=False`` tolerates a character cut at the head's end."""
    try:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            return data.decode("utf-16", errors="strict" if strict else "ignore")
    except UnicodeDecodeError:
        return None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as exc:
            if not strict and exc.start >= len(data) - 4:
                return data[: exc.start].decode(encoding, errors="ignore")
    return None
