"""The Follow-up sheet of the Excel report: each finding with the user's records about it
and what is due next, then what the audit follows of the findings of earlier audits (the
refunds due, those refunded, those resolved), as a :class:`~auditor.writers.sheet.Listing`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from auditor.audit_report import AuditReport
from auditor.history.findings import Resolved
from auditor.history.records import records_of
from auditor.history.refund_due import RefundDue
from auditor.history.unchecked import UncheckedLine
from auditor.lang import Text, say
from auditor.model import Finding, UserRecord
from auditor.sheets import FOLLOW_UP
from auditor.writers import figures, unchecked
from auditor.writers.follow_up_groups import (
    MONTHS_AT,
    RULE_AT,
    alike_merged,
    finding_rows,
    fitted_columns,
    lines_of,
    refund_rows,
)
from auditor.writers.labels import (
    FINDING_STATUS_LABELS,
    bill_level,
    finding_label,
    label,
    months_owner,
    owner_shown,
    record_text,
    rule_label,
    rules_named,
)
from auditor.writers.labels import listed as names_listed
from auditor.writers.listings import (
    LINE,
    MONTHS,
    OWNER,
    RESOLVED_FILL,
    RULE,
    RULE_ID,
    SERVICE,
    SEVERITY_FILLS,
)
from auditor.writers.measure import MONTHS_WIDTH, NAME_WIDTH
from auditor.writers.refund_groups import RefundGroup
from auditor.writers.report_figures import ReportFigures
from auditor.writers.resolved_reason import resolved_reason
from auditor.writers.sheet import Column, Listing
from auditor.writers.shown import service_shown

# As the Findings sheet's, narrow enough to print at 8 points or more.
FOLLOW_UP_COLUMNS = [
    Column(Text("状态", "Status"), width=8),
    # several findings' numbers on a row of several lines (3–131): a text, centred, as a
    # count beside a list is (right-aligned, it touched the line beside it)
    Column(Text("发现 #", "Finding #"), "plain", align="center"),
    Column(LINE, "list"),
    Column(OWNER, "list"),
    Column(SERVICE, width=NAME_WIDTH),
    Column(RULE, width=NAME_WIDTH),
    Column(MONTHS, width=MONTHS_WIDTH),
    Column(Text("你的记录", "Your records"), "list", width=18),
    Column(Text("已退款", "Refunded"), "money"),
    Column(Text("可追回", "Claimable"), "money"),
    Column(Text("下一步或结果", "Next step or outcome"), width=26),
    Column(Text("可办理起", "From"), "date"),
    Column(Text("截止", "By"), "date"),
    Column(Text("每年省下", "Saved per year"), "money"),
    RULE_ID,
]


@dataclass(frozen=True)
class FollowUpSheet:
    """The Follow-up sheet (``listing``) and where each of its items stands on it
    (``at``: the 0-based row among its rows, by ``id()`` of a finding or refund due,
    several on one row where one row stands for several lines), so that the Actions
    sheet links to the row, however many rows were made one."""

    listing: Listing
    at: dict[int, int]


def follow_up(report: AuditReport, shown: ReportFigures) -> Listing:
    """The Follow-up sheet (:func:`follow_up_laid_out`)."""
    return follow_up_laid_out(report, shown).listing


def follow_up_laid_out(report: AuditReport, shown: ReportFigures) -> FollowUpSheet:
    """The Follow-up sheet: each finding with the user's records about it and what is due
    next, by when (:func:`~auditor.writers.followup.next_step`, as the JSON's ``next``),
    the findings of one By service group whose status, records and next step are the same
    one row naming their lines (:func:`finding_rows`); the refunds due, one row for each
    of the Actions sheet's (:func:`~auditor.writers.refund_groups.refund_groups`); what
    is pending on the lines not checked (no bill of them given:
    :mod:`auditor.writers.unchecked`); the refunds refunded, the notices of earlier audits
    that grew into one of its findings (not resolved), and the findings of earlier audits
    this one resolved, with why and the money they no longer cost a year, those alike but
    for their lines one row (:func:`~auditor.writers.follow_up_groups.alike_merged`).
    ``shown``: the report's figures (a finding's claimable money is that of the months it shows,
    :meth:`~auditor.writers.figures.Counted.claimable_shown`); with where each finding and
    refund due stands (:class:`FollowUpSheet`)."""
    rows: list[list] = []
    fills: list[str | None] = []
    at: dict[int, int] = {}
    counted = shown.counted
    numbers = {id(f): number for number, f in enumerate(report.findings, 1)}
    for row in finding_rows(report, shown):
        first = row.findings[0]
        for f in row.findings:
            at[id(f)] = len(rows)
        records = [
            record_text(r, report.refunds_beyond.get(r.id), report.refunds_over_charged)
            for r in first.records
        ]
        rows.append(
            [
                *_first(first.status, None, first, "", shown.told, records),
                sum(counted.refunded_shown(f) for f in row.findings) or None,
                sum(counted.claimable_shown(f) for f in row.findings) or None,
                row.step.text,
                row.step.opens,
                row.step.due,
                None,
                first.rule,
            ]
        )
        lines_of(rows[-1], report, [numbers[id(f)] for f in row.findings], row.findings)
        if len(row.findings) > 1:  # (their step names the months where they differ)
            rows[-1][MONTHS_AT] = ", ".join(sorted({p for f in row.findings for p in f.periods}))
            # every rule of the row named (a trial turned paid beside its unknown service)
            rows[-1][RULE_AT] = names_listed(rules_named(row.findings))
        fills.append(SEVERITY_FILLS.get(first.severity))
    told = shown.told
    for group in refund_rows(report, shown):
        for due in group.dues:
            at[id(due)] = len(rows)
        rows.append(_refund_due_row(group.first, report, told, group=group))
        fills.append(SEVERITY_FILLS.get("low"))
    # then what is pending on the lines not checked (no bill given): after the refunds
    # due, whose rows stand where linked
    carried = _unchecked_rows(report, shown.unchecked, at, len(rows))
    rows += carried
    fills += [unchecked.UNCHECKED_FILL] * len(carried)
    # then the findings reported before: those alike but for their lines one row each
    refunded = [
        _refund_due_row(due, report, told, "refunded")
        for due in [*report.over_refunded, *report.refunded]
    ]
    # closed without a refund (settled, given up): its money, not asked back
    closed = [_refund_due_row(due, report, told, "closed") for due in report.closed]
    became = {f.id: (number, f.rule) for number, f in enumerate(report.findings, 1)}
    # not resolved: its finding's row says what to do
    grown = [_now_finding_row(i, report, told, became.get(i.became)) for i in report.now_findings]
    # not resolved until a bill shows the charge stopped
    waiting = [_waiting_row(item, report, told) for item in report.waiting]
    listed = figures.refunds_listed(report)
    resolved = [_resolved_row(i, report, told, i.id in listed) for i in report.resolved]
    for part, fill in (
        (refunded, RESOLVED_FILL),
        (closed, RESOLVED_FILL),
        (grown, None),
        (waiting, None),
        (resolved, RESOLVED_FILL),
    ):
        part = alike_merged(part, report)
        rows += part
        fills += [fill] * len(part)
    columns = fitted_columns(FOLLOW_UP_COLUMNS, rows)
    return FollowUpSheet(Listing(FOLLOW_UP, columns, rows, fills), at)


def _now_finding_row(
    item: Resolved, report: AuditReport, told: Mapping[str, str], became: tuple[int, str] | None
) -> list:
    """A notice reported before that grew into one of this audit's findings (``became``:
    that finding's number on the sheet and its rule): which, and where its row is. Not
    resolved, nor shaded as resolved: the finding's row gives the step."""
    on, (number, rule) = f"{item.resolved_on:%Y-%m-%d}", became or (None, "")
    rule = rule_label(rule) if rule else ""
    see = say(f"（见第 {number} 项）", f" (finding #{number})") if number else ""
    return [
        *_earlier(report, "now-finding", item, told),
        None,
        None,
        say(f"{on} 已成为问题：{rule}{see}", f"Now a finding on {on}: {rule}{see}"),
        None,
        None,
        None,
        item.rule,
    ]


