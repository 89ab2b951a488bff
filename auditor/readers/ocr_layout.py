"""OCR text boxes made into the text lines a PDF's characters make, with what OCR
knows of each line: where it stands in the picture and how sure the recogniser was.

A box becomes one positioned glyph carrying its whole text, so that
:func:`~auditor.readers.pdf_layout.page_lines` groups boxes into lines and cells as it
groups a PDF's characters, and :func:`~auditor.readers.pdf_layout.layout_rows` finds
columns and indentation in them: a screenshot, a scan and a text PDF are laid out by the
same geometry. A scan turned by a fraction of a degree is straightened first (the boxes'
own slope tells by how much), or its lines would drift into each other.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from statistics import median

from auditor.readers.ocr_engine import OcrBox
from auditor.readers.pdf_layout import Glyph, TextLine, glyph, page_lines

#: Below this a figure (a character of an amount, a date, a number) is not trusted: the
#: row it stands in is unread. Sharp screens read at 0.97 and more, scans at 0.93 and
#: more; a digit blurred past reading falls under 0.7 (see tests/test_ocr.py).
THRESHOLD = 0.9
# A box this many times wider than high shows the slope of its line of text.
_SLOPE_RATIO = 4
# Slopes under this many degrees are left as they are.
_LEAST_SKEW = 0.05
# What a figure's confidence is taken over: its digits and decimal point.
_FIGURE = re.compile(r"[0-9０-９][0-9０-９.．,，]*")


@dataclass
class LineReading:
    """What OCR knows of one text line: its region in the picture (left, top, right,
    bottom, in the picture's pixels), how many values (boxes) it holds, and its
    uncertain ones: figures (text with digits, never used as numbers below the
    threshold) and other text (kept, but counted)."""

    region: tuple[int, int, int, int]
    confidence: float = 1.0
    values: int = 0
    uncertain_figures: list[tuple[str, float]] = field(default_factory=list)
    uncertain_text: int = 0

    def where(self) -> str:
        """The region as the locators show it."""
        left, top, right, bottom = self.region
        return f"x {left}–{right}, y {top}–{bottom} px"


def box_confidence(box: OcrBox) -> tuple[bool, float]:
    """Whether the box holds figures, and its confidence: for figures, the least of
    their digits' (and decimal points') confidences and of one less the doubt that a
    character went unread between two of them; for text without digits, the mean of its
    characters (a single unsure stroke in a name does not change what the name is)."""
    figures = []
    for match in _FIGURE.finditer(box.text):
        start, end = match.start(), min(match.end(), len(box.confidences))
        figures += box.confidences[start:end]
        figures += [1 - doubt for doubt in box.doubts[start + 1 : end]]
    if figures:
        return True, min(figures)
    printed = [c for ch, c in zip(box.text, box.confidences, strict=False) if not ch.isspace()]
    return False, sum(printed) / len(printed) if printed else 0.0


def straightened(boxes: list[OcrBox], width: float, height: float) -> list[OcrBox]:
    """``boxes`` turned back by the picture's slope (the median slope of its long boxes)
    around the picture's centre; as they are when it is level."""
    slopes = []
    for box in boxes:
        (x0, y0), (x1, y1) = box.corners[0], box.corners[1]
        (_, y3) = box.corners[3]
        if abs(x1 - x0) >= _SLOPE_RATIO * abs(y3 - y0):
            slopes.append(math.atan2(y1 - y0, x1 - x0))
    if not slopes or abs(math.degrees(median(slopes))) < _LEAST_SKEW:
        return boxes
    angle = -median(slopes)
    cos, sin = math.cos(angle), math.sin(angle)
    cx, cy = width / 2, height / 2

    def turn(point: tuple[float, float]) -> tuple[float, float]:
        x, y = point[0] - cx, point[1] - cy
        return (cx + x * cos - y * sin, cy + x * sin + y * cos)

    return [
        OcrBox(tuple(turn(p) for p in box.corners), box.text, box.confidences, box.doubts)
        for box in boxes
    ]


def picture_lines(
    boxes: list[OcrBox],
    page: int,
    size: tuple[float, float],
    threshold: float = THRESHOLD,
    *,
    points_per_pixel: float = 1.0,
    page_height: float = 0.0,
) -> tuple[list[TextLine], dict[str, LineReading]]:
    """The picture's text lines (as :func:`page_lines` makes them, numbered on page
    ``page``), and what OCR knows of each, by the line's locator.

    The lines stand in the page's own units: ``points_per_pixel`` and ``page_height``
    place a rendered PDF page's boxes in its points (y upwards), as its text would
    stand; a picture keeps its pixels (y upwards from 0).
    """
    boxes = straightened(boxes, *size)
    glyphs: list[Glyph] = []
    places: list[tuple[OcrBox, tuple[int, int, int, int]]] = []
    for box in boxes:
        xs = [p[0] for p in box.corners]
        ys = [p[1] for p in box.corners]
        left, right, top, bottom = min(xs), max(xs), min(ys), max(ys)
        scale = points_per_pixel
        glyphs.append(glyph(box.text, left * scale, right * scale,
                            page_height - bottom * scale, page_height - top * scale))  # fmt: skip
        places.append((box, (round(left), round(top), round(right), round(bottom))))
    lines = page_lines(glyphs, page)
    readings: dict[str, LineReading] = {}
    for line in lines:
        readings[line.locator] = LineReading((0, 0, 0, 0))
    for (box, region), mark in zip(places, glyphs, strict=True):
        line = _line_of(lines, mark)
        if line is None:
            continue
        reading = readings[line.locator]
        _add(reading, box, region, threshold)
    return lines, readings


def _line_of(lines: list[TextLine], mark: Glyph) -> TextLine | None:
    """The line a box's glyph was grouped into: the nearest whose extent holds it."""
    holding = [line for line in lines if line.bottom <= mark.middle <= line.top]
    return min(holding, key=lambda line: abs((line.bottom + line.top) / 2 - mark.middle),
               default=None)  # fmt: skip


def _add(
    reading: LineReading, box: OcrBox, region: tuple[int, int, int, int], threshold: float
) -> None:
    """Count ``box`` in its line's reading: its region, its value and its confidence."""
    if reading.values:
        left, top, right, bottom = reading.region
        region = (min(left, region[0]), min(top, region[1]),
                  max(right, region[2]), max(bottom, region[3]))  # fmt: skip
    reading.region = region
    reading.values += 1
    figures, confidence = box_confidence(box)
    reading.confidence = min(reading.confidence, confidence)
    if confidence < threshold:
        if figures:
            reading.uncertain_figures.append((box.text, confidence))
        else:
            reading.uncertain_text += 1


def merged(readings: list[LineReading]) -> LineReading:
    """One reading for several lines (a card): their region, values and doubts together."""
    lefts, tops, rights, bottoms = zip(*(r.region for r in readings), strict=True)
    return LineReading(
        (min(lefts), min(tops), max(rights), max(bottoms)),
        min(r.confidence for r in readings),
        sum(r.values for r in readings),
        [figure for r in readings for figure in r.uncertain_figures],
        sum(r.uncertain_text for r in readings),
    )
