"""The settings file the history's audits used, kept in its ``meta`` table, so that the
commands given no bills (``auditor known``, ``auditor history``) run where no settings
file is found find the one the audits read: the family's ``bills/auditor.toml``, when
the audits run a folder above it (``auditor audit bills/2026-11``). Without it, ``known
add`` there made a new ``auditor.toml`` of one name, and the family's owners and known
services were no longer the audits' (auditor.settings_search).
"""

from __future__ import annotations

from pathlib import Path

from auditor.history.db import HistoryDB, storable

#: The ``meta`` key: the absolute path of the settings file, as text.
KEY = "settings"


def remember_settings(db: HistoryDB, settings: Path | None) -> None:
    """Keep ``settings``, the file this audit read, as an absolute path (the working
    folder is the audit's); an audit that read none leaves the one kept before, which is
    still the bills' (an audit of one file elsewhere is no reason to forget it)."""
    if settings is None:
        return
    db.execute(
        "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
        (KEY, storable(str(settings.absolute()))),
    )


def settings_used(db: HistoryDB) -> Path | None:
    """The settings file the last audit that read one read (None: none did, or the
    history is older than this memory)."""
    row = db.execute("SELECT value FROM meta WHERE key = ?", (KEY,)).fetchone()
    return Path(row[0]) if row and row[0] else None
