"""auditor's own exceptions: every failure a user can cause is one of these.

Their messages are made in the active language (:mod:`auditor.lang`) where they are
raised; :func:`located` and :func:`quoted` give the parts every message shares (where, and
a value read) the punctuation of that language.
"""

from __future__ import annotations

from auditor.lang import say


class AuditorError(Exception):
    """Base class for errors auditor reports as a one-line message."""


class ValueParseError(AuditorError, ValueError):
    """A single cell or text value could not be read (an amount, a month, a date...)."""


class InputError(AuditorError):
    """An input file could not be read; the message names the file and, when known, where."""

    def __init__(self, path: str, reason: str, locator: str | None = None):
        self.path = str(path)
        self.reason = reason
        self.locator = locator
        where = (
            say(f"{self.path}（{locator}）", f"{self.path} ({locator})") if locator else self.path
        )
        super().__init__(located(where, reason))

    def __reduce__(self):
        """Pickle with the three fields (a PDF is read in a child process that sends its
        error back), not with the one message the base class would keep."""
        return type(self), (self.path, self.reason, self.locator)


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


def nothing_read(count: int, skipped: int) -> str:
    """Why an audit of ``count`` input files has nothing to read: they could not be read,
    or ``skipped`` of them were skipped (not bills: a document, a picture auditor does
    not read), or both."""
    if count == 1:
        unread = (
            say("唯一的输入文件被跳过（见上）", "the only input file was skipped (see above)")
            if skipped
            else say(
                "唯一的输入文件无法读取（见上）",
                "the only input file could not be read (see above)",
            )
        )
    elif skipped == count:
        unread = say(
            f"{count} 个输入文件都被跳过（见上）",
            f"all {count} input files were skipped (see above)",
        )
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
