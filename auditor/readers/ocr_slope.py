"""How a picture's rows of text run, so that OCR's boxes are put on the rows they stand in.

A screenshot's rows are level. A photo turned in the hand has every row sloping alike;
a page photographed with one edge farther from the camera than the other (a keystone)
has rows that fan out: the top rows slope one way, the bottom rows the other, and a
figure at the far end of a row stands as high as the next row's name. One slope for the
whole picture puts such figures on their neighbours' rows, silently.

So the slope is found as a function of the height in the picture: turned as a whole by
the median slope first (as a phone is held), and past that a slope that changes
linearly down the picture, fitted to what shows it: long boxes' own slopes, and once
rows are found, the slope from a row's first box to its last (a name and its amount,
far apart, tell the slope best). Each box is then put at its row's height at the
picture's middle (:meth:`RowSlope.level`), where rows are as far apart as they are.

How well the fit explains what showed it is kept (:attr:`RowSlope.doubtful`): rows that
slope otherwise than the fit says are a picture whose geometry is not understood, and
its rows may be misaligned.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import median

#: A box this many times wider than high shows the slope of its line of text.
SLOPE_RATIO = 4
#: A turn under this many degrees is left as it is.
LEAST_SKEW = 0.05
#: A row's first and last boxes, further apart than this share of the text's width,
#: show its slope (closer, a pixel of their heights is a large slope).
_PAIR_SPAN = 0.3
#: What a slope is fitted from: at least this many rows or boxes...
_LEAST_EVIDENCE = 3
#: ... spread over at least this share of the text's height, for the slope to change
#: down the picture (else the picture is turned, at most).
_LEAST_REACH = 0.3
#: A slope showing a row's far end this many of its text heights off the fit is not
#: taken into it (a name and a neighbour's amount, grouped wrongly); more than a
#: quarter of the evidence off like this, and the picture's rows are doubtful.
_OFF = 0.3
_DOUBTFUL_SHARE = 0.25
#: Rows whose slopes, from the first to the last, part their far ends by less than this
#: many text heights do not fan out: they slope alike (a turn) or not at all.
_LEAST_FAN = 0.25
#: The most a row's slope may change (``spread``) times half the text's width: past it,
#: :meth:`RowSlope.level` would squash or stretch the far end's heights by half.
_MOST_FAN = 0.5


@dataclass(frozen=True)
class Evidence:
    """One measure of a row's slope: where (the height ``y``), the ``slope``, over what
    width (``span``: a wider measure is surer), and the text's height there."""

    y: float
    slope: float
    span: float
    height: float


@dataclass(frozen=True)
class RowSlope:
    """How the picture's rows run: turned by ``angle`` (radians) around ``centre``, and
    past that sloping by ``tilt`` at the centre's height, ``spread`` more for each
    pixel lower (a keystone; 0 when the rows are parallel). ``doubtful``: the rows
    disagree with this beyond what noise explains."""

    centre: tuple[float, float]
    angle: float = 0.0
    tilt: float = 0.0
    spread: float = 0.0
    doubtful: bool = False

    def turn(self, point: tuple[float, float]) -> tuple[float, float]:
        """``point`` turned back by the picture's turn."""
        if not self.angle:
            return point
        cos, sin = math.cos(-self.angle), math.sin(-self.angle)
        cx, cy = self.centre
        x, y = point[0] - cx, point[1] - cy
        return (cx + x * cos - y * sin, cy + x * sin + y * cos)

    def level(self, x: float, y: float) -> float:
        """The height, at the centre's column, of the row through (``x``, ``y``) (a
        point already turned): a row's points all have the same level."""
        cx, cy = self.centre
        dx = x - cx
        return cy + (y - cy - self.tilt * dx) / (1 + self.spread * dx)

    def slope_at(self, y: float) -> float:
        """The slope the fit gives a row at height ``y`` (turned)."""
        return self.tilt + self.spread * (y - self.centre[1])

    @property
    def moves(self) -> bool:
        """Whether boxes are moved to put the rows level (a turn, a slope, a fan)."""
        least = math.tan(math.radians(LEAST_SKEW))
        return bool(self.angle or self.spread or abs(self.tilt) >= least)

    @property
    def fans(self) -> bool:
        """Whether the rows fan out (a keystone), beyond being turned."""
        return bool(self.spread)


def box_evidence(corners: tuple[tuple[float, float], ...]) -> Evidence | None:
    """The slope a long box shows (the mean of its top and bottom edges), or None."""
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = corners
    width, height = x1 - x0, ((y3 - y0) + (y2 - y1)) / 2
    if width <= 0 or width < SLOPE_RATIO * abs(height):
        return None
    slope = ((y1 - y0) / width + (y2 - y3) / max(x2 - x3, 1e-9)) / 2
    return Evidence((y0 + y1 + y2 + y3) / 4, slope, width, abs(height))


