"""The options of ``auditor record <kind>`` (and the ``--line`` and ``--no-mask`` of the
history commands): a line checked as a mobile number, a day not after today, a refund's
amount in yuan, and what each kind adds to the options all records share."""

from __future__ import annotations

from datetime import date, datetime

import click

from auditor import pipeline
from auditor.cli.common import Day, checked, compose, history_options, lang_option
from auditor.cli.json_out import json_to
from auditor.errors import ValueParseError
from auditor.lang import say
from auditor.values import parse_amount, parse_phone

#: Dates the user may write: 2026-10-08, 2026/10/08, 20261008.
DATE_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y%m%d"]
EARLIEST_RECORD = date(2000, 1, 1)


def _phone(value: str) -> str:
    return parse_phone(value)


def _record_date(when: datetime) -> date:
    """A record's day: not after today (one cannot have done it yet), not before 2000."""
    value = when.date()
    day = value.isoformat()
    if value > pipeline.today():
        raise ValueParseError(
            say(
                f"{day} 晚于今天：请记录已经做过的事", f"{day} is after today: record what was done"
            )
        )
    if value < EARLIEST_RECORD:
        raise ValueParseError(say(f"{day} 早于 2000 年", f"{day} is before 2000"))
    return value


def _on_date(_ctx: click.Context, param: click.Parameter, value: datetime | None) -> date:
    """``--on``: a day not after today, today when not given."""
    return checked(_record_date, value, param) or pipeline.today()


def on_option(help: str = "When you did it (YYYY-MM-DD) [default: today]."):
    """``--on DATE``: a record's day, not after today, today when not given; an audit
    dated before it (``--as-of``) does not count the record yet."""
    return click.option(
        "--on", "on", type=Day(formats=DATE_FORMATS), callback=_on_date, metavar="DATE", help=help
    )


def line_option(help: str, required: bool = True, multiple: bool = False):
    """``--line NUMBER``: a mobile number, checked (a usage error when it is not one);
    given again for more lines where ``multiple`` (a tuple, empty when none)."""

    def check(_ctx, param, value):
        if multiple:
            return tuple(checked(_phone, each, param) for each in value)
        return checked(_phone, value, param)

    return click.option(
        "--line", required=required, multiple=multiple, metavar="NUMBER", callback=check, help=help
    )


mask_option = click.option("--no-mask", is_flag=True, help="Show phone numbers in full.")


#: ``--line`` of ``auditor record <kind>``: a finding's id names its line.
RECORD_LINE_HELP = (
    "The phone line (11 digits); with --finding it may be left out (the finding's own line)."
)


_create_option = click.option(
    "--create",
    is_flag=True,
    help="Make the --db history if it does not exist yet (a record is otherwise refused "
    "there: a mistyped --db). The default history is made when needed.",
)

#: ``--json`` of ``auditor record``: the record made, for a script (its id).
json_made = json_to(
    "Also write what was recorded as JSON, as `auditor records --json` lists it, to "
    "FILE ('-': stdout, the sentence then going to stderr)."
)


def record_options(kind: str):
    """The options of ``auditor record <kind>``."""
    decorators = [
        line_option(RECORD_LINE_HELP, required=False),
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
        on_option(),
        click.option("--ticket", default="", metavar="T", help="The ticket number (工单号)."),
        click.option(
            "--channel",
            default="",
            metavar="C",
            help="How: 短信 SMS, App, 热线 hotline, 营业厅 shop, 网站 web, the number called …",
        ),
        click.option("--note", default="", metavar="N", help="Anything else worth keeping."),
    ]
    if kind == "cancel":  # the Actions sheet's 销户, typed on the command line
        decorators.append(
            click.option(
                "--line-closed",
                is_flag=True,
                help="The line itself was closed (销户): its bills stop coming.",
            ),
        )
    if kind == "settle":  # what was given instead of a refund, if money: for the record
        decorators.append(
            click.option(
                "--amount",
                metavar="YUAN",
                callback=lambda _ctx, param, value: checked(_compensation_fen, value, param),
                help="Compensation given instead of a refund, in yuan (话费补偿 10.00), if "
                "money: kept and shown, never counted as a refund.",
            ),
        )
    if kind == "refund":
        decorators.append(
            click.option(
                "--amount",
                required=True,
                metavar="YUAN",
                callback=lambda _ctx, param, value: checked(_refund_fen, value, param),
                help="The money refunded, in yuan (6.00).",
            ),
        )
        decorators.append(
            click.option(
                "--yes",
                is_flag=True,
                help="Record it even if it is more than the history ever saw charged for "
                "its service on the line (refused otherwise: 1500 typed for 15.00), or "
                "looks like a refund recorded before (same day, service and amount).",
            )
        )
    return compose(
        *decorators, history_options, _create_option, json_made, mask_option, lang_option
    )


def _refund_fen(value: str) -> int:
    fen = parse_amount(value)
    if fen <= 0:
        raise ValueParseError(
            say(f"{value!r}：退款应是正数", f"{value!r}: a refund is a positive amount")
        )
    return fen


def _compensation_fen(value: str) -> int:
    """A settlement's ``--amount``: the compensation given instead of a refund, said as
    that when it is not above zero (it is no refund: a refund's words would mislead)."""
    fen = parse_amount(value)
    if fen <= 0:
        raise ValueParseError(
            say(
                f"{value!r}：补偿金额应是正数（没有得到钱的补偿就不填 --amount）",
                f"{value!r}: a compensation amount is positive (leave --amount out when "
                "nothing was given in money)",
            )
        )
    return fen
