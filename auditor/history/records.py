"""What the user did about their lines: a cancellation, a complaint, a refund.

Carriers' own follow-up ladder is: cancel, check the next bill, complain with the ticket
number (工单号), appeal 15 days later. A record keeps each step the user took, with its
date, channel and ticket, so that the next audits can count from it:

- a cancellation counts as a service-list cancellation on that day (the month-end rule
  applies: that month is still due), so a later charge is a lingering charge citing it;
- a complaint moves the appeal dates (the appeal opens 15 days after it) and its ticket
  is named in the appeal step;
- a refund is set against the money a finding disputes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from auditor.history.db import HistoryDB
from auditor.model import ENDED, Service
from auditor.names import service_key

KINDS = ("cancel", "complaint", "refund")
#: What a cancellation record shows as its status in the rules' service entries.
RECORD_STATUS = "你的记录 your record"


@dataclass(frozen=True)
class Record:
    """One thing the user did, as they recorded it."""

    id: int
    kind: str  # one of KINDS
    line: str
    service: str  # as the user wrote it ('' for a bill-level finding given by its id)
    finding: str  # a finding id, when the user gave one
    on: date
    ticket: str = ""
    channel: str = ""
    note: str = ""
    amount_fen: int | None = None  # a refund's amount

    @property
    def key(self) -> str:
        """The name key the record matches services and findings by."""
        return service_key(self.service)

    def as_service(self) -> Service:
        """A cancellation as the service-list entry the rules read: cancelled that day."""
        return Service(
            line=self.line,
            name=self.service,
            cancelled=datetime(self.on.year, self.on.month, self.on.day),
            status=ENDED,
            status_text=RECORD_STATUS,
            source=f"record {self.id}",
            locator=f"{self.on.isoformat()} {self.channel} {self.ticket}".strip(),
        )


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
) -> Record:
    """Store one record; its id is what ``auditor record undo`` takes."""
    if kind not in KINDS:
        raise ValueError(f"unknown record kind {kind!r}")
    cursor = db.execute(
        "INSERT INTO records (kind, line, service, finding, on_date, ticket, channel, note, "
        "amount_fen, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (kind, line, service, finding, on.isoformat(), ticket, channel, note, amount_fen,
         datetime.now().isoformat(timespec="seconds")),
    )  # fmt: skip
    return Record(cursor.lastrowid, kind, line, service, finding, on, ticket, channel, note,
                  amount_fen)  # fmt: skip


def list_records(db: HistoryDB, lines: set[str] | None = None) -> list[Record]:
    """Every record (of ``lines``), oldest first."""
    sql = (
        "SELECT id, kind, line, service, finding, on_date, ticket, channel, note, amount_fen "
        "FROM records"
    )
    parameters: tuple = ()
    if lines is not None:
        sql += f" WHERE line IN ({', '.join('?' * len(lines))})"
        parameters = tuple(sorted(lines))
    rows = db.execute(sql + " ORDER BY on_date, id", parameters).fetchall()
    return [_record(row) for row in rows]


def _record(row: tuple) -> Record:
    id_, kind, line, service, finding, on, ticket, channel, note, amount = row
    on_date = date.fromisoformat(on)
    return Record(id_, kind, line, service, finding, on_date, ticket, channel, note, amount)


def undo_record(db: HistoryDB, record_id: int) -> Record | None:
    """Remove one record; the record removed, or ``None`` when there is none of that id."""
    found = [r for r in list_records(db) if r.id == record_id]
    if not found:
        return None
    db.execute("DELETE FROM records WHERE id = ?", (record_id,))
    return found[0]
