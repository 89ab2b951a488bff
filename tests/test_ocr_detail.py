"""通话详单 pages in a scan or a picture are records, not charges, as a text PDF's are
(auditor.readers.detail_records, asked by auditor.readers.ocr_read): each call's time,
number and fee were read as charges (10-01 08:10:11 for 13,800,000,000.00), or unread.

The pages are drawn and scanned as fixtures/make_screens.py draws its scans
(fixtures/ocr_drawing.py); OCR takes a few seconds a page.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from PIL import Image

from auditor.readers import ReadOptions, read_file

pytestmark = pytest.mark.usefixtures("english")

ROOT = Path(__file__).resolve().parent.parent


def _drawing():
    spec = importlib.util.spec_from_file_location(
        "ocr_drawing", ROOT / "fixtures" / "ocr_drawing.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


drawing = _drawing()
HEADER = [["手机号码：13800001234", "账期：2026年10月"]]
BILL = drawing.Printed(
    "中国移动 个人账单",
    HEADER,
    [("费用项目", 700), ("金额(元)", 300)],
    [
        (["套餐及固定费", "58.00"], 0),
        (["国内主叫通话费", "3.60"], 0),
        (["本月费用合计", "61.60"], 0),
    ],
)
# six calls, three of them 1.20: the bill's 国内主叫通话费 3.60
CALLS = drawing.Printed(
    "通话详单",
    [["手机号码：13800001234", "查询周期：2026年10月"]],
    [("起始时间", 260), ("对方号码", 260), ("通信时长", 200), ("通信费(元)", 280)],
    [
        (
            [
                f"10-{1 + i:02d} 08:{10 + i:02d}:11",
                f"1380000{i:04d}",
                f"{1 + i}分05秒",
                "1.20" if i < 3 else "0.00",
            ],
            0,
        )
        for i in range(6)
    ],
)
TRUTH = {"套餐及固定费": 5800, "国内主叫通话费": 360}


def _read(path: Path):
    result = read_file(path, ReadOptions())
    assert {c.item or c.section: c.amount_fen for c in result.charges} == TRUTH
    assert [b.stated_total_fen for b in result.bills] == [6160]
    assert not result.unparseable, result.unparseable
    assert result.set_aside["detail"] >= 6  # the six calls, their title and header row
    assert result.rows_read == sum(result.set_aside.values()) + len(result.charges) + len(
        result.unparseable
    )
    return result


def test_detail_pages_of_a_scanned_pdf_are_records_not_charges(tmp_path):
    path = tmp_path / "scan.pdf"
    drawing.scanned_pdf(path, [BILL, CALLS], seed=7)
    result = _read(path)
    assert any(note.startswith("6 detail records") and "page 2" in note for note in result.notes)


def test_detail_records_in_a_picture_are_records_not_charges(tmp_path):
    # one long picture of the bill and its calls: no page to name
    pages = [drawing.printed_page(BILL), drawing.printed_page(CALLS)]
    long = Image.new("L", (pages[0].width, 900 + pages[1].height), 255)
    long.paste(pages[0].crop((0, 0, pages[0].width, 900)), (0, 0))
    long.paste(pages[1], (0, 900))
    path = tmp_path / "bill.png"
    long.save(path)
    result = _read(path)
    assert any(note.startswith("6 detail records") for note in result.notes)
