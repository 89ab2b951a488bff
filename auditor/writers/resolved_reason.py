"""Why a finding of an earlier audit is resolved, as the Follow-up sheet and the JSON's
``resolved[]`` say it: the stored reason, what came back of its money (the user's recorded
refunds, later bills' credits), and that the same service is still open under another
rule where it is (the terminal says that part after the service)."""

from __future__ import annotations

from collections.abc import Sequence

from auditor.history.bill_refunds import OnBill, given_back_with
from auditor.history.findings import Resolved
from auditor.history.reasons import ReasonCode
from auditor.lang import say
from auditor.values import format_fen
from auditor.writers.labels import rule_label


def resolved_reason(item: Resolved, refunded_fen: int, on_bills: Sequence[OnBill] = ()) -> str:
    """Why a finding of an earlier audit is resolved, with what came back of its money
    (``refunded_fen``, the refunds recorded, later bills' credits, ``on_bills``, named),
    which the stored reason (the charge stopped) does not tell; and, where a finding of
    this audit is still open about its line and service (:attr:`Resolved.still_open`),
    that it is, so that the service is not taken for done."""
    return _refunded_reason(item, refunded_fen, on_bills) + still_open_note(item)


def still_open_note(item: Resolved) -> str:
    """What a resolved finding adds, in the active language, when a finding of this audit
    is still open about its line and service: ``；同一业务仍有未解决的「试用转付费」``, else
    ``""``. The terminal says it after the service, the Follow-up sheet and the JSON after
    the reason."""
    if not item.still_open:
        return ""
    name = rule_label(item.still_open_rule)
    return say(
        f"；同一业务仍有未解决的「{name}」，见它的下一步",
        f"; the same service is still open as {name}: see its next step",
    )


def _refunded_reason(item: Resolved, refunded_fen: int, on_bills: Sequence[OnBill]) -> str:
    """The stored reason, with what came back of its money (``refunded_fen``; the later
    bills' credits among it, ``on_bills``, named)."""
    if not refunded_fen or item.reason_code == ReasonCode.REFUNDED_ON_BILL:
        return item.reason  # (one refunded on a bill: its reason names the credit)
    money = format_fen(refunded_fen)
    if on_bills:
        return item.reason + given_back_with(refunded_fen, on_bills)
    if refunded_fen >= item.amount_fen:
        return item.reason + say(
            f"；{money} 元已全部退还（你的记录）",
            f"; its {money} yuan was refunded in full (your records)",
        )
    return item.reason + say(
        f"；另已退还 {money} 元（你的记录）", f"; besides, {money} yuan was refunded (your records)"
    )
