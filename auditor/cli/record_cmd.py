"""``auditor record``: what the user did about a line (cancel, complaint, appeal, refund,
a month's bill that will not come, undo), typed on the command line or into a report's
Actions sheet (``--from``). Each opens the history database, does one thing in one
transaction and says what it did, in the active language, phone numbers masked unless
``--no-mask``."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import click

from auditor import pipeline
from auditor.cli.common import (
    EXIT_SOME_UNREAD,
    Failure,
    checked,
    db_path,
    history_at,
    history_mask,
    history_options,
    lang_option,
    one_line_failures,
)
from auditor.cli.json_out import record_json, write_json
from auditor.cli.localized import LocalGroup
from auditor.cli.record_options import (
    json_made,
    line_option,
    mask_option,
    on_option,
    record_options,
)
from auditor.cli.record_text import describe, recorded
from auditor.errors import located
from auditor.history.db import Missing, new_history
from auditor.history.no_bill import NO_BILL, parse_no_bill_month, refusal
from auditor.history.records import add_record, undo_record, undone_on
from auditor.history.refund_twice import judge_refund
from auditor.history.same_name import which_one
from auditor.history.typed import finding_line, findings_apart, not_seen
from auditor.lang import say
from auditor.model import UserRecord
from auditor.sheets import ACTIONS, channel_of
from auditor.writers import Masker


@click.group(cls=LocalGroup, invoke_without_command=True)
@click.option(
    "--from",
    "from_report",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    metavar="REPORT.xlsx",
    help="Record what you typed into a report's Actions sheet (Status, Ticket, Date).",
)
@history_options
@json_made
@mask_option
@lang_option
@click.pass_context
def record(ctx: click.Context, from_report: Path | None, **opts) -> None:
    """Record what you did about a line: a cancellation, a complaint, an appeal, a refund,
    a settlement without one.

    auditor counts them from the next audit on: a cancellation is a cancellation
    that day (the month is still due: 次月生效), so a later charge is a charge after
    cancellation that cites your record and its ticket; a complaint moves the MIIT
    appeal to 15 days after it and names its ticket; after an appeal, the next step is
    the appeal centre's answer; a refund is set against the money its service
    was charged on that line.

    \b
    Examples:
      auditor record cancel --line 13900001111 --service 咪咕视频会员 \\
          --on 2026-10-08 --channel 短信 --ticket 202610081234
      auditor record complaint --line 13900001111 --service 咪咕视频会员 \\
          --on 2026-12-06 --channel 热线 --ticket 202612060042
      auditor record refund --line 13900001111 --service 咪咕视频会员 \\
          --on 2026-12-20 --amount 15.00
      auditor record settle --line 13900001111 --service 咪咕视频会员 \\
          --on 2026-12-20 --note "送 10GB 流量"
      auditor record no-bill --line 13900001111 --month 2026-03
      auditor record undo 3
      auditor record --from reports/audit-2026-11-05.xlsx

    With --from, each row of the report's Actions sheet where you typed a status
    (退订 cancel, 销户 line closed, 投诉 complaint, 申诉 appeal, 退款 15.00 refund, 和解
    settled without a refund, maybe with the compensation and what was given: 和解 10.00
    话费补偿, 和解 送10GB流量; 10.00 on a row of several lines is shared out between them,
    exact to the fen, the fen left over to the first lines), its
    date and maybe a ticket (工单号) is recorded for every line of its service, or for
    those its Lines cell (号码) names alone: leave there the lines you did it on (as the
    report shows them, 139****0011, or in full; a cell that names ten, then '… 2 more',
    stands for every line as printed, and is refused once edited while the '… 2 more'
    stays: delete it and write each line). 销户 closes one line: on a row of several
    lines it is refused until its Lines cell names the line. The row's channel (方式) is
    kept where its step is a way to do what you typed (a refund keeps none). A row recorded
    before is not recorded again, nor one whose record you undid (the same typed in a later
    report is recorded, and said so beside the one undone). Rows that cannot be understood
    are named on stderr and the exit status is 3, as is a refund more than its service was
    ever charged, alone or with the refunds before it (recorded all the same: the sheet
    takes no --yes), and one of the day, service and amount of a refund recorded before
    (recorded twice? not recorded).
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
    from auditor.history.typed_ticket import ticket_lost, ticket_not_kept

    mask = Masker(not opts["no_mask"])
    with one_line_failures(mask):
        # the today of record --on and of the audits, so a date typed is checked alike
        typed, problems = typed_rows(report, pipeline.today())
        with history_at(db_path(opts), create=False, missing=Missing.RECORD_FROM) as db:
            made, not_made, said = record_typed(db, typed, report.name, pipeline.today())
            mask = history_mask(mask, db)  # as the report shows lines and tickets
    lost = [located(report, ticket_lost(r.row, r.ticket_lost)) for r in typed if r.ticket_lost]
    lost += [located(report, ticket_not_kept(r.row, r.ticket_not)) for r in typed if r.ticket_not]
    for problem in [*problems, *(located(report, line) for line in [*not_made, *said]), *lost]:
        click.echo(mask(f"auditor: {problem}"), err=True)
    _tell(made, opts["json_target"], mask, many=True)
    aside = opts["json_target"] == "-"  # stdout is the JSON's
    if not typed and not problems:
        click.echo(
            mask(
                say(
                    f"{report}：「{ACTIONS.zh}」表的「状态」列还没有填写",
                    f"{report}: nothing typed in its {ACTIONS.en} sheet's Status column yet",
                )
            ),
            err=aside,
        )
    elif not made:
        click.echo(say("没有新的记录", "nothing new to record"), err=aside)
    if problems or not_made:  # what was understood is recorded; the rest is said, and
        raise click.exceptions.Exit(EXIT_SOME_UNREAD)  # the status tells a script


