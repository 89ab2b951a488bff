"""Stopping on a signal without leaving half a report behind.

SIGINT (Ctrl-C) and SIGTERM (``kill``, a service manager, a CI timeout) end an audit.
Left to Python's defaults, SIGTERM kills the process where it stands, so a staged
``.r.xlsx.*.tmp`` stays in the report's folder, and SIGINT becomes a ``KeyboardInterrupt``
that click reports as exit status 1, the status ``--fail-on`` uses. :func:`stop_on_signals`
turns both into :class:`Interrupted`, which unwinds like any error (every ``finally``
removes what it staged) and carries the shell's status, 128 + the signal's number.
:func:`signals_held` keeps a signal waiting while files are moved into place, so the
report, the JSON and the history land together or not at all, under the command's
handlers or, for a script calling :func:`auditor.run.audit`, under the script's own.
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
    """How many :func:`signals_held` blocks are open, the signals that came meanwhile,
    and the caller's handlers a block set aside (none under :func:`stop_on_signals`)."""

    depth = 0
    pending: list[int] = []  # noqa: RUF012 - one process-wide record, on purpose
    set_aside: dict[int, object] = {}  # noqa: RUF012 - likewise


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
    """Within the block, SIGINT and SIGTERM wait; they stop the run when the (outermost)
    block ends, even if the block ends by an error.

    For steps that must not be cut in two: creating a temp file and remembering its name,
    or moving every staged output into place. Under :func:`stop_on_signals` the signal
    then raises :class:`Interrupted`. Otherwise (a script calling the library) the
    outermost block sets the caller's handlers aside and, when it ends, puts them back
    and gives them the signal: Python's own raises ``KeyboardInterrupt``, a script's is
    called, the default of SIGTERM ends the process, each once the step is whole.

    The handler records the signal rather than the thread blocking it, because the kernel
    may deliver a signal to any thread (numpy's, for one) and Python then runs the handler
    in the main thread at once. Outside the main thread no handler can be set, and none
    is needed: Python runs every handler in the main thread, so a signal never cuts a
    step another thread runs (what the main thread then does, such as leaving with the
    process, is the script's).
    """
    outermost = not _Hold.depth
    _Hold.depth += 1
    try:
        if outermost and threading.current_thread() is threading.main_thread():
            _set_aside_the_callers_handlers()
        yield
    finally:
        _Hold.depth -= 1
        if outermost:
            waited = _Hold.pending[:1]
            _Hold.pending.clear()  # told once: a block after this one starts afresh
            _deliver(waited, _put_back_the_callers_handlers())


def _hold_for_the_caller(signum: int, frame: object) -> None:
    """A script's signal in a held block: kept for its handler until the block ends (and
    handed to it at once outside one, in the moments its handler is being put back)."""
    if _Hold.depth:
        _Hold.pending.append(signum)
        return
    handler = _Hold.set_aside.get(signum, signal.getsignal(signum))
    if callable(handler) and handler is not _hold_for_the_caller:
        handler(signum, frame)
    elif handler != signal.SIG_IGN:
        signal.signal(signum, signal.SIG_DFL)  # the default: for SIGTERM, the end
        signal.raise_signal(signum)


def _set_aside_the_callers_handlers() -> None:
    """Handlers of the stop signals that keep a signal for the caller's, in their place
    (those :func:`stop_on_signals` set are kept: they hold a signal already)."""
    for signum in STOP_SIGNALS:
        handler = signal.getsignal(signum)
        # None: a handler set outside Python, which could not be put back.
        if handler not in (_raise_interrupted, _hold_for_the_caller, None):
            _Hold.set_aside[signum] = handler
            signal.signal(signum, _hold_for_the_caller)


def _put_back_the_callers_handlers() -> dict[int, object]:
    """The caller's handlers back in place; those put back, by signal."""
    back = dict(_Hold.set_aside)
    for signum, handler in back.items():
        signal.signal(signum, handler)
        del _Hold.set_aside[signum]
    return back


def _deliver(waited: list[int], callers: dict[int, object]) -> None:
    """The signal that waited (if any) to the handler that is to have it: the caller's
    own, or :class:`Interrupted` under :func:`stop_on_signals`."""
    if not waited:
        return
    if waited[0] in callers:
        signal.raise_signal(waited[0])  # its handler runs now; what it raises, raised here
    else:
        raise Interrupted(waited[0])
