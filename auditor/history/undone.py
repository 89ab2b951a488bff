"""Which records ``auditor record undo`` undid keep a report's row from being recorded.

An undone record is kept, marked (:func:`~auditor.history.records.undo_record`), so that
``auditor record --from`` reading the report row it was typed on again does not make it
anew. That row is known by the report it stands on: the report's date, which its record
keeps (``records.report_on``), beside what the row says (its kind, day, ticket, amount,
line and findings: :func:`auditor.history.from_report._already`). The same typed again
in a later report (the charge came back, and the user did it again) is another row: it
is recorded, and said beside the record undone, so that a record undone stays undone
for the row it came from alone.

Where the report a record came from is not known (stored before history version 11, or
read from a report that gives no date), only a report dated after the day it was
recorded is surely another: a row of one dated that day or before is kept from it, as
before. One typed with ``auditor record`` came from no report's row, and keeps none."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from auditor.history.db import HistoryDB
from auditor.history.records import list_records
from auditor.lang import say
from auditor.model import UserRecord


@dataclass(frozen=True)
class Undone:
    """A record ``auditor record undo`` undid, with the day it did and where the record
    came from: the date of the report it was typed in (``report_on``; ``""`` typed with
    ``auditor record``, ``None`` not known) and the day it was recorded."""

    record: UserRecord
    undone_on: date
    report_on: str | None
    recorded_on: date

    def typed_in(self, report: date | None) -> bool:
        """Whether it may have been typed on a row of the report dated ``report`` (None:
        a report that gives no date): that report's; or, where either is not known, one
        not dated after the day it was recorded."""
        if self.report_on == "":  # typed with auditor record: on no report's row
            return False
        if self.report_on is not None and report is not None:
            return self.report_on == report.isoformat()
        return report is None or report <= self.recorded_on


def undone_records(db: HistoryDB) -> list[Undone]:
    """Every record undone, oldest first, with where it came from."""
    rows = db.execute(
        "SELECT id, undone_on, report_on, recorded_at FROM records WHERE undone_on IS NOT NULL"
    ).fetchall()
    known = {id_: (undone, report, recorded) for id_, undone, report, recorded in rows}
    return [
        Undone(
            record,
            date.fromisoformat(known[record.id][0]),
            known[record.id][1],
            datetime.fromisoformat(known[record.id][2]).date(),
        )
        for record in list_records(db, undone=True)
    ]


def kept_back(record: Undone) -> str:
    """What is said of a report's row its record, undone, keeps from being made again:
    not made, and how to make it after all."""
    made = record.record
    what = f"{made.line} {made.service or made.finding}"
    return say(
        f"{what}：它的记录 #{made.id} 已于 {record.undone_on} 删除（auditor record undo），"
        f"不再重新记录（确要记录：auditor record {made.kind} …）",
        f"{what}: its record #{made.id} was undone on {record.undone_on} (auditor record "
        f"undo): not recorded again (to record it after all: auditor record {made.kind} …)",
    )


def made_again(record: UserRecord, was: Undone, report: date | None) -> str:
    """What is said of a row of the report dated ``report`` recorded as ``record``, the
    same as one undone (``was``) that came from elsewhere: a report before, or
    ``auditor record``."""
    what = f"{record.line} {record.service or record.finding}"
    zh_this, en_this = (f"（{report}）", f" ({report})") if report else ("", "")
    if was.report_on:
        zh, en = f"填在 {was.report_on} 的报告里", f"typed in the report of {was.report_on}"
    elif was.report_on == "":
        zh, en = "是用 auditor record 记下的", "recorded with auditor record"
    else:
        zh, en = f"记于 {was.recorded_on}", f"recorded on {was.recorded_on}"
    return say(
        f"{what}：已记为 #{record.id}。相同的记录 #{was.record.id} 已于 {was.undone_on} 删除，"
        f"但它{zh}，不是这份报告{zh_this}的这一行",
        f"{what}: recorded as #{record.id}. The same record #{was.record.id} was undone on "
        f"{was.undone_on}, but it was {en}, not on this row of this report{en_this}",
    )
