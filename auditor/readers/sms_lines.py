"""Whose bill a message of several is, when it states no number.

A file of pasted SMS may hold the reminders of several lines: mine, signed 【小米移动】 and
stating 17088881234, and my father's, signed 【中国广电】 and stating no number at all.
A message stating its number is that line's. One stating none would take the line of
the file's name or of the owner's folder it is in (:func:`auditor.readers.detect.resolve`),
which for a file of one message is the person's own choice of where to keep it; beside
other messages it may well be someone else's, and read as the folder's line it would add
its money to that line's bill (39.00 on top of 44.00: a bill of 83.00 read clean).

So, in a file of two bill messages or more, a message stating no number (whole or
masked) takes the line its file's name or folder gives only when nothing in the file
gainsays it. It is refused, as an unread part of the file with why, when:

- another message is a bill of that line for the same month (it states that line, whole
  or masked the way it fits, 170****1234; or states none either): two bills of one
  line's month are not one line's two messages;
- its own carrier (its signature, :func:`~auditor.readers.sms_text.own_carrier`) is not
  that line's: the carrier the messages stating that line are signed with, else the
  settings' ``carrier`` of the line (but for a virtual operator's, whose messages may
  be signed by its host network).

``--line`` decides the line of every message, as the user asked: nothing is refused then.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from auditor import where
from auditor.catalog import carrier_name
from auditor.errors import ErrorCode, InputError
from auditor.lang import say
from auditor.readers.base import ReadOptions
from auditor.readers.detect import masked_lines, resolve
from auditor.readers.sms_text import own_carrier, plain
from auditor.values import find_phones


@dataclass(frozen=True)
class Head:
    """What a bill message of a file says of itself, before any is read: its number in
    the file, the line it states (``None``: none, or several), the masked numbers it
    shows (prefix, suffix), its month as it will be read, and its own carrier."""

    number: int
    line: str | None
    masked: tuple[tuple[str, str], ...]
    period: str | None
    carrier: str | None

    @classmethod
    def of(cls, number: int, text: str, period: str | None) -> Head:
        """The head of message ``number`` whose text is ``text``, of month ``period``."""
        text = plain(text)
        lines = set(find_phones(text))
        line = lines.pop() if len(lines) == 1 else None
        return cls(number, line, tuple(masked_lines(text)), period, own_carrier(text))

    @property
    def states_line(self) -> bool:
        """True when the message itself says whose it is (a number, whole or masked)."""
        return self.line is not None or bool(self.masked)

    def states(self, line: str) -> bool:
        """True when the message states ``line``: whole, or masked (尊敬的170****1234用户)
        the way ``line`` fits, as the reader will take it (a masked number that does
        not fit is that message's own error)."""
        if self.line is not None:
            return self.line == line
        return bool(self.masked) and all(
            line.startswith(prefix) and line.endswith(suffix) for prefix, suffix in self.masked
        )


def check_unstated(head: Head, heads: list[Head], path: Path, options: ReadOptions) -> None:
    """Refuse message ``head`` (see the module docstring) when it states no number, is
    one of ``heads`` (the file's bill messages, two or more) and the line its file's
    name or folder would give it is gainsaid; nothing when it may take that line."""
    if head.states_line or options.line or len(heads) < 2:
        return
    line = resolve(path, options, period=head.period).line
    if line is None:
        return  # no line at all: the message's own error says so
    shown = line  # (masked where it is shown, as every line is)
    for other in heads:
        if other.number == head.number or other.period != head.period or head.period is None:
            continue
        if other.states(line):
            _refuse(
                path,
                say(
                    f"没有写号码，而{where.message(other.number)}已是 {shown} 的 "
                    f"{head.period} 账单：",
                    f"it states no number, and {where.message(other.number)} is the "
                    f"{head.period} bill of {shown} already: ",
                ),
            )
        if not other.states_line:
            _refuse(
                path,
                say(
                    f"它和{where.message(other.number)}都没有写号码，又都是 {head.period} "
                    f"的账单，不能都算作 {shown} 的：",
                    f"it and {where.message(other.number)} state no number and are both "
                    f"bills of {head.period}: they cannot both be {shown}'s: ",
                ),
            )
    theirs = _line_carrier(line, heads, options)
    if head.carrier and theirs and head.carrier != theirs:
        _refuse(
            path,
            say(
                f"没有写号码，其署名是{carrier_name(head.carrier)}，而 {shown} 是"
                f"{carrier_name(theirs)}的号码：",
                f"it states no number and is signed {carrier_name(head.carrier)}, but "
                f"{shown} is a {carrier_name(theirs)} line: ",
            ),
        )


def _line_carrier(line: str, heads: list[Head], options: ReadOptions) -> str | None:
    """The carrier of ``line`` as the file's messages stating it are signed, else as the
    settings give it (not a virtual operator's: its messages may bear its host's name)."""
    signed = {h.carrier for h in heads if h.states(line) and h.carrier}
    if signed:
        return signed.pop() if len(signed) == 1 else None
    given = dict(options.line_carriers).get(line)
    return None if given == "mvno" else given


class NotItsLine(InputError):
    """A message of several refused: whose bill it is is unknown. Its reason says "it":
    the file's error names the message (the file's other messages may be read)."""

    code = ErrorCode.MISSING_DETAILS


def _refuse(path: Path, why: str) -> None:
    """Raise the refusal of a message, ``why`` told, and what to do with it."""
    raise NotItsLine(
        str(path),
        why
        + say(
            "不知道是哪个号码的账单，未读取（请把这条短信单独存一个文件，放在其号码机主的文件夹"
            "里，或在文件名里写上号码）",
            "whose bill it is is unknown, so it was not read (save this message in a file of "
            "its own, in its line owner's folder or named by its number)",
        ),
    )
