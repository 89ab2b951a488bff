"""A picture's text lines made ready to be laid out as a document's lines are.

- The app's chrome is set aside wherever it stands, not only at the foot of the picture:
  a long screenshot stitched from several captures, or one cropped otherwise, has its
  status bar (``09:41 中国移动 5G 87%``), its title bar (``返回 账单详情 分享``) and its
  tab bar (``首页 服务 商城 我的``) in the middle. Left in, they were unread rows
  ("not an amount: '我的'"), a status bar was taken for a table's first row (its columns
  made the table's), and a title repeated at a seam split a section, so its items did
  not add up to it (trial t11's b12). A line is chrome only when it holds no amount.
- A name wrapped onto two lines with its amount standing centred between them (an app
  draws a long name so: 咪咕视频会员 / （钻石会员连续包月） with 15.00 beside both) is one
  line: read as three, the name was a section without an amount and the amount a
  nameless line, and the item was lost with its finding (trial t11's c04).
"""

from __future__ import annotations

import itertools
import re
from statistics import median

from auditor.catalog import app_tab_labels, detect_carrier
from auditor.readers.ocr_layout import LineReading, merged
from auditor.readers.pdf_layout import ALIGN_TOLERANCE_EM, Cell, TextLine
from auditor.readers.rows import is_amount

#: An app's tab bar has three to six tabs, their labels' middles this many of their
#: height apart at least (a phone's four tabs: 7), as evenly as this (the widest step to
#: the narrowest): a line of short words under a table never spreads so.
_TAB_WORDS, _TAB_STEP_EM, _TAB_EVEN = 6, 3.0, 1.3
#: A title bar's left and right buttons, as OCR reads their labels or arrows.
_BACK = frozenset(("返回", "<", "‹", "〈", "＜", "く", "←"))
_BAR_RIGHT = frozenset(("分享", "更多", "关闭", "帮助", "客服", "…", "...", "···", "⋯"))
#: What a phone's status bar shows: the time, the network, the battery, the carrier.
_CLOCK = re.compile(r"\d{1,2}[:：]\d{2}")
_STATUS_TOKEN = re.compile(
    r"\d{1,2}[:：]\d{2}|\d{1,3}%|[2-5]G\+?|LTE|VoLTE|HD|Wi-?Fi|NFC|\d{0,4}(?:\.\d{1,2})?[KM]/s",
    re.IGNORECASE,
)
#: A name's two lines and its amount between them: the lines' middles closer than this
#: share of the picture's usual distance from line to line (a wrapped name's lines stand
#: closer than rows do: 0.6 of it in trial t11's c04), the amount's middle no nearer
#: either than this share of the way between them (centred, as apps draw it).
_WRAPPED_SPAN, _WRAPPED_CENTRED = 0.8, 0.3


def prepared(run: list[TextLine], readings: dict[str, LineReading]) -> tuple[list[TextLine], int]:
    """A picture's lines (one scanned page's ``run``) without the app's chrome and with
    each name wrapped round its amount made one line, and how many lines were chrome.
    ``readings`` is updated: a joined line's reading holds its parts'."""
    kept: list[TextLine] = []
    chrome = 0
    first_amount = next((i for i, line in enumerate(run) if _holds_amount(line)), len(run))
    # the heading's lines and a title bar's title, as a capture stitched below repeats them
    heading = {texts for line in run[:first_amount] if not _figures(line)
               for texts in (line.texts, *((c.text,) for c in line.cells))}  # fmt: skip
    for at, line in enumerate(run):
        repeated = at > first_amount and line.texts in heading and not _holds_amount(line)
        if repeated or is_chrome(line, last=at == len(run) - 1):
            chrome += 1
        else:
            kept.append(line)
    return _unwrapped(kept, readings), chrome


def is_chrome(line: TextLine, *, last: bool = False) -> bool:
    """Whether a picture's line is the app's, not the bill's: a status bar, a title bar
    with its buttons, or a tab bar (at the picture's foot, ``last``, by its shape alone;
    elsewhere naming two tabs). A line holding an amount never is."""
    if _holds_amount(line):
        return False
    return _status_bar(line) or _title_bar(line) or is_tab_bar(line, named=not last)


def is_tab_bar(line: TextLine, *, named: bool = False) -> bool:
    """Whether a line is an app's tab bar (首页 服务 商城 我的): three to six short words
    without figures, spread evenly across the screen; ``named``: two of them are the
    carriers' apps' tab labels too (:func:`~auditor.catalog.app_tab_labels`: a tab bar
    standing above the picture's foot must name them, as a table's header row of short
    words, 项目 数量 单价 金额, never does). It is the screen's, not the bill's: it was an
    unread row ("not an amount: '我的'")."""
    cells = line.cells
    if not 3 <= len(cells) <= _TAB_WORDS or not all(_tab_word(c.text) for c in cells):
        return False
    if named and sum(c.text in app_tab_labels() for c in cells) < 2:
        return False
    middles = [(c.left + c.right) / 2 for c in cells]
    steps = [b - a for a, b in itertools.pairwise(middles)]
    return min(steps) >= _TAB_STEP_EM * line.em and max(steps) <= _TAB_EVEN * min(steps)


