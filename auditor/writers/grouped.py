"""The sheets that group findings so a person acts once per thing, not once per line.

- By service (按业务): one row per rule, service and carrier (:func:`~auditor.writers.
  figures.service_groups`): the lines it touches, its months and money, its next step
  (:func:`~auditor.writers.followup.group_step`, as the Summary's: both read it from the
  report's figures, :class:`~auditor.writers.report_figures.ReportFigures`).
- Actions (处理步骤): each group's steps once (once for each part of its lines at one
  stage: :func:`~auditor.writers.step_rows.at_stages`), the lines they are for, then a
  row for each refund still due of a finding resolved before, and empty columns for what the
  user did (status, ticket number 工单号, date), which ``auditor record --from
  REPORT.xlsx`` reads back; the finding ids tie a row to the history.

By owner, which groups lines by their owners, is :mod:`auditor.writers.by_owner`'s.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date

from auditor.audit_report import AuditReport
from auditor.catalog import carrier_name
from auditor.catalog.glossary import glossed
from auditor.history.refund_due import RefundDue
from auditor.history.typed_lines import named
from auditor.lang import Text, active, say
from auditor.sheets import (
    ACTIONS,
    BY_SERVICE,
    CHANNEL_LABELS,
    DATE_COLUMN,
    FINDINGS,
    FOLLOW_UP,
    STATUS_COLUMN,
    TICKET_COLUMN,
)
from auditor.values import format_fen, format_yuan
from auditor.writers import figures, step_rows
from auditor.writers.figures import Counted, ServiceGroup
from auditor.writers.labels import (
    SEVERITY_LABELS,
    bill_level,
    label,
    owner_shown,
    rules_named,
)
from auditor.writers.listings import (
    CARRIER,
    DISPUTED,
    MONTHS,
    PER_YEAR,
    RULE,
    RULE_ID,
    SERVICE,
    SEVERITY,
    SEVERITY_FILLS,
)
from auditor.writers.measure import NAME_WIDTH
from auditor.writers.refund_groups import RefundGroup, refund_groups
from auditor.writers.report_figures import ReportFigures
from auditor.writers.sheet import Column, Listing
from auditor.writers.shown import group_shown, service_shown
from auditor.writers.status_hint import type_refund_here, type_total_here
from auditor.writers.step_rows import (
    apart_note,
    at_stages,
    either_text,
    line_details,
    said_alike,
    shown_steps,
    step_text,
)
from auditor.writers.unchecked import UNCHECKED_FILL, UncheckedFigures

#: The Actions sheet's columns the user fills in, and the one that ties a row to the
#: history: ``auditor record --from`` finds them by these names, in either language.
STATUS, TICKET, DONE_ON = STATUS_COLUMN, TICKET_COLUMN, DATE_COLUMN
FINDING_IDS = Text("编号", "Finding ids")
#: Headers several of these sheets share.
LINES, WHICH_LINES = Text("号码数", "Lines"), Text("号码", "Which lines")


def groups_of(report: AuditReport) -> list[ServiceGroup]:
    """The report's findings grouped by service, in report order (gravest first)."""
    return figures.service_groups(report.findings)


# ---------------------------------------------------------------------------- By service

# Narrow enough to print on A4 landscape at 8 points or more: names and the step wrap.
BY_SERVICE_COLUMNS = [
    Column("#", "int"),
    Column(SEVERITY),
    Column(RULE, "list", width=NAME_WIDTH),
    Column(SERVICE, width=NAME_WIDTH),
    Column(CARRIER),
    Column(LINES, "int", align="center"),
    Column(WHICH_LINES, "list"),
    Column(MONTHS),
    Column(DISPUTED, "money"),
    Column(PER_YEAR, "money"),
    Column(Text("下一步", "Next step"), width=40),
    Column(RULE_ID.header, "list", printed=False, sized=False),  # "plain" but a list of ids
]


