"""A record's locator as the history keeps it: its parts, in no language, shown again in
the language of the audit that reads it back.

A locator is made once, in the language the file is read in (:mod:`auditor.where`:
``工作表 10月 第 8 行``, ``sheet 10月 row 8``). The history keeps the records of earlier
audits, whose language need not be this one's: an English report listed a September
charge at ``工作表 2026年09月 第 8 行`` beside October's ``page 1 line 6``. So a locator is
stored as its parts, a JSON list (``[["sheet","10月"],["row",8]]``), and
:func:`shown` puts them back in the active language.

What a history before version 9 stored is text in the language of its day: it is read
as its parts the same way (:func:`parts_of`) when it is read back, not rewritten in the
file, and a text not understood stays as it is. Chinese says a table's row and a text's
line alike (``第 8 行``): the part before it (a sheet's, a table's rows; a page's, a
message's lines) tells which, else the file's reader (a CSV's or a workbook's rows,
other files' lines).

The parts: ``sheet`` (a name), ``row``, ``line``, ``lines`` (first and last), ``page``,
``message``, ``part``, ``table``, ``entry`` (numbers), ``text`` (what goes before them
that is none of these, as it is) and ``region`` (OCR's ``[x 40–1040, y 880–930 px]``,
as it is).
"""

from __future__ import annotations

import json
import re
from functools import lru_cache

from auditor import where
from auditor.lang import active

Part = tuple[str, str | int | tuple[int, int]]

# Readers whose lone 第 N 行 is a table's row; any other reader's is a text's line.
_ROWS_READ = frozenset(("csv", "xlsx", "xls", "ods"))
# A part a 第 N 行 after it is a row of (a sheet's, a table's), or a line of.
_HOLDS_ROWS = frozenset(("sheet", "table"))

_ZH = {"页": "page", "条短信": "message", "部分": "part", "个表格": "table", "项": "entry"}
_EN = ("row", "line", "page", "message", "part", "table", "entry")
# The last part of a locator, number and all: 第 8 行, row 8, 第 5–7 行, lines 5–7 …
_LAST = re.compile(
    r"(?:^|(?<= ))(?:第 (?P<zh>\d+) (?P<zh_word>行|页|条短信|部分|个表格|项)"
    r"|第 (?P<zh_first>\d+)–(?P<zh_last>\d+) 行"
    r"|(?P<en_word>row|line|page|message|part|table|entry) (?P<en>\d+)"
    r"|lines (?P<en_first>\d+)–(?P<en_last>\d+))$"
)
_REGION = re.compile(r" ?(\[[^\[\]]*\])$")
_SHEET = re.compile(r"(?:工作表|sheet) (.+)$", re.S)


def parts_of(text: str, reader: str = "") -> list[Part] | None:
    """The parts of a locator in either language (``reader``: the file's, to tell a
    Chinese row from a line); ``None`` for a text that is not one."""
    parts: list[Part] = []
    region = _REGION.search(text)
    if region:
        text = text[: region.start()]
    while text:
        match = _LAST.search(text)
        if match is None:
            break
        parts.append(_part(match))
        text = text[: match.start()].rstrip()
    if text:
        sheet = _SHEET.fullmatch(text)
        parts.append(("sheet", sheet[1]) if sheet else ("text", text))
    parts.reverse()
    if not parts or all(kind == "text" for kind, _ in parts):
        return None
    for index, (kind, value) in enumerate(parts):
        if kind == "行":  # Chinese: a row or a line, by what holds it
            before = parts[index - 1][0] if index else ""
            rows = before in _HOLDS_ROWS or (not before and reader in _ROWS_READ)
            parts[index] = ("row" if rows else "line", value)
    if region:
        parts.append(("region", region[1]))
    return parts


def _part(match: re.Match) -> Part:
    if match["zh"]:
        word = match["zh_word"]
        return (_ZH.get(word, word), int(match["zh"]))
    if match["en"]:
        return (match["en_word"], int(match["en"]))
    first, last = match["zh_first"] or match["en_first"], match["zh_last"] or match["en_last"]
    return ("lines", (int(first), int(last)))


