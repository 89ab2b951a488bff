"""What the user typed into a report's Actions sheet, turned into records.

The Actions sheet (auditor.writers.grouped) leaves three columns empty for the user:
状态 Status (退订 / 投诉 / 申诉 / 退款 / 和解 and their English words, a refund with its amount,
a settlement with its compensation and what was given, 和解 10.00 话费补偿, its note: read
by :mod:`auditor.history.typed_status`, which shares a compensation typed on a row of
several lines out between them; 销户, closing the line, is a cancellation of the row's
service, told as a line closed),
工单号 Ticket and 日期 Date. ``auditor record --from REPORT.xlsx`` reads them back, with
the row's 方式 Channel (the step's, kept by its id: sms, hotline …) as the record's
channel where that step is a way to do what the Status says
(:data:`~auditor.history.typed_status.MADE_THROUGH`; the
Status, what the user typed, decides the record's kind whatever the row's step is):
each filled row is what the user did once on each line of its service (the ids on the
service's first step row, looked up in the history that made the report), or on those
its 号码 Lines cell names alone (:mod:`auditor.history.typed_lines`; 销户 on a row of
several lines must name the one closed): one record a line, of the service there
(every finding of it on that line: unknown, and a trial turned paid), or of the line's
one finding by its id. A service's refunds due (findings resolved whose money is not
back) have a row of their own with their findings' ids: a refund typed there is recorded
against each line's finding, as on a finding's row, each line's amount as the row says
it (:mod:`auditor.history.typed_refunds`). A row already recorded is not
recorded twice, nor one whose record ``auditor record undo`` undid, so the same report
can be given again after more is typed in; the same row typed in a later report is a
record of its own (:mod:`auditor.history.undone`: a record keeps its report's date).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import NamedTuple

from auditor.errors import AuditorError, located
from auditor.history.charged import judged
from auditor.history.db import HistoryDB
from auditor.history.findings import read_names
from auditor.history.line_months import lines_in_order
from auditor.history.records import add_record, list_records, name_keys
from auditor.history.refund_twice import kept_over, typed_twice
from auditor.history.same_name import which_one
from auditor.history.typed_day import day_typed
from auditor.history.typed_lines import (
    LINES,
    LinesTyped,
    amounts_chosen,
    close_which,
    lines_chosen,
    lines_typed,
)
from auditor.history.typed_refunds import ids_and_dues, refunds_by_line
from auditor.history.typed_status import (
    CLOSE_WORDS,
    channel_typed,
    shared_out,
    shared_said,
    status_typed,
)
from auditor.history.typed_ticket import not_a_ticket, ticket_formulas, ticket_typed
from auditor.history.undone import kept_back, made_again, undone_records
from auditor.lang import say
from auditor.model import UserRecord
from auditor.names import service_key
from auditor.rules import entry_of, money_keys
from auditor.sheets import ACTIONS

#: The Actions sheet's name and its columns read here, each as a report may spell it:
#: in both languages (as reports did before ``--lang``), in Chinese, or in English. A
#: report is read whatever language it was written in, and the language of this run
#: only changes what is said about it.
ACTIONS_SHEET = ("处理步骤 Actions", "处理步骤", "Actions")
GROUP, STATUS, TICKET, DONE_ON, IDS = (
    ("#",),
    ("状态 Status", "状态", "Status"),
    ("工单号 Ticket", "工单号", "Ticket"),
    ("日期 Date", "日期", "Date"),
    ("编号 Finding ids", "编号", "Finding ids"),
)
_COLUMNS = (GROUP, STATUS, TICKET, DONE_ON, IDS)
#: The step's channel, kept as the record's: a sheet without it is still read.
CHANNEL = ("方式 Channel", "方式", "Channel")


class ReportError(AuditorError):
    """The file is not an auditor report with an Actions sheet to read."""


@dataclass(frozen=True)
class Typed:
    """One row of the Actions sheet the user filled in."""

    row: int
    kind: str
    on: date
    ticket: str
    amount_fen: int | None
    finding_ids: tuple[str, ...]
    channel: str = ""  # the row's 方式 Channel: a step's by its id (sms), else as written
    closes_line: bool = False  # typed 销户: a cancellation, the line closed
    lines: LinesTyped | None = None  # the row's 号码 Lines cell: which of its lines
    report: date | None = None  # the report's date, as its title gives it: the row's report
    #: Each finding's money to ask back, by id, as its Finding ids cell gives it (a row of
    #: a service's refunds due on several lines: typed_refunds).
    dues: tuple[tuple[str, int], ...] = ()
    #: The Ticket cell, a number Excel kept 15 digits of, as it shows it: no ticket kept.
    ticket_lost: str = ""
    #: The Ticket cell's formula or date, no ticket (typed_ticket): none kept, and said.
    ticket_not: str = ""
    #: What a settlement's Status says was given after its word (和解 10.00 话费补偿): its
    #: record's note, as ``auditor record settle --note`` keeps it.
    note: str = ""
    #: How its Status was read where it could be read two ways (和解 12300: settled
    #: through 12300, no sum): said once it is recorded.
    read_as: str = ""


def typed_rows(path: Path, today: date) -> tuple[list[Typed], list[str]]:
    """The filled rows of ``path``'s Actions sheet, and a line for each row that could
    not be understood (its row number and why). A date typed without its year is read
    near the report's date and ``today`` (:func:`~auditor.history.typed_day.day_typed`)."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # not a workbook at all: one line, naming the file
        name = type(exc).__name__
        raise ReportError(
            located(path, say(f"不是 Excel 报告（{name}）", f"not an Excel report ({name})"))
        ) from None
    sheets = [name for name in book.sheetnames if re.fullmatch(_ACTIONS_NAMES, name)]
    if not sheets:
        raise ReportError(
            located(
                path,
                say(
                    f"没有「{ACTIONS.zh}」表：不是本 auditor 生成的报告",
                    f"no {ACTIONS.en} sheet: not a report of this auditor",
                ),
            )
        )
    typed, problems = [], []
    ids_of: dict[object, tuple[str, ...]] = {}
    report = _report_day(book)
    days = (report or today, today)
    formulas = ticket_formulas(path, sheets, TICKET)
    for name in sheets:  # a long list goes on in "处理步骤 Actions (2)"...
        _read_sheet(path, book[name], name, days, (ids_of, formulas), typed, problems)
    typed = [replace(row, report=report) for row in typed]
    book.close()
    return typed, problems