def _tab_word(text: str) -> bool:
    """A tab's label: a word of one to four characters, no figure, no punctuation."""
    return 1 <= len(text) <= 4 and all(char.isalpha() for char in text)


def _status_bar(line: TextLine) -> bool:
    """A phone's status bar: a time, and nothing but its network, battery and carrier
    (OCR may read them as one text: 09:41中国移动)."""
    text = "".join(line.texts).replace(" ", "")
    if not _CLOCK.search(text):
        return False
    rest = _STATUS_TOKEN.sub("", text)
    return not rest or (len(rest) <= 6 and detect_carrier(rest) is not None)


def _title_bar(line: TextLine) -> bool:
    """A screen's title bar: its title between a back button (返回) and another (分享),
    or beside one of them; no figures."""
    texts = line.texts
    if not 2 <= len(texts) <= 3 or _figures(line) or any(len(text) > 10 for text in texts):
        return False
    return texts[0] in _BACK or texts[-1] in _BAR_RIGHT


def _figures(line: TextLine) -> bool:
    return any(char.isdigit() for text in line.texts for char in text)


def _holds_amount(line: TextLine) -> bool:
    return any(is_amount(cell.text) for cell in line.cells)


def _unwrapped(lines: list[TextLine], readings: dict[str, LineReading]) -> list[TextLine]:
    """``lines`` with each name wrapped round its amount (see the module's text) joined:
    a line of one name, a line of amounts alone right of it, a line of one name again,
    indented as far, the amount centred between the names, the three closer together
    than rows stand. A name without an amount (a section's) above an item on its own
    line is two lines, as it was."""
    middles = [(line.top + line.bottom) / 2 for line in lines]
    steps = [a - b for a, b in itertools.pairwise(middles)]
    if len(steps) < 3:
        return lines
    pitch = median(steps)
    out: list[TextLine] = []
    at = 0
    while at < len(lines):
        three = lines[at : at + 3]
        if len(three) == 3 and _wrapped(*three, pitch, readings):
            out.append(_joined(*three, readings))
            at += 3
        else:
            out.append(lines[at])
            at += 1
    return out


def _wrapped(
    name: TextLine, amount: TextLine, rest: TextLine, pitch: float, readings: dict
) -> bool:
    """Whether ``name`` and ``rest`` are one name's two lines, ``amount`` its amount."""
    if len(name.cells) != 1 or len(rest.cells) != 1:
        return False
    if _holds_amount(name) or _holds_amount(rest) or not _amounts_alone(amount):
        return False
    if amount.cells[0].left <= max(name.cells[0].right, rest.cells[0].right):
        return False
    if rest.cells[0].left < name.cells[0].left - ALIGN_TOLERANCE_EM * name.em:
        return False  # a line less indented than the name above starts a row of its own
    doubted = (readings.get(line.locator) for line in (name, amount, rest))
    if any(r is not None and r.between for r in doubted):
        return False  # a picture at an angle whose amount may be either row's: unread
    top, middle, bottom = ((line.top + line.bottom) / 2 for line in (name, amount, rest))
    span = top - bottom
    if not 0 < span < _WRAPPED_SPAN * pitch:
        return False
    return min(top - middle, middle - bottom) >= _WRAPPED_CENTRED * span


def _amounts_alone(line: TextLine) -> bool:
    return bool(line.cells) and all(is_amount(cell.text) for cell in line.cells)


def _joined(
    name: TextLine, amount: TextLine, rest: TextLine, readings: dict[str, LineReading]
) -> TextLine:
    """One line of a name's two lines and its amount, its reading theirs."""
    first, second = name.cells[0], rest.cells[0]
    space = " " if first.text[-1:].isascii() and second.text[:1].isascii() else ""
    cell = Cell(first.text + space + second.text, min(first.left, second.left),
                max(first.right, second.right))  # fmt: skip
    parts = [
        readings.pop(line.locator) for line in (name, amount, rest) if line.locator in readings
    ]
    line = TextLine(name.page, name.number, [cell, *amount.cells], name.em,
                    min(rest.bottom, amount.bottom), max(name.top, amount.top))  # fmt: skip
    if parts:
        readings[line.locator] = merged(parts)
    return line
