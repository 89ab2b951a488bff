"""Where the settings file (``auditor.toml``) is found.

``--known FILE``; else the one nearest the bills: in the folder of an input (the bills'
folder, where ``make demo`` keeps its own) or the nearest folder above it (beside the
months' folders); else in the working folder or above it (:func:`find_config`). The
commands given no bills (``known``, ``history``) take the working folder's or the
nearest above, else the one the history's last audit used (:func:`settings_for`);
:func:`settings_below` finds those kept below the working folder, for the command that
would otherwise make a new one there.
"""

from __future__ import annotations

import os
from pathlib import Path

from auditor.config import CONFIG_NAME, DEFAULT_CONFIG


def find_config(explicit: Path | None, inputs: list[Path]) -> tuple[Path | None, list[Path]]:
    """The settings file to use, and the others found that are not used.

    ``explicit`` (``--known``) wins; else the nearest one from the folder of an input (a
    folder given, or the folder of a file given) up, in the order the inputs were given;
    else the working folder's, or the nearest one above it. The settings nearest the
    bills are theirs: ``bills/auditor.toml`` is used when ``auditor audit bills/2026-11``
    runs where an ``auditor.toml`` of its own (one ``known add`` made there, say) stands
    above it, and that one is named as not used. Only where the settings found up from an
    input stand in a folder that holds the working folder too (its own, or one above
    both) does the working folder's own, or the nearest above it, come first: it is
    nearer to both. "Up" stops at the home folder, for what is under it: the settings of
    a family's bills kept as ``~/账单/auditor.toml`` beside the months' folders
    (``~/账单/2026-11``) are found whichever month is audited, from wherever.
    """
    if explicit is not None:
        return explicit, []
    here = _here()
    places: list[Path | None] = []
    for path in inputs:
        folder = path if path.is_dir() else path.parent
        near = _nearest(folder)
        if near is not None and here is not None and _holds_working_folder(near.parent):
            near = here  # nearer the working folder, and no further from the bills
        places.append(near)
    places.append(here)
    found: list[Path] = []
    for place in places:
        if place is not None and _is_file(place) and not any(_same(place, s) for s in found):
            found.append(place)
    return (found[0], found[1:]) if found else (None, [])


def settings_for(explicit: Path | None, last_used: Path | None) -> Path | None:
    """The settings file of a command given no bills (``known``, ``history``): ``explicit``
    (``--known``); else the working folder's, or the nearest above it; else
    ``last_used``, the one the history's last audit used, while it is still there; else
    None (nothing found: ``known add`` makes one, :func:`settings_below` first)."""
    if explicit is not None:
        return explicit
    if (here := _here()) is not None:
        return here
    if last_used is not None and _is_file(last_used):
        return last_used
    return None


#: How deep below the working folder, and through how many folders at most, the settings
#: kept with the bills are looked for (``bills/auditor.toml``, ``账单/2026-11/…``): a
#: hint for the one command that would make a file, quick even run in a home folder.
BELOW_DEPTH = 3
BELOW_FOLDERS = 2000


def settings_below() -> list[Path]:
    """The settings files in the folders below the working folder, nearest first (as
    paths from it: ``bills/auditor.toml``), up to :data:`BELOW_DEPTH` folders down,
    hidden folders and links left out; ``[]`` when there is none, or the working folder
    is gone."""
    found: list[Path] = []
    level, seen = [Path()], 0
    for _ in range(BELOW_DEPTH):
        deeper: list[Path] = []
        for folder in level:
            try:
                entries = sorted(os.scandir(folder or "."), key=lambda e: e.name)
            except OSError:  # a folder this user may not read, or one gone meanwhile
                continue
            for entry in entries:
                seen += 1
                if seen > BELOW_FOLDERS:
                    return found
                if entry.name.startswith(".") or not entry.is_dir(follow_symlinks=False):
                    continue
                if _is_file(folder / entry.name / CONFIG_NAME):
                    found.append(folder / entry.name / CONFIG_NAME)
                deeper.append(folder / entry.name)
        level = deeper
    return found


def _here() -> Path | None:
    """The working folder's settings (``auditor.toml``, as a relative path), else the
    nearest above it; None when there is none, or the working folder is gone."""
    if _is_file(DEFAULT_CONFIG):
        return DEFAULT_CONFIG
    try:
        return _nearest(Path.cwd(), itself=False)
    except OSError:  # a working folder removed meanwhile: nothing above it to look in
        return None


def _holds_working_folder(folder: Path) -> bool:
    """Whether ``folder`` is the working folder or one above it."""
    try:
        here, there = Path.cwd().resolve(), folder.resolve()
    except OSError:
        return False
    return there == here or there in here.parents


def _nearest(folder: Path, itself: bool = True) -> Path | None:
    """``auditor.toml`` in ``folder`` (unless not ``itself``) or the nearest folder above
    it that holds one of this user's (the folder as given, those above it absolute), not
    above the home folder when ``folder`` is in it; None when there is none."""
    home = _home()
    here = folder.absolute()
    top = home if home is not None and (here == home or home in here.parents) else None
    chain = [folder, *here.parents] if itself else list(here.parents)
    if top is not None:
        chain = [f for f in chain if f.absolute() == top or top in f.absolute().parents]
    for place in (f / CONFIG_NAME for f in chain):
        try:
            if place.is_file() and (place.parent == folder or _own(place)):
                return place
        except OSError:  # a folder above that this user may not look into
            continue
    return None


def _own(place: Path) -> bool:
    """Whether ``place`` is this user's: a settings file above the bills' folder written
    by another user (one left in ``/tmp``) could hide findings, and is not taken."""
    getuid = getattr(os, "getuid", None)
    return getuid is None or place.stat().st_uid == getuid()


def _is_file(place: Path) -> bool:
    """Whether ``place`` is a file this user can see."""
    try:
        return place.is_file()
    except OSError:
        return False


def _home() -> Path | None:
    """The user's home folder, when there is one."""
    try:
        return Path.home().absolute()
    except RuntimeError:  # no HOME and no entry in the password database
        return None


def _same(a: Path, b: Path) -> bool:
    try:
        return a.samefile(b)
    except OSError:
        return False
