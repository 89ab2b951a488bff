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
"""

from __future__ import annotations

import ctypes
import unicodedata
from collections.abc import Callable
from itertools import compress, repeat
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
        self.map_error = _direct(pdfium_c.FPDFText_HasUnicodeMapError)
        self.generated = _direct(pdfium_c.FPDFText_IsGenerated)
        self.boxes = (ctypes.c_float * (4 * _RUN))()
        self.box_refs = [ctypes.byref(self.boxes, 16 * i) for i in range(_RUN)]


def _direct(function) -> Callable[..., int]:
    """``function`` (a pypdfium2 binding returning a C int) as a prototype that converts
    nothing and keeps the GIL."""
    return ctypes.PYFUNCTYPE(ctypes.c_int)(ctypes.cast(function, ctypes.c_void_p).value)


_calls: _Calls | None = None


class PageText(NamedTuple):
    """A page's glyphs, how many of its characters lack a Unicode value, and the glyphs'
    texts joined (one character each): what the reader asks of the whole page is asked
    of that string."""

    glyphs: list[Glyph]
    unmapped: int
    text: str


def page_glyphs(document: pdfium.PdfDocument, index: int) -> tuple[list[Glyph], int] | None:
    """One page's characters with their loose boxes, and how many lack a Unicode value;
    None when PDFium cannot load the page at all (a damaged page tree or page object).
    See :func:`read_page`."""
    read = read_page(document, index)
    return None if read is None else (read.glyphs, read.unmapped)


def read_page(document: pdfium.PdfDocument, index: int) -> PageText | None:
    """One page's characters with their loose boxes (see :class:`PageText`); None when
    PDFium cannot load the page at all (a damaged page tree or page object).

    The text comes in one call; loose boxes span the font's ascent to descent and the
    glyph's advance, so gaps between them are the gaps a reader sees. Whitespace PDFium
    generated itself (between words and lines) is left out: only printed characters
    count.
    """
    import pypdfium2.raw as pdfium_c

    global _calls
    if _calls is None:
        _calls = _Calls()
    calls = _calls
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
        boxed: list[int] = []  # whether PDFium gave each character's box
        for start in range(0, len(indices), _RUN):
            run = indices[start : start + _RUN]
            boxed += map(calls.loose_box, repeat(handle), run, calls.box_refs)
            floats += calls.boxes[: 4 * len(run)]
        # FS_RECTF is left, top, right, bottom; a Glyph takes left, right, bottom, top.
        boxes = zip(chars, floats[0::4], floats[2::4], floats[3::4], floats[1::4], strict=True)
        if not all(boxed):  # never seen: PDFium has a box for every character it counts
            boxes, chars = compress(boxes, boxed), list(compress(chars, boxed))
            indices = list(compress(indices, boxed))
        joined = chars if isinstance(chars, str) else "".join(chars)
        unmapped = _unmapped(joined, list(map(calls.map_error, repeat(handle), indices)))
        glyphs = [
            # glyph()'s middle and em (max(height, 1.0)), written out: one pass, no calls
            _new_tuple(Glyph, (char, left, right, bottom, top, (bottom + top) / 2,
                               1.0 if 1.0 > (height := top - bottom) else height))
            for char, left, right, bottom, top in boxes
        ]  # fmt: skip
        return PageText(glyphs, unmapped, joined)
    finally:
        pdfium_c.FPDFText_ClosePage(textpage)
        pdfium_c.FPDF_ClosePage(page)


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
