"""Property tests (hypothesis) for the money claims ask back (:mod:`auditor.history.claims`)
and the refunds due made of them (:mod:`auditor.history.follow`).

A month a bill charged 0.00 (a trial's free month) is a month known, not an unknown one:
whatever the months, their amounts and the refunds recorded, no claim puts money on it,
no refund is set against it, and no refund due asks it back or tells it refunded. A month
no bill charges at all is the unknown one: only then is a finding's amount spread. Each
test is bounded (``max_examples``) so the module runs in a few seconds.
"""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.history.claims import earlier_claim, finding_claim, set_refunds
from auditor.history.findings import Seen
from auditor.history.follow import _refunds_due
from auditor.history.resolution import Resolution
from auditor.model import Finding, UserRecord
from auditor.names import fold_name, service_key
from auditor.rules import find_rule
from auditor.rules.facts import ChargeFact

BOUNDED = settings(max_examples=150, deadline=None)

LINE = "13900001111"
SERVICE = "咪咕视频会员"
MONTHS = ("2026-07", "2026-08", "2026-09", "2026-10", "2026-11")
AS_OF = date(2026, 12, 5)  # every month of MONTHS still open to an appeal

#: Each month of MONTHS: not billed (None), billed free (0), or billed an amount.
billed = st.lists(
    st.one_of(st.none(), st.just(0), st.integers(min_value=1, max_value=5000)),
    min_size=len(MONTHS),
    max_size=len(MONTHS),
).map(lambda amounts: dict(zip(MONTHS, amounts, strict=True)))
some_months = st.lists(st.sampled_from(MONTHS), min_size=1, unique=True).map(sorted)
cancelled_in = st.one_of(st.none(), st.sampled_from(MONTHS))
refunds = st.lists(st.integers(min_value=1, max_value=12000), max_size=3)


def charge(period: str, fen: int) -> ChargeFact:
    """One bill's charge of SERVICE on LINE."""
    key = service_key(SERVICE)
    return ChargeFact(
        LINE, period, "增值业务费", SERVICE, fen, "", "", "china-mobile", "bill.csv", "",
        fold_name(SERVICE), key, key, True, False, False, False, (),
    )  # fmt: skip


def charges_of(months: dict[str, int | None]) -> list[ChargeFact]:
    """The charges of the months billed (0.00 too)."""
    return [charge(period, fen) for period, fen in months.items() if fen is not None]


def seen(periods: list[str], amount_fen: int) -> Seen:
    """An unknown service reported before over ``periods``, no longer found."""
    day = date(2026, 12, 1)
    return Seen("F1", "unknown-vas", LINE, SERVICE, day, day, None, "", tuple(periods), amount_fen)


def refund_records(amounts: list[int]) -> list[UserRecord]:
    """Refunds of SERVICE on LINE, one a day."""
    return [
        UserRecord(i, "refund", LINE, SERVICE, "", date(2026, 12, 1 + i), amount_fen=fen)
        for i, fen in enumerate(amounts, 1)
    ]


@BOUNDED
@given(months=billed, periods=some_months, last=cancelled_in)
def test_a_month_billed_free_claims_nothing(months, periods, last):
    known = {p: months[p] for p in periods if months[p] is not None}
    reported = sum(known.values())
    claim = earlier_claim(seen(periods, reported), charges_of(months), last)
    if len(known) == len(periods):  # every month billed: each claims its own amount
        assert {p: claim.months[p] for p in periods} == known
    else:  # a month no bill charges: not known, the amount spread over them
        assert sum(claim.months[p] for p in periods) == reported
        assert set(periods) <= set(claim.months)
    # a month after them claims its bill's amount, through the cancellation's month only
    for period, fen in claim.months.items():
        if period not in periods:
            assert last is not None and periods[0] <= period <= last
            assert fen == months[period] and fen > 0
        if months[period] == 0 and len(known) == len(periods):
            assert fen == 0


@BOUNDED
@given(months=billed, periods=some_months)
def test_a_findings_claim_adds_up_and_leaves_free_months_at_nothing(months, periods):
    given_fen = {p: fen for p, fen in months.items() if fen is not None}
    amount = sum(given_fen.get(p, 0) for p in periods)
    details = find_rule("unknown-vas").details_type(monthly_amounts_fen=given_fen)
    finding = Finding(
        "unknown-vas", "medium", "china-mobile", LINE, SERVICE, periods, amount, None, "",
        id="F1", details=details,
    )  # fmt: skip
    claim = finding_claim(finding)
    assert claim.amount_fen == amount and set(claim.months) == set(periods)
    if all(p in given_fen for p in periods):
        assert all(claim.months[p] == given_fen[p] for p in periods)


@BOUNDED
@given(months=billed, periods=some_months, last=cancelled_in, amounts=refunds)
def test_refunds_never_go_to_a_free_month_nor_past_what_was_charged(months, periods, last, amounts):
    reported = sum(months[p] or 0 for p in periods)
    claim = earlier_claim(seen(periods, reported), charges_of(months), last)
    [settled], beyond, _ = set_refunds([claim], refund_records(amounts))
    for period, fen in settled.months.items():
        assert 0 <= settled.back[period] <= fen  # a month charged nothing gets nothing back
    assert settled.refunded_fen == min(sum(amounts), settled.amount_fen)
    assert settled.refunded_fen + sum(beyond.values()) == sum(amounts)


@BOUNDED
@given(months=billed, periods=some_months, last=cancelled_in, amounts=refunds)
def test_a_refund_due_never_holds_a_month_billed_free(months, periods, last, amounts):
    known = {p: months[p] for p in periods if months[p] is not None}
    reported = sum(known.values())
    earlier = seen(periods, reported)
    claim = earlier_claim(earlier, charges_of(months), last)
    records = refund_records(amounts)
    [settled], beyond, _ = set_refunds([claim], records)
    owed = [(earlier, settled, Resolution("cancelled", keeps_claim=True), "")]
    due, over, exact, done, _ = _refunds_due(owed, set(), records, AS_OF, ({}, {}), False, beyond)
    free = {p for p, fen in settled.months.items() if fen == 0}
    for entry in [*due, *over, *exact, *done]:
        assert not free & set(entry.periods) and not free & set(entry.back_periods)
        assert entry.unrefunded_fen == sum(settled.left_by_month().values())
    if settled.amount_fen == 0:  # nothing was charged: nothing due, nothing refunded
        assert [*due, *over, *exact, *done] == []
