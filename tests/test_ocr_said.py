"""What a picture read by OCR says of its rows: the confidence an unread row shows
against the threshold it failed, and the confidence the Charges and Services sheets
show (trial t11). Text boxes are laid out as OCR gives them: no OCR, fast."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_ocr_angle import _bill_boxes, _read

from auditor.errors import ErrorCode, InputError
from auditor.ocr_summary import under_threshold
from auditor.readers.base import ReadOptions
from auditor.readers.detect import NO_PERIOD
from auditor.readers.ocr_engine import OcrBox
from auditor.writers.listings import inputs, ocr_confidence

pytestmark = pytest.mark.usefixtures("english")


def _level(x: float, y: float) -> tuple[float, float]:
    return (x, y)


@pytest.mark.parametrize(
    ("confidence", "threshold", "shown"),
    [
        (0.8996, 0.9, ("0.89", "0.90")),  # rounded, it looked equal to the threshold
        (0.5, 0.9, ("0.50", "0.90")),
        (0.29, 0.3, ("0.29", "0.30")),  # cut exactly, not to 0.28 by a float's error
        (0.9249, 0.925, ("0.924", "0.925")),  # a finer threshold shows its own digits
    ],
)
def test_a_confidence_under_the_threshold_never_looks_equal_to_it(confidence, threshold, shown):
    assert under_threshold(confidence, threshold) == shown
    assert shown[0] < shown[1]


def test_an_unread_row_s_confidence_is_shown_under_its_threshold():
    # trial t11's dp_3.5 (blurred heavily): "confidence 0.90, under 0.90"
    boxes = _bill_boxes(_level)
    at = next(i for i, b in enumerate(boxes) if b.text == "18.00")
    boxes[at] = OcrBox(boxes[at].corners, "18.00", (0.99, 0.8996, 0.99, 0.99, 0.99))
    (issue,) = _read(boxes).unparseable
    assert "'18.00' with confidence 0.89, under 0.90:" in issue.reason


def test_a_used_amount_shows_its_own_confidence_not_its_name_s():
    # trial t11: the Charges sheet showed 0.81 (the name's mean, kept under the threshold)
    # on an amount used, as if the amount were under the threshold
    boxes = _bill_boxes(_level)
    at = next(i for i, b in enumerate(boxes) if b.text == "咪咕视频会员")
    boxes[at] = OcrBox(boxes[at].corners, "咪咕视频会员", (0.81,) * 6)
    at = [i for i, b in enumerate(boxes) if b.text == "-10.00"][1]  # the item's
    boxes[at] = OcrBox(boxes[at].corners, "-10.00", (0.99, 0.99, 0.95, 0.99, 0.99, 0.99))
    result = _read(boxes)
    shown = {c.item: ocr_confidence(c.confidence) for c in result.charges}
    assert shown == {"咪咕视频会员": "0.99", "游戏点数(北京掌趣)": "0.99", "话费优惠": "0.95"}
    assert not result.unparseable


def test_a_service_s_confidence_is_its_figures_not_its_name_s():
    lines = [("已订业务", ""), ("咪咕视频会员", "15元/月"), ("订购时间：2026-07-21", "正常"),
             ("视频彩铃", ""), ("订购时间：2026-08-02", "正常")]  # fmt: skip
    boxes = []
    for n, (left, right) in enumerate(lines):
        unsure = (0.85,) if left.startswith(("咪咕", "视频")) else (0.96,)
        boxes.append(OcrBox(_corners(100, 150 + 86 * n, left), left, unsure * len(left)))
        if right:
            boxes.append(OcrBox(_corners(1100 - 30 * len(right), 150 + 86 * n, right), right,
                                (0.97,) * len(right)))  # fmt: skip
    result = _read(boxes)
    assert {s.name: ocr_confidence(s.confidence) for s in result.services} == {
        "咪咕视频会员": "0.96",  # its price's and its date's, not its name's
        "视频彩铃": "0.96",  # its date's
    }


def _corners(left: float, top: float, text: str) -> tuple[tuple[float, float], ...]:
    right, bottom = left + 30 * len(text), top + 40
    return ((left, top), (right, top), (right, bottom), (left, bottom))


def _tabs(words: tuple[str, ...], lefts: tuple[int, ...], top: int = 1100) -> list[OcrBox]:
    return [
        OcrBox(_corners(left, top, w), w, (0.99,) * len(w))
        for w, left in zip(words, lefts, strict=True)
    ]


def test_an_app_s_tab_bar_is_set_aside_as_the_screen_s():
    # trial t11's b05: the tab bar at the screen's foot was an unread row ("not an amount")
    boxes = _bill_boxes(_level) + _tabs(("首页", "服务", "商城", "我的"), (90, 350, 610, 870))
    result = _read(boxes)
    assert not result.unparseable
    assert result.set_aside["chrome"] == 1
    assert {c.item: c.amount_fen for c in result.charges} == {
        "咪咕视频会员": 1500, "游戏点数(北京掌趣)": 1800, "话费优惠": -1000,
    }  # fmt: skip
    why = inputs([result]).rows[0][9]  # the Inputs sheet's
    assert "app bars (status, title, tab) 1" in why


@pytest.mark.parametrize(
    ("words", "lefts"),
    [
        (("首页", "服务", "商城", "我的"), (90, 200, 610, 870)),  # not spread evenly
        (("备注", "说明"), (90, 870)),  # two words: a label and its value
        (("首页", "服务", "商城", "第2页"), (90, 350, 610, 870)),  # a figure
    ],
)
def test_a_last_line_of_short_words_is_a_tab_bar_only_spread_as_one(words, lefts):
    result = _read(_bill_boxes(_level) + _tabs(words, lefts))
    assert "chrome" not in result.set_aside
    assert result.unparseable or result.notes or result.set_aside["note"]


def test_a_month_s_line_read_unsure_is_named_in_the_missing_month_error():
    # trial t11's dp_3.5 (blurred heavily): "could not detect period (give --period)",
    # not saying that OCR read the month's line, unsure, nor where
    boxes = _bill_boxes(_level)
    heading = boxes[0]
    boxes[0] = OcrBox(heading.corners, heading.text, (0.99, 0.8996) + (0.99,) * 19)
    with pytest.raises(InputError) as raised:
        _read(boxes)
    reason = raised.value.reason
    assert reason.startswith(f"{NO_PERIOD.en}; OCR was unsure of the ")
    assert "month's line (confidence 0.89, under 0.90)" in reason
    assert "line 1 [x 100–730, y 150–190 px], which seems to say 2026-10" in reason
    assert reason.endswith("check the picture there, then give --period 2026-10")
    assert raised.value.code == ErrorCode.MISSING_DETAILS
    with pytest.raises(InputError) as plain:  # no month's line at all: as it was
        _read(boxes[1:])
    assert plain.value.reason == NO_PERIOD.en


def test_a_name_whose_part_reaches_over_the_amount_column_stays_the_name():
    """彩铃 （北京掌趣科技有限公司代收）: the name's second part, set apart and reaching over
    the amount column, is more of the name, never the amount (a change for a card's trial
    price put it there: 5.00 was lost, the row 'not an amount'; the review)."""
    from auditor.readers.pdf_layout import Cell, TextLine, layout_rows
    from auditor.readers.table import interpret

    def line(n, *cells):
        return TextLine(1, n, [Cell(text, left, right) for text, left, right in cells], 10)

    lines = [
        line(1, ("中国移动 账单", 0, 70)),
        line(2, ("手机号码：13800001234", 0, 110)),
        line(3, ("账期：2026年10月", 0, 80)),
        line(4, ("费用项目", 0, 40), ("金额(元)", 130, 180)),
        line(5, ("咪咕视频会员", 0, 60), ("15.00", 155, 180)),
        line(6, ("彩铃", 0, 20), ("（北京掌趣科技有限公司代收）", 40, 140), ("5.00", 160, 180)),
        line(7, ("合计", 0, 20), ("20.00", 155, 180)),
    ]
    result = interpret(layout_rows(lines).rows, Path("x.pdf"), ReadOptions())
    assert [c.amount_fen for c in result.charges] == [1500, 500]
    assert not result.unparseable
