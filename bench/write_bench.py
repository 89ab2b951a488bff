"""Writing the report, alone: auditor's Excel and JSON writers next to pandas' ``to_excel``.

Two reports, each built in a process of its own straight from records (no file is read,
so the figures are the writers' own, whatever reading costs):

- ``charges``: one line's 200,000-charge bill (``--rows``), as ``bench/scale.py``'s
  ``big-csv`` reads it: a Charges sheet of 200,000 rows and 11 columns, one bill.
- ``findings``: 3,000 unknown value-added services (``--findings``) over 112 lines, each a
  finding with its steps: a Findings sheet of 3,000 rows (the Actions sheet gives each
  service's steps once), as ``bench/scale.py``'s ``pdfs`` workload gives.

For each, after the report is built: the time and peak memory of ``render_xlsx`` and of
``render_json``, and, in the same process, of the baseline, pandas'
``DataFrame(rows).to_excel(engine="xlsxwriter")`` of the report's largest sheets
(Charges; Findings and Actions) with the rows a user would dump. Peak memory is what
the step adds over the memory held before it (the kernel's high-water mark is reset
before each step, ``/proc/self/clear_refs``).

    .venv/bin/python bench/write_bench.py                     # both
    .venv/bin/python bench/write_bench.py charges --rows 50000
    .venv/bin/python bench/write_bench.py findings --profile  # where the time goes

Exit status 1 when auditor's workbook takes longer than the baseline's.
"""

from __future__ import annotations

import argparse
import gc
import io
import json
import re
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AS_OF = date(2026, 11, 5)
LINE = "13800001234"


# ----------------------------------------------------------------------------- measuring


def _memory_kib() -> tuple[int, int]:
    """(peak since the last reset, now) resident memory of this process, in KiB."""
    status = Path("/proc/self/status").read_text()
    peak = int(re.search(r"VmHWM:\s+(\d+)", status)[1])
    now = int(re.search(r"VmRSS:\s+(\d+)", status)[1])
    return peak, now


@dataclass
class Step:
    """One measured step: its wall and CPU time and the memory it added at its peak."""

    seconds: float
    cpu: float
    peak_mib: float


def measure(step: Callable[[], object]) -> tuple[Step, object]:
    """Run ``step`` once; its time, and its peak memory above what was held before it."""
    gc.collect()
    Path("/proc/self/clear_refs").write_text("5")  # the peak starts again from now
    _, before = _memory_kib()
    started, cpu = time.perf_counter(), time.process_time()
    result = step()
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    peak, _ = _memory_kib()
    return Step(seconds, cpu, (peak - before) / 1024), result


# ----------------------------------------------------------------------------- reports


def charges_report(rows: int):
    """One line's month of ``rows`` charges, as bench/scale.py's big CSV bill reads."""
    from auditor.categories import categorise
    from auditor.model import Bill, Charge, ReadResult
    from auditor.pipeline import AuditOptions, audit_results

    source = "bench/out/scale/big-200000/13800001234-2026年10月.csv"
    items = (
        ("套餐外语音通信费", "国内主叫"),
        ("套餐外上网费", "国内流量"),
        ("套餐外短信费", "短信"),
    )
    charges = []
    for index in range(rows):
        section, item = items[index % 3]
        charges.append(
            Charge(
                LINE,
                "2026-10",
                categorise(section, item),
                f"{item}{index}",
                index * 37 % 500,
                section=section,
                carrier="china-mobile",
                source=source,
                locator=f"row {index + 2}",
            )
        )
    total = sum(c.amount_fen for c in charges)
    result = ReadResult(
        path=source,
        sha256="0" * 64,
        reader="csv",
        kind="bill",
        carrier="china-mobile",
        charges=charges,
        bills=[Bill(LINE, "2026-10", total, "china-mobile", source, f"row {rows + 2}")],
        rows_read=rows + 2,
    )
    return audit_results([result], AuditOptions(as_of=AS_OF))


