"""A right-aligned number never touches the left-aligned text beside it: "¥72.00" ran
into the next step, "1" into "高" and a count into its reason ("17blank 2")."""

from __future__ import annotations

import io
from collections import Counter
from itertools import pairwise

import openpyxl
import pytest
from test_by_owner import _report

from auditor.lang import using
from auditor.model import ReadResult
from auditor.sheets import BY_SERVICE, INPUTS
from auditor.writers import Masker, render_xlsx

#: The Inputs sheet's counts: centred, as a count of lines is, clear of a reason beside.
INPUT_COUNTS = {"en": ("Rows read", "Rows used", "Set aside", "Unread rows"),
                "zh": ("读取行", "使用行", "略过行", "未读行")}  # fmt: skip


def _book(language: str):
    report = _report()
    # a file of 17 rows set aside: its count beside their reasons
    aside = Counter({"blank": 2, "header": 15})
    report.inputs.append(ReadResult("odd.csv", "odd", "csv", "bill", "china-mobile",
                                     rows_read=17, set_aside=aside))  # fmt: skip
    with using(language):
        book = openpyxl.load_workbook(io.BytesIO(render_xlsx(report, Masker())))
        return book, str(BY_SERVICE), str(INPUTS)


def _right_aligned_numbers_beside_text(table):
    for row in table.iter_rows():
        for cell, right in pairwise(row):
            left_text = isinstance(right.value, str) and right.alignment.horizontal is None
            if not left_text or cell.value is None:
                continue
            numeric = isinstance(cell.value, int | float)
            header = cell.row == 1 and cell.alignment.horizontal == "right"
            if (numeric and cell.alignment.horizontal != "center") or header:
                yield cell


@pytest.mark.parametrize("language", ["zh", "en"])
def test_a_number_keeps_room_before_the_text_beside_it(language):
    book, by_service, _ = _book(language)
    found = list(_right_aligned_numbers_beside_text(book[by_service]))
    # the "#" before the severity and a year's money before the next step, with headers
    assert {cell.column for cell in found} >= {1, 10} and any(c.row == 1 for c in found)
    for sheet in book.worksheets:
        for cell in _right_aligned_numbers_beside_text(sheet):
            assert cell.number_format.endswith("_)"), (sheet.title, cell.coordinate)


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_inputs_counts_are_centred_clear_of_the_reason_beside_them(language):
    book, _, inputs = _book(language)
    table = book[inputs]
    header = [cell.value for cell in table[1]]
    for title in INPUT_COUNTS[language]:
        column = header.index(title) + 1
        cells = [row[0] for row in table.iter_rows(min_col=column, max_col=column)]
        assert any(isinstance(cell.value, int) for cell in cells[1:])
        assert {cell.alignment.horizontal for cell in cells} == {"center"}, title
