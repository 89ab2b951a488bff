"""When a service list (已订业务) was exported, as far as the evidence tells.

A list's file rarely states its day. The audit knows when it was given (the audit date,
or the day an audit stored it: :attr:`auditor.model.Service.listed_on`), which is the
latest it can be from, not its day: a list exported in October and audited on 11-06 is
no list of November. Whether the newest list still showing a service the user cancelled
says the cancellation did not take (:func:`~auditor.rules.entry_ends.still_listed`)
depends on whether it is from after the cancellation took effect (次月生效: the 1st of the
next month), so what tells is taken from the evidence, and only from it:

- a day its file's name gives (``已订业务-20261105.csv``), else one of its folders' names
  (the nearest that names one): the day it was exported;
- else a month its file's or the nearest folder's name gives (``bills/2026-10/…``): it is
  from that month or later (a folder of October's bills is filled once October's bill is
  out, in November), which tells only when that month is after the cancellation's.

The day it was given never tells that it is from after a cancellation took effect, and
neither do the bills given with it: a folder that gathers month after month (``auditor
audit ~/bills``) holds last month's list beside this month's bill, and a list given again
unchanged is as old as when it was first given.

What the evidence does not decide is said (:func:`undated_alerts`), never guessed: the
list is named as undated, with what it would mean if exported after the effective day,
and the cancellation is neither said to have failed nor its saving withdrawn.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import PurePath
from typing import TYPE_CHECKING

from auditor.day_text import written_days
from auditor.lang import say
from auditor.model import ReadResult
from auditor.readers.detect import months_named
from auditor.rules.entry_ends import undated_listings
from auditor.values import format_fen, month_add

if TYPE_CHECKING:
    from auditor.rules.facts import Facts, ServiceFact

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ListDate:
    """What the evidence says of when a list was exported."""

    #: The day its file's or folder's name gives; None when none does.
    day: date | None = None
    #: The month it is from at the earliest (``YYYY-MM``: its name's or folder's), ""
    #: when neither says; meaningless once :attr:`day` is known.
    since: str = ""


def named_day(name: str) -> date | None:
    """The one day ``name`` (a file's stem, a folder's name) gives
    (:func:`~auditor.day_text.written_days`: 2026-11-05, 2026年11月5日, 20261105), else
    None: none, or two that disagree."""
    days = written_days(name)
    return days.pop() if len(days) == 1 else None


def _named_month(name: str) -> str:
    """The one month (with its year) ``name`` gives, else ""."""
    months = {m for named in months_named(name) for m in named.months}
    return months.pop() if len(months) == 1 else ""


def path_date(path: str) -> ListDate:
    """What a list's path says of its day: the day, else the month, its file's name gives,
    else the nearest folder's that gives either."""
    pure = PurePath(path)
    said = _name_date(pure.stem)
    return said if said is not None else _folder_date(pure.parent)


@lru_cache(maxsize=4096)
def _folder_date(folder: PurePath) -> ListDate:
    """What ``folder``'s name, else the nearest of its parents' that says, says of a
    list's day. Asked once per folder: a company's thousand lists share their folders
    above their line's, whose parents each list's path walked again."""
    if (said := _name_date(folder.name)) is not None:
        return said
    return ListDate() if folder.parent == folder else _folder_date(folder.parent)


@lru_cache(maxsize=4096)
def _name_date(name: str) -> ListDate | None:
    """What one name (a file's stem, a folder's) says of a list's day: its day, else its
    month, else None. Asked once per name: a company's thousand lists share their
    names and most of their folders' (已订业务.csv in china-mobile/<line>/)."""
    if (day := named_day(name)) is not None:
        return ListDate(day=day)
    if month := _named_month(name):
        return ListDate(since=month)
    return None


def list_dates(results: Iterable[ReadResult]) -> dict[int, ListDate]:
    """What the evidence says of each list's day (:func:`path_date`), by ``id`` of its
    result (those holding service-list entries, not the user's records)."""
    return {
        id(result): path_date(result.path)
        for result in results
        if result.services and result.reader != "records"
    }


