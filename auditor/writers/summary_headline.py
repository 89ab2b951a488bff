"""The Summary's first words (:mod:`auditor.writers.summary_sheet`): the headline, the one
sentence that answers first (what was charged that should not have been, how many things
to do, what it costs a year, what was not checked), and the line under it counting what
was read and found.
"""

from __future__ import annotations

from auditor.audit_report import AuditReport
from auditor.lang import counted, say
from auditor.sheets import FOLLOW_UP, INPUTS
from auditor.values import format_yuan
from auditor.writers import figures, unchecked, unread
from auditor.writers.labels import (
    NOTHING_TO_AUDIT,
    SEVERITY_LABELS,
    label,
    past_limit_part,
    refunds_owed_for,
    refunds_past_part,
)
from auditor.writers.months import DIFFERS
from auditor.writers.report_figures import ReportFigures, outside_part
from auditor.writers.todo import how_many


def headline(report: AuditReport, shown: ReportFigures) -> str:
    """The one sentence that answers first: what the findings dispute and cost a year,
    how many things to do (the findings' and the refunds due: ``shown.todo``)."""
    todo = shown.todo
    claimable, yearly = (
        format_yuan(shown.counted.claimable_fen),
        format_yuan(shown.counted.yearly_fen),
    )
    # the lines not checked; the money in unread rows (a 宽带账号's): not checked either
    unsaid = unchecked.headline_part(shown.unchecked) + unread.headline_part(report)
    if not todo and report.holds_nothing:
        return NOTHING_TO_AUDIT.shown() + unsaid
    # what an appeal can still get, and apart, what is past the appeal limit
    due, late = shown.refunds_due_fen, shown.refunds_past_fen
    money, past = format_yuan(due or late), refunds_past_part(due, late)
    whose = refunds_owed_for(report)[1]  # resolved, or cancelled and waiting for a bill
    still = (
        say(
            f"；{whose}仍有 ¥{money} 未退还{past}（见「{FOLLOW_UP.zh}」表）",
            f"; ¥{money} still to be refunded for {whose}{past} (see {FOLLOW_UP.en})",
        )
        if due or late
        else ""
    )
    acts = how_many(len(todo), shown.waiting)
    past = past_limit_part(shown.counted.past_limit_fen)
    # the lines not in the settings: their money apart, not in the figures before it
    outside = say("；", "; ") + part if (part := outside_part(shown.outside)) else ""
    outside += unsaid
    if not any(isinstance(item, figures.ServiceGroup) for item in todo):  # refunds due alone
        nothing = say("没有发现多扣的费用", "Nothing was found charged that should not have been")
        # not "clean" unsaid: a bill that gave its total alone was not checked item by item
        if alone := sum(month.unchecked for month in shown.months):
            nothing += say(
                f"（{alone} 个月的账单只有合计，未能逐项核对）",
                f" ({counted(alone, 'month')} billed as a total alone: not checked item by item)",
            )
        # nor when two copies of a month's bill disagree: the one not counted may be right
        if split := sum(month.reconciled == DIFFERS for month in shown.months):
            nothing += say(
                f"（{split} 个月的两份账单金额不符，见「{INPUTS.zh}」表）",
                f" ({counted(split, 'month')} whose two copies of the bill disagree: see "
                f"{INPUTS.en})",
            )
        return nothing + still + (say("，", ": ") + acts if todo else "") + outside
    return (
        say(
            f"已多扣 ¥{claimable}{past}，{acts}；每年可省 ¥{yearly}",
            f"¥{claimable} overcharged{past}, {acts}; ¥{yearly} a year to save",
        )
        + still
        + outside
    )


def counts(report: AuditReport, shown: ReportFigures) -> str:
    """What was read and found, in a line."""
    read, failed = len(report.readable_inputs), len(report.failed_inputs)
    skipped, found = len(report.skipped_inputs), len(report.findings)
    by_severity = " · ".join(
        f"{label(SEVERITY_LABELS, s)} {n}" for s, n in shown.severities.items()
    )
    # a history started by this audit follows nothing from before: a mistyped --db shows
    # here, in the line read first after the headline (the terminal says it in full)
    new = report.history == "new"
    rows = unread.counts_part(report)  # and the rows unread, with their money
    return say(
        f"读取 {read} 个文件，未能读取 {failed} 个"
        + (f"，略过 {skipped} 个" if skipped else "")
        + rows
        + f"；发现 {found} 项：{by_severity}"
        + ("；新的历史记录（以前审核过？请检查 --db）" if new else ""),
        f"{counted(read, 'file')} read, {failed} not read"
        + (f", {skipped} skipped" if skipped else "")
        + rows
        + f"; {counted(found, 'finding')}: {by_severity}"
        + ("; a new history (audited before? check --db)" if new else ""),
    )
