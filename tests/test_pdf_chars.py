"""A PDF page's glyphs as :mod:`auditor.readers.pdf_chars` takes them (direct calls into
PDFium, the boxes in one array) are what pypdfium2's own bindings give, one call at a
time, for every page of every PDF fixture: the boxes, the characters left out and the
count of characters without a Unicode value; and the page's text is its glyphs'.
"""

from __future__ import annotations

import ctypes
import math
import re
import sys
import unicodedata
from pathlib import Path

import pytest

from auditor.errors import InputError
from auditor.readers import ReadOptions
from auditor.readers.pdf_chars import _page_text, page_glyphs, read_page
from auditor.readers.pdf_layout import Glyph, glyph
from auditor.readers.pdf_open import open_document

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
PDFS = sorted([*FIXTURES.glob("pdf/**/*.pdf"), *FIXTURES.glob("ocr/**/*.pdf")], key=str)


def one_call_at_a_time(document, index: int) -> tuple[list[Glyph], int] | None:
    """The plain way: each character's box and flags through the bindings (its text
    from the page's text when that lines up, as the reader takes it)."""
    import pypdfium2.raw as pdfium_c

    page = pdfium_c.FPDF_LoadPage(document.raw, index)
    if not page:
        return None
    textpage = pdfium_c.FPDFText_LoadPage(page)
    if not textpage:
        pdfium_c.FPDF_ClosePage(page)
        return [], 0
    try:
        glyphs, flags, levels = [], [], []
        box, matrix = pdfium_c.FS_RECTF(), pdfium_c.FS_MATRIX()
        count = pdfium_c.FPDFText_CountChars(textpage)
        text = _page_text(textpage, count)
        for i in range(count):
            char = text[i] if text is not None else chr(pdfium_c.FPDFText_GetUnicode(textpage, i))
            if char.isspace() and pdfium_c.FPDFText_IsGenerated(textpage, i):
                continue
            if not pdfium_c.FPDFText_GetLooseCharBox(textpage, i, ctypes.byref(box)):
                continue
            left, right = box.left, box.right
            origin, advance = advanced(textpage, i, char)
            if advance is not None:
                left, right = origin, min(right, origin + advance)
            broken = char == "\ufffd" or (
                unicodedata.category(char) in ("Cc", "Co", "Cs") and not char.isspace()
            )
            flags.append(bool(broken or pdfium_c.FPDFText_HasUnicodeMapError(textpage, i)))
            glyphs.append(glyph(char, left, right, box.bottom, box.top))
            pdfium_c.FPDFText_GetMatrix(textpage, i, ctypes.byref(matrix))
            # the baseline's way: the matrix's first column, turned round by a negative size
            ahead = matrix.a if pdfium_c.FPDFText_GetFontSize(textpage, i) >= 0 else -matrix.a
            levels.append(ahead > 0 and abs(matrix.b) <= math.tan(math.radians(3)) * ahead)
        printed = [level for g, level in zip(glyphs, levels, strict=True) if not g.text.isspace()]
        if printed.count(False) < printed.count(True):  # mostly level: the rest left out
            glyphs = [g for g, level in zip(glyphs, levels, strict=True) if level]
            flags = [f for f, level in zip(flags, levels, strict=True) if level]
        return glyphs, sum(flags)
    finally:
        pdfium_c.FPDFText_ClosePage(textpage)
        pdfium_c.FPDF_ClosePage(page)


def advanced(textpage, i: int, char: str) -> tuple[float, float | None]:
    """The character's origin and its advance, its font's width for it at its size, in
    page points: None for text not set upright, infinity for a font without a width."""
    import pypdfium2.raw as pdfium_c

    x, y = ctypes.c_double(), ctypes.c_double()
    matrix, width = pdfium_c.FS_MATRIX(), ctypes.c_float()
    pdfium_c.FPDFText_GetCharOrigin(textpage, i, ctypes.byref(x), ctypes.byref(y))
    pdfium_c.FPDFText_GetMatrix(textpage, i, ctypes.byref(matrix))
    size = pdfium_c.FPDFText_GetFontSize(textpage, i)
    skewed = abs(matrix.b) > 1e-3 * matrix.a or abs(matrix.c) > 1e-3 * matrix.d
    if matrix.a <= 0 or matrix.d <= 0 or skewed or size <= 0:
        return x.value, None
    font = pdfium_c.FPDFTextObj_GetFont(pdfium_c.FPDFText_GetTextObject(textpage, i))
    if not pdfium_c.FPDFFont_GetGlyphWidth(font, ord(char), size, ctypes.byref(width)):
        return x.value, float("inf")
    return x.value, matrix.a * width.value if width.value > 0 else float("inf")


@pytest.mark.parametrize("path", PDFS, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_every_page_gives_the_glyphs_the_bindings_give(path):
    try:
        document = open_document(path, path.read_bytes(), ReadOptions(passwords=("1234",)))
    except InputError:
        return  # not a PDF at all: no page to compare
    try:
        for index in range(len(document)):
            fast, plain = page_glyphs(document, index), one_call_at_a_time(document, index)
            assert (fast is None) == (plain is None), index
            if fast is not None:
                assert fast[1] == plain[1], index
                assert [g.text for g in fast[0]] == [g.text for g in plain[0]], index
                # the advance is taken at 1000 units to the em, the oracle's at the size:
                # the same figure but for float rounding
                assert [g[1:] for g in fast[0]] == [pytest.approx(g[1:]) for g in plain[0]]
                assert all(type(g) is Glyph for g in fast[0])
                # the page's text is its glyphs', a character each (the reader counts them)
                text = read_page(document, index).text
                assert text == "".join(g.text for g in fast[0])
                assert len(text) == len(fast[0])
    finally:
        document.close()


def test_the_fixtures_include_what_the_other_ways_are_for():
    # A page whose text does not line up with its characters (asked one by one), and
    # characters without a Unicode value: the font without a Unicode map does both.
    import pypdfium2.raw as pdfium_c

    (path,) = [p for p in PDFS if "无字体映射" in p.name]
    document = open_document(path, path.read_bytes(), ReadOptions())
    try:
        page = pdfium_c.FPDF_LoadPage(document.raw, 0)
        textpage = pdfium_c.FPDFText_LoadPage(page)
        assert _page_text(textpage, pdfium_c.FPDFText_CountChars(textpage)) is None
        pdfium_c.FPDFText_ClosePage(textpage)
        pdfium_c.FPDF_ClosePage(page)
        assert page_glyphs(document, 0)[1] > 0
    finally:
        document.close()


def test_whitespace_found_by_the_pattern_is_what_isspace_says():
    everything = "".join(map(chr, range(sys.maxunicode + 1)))
    assert re.findall(r"\s", everything) == [c for c in everything if c.isspace()]
