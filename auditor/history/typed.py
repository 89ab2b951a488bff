"""Whether what a user types about their lines (a line, a service, a finding's id) is
something the history has seen: a record or a known service named with a slip of the
keyboard (沃音乐 for 沃音乐会员, 腾讯视屏会员 for 腾讯视频会员) would otherwise be kept and
silently match nothing."""

from __future__ import annotations

import contextlib

from auditor.history.db import HistoryDB
from auditor.history.findings import seen_findings
from auditor.history.line_months import stored_lines
from auditor.history.same_name import shared_by
from auditor.lang import say
from auditor.names import close_names, service_key


def service_names(db: HistoryDB, lines: set[str] | None = None) -> tuple[set[str], set[str]]:
    """The service names the history holds for ``lines`` (every line: ``None``), as the
    bills and service lists write them, and the service lists' codes: a known service
    matches either."""
    with db.lines_table(lines) if lines is not None else contextlib.nullcontext() as wanted:
        join = f"JOIN {wanted} USING (line)" if wanted else ""
        names = {
            name
            for (name,) in db.execute(
                f"SELECT item FROM charges {join} UNION SELECT name FROM services {join}"
            )
            if name
        }
        codes = {code for (code,) in db.execute(f"SELECT code FROM services {join}") if code}
    return names, codes


def not_seen(db: HistoryDB, line: str | None, service: str = "", finding: str = "") -> str:
    """Why ``service`` (or ``finding``, an id) of ``line`` may be mistyped, in words: a
    line no audit has seen, a finding id it never reported, a service no stored bill or
    service list of the line (of any line: ``line`` None) names, with the names it may
    be a slip for; ``""`` when the history knows it, or holds no line to tell by."""
    lines = stored_lines(db)
    if line is not None and line not in lines:
        return say(f"{line}：还没有检查见过这个号码", f"{line}: no audit has seen this line yet")
    if not lines:
        return ""  # nothing audited yet: a service named before the first audit
    if finding:
        if line is not None and finding not in seen_findings(db, {line}):
            return say(
                f"{finding}：{line} 没有这个编号的发现",
                f"{finding}: no finding of {line} has this id",
            )
        return ""
    names, codes = service_names(db, None if line is None else {line})
    key = service_key(service)
    if any(service_key(name) == key for name in names | codes):
        return ""
    close = close_names(service, names)
    hint = say(f"（是不是 {'、'.join(close)}？）", f" (did you mean {', '.join(close)}?)")
    if line is None:
        said = say(
            f"{service}：历史记录里的账单和已订业务都没有这项业务",
            f"{service}: no bill or service list in the history names it",
        )
    else:
        said = say(
            f"{service}：{line} 的账单和已订业务都没有这项业务",
            f"{service}: no bill or service list of {line} names it",
        )
    return said + (hint if close else "")


def finding_line(db: HistoryDB, finding: str) -> str | None:
    """The line of the finding of id ``finding`` (each names one), or None when the
    history holds none of that id."""
    row = db.execute("SELECT line FROM findings WHERE id = ?", (finding,)).fetchone()
    return row[0] if row else None


def findings_apart(db: HistoryDB, line: str, service: str) -> tuple[str, ...]:
    """The findings of ``line`` the history holds that ``service`` names where the bills
    tell several services apart under that name (:func:`~auditor.history.same_name.
    shared_by`): a record of it is one of theirs only by ``--finding``."""
    return shared_by(seen_findings(db, {line}).values(), line, service)
