"""A line's recurring fees and discounts month by month, for ``price-change``: each
item's amount per month (:func:`series_of`), what a change between two months is
(:func:`kind_of`: a fee risen, a recurring discount shrunk or gone; :class:`Change`, said
by :func:`change_text`), a fee renamed
across it (:func:`renamed`), and what a bill so far shows of it otherwise than the
months over since the change (:func:`so_far_shown`, :func:`so_far_note`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from auditor.lang import say
from auditor.rules.facts import ChargeFact
from auditor.rules.fees import LineFacts, is_usage, per_file_month, says
from auditor.rules.formatting import yuan
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


@dataclass
class Change:
    """One fee's (or discount's) change between two billed months, perhaps several in a row."""

    kind: str
    previous: str
    since: str
    before: int
    after: int
    last: str  # the last month of the run of changes
    unsure: bool = False  # ``previous`` may be the fee's first month, by the day
    until: str = ""  # a discount's stated end's month, when it is ``since`` or later
    so_far: tuple[str, int] | None = None  # a bill so far's other amount (so_far_shown)


def change_text(change: Change) -> str:
    """What ``change`` was, as a finding's message says it: from what to what since when."""
    before, after = yuan(abs(change.before)), yuan(abs(change.after))
    previous, since = change.previous, change.since
    if change.kind == FEE:
        return say(
            f"{previous} 为 {before} 元，{since} 起为 {after} 元",
            f"{before} yuan in {previous}, {after} yuan since {since}",
        )
    if change.after == 0:
        return say(
            f"{previous} 优惠 {before} 元，{since} 起不再有此优惠",
            f"a discount of {before} yuan in {previous}, and none since {since}",
        )
    return say(
        f"{previous} 优惠 {before} 元，{since} 起只优惠 {after} 元",
        f"a discount of {before} yuan in {previous}, only {after} yuan since {since}",
    )


def renamed(charges: list[ChargeFact], previous: str, month: str) -> bool:
    """True when the fee's name in ``month`` is none it was billed under in ``previous``
    (彩铃, then 彩铃功能费: grouped as one service, :func:`~auditor.rules.fee_names.renamed_fees`).
    A rise across it needs the old name billed alike the month before too: a month alone
    under it (a one-off, a first month by the day) shows no recurring charge at that
    price."""
    then = {c.key for c in charges if c.period == previous}
    return not then & {c.key for c in charges if c.period == month}


def months_until(since: str, until: str) -> int:
    """The months from ``since`` to ``until`` (``YYYY-MM``), both counted, at most a
    year's 12; 12 without ``until`` (nothing says when it ends)."""
    if not until:
        return 12
    gap = (int(until[:4]) - int(since[:4])) * 12 + int(until[5:7]) - int(since[5:7]) + 1
    return max(1, min(12, gap))


def so_far_shown(
    amounts: dict[str, int], later: list[str], going: Callable[[str], bool], after: int
) -> tuple[str, int] | None:
    """The newest month of ``later`` (the months after a change) that is a bill so far
    (``going``) billing the fee or discount at another amount than ``after``, the one the
    change left, with that amount; ``None`` when none does. A bill so far lacking it says
    nothing (it is billed as the month ends); one showing another amount is evidence, not
    proof: it may be billed in part yet, or be put right by the final bill."""
    shown = [(m, amounts[m]) for m in later if going(m) and m in amounts and amounts[m] != after]
    return shown[-1] if shown else None


def so_far_note(month: str, fen: int, kind: str, after: int) -> str:
    """What a finding says of a bill so far (``month``, not over) billing its fee or
    discount at ``fen``, not the ``after`` the months over since the change bill: the
    change holds as they show it, and the final bill of ``month`` will tell."""
    now, then = yuan(abs(fen)), yuan(abs(after))
    if kind == FEE:
        shows = say(f"按 {now} 元收取，不是 {then} 元", f"charges it {now} yuan, not {then}")
    elif after:
        shows = say(f"优惠 {now} 元，不是 {then} 元", f"gives a discount of {now} yuan, not {then}")
    else:  # a discount gone, shown again
        shows = say(f"又有 {now} 元的优惠", f"gives a discount of {now} yuan again")
    return say(
        f"{month} 的账单还没有出完（截至目前的账单）{shows}：只能作参考，不能说明变化已撤销或"
        f"又有变化，以 {month} 出账后的最终账单为准。",
        f" The bill of {month} so far (the month is not over) {shows}: only a hint, no proof "
        f"that the change was undone or changed again; {month}'s final bill will tell.",
    )
