"""A PDF page's characters with their boxes, from PDFium's text page, as :class:`Glyph` s.

A page has hundreds of characters and PDFium answers one character per call, so what
costs here is calling, not PDFium's work: through pypdfium2's bindings a call takes
about 0.6 µs, of which PDFium's own part is a small share (400 bill pages: 0.08 s of CPU
for the loose boxes alone). The calls made for every character are therefore made
through prototypes of the same functions that take their arguments as given (no
conversion by ``argtypes``: a ``c_void_p`` handle, a Python ``int`` for a C ``int``, a
``byref`` for a pointer) and keep the GIL (no release and reacquire around a call of a
few dozen nanoseconds); the boxes are written into one array and read back in one slice.
Each costs about 0.2 µs.

A box's sides are the PDF's own: the character's origin and its advance, the width the
PDF gives it (see :func:`read_page`), never the ink of the font drawn.
"""

from __future__ import annotations

import ctypes
import math
import unicodedata
from collections import deque
from collections.abc import Callable
from itertools import compress, repeat
from operator import add, getitem
from typing import TYPE_CHECKING, NamedTuple

from auditor.readers.pdf_layout import WHITESPACE, Glyph

if TYPE_CHECKING:
    import pypdfium2 as pdfium

# Characters whose boxes are asked for in one run, into one array (FS_RECTF: left,
# top, right, bottom as four floats); a page of a bill has a few hundred.
_RUN = 1024
# A Glyph from its seven fields in a tuple: what the named tuple's own constructor
# does, without its Python frame (a page's worth at a time, through map).
_new_tuple = tuple.__new__


class _Calls:
    """PDFium's per-character calls, made directly (see the module's docstring), and the
    array their boxes are written to, with a pointer to each box made once. One for the
    process: a process reads one page at a time (PDFium is not thread-safe either)."""

    def __init__(self) -> None:
        import pypdfium2.raw as pdfium_c

        self.loose_box = _direct(pdfium_c.FPDFText_GetLooseCharBox)
        self.text_object = _direct(pdfium_c.FPDFText_GetTextObject, ctypes.c_void_p)
        self.map_error = _direct(pdfium_c.FPDFText_HasUnicodeMapError)
        self.generated = _direct(pdfium_c.FPDFText_IsGenerated)
        # once per text object and per character of a font (see _placed)
        self.matrix = _direct(pdfium_c.FPDFText_GetMatrix)
        self.font_size = _direct(pdfium_c.FPDFText_GetFontSize, ctypes.c_double)
        self.font = _direct(pdfium_c.FPDFTextObj_GetFont, ctypes.c_void_p)
        self.glyph_width = _direct(pdfium_c.FPDFFont_GetGlyphWidth)
        self.origin = _direct(pdfium_c.FPDFText_GetCharOrigin)
        self.boxes = (ctypes.c_float * (4 * _RUN))()
        self.box_refs = [ctypes.byref(self.boxes, 16 * i) for i in range(_RUN)]
        # each character's origin, x then y (doubles), as FPDFText_GetCharOrigin writes it
        self.origins = (ctypes.c_double * (2 * _RUN))()
        self.x_refs = [ctypes.byref(self.origins, 16 * i) for i in range(_RUN)]
        self.y_refs = [ctypes.byref(self.origins, 16 * i + 8) for i in range(_RUN)]


def _direct(function, returns: type = ctypes.c_int) -> Callable[..., int]:
    """``function`` (a pypdfium2 binding returning a C int, or a handle as ``returns``
    says) as a prototype that converts nothing and keeps the GIL."""
    return ctypes.PYFUNCTYPE(returns)(ctypes.cast(function, ctypes.c_void_p).value)


_calls: _Calls | None = None


class PageText(NamedTuple):
    """A page's glyphs, how many of its characters lack a Unicode value, and the glyphs'
    texts joined (one character each): what the reader asks of the whole page is asked
    of that string; and how many characters set at an angle were left out (see
    :func:`read_page`)."""

    glyphs: list[Glyph]
    unmapped: int
    text: str
    angled: int = 0


def page_glyphs(document: pdfium.PdfDocument, index: int) -> tuple[list[Glyph], int] | None:
    """One page's characters with their boxes, and how many lack a Unicode value;
    None when PDFium cannot load the page at all (a damaged page tree or page object).
    See :func:`read_page`."""
    read = read_page(document, index)
    return None if read is None else (read.glyphs, read.unmapped)