def _with_group_options(opts: dict) -> dict:
    """A subcommand's options, with those given to ``auditor record`` itself in their
    place when the subcommand has none of its own: ``record --db FILE cancel ...`` uses
    FILE, as ``record cancel --db FILE ...`` does (``--db``, ``--json`` and ``--no-mask``;
    ``--lang`` is set where it is given)."""
    group = click.get_current_context().parent
    given = group.params if group is not None else {}
    inherited = {key: given[key] for key in ("db", "no_mask", "json_target") if given.get(key)}
    return {**opts, **{key: value for key, value in inherited.items() if not opts.get(key)}}


def _record_command(kind: str, summary: str):
    """``auditor record <kind>``."""

    @record.command(kind, help=summary)
    @record_options(kind)
    def command(line: str | None, service: str | None, finding: str | None, **opts) -> None:
        opts = _with_group_options(opts)
        mask = Masker(not opts["no_mask"])
        if bool(service) == bool(finding):
            raise click.UsageError(
                say(
                    "请给出 --service NAME 或 --finding ID（二者选一）",
                    "give --service NAME or --finding ID (one of them)",
                )
            )
        if not line and not finding:
            raise click.UsageError(
                say(
                    "请用 --line 给出号码（给 --finding 时可省略）",
                    "give the line with --line (it may be left out with --finding)",
                )
            )
        # Only a --db given can be a slip, which the history refuses to make (exit 2): the
        # default history is the one the audits use.
        create = opts["create"] or not opts["db"]
        with (
            one_line_failures(mask),
            history_at(db_path(opts), create=create, missing=Missing.RECORD) as db,
        ):
            started = db.created  # said once recorded, as an audit says it: --db may be a slip
            # as the audit's outputs show lines and tickets (this one's too)
            mask = history_mask(replace(mask, own={opts["ticket"]}), db, {line} - {None})
            line = _line_of(db, finding, line, mask) if finding else (line or "")
            warning = not_seen(db, line, service or "", finding or "")
            if warning and finding:  # an id comes from a report: one not found is a slip
                raise click.UsageError(mask(warning + say("；未记录", "; nothing recorded")))
            if warning:  # a service may be named before any audit reads it
                anyway = say("；仍已记录", "; recorded anyway")
                click.echo(mask(f"auditor: {warning}{anyway}"), err=True)
            if service and (apart := findings_apart(db, line, service)):
                raise click.UsageError(mask(which_one(kind, service, line, apart)))
            added = add_record(
                db,
                kind,
                line,
                opts["on"],
                service=service or "",
                finding=finding or "",
                ticket=opts["ticket"],
                channel=channel_of(opts["channel"]) or opts["channel"],
                note=opts["note"],
                amount_fen=opts.get("amount"),
                closes_line=opts.get("line_closed", False),
            )
            said = (
                judge_refund(db, added, opts["yes"], pipeline.today()) if kind == "refund" else None
            )
            if said and said.refused:  # the transaction undone
                raise Failure(mask(said.said))
        if started:
            click.echo(mask(f"auditor: {new_history(db.path, by_audit=False)}"), err=True)
        _tell([added], opts["json_target"], mask)
        if said and said.said:  # more than was ever charged with those before: recorded
            click.echo(mask(f"auditor: {said.said}"), err=True)

    return command


