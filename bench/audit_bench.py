"""Audit speed on many bills of the demo household's kind.

Generates ``--households`` copies of ``fixtures/household`` (15 bills and 6 service lists
each: statement XLSX, GBK/GB18030 long CSV, tab-separated statement CSV, three-sheet XLSX,
a UTF-8 long CSV), each copy with its own five line numbers, then times one full audit of the folder
(reading, the rules, the actions) and, separately, writing the Excel report.

    .venv/bin/python bench/audit_bench.py                    # 67 households = 1,005 bills
    .venv/bin/python bench/audit_bench.py --households 10

The copies go under ``bench/out/`` (git ignores it) and are reused when present.
"""

from __future__ import annotations

import argparse
import io
import resource
import shutil
import sys
import time
import zipfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from auditor.config import load_config  # noqa: E402
from auditor.pipeline import AuditOptions, run_audit  # noqa: E402
from auditor.writers.safe import Masker  # noqa: E402
from auditor.writers.xlsx import write_xlsx  # noqa: E402

HOUSEHOLD = ROOT / "fixtures" / "household"
LINES = ("13800001234", "18600005678", "18900189003", "19200001111", "14700002222")
#: The findings of one household (fixtures/HOUSEHOLD.md).
FINDINGS = 12
AS_OF = date(2026, 11, 5)


def renumber(data: bytes, numbers: dict[bytes, bytes], is_zip: bool) -> bytes:
    """Replace each line number in a file's bytes (inside every member of an XLSX)."""
    if not is_zip:
        for old, new in numbers.items():
            data = data.replace(old, new)
        return data
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            target.writestr(info, renumber(source.read(info), numbers, False))
    return out.getvalue()


def make_households(count: int, folder: Path) -> None:
    """Write ``count`` renumbered copies of the demo household under ``folder``."""
    marker = folder / f".complete-{count}"
    if marker.exists():
        return
    shutil.rmtree(folder, ignore_errors=True)
    sources = [p for p in HOUSEHOLD.rglob("*") if p.is_file() and p.suffix != ".toml"]
    for index in range(count):
        numbers = {line.encode(): f"{line[:3]}{index + 10_000_000:08d}".encode() for line in LINES}
        for source in sources:
            relative = str(source.relative_to(HOUSEHOLD))
            for old, new in numbers.items():
                relative = relative.replace(old.decode(), new.decode())
            target = folder / f"h{index:04d}" / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            data = renumber(source.read_bytes(), numbers, source.suffix == ".xlsx")
            target.write_bytes(data)
    marker.write_text("done")


def main() -> None:
    """Generate, audit, write, and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=67)
    args = parser.parse_args()
    folder = ROOT / "bench" / "out" / "households"
    make_households(args.households, folder)

    config = load_config(HOUSEHOLD / "auditor.toml")
    options = AuditOptions(as_of=AS_OF, known_services=config.known_services)
    started = time.perf_counter()
    report = run_audit([folder], options)
    audited = time.perf_counter() - started

    started = time.perf_counter()
    write_xlsx(report, folder.parent / "bench-report.xlsx", Masker())
    written = time.perf_counter() - started

    failed = [r for r in report.inputs if r.error]
    bills = len(report.bills)
    unreconciled = sum(b.bill.stated_total_fen != b.parsed_total_fen for b in report.bills)
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"households: {args.households}, files: {len(report.inputs)}, failed: {len(failed)}")
    print(f"bills: {bills}, charges: {len(report.charges)}, findings: {len(report.findings)}")
    print(f"bills not adding up: {unreconciled} (one per household is by design)")
    print(f"audit (read + rules + actions): {audited:.2f} s, {bills / audited:.0f} bills/s")
    print(f"excel report: {written:.2f} s")
    print(f"peak memory: {peak_mib:.0f} MiB")
    if failed or len(report.findings) != FINDINGS * args.households:
        sys.exit(f"unexpected result: every household should read and give its {FINDINGS} findings")


if __name__ == "__main__":
    main()
