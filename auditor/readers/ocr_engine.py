"""Offline OCR of a picture: text boxes, each with its text, its place and its confidence.

Why rapidocr-onnxruntime: its wheel carries PaddleOCR's PP-OCRv4 Chinese detection and
recognition models (about 15 MB, under ``rapidocr_onnxruntime/models``), so nothing is
downloaded at run time, and it runs them on onnxruntime (no PaddlePaddle, no PyTorch).
Tesseract needs a system install and its Chinese models; EasyOCR and PaddleOCR fetch
their models from the network on first use; RapidOCR 2 and later fetch theirs too.

The package's own pipeline is not used whole: it shrinks every picture to 2,000 pixels
on its long side (a long screenshot's text becomes unreadably small), runs a text
direction classifier that screens and scans do not need, and gives one mean confidence
a box (one blurred digit among ten sharp ones hides in a mean). Here its detector and
recogniser are called directly: the picture is scaled for detection to a width where
app text is 20 to 40 pixels high, cut into tiles when it is long, and each box is
recognised from the full-size picture with the confidence of each character kept.
"""

from __future__ import annotations

import io
import itertools
import os
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from auditor.errors import OverLimit
from auditor.lang import Text, say

if TYPE_CHECKING:
    import numpy as np

# numpy, OpenCV and onnxruntime are imported when a picture is read (about 0.3 s), and
# the models loaded once a process (about 0.5 s): a run without pictures pays nothing.

#: Width the detector sees. App text (36 to 48 px at 1080 px) stays 25 to 35 px high;
#: a scan rendered at 150 to 200 dpi keeps its 10 pt text about 15 px high.
DETECT_WIDTH = 800
#: A picture taller than this (at the detector's width) is cut into tiles: the
#: detector's memory grows with its input, and a stitched screenshot can be 20 screens.
TILE_HEIGHT = 1600
#: Tiles overlap by more than any line of text is high, so every line is whole in one.
TILE_OVERLAP = 160
#: Below this median brightness (0-255) a picture is a dark theme: it is inverted, so
#: that the models see dark text on a light ground, as they were trained.
DARK_THEME = 110
#: A box whose characters' mean confidence is under this is not text at all (grey bars
#: of a scan read as "sltt" at 0.2): the package's own default floor.
NOISE = 0.5
#: Two characters of a box further apart than this many line heights stand in two
#: cells: a CJK character is under one line height wide, a space a quarter of one.
CELL_GAP = 2.5
# A date run into its time (2026-08-0100:00:00): the recogniser often drops the narrow
# space between them, and doubts it did; the space is put back and the doubt dropped.
_DATE_TIME = re.compile(r"(?<!\d)(\d{4}[-/.]\d{1,2}[-/.]\d{2})(\d{1,2}:\d{2})")


@dataclass(frozen=True)
class OcrBox:
    """One box of text as recognised: its corners in the picture's pixels (top-left,
    top-right, bottom-right, bottom-left), its text, each character's confidence (0 to
    1), and before each character the doubt that another one stood there unread (see
    :class:`_Decoder`; 0 before the first)."""

    corners: tuple[tuple[float, float], ...]
    text: str
    confidences: tuple[float, ...]
    doubts: tuple[float, ...] = ()

    @property
    def confidence(self) -> float:
        """The least confident character's confidence (0 for an empty box)."""
        return min(self.confidences, default=0.0)


class _Decoder:
    """CTC decoding that keeps what the package's own decoding drops.

    The recogniser gives, for each narrow column of a line, a probability for every
    character and for "nothing here" (blank). The package takes a character's
    confidence from the first column of its run (a sharp digit whose first column is
    half on its edge reads 0.66 though the next says 1.00): here it is the best column
    of the run. And a character blurred past reading is not read at all: its columns
    come out blank, but not surely so, and a character (a space, a digit) stands second
    in them. That second probability, in the blank columns between two characters and
    for a character other than those two, is the doubt that something stood between
    them: ``1.00`` read from a ``15.00`` whose 5 is blurred has a doubt of 0.37 before
    its point, where a sharp one has none.
    """

    def __init__(self, characters: list[str]):
        self.characters = characters

    def __call__(self, preds, return_word_box: bool = False, **kwargs) -> list[tuple]:
        """(text, mean confidence, (confidences, doubts, places)) for each line of
        ``preds``; a place is where a character's first column stands, as a share of
        its crop's width (the recogniser pads the crops of a batch to the widest)."""
        import numpy as np

        decoded = []
        best = preds.argmax(axis=2)
        widest = kwargs.get("max_wh_ratio", 1.0)
        ratios = kwargs.get("wh_ratio_list") or [widest] * len(preds)
        for line, classes, ratio in zip(preds, best, ratios, strict=True):
            text: list[str] = []
            confidences: list[float] = []
            doubts: list[float] = []
            places: list[float] = []
            share = widest / ratio / len(classes)
            previous, doubt = 0, 0.0
            blanks: list[int] = []
            for column, found in enumerate(classes.tolist()):
                if found == 0:
                    previous = 0
                    if text:
                        blanks.append(column)
                    continue
                if found == previous:
                    confidences[-1] = max(confidences[-1], float(line[column, found]))
                    continue
                doubt = 0.0
                if text and blanks:
                    others = line[blanks].copy()
                    others[:, [0, found, self._index(text[-1])]] = 0
                    doubt = float(np.max(others))
                text.append(self.characters[found])
                confidences.append(float(line[column, found]))
                doubts.append(doubt)
                places.append((column + 0.5) * share)
                previous, blanks = found, []
            mean = sum(confidences) / len(confidences) if confidences else 0.0
            decoded.append(("".join(text), mean, (confidences, doubts, places)))
        return decoded

    def _index(self, character: str) -> int:
        return self.characters.index(character) if character in self.characters else 0


