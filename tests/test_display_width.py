"""Display widths (a CJK character counts two) by the ranges built at first use are those of
the running Python's East Asian Width property, for every character from U+1100 up (below
it no character was ever counted wide)."""

from __future__ import annotations

import unicodedata

from hypothesis import example, given
from hypothesis import strategies as st

from auditor.writers.measure import display_width, printed_width, text_lines


def _by_character(text: str) -> int:
    return sum(
        2 if ord(ch) >= 0x1100 and unicodedata.east_asian_width(ch) in ("W", "F") else 1
        for ch in text
    )


@given(st.text(alphabet=st.characters(max_codepoint=0xFFFF, exclude_categories=["Cs"])))
def test_any_text_of_the_basic_plane(text):
    assert display_width(text) == _by_character(text)


def test_every_character_of_the_basic_plane():
    text = "".join(chr(c) for c in range(0x20, 0x10000) if not 0xD800 <= c <= 0xDFFF)
    assert display_width(text) == _by_character(text)
    assert display_width("中国移动 ab") == 8 + 3


def test_printed_width_counts_lower_case_and_spaces_narrower():
    english = "ask the service line to cancel it and keep the ticket number"
    assert printed_width(english) < display_width(english)
    assert printed_width(english) >= display_width(english) * 3 // 4
    assert printed_width("视频彩铃订阅") == display_width("视频彩铃订阅") == 12
    # Calibri's own widths: digits a column, an i under half of one, an m one and a half
    assert printed_width("10086 TD 0000") == 13
    assert (printed_width("iiii"), printed_width("mmmm")) == (2, 7)


@given(st.text(max_size=200))
def test_printed_width_is_at_most_two_and_a_half_columns_a_character(text):
    # a character of ambiguous width (“, ①) counts 2.6 columns, the widest
    assert 0 <= printed_width(text) <= -(-display_width(text) * 260 // 100)


def test_characters_of_ambiguous_width_count_as_they_may_print_beside_chinese():
    # LibreOffice prints “ … — → at two columns in a line of Chinese, about one in a line
    # of Latin text; ① ℃ at up to 2.6 either way; a line break from a bill's text (␊) at two
    assert printed_width("“咪咕”") == 2 + 4 + 2
    assert printed_width("“ok”") == 1 + 2 + 1
    assert printed_width("①℃") == 6
    assert printed_width("a␊b") == 4
    assert printed_width("e\u0301") == 1 and printed_width("Д") == 2  # (1.5)


STEP = (
    "In the China Mobile app, open 「我的 → 已订业务」, check whether 「视频彩铃订阅-酷电秀专属"
    "6元包」 is still on the service list, and take a screenshot"
)


def test_text_lines_break_as_a_spreadsheet_wraps():
    # LibreOffice prints it in the Actions sheet's column, 44 wide, on 3 lines; a line of
    # Chinese and Latin text keeps a twentieth of its width, so one line more may be kept
    assert 3 <= text_lines(STEP, 44) <= 4
    english = "if the service line refuses or does not solve it, call the complaint line"
    assert text_lines(english, 44) == 2  # (74 wide: no twentieth kept)
    # a path or a URL breaks after its slashes
    assert text_lines("https://www.example.com/" + "m" * 60, 60) == 3
    assert text_lines("Avoid 0:00–6:00, the carrier's maintenance window", 43) == 1
    assert text_lines("中" * 50, 43) == 3  # 21 a line
    assert text_lines("x" * 200, 43) == 4  # a word wider than the column breaks inside
    assert text_lines("", 10) == text_lines("short", 10) == 1


@given(st.text(alphabet=st.characters(blacklist_characters="\n\r"), max_size=300),
       st.integers(min_value=4, max_value=80))  # fmt: skip
@example("0000 \x80\x80©Ð", 4)  # what hypothesis found: three lines, not four
def test_text_lines_are_never_fewer_than_the_width_fills(text, column):
    # A space where a line breaks takes no room ("0000 ©©©©" in 4 is two lines of 4 and
    # one of 4): the width the lines must hold is the text's without its spaces.
    inked = "".join(c for c in text if not c.isspace())
    assert text_lines(text, column) >= -(-printed_width(inked) // column)


def test_a_cell_printed_wider_than_its_column_wraps_though_its_display_width_fits():
    """A service name of curly quotes and circled numbers is no wider on screen than
    the Findings sheet's column (60), but wider printed: it wraps, not runs under the
    next column."""
    import io
    from dataclasses import replace

    import openpyxl
    from writers_sample import sample_report

    from auditor.writers import Masker, render_xlsx

    report = sample_report()
    name = "“咪咕视频”——“白金会员”①“连续包月”②“自动续费”……“尊享”——“VIP”"
    assert display_width(name) <= 60 < printed_width(name)
    report.findings[0] = replace(report.findings[0], service=name)
    book = openpyxl.load_workbook(io.BytesIO(render_xlsx(report, Masker())))
    sheet = book["发现"]
    [cell] = [c for row in sheet.iter_rows() for c in row if c.value == name]
    assert cell.alignment.wrap_text


def test_a_column_is_as_wide_as_its_text_prints():
    """An item of curly quotes and circled numbers, 28 wide on screen and 40 printed:
    its column is made wide enough to print it, not to show it (it was cut at “会): as
    where a charge stands (a column up to 60 wide), on one line; as its item (up to 28,
    to print at 8 points or more), wrapped on two."""
    import io
    from dataclasses import replace

    import openpyxl
    from writers_sample import sample_report

    from auditor.writers import Masker, render_xlsx

    report = sample_report()
    name = "“和彩云”“家庭”“云盘”“会员”①②"
    assert (display_width(name), printed_width(name)) == (28, 40)
    report.charges[0] = replace(report.charges[0], item=name)
    report.charges[1] = replace(report.charges[1], locator=name)
    sheet = openpyxl.load_workbook(io.BytesIO(render_xlsx(report, Masker())))["费用明细"]
    item, where = sorted((c for r in sheet.iter_rows() for c in r if c.value == name), key=str)
    assert (item.column_letter, where.column_letter) == ("F", "K")
    assert sheet.column_dimensions[where.column_letter].width >= 40
    assert not where.alignment.wrap_text
    assert sheet.column_dimensions[item.column_letter].width < 40
    assert item.alignment.wrap_text and sheet.row_dimensions[item.row].height >= 2 * 15


def test_a_text_wraps_as_its_digits_do_not_matter():
    """Texts that differ in their digits alone (a company's file paths, one a line) take
    the same lines, and one that fits its column takes one, found from its shape alone."""
    path = "/home/a/bills/china-mobile/{}/中国移动账单-2026年10月.xlsx"
    first, second = path.format("13800000998"), path.format("13911112222")
    assert text_lines(first, 61) == text_lines(second, 61) == 2
    assert text_lines(first, printed_width(first)) == 1
    assert text_lines(first, printed_width(first) - 1) == 2
    # Any text at all: a lone surrogate, other scripts' digits (their own widths)
    assert text_lines("\ud800" + first, 61) == 2
    assert text_lines("１２３" * 30, 61) == text_lines("９９９" * 30, 61) == 3
