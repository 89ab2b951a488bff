"""A picture's lines made ready before they are laid out (trial t11): the app's chrome
set aside wherever it stands, a name wrapped round its amount read as one item, and a
row of an original price beside the charged one read as charged. Text boxes are laid
out as OCR gives them on a level screen: no OCR, fast."""

from __future__ import annotations

import itertools
import tomllib
from pathlib import Path

import pytest
from test_ocr_angle import _read

from auditor import catalog
from auditor.catalog import app_tab_labels
from auditor.readers import ocr_lines
from auditor.readers.ocr_engine import OcrBox
from auditor.readers.ocr_lines import is_chrome, is_tab_bar
from auditor.readers.pdf_layout import Cell, TextLine

pytestmark = pytest.mark.usefixtures("english")

HEADING = "2026年10月账单138****1234"


def _box(left: float, top: float, text: str, high: int = 40) -> OcrBox:
    """``text`` at (left, top), 30 px a character, as OCR boxes it."""
    right, bottom = left + 30 * len(text), top + high
    return OcrBox(((left, top), (right, top), (right, bottom), (left, bottom)), text,
                  (0.99,) * len(text))  # fmt: skip


def _amount(top: float, text: str, high: int = 40) -> OcrBox:
    return _box(1100 - 30 * len(text), top, text, high)


def _screen(rows, total: str | None = None, pitch: int = 86) -> list[OcrBox]:
    """A bill screen's boxes: its heading, then each row (name, indent level, amount or
    None; a list of boxes stands as given), then its total."""
    boxes = [_box(100, 150, HEADING)]
    y = 300
    for row in [*rows, *([("本月费用合计", 0, total)] if total else [])]:
        if isinstance(row, list):
            boxes += [OcrBox(tuple((x, yy + y) for x, yy in b.corners), b.text, b.confidences)
                      for b in row]  # fmt: skip
            y += pitch + 52
            continue
        name, level, amount = row
        boxes.append(_box(100 + 56 * level, y, name))
        if amount:
            boxes.append(_amount(y, amount))
        y += pitch
    return boxes


def _wrapped(first: str, second: str, amount: str, at: int = 26) -> list[OcrBox]:
    """A name on two lines 52 px apart, its amount ``at`` px below the first (centred)."""
    return [_box(156, 0, first), _amount(at, amount), _box(156, 52, second)]


def _items(result) -> dict[str, int]:
    return {c.item: c.amount_fen for c in result.charges}


def test_a_name_wrapped_round_its_amount_is_one_item():
    # trial t11's c04: 咪咕视频会员 / （钻石会员连续包月） with 15.00 centred beside them was
    # a section without an amount and a nameless line: the item and its finding lost
    rows = [("增值业务费", 0, "21.00"), _wrapped("咪咕视频会员", "（钻石会员连续包月）", "15.00"),
            _wrapped("视频彩铃订阅-酷电秀专属", "6元包", "6.00"), ("代收业务费", 0, "18.00"),
            ("游戏点数", 1, "18.00")]  # fmt: skip
    result = _read(_screen(rows, "39.00"))
    assert _items(result) == {
        "咪咕视频会员（钻石会员连续包月）": 1500,
        "视频彩铃订阅-酷电秀专属6元包": 600,
        "游戏点数": 1800,
    }
    assert not result.unparseable and not result.warnings and not result.alerts
    where = next(c.locator for c in result.charges if c.amount_fen == 1500)
    assert where.startswith("line 3 [x 156–1100, y ")  # the region of its three lines


@pytest.mark.parametrize(
    "rows",
    [
        # a section's name without an amount above an item with its own, as close
        [("增值业务费", 0, None), [_box(156, -34, "咪咕视频会员"), _amount(-34, "15.00")]],
        # an amount nearer the first line than the second: the first's, parted
        [("增值业务费", 0, "15.00"), _wrapped("咪咕视频会员", "2026.10.01-10.31", "15.00", 8)],
    ],
)
def test_two_real_lines_are_never_joined(rows):
    result = _read(_screen([*rows, ("代收业务费", 0, "18.00"), ("游戏点数", 1, "18.00")]))
    assert _items(result)["咪咕视频会员"] == 1500
    assert "增值业务费" not in _items(result) and "游戏点数" in _items(result)


def _struck(name: str, amounts: tuple[str, str], gap: int = 10) -> list[OcrBox]:
    """A row whose two amounts stand side by side at the right, the first smaller (a
    struck-through original price), ``gap`` px apart: 10, OCR glues them into one cell;
    200, the first stands in a column of its own."""
    first, second = amounts
    charged = _amount(0, second)
    left = charged.corners[0][0] - gap - 24 * len(first)
    small = OcrBox(((left, 4), (left + 24 * len(first), 4), (left + 24 * len(first), 36),
                    (left, 36)), first, (0.99,) * len(first))  # fmt: skip
    return [_box(156, 0, name), small, charged]


STRUCK = [("增值业务费", 0, "21.00"), _struck("咪咕视频会员", ("20.00", "15.00")),
          ("彩铃功能费", 1, "6.00")]  # fmt: skip


