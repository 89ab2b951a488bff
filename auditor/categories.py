"""The charge categories of the input spec and how a section or item name maps to one."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

from auditor.lang import Text
from auditor.names import fold_all, fold_traditional
from auditor.words import (
    DATA_WORDS,
    DISCOUNT_WORDS,
    OTHER_WORDS,
    OVER_PLAN_WORDS,
    PLAN_FEE_NAMES,
    PLAN_WORDS,
    SMS_CATEGORY_WORDS,
    THIRD_PARTY_ABBREVIATION,
    THIRD_PARTY_KEYWORDS,
    THIRD_PARTY_SP_WORDS,
    VAS_CATEGORY_WORDS,
    VOICE_WORDS,
)

PLAN, VOICE, DATA, SMS = "plan", "voice", "data", "sms"
VAS, THIRD_PARTY, DISCOUNT, OTHER = "vas", "third-party", "discount", "other"

CATEGORIES = (PLAN, VOICE, DATA, SMS, VAS, THIRD_PARTY, DISCOUNT, OTHER)

#: The categories' names in both languages, as the report's tables and messages show them.
CATEGORY_TEXTS = {
    PLAN: Text("套餐及固定费", "Plan and fixed fees"),
    VOICE: Text("语音通信费", "Calls"),
    DATA: Text("上网费", "Data"),
    SMS: Text("短彩信费", "SMS and MMS"),
    VAS: Text("增值业务费", "Value-added services"),
    THIRD_PARTY: Text("代收费", "Third-party charges"),
    DISCOUNT: Text("优惠及减免", "Discounts"),
    OTHER: Text("其他费用", "Other fees"),
}
#: Their Chinese names (what a rule's finding quotes when a charge's section is blank).
CATEGORY_LABELS = {category: text.zh for category, text in CATEGORY_TEXTS.items()}

# Checked in order, first hit wins: the more specific words come first, so that
# 代收费业务费 is third-party and not caught by the 业务费 of a generic word.
_WORDS: list[tuple[str, tuple[str, ...]]] = [
    (THIRD_PARTY, (*THIRD_PARTY_KEYWORDS, *THIRD_PARTY_SP_WORDS)),
    (DISCOUNT, DISCOUNT_WORDS),
    (VAS, VAS_CATEGORY_WORDS),
    (SMS, SMS_CATEGORY_WORDS),
    (DATA, DATA_WORDS),
    (VOICE, VOICE_WORDS),
    (PLAN, PLAN_WORDS),
    (OTHER, OTHER_WORDS),
]


def _any_word(words: tuple[str, ...]) -> re.Pattern:
    """A pattern found in a text exactly when one of ``words`` is in it: one search in C
    instead of a Python test per word (a 200,000-row bill names 200,000 items)."""
    return re.compile("|".join(re.escape(word) for word in words))


_KEYWORDS = [(category, _any_word(words)) for category, words in _WORDS]
_OVER_PLAN = _any_word(OVER_PLAN_WORDS)


# A statement's charges name the same sections and items bill after bill (a company's
# lines, a person's months), and the rules ask each charge's item: the answers are kept.
@lru_cache(maxsize=4096)
def category_of(*names: object) -> str | None:
    """The category of the first of ``names`` (section, category column, item) that says one.

    Returns ``None`` when none of the names is recognised; callers then fall back to
    :data:`OTHER`. A name that is already a category id (``vas``) is taken as it is. A
    name with a word of :data:`~auditor.words.OVER_PLAN_WORDS` (超出) is passed over when a
    later name is given.
    An item (the last name) that says third-party is third-party whatever comes before.
    """
    if len(names) == 1:  # one name (a rule asks it of each charge's item): nothing to weigh
        text = _normal(names[0])
        return _category(text) if text else None
    texts = [_normal(n) for n in names]
    texts = [t for t in texts if t]
    # An item billed for a content provider (SP短信信息费) is third-party whatever section
    # the carrier files it under (短信彩信费): the medium is not what the money is for.
    if len(texts) > 1 and _says_third_party(texts[-1]):
        return THIRD_PARTY
    for index, text in enumerate(texts):
        if index + 1 < len(texts) and _OVER_PLAN.search(text):
            continue
        found = _category(text)
        if found:
            return found
    return None


# Both remembered: a bill names the same few sections on every row (its items, each
# distinct in a long bill, are folded once and searched for third-party words only when
# their section says a category; see category_of).
@lru_cache(maxsize=4096)
def _normal(name: object) -> str:
    """A name as the word lists are written: NFKC, case-folded, no spaces, simplified."""
    text = unicodedata.normalize("NFKC", str(name or "")).casefold().replace(" ", "")
    return fold_traditional(text)


def _says_third_party(text: str) -> bool:
    """``_category(text) == THIRD_PARTY``, with one search (third-party words come first)."""
    if text in CATEGORIES:
        return text == THIRD_PARTY
    return text == THIRD_PARTY_ABBREVIATION or _KEYWORDS[0][1].search(text) is not None


@lru_cache(maxsize=4096)
def _category(text: str) -> str | None:
    """The category one normalised name says, or ``None``."""
    if text in CATEGORIES:
        return text
    if text == THIRD_PARTY_ABBREVIATION:
        return THIRD_PARTY
    for category, words in _KEYWORDS:
        if words.search(text):
            return category
    return PLAN if text in PLAN_FEE_NAMES else None


def charge_category(amount_fen: int, *names: object) -> str:
    """The category of a charge of ``amount_fen`` named ``names`` (see :func:`category_of`),
    :data:`OTHER` when no name says one. A positive amount is never a discount: a
    营销优惠 package billed 10.00 is a charge, whatever its name."""
    category = category_of(*names) or OTHER
    return OTHER if category == DISCOUNT and amount_fen > 0 else category


def categorise(section: object = None, item: object = None) -> str:
    """Category from the section (or category column) first, then from the item name."""
    return category_of(section, item) or OTHER


def categorise_all(pairs: Sequence[tuple[str, str]]) -> list[str]:
    """:func:`categorise` of each ``(section, item)`` of ``pairs``, for many at once (a
    long bill's rows: a few sections, items all distinct): the items folded together,
    the sections' categories remembered, an item searched for third-party words with
    one search, and for the rest only when its section says no category."""
    items = list(dict.fromkeys(item for _, item in pairs))
    folded = dict(zip(items, [f.replace(" ", "") for f in fold_all(items)], strict=True))
    result = []
    for section, item in pairs:
        name, text = _normal(section), folded[item]
        if name and text:  # category_of's two names, the item last
            if _says_third_party(text):
                result.append(THIRD_PARTY)
                continue
            if not _OVER_PLAN.search(name):
                found = _category(name)
                if found:
                    result.append(found)
                    continue
            result.append(_category(text) or OTHER)
        else:
            result.append(_category(name or text) or OTHER)
    return result
