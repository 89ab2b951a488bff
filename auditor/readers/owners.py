"""A folder named after a line's owner: the line of a file that states none.

A family keeps each person's files in a folder named after them (``账单/2026-11/奶奶/``),
and the settings name each line's owner (``owner = "奶奶"``). An app screenshot, a 0000
reply or an order confirmation never carries the number it is about, so a file whose
content and name state no line is read as the one line of the owner a folder on its
path is named after, the nearest such folder first, up to the input folder that holds
it (the folders above it, a home folder named after its user, are not the user's
sorting). Names are compared by their letters and digits alone, so nested folders whose
names joined read as an owner's name name that owner too (``爸爸/流量卡/`` is
``爸爸（流量卡）``), as the nearest folder they end at.

Nothing is guessed, and the error that the line was not found says why
(:func:`OwnerFolder.hint`), when the folders could name more than one line: an owner of
several lines; two owners of one name; a folder nearer the file than the owner's that
holds, or is part of, what another owner's name adds to this one's (``卡`` or
``爸爸的流量卡`` under ``爸爸/``, with ``爸爸（流量卡）`` in the settings); a folder named
after a group of the settings (a department, ``group = "销售部"``) holding other lines.
A group's, a month's (``2026-11``) or a carrier's (``移动``) folder names no owner by
itself (nested under one, ``爸爸/移动/``, it may be part of a name: ``爸爸（移动）``).

Only the last of the line's clues: ``--line``, the document's text and the file's or
folder's number all come first (:func:`auditor.readers.detect.resolve`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from auditor.catalog import carriers
from auditor.errors import quoted
from auditor.lang import say
from auditor.model import ReadResult
from auditor.readers.base import ReadOptions
from auditor.values import nfkc

#: (line, name) pairs: a line and its owner's, or its group's, name in the settings.
Pairs = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class OwnerFolder:
    """The nearest folder (or nested folders, ``爸爸/流量卡``) on a file's path named after
    an owner of the settings: the (line, owner) of every line whose owner it, or a folder
    nearer the file, could be named after, and the (line, group) of every line of a group
    a folder there is named after."""

    folder: str
    owned: Pairs
    grouped: Pairs = ()

    @property
    def line(self) -> str | None:
        """The one line the folders name (``None`` when they could name several)."""
        if len(self.owned) != 1:
            return None
        line = self.owned[0][0]
        return line if all(other == line for other, _ in self.grouped) else None

    def alert(self) -> str:
        """Said of a file read as the folder's line."""
        return say(
            f"号码取自文件夹 {self.folder}（设置中 {self.line} 的机主）",
            f"line taken from the folder {self.folder} (the settings' owner of {self.line})",
        )

    def hint(self) -> str:
        """Why the folder gave no line: its owner's lines, or the owners' and groups' it
        could be named after (the error that no line was found ends with it)."""
        owners = {owner for _, owner in self.owned}
        if len(owners) == 1 and not self.grouped:
            lines = say("、", ", ").join(line for line, _ in self.owned)
            return say(
                f"；文件夹 {self.folder} 是设置中 {len(self.owned)} 个号码的机主（{lines}），"
                "不知道是哪一个",
                f"; the folder {self.folder} is the settings' owner of {len(self.owned)} "
                f"lines ({lines}): which one is not guessed",
            )
        group = say("（分组）", " (group)")
        named = [f"{quoted(owner)}: {line}" for line, owner in self.owned]
        named += [f"{quoted(name)}{group}: {line}" for line, name in self.grouped]
        pairs = say("；", "; ").join(named)
        count = len(owners) + len({name for _, name in self.grouped})
        kinds = say("个机主", " owners")
        if self.grouped:
            kinds = say("个机主或分组", " owners or groups")
        return say(
            f"；文件夹 {self.folder} 对应设置中 {count} {kinds}（{pairs}），不知道是哪一个",
            f"; the folder {self.folder} matches {count}{kinds} of the settings "
            f"({pairs}): which one is not guessed",
        )


