"""Hostile text for the fuzzing suite (issue 8): what a cell or a file name may carry to
act on a terminal, break an output or hide a phone number, and the check that every text
a reading gives comes out of the :class:`~auditor.writers.safe.Masker` safe.

:mod:`fuzzing_mutations` lists the mutations here as its ``hostile-*`` mutations; they
insert, in the cells and lines of a file or in its name: escape sequences (a clipboard
write, a title, a screen clear, their one-byte C1 form), line breaks that forge an error
line, bidi and zero-width characters, lone surrogates (``\\ud800`` escapes in JSON, a byte
that is not UTF-8 in a name or a text) and :data:`HOSTILE_NUMBER` in the spellings that
once slipped through the masker. :func:`edge_problems` is then part of the reader contract.
"""

from __future__ import annotations

import csv
import io
import json
import random
import re
import unicodedata
from dataclasses import asdict

from openpyxl import load_workbook

from auditor.model import ReadResult
from auditor.writers import Masker

#: A mobile number no seed holds: none of its spellings may survive the masker.
HOSTILE_NUMBER = "13912345678"
NUMBER_SPELLINGS = [
    "139 1234 5678",
    "139.1234.5678",
    "139-1234-5678",
    "(139)1234-5678",
    "139/1234/5678",
    "139–1234–5678",
    "+86 139 1234 5678",
    "008613912345678",
    "8613912345678",
    "139\u200b1234\u200d5678",
    "１３９１２３４５６７８",
    "1 3 9 1 2 3 4 5 6 7 8",
]
ESCAPES = [
    "\x1b]52;c;ZXZpbA==\x07",  # OSC 52: write the clipboard
    "\x1b]0;pwned\x07",  # OSC 0: the window title
    "\x1b[2J\x1b[H",  # clear the screen
    "\x9b31m",  # CSI in its one-byte C1 form
    "\nauditor: x.csv: forged error\n",  # a forged error line
    "\r\x08\x08",
    "\u202e\u2066",  # right-to-left override, isolate
    "\u200b\u200d\ufeff\u2060",  # zero width
    "\u2028\u0085",  # line and next-line separators
    "\x00\x7f",
]
SURROGATES = ["\ud800", "\udfff", "\udcff"]
# The number as a number of its own: glued to other digits (a reader that drops the spaces
# of an amount it cannot read: 15008613912345678) it is digits of another number.
_SURVIVES = re.compile(rf"(?<!\d)(?:0086|86)?{HOSTILE_NUMBER}(?!\d)")
# What the masker must never let through (besides the number).
_ACTIVE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\u2028\u2029"
    "\ud800-\udfff]"
)


def snippet(rng: random.Random, surrogates: bool = True) -> str:
    """One hostile text: an escape, a spelled number (spaced from what it lands beside,
    so that it stays a number of its own), or a lone surrogate."""
    kinds = ["escape", "number"] + (["surrogate"] if surrogates else [])
    kind = rng.choice(kinds)
    if kind == "number":
        return f" {rng.choice(NUMBER_SPELLINGS)} "
    if kind == "surrogate":
        return rng.choice(SURROGATES)
    return rng.choice(ESCAPES)


def _insert(text: str, rng: random.Random, surrogates: bool = True) -> str:
    at = rng.randrange(len(text) + 1)
    return text[:at] + snippet(rng, surrogates) + text[at:]


def hostile_table(data: bytes, rng: random.Random) -> bytes:
    """Hostile text inside a few cells of a table (quoted, so a line break stays in its
    cell); a lone surrogate is written as the bytes it would be, not UTF-8."""
    text = _decoded(data)
    if text is None:
        return data
    delimiter = "\t" if text.count("\t") > text.count(",") else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    for _ in range(rng.randint(1, 4)):
        row = rng.choice(rows) if rows else None
        if row:
            column = rng.randrange(len(row))
            row[column] = _insert(row[column], rng)
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\n").writerows(rows)
    return out.getvalue().encode("utf-8", errors="surrogatepass")


