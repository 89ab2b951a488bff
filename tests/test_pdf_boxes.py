"""A PDF character's box is the PDF's own metrics, whatever fonts the machine has: its
origin and the advance the PDF gives it, the font's size for an em, and ink for every
character in the font laid under a font the PDF does not embed
(:mod:`auditor.readers.pdf_font`). The PDFs are drawn here with reportlab, as
fixtures/make_pdfs.py draws the fixtures.
"""

from __future__ import annotations

import io
from contextlib import contextmanager
from dataclasses import replace
from itertools import pairwise
from pathlib import Path

import pytest
from test_readers_pdf import PDF, make_pdfs

from auditor.readers import ReadOptions


@contextmanager
def _drawing(path: Path):
    """A one-page PDF at ``path``, drawn in the ``with`` block (in 10 pt STSong-Light, the
    fixtures' font, until it says otherwise)."""
    pdf = make_pdfs.new_canvas(path)
    pdf.setFont(make_pdfs.FONT, 10)
    yield pdf
    pdf.showPage()
    pdf.save()


def _first_page(path: Path):
    """The first page's text as the reader takes it (:func:`~auditor.readers.pdf_chars.
    read_page`)."""
    from auditor.readers.pdf_chars import read_page
    from auditor.readers.pdf_open import open_document

    document = open_document(path, path.read_bytes(), ReadOptions())
    try:
        return read_page(document, 0)
    finally:
        document.close()


def _glyphs_of(path: Path):
    from auditor.readers.pdf_chars import page_glyphs
    from auditor.readers.pdf_open import open_document

    document = open_document(path, path.read_bytes(), ReadOptions())
    try:
        glyphs, unmapped = page_glyphs(document, 0)
    finally:
        document.close()
    assert unmapped == 0
    return glyphs


def test_a_box_spans_the_advance_the_pdf_gives_its_character(tmp_path):
    # Neither font is embedded, so PDFium lays a stand-in under each; a stand-in's digits
    # are wider than the PDF's, and which one it is used to depend on the machine's
    # fonts. A box is the PDF's own: from the character's origin, the width the PDF
    # gives it (reportlab wrote the widths it measures with), at the scale it is set in:
    # the page's matrix and the text's horizontal scaling (Tz).
    from reportlab.pdfbase.pdfmetrics import stringWidth

    path = tmp_path / "bill.pdf"
    with _drawing(path) as pdf:
        drawn = [  # font, size, horizontal scale, baseline, text
            (make_pdfs.FONT, 10, 1.0, 700, "彩铃功能费 10.00 已扣"),
            ("Helvetica", 9, 1.0, 680, "Data pack 5.00 (VAS)"),
            (make_pdfs.FONT, 12, 0.75, 660, "合计 35.00"),
            (make_pdfs.FONT, 10, 1.5, 640, "流量包 20.00"),
        ]
        for font, size, scale, y, text in drawn:
            pdf.saveState()
            if scale == 0.75:
                pdf.scale(0.75, 0.75)
                y /= 0.75
            writing = pdf.beginText(60 / (0.75 if scale == 0.75 else 1), y)
            writing.setFont(font, size)
            if scale == 1.5:
                writing.setHorizScale(150)
            writing.textOut(text)
            pdf.drawText(writing)
            pdf.restoreState()

    glyphs = _glyphs_of(path)
    for font, size, scale, y, text in drawn:
        on_line = [g for g in glyphs if abs(g.middle - y - size * scale / 3) < size * scale / 2]
        assert "".join(g.text for g in on_line) == text
        widths = [g.right - g.left for g in on_line]
        assert widths == pytest.approx([stringWidth(c, font, size) * scale for c in text], abs=0.01)
        # every character's box starts where the one before it ends: no overhang
        assert all(a.right == pytest.approx(b.left, abs=0.01) for a, b in pairwise(on_line))


