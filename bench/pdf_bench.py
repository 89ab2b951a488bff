"""PDF reading speed: auditor's reader against pdfplumber's extract_tables on the same pages.

Run: ``.venv/bin/python bench/pdf_bench.py [--bills N] [--repeat R]``. It generates long
company statements into bench/out/pdf/ (git-ignored) with fixtures/make_pdfs.py, reads
each with :func:`auditor.readers.read_file` and checks every bill reconciles (stated
total = sum of charges), then runs pdfplumber's ``page.extract_tables()`` over the same
pages. It prints pages/s for both and the ratio; the target is auditor ≥ 5× pdfplumber.
Exit status 1 when a bill does not reconcile or the target is missed.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
from pathlib import Path

import pdfplumber

from auditor.readers import ReadOptions, read_file
from auditor.tables import bills_table

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out" / "pdf"
TARGET_RATIO = 5.0
MIN_PAGES = 200


def load_generator():
    """fixtures/make_pdfs.py as a module (fixtures/ is not a package)."""
    spec = importlib.util.spec_from_file_location("make_pdfs", ROOT / "fixtures" / "make_pdfs.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def generate(bills: int, repeat: int) -> list[Path]:
    """``bills`` long statements (``repeat`` × the usage sections each), one per month."""
    make_pdfs = load_generator()
    OUT.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(bills):
        month = f"{2024 + index // 12}-{index % 12 + 1:02d}"
        line = f"1390000{index:04d}"
        doc = make_pdfs.company_statement(line, month, repeat=repeat)
        paths.append(make_pdfs.save(doc, OUT / f"集团账单-{line}-{month}.pdf"))
    return paths


def measure(paths: list[Path]) -> tuple[float, float, int, list[str]]:
    """Seconds for auditor's ``read_file`` and for pdfplumber's ``extract_tables()`` on
    every page, the tables pdfplumber found, and the bills that failed or did not
    reconcile. Both are single-threaded and measured in CPU time (auditor's including its
    reading process's), file by file in turn, so other work on a shared machine skews
    the ratio as little as possible."""
    ours = theirs = 0.0
    tables = 0
    results = []
    for path in paths:
        start = cpu_seconds()
        results.append(read_file(path, ReadOptions()))
        ours += cpu_seconds() - start
        start = cpu_seconds()
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                tables += len(page.extract_tables())
        theirs += cpu_seconds() - start
    return ours, theirs, tables, reconciliation_problems(results)


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children: auditor reads a PDF in a
    child process (auditor.readers.bounded), whose time is the reading's time."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def reconciliation_problems(results: list) -> list[str]:
    """Bills that could not be read, or whose stated total is not the sum of charges."""
    problems = []
    for result in results:
        if result.error or not result.bills:
            problems.append(f"{result.path}: {result.error or 'no bill found'}")
    for bill in bills_table(results).itertuples():
        if bill.stated_total_fen != bill.parsed_total_fen:
            problems.append(
                f"{bill.source}: stated {bill.stated_total_fen} ≠ parsed {bill.parsed_total_fen}"
            )
    return problems


def main(argv: list[str] | None = None) -> int:
    """Generate, measure, print, and report whether the target was met."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bills", type=int, default=20, help="statements to generate")
    parser.add_argument("--repeat", type=int, default=5, help="usage sections per statement")
    args = parser.parse_args(argv)
    paths = generate(args.bills, args.repeat)
    pages = 0
    for path in paths:
        with pdfplumber.open(path) as pdf:
            pages += len(pdf.pages)
    if pages < MIN_PAGES:
        print(f"only {pages} pages generated; raise --bills or --repeat to reach {MIN_PAGES}")
        return 1
    ours, theirs, tables, problems = measure(paths)
    ours_rate, theirs_rate = pages / ours, pages / theirs
    print(f"{len(paths)} bills, {pages} pages")
    print(f"auditor read_file:          {ours:7.2f} s CPU  {ours_rate:8.1f} pages/s")
    print(f"pdfplumber extract_tables:  {theirs:7.2f} s CPU  {theirs_rate:8.1f} pages/s "
          f"({tables} tables)")  # fmt: skip
    ratio = ours_rate / theirs_rate
    print(f"ratio: {ratio:.1f}x (target ≥ {TARGET_RATIO:.0f}x)")
    for problem in problems:
        print("NOT RECONCILED:", problem)
    print(f"reconciled: {len(paths) - len(problems)}/{len(paths)} bills")
    return 0 if not problems and ratio >= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
