"""auditor's own exceptions: every failure a user can cause is one of these.

Their messages are made in the active language (:mod:`auditor.lang`) where they are
raised; :func:`located` and :func:`quoted` give the parts every message shares (where, and
a value read) the punctuation of that language.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import StrEnum
from typing import NamedTuple

from auditor.lang import say


class ErrorCode(StrEnum):
    """Why an input file could not be read, as a code a script can match on (the JSON's
    ``inputs[].error_code``, each listed in docs/json.md); its error says it in words.
    Given where the error is raised, never told from its words afterwards."""

    UNREADABLE = "unreadable"  # damaged, or not the format its name or start says
    EMPTY = "empty"  # nothing in it
    NOT_A_BILL = "not_a_bill"  # read, but no bill or service list recognised in it
    NO_TEXT = "no_text"  # no text to read, even by OCR, or text without a Unicode map
    OVER_LIMIT = "over_limit"  # past one of the --max-… limits (size, pages, time…)
    PASSWORD = "password"  # a password needed, or none given was right (--password)
    AMBIGUOUS_UNIT = "ambiguous_unit"  # yuan or fen, nothing tells (--amount-unit)
    BAD_VALUE = "bad_value"  # a value (an amount, a month, a date) that is none
    ROWS_UNREAD = "rows_unread"  # rows, every one unread (Excel's 1.86E+10, 45047, Oct-26)
    MISSING_DETAILS = "missing_details"  # its line, month or carrier not found
    WRONG_LINE = "wrong_line"  # the document names another line than the one given
    STOPPED = "stopped"  # the process reading it stopped
    READER_FAILED = "reader_failed"  # auditor's own failure on it (a bug to report)


class AuditorError(Exception):
    """Base class for errors auditor reports as a one-line message."""


class ValueParseError(AuditorError, ValueError):
    """A single cell or text value could not be read (an amount, a month, a date...).

    ``code``: what a file failing on it fails with (:class:`ErrorCode`)."""

    code = ErrorCode.BAD_VALUE


class UnitUndecided(ValueParseError):
    """Amounts that nothing in their document says are yuan or fen (``--amount-unit``)."""

    code = ErrorCode.AMBIGUOUS_UNIT


class OverLimit(ValueParseError):
    """A value past one of auditor's limits (a picture's pixels: ``--max-image-pixels``)."""

    code = ErrorCode.OVER_LIMIT


class AuditDateRefused(ValueParseError):
    """An audit date auditor does not take (:func:`auditor.as_of.check_as_of`: after
    today, or before 2000), which ``auditor audit`` says of its ``--as-of``."""


class BadArgument(AuditorError, ValueError, TypeError):
    """An argument a script gave :func:`auditor.run.audit` that it cannot take (a
    language it does not speak, an audit date that is none): which, and why. Also a
    ``ValueError`` and a ``TypeError``, what Python's own checks raised before."""


class InputError(AuditorError):
    """An input file could not be read; the message names the file and, when known, where.

    ``code`` says why as a script matches it (:class:`ErrorCode`), given where it is
    raised: by default, its class's (a file that could not be read)."""

    code = ErrorCode.UNREADABLE

    def __init__(
        self, path: str, reason: str, locator: str | None = None, code: ErrorCode | None = None
    ):
        self.path = str(path)
        self.reason = reason
        self.locator = locator
        if code is not None:
            self.code = code
        where = (
            say(f"{self.path}（{locator}）", f"{self.path} ({locator})") if locator else self.path
        )
        super().__init__(located(where, reason))

    def __reduce__(self):
        """Pickle with the four fields (a PDF is read in a child process that sends its
        error back), not with the one message the base class would keep."""
        return type(self), (self.path, self.reason, self.locator, self.code)


class SkippedInput(InputError):
    """An input that is no file to read (a pipe, a device, a link loop or a broken link,
    a type no reader claims): skipped, saying why; no failure of the audit."""


def located(where: object, text: str) -> str:
    """``text`` said of ``where`` (a file, a row): ``where: text``, with the colon of the
    active language."""
    return say(f"{where}：{text}", f"{where}: {text}")


