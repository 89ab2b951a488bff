"""The mutations of the fuzzing suite (:mod:`fuzzing`): ways to damage a seed's bytes.

Truncation, flipped bytes, empty or random files, garbage appended, shuffled or
duplicated rows, wrong encodings, nasty cells, JSON with wrong types or deep nesting,
damaged ZIP members and headers, a ZIP named ``.xlsx``, a file under another format's
ending, the ``hostile-*`` texts of :mod:`fuzzing_text`, a BOM before the header, long
runs and sizes that lie. Each takes the bytes and a random generator, so that a case
is reproducible; :data:`MUTATIONS` lists them with the suffixes each fits.
"""

from __future__ import annotations

import csv
import io
import json
import random
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime

from fuzzing_seeds import SUFFIXES, _saved
from fuzzing_text import (
    hostile_json,
    hostile_lines,
    hostile_name,
    hostile_table,
    hostile_workbook,
    same_bytes,
)
from hostile import patch_member
from openpyxl import load_workbook

TEXT_SUFFIXES = (".csv", ".tsv", ".txt", ".json", ".html", ".mht", ".eml")
ZIP_SUFFIXES = (".xlsx", ".xlsm")


# ----------------------------------------------------------------------------- mutations


def _decoded(data: bytes) -> str | None:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def truncate(data: bytes, rng: random.Random) -> bytes:
    """Cut the file at a random point (an interrupted download)."""
    return data[: rng.randrange(0, max(1, len(data)))]


def flip_bytes(data: bytes, rng: random.Random) -> bytes:
    """Overwrite a few random bytes with random values."""
    damaged = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        if damaged:
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
    return bytes(damaged)


def empty(data: bytes, rng: random.Random) -> bytes:
    """An empty file."""
    return b""


def random_binary(data: bytes, rng: random.Random) -> bytes:
    """Random bytes where the file should be."""
    return rng.randbytes(rng.randint(1, 4096))


def append_garbage(data: bytes, rng: random.Random) -> bytes:
    """Random bytes after the end (a PDF with a tail, a file glued to another)."""
    return data + rng.randbytes(rng.randint(1, 2048))


def _text_mutation(edit: Callable[[str, random.Random], str], encoding: str = "utf-8"):
    def mutate(data: bytes, rng: random.Random) -> bytes:
        text = _decoded(data)
        if text is None:
            return flip_bytes(data, rng)
        return edit(text, rng).encode(encoding, errors="replace")

    mutate.__doc__ = edit.__doc__
    return mutate


def _shuffle_rows(text: str, rng: random.Random) -> str:
    """Rows in a random order."""
    rows = text.splitlines()
    rng.shuffle(rows)
    return "\n".join(rows)


def _duplicate_rows(text: str, rng: random.Random) -> str:
    """Some rows repeated."""
    rows = text.splitlines()
    for _ in range(rng.randint(1, 5)):
        if rows:
            at = rng.randrange(len(rows))
            rows.insert(at, rows[at])
    return "\n".join(rows)


def _mojibake(text: str, rng: random.Random) -> str:
    """UTF-8 bytes decoded as GBK (what a wrong "open with" gives), saved again."""
    return text.encode("utf-8").decode("gbk", errors="replace")


def _same(text: str, rng: random.Random) -> str:
    """The same text in another encoding."""
    return text


def _crlf(text: str, rng: random.Random) -> str:
    """Windows line ends."""
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


def _redelimit(delimiter: str):
    def edit(text: str, rng: random.Random) -> str:
        rows = list(csv.reader(io.StringIO(text)))
        out = io.StringIO()
        csv.writer(out, delimiter=delimiter, lineterminator="\n").writerows(rows)
        return out.getvalue()

    edit.__doc__ = f"The same table with {delimiter!r} between cells."
    return edit


def json_reformat(data: bytes, rng: random.Random) -> bytes:
    """The same JSON document, compact or indented, with or without escaped CJK."""
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return data
    indent = rng.choice([None, 0, 4])
    return json.dumps(document, ensure_ascii=rng.random() < 0.5, indent=indent).encode()


# Cell texts that have broken parsers before, or look like something they are not.
NASTY_CELLS = [
    "",
    " ",
    "--",
    "无",
    "NaN",
    "1e5",
    "¥",
    "(5.00)",
    "１２．３４",
    "9" * 400,
    "=1+2",
    "2026-13",
    "13800001234",
    "+86 186-0000-5678",
    "合计",
    "小计",
    "套餐及固定费",
    "手机号码",
    "金额(元)",
    "\u3000\u3000彩铃功能费",
    "0.001",
    "-0",
    "1,2,3",
    '"',
    "a\nb",
    "生效--",
    "2099-12-31 23:59:59",
    "2026年10月",
    "温馨提示：",
    "۱۲",
    "①②",
    "\ufeff",
    "\u200b6.00",
]
# What an XLSX cell can hold besides text.
NASTY_VALUES = [
    None,
    0,
    -1,
    0.1 + 0.2,
    1e300,
    float(13800001234),
    13800001234,
    True,
    datetime(2026, 10, 1),
    "=1/0",
    "=SUM(B1:B3)",
    *NASTY_CELLS,
]


