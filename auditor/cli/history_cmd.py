"""The history commands: ``record`` (cancel, complaint, refund, undo), ``records``,
``history`` and ``forget``. Each opens the history database, does one thing in one
transaction and prints what it did, phone numbers masked unless ``--no-mask``."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import click

from auditor import pipeline
from auditor.cli.common import (
    EXIT_SOME_UNREAD,
    Failure,
    checked,
    compose,
    db_path,
    history_at,
    history_options,
    history_read,
    named_file,
    one_line_failures,
)
from auditor.crosscheck import set_aside_duplicate_bills
from auditor.errors import ValueParseError
from auditor.history.db import HistoryDB
from auditor.history.findings import finding_counts, seen_findings
from auditor.history.records import add_record, list_records, undo_record
from auditor.history.store import forget_line, load_results, stored_lines
from auditor.model import UserRecord
from auditor.names import service_key
from auditor.values import format_fen, parse_amount, parse_phone
from auditor.writers import Masker
from auditor.writers.figures import months_of
from auditor.writers.safe import atomic_write

#: Dates the user may write: 2026-10-08, 2026/10/08, 20261008.
DATE_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y%m%d"]
EARLIEST_RECORD = date(2000, 1, 1)


def _phone(value: str) -> str:
    return parse_phone(value)


def _record_date(when: datetime) -> date:
    """A record's day: not after today (one cannot have done it yet), not before 2000."""
    value = when.date()
    if value > pipeline.today():
        raise ValueParseError(f"{value.isoformat()} is after today: record what was done")
    if value < EARLIEST_RECORD:
        raise ValueParseError(f"{value.isoformat()} is before 2000")
    return value


def _on_date(_ctx: click.Context, param: click.Parameter, value: datetime | None) -> date:
    """``--on``: a day not after today, today when not given."""
    return checked(_record_date, value, param) or pipeline.today()


def line_option(required: bool = True, help: str = "The phone line (11 digits)."):
    """``--line NUMBER``: a mobile number, checked (a usage error when it is not one)."""
    return click.option(
        "--line",
        required=required,
        metavar="NUMBER",
        callback=lambda _ctx, param, value: checked(_phone, value, param),
        help=help,
    )


mask_option = click.option("--no-mask", is_flag=True, help="Show phone numbers in full.")
json_option = click.option(
    "--json",
    "json_target",
    callback=lambda _ctx, param, value: checked(named_file, value, param),
    metavar="FILE|-",
    help="Write it as JSON to FILE ('-' for stdout) instead of a table.",
)


def _record_options(kind: str):
    """The options of ``auditor record <kind>``."""
    decorators = [
        line_option(),
        click.option(
            "--service",
            metavar="NAME",
            help="The service, as the bill or the service list names it.",
        ),
        click.option(
            "--finding",
            metavar="ID",
            help="A finding's id (from the report), instead of --service: for a bill's finding.",
        ),
        click.option(
            "--on",
            "on",
            type=click.DateTime(formats=DATE_FORMATS),
            callback=_on_date,
            metavar="DATE",
            help="When you did it (YYYY-MM-DD) [default: today].",
        ),
        click.option("--ticket", default="", metavar="T", help="The ticket number (工单号)."),
        click.option(
            "--channel",
            default="",
            metavar="C",
            help="How: 短信 SMS, App, 热线 hotline, 营业厅 shop, 网站 web, 10080 …",
        ),
        click.option("--note", default="", metavar="N", help="Anything else worth keeping."),
    ]
    if kind == "refund":
        decorators.append(
            click.option(
                "--amount",
                required=True,
                metavar="YUAN",
                callback=lambda _ctx, param, value: checked(_refund_fen, value, param),
                help="The money refunded, in yuan (6.00).",
            )
        )
    return compose(*decorators, history_options, mask_option)


def _refund_fen(value: str) -> int:
    fen = parse_amount(value)
    if fen <= 0:
        raise ValueParseError(f"{value!r}: a refund is a positive amount")
    return fen