@pytest.mark.parametrize(("gap", "cells"), [(12.0, 2), (13.0, 3)])
def test_a_column_after_amounts_splits_at_the_same_gap_in_ems_on_every_machine(
    tmp_path, gap: float, cells: int
):
    # 备注 starts ``gap`` points after a right-aligned amount, at 10 pt: cells split at
    # 1.25 ems (12.5 pt), ems of the font's size. Boxes from the ink of a stand-in font
    # made the amount wider and the em taller by as much as 1.7 pt and 10%, so the same
    # bill split only from 14 pt here, and (with PDFium's built-in stand-in) read
    # "10.00 已扣" as one cell from 14.2 pt down: an amount lost.
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from auditor.readers.pdf_layout import page_lines

    path = tmp_path / "bill.pdf"
    with _drawing(path) as pdf:
        pdf.drawString(60, 700, "套餐及固定费")
        pdf.drawString(300, 700, "10.00")
        pdf.drawString(300 + stringWidth("10.00", make_pdfs.FONT, 10) + gap, 700, "已扣")

    (line,) = page_lines(_glyphs_of(path), 1)
    assert line.em == pytest.approx(10, abs=0.1)
    expected = ["套餐及固定费", "10.00", "已扣"] if cells == 3 else ["套餐及固定费", "10.00 已扣"]
    assert list(line.texts) == expected


def _cells_of(path: Path) -> list[list[str]]:
    from auditor.readers.pdf import document_lines
    from auditor.readers.pdf_open import open_document

    document = open_document(path, path.read_bytes(), ReadOptions())
    try:
        lines, bare, _ = document_lines(path, document)
    finally:
        document.close()
    assert not bare
    return [list(line.texts) for line in lines]


def test_chinese_drawn_a_character_at_a_time_is_all_read(tmp_path):
    # Some report engines place each character with a text object of its own; a bill's
    # one-character cells (元, 否) are such objects too. PDFium drops a text object
    # without ink, and its built-in fonts have no Chinese: the font laid under a
    # Chinese font the PDF does not embed must have ink for every character
    # (auditor.readers.pdf_font), on a machine without Chinese fonts as on any other.
    from reportlab.pdfbase.pdfmetrics import stringWidth

    path = tmp_path / "bill.pdf"
    with _drawing(path) as pdf:

        def put(x: float, y: float, text: str) -> None:
            for char in text:
                pdf.drawString(x, y, char)
                x += stringWidth(char, make_pdfs.FONT, 10)

        put(60, 780, "计费周期：2026-10-01至2026-10-31")
        put(60, 756, "费用项目")
        put(300, 756, "金额")
        put(360, 756, "单位")
        put(60, 738, "彩铃功能费")
        put(300, 738, "5.00")
        put(360, 738, "元")
    assert _cells_of(path) == [
        ["计费周期：2026-10-01至2026-10-31"],
        ["费用项目", "金额", "单位"],
        ["彩铃功能费", "5.00", "元"],
    ]


def test_the_same_long_label_in_consecutive_rows_is_read_in_each(tmp_path):
    # PDFium takes a text object drawn again over the same place for bold faked by
    # overprinting, and drops it, judging by the objects' ink: without ink, the same
    # label in the next rows (as wide as 8 row pitches) was taken for it.
    label = "国内通用流量包月费按日折算收取"
    path = tmp_path / "bill.pdf"
    with _drawing(path) as pdf:
        for row, amount in enumerate(["10.00", "20.00", "30.00"]):
            pdf.drawString(60, 700 - 16 * row, label)
            pdf.drawRightString(400, 700 - 16 * row, amount)
    assert _cells_of(path) == [[label, "10.00"], [label, "20.00"], [label, "30.00"]]


def test_the_bar_font_maps_every_character_to_its_low_bar():
    from PIL import ImageFont

    from auditor.readers.pdf_font import bar_font

    font = ImageFont.truetype(io.BytesIO(bar_font()), 100)
    for char in ["中", "A", "0", "￥", "\uf041", "\U00020000"]:
        ink = font.getmask(char).getbbox()  # left, top, right, bottom of the ink drawn
        # half an em wide, 0.05 em high (on the baseline): its advance, half an em too
        assert ink is not None and (ink[2] - ink[0], ink[3] - ink[1]) == (50, 5), char
        assert font.getlength(char) == 50, char


