"""The money disputed findings claim back, month by month, and the refunds set against it.

A claim is a disputed finding's money (a charge after cancellation, an unordered
service): each month it covers and what that month charged. This audit's findings claim
what they report. A finding reported before and no longer found still claims what it
reported, and one the user's cancellation ended claims every month its service was
charged from its first month through the month of cancellation: that month is still
charged in full, and for a service never ordered it is money to ask back like the others
(the months after belong to the charge after cancellation, a finding of its own).

A recorded refund is set against the money it covers, never more than a claim holds:

- a refund of a service on a line goes to the months that service's findings on that
  line claim, the oldest first, findings still found and refunds due alike (what is
  refunded is what was charged before, and the carriers refund what a complaint named,
  the earliest months first); its service is any name the findings' charges go by
  (:func:`~auditor.history.records.name_keys`: 咪咕视频会员费, October's word, for the
  finding 咪咕视频会员 that groups it; never 彩铃功能费 billed beside 彩铃, a finding of
  its own);
- a service's money is counted as its findings gather it (:func:`auditor.rules.money_keys`):
  two SP services billed as 信息费, matched by their codes to two list entries (手机报,
  游戏点播), are two services' money, each its findings' own. A refund typed by the name
  both go by (信息费) is neither's: which one the carrier paid back, the name cannot
  say, and it is not guessed nor set against both; it is said (:attr:`Settled.unclear`),
  to be recorded again by the finding (a list's own name, 手机报, names one);
- one named by a finding's id (``--finding``, or typed on a finding's row of the Actions
  sheet) is a refund of that finding's service on its line, as its findings gather it,
  set as above: the carrier pays back what the service was charged, not one finding's
  share of it (100.00 for 咪咕视频会员 covers July and August, a finding resolved, then
  September and October, the charge after cancellation still found). A bill's finding
  (no service) has only its own months: a refund named by it goes to them alone;
- refunds are set in the order they were made; what is left over of a refund is set
  against nothing, and said (:attr:`Settled.beyond`) when the refund was for claims at
  all: a carrier may pay compensation (赔偿) on top of a refund, or the record may name
  the wrong service. A refund of money no finding disputes (a bill that does not add up,
  a price rise) is no claim's, and nothing is said of it.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import NamedTuple

from auditor.history.bill_refunds import ClaimOf, OnBill, on_later_bills
from auditor.history.charged import Over, over_charged
from auditor.history.findings import Seen
from auditor.history.records import name_keys, records_of
from auditor.lang import say
from auditor.model import Finding, UserRecord
from auditor.names import service_key
from auditor.rules import disputes, entry_of, money_keys
from auditor.rules.charged import Refunds
from auditor.rules.facts import ChargeFact
from auditor.values import format_fen, month_of

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Claim:
    """The money one finding claims back: each month's amount (in fen), oldest first, and
    the refunds set against it."""

    id: str
    line: str
    #: What its money counts under on its line (:func:`auditor.rules.money_keys`): its
    #: service, as charges match it (service_key), or that and its list entry where the
    #: line's findings of that name gather two (信息费/手机报). "" for a bill's finding.
    key: str
    months: dict[str, int] = field(default_factory=dict)
    refunded_fen: int = 0
    #: What came back of each month (:func:`set_refunds` sets it; empty: the refunds are
    #: taken off the oldest months first).
    back: dict[str, int] = field(default_factory=dict)
    #: The keys a refund's service may name it by (its finding's
    #: :func:`~auditor.history.records.name_keys`); empty: ``key`` alone.
    keys: frozenset[str] = frozenset()
    #: The ids of the refunds set against its months (:func:`set_refunds`): a refund due
    #: they cover is refunded beyond only by one of them that went beyond.
    refunds: frozenset[int] = frozenset()
    #: Its service's key, where ``key`` adds its list entry (:func:`counted_apart`);
    #: "": ``key`` is its service's.
    service_key: str = ""
    #: The credits of later bills set against its months (:mod:`.bill_refunds`): given
    #: back on a bill, not recorded by the user.
    on_bills: tuple[OnBill, ...] = ()
    #: What of each month the user closed without a refund (``auditor record settle``:
    #: given up, or compensated otherwise): no longer asked back, nor refunded.
    closed: dict[str, int] = field(default_factory=dict)
    #: The ids of the settlements that closed some of its months.
    settlements: frozenset[int] = frozenset()

    @property
    def of_service(self) -> str:
        """Its service's key (service_key), whatever its money counts under."""
        return self.service_key or self.key

    @property
    def amount_fen(self) -> int:
        """The money it claims, refunds not taken off."""
        return sum(self.months.values())

    @property
    def periods(self) -> tuple[str, ...]:
        """The months it claims, oldest first."""
        return tuple(self.months)

    @property
    def unrefunded_fen(self) -> int:
        """What no recorded refund covers nor a settlement closed: still to ask back."""
        return max(0, self.amount_fen - self.refunded_fen - sum(self.closed.values()))

    def left_by_month(self) -> dict[str, int]:
        """Each month's money no refund covers nor a settlement closed: what came back of
        it and what was closed taken off, else the refunds taken off the oldest months
        first."""
        closed = self.closed
        if self.back:
            return {
                period: fen - self.back.get(period, 0) - closed.get(period, 0)
                for period, fen in self.months.items()
            }
        refunded, left = self.refunded_fen, {}
        for period, fen in self.months.items():
            covered = min(fen, max(refunded, 0))
            refunded -= covered
            left[period] = max(0, fen - covered - closed.get(period, 0))
        return left