@click.group(invoke_without_command=True)
@click.option(
    "--from",
    "from_report",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    metavar="REPORT.xlsx",
    help="Record what you typed into a report's Actions sheet (Status, Ticket, Date).",
)
@history_options
@mask_option
@click.pass_context
def record(ctx: click.Context, from_report: Path | None, **opts) -> None:
    """Record what you did about a line: a cancellation, a complaint, a refund.

    auditor counts them from the next audit on: a cancellation is a cancellation
    that day (the month is still due: 次月生效), so a later charge is a charge after
    cancellation that cites your record and its ticket; a complaint moves the MIIT
    appeal (12300) to 15 days after it and names its ticket; a refund is set against
    the money a finding disputes.

    \b
    Examples:
      auditor record cancel --line 13900001111 --service 咪咕视频会员 \\
          --on 2026-10-08 --channel 短信 --ticket 202610081234
      auditor record complaint --line 13900001111 --service 咪咕视频会员 \\
          --on 2026-12-06 --channel 10080 --ticket 202612060042
      auditor record refund --line 13900001111 --service 咪咕视频会员 \\
          --on 2026-12-20 --amount 15.00
      auditor record undo 3
      auditor record --from reports/audit-2026-11-05.xlsx

    With --from, each row of the report's Actions sheet where you typed a status
    (退订 cancel, 投诉 complaint, 退款 15.00 refund), its date and maybe a ticket (工单号)
    is recorded for every line of its service; a row recorded before is not recorded
    again. Rows that cannot be understood are named on stderr and the exit status is 3.
    """
    if ctx.invoked_subcommand is not None:
        return
    if from_report is None:
        click.echo(ctx.get_help())
        return
    record_from(from_report, opts)


def record_from(report: Path, opts: dict) -> None:
    """``auditor record --from REPORT.xlsx``: the typed rows, recorded in one transaction."""
    from auditor.history.from_report import record_typed, typed_rows

    mask = Masker(not opts["no_mask"])
    with one_line_failures(mask):
        typed, problems = typed_rows(report, date.today())
        with history_at(db_path(opts), create=False) as db:
            made, not_made = record_typed(db, typed, report.name)
    for problem in [*problems, *(f"{report}: {line}" for line in not_made)]:
        click.echo(mask(f"auditor: {problem}"), err=True)
    for added in made:
        click.echo(mask(f"recorded #{added.id}: {_describe(added)}"))
    if not typed and not problems:
        click.echo(mask(f"{report}: nothing typed in its Actions sheet's Status column yet"))
    elif not made:
        click.echo("nothing new to record")
    if problems or not_made:  # what was understood is recorded; the rest is said, and
        raise click.exceptions.Exit(EXIT_SOME_UNREAD)  # the status tells a script


def _record_command(kind: str, summary: str):
    """``auditor record <kind>``."""

    @record.command(kind, help=summary)
    @_record_options(kind)
    def command(line: str, service: str | None, finding: str | None, **opts) -> None:
        mask = Masker(not opts["no_mask"])
        if bool(service) == bool(finding):
            raise click.UsageError("give --service NAME or --finding ID (one of them)")
        with one_line_failures(mask), history_at(db_path(opts)) as db:
            # told apart from the history's other lines, as the audit's outputs show them
            mask = replace(mask, lines=frozenset(stored_lines(db) | {line}))
            for warning in _unknown(db, line, service or "", finding or ""):
                click.echo(mask(f"auditor: {warning}; recorded anyway"), err=True)
            added = add_record(
                db,
                kind,
                line,
                opts["on"],
                service=service or "",
                finding=finding or "",
                ticket=opts["ticket"],
                channel=opts["channel"],
                note=opts["note"],
                amount_fen=opts.get("amount"),
            )
        click.echo(mask(f"recorded #{added.id}: {_describe(added)}"))

    return command