def read_page(
    document: pdfium.PdfDocument, index: int, advances: dict | None = None
) -> PageText | None:
    """One page's characters with their boxes (see :class:`PageText`); None when PDFium
    cannot load the page at all (a damaged page tree or page object).

    The text comes in one call. A box spans the font's ascent to descent and, from the
    character's origin, the advance the PDF gives it, so gaps between boxes are the gaps
    a reader sees. PDFium's loose box gives its height; its sides reach out to the ink
    of the font drawn (an italic's lean, the wider digits of PDFium's own stand-in for
    Helvetica), so upright text takes its sides from the origin and the advance
    (:func:`_edges`). A font the PDF does not embed is drawn in a low bar whose ink stays
    within the font's ascent and descent (:mod:`auditor.readers.pdf_font`), the same
    whatever fonts the machine has.
    Whitespace PDFium generated itself (between words and lines) is left out: only
    printed characters count.

    ``advances`` keeps each font's advances from page to page of one document (its
    fonts' handles are the document's); without it, a page measures its own.
    """
    import pypdfium2.raw as pdfium_c

    global _calls
    if _calls is None:
        _calls = _Calls()
    calls = _calls
    if advances is None:
        advances = {}
    page = pdfium_c.FPDF_LoadPage(document.raw, index)
    if not page:
        return None
    textpage = pdfium_c.FPDFText_LoadPage(page)
    if not textpage:
        pdfium_c.FPDF_ClosePage(page)
        return PageText([], 0, "")  # a page PDFium cannot lay out has no text to read
    try:
        count = max(pdfium_c.FPDFText_CountChars(textpage), 0)
        handle = ctypes.cast(textpage, ctypes.c_void_p)
        text = _page_text(textpage, count)
        if text is None:
            chars = [chr(pdfium_c.FPDFText_GetUnicode(textpage, i)) for i in range(count)]
            spaces = [i for i, char in enumerate(chars) if char.isspace()]
        else:
            chars = text
            # only a whitespace character may be one PDFium generated
            spaces = [match.start() for match in WHITESPACE.finditer(text)]
        indices: range | list[int] = range(count)
        generated = list(compress(spaces, map(calls.generated, repeat(handle), spaces)))
        if generated:
            kept = [True] * count
            for i in generated:
                kept[i] = False
            chars, indices = list(compress(chars, kept)), list(compress(indices, kept))
        floats: list[float] = []
        origins: list[float] = []
        boxed: list[int] = []  # whether PDFium gave each character's box
        for start in range(0, len(indices), _RUN):
            run = indices[start : start + _RUN]
            boxed += map(calls.loose_box, repeat(handle), run, calls.box_refs)
            floats += calls.boxes[: 4 * len(run)]
            # an origin PDFium cannot give is never used: its character has no box
            deque(map(calls.origin, repeat(handle), run, calls.x_refs, calls.y_refs), 0)
            origins += calls.origins[: 2 * len(run) : 2]
        # FS_RECTF is left, top, right, bottom; a Glyph takes left, right, bottom, top.
        lefts, rights, level = _edges(handle, indices, chars, origins, floats, advances)
        boxes = zip(chars, lefts, rights, floats[3::4], floats[1::4], strict=True)
        kept, angled = boxed, 0  # PDFium has a box for every character it counts, in fact
        if level is not None and (angled := _angled(chars, level)):
            kept = [box and flat for box, flat in zip(boxed, level, strict=True)]
        if not all(kept):
            boxes, chars = compress(boxes, kept), list(compress(chars, kept))
            indices = list(compress(indices, kept))
        joined = chars if isinstance(chars, str) else "".join(chars)
        unmapped = _unmapped(joined, list(map(calls.map_error, repeat(handle), indices)))
        glyphs = [
            # glyph()'s middle and em (max(height, 1.0)), written out: one pass, no calls
            _new_tuple(Glyph, (char, left, right, bottom, top, (bottom + top) / 2,
                               1.0 if 1.0 > (height := top - bottom) else height))
            for char, left, right, bottom, top in boxes
        ]  # fmt: skip
        return PageText(glyphs, unmapped, joined, angled)
    finally:
        pdfium_c.FPDFText_ClosePage(textpage)
        pdfium_c.FPDF_ClosePage(page)


def _edges(
    handle: ctypes.c_void_p,
    indices: range | list[int],
    chars: str | list[str],
    origins: list[float],
    boxes: list[float],
    advances: dict,
) -> tuple[list[float], list[float], list[bool] | None]:
    """Each character's left and right edges: from its origin to where the advance its
    font gives it in the PDF ends (the loose box's right edge where that is nearer: a
    width the font could not give right); the loose box's own for a character set any
    other way than upright (:func:`_placed`). ``boxes`` are the loose boxes, four floats
    each. Third, whether each character runs on a level baseline, left to right; None
    when all of them do."""
    objects = list(map(_calls.text_object, repeat(handle), indices))
    # a text object's font, size and matrix are its characters': asked of its first one
    first = dict(zip(reversed(objects), reversed(indices), strict=True))
    placed = {obj: _placed(handle, index, advances) for obj, index in first.items()}
    rights = boxes[2::4]
    if all(advance is not None for _, advance in placed.values()):  # all upright, in widths
        advance = map(getitem, (placed[obj][1] for obj in objects), chars)
        return (
            origins,
            [
                edge if edge < right else right
                for edge, right in zip(map(add, origins, advance), rights, strict=True)
            ],
            None,
        )
    lefts, edges = boxes[0::4], []
    for i, (obj, char, right) in enumerate(zip(objects, chars, rights, strict=True)):
        font = placed[obj][1]
        if font is not None:
            lefts[i] = origins[i]
            edge = origins[i] + font[char]
            right = edge if edge < right else right
        edges.append(right)
    level = [placed[obj][0] for obj in objects]
    return lefts, edges, None if all(level) else level