def stored(locator: str, reader: str = "") -> str:
    """How the history stores ``locator``: its parts as JSON, or a text that is not a
    locator as it is."""
    if not locator:
        return locator
    split = _split(locator)
    head = _stored_head(split[0], reader) if split else None
    if head is None:  # none of the common shapes: its parts found the long way
        parts = parts_of(locator, reader)
        return locator if parts is None else _json(parts)
    (_, kind, number), (prefix, before) = split, head
    if kind == "行":
        rows = before in _HOLDS_ROWS if before else reader in _ROWS_READ
        kind = "row" if rows else "line"
    return f'{prefix}["{kind}",{number}]]'


def stored_in(row: list, at: int, reader: str) -> list:
    """``row`` (a record's values, to be stored) with its locator, at ``at``,
    :func:`stored`."""
    row[at] = stored(row[at], reader)
    return row


def _json(parts: list) -> str:
    return json.dumps(parts, ensure_ascii=False, separators=(",", ":"))


def _split(locator: str) -> tuple[str, str, str] | None:
    """A locator's head, and the kind and number of its last part (``第 8 行``: 行, 8;
    ``row 8``): a million rows' locators differ in that alone, and are stored without
    a pattern run over each. ``None``: not of that shape."""
    rest, _, word = locator.rpartition(" ")
    if word.isdigit():  # row 8
        head, _, kind = rest.rpartition(" ")
        return (head, kind, word) if kind in _MAKERS and kind != "sheet" else None
    if word in _ZH or word == "行":  # 第 8 行
        rest, _, number = rest.rpartition(" ")
        head, _, mark = rest.rpartition(" ")
        if mark == "第" and number.isdigit():
            return head, _ZH.get(word, word), number
    return None


@lru_cache(maxsize=4096)
def _stored_head(head: str, reader: str) -> tuple[str, str] | None:
    """What goes before a stored locator's last part (``[["sheet","10月"],``), and the
    kind of the part before it; ``None`` for a head of no known parts."""
    if not head:
        return "[", ""
    parts = parts_of(head, reader)
    if parts is None or parts[-1][0] == "region":
        return None
    return _json(parts)[:-1] + ",", parts[-1][0]


def shown(value: str, reader: str = "") -> str:
    """A stored locator in the active language: its parts (or the text an older history
    stored, read as its parts); a text that is neither, as it is."""
    if not value:
        return value
    if not value.startswith("[["):
        parts = parts_of(value, reader)
        return value if parts is None else _said(parts)
    # The last part, a number: a million rows' differ in it alone.
    at = value.rfind('["')
    kind, _, number = value[at + 2 : -2].partition('",')
    if not (value.endswith("]]") and number.isdigit() and kind in _MAKERS):
        return _shown_whole(value, active())
    return _shown_as(value[:at], kind, active()).replace("\0", number)


@lru_cache(maxsize=4096)
def _shown_as(head: str, kind: str, lang: str) -> str:
    """How a stored locator of ``head`` (``[["sheet","10月"],``) and a last part of
    ``kind`` is shown in ``lang``, ``\0`` for its number: one locator of a file is
    worked out, its other rows' only put their numbers in."""
    said = _shown_whole(head[:-1] + "]", lang) if len(head) > 1 else ""
    return where.within(said, _MAKERS[kind]("\0"))


@lru_cache(maxsize=4096)
def _shown_whole(value: str, lang: str) -> str:
    """Stored parts in ``lang`` (the active language, by which they are kept)."""
    try:
        return _said(json.loads(value))
    except (TypeError, ValueError, KeyError):
        return value  # not parts this version knows: as stored


def _said(parts: list) -> str:
    """Parts as :mod:`auditor.where` says them, in the active language."""
    said = ""
    for kind, value in parts:
        if kind == "region":
            said = f"{said} {value}" if said else value
            continue
        if kind == "lines":
            text = where.lines(*value)
        elif kind == "text":
            text = value
        else:
            text = _MAKERS[kind](value)
        said = where.within(said, text)
    return said


_MAKERS = {
    "sheet": where.sheet,
    "row": where.row,
    "line": where.line,
    "page": where.page,
    "message": where.message,
    "part": where.part,
    "table": where.table,
    "entry": where.entry,
}