def _one_page(tmp_path: Path, font: bytes, content: bytes) -> Path:
    """A one-page PDF whose font F1 is ``font`` (a dictionary) drawing ``content``."""
    path = tmp_path / "page.pdf"
    stream = b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"
    path.write_bytes(
        make_pdfs._pdf_from_objects(
            [
                b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 400 200] "
                b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
                stream,
                font,
            ]
        )
    )
    return path


def test_a_font_without_widths_advances_as_a_stand_in_would(tmp_path):
    # A TrueType font neither embedded nor given /Widths (invalid, but printed): PDFium
    # advances each character by the stand-in's own width. Half an em, as a Latin
    # letter's, keeps the amount ahead of the next column, 20 pt further.
    font = b"<< /Type /Font /Subtype /TrueType /BaseFont /Verdana /Encoding /WinAnsiEncoding >>"
    content = b"BT /F1 10 Tf 100 100 Td (1309.86) Tj ET BT /F1 10 Tf 155 100 Td (paid) Tj ET"
    assert _cells_of(_one_page(tmp_path, font, content)) == [["1309.86", "paid"]]


def test_a_page_drawn_for_ocr_shows_none_of_its_text(tmp_path):
    # A scan whose text layer holds only spaces counts as a page without text and is
    # drawn for OCR; the spaces, in a font it does not embed, would be drawn as bars.
    from auditor.readers.pdf_open import open_document
    from auditor.readers.pdf_scan import _hide_text

    font = b"<< /Type /Font /Subtype /TrueType /BaseFont /SimSun /Encoding /WinAnsiEncoding >>"
    content = b"BT /F1 20 Tf 50 100 Td (          ) Tj ET"
    path = _one_page(tmp_path, font, content)
    document = open_document(path, path.read_bytes(), ReadOptions())
    try:
        drawn = document[0].render().to_pil().convert("L")
        assert drawn.getextrema()[0] < 255  # the bars: what OCR would have seen
        page = document[0]
        _hide_text(page)
        assert page.render().to_pil().convert("L").getextrema() == (255, 255)
    finally:
        document.close()


@pytest.mark.parametrize(
    ("face", "charset", "bar"),
    [
        (b"Helvetica", 0, False),  # PDFium's own, with its widths
        (b"Times-Bold", 0, False),
        (b"ArialUnicodeMS", 0, True),  # Chinese in a Western set: PDFium's own has none
        (b"SimSun", 134, True),
        (b"Helvetica", 134, True),
        (b"MicrosoftYaHei", 0, True),
    ],
)
def test_the_bar_stands_in_for_every_font_but_the_standard_ones(face, charset, bar):
    from auditor.readers.pdf_font import bar_stands_in

    assert bar_stands_in(face, charset) is bar


def _watermarked(path: Path, angle: float, level_text: bool = True) -> Path:
    """Line A's October bill (or only its watermark), a watermark across each page at
    ``angle`` degrees, as e-bills print 仅供查询."""
    pdf = make_pdfs.new_canvas(path)
    show = pdf.showPage

    def watermark_then_show() -> None:
        pdf.saveState()
        pdf.setFillGray(0.85)
        pdf.setFont(make_pdfs.FONT, 40)
        pdf.translate(300, 420)
        pdf.rotate(angle)
        pdf.drawCentredString(0, 0, "中国移动电子账单 仅供查询")
        pdf.restoreState()
        show()

    pdf.showPage = watermark_then_show
    if level_text:
        make_pdfs.draw_document(pdf, make_pdfs.line_a_bill("2026-10", ruled=False))
    else:
        pdf.showPage()
    pdf.save()
    return path


@pytest.mark.usefixtures("english")
def test_a_watermark_across_the_table_is_left_out_and_said(tmp_path):
    # Its characters fell into the rows they cross: 咪咕视频会员's 15.00 read "询15.00",
    # the charge lost, and nothing said.
    from auditor.readers import read_file

    clean = read_file(PDF / "household-a" / "中国移动账单-2026年10月.pdf", ReadOptions())
    marked = read_file(_watermarked(tmp_path / "bill.pdf", 35), ReadOptions())
    assert (
        marked.charges == [replace(charge, source=marked.path) for charge in clean.charges]
        and len(clean.charges) > 5
    )
    assert marked.warnings[-1] == (
        "page 1: 12 characters set at an angle (a watermark, a stamp or a turned heading?) "
        "left out of the table"
    )


