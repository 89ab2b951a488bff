"""The sheets that group findings so a person acts once per thing, not once per line.

- By service (按业务): one row per rule, service and carrier (:func:`~auditor.writers.
  figures.service_groups`): the lines it touches, its months and money, its next step
  (:func:`~auditor.writers.followup.group_step`, as the Summary's).
- Actions (处理步骤): each group's steps once, the lines they are for, then a row for
  each refund still due of a finding resolved before, and empty columns for what the
  user did (status, ticket number 工单号, date), which ``auditor record --from
  REPORT.xlsx`` reads back; the finding ids tie a row to the history.
- By owner (按机主): findings, things to do (the Summary's) and money per department or
  owner (the settings' ``group`` and ``owner`` of each line; a line with neither stands
  for itself), refunds still due among them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from auditor.catalog import carrier_name
from auditor.history.follow import RefundDue
from auditor.lang import Text, say
from auditor.model import Finding
from auditor.pipeline import AuditReport
from auditor.sheets import ACTIONS, BY_OWNER, BY_SERVICE, FINDINGS
from auditor.values import format_fen, format_yuan
from auditor.writers import figures
from auditor.writers.figures import ServiceGroup
from auditor.writers.followup import group_step
from auditor.writers.labels import (
    CHANNEL_LABELS,
    CONFIDENCE_LABELS,
    SEVERITY_LABELS,
    bill_level,
    label,
    rule_label,
)
from auditor.writers.listings import (
    CARRIER,
    DISPUTED,
    MONTHS,
    OWNER,
    PER_YEAR,
    RULE,
    RULE_ID,
    SERVICE,
    SEVERITY,
    SEVERITY_FILLS,
)
from auditor.writers.sheet import Column, Listing
from auditor.writers.todo import lines_about, things_to_do

#: Lines named in one cell; more are counted (the Findings sheet names each).
LINES_NAMED = 10

#: The Actions sheet's columns the user fills in, and the one that ties a row to the
#: history: ``auditor record --from`` finds them by these names, in either language.
STATUS, TICKET, DONE_ON = Text("状态", "Status"), Text("工单号", "Ticket"), Text("日期", "Date")
FINDING_IDS = Text("编号", "Finding ids")
#: Headers several of these sheets share.
LINES, WHICH_LINES = Text("号码数", "Lines"), Text("号码", "Which lines")


def groups_of(report: AuditReport) -> list[ServiceGroup]:
    """The report's findings grouped by service, in report order (gravest first)."""
    return figures.service_groups(report.findings)


# ---------------------------------------------------------------------------- By service

BY_SERVICE_COLUMNS = [
    Column("#", "int"),
    Column(SEVERITY),
    Column(RULE, "list"),
    Column(SERVICE),
    Column(CARRIER),
    Column(LINES, "int"),
    Column(WHICH_LINES, "list"),
    Column(MONTHS),
    Column(DISPUTED, "money"),
    Column(PER_YEAR, "money"),
    Column(Text("下一步", "Next step")),
    Column(RULE_ID.header, "list", printed=False),  # "plain" but a list: ids one per line
]


def by_service(report: AuditReport, groups: list[ServiceGroup]) -> Listing:
    """The By service sheet: one row per group, shaded by its severity."""
    rows = [
        [
            number,
            label(SEVERITY_LABELS, g.severity),
            [rule_label(rule) for rule in g.rules],  # a list: one per line in the cell
            g.service or bill_level(),
            carrier_name(g.carrier),
            len(g.lines),
            _named(g.lines, report),
            ", ".join(g.periods),
            g.claimable_fen or None,
            g.yearly_fen or None,
            group_step(g, report.as_of),
            list(g.rules),
        ]
        for number, g in enumerate(groups, 1)
    ]
    fills = [SEVERITY_FILLS.get(g.severity) for g in groups]
    return Listing(BY_SERVICE, BY_SERVICE_COLUMNS, rows, fills)