class Held(NamedTuple):
    """One month of a line's service as claims hold it: what it charged, what came back
    of it and what the user closed without a refund (``auditor record settle``)."""

    charged: int
    back: int
    closed: int = 0

    @property
    def left(self) -> int:
        """What of it no refund covers nor a settlement closed: still to ask back."""
        return max(0, self.charged - self.back - self.closed)


def months_held(claims: Iterable[Claim]) -> dict[tuple[str, str, str], Held]:
    """Each month (line, key, month) any of ``claims`` holds, counted once: one charge
    however many rules dispute it (an unknown service that was a trial turned paid), at
    the most any of them holds, with the most any had back (the refunds were set against
    the month once: :func:`set_refunds`). Months apart are each their own, whichever
    claims hold them (a trial turned paid's February and March, the charge after its
    cancellation's April: three months' money). The one count of disputed money: the
    audit's totals (:class:`~auditor.writers.figures.Counted`) and the refunds due
    (:mod:`auditor.history.follow`) both read it."""
    held: dict[tuple[str, str, str], Held] = {}
    for claim in claims:
        left = claim.left_by_month()
        for period, fen in claim.months.items():
            slot = (claim.line, claim.key, period)
            charged, back, closed = held.get(slot, (0, 0, 0))
            shut = claim.closed.get(period, 0)
            held[slot] = Held(
                max(charged, fen), max(back, fen - left[period] - shut), max(closed, shut)
            )
    return held


def shown_once(claims: list[Claim], shown: set[tuple[str, str, str]]) -> dict[str, int]:
    """What came back of each of ``claims``' months that no entry shows already
    (``shown``: the months, as (line, key, month), of the findings still found and of
    the refunds due) nor a claim before it: what each one's entry counts as refunded, by
    id (0s left out), so that a month's refund, one charge's, is counted once."""
    taken, back = set(shown), {}
    for claim in claims:
        fen = 0
        for period in claim.months:
            if (claim.line, claim.key, period) not in taken:
                fen += claim.back.get(period, 0)
                taken.add((claim.line, claim.key, period))
        if fen:
            back[claim.id] = fen
    return back


def spread(periods: Iterable[str], amount_fen: int) -> dict[str, int]:
    """``amount_fen`` over ``periods``, evenly (the odd fen on the last month): for a
    finding whose months' own amounts are not known."""
    periods = sorted(set(periods))
    if not periods:
        return {}
    share, rest = divmod(amount_fen, len(periods))
    months = dict.fromkeys(periods, share)
    months[periods[-1]] += rest
    return months


def finding_claim(finding: Finding) -> Claim:
    """What one of this audit's disputed findings claims: its months' own amounts when
    its details give them (and they add up to its amount), else its amount spread."""
    given = getattr(finding.details, "monthly_amounts_fen", None) or {}
    # Its own months only (a free month before a trial turned paid is not one of them:
    # it claims nothing); a month of them given 0.00 is known, and claims 0.
    months = {m: given[m] for m in sorted(finding.periods) if m in given}
    if sum(months.values()) != finding.amount_fen or set(months) != set(finding.periods):
        months = spread(finding.periods, finding.amount_fen)
    return Claim(
        finding.id, finding.line, service_key(finding.service), months, keys=name_keys(finding)
    )


