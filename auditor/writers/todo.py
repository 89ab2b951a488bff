"""The things to do of a report: one list, for the Summary's headline and its things to
do first, and for By owner's count of what each owner has to act on, so that the two
never count differently; and the order they, and the Summary's lines, come in.

A thing to do is a service's findings to act on (one per service and carrier, however
many lines it touches: :func:`~auditor.writers.figures.service_groups`, all but ``info``)
or the refunds still due of findings resolved before, one per service and step however
many lines they are due on (:class:`~auditor.writers.refund_groups.RefundGroup`).

They come in four tiers (:func:`tier`), each thing's next step telling where (the one
Follow-up shows, :func:`~auditor.writers.followup.next_step`):

1. What is wrong now (:func:`wrong_now`: money charged wrongly, a charge after a
   cancellation, a fee billed twice), the tool's first promise and what a person must
   see even when its money is small; unless all that is left is to wait (tier 4).
2. What is due by a date that presses (:func:`dated`): a step open since an earlier
   day, overdue (:func:`overdue`: the 12300 appeal after a complaint the carrier did not
   answer, due since weeks, was only counted under "3 more refunds due" on a household's
   Summary), and a refund due whose appeal's last day, after which its money is lost,
   is near (:func:`due_soon`: within :func:`near_days`, time left at the next audit to
   complain and appeal); what is overdue first, then the nearest last day, then the step
   open longest.
3. The rest, in the order of the money at stake (:func:`stake_fen`), the gravest first of
   equal money: what gets back, or stops, the most money. So a price rise of 20 yuan a
   month (240 yuan a year, none of it charged wrongly) comes before a 3-yuan unknown
   service charged twice, and a refund due whose last day is months away comes by its
   money (its last day still said in its step): a company's 4,200 yuan a year of a
   discount cut was counted under "7 more" on its Summary, below four refunds due of 38
   to 135 yuan to appeal by months later.
4. What leaves nothing to do now but wait (``NextStep.waits``: the carrier's or the
   appeal centre's answer, the next bill of a charge refunded in full), whatever its
   money or how wrong: it takes no place from one to act on (a refunded charge's "check
   the next bill" held a place of the household's Summary, while its refund due by the
   nearest date was counted only; a charge after a cancellation, appealed, came first
   as "wait for 12300 until …", above the one call to make that day), and is not counted
   among the things to do: the headline says the waits apart (:func:`waiting`).

What is wrong now and what is due by a date that presses, the first things to do, are
:func:`pressing`: the Summary shows them all, on a second page if it must. The
Summary's lines come by their money at stake alone (:func:`line_stake_fen`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta

from auditor.audit_report import AuditReport
from auditor.catalog import load_escalation
from auditor.escalation import NextStep
from auditor.lang import counted, say
from auditor.model import severity_rank
from auditor.rules import unexplained_fen
from auditor.writers import figures
from auditor.writers.followup import next_step
from auditor.writers.refund_groups import RefundGroup, refund_groups, shared

#: A thing to do: a service's findings, or its refunds still due.
ToDo = figures.ServiceGroup | RefundGroup

#: The severity a refund due has when its money ties with a finding's: the medium of
#: an unknown service's money to ask back. A high finding (wrong now: a charge after a
#: cancellation, a duplicate, a bill that does not add up) comes first of equal money;
#: but the refund's money is lost for good after the appeal's last day, so it comes
#: before a low one (to check).
REFUND_DUE_SEVERITY = "medium"

#: The days from one audit to the next at most: a month's bill is audited when it
#: comes, so a refund due the Summary does not put first today is read again a month on.
NEXT_AUDIT_DAYS = 31

#: The days a refund due's steps take besides the carrier's time to answer a complaint:
#: asking the carrier (the service line, the account manager) before complaining, and
#: writing the appeal, its facts and the complaint's ticket.
ASKING_DAYS = 14


def things_to_do(
    report: AuditReport,
    groups: Iterable[figures.ServiceGroup] | None = None,
    steps: Mapping[int, NextStep] | None = None,
    refunds: Iterable[RefundGroup] | None = None,
) -> list[ToDo]:
    """What to act on: the findings (all but ``info``), one thing per service and
    carrier, whatever the number of lines it touches, and the refunds still due, one
    thing per service and step (``refunds``, when already gathered); in the
    tiers of :func:`tier`, within them the nearest last day first for what is due by a
    date, else the most money at stake (:func:`stake_fen`), then the gravest (a refund
    due ranks as :data:`REFUND_DUE_SEVERITY`), then the most money already charged.
    ``groups``: the report's service groups, ``steps`` its findings' next steps by
    ``id()``, when already made."""
    if groups is None:
        groups = figures.service_groups(report.findings)
    todo: list[ToDo] = [g for g in groups if g.severity != "info"]
    if refunds is None:
        refunds = refund_groups(report.refunds_due, report.told)
    todo += shared(refunds)  # one action about one service: one thing to do
    if steps is None:
        steps = _next_steps(todo, report.as_of)
    ranks = {id(item): _rank(item, _steps_of(item, steps), report.as_of) for item in todo}
    return sorted(todo, key=lambda item: ranks[id(item)])  # stable: of equals, the findings'


def pressing(todo: list[ToDo], as_of: date, steps: Mapping[int, NextStep] | None = None) -> int:
    """How many of the first things to do (``todo``, in order) are pressing: what is
    wrong now, or due by a date that presses (:func:`dated`: overdue, or a refund due's
    last day near). ``steps``: the findings' next steps by ``id()``, when already made."""
    if steps is None:
        steps = _next_steps(todo, as_of)
    count = 0
    for item in todo:
        if tier(item, _steps_of(item, steps), as_of) > 1:
            break
        count += 1
    return count


