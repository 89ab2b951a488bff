"""What a line was ever charged for a service, and refunds recorded for more than that.

A refund larger than everything the history ever saw charged for its service on its
line (every month it holds) is most likely a slip: 1500 typed for 15.00, fen typed as
yuan. ``auditor record refund`` refuses one (unless told ``--yes``). Refunds that are
each less but together more (24.00 back in two refunds, then 24.00 again: recorded
twice, or compensation on top) are judged together, in the order recorded: the one that
passes what was charged is said, with what was refunded before it. ``auditor record
refund`` records it and says so at once (:func:`recorded_over`); a row of the Actions
sheet, which can take no flag, is recorded all the same and said at once (``record
--from``); and every audit says it, on the terminal and with the refund in the report
(:attr:`~auditor.audit_report.AuditReport.refunds_over_charged`), until the record is
undone. One figure, :func:`over_charged` (:class:`Over`: what was charged, what was
refunded before), for all of them, worked out from the charges as the rules match them
to services (:class:`~auditor.rules.facts.ChargeFact`): the audit's facts, or those of
the months the history holds (:func:`stored_charges`). An audit counts the credits later
bills gave back (:mod:`~auditor.history.bill_refunds`) as refunded before every record:
a refund recorded on top of one, more than was charged, is said.

It is not the money beyond the claims a refund was for
(:func:`~auditor.history.claims.beyond_note`): a refund may go beyond what the findings
claim (months no finding disputes) and still be less than was charged. One more than was
ever charged is said so instead (:func:`over_charged_note`), with that money: a slip, or
compensation on top (退一赔一), which the user knows and auditor cannot: no record says
it, and it is asked, never assumed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import NamedTuple

from auditor.bill_check import check_bills
from auditor.crosscheck import set_aside_duplicate_bills
from auditor.history.db import HistoryDB
from auditor.history.records import SEVERAL, list_records
from auditor.history.store import load_results
from auditor.lang import say
from auditor.model import UserRecord
from auditor.names import service_key
from auditor.rules.fact_building import build_facts
from auditor.rules.facts import ChargeFact
from auditor.values import format_fen


class Over(NamedTuple):
    """A refund that, with the refunds of its service on its line recorded before it,
    comes to more than all its service was ever charged there (:func:`over_charged`)."""

    #: All the service was ever charged on the line (:func:`charged_for`).
    charged_fen: int
    #: The refunds of that service on that line recorded before it: refunded so far.
    before_fen: int

    def total_fen(self, refund: UserRecord) -> int:
        """What ``refund`` brings the refunds of its service on its line to."""
        return self.before_fen + (refund.amount_fen or 0)


def charged_for(charges: Iterable[ChargeFact], refund: UserRecord) -> int | None:
    """What ``refund``'s line was charged for its service in all of ``charges``' months
    (the charges' money, credits left out); ``None`` when no charge of the line goes by
    that service (nothing to tell by: a service named before any bill, a bill's finding).

    A charge goes by the service when the service's key is among its keys (its item, the
    list entries it matched, the service a fee is named after:
    :attr:`~auditor.rules.facts.ChargeFact.keys`), and, for a fee named after the
    service in other months (咪咕视频会员费, October's word for 咪咕视频会员), the months
    billed by the service's own name too. A refund named by the finding of one of two
    services billed under one name (信息费, 手机报 beside 游戏点播) is that finding's list
    entry's alone (:attr:`UserRecord.entry`); one typed by the name they share
    (:data:`~auditor.history.records.SEVERAL`) is neither's, and not checked."""
    charges = tuple(charges)
    counted = _counted(charges, refund)
    return None if counted is None else sum(charges[at].amount_fen for at in counted)


def _counted(charges: tuple[ChargeFact, ...], refund: UserRecord) -> frozenset[int] | None:
    """The places in ``charges`` of those :func:`charged_for` sums for ``refund``."""
    key = service_key(refund.service)
    if not key or refund.entry == SEVERAL:
        return None
    own = [(at, charge) for at, charge in enumerate(charges) if charge.line == refund.line]
    named = [charge for _, charge in own if key in charge.keys]
    if not named:
        return None
    # a fee named after its service goes by the service's name too (its service_key)
    goes_by = {key} | {c.service_key for c in named if c.service_key != c.key}
    entry = refund.entry
    return frozenset(
        at
        for at, charge in own
        if charge.amount_fen > 0
        and goes_by.intersection(charge.keys)
        and (not entry or entry in charge.keys)
    )


def over_charged(records: Iterable[UserRecord], charges: Iterable[ChargeFact]) -> dict[int, Over]:
    """Of ``records``, each refund that, with the refunds of its service on its line
    recorded before it (in the order recorded: the one that passed it is the one said,
    as ``auditor record`` said it), comes to more than its service was ever charged there
    (:func:`charged_for`), by the record's id: the one figure of "refunded so far" that
    ``auditor record``, the report and ``auditor history`` say. Two refunds are of one
    service when they go by a charge in common (咪咕视频会员 and 咪咕视频会员费 alike)."""
    charges = tuple(charges)
    over: dict[int, Over] = {}
    earlier: list[tuple[frozenset[int], int]] = []  # each refund's charges and money
    for record in sorted(records, key=lambda r: r.id):
        if record.kind != "refund" or not record.amount_fen:
            continue
        counted = _counted(charges, record)
        if counted is None:
            continue
        charged = sum(charges[at].amount_fen for at in counted)
        before = sum(money for theirs, money in earlier if theirs & counted)
        earlier.append((counted, record.amount_fen))
        if before + record.amount_fen > charged:
            over[record.id] = Over(charged, before)
    return over


def judged(db: HistoryDB, refund: UserRecord, as_of: date) -> Over | None:
    """``refund``, just recorded, judged with every refund of its line recorded before it
    (:func:`over_charged` over :func:`stored_charges`, the months the history holds):
    what ``auditor record`` checks a refund by when it is recorded; ``None`` when the
    refunds of its service come to no more than it was charged."""
    records = list_records(db, {refund.line})
    return over_charged(records, stored_charges(db, refund.line, as_of)).get(refund.id)


def stored_charges(db: HistoryDB, line: str, as_of: date) -> tuple[ChargeFact, ...]:
    """The charges of ``line`` in every month the history holds, one copy of each bill,
    matched to services as an audit dated ``as_of`` matches them."""
    results = [result for result in load_results(db, {line}) if result.readable]
    set_aside_duplicate_bills(results)
    return build_facts(results, check_bills(results), as_of).charges


def more_than_charged(refund: UserRecord, over: Over) -> str:
    """``a refund of ¥1500.00 is more than the ¥15.00 ever charged for 咪咕视频会员 on
    139…`` (with the refunds recorded before it, when there are: ``a refund of ¥24.00,
    with the ¥24.00 refunded before it ¥48.00 in all, is more than …``): what is said
    wherever a refund is found so by :func:`over_charged`."""
    amount, charged = format_fen(refund.amount_fen or 0), format_fen(over.charged_fen)
    if not over.before_fen:
        return say(
            f"退款 ¥{amount} 多于 {refund.line} 的「{refund.service}」历来扣费合计 ¥{charged}",
            f"a refund of ¥{amount} is more than the ¥{charged} ever charged for "
            f"{refund.service} on {refund.line}",
        )
    before, total = format_fen(over.before_fen), format_fen(over.total_fen(refund))
    return say(
        f"退款 ¥{amount} 连同此前已记的退款 ¥{before}，合计 ¥{total}，多于 {refund.line} 的"
        f"「{refund.service}」历来扣费合计 ¥{charged}",
        f"a refund of ¥{amount}, with the ¥{before} refunded before it ¥{total} in all, is "
        f"more than the ¥{charged} ever charged for {refund.service} on {refund.line}",
    )


def not_recorded(refund: UserRecord, over: Over) -> str:
    """Why ``auditor record refund`` refuses ``refund``, alone more than its service was
    ever charged (:func:`judged`), and how to record it all the same."""
    said = more_than_charged(refund, over)
    return say(
        f"{said}；未记录（金额以元计；确实如此，如退的是还没检查过的月份、另加了赔偿，请加 --yes）",
        f"{said}; nothing recorded (the amount is in yuan; if it is right, a month not "
        "audited yet or compensation on top, say, give --yes)",
    )


def recorded_over(refund: UserRecord, over: Over, twice: str = "") -> str:
    """What ``auditor record refund`` says once it has recorded ``refund``, which with
    the refunds before it comes to more than was ever charged (:func:`judged`): that,
    ``twice`` (it looks like a duplicate of an earlier record, or ""), and what to do."""
    said, n = more_than_charged(refund, over), refund.id
    return say(
        f"{said}{twice}；已记为 #{n}（是另加的赔偿就无需再做什么；记重了或写错了：auditor "
        f"record undo {n}）",
        f"{said}{twice}; recorded as #{n} (compensation on top, say: nothing more to do; "
        f"recorded twice or a slip: auditor record undo {n})",
    )


def a_slip(refund: UserRecord, over: Over) -> str:
    """:func:`more_than_charged`, then what it may be and how to put a slip right: a line
    of an audit's terminal summary, for each refund it finds so."""
    said = more_than_charged(refund, over)
    return say(
        f"{said}：{_slip_or_more(refund, over)}",
        f"{said}: {_slip_or_more(refund, over)}",
    )


def over_charged_note(
    refund: UserRecord, over: Mapping[int, Over], beyond: Mapping[int, int]
) -> str:
    """What follows a refund in the report and in ``auditor history`` (``；…`` after its
    text) when, with the refunds before it, it is more than its service was ever charged
    (``over``: :func:`over_charged`'s): that, what of it counts for none (``beyond``: its
    money beyond the claims it was for, :attr:`~auditor.history.claims.Settled.beyond`,
    said here in place of :func:`~auditor.history.claims.beyond_note`), what it may be
    and how to put a slip right; "" when it is not more."""
    found = over.get(refund.id)
    if found is None:
        return ""
    money, extra = format_fen(found.charged_fen), beyond.get(refund.id)
    counted = (
        say(
            f"，其中 ¥{format_fen(extra)} 未计入", f", ¥{format_fen(extra)} of it counting for none"
        )
        if extra
        else ""
    )
    what = _slip_or_more(refund, found)
    if found.before_fen:
        before, total = format_fen(found.before_fen), format_fen(found.total_fen(refund))
        return say(  # short: it follows each refund in a cell of every record of its finding
            f"；连同此前已记的 ¥{before} 共 ¥{total}，多于历来扣费 ¥{money}{counted}：{what}",
            f"; with the ¥{before} refunded before it, ¥{total} in all, more than the "
            f"¥{money} ever charged{counted}: {what}",
        )
    return say(
        f"；多于该业务在这个号码上历来扣费合计 ¥{money}{counted}：{what}",
        f"; more than the ¥{money} ever charged for this service on this line{counted}: {what}",
    )


def _slip_or_more(refund: UserRecord, over: Over) -> str:
    """A slip, and how to put it right (recorded twice, where refunds came before it),
    or compensation on top (退一赔一)?"""
    if over.before_fen:
        return say(
            f"另加的赔偿，还是记重了或写错了（auditor record undo {refund.id}）？",
            f"compensation on top, or recorded twice or a slip (auditor record undo {refund.id})?",
        )
    return say(
        f"是写错了（auditor record undo {refund.id} 后重新记录），还是另加的赔偿？",
        f"a slip (auditor record undo {refund.id}, then record it again), or compensation on top?",
    )