class _Engine:
    """The detector and recogniser, loaded once a process (see :func:`engine`)."""

    def __init__(self, threads: int):
        from rapidocr_onnxruntime import RapidOCR

        # The package's own threshold drops boxes below 0.5: auditor keeps every box
        # and judges confidence itself, a character at a time.
        settings: dict = {"text_score": 0.0}
        if threads > 0:
            settings["intra_op_num_threads"] = threads
        ocr = RapidOCR(**settings)
        self.ocr = ocr
        self.detector = ocr.text_det
        self.recogniser = ocr.text_rec
        self.recogniser.postprocess_op = _Decoder(self.recogniser.postprocess_op.character)


_ENGINES: dict[int, _Engine] = {}


def engine(threads: int = 0) -> _Engine:
    """This process's engine (loaded at the first call after a fork: onnxruntime's
    thread pools do not survive one). ``threads`` limits onnxruntime's threads (0: its
    own choice, every core); a pool's workers take one each."""
    pid = os.getpid()
    if pid not in _ENGINES:
        _ENGINES.clear()
        _ENGINES[pid] = _Engine(threads)
    return _ENGINES[pid]


#: A picture that starts as one but cannot be decoded.
DAMAGED = Text("图片已损坏或不完整", "the picture is damaged or cut short")


def decode_picture(data: bytes, max_pixels: int) -> np.ndarray:
    """The picture in ``data`` (PNG, JPEG, WebP...) as a BGR array, turned as its EXIF
    orientation says and flattened on white; ValueError when it cannot be decoded or is
    larger than ``max_pixels`` (checked from its header, before decoding)."""
    import numpy as np
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        picture = Image.open(io.BytesIO(data))
    except (UnidentifiedImageError, OSError) as exc:
        # it starts as a PNG, JPEG or WebP does (the reader checked): what follows is not
        raise ValueError(DAMAGED.shown()) from exc
    width, height = picture.size
    if width * height > max_pixels:
        raise OverLimit(
            say(
                f"图片有 {width}×{height} 像素，超过 {max_pixels:,} 像素的上限"
                "（可用 --max-image-pixels 调高）",
                f"a picture of {width}×{height} pixels, over the {max_pixels:,}-pixel limit "
                "(raise it with --max-image-pixels)",
            )
        )
    try:
        picture = ImageOps.exif_transpose(picture)
        if picture.mode in ("RGBA", "LA", "PA") or "transparency" in picture.info:
            ground = Image.new("RGBA", picture.size, "white")
            picture = Image.alpha_composite(ground, picture.convert("RGBA"))
        rgb = np.asarray(picture.convert("RGB"))
    except (OSError, SyntaxError, ValueError) as exc:
        raise ValueError(DAMAGED.shown()) from exc
    return np.ascontiguousarray(rgb[:, :, ::-1])


def recognise(picture: np.ndarray, threads: int = 0) -> list[OcrBox]:
    """Every box of text in ``picture`` (a BGR array), in the picture's pixels.

    onnxruntime reports an allocation that failed (a memory ceiling met) as its own
    error: it is raised as the :class:`MemoryError` it is, which the bounded run
    reports as the ceiling met."""
    try:
        return _recognise(picture, threads)
    except Exception as exc:  # the package wraps onnxruntime's error in its own class
        if "bad_alloc" in str(exc):
            raise MemoryError from None
        raise


