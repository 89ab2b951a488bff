"""The one font PDFium lays under every font a PDF does not embed: a low bar.

A bill printed in a font it does not embed (STSong-Light, as reportlab and iText write
Chinese; SimSun, Arial) is drawn by PDFium in a stand-in font, and a character's loose
box reaches out to that stand-in's ink. Left to itself, PDFium looks the stand-in up
among the machine's fonts: the same bill then reads other boxes on another machine (a
Noto CJK font here, SimSun on Windows, none in a container), and a 26 MB CJK font is
read and parsed again for each document (1.0 s of CPU on bench/scale.py's 400 pages,
against 0.2 s). Without the machine's fonts, PDFium's built-in ones have no Chinese
glyph at all: a Chinese character then has no ink, and PDFium's text page drops a text
object without width (a one-character cell, a bill drawn a character at a time) and
takes repeated labels in consecutive rows for doubled bold text.

So PDFium is given this font instead, for every font it would look up but the standard
ones it has its own of (Helvetica, Times, Courier, Symbol, ZapfDingbats: it turns their
usual other names, such as ArialMT, into these itself, and a PDF need not give their
widths). Its one glyph, for every character, is a bar half an em wide and 0.05 em high
on the baseline, with half an em of advance. The bar's ink stays within any font's
ascent and descent, so a box's height is the PDF's metrics on every machine (its sides
are the character's origin and the PDF's advance: :mod:`auditor.readers.pdf_chars`),
and no character is without ink. Half an em is about a Latin letter's width: what a
font the PDF gives no widths for advances by, as a real stand-in would. Pages are drawn
only for OCR, only those without visible text, and with their text hidden
(:mod:`auditor.readers.pdf_scan`), so no picture shows the bar.
"""

from __future__ import annotations

import ctypes
import struct
from functools import cache

_FACE = b"AuditorBar"
# The bar, in font units of 1000 to the em: its width (and advance) and its height.
_WIDTH, _HEIGHT = 500, 50
_HANDLE = 1  # what MapFont answers: the one font there is (any non-null pointer value)
# The standard fonts every PDF reader has (PDFium turns their usual other names into
# these before it asks): PDFium has its own, their shapes and the widths a PDF need not
# give. Every other font gets the bar, Arial Unicode MS as much as SimSun.
_STANDARD = frozenset(
    f"{family}{style}".encode()
    for family, styles in (
        ("Courier", ("", "-Bold", "-Oblique", "-BoldOblique")),
        ("Helvetica", ("", "-Bold", "-Oblique", "-BoldOblique")),
        ("Times", ("-Roman", "-Bold", "-Italic", "-BoldItalic")),
        ("Symbol", ("",)),
        ("ZapfDingbats", ("",)),
    )
    for style in styles
)
# Windows' character sets of Japanese, Korean (two), simplified and traditional Chinese.
_CJK = frozenset({128, 129, 130, 134, 136})


@cache
def bar_font() -> bytes:
    """The font's file: a TrueType font of two glyphs (.notdef and the bar, both the
    bar), every code point mapped to the bar."""
    glyph = struct.pack(
        ">hhhhhH H 4B 4h 4h",
        1, 0, 0, _WIDTH, _HEIGHT,  # one contour and its bounds
        3,  # the contour ends at point 3
        0,  # no instructions
        *[1] * 4,  # four points on the curve, coordinates as 16-bit deltas
        0, _WIDTH, 0, -_WIDTH,  # x
        0, 0, _HEIGHT, 0,  # y
    )  # fmt: skip
    glyph += b"\0" * (-len(glyph) % 4)
    tables = {
        b"OS/2": _os2(),
        b"cmap": _cmap(),
        b"glyf": glyph * 2,
        b"head": struct.pack(
            ">IIIIHHqqhhhhHHhhh",
            0x00010000, 0x00010000, 0, 0x5F0F3CF5,  # version, revision, checksum, magic
            0, 1000,  # flags, units per em
            0, 0,  # created, modified
            0, 0, _WIDTH, _HEIGHT,  # bounds
            0, 8, 2,  # style, smallest readable size, direction hint
            1, 0,  # long offsets in loca, glyph data format
        ),
        b"hhea": struct.pack(
            ">IhhhHhhhhhhhhhhhH",
            0x00010000, 800, -200, 0, _WIDTH,  # version, ascender, descender, gap, widest
            0, 0, _WIDTH,  # least left and right bearings, widest extent
            1, 0, 0,  # caret slope and offset
            0, 0, 0, 0,  # reserved
            0, 2,  # metric data format, metrics
        ),
        b"hmtx": struct.pack(">HhHh", _WIDTH, 0, _WIDTH, 0),
        b"loca": struct.pack(">III", 0, len(glyph), 2 * len(glyph)),
        b"maxp": struct.pack(">IHHHHHHHHHHHHHH", 0x00010000, 2, 4, 1, 0, 0, 2, *[0] * 8),
        b"name": _name(),
        b"post": struct.pack(">IIhhIIIII", 0x00030000, 0, -100, 50, 0, 0, 0, 0, 0),
    }  # fmt: skip
    return _sfnt(tables)


