"""Work done by a forked child while this process does other work: the JSON text while
the workbook is written, on the machine's second core.

The child computes a value of bytes from what this process holds at the fork (nothing
is sent to it) and hands it back in an anonymous file in memory (``memfd_create``;
elsewhere a temporary file already unlinked, so nothing is left behind by a kill); it
never returns into this process's code (it ends by ``os._exit``), so nothing of ours (a
history's transaction, a staged file, a temporary folder) is committed, removed or
written twice by it. Whatever goes wrong in the child (an error, a signal, no fork on
this system) only means the value is computed here after all: the outcome is the same,
only slower.

Why a file and not a pipe: a pipe holds 64 KiB, so a child done long before this
process asks stood blocked with its value, and 21 MB of JSON then came across 64 KiB at
a time, each chunk joined and sliced again (58 ms at the end of issue 10's PDF audit,
against 7 ms read from the file at once).
"""

from __future__ import annotations

import contextlib
import faulthandler
import gc
import os
import signal
import tempfile
from collections.abc import Callable, Iterator

from auditor.interrupts import STOP_SIGNALS

_LENGTH = 8  # bytes of the value's length, before the value


class Alongside:
    """``work()`` run in a forked child from creation; :meth:`value` waits for it."""

    def __init__(self, work: Callable[[], bytes]):
        """Start the child (none where this system cannot fork)."""
        self.work = work
        self.pid = 0
        self.file = -1
        if hasattr(os, "fork"):
            self._start()

    def _start(self) -> None:
        try:
            self.file = _scratch_file()
        except OSError:  # no file for the value (a full temporary folder): no child
            return
        try:
            pid = os.fork()
        except OSError:  # no process to be had: the value is computed here
            self.close()
            return
        if pid == 0:  # the child: never returns from here
            _serve(self.work, self.file)
        self.pid = pid

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
        try:
            _, status = os.waitpid(self.pid, 0)
            self.pid = 0
            if not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0:
                return None
            written = os.fstat(self.file).st_size
            length = int.from_bytes(os.pread(self.file, _LENGTH, 0), "big")
            if written < _LENGTH or length != written - _LENGTH:
                return None  # the child stopped before the end of its value
            return _read_at(self.file, length, _LENGTH)
        finally:
            self.close()

    def close(self) -> None:
        """End the child if it still runs, reap it, and let its file go."""
        if self.pid:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(self.pid, 0)
            self.pid = 0
        if self.file >= 0:
            os.close(self.file)
            self.file = -1


@contextlib.contextmanager
def alongside(work: Callable[[], bytes]) -> Iterator[Alongside]:
    """``work()`` in a forked child for the block (see :class:`Alongside`); the child is
    ended and reaped when the block ends, whatever ends it."""
    child = Alongside(work)
    try:
        yield child
    finally:
        child.close()


def _scratch_file() -> int:
    """A file for the child's value that has no name: in memory where the system can
    (Linux), else a temporary file unlinked at once."""
    if hasattr(os, "memfd_create"):
        with contextlib.suppress(OSError):
            return os.memfd_create("auditor-alongside", os.MFD_CLOEXEC)
    handle, name = tempfile.mkstemp(prefix="auditor-alongside-")
    os.unlink(name)
    return handle


def _read_at(file: int, length: int, offset: int) -> bytes:
    """``length`` bytes of ``file`` from ``offset``, in one piece when the system gives
    them at once (it does for a file in memory), else gathered."""
    data = os.pread(file, length, offset)
    if len(data) == length:
        return data
    chunks = [data]
    got = len(data)
    while got < length and (chunk := os.pread(file, length - got, offset + got)):
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


def _serve(work: Callable[[], bytes], file: int) -> None:
    """The child's life: compute the value, write its length and it, end."""
    status = 1
    try:
        # A stop signal ends the child at once (this process handles it and reaps the
        # child); no handler of ours runs here, and nothing unwinds into our code.
        for signum in STOP_SIGNALS:
            signal.signal(signum, signal.SIG_DFL)
        faulthandler.disable()
        gc.disable()  # short-lived: the collector would only copy the parent's pages
        value = work()
        _write_all(file, len(value).to_bytes(_LENGTH, "big"))
        _write_all(file, value)
        status = 0
    except BaseException:  # the parent computes the value itself
        pass
    finally:
        os._exit(status)


def _write_all(file: int, data: bytes) -> None:
    """All of ``data`` written to ``file``, however few bytes one write takes."""
    view = memoryview(data)
    while view:
        view = view[os.write(file, view) :]