def owner_folder(path: Path, options: ReadOptions) -> OwnerFolder | None:
    """The nearest folder on ``path``, within the input folder that holds it, named
    after an owner of ``options.line_owners`` (``None`` when no folder is)."""
    if not options.line_owners:
        return None
    folders = tuple(folders_of(str(path), options.input_folders))
    return _decide(folders, options.line_owners, options.line_groups)


#: A masked number as a document shows it: (the digits before the stars, those after).
Masked = tuple[str, str]


def masked_text(masked: Masked) -> str:
    """``138****1234``: a masked number as printed, its stars filling the 11 digits."""
    prefix, suffix = masked
    return f"{prefix}{'*' * (11 - len(prefix) - len(suffix))}{suffix}"


def owners_shown(masked: Masked, owners: Pairs) -> Pairs:
    """The (line, owner) pairs of ``owners`` whose line a masked number could be."""
    prefix, suffix = masked
    return tuple(pair for pair in owners if pair[0].startswith(prefix) and pair[0].endswith(suffix))


def owners_hint(options: ReadOptions, masked: tuple[Masked, ...] = ()) -> str:
    """What the error that a file's line was not found adds when the settings name owners
    and no folder on its path is one's (``""`` when they name none): whose line the one
    masked number the document shows (``138****1234``, ``masked``) is, and so the folder
    to keep it in; else the owners' folders (the advice's example names none of them).
    Nothing is read as that line: a masked number is a clue for the user, not a line."""
    owners = options.line_owners
    if not owners:
        return ""
    shown = set(masked)
    if len(shown) == 1:
        [number] = shown
        text, found = masked_text(number), owners_shown(number, owners)
        if not found:
            return say(
                f"；文档中的号码 {text} 不是设置中任何机主的号码",
                f"; the document's {text} is none of the settings' owners' lines",
            )
        if len(found) == 1:
            line, owner = found[0]
            if sum(1 for _, other in owners if other == owner) == 1:
                return say(
                    f"；文档中的号码 {text} 与设置中 {owner} 的号码相符：把文件放进文件夹 "
                    f"{owner}/ 即可",
                    f"; the document's {text} matches {owner}'s line in the settings: keep "
                    f"the file in the folder {owner}/",
                )
            return say(
                f"；文档中的号码 {text} 与设置中 {owner} 的 {line} 相符：把 {line} 写进文件名即可",
                f"; the document's {text} matches {owner}'s {line} in the settings: put "
                f"{line} in the file's name",
            )
    names = list(dict.fromkeys(owner for _, owner in owners))
    folders = say("、", ", ").join(f"{name}/" for name in names[:_NAMED])
    more = len(names) - _NAMED
    return say(
        f"；设置中的机主文件夹：{folders}{f' 等 {len(names)} 个' if more > 0 else ''}",
        f"; the settings' owners' folders: {folders}{f' and {more} more' if more > 0 else ''}",
    )


#: The owners' folders an error names at most (a company's settings name hundreds).
_NAMED = 5


def check_owner_folder(result: ReadResult, path: Path, options: ReadOptions) -> None:
    """Once a file is read: the owner's folder it sits in is said only of a file whose
    records took its line (a file that states lines of its own, none the folder's, took
    none), and a file that states only lines other than the folder's is said to sit in
    another owner's folder (it is read as it states: the folder is the last clue)."""
    if options.line or not result.lines:
        return
    owner = owner_folder(path, options)
    if owner is None or owner.line is None:
        return
    if owner.line in result.lines:
        return
    taken = owner.alert()
    if taken in result.alerts:
        result.alerts.remove(taken)
    owners = dict(options.line_owners)
    stated = [
        line
        + (
            say(f"（设置中 {owners[line]} 的号码）", f" ({owners[line]}'s in the settings)")
            if line in owners
            else ""
        )
        for line in result.lines[:3]
    ]
    shown = say("、", ", ").join(stated) + (" …" if len(result.lines) > 3 else "")
    result.alerts.append(
        say(
            f"文件写的号码是 {shown}，却放在文件夹 {owner.folder} 里（设置中 {owner.line} "
            "的机主）：按文件写的号码读取；是不是放错了文件夹？",
            f"the file states line {shown} but sits in the folder {owner.folder} (the "
            f"settings' owner of {owner.line}): read as the file states; is it in the "
            "wrong owner's folder?",
        )
    )


