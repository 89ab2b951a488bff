"""``auditor rules``: the audit rules, with their documentation, in the active language."""

from __future__ import annotations

import click

from auditor.cli.common import Failure, lang_option
from auditor.cli.localized import LocalCommand
from auditor.lang import say
from auditor.rules import RULES


@click.command(cls=LocalCommand)
@click.option("--doc", is_flag=True, help="Print each rule's documentation too.")
@lang_option
def rules(doc: bool) -> None:
    """List the audit rules: id, severity, name and what each one finds.

    \b
    Examples:
      auditor rules
      auditor rules --doc
    """
    if not RULES:
        raise Failure("no rules are registered")
    width = max(len(rule.id) for rule in RULES)
    for rule in RULES:
        # The id and severity stay as every output writes them; the rest is for reading.
        named = say(
            f"{rule.name_shown()}：{rule.summary()}", f"{rule.name_shown()}: {rule.summary()}"
        )
        click.echo(f"{rule.id:<{width}}  {rule.severity:<6}  {named}")
        if doc:
            text = rule.documentation()
            click.echo("\n".join("    " + line if line else "" for line in text.splitlines()))
            click.echo()
