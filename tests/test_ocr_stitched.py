"""A long screenshot stitched from two (trial t11's b12_stitched): the screen's top (the
status bar's clock, the title bar 账单详情) stands again between two items of a section.
It is the screen's, not the bill's: left in, the clock headed the items after it as a
section, and 增值业务费 said 33.00 against items adding up to 21.00. Text boxes laid out
as OCR gives them: no OCR, fast."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_ocr_angle import OPTIONS, _box, _yuan

from auditor.readers.ocr_layout import picture_lines
from auditor.readers.ocr_read import read_lines

pytestmark = pytest.mark.usefixtures("english")

WIDTH = 1080
#: (name, indent level, amount in fen); ``None`` an amount: the screen's top, repeated.
ROWS = [
    ("套餐及固定费", 0, 3800),
    ("5G智享套餐38元", 1, 3800),
    ("增值业务费", 0, 3300),
    ("咪咕视频会员", 1, 1500),
    ("视频彩铃订阅", 1, 600),
    ("09:42", -1, None),  # the second screenshot's status bar, a minute later
    ("账单详情", 9, None),
    ("彩铃功能费", 1, 500),
    ("手机阅读图书包月", 1, 700),
    ("优惠及减免", 0, -1000),
    ("话费优惠", 1, -1000),
]


def _level(x: float, y: float) -> tuple[float, float]:
    return (x, y)


def _read(rows: list[tuple[str, int, int | None]]):
    """The stitched screen of ``rows`` read: the screen's top, the rows, the total."""
    total = sum(fen for _, level, fen in rows if level == 1 and fen is not None)
    top = [("09:41", -1, None), ("账单详情", 9, None), ("2026年10月账单138****1234", 0, None)]
    boxes, y = [], 60
    for name, level, fen in [*top, *rows, ("本月费用合计", 0, total)]:
        boxes.append(_box(_level, 40 if level < 0 else 100 + 56 * level, y, name))
        if fen is not None:
            amount = _yuan(fen)
            boxes.append(_box(_level, 1000 - 30 * len(amount), y, amount))
        y += 86
    lines, readings = picture_lines(boxes, 1, (WIDTH, y + 60))
    path = Path("13800001234-账单-长图.png")
    return read_lines(path, lines, readings, OPTIONS, picture=True)


def test_the_screen_s_top_repeated_at_a_seam_is_set_aside():
    result = _read(ROWS)
    sections = {c.item: c.section for c in result.charges}
    assert sections == {
        "5G智享套餐38元": "套餐及固定费",
        "咪咕视频会员": "增值业务费",
        "视频彩铃订阅": "增值业务费",
        "彩铃功能费": "增值业务费",  # was under 09:42
        "手机阅读图书包月": "增值业务费",
        "话费优惠": "优惠及减免",
    }
    assert {c.item: c.category for c in result.charges}["手机阅读图书包月"] == "vas"
    assert not result.warnings and not result.section_gaps and not result.unparseable
    # the three lines at the top, two at the seam: the app's bars as chrome, the rest as title
    assert result.set_aside["title"] + result.set_aside["chrome"] == 5
    assert [b.stated_total_fen for b in result.bills] == [sum(c.amount_fen for c in result.charges)]


def test_a_section_that_does_not_add_up_across_a_seam_is_still_said():
    rows = [(name, level, 500 if name == "手机阅读图书包月" else fen) for name, level, fen in ROWS]
    result = _read(rows)
    assert result.warnings == [
        next(w for w in result.warnings if "section 增值业务费 says 33.00" in w)
    ]
    assert "its items add up to 31.00" in result.warnings[0]
    assert [(g.name, g.stated_fen, g.summed_fen) for g in result.section_gaps] == [
        ("增值业务费", 3300, 3100)
    ]