def _cmap() -> bytes:
    """Every character to glyph 1, in each of the ways PDFium may ask: Unicode in full
    (Windows, format 13: ranges to one glyph), the Basic Multilingual Plane up to U+7EFF
    (Windows, format 4), a symbol font's codes (Windows, U+F000 to U+F0FF) and Mac Roman
    (format 0)."""
    subtables = [
        ((1, 0), struct.pack(">HHH", 0, 262, 0) + b"\x01" * 256),
        ((3, 0), _format4(0xF000, 0xF0FF)),
        ((3, 1), _format4(0x0000, 0x7EFF)),
        ((3, 10), struct.pack(">HHIIIIII", 13, 0, 28, 0, 1, 0x0000, 0x10FFFF, 1)),
    ]
    offset = 4 + 8 * len(subtables)
    records, body = b"", b""
    for (platform, encoding), data in subtables:
        records += struct.pack(">HHI", platform, encoding, offset + len(body))
        body += data
    return struct.pack(">HH", 0, len(subtables)) + records + body


def _format4(first: int, last: int) -> bytes:
    """A format 4 subtable mapping ``first`` to ``last`` to glyph 1 through its glyph
    array, and the closing segment at U+FFFF."""
    count = last - first + 1
    segments = 2
    search = 2 * 2 ** (segments.bit_length() - 1)
    length = 16 + 8 * segments + 2 * count
    return (
        struct.pack(">HHH", 4, length, 0)
        + struct.pack(">HHH", 2 * segments, search, segments.bit_length() - 1)
        + struct.pack(">H", 2 * segments - search)
        + struct.pack(">HH", last, 0xFFFF)  # segment ends
        + struct.pack(">H", 0)  # reserved
        + struct.pack(">HH", first, 0xFFFF)  # segment starts
        + struct.pack(">hh", 0, 1)  # deltas (the closing segment's maps to glyph 0)
        # the first segment's glyphs start right after the offsets: 2 offsets, 4 bytes
        + struct.pack(">HH", 2 * segments, 0)
        + struct.pack(f">{count}H", *[1] * count)
    )


def _os2() -> bytes:
    """Version 1 of the OS/2 table: the bar's weight, width and vertical metrics."""
    return struct.pack(
        ">HhHHHhhhhhhhhhhh10sIIII4sHHHhhhHHII",
        1, 500, 400, 5, 0,  # version, average width, weight, width class, embedding
        0, 0, 0, 0, 0, 0, 0, 0, 50, 250,  # sub- and superscript, strikeout
        0, b"\0" * 10,  # family class, PANOSE
        0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF,  # every Unicode range
        b"AUDT", 0x40, 0x0000, 0xFFFF,  # vendor, regular, first and last character
        800, -200, 0, 800, 200,  # typographic and Windows ascender and descender
        0x003E01FF, 0,  # code pages: the Latin, Greek, Cyrillic, Chinese, Japanese, Korean
    )  # fmt: skip


