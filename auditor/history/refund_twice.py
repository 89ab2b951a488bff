"""A refund judged as it is recorded: the same refund recorded twice, or refunds that
together come to more than their service was ever charged.

The same money back on the same day for the same service on the same line is most
likely one refund recorded twice (typed on the command line, then again). ``auditor
record refund`` refuses one unless ``--yes`` (refunded twice indeed), as it refuses a
refund alone more than was ever charged (:func:`~auditor.history.charged.not_recorded`);
``auditor record --from``, whose sheet takes no flag, does not record one and says so.
Refunds more than charged together are recorded and said
(:func:`~auditor.history.charged.recorded_over`): what was refunded before is the one
figure :func:`~auditor.history.charged.over_charged` gives, the report's too.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from auditor.history.charged import Over, judged, more_than_charged, not_recorded, recorded_over
from auditor.history.db import HistoryDB
from auditor.history.records import list_records
from auditor.lang import say
from auditor.model import UserRecord
from auditor.names import service_key
from auditor.values import format_fen


def duplicate_of(records: list[UserRecord], refund: UserRecord) -> UserRecord | None:
    """The refund of ``records`` that ``refund`` looks like a second record of: another
    one on its line, of its day and its amount, named by its finding or by its service
    (the same list entry, where its finding gathered by one: 信息费's 手机报, not 游戏点播);
    two naming two findings are never one."""
    return next(
        (
            r
            for r in records
            if r.kind == "refund"
            and r.id != refund.id
            and (r.line, r.on, r.amount_fen) == (refund.line, refund.on, refund.amount_fen)
            and (
                (r.finding and r.finding == refund.finding)
                or (
                    # two findings of one service (charged before its cancellation, then
                    # after it) are each refunded: named apart, they are two refunds
                    not (r.finding and refund.finding)
                    and service_key(r.service) == service_key(refund.service)
                    and not (r.entry and refund.entry and r.entry != refund.entry)
                )
            )
        ),
        None,
    )


def looks_twice(twin: UserRecord) -> str:
    """``；与第 11 号记录同一天、同一金额，像是重复记录``: what follows a refund's words
    when it looks like a second record of ``twin``."""
    return say(
        f"；与第 {twin.id} 号记录同一天、同一金额，像是重复记录",
        f"; it looks like a duplicate of record #{twin.id} (same day, same amount)",
    )


def _the_refund(refund: UserRecord) -> str:
    """``2026-11-25 189…「掌上悦读手机报」退款 ¥24.00``."""
    money = format_fen(refund.amount_fen or 0)
    return say(
        f"{refund.on} {refund.line}「{refund.service}」退款 ¥{money}",
        f"the refund of ¥{money} for {refund.service} on {refund.line} on {refund.on}",
    )


def twice_refused(refund: UserRecord, twin: UserRecord) -> str:
    """Why ``auditor record refund`` refuses ``refund``, a second record of ``twin``, and
    how to record it all the same."""
    return say(
        f"{_the_refund(refund)}，与第 {twin.id} 号记录同一天、同一金额，像是重复记录；未记录"
        "（确实退了两次，请加 --yes）",
        f"{_the_refund(refund)} looks like a duplicate of record #{twin.id} (same day, same "
        "amount); nothing recorded (refunded twice indeed? give --yes)",
    )


def twice_typed(refund: UserRecord, twin: UserRecord) -> str:
    """Why a refund typed in the Actions sheet (``refund``, not recorded: its id is 0)
    is not recorded, a second record of ``twin``, and how to record it all the same."""
    return say(
        f"{_the_refund(refund)}，与第 {twin.id} 号记录同一天、同一金额，像是重复记录；未记录"
        "（确实退了两次：用 auditor record refund … --yes 记录）",
        f"{_the_refund(refund)} looks like a duplicate of record #{twin.id} (same day, same "
        "amount); not recorded (refunded twice indeed? record it with auditor record refund "
        "… --yes)",
    )


def kept_over(refund: UserRecord, over: Over) -> str:
    """What is said of a typed refund recorded though, alone or with the refunds before
    it, it is more than its service was ever charged: that, and how to undo it."""
    said = more_than_charged(refund, over)
    return say(
        f"{said}；已照样记为 #{refund.id}（如另加了赔偿，无需再做什么；如果写错了：auditor record "
        f"undo {refund.id}，改正后再运行一次）",
        f"{said}; recorded all the same as #{refund.id} (compensation on top, say; if "
        f"mistyped: auditor record undo {refund.id}, correct it and run this again)",
    )


class Judged(NamedTuple):
    """What ``auditor record refund`` says of a refund it has just recorded."""

    #: One line to say ("" when nothing is): why it is refused, or what it comes to.
    said: str
    #: Refused: the record is to be undone with the transaction (no ``--yes``).
    refused: bool


def judge_refund(db: HistoryDB, refund: UserRecord, yes: bool, as_of: date) -> Judged:
    """``refund``, just recorded with ``auditor record refund``, judged with every refund
    of its line recorded before it: refused without ``yes`` when it looks like a second
    record of one (:func:`duplicate_of`) or is alone more than its service was ever
    charged on its line; else said when, with those before it, it comes to more than
    that (:func:`~auditor.history.charged.judged`), a duplicate recorded with ``yes``
    named there too."""
    twin = duplicate_of(list_records(db, {refund.line}), refund)
    if twin is not None and not yes:
        return Judged(twice_refused(refund, twin), True)
    over = judged(db, refund, as_of)
    if over is None:
        return Judged("", False)
    if not yes and (refund.amount_fen or 0) > over.charged_fen:
        return Judged(not_recorded(refund, over), True)
    return Judged(recorded_over(refund, over, looks_twice(twin) if twin else ""), False)


def typed_twice(
    records: list[UserRecord],
    subject: tuple[str, str, tuple[str, ...]],
    entries: frozenset[str],
    on: date,
    amount_fen: int | None,
) -> str:
    """Why a refund typed in the Actions sheet is not recorded (:func:`twice_typed`), ""
    when it is none of ``records``' again (:func:`duplicate_of`): ``subject`` is what the
    row is about on one line (line, service, finding ids), ``entries`` the list entries
    its findings gathered by, ``on`` and ``amount_fen`` what was typed for that line."""
    line, service, ids = subject
    finding = ids[0] if len(ids) == 1 else ""
    entry = min(entries) if len(entries) == 1 else ""
    refund = UserRecord(0, "refund", line, service, finding, on, amount_fen=amount_fen, entry=entry)
    twin = duplicate_of(records, refund)
    return "" if twin is None else twice_typed(refund, twin)
