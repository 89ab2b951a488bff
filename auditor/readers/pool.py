"""Reading many files on every core: a pool of worker processes, results in input order.

Why processes and not threads: the readers are Python (the GIL allows one at a time),
PDFium is not thread-safe, and a PDF must be read under ceilings on memory and CPU time
(:mod:`auditor.readers.bounded`). Why a pool of its own and not
:mod:`concurrent.futures`: a worker that meets a ceiling is ended by the kernel, and
``ProcessPoolExecutor`` then breaks for every file still to read; here the pool names
that file (and the page, from the words the worker shares) and starts another worker.
Each worker reads a file at a time and keeps nothing of it once its batch's results are
sent, and the pool hands out files at most a few batches a worker ahead of the first
result not yet given back (32 files a worker: their results wait behind a slow file), so
memory stays flat in the number of files; a PDF is read in the worker itself,
its ceilings set around it (no fork a file). Files are sent, and their results sent back, a
few at a time (a batch): a company month's 2,000 small files cost the pool's process a
message, a poll and a wakeup each otherwise, on the cores the workers read on. A file
read under ceilings (a PDF, a picture) goes alone; a worker writes the index of the file
it reads where the pool can read it, so a worker's death is still put on its file.

The results are the ones :func:`auditor.readers.read_file` gives in this process, in the
same order (``tests/test_pool.py`` compares them whole). What the readers log in a
worker is sent with the file's result and logged here, in order.
"""

from __future__ import annotations

import contextlib
import copyreg
import faulthandler
import hashlib
import io
import logging
import mmap
import os
import pickle
import select
import signal
import struct
import time
from array import array
from collections import Counter, deque
from collections.abc import Iterator
from dataclasses import dataclass, fields
from multiprocessing.connection import Connection, Pipe
from pathlib import Path
from typing import TYPE_CHECKING

from auditor import ahead
from auditor.errors import ErrorCode, InputError, located
from auditor.lang import say
from auditor.model import Bill, Charge, OcrSummary, ReadResult, RowIssue, SectionGap, Service
from auditor.readers import bounded
from auditor.readers.base import ReadOptions

if TYPE_CHECKING:
    from auditor.ahead import Ahead

log = logging.getLogger(__name__)

# Batches handed out beyond the first result not yet given back, per worker; batches a
# worker may have been sent and not answered yet; files in a batch at most; and how long
# a worker reads a batch before it sends the files it has not begun back (a file that
# takes longer goes alone in effect, and the rest to whichever worker is free first).
_AHEAD = 4
_DEPTH = 2
_BATCH = 8
_BATCH_SECONDS = 0.005
# Where in a worker's shared words it says which file it reads (its index, plus one):
# after the words of auditor.readers.bounded.
_READING = bounded.SHARED_SIZE
_INDEX = struct.Struct("q")