def tier(item: ToDo, steps: Iterable[NextStep], as_of: date) -> int:
    """Where a thing to do comes (``steps``: its next steps, one a line): 3 what leaves
    nothing to do now but wait (every step ``waits``), even what is wrong now; else 0
    what is wrong now (:func:`wrong_now`), 1 what is due by a date that presses
    (:func:`dated`), 2 the rest."""
    steps = list(steps)
    if steps and all(step.waits for step in steps):
        return 3
    if wrong_now(item):
        return 0
    return 1 if dated(item, steps, as_of) else 2


def waiting(todo: list[ToDo], as_of: date, steps: Mapping[int, NextStep] | None = None) -> int:
    """How many of the last things to do (``todo``, in order) leave nothing to do now
    but wait (:func:`tier` 3): the Summary's headline counts the others as things to do,
    these apart. ``steps``: the findings' next steps by ``id()``, when already made."""
    if steps is None:
        steps = _next_steps(todo, as_of)
    return sum(1 for item in todo if waits(item, as_of, steps))


def waits(item: ToDo, as_of: date, steps: Mapping[int, NextStep] | None = None) -> bool:
    """Whether a thing to do leaves nothing to do now but wait (:func:`tier` 3): the one
    test of "a wait" against "a thing to act on", the Summary's headline's
    (:func:`waiting`) and By owner's count alike. ``steps``: the findings' next steps by
    ``id()``, when already made."""
    if steps is None:
        steps = _next_steps([item], as_of)
    return tier(item, _steps_of(item, steps), as_of) == 3


def dated(item: ToDo, steps: Iterable[NextStep], as_of: date) -> bool:
    """Whether a thing to do is due by a date that presses, its step to take now: a step
    open since before ``as_of`` and not taken (overdue: the appeal, the carrier having
    let a complaint's 15 days go by), or a refund due whose appeal's last day, after
    which its money is lost, is near (:func:`due_soon`). A thing not acted on yet is due
    from the audit's day, and a refund due to appeal by months later has time: they come
    by their money."""
    steps = list(steps)
    if isinstance(item, RefundGroup) and due_soon(steps, as_of):
        return True
    return overdue(steps, as_of)


def near_days() -> int:
    """How many days before its appeal's last day a refund due comes ahead of money: the
    next audit's (:data:`NEXT_AUDIT_DAYS`), the carrier's time to answer a complaint
    before the appeal opens (the catalog's, 15 days) and :data:`ASKING_DAYS`, 60 in
    all. A refund due ranked by its money today comes first at the next audit with
    30 days left at least: time to ask the carrier, complain, let its 15 days go by and
    appeal. A window of 30 days would not leave it: a last day 40 days away, ranked by
    money today, would have 9 days left at the next audit, fewer than the carrier's 15."""
    return NEXT_AUDIT_DAYS + load_escalation().appeal_after_days + ASKING_DAYS


def due_soon(steps: Iterable[NextStep], as_of: date) -> bool:
    """Whether one of ``steps`` (a thing to do's, one a line), nothing to wait for, is
    due within :func:`near_days` of ``as_of`` (or was due already)."""
    near = as_of + timedelta(days=near_days())
    return any(not s.waits and s.due is not None and s.due <= near for s in steps)


def overdue(steps: Iterable[NextStep], as_of: date) -> bool:
    """Whether one of ``steps`` (a thing to do's, one a line) is overdue: open since
    before ``as_of``, not taken, nothing to wait for."""
    return any(not s.waits and s.opens is not None and s.opens < as_of for s in steps)


