"""The By owner sheet (按机主): findings, things to do (the Summary's) and money per
department or owner (the settings' ``group`` and ``owner`` of each line; a line with
neither stands for itself), refunds still due among them, and the lines not checked
(no bill of them given: :mod:`auditor.writers.unchecked`) under their owners, their money
apart.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from auditor.audit_report import AuditReport
from auditor.history.typed_lines import LINES_NAMED
from auditor.holders import Holder
from auditor.lang import Text, counted, say
from auditor.rules.formatting import months_text
from auditor.sheets import BY_OWNER
from auditor.writers.grouped import LINES, WHICH_LINES, named_lines
from auditor.writers.listings import DISPUTED, OWNER, PER_YEAR
from auditor.writers.measure import MAX_WIDTH, text_lines
from auditor.writers.refund_groups import RefundGroup
from auditor.writers.report_figures import ReportFigures
from auditor.writers.sheet import Column, Listing
from auditor.writers.todo import waits

#: By owner's column of the refunds due past the appeal limit, the Summary's figure of
#: them per owner: narrow, on two lines.
PAST_LIMIT = Text("已过申诉期的待退款", "Refunds due past the limit")
#: By owner's column of refunds due past the appeal limit (only when some is).
PAST_LIMIT_COLUMN = Column(PAST_LIMIT, "money")
#: By owner's column of the money at stake on lines not checked (only when some line was
#: not checked).
AWAY_COLUMN = Column(Text("未核对号码仍涉及", "Not checked, at stake"), "money")

BY_OWNER_COLUMNS = [
    Column(Text("部门", "Group")),
    Column(OWNER),
    Column(LINES, "int", align="center"),
    Column(WHICH_LINES, "list"),
    Column(Text("发现", "Findings"), "int"),
    Column(Text("要处理", "To act on"), "int"),
    Column(DISPUTED, "money"),
    Column(PER_YEAR, "money"),
    # the Summary's two refund figures, apart as it shows them: those an appeal can still
    # get, and those past its limit (a complaint to the carrier only)
    Column(Text("待退款", "Refunds due"), "money"),
    PAST_LIMIT_COLUMN,
    # the Summary's figure of the lines not checked, per owner, apart from the money
    # above; only when some line was not checked (the last column)
    AWAY_COLUMN,
]

#: How a line not checked is named among an owner's lines.
NOT_CHECKED = Text("（未核对）", " (not checked)")
#: How a line handed over since is named among its earlier holder's lines: the months
#: whose money is theirs.
HANDED_OVER = Text("（{months}，已移交）", " ({months}, handed over)")
#: The block of the lines not in the settings (they name the company's lines), in the
#: Group column.
OUTSIDE = Text("不在设置中", "Not in the settings")


def by_owner(report: AuditReport, shown: ReportFigures) -> Listing:
    """The By owner sheet: per group and owner (a line with neither on its own), the
    lines (``shown``: the report's figures, its lines', by number: the owner is named
    beside them), findings, things to do and money, the most money first, then
    the most to do. A group of several owners comes as a block, its total first (the
    group's money is what an admin takes to that department), its owners under it; of
    several blocks, a total of all comes last. A company's owners are mostly found
    nothing about: in a block, several such are one row after the others (how many, their
    lines, who), and so are those of no group, before the total of all.

    The things to do are the Summary's (:func:`~auditor.writers.todo.things_to_do`: a
    service's findings, a refund still due), each counted once per row whatever the
    number of its lines there; what leaves nothing to do now but wait
    (:func:`~auditor.writers.todo.waits`) is not counted, as the Summary's headline does
    not count it among its things to do. A service on several owners' lines is one thing for the
    Summary (one call about it) and one for each owner (each acts on their own line): the
    owners' rows then come to more than it, and a total row (a group's, the sheet's, which
    is the Summary's count) says so where it does. The money is each line's, and adds up.
    A refund due's money is its own column, the Summary's two figures of it together (those
    an appeal can still get and those past its limit: all still owed by the carrier).

    A line not in the settings, which name the company's or the family's lines (a
    stranger's bill among theirs: :meth:`~auditor.audit_report.AuditReport.not_in_settings`),
    is no owner's: its rows come last, in a block of their own named so, after the total
    of all, which leaves them out (their money is not the company's).

    A line not checked (no bill of it given: ``shown.unchecked``) is among its owner's
    lines, named so, what is still at stake on it in a column of its own (the sheet has
    it only when some line was not checked), apart from this audit's money as the Summary
    keeps it (its findings are not this audit's: not counted as findings nor things to
    do), so that an owner's lines do not drop it."""
    owned = _owned(report, shown)
    keyed: dict[tuple[str, str, str], list[Slot]] = {}
    strangers: list[Slot] = []  # the lines not in the settings: none of the owners'
    # a refund due's line may have no file in this audit, nor one not checked: each is
    # someone's all the same; a line handed over is each of its holders' for their months
    for slot in owned.slots:
        line, (owner, group) = slot
        if report.not_in_settings(line):
            strangers.append(slot)
            continue
        alone = "" if group or owner else line  # no one's: the line stands for itself
        keyed.setdefault((group, owner, alone), []).append(slot)
    # a block: a group's owners, or one row without a group; (money, name) to sort by
    blocks: dict[tuple[str, str], list[tuple[str, list[Slot]]]] = {}
    for (group, owner, alone), members in keyed.items():
        blocks.setdefault((group, "") if group else ("", owner + alone), []).append(
            (owner, members)
        )
    rows, fills, every = [], [], []
    quiet_alone: list[list] = []  # the rows of owners in no group with nothing found
    for (group, _), owners in sorted(blocks.items(), key=_most_to_do(owned)):
        ranked = [_owner_row(group, owner, members, owned, report) for owner, members in owners]
        ranked.sort(key=_owner_order)
        every += [line for _, members in owners for line in members]
        if not group and _quiet(ranked[0]):
            quiet_alone += ranked  # (an owner of no group is a block alone)
            continue
        if len(owners) > 1:
            mine = [line for _, members in owners for line in members]
            rows.append(_total_row(group, mine, ranked, owned, report))
            fills.append(GROUP_TOTAL_FILL)
        shown = _collapsed(group, ranked, len(ranked))
        rows += shown
        fills += [None] * len(shown)
    shown = _collapsed("", quiet_alone, len(blocks))
    rows += shown
    fills += [None] * len(shown)
    if len(blocks) > 1:
        owner_rows = [row for row, fill in zip(rows, fills, strict=True) if fill is None]
        total = _total_row(say("全部", "All"), every, owner_rows, owned, report)
        if strangers:  # its count is not the Summary's: it says why
            total[3] = [(_COUNTED_ONCE_OWNERS_ONLY if total[3] else _OWNERS_ONLY).shown()]
        rows.append(total)
        fills.append(GROUP_TOTAL_FILL)
    # after the owners' total, which leaves them out: a stranger's line among the
    # company's (or the family's) bills is no owner's, and its money none of theirs
    ranked = [_owner_row(OUTSIDE.shown(), "", [slot], owned, report) for slot in strangers]
    ranked.sort(key=_owner_order)
    shown = _collapsed(OUTSIDE.shown(), ranked, len(ranked))
    rows += shown
    fills += [None] * len(shown)
    # a company's sheet of a little more than a page is shrunk onto one, not run over
    short = _printed_lines(rows) <= ONE_PAGE_LINES
    # a column only where it has money: refunds past the appeal limit, lines not checked
    wanted = [
        index
        for index, column in enumerate(BY_OWNER_COLUMNS)
        if (column is not PAST_LIMIT_COLUMN or owned.past_fen)
        and (column is not AWAY_COLUMN or owned.away_fen)
    ]
    columns = [BY_OWNER_COLUMNS[index] for index in wanted]
    rows = [[row[index] for index in wanted] for row in rows]
    # a group's total stands over its owners: printed on their page (the total of all,
    # after the groups, with the lines of no owner's below it)
    starts = [at for at, fill in enumerate(fills) if fill == GROUP_TOTAL_FILL]
    blocks = tuple(itertools.pairwise([*starts, len(rows)])) if starts else ()
    return Listing(BY_OWNER, columns, rows, fills, pages_tall=1 if short else 0, blocks=blocks)


#: By owner of at most this many printed lines is shrunk to one page tall: a landscape
#: page holds about 32 to 40 at its width's scale (the more, the wider its lists of
#: names), so it prints at three quarters of that at the least.
ONE_PAGE_LINES = 44


def _printed_lines(rows: list[list]) -> int:
    """About how many lines By owner's ``rows`` print on, its header's with them: a row
    as many as its list of lines (or names) takes, each item a line of its own wrapped
    in the widest the column is made, as its cells measure it."""
    lines = [sum(text_lines(item, MAX_WIDTH + 1) for item in row[3] or ()) for row in rows]
    return 1 + sum(max(1, count) for count in lines)


#: What a total row of By owner says where the owners' rows above come to more things to
#: do than it counts.
_COUNTED_ONCE = Text(
    "几位机主号码的同一件事，在此只算一件（与摘要相同）",
    "a thing on several owners' lines counts once here, as in the Summary",
)
#: What the total of all says where it leaves lines not in the settings out: the
#: Summary counts their things to do, it does not (and, where the owners' rows come to
#: more, why, as _COUNTED_ONCE says it).
_OWNERS_ONLY = Text(
    "不含不在设置中的号码（摘要含）",
    "the lines not in the settings left out (the Summary counts them)",
)
_COUNTED_ONCE_OWNERS_ONLY = Text(
    "几位机主号码的同一件事，在此只算一件；不含不在设置中的号码（摘要含）",
    "a thing on several owners' lines counts once here; the lines not in the settings "
    "left out (the Summary counts them)",
)


def _total_row(
    group: str, members: list[Slot], owner_rows: list[list], owned: _Owned, report: AuditReport
) -> list:
    """A total row of By owner over ``members``: each thing to do once, as the Summary
    counts them, and, where ``owner_rows`` (its owners') come to more, why."""
    row = _owner_row(group, say("合计", "Total"), members, owned, report, named=False)
    if sum(owner[5] for owner in owner_rows) != row[5]:
        row[3] = [_COUNTED_ONCE.shown()]
    return row


#: A line as one holder's (a line handed over is each holder's for their months):
#: its number, and the owner and department.
Slot = tuple[str, Holder]


@dataclass(frozen=True)
class _Owned:
    """Per slot (a line, as one holder's: :data:`Slot`), what By owner counts: its
    findings (those whose latest month is that holder's), its things to do (their index
    in the report's list), its money disputed, a year's and of refunds due (each month's
    its holder's then: :class:`~auditor.holders.Holders`; a year's, to come, the holder's
    now) and the money at stake on a line not checked (the holder's now), apart."""

    slots: list[Slot]
    found: dict[Slot, int]
    todo: dict[Slot, list[int]]
    claim_fen: dict[Slot, int]
    yearly_fen: dict[Slot, int]
    due_fen: dict[Slot, int]
    #: The lines not checked and the money still at stake on each, apart.
    away_fen: dict[Slot, int]
    #: The months of a line's money that a holder other than its holder now held.
    before: dict[Slot, list[str]]
    #: The money of refunds due past the appeal limit (apart from ``due_fen``, as the
    #: Summary keeps it), each month's its holder's then.
    past_fen: dict[Slot, int]

    def findings(self, slot: Slot) -> int:
        """How many findings ``slot`` has."""
        return self.found.get(slot, 0)

    def money(self, members: list[Slot]) -> tuple[int, int, int, int]:
        """The members' money disputed, a year's, of refunds due an appeal can still get
        and of those past the appeal limit: their own, which add up (money is counted once
        per line, service and month)."""
        return (
            sum(self.claim_fen.get(slot, 0) for slot in members),
            sum(self.yearly_fen.get(slot, 0) for slot in members),
            sum(self.due_fen.get(slot, 0) for slot in members),
            sum(self.past_fen.get(slot, 0) for slot in members),
        )

    def away(self, members: list[Slot]) -> int | None:
        """The money still at stake on the members' lines not checked, apart from their
        money above; None when none of them is one."""
        away = [self.away_fen[slot] for slot in members if slot in self.away_fen]
        return sum(away) if away else None


def _owned(report: AuditReport, shown: ReportFigures) -> _Owned:
    """What By owner counts of ``report`` (``shown``: its figures), by slot."""
    holders, counted = report.holders, shown.counted
    slots: dict[Slot, None] = {}  # in the order the lines come, each holder's once
    found: dict[Slot, int] = {}
    claim: dict[Slot, int] = {}
    yearly: dict[Slot, int] = {}
    due: dict[Slot, int] = {}
    past: dict[Slot, int] = {}
    before: dict[Slot, list[str]] = {}

    def add(into: dict[Slot, int], line: str, period: str, fen: int) -> None:
        slot = (line, holders.at(line, period))
        slots.setdefault(slot)
        into[slot] = into.get(slot, 0) + fen
        if slot[1] != holders.now(line) and period:
            before.setdefault(slot, []).append(period)

    for figures in shown.lines:
        slots.setdefault((figures.line, holders.now(figures.line)))
        if figures.yearly_fen:
            add(yearly, figures.line, "", figures.yearly_fen)
    for finding in report.findings:
        add(found, finding.line, max(finding.periods, default=""), 1)
        for period, held in counted.shown_months.get(id(finding), {}).items():
            if held.left:
                add(claim, finding.line, period, held.left)
    for refund in report.refunds_due:
        # a month past the appeal limit is the Summary's other figure: its own column
        late = set(refund.past_periods)
        months = refund.left_by_month
        if not months:  # (its months' money not known apart: all on its latest month)
            last = max(refund.periods, default="")
            months, late = ((last, refund.appealable_fen),), set()
            if refund.past_fen:
                add(past, refund.line, last, refund.past_fen)
        for period, fen in months:
            if fen:
                add(past if period in late else due, refund.line, period, fen)
    todo: dict[Slot, list[int]] = {}
    for index, item in enumerate(shown.todo):
        if waits(item, report.as_of, shown.next_steps):
            continue  # only to wait for: not a thing to act on, as the Summary counts it
        about = item.dues if isinstance(item, RefundGroup) else item.findings
        for slot in dict.fromkeys((f.line, holders.of_months(f.line, f.periods)) for f in about):
            slots.setdefault(slot)
            todo.setdefault(slot, []).append(index)
    away: dict[Slot, int] = {}
    for each in shown.unchecked:
        slot = (each.line, holders.now(each.line))
        slots.setdefault(slot)
        away[slot] = each.at_stake_fen
    return _Owned(list(slots), found, todo, claim, yearly, due, away, before, past)


#: The shading of a group's total row on the By owner sheet.
GROUP_TOTAL_FILL = "EDEDED"


def _most_to_do(owned: _Owned):
    """A sort key for By owner's blocks: the most money first, then those with things to
    do, then with findings (a bill that does not add up has no money), then by name."""

    def key(block: tuple[tuple[str, str], list[tuple[str, list[Slot]]]]) -> tuple:
        (group, name), owners = block
        members = [slot for _, slots in owners for slot in slots]
        away = owned.away(members)
        return (
            -sum(owned.money(members)),
            not any(owned.todo.get(slot) for slot in members) and away is None,
            -(away or 0),
            not any(owned.findings(slot) for slot in members),
            group or name,
        )

    return key


def _owner_order(row: list) -> tuple:
    """A sort key for a block's owners' rows: the most money first, then the most things
    to do, then a line not checked (the most at stake there first), then findings (those
    with nothing found last), then by name."""
    away = row[10]
    return (
        -sum(fen or 0 for fen in row[6:10]),
        -row[5],
        away is None,
        -(away or 0),
        -row[4],
        row[1] or row[3][0],
    )


def _quiet(row: list) -> bool:
    """Whether an owner's row has nothing: no finding, nothing to do, no money, no line
    not checked."""
    return not (row[4] or row[5] or any(row[6:10])) and row[10] is None


#: Owners named on the row of those with nothing found; more are counted.
QUIET_NAMED = 30


def _collapsed(group: str, rows: list[list], owners: int) -> list[list]:
    """A block's owners' ``rows`` (in order: those with nothing found last), those with
    nothing found made one row when there are several: how many owners and lines, and
    who (a line of no one's by its number), to be found on the sheet. ``owners``: how
    many rows the block has besides (it says "the other" owners)."""
    quiet = [row for row in rows if _quiet(row)]
    if len(quiet) < 2:
        return rows
    names = [row[1] or row[3][0] for row in quiet]
    shown, more = names[:QUIET_NAMED], len(names) - QUIET_NAMED
    zh_names, en_names = "、".join(shown), ", ".join(shown)
    if more > 0:
        zh_names, en_names = f"{zh_names} 等（另有 {more} 位）", f"{en_names} and {more} more"
    count = len(quiet)
    other = owners > count
    who = say(
        f"其余 {count} 位机主" if other else f"{count} 位机主",
        counted(count, "other owner") if other else counted(count, "owner"),
    )
    found = say(f"无发现：{zh_names}", f"nothing found: {en_names}")
    lines = _broken(found, say("、", ", "))
    row = [group, who, sum(row[2] for row in quiet), lines, 0, 0, None, None, None, None, None]
    return [*rows[: len(rows) - count], row]


def _broken(text: str, between: str) -> list[str]:
    """``text``, a list of names ``between`` each, in lines that each fit the column, each
    broken after a ``between``. Left to wrap, a row was as tall as our rule breaks it (no
    line starts with "、") and printed a line shorter (LibreOffice starts one with it):
    broken here, it prints on as many lines as it is measured, whatever the program."""
    names = text.split(between)
    lines, line = [], names[0]
    for name in names[1:]:
        longer = f"{line}{between}{name}"
        if text_lines(longer + between.strip(), MAX_WIDTH + 1) > 1:
            lines.append(line + between.strip())
            line = name
        else:
            line = longer
    return [*lines, line]


def _owner_row(
    group: str,
    owner: str,
    members: list[Slot],
    owned: _Owned,
    report: AuditReport,
    named: bool = True,
) -> list:
    """One row of By owner: ``members``' lines (named when ``named``, those not checked
    marked so, and a line handed over since with the months that were this holder's),
    findings, things to do (each once, however many of its lines are among them) and
    money, that still at stake on its lines not checked apart."""
    findings = sum(owned.findings(slot) for slot in members)
    todo = {index for slot in members for index in owned.todo.get(slot, [])}
    claimable, yearly, due, past = owned.money(members)
    shown = None
    if named:
        # the lines not checked named first: past the tenth, lines are only counted
        first = sorted(members, key=lambda slot: slot not in owned.away_fen)
        shown = named_lines([line for line, _ in first], report, owners=False)
        marked = NOT_CHECKED.shown()
        for index, slot in enumerate(first[:LINES_NAMED]):  # (more are counted)
            if slot in owned.away_fen:
                shown[index] = f"{shown[index]}{marked}"
            if months := owned.before.get(slot):
                shown[index] += HANDED_OVER.shown().format(months=months_text(sorted(set(months))))
    return [
        group,
        owner,
        len({line for line, _ in members}),
        shown,
        findings,
        len(todo),
        claimable or None,
        yearly or None,
        due or None,
        past or None,
        owned.away(members),
    ]