class _Advances(dict):
    """One font's advances at one scale, in page points: character → advance, measured
    on first use (math.inf where the font gives none, so the loose box's edge stands)."""

    def __init__(self, font: ctypes.c_void_p, scale: float) -> None:
        super().__init__()
        self.font = font
        self.scale = scale

    def __missing__(self, char: str) -> float:
        width = ctypes.c_float()
        given = _calls.glyph_width(self.font, ord(char), _EM, ctypes.byref(width))
        # a font that cannot map the character back to its code gives no width, or 0
        advance = self.scale * width.value if given and width.value > 0 else math.inf
        self[char] = advance
        return advance


# Widths are asked for at 1000 units to the em: a PDF's own unit for them.
_EM = ctypes.c_float(1000.0)
# How far from upright a character's matrix may be and still count as upright.
_SKEW = 1e-3
# How far a baseline may lean and still count as level: 3 degrees (tan 3°), more than an
# OCR'd scan's lines lean, less than any watermark or stamp is turned.
_LEVEL = math.tan(math.radians(3))
# FS_MATRIX's a, b, c, d, e, f, written by FPDFText_GetMatrix.
_matrix = (ctypes.c_float * 6)()
_matrix_ref = ctypes.byref(_matrix)


def _placed(handle: ctypes.c_void_p, index: int, advances: dict) -> tuple[bool, _Advances | None]:
    """How the character at ``index`` is set: whether its baseline is level and runs left
    to right (within a few degrees, as an OCR'd scan's lines lean; a slant, a faked
    italic, counts as level; turned, mirrored or upside down does not), and the advances
    of its font at its size and horizontal scale when it is set upright (shared through
    ``advances`` by every text object set alike), else None: its loose box is kept."""
    obj = _calls.text_object(handle, index)
    if not obj or not _calls.matrix(handle, index, _matrix_ref):
        return True, None  # not known to be set at an angle
    a, b, c, d = _matrix[:4]
    size = _calls.font_size(handle, index)
    # a negative size turns the text round: with a turned matrix, it stands upright again
    ahead = a if size >= 0 else -a
    level = ahead > 0 and abs(b) <= _LEVEL * ahead
    # a skew or turn as small as rounding leaves is none
    upright = a > 0 and d > 0 and size > 0 and abs(b) <= _SKEW * a and abs(c) <= _SKEW * d
    if not upright:
        return level, None
    font = _calls.font(ctypes.c_void_p(obj))
    if not font:
        return True, None
    # the loose box's own measure: the character's matrix times the font's size
    key = (font, a * size / 1000)
    found = advances.get(key)
    if found is None:
        found = advances[key] = _Advances(ctypes.c_void_p(font), key[1])
    return True, found


def _angled(chars: str | list[str], level: list[bool]) -> int:
    """How many printed characters to leave out as set at an angle: those not ``level``,
    on a page whose printed characters are mostly level (a watermark, a stamp, a turned
    heading over a table); none on a page mostly at an angle (turned by its content),
    which is read as it is."""
    printed = [flat for char, flat in zip(chars, level, strict=True) if not char.isspace()]
    aside = printed.count(False)
    return aside if aside < len(printed) - aside else 0


def _unmapped(chars: str, map_errors: list[int]) -> int:
    """How many of ``chars`` lack a usable Unicode value: PDFium says its font has no
    map for the character (``map_errors``, one for each), or the character is what a
    broken map yields."""
    if chars.isprintable() and "\ufffd" not in chars:  # no character is _unusable
        return len(map_errors) - map_errors.count(0)
    return sum(1 for char, error in zip(chars, map_errors, strict=True) if _unusable(char) or error)


def _page_text(raw, count: int) -> str | None:
    """The page's characters in one call, one per index; None when they do not line up
    (characters outside the BMP take two UTF-16 units), so the caller asks one by one."""
    import pypdfium2.raw as pdfium_c

    if count <= 0:
        return ""
    buffer = (ctypes.c_ushort * (count + 1))()
    written = pdfium_c.FPDFText_GetText(raw, 0, count, buffer)
    text = bytes(buffer)[: max(written - 1, 0) * 2].decode("utf-16-le", errors="replace")
    return text if len(text) == count else None


def _unusable(char: str) -> bool:
    """True for what a broken font map yields: control, private-use or replacement chars."""
    if char.isprintable() and char != "\ufffd":
        return False
    if char == "\ufffd":
        return True
    category = unicodedata.category(char)
    return category in ("Cc", "Co", "Cs") and not char.isspace()