def _tell(made: list[UserRecord], json_target: str | None, mask: Masker, many=False) -> None:
    """Say what was recorded (``recorded #3: …``), and write it as JSON to ``json_target``
    (a list of them where ``many``, else the one): on stdout for ``-``, the sentences
    then going to stderr."""
    if json_target:
        data = [record_json(r, mask) for r in made]
        write_json(data if many else data[0], json_target, mask)
    for added in made:
        click.echo(mask(recorded(added)), err=json_target == "-")


def _line_of(db, finding: str, line: str | None, mask: Masker) -> str:
    """The line of ``finding`` (an id), as the history holds it; a usage error when it
    holds no such finding, or ``line`` was given and is another (both named). A line
    given with an id the history does not know is left to :func:`not_seen` to say."""
    known = finding_line(db, finding)
    if known is None and line:
        return line
    if known is None:
        raise click.UsageError(
            say(
                f"{finding}：历史记录里没有这个编号的发现；未记录",
                f"{finding}: the history holds no finding of this id; nothing recorded",
            )
        )
    if line and line != known:
        raise click.UsageError(
            mask(
                say(
                    f"--line {line} 与发现 {finding} 的号码 {known} 不同；未记录（可省略 --line）",
                    f"--line {line} is not the line of finding {finding}, {known}; nothing "
                    "recorded (--line may be left out)",
                )
            )
        )
    return known


cancel = _record_command(
    "cancel",
    """Record that you cancelled a service (退订): the date, how, the ticket (工单号).

    From the next audit on it counts as a cancellation that day, even once the
    carrier's list no longer shows the service; a later charge is a charge after
    cancellation that cites this record. A name several services of the line are billed
    under (two SP services both billed as 信息费) does not say which was cancelled: it
    is refused, with their findings' ids, to be recorded with --finding (or by the name
    the service list gives, 手机报). A complaint or an appeal alike.

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

    The MIIT appeal then opens 15 days after it, and its step names the ticket.

    \b
    Examples:
      auditor record complaint --line 13900001111 --service 咪咕视频会员 \\
          --on 2026-12-06 --channel 热线 --ticket 202612060042
      auditor record complaint --finding F3a9c0d1e2b4f --on 2026-12-06
    """,
)
appeal = _record_command(
    "appeal",
    """Record an appeal you made to the MIIT appeal centre (申诉): the date, the ticket.

    The next step is then the centre's answer: whether it accepts the appeal within 5
    working days, its resolution within 30 days, and a call to the centre with the
    appeal's ticket if nothing comes; never to appeal again.

    \b
    Examples:
      auditor record appeal --line 13900001111 --service 咪咕视频会员 \\
          --on 2026-11-10 --ticket SS2026111000123
    """,
)
refund = _record_command(
    "refund",
    """Record money refunded to you (退款), set against the money it covers.

    A refund of a service covers the months its findings on that line claim, the
    oldest first, a finding still found and a refund due alike (--finding names the
    service by one of its findings; a bill's finding, its months alone); it never
    counts for more than was charged. A name several services of the line are billed
    under (two SP services both billed as 信息费) does not say whose money came back:
    it is refused, with their findings' ids, to be recorded with --finding. So is a
    refund more than the history ever saw charged for its service on the line (1500
    typed for 15.00), and one of the day, service and amount of a refund recorded
    before (recorded twice), unless --yes (compensation on top, refunded twice). One
    that, with the refunds of its service recorded before it, comes to more than was
    ever charged is recorded and said, with the refunds before it.

    \b
    Examples:
      auditor record refund --line 13900001111 --service 咪咕视频会员 \\
          --on 2026-12-20 --amount 15.00 --ticket 202612060042
    """,
)