def default_jobs() -> int:
    """The cores this process may run on."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def read_files(
    paths: list[Path], options: ReadOptions, jobs: int, meanwhile: Ahead | None = None
) -> Iterator[ReadResult]:
    """Each file's :func:`~auditor.readers.read_file` result, in the order of ``paths``,
    read by ``jobs`` worker processes (in this process for one job, unless two files or
    more are read under ceilings, one file, or where processes cannot be forked and
    bounded). ``meanwhile`` is started once the workers are forked, and waited for
    before any other is (:mod:`auditor.ahead`); left to its caller without workers."""
    from auditor.readers import load_shared, read_file, reads_bounded

    jobs = min(jobs, len(paths))
    # One job still reads two PDFs or pictures or more in a worker: else each is read in
    # a child forked from this process, which starts PDFium (or OCR) anew and copies all
    # that this process holds (100 four-page bills: 3.6 s on one core; one worker: 1.5 s).
    one_worker = jobs == 1 and sum(map(reads_bounded, paths)) >= 2
    if (jobs <= 1 and not one_worker) or not bounded.can_bound():
        for path in paths:
            yield read_file(path, options)
        return
    load_shared(paths)
    pool = _Pool(jobs, options, paths, [reads_bounded(path) for path in paths])
    try:
        if meanwhile is not None:
            meanwhile.start()
        yield from pool.read()
    finally:
        pool.close()


@dataclass
class _Worker:
    pid: int
    conn: Connection
    shared: mmap.mmap
    fd: int  # the pipe's end here, polled


class _Pool:
    def __init__(self, jobs: int, options: ReadOptions, paths: list[Path], alone: list[bool]):
        self.options = options
        # Every worker is forked with the paths: each is sent as its index (a few bytes,
        # where a pickled path costs both sides several times as much).
        self.paths = paths
        self.alone = alone  # read under ceilings: a batch of its own
        self.jobs = jobs
        self.workers: list[_Worker] = []
        for _ in range(jobs):
            self.workers.append(self._start())

    def _start(self) -> _Worker:
        """Fork a worker serving one batch of files at a time over a pipe of its own."""
        # (a child forked while another thread imports would wait for ever on the
        # import's lock the moment it imports the same module: auditor.ahead)
        ahead.settle()
        shared = mmap.mmap(-1, _READING + _INDEX.size)
        mine, theirs = Pipe()
        pid = os.fork()
        if pid == 0:  # the worker never returns from here
            mine.close()
            for other in self.workers:
                other.conn.close()
            _serve(theirs, shared, self.options, self.paths, self.jobs > 1)
        theirs.close()
        return _Worker(pid, mine, shared, mine.fileno())

    def read(self) -> Iterator[ReadResult]:
        """The results in the order of the paths, each as soon as it and those before it
        are read."""
        paths = self.paths
        waiting = deque(enumerate(paths))
        # Each worker's batches sent and not answered yet, in the order sent.
        queued: dict[int, deque[list[tuple[int, Path]]]] = {w.pid: deque() for w in self.workers}
        done: dict[int, ReadResult] = {}
        given = 0
        window = _AHEAD * _BATCH * len(self.workers)
        # The workers with files not yet answered, polled: one poll object all along,
        # told of each change (multiprocessing's wait() builds a selector every time).
        poll, polled = select.poll(), set()
        while given < len(paths):
            self._hand_out(waiting, queued, given + window)
            by_fd = {w.fd: w for w in self.workers if queued[w.pid]}
            for fd in polled - by_fd.keys():
                poll.unregister(fd)
            for fd in by_fd.keys() - polled:
                poll.register(fd, select.POLLIN)
            polled = set(by_fd)
            if not by_fd and waiting:
                # Every send failed: each worker died before it was given a file (they
                # stop as they start). The first file waiting is given up, so that a run
                # whose workers cannot live still ends, a file at a time.
                index, path = waiting.popleft()
                reason = say("读取进程一启动就停止了", "the reading processes stop as they start")
                done[index] = _failure(path, self.options, reason=reason)
            for fd, _ in poll.poll() if by_fd else ():
                worker = by_fd[fd]
                mine = queued.pop(worker.pid)
                batch = mine.popleft()
                try:
                    answered, retire = pickle.loads(worker.conn.recv_bytes())
                except (EOFError, OSError):
                    # The files before the one it died on were read, their results lost
                    # with it: read again, with those after it, by the others.
                    at = _reading(worker.shared, batch)
                    index, path = batch[at]
                    done[index] = self._died(worker, path)
                    again, retire = [*batch[:at], *batch[at + 1 :]], True
                else:
                    for (index, _), (result, records) in zip(batch, answered, strict=False):
                        _log(records)
                        done[index] = result
                    again = batch[len(answered) :]
                    if retire:
                        self._replace(worker)
                if retire:  # what it was sent besides is read by the others
                    waiting = deque(sorted([*again, *(f for b in mine for f in b), *waiting]))
                    queued[self.workers[-1].pid] = deque()
                else:  # (what it sent back comes before every file waiting)
                    waiting.extendleft(reversed(again))
                    queued[worker.pid] = mine
            while given in done:
                yield done.pop(given)
                given += 1

    def _hand_out(
        self,
        waiting: deque[tuple[int, Path]],
        queued: dict[int, deque[list[tuple[int, Path]]]],
        limit: int,
    ) -> None:
        """Send each worker batches up to :data:`_DEPTH` not yet answered (so that it
        never waits for the next between two), no file at or past ``limit``: the workers
        with the fewest first, and no batch of more than a share of the files waiting
        (the last files, and files sent back, are spread over the workers)."""
        alone = self.alone
        for worker in sorted(self.workers, key=lambda w: len(queued[w.pid])):
            mine = queued[worker.pid]
            while len(mine) < _DEPTH and waiting and waiting[0][0] < limit:
                size = min(_BATCH, len(waiting) // (2 * len(self.workers)))
                batch = [waiting.popleft()]
                if not alone[batch[0][0]]:
                    while (
                        len(batch) < size
                        and waiting
                        and waiting[0][0] < limit
                        and not alone[waiting[0][0]]
                    ):
                        batch.append(waiting.popleft())
                try:
                    worker.conn.send_bytes(array("q", [index for index, _ in batch]).tobytes())
                except OSError:  # it died between two batches
                    waiting.extendleft(reversed(batch))
                    if not mine:  # nothing of it to wait for: replace it now
                        del queued[worker.pid]
                        self._replace(worker)
                        queued[self.workers[-1].pid] = deque()
                    break  # else waiting for its answer says which file it died on
                mine.append(batch)

    def _died(self, worker: _Worker, path: Path) -> ReadResult:
        """The result of the file a worker died reading (a ceiling, or a crash), and a
        new worker in its place."""
        status = self._replace(worker)
        progress, was_bounded = bounded.shared_words(worker.shared)
        worker.shared.close()
        if was_bounded:
            return _failure(path, self.options, bounded.stopped_by(status, progress))
        if os.WIFSIGNALED(status):
            signum = os.WTERMSIG(status)
            reason = say(
                f"读取进程被信号 {signum} 终止", f"the reading process stopped (signal {signum})"
            )
        else:
            reason = say("读取进程退出了", "the reading process stopped (an exit)")
        return _failure(path, self.options, reason=reason)

    def _replace(self, worker: _Worker) -> int:
        """End ``worker`` (if it still runs) and start another; its wait status."""
        status = _end(worker)
        self.workers.remove(worker)
        self.workers.append(self._start())
        return status

    def close(self) -> None:
        """Stop every worker: those idle end at the end of their pipe, the others now."""
        for worker in self.workers:
            with contextlib.suppress(OSError):
                worker.conn.send_bytes(b"")  # (no index: stop)
        # One second for them all, not each: a busy worker reads the stop only after
        # its batch, and is killed when the second is up.
        deadline = time.monotonic() + 1.0
        for worker in self.workers:
            _end(worker, deadline)
        self.workers = []


def _reading(shared: mmap.mmap, batch: list[tuple[int, Path]]) -> int:
    """Where in ``batch`` the file is that a worker said it reads (its first file when it
    said none of them: it died before it began the batch)."""
    index = _INDEX.unpack_from(shared, _READING)[0] - 1
    for at, (sent, _) in enumerate(batch):
        if sent == index:
            return at
    return 0


def _end(worker: _Worker, deadline: float | None = None) -> int:
    """Reap ``worker``, killing it unless it ends by itself by ``deadline`` (a
    ``time.monotonic()``; None: now); its wait status."""
    if deadline is not None:
        # Its end of the pipe closes as it ends: waited for there, not a sleep at a time
        # (the reading's last 10 ms, for a worker that ends in one).
        with contextlib.suppress(OSError, EOFError):
            worker.conn.poll(max(0.0, deadline - time.monotonic()))
    worker.conn.close()
    try:
        while deadline is not None and time.monotonic() < deadline:
            pid, status = os.waitpid(worker.pid, os.WNOHANG)
            if pid:
                return status
            time.sleep(0.001)
        pid, status = os.waitpid(worker.pid, os.WNOHANG)
        if pid:
            return status
        os.kill(worker.pid, signal.SIGKILL)
        return os.waitpid(worker.pid, 0)[1]
    except ChildProcessError:
        return 0


def _failure(
    path: Path,
    options: ReadOptions,
    stopped: bounded.Stopped | None = None,
    reason: str = "",
) -> ReadResult:
    """What :func:`~auditor.readers.read_file` gives for a file whose reading was
    stopped: the file's checksum and reader, and the error its reader gives."""
    from auditor.readers import pick_reader
    from auditor.readers.content import misnamed_failed
    from auditor.readers.source import read_input

    result = ReadResult(path=str(path))
    try:
        data = read_input(path, options.max_file_bytes)
        result.sha256 = hashlib.sha256(data).hexdigest()
        reader, kind = pick_reader(path, data)
        result.reader = reader.name
    except InputError as exc:
        result.error = located(exc.locator, exc.reason) if exc.locator else exc.reason
        result.error_code = exc.code.value
        return result
    if stopped is not None and hasattr(reader, "stopped_error"):
        exc = reader.stopped_error(path, stopped, options)
        result.error = located(exc.locator, exc.reason) if exc.locator else exc.reason
        result.error_code = exc.code.value
    else:
        reason = reason or say("读取进程停止了", "the reading process stopped")
        result.error = say(f"无法读取（{reason}）", f"could not be read ({reason})")
        result.error_code = ErrorCode.STOPPED.value
    if kind is not None:  # as read_file says it of a misnamed file's failure
        result.error = misnamed_failed(path.suffix.lower(), kind, result.error)
    return result