def by_service(report: AuditReport, shown: ReportFigures) -> Listing:
    """The By service sheet: one row per group of the report's (``shown``: its figures),
    shaded by its severity."""
    groups = shown.groups
    rows = [
        [
            number,
            label(SEVERITY_LABELS, g.severity),
            rules_named(g.findings),  # a list: one per line in the cell
            glossed(group_shown(g.service, g.findings, shown.told)) or bill_level(),
            carrier_name(g.carrier),
            len(g.lines),
            named_lines(g.lines, report),
            ", ".join(g.periods),
            g.claimable_fen or None,
            g.yearly_fen or None,
            shown.group_step(g),
            list(g.rules),
        ]
        for number, g in enumerate(groups, 1)
    ]
    fills = [SEVERITY_FILLS.get(g.severity) for g in groups]
    return Listing(BY_SERVICE, BY_SERVICE_COLUMNS, rows, fills)


def named_lines(
    lines: list[str], report: AuditReport, every: bool = False, owners: bool = True
) -> list[str]:
    """The lines, each with its owner (unless not ``owners``: a row that names them), as
    many as a cell names (:func:`~auditor.history.typed_lines.named`: ``auditor record
    --from`` reads the Actions sheet's back) and how many more (the Findings sheet names
    each); ``every``: all of them, one each, none counted."""
    known = {line: owner_shown(report, line) for line in lines} if owners else {}
    shown, more = (list(lines), "") if every else named(lines)
    return [f"{line} {known[line]}" if known.get(line) else line for line in shown] + (
        [more] if more else []
    )


# ------------------------------------------------------------------------------- Actions

# Narrow enough to print on A4 landscape at 9 points or more: long names and steps wrap;
# the ids and the link are for Excel and `auditor record --from`, not for paper.
WHAT = Column(Text("内容", "What to do"), "list", width=50)
ACTION_COLUMNS = [
    Column("#", "int"),
    Column(SERVICE, width=14),
    Column(Text("号码", "Lines"), "list", width=14, as_text=True),
    Column(Text("步骤", "Step"), "int"),
    Column(Text("方式", "Channel"), width=8),
    WHAT,
    Column(Text("可办理起", "From"), "date"),
    Column(Text("截止", "By"), "date"),
    Column(STATUS),
    Column(TICKET, as_text=True),
    Column(DONE_ON),
    # ours, never masked: an id's hex digits may look like a phone number to the masker
    Column(FINDING_IDS, "plain", printed=False, sized=False),
    Column(Text("发现", "Findings"), "link", printed=False, sized=False),
]


#: Beside What to do in a report not in Chinese: a step said or typed to a person or a
#: form in the Chinese report's words (:attr:`~auditor.model.Action.zh`), a cell to read
#: out, or copy and paste (the 12300 form); What to do narrower, to print at 9 points.
IN_CHINESE, WHAT_BESIDE = Column(Text("中文", "In Chinese"), width=22), 34


def action_columns() -> list[Column]:
    """The Actions sheet's columns in the active language: :data:`IN_CHINESE` beside What
    to do in a report not in Chinese."""
    if active() == "zh":
        return ACTION_COLUMNS
    at = ACTION_COLUMNS.index(WHAT)
    beside = [replace(WHAT, width=WHAT_BESIDE), IN_CHINESE]
    return [*ACTION_COLUMNS[:at], *beside, *ACTION_COLUMNS[at + 1 :]]


def _what_cells(what: list[str], zh: str = "") -> list:
    """A row's What to do cell, and its :data:`IN_CHINESE` one where the sheet has it."""
    return [what] if active() == "zh" else [what, zh or None]


def action_rows(
    groups: list[ServiceGroup],
    counted: Counted,
    stages: Mapping[int, list[ServiceGroup]] | None = None,
) -> dict[int, int]:
    """The Actions sheet's row (1-based) of each finding's steps: the first step of its
    group's part at its stage (:func:`~auditor.writers.step_rows.at_stages`; ``stages``:
    :func:`~auditor.writers.step_rows.stages_of`, when worked out), by ``id()`` of the
    finding (``counted``: the findings' money)."""
    stages = stages or step_rows.stages_of(groups, counted)
    rows: dict[int, int] = {}
    row = 2  # the header is row 1
    for group in groups:
        for part in stages[id(group)]:
            for finding in part.findings:
                if part.first.actions:
                    rows[id(finding)] = row
            row += len(shown_steps(part.first.actions))
    return rows