def earlier_claim(seen: Seen, charges: Iterable[ChargeFact], last: str | None) -> Claim:
    """What a finding reported before, no longer found, still claims: the months it
    reported, with what the bills known charged for its service in each (its list
    entry's charges, where its rule gathered them by one: :func:`~auditor.rules.entry_of`;
    else its amount spread); and when a cancellation ended it, every month its service
    was charged from its first month through ``last``, the last month rightly charged
    (the month of the user's cancellation, or the list's end month): a month after it is
    a charge after cancellation, a finding of its own."""
    key = service_key(seen.service)
    wanted = entry_of(seen.rule, seen.service, seen.grouped_by) or key
    charged: Counter[str] = Counter()
    for charge in charges:
        if charge.line == seen.line and key in charge.keys and wanted in charge.keys:
            charged[charge.period] += charge.amount_fen
    months = {period: charged[period] for period in seen.periods}
    # A month is known when a bill charged the service in it, 0.00 too (a free month
    # before a trial turned paid: it claims nothing); one no bill known charges is not,
    # and only then is the amount spread.
    if sum(months.values()) != seen.amount_fen or not set(seen.periods) <= set(charged):
        months = spread(seen.periods, seen.amount_fen)
    if last is not None and seen.periods:
        for period, fen in charged.items():
            if seen.periods[0] <= period <= last and fen > 0:
                months.setdefault(period, fen)
    return Claim(seen.id, seen.line, key, dict(sorted(months.items())), keys=name_keys(seen))


def beyond_note(beyond_fen: int) -> str:
    """What follows a refund (or what it refunded) whose money went ``beyond_fen`` past
    the claims it was for (:attr:`Settled.beyond`): that it counts for none, and what it
    may be. One wording wherever it is said (Follow-up, the ``auditor history`` text, a
    refund due refunded beyond)."""
    money = format_fen(beyond_fen)
    return say(
        f"；其中 ¥{money} 超出所涉发现的金额，未计入（赔偿？或记错了业务？）",
        f"; of it, ¥{money} beyond what its findings claim counts for none (compensation? "
        "or another service?)",
    )


class Settled(NamedTuple):
    """The claims with the refunds set against them, and each refund's money beyond the
    claims it was for (by the record's id; only refunds with some left over)."""

    claims: list[Claim]
    beyond: dict[int, int]
    #: The refunds set against nothing because their service names several services'
    #: claims on their line (two SP services billed as 信息费): by record id, the ids of
    #: those claims, one of each service, to name the refund by.
    unclear: dict[int, tuple[str, ...]]


