"""No phone number leaves auditor unmasked, unless the user asks with --no-mask."""

from __future__ import annotations

import io
import re

import pytest
from python_calamine import CalamineWorkbook
from writers_sample import MOBILE, TELECOM, UNICOM, sample_report

from auditor.writers import Masker, render_json, render_summary, render_xlsx

# Any 11-digit mainland mobile number not glued to other digits.
FULL_NUMBER = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
NUMBERS = {MOBILE, UNICOM, TELECOM}


def xlsx_text(data: bytes) -> str:
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    cells = []
    for name in book.sheet_names:
        for row in book.get_sheet_by_name(name).to_python():
            cells += [str(value) for value in row]
    return "\n".join(cells)


OUTPUTS = {
    "xlsx": lambda mask: xlsx_text(render_xlsx(sample_report(), mask)),
    "json": lambda mask: render_json(sample_report(), mask),
    "console": lambda mask: render_summary(sample_report(), mask, top=20),
}


@pytest.mark.parametrize("output", OUTPUTS)
def test_masked_output_has_no_full_number(output):
    text = OUTPUTS[output](Masker())
    assert FULL_NUMBER.findall(text) == []
    assert "138****1234" in text


@pytest.mark.parametrize("output", OUTPUTS)
def test_no_mask_shows_numbers(output):
    text = OUTPUTS[output](Masker(enabled=False))
    assert set(FULL_NUMBER.findall(text)) & NUMBERS


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("13800001234", "138****1234"),
        ("bills/18900189003/2026年08月.csv", "bills/189****9003/2026年08月.csv"),
        ("+86 138-0000-1234 called", "138****1234 called"),
        ("致电13800001234", "致电138****1234"),
        ("10086", "10086"),
        ("order 2026110512345678", "order 2026110512345678"),
        (None, ""),
    ],
)
def test_masker(text, expected):
    assert Masker()(text) == expected


def test_masker_deep_masks_nested_strings_and_keys():
    value = {"line": MOBILE, "list": [UNICOM, 5, None], MOBILE: ("x",)}
    assert Masker().deep(value) == {
        "line": "138****1234",
        "list": ["186****5678", 5, None],
        "138****1234": ["x"],
    }
    assert Masker(enabled=False).deep(value)["line"] == MOBILE
