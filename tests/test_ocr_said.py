"""What a picture read by OCR says of its rows: the confidence an unread row shows
against the threshold it failed, and the confidence the Charges and Services sheets
show (trial t11). Text boxes are laid out as OCR gives them: no OCR, fast."""

from __future__ import annotations

import pytest
from test_ocr_angle import _bill_boxes, _read

from auditor.ocr_summary import under_threshold
from auditor.readers.ocr_engine import OcrBox

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
