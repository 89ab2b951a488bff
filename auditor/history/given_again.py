"""A file an audit gives that the history holds already: what was read from it then, and
whether this audit's reading replaces that one.

A file an audit of the same day stored, now read otherwise (as other lines or months),
from its own path or from one gone (renamed so that its line or month is right, or
given another ``--period``), is that file read again: this run forgets that reading
before storing its own (:func:`~auditor.history.file_keys.file_keys`), and the months it was
read as are held no more. Asked before anything is stored too, by what must know the
history as this audit will leave it (:func:`replaced_files`: the lines an audit may name
not checked, whose masks are settled before it stores anything).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import NamedTuple

from auditor.history.db import HistoryDB
from auditor.history.line_months import file_reads
from auditor.model import ReadResult


def read_of(result: ReadResult) -> frozenset[tuple[str, str]]:
    """What was read from a file, as the history can tell it again: each line's months
    billed or charged, and each line it lists services of (month "")."""
    return frozenset(
        [(b.line, b.period) for b in result.bills]
        + [(c.line, c.period) for c in result.charges]
        + [(s.line, "") for s in result.services]
    )


class Held(NamedTuple):
    """A file the history holds: what was read from it, when and where it was stored."""

    read: frozenset[tuple[str, str]]
    on: str
    path: str


def stored_reads(db: HistoryDB, files: list[str]) -> dict[str, Held]:
    """Each of ``files`` (sha256s) the history holds: what :func:`read_of` gives of it,
    the day it was stored and its path."""
    places = stored_places(db, list(dict.fromkeys(files)))
    found: dict[str, set[tuple[str, str]]] = {key: set() for key in places}
    for file, line, period in file_reads(db, sorted(places)):
        found[file].add((line, period))
    return {key: Held(frozenset(read), *places[key]) for key, read in found.items()}


def stored_places(db: HistoryDB, files: list[str]) -> dict[str, tuple[str, str]]:
    """Those of ``files`` (sha256s) the history holds already, each with the day it was
    stored and its path."""
    rows = db.rows_in("SELECT sha256, stored_on, path FROM files WHERE sha256 IN ({marks})", files)
    return {sha256: (on, path) for sha256, on, path in rows}


def replaces(held: Held, result: ReadResult, day: date) -> bool:
    """Whether ``result``, a reading of the file ``held`` (read otherwise then), is that
    file read again by an audit dated ``day``: stored that day, from the same path or
    from one gone. Otherwise it is a twin, kept apart."""
    return held.on == day.isoformat() and (held.path == result.path or not Path(held.path).exists())


def replaced_files(db: HistoryDB, results: list[ReadResult], day: date) -> set[str]:
    """The files (sha256s) an audit of ``results`` dated ``day`` will forget before
    storing them, their readings replaced (:func:`replaces`), as
    :func:`~auditor.history.file_keys.file_keys` finds them; asked before anything is
    stored. Only reads the history: those stored that day are looked into alone."""
    storing = [r for r in results if r.readable and r.sha256 and r.stored_on is None]
    places = stored_places(db, list(dict.fromkeys(r.sha256 for r in storing)))
    today = [r for r in storing if places.get(r.sha256, ("",))[0] == day.isoformat()]
    if not today:
        return set()
    held = stored_reads(db, [r.sha256 for r in today])
    return {
        r.sha256
        for r in today
        if r.sha256 in held
        and held[r.sha256].read != read_of(r)
        and replaces(held[r.sha256], r, day)
    }