cancel = _record_command(
    "cancel",
    """Record that you cancelled a service (退订): the date, how, the ticket (工单号).

    From the next audit on it counts as a cancellation that day, even once the
    carrier's list no longer shows the service; a later charge is a charge after
    cancellation that cites this record.

    \b
    Examples:
      auditor record cancel --line 13900001111 --service 咪咕视频会员 \\
          --on 2026-10-08 --channel 短信 --ticket 202610081234
      auditor record cancel --line 13900001111 --service 视频彩铃订阅-酷电秀专属6元包 \\
          --channel App
    """,
)
complaint = _record_command(
    "complaint",
    """Record a complaint you made (投诉): the date, the line called, the ticket.

    The MIIT appeal (12300) then opens 15 days after it, and its step names the
    ticket.

    \b
    Examples:
      auditor record complaint --line 13900001111 --service 咪咕视频会员 \\
          --on 2026-12-06 --channel 10080 --ticket 202612060042
      auditor record complaint --line 13900001111 --finding F3a9c0d1e2b4f --on 2026-12-06
    """,
)
refund = _record_command(
    "refund",
    """Record money refunded to you (退款), set against the money it covers.

    A refund of a service covers the months its findings claim, the oldest first
    (--finding: that finding's months alone); it never counts for more than a
    finding's amount.

    \b
    Examples:
      auditor record refund --line 13900001111 --service 咪咕视频会员 \\
          --on 2026-12-20 --amount 15.00 --ticket 202612060042
    """,
)


@record.command("undo")
@click.argument("record_id", type=click.IntRange(min=1), metavar="ID")
@history_options
@mask_option
def undo(record_id: int, **opts) -> None:
    """Remove record ID (the number `auditor records` shows).

    \b
    Examples:
      auditor record undo 3
    """
    mask = Masker(not opts["no_mask"])
    with one_line_failures(mask), history_at(db_path(opts), create=False) as db:
        removed = undo_record(db, record_id)
    if removed is None:
        raise Failure(f"no record #{record_id} (auditor records lists them)")
    click.echo(mask(f"removed #{removed.id}: {_describe(removed)}"))


def _unknown(db, line: str, service: str, finding: str) -> list[str]:
    """Why a record may be mistyped: a line, service or finding no audit has seen."""
    if line not in stored_lines(db):
        return [f"{line}: no audit has seen this line yet"]
    if finding:
        if finding not in seen_findings(db, {line}):
            return [f"{finding}: no finding of {line} has this id"]
        return []
    key = service_key(service)
    names: set[str] = set()
    for result in load_results(db, {line}):
        names.update(c.item for c in result.charges if c.item)
        names.update(s.name for s in result.services)
    if any(service_key(name) == key for name in names):
        return []
    close = sorted(n for n in names if key and (key in service_key(n) or service_key(n) in key))
    hint = f" (did you mean {', '.join(close[:3])}?)" if close else ""
    return [f"{service}: no bill or service list of {line} names it{hint}"]


def _describe(item: UserRecord) -> str:
    """``cancel 139****1111 咪咕视频会员 on 2026-10-08 (短信, 工单号 …)``, before masking."""
    what = f"finding {item.finding}"
    if item.service:
        what = f"{item.service} ({what})" if item.finding else item.service
    extra = [part for part in (item.channel, item.ticket and f"工单号 {item.ticket}") if part]
    if item.amount_fen is not None:
        extra.append(f"¥{format_fen(item.amount_fen)}")
    if item.note:
        extra.append(item.note)
    tail = f" ({', '.join(extra)})" if extra else ""
    return f"{item.kind} {item.line} {what} on {item.on.isoformat()}{tail}"


@click.command()
@line_option(required=False, help="Only this line.")
@json_option
@history_options
@mask_option
def records(line: str | None, json_target: str | None, **opts) -> None:
    """List your records (cancellations, complaints, refunds), oldest first.

    \b
    Examples:
      auditor records
      auditor records --line 13900001111 --json -
    """
    mask = Masker(not opts["no_mask"])
    found: list[UserRecord] = []
    with one_line_failures(mask), _reading(opts) as db:
        if db is not None:
            found = list_records(db, {line} if line else None)
            mask = replace(mask, lines=frozenset({r.line for r in found} | stored_lines(db)))
    if json_target:
        _write_json([_record_json(r, mask) for r in found], json_target, mask)
        return
    if not found:
        click.echo("no records yet (auditor record --help tells how)")
    for item in found:
        click.echo(mask(f"#{item.id:<4} {_describe(item)}"))


def _record_json(item: UserRecord, mask: Masker) -> dict:
    return {
        "id": item.id,
        "kind": item.kind,
        "line": mask(item.line),
        "service": mask(item.service) or None,
        "finding": item.finding or None,
        "on": item.on.isoformat(),
        "channel": mask(item.channel) or None,
        "ticket": mask(item.ticket) or None,
        "amount": None if item.amount_fen is None else format_fen(item.amount_fen),
        "note": mask(item.note) or None,
    }


