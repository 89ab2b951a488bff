"""Who held each line in each month audited, kept in the history (``line_holders``):
the owner and department the settings gave the line's month when an audit first held it.

A company's settings change: a number left by 张伟 is written 李娜's, a closed line is
taken out. What the history remembers keeps the money of the months audited before with
their owner and department (:class:`~auditor.holders.Holders` asks it before the settings'
holder now); an ``earlier`` holder the settings give a month is the user's say of it,
and corrects what was remembered.
"""

from __future__ import annotations

import logging
from datetime import date

from auditor.history.db import HistoryDB
from auditor.history.line_months import held_months
from auditor.holders import UNSAID_NAMED, Holder, Holders
from auditor.lang import say

log = logging.getLogger(__name__)

#: The ``meta`` keys of a history made before it kept holders (schema version 16): the
#: last ``line_months`` row it held then, and the day an audit first remembered a month
#: of those as the settings say (said again by that audit run again).
BEFORE, TAKEN = "holders_before", "holders_taken_on"


def remember_holders(db: HistoryDB, holders: Holders, as_of: date) -> None:
    """Remember who held each line the settings name (``holders.named``) in each month
    the history holds of it by ``as_of``: a month not remembered yet, its holder as the
    settings say now; one the settings give an earlier holder of, that one (the user
    corrected it); a month remembered with a blank owner or department, filled with the
    settings' name. A line the settings do not name is remembered as it was (a stranger's
    is no one's; a line taken out keeps its months' holders). The months a history made
    before it kept holders audited (:func:`unkept_months`) are remembered so too, with
    nothing to say who held them then: said (:func:`unkept_note`), by the audit that
    remembers them and that audit run again."""
    if not holders.named:
        return
    held = held_months(db, as_of, ())
    unkept = unkept_months(db)
    if unkept:
        before = set(db.execute("SELECT line, period FROM line_holders"))
        taken = [
            key
            for line in holders.named & held.keys()
            for period in held[line]
            if (key := (line, period)) in unkept and key not in before
        ]
        if taken:
            db.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (TAKEN, as_of.isoformat())
            )
    _remember(db, holders, held)
    if unkept and _meta(db, TAKEN) == as_of.isoformat():
        if note := unkept_note(unkept, holders, remembered_holders(db)):
            log.warning(note)


def unkept_months(db: HistoryDB) -> set[tuple[str, str]]:
    """The lines and months a history made before it kept holders (schema version 16)
    had audited: no one remembered who held them (empty for a history made since)."""
    last = _meta(db, BEFORE)
    if not last:
        return set()
    rows = db.execute(
        "SELECT DISTINCT line, period FROM line_months WHERE id <= ? AND kind IN "
        "('bills', 'charges')",
        (int(last),),
    )
    return set(rows)


def unkept_note(
    unkept: set[tuple[str, str]], holders: Holders, remembered: dict[str, dict[str, Holder]]
) -> str:
    """What is said of the months of ``unkept`` (:func:`unkept_months`) remembered as the
    settings give them now, no ``earlier`` setting saying who held them then: each line
    (the first :data:`~auditor.holders.UNSAID_NAMED`, the rest counted) with its months
    and the holder they are remembered under, that nothing says who held them then, and
    how to give an earlier holder. A month remembered no one's is not said (no money of
    it is put under anyone); ``""`` for none."""
    taken: dict[tuple[str, Holder], list[str]] = {}
    for line, period in sorted(unkept):
        held = remembered.get(line, {}).get(period)
        if line in holders.named and held and any(held) and holders.dated(line, period) is None:
            taken.setdefault((line, held), []).append(period)
    if not taken:
        return ""
    told_zh, told_en = [], []
    for (line, (owner, group)), months in list(taken.items())[:UNSAID_NAMED]:
        span = months[0] if len(months) == 1 else f"{months[0]}..{months[-1]}"
        told_zh.append(f"{line} 的 {span} 记在 {'，'.join(n for n in (owner, group) if n)} 名下")
        told_en.append(f"{line}'s {span} under {', '.join(n for n in (owner, group) if n)}")
    if (more := len(taken) - UNSAID_NAMED) > 0:
        told_zh.append(f"另有 {more} 处")
        told_en.append(f"{more} more")
    (_, (owner, group)), months = next(iter(taken.items()))
    keys = [f'{key} = "…"' for key, name in (("owner", owner), ("group", group)) if name]
    earlier = "earlier = [{ " + ", ".join([*keys, f'until = "{months[-1]}"']) + " }]"
    return say(
        f"{'；'.join(told_zh)}：这些月份是在历史记录开始记住每个号码归谁之前检查的，"
        "没有记录说明当时归谁，现按设置中现在的机主和部门记住。"
        f"如果号码当时是别人的，请在该号码的设置中加 {earlier}",
        f"{'; '.join(told_en)}: months audited before the history kept who held each line, "
        "remembered as the settings give the line now, since nothing says who held them "
        f"then. If a line was someone else's then, add {earlier} to its [lines] table",
    )


def _meta(db: HistoryDB, key: str) -> str:
    row = db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else ""


def _remember(db: HistoryDB, holders: Holders, held: dict[str, dict[str, str]]) -> None:
    """:func:`remember_holders`' months of ``held`` (by line), remembered."""
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
