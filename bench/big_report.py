"""A report longer than Excel's sheet: the cost of 1.1 million charges, end to end.

Writes ``--charges`` charges as long-format CSV bills (one file per line, the months of
2026 in turn; calls, data and texts, none a finding), then runs ``auditor audit`` on them
once as a user would and prints the exit status, the wall time, the peak memory and the
report's sheets. Excel holds 1,048,576 rows a sheet, so the default 1,100,000 charges
need a second Charges sheet.

    .venv/bin/python bench/big_report.py                      # 1,100,000 charges
    .venv/bin/python bench/big_report.py --charges 200000

The bills and the report go under ``bench/out/big/`` (git ignores it).
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import time
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out" / "big"
ITEMS = (("语音通话费", "国内通话费"), ("上网费", "国内流量费"), ("短信费", "国内短信费"))
HEADER = "号码,费用月份,费用类型,项目名称,费用（元）,服务提供商"


def make_bills(charges: int, files: int, folder: Path) -> None:
    """``charges`` charges over ``files`` CSV bills in ``folder`` (kept when already there)."""
    marker = folder / f".complete-{charges}-{files}"
    if marker.exists():
        return
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*"):
        old.unlink()
    for index in range(files):
        line = f"186{index:08d}"
        count = charges // files + (charges % files if index == files - 1 else 0)
        rows = [HEADER]
        for i in range(count):
            category, item = ITEMS[i % len(ITEMS)]
            month = 1 + i * 12 // count
            rows.append(f"{line},2026-{month:02d},{category},{item},0.{i % 90 + 10},")
        (folder / f"联通账单-{line}.csv").write_text("\n".join(rows) + "\n", "utf-8")
    marker.touch()


def sheet_names(report: Path) -> list[str]:
    """The sheet names of an ``.xlsx`` file (read-only: the rows are not loaded)."""
    book = openpyxl.load_workbook(report, read_only=True)
    try:
        return book.sheetnames
    finally:
        book.close()


def main() -> int:
    """Generate the bills, audit them once, print what it cost."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--charges", type=int, default=1_100_000)
    parser.add_argument("--files", type=int, default=12)
    args = parser.parse_args()
    bills, report = OUT / "bills", OUT / "report.xlsx"
    make_bills(args.charges, args.files, bills)
    command = [sys.executable, "-m", "auditor", "audit", str(bills), "-o", str(report)]
    # An audit of its own: no history (not the user's), dated no later than today.
    command += ["--json", str(OUT / "report.json"), "--as-of", "2026-11-20", "--no-history", "-q"]
    start = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024**2  # KiB on Linux
    print(f"{args.charges:,} charges in {args.files} files: exit {result.returncode}, ", end="")
    print(f"{seconds:.0f} s, peak {peak:.1f} GiB")
    if result.stderr:
        print(result.stderr, end="")
    if result.returncode == 0:
        print(f"{report.stat().st_size / 1024**2:.0f} MiB:", ", ".join(sheet_names(report)))
    return result.returncode


if __name__ == "__main__":
    raise SystemExit(main())