def _named(lines: list[str], report: AuditReport, most: int = LINES_NAMED) -> list[str]:
    """The lines, each with its owner, at most ``most`` of them and how many more."""
    named = [f"{line} {report.owners[line]}" if line in report.owners else line for line in lines]
    if len(named) > most:
        more = len(named) - most
        return [*named[:most], say(f"… 另有 {more} 个", f"… {more} more")]
    return named


# ------------------------------------------------------------------------------- Actions

# Narrow enough to print on A4 landscape at 9 points or more: long names and steps wrap;
# the ids and the link are for Excel and `auditor record --from`, not for paper.
ACTION_COLUMNS = [
    Column("#", "int"),
    Column(SERVICE, width=14),
    Column(Text("号码", "Lines"), "list", width=14),
    Column(Text("步骤", "Step"), "int"),
    Column(Text("方式", "Channel"), width=8),
    Column(Text("内容", "What to do"), "list", width=42),
    Column(Text("可办理起", "From"), "date"),
    Column(Text("截止", "By"), "date"),
    Column(STATUS),
    Column(TICKET),
    Column(DONE_ON),
    # ours, never masked: an id's hex digits may look like a phone number to the masker
    Column(FINDING_IDS, "plain", printed=False),
    Column(Text("发现", "Findings"), "link", printed=False),
]


def action_rows(groups: list[ServiceGroup]) -> dict[int, int]:
    """The Actions sheet's row (1-based) of each finding's steps: its group's first step,
    by ``id()`` of the finding."""
    rows: dict[int, int] = {}
    row = 2  # the header is row 1
    for group in groups:
        for finding in group.findings:
            if group.first.actions:
                rows[id(finding)] = row
        row += len(group.first.actions)
    return rows


def actions(
    report: AuditReport,
    groups: list[ServiceGroup],
    finding_at: dict[int, tuple[str, int]] | None = None,
    due_at: list[tuple[str, int]] | None = None,
) -> Listing:
    """The Actions sheet: each group's steps once (its first finding's, which name the
    service and carrier alike for every line), the lines named on its first step, with a
    link to its first finding (``finding_at``: the sheet and row of each finding on the
    Findings sheets, by ``id()``); then each refund due (:func:`refund_due_rows`, linked
    to its Follow-up row, ``due_at``)."""
    finding_at = finding_at or {}
    to_finding = say("→ 发现", "→ finding")
    rows = []
    for number, group in enumerate(groups, 1):
        ids = [f.id for f in group.findings if f.id]
        back = finding_at.get(id(group.first))
        dues = _earliest_dues(group)
        for index, action in enumerate(group.first.actions):
            first = index == 0
            what = _what(action)
            if first and len(group.findings) > 1:
                what.insert(0, _for_all(group))
            rows.append(
                [
                    number,
                    group.service or bill_level(),
                    _named(group.lines, report) if first else [],
                    action.step,
                    label(CHANNEL_LABELS, action.channel),
                    what,
                    action.opens,
                    dues[index],
                    None,
                    None,
                    None,
                    "\n".join(ids) if first else "",
                    (*back, to_finding) if first and back else None,
                ]
            )  # fmt: skip
    fills: list[str | None] = [None] * len(rows)
    dues = refund_due_rows(report, len(groups) + 1, due_at)
    rows += dues
    fills += [SEVERITY_FILLS["low"]] * len(dues)  # as Follow-up shades them
    return Listing(ACTIONS, ACTION_COLUMNS, rows, fills)


def refund_due_rows(
    report: AuditReport, first_number: int, due_at: list[tuple[str, int]] | None = None
) -> list[list]:
    """A row of the Actions sheet for each of the report's refunds due, numbered on from
    ``first_number``: its service and line, what to ask back and by when
    (:meth:`RefundDue.next_step`, as Follow-up says), the empty columns for what the
    user did and its finding's id, so that a refund (or a complaint) typed there is
    recorded by ``auditor record --from`` against that finding, as on a finding's row;
    ``due_at``: each one's row on the Follow-up sheet, linked."""
    to_follow_up = say("→ 跟进", "→ follow-up")
    rows = []
    for index, due in enumerate(report.refunds_due):
        back = due_at[index] if due_at and index < len(due_at) else None
        step = due.next_step()
        rows.append(
            [
                first_number + index,  # a number of its own: its id is read with it
                due.service or bill_level(),
                _named([due.line], report),
                1,
                label(CHANNEL_LABELS, due.channel),
                [step.text, _type_it_here(due)],
                step.opens,
                step.due,
                None,
                None,
                None,
                due.id,
                (*back, to_follow_up) if back else None,
            ]
        )  # fmt: skip
    return rows


