"""auditor's own exceptions: every failure a user can cause is one of these."""

from __future__ import annotations


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
        where = f"{self.path} ({locator})" if locator else self.path
        super().__init__(f"{where}: {reason}")

    def __reduce__(self):
        """Pickle with the three fields (a PDF is read in a child process that sends its
        error back), not with the one message the base class would keep."""
        return type(self), (self.path, self.reason, self.locator)
