"""A wrapped text's height is its printed lines', each as tall as what it holds: a line
holding Chinese a whole ``LINE_HEIGHT``, a line of Latin text :data:`LATIN_LINE` of one.

Counted by the paragraph, an English step that names a service in Chinese (most of the
Actions sheet's) made every one of its lines a Chinese line's height, a line too many in
a row of four or five. Each text here is made of the lines it wraps to, so that where
it breaks is not in doubt: every line fits the column, and no line has room for the next
one's first word.
"""

from __future__ import annotations

import io

import pytest
import xlsxwriter
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from auditor.writers import Masker
from auditor.writers.cells import Styles
from auditor.writers.measure import (
    LATIN_LINE,
    line_height,
    printed_width,
    text_height,
    text_lines,
)
from auditor.writers.sheet import LINE_HEIGHT, Column, SheetWriter
from auditor.writers.xmlsheet import XmlSheet

#: The Actions sheet's What to do: 50 wide, measured a column less than the 52 it is made.
COLUMN = 51
#: What a line holding Chinese and Latin text is measured to hold (a twentieth kept).
MIXED_ROOM = COLUMN * 95 // 100


def _wrapping(lines: list[str], room: int) -> str:
    """``lines`` joined by spaces, after checking that they wrap back to themselves in
    ``room`` columns, with a column to spare either way: each fits, and each with the
    next line's first word does not."""
    for line, after in zip(lines, [*lines[1:], None], strict=True):
        assert printed_width(line) <= room - 1, line
        if after is not None:
            assert printed_width(f"{line} {after.split()[0]}") >= room + 2, line
    return " ".join(lines)


def _chinese(line: str) -> bool:
    return any("\u4e00" <= char <= "\u9fff" or char in "「」" for char in line)


def _expected(lines: list[str]) -> float:
    """The height of ``lines``, one by one: a whole line for one holding Chinese."""
    return sum(1.0 if _chinese(line) else LATIN_LINE for line in lines)


NAMED_FIRST = [
    "Call 10086: say that 「咪咕视频会员」 was cancelled on",
    "the date of the record, and ask for written confirmation",
    "whether it is cancelled and for a refund of the charges",
]
NAMED_BETWEEN = [
    "If the service line refuses or does not solve the matter,",
    "complain to the complaint line (投诉) and ask for a",
    "compensation; the carrier must answer in fifteen days",
]
NAMED_LAST = [
    "Keep screenshots of the bill, the service list and the",
    "cancellation's result; write down the agent's number,",
    "timestamps of every contact and the ticket (工单号)",
]
ENGLISH = [
    "Keep screenshots of the bill, the service list and the",
    "cancellation's result, and write down the agent's number,",
    "timestamps of every contact with the carrier's service line",
]


@pytest.mark.parametrize("lines", [NAMED_FIRST, NAMED_BETWEEN, NAMED_LAST, ENGLISH])
def test_a_wrapped_text_is_as_tall_as_its_lines_each_by_what_it_holds(lines):
    room = MIXED_ROOM if any(map(_chinese, lines)) else COLUMN
    text = _wrapping(lines, room)
    assert text_lines(text, COLUMN) == len(lines)
    assert text_height(text, COLUMN) == _expected(lines)


def test_a_step_naming_a_service_in_chinese_is_no_longer_chinese_lines_throughout():
    """The Actions sheet's steps, as they were counted (every line a Chinese line's):
    now the two lines without Chinese are Latin lines."""
    text = _wrapping(NAMED_FIRST, MIXED_ROOM)
    assert text_height(text, COLUMN) == 1 + 2 * LATIN_LINE < text_lines(text, COLUMN)


def test_a_line_of_chinese_is_a_chinese_line_wherever_it_breaks():
    assert text_height("中" * 60, COLUMN) == text_lines("中" * 60, COLUMN) == 3  # 25 a line


def test_a_line_the_latin_font_holds_is_a_latin_line():
    # an en dash, curly quotes, é: Calibri's (and Carlito's) own, not the CJK font's
    assert line_height("Avoid 0:00–6:00, the carrier's maintenance window") == LATIN_LINE
    assert line_height("“Café” … – —") == LATIN_LINE
    assert line_height("Ask for a refund (退费)") == line_height("咪咕视频") == 1
    # a symbol beside Chinese is drawn in the CJK font: its line is as tall
    lines = [
        "在中国移动App打开「我的」截图保存，核对账单",
        "confirmation: the bill → the service list",
    ]
    assert text_height(_wrapping(lines, MIXED_ROOM), COLUMN) == 2


@given(st.text(alphabet=st.characters(blacklist_characters="\n\r"), max_size=200),
       st.integers(min_value=4, max_value=80))  # fmt: skip
def test_a_text_is_never_shorter_than_its_lines_of_latin_text(text, column):
    lines = text_lines(text, column)
    assert lines * LATIN_LINE <= text_height(text, column) <= lines
    if text.isascii():
        assert text_height(text, column) == lines * LATIN_LINE


@pytest.mark.parametrize("constant_memory", [False, True], ids=["whole", "streamed"])
@pytest.mark.parametrize("sheet_class", [None, XmlSheet], ids=["xlsxwriter", "xml"])
def test_a_row_is_as_tall_as_its_cells_lines_each_by_what_it_holds(constant_memory, sheet_class):
    """A step and its note in a list cell of a column 50 wide (the Actions sheet's What
    to do), on either kind of sheet: the row is as tall as its three lines, one holding
    Chinese, and its note."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"constant_memory": constant_memory})
    writer = SheetWriter(book.add_worksheet("x", sheet_class), Masker(), Styles(book))
    step = _wrapping(NAMED_FIRST, MIXED_ROOM)
    note = "Avoid 0:00–6:00, the carrier's maintenance window"
    writer.table([Column("What to do", "list", width=COLUMN - 1)], [[[step, note]]])
    writer.finish()
    book.close()
    sheet = load_workbook(io.BytesIO(buffer.getvalue()))["x"]
    lines = 1 + 3 * LATIN_LINE  # the step's first line, its two others, the note
    assert sheet.row_dimensions[2].height == int(LINE_HEIGHT * lines * 4 / 3 + 0.5) * 0.75