def quoted(value: object) -> str:
    """A value read from a file, quoted for a message on one line: ``'abc'`` in English
    (Python's repr, as before), ``“abc”`` in Chinese; either way a line break or a
    control character inside is escaped, never printed."""
    shown = value if isinstance(value, str) else str(value)
    return say(f"“{_escaped(shown)}”", repr(value))


def _escaped(text: str) -> str:
    # repr escapes what must not reach a terminal or a cell raw; its quotes are dropped.
    return repr(text)[1:-1]


class Unread(NamedTuple):
    """An input file an audit could not read, or ``skipped`` (no bill: a document, a
    picture auditor does not read): its path as given, and why, on one line;
    ``not_a_bill``: skipped as a paper that is no bill (a statement, a chat), which is
    not said as it is read (:attr:`~auditor.model.ReadResult.not_a_bill`)."""

    path: str
    reason: str
    skipped: bool = False
    not_a_bill: bool = False


#: The most inputs the message of :class:`NothingToAudit` names (a folder of hundreds);
#: the rest are counted, and all are in its ``unread``.
UNREAD_NAMED = 10


class NothingToAudit(AuditorError):
    """No input file was found, or none could be read: there is no report to write.

    ``unread``: each input file and why it was not read (:class:`Unread`, the paths as
    given, unmasked like the report's), empty when none was found; ``summary``: the
    message without them (the command names each file above it). The message names them
    too, the first :data:`UNREAD_NAMED`: ``nothing readable: none of the 2 input files
    could be read: a.xlsx: not a valid Excel .xlsx file; b.pdf: …``."""

    def __init__(self, summary: str, unread: Sequence[Unread] = (), message: str | None = None):
        """``summary`` and the ``unread`` inputs; ``message``: the text it says, when not
        the summary and the inputs as they are (a masked copy's, :meth:`masked`)."""
        self.summary = summary
        self.unread = list(unread)
        super().__init__(message if message is not None else _naming(summary, self.unread))

    def masked(self, mask: Callable[[str], str]) -> NothingToAudit:
        """The same, its message (and summary) put through ``mask``: what a script logs;
        its ``unread`` kept as they are, for the script to act on."""
        return type(self)(mask(self.summary), self.unread, mask(str(self)))

    def __reduce__(self):
        """Pickle with its fields, not the one message the base class would keep."""
        return type(self), (self.summary, self.unread, str(self))


def _naming(summary: str, unread: list[Unread]) -> str:
    """``summary``, then each of the ``unread`` and why (the first :data:`UNREAD_NAMED`)."""
    if not unread:
        return summary
    named = [located(u.path, _why(u)) for u in unread[:UNREAD_NAMED]]
    more = len(unread) - UNREAD_NAMED
    if more > 0:
        named.append(say(f"另有 {more} 个", f"{more} more"))
    return located(summary, say("；", "; ").join(named))


def _why(unread: Unread) -> str:
    """Why ``unread`` was not read: its reason, said skipped where it was set aside."""
    return (
        say(f"已略过：{unread.reason}", f"skipped: {unread.reason}")
        if unread.skipped
        else unread.reason
    )


def see_above(summary: str) -> str:
    """``summary`` of :class:`NothingToAudit` where the files are named above it."""
    return say(f"{summary}（见上）", f"{summary} (see above)")


def one_line(text: str) -> str:
    """``text`` on one line: its line breaks and runs of spaces one space."""
    return " ".join(text.split())


def nothing_read(count: int, skipped: int) -> str:
    """Why an audit of ``count`` input files has nothing to read: they could not be read,
    or ``skipped`` of them were skipped (not bills: a document, a picture auditor does
    not read), or both."""
    if count == 1:
        unread = (
            say("唯一的输入文件被跳过", "the only input file was skipped")
            if skipped
            else say("唯一的输入文件无法读取", "the only input file could not be read")
        )
    elif skipped == count:
        unread = say(f"{count} 个输入文件都被跳过", f"all {count} input files were skipped")
    elif skipped:
        unread = say(
            f"{count} 个输入文件中 {skipped} 个被跳过，其余无法读取",
            f"none of the {count} input files could be read ({skipped} skipped)",
        )
    else:
        unread = say(
            f"{count} 个输入文件都无法读取", f"none of the {count} input files could be read"
        )
    return say(f"没有可读取的内容：{unread}", f"nothing readable: {unread}")
