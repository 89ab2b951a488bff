"""How each sheet of a workbook prints on A4, read from the workbook alone: shared by
test_print_setup.py and ``bench/print_sizes.py`` (which prints it through LibreOffice
too).

Each sheet's page set-up (orientation, paper, a scale or fit to pages, the rows repeated
on each page, its manual column breaks) and the points its smallest text prints at: the
smallest font its cells use (a chart's words too) times the scale its page shrinks it by
(fit to the page's width, the scale its printed columns' widths leave, as
:mod:`auditor.writers.page` works it out, in whole per cent as a spreadsheet sets it).
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from auditor.writers import page

_A4 = (595.28, 841.89)  # points, portrait
_ATTR = re.compile(r'(\w+)="([^"]*)"')
#: A chart's words where it sets no size (a legend's, an axis'), as a spreadsheet draws them.
CHART_DEFAULT = 10.0


@dataclass(frozen=True)
class PrintedSheet:
    """How one sheet prints: ``fit`` its pages wide and tall when fit to pages (0: as
    many as it takes), else None and ``scale`` its per cent; ``repeated`` the rows each
    page repeats (``4:4``), ``col_breaks`` the columns a page starts at (0-based);
    ``points`` the size its smallest text prints at; ``fits`` whether its printed
    columns fit the page's width at that scale."""

    orientation: str
    paper: int
    fit: tuple[int, int] | None
    scale: int
    repeated: str | None
    col_breaks: list[int]
    points: float
    fits: bool


def _attrs(xml: str, element: str) -> dict[str, str]:
    found = re.search(rf"<{element}\b([^>]*)/?>", xml)
    return dict(_ATTR.findall(found[1])) if found else {}


def _column(letters: str) -> int:
    """A column's letters as its number (``A`` 1)."""
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def _fonts(book: zipfile.ZipFile) -> list[float]:
    """Each cell format's font size, by the format's index."""
    styles = book.read("xl/styles.xml").decode()
    fonts = re.search(r"<fonts[^>]*>(.*?)</fonts>", styles, re.S)[1]
    sizes = [float(m[1]) for m in re.finditer(r'<sz val="([\d.]+)"', fonts)]
    xfs = re.search(r"<cellXfs[^>]*>(.*?)</cellXfs>", styles, re.S)[1]
    return [sizes[int(m[1])] for m in re.finditer(r'<xf [^>]*fontId="(\d+)"', xfs)]


def _parts(book: zipfile.ZipFile, part: str, kind: str) -> list[str]:
    """The parts of ``kind`` (``drawing``, ``chart``) the part ``part`` refers to."""
    folder, name = part.rsplit("/", 1)
    try:
        rels = book.read(f"{folder}/_rels/{name}.rels").decode()
    except KeyError:
        return []
    return [f"xl/{kind}s/{found}" for found in re.findall(rf'Target="\.\./{kind}s/([^"]+)"', rels)]


def chart_points(book: zipfile.ZipFile, sheet: str) -> float | None:
    """The smallest words of the charts on ``sheet`` (its part's name), in points: the
    sizes they set, and :data:`CHART_DEFAULT` for a legend or axis that sets none; None
    without a chart."""
    sizes: list[float] = []
    for drawing in _parts(book, sheet, "drawing"):
        for chart in _parts(book, drawing, "chart"):
            xml = book.read(chart).decode()
            sizes += [int(size) / 100 for size in re.findall(r' sz="(\d+)"', xml)]
            for part in ("legend", "catAx", "valAx"):
                for element in re.findall(rf"<c:{part}>.*?</c:{part}>", xml, re.S):
                    if " sz=" not in element:
                        sizes.append(CHART_DEFAULT)
    return min(sizes) if sizes else None


def printed_sheets(data: bytes) -> dict[str, PrintedSheet]:
    """Each sheet of the workbook ``data`` (by name, in order) as it prints on A4."""
    book = zipfile.ZipFile(io.BytesIO(data))
    workbook = book.read("xl/workbook.xml").decode()
    names = re.findall(r'<sheet name="([^"]+)"', workbook)
    areas = dict(
        re.findall(
            r'<definedName name="_xlnm.Print_Area" localSheetId="(\d+)">[^<]*?\$([A-Z]+)\$\d+<',
            workbook,
        )
    )
    titles = dict(
        re.findall(
            r'<definedName name="_xlnm.Print_Titles" localSheetId="(\d+)">([^<]*)<', workbook
        )
    )
    fonts = _fonts(book)
    found = {}
    for index, name in enumerate(names):
        part = f"xl/worksheets/sheet{index + 1}.xml"
        xml = book.read(part).decode()
        setup, margins = _attrs(xml, "pageSetup"), _attrs(xml, "pageMargins")
        landscape = setup.get("orientation") == "landscape"
        wide, tall = (_A4[1], _A4[0]) if landscape else _A4
        wide -= (float(margins.get("left", 0.7)) + float(margins.get("right", 0.7))) * 72
        tall -= (float(margins.get("top", 0.75)) + float(margins.get("bottom", 0.75))) * 72
        widths: dict[int, float] = {}
        for col in re.finditer(r"<col ([^>]*)/>", xml):
            attrs = dict(_ATTR.findall(col[1]))
            for each in range(int(attrs["min"]), int(attrs["max"]) + 1):
                widths[each] = float(attrs["width"]) - 0.71  # as set_column is given it
        cells = re.findall(r'<c r="([A-Z]+)\d+"(?: s="(\d+)")?', xml)
        last = _column(areas[str(index)]) if str(index) in areas else None
        last = last or max([_column(letters) for letters, _ in cells] or [1])
        breaks = re.search(r"<colBreaks.*?</colBreaks>", xml)
        col_breaks = [int(at) for at in re.findall(r'<brk id="(\d+)"', breaks[0])] if breaks else []
        if col_breaks:  # the table's page: the columns before the first break
            last = min(last, col_breaks[0])
        columns = sum(
            page.column_points(widths.get(col, page.DEFAULT_WIDTH)) for col in range(1, last + 1)
        )
        fit = None
        if 'fitToPage="1"' in xml:
            fit = (int(setup.get("fitToWidth", "1")), int(setup.get("fitToHeight", "1")))
            ratio = min(1.0, wide * fit[0] / columns) if fit[0] else 1.0
            if fit[1]:
                heights = [float(h) for h in re.findall(r'<row r="\d+"[^>]* ht="([\d.]+)"', xml)]
                rows = len(re.findall(r"<row ", xml))
                height = sum(heights) + 15 * (rows - len(heights))
                ratio = min(ratio, tall * fit[1] / height)
            scale = int(ratio * 100)  # a whole per cent, as a spreadsheet sets it
        else:
            scale = int(setup.get("scale", "100"))
        smallest = min([fonts[int(style)] for _, style in cells if style] + [11.0])
        charts = chart_points(book, part)
        if charts is not None:
            smallest = min(smallest, charts)
        repeated = titles.get(str(index))
        found[name] = PrintedSheet(
            orientation="landscape" if landscape else "portrait",
            paper=int(setup.get("paperSize", "1")),
            fit=fit,
            scale=scale,
            repeated=repeated and repeated.split("!")[-1].replace("$", ""),
            col_breaks=col_breaks,
            points=smallest * scale / 100,
            fits=columns * scale / 100 <= wide * 1.001,
        )  # fmt: skip
    return found
