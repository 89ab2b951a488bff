"""Work done by a forked child while this process does other work: the JSON text while
the workbook is written, on the machine's second core.

The child computes a value of bytes from what this process holds at the fork (nothing
is sent to it) and hands it back through a pipe; it never returns into this process's
code (it ends by ``os._exit``), so nothing of ours (a history's transaction, a staged
file, a temporary folder) is committed, removed or written twice by it. Whatever goes
wrong in the child (an error, a signal, no fork on this system) only means the value is
computed here after all: the outcome is the same, only slower.
"""

from __future__ import annotations

import contextlib
import faulthandler
import gc
import os
import signal
from collections.abc import Callable, Iterator

from auditor.interrupts import STOP_SIGNALS

_LENGTH = 8  # bytes of the value's length, before the value


class Alongside:
    """``work()`` run in a forked child from creation; :meth:`value` waits for it."""

    def __init__(self, work: Callable[[], bytes]):
        """Start the child (none where this system cannot fork)."""
        self.work = work
        self.pid = 0
        self.pipe = -1
        if hasattr(os, "fork"):
            self._start()

    def _start(self) -> None:
        reading, writing = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: never returns from here
            os.close(reading)
            _serve(self.work, writing)
        os.close(writing)
        self.pid, self.pipe = pid, reading

    def value(self) -> bytes:
        """What ``work()`` gives: the child's value, or (when it could not give it) the
        value computed here."""
        data = self.received()
        return self.work() if data is None else data

    def received(self) -> bytes | None:
        """The child's value, or None when it could not give it (for work that is only
        worth doing alongside); the child is reaped either way."""
        if not self.pid:
            return None
        chunks = []
        try:
            while chunk := os.read(self.pipe, 1 << 20):
                chunks.append(chunk)
        finally:
            self.close()
        data = b"".join(chunks)
        if len(data) < _LENGTH or int.from_bytes(data[:_LENGTH], "big") != len(data) - _LENGTH:
            return None  # the child stopped before the end of its value
        return data[_LENGTH:]

    def close(self) -> None:
        """End the child if it still runs, and reap it."""
        if self.pipe >= 0:
            os.close(self.pipe)
            self.pipe = -1
        if self.pid:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(self.pid, 0)
            self.pid = 0


@contextlib.contextmanager
def alongside(work: Callable[[], bytes]) -> Iterator[Alongside]:
    """``work()`` in a forked child for the block (see :class:`Alongside`); the child is
    ended and reaped when the block ends, whatever ends it."""
    child = Alongside(work)
    try:
        yield child
    finally:
        child.close()


def _serve(work: Callable[[], bytes], pipe: int) -> None:
    """The child's life: compute the value, write it with its length, end."""
    status = 1
    try:
        # A stop signal ends the child at once (this process handles it and reaps the
        # child); no handler of ours runs here, and nothing unwinds into our code.
        for signum in STOP_SIGNALS:
            signal.signal(signum, signal.SIG_DFL)
        faulthandler.disable()
        gc.disable()  # short-lived: the collector would only copy the parent's pages
        value = work()
        data = len(value).to_bytes(_LENGTH, "big") + value
        view = memoryview(data)
        while view:
            view = view[os.write(pipe, view) :]
        status = 0
    except BaseException:  # the parent computes the value itself
        pass
    finally:
        os._exit(status)
