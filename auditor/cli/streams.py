"""stdout and stderr that their reader may close: what is written there stops, the
command goes on and ends with its own status.

``auditor audit … --fail-on high | head -1`` (or ``--json - | head -c 100``) closes the
pipe on stdout once its reader has what it wanted, and ``2>&1 >/dev/null | head -1`` the
one on stderr. The next write to it raises ``BrokenPipeError``: an audit stopped there
said "Broken pipe" and exited 2, where the status a script asked for with ``--fail-on``
(1) or an incomplete audit's (3) was due, and where nothing had gone wrong (the report,
the JSON file and the history are written before stdout is). A reader that stops reading
has chosen what it gets, so what it no longer reads is dropped and the status is the
command's: 0 when nothing else applies, not Python's 120 for lost output nor the 141 of a
program killed by SIGPIPE, so that ``set -o pipefail`` does not fail a pipeline whose
reader took one line (one whose reader failed has that reader's status). A stream that
cannot be written for another reason (a full disk) still raises; at the exit that gives
120 (:func:`auditor.cli._flushed`).
"""

from __future__ import annotations

import contextlib
import errno
import sys
from collections.abc import Iterator
from typing import TextIO


def reader_gone(exc: BaseException) -> bool:
    """Whether ``exc`` says the stream's reader has closed it (EPIPE)."""
    return isinstance(exc, BrokenPipeError) or (
        isinstance(exc, OSError) and exc.errno == errno.EPIPE
    )


class ClosableStream:
    """A text stream writing to ``stream`` until its reader is gone, then to nothing."""

    def __init__(self, stream: TextIO):
        """Wrap ``stream`` (the process's stdout or stderr)."""
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
            if not reader_gone(exc):
                raise
            self.gone = True

    def __getattr__(self, name: str):
        """Everything else as the stream has it (encoding, isatty, fileno...)."""
        return getattr(self._stream, name)


@contextlib.contextmanager
def streams_that_may_close() -> Iterator[None]:
    """``sys.stdout`` and ``sys.stderr`` as :class:`ClosableStream` for the block."""
    with _closable("stdout"), _closable("stderr"):
        yield


@contextlib.contextmanager
def _closable(name: str) -> Iterator[None]:
    """``sys.<name>`` as a :class:`ClosableStream` for the block (as it is if it is one)."""
    original = getattr(sys, name)
    if isinstance(original, ClosableStream) or original is None:
        yield
        return
    setattr(sys, name, ClosableStream(original))
    try:
        yield
    finally:
        setattr(sys, name, original)
