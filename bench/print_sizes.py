"""How large each sheet of a report prints on A4: the size its smallest text prints at
(its font's size times the scale the page shrinks it by), read two ways.

- From the workbook alone (``tests/printed_pages.py``, which the tests use too): each
  sheet's page set-up (orientation, a scale or fit to pages), its printed columns'
  widths, its rows' heights and the smallest font its cells and charts use, the
  fit-to-page scale worked out as :mod:`auditor.writers.page` does.
- Printed (``--pdf``): LibreOffice prints the workbook (``soffice --headless``), and each
  page's smallest character is read with pdfplumber (the footer, never shrunk, left
  out), the page told by the sheet's name the footer carries. Slow for a company's
  thousands of rows: minutes.

    .venv/bin/python bench/print_sizes.py reports/demo.xlsx
    .venv/bin/python bench/print_sizes.py reports/demo.xlsx --pdf

Not part of ``make test``: tests/test_print_setup.py holds the demo's sheets to 8 points.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from printed_pages import printed_sheets  # noqa: E402 - the shared reading lives with the tests


def printed(path: Path) -> dict[str, tuple[int, float]]:
    """Each sheet's pages and smallest character (its footer left out), printed by
    LibreOffice."""
    import pdfplumber

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("LibreOffice (soffice) is not installed")
    with tempfile.TemporaryDirectory() as folder:
        profile = Path(folder, "profile").as_uri()
        subprocess.run(
            [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
             "--outdir", folder, str(path)],
            check=True, capture_output=True,
        )  # fmt: skip
        pages: dict[str, list[float]] = defaultdict(list)
        counts: dict[str, int] = defaultdict(int)
        with pdfplumber.open(Path(folder, path.stem + ".pdf")) as pdf:
            for sheet in pdf.pages:
                # The bottom margin holds the footer alone; a chart below the page's last
                # row is drawn there too, cut off by the page's edge: its words are not
                # on paper.
                footer = sheet.height - 0.6 * 72
                words = [w for w in sheet.extract_words() if footer < w["top"] < sheet.height]
                line = max(words, key=lambda w: w["x1"])["top"] if words else 0  # page n of m
                middle = " ".join(
                    w["text"] for w in words
                    if abs(w["top"] - line) < 1
                    and 0.35 < w["x0"] / sheet.width and w["x1"] / sheet.width < 0.65
                )  # fmt: skip
                counts[middle] += 1
                pages[middle] += [c["size"] for c in sheet.chars if 0 <= c["top"] < footer]
    return {name: (counts[name], min(pages[name] or [0])) for name in counts}


def main() -> None:
    """Print each sheet's page set-up and the points it prints at."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("workbook", type=Path)
    parser.add_argument("--pdf", action="store_true", help="print it with LibreOffice too")
    arguments = parser.parse_args()
    sheets = printed_sheets(arguments.workbook.read_bytes())
    shown = printed(arguments.workbook) if arguments.pdf else {}
    for name, each in sheets.items():
        how = f"scale {each.scale}%"
        if each.fit is not None:
            how = f"fit {each.fit[0] or '-'} wide x {each.fit[1] or '-'} tall"
        line = (
            f"{name:16} {each.orientation:9} {how:18} "
            f"repeats {each.repeated or '-':5}  {each.points:5.1f} pt"
            f"{'' if each.fits else ' (wider than its page)'}"
        )
        if name in shown:
            count, smallest = shown[name]
            line += f"   printed: {count:4} pages, smallest {smallest:5.2f} pt"
        print(line)


if __name__ == "__main__":
    main()
