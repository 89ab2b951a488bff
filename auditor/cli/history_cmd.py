"""The history commands that show and remove: ``records``, ``history`` and ``forget``
(``record`` is :mod:`auditor.cli.record_cmd`). Each opens the history database, does one
thing in one transaction and prints what it did in the active language, phone numbers
masked unless ``--no-mask``."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import click

from auditor import clock
from auditor.cli.common import (
    db_path,
    history_at,
    history_mask,
    history_options,
    lang_option,
    one_line_failures,
    reading_history,
)
from auditor.cli.json_out import json_option, record_json, write_json
from auditor.cli.known_cmd import settings_of
from auditor.cli.localized import LocalCommand
from auditor.cli.record_options import line_option, mask_option
from auditor.cli.record_text import describe
from auditor.config import UserConfig, load_config, not_in_settings
from auditor.history.findings import Seen
from auditor.history.holders import remembered_holders
from auditor.history.line_months import stored_lines
from auditor.history.records import list_records
from auditor.history.refund_due import RefundDue
from auditor.history.store import forget_line
from auditor.holders import Holders
from auditor.lang import counted, say
from auditor.model import UserRecord
from auditor.overview import LineHistory, line_histories
from auditor.pipeline import AuditOptions
from auditor.readers import ReadOptions
from auditor.values import format_fen
from auditor.writers import Masker
from auditor.writers.history_text import (
    line_text,
    months_between,
    no_bill_records,
    per_month,
    totals_text,
)
from auditor.writers.json_history import closed_json, over_json, refund_due_json, whose


@click.command(cls=LocalCommand)
@line_option("Only this line (again for more).", required=False, multiple=True)
@json_option
@history_options
@mask_option
@lang_option
def records(line: tuple[str, ...], json_target: str | None, **opts) -> None:
    """List your records (cancellations, complaints, appeals, refunds), oldest first.

    \b
    Examples:
      auditor records
      auditor records --line 13900001111 --json -
    """
    mask = Masker(not opts["no_mask"])
    found: list[UserRecord] = []
    with one_line_failures(mask), reading_history(opts) as db:
        if db is not None:
            found = list_records(db, set(line) or None)
            mask = history_mask(mask, db, {r.line for r in found})
    if json_target:
        write_json([record_json(r, mask) for r in found], json_target, mask)
        return
    if not found:
        click.echo(
            say(
                "还没有记录（auditor record --help 说明怎么记）",
                "no records yet (auditor record --help tells how)",
            )
        )
    for item in found:
        click.echo(mask(f"#{item.id:<4} {describe(item)}"))


@click.command(cls=LocalCommand)
@line_option("Only this line (again for more).", required=False, multiple=True)
@click.option(
    "--known",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Settings TOML: known services, line owners and carriers [default: auditor.toml "
    "here or above, else the one the last audit used].",
)
@click.option(
    "--owner",
    "owner_names",
    multiple=True,
    metavar="NAME",
    help="Only the lines of this owner or group in the settings (again for more).",
)
@json_option
@history_options
@mask_option
@lang_option
def history(
    line: tuple[str, ...],
    owner_names: tuple[str, ...],
    known: Path | None,
    json_target: str | None,
    **opts,
) -> None:
    """Show each line's months as the history holds them: billed, stated, whether the
    bill adds up, the findings open and resolved, and your records.

    Under each line: its open findings (what, which service, how much), the refunds
    still due today (as an audit's Follow-up counts them, your refunds recorded since
    set against them) and your records. --line shows only that line (again for more);
    --owner only the lines of an owner or a group (a department) in the settings, with
    their totals at the end.

    \b
    Examples:
      auditor history
      auditor history --line 13900001111 --line 18600005678
      auditor history --owner 销售部
      auditor history --json - | jq '.lines[].months'
    """
    mask = Masker(not opts["no_mask"])
    held: dict[str, LineHistory] = {}
    with one_line_failures(mask):
        with reading_history(opts) as db:
            # the settings the audits of this history read, when none is here or above
            found = settings_of(known, db, mask)
            config = load_config(found) if found is not None else UserConfig()
            for notice in config.notices:  # what it holds that auditor does not know: ignored
                click.echo(mask(f"auditor: {notice}"), err=True)
            # who held each line: the settings', and the history's memory of each month
            # audited (a former owner's lines are still theirs to look up)
            holders = config.holders()
            if db is not None:
                holders = replace(holders, remembered=remembered_holders(db))
            owned = _owned_by(owner_names, holders, found)
            if db is not None:
                stored = stored_lines(db)
                lines = set(line) & stored if line else stored
                if owned is not None:
                    lines &= owned
                mask = history_mask(mask, db, line)
                # due today, by the settings an audit would read (a service known since
                # is no money to ask back)
                settings = AuditOptions(
                    as_of=clock.today(),
                    known_services=config.known_services,
                    line_known_services=config.line_known,
                    account=config.account,
                    read=ReadOptions(line_carriers=tuple(sorted(config.carriers.items()))),
                )
                held = line_histories(db, lines, settings)
    if json_target:
        data = [_line_json(each, holders, held[each], mask) for each in sorted(held)]
        write_json({"lines": data}, json_target, mask)
        return
    for unknown in sorted(set(line) - set(held)):
        click.echo(mask(_nothing_stored(unknown)))
    if not held and not line:
        click.echo(
            say(
                "历史记录里还没有号码：请先运行 auditor audit",
                "the history holds no line yet: run auditor audit first",
            )
        )
    # a stranger's bill dropped in the folder: said so, its money apart, as the audit's
    apart = {
        each for each in held if not_in_settings(each, config.lines) and not holders.knows(each)
    }
    for each in sorted(held):
        owner = holders.now(each)[0] or None
        click.echo(line_text(each, owner, held[each], mask, each in apart))
    if len(held) > 1:  # a company's hundreds of lines: what they come to, at the end
        click.echo(totals_text(held, mask, apart))


def _owned_by(names: tuple[str, ...], holders: Holders, found: Path | None) -> set[str] | None:
    """The lines whose owner or group is one of ``names`` (``None``: no ``--owner``
    given): now, earlier in the settings, or as the history remembers a month audited (a
    number handed over is its former owner's too). A name none of them gives is a usage
    error naming the names they do give, so a typo never reads as an owner with nothing
    open."""
    if not names:
        return None
    given = holders.names()
    groups = sorted({g for g in holders.groups.values() if g})
    owners = sorted(given - set(groups))
    missing = [name for name in names if name not in given]
    if missing:
        where = found if found is not None else say("（没有设置文件）", "(no settings file)")
        shown, more = _some_names(missing[0], groups, owners)
        raise click.UsageError(
            say(
                f"--owner {missing[0]}：设置 {where} 里没有这个所有人或分组；"
                f"有：{'、'.join(shown) or '（无）'}{f' 等，另有 {more} 个' if more else ''}",
                f"--owner {missing[0]}: the settings {where} have no owner or group of "
                f"that name; they have: {', '.join(shown) or '(none)'}"
                f"{f' and {more} more' if more else ''}",
            )
        )
    return holders.lines_of(set(names))


#: How many names a mistyped ``--owner`` is answered with: a company's 160 owners were
#: all printed on one line.
NAMES_SHOWN = 8


def _some_names(typed: str, groups: list[str], owners: list[str]) -> tuple[list[str], int]:
    """The names of the settings to answer a mistyped ``--owner`` with, at most
    :data:`NAMES_SHOWN`, and how many more there are: those most like ``typed`` first
    (张伟 for 张玮), then the groups (the departments: few), then the owners."""
    import difflib  # (only for a mistyped name: a command never loads it otherwise)

    close = difflib.get_close_matches(typed, [*groups, *owners], n=3, cutoff=0.5)
    every = list(dict.fromkeys([*close, *groups, *owners]))
    return every[:NAMES_SHOWN], max(0, len(every) - NAMES_SHOWN)


def _line_json(line: str, holders: Holders, held: LineHistory, mask: Masker) -> dict:
    """One line of ``auditor history --json``: whose it is (``holders``: the settings'
    owners and groups, and the history's of each month audited), its months, open
    findings, refunds due and records (the text shows the same)."""

    told = held.told  # two SP services billed as 信息费: told apart as the text tells them
    given = sorted(m.period for m in held.months)
    excused = no_bill_records(held.records)  # months whose bill will not come
    still = per_month(held.still)
    gone = per_month([f for f in held.gone if f.id not in held.became])

    def refund(due: RefundDue) -> dict:
        return refund_due_json(
            due, held.records, held.beyond, mask, holders, told, held.over_charged
        )

    return {
        "line": mask(line),
        **whose(line, holders, mask),
        "findings": {
            "open": len(held.still),
            "resolved": held.resolved,
            "listed": [_finding_json(f, mask, held.back.get(f.id, 0)) for f in held.still],
            # resolved (or grown into a charge after cancellation): what, when and how
            "resolved_listed": [_gone_json(f, held, mask) for f in held.gone],
            # information (a change coming next month): no money at issue, never open
            "notices": [_finding_json(f, mask) for f in held.notices],
        },
        "months": [
            {
                "period": m.period,
                "billed": _money(m.billed_fen),
                "stated": _money(m.stated_fen),
                "total": _money(m.total_fen),
                "reconciled": m.reconciled,
                "findings_open": still.get(m.period, 0),
                "findings_resolved": gone.get(m.period, 0),
            }
            for m in held.months
        ],
        # 携号转网: the months its bills moved to another carrier ([] when they never did)
        "ports": [
            {"month": port.month, "from": port.before, "to": port.after} for port in held.ports
        ],
        # the months between its first and latest whose bill was never given: not checked
        # (but those recorded as having no bill to come, listed apart)
        "missing_months": [p for p in months_between(given) if p not in given and p not in excused],
        "no_bill_months": [
            {"month": p, "recorded_on": r.on.isoformat(), "record": r.id}
            for p, r in sorted(excused.items())
            if p not in given
        ],
        "refunds_due": [refund(due) for due in held.due],
        "over_refunded": [refund(due) for due in held.over_refunded],
        "refunds_closed": [refund(due) for due in held.refunded],
        "closed_without_refund": [
            closed_json(due, held.records, held.beyond, mask, holders, told, held.over_charged)
            for due in held.closed
        ],
        "records": [
            record_json(r, mask)
            | {"beyond_claims": _money(held.beyond.get(r.id))}
            | over_json(held.over_charged.get(r.id))
            for r in held.records
        ],
    }


def _money(fen: int | None) -> str | None:
    return None if fen is None else format_fen(fen)


def _gone_json(finding: Seen, held: LineHistory, mask: Masker) -> dict:
    """A finding resolved, or closed as grown into a charge after cancellation
    (``became``): what it was, when (``resolved_on``) and how (``reason``)."""
    on = finding.resolved_on
    return _finding_json(finding, mask) | {
        "resolved_on": on.isoformat() if on else None,
        "reason": mask(finding.reason),
        "became": finding.id in held.became,
    }


def _finding_json(finding: Seen, mask: Masker, back: int = 0) -> dict:
    """An open finding as the history last saw it: what, which service, how much, and
    what came back of it (``back``: as an audit today counts it, a finding's
    ``refunded``)."""
    return {
        "id": finding.id,
        "rule": finding.rule,
        "service": mask(finding.service) or None,
        "periods": list(finding.periods),
        "amount": format_fen(finding.amount_fen),
        "refunded": format_fen(min(back, finding.amount_fen)),
        "monthly": None if finding.monthly_fen is None else format_fen(finding.monthly_fen),
        "first_seen": finding.first_seen.isoformat(),
    }


@click.command(cls=LocalCommand)
@line_option("The line to forget.")
@click.option("--yes", is_flag=True, help="Do not ask first.")
@history_options
@mask_option
@lang_option
def forget(line: str, yes: bool, **opts) -> None:
    """Remove a line and everything about it from the history: its bills, service
    lists, findings and your records. Files given again are stored again.

    \b
    Examples:
      auditor forget --line 13900001111
    """
    mask = Masker(not opts["no_mask"])
    asked = say(f"删除 {line} 及其全部记录？", f"forget {line} and everything about it?")
    if not yes and not click.confirm(mask(asked)):
        raise click.Abort
    removed = 0
    if opts["db"] or db_path(opts).exists():  # else no audit has run: nothing to forget
        with one_line_failures(mask), history_at(db_path(opts), create=False) as db:
            removed = forget_line(db, line)
    if not removed:
        click.echo(mask(_nothing_stored(line)))
        return
    click.echo(
        mask(
            say(
                f"已删除 {line}：共 {removed} 行",
                f"forgot {line}: {counted(removed, 'row')} removed",
            )
        )
    )


def _nothing_stored(line: str) -> str:
    """What ``history`` and ``forget`` say of a line the history holds nothing of."""
    return say(
        f"{line} 没有保存任何内容：历史记录里没有它",
        f"nothing stored for {line}: the history holds nothing of it",
    )
