"""``auditor rules``: the audit rules, with their documentation, in the active language."""

from __future__ import annotations

import click

from auditor.cli.common import Failure, lang_option
from auditor.cli.localized import LocalCommand
from auditor.lang import say
from auditor.rules import RULES
from auditor.writers.labels import SEVERITY_LABELS, label
from auditor.writers.measure import display_width


def _severity_shown(severity: str) -> str:
    """A rule's severity as the report's Chinese words say it (高, 中, 低, 提示); in English
    its id (high…), which is both the word and what ``--fail-on`` takes."""
    return say(label(SEVERITY_LABELS, severity), severity)


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
    severities = {rule.id: _severity_shown(rule.severity) for rule in RULES}
    severity_width = max(display_width(word) for word in severities.values())
    for rule in RULES:
        # The id stays as every output writes it; the rest is for reading.
        named = say(
            f"{rule.name_shown()}：{rule.summary()}", f"{rule.name_shown()}: {rule.summary()}"
        )
        severity = severities[rule.id]
        padding = " " * (severity_width - display_width(severity))
        click.echo(f"{rule.id:<{width}}  {severity}{padding}  {named}")
        if doc:
            text = rule.documentation()
            click.echo("\n".join("    " + line if line else "" for line in text.splitlines()))
            click.echo()
