"""What a line was ever charged for a service, and a refund recorded for more than that.

A refund larger than everything the history ever saw charged for its service on its
line (every month it holds) is most likely a slip: 1500 typed for 15.00, fen typed as
yuan. ``auditor record refund`` refuses one (unless told ``--yes``); a row of the Actions
sheet, which can take no flag, is recorded all the same and said at once
(``record --from``); and every audit says it, on the terminal and with the refund in the
report (:attr:`~auditor.pipeline.AuditReport.refunds_over_charged`), until the record is
undone. One figure, :func:`charged_for`, for all of them, worked out from the charges as
the rules match them to services (:class:`~auditor.rules.facts.ChargeFact`): the
audit's facts, or those of the months the history holds (:func:`stored_charges`).

It is not the money beyond the claims a refund was for
(:func:`~auditor.history.claims.beyond_note`): a refund may go beyond what the findings
claim (months no finding disputes) and still be less than was charged. One more than was
ever charged is said so instead (:func:`over_charged_note`), with that money: a slip, or
compensation on top (退一赔一), which ``--yes`` records.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from auditor.crosscheck import set_aside_duplicate_bills
from auditor.history.db import HistoryDB
from auditor.history.records import SEVERAL
from auditor.history.store import load_results
from auditor.lang import say
from auditor.model import UserRecord, check_bills
from auditor.names import service_key
from auditor.rules.facts import ChargeFact, build_facts
from auditor.values import format_fen


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
    key = service_key(refund.service)
    if not key or refund.entry == SEVERAL:
        return None
    own = [charge for charge in charges if charge.line == refund.line]
    named = [charge for charge in own if key in charge.keys]
    if not named:
        return None
    # a fee named after its service goes by the service's name too (its service_key)
    goes_by = {key} | {c.service_key for c in named if c.service_key != c.key}
    entry = refund.entry
    return sum(
        charge.amount_fen
        for charge in own
        if charge.amount_fen > 0
        and goes_by.intersection(charge.keys)
        and (not entry or entry in charge.keys)
    )


def over_charged(records: Iterable[UserRecord], charges: Iterable[ChargeFact]) -> dict[int, int]:
    """Of ``records``, each refund for more than its service was ever charged on its line
    (:func:`charged_for`): what was charged, by the record's id."""
    charges = tuple(charges)
    over = {}
    for record in records:
        if record.kind == "refund" and record.amount_fen:
            charged = charged_for(charges, record)
            if charged is not None and record.amount_fen > charged:
                over[record.id] = charged
    return over


def charged_before(db: HistoryDB, refund: UserRecord, as_of: date) -> int | None:
    """What the history's months charged ``refund``'s line for its service, when the
    refund is more than that (:func:`charged_for` over :func:`stored_charges`); else
    ``None``: what ``auditor record`` checks a refund by when it is recorded."""
    charged = charged_for(stored_charges(db, refund.line, as_of), refund)
    return charged if charged is not None and (refund.amount_fen or 0) > charged else None


def stored_charges(db: HistoryDB, line: str, as_of: date) -> tuple[ChargeFact, ...]:
    """The charges of ``line`` in every month the history holds, one copy of each bill,
    matched to services as an audit dated ``as_of`` matches them."""
    results = [result for result in load_results(db, {line}) if result.readable]
    set_aside_duplicate_bills(results)
    return build_facts(results, check_bills(results), as_of).charges


def more_than_charged(refund: UserRecord, charged_fen: int) -> str:
    """``a refund of ¥1500.00 is more than the ¥15.00 ever charged for 咪咕视频会员 on
    139…``: what is said wherever a refund is more than :func:`charged_for` gives."""
    amount, charged = format_fen(refund.amount_fen or 0), format_fen(charged_fen)
    return say(
        f"退款 ¥{amount} 多于 {refund.line} 的「{refund.service}」历来扣费合计 ¥{charged}",
        f"a refund of ¥{amount} is more than the ¥{charged} ever charged for "
        f"{refund.service} on {refund.line}",
    )


def not_recorded(refund: UserRecord, charged_fen: int) -> str:
    """Why ``auditor record refund`` refuses ``refund`` (:func:`charged_before`), and how
    to record it all the same."""
    said = more_than_charged(refund, charged_fen)
    return say(
        f"{said}；未记录（金额以元计；确实如此，如退的是还没检查过的月份、另加了赔偿，请加 --yes）",
        f"{said}; nothing recorded (the amount is in yuan; if it is right, a month not "
        "audited yet or compensation on top, say, give --yes)",
    )


def a_slip(refund: UserRecord, charged_fen: int) -> str:
    """:func:`more_than_charged`, then what it may be and how to put a slip right: a line
    of an audit's terminal summary, for each refund it finds so."""
    said = more_than_charged(refund, charged_fen)
    return say(
        f"{said}：{_slip_or_more(refund)}",
        f"{said}: {_slip_or_more(refund)}",
    )


def over_charged_note(
    refund: UserRecord, over: Mapping[int, int], beyond: Mapping[int, int]
) -> str:
    """What follows a refund in the report and in ``auditor history`` (``；…`` after its
    text) when it is more than its service was ever charged (``over``:
    :func:`over_charged`'s): that, what of it counts for none (``beyond``: its money
    beyond the claims it was for, :attr:`~auditor.history.claims.Settled.beyond`, said
    here in place of :func:`~auditor.history.claims.beyond_note`), what it may be and how
    to put a slip right; "" when it is not more."""
    charged = over.get(refund.id)
    if charged is None:
        return ""
    money, extra = format_fen(charged), beyond.get(refund.id)
    counted = (
        say(
            f"，其中 ¥{format_fen(extra)} 未计入", f", ¥{format_fen(extra)} of it counting for none"
        )
        if extra
        else ""
    )
    return say(
        f"；多于该业务在这个号码上历来扣费合计 ¥{money}{counted}：{_slip_or_more(refund)}",
        f"; more than the ¥{money} ever charged for this service on this line{counted}: "
        + _slip_or_more(refund),
    )


def _slip_or_more(refund: UserRecord) -> str:
    """A slip, and how to put it right, or compensation on top (退一赔一)?"""
    return say(
        f"是写错了（auditor record undo {refund.id} 后重新记录），还是另加的赔偿？",
        f"a slip (auditor record undo {refund.id}, then record it again), or compensation on top?",
    )
