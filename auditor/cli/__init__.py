"""The ``auditor`` command: a thin layer over :func:`auditor.pipeline.audit_results`.

``auditor audit INPUT...`` reads bills and service lists, writes the Excel report (and,
with ``--json``, the findings as JSON) and prints a short summary. ``auditor rules``
lists the rules. Exit status: 0 the audit ran; 1 it ran and ``--fail-on`` matched;
2 bad usage or nothing readable; 3 some inputs could not be read (the report is still
written and names them); 130 and 143 stopped by SIGINT and SIGTERM.
"""

from __future__ import annotations

import click

from auditor import __version__
from auditor.cli.audit_cmd import audit
from auditor.cli.rules_cmd import rules


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="auditor")
def main() -> None:
    """Offline monthly phone-bill check for Chinese carriers.

    Reads the bills and service lists (已订业务) you exported from China Mobile,
    Unicom, Telecom, Broadnet or a virtual operator, and finds charges that go on
    after you cancelled, value-added services you do not know, changes coming next
    month and bills that do not add up. Nothing leaves your computer.

    \b
    Examples:
      auditor audit ~/bills
      auditor audit ~/bills --known auditor.toml -o reports/october.xlsx
      auditor rules --doc
    """


main.add_command(audit)
main.add_command(rules)