def actions(
    report: AuditReport,
    groups: list[ServiceGroup],
    finding_at: dict[int, tuple[str, int]] | None = None,
    due_at: list[tuple[str, int]] | None = None,
    unchecked: tuple[UncheckedFigures, ...] = (),
    unchecked_at: Mapping[int, tuple[str, int]] | None = None,
    counted: Counted | None = None,
    refunds: tuple[RefundGroup, ...] | None = None,
    stages: Mapping[int, list[ServiceGroup]] | None = None,
) -> Listing:
    """The Actions sheet: each group's steps once, or once for each part of its lines at
    one stage (:func:`~auditor.writers.step_rows.at_stages`; ``counted``: the report's
    money, when already worked out), numbered as By service numbers the group: its first
    finding's steps, which name the service and carrier alike for every line, the lines
    named on its first step, with a link to its first finding (``finding_at``: the sheet
    and row of each finding on the Findings sheets, by ``id()``); then the refunds due, a
    row per service and step (:func:`refund_due_rows`, ``refunds`` when already gathered,
    linked to the first's Follow-up row, ``due_at``); then what is pending on the lines
    not checked (``unchecked``: :func:`unchecked_rows`, linked to their Follow-up rows,
    ``unchecked_at``); ``stages``: the groups' parts
    (:func:`~auditor.writers.step_rows.stages_of`), when worked out; a service told
    apart as the report tells it, as the steps name it
    (:attr:`~auditor.audit_report.AuditReport.told`)."""
    finding_at = finding_at or {}
    counted = counted or figures.Counted(report.findings, report.as_of, report.claims)
    told = report.told
    to_finding = say("→ 发现", "→ finding")
    rows = []
    for number, group in enumerate(groups, 1):
        for part, others in _parts(group, counted, stages):
            back = finding_at.get(id(part.first))
            link = (*back, to_finding) if back else None
            lead = apart_note(part, group, number)  # a duplicate beside its service's
            rows += _group_rows(number, part, report, told, link, lead, others=others)
    fills: list[str | None] = [None] * len(rows)
    dues = refund_due_rows(report, len(groups) + 1, due_at, refunds)
    rows += dues
    fills += [SEVERITY_FILLS["low"]] * len(dues)  # as Follow-up shades them
    carried = unchecked_rows(report, unchecked, len(groups) + len(dues) + 1, unchecked_at)
    rows += carried
    fills += [UNCHECKED_FILL] * len(carried)  # as Follow-up shades them
    return Listing(ACTIONS, action_columns(), rows, fills)


def _group_rows(
    number: int,
    group: ServiceGroup,
    report: AuditReport,
    told: Mapping[str, str],
    link: tuple | None,
    lead: tuple[str, ...] = (),
    sheet: Text = FINDINGS,
    others: int = 0,
) -> list[list]:
    """The rows of a group's steps, numbered ``number``: its first finding's steps (a run
    of SMS commands any one of which does it one row, :func:`shown_steps`), each with
    what it says otherwise for some of its lines (:func:`line_details`) and due by the
    earliest of its findings' same step, the lines and ids (and ``link``, to
    where its first finding is) on the first step, whose text starts with ``lead`` and,
    for several findings, what the steps stand for (each one's own on ``sheet``), then,
    for a part of a service's lines at one stage, the ``others`` at another
    (:func:`_elsewhere`)."""
    ids = [f.id for f in group.findings if f.id]
    dues = iter(_earliest_dues(group))
    noted: dict[str, int] = {}  # each part of a note the group's steps gave: its step
    # several lines, their steps not all worded alike: what a step says otherwise, under it
    many, whose, listed = len(group.lines) > 1 and not said_alike(group), {}, {}
    if many:  # each line as its row's details name it (line_details)
        whose = dict(zip(group.lines, named_lines(group.lines, report, every=True), strict=True))
    rows, at = [], 0
    for index, run in enumerate(shown_steps(group.first.actions)):
        first, action = index == 0, run[0]
        step = action.step  # the number the JSON gives it too (auditor.step_numbers)
        what = step_text(action, step, noted) if len(run) == 1 else either_text(run, step, noted)
        if many:  # what the step says otherwise for some of the lines, under it
            places = range(at, at + len(run))
            what += line_details(group, places, step, listed, whose, sheet.shown())
        at += len(run)
        if first and others:
            what.insert(0, _elsewhere(others, number))
        if first and len(group.findings) > 1:
            what.insert(0, _for_all(group, sheet))
        if first:
            what[:0] = lead
        due = min((d for d in (next(dues) for _ in run) if d), default=None)
        rows.append(
            [
                number,
                glossed(group_shown(group.service, group.findings, told)) or bill_level(),
                named_lines(group.lines, report) if first else [],
                step,
                label(CHANNEL_LABELS, action.channel),
                *_what_cells(what, action.zh),
                action.opens,
                due,
                None,
                None,
                None,
                "\n".join(ids) if first else "",
                link if first else None,
            ]
        )  # fmt: skip
    return rows


