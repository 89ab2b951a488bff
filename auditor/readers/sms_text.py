"""What every kind of carrier SMS shares: messages cut out of a file, the book that counts
each text line once, and reading an amount or the line and carrier a message belongs to.

A file may hold several messages, separated by blank lines or by the start of a new
message: a ``【…】`` tag or ``订购提醒：`` followed by 尊敬的/您好/您当前, or 尊敬的 at a
line's start or after the end of a sentence. A tag after a tag (【小米移动】【账单提醒】
尊敬的…) is the same message's head. What a phone or a forward puts above a message, a
line that is only a forward mark (【转发】) or a time it was received (``2026年10月1日
上午9:05``, ``10月31日 18:02 来自 10099``), heads the message below it: it is no message
of its own, and no text of that message (its date is no bill's month).

Row accounting is by record. Every text line is one of: blank; used (it gave records:
charges, services, or figures that could not be read, each counted as a row, since one
line of a reminder can hold a total and three fee items); the bill's total; a note (a line
of a recognised message that gave nothing, or a message's heading); a duplicate (a line of
a message that is an earlier one again: read once); personal (a line of a message of no
known kind that holds a customer's name or ID number); or unparseable (the other lines of
such a message). So ``rows_read`` is the records plus the lines that gave
none, and equals used + set aside + unparseable.

No pattern here or in the SMS modules may take more than linear time on its input (a
message is free text a user saved): unbounded repeats are possessive or stop at a
character the repeat itself cannot match, and lazy repeats are bounded.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from auditor import where
from auditor.catalog import brand_named, detect_carrier
from auditor.errors import ValueParseError, located
from auditor.lang import say
from auditor.model import ReadResult, RowIssue
from auditor.readers.base import ReadOptions
from auditor.readers.clues import text_clues
from auditor.readers.detect import (
    Context,
    check_masked_line,
    masked_lines,
    months_in_text,
    only,
    resolve,
)
from auditor.values import find_phones, parse_amount

_LINE_START = re.compile(r"^(?:【[^【】]{2,10}】|订购提醒[：:]|尊敬的|您好)")
_INLINE_START = re.compile(
    r"(?:(?:【[^【】]{2,10}】|订购提醒[：:])(?=尊敬的|您好|您当前)|(?<![】：:])尊敬的)"
)
_SPACES = re.compile(r"\s+")
# A run of tags and nothing else (【小米移动】【账单提醒】): the head of the text after it.
_TAGS_ONLY = re.compile(r"(?:【[^【】]{2,10}】\s*)+")
_SIGNATURE = re.compile(r"【([^【】\n]{2,12})】")
# A message's heading: a forward mark, or when it was received and from whom. Every part
# is bounded, and the line must be short: a text line of a message is never one.
_FORWARDED = (
    r"[【\[［(（]?\s?(?:转发|转发短信|转发的短信|转发信息|转发消息|Fwd?|FW)\s?[】\]］)）]?\s?[:：]?"
)
_DAY = (
    r"(?:\d{4}\s?年\s?\d{1,2}\s?月\s?\d{1,2}\s?[日号]|\d{1,2}\s?月\s?\d{1,2}\s?[日号]"
    r"|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/]\d{1,2}|[昨今前]天)"
)
_WEEKDAY = r"(?:星期|周)[一二三四五六日天]"
_TIME = r"(?:上午|下午|中午|晚上|凌晨|早上)?\s?\d{1,2}[:：]\d{2}(?:[:：]\d{2})?"
_SENDER = r"(?:来自|发自|发件人[:：]?|From:?)\s?[^\s【】]{2,24}"
_HEADING = re.compile(
    rf"{_FORWARDED}|(?:{_DAY}\s?(?:{_WEEKDAY})?\s?)?{_TIME}(?:\s?{_SENDER})?|{_DAY}?\s?{_SENDER}",
    re.IGNORECASE,
)
_HEADING_LENGTH = 48


@dataclass
class Message:
    """One SMS: its text and, for each of its segments, where it starts and its text line."""

    text: str = ""
    starts: list[int] = field(default_factory=list)  # offsets in text
    text_lines: list[int] = field(default_factory=list)  # the file's text line of each segment
    #: the text lines above it that head it (【转发】, when it was received): not its text
    heading: list[int] = field(default_factory=list)

    @classmethod
    def of(cls, segments: list[tuple[str, int]]) -> Message:
        """The message made of ``segments`` (text, text line number), joined by newlines."""
        starts, offset = [], 0
        for text, _ in segments:
            starts.append(offset)
            offset += len(text) + 1
        text = "\n".join(text for text, _ in segments)
        return cls(text, starts, [number for _, number in segments])

    def text_line_at(self, offset: int) -> int:
        """The text line the character at ``offset`` came from."""
        return self.text_lines[bisect.bisect_right(self.starts, offset) - 1]

    @property
    def first(self) -> str:
        """The locator of the message's first text line."""
        return where.line(self.text_lines[0])

    @property
    def lines(self) -> list[int]:
        """Every text line of the message, its heading's and its text's, each once."""
        return sorted({*self.heading, *self.text_lines})


