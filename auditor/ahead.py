"""Work done on a thread of this process while it waits on others: an audit's later
modules imported while the reading processes read.

An audit's process mostly waits while its workers read (:mod:`auditor.readers.pool`),
and on a machine of two cores, the modules the audit needs only once its inputs are read
(the rules, the history's steps, the writers: a tenth of a second and more) cost the
start of the reading as much when they are imported before it. Imported on a thread
started once the workers are forked, they take the time the pool's process leaves.

Why it is safe: a process forked while another thread of it imports holds that import's
locks forever, and a child that imports the same module waits for ever; so the pool
waits for the work to end (:meth:`Ahead.finish`) before it forks again (a worker in
place of one that died), and so does anything else that forks after the reading, since
the audit waits for it (:meth:`Ahead.wait`) before it uses what it imported. A signal
(Ctrl-C) is handled on the main thread, never here: what it stops, it stops there.
"""

from __future__ import annotations

import threading
from collections.abc import Callable


class Ahead:
    """``work`` (no arguments, nothing returned), done once: on a thread from
    :meth:`start`, or by :meth:`wait` where it was never started."""

    def __init__(self, work: Callable[[], None]):
        self.work = work
        self._thread: threading.Thread | None = None
        self._done = False
        self._error: BaseException | None = None

    def start(self) -> None:
        """Start the work on a thread of its own (once; never after it was done)."""
        if self._thread is not None or self._done:
            return
        self._thread = threading.Thread(target=self._run, name="auditor-ahead", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self.work()
        except BaseException as exc:  # raised again by wait(), on the caller's thread
            self._error = exc

    def finish(self) -> None:
        """Return once no thread of the work runs (what it raised is kept for
        :meth:`wait`): before a fork."""
        if self._thread is not None:
            self._thread.join()

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