def refund_due_rows(
    report: AuditReport,
    first_number: int,
    due_at: list[tuple[str, int]] | None = None,
    refunds: tuple[RefundGroup, ...] | None = None,
) -> list[list]:
    """A row of the Actions sheet for each of the report's refunds due of one service and
    step (``refunds``: :func:`~auditor.writers.refund_groups.refund_groups`, when already
    gathered), numbered on from ``first_number``: its service (told apart as the report
    tells it, as on Follow-up) and lines, what to ask back and by when (as Follow-up
    says for each line), the empty columns for what the user did and its findings' ids,
    so that a refund (or a complaint) typed there is recorded by ``auditor record
    --from`` against those findings, as on a finding's row; ``due_at``: each refund due's
    row on the Follow-up sheet, in the report's order: a row links to its first's."""
    if refunds is None:
        refunds = tuple(refund_groups(report.refunds_due, report.told))
    at = {id(due): index for index, due in enumerate(report.refunds_due)}
    rows = []
    for number, group in enumerate(refunds, first_number):
        index = at.get(id(group.first))
        back = due_at[index] if due_at and index is not None and index < len(due_at) else None
        if len(group.dues) == 1:
            rows.append(_refund_due_row(number, group.first, report, report.told, back))
        else:
            rows.append(_refund_group_row(number, group, report, back))
    return rows


def _refund_group_row(
    number: int, group: RefundGroup, report: AuditReport, back: tuple[str, int] | None
) -> list:
    """The Actions row of refunds due of one service on several lines, numbered
    ``number``: its lines named, what to ask back of all of them and by when (each line's
    amount where they differ), how to type what came back; its findings' ids, each with
    the money it has to ask back (what ``record --from`` records for a line when the
    refund typed is the total: :mod:`auditor.history.typed_refunds`); ``back``: its first
    refund due's Follow-up row, linked."""
    step = group.next_step()
    named = named_lines(group.lines, report)
    whose = dict(zip(group.lines, named_lines(group.lines, report, every=True), strict=True))
    what = [step.text, group.amounts(whose), type_total_here(group)]
    return [
        number,
        glossed(group.shown) or bill_level(),
        named,
        1,
        label(CHANNEL_LABELS, group.channel),
        *_what_cells([text for text in what if text]),
        step.opens,
        step.due,
        None,
        None,
        None,
        "\n".join(f"{due.id} {format_fen(due.unrefunded_fen)}" for due in group.dues),
        (*back, say("→ 跟进", "→ follow-up")) if back else None,
    ]


def _refund_due_row(
    number: int,
    due: RefundDue,
    report: AuditReport,
    told: Mapping[str, str],
    back: tuple[str, int] | None,
    lead: tuple[str, ...] = (),
) -> list:
    """The Actions row of refund due ``due``, numbered ``number`` (a number of its own:
    its id is read with it), its text starting with ``lead``; ``back``: its Follow-up
    row, linked."""
    service = service_shown(due, told)
    step = due.next_step(service)
    return [
        number,
        glossed(service) or bill_level(),
        named_lines([due.line], report),
        1,
        label(CHANNEL_LABELS, due.channel),
        *_what_cells([*lead, step.text, type_refund_here(due)]),
        step.opens,
        step.due,
        None,
        None,
        None,
        due.id,
        (*back, say("→ 跟进", "→ follow-up")) if back else None,
    ]