def undated_alerts(
    shown: Iterable[tuple[ServiceFact, ServiceFact]], at_most: int = 3
) -> dict[str, list[str]]:
    """What to say of each undated list (by its path) still showing running a service the
    user recorded cancelling, of ``shown`` (the list's entry, the user's record): that
    it is undated, and what it would mean if exported on or after the day that
    cancellation took effect. One alert per service and cancellation day, naming its
    lines (the first ``at_most`` of them, and how many)."""
    grouped: dict[tuple[str, str, str, str], list[str]] = {}
    for entry, record in shown:
        made = record.ended_at.date().isoformat() if record.ended_at else ""
        lines = grouped.setdefault((entry.source, entry.name, made, entry.list_since), [])
        if entry.line not in lines:
            lines.append(entry.line)
    alerts: dict[str, list[str]] = {}
    for (source, name, made, since), lines in grouped.items():
        lines = sorted(lines)
        effective = f"{month_add(made[:7], 1)}-01"
        named = "、".join(lines[:at_most])
        some = ", ".join(lines[:at_most])
        if len(lines) > at_most:
            named += f" 等 {len(lines)} 个号码"
            some += f" and {len(lines) - at_most} more"
        why_zh, why_en = (
            "文件名和文件夹没有写明哪一天",
            "neither its name nor its folder names a day",
        )
        if since:
            why_zh += f"，只说明它不早于 {since}"
            why_en += f"; they put it in {since} at the earliest"
        alerts.setdefault(source, []).append(
            say(
                f"这份已订业务没有注明导出日期（{why_zh}）：它仍显示「{name}」在用（{named}），"
                f"而你记录于 {made} 退订，{effective} 起生效（次月生效）。若它是 {effective} "
                "或之后导出的，退订没有生效，须再次退订；若更早，它说明不了什么。请核对它的"
                "导出日期（在文件名中写明日期，如 已订业务-20261105.csv，本工具即可判断）",
                f"this service list gives no date ({why_en}): it still shows 「{name}」 active "
                f"({some}), which you recorded cancelling on {made}, effective {effective} "
                f"(次月生效). If it was exported on or after {effective}, the cancellation did "
                "not take and is to be made again; if before, it tells nothing. Check when it "
                "was exported (a date in its file name, such as 已订业务-20261105.csv, lets "
                "the audit tell)",
            )
        )
    return alerts


def warn_undated_lists(
    results: list[ReadResult], entries: Iterable[ServiceFact], as_of: date
) -> None:
    """Say what the undated lists among ``entries`` (every entry the rules read, the user's
    records among them) would mean (:func:`undated_alerts`): on the file given to this
    audit (``results``: an alert, on the terminal and in every output), or in the log for
    a list read back from the history. Nothing when no file was given (the history
    followed between audits)."""
    given = {r.path: r for r in results if r.stored_on is None}
    if not given:
        return
    for source, alerts in undated_alerts(undated_listings(entries, as_of)).items():
        result = given.get(source)
        for alert in alerts:
            if result is None:
                log.warning("%s: %s", source, alert)
            elif alert not in result.alerts:  # the same results audited again
                result.alerts.append(alert)


def undated_end_alerts(facts: Facts) -> dict[str, list[str]]:
    """What to say of each list (by its path, a list given to this audit) showing a
    service cancelled or ended without the day (已退订, its 退订时间 and 失效时间 not
    given) that a bill of its line still charges: no rule can tell whether those months
    were after it ended (lingering-charge needs the day), so the list is named, with the
    months and money charged and what they would be if it ended before them. Not said
    when the line's list also shows the service running (ordered again: the charges are
    that order's), nor when the user recorded cancelling it (the record has its day)."""
    running: set[tuple[str, str]] = set()
    recorded: set[tuple[str, str]] = set()
    for entry in facts.services:
        if entry.record:
            recorded.add((entry.line, entry.key))
        elif not entry.shown_ended:
            running.add((entry.line, entry.key))
    alerts: dict[str, list[str]] = {}
    for entry in facts.services:
        where = (entry.line, entry.key)
        if (
            entry.record
            or entry.listed_on is not None
            or not entry.shown_ended
            or entry.ended_at is not None
            or where in running
            or where in recorded
        ):
            continue
        charged: dict[str, int] = {}
        for charge in facts.charges_of(entry):
            if charge.amount_fen > 0:
                charged[charge.period] = charged.get(charge.period, 0) + charge.amount_fen
        if not charged:
            continue
        alerts.setdefault(entry.source, []).append(_end_undated(entry, charged))
    return alerts