def csv_cell_damage(data: bytes, rng: random.Random) -> bytes:
    """A few cells of the table replaced by nasty values, the rest left as it was."""
    text = _decoded(data)
    if text is None:
        return flip_bytes(data, rng)
    delimiter = "\t" if text.count("\t") > text.count(",") else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    for _ in range(rng.randint(1, 4)):
        row = rng.choice(rows) if rows else None
        if row:
            row[rng.randrange(len(row))] = rng.choice(NASTY_CELLS)
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\n").writerows(rows)
    return out.getvalue().encode("utf-8")


def xlsx_cell_damage(data: bytes, rng: random.Random) -> bytes:
    """A few cells of a workbook replaced by nasty values (numbers, dates, formulas, text)."""
    try:
        book = load_workbook(io.BytesIO(data))
    except Exception:  # any damage openpyxl refuses is already a fine fuzz input
        return flip_bytes(data, rng)
    for _ in range(rng.randint(1, 4)):
        sheet = rng.choice(book.worksheets)
        row = rng.randint(1, max(1, sheet.max_row))
        column = rng.randint(1, max(1, sheet.max_column))
        try:
            sheet.cell(row, column).value = rng.choice(NASTY_VALUES)
        except (ValueError, TypeError, AttributeError):  # control characters, merged cells
            continue
        if rng.random() < 0.2:
            sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=column)
    return _saved(book)


def json_wrong_types(data: bytes, rng: random.Random) -> bytes:
    """Random JSON values swapped for numbers, nulls, lists, objects or booleans."""
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return flip_bytes(data, rng)
    replacements = [0, -1, 1e308, 12.345, None, True, "", [], {}, [None], {"x": None}, "9" * 400]
    slots = list(_json_slots(document))
    for _ in range(rng.randint(1, 6)):
        if slots:
            holder, key = rng.choice(slots)
            holder[key] = rng.choice(replacements)
    if not slots:
        document = rng.choice(replacements)
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


def _json_slots(node) -> Iterator[tuple[object, object]]:
    if not isinstance(node, dict | list):
        return
    children = node.items() if isinstance(node, dict) else enumerate(node)
    for key, value in list(children):
        yield node, key
        yield from _json_slots(value)


def json_deep_nesting(data: bytes, rng: random.Random) -> bytes:
    """The document buried under thousands of nested lists and objects."""
    depth = rng.choice([100, 1000, 5000, 100_000])
    opener, closer = rng.choice([("[", "]"), ('{"data":', "}")])
    return opener.encode() * depth + data + closer.encode() * depth


def zip_member_damage(data: bytes, rng: random.Random) -> bytes:
    """One member of the XLSX package bit-flipped, truncated or removed, then re-zipped."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            members = [(info.filename, package.read(info)) for info in package.infolist()]
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        return flip_bytes(data, rng)
    target = rng.randrange(len(members)) if members else 0
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for index, (name, content) in enumerate(members):
            if index == target:
                action = rng.choice([flip_bytes, truncate, None])
                if action is None:
                    continue
                content = action(content, rng)
            package.writestr(name, content)
    return out.getvalue()


# Offsets inside ZIP headers (APPNOTE 4.3.7 local, 4.3.12 central directory).
_LOCAL, _CENTRAL = b"PK\x03\x04", b"PK\x01\x02"
_ZIP_FIELDS = {  # field → (offset in local header, offset in central header, nasty value)
    "version": (4, 6, 155),  # "version needed" 15.5: zipfile raises NotImplementedError
    "method": (8, 10, 99),  # an unknown compression method
    "flags": (6, 8, 0x0001),  # "encrypted": zipfile wants a password
}


def zip_header_fields(data: bytes, rng: random.Random) -> bytes:
    """ZIP header fields set to values the zipfile module refuses: version, method, flags."""
    local, central, value = _ZIP_FIELDS[rng.choice(sorted(_ZIP_FIELDS))]
    patched = bytearray(data)
    for signature, offset in ((_LOCAL, local), (_CENTRAL, central)):
        at = patched.find(signature)
        while at != -1 and at + offset + 2 <= len(patched):
            patched[at + offset : at + offset + 2] = value.to_bytes(2, "little")
            at = patched.find(signature, at + 4)
    return bytes(patched)


def zip_not_xlsx(data: bytes, rng: random.Random) -> bytes:
    """A ZIP holding a text file, named as an Excel workbook."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr("bill.csv", "手机号码,金额\n13800001234,6.00\n")
    return out.getvalue()


# Endings a file is saved or renamed under that are not its format's (a portal's CSV
# named .xls, a workbook renamed .csv): each is read by what it holds, to the same numbers.
MISNAMED_AS = (".csv", ".txt", ".xls", ".xlsx", ".pdf", ".json", ".html", ".eml", ".png")
# Endings one reader family shares: a file moved among them is read as its name says
# (a table named .txt may be read as SMS), so it is no misnamed file.
SHARED_ENDINGS = ((".csv", ".tsv", ".txt"), (".html", ".htm", ".mht", ".eml"))