def _type_it_here(due: RefundDue) -> str:
    """How the refund, once back, is noted on this row rather than on the command line:
    the money this row asks back is the amount to type."""
    money = format_fen(due.unrefunded_fen)
    return say(
        f"退还后在本行「{STATUS.zh}」写 退款 {money}（退多少写多少）、在「{DONE_ON.zh}」写日期，"
        "保存后运行 auditor record --from 本报告",
        f"Once refunded, type 退款 {money} (what came back) in this row's {STATUS.en}, "
        f"the day in {DONE_ON.en}, save and run auditor record --from this report",
    )


def _for_all(group: ServiceGroup) -> str:
    """What a group's steps stand for: its lines and money together; the amounts and
    dates the steps quote are its first line's (of one line, its first finding's, as a
    line's bills that do not add up in two months)."""
    count = len(group.lines)
    total = format_yuan(group.claimable_fen) if group.claimable_fen else ""
    findings = FINDINGS.shown()
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


def _what(action) -> list[str]:
    """A step's text, then where to send it, how sure the command is, and its note."""
    what = [action.text]
    if action.to:
        what.append(say(f"发往：{action.to}", f"To: {action.to}"))
    if action.confidence:
        sure = label(CONFIDENCE_LABELS, action.confidence)
        what.append(say(f"可靠性：{sure}", f"Confidence: {sure}"))
    if action.note:
        what.append(action.note)
    return what


# ------------------------------------------------------------------------------ By owner

BY_OWNER_COLUMNS = [
    Column(Text("部门", "Group")),
    Column(OWNER),
    Column(LINES, "int"),
    Column(WHICH_LINES, "list"),
    Column(Text("发现", "Findings"), "int"),
    Column(Text("要处理", "To act on"), "int"),
    Column(DISPUTED, "money"),
    Column(PER_YEAR, "money"),
    Column(Text("待退款", "Refunds due"), "money"),
]


def by_owner(
    report: AuditReport,
    lines: list[figures.LineFigures],
    groups: list[ServiceGroup] | None = None,
) -> Listing:
    """The By owner sheet: per group and owner (a line with neither on its own), the
    ``lines`` (:func:`~auditor.writers.figures.lines_figures`), findings, things to do
    and money, the most money first. A group of several owners comes as a block, its
    total first (the group's money is what an admin takes to that department), its owners
    under it; of several blocks, a total of all comes last.

    The things to do are the Summary's (:func:`~auditor.writers.todo.things_to_do`: a
    service's findings, a refund still due), each counted once per row whatever the
    number of its lines there. A service on several owners' lines is one thing for the
    Summary (one call about it) and one for each owner (each acts on their own line): the
    owners' rows then come to more than it, and a total row (a group's, the sheet's, which
    is the Summary's count) says so where it does. The money is each line's, and adds up.
    A refund due's money is its own column, as the Summary's overview has it.
    ``groups``: the report's service groups, when already made."""
    found: dict[str, list] = {}
    for finding in report.findings:
        found.setdefault(finding.line, []).append(finding)
    todo = things_to_do(report, groups)
    todo_of: dict[str, list[int]] = {}  # per line, its things to do (index in todo)
    for index, item in enumerate(todo):
        for line in lines_about(item):
            todo_of.setdefault(line, []).append(index)
    due_of: dict[str, int] = {}
    for due in report.refunds_due:
        due_of[due.line] = due_of.get(due.line, 0) + due.unrefunded_fen
    owned = _Owned(found, todo_of, due_of)
    keyed: dict[tuple[str, str, str], list[str]] = {}
    # a refund due's line may have no file in this audit: it is someone's all the same
    for line in dict.fromkeys([*(f.line for f in lines), *due_of]):
        group, owner = report.groups.get(line, ""), report.owners.get(line, "")
        alone = "" if group or owner else line  # no one's: the line stands for itself
        keyed.setdefault((group, owner, alone), []).append(line)
    # a block: a group's owners, or one row without a group; (money, name) to sort by
    blocks: dict[tuple[str, str], list[tuple[str, list[str]]]] = {}
    for (group, owner, alone), members in keyed.items():
        blocks.setdefault((group, "") if group else ("", owner + alone), []).append(
            (owner, members)
        )
    rows, fills, every = [], [], []
    for (group, _), owners in sorted(blocks.items(), key=_most_money(owned)):
        ranked = [_owner_row(group, owner, members, owned, report) for owner, members in owners]
        ranked.sort(key=lambda row: (-sum(fen or 0 for fen in row[6:9]), row[1]))
        if len(owners) > 1:
            mine = [line for _, members in owners for line in members]
            rows.append(_total_row(group, mine, ranked, owned, report))
            fills.append(GROUP_TOTAL_FILL)
        rows += ranked
        fills += [None] * len(ranked)
        every += [line for _, members in owners for line in members]
    if len(blocks) > 1:
        owner_rows = [row for row, fill in zip(rows, fills, strict=True) if fill is None]
        rows.append(_total_row(say("全部", "All"), every, owner_rows, owned, report))
        fills.append(GROUP_TOTAL_FILL)
    return Listing(BY_OWNER, BY_OWNER_COLUMNS, rows, fills)


