"""A report's figures, worked out once and passed to every output that shows them.

The workbook's sheets, the JSON and the terminal summary each show a finding's money,
each line's, owner's and service's, and each finding's next step; each sheet would ask
them again, some ten times a finding over a workbook. :func:`report_figures` works each
out once per report (:mod:`auditor.writers.figures` and :mod:`auditor.writers.followup`
say how), and the writers are given the :class:`ReportFigures`.
"""

from __future__ import annotations

from dataclasses import dataclass

from auditor.escalation import NextStep
from auditor.model import Finding
from auditor.pipeline import AuditReport
from auditor.writers.figures import (
    Counted,
    LineFigures,
    ServiceGroup,
    by_severity,
    lines_figures,
    service_groups,
)
from auditor.writers.followup import group_step, next_step
from auditor.writers.months import MonthFigures, month_figures
from auditor.writers.refund_groups import RefundGroup, refund_groups
from auditor.writers.todo import ToDo, pressing, things_to_do
from auditor.writers.unchecked import UncheckedFigures, unchecked_figures


@dataclass(frozen=True)
class ReportFigures:
    """What a report's outputs show of its findings, each worked out once: their money
    (per finding, once per line and service, the totals, and what of it is past the
    appeal limit at the report's date: :class:`Counted`), their
    number by severity, the figures by line and by month, the findings grouped by
    service and the things to do, and each finding's and group's next step. The
    findings are those of the report it was made of, which it holds."""

    counted: Counted
    severities: dict[str, int]
    lines: list[LineFigures]
    months: list[MonthFigures]
    groups: list[ServiceGroup]
    todo: list[ToDo]
    #: Each finding's next step (:func:`~auditor.writers.followup.next_step`), by ``id()``.
    next_steps: dict[int, NextStep]
    #: Each group's step (:func:`~auditor.writers.followup.group_step`), by ``id()``.
    group_steps: dict[int, str]
    #: What tells a finding, of this audit or an earlier one it follows (resolved, a
    #: refund due), apart from another of its line shown under the same name, by id:
    #: the report's own, as its steps name the service (:attr:`AuditReport.told`).
    told: dict[str, str]
    #: What the refunds still due (findings resolved) have not had back, over the
    #: report: the sum of its lines' :attr:`LineFigures.refund_due_fen`.
    refunds_due_fen: int
    #: The lines the history follows that no file of the report covers, with what is
    #: still pending on them, counted apart from the figures above (not checked:
    #: :mod:`auditor.writers.unchecked`).
    unchecked: tuple[UncheckedFigures, ...] = ()
    #: How many of the first things to do are pressing (wrong now, overdue, a refund
    #: due's last day near: :func:`~auditor.writers.todo.pressing`), which the Summary
    #: shows whatever room they take.
    pressing: int = 0
    #: The refunds still due, one per service and step however many lines they are due
    #: on (:mod:`auditor.writers.refund_groups`): the things to do they are, and the
    #: Actions sheet's rows.
    refunds: tuple[RefundGroup, ...] = ()

    def claimable(self, finding: Finding) -> int:
        """What ``finding`` disputes, less refunds (shown only where it counts:
        :attr:`Counted.money_carriers`)."""
        return self.counted.claimable[id(finding)]

    def yearly(self, finding: Finding) -> int:
        """What ``finding`` costs a year (shown only where it counts:
        :attr:`Counted.yearly_carriers`)."""
        return self.counted.yearly[id(finding)]

    def next_step(self, finding: Finding) -> NextStep:
        """What the user does next about ``finding``."""
        return self.next_steps[id(finding)]

    def group_step(self, group: ServiceGroup) -> str:
        """The step a list of things to do shows for ``group``."""
        return self.group_steps[id(group)]


def report_figures(report: AuditReport) -> ReportFigures:
    """The figures of ``report`` (see :class:`ReportFigures`), each worked out once."""
    findings = report.findings
    counted = Counted(findings, report.as_of, report.claims)
    groups = service_groups(findings, counted)
    steps = {id(finding): next_step(finding, report.as_of) for finding in findings}
    lines = lines_figures(report, counted)
    refunds = tuple(refund_groups(report.refunds_due, report.told))
    todo = things_to_do(report, groups, steps, refunds)
    return ReportFigures(
        counted,
        by_severity(findings),
        lines,
        month_figures(report),
        groups,
        todo,
        steps,
        {id(group): group_step(group, report.as_of, steps) for group in groups},
        report.told,
        sum(line.refund_due_fen for line in lines),  # (figures.refunds_due_fen's sum)
        unchecked_figures(report),
        pressing(todo, report.as_of, steps),
        refunds,
    )
