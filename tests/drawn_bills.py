"""Bills drawn as PDFs text by text, at the places a carrier's e-bill prints them, with
reportlab as fixtures/make_pdfs.py draws the fixtures: for the reader's tests of how a
page is laid out (a summary above the detail, an account block, 详单 pages).

The bill is China Mobile's for 13951234567, 2026-10; its truth is :data:`SECTIONS` and
:data:`TOTAL` (77.60).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from test_readers_pdf import make_pdfs

from auditor.pipeline import AuditOptions, run_audit
from auditor.readers import ReadOptions, read_file

LINE = "13951234567"
SECTIONS = [
    ("套餐及固定费", [("5G智享套餐58元（个人版）", "58.00")]),
    ("套餐外语音通信费", [("国内主叫通话费", "3.60")]),
    ("增值业务费", [("咪咕视频会员", "15.00"), ("彩铃功能费", "5.00")]),
    ("代收费", [("手机报（江苏新闻早报）", "6.00")]),
    ("优惠及减免", [("话费优惠", "-10.00")]),
]
TOTAL = "77.60"


class Drawn:
    """Pages of text placed by hand; ``y`` counts down from the top margin."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.pdf = make_pdfs.new_canvas(path)
        self.width, self.height = self.pdf._pagesize
        self.y = self.height - 50

    def row(self, *cells: tuple, size: float = 10.5, step: float = 18) -> None:
        """One printed line: cells of (x, text) or (x, text, "r") for right-aligned."""
        self.pdf.setFont(make_pdfs.FONT, size)
        for x, text, *align in cells:
            if align == ["r"]:
                self.pdf.drawRightString(x, self.y, text)
            elif align == ["c"]:
                self.pdf.drawCentredString(x, self.y, text)
            else:
                self.pdf.drawString(x, self.y, text)
        self.y -= step

    def page(self) -> None:
        """Start the next page."""
        self.pdf.showPage()
        self.y = self.height - 50

    def save(self) -> Path:
        """Finish the file; its path."""
        self.pdf.showPage()
        self.pdf.save()
        return self.path


def header(doc: Drawn, line: str = LINE) -> None:
    """The bill's title and header block (name, number, billing cycle)."""
    doc.row((doc.width / 2, "中国移动通信客户账单", "c"), size=16, step=32)
    doc.row((60, "客户姓名：宋**"), (300, f"手机号码：{line}"))
    doc.row((60, "计费周期：2026年10月01日-2026年10月31日"), (300, "品牌：全球通"))
    doc.y -= 10


def table(doc: Drawn, sections=SECTIONS, total: str = TOTAL, x0: float = 60) -> None:
    """The 费用项目 table: each section with its sum, its items indented, the total."""
    doc.row((x0, "费用项目"), (x0 + 340, "金额（元）", "r"))
    for section, items in sections:
        fen = sum(int(amount.replace(".", "")) for _, amount in items)
        doc.row((x0, section), (x0 + 340, f"{fen // 100}.{abs(fen) % 100:02d}", "r"))
        for name, amount in items:
            doc.row((x0 + 21, name), (x0 + 340, amount, "r"))
    doc.row((x0, "本月费用合计"), (x0 + 340, total, "r"))


def read(path: Path):
    """The file as the reader reads it."""
    return read_file(path, ReadOptions())


def charged(result) -> dict[str, int]:
    """Each charge's fen by its item name (its section's when it has none)."""
    found: dict[str, int] = {}
    for charge in result.charges:
        name = charge.item or charge.section
        found[name] = found.get(name, 0) + charge.amount_fen
    return found


def audited(path: Path):
    """The audit of the one file, as of the end of November 2026."""
    return run_audit([path], AuditOptions(as_of=date(2026, 11, 27)))
