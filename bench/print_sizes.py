"""How large each sheet of a report prints on A4: the size its smallest text prints at
(its font's size times the scale the page shrinks it by), read two ways.

- From the workbook alone: each sheet's page set-up (orientation, a scale or fit to
  pages), its printed columns' widths, its rows' heights and the smallest font its cells
  use, the fit-to-page scale worked out as :mod:`auditor.writers.page` does.
- Printed (``--pdf``): LibreOffice prints the workbook (``soffice --headless``), and each
  page's smallest character is read with pdfplumber (the footer, never shrunk, left
  out), the page told by the sheet's name the footer carries. Slow for a company's
  thousands of rows: minutes.

    .venv/bin/python bench/print_sizes.py reports/demo.xlsx
    .venv/bin/python bench/print_sizes.py reports/demo.xlsx --pdf

Not part of ``make test``.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from auditor.writers import page  # noqa: E402 (after the path)

_A4 = (595.28, 841.89)  # points, portrait
_ATTR = re.compile(r'(\w+)="([^"]*)"')


def _attrs(xml: str, element: str) -> dict[str, str]:
    found = re.search(rf"<{element}\b([^>]*)/?>", xml)
    return dict(_ATTR.findall(found[1])) if found else {}


def _column_letters(reference: str) -> int:
    number = 0
    for letter in reference:
        number = number * 26 + ord(letter) - 64
    return number


def _fonts(book: zipfile.ZipFile) -> list[float]:
    """Each cell format's font size, by the format's index."""
    styles = book.read("xl/styles.xml").decode()
    fonts = re.search(r"<fonts[^>]*>(.*?)</fonts>", styles, re.S)[1]
    sizes = [float(m[1]) for m in re.finditer(r'<sz val="([\d.]+)"', fonts)]
    xfs = re.search(r"<cellXfs[^>]*>(.*?)</cellXfs>", styles, re.S)[1]
    return [sizes[int(m[1])] for m in re.finditer(r'<xf [^>]*fontId="(\d+)"', xfs)]


def _target(book: zipfile.ZipFile, part: str, kind: str) -> list[str]:
    """The parts of ``kind`` (``drawing``, ``chart``) the part ``part`` refers to."""
    folder, name = part.rsplit("/", 1)
    try:
        rels = book.read(f"{folder}/_rels/{name}.rels").decode()
    except KeyError:
        return []
    return [
        f"xl/{kind}s/{target}" for target in re.findall(rf'Target="\.\./{kind}s/([^"]+)"', rels)
    ]


def _chart_points(book: zipfile.ZipFile, sheet: str) -> float | None:
    """The smallest text of the charts in ``sheet`` (a part's name), in points: their
    sizes set, or 10 (a spreadsheet's default) where a legend or axis sets none."""
    sizes: list[float] = []
    for drawing in _target(book, sheet, "drawing"):
        for chart in _target(book, drawing, "chart"):
            xml = book.read(chart).decode()
            sizes += [int(size) / 100 for size in re.findall(r' sz="(\d+)"', xml)]
            for part in ("legend", "catAx", "valAx"):
                for element in re.findall(rf"<c:{part}>.*?</c:{part}>", xml, re.S):
                    if " sz=" not in element:
                        sizes.append(10.0)
    return min(sizes) if sizes else None


def from_workbook(path: Path) -> dict[str, dict]:
    """Each sheet's page set-up and the size its smallest text prints at, in points."""
    book = zipfile.ZipFile(path)
    names = re.findall(r'<sheet name="([^"]+)"', book.read("xl/workbook.xml").decode())
    areas = dict(
        re.findall(
            r'<definedName name="_xlnm.Print_Area" localSheetId="(\d+)">[^<]*?\$([A-Z]+)\$\d+<',
            book.read("xl/workbook.xml").decode(),
        )
    )
    fonts = _fonts(book)
    found = {}
    for number, name in enumerate(names, 1):
        xml = book.read(f"xl/worksheets/sheet{number}.xml").decode()
        setup, margins = _attrs(xml, "pageSetup"), _attrs(xml, "pageMargins")
        landscape = setup.get("orientation") == "landscape"
        wide, tall = (_A4[1], _A4[0]) if landscape else _A4
        wide -= (float(margins.get("left", 0.7)) + float(margins.get("right", 0.7))) * 72
        tall -= (float(margins.get("top", 0.75)) + float(margins.get("bottom", 0.75))) * 72
        last = _column_letters(areas[str(number - 1)]) if str(number - 1) in areas else None
        widths: dict[int, float] = {}
        for col in re.finditer(r"<col ([^>]*)/>", xml):
            attrs = dict(_ATTR.findall(col[1]))
            for each in range(int(attrs["min"]), int(attrs["max"]) + 1):
                widths[each] = float(attrs["width"]) - 0.71  # as set_column is given it
        used = [int(c) for c in re.findall(r'<c r="[A-Z]+\d+"(?: s="(\d+)")?', xml) if c]
        columns = last or max(
            [_column_letters(c) for c in re.findall(r'<c r="([A-Z]+)\d+"', xml)] or [1]
        )
        points = sum(
            page.column_points(widths.get(col, page.DEFAULT_WIDTH)) for col in range(1, columns + 1)
        )
        fit = 'fitToPage="1"' in xml
        if fit:
            scale = min(1.0, wide / points) if setup.get("fitToWidth", "1") != "0" else 1.0
            pages_tall = int(setup.get("fitToHeight", "1"))
            if pages_tall:
                heights = [float(h) for h in re.findall(r'<row r="\d+"[^>]* ht="([\d.]+)"', xml)]
                rows = len(re.findall(r"<row ", xml))
                height = sum(heights) + 15 * (rows - len(heights))
                scale = min(scale, tall * pages_tall / height)
            scale = int(scale * 100) / 100  # a whole per cent, as a program sets it
            how = f"fit {setup.get('fitToWidth', '1')} wide x {pages_tall or '-'} tall"
        else:
            scale = int(setup.get("scale", "100")) / 100
            how = f"scale {int(scale * 100)}%"
        smallest = min([fonts[s] for s in used] + [11.0])
        charts = _chart_points(book, f"xl/worksheets/sheet{number}.xml")
        if charts is not None:
            smallest = min(smallest, charts)
        found[name] = {
            "orientation": "landscape" if landscape else "portrait",
            "how": how,
            "repeated": bool(re.search(rf"_xlnm.Print_Titles\" localSheetId=\"{number - 1}\"",
                                       book.read("xl/workbook.xml").decode())),
            "points": smallest * scale,
            "fits": points * scale <= wide * 1.001,
        }  # fmt: skip
    return found


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
    sheets = from_workbook(arguments.workbook)
    shown = printed(arguments.workbook) if arguments.pdf else {}
    for name, each in sheets.items():
        line = (
            f"{name:16} {each['orientation']:9} {each['how']:18} "
            f"header repeated {'yes' if each['repeated'] else 'no ':3}  "
            f"{each['points']:5.1f} pt{'' if each['fits'] else ' (wider than its page)'}"
        )
        if name in shown:
            count, smallest = shown[name]
            line += f"   printed: {count:4} pages, smallest {smallest:5.2f} pt"
        print(line)


if __name__ == "__main__":
    main()
