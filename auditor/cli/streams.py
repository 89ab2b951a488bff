"""stderr that its reader may close: what is said there stops, the command goes on.

``auditor audit … 2>&1 >/dev/null | head -1`` closes the pipe after one line; the next
warning written to it raises ``BrokenPipeError``, and an audit would stop there without
its report, then fail again saying so (exit 1 where 3 was due). What goes to stderr is
diagnostics: once nobody reads it, it is dropped, and the report, the JSON and the history
are written as they would be. stdout is left as it is: a JSON sent there is the output,
and a reader that stops reading it has chosen what it gets.
"""

from __future__ import annotations

import contextlib
import errno
import sys
from collections.abc import Iterator
from typing import TextIO


class ClosableStderr:
    """A text stream writing to ``stream`` until its reader is gone, then to nothing."""

    def __init__(self, stream: TextIO):
        """Wrap ``stream`` (the process's stderr)."""
        self._stream = stream
        self.gone = False

    def write(self, text: str) -> int:
        """Write ``text``, unless the reader is gone (then it is dropped)."""
        if not self.gone:
            with self._unless_gone():
                return self._stream.write(text)
        return len(text)

    def flush(self) -> None:
        """Flush, unless the reader is gone."""
        if not self.gone:
            with self._unless_gone():
                self._stream.flush()

    @contextlib.contextmanager
    def _unless_gone(self) -> Iterator[None]:
        try:
            yield
        except OSError as exc:
            if not isinstance(exc, BrokenPipeError) and exc.errno != errno.EPIPE:
                raise
            self.gone = True

    def __getattr__(self, name: str):
        """Everything else as the stream has it (encoding, isatty, fileno...)."""
        return getattr(self._stream, name)


@contextlib.contextmanager
def stderr_that_may_close() -> Iterator[None]:
    """``sys.stderr`` as a :class:`ClosableStderr` for the block."""
    if isinstance(sys.stderr, ClosableStderr) or sys.stderr is None:
        yield
        return
    original = sys.stderr
    sys.stderr = ClosableStderr(original)  # type: ignore[assignment]
    try:
        yield
    finally:
        sys.stderr = original
