"""Python's cycle collector paused while a big, cycle-free structure is built; and big
structures left unfreed to a process that ends without tidying.

A long bill read, its facts or a workbook kept whole are hundreds of thousands of small
objects (a charge, its cells, a cell's tuple) with no cycle among them. The collector,
started again and again by so many new objects, walks all the old ones each time it
looks at them: a tenth to a sixth of reading, auditing or writing such a bill, for
nothing. Within :func:`paused` it does not run; it runs as before once the outermost
block ends (the blocks nest).
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """The cycle collector off within the block, as it was after it."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


_kept: list[object] = []
_untidy_end = False


def ending_without_tidying() -> None:
    """Say that this process ends by ``os._exit``, freeing nothing itself: what
    :func:`keep_to_the_end` is given is then kept."""
    global _untidy_end
    _untidy_end = True


def keep_to_the_end(*objects: object) -> None:
    """Keep ``objects`` until the process ends, when it ends without tidying (they are
    then never freed one by one); else nothing."""
    if _untidy_end:
        _kept.extend(objects)
