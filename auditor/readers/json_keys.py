"""Finding a field in a portal JSON object whatever the portal calls it.

Portals spell the same field differently between provinces and versions (``itemName``,
``billItemName``, ``item_name``; ``fee``, ``amount``, ``charge``). Each field is a
:class:`Role`: the spellings listed in ``auditor/catalog/portal.toml``, matched after
dropping case, ``_``, ``-`` and spaces. A key matches a spelling whole, or ends with it
when the spelling is long enough to be specific, so ``billItemName`` is an ``itemname``
but ``writeOffFee`` (payments) is no ``fee``.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

# A spelling this long is specific enough to match the end of a longer key (itemname
# in billItemName); a shorter one (mobile, amount) must match whole.
_SUFFIX_MIN = 7
_SEPARATORS = re.compile(r"[_\-\s]")


def norm_key(key: object) -> str:
    """``key`` without case, ``_``, ``-`` and spaces: the form spellings are compared in."""
    return _SEPARATORS.sub("", str(key)).casefold()


@dataclass(frozen=True)
class Role:
    """One field and the spellings portals use for it, most usual first."""

    name: str
    spellings: tuple[str, ...]
    #: Words that make a key another field whatever it ends with (contactMobileNumber is
    #: whom to call, not the line).
    avoid: tuple[str, ...] = ()

    def key(self, obj: Any) -> str | None:
        """The key of ``obj`` that plays this role: a whole match before a suffix match,
        each in the order of the spellings; ``None`` when ``obj`` has none."""
        if not isinstance(obj, dict):
            return None
        keys = [(norm_key(k), k) for k in obj]
        keys = [(n, k) for n, k in keys if not any(word in n for word in self.avoid)]
        for spelling in self.spellings:
            for normal, key in keys:
                if normal == spelling:
                    return key
        for spelling in self.spellings:
            if len(spelling) >= _SUFFIX_MIN:
                for normal, key in keys:
                    if normal.endswith(spelling):
                        return key
        return None

    def value(self, obj: Any) -> Any:
        """The value of this field in ``obj`` (``None`` when absent)."""
        key = self.key(obj)
        return obj[key] if key is not None else None

    def filled(self, obj: Any) -> tuple[str | None, Any]:
        """The key and value of this field when ``obj`` has it with a value ('' is none)."""
        key = self.key(obj)
        if key is None or obj[key] in (None, ""):
            return None, None
        return key, obj[key]


@cache
def portal_config() -> dict:
    """The contents of ``auditor/catalog/portal.toml``."""
    text = resources.files("auditor.catalog").joinpath("portal.toml").read_text("utf-8")
    return tomllib.loads(text)


@cache
def role(table: str, name: str) -> Role:
    """The role ``name`` of ``portal.toml``'s table ``table`` (``keys``, ``services``,
    ``shapes.billinfo`` …)."""
    data = portal_config()
    for part in table.split("."):
        data = data[part]
    avoid = tuple(norm_key(s) for s in data.get(f"{name}_avoid", ()))
    return Role(name, tuple(norm_key(s) for s in data[name]), avoid)


def key_role(name: str) -> Role:
    """A role of the ``[keys]`` table: name, amount, parent, line, month, total."""
    return role("keys", name)