def _end_undated(entry: ServiceFact, charged: dict[str, int]) -> str:
    """The alert of ``entry`` (shown ended, no day) that ``charged`` (fen by month)."""
    months = sorted(charged)
    money = format_fen(sum(charged.values()))
    first, status = months[0], entry.status_shown or say("已结束", "ended")
    if entry.list_day is not None:
        of_zh = f"（这份清单是 {entry.list_day.isoformat()} 导出的）"
        of_en = f" (the list is of {entry.list_day.isoformat()})"
    else:
        of_zh, of_en = "，这份清单本身也没有注明导出日期", ", and the list itself gives no date"
    return say(
        f"这份已订业务显示「{entry.name}」{status}，但没有写明哪一天{of_zh}；而 {entry.line} "
        f"的 {'、'.join(months)} 账单仍收取了它共 ¥{money}。若它在 {first} 之前就已退订，"
        "这就是退订后仍扣费，可以要求退款：请在营业厅 App 的「已订业务」或退订记录中查明"
        "退订日期，再用 auditor record cancel --line 号码 --service "
        f"{entry.name} --on 日期 记下，或提供写明退订时间的已订业务",
        f"this service list shows 「{entry.name}」 {status} without the day{of_en}, while "
        f"{entry.line}'s bill of {', '.join(months)} still charges it ¥{money}. If it was "
        f"cancelled before {first}, that is a charge after cancellation (退订后仍扣费), to "
        "be refunded: find the day it was cancelled (the carrier app's 已订业务 or its "
        "cancellation records) and record it (auditor record cancel --line NUMBER "
        f"--service {entry.name} --on DAY), or give a list that shows its 退订时间",
    )


def warn_undated_ends(results: list[ReadResult], facts: Facts) -> None:
    """Add :func:`undated_end_alerts` to the files given to this audit (``results``)
    they are of: on the terminal and in every output."""
    given = {r.path: r for r in results if r.stored_on is None}
    for source, alerts in undated_end_alerts(facts).items():
        result = given.get(source)
        for alert in alerts:
            if result is not None and alert not in result.alerts:
                result.alerts.append(alert)


def future_list_alert(result: ReadResult, as_of: date) -> str:
    """What to say of a service list given to an audit dated ``as_of`` that shows an order
    or a cancellation made after that day (已订业务 listing 彩铃会员 ordered on 09-08,
    audited as of 09-05): a list cannot show what was done after it was exported, so it
    is from after the audit date, most likely in the wrong folder or audited with the
    wrong ``--as-of``. One alert for the file, naming its earliest such entry and how
    many there are; ``""`` when none. An effective day or an expiry after it is no sign:
    an order or a cancellation takes effect next month (次月生效)."""
    later = sorted(
        (moment.date(), kind, entry.name)
        for entry in result.services
        for kind, moment in (("ordered", entry.ordered), ("cancelled", entry.cancelled))
        if moment is not None and moment.date() > as_of
    )
    if not later:
        return ""
    day, kind, name = later[0]
    done_zh, done_en = ("订购", "ordered") if kind == "ordered" else ("退订", "cancelled")
    more = len(later) - 1
    more_zh, more_en = (f"（另有 {more} 处）", f" (and {more} more)") if more else ("", "")
    return say(
        f"这份已订业务显示「{name}」于 {day} {done_zh}{more_zh}，晚于检查日期 {as_of}"
        "（--as-of）：它是检查日期之后导出的，可能放错了文件夹，或检查日期不对；已照样检查",
        f"this service list shows 「{name}」 {done_en} on {day}{more_en}, after the audit "
        f"date {as_of} (--as-of): it was exported after the audit date, so it is probably "
        "in the wrong folder, or the date is wrong; audited as given",
    )


def warn_future_lists(results: list[ReadResult], as_of: date) -> None:
    """Add :func:`future_list_alert` to each service list given to this audit
    (``results``; not one read back from the history, nor the user's records) that
    shows something done after the audit date: on the terminal and in every output."""
    for result in results:
        if result.stored_on is not None or result.reader == "records" or not result.services:
            continue
        alert = future_list_alert(result, as_of)
        if alert and alert not in result.alerts:  # the same results audited again
            result.alerts.append(alert)
