"""``auditor known add|remove|list``: the services you know and want, in the settings file,
edited without touching the rest of it."""

from __future__ import annotations

from pathlib import Path

import click

from auditor.cli.common import (
    Failure,
    checked,
    history_mask,
    history_options,
    lang_option,
    one_line_failures,
    reading_history,
)
from auditor.cli.localized import LocalGroup
from auditor.config import DEFAULT_CONFIG
from auditor.history.db import HistoryDB
from auditor.history.settings_used import settings_used
from auditor.history.typed import not_seen
from auditor.lang import say
from auditor.settings_search import settings_below, settings_for
from auditor.values import parse_phone
from auditor.writers import Masker

#: Where ``--known`` is when not given, said in each command's help.
DEFAULT_NOTE = "Default: auditor.toml here or above, else the one the last audit used."


def known_file_option(what: str):
    """``--known FILE``, the settings file, said of each command (``what``); by default
    (None here) the working folder's or the nearest above, else the one the history's
    last audit used (:func:`settings_of`)."""
    return click.option(
        "--known",
        "path",
        type=click.Path(dir_okay=False, path_type=Path),
        metavar="FILE",
        help=f"{what} {DEFAULT_NOTE}",
    )


def settings_of(path: Path | None, db: HistoryDB | None, mask: Masker) -> Path | None:
    """The settings file of a command given no bills: ``path`` (``--known``), else the
    working folder's or the nearest above, else the one the last audit of ``db`` used
    (:func:`~auditor.settings_search.settings_for`); None when there is none. One found
    here or above that is not the last audit's is said, with the ``--known`` that takes
    that one: the audits of the bills below read their own, not this."""
    last = settings_used(db) if db is not None else None
    found = settings_for(path, last)
    if path is None and found is not None and last is not None and not _same(found, last):
        if last.is_file():
            click.echo(
                mask(
                    say(
                        f"auditor: 注意：{found} 不是上次检查用的设置文件 {last}"
                        f"（要用那个，请加 --known {last}）",
                        f"auditor: note: {found} is not the settings file the last audit "
                        f"read, {last} (--known {last} takes that one)",
                    )
                ),
                err=True,
            )
    return found


def none_found(mask: Masker, below: list[Path]) -> str:
    """What a command given no bills says when it finds no settings file: here, above, or
    one an audit used; and those ``below`` (:func:`~auditor.settings_search.
    settings_below`), in the bills' folders, to name with --known."""
    said = say(
        "在当前文件夹及其上层都没有设置文件 auditor.toml，历史记录里的检查也没用过",
        "no settings file auditor.toml here or above, nor one an audit in the history read",
    )
    if below:
        named = say("、", ", ").join(str(place) for place in below[:3])
        said += say(
            f"；下层文件夹中有：{named}（请用 --known {below[0]} 指定）",
            f"; below here: {named} (name it with --known {below[0]})",
        )
    return mask(said)


def _same(a: Path, b: Path) -> bool:
    try:
        return a.samefile(b)
    except OSError:
        return False


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
def add(name: str, line: str | None, path: Path | None, no_mask: bool, **opts) -> None:
    """Add NAME (as the bill writes it) to the known services.

    A name no bill or service list in the history writes (of the line, with --line) is
    added all the same, with a warning naming the services it may be a slip for.

    Where no settings file is found (here, above, or the one the last audit used), one is
    made here, and said; but not while one stands in a folder below (the bills'): it is
    named, to give with --known.

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
                # as the audit's outputs show lines and tickets
                mask = history_mask(mask, db, {line} - {None})
            found = settings_of(path, db, mask)
        if found is None and (below := settings_below()):
            # a new file here would be read by no audit of the bills below, which read
            # their own: the name would still be flagged there
            raise Failure(
                none_found(mask, below)
                + say(
                    "：未加入（要在这里新建一个，请加 --known auditor.toml）",
                    ": nothing added (--known auditor.toml makes one here)",
                )
            )
        target = found or DEFAULT_CONFIG
        made = not target.exists()
        added = add_known(target, name, line)
    if made:
        why = (
            say("（--known 指定的）", " (named by --known)")
            if path is not None
            else say(
                "（当前文件夹及其上层都没有，历史记录里的检查也没用过）",
                " (none here or above, nor one an audit in the history read)",
            )
        )
        click.echo(
            mask(
                say(
                    f"已新建设置文件 {target.absolute()}{why}：它所在文件夹及下层的账单，"
                    "在没有离得更近的设置文件时，检查都会用它",
                    f"made the settings file {target.absolute()}{why}: audits of the bills "
                    "in its folder and below read it, where none stands nearer them",
                )
            )
        )
    path = target
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
@history_options
@mask_option
@lang_option
def remove(name: str, line: str | None, path: Path | None, no_mask: bool, **opts) -> None:
    """Remove NAME from the known services (every spelling of it).

    \b
    Examples:
      auditor known remove 咪咕视频会员
      auditor known remove 沃音乐会员 --line 18600005678
    """
    mask = Masker(not no_mask)
    from auditor.known_edit import remove_known

    with one_line_failures(mask):
        with reading_history(opts) as db:
            found = settings_of(path, db, mask)
        if found is None:
            raise Failure(none_found(mask, settings_below()))
        path = found
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
@history_options
@mask_option
@lang_option
def list_(path: Path | None, no_mask: bool, **opts) -> None:
    """List the known services, those known on one line alone last.

    \b
    Examples:
      auditor known list
      auditor known list --known ~/bills/auditor.toml
    """
    mask = Masker(not no_mask)
    from auditor.known_edit import list_known

    with one_line_failures(mask):
        with reading_history(opts) as db:
            path = settings_of(path, db, mask)
        if path is None:
            click.echo(none_found(mask, settings_below()))
            return
        found = list_known(path)
    if not found:
        click.echo(mask(say(f"{path} 中没有已知业务", f"no known services in {path}")))
    for item in found:
        under = say(f"  （只对 {item.line} 有效）", f"  (on {item.line} alone)")
        click.echo(mask(item.name + (under if item.line else "")))
