"""``auditor known add|remove|list``: the services you know and want, in the settings file,
edited without touching the rest of it."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import click

from auditor.cli.common import (
    Failure,
    checked,
    history_options,
    lang_option,
    one_line_failures,
    reading_history,
)
from auditor.cli.localized import LocalGroup
from auditor.config import DEFAULT_CONFIG, find_config
from auditor.history.store import stored_lines
from auditor.history.typed import not_seen
from auditor.lang import say
from auditor.values import parse_phone
from auditor.writers import Masker

#: Where ``--known`` is when not given, said in each command's help.
DEFAULT_NOTE = "Default: auditor.toml here or above."


def known_file_option(what: str):
    """``--known FILE``, the settings file, said of each command (``what``); by default
    the one an audit run here would use (:func:`~auditor.config.find_config`: this
    folder's, or the nearest above), else ``auditor.toml`` here."""
    return click.option(
        "--known",
        "path",
        type=click.Path(dir_okay=False, path_type=Path),
        callback=lambda _ctx, _param, value: value or find_config(None, [])[0] or DEFAULT_CONFIG,
        metavar="FILE",
        help=f"{what} {DEFAULT_NOTE}",
    )


def line_option(what: str):
    """``--line NUMBER``, a line's own table of the settings, said of each command."""
    return click.option(
        "--line",
        metavar="NUMBER",
        callback=lambda _ctx, param, value: checked(parse_phone, value, param),
        help=what,
    )


mask_option = click.option("--no-mask", is_flag=True, help="Show phone numbers in full.")


@click.group(cls=LocalGroup)
@lang_option
def known() -> None:
    """The services you know and want: an unknown-vas finding is not raised for them.

    \b
    Examples:
      auditor known add 腾讯视频会员
      auditor known add 沃音乐会员 --line 18600005678 --known ~/bills/auditor.toml
      auditor known remove 咪咕视频会员
      auditor known list
    """


@known.command("add")
@click.argument("name")
@line_option("Known on this line alone (listed under its table); else on every line.")
@known_file_option("The settings file to add it to (made when missing).")
@history_options
@mask_option
@lang_option
def add(name: str, line: str | None, path: Path, no_mask: bool, **opts) -> None:
    """Add NAME (as the bill writes it) to the known services.

    A name no bill or service list in the history writes (of the line, with --line) is
    added all the same, with a warning naming the services it may be a slip for.

    \b
    Examples:
      auditor known add 腾讯视频会员
      auditor known add 沃音乐会员 --line 18600005678
    """
    # tomlkit is imported when the list is edited, not at every start of auditor.
    from auditor.known_edit import add_known

    mask = Masker(not no_mask)

    with one_line_failures(mask):
        # Checked as a record is (auditor record cancel --service 沃音乐): a name that
        # matches nothing billed hides nothing, and the service meant stays flagged.
        warning = ""
        with reading_history(opts) as db:
            if db is not None:
                warning = not_seen(db, line, name.strip())
                # told apart from the history's other lines, as the audit's outputs show them
                mask = replace(mask, lines=frozenset(stored_lines(db) | {line} - {None}))
        added = add_known(path, name, line)
    if added and warning:
        anyway = say("；仍已加入", "; added anyway")
        click.echo(mask(f"auditor: {warning}{anyway}"), err=True)
    if added:
        said = say(
            f"已把 {name} 加入 {path}" + (f"，只对 {line} 有效" if line else ""),
            f"added {name} to {path}" + (f", known on {line} alone" if line else ""),
        )
    else:
        said = say(f"{name} 已在 {path} 的已知业务中", f"{name} is already known in {path}")
    click.echo(mask(said))


@known.command("remove")
@click.argument("name")
@line_option("Remove it from this line's table only (else from every table).")
@known_file_option("The settings file to remove it from.")
@mask_option
@lang_option
def remove(name: str, line: str | None, path: Path, no_mask: bool) -> None:
    """Remove NAME from the known services (every spelling of it).

    \b
    Examples:
      auditor known remove 咪咕视频会员
      auditor known remove 沃音乐会员 --line 18600005678
    """
    mask = Masker(not no_mask)
    from auditor.known_edit import remove_known

    with one_line_failures(mask):
        removed = remove_known(path, name, line)
    if not removed:
        raise Failure(
            mask(
                say(
                    f"{name} 不在 {path} 的已知业务中",
                    f"{name} is not among the known services of {path}",
                )
            )
        )
    click.echo(
        mask(
            say(
                f"已从 {path} 删除 {'、'.join(removed)}",
                f"removed {', '.join(removed)} from {path}",
            )
        )
    )


@known.command("list")
@known_file_option("The settings file to list.")
@mask_option
@lang_option
def list_(path: Path, no_mask: bool) -> None:
    """List the known services, those known on one line alone last.

    \b
    Examples:
      auditor known list
      auditor known list --known ~/bills/auditor.toml
    """
    mask = Masker(not no_mask)
    from auditor.known_edit import list_known

    with one_line_failures(mask):
        found = list_known(path)
    if not found:
        click.echo(mask(say(f"{path} 中没有已知业务", f"no known services in {path}")))
    for item in found:
        under = say(f"  （只对 {item.line} 有效）", f"  (on {item.line} alone)")
        click.echo(mask(item.name + (under if item.line else "")))
