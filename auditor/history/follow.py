"""What becomes of the findings reported before, as an audit's bills show them: why each
no longer found is resolved, the months and money it is remembered with, and the
refunds still due.

A finding the user cancelled, or whose charge stopped, is resolved, but the money it was
charged is not back until the user records a refund (``auditor record refund``). Such
money is a :class:`RefundDue` in every audit after, until refunds cover it: following a
finding to its end is following its money too. A month past the MIIT appeal limit (5
months: after that the appeal centre no longer takes a billing dispute) and not appealed
about before it (an appeal made in time is pending with the centre) is still owed, the
carrier's to give back through a complaint: never dropped, it is told apart
(:attr:`RefundDue.past_periods`), its step the complaint without the appeal.
Refunds that cover it and go beyond what it claims (compensation, or a refund of another
charge) keep it in view, as refunded, over the same months: the money beyond is said
with the refund, as on a finding still found. Refunds that cover it exactly close it:
it is told refunded once, in the first audit that sees it so (the history keeps that
audit's date: :func:`told_refunded`), and no more after.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date

from auditor.catalog import load_escalation
from auditor.escalation import (
    appeal_deadline,
    latest_appeal,
    latest_complaint,
    past_limit,
)
from auditor.history.became import (
    by_service,
    charged_after_cancelling,
    grown_into,
    now_a_finding,
    still_open_as,
)
from auditor.history.bill_refunds import given_back_note
from auditor.history.charged import Over
from auditor.history.claims import Claim, months_held, shown_once
from auditor.history.closed import closed_entries, told_now
from auditor.history.db import HistoryDB
from auditor.history.findings import Resolved, Seen
from auditor.history.reasons import ReasonCode
from auditor.history.records import name_keys, records_of
from auditor.history.refund_due import RefundDue
from auditor.history.resolution import (
    BillFacts,
    Resolution,
    claim_left,
    list_ends,
    not_taken,
    owed_on,
    resolution,
)
from auditor.lang import Text
from auditor.model import Finding, UserRecord
from auditor.names import service_key
from auditor.ports import billed_by
from auditor.rules import disputes, find_rule
from auditor.rules.base import KnownServices
from auditor.rules.facts import Facts

#: Why an amount billed by category alone (增值业务费（未列明项目）) no longer holds.
_ITEMISED = Text(
    "账单已逐项列明其中的业务，每项分别核对",
    "a bill now lists the services it held, each checked on its own",
)


#: What settles a finding cancelled with no bill after it yet: its money all back.
_ALL_BACK = Text(
    "；所扣费用已全部退还（你的记录）", "; what it charged was refunded in full (your records)"
)


@dataclass
class Followed:
    """The findings reported before, followed: why each no longer found is resolved (for
    those this audit resolves), its months and money, and the refunds still due."""

    reasons: dict[str, str] = field(default_factory=dict)
    #: Each reason's code, by id (:class:`~auditor.history.reasons.ReasonCode`'s value).
    reason_codes: dict[str, str] = field(default_factory=dict)
    figures: dict[str, tuple[tuple[str, ...], int]] = field(default_factory=dict)
    refunds_due: list[RefundDue] = field(default_factory=list)
    #: Those refunded in full whose refunds went beyond what they claim, over their months
    #: still open to an appeal (nothing to ask back: the money beyond is to be told).
    over_refunded: list[RefundDue] = field(default_factory=list)
    #: Those refunded exactly, told once: in the audit that first sees it (the history's
    #: ``refunded_on``), or, no audit having told it yet, by ``auditor history``.
    refunded: list[RefundDue] = field(default_factory=list)
    #: Those refunded exactly whose finding the history has not resolved yet (its line not
    #: audited since: between audits, or not checked): what an audit today would resolve,
    #: its money back. An audit tells them among those it resolves; ``auditor history``
    #: as refunded, not as open.
    settled: list[RefundDue] = field(default_factory=list)
    #: Those closed without a refund by the user's settlement, told once (:mod:`.closed`).
    closed: list[RefundDue] = field(default_factory=list)
    #: Each refund's money beyond the claims it was for, by the record's id.
    beyond: dict[int, int] = field(default_factory=dict)
    #: What came back of the months of each finding resolved (by id) that no other
    #: entry shows (a finding still found, a refund due): its entry's refunded money, so
    #: that each refunded month is counted once over the report (0s left out; none for
    #: one with a refund due's entry, which shows its refunds).
    refunded_back: dict[str, int] = field(default_factory=dict)
    #: What was ever charged for a refund's service and refunded before it, where the
    #: two come to more, by the record's id
    #: (:func:`~auditor.history.charged.over_charged`, as the audit's).
    over_charged: dict[int, Over] = field(default_factory=dict)
    #: The findings no longer found that still claim money (a cancelled service's months
    #: charged, a charge that stopped): resolved, never forgotten, whenever reported.
    keeps: set[str] = field(default_factory=set)
    #: The findings resolved because their charge is over (cancelled, stopped, ended as
    #: the list shows): only these stop money a year. One resolved while still billed (a
    #: service the settings now know) saves nothing, nor, as far as is known, one whose
    #: cancellation a list from after it took effect still shows running.
    ended: set[str] = field(default_factory=set)
    #: The notices no longer found that became a finding of this audit about their line
    #: and service (:func:`~auditor.history.became.grown_into`), by id: that finding's
    #: id. Not resolved: grown worse (an end announced, still charged after it: a charge
    #: after cancellation).
    became: dict[str, str] = field(default_factory=dict)
    #: Those resolved whose line and service a finding of this audit is still open about
    #: (:func:`~auditor.history.became.still_open_as`), by id: that finding.
    still_open: dict[str, Finding] = field(default_factory=dict)
    #: Those resolved by the user's cancellation that the newest service list, from a
    #: month after it took effect, still shows running, by id: that list's day (their
    #: reason warns that the cancellation may not have taken).
    still_listed: dict[str, str] = field(default_factory=dict)
    #: Those cancelled by the user's record with no bill after it yet (not resolved: a
    #: cancellation is not a charge stopped), by id: the month whose bill should tell.
    waiting: dict[str, str] = field(default_factory=dict)


def _refunded_in_full(claim: Claim) -> bool:
    """Whether the refunds set against ``claim`` gave back every fen it charged (some),
    none of it closed without a refund."""
    return claim.amount_fen > 0 and not claim.closed and not any(claim.left_by_month().values())


def followed_up(item: Resolved, followed: Followed) -> Resolved:
    """``item``, resolved by this audit, with what following it told besides its reason:
    the finding of the audit still open about its line and service (a trial turned paid,
    the service no longer unknown: resolved, not done with), the day a list still showed
    it running after the user's cancellation."""
    sibling = followed.still_open.get(item.id)
    return replace(
        item,
        still_open=sibling.id if sibling is not None else item.still_open,
        still_open_rule=sibling.rule if sibling is not None else item.still_open_rule,
        still_listed=followed.still_listed.get(item.id, ""),
    )


