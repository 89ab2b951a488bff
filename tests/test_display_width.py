"""Display widths (a CJK character counts two) by the ranges built at first use are those of
the running Python's East Asian Width property, for every character from U+1100 up (below
it no character was ever counted wide)."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from auditor.writers.cells import display_width, printed_width


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
    assert printed_width("10086 TD 0000") == display_width("10086 TD 0000") - 1


@given(st.text(max_size=200))
def test_printed_width_never_exceeds_the_display_width(text):
    assert 0 <= printed_width(text) <= display_width(text)