_ACTIONS_NAMES = "(?:" + "|".join(map(re.escape, ACTIONS_SHEET)) + r")( \(\d+\))?"


def _report_day(book) -> date | None:
    """The day the report was made as of, as its title says it (``话费检查报告 2026-11-05``,
    in the workbook's properties, which Excel and WPS keep); None when it does not."""
    found = re.search(r"(\d{4}-\d{2}-\d{2})\s*$", book.properties.title or "")
    try:
        return date.fromisoformat(found[1]) if found else None
    except ValueError:
        return None


def _read_sheet(path, sheet, name, days, carried, typed, problems) -> None:
    """The filled rows of one Actions sheet (``carried``: ``ids_of``, which carries a
    service's finding ids over from its first step, which may stand on the sheet before,
    and the book's ticket formulas; ``days``: the report's date and today, which a date
    typed is read by)."""
    ids_of, formulas = carried
    rows = sheet.iter_rows(values_only=True)
    header = [str(cell or "") for cell in next(rows, ())]
    col = {
        column: next((header.index(n) for n in column if n in header), None) for column in _COLUMNS
    }
    missing = [_column_name(column) for column in _COLUMNS if col[column] is None]
    if missing:
        raise ReportError(
            located(
                path,
                say(
                    f"{name} 没有{'、'.join(missing)}列",
                    f"{name} has no {', '.join(missing)} column",
                ),
            )
        )
    where = str(path) if name in ACTIONS_SHEET else located(path, name)
    channel_at = next((header.index(n) for n in CHANNEL if n in header), None)
    lines_at = next((header.index(n) for n in LINES if n in header), None)
    for number, row in enumerate(rows, 2):
        group = row[col[GROUP]]
        ids, dues = ids_and_dues(row[col[IDS]])
        if ids:
            ids_of[group] = ids
        status, (ticket, lost) = _text(row[col[STATUS]]), ticket_typed(row[col[TICKET]])
        nota = not_a_ticket(row[col[TICKET]], formulas.get((name, number)))
        ticket = "" if nota else ticket
        if not status and not ticket and not lost and not nota and row[col[DONE_ON]] in (None, ""):
            continue
        try:
            typed_as = status_typed(status)
            kind, amount, note = typed_as.kind, typed_as.amount_fen, typed_as.note
            on = day_typed(row[col[DONE_ON]], *days)
        except ValueError as exc:
            problems.append(located(located(where, _row(number)), str(exc)))
            continue
        if not ids_of.get(group):
            problems.append(
                located(
                    located(where, _row(number)),
                    say("这项业务没有发现编号", "no finding ids for this service"),
                )
            )
            continue
        channel = typed_as.channel or channel_typed(
            kind, _text(row[channel_at]) if channel_at is not None else ""
        )  # 和解 12300: settled through 12300, the row's own step or not
        closes = re.sub(r"\s+", " ", status.lower()) in CLOSE_WORDS
        lines = lines_typed(row[lines_at], bool(ids)) if lines_at is not None else None
        typed.append(
            Typed(number, kind, on, ticket, amount, ids_of[group], channel, closes, lines,
                  dues=tuple(dues.items()), ticket_lost=lost, ticket_not=nota, note=note,
                  read_as=typed_as.read_as)
        )  # fmt: skip


