"""Mutation fuzzing of the readers, shared by the bounded test and ``bench/fuzz.py``.

A *seed* is a well-formed input (a committed fixture, or a small generated one so that the
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

The seeds are :mod:`fuzzing_seeds`'s and the mutations :mod:`fuzzing_mutations`'s;
this module makes the cases (:func:`make_case`, the big and hostile ones), reads them
and checks the contract.
"""

from __future__ import annotations

import contextlib
import os
import random
import re
import signal
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import hostile
from fuzzing_mutations import Mutation, mutations_for
from fuzzing_seeds import LINE, MONTH, Seed, _bill_sms, long_csv, wide_cell_xlsx
from fuzzing_text import edge_problems

from auditor.model import SET_ASIDE_REASONS, ReadResult
from auditor.readers import ReadOptions, read_file

# Readers where every row read becomes exactly one charge, service, set-aside row or issue.
# (The SMS reader counts each record of a line as a row; a PDF issue can be a whole page.)
ONE_RECORD_PER_ROW = ("csv", "xlsx", "portal-json", "sms", "html", "mht", "eml")

# Prefixes the registry gives to exceptions its safety net catches (English, Chinese): each
# one is a reader bug.
SAFETY_NET = ("could not be read (", "无法读取（")


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