def _waiting_row(item: Resolved, report: AuditReport, told: Mapping[str, str]) -> list:
    """A finding the user cancelled, no bill after it yet: what they did, and the bill
    that tells whether it took (its refund due's row, if any, asks the money back)."""
    month = item.waiting
    step = say(
        f"{item.reason}：尚未解决，核对 {month} 账单：不再扣费即解决，仍扣费就是退订后仍扣费",
        f"{item.reason}: not resolved yet; check the {month} bill: no longer charged, it is "
        "resolved; still charged, it is a charge after cancellation",
    )
    return [*_earlier(report, "waiting", item, told), None, None, step, None, None, None, item.rule]


def _refund_due_row(
    due: RefundDue,
    report: AuditReport,
    told: Mapping[str, str],
    status: str = "refund-due",
    group: RefundGroup | None = None,
) -> list:
    """A finding no longer found whose money is not refunded yet: what to ask, from when,
    by when (:meth:`RefundDue.next_step`, as the Actions sheet and the JSON say); or,
    ``status`` ``refunded``, one refunded in full (beyond what it claims, or exactly).
    ``group``: the refunds due the Actions sheet asks back at once, ``due`` its first
    (:class:`~auditor.writers.refund_groups.RefundGroup`): of several lines, one row
    naming them, with their money together and the one step that asks it all back."""
    dues = group.dues if group is not None else (due,)
    step = group.next_step() if group is not None else due.next_step(service_shown(due, told))
    # one settled asks nothing more: no day to act from, no deadline to keep (a 截止 on
    # a row that says "nothing more to do" reads as something still due)
    settled = status in ("refunded", "closed")
    row = [
        *_earlier(report, status, due, told, dues),
        sum(each.refunded_fen for each in dues) or None,
        sum(each.unrefunded_fen for each in dues) or None,
        step.text,
        None if settled else step.opens,
        # the appeal's last day, as the JSON's; none once all is past it (a complaint alone)
        None if settled or due.past_limit else step.due if len(dues) > 1 else due.due,
        None,
        due.rule,
    ]
    if len(dues) > 1:
        row[MONTHS_AT] = ", ".join(group.periods)
        lines_of(row, report, [], dues)
    return row