def _column_name(column: tuple[str, ...]) -> str:
    """A column as this run names it: the Chinese or the English part of its name."""
    if len(column) == 1:
        return column[0]
    return say(f"“{column[1]}”", column[2])


def _row(number: int) -> str:
    """Row ``number`` of a sheet (``row 4``, ``第 4 行``)."""
    return say(f"第 {number} 行", f"row {number}")


def _text(value: object) -> str:
    return str(value).strip() if value not in (None, "") else ""


def record_typed(
    db: HistoryDB, typed: list[Typed], source: str, as_of: date | None = None
) -> tuple[list[UserRecord], list[str], list[str]]:
    """Record each typed row once for each line it stands for (:func:`_subjects`: those
    its Lines cell names, :func:`~auditor.history.typed_lines.lines_chosen`); returns the
    records made, a line for each row that could not be (an id the history does not
    know, a refund of several lines whose amount does not say each one's,
    :func:`~auditor.history.typed_refunds.refunds_by_line`; 销户 on a row of several
    lines its Lines cell does not choose from, a number not on the row), or, checked as
    of ``as_of`` (today), was
    recorded though it is a refund more than its service was ever charged, alone or with
    those before it (:func:`~auditor.history.charged.judged`: the sheet takes no
    ``--yes``), or not, one of a refund's day and amount recorded before
    (:func:`~auditor.history.refund_twice.typed_twice`), and a
    line to say of each record not made again because ``auditor record undo`` undid it
    (typed on that row of that report), or made though the same was undone (typed
    elsewhere: :mod:`auditor.history.undone`). A row whose record is already there
    (:func:`_already`) is not recorded again."""
    made, problems, said = [], [], []
    existing, undone = list_records(db), undone_records(db)
    held = lines_in_order(db)  # what a mask's count in a Lines cell is read by
    for row in typed:
        found = _findings(db, row.finding_ids)
        if not found:
            problems.append(
                located(
                    _row(row.row),
                    say(
                        "它的发现不在这个历史记录（--db）里",
                        "its findings are not in this history (--db)",
                    ),
                )
            )
            continue
        lines = list(dict.fromkeys(f.line for f in found))
        chosen, problem = lines_chosen(row.lines, lines, held)
        if not problem and chosen is None and row.closes_line and len(lines) > 1:
            problem = close_which(len(lines))  # which line was closed, the row cannot say
        if problem:
            problems.append(located(_row(row.row), problem))
            continue
        found = [f for f in found if chosen is None or f.line in chosen]
        subjects = _subjects([(f.id, f.line, f.service, f.under) for f in found])
        keys = {f.id: name_keys(f) for f in found}
        amounts: dict[str, int] = {}
        if row.kind == "refund":
            # one amount is shared out between lines only as it says (never by guessing)
            written = amounts_chosen(row.lines, lines, held)
            amounts, problem = refunds_by_line(row.amount_fen, subjects, written, dict(row.dues))
            if problem:
                problems.append(located(_row(row.row), problem))
                continue
        if shared := _shared(subjects):  # a row of both of two services of one name
            problems.append(located(_row(row.row), which_one(row.kind, *shared)))
            continue
        if row.kind == "settle" and row.amount_fen and len(subjects) > 1:
            # one compensation for the row's lines: shared out, counted once in all
            shares = shared_out(row.amount_fen, len(subjects))
            amounts = {line: fen for (line, _, _), fen in zip(subjects, shares, strict=True)}
            said.append(located(_row(row.row), shared_said(row.amount_fen, shares)))
        # the records undone this row was typed for (its report's), and those of elsewhere
        here = {u.record.id: u for u in undone if u.typed_in(row.report)}
        elsewhere = {u.record.id: u for u in undone if u.record.id not in here}
        kept, others = [u.record for u in here.values()], [u.record for u in elsewhere.values()]
        before = len(made)
        for line, service, ids in subjects:
            named = frozenset().union(*(keys[fid] for fid in ids))
            entries = frozenset(e for f in found if f.id in ids and (e := f.entry))
            done = replace(row, amount_fen=amounts.get(line, row.amount_fen))  # its own
            if _already(existing, done, line, named, ids, entries):
                continue
            if was := _already(kept, done, line, named, ids, entries):
                said.append(located(_row(row.row), kept_back(here[was.id])))
                continue
            on_line = (existing, (line, service, ids), entries, row.on, done.amount_fen)
            if row.kind == "refund" and (twice := typed_twice(*on_line)):  # recorded twice?
                problems.append(located(_row(row.row), twice))
                continue
            # a settlement's note is what was given (typed after 和解), as --note keeps it
            noted = row.note if row.kind == "settle" else f"{source} {_row(row.row)}"
            record = add_record(
                db, row.kind, line, row.on, service=service,
                finding=ids[0] if len(ids) == 1 else "", ticket=row.ticket,
                channel=row.channel, note=noted,
                amount_fen=done.amount_fen, closes_line=row.closes_line,
                report_on=row.report.isoformat() if row.report else None,
            )  # fmt: skip
            existing.append(record)
            made.append(record)
            if was := _already(others, done, line, named, ids, entries):
                said.append(
                    located(_row(row.row), made_again(record, elsewhere[was.id], row.report))
                )
            if row.kind == "refund" and as_of is not None:
                if (over := judged(db, record, as_of)) is not None:
                    problems.append(located(_row(row.row), kept_over(record, over)))
        if row.read_as and len(made) > before:  # how it was read, once a row, as recorded
            said.append(located(_row(row.row), row.read_as))
    return made, problems, said


