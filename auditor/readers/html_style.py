"""What an element's inline style and class say about how it is shown: hidden, a cell of
its own, a block, and how far it is indented.

Only inline ``style`` attributes and class names are read: e-bill templates put the
indentation of statement items there (``padding-left:24px``, ``billindent1``). Style
sheets are not evaluated, so a row hidden by a class rule (``.hide{display:none}``)
is still read; being visible is the safer mistake (a row too many shows as unread or
set aside, a row too few is money lost without a trace).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Elements whose content is never shown as text on the page.
DROPPED_TAGS = frozenset(
    "script style head title meta link template noscript iframe frame frameset object "
    "embed applet svg math canvas select datalist textarea button map".split()
)

#: Elements that start a new line (as a browser lays them out without a style sheet).
BLOCK_TAGS = frozenset(
    "address article aside blockquote body caption center dd details dialog dir div dl dt "
    "fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html legend "
    "li main menu nav ol p section summary ul".split()
)

# Digits possessive and the decimal part in one piece: "\d+\.?\d*" could split a long run of
# digits between its two repeats in every way (quadratic) before failing.
_LENGTH = re.compile(r"^([+-]?(?:\d++(?:\.\d*+)?|\.\d++))(px|pt|pc|em|rem|ex|ch|mm|cm|in|q)?$")
# How many CSS pixels one unit is (CSS 2.1; em and rem at the browsers' default 16px).
_PX_PER_UNIT = {
    None: 1.0,  # a bare number is pixels in the quirks mode e-mail HTML is shown in
    "px": 1.0,
    "pt": 4 / 3,
    "pc": 16.0,
    "em": 16.0,
    "rem": 16.0,
    "ex": 8.0,
    "ch": 8.0,
    "mm": 96 / 25.4,
    "cm": 96 / 2.54,
    "q": 96 / 101.6,
    "in": 96.0,
}
# A class naming its indentation level: billindent1, indent-2, level2, lvl_3, depth1.
# Only these words count: col-2, span6 or h2 say nothing about indentation.
_LEVEL_CLASS = re.compile(r"^[a-z_-]*?(?:indent|level|lvl|depth)[-_]?(\d{1,2})?$")


def declarations(element) -> list[tuple[str, str]]:
    """The element's inline style as (property, value) pairs, lower case, in order."""
    raw = element.get("style")
    if not raw:
        return []
    found = []
    for part in raw.split(";"):
        name, colon, value = part.partition(":")
        if colon:
            value = value.strip().lower()
            value = value.removesuffix("!important").strip()
            found.append((name.strip().lower(), value))
    return found


def last_value(style: list[tuple[str, str]], name: str) -> str:
    """The value the style gives ``name`` last (the one that applies), '' when none."""
    for prop, value in reversed(style):
        if prop == name:
            return value
    return ""


def is_hidden(element, style: list[tuple[str, str]]) -> bool:
    """True for an element a reader of the page does not see."""
    if element.get("hidden") is not None:
        return True
    if (element.get("type") or "").lower() == "hidden":
        return True
    return (
        last_value(style, "display") == "none"
        or last_value(style, "visibility") in ("hidden", "collapse")
        or last_value(style, "mso-hide") == "all"  # Outlook's way of hiding a preheader
    )


def is_cell_box(style: list[tuple[str, str]]) -> bool:
    """True for a box laid out beside its neighbours: floated or inline-block."""
    if last_value(style, "float") in ("left", "right"):
        return True
    return last_value(style, "display") in ("inline-block", "table-cell", "inline-table")


def is_block(tag: str, style: list[tuple[str, str]]) -> bool:
    """True for an element that starts its own line."""
    display = last_value(style, "display")
    if display:
        return display not in ("inline", "contents") and not display.startswith("inline")
    return tag in BLOCK_TAGS


def length_px(value: str) -> float | None:
    """A CSS length in pixels; ``None`` for what cannot be measured (``auto``, ``5%``)."""
    match = _LENGTH.match(value.strip())
    if not match:
        return None
    return float(match[1]) * _PX_PER_UNIT[match[2]]


def _left_of_box(value: str) -> float | None:
    """The left side of a ``padding``/``margin`` shorthand (1 to 4 values)."""
    parts = value.split()
    if not parts or len(parts) > 4:
        return None
    return length_px(parts[{1: 0, 2: 1, 3: 1, 4: 3}[len(parts)]])


@dataclass(frozen=True)
class Indent:
    """How far an element's content is moved right: pixels from its style, and the level
    a class name gives (``None`` when no class names one)."""

    px: float = 0.0
    level: int | None = None


NO_INDENT = Indent()


def indent_of(element, style: list[tuple[str, str]]) -> Indent:
    """The indentation an element adds: left padding, left margin and text-indent, and
    a level class."""
    left = {"padding": 0.0, "margin": 0.0, "text-indent": 0.0}
    for prop, value in style:
        if prop in ("padding", "margin"):
            found = _left_of_box(value)
        elif prop in ("padding-left", "margin-left", "text-indent"):
            found = length_px(value)
        else:
            continue
        if found is not None:
            left[prop.removesuffix("-left")] = found
    px = max(0.0, sum(left.values()))
    level = None
    for name in (element.get("class") or "").lower().split():
        match = _LEVEL_CLASS.match(name)
        if match:
            found_level = int(match[1] or 0)
            level = found_level if level is None else max(level, found_level)
    if not px and level is None:
        return NO_INDENT
    return Indent(px, level)


def combine(chain: list[Indent]) -> tuple[int, float]:
    """The indentation of text inside nested elements: pixels add up, the deepest level
    class counts. As a sort key: a level class outranks pixels."""
    levels = [i.level for i in chain if i.level is not None]
    return (max(levels) if levels else 0, round(sum(i.px for i in chain), 2))
