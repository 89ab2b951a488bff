"""Who held each line in each month audited, kept in the history (``line_holders``):
the owner and department the settings gave the line's month when an audit first held it.

A company's settings change: a number left by 张伟 is written 李娜's, a closed line is
taken out. What the history remembers keeps the money of the months audited before with
their owner and department (:class:`~auditor.holders.Holders` asks it before the settings'
holder now); an ``earlier`` holder the settings give a month is the user's say of it,
and corrects what was remembered.
"""

from __future__ import annotations

from datetime import date

from auditor.history.db import HistoryDB
from auditor.history.line_months import held_months
from auditor.holders import Holder, Holders


def remember_holders(db: HistoryDB, holders: Holders, as_of: date) -> None:
    """Remember who held each line the settings name (``holders.named``) in each month
    the history holds of it by ``as_of``: a month not remembered yet, its holder as the
    settings say now; one the settings give an earlier holder of, that one (the user
    corrected it); a month remembered with a blank owner or department, filled with the
    settings' name. A line the settings do not name is remembered as it was (a stranger's
    is no one's; a line taken out keeps its months' holders)."""
    if not holders.named:
        return
    held = held_months(db, as_of, ())
    new, corrected = [], []
    for line in sorted(holders.named & held.keys()):
        for period in held[line]:
            if (dated := holders.dated(line, period)) is not None:
                corrected.append((line, period, *dated))
            else:
                new.append((line, period, *holders.in_settings(line, period)))
    db.executemany(
        "INSERT OR IGNORE INTO line_holders (line, period, owner, grp) VALUES (?, ?, ?, ?)", new
    )
    db.executemany(
        "INSERT OR REPLACE INTO line_holders (line, period, owner, grp) VALUES (?, ?, ?, ?)",
        corrected,
    )
    # a month remembered with no owner (or no department) had no holder of it: the name
    # the settings now give fills it, no hand-over (the settings filled in later)
    for column, at in (("owner", 2), ("grp", 3)):
        filled = [(row[at], row[0], row[1]) for row in new if row[at]]
        db.executemany(
            f"UPDATE line_holders SET {column} = ? WHERE line = ? AND period = ? AND {column} = ''",
            filled,
        )


def remembered_holders(db: HistoryDB) -> dict[str, dict[str, Holder]]:
    """Who held each line in each month the history remembers, by line and month."""
    found: dict[str, dict[str, Holder]] = {}
    for line, period, owner, group in db.execute(
        "SELECT line, period, owner, grp FROM line_holders ORDER BY line, period"
    ):
        found.setdefault(line, {})[period] = (owner, group)
    return found


def forget_holders(db: HistoryDB, line: str) -> None:
    """Forget who held ``line`` (``auditor forget --line``: everything of it goes)."""
    db.execute("DELETE FROM line_holders WHERE line = ?", (line,))