def _subjects(
    found: list[tuple[str, str, str, str]],
) -> list[tuple[str, str, tuple[str, ...]]]:
    """What one row's action is about, once per line: (line, service, finding ids), of
    ``found``'s (id, line, service, what its money counts under: :attr:`_Named.under`).

    A row stands for a service's findings (unknown, and a trial turned paid; a company's
    lines): what the user typed there was done once on each line, so a line's findings
    of the service are one record, named by the service (a record of a line and a
    service is about every finding of it there); a line's one finding, by its id. Two
    services shown under one name (two SP services billed as 信息费) are two. A bill's
    findings (no service) have nothing else to be named by: one each, by id."""
    subjects: dict[tuple[str, str], tuple[str, list[str]]] = {}
    for finding, line, service, under in found:
        key = under or f"id:{finding}"
        subjects.setdefault((line, key), (service, []))[1].append(finding)
    return [(line, service, tuple(ids)) for (line, _), (service, ids) in subjects.items()]


def _shared(subjects: list[tuple[str, str, tuple[str, ...]]]) -> tuple:
    """The service, line and ids (one of each) of a row's two services or more of one
    line billed under one name (two SP services billed as 信息费: a report of an older
    auditor gave them one row): what the row did was whose, the name cannot say. ()
    when it stands for one service a line."""
    named: dict[tuple[str, str], list[tuple[str, str]]] = {}  # (line, key): service, id
    for line, service, ids in subjects:
        named.setdefault((line, service_key(service)), []).append((service, ids[0]))
    for (line, _), each in named.items():
        if len(each) > 1:
            return each[0][0], line, tuple(sorted(fid for _, fid in each))
    return ()