# ------------------------------------------------------------ a result's pickle


def _flat(cls: type):
    """How a worker pickles a record of the dataclass ``cls``: its fields' values in one
    tuple, unpickled by ``cls(*values)``. Why: the pool's process unpickles every result,
    while the workers read; a state dict set key by key costs it twice as much. Only a
    record holding its fields and nothing else, in their order (as ``cls()`` makes it),
    is pickled so (then ``cls(*values)`` makes it again, exactly); any other as usual."""
    names = tuple(f.name for f in fields(cls))

    def reduce(record):
        state = record.__dict__
        if tuple(state) == names:
            return cls, tuple(state.values())
        return record.__reduce_ex__(pickle.HIGHEST_PROTOCOL)

    return reduce


def _counter(counts: dict) -> Counter:
    """A Counter of ``counts``, as ``Counter(counts)`` makes it (without its Python)."""
    counter = Counter()
    dict.update(counter, counts)
    return counter


def _reducers() -> dict:
    """The dispatch table of :class:`_ResultPickler`."""
    table = copyreg.dispatch_table.copy()
    for record in (ReadResult, Charge, Service, Bill, RowIssue, SectionGap, OcrSummary):
        # (cls(*values) sets each field and nothing else: every field in __init__, in
        # order, and no __post_init__)
        plain = all(f.init and not f.kw_only for f in fields(record))
        if plain and not hasattr(record, "__post_init__"):
            table[record] = _flat(record)
    table[Counter] = lambda counts: (_counter, (dict(counts),))
    return table


