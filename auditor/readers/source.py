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

from auditor.errors import ErrorCode, InputError, SkippedInput
from auditor.lang import Text, say
from auditor.readers.base import MiB

_CHUNK = MiB

# What a directory entry that is not a regular file is, in words a user recognises.
_NOT_FILES = (
    (stat.S_ISFIFO, Text("命名管道（FIFO）", "a named pipe (FIFO)")),
    (stat.S_ISCHR, Text("字符设备", "a character device")),
    (stat.S_ISBLK, Text("块设备", "a block device")),
    (stat.S_ISSOCK, Text("套接字", "a socket")),
    (stat.S_ISDIR, Text("文件夹", "a folder")),
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
            raise SkippedInput(str(path), _not_regular_file(what))
        # O_NONBLOCK: should the entry have been swapped for a pipe since, opening it
        # still returns at once; fstat below refuses it.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    except OSError as exc:
        reason, skipped = _open_failure(path, exc)
        raise (SkippedInput if skipped else InputError)(str(path), reason) from None
    try:
        info = os.fstat(fd)
        what = _not_regular(info.st_mode)
        if what:
            raise SkippedInput(str(path), _not_regular_file(what))
        if info.st_size > max_bytes:
            raise InputError(str(path), too_big(info.st_size, max_bytes), code=ErrorCode.OVER_LIMIT)
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
            raise InputError(
                str(path), too_big(size, max_bytes, growing=True), code=ErrorCode.OVER_LIMIT
            )
        return b"".join(chunks)
    except OSError as exc:
        why = exc.strerror or exc
        raise InputError(
            str(path),
            say(f"无法读取（{why}）", f"could not be read ({why})"),
            code=ErrorCode.UNREADABLE,
        ) from None
    finally:
        os.close(fd)


def too_big(size: int, max_bytes: int, *, growing: bool = False) -> str:
    """The error for a file over the size limit (``growing``: it grew past it as read)."""
    limit = f"{max_bytes / MiB:.0f}"
    if growing:
        return say(
            f"文件在读取时增大，超过了 {limit} MiB 的上限（可用 --max-file-size 调高）",
            f"file grew past the {limit} MiB limit (raise it with --max-file-size)",
        )
    return say(
        f"文件有 {size / MiB:.1f} MiB，超过 {limit} MiB 的上限（可用 --max-file-size 调高）",
        f"file is {size / MiB:.1f} MiB, over the {limit} MiB limit (raise it with --max-file-size)",
    )


def _not_regular_file(what: Text) -> str:
    """Why an entry that is not a regular file (``what`` it is) is skipped."""
    return say(f"不是普通文件，而是{what.zh}", f"not a regular file but {what.en}")


def _not_regular(mode: int) -> Text | None:
    """What a file of ``mode`` is, when it is not a regular file."""
    if stat.S_ISREG(mode):
        return None
    other = Text("auditor 无法读取的文件", "not a file auditor can read")
    return next((what for test, what in _NOT_FILES if test(mode)), other)


def _open_failure(path: Path, exc: OSError) -> tuple[str, bool]:
    """Why ``path`` could not be opened, in words (a loop and a broken link named), and
    whether that makes it an entry to skip (no file there to read) rather than a
    failure."""
    if exc.errno == errno.ELOOP:
        return say(
            "符号链接形成了循环（链接指回自己）",
            "a symbolic link loop (the link leads back to itself)",
        ), True
    if exc.errno == errno.ENOENT:
        if os.path.islink(path):
            return say("符号链接已失效（它指向的文件不存在）", "a broken symbolic link"), True
        return say("文件或文件夹不存在", "no such file or folder"), False
    if exc.errno == errno.ENXIO:  # what opening a socket gives
        return _not_regular_file(_NOT_FILES[3][1]), True
    why = exc.strerror or exc
    return say(f"无法打开（{why}）", f"could not be opened ({why})"), False
