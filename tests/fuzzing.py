"""Mutation fuzzing of the readers, shared by the bounded test and ``bench/fuzz.py``.

A *seed* is a well-formed input (a committed fixture, or one generated here so that the
harness has something to chew on before the fixtures exist). A *mutation* turns a seed's
bytes into a damaged variant: truncated, bit-flipped, wrongly encoded, shuffled... Each
variant is written to a scratch folder under the seed's suffix and read through
:func:`auditor.readers.read_file`, whose contract is checked by :func:`check`:

- nothing escapes ``read_file`` and nothing hangs (a per-case alarm);
- a failure is one clean line (no newline, no traceback) and the result names the file;
- a reader never fails through the registry's safety net (an exception that is not an
  :class:`~auditor.errors.AuditorError` is a reader bug, even when it is caught);
- money stays integer fen, months stay ``YYYY-MM``, lines stay 11-digit mobiles;
- mutations that keep the meaning (another encoding, CRLF line ends) read the same;
- every text of the reading, through the masker, is safe to show (the ``hostile-*``
  mutations of :mod:`fuzzing_text` put escapes, bidi and zero-width characters, lone
  surrogates and oddly spelled phone numbers into cells and file names).

Every case is reproducible from ``(seed, index)``: :func:`make_case` derives its own
random generator from them.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import random
import re
import signal
import time
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import hostile
from fuzzing_text import (
    edge_problems,
    hostile_json,
    hostile_lines,
    hostile_name,
    hostile_table,
    hostile_workbook,
    same_bytes,
)
from hostile import patch_member
from openpyxl import Workbook, load_workbook

from auditor.model import SET_ASIDE_REASONS, ReadResult
from auditor.readers import ReadOptions, read_file
from auditor.values import format_fen

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "fixtures"
SUFFIXES = (".csv", ".tsv", ".txt", ".json", ".xlsx", ".xlsm", ".pdf", ".html", ".mht", ".eml")
TEXT_SUFFIXES = (".csv", ".tsv", ".txt", ".json", ".html", ".mht", ".eml")
ZIP_SUFFIXES = (".xlsx", ".xlsm")

# Readers where every row read becomes exactly one charge, service, set-aside row or issue.
# (The SMS reader counts each record of a line as a row; a PDF issue can be a whole page.)
ONE_RECORD_PER_ROW = ("csv", "xlsx", "portal-json", "sms", "html", "mht", "eml")

# Prefixes the registry gives to exceptions its safety net catches (English, Chinese): each
# one is a reader bug.
SAFETY_NET = ("could not be read (", "无法读取（")

LINE, MONTH = "13800001234", "2026-10"

# --------------------------------------------------------------------------------- seeds


@dataclass(frozen=True)
class Seed:
    """A well-formed input to mutate; ``total_fen`` is its charges' sum when known."""

    name: str
    suffix: str
    data: bytes
    total_fen: int | None = None


# Scans read by OCR (fixtures/ocr) take seconds a page, not milliseconds: mutated a
# hundred times over they would take the run's whole time. Their PDF structure is that
# of the other PDFs; damaged pictures and the OCR limits are tests/test_ocr.py's.
OCR_FIXTURES = FIXTURES / "ocr"


def fixture_seeds(root: Path = FIXTURES) -> list[Seed]:
    """Every committed fixture file auditor might read (but the OCR ones), in path order."""
    found = sorted(
        p
        for p in root.rglob("*")
        if p.is_file() and p.suffix.lower() in SUFFIXES and OCR_FIXTURES not in p.parents
    )
    return [Seed(str(p.relative_to(REPO)), p.suffix.lower(), p.read_bytes()) for p in found]


def long_csv(rows: int, rng: random.Random | None = None) -> tuple[bytes, int]:
    """A long-layout bill of ``rows`` charges plus its total row; returns (bytes, sum in fen)."""
    rng = rng or random.Random(rows)
    items = [("套餐及固定费", "4G飞享18元套餐"), ("增值业务费", "彩铃功能费"), ("上网费", "流量费")]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["手机号码", "账期", "费用类别", "费用项目", "金额(元)"])
    total = 0
    for _ in range(rows):
        category, item = rng.choice(items)
        fen = rng.randrange(0, 10_000)
        total += fen
        writer.writerow([LINE, MONTH, category, item, format_fen(fen)])
    writer.writerow([LINE, MONTH, "合计", "", format_fen(total)])
    return out.getvalue().encode("utf-8"), total


