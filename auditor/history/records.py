"""The user's records in the history: stored, listed, undone, and what the rules make of
them (see :class:`auditor.model.UserRecord`).

A cancellation becomes a service-list entry cancelled that day (the month-end rule
applies: that month is still due), listed as of that day, so that a later list that no
longer shows the service keeps it cancelled, and a later charge is a lingering charge
citing the record. A record is about the findings whose charges go by its service's
name (:func:`records_of`).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Protocol

from auditor.errors import quoted
from auditor.history.db import HistoryDB
from auditor.lang import Text, say
from auditor.model import ENDED, RECORD_KINDS, ReadResult, Service, UserRecord
from auditor.names import service_key
from auditor.rules import acting_as, entry_of

#: How a cancellation record shows as the status of its service-list entry.
RECORD_STATUS = Text("你的记录", "your record")
#: Where the user's records stand, as a finding's evidence names them.
YOUR_RECORDS = Text("你的记录", "your records")
#: :attr:`UserRecord.entry` of a record typed by a name several services of its line are
#: billed under (two SP services billed as 信息费): about none of them
#: (:func:`auditor.history.same_name.named_apart`). No entry's key holds a space.
SEVERAL = " several"


def tickets_typed(db: HistoryDB) -> frozenset[str]:
    """Every ticket number (工单号) the user recorded: their own references, shown as
    typed (:attr:`~auditor.writers.safe.Masker.own`), a number's digits too."""
    return frozenset(ticket for (ticket,) in db.execute("SELECT DISTINCT ticket FROM records"))


def add_record(
    db: HistoryDB,
    kind: str,
    line: str,
    on: date,
    *,
    service: str = "",
    finding: str = "",
    ticket: str = "",
    channel: str = "",
    note: str = "",
    amount_fen: int | None = None,
    closes_line: bool = False,
    report_on: str | None = "",
    month: str = "",
) -> UserRecord:
    """Store one record; its id is what ``auditor record undo`` takes. ``channel``: a
    step's by its id (:func:`~auditor.sheets.channel_of`), else the user's words;
    ``closes_line``: a cancellation that is the line closed (销户); ``report_on``: the
    date (ISO) of the report it was typed in, ``None`` for a report that gives none,
    ``""`` typed with ``auditor record`` (:mod:`auditor.history.undone`); ``month``: the
    month (YYYY-MM) a ``no_bill`` record says will not come."""
    if kind not in RECORD_KINDS:
        raise ValueError(say(f"未知的记录类型{quoted(kind)}", f"unknown record kind {kind!r}"))
    cursor = db.execute(
        "INSERT INTO records (kind, line, service, finding, on_date, ticket, channel, note, "
        "amount_fen, recorded_at, closes_line, report_on, month) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (kind, line, service, finding, on.isoformat(), ticket, channel, note, amount_fen,
         datetime.now().isoformat(timespec="seconds"), int(closes_line and kind == "cancel"),
         report_on, (month or None) if kind == "no_bill" else None),
    )  # fmt: skip
    found = record_by_id(db, cursor.lastrowid or 0)
    assert found is not None  # just inserted, in this transaction
    return found


def list_records(
    db: HistoryDB,
    lines: set[str] | None = None,
    until: date | None = None,
    undone: bool = False,
) -> list[UserRecord]:
    """Every record (of ``lines``; done on or before ``until``), oldest first; those
    ``auditor record undo`` undid instead where ``undone`` (:func:`undo_record`).

    A record that names a finding by its id (``--finding``) gets that finding's service
    from the findings table, so that it counts as one about the service: a cancellation
    named so is a cancellation of that service."""
    sql = (
        "SELECT r.id, r.kind, r.line, CASE WHEN r.service = '' THEN coalesce(f.service, '') "
        "ELSE r.service END, r.finding, r.on_date, r.ticket, r.channel, r.note, r.amount_fen, "
        "r.closes_line, coalesce(r.month, ''), f.rule, f.service, f.grouped_by "
        "FROM records AS r LEFT JOIN findings AS f ON r.finding != '' AND f.id = r.finding "
        "AND f.line = r.line {wanted} WHERE r.on_date <= ? AND (r.undone_on IS NULL) = ? "
        "ORDER BY r.on_date, r.id"
    )
    until_day = ((until or date.max).isoformat(), int(not undone))
    if lines is None:
        rows = db.execute(sql.format(wanted=""), until_day).fetchall()
    else:
        with db.lines_table(lines) as wanted:
            joined = sql.format(wanted=f"JOIN {wanted} AS w ON w.line = r.line")
            rows = db.execute(joined, until_day).fetchall()
    return [_record(row) for row in rows]


def _record(row: tuple) -> UserRecord:
    id_, kind, line, service, finding, on, ticket, channel, note, amount, closes, month, *named = (
        row
    )
    on_date = date.fromisoformat(on)
    entry = entry_of(*named) if named[0] else ""  # the finding it names, gathered by
    return UserRecord(
        id_, kind, line, service, finding, on_date, ticket, channel, note, amount, entry,
        bool(closes), month, named[0] or "",
    )  # fmt: skip


