"""A line's recurring fees and discounts month by month, for ``price-change``: each
item's amount per month (:func:`series_of`), what a change between two months is
(:func:`kind_of`: a fee risen, a recurring discount shrunk or gone), and a fee renamed
across it (:func:`renamed`)."""

from __future__ import annotations

from auditor.rules.facts import ChargeFact
from auditor.rules.fees import LineFacts, is_usage, per_file_month, says
from auditor.words import DATA_WORDS, PER_USE_WORDS, REFUND_WORDS, SMS_CATEGORY_WORDS, VOICE_WORDS

FEE, DISCOUNT_KIND = "fee", "discount"
#: A discount named for usage (通话费优惠, 流量费减免) offsets what the line used, and
#: varies with it: no price is in it.
_USAGE_NAMES = (*VOICE_WORDS, *DATA_WORDS, *SMS_CATEGORY_WORDS)


def series_of(gathered: LineFacts) -> tuple[dict[str, dict[str, int]], dict[str, list]]:
    """Each recurring item's amount per month (a fee renamed after its service from one
    bill to the next is the service's item: ``service_key``; duplicates counted once: a
    fee billed twice is ``duplicate-charge``'s, not a rise), and its charges. A month
    where one name is both charged and credited (a refund beside it) says nothing of a
    price: left out."""
    by_key: dict[str, list[ChargeFact]] = {}
    for charge in gathered.charges:
        if charge.category_level or is_usage(charge) or says(charge.item, PER_USE_WORDS):
            continue
        if charge.amount_fen < 0 and (
            says(charge.item, REFUND_WORDS) or says(charge.item, _USAGE_NAMES)
        ):
            continue  # a one-off credit, or a discount that follows usage
        by_key.setdefault(charge.service_key, []).append(charge)
    series: dict[str, dict[str, int]] = {}
    for key, charges in by_key.items():
        amounts: dict[str, int] = {}
        for month, found in per_file_month(charges).items():
            values = {c.amount_fen for c in found}
            if min(values) < 0 <= max(values) and max(values) > 0:
                continue  # charged and credited in one month
            amounts[month] = sum(values)
        series[key] = amounts
    return series, by_key


def kind_of(before: int | None, after: int | None, recurring: bool) -> str | None:
    """``fee`` when a paid fee rose, ``discount`` when a ``recurring`` discount (the same
    the month before, already changing, or shrunk to an amount billed alike the month
    after) shrank or ended, else ``None``."""
    if before is None:
        return None
    if before > 0 and after is not None and after > before:
        return FEE
    # A one-off credit is not a discount that ended: only one billed alike twice is.
    if before < 0 and recurring and (after is None or before < after <= 0):
        return DISCOUNT_KIND
    return None


def renamed(charges: list[ChargeFact], previous: str, month: str) -> bool:
    """True when the fee's name in ``month`` is none it was billed under in ``previous``
    (彩铃, then 彩铃功能费: grouped as one service, :func:`~auditor.rules.fee_names.renamed_fees`).
    A rise across it needs the old name billed alike the month before too: a month alone
    under it (a one-off, a first month by the day) shows no recurring charge at that
    price."""
    then = {c.key for c in charges if c.period == previous}
    return not then & {c.key for c in charges if c.period == month}