class _ResultPickler(pickle.Pickler):
    """The pickler of a worker's results: records as tuples (see :func:`_flat`), their
    set-aside Counter as a dict (as Counter pickles itself, but unpickled in C)."""

    dispatch_table = _reducers()


def _dumps(payload: object) -> bytes:
    """``payload`` pickled by a :class:`_ResultPickler` (``pickle.loads`` reads it)."""
    out = io.BytesIO()
    _ResultPickler(out, pickle.HIGHEST_PROTOCOL).dump(payload)
    return out.getvalue()


# ---------------------------------------------------------------------- a worker


class _Records(logging.Handler):
    """A worker's log records, kept to be sent with the file's result: the message as
    text, a traceback as its lines (a traceback does not cross a pipe)."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        """Keep a copy of ``record`` that crosses a pipe."""
        from auditor.safe_text import safe_traceback

        lines = safe_traceback(record.exc_info[1]) if record.exc_info else []
        copy = logging.makeLogRecord(
            {**record.__dict__, "msg": record.getMessage(), "args": None, "exc_info": None}
        )
        copy.exc_text = None
        copy.traceback_lines = lines
        self.records.append(copy)


def _log(records: list[logging.LogRecord]) -> None:
    """Log a worker's records here, as if this process had logged them."""
    for record in records:
        logger = logging.getLogger(record.name)
        if logger.isEnabledFor(record.levelno):
            logger.handle(record)


def _serve(
    conn: Connection, shared: mmap.mmap, options: ReadOptions, paths: list[Path], sharing: bool
) -> None:
    """A worker's life: read each of the ``paths`` whose indexes are sent, a batch at a
    time, and send their results back together (those read within
    :data:`_BATCH_SECONDS`, and always the first), until sent none (``sharing``: other
    workers read beside it); never returns. Before each file, the file's index goes into
    ``shared``, for the pool to name the file if this process dies reading it."""
    from auditor.readers import read_file

    try:
        # Ctrl-C and termination are the pool's to handle (it removes what it staged);
        # sent to the whole process group, they just end the worker.
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGXCPU):
            signal.signal(signum, signal.SIG_DFL)
        faulthandler.disable()  # a ceiling met is an outcome the pool reports in one line
        with contextlib.suppress(ValueError, OSError, AttributeError):
            import resource

            resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # and no core file of it
        records = _Records()
        root = logging.getLogger()
        root.handlers = [records]
        bounded.bound_here(shared, sharing)
        while sent := conn.recv_bytes():
            answered = []
            began = time.perf_counter()
            for index in array("q", sent):
                if answered and time.perf_counter() - began > _BATCH_SECONDS:
                    break  # the files not begun go back, for the worker free first
                _INDEX.pack_into(shared, _READING, index + 1)
                records.records = []
                answered.append((read_file(paths[index], options), records.records))
                if bounded.must_retire():
                    break  # what the work left behind is not trusted: the rest goes back
            conn.send_bytes(_dumps((answered, bounded.must_retire())))
            if bounded.must_retire():
                break
    except BaseException:  # the pool names the file; nothing is printed from here
        pass
    finally:
        os._exit(0)
