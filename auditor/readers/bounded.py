"""Running a reader's work in a child process with ceilings on its memory and CPU time.

Why a process: PDFium, the C library that lays out a PDF's pages, inflates a page's
compressed content (and the fonts and object streams it needs) as it loads the page,
and nothing in its interface tells how large a stream will be before it is inflated: a
1 MB file can inflate to gigabytes, or draw one 64 MiB stream on each of 500 pages. A
forked child with ``RLIMIT_DATA`` and ``RLIMIT_CPU`` set meets the ceiling instead of
the machine: an allocation past it fails there (a ``MemoryError``, or PDFium stops
itself), CPU time past it ends the child (``SIGXCPU``), and the parent, whose own
memory never saw the bomb, names the file and the page the child was on. A crash on a
damaged file costs that file the same way.

The work reports its progress (a page number) through a word of memory shared with the
parent, so that the error can say where reading stopped. Where ``fork`` or the limits do
not exist (Windows), the work runs in this process, unbounded.

In a reading pool's worker (:mod:`auditor.readers.pool`), a process of its own already,
the work runs in the worker without a fork: the same ceilings are set on the worker
around the work (its data may grow by ``max_bytes``, its CPU time by ``max_seconds``)
and lifted after it; a ceiling met ends the worker, the pool names the file and the
page from the worker's shared words, and starts another worker (:func:`bound_here`).
"""

from __future__ import annotations

import contextlib
import faulthandler
import logging
import math
import mmap
import os
import pickle
import signal
import struct
import traceback
from collections.abc import Callable
from typing import TypeVar

try:
    import resource
except ImportError:  # Windows
    resource = None

log = logging.getLogger(__name__)

T = TypeVar("T")
Progress = Callable[[int], None]

MEMORY, TIME, CRASH = "memory", "time", "crash"

_WORD = struct.Struct("q")
# Signals a child gets from a failed allocation (PDFium stops itself: abort or trap) or
# from the kernel (out of memory: SIGKILL; out of CPU time: SIGXCPU).
_WHY = {
    signal.SIGABRT: MEMORY,
    signal.SIGTRAP: MEMORY,
    signal.SIGILL: MEMORY,
    signal.SIGKILL: MEMORY,
    signal.SIGXCPU: TIME,
    signal.SIGPROF: TIME,
}


class Stopped(Exception):
    """The work was stopped: ``why`` is ``"memory"`` (it needed more than its ceiling),
    ``"time"`` (more CPU time than its ceiling) or ``"crash"`` (its process died of
    something else, a damaged file); ``progress`` is the last number it reported (0:
    none yet)."""

    def __init__(self, why: str, progress: int):
        super().__init__(f"stopped ({why}) at {progress}")
        self.why = why
        self.progress = progress


def can_bound() -> bool:
    """True where work can run in a bounded child (fork, RLIMIT_DATA and RLIMIT_CPU)."""
    return (
        hasattr(os, "fork")
        and resource is not None
        and hasattr(resource, "RLIMIT_DATA")
        and hasattr(resource, "RLIMIT_CPU")
        and hasattr(signal, "ITIMER_PROF")
    )


class _Worker:
    """Set in a pool's worker: the words it shares with the pool (the progress, and
    whether bounded work is under way), and whether it must stop after this file."""

    shared: mmap.mmap | None = None
    sharing = False  # other workers read beside it, on the machine's other cores
    retire = False


#: The words a pool worker shares: its progress, then 1 while bounded work runs.
PROGRESS, BOUNDED = 0, _WORD.size
SHARED_SIZE = 2 * _WORD.size


def bound_here(shared: mmap.mmap, sharing: bool) -> None:
    """Make this process (a pool's worker) run bounded work itself, reporting through
    ``shared`` (:data:`SHARED_SIZE` bytes the pool reads when the worker dies);
    ``sharing``: other workers read beside it."""
    _Worker.shared = shared
    _Worker.sharing = sharing


def sharing_cores() -> bool:
    """True in a reading pool's worker that other workers read beside: work that could
    take every core (OCR) takes one."""
    return _Worker.shared is not None and _Worker.sharing


def must_retire() -> bool:
    """True once a ceiling stopped bounded work in this worker: it ends after answering
    (what the work left behind is not trusted)."""
    return _Worker.retire


def shared_words(shared: mmap.mmap) -> tuple[int, bool]:
    """A worker's last progress, and whether it was running bounded work."""
    return _WORD.unpack_from(shared, PROGRESS)[0], bool(_WORD.unpack_from(shared, BOUNDED)[0])


def stopped_by(status: int, progress: int) -> Stopped:
    """What stopped a process that ended with wait ``status`` while running bounded work."""
    if os.WIFSIGNALED(status):
        return Stopped(_WHY.get(os.WTERMSIG(status), CRASH), progress)
    return Stopped(CRASH, progress)


def run_bounded(work: Callable[[Progress], T], max_bytes: int, max_seconds: int) -> T:
    """``work(progress)``'s value, computed in a child whose data may grow by at most
    ``max_bytes`` and which may use ``max_seconds`` of CPU time; the exception the work
    raised, raised here; :class:`Stopped` when a ceiling stopped it or it died.

    In a pool's worker the work runs in the worker, under the same ceilings."""
    if not can_bound():
        return work(lambda number: None)
    if _Worker.shared is not None:
        return _run_here(work, max_bytes, max_seconds, _Worker.shared)
    shared = mmap.mmap(-1, _WORD.size)
    reading, writing = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child never returns from here
        os.close(reading)
        _child(work, max_bytes, max_seconds, shared, writing)
    os.close(writing)
    try:
        payload = _read_all(reading)
        _, status = os.waitpid(pid, 0)
        pid = 0
    finally:
        os.close(reading)
        if pid:  # interrupted (a signal, a timeout of the caller's): the child goes too
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
    progress = _WORD.unpack_from(shared)[0]
    shared.close()
    return _outcome(payload, status, progress)


