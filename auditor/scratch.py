"""auditor's scratch folders in the system's temporary folder, and those a killed run left.

A run stops cleanly on Ctrl-C or SIGTERM and removes what it staged; one ended by
SIGKILL or by the kernel's out-of-memory killer cannot, and what it staged can be large
(a 300,000-row bill's Charges sheet is 180 MB of XML). So each scratch folder's name
carries the id of the process that made it, and an audit removes the folders of runs
that no longer run and were left untouched for ten minutes: this user's own, and only
those named as auditor names them.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
from pathlib import Path

#: How long a folder of a run that looks gone must have been left untouched to go.
QUIET_SECONDS = 600
# auditor-<what>-<process id>-<tempfile's random part>
_NAME = re.compile(r"auditor-(?:charges|xlsx)-(\d+)-[A-Za-z0-9_]+")


def scratch_folder(what: str) -> tempfile.TemporaryDirectory:
    """A new scratch folder for ``what`` (``charges``, ``xlsx``), removed when the
    ``with`` block it opens ends, whatever ends it."""
    return tempfile.TemporaryDirectory(prefix=f"auditor-{what}-{os.getpid()}-")


def remove_stale() -> list[Path]:
    """Remove the scratch folders whose run no longer runs; the folders removed."""
    removed = []
    try:
        entries = list(Path(tempfile.gettempdir()).glob("auditor-*"))
    except OSError:
        return removed
    for entry in entries:
        found = _NAME.fullmatch(entry.name)
        if found is None or _running(int(found[1])):
            continue
        try:
            info = entry.lstat()
        except OSError:
            continue
        # a folder (not a link to one), this user's own, untouched for a while (a run
        # in another process namespace sharing this folder looks gone: not its folder
        # while it works in it)
        if not entry.is_dir() or entry.is_symlink() or info.st_uid != os.getuid():
            continue
        if time.time() - info.st_mtime < QUIET_SECONDS:
            continue
        shutil.rmtree(entry, ignore_errors=True)
        removed.append(entry)
    return removed


def _running(pid: int) -> bool:
    """Whether a process ``pid`` runs (another user's counts: it may be an auditor run)."""
    if pid <= 0:
        return True  # not a process id auditor writes: leave the folder alone
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True
