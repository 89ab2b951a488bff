"""The pages of a PDF that have no text layer (a scan, a bill printed to an image),
rendered by PDFium and read by OCR into text lines standing in the page's points, as
the text of the other pages stands, so that one layout reads them all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from auditor.readers.base import ReadOptions
from auditor.readers.bounded import Progress, sharing_cores
from auditor.readers.ocr_layout import LineReading, picture_lines
from auditor.readers.pdf_layout import TextLine
from auditor.readers.pdf_open import open_document

#: Resolution a scanned page is rendered at: a scan's 10 pt text is 28 pixels high,
#: what the recogniser reads best; a page of A4 is 1,654 × 2,339 pixels.
RENDER_DPI = 200


@dataclass
class ScannedPages:
    """What OCR read of a PDF's pages without text: their lines (in points), what OCR
    knows of each line, and the pages where it found no text either."""

    lines: list[TextLine] = field(default_factory=list)
    readings: dict[str, LineReading] = field(default_factory=dict)
    blank: list[int] = field(default_factory=list)


def ocr_pages(
    path: Path, data: bytes, options: ReadOptions, pages: list[int], progress: Progress
) -> ScannedPages:
    """OCR each of ``pages`` (numbered from 1) of the PDF in ``data``; ``progress`` is
    told each page's number before it is rendered."""
    import numpy as np

    from auditor.readers.ocr_engine import recognise

    scanned = ScannedPages()
    document = open_document(path, data, options)
    try:
        for number in pages:
            progress(number)
            page = document[number - 1]
            height = page.get_height()
            _hide_text(page)
            bitmap = page.render(scale=RENDER_DPI / 72)
            picture = np.asarray(bitmap.to_pil().convert("RGB"))[:, :, ::-1]
            page.close()
            boxes = recognise(np.ascontiguousarray(picture), threads=1 if sharing_cores() else 0)
            if not boxes:
                scanned.blank.append(number)
                continue
            size = (picture.shape[1], picture.shape[0])
            lines, readings = picture_lines(
                boxes, number, size, options.ocr_threshold,
                points_per_pixel=72 / RENDER_DPI, page_height=height,
            )  # fmt: skip
            scanned.lines += lines
            scanned.readings.update(readings)
    finally:
        document.close()
    return scanned


def _hide_text(page) -> None:
    """Make the page's text invisible before it is drawn for OCR: a page without visible
    text may still print spaces over its picture, and a font it does not embed is drawn
    as a bar (:mod:`auditor.readers.pdf_font`), which OCR would read as dots."""
    import pypdfium2.raw as pdfium_c

    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_TEXT]):
        pdfium_c.FPDFTextObj_SetTextRenderMode(obj.raw, pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE)