def follow(
    seen: dict[str, Seen],
    records: list[UserRecord],
    facts: Facts,
    current: list[Finding],
    stopped: dict[str, Finding],
    claims: dict[str, Claim],
    known: KnownServices,
    as_of: date,
    company: bool = False,
    beyond: Mapping[int, int] | None = None,
) -> Followed:
    """Follow the findings reported before (``seen``, by id, named as the audit named them:
    :func:`~auditor.history.findings.with_names`) with the user's ``records``
    and the ``facts`` the rules read: ``current``, this audit's findings still found;
    ``stopped``, those of this audit whose charge stopped (resolved); ``claims``, what
    the disputed findings claim, this audit's and those no longer found, refunds set
    against it (:func:`~auditor.history.claims.set_refunds`); ``company``: a company's
    lines; ``known``: the services the settings call known, on every line or on one;
    ``beyond``: each refund's money beyond the claims it was for (by record id)."""
    months = {(charge.line, charge.period) for charge in facts.charges}
    # which carrier billed each line's months: a refund due's money is owed by the one
    # that billed its months, not the line's latest (携号转网: auditor.ports)
    carriers: dict[str, dict[str, str]] = {}
    for check in facts.bills:
        if check.bill.carrier:
            carriers.setdefault(check.bill.line, {}).setdefault(
                check.bill.period, check.bill.carrier
            )
    for charge in facts.charges:
        if charge.carrier:
            carriers.setdefault(charge.line, {}).setdefault(charge.period, charge.carrier)
    # What the findings reported before ask of the bills: whether their own month
    # charges their service, as the rules match a charge to a service (its item's key,
    # or the entries it was matched to: a code, a fee named after its service, 停机保号费
    # for 停机保号). Which month is the latest (a bill's total alone counts), what it
    # charges, and whether the charge stopped, is the facts' one answer
    # (Facts.latest_months, Facts.charged_latest, Facts.stopped_after), the rules'.
    asked = {(f.line, f.periods[-1]) for f in seen.values() if f.periods}
    billed = {
        (charge.line, charge.period, key)
        for charge in facts.charges
        if (charge.line, charge.period) in asked
        for key in charge.keys
    }
    adds_up = {(c.bill.line, c.bill.period): c.reconciles for c in facts.bills}
    ended = list_ends(facts)  # (the services facts.cancelled_on_lists has, with the list)
    followed = Followed(beyond=dict(beyond or {}))
    found = {finding.id for finding in current}
    # A month a finding still found claims is its money, refunded or not, shown there:
    # never a resolved finding's too (one refund of 18.00 for 翼铃's August to October,
    # October still found, is 12.00 back of the resolved months, not 18.00).
    claimed_now = {
        (claim.line, claim.key, period)
        for f in current
        if (claim := claims.get(f.id)) is not None
        for period in claim.months
    }
    now_found = by_service(current)
    # what each resolved finding may still claim: why, and the list belying its cancellation
    owed: list[tuple[Seen, Claim, Resolution, str]] = []
    for fid, earlier in seen.items():
        rule = find_rule(earlier.rule)
        grown = grown_into(earlier, now_found) if fid not in found else None
        if grown is not None:  # a notice claims no money: nothing else to follow
            followed.became[fid] = grown.id
            followed.reasons[fid] = now_a_finding(grown.rule)
            followed.reason_codes[fid] = ReasonCode.NOW_A_FINDING.value
            continue
        # What it still claims: a stopped charge, what it charged; one no longer found
        # (the user cancelled it, say), its months through the cancellation; each less
        # the refunds set against it.
        finding, claim = stopped.get(fid), claims.get(fid)
        unrefunded = 0
        if finding is not None:
            followed.figures[fid] = (tuple(finding.periods), finding.amount_fen)
            unrefunded = max(0, finding.amount_fen - finding.refunded_fen)
        elif claim is not None and fid not in found:
            followed.figures[fid] = (claim.periods, claim.amount_fen)
            unrefunded = sum(
                fen
                for period, fen in claim.left_by_month().items()
                if (claim.line, claim.key, period) not in claimed_now
            )
        key, its_month = (
            service_key(earlier.service),
            earlier.periods[-1] if earlier.periods else "",
        )
        if finding is not None:  # found stopped by the rules, from the same facts
            stopped_in = finding.stopped
        else:
            stopped_in = facts.stopped_after(earlier.line, its_month, (key,))
        # a list from after the user's cancellation took effect still showing it: that
        # cancellation may not have taken (not once the bills show the charge stopped)
        listed = (
            "" if stopped_in else facts.cancel_not_taken(earlier.line, name_keys(earlier), as_of)
        )
        bills = BillFacts(
            latest_month=facts.latest_months.get(earlier.line),
            newest_over=facts.newest_over(earlier.line),
            billed_latest=facts.charged_latest(earlier.line, (key,)),
            stopped=stopped_in,
            billed_in_its_month=(
                (earlier.line, its_month, key) in billed
                if (earlier.line, its_month) in months
                else None
            ),
            reconciles=adds_up.get((earlier.line, its_month)),
            # known by any name its charges went by (咪咕视频会员费 for 咪咕视频会员)
            known=bool(
                rule
                and rule.consults_known
                and known.has(earlier.line, earlier.service, *earlier.names)
            ),
            ended_on_list=(earlier.line, key) in ended,
            ended_from=ended.get((earlier.line, key)),
            still_listed=listed,
        )
        sibling = still_open_as(earlier, now_found) if fid not in found else None
        if sibling is not None and charged_after_cancelling(sibling.rule):
            # charged after the user's cancellation: the same charge, grown worse, followed
            # as that finding (its months before still claimed), never resolved by it
            why = Resolution(
                now_a_finding(sibling.rule), True, not_taken() if listed else "",
                ReasonCode.NOW_A_FINDING,
            )  # fmt: skip
            followed.became[fid], sibling = sibling.id, None
        elif rule and rule.disputed and not disputes(rule.id, earlier.service):
            # an amount by category: a copy of its bill listing the items replaced it
            why = Resolution(_ITEMISED.shown(), code=ReasonCode.ITEMISED)
        else:
            why = resolution(earlier, records, bills, rule.resolution if rule else "")
        if why.waiting and claim is not None and _refunded_in_full(claim):
            # a refund settling it is what the bill would have shown: done with
            why = why._replace(text=why.text + _ALL_BACK.shown(), waiting="")
        # (of one waiting, its state alone: its refund due asks the money back)
        left = "" if why.waiting else claim_left(why, unrefunded)
        followed.reasons[fid] = why.text + why.warning + left
        followed.reason_codes[fid] = why.code.value
        if claim is not None and claim.on_bills and why.keeps_claim and _refunded_in_full(claim):
            # its money given back by a later bill: that is why nothing is left to do, said
            # in the reason kept (auditor history shows it), which no record tells
            followed.reason_codes[fid] = ReasonCode.REFUNDED_ON_BILL.value
            followed.reasons[fid] += given_back_note(claim.on_bills)
        if why.warning:  # said in words too: the day, for a script
            followed.still_listed[fid] = bills.still_listed
        if why.waiting and fid not in found:
            followed.waiting[fid] = why.waiting
        if sibling is not None:
            followed.still_open[fid] = sibling
        if why.keeps_claim and not bills.known and not why.warning and not why.waiting:
            # (not one a list still shows: not known to be over; nor one settled)
            if why.code is not ReasonCode.SETTLED:
                followed.ended.add(fid)
        # Money a finding still found claims is its own; a service the settings now know
        # is never money to ask back.
        if why.keeps_claim and claim is not None and not bills.known and fid not in found:
            owed.append((earlier, claim, why, listed if why.warning else ""))
            followed.keeps.add(fid)
    (
        followed.refunds_due,
        followed.over_refunded,
        followed.refunded,
        followed.settled,
        in_entries,
    ) = _refunds_due(
        owed, claimed_now, records, as_of, (carriers, facts.brands), company, beyond or {}
    )
    followed.closed = closed_entries(owed, claimed_now, records, as_of, company)
    # a resolved finding with an entry of its refunds (a refund due, refunded) has them
    # there; the others (one settled since the last audit among them: its resolved entry
    # shows them), what came back of their months no other entry shows
    entries = {due.id for due in (*followed.refunds_due, *followed.over_refunded)}
    entries |= {due.id for due in followed.refunded}
    followed.refunded_back = shown_once(
        [claims[i] for i in sorted(followed.reasons) if i in claims and i not in entries],
        claimed_now | in_entries,
    )
    return followed