settle = _record_command(
    "settle",
    """Record that you closed a finding or a refund due without a refund (和解 / 放弃):
    you gave up asking, or the carrier settled it some other way (话费补偿, 送流量, 积分).

    What its service was charged on the line through the month of --on, and no refund
    covers, is no longer asked back: the finding (or refund due) stops asking for steps,
    is shown resolved as settled, and its money is shown as closed without a refund, with
    what was given (--note, and --amount if money: never counted as a refund). A charge
    of a later month is a new finding; a finding that asks no money back (a price rise,
    a suspended line still charged) is accepted: found alike later it stays settled,
    until it changes (a new price). auditor record undo takes it back.

    \b
    Examples:
      auditor record settle --line 13900001111 --service 咪咕视频会员 \\
          --on 2026-12-20 --note "送 10GB 流量"
      auditor record settle --finding F3a9c0d1e2b4f --on 2026-12-20 --amount 10.00 \\
          --note 话费补偿
      auditor record settle --line 13900001111 --service 手机报 --note 放弃
    """,
)


@record.command("no-bill")
@line_option("The phone line (11 digits) whose bill will not come.")
@click.option(
    "--month",
    required=True,
    metavar="YYYY-MM",
    callback=lambda _ctx, param, value: checked(parse_no_bill_month, value, param),
    help="The month whose bill will not come (not after this month).",
)
@on_option(
    "When you found it will not come (YYYY-MM-DD) [default: today]: an audit dated before "
    "it (--as-of) still asks for the month."
)
@click.option("--note", default="", metavar="N", help="Anything else worth keeping.")
@history_options
@json_made
@mask_option
@lang_option
def no_bill(line: str, month: str, on: date, note: str, **opts) -> None:
    """Record that a month's bill of a line will not come (缺账单), to stop asking for it.

    A month whose bill was never given is said in every report after it (Summary,
    Follow-up, JSON) and shown as a gap by auditor history, until its bill is given. When
    it is out of reach for good (the carrier's portal keeps about 6 months of bills, the
    line was closed, the export was lost), record it: from the next audit on, that month
    of that line is no longer said missing, and auditor history shows it as "no bill,
    recorded on" the day. A bill of that month given after all is audited as usual (the
    record is then moot: auditor history says so); auditor record undo asks for it again.
    --on dates the record (default today), as other records are: an audit dated before
    that day (--as-of) still asks for the month, as it did then. A month after this one,
    a line the history does not know, and a month whose bill it holds are refused.

    \b
    Examples:
      auditor record no-bill --line 13900001111 --month 2026-03
      auditor record no-bill --line 13900001111 --month 2026-04 --note "营业厅查不到了"
      auditor record no-bill --line 13900001111 --month 2026-05 --on 2026-09-20
    """
    opts = _with_group_options(opts)
    mask = Masker(not opts["no_mask"])
    with (
        one_line_failures(mask),
        history_at(db_path(opts), create=False, missing=Missing.RECORD_FROM) as db,
    ):
        mask = history_mask(mask, db, {line})
        if said := refusal(db, line, month, pipeline.today()):
            raise Failure(mask(said))
        added = add_record(db, NO_BILL, line, on, note=note, month=month)
    _tell([added], opts["json_target"], mask)


@record.command("undo")
@click.argument("record_id", type=click.IntRange(min=1), metavar="ID")
@history_options
@mask_option
@lang_option
def undo(record_id: int, **opts) -> None:
    """Remove record ID (the number `auditor records` shows).

    It counts no more from the next audit on. One typed in a report's Actions sheet is
    not recorded again when record --from reads that report again; the same typed in a
    later report (the charge came back, and you did it again) is recorded anew.

    \b
    Examples:
      auditor record undo 3
    """
    opts = _with_group_options(opts)
    mask = Masker(not opts["no_mask"])
    with one_line_failures(mask), history_at(db_path(opts), create=False) as db:
        mask = history_mask(mask, db)  # the record's service as its history's outputs show it
        removed = undo_record(db, record_id, pipeline.today())
        before = undone_on(db, record_id) if removed is None else None
    if before is not None:
        raise Failure(
            say(
                f"第 {record_id} 号记录已于 {before} 删除",
                f"record #{record_id} was undone on {before} already",
            )
        )
    if removed is None:
        raise Failure(
            say(
                f"没有第 {record_id} 号记录（auditor records 会列出它们）",
                f"no record #{record_id} (auditor records lists them)",
            )
        )
    what = describe(removed)
    click.echo(mask(say(f"已删除 #{removed.id}：{what}", f"removed #{removed.id}: {what}")))
