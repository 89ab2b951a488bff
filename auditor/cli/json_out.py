"""What the history's commands write for a script: ``--json FILE|-`` (``auditor
records``, ``auditor history``, ``auditor record``), and a record as they all give it."""

from __future__ import annotations

import json
from pathlib import Path

import click

from auditor.cli.common import checked, named_file, one_line_failures
from auditor.model import UserRecord
from auditor.sheets import channel_id
from auditor.values import format_fen
from auditor.writers import Masker
from auditor.writers.safe import atomic_write


def json_to(help: str):
    """A ``--json FILE|-`` option (into ``json_target``) saying ``help``."""
    return click.option(
        "--json",
        "json_target",
        callback=lambda _ctx, param, value: checked(named_file, value, param),
        metavar="FILE|-",
        help=help,
    )


json_option = json_to("Write it as JSON to FILE ('-' for stdout) instead of a table.")


def record_json(item: UserRecord, mask: Masker) -> dict:
    """One of the user's records as ``auditor records --json`` lists it (and ``auditor
    record --json`` gives the one it made)."""
    return {
        "id": item.id,
        "kind": item.kind,
        "line_closed": item.closes_line,
        "line": mask(item.line),
        "service": mask(item.service) or None,
        "finding": item.finding or None,
        "on": item.on.isoformat(),
        "channel": mask(channel_id(item.channel)) or None,
        "ticket": mask(item.ticket) or None,
        "amount": None if item.amount_fen is None else format_fen(item.amount_fen),
        "note": mask(item.note) or None,
        "month": item.month or None,  # a no_bill record's month, whose bill will not come
    }


def write_json(data: object, target: str, mask: Masker) -> None:
    """``data`` as JSON (UTF-8 as is, two-space indent) to the file ``target``, whole or
    not at all, or to stdout for ``-``."""
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if target == "-":
        click.echo(text, nl=False)
        return
    with one_line_failures(mask):
        atomic_write(Path(target), text.encode("utf-8"))
