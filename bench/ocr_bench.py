"""OCR: seconds a screen and a scanned page, screens a second in the pool, and how much of
what the fixtures show was read right.

The inputs are ``fixtures/ocr`` (``fixtures/make_screens.py``): the household's service
lists as phone screenshots (one of them a long one of six cards), its bills as scanned
PDF pages, and line A's bill-detail screen (light, dark, one digit blurred).

- Speed: each picture read ``--repeat`` times in this process (the models loaded once,
  onnxruntime on every core), best time kept, wall and CPU; each scanned PDF likewise,
  per page; then every file at once by the reading pool of ``--jobs`` workers, as
  ``auditor audit`` reads them.
- Accuracy, against what the household's exports hold (fixtures/HOUSEHOLD.md): every
  charge, stated total and service price is an amount; every item and service name
  and service date is text, compared a character at a time (edit distance) with the
  name read in its place. An amount unread (its row below the confidence threshold)
  counts as wrong, as does one read wrong.

    .venv/bin/python bench/ocr_bench.py
    .venv/bin/python bench/ocr_bench.py --repeat 1 --jobs 2
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

from auditor.model import ReadResult
from auditor.readers import ReadOptions, read_file
from auditor.readers.pool import default_jobs, read_files
from auditor.values import nfkc

ROOT = Path(__file__).resolve().parent.parent
OCR = ROOT / "fixtures" / "ocr"
HOUSEHOLD = ROOT / "fixtures" / "household"
SCREENS = OCR / "screens"


def in_process(path: Path, repeat: int) -> tuple[float, float, ReadResult]:
    """Best wall and CPU seconds of reading ``path`` by OCR in this process."""
    from auditor.readers import bounded

    # Read here, unbounded, as where processes cannot be forked: not in a forked child,
    # whose models would load for each file (about a second), as a pool worker's stay.
    can_bound, bounded.can_bound = bounded.can_bound, lambda: False
    best_wall = best_cpu = float("inf")
    result = ReadResult(path=str(path))
    try:
        for _ in range(repeat):
            wall, cpu = time.perf_counter(), time.process_time()
            result = read_file(path, ReadOptions())
            best_wall = min(best_wall, time.perf_counter() - wall)
            best_cpu = min(best_cpu, time.process_time() - cpu)
    finally:
        bounded.can_bound = can_bound
    return best_wall, best_cpu, result


def distance(a: str, b: str) -> int:
    """Edit distance between ``a`` and ``b``."""
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        previous, row[0] = row[0], i
        for j, y in enumerate(b, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (x != y))
    return row[-1]


def texts(result: ReadResult) -> list[str]:
    """The names and service dates a reading holds."""
    found = [c.item or c.section for c in result.charges]
    for s in result.services:
        found.append(s.name)
        found += [str(d) for d in (s.ordered, s.effective, s.expires, s.cancelled) if d]
    return [nfkc(t) for t in found]


def amounts(result: ReadResult) -> Counter:
    """Every amount a reading holds, by line, month and what it is for."""
    found = Counter((c.line, c.period, nfkc(c.item).replace(" ", ""), c.amount_fen)
                    for c in result.charges)  # fmt: skip
    found.update((b.line, b.period, "total", b.stated_total_fen) for b in result.bills)
    found.update((s.line, "", nfkc(s.name).replace(" ", ""), s.price_fen) for s in result.services)
    return found


def accuracy(read: list[ReadResult], truth: list[ReadResult]) -> tuple[int, int, int, int]:
    """(characters right, characters, amounts right, amounts) of ``read`` against ``truth``."""
    got_texts = [t for r in read for t in texts(r)]
    chars_right = chars = 0
    for expected in (t for r in truth for t in texts(r)):
        best = min((distance(expected, got) for got in got_texts), default=len(expected))
        chars += len(expected)
        chars_right += max(len(expected) - best, 0)
    want = Counter()
    for r in truth:
        want.update(amounts(r))
    got = Counter()
    for r in read:
        got.update(amounts(r))
    right = sum(min(count, got[key]) for key, count in want.items())
    return chars_right, chars, right, sum(want.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--jobs", type=int, default=default_jobs())
    args = parser.parse_args()
    pictures = sorted(
        p for p in OCR.rglob("*") if p.suffix in (".png", ".jpg") and "bad" not in p.parts
    )
    scans = sorted(OCR.rglob("*.pdf"))

    # The pool first: its workers are forked, and onnxruntime's threads would not survive
    # a fork of this process once it has loaded the models itself.
    every = [*pictures, *scans]
    started = time.perf_counter()
    pooled = list(read_files(every, ReadOptions(), args.jobs))
    took = time.perf_counter() - started
    assert all(r.error is None for r in pooled), [r.error for r in pooled if r.error]
    pages = sum(r.pages for r in pooled if r.path.endswith(".pdf"))
    done = len(pictures) + pages
    rate = done / took
    print(
        f"pool of {args.jobs}: {len(every)} files ({len(pictures)} screens, {pages} pages) "
        f"in {took:.1f} s, {rate:.2f} screens or pages/s (models loaded once a worker)"
    )

    print(f"screens ({len(pictures)}), in one process on every core, best of {args.repeat}:")
    screen_wall = screen_cpu = 0.0
    read: dict[Path, ReadResult] = {}
    in_process(pictures[0], 1)  # the models' loading is not a screen's time
    for path in pictures:
        wall, cpu, result = in_process(path, args.repeat)
        read[path] = result
        screen_wall, screen_cpu = screen_wall + wall, screen_cpu + cpu
        print(f"  {path.relative_to(OCR)}: {wall:.2f} s ({cpu:.2f} s CPU)")
    n = len(pictures)
    print(f"  {screen_wall / n:.2f} s a screen ({screen_cpu / n:.2f} s CPU), "
          f"{n / screen_wall:.2f} screens/s")  # fmt: skip

    print(f"scanned PDFs ({len(scans)}):")
    page_wall = page_cpu = 0.0
    pages = 0
    for path in scans:
        wall, cpu, result = in_process(path, args.repeat)
        read[path] = result
        pages += result.pages
        page_wall, page_cpu = page_wall + wall, page_cpu + cpu
        print(f"  {path.relative_to(OCR)}: {result.pages} pages, {wall:.2f} s ({cpu:.2f} s CPU)")
    print(f"  {page_wall / pages:.2f} s a page ({page_cpu / pages:.2f} s CPU), "
          f"{pages / page_wall:.2f} pages/s")  # fmt: skip

    truth_files = [p for p in HOUSEHOLD.rglob("*") if p.suffix in (".csv", ".xlsx")]
    truth = [read_file(p, ReadOptions()) for p in truth_files]
    household = [r for p, r in read.items() if (OCR / "household") in p.parents]
    chars_right, chars, right, total = accuracy(household, truth)
    october = read_file(HOUSEHOLD / "china-mobile" / "中国移动账单-2026年10月.xlsx", ReadOptions())
    for path in sorted(SCREENS.glob("*.png")):
        c_r, c, a_r, a = accuracy([read[path]], [october])
        chars_right, chars, right, total = chars_right + c_r, chars + c, right + a_r, total + a
    print(f"accuracy: characters {chars_right}/{chars} ({chars_right / chars:.1%}), "
          f"amounts {right}/{total} ({right / total:.1%}) right")  # fmt: skip
    unread = sum(len(r.unparseable) for r in read.values())
    print(f"rows unread (a figure under the confidence threshold, or no text): {unread}")


if __name__ == "__main__":
    sys.exit(main())
