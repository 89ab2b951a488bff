"""Findings and refunds due the user closed without a refund (``auditor record settle``):
given up, or settled by the carrier some other way (话费补偿, 送流量, 积分: common in
China). A settlement closes what no refund covered of its service's months through its
own month (:func:`~auditor.history.claims.set_refunds`): that money is no longer asked
back, no longer among the refunds due nor the money disputed, and is shown as what it is,
closed without a refund, with what was given (:class:`~auditor.history.refund_due.RefundDue`
with its ``settlement``), once: in the first audit that sees it (the history keeps that
audit's date as it does for a refund due refunded exactly, ``findings.refunded_on``), and
by ``auditor history`` until an audit has. A month charged after the settlement's is
news: a finding again, not closed, when it is money to ask back (a charge of that month
is a new claim); a finding that asks nothing back (a price rise, a suspended line still
charged) settled says "I accept this", and found alike month after month stays settled
(:func:`still_settled`) until something about it changes.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from auditor.catalog import load_escalation
from auditor.escalation import appeal_deadline
from auditor.history.claims import Claim, months_held
from auditor.history.findings import Seen
from auditor.history.reasons import ReasonCode
from auditor.history.records import records_of
from auditor.history.refund_due import RefundDue
from auditor.history.resolution import Resolution, closing, settled_text
from auditor.lang import say
from auditor.model import Finding, UserRecord
from auditor.rules import disputes
from auditor.values import format_fen, month_of


def told_now(earlier: Seen, as_of: date) -> bool:
    """Whether a refund due done with (refunded exactly, or closed without a refund) is
    told so as of ``as_of``: no audit told it yet (``refunded_on``), or the one that did
    is this one, run again, or a later one (an earlier month audited again)."""
    return earlier.refunded_on is None or as_of <= earlier.refunded_on


def closed_entries(
    owed: Iterable[tuple[Seen, Claim, Resolution, str]],
    claimed_now: set[tuple[str, str, str]],
    records: list[UserRecord],
    as_of: date,
    company: bool = False,
) -> list[RefundDue]:
    """The resolved findings (``owed``: each with its claim, its settlements set, as
    :func:`~auditor.history.follow.follow` gathers them) whose money a settlement among
    ``records`` closed, each month of a line's service once, never a month a finding
    still found claims (``claimed_now``: its own money, closed or not), told once
    (:func:`told_now`): each with its months closed, the money closed, what came back of
    them before, and the settlement (the latest that closed them)."""
    owed = sorted(owed, key=lambda o: (o[1].line, o[1].key, o[1].periods, o[0].id))
    held = months_held(claim for _, claim, _, _ in owed)
    limit = load_escalation().billing_deadline_months
    taken: set[tuple[str, str, str]] = set()
    entries = []
    for earlier, claim, why, _ in owed:
        months = [
            period
            for period in claim.months
            if (slot := (claim.line, claim.key, period)) not in claimed_now
            and slot not in taken
            and held[slot].closed > 0
        ]
        if not months or not told_now(earlier, as_of):
            continue
        taken.update((claim.line, claim.key, period) for period in months)
        mine = records_of(records, earlier)
        made = [r for r in mine if r.id in claim.settlements] or [
            r for r in [closing(mine, months)] if r is not None
        ]
        if not made:
            continue
        settlement = max(made, key=lambda r: (r.on, r.id))
        slots = [held[(claim.line, claim.key, period)] for period in months]
        text = why.text if why.code is ReasonCode.SETTLED else settled_text(settlement)
        entries.append(
            RefundDue(
                earlier.id,
                earlier.rule,
                earlier.line,
                earlier.service,
                tuple(months),
                0,
                sum(slot.back for slot in slots),
                text,
                appeal_deadline(months[0], limit),
                as_of,
                company=company,
                names=earlier.names,
                grouped_by=earlier.grouped_by,
                reason_code=ReasonCode.SETTLED.value,
                closed_fen=sum(slot.closed for slot in slots),
                settlement=settlement,
            )
        )
    return entries


def reported_anew(finding: Finding, claim: Claim | None) -> None:
    """``finding``, charged again after a settlement closed its earlier months (its
    ``claim``'s :attr:`~auditor.history.claims.Claim.closed`), made the new finding it
    is: its months and money those after the settlement alone (what its steps ask back,
    what the history keeps of it), its message saying what was closed. Left as it is
    when no month of it was closed, or every one was (it is then resolved as settled)."""
    if claim is None or not claim.closed:
        return
    kept = [period for period in finding.periods if period not in claim.closed]
    if not kept or len(kept) == len(finding.periods):
        return
    shut = [period for period in finding.periods if period in claim.closed]
    money, months = format_fen(sum(claim.closed.values())), say("、", ", ").join(shut)
    finding.periods = kept
    finding.amount_fen = sum(claim.months.get(period, 0) for period in kept)
    finding.refunded_fen = sum(claim.back.get(period, 0) for period in kept)
    finding.message += say(
        f"其中 {months} 的 {money} 元你已和解或放弃（不再追回），此处只计此后的月份。",
        f" Of it, the {money} yuan of {months} you settled or gave up (no longer asked "
        "back): only the months after it are this finding's.",
    )


def still_settled(finding: Finding, seen: Seen) -> bool:
    """Whether ``finding``, found again in a month after a settlement of it, is still the
    one the user settled (``seen``: as the history last knew it): a finding that asks no
    money back (its rule disputes none: a price rise, a suspended line still charged),
    whose settlement "I accept this" closed it as the history last knew it (through its
    last month then), found alike: from the same first month, costing the same a month
    (the same money, for one with no cost a month). Settling it accepted what goes on
    being charged, so it stays resolved as settled, quiet; something new about it (a
    new price, a rise from another month) is news, a finding again. A finding that asks
    money back never is: a later month's charge is a new claim."""
    if disputes(finding.rule, finding.service) or not seen.periods:
        return False
    if closing(finding.records, seen.periods) is None:  # reported anew since: not this one
        return False
    alike = (
        tuple(finding.periods[:1]) == seen.periods[:1] and finding.monthly_fen == seen.monthly_fen
    )
    return alike and (finding.monthly_fen is not None or finding.amount_fen == seen.amount_fen)


def first_after_settled(finding: Finding) -> str:
    """The first of ``finding``'s months after the month of its latest settlement: the
    month it is news from (an audit that could see that month told it first)."""
    settled = [month_of(r.on) for r in finding.records if r.kind == "settle"]
    last = max(settled, default="")
    return next((period for period in finding.periods if period > last), "")
