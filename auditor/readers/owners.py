"""A folder named after a line's owner: the line of a file that states none.

A family keeps each person's files in a folder named after them (``账单/2026-11/奶奶/``),
and the settings name each line's owner (``owner = "奶奶"``). An app screenshot, a 0000
reply or an order confirmation never carries the number it is about, so a file whose
content and name state no line is read as the one line of the owner a folder on its
path is named after, the nearest such folder first, up to the input folder that holds
it (the folders above it, a home folder named after its user, are not the user's
sorting). A folder of an owner of several lines, or of two owners whose names differ
only in their spaces or their full-width forms, names no line: nothing is guessed, and
the error that the line was not found says why (:func:`OwnerFolder.hint`).

Only the last of the line's clues: ``--line``, the document's text and the file's or
folder's number all come first (:func:`auditor.readers.detect.resolve`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from auditor.errors import quoted
from auditor.lang import say
from auditor.readers.base import ReadOptions
from auditor.values import nfkc


@dataclass(frozen=True)
class OwnerFolder:
    """The nearest folder on a file's path named after an owner of the settings, and the
    (line, owner) of every line whose owner it is named after."""

    folder: str
    owned: tuple[tuple[str, str], ...]

    @property
    def line(self) -> str | None:
        """The one line the folder names (``None`` when it names several)."""
        return self.owned[0][0] if len(self.owned) == 1 else None

    def alert(self) -> str:
        """Said of a file read as the folder's line."""
        return say(
            f"号码取自文件夹 {self.folder}（设置中 {self.line} 的机主）",
            f"line taken from the folder {self.folder} (the settings' owner of {self.line})",
        )

    def hint(self) -> str:
        """Why the folder gave no line: its owner's lines, or its owners' (the error
        that no line was found ends with it)."""
        owners = {owner for _, owner in self.owned}
        if len(owners) == 1:
            lines = say("、", ", ").join(line for line, _ in self.owned)
            return say(
                f"；文件夹 {self.folder} 是设置中 {len(self.owned)} 个号码的机主（{lines}），"
                "不知道是哪一个",
                f"; the folder {self.folder} is the settings' owner of {len(self.owned)} "
                f"lines ({lines}): which one is not guessed",
            )
        pairs = say("；", "; ").join(f"{quoted(owner)}: {line}" for line, owner in self.owned)
        return say(
            f"；文件夹 {self.folder} 对应设置中 {len(owners)} 个机主（{pairs}），不知道是哪一个",
            f"; the folder {self.folder} matches {len(owners)} owners of the settings "
            f"({pairs}): which one is not guessed",
        )


def owner_folder(path: Path, options: ReadOptions) -> OwnerFolder | None:
    """The nearest folder on ``path``, within the input folder that holds it, named
    after an owner of ``options.line_owners`` (``None`` when no folder is)."""
    if not options.line_owners:
        return None
    owned = _owned(options.line_owners)
    for folder in folders_of(str(path), options.input_folders):
        if found := owned.get(_key(folder)):
            return OwnerFolder(folder, found)
    return None


def _key(name: str) -> str:
    """A name as compared: trimmed, full-width forms as half-width (``（奶奶）`` is
    ``(奶奶)``), letters of either case."""
    return nfkc(name).strip().casefold()


# Kept by the settings' owners: a file of many messages asks for each (a company's
# settings name hundreds of lines). The folders are not kept: a folder given as ``.``
# is named by the working folder.
@lru_cache(maxsize=8)
def _owned(owners: tuple[tuple[str, str], ...]) -> dict[str, tuple[tuple[str, str], ...]]:
    """The (line, owner) pairs of ``owners`` by the owner's name as compared."""
    owned: dict[str, list[tuple[str, str]]] = {}
    for line, owner in owners:
        if key := _key(owner):
            owned.setdefault(key, []).append((line, owner))
    return {key: tuple(sorted(pairs)) for key, pairs in owned.items()}


def folders_of(path: str, given: tuple[str, ...]) -> list[str]:
    """The names of the folders ``path`` is in, nearest first, up to (and with) the
    widest of the input folders ``given`` that holds it; a file no folder given holds
    (a file named directly) has its own folder alone. Names are of the absolute path:
    a folder given as ``.`` is named too."""
    here = Path(os.path.abspath(path)).parent
    holding = [
        top
        for top in (Path(os.path.abspath(folder)) for folder in given)
        if top == here or top in here.parents
    ]
    if not holding:
        return [here.name] if here.name else []
    top = min(holding, key=lambda folder: len(folder.parts))
    names = []
    for folder in (here, *here.parents):
        if folder.name:
            names.append(folder.name)
        if folder == top:
            break
    return names
