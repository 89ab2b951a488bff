"""The things to do of a report: one list, for the Summary's headline and its things to
do first, and for By owner's count of what each owner has to act on, so that the two
never count differently; and the order they, and the Summary's lines, come in.

A thing to do is a service's findings to act on (one per service and carrier, however
many lines it touches: :func:`~auditor.writers.figures.service_groups`, all but ``info``)
or a refund still due of a finding resolved before (:class:`RefundDue`).

They come in two tiers. First what is wrong now (:func:`wrong_now`: money charged
wrongly, a charge after a cancellation, a fee billed twice), the tool's first promise
and what a person must see even when its money is small; then the rest, each tier in the
order of the money at stake (:func:`stake_fen`), the gravest first of equal money: what
gets back, or stops, the most money. So a price rise of 20 yuan a month (240 yuan a
year, none of it charged wrongly) comes right after what is wrong now and before a
3-yuan unknown service charged twice, though only the service's money is disputed (a
company's trial: it came after every 3-yuan service, for having nothing disputed), and a
6-yuan charge after cancellation is not pushed off a short Summary by 100-yuan unknown
services (the household's). The Summary's lines come by their money at stake alone
(:func:`line_stake_fen`).
"""

from __future__ import annotations

from collections.abc import Iterable

from auditor.history.follow import RefundDue
from auditor.model import severity_rank
from auditor.pipeline import AuditReport
from auditor.rules import unexplained_fen
from auditor.writers import figures

#: A thing to do: a service's findings, or a refund still due.
ToDo = figures.ServiceGroup | RefundDue

#: The severity a refund due has when its money ties with a finding's: the medium of
#: an unknown service's money to ask back. A high finding (wrong now: a charge after a
#: cancellation, a duplicate, a bill that does not add up) comes first of equal money;
#: but the refund's money is lost for good after the appeal's last day, so it comes
#: before a low one (to check).
REFUND_DUE_SEVERITY = "medium"


def things_to_do(
    report: AuditReport, groups: Iterable[figures.ServiceGroup] | None = None
) -> list[ToDo]:
    """What to act on: the findings (all but ``info``), one thing per service and
    carrier, whatever the number of lines it touches, and each refund still due; what
    is wrong now (:func:`wrong_now`) first, then the rest, each the most money at stake first
    (:func:`stake_fen`), then the gravest (a refund due ranks as
    :data:`REFUND_DUE_SEVERITY`), then the most money already charged.
    ``groups``: the report's service groups, when already made."""
    if groups is None:
        groups = figures.service_groups(report.findings)
    todo: list[ToDo] = [g for g in groups if g.severity != "info"]
    todo += report.refunds_due
    return sorted(todo, key=_rank)  # stable: of equals, the findings' first


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
    if isinstance(item, RefundDue):
        return item.unrefunded_fen
    return _charged(item) + item.yearly_fen


def line_stake_fen(line: figures.LineFigures) -> int:
    """A line's money at stake, as :func:`stake_fen` counts a thing to do's: what its
    findings dispute and its refunds due ask back, what its bills charged without an
    item, and what it costs a year."""
    return line.claimable_fen + line.refund_due_fen + line.unexplained_fen + line.yearly_fen


def _charged(item: ToDo) -> int:
    """The money of a thing to do already charged: disputed, unexplained or not back."""
    if isinstance(item, RefundDue):
        return item.unrefunded_fen
    return item.claimable_fen + sum(unexplained_fen(f) for f in item.findings)


def _rank(item: ToDo) -> tuple[bool, int, int, int]:
    """What is wrong now (:func:`wrong_now`) before the rest; then money at stake,
    severity and money already charged (of equal money, what is in hand before what is
    to come)."""
    severity = REFUND_DUE_SEVERITY if isinstance(item, RefundDue) else item.severity
    return not wrong_now(item), -stake_fen(item), severity_rank(severity), -_charged(item)


def wrong_now(item: ToDo) -> bool:
    """A ``high`` service's findings that dispute money: charged wrongly, as the bills
    show (a charge after a cancellation, a fee billed twice). A bill whose total is above
    its items is high too, but asked about, not disputed: it comes by its money."""
    if isinstance(item, RefundDue):
        return False
    return item.severity == "high" and item.claimable_fen > 0


def lines_about(item: ToDo) -> list[str]:
    """The lines a thing to do is about."""
    return [item.line] if isinstance(item, RefundDue) else item.lines