def _key(name: str) -> str:
    """A name as compared: its letters and digits alone (``（奶奶）`` is ``奶奶``, and
    ``爸爸（流量卡）`` is ``爸爸`` and ``流量卡`` joined), full-width forms as half-width,
    letters of either case."""
    return "".join(c for c in nfkc(name).casefold() if c.isalnum())


@cache
def _carrier_names() -> frozenset[str]:
    """Every name a carrier goes by (``移动``, ``中国联通``, ``china-telecom``), as compared."""
    names = set()
    for carrier in carriers():
        names.update(_key(n) for n in (carrier.id, carrier.name.zh, carrier.name.en))
        names.update(_key(word) for word in carrier.detect_words)
    return frozenset(names - {""})


def _names_no_owner(key: str) -> bool:
    """A folder's name a user sorts by other than owners: a month or a year (digits
    alone, ``2026-11``) or a carrier (``移动``)."""
    return not key or key.isdigit() or key in _carrier_names()


# Kept by the settings' owners: a file of many messages asks for each (a company's
# settings name hundreds of lines).
@lru_cache(maxsize=8)
def _by_name(pairs: Pairs) -> dict[str, Pairs]:
    """The (line, name) pairs of ``pairs`` by the name as compared."""
    named: dict[str, list[tuple[str, str]]] = {}
    for line, name in pairs:
        if key := _key(name):
            named.setdefault(key, []).append((line, name))
    return {key: tuple(sorted(found)) for key, found in named.items()}


@lru_cache(maxsize=256)
def _decide(folders: tuple[str, ...], owners: Pairs, groups: Pairs) -> OwnerFolder | None:
    """:func:`owner_folder` of a file in ``folders`` (nearest first), worked out."""
    by_owner, by_group = _by_name(owners), _by_name(groups)
    keys = [_key(folder) for folder in folders]
    grouped: dict[str, Pairs] = {}  # groups named by the folders passed, and the match's
    nearest = None  # the nearest folder the decision looked at beyond the match
    for here in range(len(folders)):
        named: dict[str, Pairs] = {}
        outer = here
        # The folders from here outwards, joined outer first: 流量卡, then 爸爸/流量卡. A
        # month's or a carrier's folder alone is named so for the month or the carrier.
        joined = ""
        for up in range(here, len(folders)):
            joined = keys[up] + joined
            if up == here and _names_no_owner(joined):
                continue
            if found := by_owner.get(joined):
                named[joined] = found
                outer = up
            if found := by_group.get(joined):
                grouped[joined] = found
                nearest = here if nearest is None else nearest
        if not named:
            continue
        owned = dict(named)
        for near in range(here):
            for other in _added_to(keys[near], tuple(named), tuple(by_owner)):
                owned[other] = by_owner[other]
                nearest = near if nearest is None else min(nearest, near)
        inner = here if nearest is None else min(here, nearest)
        return OwnerFolder(
            "/".join(reversed(folders[inner : outer + 1])),
            tuple(sorted(pair for found in owned.values() for pair in found)),
            tuple(sorted(pair for found in grouped.values() for pair in found)),
        )
    return None


def _added_to(folder: str, named: tuple[str, ...], others: tuple[str, ...]) -> list[str]:
    """The owners' names in ``others`` that a folder ``folder`` (as compared), nearer the
    file than a folder named ``named``, could mean: those that hold a name in ``named``
    and what they add to it holds the folder's name or is held in it (流量卡 or 卡 under
    爸爸, with 爸爸（流量卡）; 移动 under 爸爸, with 爸爸（移动）)."""
    found: list[str] = []
    if not folder:  # a name of no letter or digit (（）, ---) means no one
        return found
    for other in others:
        if other in named:
            continue
        for name in named:
            added = other.replace(name, "", 1) if name in other else ""
            if added and (folder in added or added in folder):
                found.append(other)
                break
    return found


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
