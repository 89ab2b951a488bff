"""A refund a later bill gives: the one place that decides which claim a credit on a
bill after the claimed months gives money back to.

Carriers give a wrong charge back on the next bill, after a complaint (调账, 退费 in
November for October's charge). A credit of a line's bill (a negative item) that its
own bill does not set against a charge of that month
(:func:`~auditor.rules.charged.refunds_on_bills`, the same-bill netting) is a refund of
an earlier claim of that line when:

- its name holds the name of the claim's service (咪咕视频会员退费 for 咪咕视频会员), the
  most exactly named one when several are (none when two services are named alike); or
- it names nothing but a refund (退费, 返还, 调账, 冲正 …) and its money is exactly one
  month's or the whole of the claims of one service of the line, and of no other.

A credit naming another service, or a discount (话费优惠: no refund word), gives nothing
back. It is set against its claim as a refund received (:func:`~auditor.history.claims.set_refunds`,
the oldest months first), dated the first day of the month after its bill's. A refund
the user also recorded for the same money (same line and service, the same amount,
recorded on or after the first day of the bill's month) is that money: it is counted
once, as the user's record, and said (:func:`also_recorded`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date
from typing import NamedTuple

from auditor.lang import say
from auditor.model import UserRecord
from auditor.names import service_key
from auditor.rules.charged import Refunds, named_most_exactly, refund_names, refunds_on_bills
from auditor.rules.facts import ChargeFact
from auditor.values import format_fen


class ClaimOf(NamedTuple):
    """What a later bill's credit is matched against: one claim's id, line and service
    group (its ``key``), the names its service goes by, its months' money."""

    id: str
    line: str
    key: str
    names: frozenset[str]
    months: dict[str, int]
    #: Its service's key (:attr:`~auditor.history.claims.Claim.of_service`): the service
    #: its refund is of, as a record names it.
    service: str = ""


class OnBill(NamedTuple):
    """A credit of a later bill given back to a claim: the credit, and the refund it is
    counted as (a record of its own, never stored, its id below 0)."""

    credit: ChargeFact
    record: UserRecord

    def says(self) -> str:
        """``the 2026-11 bill: 咪咕视频会员退费 -15.00``, for a reason or a step."""
        money = format_fen(self.credit.amount_fen)
        return say(
            f"{self.credit.period} 账单：{self.credit.item} {money}",
            f"the {self.credit.period} bill: {self.credit.item} {money}",
        )


def given_back_note(on_bills: Sequence[OnBill]) -> str:
    """``; given back on the 2026-11 bill: 咪咕视频会员退费 -15.00`` (each credit), the
    words a reason or a refund due adds; "" for none."""
    if not on_bills:
        return ""
    said = say("；", "; ").join(bill.says() for bill in on_bills)
    return say(f"；已在账单上退还（{said}）", f"; given back on {said}")


def given_back_with(refunded_fen: int, on_bills: Sequence[OnBill]) -> str:
    """What a resolved finding's reason adds of the ``refunded_fen`` that came back of
    its money, some of it on later bills (``on_bills``): those bills' credits, and, where
    the user's refunds gave back more, that money too."""
    if sum(-bill.credit.amount_fen for bill in on_bills) >= refunded_fen:
        return given_back_note(on_bills)
    money = format_fen(refunded_fen)
    return say(
        f"；另已退还 {money} 元（你的记录及账单）",
        f"; besides, {money} yuan was refunded (your records and the bill)",
    ) + given_back_note(on_bills)