def findings_report(findings: int):
    """``findings`` unknown value-added services, 27 a line, each billed one month."""
    from auditor.model import Bill, Charge, ReadResult
    from auditor.pipeline import AuditOptions, audit_results

    results = []
    per_line = 27
    for number in range(-(-findings // per_line)):
        line = f"1390000{number:04d}"
        source = f"bench/out/write/集团账单-{line}-2026年10月.pdf"
        count = min(per_line, findings - number * per_line)
        charges = [
            Charge(line, "2026-10", "plan", "集团套餐", 5800, "套餐及固定费"),
            *(
                Charge(line, "2026-10", "vas", f"增值业务{k:02d}号会员包", 500, "增值业务费")
                for k in range(count)
            ),
        ]
        for row, charge in enumerate(charges, 1):
            charge.carrier, charge.source, charge.locator = (
                "china-mobile",
                source,
                f"page 2 line {row}",
            )
        total = sum(c.amount_fen for c in charges)
        results.append(
            ReadResult(
                path=source,
                sha256=f"{number:064x}",
                reader="pdf",
                kind="bill",
                carrier="china-mobile",
                charges=charges,
                bills=[Bill(line, "2026-10", total, "china-mobile", source, "page 3")],
                rows_read=len(charges) + 1,
            )
        )
    return audit_results(results, AuditOptions(as_of=AS_OF))


# ----------------------------------------------------------------------------- baseline


def pandas_to_excel(tables: dict[str, tuple[list[str], list[list]]]) -> bytes:
    """Each table as a DataFrame, written by ``to_excel(engine="xlsxwriter")``; a table
    longer than a sheet on as many sheets as it takes, as the report does."""
    import pandas as pd

    per_sheet = 1_048_575  # Excel's rows, less the header
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="xlsxwriter") as writer:
        for name, (columns, rows) in tables.items():
            for part, start in enumerate(range(0, max(len(rows), 1), per_sheet), 1):
                frame = pd.DataFrame(rows[start : start + per_sheet], columns=columns)
                sheet = name if part == 1 else f"{name} ({part})"
                frame.to_excel(writer, sheet_name=sheet, index=False)
    return buffer.getvalue()


# ----------------------------------------------------------------------------- a workload


def child(workload: str, size: int, profile: bool) -> dict:
    """Build one report and measure each writer on it (in this process)."""
    from auditor.writers import Masker, listings, render_json, render_xlsx
    from auditor.writers.xlsx import report_listings

    started = time.perf_counter()
    report = charges_report(size) if workload == "charges" else findings_report(size)
    built = time.perf_counter() - started
    mask = Masker(personal=report.personal_texts)
    if profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.runcall(render_xlsx, report, mask)
        profiler.runcall(render_json, report, mask)
        pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(25)
    xlsx, workbook = measure(lambda: render_xlsx(report, mask))
    js, text = measure(lambda: render_json(report, mask))
    # The report's own Findings, Actions and Charges lists, as render_xlsx makes them.
    wanted = (listings.FINDINGS, listings.ACTIONS, listings.CHARGES)
    listings = [
        listing for listing in report_listings(report) if listing.name in wanted and listing.rows
    ]
    tables = {
        listing.title: ([column.title for column in listing.columns], list(listing.rows))
        for listing in listings
    }
    base, theirs = measure(lambda: pandas_to_excel(tables))
    cells = sum(len(rows) * len(columns) for columns, rows in tables.values())
    return {
        "built": built,
        "findings": len(report.findings),
        "rows": {name: len(rows) for name, (_, rows) in tables.items()},
        "cells": cells,
        "xlsx": [xlsx.seconds, xlsx.cpu, xlsx.peak_mib, len(workbook)],
        "json": [js.seconds, js.cpu, js.peak_mib, len(text.encode("utf-8"))],
        "baseline": [base.seconds, base.cpu, base.peak_mib, len(theirs)],
    }


def show(workload: str, figures: dict) -> bool:
    """Print one workload's figures; True when auditor's workbook is no slower."""
    rows = ", ".join(f"{name} {count:,}" for name, count in figures["rows"].items())
    print(f"{workload}: {figures['findings']:,} findings; {rows} rows ({figures['cells']:,} cells)")
    for name, key in (
        ("auditor workbook", "xlsx"),
        ("auditor JSON", "json"),
        ("pandas to_excel", "baseline"),
    ):
        seconds, cpu, peak, size = figures[key]
        print(
            f"  {name + ':':18} {seconds:6.2f} s ({cpu:6.2f} s CPU), +{peak:5.0f} MiB, "
            f"{size / 2**20:5.1f} MiB written"
        )
    ratio = figures["xlsx"][0] / figures["baseline"][0]
    cpu = figures["xlsx"][1] / figures["baseline"][1]
    print(
        f"  auditor/baseline time: {ratio:.2f}, CPU time: {cpu:.2f} "
        f"(report built in {figures['built']:.1f} s)"
    )
    return ratio <= 1.0


def main() -> None:
    """Run each workload in a process of its own and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workloads", nargs="*", default=["charges", "findings"])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--findings", type=int, default=3_000)
    parser.add_argument("--profile", action="store_true", help="cProfile the writers first")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        size = args.rows if args.child == "charges" else args.findings
        print(json.dumps(child(args.child, size, args.profile)))
        return
    met = []
    for workload in args.workloads:
        command = [sys.executable, __file__, "--child", workload, "--rows", str(args.rows)]
        command += ["--findings", str(args.findings)] + (["--profile"] if args.profile else [])
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            sys.exit(f"{workload} failed:\n{done.stderr[-3000:]}")
        if args.profile:
            print(done.stderr)
        met.append(show(workload, json.loads(done.stdout.splitlines()[-1])))
    if not all(met):
        sys.exit(1)


if __name__ == "__main__":
    main()
