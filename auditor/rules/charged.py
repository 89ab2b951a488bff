"""What a service was charged, month by month: the one answer every rule that sums a
service's money takes (its ``amount``, the ``monthly`` its year is worked out from).

A bill may give a charge back on itself: 咪咕视频会员 15.00 and 咪咕视频会员退费 -15.00 on
October's bill charge nothing for October. A credit of a month's bill is a refund of a
service charged on that bill when it names it (its name holds the service's, or the
service a fee is named after: 咪咕视频会员退费 for 咪咕视频会员费), the most exactly named
one when several are; a credit that says it is a refund (退费, 调账 …) and names no
service in full is one of the service charged exactly its amount there whose name holds
what else the credit says (咪咕退费: 咪咕视频会员; its period, 退费(10月), and its reason,
调账（重复收费）, name nothing), when only one service is, else the one of them billed
twice that month (a refund of a duplicate's amount gives the duplicate back). A credit
naming a service not charged on that bill gives nothing back to another, and neither
does a discount that names no service (话费优惠), nor a credit naming an earlier month
(退费(10月) on November's bill: :func:`of_other_months`), a later bill's refund of it.

What a service costs a month is not always what a month charged: a fee billed twice
(a duplicate, ``duplicate-charge``'s) is a one-off, and the service still costs the one
charge a month; usage and items billed per use repeat rightly and are all counted. A
plan's fee in two equal items is the month's two halves (:func:`halves`), its one fee,
unless its price is one of them: 任我行套餐 9.00 twice costs 18.00 a month where no list
or name prices it (the duplicate then asked back says it may be the two halves).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import NamedTuple

from auditor.categories import PLAN
from auditor.names import fee_service_keys
from auditor.readers.detect import months_named
from auditor.rules.facts import ChargeFact
from auditor.rules.fees import is_fixed_fee, item_says, prices_named, says
from auditor.words import (
    HALF_MONTH_WORDS,
    PER_MEMBER_WORDS,
    PLAN_WORDS,
    REFUND_GENERIC_WORDS,
    REFUND_REASON_WORDS,
    REFUND_WORDS,
)

#: Per line, month, file and service (a charge's key): the credits of that bill that
#: give that service's charges back (:func:`refunds_on_bills`).
Refunds = Mapping[tuple[str, str, str, str], tuple[ChargeFact, ...]]

# The letters of a credit's name (any script's; digits and punctuation aside): what is
# left of them once its refund, generic and reason words and its period are gone is
# what it names.
_NAMES_SOMETHING = re.compile(r"[^\W\d_]+")
# A period a credit's name may give (退费(10月), 2026年10月调账, 上月退费): no service.
_PERIOD = re.compile(r"(?:\d{2,4}年)?\d{1,2}月份?(?:\d{1,2}日)?|\d{2,4}年|[上本当]个?月")
_LAST_MONTH = re.compile(r"上个?月")
_MONTH_COUNT = re.compile(r"[首前后头近]\d{1,2}个?月|\d{1,2}个月")


def billed_once(charge: ChargeFact) -> bool:
    """True for a charge a month bills once at most: a fixed fee (:func:`is_fixed_fee`),
    not one a shared bill lists once per member card (副卡功能费). Two alike of one bill
    and month are a duplicate, not twice the price."""
    return is_fixed_fee(charge) and not item_says(charge, PER_MEMBER_WORDS)


#: What a plan fee's equal items in one month are (:func:`halves`).
HALVES, WHOLE, UNTOLD = "halves", "whole", ""


def halves(copies: list[ChargeFact]) -> str:
    """Whether two equal ``copies`` of one fee in a month are that month's two halves:
    ``HALVES`` for a plan's fee (not a function fee: those are never split by the
    half-month) whose service list prices it at their sum (18元/月 for 9.00 twice), else
    whose name does (任我行套餐18元), or whose name says it is a half-month's (上半月);
    ``WHOLE`` where the price is one of them (a duplicate); ``UNTOLD`` for a plan's fee
    nothing tells, and for any other fee (not a plan's: a duplicate)."""
    charge, unit = copies[0], copies[0].amount_fen
    if charge.category != PLAN or charge.value_added:
        return WHOLE
    if not (any(s.category == PLAN for s in charge.services) or says(charge.item, PLAN_WORDS)):
        return WHOLE
    if says(charge.item, HALF_MONTH_WORDS):
        return HALVES
    listed = {s.price_fen for c in copies for s in c.services if s.price_fen}
    for prices in (listed, prices_named(charge.item)):  # the list's price first
        if 2 * unit in prices and unit not in prices:
            return HALVES
        if unit in prices:
            return WHOLE
    return UNTOLD


def refunds_on_bills(
    charges: Iterable[ChargeFact],
) -> dict[tuple[str, str, str, str], tuple[ChargeFact, ...]]:
    """Each bill's credits that give back a service charged on it (see the module's
    text), by line, month, file and the key of the charges they give back."""
    bills: dict[tuple[str, str, str], list[ChargeFact]] = {}
    for charge in charges:
        if charge.key:  # a category-level amount names nothing, and is named by nothing
            bills.setdefault((charge.line, charge.period, charge.source), []).append(charge)
    found: dict[tuple[str, str, str, str], list[ChargeFact]] = {}
    # A company's lines and months bill alike (each line's month the same few items):
    # bills alike in all that is read of them give back alike, worked out once. (Not a
    # long bill's: no other is alike, and its likeness would cost as much to tell.)
    alike: dict[tuple, list[tuple[int, str]]] = {}
    for bill, items in bills.items():
        if not any(c.amount_fen < 0 for c in items):
            continue
        if len(items) > _ALIKE_AT_MOST:
            given = _given_back_on(items)
        else:
            shape = (bill[1], *map(_as_read, items))
            given = alike.get(shape)
            if given is None:
                given = alike[shape] = _given_back_on(items)
        for at, key in given:
            found.setdefault((*bill, key), []).append(items[at])
    return {slot: tuple(credits) for slot, credits in found.items()}


#: The most items a bill told alike with another has (a company's: a dozen or two).
_ALIKE_AT_MOST = 200


def _as_read(charge: ChargeFact) -> tuple:
    """All :func:`_given_back_on` reads of a charge but its line, month and file (the
    functions it calls too: :func:`billed_once`, :func:`of_other_months`,
    :func:`refund_names`): what makes two bills' items alike."""
    return (
        charge.key, charge.service_key, charge.amount_fen, charge.category, charge.item,
        charge.folded,
    )  # fmt: skip


def _given_back_on(items: list[ChargeFact]) -> list[tuple[int, str]]:
    """The credits among one bill's ``items`` that give back a service it charges: each
    one's place in ``items`` and that service's key."""
    credits = [at for at, c in enumerate(items) if c.amount_fen < 0 and not of_other_months(c)]
    if not credits:
        return []
    names: dict[str, set[str]] = {}  # a name a credit may say → the keys it names
    amounts: dict[int, set[str]] = {}  # one charge's money → the keys charged it
    copies: dict[tuple[str, int], int] = {}  # a fee billed once at most → how often
    for charge in items:
        if charge.amount_fen > 0:
            for name in (charge.key, charge.service_key, *fee_service_keys(charge.key)):
                names.setdefault(name, set()).add(charge.key)
            amounts.setdefault(charge.amount_fen, set()).add(charge.key)
            if billed_once(charge):
                slot = (charge.key, charge.amount_fen)
                copies[slot] = copies.get(slot, 0) + 1
    doubled = {key for (key, _), times in copies.items() if times > 1}
    given = [(at, _given_back(items[at], names, amounts, doubled)) for at in credits]
    return [(at, key) for at, key in given if key]


def of_other_months(credit: ChargeFact) -> bool:
    """True for a credit whose name states the months it gives back, its own bill's not
    among them (退费(10月), 2026年10月调账 or 上月退费 on November's bill): a refund of an
    earlier bill's charge, which a later bill's refund
    (:mod:`auditor.history.bill_refunds`) sets against that month, never against what its
    own bill charges (October was given back; November's charge still stands)."""
    if _LAST_MONTH.search(credit.folded):
        return True
    # 首3月减免, 前3个月, 3个月: a count of months, no month named
    named = months_named(_MONTH_COUNT.sub("", credit.item))
    number = int(credit.period[5:7])
    return bool(named) and not any(
        credit.period in each.months or number in each.numbers for each in named
    )


def _given_back(
    credit: ChargeFact,
    names: dict[str, set[str]],
    amounts: dict[int, set[str]],
    doubled: set[str],
) -> str:
    """The key of the service ``credit`` gives back, or ``""``: the one its name names
    most exactly (none where two are named alike), else, for a credit saying it is a
    refund, the one service its bill charged exactly its amount whose name holds what
    else the credit says (咪咕 of 咪咕退费; a period, 退费(10月), or a reason, 调账（重复
    收费）, say nothing of it), the one of those ``doubled`` (billed twice) where several
    were: a refund of a duplicate's amount gives the duplicate back."""
    named = named_most_exactly(credit, names)
    if named is not None:
        return named
    part = refund_names(credit)
    if part is None:
        return ""  # a discount (话费优惠), not a refund
    # A part of a charged service's name picks it; any other name is a refund of a
    # service this bill does not charge (沃音乐会员退费 beside 咪咕视频会员): none of these.
    keys = {key for key in amounts.get(-credit.amount_fen, set()) if part in key}
    if len(keys) > 1:
        keys &= doubled
    return next(iter(keys)) if len(keys) == 1 else ""


def named_most_exactly(credit: ChargeFact, names: Mapping[str, set[str]]) -> str | None:
    """The key a credit's name names most exactly among ``names`` (a name a service goes
    by → the keys it names): the one of the longest name its name holds, ``""`` where that
    name is two services', ``None`` where it holds none. The same bill's refunds and a
    later bill's (:mod:`auditor.history.bill_refunds`) read a credit so."""
    named = [name for name in names if len(name) > 1 and name in credit.key]
    if not named:
        return None
    longest = max(len(name) for name in named)
    keys = set().union(*(names[n] for n in named if len(n) == longest))
    return next(iter(keys)) if len(keys) == 1 else ""


def refund_names(credit: ChargeFact) -> str | None:
    """What a credit saying it is a refund names besides that: the letters left once its
    refund, generic and reason words and its period are gone (咪咕 of 咪咕退费; "" of
    退费(10月) and 调账（重复收费）, which name nothing); ``None`` for a credit that is no
    refund (a discount: 话费优惠). The same bill's refunds and a later bill's
    (:mod:`auditor.history.bill_refunds`) read a credit so."""
    if not item_says(credit, REFUND_WORDS):
        return None
    rest = _PERIOD.sub("", credit.folded)
    said = (*REFUND_WORDS, *REFUND_GENERIC_WORDS, *REFUND_REASON_WORDS)
    for word in sorted(said, key=len, reverse=True):
        rest = rest.replace(word, "")
    return "".join(_NAMES_SOMETHING.findall(rest))


class Charged(NamedTuple):
    """What one line's service (its charges) was charged, month by month (months sorted).

    ``billed``: each month's charges as billed; ``net``: that less the refunds the bills
    give back of it (never below 0); ``price``: what it costs a month, a fee billed twice
    in it counted once, a plan's two half-months both (never more than ``net``); ``fee``:
    that before refunds (what a month given back in full would have cost). The same
    month read from two files (an XLSX and the PDF of one bill) is one bill: the file
    charging most counts."""

    billed: dict[str, int]
    net: dict[str, int]
    price: dict[str, int]
    fee: dict[str, int]

    @property
    def months(self) -> list[str]:
        """The months it was charged in, once refunds are set against them."""
        return [month for month, fen in self.net.items() if fen > 0]

    @property
    def paid(self) -> dict[str, int]:
        """The money of each of :attr:`months`."""
        return {month: self.net[month] for month in self.months}

    @property
    def amount_fen(self) -> int:
        """All it was charged, refunds set against it."""
        return sum(self.paid.values())

    @property
    def monthly_fen(self) -> int:
        """What it costs a month: the latest of :attr:`months`' price (0 without one)."""
        months = self.months
        return self.price[months[-1]] if months else 0

    @property
    def given_back(self) -> list[str]:
        """The months it was charged in whose bills gave all of it back (退费): charged
        and refunded, nothing paid, the service not gone for that."""
        return [month for month, fen in self.billed.items() if fen > 0 and not self.net[month]]

    @property
    def fee_fen(self) -> int:
        """What its latest month charged costs a month before refunds (:attr:`fee`): the
        price of a service whose every charge was given back (0 if never charged)."""
        months = [month for month, fen in self.billed.items() if fen > 0]
        return self.fee[months[-1]] if months else 0


def charged(charges: Iterable[ChargeFact], refunds: Refunds) -> Charged:
    """What ``charges`` (of one line and service) charged, month by month: :class:`Charged`
    with the ``refunds`` of the audit's bills (:func:`refunds_on_bills`) set against them.
    A credit among ``charges`` (a suspended line's every charge) is counted as given,
    never twice."""
    files: dict[tuple[str, str], list[ChargeFact]] = {}
    for charge in charges:
        files.setdefault((charge.period, charge.source), []).append(charge)
    billed: dict[str, int] = {}
    chosen: dict[str, tuple[int, int, int]] = {}
    for (period, source), found in sorted(files.items()):
        gross = sum(c.amount_fen for c in found)
        billed[period] = max(billed.get(period, gross), gross)
        given = {id(c) for c in found}
        keys = {c.key for c in found if c.amount_fen > 0 and c.key}
        back = sum(
            -credit.amount_fen
            for key in keys
            for credit in refunds.get((found[0].line, period, source, key), ())
            if id(credit) not in given
        )
        net = max(0, gross - back)
        copies: dict[tuple[str, int], list[ChargeFact]] = {}
        for c in found:
            if billed_once(c):
                copies.setdefault((c.folded, c.amount_fen), []).append(c)
        again = 0  # the money of the copies a fee billed twice adds
        for (_, fen), alike in copies.items():
            if len(alike) > 1:
                # A plan's two equal items may be the month's two halves: its fee unless
                # the price says one is (duplicate-charge's finding says which to check).
                owed = 1 if halves(alike) == WHOLE else 2
                again += max(0, len(alike) - owed) * fen
        fee = max(0, gross - again)
        if period not in chosen or net > chosen[period][0]:
            chosen[period] = (net, min(fee, net), fee)
    return Charged(
        billed=dict(sorted(billed.items())),
        net={period: chosen[period][0] for period in sorted(chosen)},
        price={period: chosen[period][1] for period in sorted(chosen)},
        fee={period: chosen[period][2] for period in sorted(chosen)},
    )
