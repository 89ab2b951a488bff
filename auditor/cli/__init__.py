"""The ``auditor`` command: a thin layer over the library (:mod:`auditor.pipeline`,
:mod:`auditor.history`), one module per command.

``auditor audit INPUT...`` reads bills and service lists, audits them over the history
of their lines, writes the Excel report (and, with ``--json``, the findings as JSON) and
prints a short summary. ``auditor record …`` keeps what the user did, ``auditor
records`` and ``auditor history`` show what the history holds, ``auditor forget``
removes a line from it. ``auditor rules`` lists the rules. Exit status of ``audit``: 0
the audit ran; 1 it ran and ``--fail-on`` matched; 2 bad usage or nothing readable; 3
some inputs could not be read (the report is still written and names them); 130 and 143
stopped by SIGINT and SIGTERM. Every command takes ``--lang zh|en``: what it writes and
says, and its ``--help``, in one language (:mod:`auditor.lang`, :mod:`auditor.cli.localized`).
"""

from __future__ import annotations

import click

from auditor import __version__
from auditor.cli.audit_cmd import audit
from auditor.cli.common import lang_option
from auditor.cli.history_cmd import forget, history, records
from auditor.cli.known_cmd import known
from auditor.cli.localized import LocalGroup
from auditor.cli.record_cmd import record
from auditor.cli.rules_cmd import rules


@click.group(cls=LocalGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="auditor")
@lang_option
def main() -> None:
    """Offline monthly phone-bill check for Chinese carriers.

    Reads the bills and service lists (已订业务) you exported from China Mobile,
    Unicom, Telecom, Broadnet or a virtual operator, and finds charges that go on
    after you cancelled, value-added services you do not know, changes coming next
    month and bills that do not add up. Nothing leaves your computer.

    It remembers each month (a history database in your data folder, --db for
    another) and what you did about a finding, and follows it until it is resolved.

    \b
    Examples: the monthly routine
      auditor audit ~/bills/2026-11
      auditor record cancel --line 13900001111 --service 咪咕视频会员 --ticket 202611081234
      auditor audit ~/bills/2026-12    # next month: new, open, resolved
      auditor known add 腾讯视频会员     # a service you want: not flagged again
      auditor history
      auditor rules --doc
    """


main.add_command(audit)
main.add_command(rules)
main.add_command(record)
main.add_command(records)
main.add_command(history)
main.add_command(forget)
main.add_command(known)