def set_refunds(claims: list[Claim], records: list[UserRecord]) -> Settled:
    """``claims`` with the recorded refunds among ``records`` set against them (see the
    module's text: by service and oldest month first, a bill's finding by its own
    months; never more than was charged), and what is left of each refund.

    A month of a line's service is one charge, however many claims hold it (two rules
    may dispute one charge: an unknown service that was a trial turned paid): a refund
    is set against the month once, at the most any claim holds of it, and each claim
    holding it has what came back of it, up to its own amount."""
    by_id = {claim.id: claim for claim in claims}
    charged: dict[tuple[str, str, str], int] = {}  # (line, service, month): the money
    goes_by: dict[tuple[str, str], set[str]] = {}  # (line, service): the names' keys
    ids: dict[tuple[str, str], str] = {}  # (line, service): its first claim's id
    of: dict[tuple[str, str], str] = {}  # (line, service): its service's key
    for claim in claims:
        goes_by.setdefault((claim.line, claim.key), {claim.of_service}).update(claim.keys)
        ids.setdefault((claim.line, claim.key), claim.id)
        of[(claim.line, claim.key)] = claim.of_service
        for period, fen in claim.months.items():
            slot = (claim.line, claim.key, period)
            charged[slot] = max(charged.get(slot, 0), fen)
    left = dict(charged)
    order = sorted(charged, key=lambda slot: slot[2])  # the oldest month first
    refunds = sorted(
        (r for r in records if r.kind == "refund" and r.amount_fen), key=lambda r: (r.on, r.id)
    )
    beyond: dict[int, int] = {}
    unclear: dict[int, tuple[str, ...]] = {}
    went: dict[tuple[str, str, str], set[int]] = {}  # the refunds set against each month

    def targets_of(refund: UserRecord) -> set[tuple[str, str, str]] | None:
        """The months (line, key, month) a refund (or a settlement) is about; None when
        its name is several services' (:attr:`Settled.unclear`)."""
        named = by_id.get(refund.finding)
        if named is not None and not named.key:  # a bill's finding: its months alone
            return {(named.line, named.key, period) for period in named.months}
        if named is not None and named.service_key:  # of services shown under one name
            return {s for s in charged if s[:2] == (named.line, named.key)}  # its own
        # its service's months on its line, whichever finding's row named it
        line, key = (named.line, named.key) if named else (refund.line, service_key(refund.service))
        services = {g for g in goes_by if g[0] == line and key and key in goes_by[g]}
        if max(Counter(of[g] for g in services).values(), default=0) > 1:
            # several services' money by one name: not guessed, nor set against both
            unclear[refund.id] = tuple(sorted(ids[g] for g in services))
            return None
        return {s for s in charged if s[:2] in services}

    for refund in refunds:
        if (targets := targets_of(refund)) is None:
            continue
        money = refund.amount_fen or 0
        for slot in order:
            if money <= 0:
                break
            if slot in targets and left[slot] > 0:
                taken = min(money, left[slot])
                left[slot] -= taken
                money -= taken
                went.setdefault(slot, set()).add(refund.id)
        if money > 0 and targets:  # more than the claims it was for (none: not a claim)
            beyond[refund.id] = money
    # A settlement closes what no refund covered of its months through its own month
    # (what was charged until then: a later month's charge is news), refunds first.
    refunded = dict(left)
    closed: dict[tuple[str, str, str], set[int]] = {}
    for made in sorted((r for r in records if r.kind == "settle"), key=lambda r: (r.on, r.id)):
        through = month_of(made.on)
        for slot in targets_of(made) or ():
            if slot[2] <= through and left[slot] > 0:
                left[slot] = 0
                closed.setdefault(slot, set()).add(made.id)
    settled = []
    for c in claims:
        back, shut, by, closing = {}, {}, set(), set()
        for period, fen in c.months.items():
            slot = (c.line, c.key, period)
            back[period] = min(fen, charged[slot] - refunded[slot])
            if slot in closed:
                shut[period] = fen - back[period]
                closing |= closed[slot]
            by |= went.get(slot, set())
        settled.append(
            replace(
                c,
                refunded_fen=sum(back.values()),
                back=back,
                refunds=frozenset(by),
                closed=shut,
                settlements=frozenset(closing),
            )
        )
    return Settled(settled, beyond, unclear)


def counted_apart(claims: list[Claim], entries: list[str]) -> list[Claim]:
    """``claims``, each counting its money under :func:`~auditor.rules.money_keys`'s key
    for it (``entries``: each one's :func:`~auditor.rules.entry_of`)."""
    keys = money_keys([(c.line, c.key, entry) for c, entry in zip(claims, entries, strict=True)])
    return [
        replace(claim, key=key, service_key=claim.key) if key != claim.key else claim
        for claim, key in zip(claims, keys, strict=True)
    ]