def bill_day(period: str) -> date:
    """The day a month's bill is taken as given (the first of the month after it)."""
    year, month = int(period[:4]), int(period[5:7])
    return date(year + month // 12, month % 12 + 1, 1)


def on_later_bills(
    claims: Iterable[ClaimOf],
    charges: Iterable[ChargeFact],
    records: Iterable[UserRecord],
    netted: Refunds | None = None,
) -> tuple[list[OnBill], list[str]]:
    """The credits of ``charges`` that later bills give back to ``claims`` (see the
    module's text), each as a refund to set against them, and what is said of each one
    the user also recorded (among ``records``), counted once, as recorded. ``netted``:
    :func:`~auditor.rules.charged.refunds_on_bills` of ``charges``, when the audit has it
    (worked out here otherwise: every month's bills, a company's 40,000 charges)."""
    claims = [c for c in claims if c.months]
    charges = tuple(charges)
    netted = refunds_on_bills(charges) if netted is None else netted
    recorded = [r for r in records if r.kind == "refund" and r.amount_fen]
    used: set[int] = set()
    found: list[OnBill] = []
    said: list[str] = []
    given = {id(credit) for credits in netted.values() for credit in credits}
    credits = [c for c in charges if c.amount_fen < 0 and c.key and id(c) not in given]
    credits += _beyond_its_bill(charges, netted)
    # each credit asks its own line's claims (a company's months: 6,000 credits), in order
    of_line: dict[str, list[ClaimOf]] = {}
    for claim in claims:
        of_line.setdefault(claim.line, []).append(claim)
    for credit in sorted(credits, key=lambda c: (c.line, c.period, c.locator)):
        earlier = [c for c in of_line.get(credit.line, ()) if min(c.months) < credit.period]
        group = _given_back(credit, earlier)
        if not group:
            continue
        mine = [c for c in earlier if c.key == group]
        twin = next(
            (
                r
                for r in recorded
                if r.id not in used
                and r.line == credit.line
                and r.amount_fen == -credit.amount_fen
                and r.on >= date(int(credit.period[:4]), int(credit.period[5:7]), 1)
                and (
                    r.finding in {c.id for c in mine}
                    or service_key(r.service) in set().union(*(c.names for c in mine))
                )
            ),
            None,
        )
        service = mine[0].service or credit.item  # what the refund is of, as a record says
        bill = OnBill(
            credit,
            UserRecord(
                -(len(found) + 1), "refund", credit.line, service, mine[0].id,
                bill_day(credit.period), amount_fen=-credit.amount_fen,
            ),
        )  # fmt: skip
        if twin is not None:  # the same money, recorded too: counted once, as recorded
            used.add(twin.id)
            said.append(also_recorded(bill, twin))
            continue
        found.append(bill)
    return found, said


def _beyond_its_bill(charges: tuple[ChargeFact, ...], netted: Refunds) -> list[ChargeFact]:
    """What the refunds a bill sets against a service it charges give beyond that bill's
    charge of it (咪咕视频会员 15.00 and 咪咕视频会员退费 -30.00 on November's bill: 15.00 of
    it is October's), each as a credit of that much, for the months before it."""
    billed: dict[tuple[str, str, str, str], int] = {}
    for charge in charges:
        if charge.amount_fen > 0 and charge.key:
            slot = (charge.line, charge.period, charge.source, charge.key)
            billed[slot] = billed.get(slot, 0) + charge.amount_fen
    beyond = []
    for slot, credits in netted.items():
        over = sum(-credit.amount_fen for credit in credits) - billed.get(slot, 0)
        if over > 0:
            beyond.append(replace(credits[-1], amount_fen=-over))
    return beyond


def _given_back(credit: ChargeFact, claims: list[ClaimOf]) -> str:
    """The service group (a claim's ``key``) ``credit`` gives back, or ``""``."""
    names: dict[str, set[str]] = {}
    for claim in claims:
        for name in claim.names:
            names.setdefault(name, set()).add(claim.key)
    named = named_most_exactly(credit, names)
    if named is not None:
        return named
    part = refund_names(credit)
    if part is None:
        return ""  # a discount (话费优惠), not a refund
    if len(part) > 1:  # a part of a claim's service's name (咪咕退费), or another service
        keys = {c.key for c in claims if any(part in name for name in (c.key, *c.names))}
        return next(iter(keys)) if len(keys) == 1 else ""
    money = -credit.amount_fen  # 退费(10月), 调账（重复收费）: the one claim of its money
    keys = {c.key for c in claims if money in c.months.values() or money == sum(c.months.values())}
    return next(iter(keys)) if len(keys) == 1 else ""


def also_recorded(bill: OnBill, refund: UserRecord) -> str:
    """What is said of a credit a later bill gives back that the user also recorded as a
    refund (``refund``): the same money, counted once."""
    return say(
        f"{bill.says()} 与你记下的退款 #{refund.id}（{refund.on}，¥"
        f"{format_fen(refund.amount_fen or 0)}）应是同一笔钱，只计一次",
        f"{bill.says()} and your refund #{refund.id} ({refund.on}, ¥"
        f"{format_fen(refund.amount_fen or 0)}) look like the same money: counted once",
    )