#: What a total row of By owner says where the owners' rows above come to more things to
#: do than it counts.
_COUNTED_ONCE = Text(
    "涉及几位机主号码的同一件事，在此只算一件（与摘要相同），在每位机主的行里各算一件",
    "a thing to do on several owners' lines counts once here, as in the Summary, and "
    "once on each of their rows",
)


def _total_row(
    group: str, members: list[str], owner_rows: list[list], owned: _Owned, report: AuditReport
) -> list:
    """A total row of By owner over ``members``: each thing to do once, as the Summary
    counts them, and, where ``owner_rows`` (its owners') come to more, why."""
    row = _owner_row(group, say("合计", "Total"), members, owned, report, named=False)
    if sum(owner[5] for owner in owner_rows) != row[5]:
        row[3] = [_COUNTED_ONCE.shown()]
    return row


@dataclass(frozen=True)
class _Owned:
    """Per line, what By owner counts: its findings, its things to do (their index in the
    report's list) and the money of its refunds due."""

    findings: dict[str, list[Finding]]
    todo: dict[str, list[int]]
    due_fen: dict[str, int]

    def money(self, members: list[str]) -> tuple[int, int, int]:
        """The members' money disputed, a year's and of refunds due."""
        mine = [f for line in members for f in self.findings.get(line, [])]
        due = sum(self.due_fen.get(line, 0) for line in members)
        return figures.claimable_fen(mine), figures.yearly_fen(mine), due


#: The shading of a group's total row on the By owner sheet.
GROUP_TOTAL_FILL = "EDEDED"


def _most_money(owned: _Owned):
    """A sort key for By owner's blocks: the most money first, then by name."""

    def key(block: tuple[tuple[str, str], list[tuple[str, list[str]]]]) -> tuple:
        (group, name), owners = block
        return (
            -sum(owned.money([line for _, members in owners for line in members])),
            group or name,
        )

    return key


def _owner_row(
    group: str,
    owner: str,
    members: list[str],
    owned: _Owned,
    report: AuditReport,
    named: bool = True,
) -> list:
    """One row of By owner: ``members``' lines (named when ``named``), findings, things to
    do (each once, however many of its lines are among them) and money."""
    findings = sum(len(owned.findings.get(line, [])) for line in members)
    todo = {index for line in members for index in owned.todo.get(line, [])}
    claimable, yearly, due = owned.money(members)
    return [
        group,
        owner,
        len(members),
        _named(members, report) if named else None,
        findings,
        len(todo),
        claimable or None,
        yearly or None,
        due or None,
    ]