def _recognise(picture: np.ndarray, threads: int) -> list[OcrBox]:
    import cv2
    import numpy as np

    gray = cv2.cvtColor(picture, cv2.COLOR_BGR2GRAY)
    if float(np.median(gray)) < DARK_THEME:
        picture = 255 - picture
    ocr = engine(threads)
    width = picture.shape[1]
    scale = min(1.0, DETECT_WIDTH / width) if width else 1.0
    small = cv2.resize(picture, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    quads = [quad / scale for quad in _detect(ocr, small)]
    if not quads:
        return []
    crops = ocr.ocr.get_crop_img_list(picture, [q.astype(np.float32) for q in quads])
    recognised, _ = ocr.recogniser(crops)
    boxes = []
    for quad, (text, _mean, (confidences, doubts, places)) in zip(quads, recognised, strict=True):
        corners = tuple((float(x), float(y)) for x, y in quad)
        for start, end, left, right in _pieces(text, places, quad):
            if sum(confidences[start:end]) < NOISE * (end - start):
                continue  # shading, a photo's edges: nothing the recogniser knows as text
            piece = _corners_between(corners, left, right)
            doubted = (0.0, *doubts[start + 1 : end])
            boxes.append(_spaced(OcrBox(piece, text[start:end], tuple(confidences[start:end]),
                                        doubted)))  # fmt: skip
    return boxes


def _pieces(text: str, places: list[float], quad) -> list[tuple[int, int, float, float]]:
    """The box's text cut where a gap wider than :data:`CELL_GAP` line heights parts
    two characters (the detector joins two cells of a row now and then): each piece's
    characters (start, end) and its share of the box's width (left, right); spaces at
    the pieces' ends are left out."""
    import numpy as np

    width = float(np.linalg.norm(quad[1] - quad[0])) or 1.0
    height = float(np.linalg.norm(quad[3] - quad[0])) or 1.0
    printed = [i for i, ch in enumerate(text) if not ch.isspace()]
    if not printed:
        return []
    pieces, start = [], printed[0]
    for before, after in itertools.pairwise(printed):
        if (places[after] - places[before]) * width > CELL_GAP * height:
            pieces.append((start, before + 1))
            start = after
    pieces.append((start, printed[-1] + 1))
    cut = [0.0]
    for (_, end), (start, _) in itertools.pairwise(pieces):
        cut.append((places[end - 1] + places[start]) / 2)
    cut.append(1.0)
    return [(a, b, cut[i], cut[i + 1]) for i, (a, b) in enumerate(pieces)]


def _corners_between(corners, left: float, right: float) -> tuple[tuple[float, float], ...]:
    """The part of a box between shares ``left`` and ``right`` of its width."""
    if left <= 0.0 and right >= 1.0:
        return corners
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = corners

    def along(ax, ay, bx, by, share):
        return (ax + (bx - ax) * share, ay + (by - ay) * share)

    return (
        along(x0, y0, x1, y1, left),
        along(x0, y0, x1, y1, right),
        along(x3, y3, x2, y2, right),
        along(x3, y3, x2, y2, left),
    )


def _spaced(box: OcrBox) -> OcrBox:
    """``box`` with the space between a date and its time put back where it was lost."""
    text, confidences, doubts = box.text, list(box.confidences), list(box.doubts)
    for match in reversed(list(_DATE_TIME.finditer(text))):
        at = match.start(2)
        text = f"{text[:at]} {text[at:]}"
        confidences.insert(at, 1.0)
        doubts[at] = 0.0
        doubts.insert(at, 0.0)
    return OcrBox(box.corners, text, tuple(confidences), tuple(doubts))


def _detect(ocr: _Engine, picture: np.ndarray) -> list[np.ndarray]:
    """Text boxes of ``picture`` at its own scale, a tile at a time when it is tall;
    a box on two tiles is kept from the tile whose own part holds its centre."""
    import numpy as np

    height = picture.shape[0]
    if height <= TILE_HEIGHT:
        found, _ = ocr.detector(picture)
        return [] if found is None else list(found)
    quads: list[np.ndarray] = []
    step = TILE_HEIGHT - TILE_OVERLAP
    for top in range(0, height - TILE_OVERLAP, step):
        bottom = min(top + TILE_HEIGHT, height)
        found, _ = ocr.detector(picture[top:bottom])
        own_top = top + TILE_OVERLAP / 2 if top else 0
        own_bottom = bottom - TILE_OVERLAP / 2 if bottom < height else height
        for quad in [] if found is None else found:
            placed = quad + np.array([0, top], dtype=quad.dtype)
            centre = float(placed[:, 1].mean())
            if own_top <= centre < own_bottom:
                quads.append(placed)
    return quads