def _resolved_row(
    item: Resolved, report: AuditReport, told: Mapping[str, str], listed: bool
) -> list:
    """A finding no longer found: why, with what came back of its money; that money in
    the Refunded column unless its refund due's row (``listed``) shows it already."""
    on, refunded = f"{item.resolved_on:%Y-%m-%d}", figures.resolved_refunded_fen(report, item)
    why = resolved_reason(item, refunded, figures.resolved_on_bills(report, item))
    resolved = say(f"{on} 已解决：{why}", f"Resolved on {on}: {why}")
    return [
        *_earlier(report, "resolved", item, told),
        None if listed else report.resolved_refunded.get(item.id, 0) or None,
        None,
        resolved,
        None,
        None,
        figures.resolved_yearly_fen(item) or None,
        item.rule,
    ]


def _earlier(
    report: AuditReport,
    status: str,
    item: RefundDue | Resolved,
    told: Mapping[str, str],
    items: Sequence[RefundDue | Resolved] = (),
) -> list:
    """The first columns of a Follow-up row of a finding reported before (no number of
    this report's), with the user's records about it (:func:`_first`); ``items``: those
    the row stands for, when several (their records each once)."""
    records = [
        record_text(r, report.refunds_beyond.get(r.id), report.refunds_over_charged)
        for each in items or (item,)
        for r in records_of(report.records, each)
    ]
    records = list(dict.fromkeys(records))  # a cancellation typed once for many lines
    return _first(status, None, item, _owner(report, item), told, records)


def _unchecked_rows(
    report: AuditReport,
    lines: tuple[unchecked.UncheckedFigures, ...],
    at: dict[int, int],
    first: int,
) -> list:
    """The rows of the lines not checked (:mod:`auditor.writers.unchecked`): a line with
    nothing pending one row, its bill to give (its months where a finding's are); each
    open finding and refund due of the others, marked not checked, its step after the line's
    (:meth:`~auditor.writers.unchecked.UncheckedFigures.meanwhile`), its money where its
    line's figures count it, its records with the line's own refund figures. ``at``: where
    each finding and refund due stands (by ``id()``), its rows counted from ``first``."""
    rows: list[list] = []
    for each in lines:
        line, money = each.unchecked, each.counted
        owner = owner_shown(report, line.line)
        if not each.has_pending:  # its bill to give alone: a row of its own saying so
            status = label(FINDING_STATUS_LABELS, "not-checked")
            months = ", ".join(line.wanted)
            rows.append([status, None, [line.line], [owner], None, None, months, []])
            rows[-1] += [None, None, each.brief, None, None, None, None]  # (forget: Summary)
        for f in line.findings:
            at[id(f)] = first + len(rows)
            step = each.meanwhile(each.steps[id(f)])
            claimable = money.claimable_shown(f)
            rows.append(
                [
                    *_first(
                        "not-checked", None, f, owner, each.told, _line_records(line, f.records)
                    ),
                    money.refunded_shown(f) or None,
                    claimable or None,
                    step.text,
                    step.opens,
                    step.due,
                    None,
                    f.rule,
                ]
            )
        for due in line.refunds_due:
            at[id(due)] = first + len(rows)
            step = each.meanwhile(due.next_step(service_shown(due, each.told)))
            records = _line_records(line, records_of(list(line.records), due))
            rows.append(
                [
                    *_first("not-checked", None, due, owner, each.told, records),
                    due.refunded_fen or None,
                    due.unrefunded_fen or None,
                    step.text,
                    step.opens,
                    due.due,
                    None,
                    due.rule,
                ]
            )
    return rows


def _line_records(line: UncheckedLine, records: Iterable[UserRecord]) -> list[str]:
    """``records`` of a line not checked as texts, with that line's refund figures."""
    return [record_text(r, line.beyond.get(r.id), line.over) for r in records]


def _owner(report: AuditReport, item: Finding | RefundDue | Resolved) -> str:
    """The owner a Follow-up row names: of the item's latest month, with the earlier
    owners of its other months (a number handed over between them)."""
    return months_owner(report, item.line, item.periods)


def _first(
    status: str,
    number: int | None,
    item: Finding | RefundDue | Resolved,
    owner: str,
    told: Mapping[str, str],
    records: list[str],
) -> list:
    """The first columns of a Follow-up row: its status, its number (a finding of this
    report's; None for one reported before), line, owner, service (told apart as
    ``told`` says: :mod:`auditor.writers.shown`), rule, months and the user's records
    about it (``records``, as texts)."""
    return [
        label(FINDING_STATUS_LABELS, status),
        number,
        [item.line],
        [owner],
        service_shown(item, told) or bill_level(),
        finding_label(item.rule, item.periods),
        ", ".join(item.periods),
        records,
    ]