@click.command()
@line_option(required=False, help="Only this line.")
@json_option
@history_options
@mask_option
def history(line: str | None, json_target: str | None, **opts) -> None:
    """Show each line's months as the history holds them: billed, stated, whether the
    bill adds up, the findings open and resolved, and your records.

    \b
    Examples:
      auditor history
      auditor history --line 13900001111
      auditor history --json - | jq '.lines[].months'
    """
    mask = Masker(not opts["no_mask"])
    lines: set[str] = set()
    with one_line_failures(mask), _reading(opts) as db:
        if db is not None:
            lines = {line} if line else stored_lines(db)
            mask = replace(mask, lines=frozenset(stored_lines(db)))
            stored = load_results(db, lines)
            set_aside_duplicate_bills(stored)
            months = months_of(stored)
            counts = finding_counts(db, lines)
            found = list_records(db, lines)
    data = []
    for each in sorted(lines):
        still, done = counts.get(each, (0, 0))
        data.append(
            {
                "line": mask(each),
                "findings": {"open": still, "resolved": done},
                "months": [
                    {
                        "period": m.period,
                        "billed": format_fen(m.billed_fen),
                        "stated": None if m.stated_fen is None else format_fen(m.stated_fen),
                        "reconciled": m.reconciled,
                    }
                    for m in months
                    if m.line == each
                ],
                "records": [_record_json(r, mask) for r in found if r.line == each],
            }
        )
    if json_target:
        _write_json({"lines": data}, json_target, mask)
        return
    if not data:
        click.echo("the history holds no line yet: run auditor audit first")
    for entry in data:
        click.echo(_history_text(entry))


def _history_text(entry: dict) -> str:
    """One line's block of ``auditor history``."""
    counts = entry["findings"]
    out = [
        f"{entry['line']}: findings {counts['open']} open, {counts['resolved']} resolved; "
        f"records {len(entry['records'])}",
        f"  {'month':<8} {'billed':>10} {'stated':>10}  adds up",
    ]
    for month in entry["months"]:
        out.append(
            f"  {month['period']:<8} {month['billed']:>10} {month['stated'] or '—':>10}  "
            f"{month['reconciled']}"
        )
    for item in entry["records"]:
        out.append(
            f"  #{item['id']} {item['on']} {item['kind']} {item['service'] or item['finding']}"
            + (f" 工单号 {item['ticket']}" if item["ticket"] else "")
        )
    return "\n".join(out)


def _write_json(data: object, target: str, mask: Masker) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if target == "-":
        click.echo(text, nl=False)
        return
    with one_line_failures(mask):
        atomic_write(Path(target), text.encode("utf-8"))


@click.command()
@line_option(help="The line to forget.")
@click.option("--yes", is_flag=True, help="Do not ask first.")
@history_options
@mask_option
def forget(line: str, yes: bool, **opts) -> None:
    """Remove a line and everything about it from the history: its bills, service
    lists, findings and your records. Files given again are stored again.

    \b
    Examples:
      auditor forget --line 13900001111
    """
    mask = Masker(not opts["no_mask"])
    if not yes and not click.confirm(mask(f"forget {line} and everything about it?")):
        raise click.Abort
    removed = 0
    if opts["db"] or db_path(opts).exists():  # else no audit has run: nothing to forget
        with one_line_failures(mask), history_at(db_path(opts), create=False) as db:
            removed = forget_line(db, line)
    if not removed:
        click.echo(mask(f"nothing stored for {line}: the history holds nothing of it"))
        return
    click.echo(mask(f"forgot {line}: {removed} row(s) removed"))


@contextlib.contextmanager
def _reading(opts: dict) -> Iterator[HistoryDB | None]:
    """The history a command reads, or ``None`` when there is none yet in the default
    place (no audit has run): the command then says so, as for an empty history. A
    ``--db`` naming no file stays an error: it is more likely mistyped than new."""
    path = db_path(opts)
    if opts["db"] is None and not path.exists():
        yield None
        return
    with history_read(path) as db:
        yield db
