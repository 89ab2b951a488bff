"""Why a finding reported before no longer holds, as a code a script can match on (the
JSON's ``resolved[].reason_code``, each listed in docs/json.md). Its reason says it in
the report's language, reworded as need be; the code is given where the reason is made
(:func:`~auditor.history.resolution.resolution`, :func:`~auditor.history.follow.follow`),
never told from its words afterwards."""

from __future__ import annotations

from enum import StrEnum


class ReasonCode(StrEnum):
    """Why a finding was resolved (its reason, in words, says more: what your refunds
    gave back, a cancellation a newer service list belies)."""

    CANCELLED = "cancelled"  # your record of cancelling it, no bill able to show it stopped
    LINE_CLOSED = "line_closed"  # your record of closing the line (销户)
    STOPPED = "stopped"  # the charge stopped: the latest bill no longer charges it
    ENDED_ON_LIST = "ended_on_list"  # a service list shows it cancelled or ended
    KNOWN_SERVICE = "known_service"  # still billed, the settings now call it known
    NO_LONGER_A_FINDING = "no_longer_a_finding"  # still billed, no longer a finding
    RULE_RESOLVED = "rule_resolved"  # what its rule says ends it (a duplicate stopped)
    ADDS_UP = "adds_up"  # a bill's own finding: the bill now adds up
    CHANGE_SHOWN = "change_shown"  # a notice's change: its month's bill shows it
    CHANGE_NOT_ENDED = "change_not_ended"  # an end announced: still charged or given
    CHANGE_NOT_STARTED = "change_not_started"  # a start announced: not charged or given
    ITEMISED = "itemised"  # an amount billed by category: a bill now lists its items
    NOW_A_FINDING = "now_a_finding"  # a notice grown into a finding (now_findings[])
    #: a refund due's money, charged before the user's cancellation took effect, owed
    #: as never confirmed (no 二次确认): never a resolved finding's reason
    NEVER_CONFIRMED = "never_confirmed"
    #: its money given back in full by a credit of a later bill (调账, 退费: its reason
    #: names the bill and the credit), a refund the user need not record
    REFUNDED_ON_BILL = "refunded_on_bill"
    #: you closed it without a refund (``auditor record settle``: given up, or settled
    #: otherwise, 话费补偿, 送流量): its money is no longer asked back
    SETTLED = "settled"
    NO_LONGER_FOUND = "no_longer_found"  # nothing more specific: no longer found
