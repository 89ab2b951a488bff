"""Reading alone, at company scale: the row-by-row readers, the fast paths, and the pool.

The inputs are bench/scale.py's (made there if missing): the company month (2,000 small
files), the 200,000-row CSV bill and the 100 PDF bills. For each, the files are read as
``auditor audit`` reads them (walk, report check, read_file), in one process with the
fast paths off (``fast=False`` on the tabular readers: every row through ``interpret``,
every workbook through openpyxl; each PDF in a forked child), with them on, then in a
pool of ``--jobs`` workers. Best of ``--repeat`` runs each; the readings must be equal.

    .venv/bin/python bench/read_bench.py                  # all three
    .venv/bin/python bench/read_bench.py company --jobs 2
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import scale

from auditor.inputs import input_files
from auditor.readers import READERS, ReadOptions
from auditor.readers.pool import default_jobs, read_files


def timed(paths: list[Path], options: ReadOptions, jobs: int, repeat: int):
    """The best wall time of ``repeat`` readings, and the last reading."""
    best, results = float("inf"), []
    for _ in range(repeat):
        started = time.perf_counter()
        results = list(read_files(paths, options, jobs))
        best = min(best, time.perf_counter() - started)
    return best, results


def fast_paths(on: bool) -> None:
    """Turn the tabular readers' fast paths on or off."""
    for reader in READERS:
        if hasattr(reader, "fast"):
            reader.fast = on


def bench(name: str, folder: Path, jobs: int, repeat: int) -> None:
    options = ReadOptions()
    paths = input_files([folder], options)
    fast_paths(False)
    slow, slow_results = timed(paths, options, 1, repeat)
    fast_paths(True)
    fast, fast_results = timed(paths, options, 1, repeat)
    pooled, pooled_results = timed(paths, options, jobs, repeat)
    assert fast_results == slow_results, "the fast paths read otherwise"
    assert pooled_results == fast_results, "the pool read otherwise"
    pages = sum(r.pages for r in fast_results)
    rows = sum(r.rows_read for r in fast_results)
    unit = f"{pages:,} pages" if pages else f"{rows:,} rows"
    print(f"{name}: {len(paths):,} files, {unit}")
    for what, seconds in (
        ("row by row, 1 process", slow),
        ("fast paths, 1 process", fast),
        (f"fast paths, {jobs} workers", pooled),
    ):
        rate = f"{pages / seconds:8.1f} pages/s" if pages else f"{rows / seconds:10,.0f} rows/s"
        print(f"  {what:26} {seconds:7.2f} s  {rate}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workloads", nargs="*", default=["company", "big-csv", "pdfs"])
    parser.add_argument("--jobs", type=int, default=default_jobs())
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    scale.OUT.mkdir(parents=True, exist_ok=True)
    folders = {
        "company": lambda: scale.company(1000, 19),
        "big-csv": lambda: scale.big_csv(200_000).parent,
        "pdfs": lambda: scale.pdfs(100),
    }
    for name in args.workloads:
        bench(name, folders[name](), args.jobs, args.repeat)


if __name__ == "__main__":
    main()
