"""Why a finding an earlier audit reported no longer holds (:func:`resolution`), from
what the bills known now show of it (:class:`BillFacts`): a charge stopped, a service a
list shows ended, a coming change its month's bill shows, a bill that now adds up, the
rule's own reason; a cancellation the user recorded waits for the bill after it (a
cancellation alone resolves nothing), and one that failed (a bill after it still
charging) is never a reason. Each reason with its code
(:class:`~auditor.history.reasons.ReasonCode`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from auditor.finding_state import charge_stopped, ending_cancel
from auditor.history.findings import NO_LONGER_FOUND, Seen
from auditor.history.reasons import ReasonCode
from auditor.history.records import records_of
from auditor.lang import Text, say
from auditor.model import UserRecord
from auditor.values import format_fen, month_add, month_of

if TYPE_CHECKING:
    from auditor.rules.facts import Facts


class ListEnd(NamedTuple):
    """The service list that shows a service cancelled or ended: a list given to the
    audit (``listed_on`` None) or one an earlier audit stored (the day it was known), and
    the day it gives for the end ("" when none)."""

    listed_on: date | None
    ended_on: str


def list_ends(facts: Facts) -> dict[tuple[str, str], ListEnd]:
    """Per line and service, as :attr:`~auditor.rules.facts.Facts.cancelled_on_lists` keys
    them (the one answer of which services a list shows ended), the list that shows it:
    one given to the audit first, else the newest one stored; so that a reason says
    where the end comes from (an earlier audit's list, when none was given since)."""
    ended, found = facts.cancelled_on_lists, {}
    for service in facts.services:
        if service.record or not service.shown_ended:
            continue
        keys = {(service.line, service.key)}
        keys |= {(charge.line, charge.key) for charge in facts.charges_of(service)}
        day = service.ended_at.date().isoformat() if service.ended_at else ""
        shown = ListEnd(service.listed_on, day)
        for key in keys & ended.keys():
            held = found.get(key)
            if held is None or (held.listed_on and (not shown.listed_on or shown > held)):
                found[key] = shown
    return found


@dataclass(frozen=True)
class BillFacts:
    """What the bills known to an audit show about a finding reported before: a reason
    for its resolution must agree with them."""

    latest_month: str | None = None  # its line's newest month
    billed_latest: bool = False  # its service is charged in that month (a positive amount)
    stopped: str = ""  # that month, when it shows the charge stopped (Facts.stopped_after)
    #: Its service is charged in the month it names (its last); None: no bill of it known.
    billed_in_its_month: bool | None = None
    #: The bill of the month it names adds up; None: no such bill is known.
    reconciles: bool | None = None
    #: Its service is one the settings call known, and its rule finds nothing about one.
    known: bool = False
    #: A service list (not the user's record) shows its service cancelled or ended.
    ended_on_list: bool = False
    #: Which list, and the end it gives (:func:`list_ends`); None: not known.
    ended_from: ListEnd | None = None
    #: The day of its line's newest list, from a month after the user's cancellation of
    #: it took effect, still showing it (:meth:`~auditor.rules.facts.Facts.cancel_not_taken`):
    #: the cancellation may not have taken. "" when none does (or its charge stopped since).
    still_listed: str = ""
    #: Its line's newest month over on the audit date (a bill so far tells nothing by what
    #: it lacks); None: none known.
    newest_over: str | None = None


class Resolution(NamedTuple):
    """Why a finding reported before no longer holds (in the active language), and
    whether the money it charged is still to ask back: a charge cancelled, or stopped,
    one its rule says is over (a duplicate no longer billed twice); not a coming change,
    a bill that now adds up, or a charge no longer a finding (known now, say)."""

    text: str
    keeps_claim: bool = False
    #: What follows ``text`` where the resolution is not to be taken at its word: a
    #: cancellation the latest service list belies (:func:`not_taken`). "" otherwise.
    warning: str = ""
    code: ReasonCode = ReasonCode.NO_LONGER_FOUND  # ``text`` as a script matches it
    waiting: str = ""  # cancelled, not yet resolved: the month whose bill should tell


def resolution(
    seen: Seen, records: list[UserRecord], bills: BillFacts, rule_says: Text | str | None = None
) -> Resolution:
    """Why a finding an earlier audit reported no longer holds, as the bills show it.

    The rule's own reason (``Rule.resolution``) unless the bills say otherwise: a coming
    change (``seen.change``) is told by its month's bill (an end still charged, a start
    not charged, say so), a bill's finding by whether that bill now adds up. Else the
    user's cancellation (warned of where a list from after it took effect still shows the
    service: ``bills.still_listed``); else a charge that stopped (``bills.stopped``, the facts' one
    answer); else a service a list now shows cancelled (its money still claimed), or,
    still billed, one no longer a finding; else, a latest bill that cannot tell, no
    longer found."""
    said = rule_says.shown() if isinstance(rule_says, Text) else (rule_says or "")
    month = seen.periods[-1] if seen.periods else ""
    if (made := closing(records_of(records, seen), seen.periods)) is not None:
        return Resolution(settled_text(made), True, code=ReasonCode.SETTLED)
    if seen.change and bills.billed_in_its_month is not None:
        # a discount's price takes money off
        shown, code = _change_shown(
            seen.change, month, bills.billed_in_its_month, said, seen.amount_fen < 0
        )
        return Resolution(shown, code=code)
    if not seen.service:  # a bill's finding: the rule's reason when that bill adds up
        if said and bills.reconciles:
            return Resolution(said, code=ReasonCode.ADDS_UP)
        return Resolution(NO_LONGER_FOUND.shown())
    if said and not seen.change:
        return Resolution(said, keeps_claim=True, code=ReasonCode.RULE_RESOLVED)
    cancelled = [r for r in records_of(records, seen) if r.kind == "cancel"]
    # the one that ended its charge, not one made since about a charge after it (else,
    # none having ended it, the latest)
    made = (ending_cancel(cancelled, seen.periods) or cancelled[-1]) if cancelled else None
    if made is not None and made.closes_line:  # no bill is coming to show it
        record = made.describe()
        said = say(f"你已销户（{record}）", f"you closed the line (your record: {record})")
        return Resolution(said, True, code=ReasonCode.LINE_CLOSED)
    if made is not None and bills.stopped:
        # what resolves a cancelled charge is a bill without it, not the record of asking
        return Resolution(charge_stopped(bills.stopped), True, code=ReasonCode.STOPPED)
    if made is not None and not cancel_failed(made, bills):
        record = made.describe()
        said = say(f"你已退订（{record}）", f"you cancelled it (your record: {record})")
        # no bill of a month over after it yet (a bill so far lacking the charge proves
        # nothing): to wait for one
        after = max(month, month_of(made.on))
        wait = month_add(after, 1) if (bills.newest_over or "") <= after else ""
        # a list from after it took effect still showing the service: said with it
        warning = not_taken() if bills.still_listed else ""
        return Resolution(said, True, warning, ReasonCode.CANCELLED, wait)
    latest = bills.latest_month
    if latest and bills.billed_latest and bills.known:
        return Resolution(
            say(
                f"{latest} 账单仍有此项，但设置里已把它列为已知业务（known_services）",
                f"still on the {latest} bill, but the settings now list it as a known service "
                "(known_services)",
            ),
            code=ReasonCode.KNOWN_SERVICE,
        )
    if bills.stopped:
        return Resolution(charge_stopped(bills.stopped), True, code=ReasonCode.STOPPED)
    if bills.ended_on_list and not bills.known:
        # cancelled (in the app, say) since it was reported, still on the latest bill in
        # its month of cancellation: what it charged is still the money it was about
        return Resolution(_ended_on_list(bills.ended_from), True, code=ReasonCode.ENDED_ON_LIST)
    if latest and bills.billed_latest:
        return Resolution(
            say(
                f"{latest} 账单仍有此项，但已不再是问题（已知业务、见于已订业务或在退订当月）",
                f"still on the {latest} bill, but no longer a finding (a known service, on the "
                "service list, or in its month of cancellation)",
            ),
            code=ReasonCode.NO_LONGER_A_FINDING,
        )
    return Resolution(NO_LONGER_FOUND.shown())


def _ended_on_list(shown: ListEnd | None) -> str:
    """Why a service a list shows ended is resolved, in the active language: the list
    given to this audit; or, where none given shows it, the one an earlier audit stored,
    with its day and the end it gives (trial t16: "the service list shows it" was said in
    a month with no list given)."""
    if shown is None or shown.listed_on is None:
        return say("已订业务显示它已退订或失效", "the service list shows it cancelled or ended")
    day = shown.ended_on
    on, zh_on = (f" on {day}", f"于 {day} ") if day else ("", "")
    return say(
        f"{shown.listed_on} 的检查存入的已订业务显示它已{zh_on}退订或失效（本次给出的已订业务"
        "中没有它）",
        f"the service list an audit of {shown.listed_on} stored shows it cancelled or "
        f"ended{on} (no service list given to this audit shows it)",
    )


#: The reasons that say the user's cancellation (or what became of it) is why money is
#: owed: no ground for a month charged before it took effect (次月生效).
_CANCELLING = (ReasonCode.CANCELLED, ReasonCode.LINE_CLOSED, ReasonCode.NOW_A_FINDING)


def owed_on(
    why: Resolution, ground: Text | None, periods: Sequence[str], records: list[UserRecord]
) -> Resolution:
    """Why a refund due's money (its months ``periods``) is owed: ``why``, its finding's
    resolution, unless that says the user's cancellation (you cancelled it, now charged
    after cancellation) and no month of it came after a cancellation among ``records``
    (its finding's): the month of cancellation is charged in full (次月生效), so the
    cancellation is no ground for it; its rule's ``ground`` is (an unknown service never
    confirmed, no 二次确认). Without a ground, ``why``."""
    if ground is None or why.code not in _CANCELLING:
        return why
    cancelled = [month_of(r.on) for r in records if r.kind == "cancel"]
    if any(month > made for month in periods for made in cancelled):
        return why  # a month charged after a cancellation: that is its ground
    return Resolution(ground.shown(), True, why.warning, ReasonCode.NEVER_CONFIRMED)


def cancel_failed(made: UserRecord, bills: BillFacts) -> bool:
    """Whether a bill after the month of ``made`` (the user's cancellation) still charges
    the service: it did not end it, and is never the reason it is resolved."""
    latest = bills.latest_month
    return bool(latest and latest > month_of(made.on) and bills.billed_latest)


def not_taken() -> str:
    """What a cancellation's reason adds when a list from after it took effect still shows
    the service (:attr:`BillFacts.still_listed`): it may not have taken; check, cancel again."""
    return say(
        "；但最新的已订业务仍显示它在用，退订可能没有生效：请核对已订业务，仍在就再次退订",
        "; but the latest service list still shows it active, so the cancellation may not "
        "have taken: check the list, and cancel it again if it is still there",
    )


def closing(records: list[UserRecord], periods: Sequence[str]) -> UserRecord | None:
    """The first of ``records`` (a finding's) that closes it without a refund (``auditor
    record settle``) in or after the month of its last of ``periods``: what it charged
    until then is closed; a month charged after it is news, not closed. None when none
    does."""
    last = periods[-1] if periods else ""
    settled = [r for r in records if r.kind == "settle" and month_of(r.on) >= last]
    return min(settled, key=lambda r: (r.on, r.id)) if settled else None


def settled_text(made: UserRecord) -> str:
    """A settlement's reason, in the active language: ``closed without a refund: you
    settled it on 2026-11-20 (given: 送流量 10GB, ¥10.00)`` (``已和解，不再要求退款``)."""
    money = f"¥{format_fen(made.amount_fen)}" if made.amount_fen else ""
    given = [part for part in (made.note, money) if part]
    day = made.describe()
    if given:
        return say(
            f"已和解，不再要求退款（你的记录 {day}；所得：{'，'.join(given)}）",
            f"closed without a refund: you settled it (your record: {day}; given: "
            f"{', '.join(given)})",
        )
    return say(
        f"已放弃或已和解，不再要求退款（你的记录 {day}）",
        f"closed without a refund: you gave it up or settled it (your record: {day})",
    )


def claim_left(why: Resolution, unrefunded_fen: int) -> str:
    """What a resolution's reason adds about money it charged that is still to ask back
    (``unrefunded_fen``), when it keeps its claim; else ``""`` (a settlement's, closed)."""
    if not (why.keeps_claim and unrefunded_fen > 0) or why.code is ReasonCode.SETTLED:
        return ""
    money = format_fen(unrefunded_fen)
    return say(
        f"；此前扣取的 {money} 元如未退还，仍可按原步骤要求退还",
        f"; if the {money} yuan charged before was not refunded, you can still ask for "
        "it back by the same steps",
    )


def _change_shown(
    change: str, month: str, billed: bool, rule_says: str, discount: bool = False
) -> tuple[str, ReasonCode]:
    """A coming change's resolution, and its code: whether ``month``'s bill shows it (a
    ``discount``'s: whether it gives it, none of it charged)."""
    if (change == "end") != billed:  # an end no longer charged, a start charged
        shown = say(f"{month} 账单已体现该变化", f"the {month} bill shows the change")
        return rule_says or shown, ReasonCode.CHANGE_SHOWN
    code = ReasonCode.CHANGE_NOT_ENDED if change == "end" else ReasonCode.CHANGE_NOT_STARTED
    if discount and change == "end":
        return say(
            f"{month} 账单仍有此优惠，未如期结束",
            f"the {month} bill still gives this discount: it did not end as announced",
        ), code
    if discount:
        return say(
            f"{month} 账单没有此优惠，未如期开始：请向运营商询问原因",
            f"the {month} bill does not give this discount: it did not start as announced; "
            "ask the carrier why",
        ), code
    if change == "end":
        # said where no finding about it was found: one that was is what the notice
        # became (became.grown_into), told apart, not as resolved
        return say(
            f"{month} 账单仍收取此项，未如期结束：请向运营商询问原因",
            f"the {month} bill still charges it after its end: it did not end as "
            "announced; ask the carrier why",
        ), code
    return say(
        f"{month} 账单并未收取此项，未如期开始",
        f"the {month} bill does not charge it, so it did not start as announced",
    ), code