def misname(name: str, rng: random.Random) -> str:
    """``name`` under another ending auditor reads, of another format."""
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    own = next((g for g in SHARED_ENDINGS if f".{suffix.lower()}" in g), (f".{suffix.lower()}",))
    return f"{stem}{rng.choice([ending for ending in MISNAMED_AS if ending not in own])}"


def _bom_before_header(text: str, rng: random.Random) -> str:
    """A byte-order mark before the first cell, after the file's own (two exports glued)."""
    return "\ufeff" + text


# What a long run is made of: the characters that make patterns backtrack.
_RUNS = (" ", "1", "中", "\t", "\u3000", "0.", "，")


def _long_run(text: str, rng: random.Random) -> str:
    """A run of 20,000 spaces, digits or CJK characters put inside the text somewhere."""
    at = rng.randrange(len(text) + 1)
    run = rng.choice(_RUNS)
    return text[:at] + run * (20_000 // len(run)) + text[at:]


def zip_declared_size(data: bytes, rng: random.Random) -> bytes:
    """One member's declared unpacked size set to 3 GiB (its data left as it is)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            names = package.namelist()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        return flip_bytes(data, rng)
    if not names:
        return flip_bytes(data, rng)
    return patch_member(data, rng.choice(names), size=3 << 30)


@dataclass(frozen=True)
class Mutation:
    """A way to damage a seed; ``keeps_meaning`` when the result must read the same;
    ``rename`` gives the damaged file another name (from the seed's)."""

    name: str
    apply: Callable[[bytes, random.Random], bytes]
    suffixes: tuple[str, ...] = SUFFIXES
    keeps_meaning: bool = False
    new_suffix: str | None = None
    rename: Callable[[str, random.Random], str] | None = None


MUTATIONS: list[Mutation] = [
    Mutation("truncate", truncate),
    Mutation("flip-bytes", flip_bytes),
    Mutation("empty", empty),
    Mutation("random-binary", random_binary),
    Mutation("append-garbage", append_garbage),
    Mutation("shuffle-rows", _text_mutation(_shuffle_rows), TEXT_SUFFIXES),
    Mutation("duplicate-rows", _text_mutation(_duplicate_rows), TEXT_SUFFIXES),
    Mutation("utf8-read-as-gbk", _text_mutation(_mojibake), TEXT_SUFFIXES),
    Mutation("as-gbk", _text_mutation(_same, "gbk"), TEXT_SUFFIXES),
    Mutation("as-gb18030", _text_mutation(_same, "gb18030"), (".csv", ".tsv"), True),
    Mutation("as-utf8-bom", _text_mutation(_same, "utf-8-sig"), (".csv", ".tsv"), True),
    Mutation("crlf", _text_mutation(_crlf), (".csv", ".tsv"), True),
    Mutation("as-tabs", _text_mutation(_redelimit("\t")), (".csv",), True),
    Mutation("as-semicolons", _text_mutation(_redelimit(";")), (".csv",), True),
    Mutation("json-reformat", json_reformat, (".json",), True),
    Mutation("as-utf16", _text_mutation(_same, "utf-16"), TEXT_SUFFIXES),
    Mutation("csv-cell-damage", csv_cell_damage, (".csv", ".tsv")),
    Mutation("xlsx-cell-damage", xlsx_cell_damage, ZIP_SUFFIXES),
    Mutation("json-wrong-types", json_wrong_types, (".json",)),
    Mutation("json-deep-nesting", json_deep_nesting, (".json",)),
    Mutation("zip-member-damage", zip_member_damage, ZIP_SUFFIXES),
    Mutation("zip-header-fields", zip_header_fields, ZIP_SUFFIXES),
    Mutation("zip-not-xlsx", zip_not_xlsx, SUFFIXES, new_suffix=".xlsx"),
    Mutation("hostile-cells", hostile_table, (".csv", ".tsv")),
    Mutation("hostile-lines", hostile_lines, (".txt", ".html", ".mht", ".eml")),
    Mutation("hostile-json", hostile_json, (".json",)),
    Mutation("hostile-xlsx", hostile_workbook, ZIP_SUFFIXES),
    Mutation("hostile-name", same_bytes, SUFFIXES, rename=hostile_name),
    Mutation("misnamed", same_bytes, SUFFIXES, True, rename=misname),
    # Issue 8's second round: a BOM before the header, long runs, sizes that lie.
    Mutation(
        "bom-before-header", _text_mutation(_bom_before_header, "utf-8-sig"), (".csv", ".tsv"), True
    ),
    Mutation("long-run", _text_mutation(_long_run), TEXT_SUFFIXES),
    Mutation("zip-declared-size", zip_declared_size, ZIP_SUFFIXES),
]


def mutations_for(suffix: str) -> list[Mutation]:
    """The mutations that make sense for a file ending in ``suffix``."""
    return [m for m in MUTATIONS if suffix in m.suffixes]
