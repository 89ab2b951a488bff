"""Pictures taken at an angle: rows put on the rows they stand in, or said to be doubtful.

A page photographed with its right edge farther from the camera than its left (a
keystone) has rows that fan out: the top rows slope down to the right, the bottom rows
up. One slope for the whole picture put far-right amounts on their neighbours' rows,
silently (trial t11: a discount read as +89.40, the total lost, every amount of a
section shifted by a row). Most tests here lay out text boxes as OCR gives them (no
OCR: fast); two read a small keystoned picture drawn here, by OCR (a few seconds each).
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from auditor.model import OcrSummary
from auditor.readers import ReadOptions, read_file
from auditor.readers.ocr_engine import OcrBox
from auditor.readers.ocr_layout import picture_lines
from auditor.readers.ocr_read import read_lines

pytestmark = pytest.mark.usefixtures("english")

OPTIONS = ReadOptions(as_of=date(2026, 11, 27))
FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
#: A short bill: (name, indent level, amount in fen; a section's is its items').
BILL = [
    ("增值业务费", 0, 1500),
    ("咪咕视频会员", 1, 1500),
    ("代收业务费", 0, 1800),
    ("游戏点数(北京掌趣)", 1, 1800),
    ("优惠及减免", 0, -1000),
    ("话费优惠", 1, -1000),
]
ITEMS = {name: fen for name, level, fen in BILL if level}
TOTAL = sum(ITEMS.values())
WIDTH, HEIGHT = 1200, 1300


def _yuan(fen: int) -> str:
    return f"{fen / 100:.2f}" if fen >= 0 else f"-{-fen / 100:.2f}"


# ------------------------------------------------------------ text boxes as OCR gives them


def _fanned(k: float):
    """Where a point of a level page stands in a photo of it whose right edge is ``k`` of
    the height farther away (rows converge to the right, as PIL's QUAD transform gives)."""

    def place(x: float, y: float) -> tuple[float, float]:
        right = (y + k * HEIGHT) / (1 + 2 * k)
        return (x, y + (right - y) * x / WIDTH)

    return place


def _box(place, left: float, top: float, text: str, *, upright: bool = False) -> OcrBox:
    """A box of ``text`` (30 px a character, 40 px high) at (left, top) of the level page,
    as it stands in the photo: its corners placed, or, ``upright``, level around its
    placed middle, as the detector gives a short box (its slope under a pixel)."""
    right, bottom = left + 30 * len(text), top + 40
    corners = [place(left, top), place(right, top), place(right, bottom), place(left, bottom)]
    if upright:
        mx, my = place((left + right) / 2, (top + bottom) / 2)
        half = (right - left) / 2
        corners = [(mx - half, my - 20), (mx + half, my - 20), (mx + half, my + 20),
                   (mx - half, my + 20)]  # fmt: skip
    return OcrBox(tuple(corners), text, (0.99,) * len(text))


def _bill_boxes(place, rows=BILL, total: int | None = TOTAL, pitch: int = 86) -> list[OcrBox]:
    """A bill screen's boxes: its heading, its rows (names left, amounts right-aligned)
    and its total, laid out level and then placed."""
    boxes = [_box(place, 100, 150, "2026年10月账单138****1234")]
    y = 300
    for name, level, fen in [*rows, ("本月费用合计", 0, total)]:
        if name:
            boxes.append(_box(place, 100 + 56 * level, y, name))
        if fen is not None:
            amount = _yuan(fen)
            boxes.append(_box(place, 1100 - 30 * len(amount), y, amount, upright=True))
        y += pitch
    return boxes


def _read(boxes: list[OcrBox]):
    lines, readings = picture_lines(boxes, 1, (WIDTH, HEIGHT))
    return read_lines(Path("13800001234-账单.png"), lines, readings, OPTIONS, picture=True)


def test_rows_that_fan_out_keep_their_amounts():
    # the top row's amount stands 60 px lower than its name: one slope for the picture
    # put it on the next row, and every amount after it
    result = _read(_bill_boxes(_fanned(0.08)))
    assert {c.item: c.amount_fen for c in result.charges} == ITEMS
    assert [b.stated_total_fen for b in result.bills] == [TOTAL]
    assert not result.unparseable and not result.alerts
    assert any("taken at an angle" in note for note in result.notes)


def test_a_level_picture_is_read_as_it_was():
    result = _read(_bill_boxes(lambda x, y: (x, y)))
    assert {c.item: c.amount_fen for c in result.charges} == ITEMS
    assert not result.unparseable and not result.alerts and not result.notes


@pytest.mark.parametrize(
    ("pitch", "shift", "unread"),
    [
        (50, 14, {"咪咕视频会员", "代收业务费"}),  # a paper bill's rows: it joins one
        (86, 43, {"咪咕视频会员", "15.00"}),  # a screen's rows: it stands alone
    ],
)
def test_an_amount_between_two_rows_leaves_them_unread(pitch, shift, unread):
    # 咪咕视频会员's amount part of the way down to 代收业务费's row, in a picture taken
    # at an angle: either row's, as far as the picture tells
    boxes = _bill_boxes(_fanned(0.05), pitch=pitch)
    at = [i for i, b in enumerate(boxes) if b.text == "15.00"][1]  # the item's, not its section's
    moved = tuple((x, y + shift) for x, y in boxes[at].corners)
    boxes[at] = OcrBox(moved, "15.00", boxes[at].confidences)
    result = _read(boxes)
    issues = {issue.text.split()[0]: issue for issue in result.unparseable}
    assert set(issues) == unread
    reason = issues["咪咕视频会员"].reason
    assert "'15.00' between this row and line " in reason and "taken at an angle" in reason
    assert "[x " in issues["咪咕视频会员"].locator  # the region, to look at
    assert "咪咕视频会员" not in {c.item for c in result.charges}
    assert any("seems taken at an angle" in alert for alert in result.alerts)
    assert result.ocr.rows_unread == len(result.unparseable)


def test_rows_sloping_unlike_each_other_are_said_to_be_doubtful():
    # every other row slopes the other way (a crumpled page): no one slope puts them level
    boxes = [_box(lambda x, y: (x, y), 100, 150, "2026年10月账单138****1234")]
    y = 300
    for n, (name, _, fen) in enumerate([*BILL, ("本月费用合计", 0, TOTAL)]):
        slope = 0.015 if n % 2 else -0.015
        boxes.append(_box(lambda x, y, s=slope: (x, y + s * (x - 600)), 100, y, name))
        amount = _yuan(fen)
        boxes.append(_box(lambda x, y, s=slope: (x, y + s * (x - 600)), 1100 - 30 * len(amount),
                          y, amount, upright=True))  # fmt: skip
        y += 86
    result = _read(boxes)
    assert {c.item: c.amount_fen for c in result.charges} == ITEMS
    (alert,) = result.alerts
    assert "seems taken at an angle" in alert and "check each row against the picture" in alert


def test_a_total_without_its_amount_in_a_picture_is_said_as_a_picture_s():
    result = _read(_bill_boxes(lambda x, y: (x, y), total=None))
    (issue,) = result.unparseable
    assert issue.reason.startswith("total has no readable amount: OCR found no figure")
    assert "spreadsheet" not in issue.reason and "Excel" not in issue.reason
    # a text PDF's (its lines as a PDF's characters give them: no OCR readings) is no
    # spreadsheet's either
    lines, _ = picture_lines(_bill_boxes(lambda x, y: (x, y), total=None), 1, (WIDTH, HEIGHT))
    text = read_lines(Path("13800001234-账单.pdf"), lines, {}, OPTIONS, picture=False)
    assert [i.reason for i in text.unparseable] == [
        "total has no readable amount: check the PDF there"
    ]


def test_rows_unread_counts_every_unread_row_of_the_file():
    boxes = _bill_boxes(lambda x, y: (x, y), total=None)  # a total row unread, and:
    blurred = next(i for i, b in enumerate(boxes) if b.text == "18.00")
    boxes[blurred] = OcrBox(boxes[blurred].corners, "18.00", (0.99, 0.5, 0.99, 0.99, 0.99))
    result = _read(boxes)
    assert len(result.unparseable) == 2
    assert result.ocr.rows_unread == 2 and result.ocr.rows_uncertain == 1
    assert "2 rows left unread (1 with an uncertain figure)" in result.ocr.describe()


def test_the_summary_names_why_rows_were_left_unread():
    summary = OcrSummary(40, 1, 4, 0.9, rows_uncertain=1, rows_between=2)
    assert summary.describe().endswith(
        "; 4 rows left unread (1 with an uncertain figure, 2 with an amount between two rows)"
    )


# --------------------------------------------------------------- pictures read by OCR


def _photo(screen: Image.Image, k: float, path: Path) -> Path:
    """``screen`` photographed with its right edge ``k`` of its height farther away,
    a little blurred, sent as a JPEG."""
    w, h = screen.size
    canvas = Image.new("RGB", (w + 200, h + 200), (110, 100, 90))
    canvas.paste(screen, (100, 100))
    w, h = canvas.size
    quad = (0, 0, 0, h, w, h + k * h, w, -k * h)
    photo = canvas.transform((w, h), Image.QUAD, quad, Image.BICUBIC, fillcolor=(110, 100, 90))
    out = io.BytesIO()
    photo.filter(ImageFilter.GaussianBlur(0.8)).save(out, "JPEG", quality=75)
    path.write_bytes(out.getvalue())
    return path


def _screen(lines: list[tuple[str, str]], height: int) -> Image.Image:
    """A phone screen (1080 px wide) of ``lines``: a left text and a right-aligned one each."""
    screen = Image.new("RGB", (1080, height), (255, 255, 255))
    draw, face = ImageDraw.Draw(screen), ImageFont.truetype(str(FONT), 40)
    y = 60
    for left, right in lines:
        draw.text((72, y), left, font=face, fill=(28, 28, 30))
        draw.text((1008 - draw.textlength(right, font=face), y), right, font=face,
                  fill=(28, 28, 30))  # fmt: skip
        y += 86
    return screen


def test_a_bill_photographed_at_an_angle_is_read_as_printed(tmp_path):
    # trial t11's m_angle_0.09: the total's amount drifted onto 话费优惠's row, and the
    # discount became a nameless charge
    lines = [("2026年10月账单", "")]
    lines += [(("    " * level) + name, _yuan(fen)) for name, level, fen in BILL]
    screen = _screen([*lines, ("本月费用合计", _yuan(TOTAL))], 760)
    result = read_file(_photo(screen, 0.09, tmp_path / "13800001234-账单.jpg"), OPTIONS)
    assert result.error is None, result.error
    assert {c.item.replace("（", "(").replace("）", ")"): c.amount_fen
            for c in result.charges} == ITEMS  # fmt: skip
    assert [b.stated_total_fen for b in result.bills] == [TOTAL]
    assert not result.unparseable


def test_a_service_list_photographed_at_an_angle_keeps_each_price(tmp_path):
    # trial t11's s05: services named 38元/月 and 正常, their prices lost
    services = {
        "5G智享套餐38元": 3800,
        "咪咕视频会员": 1500,
        "彩铃功能费": 500,
        "手机阅读图书包月": 700,
    }
    lines = [("已订业务", "")]
    for name, fen in services.items():
        lines += [
            (name, f"{fen // 100}元/月"),
            ("订购时间：2026-07-21 21:33:10", "正常"),
            ("", "退订"),
        ]
    picture = _photo(
        _screen(lines, 60 + 86 * len(lines)), 0.1, tmp_path / "13800001234-已订业务.jpg"
    )
    result = read_file(picture, OPTIONS)
    assert result.error is None, result.error
    assert {s.name: s.price_fen for s in result.services} == services


def test_wild_slopes_never_turn_a_row_inside_out():
    # three long boxes of no text in a corner, sloping every way (a photo's edges): the
    # fit is held short of a spread that would divide by nothing at the picture's edge
    from auditor.readers.ocr_slope import Evidence, RowSlope, fitted

    wild = [Evidence(10, 0.9, 400, 10), Evidence(12, -0.9, 400, 10), Evidence(40, 0.9, 400, 10)]
    slope = fitted(RowSlope((600, 650)), wild, (1200, 40))
    assert abs(slope.spread) * 600 <= 0.5
    assert all(slope.level(x, 300) < slope.level(x, 400) for x in (0, 600, 1200))