def _run_here(
    work: Callable[[Progress], T], max_bytes: int, max_seconds: int, shared: mmap.mmap
) -> T:
    """``work`` in this process (a pool's worker) with its data growth and CPU time held
    to the ceilings, lifted again afterwards. Past the CPU ceiling the kernel ends the
    process (``SIGPROF`` from a CPU-time timer armed for the work, with ``SIGXCPU`` from
    ``RLIMIT_CPU`` a second later as a backstop); past the data ceiling an allocation
    fails (``MemoryError`` here, or PDFium stops the process)."""
    data, cpu = resource.getrlimit(resource.RLIMIT_DATA), resource.getrlimit(resource.RLIMIT_CPU)
    _WORD.pack_into(shared, PROGRESS, 0)
    _WORD.pack_into(shared, BOUNDED, 1)
    _lower(resource.RLIMIT_DATA, _data_size() + max_bytes, data)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    used = math.ceil(usage.ru_utime + usage.ru_stime)
    _lower(resource.RLIMIT_CPU, used + max_seconds + 1, cpu)
    # The timer counts this process's CPU time from now, to the microsecond (RLIMIT_CPU
    # counts whole seconds since the process began); its signal's default ends it.
    signal.signal(signal.SIGPROF, signal.SIG_DFL)
    signal.setitimer(signal.ITIMER_PROF, max_seconds)

    def progress(number: int) -> None:
        """Tell the pool where the work is (a page number)."""
        _WORD.pack_into(shared, PROGRESS, number)

    try:
        return work(progress)
    except MemoryError:
        _Worker.retire = True
        raise Stopped(MEMORY, _WORD.unpack_from(shared, PROGRESS)[0]) from None
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        for limit, previous in ((resource.RLIMIT_DATA, data), (resource.RLIMIT_CPU, cpu)):
            with contextlib.suppress(ValueError, OSError):
                resource.setrlimit(limit, previous)
        _WORD.pack_into(shared, BOUNDED, 0)


def _lower(limit: int, ceiling: int, previous: tuple[int, int]) -> None:
    """Set ``limit``'s soft value to ``ceiling`` (never above the hard one); a system
    refusing it leaves the work without it rather than not run."""
    hard = previous[1]
    if hard != resource.RLIM_INFINITY:
        ceiling = min(ceiling, hard)
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(limit, (ceiling, hard))


def _outcome(payload: bytes, status: int, progress: int):
    """The child's value, or its exception raised, or :class:`Stopped`."""
    if os.WIFSIGNALED(status):
        raise Stopped(_WHY.get(os.WTERMSIG(status), CRASH), progress)
    try:
        ending, value, details = pickle.loads(payload)
    except Exception:  # nothing, or cut short: it ran out of memory while answering
        raise Stopped(MEMORY, progress) from None
    if ending == MEMORY:
        raise Stopped(MEMORY, progress)
    if ending == "raised":
        log.debug("the reading process failed:\n%s", details)
        raise value
    return value


def _child(
    work: Callable[[Progress], object], max_bytes: int, max_seconds: int, shared, writing: int
) -> None:
    """Run ``work`` under the ceilings and send its outcome; never returns."""
    try:
        # The parent handles Ctrl-C and termination (it removes what it staged); a
        # signal sent to the whole process group just ends the child.
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGXCPU, signal.SIG_DFL)
        # A crash here is an outcome the parent reports in one line, not a dump to print.
        faulthandler.disable()
        soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
        ceiling = _data_size() + max_bytes
        if hard != resource.RLIM_INFINITY:
            ceiling = min(ceiling, hard)
        # A system refusing a ceiling: the work runs without it rather than not at all.
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_DATA, (ceiling, hard))
        with contextlib.suppress(ValueError, OSError):
            _, cpu_hard = resource.getrlimit(resource.RLIMIT_CPU)
            seconds = (
                max_seconds if cpu_hard == resource.RLIM_INFINITY else min(max_seconds, cpu_hard)
            )
            resource.setrlimit(resource.RLIMIT_CPU, (seconds, cpu_hard))

        def progress(number: int) -> None:
            """Tell the parent where the work is (a page number)."""
            _WORD.pack_into(shared, 0, number)

        try:
            outcome = ("value", work(progress), "")
        except MemoryError:
            outcome = (MEMORY, None, "")
        except Exception as exc:
            outcome = ("raised", exc, traceback.format_exc())
        # Room to send the outcome: the ceiling was for the work, not for the answer.
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_DATA, (soft, hard))
        try:
            payload = pickle.dumps(outcome)
        except Exception as exc:  # an exception that cannot cross: say what it was
            failure = RuntimeError(f"{type(outcome[1]).__name__}: {outcome[1]} ({exc})")
            payload = pickle.dumps(("raised", failure, outcome[2]))
        view = memoryview(payload)
        while view:
            view = view[os.write(writing, view) :]
    finally:
        os._exit(0)


def _read_all(fd: int) -> bytes:
    chunks = []
    while chunk := os.read(fd, 1 << 16):
        chunks.append(chunk)
    return b"".join(chunks)


def _data_size() -> int:
    """This process's data segment now (what RLIMIT_DATA counts), from /proc."""
    try:
        with open("/proc/self/status", "rb") as status:
            for line in status:
                if line.startswith(b"VmData:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