def told_refunded(db: HistoryDB, followed: Followed, as_of: date) -> None:
    """Keep ``as_of`` as the day the refunds due refunded exactly (``followed.refunded``)
    were told so, where no audit told it before, so that the audits after it no longer
    tell it; a refund due again (a refund undone since) is told again once refunded. An
    audit dated before the one that told it changes nothing."""
    day = as_of.isoformat()
    db.executemany(
        "UPDATE findings SET refunded_on = ? WHERE id = ? AND refunded_on IS NULL",
        [(day, due.id) for due in [*followed.refunded, *followed.closed]],
    )
    db.executemany(
        "UPDATE findings SET refunded_on = NULL WHERE id = ? AND refunded_on <= ?",
        [(due.id, day) for due in followed.refunds_due],
    )


def _refunds_due(
    owed: list[tuple[Seen, Claim, Resolution, str]],
    claimed_now: set[tuple[str, str, str]],
    records: list[UserRecord],
    as_of: date,
    lines: tuple[Mapping[str, Mapping[str, str]], Mapping[str, str]],
    company: bool,
    beyond: Mapping[int, int],
) -> tuple[
    list[RefundDue], list[RefundDue], list[RefundDue], list[RefundDue], set[tuple[str, str, str]]
]:
    """The refunds due of the resolved findings that may claim money (``owed``: each with
    its claim, refunds set, why it was resolved (its words and code), and the day of the
    list that still shows running the service its cancellation should have ended, else ""),
    a month of a line's service counted once; ``claimed_now``: the months (line, key, month)
    the findings still found claim; each with the latest complaint and appeal among the
    user's ``records`` about it, the carrier that billed its months and its line's brand
    (``lines``: each line's carrier by month, and brand, by line). Then those refunded in
    full: by refunds set against its months, one with money ``beyond`` (by record id),
    wherever that money is said (with a finding still found of its service, say); and those
    refunded exactly, told once (:func:`_tell_refunded`); and those refunded exactly that
    the history has not resolved yet (:attr:`Followed.settled`). A month charged nothing (a
    trial's free month) is neither due nor refunded.

    Two rules may claim one month of one service (unknown, and a trial turned paid; an
    unknown service charged after its cancellation): a month a finding still found
    claims is its, not due; a month several resolved findings claim is the first's, at
    the most any of them holds, less what came back of it (one charge: the refunds were
    set against it once, :func:`~auditor.history.claims.set_refunds`). A month past its
    appeal limit and not appealed about in time
    (:func:`~auditor.escalation.appealed_in_time`: such an appeal is pending with the
    centre) still owed is kept among its ``past_periods`` (a complaint to the carrier can
    still get it back), one not owed only has its refunds shown;
    a complaint or an appeal counts for it once its first month began
    (:func:`~auditor.escalation.latest_appeal`). Each one's ``refunded_fen`` is what came
    back of the months it takes, never of a month it leaves to another (a finding still
    found, a refund due before it): the months those of an entry of their own took (not the
    settled, whose resolved entry shows them) are returned with them."""
    limit = load_escalation().billing_deadline_months
    carriers, brands = lines
    held = months_held(claim for _, claim, _, _ in owed)  # (line, service, month): once
    due: list[RefundDue] = []
    over: list[RefundDue] = []
    exact: list[RefundDue] = []
    settled: list[RefundDue] = []
    taken: set[tuple[str, str, str]] = set()
    in_entries: set[tuple[str, str, str]] = set()  # the months an entry of its own shows
    in_order = sorted(owed, key=lambda o: (o[1].line, o[1].key, o[1].periods, o[0].id))
    for earlier, claim, why, listed in in_order:
        mine = records_of(records, earlier)
        months, refunded = [], []  # its months still open to an appeal: due, refunded
        # its months past the appeal limit, unappealed: those still owed (the carrier's to
        # give back through a complaint: never dropped), and those not (their refunds shown)
        late, past = [], []
        for period in claim.months:
            slot = (claim.line, claim.key, period)
            if slot in claimed_now or slot in taken or held[slot].closed:
                continue  # (closed without a refund: told apart, closed.closed_entries)
            charged, back, _ = held[slot]
            if past_limit(mine, period, limit, as_of):
                if charged > back:
                    late.append(period)
                    taken.add(slot)
                else:
                    past.append(period)
                continue
            if charged <= 0:  # charged nothing (a free month): neither due nor refunded
                continue
            (months if charged > back else refunded).append(period)
            taken.add(slot)
        # beyond: by a refund set against its months (one of another month's is not its)
        extra = any(beyond.get(rid) for rid in claim.refunds)
        # its months past the limit whose money came back (in full: none is owed)
        back_past = [p for p in past if held[(claim.line, claim.key, p)][1]]
        if months or late:
            kept = due
        elif refunded and extra:
            kept = over
        elif (refunded or back_past) and _tell_refunded(earlier, mine, as_of):
            kept = exact  # (past the appeal limit too: owed until then, closed is told)
        elif refunded and earlier.resolved_on is None:  # an audit today resolves it
            kept = settled
        else:
            continue
        # what came back of a month past the limit is shown here too (a refund of May
        # recorded in July is not lost from view in November), and once
        taken.update((claim.line, claim.key, p) for p in past)
        if kept is not settled:  # (a settled one's resolved entry shows its refunds)
            in_entries.update((claim.line, claim.key, p) for p in months + late + refunded + past)
        # what its money is owed for: never a cancellation that came after its months
        rule = find_rule(earlier.rule)
        owing = sorted(months + late) or (
            sorted(refunded + back_past) if kept is exact else refunded
        )
        why = owed_on(why, rule.ground if rule else None, owing, mine)
        slot = {p: held[(claim.line, claim.key, p)] for p in months + late + refunded + past}
        left = {p: slot[p].left for p in months + late}  # what is still owed
        back = {p: slot[p].back for p in sorted(slot)}
        kept.append(
            RefundDue(
                earlier.id,
                earlier.rule,
                earlier.line,
                earlier.service,
                tuple(owing),
                sum(left.values()),
                sum(back.values()),  # what came back of the months it takes
                why.text + given_back_note(claim.on_bills),
                # the appeal's last day: of its earliest month still open to one, else (all
                # past it) of its earliest, gone by
                appeal_deadline((months or late or refunded or back_past)[0], limit),
                as_of,
                billed_by(carriers.get(earlier.line, {}), months or refunded or claim.months),
                company,
                latest_complaint(mine, claim.months),
                earlier.names,
                latest_appeal(mine, claim.months),
                beyond=kept is over,
                grouped_by=earlier.grouped_by,
                back_periods=tuple(p for p, fen in back.items() if fen),
                still_listed=listed,
                brand=brands.get(earlier.line, ""),
                refunds=tuple(r for r in mine if r.kind == "refund"),
                reason_code=why.code.value,
                on_bills=claim.on_bills,
                past_periods=tuple(late),
                past_fen=sum(left[p] for p in late),
                left_by_month=tuple(sorted(left.items())),
            )
        )
    return due, over, exact, settled, in_entries


def _tell_refunded(earlier: Seen, mine: list[UserRecord], as_of: date) -> bool:
    """Whether a refund due refunded exactly is told so as of ``as_of``: once it was a
    refund due, its money back since (a refund among ``mine``, its records, dated after
    the audit that resolved it: one refunded before is told among those resolved, its
    refunds with it), in the first audit that sees it refunded (``refunded_on``, kept by
    :func:`told_refunded`; that audit run again tells it again, an earlier one too), and
    no later."""
    if earlier.resolved_on is None or earlier.resolved_on >= as_of:
        return False
    resolved_on = earlier.resolved_on
    if not any(r.kind == "refund" and r.on > resolved_on for r in mine):
        return False
    return told_now(earlier, as_of)
