"""What a service's price text says besides its monthly price: a free or cheaper first
period (首月0元 次月起6元/月, 前3个月免费 之后10元/月, 6元/月（首月免费）), a trial.

:func:`~auditor.values.parse_price` reads such a text as the price after the first
period, what the service costs from then on; that the first period was free or cheaper
is a fact of its own, the service's :attr:`~auditor.model.Service.trial`: the audit spec's
``trial-to-paid`` counts a service "priced as a trial", whatever its name says.
"""

from __future__ import annotations

import re
from functools import lru_cache

from auditor.errors import ValueParseError
from auditor.values import is_empty, nfkc, parse_price
from auditor.words import CHEAPER_FIRST_WORDS, PRO_RATA_WORDS, TRIAL_WORDS

# A first period's price and the price after it (首月0元次月起6元/月, 前3个月免费,之后10元/月),
# as values.parse_price splits them.
_FIRST_THEN = re.compile(
    r"^(?P<first>(?:首月|前\d{1,2}个?月).*?)[,;]?(?:次月起|次月|之后|以后|此后)(?P<after>.+)$"
)
# A first period alone, in a note after the price (6元/月（首月免费）, （首月3元）).
_FIRST = re.compile(r"^(?:首月|前\d{1,2}个?月)(?:为|仅|只需|只要)?(?P<price>.+)$")
# The note a price ends with, in brackets (its last one).
_NOTE = re.compile(r"[(\[【](?P<note>[^()\[\]【】]*)[)\]】]$")
# Texts kept: a company's service lists price the same services alike.
_TEXTS_KEPT = 4096


def states_trial(text: object) -> bool:
    """True when a service's price text states a free or cheaper first period:
    ``首月0元 次月起6元/月``, ``首月3元次月起6元/月``, ``前3个月免费,之后10元/月``,
    ``6元/月（首月免费）``, ``10元/月（0元体验）``, ``首月免费``. Not a trial: ``6元/月``,
    ``免费`` (free throughout), a first month as dear as the rest or dearer
    (首月10元次月起6元/月)."""
    return _states_trial(nfkc(text))


@lru_cache(maxsize=_TEXTS_KEPT)
def _states_trial(raw: str) -> bool:
    """:func:`states_trial` of a text in NFKC form."""
    if is_empty(raw):
        return False
    text = raw.replace(" ", "")
    note = _NOTE.search(text)
    if note:
        price = text[: note.start()]
        first = _FIRST.match(note["note"])
        if first:
            return _cheaper(first["price"], price)
        return any(word in note["note"] for word in TRIAL_WORDS)
    split = _FIRST_THEN.match(text)
    if split is None:  # a first period alone (首月免费, 前3个月免费): free, then unsaid
        alone = _FIRST.match(text)
        return alone is not None and _cheaper(alone["price"], "")
    first = _FIRST.match(split["first"])
    return _cheaper(first["price"] if first else split["first"], split["after"])


def _cheaper(first: str, after: str) -> bool:
    """Whether a first period priced ``first`` costs less than the months ``after`` it:
    a price below theirs, or words saying free or cheaper (免费, 半价, 优惠) where no price
    is read."""
    try:
        then = parse_price(after)
    except ValueParseError:
        then = None
    try:
        now = parse_price(first)
    except ValueParseError:
        for word in PRO_RATA_WORDS:  # the days held at the full price: no cheaper word
            first = first.replace(word, "")  # (折 of 折算); 首月半价按天折算 still is one
        return any(word in first for word in CHEAPER_FIRST_WORDS)
    if now is None:
        return False
    return now == 0 if then is None else now < then


# A first period a name or a price text names (首月免费体验, 首月0元, 前3个月免费).
_FIRST_PERIOD = re.compile(r"首月|前\d{1,2}个?月")


def names_first_period(text: object) -> bool:
    """True when a service's name or price text names a first month or months as its
    trial (视频彩铃会员（首月免费体验）, 首月0元 次月起6元/月, 前3个月免费): a trial of whole
    months from its start, so that its first month billed in full is a trial not honoured;
    not one of days (7天免费试用), which may end inside its first month."""
    return bool(_FIRST_PERIOD.search(nfkc(text)))


# A first period's price inside a message's sentence (资费首月0元，次月起6元/月; 前3个月免费).
_FIRST_IN_TEXT = re.compile(
    r"(?:首月|前\d{1,2}个?月)(?:资费)?(?:为|仅|只需|只要)?[:：]?\s*(?P<price>免费|半价|\d+(?:\.\d+)?\s*元)"
)


def sentence_states_trial(text: str, price_fen: int | None) -> bool:
    """True when a message's sentence about a service (an order confirmation's) states a
    first period cheaper than its monthly ``price_fen`` (资费首月0元，次月起6元/月;
    前3个月免费): the trial :func:`states_trial` finds in a price's own text."""
    found = _FIRST_IN_TEXT.search(nfkc(text))
    if found is None:
        return False
    after = "" if price_fen is None else f"{price_fen / 100:.2f}元/月"
    return _cheaper(found["price"].replace(" ", ""), after)
