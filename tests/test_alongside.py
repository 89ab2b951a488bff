"""Work done by a forked child alongside this process (auditor.alongside): its value
comes back whole, and whatever goes wrong in the child, the value is computed here."""

from __future__ import annotations

import os
import signal

import pytest

from auditor.alongside import alongside

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this system")


def _pid() -> bytes:
    return str(os.getpid()).encode()


def test_the_child_computes_the_value():
    with alongside(_pid) as child:
        assert child.value() != _pid()


def test_a_value_larger_than_a_pipe_holds_comes_back_whole():
    value = bytes(range(256)) * 40_000  # 10 MB
    with alongside(lambda: value) as child:
        assert child.value() == value


def test_a_child_that_fails_leaves_the_value_to_this_process():
    def work() -> bytes:
        if os.getpid() != parent:
            raise RuntimeError("only in the child")
        return b"made here"

    parent = os.getpid()
    with alongside(work) as child:
        assert child.value() == b"made here"


def test_a_child_that_is_killed_leaves_the_value_to_this_process():
    import time

    here = os.getpid()

    def work() -> bytes:
        if os.getpid() != here:
            time.sleep(30)  # the child: killed long before it could answer (no race)
        return _pid()

    with alongside(work) as child:
        os.kill(child.pid, signal.SIGKILL)
        assert child.value() == _pid()


def test_a_block_left_early_ends_and_reaps_the_child():
    with pytest.raises(RuntimeError), alongside(lambda: b"x" * 10_000_000) as child:
        pid = child.pid
        raise RuntimeError("the workbook failed")
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


@pytest.mark.skipif(not hasattr(os, "waitid"), reason="no waitid on this system")
def test_the_child_ends_with_its_value_before_it_is_asked_for():
    # Through a pipe a child with a value larger than the pipe holds waited, blocked,
    # until this process read it: its end was on the critical path of every audit.
    import time

    value = bytes(range(256)) * 40_000  # 10 MB
    with alongside(lambda: value) as child:
        deadline = time.monotonic() + 30
        ended = None
        while ended is None and time.monotonic() < deadline:
            ended = os.waitid(os.P_PID, child.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT)
            time.sleep(0.01)
        assert ended is not None, "the child still waits for its value to be read"
        assert child.value() == value


def test_the_childs_file_goes_with_it():
    with alongside(lambda: b"x" * 1000) as child:
        file = child.file
        made = os.fstat(file)
        assert child.value() == b"x" * 1000
    try:
        now = os.fstat(file)
    except OSError:
        return  # closed
    assert (now.st_dev, now.st_ino) != (made.st_dev, made.st_ino)  # the number reused


def test_no_file_for_the_value_leaves_the_value_to_this_process(monkeypatch):
    import auditor.alongside as module

    def no_file() -> int:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(module, "_scratch_file", no_file)
    with alongside(_pid) as child:
        assert child.pid == 0
        assert child.value() == _pid()


def test_no_process_to_fork_leaves_the_value_to_this_process(monkeypatch):
    def no_fork() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_fork)
    with alongside(_pid) as child:
        assert (child.pid, child.file) == (0, -1)
        assert child.value() == _pid()