def record_by_id(db: HistoryDB, record_id: int) -> UserRecord | None:
    """The record of that id (as :func:`list_records` gives it), or ``None``."""
    return next((r for r in list_records(db) if r.id == record_id), None)


def undo_record(db: HistoryDB, record_id: int, on: date) -> UserRecord | None:
    """Undo one record (``on``: today): it counts no more, and is listed no more; the
    record undone, or ``None`` when there is none of that id standing. It is kept, marked,
    rather than removed: ``auditor record --from`` reading the report row it was typed on
    again would otherwise make it anew (:func:`list_records` gives it with ``undone``);
    the same typed in a later report is made all the same (:mod:`auditor.history.undone`)."""
    found = record_by_id(db, record_id)
    if found is not None:
        db.execute("UPDATE records SET undone_on = ? WHERE id = ?", (on.isoformat(), record_id))
    return found


def undone_on(db: HistoryDB, record_id: int) -> date | None:
    """The day record ``record_id`` was undone, or ``None`` (it stands, or never was)."""
    row = db.execute("SELECT undone_on FROM records WHERE id = ?", (record_id,)).fetchone()
    return date.fromisoformat(row[0]) if row and row[0] else None


def cancellations(records: list[UserRecord]) -> ReadResult:
    """The user's cancellations as the service-list entries the rules read (a result of
    its own, not an input file). One typed by a name several services share
    (:data:`SEVERAL`) ends none of them: it is no entry."""
    source = YOUR_RECORDS.shown()
    result = ReadResult(path=source, reader="records")
    for record in records:
        if record.kind == "cancel" and record.service and record.entry != SEVERAL:
            result.services.append(
                Service(
                    line=record.line,
                    name=_entry(record),
                    cancelled=datetime(record.on.year, record.on.month, record.on.day),
                    status=ENDED,
                    status_text=f"{RECORD_STATUS.shown()} {record.describe()}".strip(),
                    source=source,
                    locator=say(f"第 {record.id} 条记录", f"record {record.id}"),
                    listed_on=record.on,
                    record=record.describe(),
                )
            )
    return result


def _entry(record: UserRecord) -> str:
    """The service-list entry a cancellation ends: the one its finding (named by id, or
    the one finding its name was left to: :func:`~auditor.history.same_name.named_once`)
    gathered its charges by, where the bills name that entry's charges otherwise (手机报,
    billed as 信息费 beside another SP's 信息费), else the service it names. As a key: an
    entry's key is its name normalised, which names it again."""
    if record.entry and record.entry != service_key(record.service):
        return record.entry
    return record.service


class Subject(Protocol):
    """A finding as its records are matched to it: this audit's, or one the history holds
    (:class:`~auditor.history.findings.Seen`, ``Resolved``, ``RefundDue``)."""

    @property
    def id(self) -> str: ...
    @property
    def line(self) -> str: ...
    @property
    def service(self) -> str: ...
    @property
    def names(self) -> tuple[str, ...]: ...


def name_keys(subject: Subject) -> frozenset[str]:
    """The keys a record's service may name ``subject`` by: its service's and those of
    the names its charges go by (:attr:`~auditor.model.Finding.names`)."""
    return frozenset(
        key for name in (subject.service, *subject.names) if (key := service_key(name))
    )


def records_of(records: list[UserRecord], subject: Subject) -> list[UserRecord]:
    """The records about one finding: named by its id, or of its line and a service it
    goes by (:func:`name_keys`: 咪咕视频会员费, October's word, for the finding 咪咕视频会员
    that groups it; never 彩铃功能费 billed beside 彩铃, a finding of its own). Not one
    named by the id of a finding of another list entry shown under the same name (two
    SP services billed as 信息费: :attr:`UserRecord.entry`), nor one typed by the name
    such services share (:data:`SEVERAL`): whose it is, the name cannot say. Nor a
    complaint or an appeal named by the id of a finding of another rule of the service
    whose steps are another thing to do (:func:`~auditor.rules.acting_as`): a complaint
    about a plan's price rise is none about the same plan billed while suspended, whose
    money is still to be asked for (a cancellation is of the service, whichever
    finding named it)."""
    keys = name_keys(subject)
    rule = getattr(subject, "rule", "")
    entry = entry_of(rule, subject.service, getattr(subject, "grouped_by", None))
    return [
        r
        for r in records
        if r.finding == subject.id
        or (
            r.line == subject.line
            and r.service
            and service_key(r.service) in keys
            and r.entry != SEVERAL
            and not (r.entry and entry and r.entry != entry)
            and not _about_another_step(r, rule)
        )
    ]


def _about_another_step(record: UserRecord, rule: str) -> bool:
    """True when ``record`` is a complaint or an appeal that named a finding of a rule
    whose steps are not those of ``rule`` (:func:`~auditor.rules.acting_as`)."""
    if record.kind not in ("complaint", "appeal") or not (record.rule and rule):
        return False
    return acting_as(record.rule) != acting_as(rule)
