"""The personal texts a stored file held (a customer's name, an ID number), kept with it.

A name is found only beside its label or in a greeting (:mod:`auditor.personal`), and the
file's name, its items and its lines of text are stored as they were read: an audit of
a later month, ``auditor history`` or ``auditor records`` would show them again, having
no label to find the name by. So each file keeps the texts its reading found
(``files.personal``, a JSON list; the history is private, as the file names it already
holds are), and the masker of every command that reads the history removes them all
(:func:`stored_personal`). They go with their file, ``auditor forget --line`` included.
"""

from __future__ import annotations

import json

from auditor.history.db import HistoryDB, storable
from auditor.model import ReadResult


def personal_column(result: ReadResult) -> str:
    """What ``files.personal`` holds for ``result``: its personal texts, a JSON list."""
    if not result.personal:  # most files: dumping none took 4 ms of a company's 2,000
        return "[]"
    return json.dumps(sorted(storable(text) for text in result.personal), ensure_ascii=False)


def add_personal(db: HistoryDB, given: list[tuple[str, ReadResult]]) -> None:
    """Add to each stored file of ``given`` (its key and this audit's reading of it) the
    personal texts this reading found that it does not hold yet: a file stored by an
    older history (NULL: not known) or by an auditor that found fewer names."""
    held = _held(db, [key for key, result in given if result.personal])
    changed = []
    for key, result in given:
        kept = held.get(key, frozenset())
        more = {storable(text) for text in result.personal} - kept
        if more:
            changed.append((json.dumps(sorted(kept | more), ensure_ascii=False), key))
    db.executemany("UPDATE files SET personal = ? WHERE sha256 = ?", changed)


def _held(db: HistoryDB, files: list[str]) -> dict[str, frozenset[str]]:
    """The personal texts each of ``files`` (keys) holds (none: NULL or an empty list)."""
    rows = db.rows_in("SELECT sha256, personal FROM files WHERE sha256 IN ({marks})", files)
    return {key: frozenset(json.loads(kept or "[]")) for key, kept in rows}


def stored_personal(db: HistoryDB) -> frozenset[str]:
    """Every personal text the history's files held: what its masker removes. One
    character is no one's name: an older auditor kept the visible surname of a name the
    carrier masked (客户：吴**), which would blank every owner sharing it."""
    rows = db.execute("SELECT personal FROM files WHERE personal IS NOT NULL AND personal != '[]'")
    return frozenset(text for (kept,) in rows for text in json.loads(kept) if len(text) > 1)
