"""What becomes of the findings reported before, as an audit's bills show them: why each
no longer found is resolved, the months and money it is remembered with, and the
refunds still due.

A finding the user cancelled, or whose charge stopped, is resolved, but the money it was
charged is not back until the user records a refund (``auditor record refund``). Such
money is a :class:`RefundDue` in every audit after, until refunds cover it or every month
of it is past the MIIT appeal limit (5 months: after that the appeal centre no longer
takes a billing dispute): following a finding to its end is following its money too.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date

from auditor.actions import appeal_deadline
from auditor.catalog import CARRIER_IDS, load_carrier, load_escalation
from auditor.history.claims import Claim, finding_claim
from auditor.history.findings import BillFacts, Seen, claim_left, resolution
from auditor.lang import say
from auditor.model import Finding, UserRecord
from auditor.names import service_key
from auditor.rules import find_rule
from auditor.rules.facts import Facts
from auditor.values import format_fen


def latest_months(facts: Facts) -> dict[str, str]:
    """Each line's newest month among the charges the rules read (the inputs' and the
    stored months', one copy of each bill)."""
    latest: dict[str, str] = {}
    for charge in facts.charges:
        latest[charge.line] = max(latest.get(charge.line, charge.period), charge.period)
    return latest


@dataclass(frozen=True)
class RefundDue:
    """Money a finding reported before, no longer found, still claims and no recorded
    refund covers: its months (those still open to an appeal), what is left to ask back
    and what was refunded, why it was resolved, and the last day to appeal about it."""

    id: str
    rule: str
    line: str
    service: str
    periods: tuple[str, ...]
    unrefunded_fen: int
    refunded_fen: int
    why: str
    due: date
    carrier: str = ""

    def next_step(self) -> str:
        """What to do about it, in the active language: whom to call, where to complain,
        the appeal's last day, and to record the refund once it comes."""
        money, months = format_fen(self.unrefunded_fen), say("、", ", ").join(self.periods)
        known = load_carrier(self.carrier) if self.carrier in CARRIER_IDS else None
        hotline = known.hotline if known and known.hotline else ""
        line = known.complaint_line if known and known.complaint_line else hotline
        return say(
            f"要求退还「{self.service}」在 {months} 扣取的 {money} 元：{self.why}，尚未记录退款。"
            f"致电 {hotline or '客服热线'}；被拒绝可拨打 {line or '客服热线'} 投诉，"
            f"{self.due:%Y-%m-%d} 前可向工信部 12300 申诉；退还后用 auditor record refund 记下",
            f"Ask for the {money} yuan charged for 「{self.service}」 in {months} back (退费): "
            f"{self.why}, and no refund of it is recorded. Call {hotline or 'the service line'}; "
            f"if refused, complain on {line or 'the service line'}, and appeal to the MIIT "
            f"(12300) by {self.due:%Y-%m-%d}; once refunded, note it with auditor record refund",
        )


@dataclass
class Followed:
    """The findings reported before, followed: why each no longer found is resolved (for
    those this audit resolves), its months and money, and the refunds still due."""

    reasons: dict[str, str] = field(default_factory=dict)
    figures: dict[str, tuple[tuple[str, ...], int]] = field(default_factory=dict)
    refunds_due: list[RefundDue] = field(default_factory=list)


def follow(
    seen: dict[str, Seen],
    records: list[UserRecord],
    facts: Facts,
    stopped: dict[str, Finding],
    claims: dict[str, Claim],
    known_services: Iterable[str],
    as_of: date,
) -> Followed:
    """Follow the findings reported before (``seen``, by id) with the user's ``records``
    and the ``facts`` the rules read: ``stopped``, those of this audit whose charge
    stopped (resolved); ``claims``, what those no longer found still claim, refunds set
    against it (:func:`~auditor.history.claims.set_refunds`)."""
    latest = latest_months(facts)
    months = {(charge.line, charge.period) for charge in facts.charges}
    carriers = {charge.line: charge.carrier for charge in facts.charges if charge.carrier}
    # What the findings reported before ask of the bills: whether a month of their line
    # (its latest, their own) charges their service.
    asked = {(f.line, latest.get(f.line)) for f in seen.values()}
    asked |= {(f.line, f.periods[-1]) for f in seen.values() if f.periods}
    billed = {
        (charge.line, charge.period, charge.key)  # its item's service_key
        for charge in facts.charges
        if (charge.line, charge.period) in asked
    }
    adds_up = {(c.bill.line, c.bill.period): c.reconciles for c in facts.bills}
    known = {service_key(name) for name in known_services if name}
    limit = load_escalation().billing_deadline_months
    followed = Followed()
    for fid, earlier in seen.items():
        rule = find_rule(earlier.rule)
        # What it still claims: a stopped charge, what it charged; one no longer found
        # (the user cancelled it, say), its months through the cancellation; each less
        # the refunds set against it.
        finding, claim = stopped.get(fid), claims.get(fid)
        unrefunded = 0
        if finding is not None:
            followed.figures[fid] = (tuple(finding.periods), finding.amount_fen)
            unrefunded = max(0, finding.amount_fen - finding.refunded_fen)
        elif claim is not None:
            followed.figures[fid] = (claim.periods, claim.amount_fen)
            unrefunded = claim.unrefunded_fen
        key, its_month = (
            service_key(earlier.service),
            earlier.periods[-1] if earlier.periods else "",
        )
        bills = BillFacts(
            latest_month=latest.get(earlier.line),
            billed_latest=(earlier.line, latest.get(earlier.line), key) in billed,
            billed_in_its_month=(
                (earlier.line, its_month, key) in billed
                if (earlier.line, its_month) in months
                else None
            ),
            reconciles=adds_up.get((earlier.line, its_month)),
            known=bool(rule and rule.consults_known and key and key in known),
        )
        why = resolution(earlier, records, bills, rule.resolution if rule else "")
        followed.reasons[fid] = why.text + claim_left(why, unrefunded)
        if finding is not None:  # its claim, as the refunds were set against it
            claim = replace(finding_claim(finding), refunded_fen=finding.refunded_fen)
        if why.keeps_claim and claim is not None:
            # The months still open to an appeal, with money no refund covers: a month
            # past the limit is no longer followed.
            left = claim.left_by_month()
            still = tuple(
                p for p, fen in left.items() if fen and appeal_deadline(p, limit) >= as_of
            )
            if still:
                followed.refunds_due.append(
                    RefundDue(
                        fid,
                        earlier.rule,
                        earlier.line,
                        earlier.service,
                        still,
                        sum(left[p] for p in still),
                        min(claim.refunded_fen, claim.amount_fen),
                        why.text,
                        appeal_deadline(still[0], limit),
                        carriers.get(earlier.line, ""),
                    )
                )
    return followed