def _statement_rows() -> list[tuple[str, str]]:
    return [
        ("套餐及固定费", "18.00"),
        ("　　4G飞享18元套餐（2018版）", "18.00"),
        ("增值业务费", "11.00"),
        ("　　视频彩铃订阅-酷电秀专属6元包", "6.00"),
        ("　　彩铃功能费", "5.00"),
        ("优惠及减免", "-5.00"),
        ("　　话费优惠", "-5.00"),
        ("本月费用合计", "24.00"),
    ]


def _statement_csv() -> bytes:
    lines = ["中国移动 个人账单", f"手机号码：{LINE}", "账期：2026年10月", "", "费用项目,金额(元)"]
    lines += [f"{name},{amount}" for name, amount in _statement_rows()]
    lines += ["温馨提示：以上费用仅供参考，以实际扣费为准。"]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _services_csv() -> bytes:
    rows = [
        "业务名称,资费,生效时间,失效时间,状态",
        "4G飞享18元套餐,18元/月,2018-06-01 00:00:00,2099-12-31 23:59:59,正常",
        "咪咕视频会员,15元/月,2026-03-02 10:11:12,2026-09-01 00:00:00,已退订",
        "彩铃功能费,5元/月,2020-01-01 00:00:00,--,正常",
    ]
    return ("\n".join(rows) + "\n").encode("gb18030")


def _statement_xlsx() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "2026年10月"
    sheet.append(["中国移动 个人账单"])
    sheet.append(["手机号码", LINE])
    sheet.append(["账单月份", "2026年10月"])
    sheet.append([])
    sheet.append(["费用项目", "金额(元)"])
    for name, amount in _statement_rows():
        sheet.append([name, float(amount)])
    return _saved(book)


