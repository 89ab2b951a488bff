"""Opening an input file: regular files only, and never more bytes than the size limit.

A folder may hold anything besides bills: a named pipe (opening it waits for a writer
that never comes), a link to ``/dev/zero`` (reading it never ends), a socket, a device,
a link that points to itself. Each is named and refused before a byte is read, so that
one such entry costs that entry and never the audit. Links are followed, but only to a
regular file.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from auditor.errors import InputError
from auditor.readers.base import MiB

_CHUNK = MiB

# What a directory entry that is not a regular file is, in words a user recognises.
_NOT_FILES = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a folder"),
)


def read_input(path: Path, max_bytes: int) -> bytes:
    """The whole content of the regular file at ``path`` (a link is followed to one).

    Raises :class:`InputError` for anything else (a pipe, device, socket or folder, a
    link loop or a broken link, a missing file) and for a file over ``max_bytes``, which
    is refused before it is read; a file that grows while it is read (or a ``/proc`` file
    that claims to be empty) is still never read beyond the limit.
    """
    try:
        # stat, not open, first: opening some devices does something (a tape rewinds).
        what = _not_regular(os.stat(path).st_mode)
        if what:
            raise InputError(str(path), f"not a regular file but {what}: skipped")
        # O_NONBLOCK: should the entry have been swapped for a pipe since, opening it
        # still returns at once; fstat below refuses it.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    except OSError as exc:
        raise InputError(str(path), _open_failure(path, exc)) from None
    try:
        info = os.fstat(fd)
        what = _not_regular(info.st_mode)
        if what:
            raise InputError(str(path), f"not a regular file but {what}: skipped")
        if info.st_size > max_bytes:
            raise InputError(str(path), too_big(info.st_size, max_bytes))
        chunks: list[bytes] = []
        size = 0
        # The size stat gave in one read (no second copy to join), then a byte more to
        # see the end; a file that says it is empty (/proc) is read in chunks.
        want = info.st_size + 1 if info.st_size else _CHUNK
        while size <= max_bytes:
            chunk = os.read(fd, min(want, max_bytes + 1 - size))
            want = _CHUNK
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > max_bytes:
            raise InputError(str(path), too_big(size, max_bytes, growing=True))
        return b"".join(chunks)
    except OSError as exc:
        raise InputError(str(path), f"could not be read ({exc.strerror or exc})") from None
    finally:
        os.close(fd)


def too_big(size: int, max_bytes: int, *, growing: bool = False) -> str:
    """The error for a file over the size limit (``growing``: it grew past it as read)."""
    what = "file grew past" if growing else f"file is {size / MiB:.1f} MiB, over"
    return f"{what} the {max_bytes / MiB:.0f} MiB limit (raise it with --max-file-size)"


def _not_regular(mode: int) -> str | None:
    """What a file of ``mode`` is, when it is not a regular file."""
    if stat.S_ISREG(mode):
        return None
    return next((what for test, what in _NOT_FILES if test(mode)), "not a file auditor can read")


def _open_failure(path: Path, exc: OSError) -> str:
    """Why ``path`` could not be opened, in words (a loop and a broken link named)."""
    if exc.errno == errno.ELOOP:
        return "a symbolic link loop (the link leads back to itself): skipped"
    if exc.errno == errno.ENOENT:
        return "a broken symbolic link: skipped" if os.path.islink(path) else "no such file"
    if exc.errno == errno.ENXIO:  # what opening a socket gives
        return "not a regular file but a socket: skipped"
    return f"could not be opened ({exc.strerror or exc})"