def is_heading(said: str) -> bool:
    """True for a line that heads a message and is none of its text (see the module
    docstring): a forward mark, or when and from whom it was received."""
    said = said.strip()
    return len(said) <= _HEADING_LENGTH and bool(_HEADING.fullmatch(said))


def split_messages(text_lines: list[str]) -> list[Message]:
    """Cut the file's text lines into messages (see the module docstring for the separators)."""
    # Segments are gathered and joined once: a message of many lines stays linear.
    messages: list[tuple[list[tuple[str, int]], list[int]]] = []
    current: list[tuple[str, int]] = []
    heading: list[int] = []  # the lines heading the message to come
    pending: list[int] = []  # those seen since the last message started

    def close() -> None:
        nonlocal current, heading
        if current:
            messages.append((current, heading))
        current, heading = [], []

    for number, raw in enumerate(text_lines, start=1):
        stripped = raw.strip()
        if not stripped:
            close()
            continue
        if is_heading(stripped):
            close()
            pending.append(number)
            continue
        if current and _LINE_START.match(stripped):
            close()
        if not current:
            heading, pending = pending, []
        for start, end in zip(*_pieces(stripped), strict=True):
            if start > 0 and current:
                close()
            current.append((stripped[start:end], number))
    close()
    found = [Message.of(segments) for segments, _ in messages]
    for message, (_, lines) in zip(found, messages, strict=True):
        message.heading = lines
    if pending and found:
        found[-1].heading += pending  # below the last message: a phone's time, say
    elif pending:  # headings alone: no message, read as the text they are
        found.append(Message.of([(text_lines[n - 1].strip(), n) for n in pending]))
    return found


def _pieces(stripped: str) -> tuple[list[int], list[int]]:
    """Where each message on a text line starts and ends; a cut right after a run of tags
    alone (【小米移动】【账单提醒】尊敬的…) is none: the tags head the text after them."""
    starts = [0]
    for match in _INLINE_START.finditer(stripped):
        at = match.start()
        if at > 0 and not _TAGS_ONLY.fullmatch(stripped, starts[-1], at):
            starts.append(at)
    return starts, [*starts[1:], len(stripped)]


@dataclass
class TextLineBook:
    """How each text line of a file was used (see the module docstring)."""

    records: Counter = field(default_factory=Counter)  # text line -> records it gave
    #: text line -> "total" or "note" (lines of recognised messages that gave no record),
    #: "duplicate" (a line of a message said again), or "personal" or "unparseable" (a
    #: line of a message of no kind auditor reads)
    aside: dict[int, str] = field(default_factory=dict)

    def gave(self, text_line: int) -> None:
        """Count one record (a charge, a service, an unreadable figure) of ``text_line``."""
        self.records[text_line] += 1

    def set_aside(self, text_line: int, why: str) -> None:
        """Mark ``text_line`` as the total or a note, unless it already is the total."""
        if why == "total" or text_line not in self.aside:
            self.aside[text_line] = why

    def claimed(self, text_line: int) -> bool:
        """True when a recognised message accounted for ``text_line``."""
        return text_line in self.records or text_line in self.aside


