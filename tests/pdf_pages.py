"""One-page PDF bills drawn cell by cell where a carrier's e-bill prints them, as
fixtures/make_pdfs.py draws its fixtures (its canvas and font): the bill of 13951234567
for 2026-10 by its header block (tests/test_pdf_side_by_side.py, tests/test_period_columns.py)."""

from __future__ import annotations

from pathlib import Path

from test_readers_pdf import make_pdfs

LINE, MONTH = "13951234567", "2026-10"
HEADER = [[(60, "客户姓名：宋**"), (300, f"手机号码：{LINE}")],
          [(60, "计费周期：2026年10月01日-2026年10月31日")]]  # fmt: skip


def draw_bill(path: Path, rows: list[list[tuple[float, str]]]) -> Path:
    """A one-page bill: a title, the header block, then ``rows`` of cells, each at its x
    (a negative x: right-aligned there, as amounts stand)."""
    pdf = make_pdfs.new_canvas(path)
    pdf.setFont(make_pdfs.FONT, 16)
    pdf.drawCentredString(298, 790, "中国移动通信客户账单")
    pdf.setFont(make_pdfs.FONT, 10.5)
    y = 760.0
    for cells in [*HEADER, *rows]:
        for x, text in cells:
            if x < 0:
                pdf.drawRightString(-x, y, text)
            else:
                pdf.drawString(x, y, text)
        y -= 18
    pdf.showPage()
    pdf.save()
    return path