def pair_evidence(
    first: tuple[float, float, float], last: tuple[float, float, float], text_width: float
) -> Evidence | None:
    """The slope from a row's first box to its last, each (x, y, height) of its middle,
    or None when they are too close to tell it."""
    span = last[0] - first[0]
    if span < _PAIR_SPAN * text_width or span <= 0:
        return None
    return Evidence((first[1] + last[1]) / 2, (last[1] - first[1]) / span, span,
                    (first[2] + last[2]) / 2)  # fmt: skip


def turned_by(tilt: float, centre: tuple[float, float]) -> RowSlope:
    """The picture turned as a row sloping by ``tilt`` at its ``centre`` says, when that is
    a turn (at least :data:`LEAST_SKEW`)."""
    angle = math.atan(tilt)
    if abs(math.degrees(angle)) < LEAST_SKEW:
        return RowSlope(centre)
    return RowSlope(centre, angle)


def fitted(start: RowSlope, evidence: list[Evidence], text: tuple[float, float]) -> RowSlope:
    """``start`` (the picture's turn) with the slope that changes down the picture,
    fitted to ``evidence`` (measured on the turned picture) over ``text`` (the width and
    height its text reaches), leaving out what lies far off the fit; the rows are
    doubtful when much of the evidence does. Rows that do not fan out by a fraction of
    a text height from the first row to the last slope alike: by the median slope."""
    if len(evidence) < _LEAST_EVIDENCE:  # too few to fit a line through: the median
        tilt = median(e.slope for e in evidence) if evidence else 0.0
        return RowSlope(start.centre, start.angle, tilt)
    cy = start.centre[1]
    heights = [e.y for e in evidence]
    reach = max(heights) - min(heights) >= _LEAST_REACH * text[1]
    kept = evidence
    tilt, spread = _line(kept, cy, reach)
    for _ in range(3):
        near = [e for e in evidence if _off(e, tilt, spread, cy) <= _OFF]
        if len(near) < _LEAST_EVIDENCE or near == kept:
            break
        kept = near
        tilt, spread = _line(kept, cy, reach)
    if abs(spread) * text[1] * text[0] / 2 < _LEAST_FAN * median(e.height for e in evidence):
        tilt, spread = median(e.slope for e in kept), 0.0
    # no photo of a page fans its rows so far that a row's end height halves or doubles:
    # a fit that says so (boxes of no text, a few wild slopes) is held short of it
    most = _MOST_FAN / max(text[0] / 2, 1.0)
    if abs(spread) > most:
        spread = math.copysign(most, spread)
        weights = [e.span**2 for e in kept]
        tilt = sum(w * (e.slope - spread * (e.y - cy)) for w, e in zip(weights, kept, strict=True))
        tilt /= sum(weights)
    off = sum(e.span for e in evidence if _off(e, tilt, spread, cy) > _OFF)
    doubtful = off > _DOUBTFUL_SHARE * sum(e.span for e in evidence)
    return RowSlope(start.centre, start.angle, tilt, spread, doubtful)


def _off(e: Evidence, tilt: float, spread: float, cy: float) -> float:
    """How far off the fit ``e`` shows its row's far end, in text heights."""
    return abs(e.slope - tilt - spread * (e.y - cy)) * e.span / max(e.height, 1.0)


def _line(evidence: list[Evidence], cy: float, fans: bool) -> tuple[float, float]:
    """The tilt and spread (slope = tilt + spread × (y − cy)) best fitting ``evidence``,
    each measure weighed by its span squared (a slope's error is a pixel over its span);
    the tilt alone when the rows are not to fan out."""
    weights = [e.span**2 for e in evidence]
    total = sum(weights)
    mean_y = sum(w * (e.y - cy) for w, e in zip(weights, evidence, strict=True)) / total
    mean_s = sum(w * e.slope for w, e in zip(weights, evidence, strict=True)) / total
    if not fans:
        return mean_s, 0.0
    var = sum(w * (e.y - cy - mean_y) ** 2 for w, e in zip(weights, evidence, strict=True))
    if var <= 0:
        return mean_s, 0.0
    cov = sum(w * (e.y - cy - mean_y) * (e.slope - mean_s)
              for w, e in zip(weights, evidence, strict=True))  # fmt: skip
    spread = cov / var
    return mean_s - spread * mean_y, spread