def read_amount(
    result: ReadResult, book: TextLineBook, text: str, text_line: int, what: str
) -> int | None:
    """An amount of a message, or ``None`` with the figure kept as unreadable: one bad
    figure must not cost the file's other charges."""
    try:
        return parse_amount(text)
    except ValueParseError as exc:
        result.unparseable.append(RowIssue(where.line(text_line), located(what, str(exc)), text))
        book.gave(text_line)
        return None


def plain(text: str) -> str:
    """``text`` with each run of spaces made one, for the shared month and number finders
    (a run of spaces before a month must not cost them more than linear time)."""
    return _SPACES.sub(" ", text)


def context(
    result: ReadResult, path: Path, options: ReadOptions, message: Message, period: str | None
) -> Context:
    """The line (one number in the text), carrier and month of a message; the message's
    carrier clues join the file's (its brand is its line's: :func:`file_brand`).

    ``period`` is the month the caller read from the text; none is required here.
    """
    text = plain(message.text)
    result.carrier_clues += [c for c in text_clues(text) if c not in result.carrier_clues]
    return resolve(
        path,
        options,
        line=only(find_phones(text)),
        period=period,
        carrier=own_carrier(text),
        result=result,
        masked=tuple(masked_lines(text)),
    )


def signed_brand(text: str) -> str:
    """The brand (小米移动) a message is signed with, ``""`` for none or several: a brand
    named elsewhere in it (an advert, a transfer's 携号转网至小米移动) is not its sender."""
    signed = {found for tag in _SIGNATURE.findall(text) if (found := brand_named(tag))}
    return signed.pop() if len(signed) == 1 else ""


def file_brand(brands: dict[str, set[str]]) -> tuple[str, str]:
    """The brand a file of messages is given, from the brands each line's messages are
    signed with (``brands``: line -> each message's :func:`signed_brand`), and what to
    say when one is not given. A file's brand is every line's it holds (auditor's facts
    give it to each): so it is the brand only when every line's messages are signed by
    it; a brand signing one line's beside a line of none or of another is not the other
    line's, and is not given (its steps are the carrier's own words)."""
    each = {line: {b for b in signed if b} for line, signed in brands.items()}
    found = set().union(*each.values()) if each else set()
    if len(found) == 1 and all(len(signed) == 1 for signed in each.values()):
        return found.pop(), ""
    if not found:
        return "", ""
    named = "、".join(sorted(found))
    return "", say(
        f"{named} 的署名只属于本文件部分号码的短信：没有作为整个文件的品牌（其处理步骤用运营商"
        "本身的说法）",
        f"the signature {named} signs only some of the file's lines' messages: not taken as "
        "the whole file's brand (its steps use the carrier's own words)",
    )


def own_carrier(text: str) -> str | None:
    """The carrier a message says it is from: the one its signatures name (【小米移动】,
    【中国广电】), else the one its words do. A signature is the sender's own name, so it
    outweighs the links and reply keywords in the text: a virtual operator's message
    may carry its host network's (u.10010.cn, TDZD) and is still the brand's."""
    signed = {found for tag in _SIGNATURE.findall(text) if (found := detect_carrier(tag))}
    return signed.pop() if len(signed) == 1 else detect_carrier(text)


def check_line(path: Path, message: Message, ctx: Context, options: ReadOptions) -> None:
    """A masked number in the message must agree with the line found elsewhere."""
    check_masked_line(path, message.text, ctx.line, message.first, options)


def first_month(message: Message) -> str | None:
    """The first month with its year the message names (the start of a range)."""
    months = months_in_text(plain(message.text))
    return months[0] if months else None