def wide_cell_xlsx(width: int = 10_000) -> bytes:
    """A long-layout XLSX bill whose item and title cells are ``width`` characters long."""
    book = Workbook()
    sheet = book.active
    sheet.append(["说明" * (width // 2)])
    sheet.append(["手机号码", "账期", "费用类别", "费用项目", "金额(元)"])
    sheet.append([LINE, MONTH, "增值业务费", "彩" * width, "6.00"])
    sheet.append([LINE, MONTH, "套餐及固定费", "4G飞享18元套餐", "18.00"])
    sheet.append([LINE, MONTH, "合计", "", "24.00"])
    return _saved(book)


def _saved(book) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _billinfo_json() -> bytes:
    month = {
        "billMonth": "202610",
        "billStartDate": "20261001",
        "billEndDate": "20261031",
        "billFee": "24.00",
        "billMaterials": [
            {
                "billEntriy": "01",
                "billEntriyValue": "18.00",
                "billMaterialInfos": [{"itemName": "包月使用费", "itemValue": "18.00"}],
            },
            {
                "billEntriy": "05",
                "billEntriyValue": "6.00",
                "billMaterialInfos": [{"itemName": "彩铃功能费", "itemValue": "6.00"}],
            },
        ],
    }
    document = {"retCode": "000000", "retMsg": "受理成功", "data": [month]}
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


def _bill_sms() -> bytes:
    text = (
        f"【账单提醒】尊敬的{LINE}用户，您2026年10月份账单合计22.40元，实际应付22.40元。"
        "主要费用项包括：月固定费22元，增值业务费0.40元。回复TDZD退订本短信。【中国联通】\n"
    )
    return text.encode("utf-8")


def _statement_pdf() -> bytes | None:
    try:  # reportlab is a dev-only dependency: without it there is simply no PDF seed
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont
        from reportlab.pdfgen import canvas
    except ImportError:
        return None
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    page = canvas.Canvas(out, invariant=1)
    page.setFont("STSong-Light", 11)
    y = 800
    for left, right in [("手机号码：" + LINE, "账期：2026年10月"), ("费用项目", "金额(元)")]:
        page.drawString(60, y, left)
        page.drawString(360, y, right)
        y -= 20
    for name, amount in _statement_rows():
        page.drawString(60 + (20 if name.startswith("　") else 0), y, name.strip("　"))
        page.drawRightString(420, y, amount)
        y -= 18
    page.save()
    return out.getvalue()


def builtin_seeds() -> list[Seed]:
    """Small inputs of every kind, generated here, so fuzzing never waits for fixtures."""
    long_data, long_total = long_csv(40)
    seeds = [
        Seed(f"builtin/{LINE}/long.csv", ".csv", long_data, long_total),
        Seed(f"builtin/{LINE}/statement.csv", ".csv", _statement_csv(), 2400),
        Seed(f"builtin/{LINE}/services-gbk.csv", ".csv", _services_csv()),
        Seed(f"builtin/{LINE}/statement.xlsx", ".xlsx", _statement_xlsx(), 2400),
        Seed(f"builtin/{LINE}/billinfo.json", ".json", _billinfo_json(), 2400),
        Seed(f"builtin/{LINE}/bill-sms.txt", ".txt", _bill_sms()),
    ]
    pdf = _statement_pdf()
    if pdf is not None:
        seeds.append(Seed(f"builtin/{LINE}/statement.pdf", ".pdf", pdf, 2400))
    return seeds


def all_seeds() -> list[Seed]:
    """The generated seeds followed by every committed fixture."""
    return builtin_seeds() + fixture_seeds()


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


# --------------------------------------------------------------------------------- cases


@dataclass(frozen=True)
class Case:
    """One fuzz input: a seed, the mutation applied, the damaged bytes, and the file's
    name when the mutation gave it another one."""

    seed: Seed
    mutation: Mutation | None
    data: bytes
    label: str
    name: str | None = None
    #: Puts something other than a file with ``data`` at the path (a pipe, a link).
    plant: Callable[[Path], None] | None = None

    @property
    def suffix(self) -> str:
        """The suffix the damaged file is saved under: the mutation's, else its new
        name's, else the seed's."""
        renamed = Path(self.name).suffix if self.name else ""
        return (self.mutation and self.mutation.new_suffix) or renamed or self.seed.suffix

    @property
    def relative_path(self) -> Path:
        """Where the damaged file is saved: the seed's folders (they may name the line or
        month), its own name or the seed's, the suffix of the damage."""
        seed = Path(self.seed.name)
        return (seed.parent / (self.name or seed.name)).with_suffix(self.suffix)


def build_case(seed: Seed, mutation: Mutation, rng: random.Random, label: str) -> Case:
    """The case of ``seed`` damaged by ``mutation``, drawing from ``rng``."""
    data = mutation.apply(seed.data, rng)
    name = mutation.rename(Path(seed.name).name, rng) if mutation.rename else None
    return Case(seed, mutation, data, label, name)


def make_case(seeds: list[Seed], run_seed: int, index: int) -> Case:
    """Case number ``index`` of the run ``run_seed``: the same pair always gives the same case."""
    rng = random.Random(f"{run_seed}:{index}")
    seed = rng.choice(seeds)
    mutation = rng.choice(mutations_for(seed.suffix))
    label = f"{run_seed}-{index}-{mutation.name}-{Path(seed.name).name}"
    return build_case(seed, mutation, rng, label)


def big_cases() -> list[Case]:
    """The large inputs: 100,000 CSV rows, 10,000-character cells, deep JSON."""
    rows_data, rows_total = long_csv(100_000)
    rows_seed = Seed("generated/100000-rows.csv", ".csv", rows_data, rows_total)
    wide_seed = Seed("generated/wide-cells.xlsx", ".xlsx", wide_cell_xlsx(), 2400)
    deep = Seed("generated/deep.json", ".json", b"[" * 100_000 + b"]" * 100_000)
    return [
        Case(rows_seed, None, rows_data, "100000-rows.csv"),
        Case(wide_seed, None, wide_seed.data, "wide-cells.xlsx"),
        Case(deep, None, deep.data, "deep.json"),
    ]


def hostile_cases(full: bool = True) -> list[Case]:
    """Issue 8's second attack, a case each: folder entries that are not files, packages
    and documents that unpack to gigabytes, sheets sparse or many, runs that make
    patterns backtrack, a BOM before the header. ``full`` builds them at the size of the
    attack (the long run: ``bench/fuzz.py --big``); otherwise smaller, still over every
    limit, for the test suite. Each must be read or refused in seconds."""
    scale = 1 if full else 16
    xlsx = hostile.bill_xlsx()
    sheet = b'<row r="1">' + hostile.text_cell("A1", "费用项目") + hostile.text_cell("B1", "金额")
    sheet += b'</row><row r="2">' + hostile.text_cell("A2", "彩铃功能费")
    sheet += hostile.number_cell("B2", "5") + b"</row>"
    sms = _bill_sms().decode().replace("月固定费22元", "月固定费" + "1" * 100_000 + "元")
    built: dict[str, bytes] = {
        "core-xml-2gib.xlsx": hostile.member_bomb(xlsx, "docProps/core.xml", (2 << 30) // scale),
        "core-xml-method-98.xlsx": hostile.patch_member(xlsx, "docProps/core.xml", method=98),
        "core-xml-encrypted.xlsx": hostile.patch_member(xlsx, "docProps/core.xml", flags=1),
        "nested-100000.json": hostile.deep_json(100_000),
        "columns-a-and-xfd.xlsx": hostile.sparse_xlsx(20_000 // scale),
        "10000-sheets.xlsx": hostile.raw_xlsx([(f"s{i}", sheet) for i in range(10_000 // scale)]),
        "styles-bomb.xlsx": hostile.raw_xlsx(
            [("s", sheet)], styles=hostile.styles_bomb(2_000_000 // scale)
        ),
        "pdf-stream-bomb.pdf": hostile.pdf_bomb((1 << 30) // scale),
        "pdf-stream-on-500-pages.pdf": hostile.pdf_bomb((64 << 20) // scale, 500 // scale),
        "sms-100kb-digits.txt": sms.encode(),
        "bom-before-header.csv": b"\xef\xbb\xbf\xef\xbb\xbf" + hostile.bill_csv(),
        "json-2m-values.json": b"[" + b"[]," * (2_000_000 // scale) + b"[]]",
        "html-million-elements.html": b"<table>" + b"<td>" * (1_100_000 // scale),
        "csv-million-commas.csv": b"," * (3_000_000 // scale) + b"\n",
        "csv-long-cell.csv": f"费用项目,金额\n{'彩' * 40_000},5.00\n".encode(),
        "eml-20000-parts.eml": hostile.many_parts_eml(20_000 // scale),
        "eml-nested-999.eml": hostile.nested_eml(999),
    }
    cases = []
    for label, data in built.items():
        total = 3300 if label == "bom-before-header.csv" else None
        seed = Seed(f"hostile/{LINE}/{MONTH}-{label}", Path(label).suffix, data, total)
        cases.append(Case(seed, None, data, label))
    entries = {
        "fifo.xlsx": os.mkfifo,
        "dev-zero.json": lambda path: path.symlink_to("/dev/zero"),
        "link-loop.csv": lambda path: path.symlink_to(path.name),
    }
    for label, plant in entries.items():
        seed = Seed(f"hostile/{LINE}/{label}", Path(label).suffix, b"")
        cases.append(Case(seed, None, b"", label, plant=plant))
    return cases


# ------------------------------------------------------------------------------ checking


class CaseTimeout(BaseException):
    """Raised by the alarm when one read takes too long (a hang).

    A BaseException, so that neither a reader nor the registry's safety net can catch it.
    """


@dataclass
class Outcome:
    """What reading one case gave: the result (if any), the contract breaches, the time."""

    case: Case
    path: Path
    result: ReadResult | None
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0
    #: The process's highest resident memory while the case was read (0: not measured).
    peak_bytes: int = 0


def run_case(case: Case, folder: Path, timeout: int = 20, reference=None) -> Outcome:
    """Write ``case`` into ``folder``, read it, and check the reader contract on the result.

    ``reference`` is the seed's own reading (a :func:`digest`), compared against when the
    mutation keeps the meaning.
    """
    path = folder / _safe(case.label) / case.relative_path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    if case.plant is not None:
        case.plant(path)
    else:
        path.write_bytes(case.data)
    outcome = Outcome(case, path, None)
    _reset_peak()
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.alarm(timeout)
    started = time.perf_counter()
    try:
        outcome.result = read_file(path, ReadOptions())
    except CaseTimeout:
        outcome.problems.append(f"hang: no answer after {timeout} s")
    except Exception as exc:  # the contract says read_file never raises
        outcome.problems.append(f"escaped read_file: {type(exc).__name__}: {exc}")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
        outcome.seconds = time.perf_counter() - started
        outcome.peak_bytes = _peak()
    if outcome.result is not None:
        outcome.problems += check(outcome.result, path)
        keeps = case.mutation is not None and case.mutation.keeps_meaning
        if keeps and reference is not None and outcome.result.error is None:
            if digest(outcome.result) != reference:
                outcome.problems.append(f"wrong numbers: {case.mutation.name} changed the reading")
    return outcome


def _on_alarm(signum, frame):
    raise CaseTimeout


def _reset_peak() -> None:
    """Make the process's peak resident memory (VmHWM) its present one (Linux)."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def _peak() -> int:
    """The process's peak resident memory since :func:`_reset_peak` (0 where unknown)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _safe(label: str) -> str:
    return re.sub(r"[^\w.-]+", "_", label)[:120]


def check(result: ReadResult, path: Path) -> list[str]:
    """The reader contract's breaches in one result (empty when it holds)."""
    problems = []
    if result.path != str(path):
        problems.append(f"result names {result.path!r}, not the file read")
    if result.error is not None:
        problems += _check_error(result.error)
        return problems + edge_problems(result)
    for charge in result.charges:
        if type(charge.amount_fen) is not int:
            problems.append(f"amount is {type(charge.amount_fen).__name__}: {charge.locator}")
        problems += _check_line_and_month(charge.line, charge.period, charge.locator)
    for bill in result.bills:
        total = bill.stated_total_fen
        if total is not None and type(total) is not int:
            problems.append(f"stated total is {type(total).__name__}: {bill.locator}")
        problems += _check_line_and_month(bill.line, bill.period, bill.locator)
    for service in result.services:
        price = service.price_fen
        if price is not None and type(price) is not int:
            problems.append(f"price is {type(price).__name__}: {service.locator}")
    unknown = set(result.set_aside) - set(SET_ASIDE_REASONS)
    if unknown:
        problems.append(f"set-aside reasons outside the model: {sorted(unknown)}")
    if result.rows_read < 0 or any(n < 0 for n in result.set_aside.values()):
        problems.append("negative row counts")
    problems += _check_accounting(result) + unexplained_empty_bills(result)
    return problems + edge_problems(result)


def unexplained_empty_bills(result: ReadResult) -> list[str]:
    """Bills that state money but hold no charge, in a file with nothing unread: a silent
    misread. A bill marked partial (a message giving its totals only) says so itself."""
    if result.error is not None or result.unparseable:
        return []
    charged = {(c.line, c.period) for c in result.charges}
    return [
        f"bill {b.line} {b.period} states {b.stated_total_fen} fen, holds no charge, and "
        "nothing in the file is unread"
        for b in result.bills
        if b.stated_total_fen and (b.line, b.period) not in charged and not b.partial
    ]


def _check_accounting(result: ReadResult) -> list[str]:
    set_aside = sum(result.set_aside.values())
    accounted = result.rows_used + set_aside + len(result.unparseable)
    if result.reader in ONE_RECORD_PER_ROW and accounted != result.rows_read:
        return [
            f"row accounting: {result.rows_read} rows read, but {result.rows_used} used + "
            f"{set_aside} set aside + {len(result.unparseable)} unparseable = {accounted}"
        ]
    if set_aside > result.rows_read:
        return [f"row accounting: {set_aside} rows set aside of {result.rows_read} read"]
    return []


def _check_error(error: object) -> list[str]:
    if not isinstance(error, str) or not error.strip():
        return [f"error is not a message: {error!r}"]
    problems = []
    if "\n" in error or "\r" in error:
        problems.append(f"error spans lines: {error[:200]!r}")
    if "Traceback" in error:
        problems.append("error holds a traceback")
    if error.startswith(SAFETY_NET):
        problems.append(f"reader bug caught by the safety net: {error[:300]}")
    return problems


def _check_line_and_month(line: str, period: str, locator: str) -> list[str]:
    problems = []
    if not re.fullmatch(r"1[3-9]\d{9}", line or ""):
        problems.append(f"line {line!r} is not an 11-digit mobile: {locator}")
    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", period or ""):
        problems.append(f"month {period!r} is not YYYY-MM: {locator}")
    return problems


def check_total(result: ReadResult, total_fen: int) -> list[str]:
    """Breaches when a well-formed seed with a known sum does not read to that sum."""
    if result.error is not None:
        return [f"a well-formed seed failed: {result.error[:200]}"]
    parsed = sum(c.amount_fen for c in result.charges)
    if parsed != total_fen:
        return [f"wrong numbers: charges sum to {parsed} fen, the seed holds {total_fen}"]
    return []


def digest(result: ReadResult) -> tuple:
    """What a reading means, without where it came from: compared across re-encodings."""
    charges = Counter((c.line, c.period, c.category, c.item, c.amount_fen) for c in result.charges)
    services = Counter(
        (s.line, s.name, s.price_fen, s.effective, s.expires, s.status) for s in result.services
    )
    bills = Counter((b.line, b.period, b.stated_total_fen) for b in result.bills)
    return (result.error is None, result.kind, charges, services, bills)


def reference_digest(seed: Seed, folder: Path) -> tuple | None:
    """The seed's own reading, or None when the seed itself does not read."""
    path = folder / "reference" / seed.name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(seed.data)
    result = read_file(path, ReadOptions())
    return digest(result) if result.error is None else None
