"""Bounds for tests of hostile inputs: a deadline, and how much memory a block took.

A test of a hang or a bomb must fail, not hang or take the machine, when the defect
comes back; these make it so.
"""

from __future__ import annotations

import contextlib
import signal
import tracemalloc
from pathlib import Path


class Deadline(BaseException):
    """Raised when a test's deadline passes (a BaseException: no reader may catch it)."""


@contextlib.contextmanager
def deadline(seconds: int):
    """Fail, instead of running on, when the block takes longer than ``seconds``
    (a blocking system call and a running regular expression are interrupted too)."""

    def expired(signum, frame):
        raise Deadline(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def peak_memory():
    """The peak of Python's allocations in the block: ``peak[0]`` after it."""
    peak = [0]
    tracemalloc.start()
    try:
        yield peak
    finally:
        peak[0] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()


def _status(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    raise LookupError(field)


@contextlib.contextmanager
def peak_growth():
    """How far this process's resident memory rose in the block, C libraries'
    allocations included (tracemalloc sees Python's only): ``growth[0]`` after it."""
    growth = [0]
    Path("/proc/self/clear_refs").write_text("5")  # resets the peak (VmHWM) to now
    start = _status("VmRSS")
    try:
        yield growth
    finally:
        growth[0] = _status("VmHWM") - start
