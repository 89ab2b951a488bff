"""The charge categories of the input spec and how a section or item name maps to one."""

from __future__ import annotations

import unicodedata

from auditor.names import fold_traditional

PLAN, VOICE, DATA, SMS = "plan", "voice", "data", "sms"
VAS, THIRD_PARTY, DISCOUNT, OTHER = "vas", "third-party", "discount", "other"

CATEGORIES = (PLAN, VOICE, DATA, SMS, VAS, THIRD_PARTY, DISCOUNT, OTHER)

#: Chinese labels for the report.
CATEGORY_LABELS = {
    PLAN: "套餐及固定费",
    VOICE: "语音通信费",
    DATA: "上网费",
    SMS: "短彩信费",
    VAS: "增值业务费",
    THIRD_PARTY: "代收费",
    DISCOUNT: "优惠及减免",
    OTHER: "其他费用",
}

# Checked in order, first hit wins: the more specific words come first, so that
# 代收费业务费 is third-party and not caught by the 业务费 of a generic word.
_KEYWORDS: list[tuple[str, tuple[str, ...]]] = [
    (THIRD_PARTY, ("代收", "信息费", "sp费", "sp业务", "第三方")),
    (DISCOUNT, ("优惠", "减免", "抵扣", "折扣", "赠送", "返还", "代付", "discount")),
    (VAS, ("增值业务", "功能费", "来电显示", "彩铃", "炫铃", "手机报", "会员", "vas")),
    (SMS, ("短彩信", "短信", "彩信", "sms")),
    (DATA, ("上网", "流量", "gprs", "数据", "data")),
    (VOICE, ("语音", "通话", "通信费", "长途", "漫游", "voice")),
    (
        PLAN,
        ("套餐", "固定费", "月租", "包月使用费", "月基本费", "基本费", "保底", "plan", "合约"),
    ),
    (OTHER, ("其他", "停机保号", "other")),
]

_EXACT = {"sp": THIRD_PARTY, "月租": PLAN}

# A section named for charges beyond the plan (套餐及叠加包超出费用, China Telecom) says
# nothing about what the charge is for, though its 套餐 reads as plan: a name with one of
# these words gives no category when a later name (the item) follows it.
_DEFERRING = ("超出",)


def category_of(*names: object) -> str | None:
    """The category of the first of ``names`` (section, category column, item) that says one.

    Returns ``None`` when none of the names is recognised; callers then fall back to
    :data:`OTHER`. A name that is already a category id (``vas``) is taken as it is. A
    name with a word of :data:`_DEFERRING` (超出) is passed over when a later name is given.
    An item (the last name) that says third-party is third-party whatever comes before.
    """
    texts = [_normal(n) for n in names]
    texts = [t for t in texts if t]
    # An item billed for a content provider (SP短信信息费) is third-party whatever section
    # the carrier files it under (短信彩信费): the medium is not what the money is for.
    if len(texts) > 1 and _category(texts[-1]) == THIRD_PARTY:
        return THIRD_PARTY
    for index, text in enumerate(texts):
        if index + 1 < len(texts) and any(word in text for word in _DEFERRING):
            continue
        found = _category(text)
        if found:
            return found
    return None


def _normal(name: object) -> str:
    """A name as the word lists are written: NFKC, case-folded, no spaces, simplified."""
    text = unicodedata.normalize("NFKC", str(name or "")).casefold().replace(" ", "")
    return fold_traditional(text)


def _category(text: str) -> str | None:
    """The category one normalised name says, or ``None``."""
    if text in CATEGORIES:
        return text
    if text in _EXACT:
        return _EXACT[text]
    for category, words in _KEYWORDS:
        if any(word in text for word in words):
            return category
    return None


def charge_category(amount_fen: int, *names: object) -> str:
    """The category of a charge of ``amount_fen`` named ``names`` (see :func:`category_of`),
    :data:`OTHER` when no name says one. A positive amount is never a discount: a
    营销优惠 package billed 10.00 is a charge, whatever its name."""
    category = category_of(*names) or OTHER
    return OTHER if category == DISCOUNT and amount_fen > 0 else category


def categorise(section: object = None, item: object = None) -> str:
    """Category from the section (or category column) first, then from the item name."""
    return category_of(section, item) or OTHER
