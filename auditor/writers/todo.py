"""The things to do of a report: one list, for the Summary's headline and its things to
do first, and for By owner's count of what each owner has to act on, so that the two
never count differently.

A thing to do is a service's findings to act on (one per service and carrier, however
many lines it touches: :func:`~auditor.writers.figures.service_groups`, all but ``info``)
or a refund still due of a finding resolved before (:class:`RefundDue`).
"""

from __future__ import annotations

from collections.abc import Iterable

from auditor.history.follow import RefundDue
from auditor.model import severity_rank
from auditor.pipeline import AuditReport
from auditor.writers import figures

#: A thing to do: a service's findings, or a refund still due.
ToDo = figures.ServiceGroup | RefundDue

#: Where a refund due ranks among the findings: with the money to ask back of a service
#: the user did not know (``unknown-vas``, medium), by its money. Below the high findings,
#: which are wrong now (a charge after a cancellation, a duplicate, a bill that does not
#: add up); above the low ones, which are to check. It costs nothing more while it
#: waits, so of equal money a finding still charging comes first; but its money is lost
#: for good after the appeal's last day, so it is not put after every finding, where a
#: page full of them would leave it off.
REFUND_DUE_SEVERITY = "medium"


def things_to_do(
    report: AuditReport, groups: Iterable[figures.ServiceGroup] | None = None
) -> list[ToDo]:
    """What to act on: the findings (all but ``info``), one thing per service and
    carrier, whatever the number of lines it touches, and each refund still due; the
    gravest first, then the most money: a bill that does not add up (high, no money
    disputed) is never left off for a medium one's yuan (a refund due: see
    :data:`REFUND_DUE_SEVERITY`). ``groups``: the report's service groups, when already
    made."""
    if groups is None:
        groups = figures.service_groups(report.findings)
    todo: list[ToDo] = [g for g in groups if g.severity != "info"]
    todo += report.refunds_due
    return sorted(todo, key=_rank)  # stable: of equals, the findings' first


def _rank(item: ToDo) -> tuple[int, int, int]:
    """Severity, then money disputed (a refund due's, what is not refunded), then a year's."""
    if isinstance(item, RefundDue):
        return severity_rank(REFUND_DUE_SEVERITY), -item.unrefunded_fen, 0
    return severity_rank(item.severity), -item.claimable_fen, -item.yearly_fen


def lines_about(item: ToDo) -> list[str]:
    """The lines a thing to do is about."""
    return [item.line] if isinstance(item, RefundDue) else item.lines
