"""A report's figures, worked out once and passed to every output that shows them.

The workbook's sheets, the JSON and the terminal summary each show a finding's money,
each line's, owner's and service's, and each finding's next step; each sheet would ask
them again, some ten times a finding over a workbook. :func:`report_figures` works each
out once per report (:mod:`auditor.writers.figures` and :mod:`auditor.writers.followup`
say how), and the writers are given the :class:`ReportFigures`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from auditor import lang
from auditor.audit_report import AuditReport
from auditor.escalation import NextStep
from auditor.lang import say
from auditor.model import Finding
from auditor.values import format_yuan
from auditor.writers.figures import (
    Apart,
    Counted,
    LineFigures,
    ServiceGroup,
    by_severity,
    lines_figures,
    service_groups,
)
from auditor.writers.followup import next_step
from auditor.writers.months import MonthFigures, month_figures
from auditor.writers.refund_groups import RefundGroup, refund_groups
from auditor.writers.step_rows import kinds_step
from auditor.writers.todo import ToDo, pressing, things_to_do, waiting
from auditor.writers.unchecked import UncheckedFigures, unchecked_figures


@dataclass(frozen=True)
class Outside:
    """The lines audited that settings naming the user's lines do not name (a stranger's
    bill dropped in the folder, or a line the settings forgot), counted apart from the
    report's totals: their findings are listed and labelled, their money is not the
    user's unless they add the line to the settings."""

    #: The lines, sorted: those not checked too (By owner files them so; their money is
    #: the lines not checked's).
    lines: tuple[str, ...] = ()
    #: How many findings are about them.
    findings: int = 0
    #: Their disputed money, of it past the appeal limit, and money a year.
    money: Apart = field(default_factory=Apart)
    #: What their refunds still due have not had back, that an appeal can still get.
    refunds_due_fen: int = 0
    #: What their refunds due have not had back past the appeal limit.
    refunds_past_fen: int = 0

    def totals(self, money: Callable[[int], str]) -> dict[str, int | str]:
        """Their figures by the names the JSON's summary gives the totals, their money as
        ``money`` writes fen."""
        return {
            "lines": len(self.lines),
            "findings": self.findings,
            "claimable": money(self.money.claimable_fen),
            "past_appeal_limit": money(self.money.past_limit_fen + self.refunds_past_fen),
            "yearly": money(self.money.yearly_fen),
            "refunds_due": money(self.refunds_due_fen),
        }


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
    #: What the refunds still due (findings resolved) have not had back that an appeal
    #: can still get, over the report: its lines' :attr:`LineFigures.refund_due_fen`
    #: less their :attr:`LineFigures.refund_past_fen`, but the lines not in the settings'.
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
    #: The lines not in the settings, counted apart from the totals above (their money,
    #: :attr:`Counted.apart_fen`; their refunds due, left out of :attr:`refunds_due_fen`).
    outside: Outside = field(default_factory=Outside)
    #: How many of the last things to do leave nothing to do now but wait (the appeal
    #: centre's answer, the next bill: :func:`~auditor.writers.todo.waiting`), which the
    #: Summary's headline does not count as things to do.
    waiting: int = 0
    #: What the refunds due have not had back past the appeal limit (the carrier's to
    #: give back through a complaint), but the lines not in the settings': counted with
    #: :attr:`Counted.past_limit_fen` in the money past the limit, not in
    #: :attr:`refunds_due_fen`.
    refunds_past_fen: int = 0

    @property
    def past_limit_fen(self) -> int:
        """All the money past the appeal limit: the findings' (of their disputed money)
        and the refunds due's (apart from theirs)."""
        return self.counted.past_limit_fen + self.refunds_past_fen

    def claimable(self, finding: Finding) -> int:
        """What ``finding`` shows as disputed, less refunds: the money of the months it
        shows, each month of a service once (:meth:`Counted.claimable_shown`)."""
        return self.counted.claimable_shown(finding)

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
    found_apart = {f.line for f in findings if report.not_in_settings(f.line)}
    counted = Counted(findings, report.as_of, report.claims, found_apart)
    groups = service_groups(findings, counted)
    steps = {id(finding): next_step(finding, report.as_of) for finding in findings}
    lines = lines_figures(report, counted)
    apart = tuple(line.line for line in lines if report.not_in_settings(line.line))
    away = unchecked_figures(report)
    # a line not checked that the settings do not name (nor did when it was audited) is
    # one of them too, as By owner files it; its money is the lines not checked's, apart
    strangers = [each.line for each in away if report.not_in_settings(each.line)]
    outside = Outside(
        tuple(sorted({*apart, *strangers})),
        sum(1 for finding in findings if finding.line in apart),
        counted.apart_fen,
        sum(line.refund_due_fen - line.refund_past_fen for line in lines if line.line in apart),
        sum(line.refund_past_fen for line in lines if line.line in apart),
    )
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
        {id(group): kinds_step(group, report.as_of, steps) for group in groups},
        report.told,
        sum(line.refund_due_fen - line.refund_past_fen for line in lines) - outside.refunds_due_fen,
        away,
        pressing(todo, report.as_of, steps),
        refunds,
        outside,
        waiting(todo, report.as_of, steps),
        sum(line.refund_past_fen for line in lines) - outside.refunds_past_fen,
    )


def outside_part(outside: Outside) -> str:
    """What a headline adds of the lines not in the settings (``outside``): how many,
    and their money, not counted in the figures before it (``另有 2 个不在设置中的号码：
    已多扣 ¥30.00、每年 ¥360.00，不计入以上合计``); ``""`` when there is none."""
    if not outside.lines:
        return ""
    count, money = len(outside.lines), outside.money
    parts = [
        (say("已多扣", "overcharged"), money.claimable_fen),
        (say("每年", "a year"), money.yearly_fen),
        (say("待退款", "refunds due"), outside.refunds_due_fen),
        (say("已过申诉期的待退款", "refunds due past the appeal limit"), outside.refunds_past_fen),
    ]
    amounts = [(words, format_yuan(fen)) for words, fen in parts if fen]
    if not amounts:
        return say(
            f"另有 {count} 个不在设置中的号码，已检查",
            f"{lang.counted(count, 'line')} not in the settings, checked",
        )
    zh = "、".join(f"{words} ¥{money}" for words, money in amounts)
    en = ", ".join(
        f"{words} ¥{money}" if words.startswith("refunds due") else f"¥{money} {words}"
        for words, money in amounts
    )
    return say(
        f"另有 {count} 个不在设置中的号码：{zh}，不计入以上合计",
        f"{lang.counted(count, 'line')} not in the settings: {en}, not counted above",
    )
