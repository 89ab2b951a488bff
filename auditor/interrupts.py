"""Stopping on a signal without leaving half a report behind.

SIGINT (Ctrl-C) and SIGTERM (``kill``, a service manager, a CI timeout) end an audit.
Left to Python's defaults, SIGTERM kills the process where it stands, so a staged
``.r.xlsx.*.tmp`` stays in the report's folder, and SIGINT becomes a ``KeyboardInterrupt``
that click reports as exit status 1, the status ``--fail-on`` uses. :func:`stop_on_signals`
turns both into :class:`Interrupted`, which unwinds like any error (every ``finally``
removes what it staged) and carries the shell's status, 128 + the signal's number.
:func:`signals_held` keeps a signal waiting while files are moved into place, so the
report and the JSON land together or not at all.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator

from auditor.lang import say

#: The signals that stop an audit: Ctrl-C and a polite ``kill``.
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Interrupted(BaseException):
    """The run was stopped by a signal; ``exit_code`` is 128 + its number (130, 143).

    A :class:`BaseException`, like ``KeyboardInterrupt``, so the ``except Exception``
    that keeps one bad input file from costing the run does not swallow it.
    """

    def __init__(self, signum: int):
        """The stop caused by signal ``signum``."""
        self.signum = signum
        self.name = signal.Signals(signum).name
        self.exit_code = 128 + signum
        super().__init__(say(f"被 {self.name} 信号停止", f"stopped by {self.name}"))


class _Hold:
    """How many :func:`signals_held` blocks are open, and the signals that came meanwhile."""

    depth = 0
    pending: list[int] = []  # noqa: RUF012 - one process-wide record, on purpose


def _raise_interrupted(signum: int, _frame: object) -> None:
    if _Hold.depth:
        _Hold.pending.append(signum)  # handled when the last held block ends
        return
    raise Interrupted(signum)


@contextlib.contextmanager
def stop_on_signals() -> Iterator[None]:
    """Within the block, SIGINT and SIGTERM raise :class:`Interrupted`.

    The previous handlers are put back afterwards. Outside the main thread (where
    Python cannot set handlers) the block runs with the handlers it has.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {signum: signal.signal(signum, _raise_interrupted) for signum in STOP_SIGNALS}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        _Hold.pending.clear()


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """Within the block, a signal :func:`stop_on_signals` watches waits; it stops the run
    when the (outermost) block ends, even if the block ends by an error.

    For steps that must not be cut in two: creating a temp file and remembering its name,
    or moving every staged output into place. The handler records the signal rather than
    the thread blocking it, because the kernel may deliver a signal to any thread
    (numpy's, for one) and Python then runs the handler in the main thread at once.
    """
    _Hold.depth += 1
    try:
        yield
    finally:
        _Hold.depth -= 1
        if not _Hold.depth and _Hold.pending:
            signum = _Hold.pending[0]
            _Hold.pending.clear()
            raise Interrupted(signum)