def how_many(count: int, waits: int) -> str:
    """How many things to do a headline says, in the active language, of ``count`` of
    which the last ``waits`` leave nothing to do now but wait (:func:`waiting`): those to
    act on, the waits apart, not counted among them (``2 件事要做，另 1 件只需等待``);
    only waits, so many (``1 件只需等待``)."""
    acts = count - waits
    if not acts:
        return say(f"{waits} 件只需等待", f"{counted(waits, 'thing')} only to wait for")
    said = say(f"{acts} 件事要做", f"{counted(acts, 'thing')} to do")
    if waits:
        said += say(f"，另 {waits} 件只需等待", f", {waits} more only to wait for")
    return said


def stake_fen(item: ToDo) -> int:
    """The money at stake in a thing to do, which orders them: what acting on it can
    still get back or stop, over the year ahead.

    - Money already charged: what its findings dispute, less refunds (counted once per
      line and service, as the totals are; months past the appeal limit too, since the
      carrier can still be asked for them); what a refund due has not had back; and
      what a bill charged without an item (its total above its items,
      :func:`~auditor.rules.unexplained_fen`), which the user asks about.
    - What it goes on costing a year if nothing is done (``yearly_fen``: a charge still
      billed, a price rise, a suspended line; nothing for a one-off such as a charge
      billed twice, a charge that stopped or one the user cancelled). A year is the
      report's measure of what goes on (its Per year column): stopping a 20-yuan-a-month
      rise saves 240 yuan, more than getting back the 6 yuan an unknown 3-yuan service
      charged and stopping it (6 + 36).

    The two are added for the order alone: the report shows the money charged wrongly
    (Disputed) and what a thing costs a year (Per year) apart, and counts a price rise
    or a bill's unexplained total as neither disputed nor overcharged."""
    if isinstance(item, RefundGroup):
        return item.unrefunded_fen
    return _charged(item) + item.yearly_fen


def line_stake_fen(line: figures.LineFigures) -> int:
    """A line's money at stake, as :func:`stake_fen` counts a thing to do's: what its
    findings dispute and its refunds due ask back, what its bills charged without an
    item, and what it costs a year."""
    return line.claimable_fen + line.refund_due_fen + line.unexplained_fen + line.yearly_fen


def _charged(item: ToDo) -> int:
    """The money of a thing to do already charged: disputed, unexplained or not back."""
    if isinstance(item, RefundGroup):
        return item.unrefunded_fen
    return item.claimable_fen + sum(unexplained_fen(f) for f in item.findings)


def _rank(item: ToDo, steps: list[NextStep], as_of: date) -> tuple:
    """Its tier (:func:`tier`); in the tier of what is due by a date, what is overdue
    first, then the nearest last day, then the step open longest; then money at stake,
    severity and money already charged (of equal money, what is in hand before what is
    to come)."""
    severity = REFUND_DUE_SEVERITY if isinstance(item, RefundGroup) else item.severity
    at = tier(item, steps, as_of)
    when: tuple[bool, date, date] = (True, date.max, date.max)
    if at == 1:
        live = [step for step in steps if not step.waits]
        due = min((step.due for step in live if step.due), default=date.max)
        opens = min((step.opens for step in live if step.opens), default=date.max)
        when = (not overdue(live, as_of), due, opens)
    return at, when, -stake_fen(item), severity_rank(severity), -_charged(item)


def _next_steps(todo: Iterable[ToDo], as_of: date) -> dict[int, NextStep]:
    """The next step of each finding of ``todo``'s services, by ``id()``."""
    found = (f for g in todo if isinstance(g, figures.ServiceGroup) for f in g.findings)
    return {id(f): next_step(f, as_of) for f in found}


def _steps_of(item: ToDo, steps: Mapping[int, NextStep]) -> list[NextStep]:
    """A thing to do's next steps, one a line: its refunds due's own, a service's
    findings' (``steps``, by ``id()``)."""
    if isinstance(item, RefundGroup):
        return item.steps()
    return [steps[id(finding)] for finding in item.findings]


def wrong_now(item: ToDo) -> bool:
    """A ``high`` service's findings that dispute money: charged wrongly, as the bills
    show (a charge after a cancellation, a fee billed twice). A bill whose total is above
    its items is high too, but asked about, not disputed: it comes by its money."""
    if isinstance(item, RefundGroup):
        return False
    return item.severity == "high" and item.claimable_fen > 0


def lines_about(item: ToDo) -> list[str]:
    """The lines a thing to do is about."""
    return item.lines
