"""OCR text boxes made into the text lines a PDF's characters make, with what OCR
knows of each line: where it stands in the picture and how sure the recogniser was.

A box becomes one positioned glyph carrying its whole text, so that
:func:`~auditor.readers.pdf_layout.page_lines` groups boxes into lines and cells as it
groups a PDF's characters, and :func:`~auditor.readers.pdf_layout.layout_rows` finds
columns and indentation in them: a screenshot, a scan and a text PDF are laid out by the
same geometry. The boxes are put level first, as the picture's rows run (a scan turned
by a fraction of a degree, a page photographed at an angle: :mod:`.ocr_slope`), or its
lines would drift into each other; an amount that still stands between two rows leaves
both unread (:func:`picture_lines`), as an uncertain figure leaves its row.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from statistics import median

from auditor.readers.ocr_engine import OcrBox
from auditor.readers.ocr_slope import (
    Evidence,
    RowSlope,
    box_evidence,
    fitted,
    pair_evidence,
    turned_by,
)
from auditor.readers.pdf_layout import Glyph, TextLine, glyph, page_lines
from auditor.values import parse_price

#: Below this a figure (a character of an amount, a date, a number) is not trusted: the
#: row it stands in is unread. Sharp screens read at 0.97 and more, scans at 0.93 and
#: more; a digit blurred past reading falls under 0.7 (see tests/test_ocr.py).
THRESHOLD = 0.9
#: An amount standing off the rest of its row by more than this share of its height and
#: of the way to the next row (after the rows are put level) stands between two rows:
#: the row it belongs to is doubtful. Read right, a row's boxes stand within 0.15 of
#: their height and 0.08 of the way (photos at an angle of trial t11, 4° to 22%).
BETWEEN = 0.25
#: A line of amounts alone and a line of names alone, in a picture not level, closer
#: than this share of the usual distance between rows, are one row parted.
APART = 0.75
# What a figure's confidence is taken over: its digits and decimal point.
_FIGURE = re.compile(r"[0-9０-９][0-9０-９.．,，]*")


@dataclass
class LineReading:
    """What OCR knows of one text line: its region in the picture (left, top, right,
    bottom, in the picture's pixels), how many values (boxes) it holds, and its
    uncertain ones: figures (text with digits, never used as numbers below the
    threshold) and other text (kept, but counted); ``figures``: its least sure figure's
    confidence (None: it holds none), what a record read from it shows, where
    ``confidence`` is its least sure value's, a name's too. ``between``: figures standing
    between this line and another (its number), either's; ``angled``: the picture's
    rows fan out (it was taken at an angle) and were put level; ``askew``: its rows
    slope otherwise than any one fit says, so any of them may be misaligned."""

    region: tuple[int, int, int, int]
    confidence: float = 1.0
    values: int = 0
    uncertain_figures: list[tuple[str, float]] = field(default_factory=list)
    uncertain_text: int = 0
    between: list[tuple[str, int]] = field(default_factory=list)
    angled: bool = False
    askew: bool = False
    figures: float | None = None

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
    stand; a picture keeps its pixels (y upwards from 0). Each box is put on its row
    as the rows run (:mod:`~auditor.readers.ocr_slope`); a reading's region is where
    its boxes stand in the picture as it is.
    """
    slope, turned = _turned(boxes, size)
    own = [e for corners in turned if (e := box_evidence(corners)) is not None]
    text = _extent(turned)
    slope = fitted(slope, own, text)
    place = (points_per_pixel, page_height)
    lines, marks = _grouped(boxes, turned, slope, page, place)
    for _ in range(2):  # the rows found show the slope better than the boxes alone
        pairs = _pair_evidence(lines, marks, turned)
        if not pairs:
            break
        better = fitted(RowSlope(slope.centre, slope.angle), own + pairs, text)
        if better == slope:
            break
        slope = better
        lines, marks = _grouped(boxes, turned, slope, page, place)
    readings: dict[str, LineReading] = {}
    for line in lines:
        readings[line.locator] = LineReading((0, 0, 0, 0), angled=slope.fans,
                                             askew=slope.doubtful)  # fmt: skip
    members: dict[str, list[tuple[OcrBox, Glyph]]] = {line.locator: [] for line in lines}
    for box, mark in zip(boxes, marks, strict=True):
        line = _line_of(lines, mark)
        if line is None:
            continue
        members[line.locator].append((box, mark))
        xs = [p[0] for p in box.corners]
        ys = [p[1] for p in box.corners]
        region = (round(min(xs)), round(min(ys)), round(max(xs)), round(max(ys)))
        _add(readings[line.locator], box, region, threshold)
    doubts = _between(lines, members)
    if slope.moves:
        doubts += _apart(lines, members)
    for (text, line), other in doubts:
        readings[line.locator].between.append((text, other.number))
        readings[other.locator].between.append((text, line.number))
    return lines, readings


def _between(
    lines: list[TextLine], members: dict[str, list[tuple[OcrBox, Glyph]]]
) -> list[tuple[tuple[str, TextLine], TextLine]]:
    """Each amount standing off the rest of its line towards the next line, by more than
    :data:`BETWEEN` of its height and of the way there: (its text, its line), and the
    line it leans towards."""
    level = {
        line.locator: median(mark.middle for _, mark in members[line.locator])
        for line in lines
        if members[line.locator]
    }
    found = []
    for at, line in enumerate(lines):
        held = members[line.locator]
        for box, mark in held:
            others = [m.middle for b, m in held if b is not box]
            if not others or not _amount(box):
                continue
            ref = median(others)
            off = mark.middle - ref
            # the page's units run upwards: a figure above its row leans to the line before
            towards = at - 1 if off > 0 else at + 1
            if not 0 <= towards < len(lines) or lines[towards].locator not in level:
                continue
            gap = abs(level[lines[towards].locator] - ref)
            if abs(off) > BETWEEN * mark.em and abs(off) > BETWEEN * gap:
                found.append(((box.text, line), lines[towards]))
    return found


def _amount(box: OcrBox) -> bool:
    """Whether the box reads as an amount or a price (a date, a line's number, a name
    with a figure in it stay on their rows whatever their neighbours do)."""
    try:
        return parse_price(box.text) is not None
    except ValueError:  # 账期:2026年10月 reads as a price of 2026年, not as an amount
        return False


def _apart(
    lines: list[TextLine], members: dict[str, list[tuple[OcrBox, Glyph]]]
) -> list[tuple[tuple[str, TextLine], TextLine]]:
    """In a picture that is not level, each line of amounts alone standing closer than
    :data:`APART` rows to a line of names alone beside it (in other columns): a row's
    amount and its name, parted by a slope put level wrongly. (A screenshot's lines of
    figures alone, a date under a name, a headline total, are level.)"""
    held = [members[line.locator] for line in lines]
    middles = [median(m.middle for _, m in boxes) if boxes else None for boxes in held]
    steps = [abs(a - b) for a, b in itertools.pairwise(middles) if a is not None and b is not None]
    if not steps:
        return []
    row = median(steps)
    found = []
    for at, boxes in enumerate(held):
        if not boxes or not all(_amount(box) for box, _ in boxes):
            continue
        for near in (at - 1, at + 1):
            if not 0 <= near < len(held) or not held[near] or middles[near] is None:
                continue
            names = held[near]
            if any(_amount(box) for box, _ in names):
                continue
            overlap = any(m.left < n.right and n.left < m.right for _, m in boxes for _, n in names)
            if not overlap and abs(middles[at] - middles[near]) < APART * row:
                found.append(((boxes[0][0].text, lines[at]), lines[near]))
    return found


def _turned(
    boxes: list[OcrBox], size: tuple[float, float]
) -> tuple[RowSlope, list[tuple[tuple[float, float], ...]]]:
    """The picture's turn (the slope its rows have at its centre, as its long boxes
    show it), and each box's corners turned back by it around the centre. Rows that
    fan out (a page photographed with one edge farther away) have columns upright, so
    the slope at the centre is the turn, not the median slope of the rows."""
    centre = (size[0] / 2, size[1] / 2)
    evidence = [e for box in boxes if (e := box_evidence(box.corners)) is not None]
    slope = turned_by(
        fitted(RowSlope(centre), evidence, _extent([b.corners for b in boxes])).tilt, centre
    )
    return slope, [tuple(slope.turn(p) for p in box.corners) for box in boxes]


def _extent(corners: list[tuple[tuple[float, float], ...]]) -> tuple[float, float]:
    """How wide and how high the picture's text reaches."""
    xs = [x for box in corners for x, _ in box]
    ys = [y for box in corners for _, y in box]
    return (max(xs) - min(xs), max(ys) - min(ys)) if xs else (0.0, 0.0)


def _grouped(
    boxes: list[OcrBox],
    turned: list[tuple[tuple[float, float], ...]],
    slope: RowSlope,
    page: int,
    place: tuple[float, float],
) -> tuple[list[TextLine], list[Glyph]]:
    """The text lines of ``boxes`` put level as ``slope`` says, and each box's glyph."""
    scale, page_height = place
    marks: list[Glyph] = []
    for box, corners in zip(boxes, turned, strict=True):
        xs = [x for x, _ in corners]
        ys = [slope.level(x, y) for x, y in corners]
        left, right, top, bottom = min(xs), max(xs), min(ys), max(ys)
        marks.append(glyph(box.text, left * scale, right * scale,
                           page_height - bottom * scale, page_height - top * scale))  # fmt: skip
    return page_lines(marks, page), marks


def _pair_evidence(
    lines: list[TextLine], marks: list[Glyph], turned: list[tuple[tuple[float, float], ...]]
) -> list[Evidence]:
    """The slope each line shows from its first box to its last (see :func:`pair_evidence`)."""
    text_width = _extent(turned)[0]
    ends: dict[str, tuple[tuple[float, float, float], tuple[float, float, float]]] = {}
    for corners, mark in zip(turned, marks, strict=True):
        line = _line_of(lines, mark)
        if line is None:
            continue
        x = sum(p[0] for p in corners) / 4
        middle = (x, sum(p[1] for p in corners) / 4, abs(corners[3][1] - corners[0][1]))
        first, last = ends.get(line.locator, (middle, middle))
        ends[line.locator] = (min(first, middle), max(last, middle))
    found = [pair_evidence(first, last, text_width) for first, last in ends.values()]
    return [e for e in found if e is not None]


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
    if figures:
        reading.figures = min(confidence, reading.figures or 1.0)
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
        [figure for r in readings for figure in r.between],
        any(r.angled for r in readings),
        any(r.askew for r in readings),
        min((r.figures for r in readings if r.figures is not None), default=None),
    )