def hostile_lines(data: bytes, rng: random.Random) -> bytes:
    """Hostile text inside a few lines of a message, a page or an e-mail."""
    text = _decoded(data)
    if text is None:
        return data
    lines = text.split("\n")
    for _ in range(rng.randint(1, 4)):
        index = rng.randrange(len(lines))
        lines[index] = _insert(lines[index], rng)
    return "\n".join(lines).encode("utf-8", errors="surrogatepass")


def hostile_json(data: bytes, rng: random.Random) -> bytes:
    """Hostile text inside a few string values; written with ASCII escapes, so a lone
    surrogate is the ``\\ud800`` escape a crawler's JSON holds."""
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return data
    holders = list(_strings(document))
    for _ in range(rng.randint(1, 4)):
        if holders:
            holder, key = rng.choice(holders)
            holder[key] = _insert(holder[key], rng)
    return json.dumps(document, ensure_ascii=True).encode("ascii")


def _strings(node: object):
    """(holder, key) of every string value inside nested dicts and lists."""
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(value, str):
                yield node, key
            yield from _strings(value)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            if isinstance(value, str):
                yield node, index
            yield from _strings(value)


def hostile_workbook(data: bytes, rng: random.Random) -> bytes:
    """Hostile text in a few cells of a workbook (XML holds no surrogate, and openpyxl
    refuses control characters: those cells are left as they were)."""
    try:
        book = load_workbook(io.BytesIO(data))
    except Exception:  # a workbook openpyxl refuses is left to the other mutations
        return data
    for _ in range(rng.randint(1, 4)):
        sheet = rng.choice(book.worksheets)
        cell = sheet.cell(rng.randint(1, max(1, sheet.max_row)), rng.randint(1, 3))
        value = "" if cell.value is None else str(cell.value)
        try:
            cell.value = _insert(value, rng, surrogates=False)
        except Exception:  # openpyxl refuses control characters, and merged cells
            continue
    out = io.BytesIO()
    try:
        book.save(out)
    except Exception:  # a cell openpyxl took but cannot write
        return data
    return out.getvalue()


def same_bytes(data: bytes, rng: random.Random) -> bytes:
    """The file as it is (its name is what changes)."""
    return data


def _decoded(data: bytes) -> str | None:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def hostile_name(name: str, rng: random.Random) -> str:
    """A file name (``stem.suffix``) with hostile text in its stem: an escape, a spelled
    number (its slashes as underscores) or a byte that is not UTF-8 (``\\udcff``, as
    Python names it)."""
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    text = rng.choice([*ESCAPES, "\udcff", *(f" {s} " for s in NUMBER_SPELLINGS)])
    at = rng.randrange(len(stem) + 1)
    text = text.replace("/", "_").replace("\x00", "")  # a file system takes neither
    return f"{stem[:at]}{text}{stem[at:]}{dot}{suffix}"


def edge_problems(result: ReadResult) -> list[str]:
    """Breaches of the edge in one reading: a text of it that, through the masker, still
    holds a control, bidi or zero-width character, a lone surrogate, a line break, or
    :data:`HOSTILE_NUMBER` however spelled."""
    mask = Masker(personal=frozenset(result.personal))
    texts = [result.path, result.error or "", *result.warnings, *result.alerts, *result.notes]
    for issue in result.unparseable:
        texts += [issue.locator, issue.reason, issue.text]
    for record in (*result.charges, *result.services, *result.bills):
        texts += [value for value in asdict(record).values() if isinstance(value, str)]
    problems = []
    for text in texts:
        shown = mask(text)
        if _ACTIVE.search(shown):
            problems.append(f"masked text holds {_ACTIVE.search(shown)[0]!r}: {shown[:80]!r}")
        if _SURVIVES.search(visible(shown)):
            problems.append(f"a phone number survives the masker: {shown[:120]!r}")
    return problems


def visible(text: str) -> str:
    """``text`` as its digits read: compatibility forms made plain, invisible characters
    and the separators people put between a number's groups left out."""
    plain = unicodedata.normalize("NFKC", text)
    plain = "".join(ch for ch in plain if unicodedata.category(ch) != "Cf")
    return re.sub(r"[\s.\-–—/_()（）\[\]·+]", "", plain)