def _name() -> bytes:
    """The font's names (family, full, PostScript), in UTF-16 for Windows."""
    text = _FACE.decode().encode("utf-16-be")
    ids = (1, 2, 4, 6)
    values = [text, "Regular".encode("utf-16-be"), text, text]
    records, strings = b"", b""
    for name_id, value in zip(ids, values, strict=True):
        records += struct.pack(">HHHHHH", 3, 1, 0x409, name_id, len(value), len(strings))
        strings += value
    return struct.pack(">HHH", 0, len(ids), 6 + 12 * len(ids)) + records + strings


def _sfnt(tables: dict[bytes, bytes]) -> bytes:
    """The font file: the table directory, then each table, four-byte aligned."""
    tags = sorted(tables)
    power = 2 ** (len(tags).bit_length() - 1)
    head = struct.pack(
        ">IHHHH", 0x00010000, len(tags), 16 * power, power.bit_length() - 1,
        16 * len(tags) - 16 * power,
    )  # fmt: skip
    offset = 12 + 16 * len(tags)
    directory, body = b"", b""
    for tag in tags:
        data = tables[tag]
        directory += struct.pack(">4sIII", tag, _checksum(data), offset + len(body), len(data))
        body += data + b"\0" * (-len(data) % 4)
    return head + directory + body


def _checksum(data: bytes) -> int:
    padded = data + b"\0" * (-len(data) % 4)
    return sum(struct.unpack(f">{len(padded) // 4}I", padded)) & 0xFFFFFFFF


def _asked(face) -> bytes:
    """The font name PDFium asks for (a C string; none when it passes no name)."""
    return ctypes.string_at(face) if face else b""


def bar_stands_in(face: bytes, charset: int) -> bool:
    """Whether the bar stands in for the font PDFium asks for by ``face`` (its name) in
    ``charset`` (Windows' number): for every font but a standard one in a Western set."""
    return charset in _CJK or face not in _STANDARD


_installed: object = None


def lay_bar_under_missing_fonts() -> None:
    """Give PDFium :func:`bar_font` for every font a PDF does not embed, once per
    process and before it loads a page (its font info is global, and kept alive here)."""
    global _installed
    if _installed is not None:
        return
    import pypdfium2.raw as pdfium_c

    data = bar_font()
    info = pdfium_c.FPDF_SYSFONTINFO()
    kinds = dict(info._fields_)

    def enum_fonts(this, mapper):
        for charset in (
            pdfium_c.FXFONT_ANSI_CHARSET,
            pdfium_c.FXFONT_DEFAULT_CHARSET,
            pdfium_c.FXFONT_GB2312_CHARSET,
            pdfium_c.FXFONT_CHINESEBIG5_CHARSET,
            pdfium_c.FXFONT_SHIFTJIS_CHARSET,
            pdfium_c.FXFONT_HANGEUL_CHARSET,
        ):
            pdfium_c.FPDF_AddInstalledFont(mapper, _FACE, charset)

    def map_font(this, weight, italic, charset, pitch, face, exact):
        return _HANDLE if bar_stands_in(_asked(face), charset) else None

    def get_font(this, face):
        return _HANDLE if _asked(face) == _FACE else None

    def get_font_data(this, font, table, buffer, size):
        if table != 0:  # a table of its own (a collection's 'ttcf'): the file is one font
            return 0
        if buffer and size >= len(data):
            ctypes.memmove(buffer, data, len(data))
        return len(data)

    def get_face_name(this, font, buffer, size):
        if buffer and size > len(_FACE):
            ctypes.memmove(buffer, _FACE + b"\0", len(_FACE) + 1)
        return len(_FACE) + 1

    def get_charset(this, font):
        return pdfium_c.FXFONT_DEFAULT_CHARSET

    def nothing(this, *font):
        return None

    callbacks = {
        "Release": nothing,
        "EnumFonts": enum_fonts,
        "MapFont": map_font,
        "GetFont": get_font,
        "GetFontData": get_font_data,
        "GetFaceName": get_face_name,
        "GetFontCharset": get_charset,
        "DeleteFont": nothing,
    }
    info.version = 1
    for name, function in callbacks.items():
        setattr(info, name, kinds[name](function))
    pdfium_c.FPDF_SetSystemFontInfo(ctypes.byref(info))
    _installed = (info, callbacks)