@pytest.mark.parametrize(
    ("total", "read", "said"),
    [
        (
            "21.00",
            1500,
            "15.00 read as charged (the original price, 20.00, not counted): "
            "the bill's total agrees",
        ),
        (
            "26.00",
            2000,
            "20.00 read as charged (15.00 not counted): only it makes the bill's total",
        ),
    ],
)
def test_a_struck_original_price_is_decided_by_the_bill_s_total(total, read, said):
    # trial t11's c05: 20.00 15.00 was "not an amount", the row unread
    result = _read(_screen(STRUCK, total))
    assert _items(result)["咪咕视频会员"] == read
    assert not result.unparseable and not result.alerts
    (note,) = [n for n in result.notes if "咪咕视频会员 20.00 15.00" in n]
    assert note.startswith("line 3 [x ") and ": 咪咕视频会员 20.00 15.00: " in note
    assert note.endswith(said)


@pytest.mark.parametrize("gap", [10, 200])
def test_a_struck_price_no_total_decides_is_said_to_be_a_guess(gap):
    # trial t11's c06: no total, and only a file warning told of the unread row; set
    # apart, the struck price was left out silently
    rows = [("增值业务费", 0, "21.00"), _struck("咪咕视频会员", ("20.00", "15.00"), gap),
            ("彩铃功能费", 1, "6.00")]  # fmt: skip
    result = _read(_screen(rows))
    assert _items(result)["咪咕视频会员"] == 1500
    (alert,) = result.alerts
    assert alert.startswith("line 3 [x ")
    assert ": 咪咕视频会员 20.00 15.00: 15.00 read as charged, a guess (20.00 taken for" in alert


@pytest.mark.parametrize(
    ("amounts", "read"),
    [(("原价20.00", "15.00"), 1500), (("5.00", "15.00"), None)],  # labelled; not a discount
)
def test_a_labelled_original_is_no_guess_and_a_rising_pair_stays_unread(amounts, read):
    rows = [("增值业务费", 0, "21.00"), _struck("咪咕视频会员", amounts), ("彩铃功能费", 1, "6.00")]
    result = _read(_screen(rows))
    assert _items(result).get("咪咕视频会员") == read
    assert not result.alerts
    assert bool(result.unparseable) is (read is None)


def _line(*cells: tuple[str, float], em: float = 40) -> TextLine:
    return TextLine(1, 5, [Cell(text, left, left + 30 * len(text)) for text, left in cells], em)


@pytest.mark.parametrize(
    ("line", "chrome"),
    [
        (_line(("首页", 90), ("服务", 350), ("商城", 610), ("我的", 870)), True),
        (_line(("首页", 150), ("发现", 510), ("我的", 870)), True),
        (_line(("09:41", 45), ("中国移动", 200), ("5G 87%", 750)), True),
        (_line(("09:41", 45)), True),
        (_line(("返回", 30), ("账单详情", 436), ("分享", 957)), True),
        (_line(("项目", 90), ("数量", 350), ("单价", 610), ("金额", 870)), False),  # a header
        (_line(("09:41", 45), ("国内通话", 200), ("0.15", 900)), False),  # a call's row
        (_line(("返回", 30), ("5.00", 900)), False),  # an amount: never chrome
        (_line(("话费返还", 128), ("-5.00", 900)), False),
    ],
)
def test_chrome_is_the_app_s_bars_only(line, chrome):
    assert is_chrome(line) is chrome


def test_the_apps_tab_labels_are_catalog_data_not_code(monkeypatch):
    # a carrier renaming a tab is an edit of auditor/catalog/apps.toml, not of the reader
    shipped = tomllib.loads((Path(catalog.__file__).parent / "apps.toml").read_text("utf-8"))
    labels = sorted(shipped["tabs"]["labels"])
    assert {"首页", "服务", "商城", "我的"} <= set(labels) == app_tab_labels()
    for first, second in itertools.pairwise(labels):  # any two of them name a tab bar
        line = _line((first, 90), ("账单", 350), (second, 610), ("更多", 870))
        assert is_tab_bar(line, named=True), (first, second)
    assert not is_tab_bar(_line(("项目", 90), ("账单", 350), ("单价", 610)), named=True)
    # the reader asks the catalog: another app's tabs are told by the catalog's words
    monkeypatch.setattr(ocr_lines, "app_tab_labels", lambda: frozenset({"甲页", "乙页"}))
    assert is_tab_bar(_line(("甲页", 90), ("账单", 350), ("乙页", 610)), named=True)
    assert not is_tab_bar(_line(("首页", 90), ("账单", 350), ("我的", 610)), named=True)


def test_chrome_amid_a_stitched_screenshot_is_set_aside():
    # a long capture: the first capture's tab bar, the second's status and title bars in
    # its middle were unread rows, and a title repeated at the seam split a section
    def bars(*words_lefts):
        return [[_box(left, 0, word) for word, left in words_lefts]]

    rows = [
        *bars(("返回", 30), ("账单详情", 436), ("分享", 957)),
        ("增值业务费", 0, "21.00"),
        ("咪咕视频会员", 1, "15.00"),
        *bars(("首页", 90), ("服务", 350), ("商城", 610), ("我的", 870)),
        *bars(("09:41", 45), ("中国移动", 200), ("5G 87%", 750)),
        *bars(("账单详情", 436)),
        ("视频彩铃", 1, "6.00"),
        ("代收业务费", 0, "18.00"),
        ("游戏点数", 1, "18.00"),
    ]
    result = _read(_screen(rows, "39.00"))
    assert _items(result) == {"咪咕视频会员": 1500, "视频彩铃": 600, "游戏点数": 1800}
    assert not result.unparseable and not result.warnings and not result.alerts
    assert result.set_aside["chrome"] == 4
