"""JSON text exactly as ``json.dumps(value, ensure_ascii=False, indent=2, default=...)``
writes it, in half the time.

With an indent, the standard library encodes in Python: every token goes up through one
generator per level of nesting, and a report of thousands of findings is millions of
tokens (a third of a second for the 3,000 findings of the PDF benchmark). Here one
recursive function appends to a list, and strings still go through the library's own
encoder (in C). Same types, same order, same escapes, same separators:
``tests/test_indented_json.py`` holds it to ``json.dumps`` on random trees and reports.

A list or dict that stands at many places of one tree (a step that 3,000 findings share)
can be marked :class:`RepeatedList` or :class:`RepeatedDict`: its text is made once at
each indent it stands at and written again wherever it stands, the same text
``json.dumps`` writes for it (to which they are a list and a dict like any other).
"""

from __future__ import annotations

from collections.abc import Callable
from json.encoder import encode_basestring

_INFINITY = float("inf")


def _float(value: float) -> str:
    """A float as ``json.dumps`` writes it (``allow_nan``: NaN and Infinity as JavaScript)."""
    if value != value:
        return "NaN"
    if value == _INFINITY:
        return "Infinity"
    if value == -_INFINITY:
        return "-Infinity"
    return float.__repr__(value)


def _key(key: object) -> str:
    """A dict key as ``json.dumps`` turns it into a string (or refuses it)."""
    if isinstance(key, str):
        return key
    if isinstance(key, float):
        return _float(key)
    if key is True:
        return "true"
    if key is False:
        return "false"
    if key is None:
        return "null"
    if isinstance(key, int):
        return int.__repr__(key)
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")


class Repeated:
    """A container :func:`dumps` encodes once at each indent and repeats: it must not
    change while it is written (it is known by its ``id``)."""

    __slots__ = ()


class RepeatedList(Repeated, list):
    """A list that stands at many places of one tree (see :class:`Repeated`)."""

    __slots__ = ()


class RepeatedDict(Repeated, dict):
    """A dict that stands at many places of one tree (see :class:`Repeated`)."""

    __slots__ = ()


def dumps(value: object, default: Callable[[object], object], end: str = "") -> str:
    """``value`` as indented JSON text, then ``end``; ``default`` turns any other object
    into one that JSON holds, as ``json.dumps``' own ``default`` does. A value that holds
    itself is refused (:class:`ValueError`), as ``json.dumps`` refuses it."""
    chunks: list[str] = []
    add = chunks.append
    within: set[int] = set()  # the containers being written, for a circular reference
    # Each Repeated written, and its text, by its id and indent.
    written: dict[tuple[int, str], tuple[object, str]] = {}
    # Strings and whole numbers, most of the leaves, are written in the loops below by
    # their exact type, without a call each (subclasses and the rest through encode()).
    string, integer = encode_basestring, int.__repr__

    def encode(value: object, indent: str) -> None:
        if isinstance(value, str):
            add(string(value))
        elif value is None:
            add("null")
        elif value is True:
            add("true")
        elif value is False:
            add("false")
        elif isinstance(value, int):
            add(integer(value))
        elif isinstance(value, float):
            add(_float(value))
        elif isinstance(value, list | tuple | dict):
            if isinstance(value, Repeated):
                repeated(value, indent)
            else:
                container(value, indent)
        else:
            if id(value) in within:
                raise ValueError("Circular reference detected")
            within.add(id(value))
            encode(default(value), indent)
            within.discard(id(value))

    def container(value: list | tuple | dict, indent: str) -> None:
        if not value:
            add("{}" if isinstance(value, dict) else "[]")
            return
        if id(value) in within:
            raise ValueError("Circular reference detected")
        within.add(id(value))
        inner = indent + "  "
        between = ",\n" + inner
        if isinstance(value, dict):
            add("{\n" + inner)
            first = True
            for key, item in value.items():
                if first:
                    first = False
                else:
                    add(between)
                add(string(key if type(key) is str else _key(key)) + ": ")
                kind = type(item)
                if kind is str:
                    add(string(item))
                elif kind is int:
                    add(integer(item))
                elif item is None:
                    add("null")
                else:
                    encode(item, inner)
            add("\n" + indent + "}")
        else:
            add("[\n" + inner)
            first = True
            for item in value:
                if first:
                    first = False
                else:
                    add(between)
                kind = type(item)
                if kind is str:
                    add(string(item))
                elif kind is int:
                    add(integer(item))
                else:
                    encode(item, inner)
            add("\n" + indent + "]")
        within.discard(id(value))

    def repeated(value: list | dict, indent: str) -> None:
        known = written.get((id(value), indent))
        if known is None:
            start = len(chunks)
            container(value, indent)
            # The value is kept with its text: no other object takes its id meanwhile.
            known = written[id(value), indent] = (value, "".join(chunks[start:]))
            del chunks[start:]
        add(known[1])

    encode(value, "")
    add(end)  # here, not added to the text: a report's is 20 MB, copied again for it
    return "".join(chunks)