def _already(
    existing: list[UserRecord],
    row: Typed,
    line: str,
    keys: frozenset[str],
    ids: tuple[str, ...],
    entries: frozenset[str] = frozenset(),
) -> UserRecord | None:
    """The record of ``existing`` that is this row's for ``line``, if any: one of its
    kind, day, ticket and amount about the same findings, by id or by a service they go
    by (``keys``: their :func:`~auditor.history.records.name_keys`; one per finding, as
    an earlier ``record --from`` made them; one per line; or one typed with ``auditor
    record``), so that a report given again adds nothing. Not one named by the finding of
    another list entry (``entries``: those the findings gathered by): two SP services
    billed as 信息费, each cancelled on its own row the same day, are two records."""
    return next(
        (
            r
            for r in existing
            if (r.kind, r.on, r.ticket, r.amount_fen)
            == (row.kind, row.on, row.ticket, row.amount_fen)
            and r.line == line
            and (
                r.finding in ids
                or (
                    service_key(r.service) in keys
                    and not (r.entry and entries and r.entry not in entries)
                )
            )
        ),
        None,
    )


class _Named(NamedTuple):
    """A finding as a record names it: its id, line, service and the names its charges
    went by (:class:`~auditor.history.records.Subject`)."""

    id: str
    line: str
    service: str
    names: tuple[str, ...]
    #: What its money counts under among the row's (:func:`auditor.rules.money_keys`).
    under: str = ""
    #: The list entry it gathered its charges by (:func:`auditor.rules.entry_of`), or "".
    entry: str = ""


def _findings(db: HistoryDB, ids: tuple[str, ...]) -> list[_Named]:
    """Each of ``ids`` the history knows, as a record names it."""
    # a company's service may stand for thousands of lines: asked some at a time
    rows = db.rows_in(
        "SELECT id, line, service, names, rule, grouped_by FROM findings WHERE id IN ({marks})",
        ids,
    )
    rows.sort(key=lambda row: (row[1], row[0]))  # by line: recorded (and said) in line order
    entries = [entry_of(r[4], r[2], r[5]) for r in rows]
    keys = money_keys([(r[1], service_key(r[2]), e) for r, e in zip(rows, entries, strict=True)])
    return [
        _Named(fid, line, service, read_names(names), under, entry)
        for (fid, line, service, names, _, _), under, entry in zip(rows, keys, entries, strict=True)
    ]
