"""What issue 10's PDF target leaves for auditor once PDFium has read the pages.

The target: 100 PDF bills audited end to end at ten times the pages per second of
pdfplumber's ``extract_tables()`` alone. This runs, each as a process of its own on
``bench/scale.py``'s PDF workload (made there if missing):

- pdfplumber's ``extract_tables()`` on every page (the baseline);
- PDFium alone, as auditor's PDF reader calls it, with nothing made of what it gives:
  auditor's font laid under the fonts a PDF does not embed, each document opened, each
  page's text page loaded, its characters, their boxes, origins and text objects taken,
  on ``--jobs`` worker processes (a pool, as auditor reads);
- ``auditor audit`` end to end.

It prints each one's time and what the target allows end to end (a tenth of the
baseline's): the share PDFium alone takes of it is a floor no reader built on PDFium
goes under, and the rest is what interpreting the pages, the rules, the workbook, the
JSON and the history would have to fit in.

    .venv/bin/python bench/pdf_floor.py
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import scale

PDFIUM_ALONE = """
import ctypes, sys, pathlib
from multiprocessing import get_context
import pypdfium2 as pdfium, pypdfium2.raw as c
from auditor.readers.pdf_font import lay_bar_under_missing_fonts

lay_bar_under_missing_fonts()

def chars(path):
    document = pdfium.PdfDocument(path.read_bytes())
    box = c.FS_RECTF()
    x, y = ctypes.c_double(), ctypes.c_double()
    count = 0
    for index in range(len(document)):
        page = c.FPDF_LoadPage(document.raw, index)
        text = c.FPDFText_LoadPage(page)
        n = c.FPDFText_CountChars(text)
        buffer = (ctypes.c_ushort * (n + 1))()
        c.FPDFText_GetText(text, 0, n, buffer)
        for i in range(n):
            c.FPDFText_GetLooseCharBox(text, i, ctypes.byref(box))
            c.FPDFText_GetTextObject(text, i)
            c.FPDFText_GetCharOrigin(text, i, ctypes.byref(x), ctypes.byref(y))
        count += n
        c.FPDFText_ClosePage(text)
        c.FPDF_ClosePage(page)
    document.close()
    return count

paths = sorted(pathlib.Path(sys.argv[1]).glob("*.pdf"))
with get_context("fork").Pool(int(sys.argv[2])) as pool:
    print(sum(pool.map(chars, paths, chunksize=4)))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bills", type=int, default=100)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    scale.OUT.mkdir(parents=True, exist_ok=True)
    scale.compiled()
    folder = scale.pdfs(args.bills)
    theirs = scale.baseline(scale.PDFPLUMBER_TABLES, str(folder))
    pages = int(theirs.output.strip().splitlines()[-1])
    alone = scale.baseline(PDFIUM_ALONE, str(folder), str(args.jobs))
    report = scale.OUT / f"pdfs-{args.bills}.xlsx"
    mine = scale.auditor(folder, report)
    budget = theirs.seconds / 10
    print(f"{args.bills} PDF bills, {pages} pages:")
    print(f"  pdfplumber extract_tables:        {theirs.seconds:6.2f} s")
    print(f"  the target, end to end (a tenth): {budget:6.2f} s")
    print(
        f"  PDFium alone, {args.jobs} processes:        {alone.seconds:6.2f} s "
        f"({alone.seconds / budget:.0%} of the target's time)"
    )
    print(
        f"  auditor audit end to end:         {mine.seconds:6.2f} s "
        f"({pages / mine.seconds / (pages / theirs.seconds):.1f}× pdfplumber's pages/s)"
    )


if __name__ == "__main__":
    main()
