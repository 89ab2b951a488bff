"""Work done on a thread of this process while it waits on others: an audit's later
modules imported while the reading processes read.

An audit's process mostly waits while its workers read (:mod:`auditor.readers.pool`),
and on a machine of two cores, the modules the audit needs only once its inputs are read
(the rules, the history's steps, the writers: a tenth of a second and more) cost the
start of the reading as much when they are imported before it. Imported on a thread
started once the workers are forked, they take the time the pool's process leaves.

Why it is safe: a process forked while another thread of it imports holds that import's
locks forever, and a child that imports the same module waits for ever; so the pool
waits for every such work to end (:func:`settle`) before it forks (a worker in place of
one that died; the workers of another audit a script runs on another thread), and the
audit waits for its own (:meth:`Ahead.wait`) before it uses what it imported, and before
anything else of it forks (the JSON, the staged sheets). A signal (Ctrl-C) is handled on
the main thread, never here: what it stops, it stops there. Not a hook run before every
fork (``os.register_at_fork``): Ctrl-C while it waits would be printed and ignored.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

#: The works started and not ended (the GIL keeps the set whole).
_running: set[Ahead] = set()


def settle() -> None:
    """Return once no work of this process runs on a thread (other than this one):
    before a fork. Interrupted as any wait is (Ctrl-C raises here)."""
    me = threading.current_thread()
    for work in list(_running):
        if work._thread is not me:
            work.finish()


class Ahead:
    """``work`` (no arguments, nothing returned), done once: on a thread from
    :meth:`start`, or by :meth:`wait` where it was never started."""

    def __init__(self, work: Callable[[], None]):
        self.work = work
        self._thread: threading.Thread | None = None
        self._ended = threading.Event()
        self._done = False
        self._error: BaseException | None = None

    def start(self) -> None:
        """Start the work on a thread of its own (once; never after it was done)."""
        if self._thread is not None or self._done:
            return
        self._thread = threading.Thread(target=self._run, name="auditor-ahead", daemon=True)
        _running.add(self)  # (before it starts: a fork meanwhile waits for it too)
        self._thread.start()

    def _run(self) -> None:
        try:
            self.work()
        except BaseException as exc:  # raised again by wait(), on the caller's thread
            self._error = exc
        finally:
            _running.discard(self)
            self._ended.set()

    def finish(self) -> None:
        """Return once no thread of the work runs (what it raised is kept for
        :meth:`wait`): before a fork."""
        if self._thread is not None:
            self._ended.wait()

    def wait(self) -> None:
        """The work done: waited for, or done here if it was never started; what it
        raised is raised here."""
        if self._thread is None and not self._done:
            self._done = True
            self.work()
            return
        self.finish()
        self._done = True
        if self._error is not None:
            error, self._error = self._error, None
            raise error
