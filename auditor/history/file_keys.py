"""The key each file an audit reads is stored under (:func:`file_keys`): its sha256, unless
the history or another file of the audit holds those bytes read as other lines or months
(two months of a fixed-fee line alike to the byte, their months told by their names); then
a key of its bytes and of what was read from them, so that each such bill is stored once,
and said the first time it is given (it may be the same bill renamed). A file an earlier
audit of the same day stored, read otherwise now, is replaced
(:mod:`auditor.history.given_again`).
"""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path
from typing import NamedTuple

from auditor.history.db import HistoryDB
from auditor.history.given_again import Held, read_of, replaces, stored_places, stored_reads
from auditor.lang import say
from auditor.model import ReadResult
from auditor.readers.detect import line_from_path


class Keys(NamedTuple):
    """What :func:`file_keys` gives: each result's key, and the files an earlier run of
    this day stored that this run reads again otherwise (to forget first)."""

    keys: list[str]
    replaced: set[str]


def file_keys(db: HistoryDB, results: list[ReadResult], day: date) -> Keys:
    """The key each of ``results`` is stored under ("" for one not to store: unreadable,
    or loaded from the history): its sha256, unless the history or an earlier result of
    these holds that sha256 read as other lines or months (two months of a fixed-fee
    line alike to the byte, their months told by their names). Then a key of its sha256
    and of the lines and months read from it, so that each such bill is stored once.

    But a file an audit of this same ``day`` stored, now read otherwise, from its own
    path or from one gone (renamed so that its month or line is right, or given another
    ``--period``), is that file read again: this run replaces it, as it replaces that
    run's findings. A twin stored on another day is kept apart, with a warning the first
    time it is given (it may be the same bill renamed); a service list's only where its
    line was taken from its path (:func:`_twin_list`)."""
    storing = [r for r in results if r.readable and r.sha256 and r.stored_on is None]
    holding = stored_reads(db, [r.sha256 for r in storing])
    taken = {sha: held.read for sha, held in holding.items()}
    first: dict[str, ReadResult] = {}  # read only when a twin asks (200,000 charges)
    keys, replaced = [], set()
    twins: list[tuple[ReadResult, Held, frozenset[tuple[str, str]]]] = []  # to warn of
    for result in results:
        if not (result.readable and result.sha256 and result.stored_on is None):
            keys.append("")
            continue
        key = result.sha256
        if key not in taken and key not in first:
            first[key] = result
            keys.append(key)
            continue
        if key not in taken:
            taken[key] = read_of(first[key])
        read, held = read_of(result), holding.get(key)
        if held is not None and held.read != read and key not in replaced:
            if replaces(held, result, day):
                replaced.add(key)
                taken[key] = read
            else:
                twins.append((result, held, read))
        if taken.setdefault(key, read) != read:
            key = _twin_key(key, read)
        keys.append(key)
    # A twin the history holds read as this time (its own key) was given before: said
    # then, if at all (a line's list again next month, alike to another line's).
    known = stored_places(db, [_twin_key(r.sha256, read) for r, _, read in twins])
    for result, held, read in twins:
        if _twin_key(result.sha256, read) not in known:
            said = _twin(held, read, result)
            if said:
                result.warnings.append(said)
    return Keys(keys, replaced)


def _twin_key(sha256: str, read: frozenset[tuple[str, str]]) -> str:
    """The key a file is stored under whose bytes the history holds read otherwise: of
    its bytes and of what was read from them."""
    return hashlib.sha256(f"{sha256}\n{sorted(read)}".encode()).hexdigest()


def _twin(held: Held, read: frozenset[tuple[str, str]], result: ReadResult) -> str:
    """The warning of ``result``, a file alike to the byte to one stored before (``held``)
    and read otherwise this time (``read``); '' when there is nothing worth saying."""
    was = ", ".join(sorted({month for _, month in held.read if month}))
    now = ", ".join(sorted({month for _, month in read if month}))
    if not (was or now):
        return _twin_list(held, read, result)
    zh_was, en_was = (f"（{was}）", f" ({was})") if was else ("", "")
    zh_now, en_now = (f"读作 {now}", f"read as {now}") if now else ("另作他读", "read otherwise")
    return say(
        f"与 {held.on} 存入的 {held.path}{zh_was}字节完全相同，但这次{zh_now}："
        "两份都作为各自月份的账单保留；如果这只是同一份账单改了名，请核对",
        f"alike to the byte to {held.path} stored on {held.on}{en_was}, {en_now} "
        "this time: both are kept as bills of their own months; if it is that bill "
        "renamed, check it",
    )


def _twin_list(held: Held, read: frozenset[tuple[str, str]], result: ReadResult) -> str:
    """Of a service list (no month read) alike to another line's stored before: lines on
    one plan and nothing else have such lists, so it is said only where the line may be
    wrong: the file names none, its line was taken from its name or folder (a list copied
    into another line's folder reads as that line's). '' otherwise."""
    lines = sorted({line for line, _ in read})
    if lines != [line_from_path(Path(result.path))]:
        return ""  # its line is the file's own, or was given (--line): not a guess
    theirs, mine = "、".join(sorted({line for line, _ in held.read})), lines[0]
    return say(
        f"这份已订业务与 {held.on} 存入的 {theirs} 的已订业务（{held.path}）逐字节相同；"
        f"文件里没有号码，它的号码 {mine} 取自文件名或文件夹：同一套餐的号码，已订业务"
        f"常常一样；但如果它是误放在这里的，请换成 {mine} 自己的已订业务",
        f"this service list is byte for byte {theirs.replace('、', ', ')}'s, stored on "
        f"{held.on} ({held.path}); the file names no line, so its line, {mine}, was taken "
        "from its name or folder: lines on one plan often have lists alike, but if this "
        f"one was put here by mistake, put {mine}'s own list in its place",
    )