def unchecked_rows(
    report: AuditReport,
    lines: tuple[UncheckedFigures, ...],
    first_number: int,
    at: Mapping[int, tuple[str, int]] | None = None,
) -> list[list]:
    """The Actions rows of what is pending on the lines not checked (no bill of them
    given: :mod:`auditor.writers.unchecked`), numbered on from ``first_number``: each of
    a line's services' findings still open, its steps as a checked line's are (by
    service, the first saying the line was not checked and its bill to give), then each
    of its refunds due, as a checked line's row (saying so first), so that what is typed
    there is recorded by ``auditor record --from`` against that line and finding, as on
    any other row. ``at``: each finding's and refund due's Follow-up row, by ``id()``,
    linked."""
    at = at or {}
    to_follow_up = say("→ 跟进", "→ follow-up")
    rows: list[list] = []
    number = first_number
    for each in lines:
        lead = (each.brief,)
        for group in figures.service_groups(list(each.unchecked.findings), each.counted):
            for part, others in _parts(group, each.counted):
                back = at.get(id(part.first))
                link = (*back, to_follow_up) if back else None
                rows += _group_rows(number, part, report, each.told, link, lead, FOLLOW_UP, others)
            number += 1
        for due in each.unchecked.refunds_due:
            rows.append(_refund_due_row(number, due, report, each.told, at.get(id(due)), lead))
            number += 1
    return rows


def _parts(
    group: ServiceGroup, counted: Counted, stages: Mapping[int, list[ServiceGroup]] | None = None
) -> list[tuple[ServiceGroup, int]]:
    """``group``'s parts at one stage each (:func:`~auditor.writers.step_rows.at_stages`,
    or as ``stages`` has them), each with how many of the group's lines are not in it (0:
    the group is one part)."""
    every = len(group.lines)
    parts = stages.get(id(group)) if stages else None
    if parts is None:
        parts = at_stages(group, counted)
    return [(part, every - len(part.lines)) for part in parts]


def _elsewhere(count: int, number: int) -> str:
    """What a part of a service's lines at one stage (:func:`_parts`), numbered
    ``number``, says of the ``count`` lines at another: its other rows of that number
    have their steps."""
    return say(
        f"这项业务另有 {count} 个号码的步骤不同：见编号 {number} 的其他行",
        f"{count} more line{'s' if count > 1 else ''} of this service "
        f"{'have steps of their' if count > 1 else 'has steps of its'} own: see the other "
        f"rows numbered {number}",
    )


def _for_all(group: ServiceGroup, sheet: Text = FINDINGS) -> str:
    """What a group's steps stand for: its lines and money together; the amounts and
    dates the steps quote are its first line's (of one line, its first finding's, as a
    line's bills that do not add up in two months), each one's own on ``sheet``."""
    count = len(group.lines)
    total = format_yuan(group.claimable_fen) if group.claimable_fen else ""
    findings = sheet.shown()
    if count == 1:
        many, first = len(group.findings), say("、", ", ").join(group.first.periods)
        return say(
            f"适用于该号码的 {many} 项发现{f'，合计已多扣 ¥{total}' if total else ''}；"
            f"步骤中的金额和日期以第一项（{first}）为例，各项的见「{findings}」表",
            f"For this line's {many} findings{f', ¥{total} disputed in all' if total else ''}; "
            f"the amounts and dates below are the first's ({first}), each one's are on the "
            f"{findings} sheet",
        )
    return say(
        f"适用于 {count} 个号码{f'，合计已多扣 ¥{total}' if total else ''}；"
        f"步骤中的金额和日期以第一个号码为例，各号码的见「{findings}」表",
        f"For {count} lines{f', ¥{total} disputed in all' if total else ''}; the amounts and "
        f"dates below are the first line's, each line's are on the {findings} sheet",
    )


def _earliest_dues(group: ServiceGroup) -> list[date | None]:
    """Each of the group's steps' last day for the whole group: the earliest of its
    findings' same step (a line with earlier months may have to appeal sooner than the
    first line), else the step's own. One pass over the findings' steps."""
    steps = group.first.actions
    earliest: list[date | None] = [None] * len(steps)
    for finding in group.findings:
        for index, action in enumerate(finding.actions[: len(steps)]):
            due = action.due
            if due and action.channel == steps[index].channel:
                known = earliest[index]
                if known is None or due < known:
                    earliest[index] = due
    return [due if due is not None else step.due for due, step in zip(earliest, steps, strict=True)]