def settle(
    findings: list[Finding],
    seen: dict[str, Seen],
    records: list[UserRecord],
    charges: Iterable[ChargeFact],
    as_of: date,
    listed: Mapping[tuple[str, str], str | None] | None = None,
    refunds: Refunds | None = None,
) -> tuple[dict[str, Claim], dict[int, int], dict[int, Over]]:
    """Set the user's refunds (among ``records``) against the money claimed: this
    audit's disputed ``findings`` and those reported before (``seen``, named as the audit
    named them: :func:`~auditor.history.findings.with_names`) that no longer are;
    ``listed``: the services the lists show cancelled, with the last month they are
    rightly charged (:attr:`~auditor.rules.facts.Facts.cancelled_on_lists`), through
    which their claims run as a recorded cancellation's run through its month. Each
    finding's ``refunded_fen`` is set; the claims are returned, by id, with each refund's
    money beyond the claims it was for (by record id), and, for each refund more than its
    service was ever charged on its line in ``charges``' months (alone or with the
    refunds before it), what was charged and refunded before
    (:func:`~auditor.history.charged.over_charged`, by record id). ``refunds``: the
    credits ``charges``' own bills give back (the audit's, worked out once:
    :attr:`~auditor.rules.base.AuditContext.refunds`)."""
    current = {finding.id for finding in findings}
    disputed = [f for f in findings if disputes(f.rule, f.service) and f.amount_fen > 0]
    claims = [finding_claim(f) for f in disputed]
    entries = [entry_of(f.rule, f.service, f.grouped_by) for f in disputed]
    charges = tuple(charges)
    listed = listed or {}
    for fid, earlier in sorted(seen.items()):
        if (
            fid in current
            or not disputes(earlier.rule, earlier.service)
            or earlier.first_seen > as_of
        ):
            continue  # still found, money disputed by none, or reported by a later audit
        mine = records_of(records, earlier)
        ends = [month_of(r.on) for r in mine if r.kind == "cancel"]
        if on_list := listed.get((earlier.line, service_key(earlier.service))):
            ends.append(on_list)  # cancelled in the app: the list says when it ended
        # The first cancellation ended it: a month charged after it is a charge after
        # cancellation (a finding of its own), not more of this one's claim.
        claims.append(earlier_claim(earlier, charges, min(ends) if ends else None))
        entries.append(entry_of(earlier.rule, earlier.service, earlier.grouped_by))
    claims = counted_apart(claims, entries)
    # what later bills gave back counts as refunds received, the user's own of the same
    # money once (said), never a credit its own bill already set against its month
    on_bills, said = on_later_bills(
        (
            ClaimOf(c.id, c.line, c.key, c.keys | {c.of_service}, c.months, c.of_service)
            for c in claims
        ),
        charges,
        records,
        refunds,
    )
    for text in said:
        log.warning(text)
    refunds = set_refunds(claims, [*records, *(bill.record for bill in on_bills)])
    by_record = {bill.record.id: bill for bill in on_bills}
    settled = {}
    for claim in refunds.claims:
        bills = tuple(by_record[i] for i in sorted(claim.refunds, key=abs) if i in by_record)
        # most claims have no later bill's credit: kept as they are (a frozen copy of each
        # was a tenth of settling the 100 PDFs' 3,000 findings)
        settled[claim.id] = replace(claim, on_bills=bills) if bills else claim
    for finding in findings:
        finding.refunded_fen = settled[finding.id].refunded_fen if finding.id in settled else 0
        # the months owed no more (all of it back): the appeal's limit counts from the others
        owed = settled[finding.id].left_by_month() if finding.id in settled else {}
        charged = settled[finding.id].months if finding.id in settled else {}
        finding.back_periods = tuple(p for p, fen in owed.items() if fen <= 0 < charged[p])
    for record in records:
        if ids := refunds.unclear.get(record.id):
            log.warning(unclear_refund(record, ids))
    beyond = {rid: fen for rid, fen in refunds.beyond.items() if rid > 0}  # a record's
    # what the bills gave back is refunded before any record (their ids are below 0): a
    # refund recorded on top of it, more than was charged, is said
    bills = [bill.record for bill in on_bills]
    over = {rid: o for rid, o in over_charged([*records, *bills], charges).items() if rid > 0}
    return settled, beyond, over


def unclear_refund(refund: UserRecord, ids: tuple[str, ...]) -> str:
    """What is said of a refund whose service names several services' findings on its
    line (:attr:`Settled.unclear`): counted for none, and how to say which."""
    money, named = format_fen(refund.amount_fen or 0), "、".join(ids)
    return say(
        f"退款记录 #{refund.id}（{refund.line} {refund.service} ¥{money}）：这个名称对应几项"
        f"业务的发现（{named}），未计入任何一项；请先删除它（auditor record undo {refund.id}），"
        "再用 --finding ID 按发现记录",
        f"refund #{refund.id} ({refund.line} {refund.service} ¥{money}) names the findings "
        f"of several services ({', '.join(ids)}) and counts for none of them: remove it "
        f"(auditor record undo {refund.id}) and record it by finding, with --finding ID",
    )
