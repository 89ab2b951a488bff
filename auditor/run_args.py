"""The arguments a script gives :func:`auditor.run.audit`, checked before anything is read.

docs/python.md promises an :class:`~auditor.errors.BadArgument` for any argument the call
cannot take, saying which and why, before anything is read or written. Python's own
checks came too late or said it wrongly: one text as ``inputs`` was iterated as its
characters (``"/"`` among them: the whole disk walked), a text where a path is meant
failed deep inside as an ``AttributeError``, ``jobs=0`` was taken although the command
refuses it. What is plainly meant is taken as meant: a text where a path is meant is
that path, and one path (or text) as ``inputs`` is the one input.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from auditor.errors import BadArgument
from auditor.lang import LANGS, active, say, using
from auditor.readers import ReadOptions

#: What a :class:`auditor.run.Watcher` is told: an object given as ``watcher`` has each.
WATCHER_METHODS = ("started", "file_read", "read", "findings", "ended")


@dataclass(frozen=True)
class Arguments:
    """:func:`auditor.run.audit`'s arguments as it uses them: every path a :class:`Path`."""

    inputs: list[Path]
    settings: Path | None
    report: Path | None
    json: Path | None
    history: Path | None
    jobs: int | None


def checked_arguments(
    inputs: object,
    *,
    settings: object = None,
    read: object = None,
    jobs: object = None,
    report: object = None,
    json: object = None,
    json_back: object = False,
    history: object = None,
    mask: object = True,
    watcher: object = None,
) -> Arguments:
    """The arguments of :func:`auditor.run.audit` (its ``as_of`` and ``language`` are
    checked where they are read), each as it takes it, or the first it cannot take as a
    :class:`~auditor.errors.BadArgument`."""
    paths = input_paths(inputs)
    for name, value in (("json_back", json_back), ("mask", mask)):
        if not isinstance(value, bool):
            raise _refused(name, say("True 或 False", "True or False"), value)
    if read is not None and not isinstance(read, ReadOptions):
        raise _refused("read", say("ReadOptions 或 None", "a ReadOptions or None"), read)
    if watcher is not None:
        _check_watcher(watcher)
    return Arguments(
        paths,
        optional_path("settings", settings),
        optional_path("report", report),
        optional_path("json", json),
        optional_path("history", history),
        _jobs(jobs),
    )


def language_used(language: object):
    """The context in which the audit speaks ``language`` (None: the active one); a
    language auditor does not speak refused."""
    try:
        return using(active() if language is None else language)
    except ValueError:  # lang's check: said as a script's argument it cannot take
        raise BadArgument(
            say(
                f"language：{language!r} 不是 {'、'.join(LANGS)} 中的一个",
                f"language: {language!r} is none of {', '.join(LANGS)}",
            )
        ) from None


def input_paths(inputs: object) -> list[Path]:
    """``inputs`` as a list of paths: a list (or any iterable) of paths and texts, or one
    path or text alone, the one input (a text is never taken as its characters)."""
    if _is_path(inputs):
        return [_path("inputs", inputs)]
    if not isinstance(inputs, Iterable) or isinstance(inputs, bytes | dict):
        expected = say("路径、文本或它们的列表", "a path, a text or a list of them")
        raise _refused("inputs", expected, inputs)
    paths = []
    for index, item in enumerate(inputs):
        if not _is_path(item):
            expected = say("路径或文本", "a path or a text")
            raise _refused(f"inputs[{index}]", expected, item)
        paths.append(_path(f"inputs[{index}]", item))
    return paths


def optional_path(name: str, value: object) -> Path | None:
    """``value`` as a path (a text is one), None as None; anything else refused."""
    if value is None:
        return None
    if not _is_path(value):
        raise _refused(name, say("路径、文本或 None", "a path, a text or None"), value)
    return _path(name, value)


def _is_path(value: object) -> bool:
    # os.PathLike: pathlib's paths and any object that says which path it is
    return isinstance(value, str | os.PathLike)


def _path(name: str, value: str | os.PathLike) -> Path:
    """``value`` as a :class:`Path`; an empty text (which :class:`Path` takes as the
    current folder, surely not what was meant) and a path of bytes refused."""
    path = os.fspath(value)
    if isinstance(path, bytes):
        raise _refused(name, say("文本路径", "a path as text"), value)
    if not path.strip():
        raise BadArgument(say(f"{name}：空文本不是路径", f"{name}: an empty text is no path"))
    return Path(path)


def _jobs(jobs: object) -> int | None:
    """``jobs`` when it is a whole number of processes, one or more (or None)."""
    if jobs is None:
        return None
    # a bool is an int to Python, but True processes is surely a mistake
    if not isinstance(jobs, int) or isinstance(jobs, bool):
        raise _refused(
            "jobs", say("整数（1 或更多）或 None", "a whole number (1 or more) or None"), jobs
        )
    if jobs < 1:
        raise BadArgument(
            say(
                f"jobs：{jobs} 个进程读不了文件：至少 1 个",
                f"jobs: {jobs} processes read nothing: 1 or more",
            )
        )
    return jobs


def _check_watcher(watcher: object) -> None:
    """A watcher is told each of :data:`WATCHER_METHODS`: one it lacks is refused now,
    not once the files are read."""
    missing = [name for name in WATCHER_METHODS if not callable(getattr(watcher, name, None))]
    if missing:
        kind = type(watcher).__name__
        raise BadArgument(
            say(
                f"watcher：{kind} 缺少方法 {'、'.join(missing)}（见 auditor.run.Watcher）",
                f"watcher: {kind} has no method {', '.join(missing)} (see auditor.run.Watcher)",
            )
        )


def _refused(name: str, expected: str, value: object) -> BadArgument:
    """The error of argument ``name`` given ``value`` where ``expected`` is meant."""
    kind = type(value).__name__
    shown = repr(value)
    if len(shown) > 60:  # a long list or object: its start says enough
        shown = shown[:57] + "..."
    return BadArgument(
        say(
            f"{name}：应是{expected}，而不是 {kind} {shown}",
            f"{name}: {expected}, not {kind} {shown}",
        )
    )