def test_a_page_all_set_at_an_angle_keeps_its_text(tmp_path):
    # Nothing level to set it apart from: a page turned by its content, not a watermark.
    page = _first_page(_watermarked(tmp_path / "turned.pdf", 90, level_text=False))
    assert (page.text, page.angled) == ("中国移动电子账单 仅供查询", 0)


def test_slanted_text_is_level_text(tmp_path):
    # A faked italic skews the text, its baseline level: it stays in its row.
    path = tmp_path / "slanted.pdf"
    with _drawing(path) as pdf:
        writing = pdf.beginText()
        writing.setTextTransform(1, 0, 0.3, 1, 60, 700)
        writing.setFont(make_pdfs.FONT, 10)
        writing.textOut("彩铃功能费")
        pdf.drawText(writing)
        pdf.setFont(make_pdfs.FONT, 10)
        pdf.drawString(300, 700, "5.00")
    assert _cells_of(path) == [["彩铃功能费", "5.00"]]


def test_a_lean_as_small_as_an_ocr_scans_is_level(tmp_path):
    # OCR tools set each recognised line at the angle it leans in the scan: 0.3° is level.
    path = tmp_path / "ocr.pdf"
    with _drawing(path) as pdf:
        pdf.drawString(60, 720, "计费周期：2026-10-01至2026-10-31")
        pdf.saveState()
        pdf.rotate(0.3)
        pdf.setFont(make_pdfs.FONT, 10)
        pdf.drawString(60, 700, "彩铃功能费")
        pdf.drawString(300, 700, "5.00")
        pdf.restoreState()
    assert _cells_of(path) == [["计费周期：2026-10-01至2026-10-31"], ["彩铃功能费", "5.00"]]


def test_text_turned_round_twice_is_level(tmp_path):
    # A negative size under a turned matrix stands the text upright again.
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    content = (
        b"BT /F1 10 Tf 50 150 Td (Total due) Tj ET BT /F1 -10 Tf -1 0 0 -1 150 100 Tm (78.90) Tj ET"
    )
    assert _cells_of(_one_page(tmp_path, font, content)) == [["Total due"], ["78.90"]]


def test_one_level_character_does_not_decide_a_turned_page(tmp_path):
    path = tmp_path / "turned.pdf"
    with _drawing(path) as pdf:
        pdf.drawString(500, 30, "1")  # a level page number under a page turned by its content
        pdf.saveState()
        pdf.translate(300, 420)
        pdf.rotate(90)
        pdf.drawString(0, 0, "费用项目 金额 彩铃功能费 5.00")
        pdf.restoreState()
    page = _first_page(path)
    assert (page.text, page.angled) == ("1费用项目 金额 彩铃功能费 5.00", 0)


@pytest.mark.usefixtures("english")
def test_what_was_left_out_at_an_angle_is_said_in_the_error_it_may_explain(tmp_path):
    from auditor.readers import read_file

    path = tmp_path / "note.pdf"
    with _drawing(path) as pdf:
        pdf.drawString(60, 700, "这是一段与账单无关的说明文字，没有任何表格或者金额")
        pdf.saveState()
        pdf.translate(300, 420)
        pdf.rotate(45)
        pdf.drawString(0, 0, "电子账单仅供查询")
        pdf.restoreState()
    result = read_file(path, ReadOptions())
    assert result.error.endswith(
        "; page 1: 8 characters set at an angle (a watermark, a stamp or a turned heading?) "
        "left out of the table"
    )


@pytest.mark.usefixtures("english")
def test_characters_left_out_on_many_pages_are_said_once():
    from auditor.readers.pdf import angled_text

    pages = {number: 12 for number in range(1, 45)}
    assert angled_text(pages) == (
        "pages 1, 2, 3, 4, 5, … (44 pages): 528 characters set at an angle (a watermark, "
        "a stamp or a turned heading?) left out of the table"
    )
