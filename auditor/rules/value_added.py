"""Whether a charge or a service-list entry is value-added or third-party (audit spec,
"Value-added or third-party").

A category or type that names it decides; a definite other category (a plan, voice,
data...) is not overridden by a word of its name; otherwise a word of
:data:`~auditor.matching.VAS_KEYWORDS` in its name, or a provider that is not a carrier,
makes it one.

Third-party (collected for a content provider: 代收费, SP) is what the bill's section or
the list's type says first. One that files it as the carrier's own value-added business
(增值业务费, 增值业务) is not made third-party by a provider named beside it: carriers
bill their subsidiaries' services so (咪咕音乐有限公司 for China Mobile's 咪咕 memberships),
and a provider column given one month and not the next must not make one service
third-party one month and the carrier's own the next. A word of its item or name that
says third-party (信息费, 代收, SP) still does.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple, Protocol

from auditor.catalog import detect_carrier
from auditor.categories import CATEGORIES, OTHER, THIRD_PARTY, VAS, category_of
from auditor.names import fold_text
from auditor.words import THIRD_PARTY_KEYWORDS, VAS_KEYWORDS

#: ``sp`` (a service provider) counts as a word only: not inside "display".
_SP_WORD = re.compile(r"(?<![a-z])sp(?![a-z])")

# Categories that name what a charge is outright; a keyword in its item name does not
# override them (a 视频 plan is a plan, a 视频通话费 is voice).
_DEFINITE = frozenset(CATEGORIES) - {VAS, THIRD_PARTY, OTHER}


def _any_word_or_sp(words: tuple[str, ...]) -> re.Pattern:
    """A pattern found in a text exactly when one of ``words`` or the word ``sp`` is in
    it: one search in C, not a Python test per word (asked of each of a bill's items)."""
    return re.compile("|".join([*(re.escape(word) for word in words), _SP_WORD.pattern]))


_VAS_WORDS = _any_word_or_sp(VAS_KEYWORDS)
_THIRD_PARTY_WORDS = _any_word_or_sp(THIRD_PARTY_KEYWORDS)


def _says_vas(*texts: str) -> bool:
    return _VAS_WORDS.search(fold_text(*texts)) is not None


def _says_third_party(*texts: str) -> bool:
    return _THIRD_PARTY_WORDS.search(fold_text(*texts)) is not None


def is_outside_provider(provider: str) -> bool:
    """True when a provider is named and it is not a carrier (a content provider, an SP)."""
    text = str(provider or "").strip()
    return bool(text) and detect_carrier(text) is None


def is_vas_charge(
    category: str,
    item: str = "",
    section: str = "",
    provider: str = "",
    *,
    item_text: str | None = None,
) -> bool:
    """True when a charge is value-added or third-party.

    Category ``vas`` or ``third-party`` decides at once; a charge the bill files under a
    definite other category (plan, voice, data, sms, discount) is not turned into one by
    a keyword of its name (冰激凌套餐, a 视频 plan). Otherwise the item, section or
    provider decides: a keyword of :data:`~auditor.matching.VAS_KEYWORDS`, or a provider
    that is not a carrier. ``item_text``: the item as :func:`~auditor.names.fold_text`
    folds it, when the caller has it (a long bill's items are folded all at once:
    :func:`auditor.names.fold_all`).
    """
    if category in (VAS, THIRD_PARTY):
        return True
    if category in _DEFINITE:
        return False
    if item_text is None:
        return _says_vas(item, section) or is_outside_provider(provider)
    text = f"{item_text} {fold_text(section)}"  # fold_text(item, section), the item folded
    return _VAS_WORDS.search(text) is not None or is_outside_provider(provider)


def is_third_party_charge(
    category: str,
    item: str = "",
    provider: str = "",
    section: str = "",
    *,
    item_text: str | None = None,
) -> bool:
    """True when a charge is collected for someone else (代收费, SP, an outside provider).
    ``item_text``: as :func:`is_vas_charge` takes it. A charge its bill files under the
    carrier's own value-added section (``section``: 增值业务费) is not made one by its
    provider alone (see the module's docstring)."""
    if says_third_party_charge(category, item, item_text=item_text):
        return True
    return not is_own_vas_charge(category, section) and is_outside_provider(provider)


def says_third_party_charge(category: str, item: str = "", *, item_text: str | None = None) -> bool:
    """True when a charge's category or item itself says third-party (代收费, 信息费, SP),
    whatever its provider."""
    if category == THIRD_PARTY:
        return True
    if item_text is None:
        return _says_third_party(item)
    return _THIRD_PARTY_WORDS.search(item_text) is not None


def is_own_vas_charge(category: str, section: str) -> bool:
    """True when the bill files a charge under the carrier's own value-added section
    (增值业务费)."""
    return category == VAS and category_of(section) == VAS


def service_category(type_: str, name: str) -> str | None:
    """The category a service's type says, else its name says, or ``None``."""
    return category_of(type_) or category_of(name)


def is_vas_service(type_: str, name: str, provider: str = "") -> bool:
    """True when a service-list entry is value-added or third-party.

    Its type (增值业务, 代收费业务) decides first, then its name; a service whose type or
    name makes it a plan, voice, data, sms or discount entry is not one by keyword alone.
    """
    category = service_category(type_, name)
    if category in (VAS, THIRD_PARTY):
        return True
    if category in _DEFINITE:
        return False
    return _says_vas(type_, name) or is_outside_provider(provider)


def is_third_party_service(type_: str, name: str, provider: str = "") -> bool:
    """True when a service is billed for a content provider (代收费 / SP). One whose type
    names it the carrier's own value-added business (增值业务) is not made one by its
    provider alone (see the module's docstring)."""
    if says_third_party_service(type_, name):
        return True
    return not is_own_vas_service(type_) and is_outside_provider(provider)


def says_third_party_service(type_: str, name: str) -> bool:
    """True when a service's type or name itself says third-party (代收费业务, 信息费,
    SP), whatever its provider."""
    return service_category(type_, name) == THIRD_PARTY or _says_third_party(type_, name)


def is_own_vas_service(type_: str) -> bool:
    """True when a service-list entry's type names it the carrier's own value-added
    business (增值业务)."""
    return category_of(type_) == VAS


class Told(Protocol):
    """What a charge or a list entry says of being third-party (its facts')."""

    third_party: bool  # collected for someone else (see is_third_party_charge)
    says_third_party: bool  # its category, type or name says so itself
    own_vas: bool  # filed as the carrier's own value-added business


def called_third_party(records: Iterable[Told]) -> bool:
    """Whether one service, as its charges and list entries (``records``) show it, is
    called third-party: one of them says so itself (a third-party section or type, a
    word of its name), or names a provider that is not a carrier while none files it as
    the carrier's own value-added business (see the module's docstring). One answer for
    every month: a list naming its provider one month and not the next does not turn it
    third-party and back."""
    records = list(records)
    if any(r.says_third_party for r in records):
        return True
    return any(r.third_party for r in records) and not any(r.own_vas for r in records)


class Kind(NamedTuple):
    """What a charge or a list entry says it is, as its facts hold it (:class:`Told`)."""

    value_added: bool  # value-added or third-party
    third_party: bool  # collected for someone else
    says_third_party: bool  # its category, type or name says so itself
    own_vas: bool  # filed as the carrier's own value-added business


def charge_kind(
    category: str, item: str, section: str, provider: str, *, item_text: str | None = None
) -> Kind:
    """What a charge says it is (``item_text``: as :func:`is_vas_charge` takes it)."""
    return Kind(
        is_vas_charge(category, item, section, provider, item_text=item_text),
        is_third_party_charge(category, item, provider, section, item_text=item_text),
        says_third_party_charge(category, item, item_text=item_text),
        is_own_vas_charge(category, section),
    )


def service_kind(type_: str, name: str, provider: str) -> Kind:
    """What a service-list entry says it is."""
    return Kind(
        is_vas_service(type_, name, provider),
        is_third_party_service(type_, name, provider),
        says_third_party_service(type_, name),
        is_own_vas_service(type_),
    )
