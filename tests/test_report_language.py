"""The workbook in one language at a time: sheet names, headers, labels, the Summary's
sentences and the footer in Chinese or in English, never both; what a machine reads
(rule ids, finding ids, Excel table names) the same in either."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest
from writers_sample import sample_report

from auditor import lang
from auditor.sheets import SHEETS
from auditor.writers import Masker, render_xlsx
from auditor.writers.xlsx import report_listings

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
#: Headers that are the same in both languages.
NEUTRAL = {"#", "SHA-256"}


def _book(language: str) -> openpyxl.Workbook:
    with lang.using(language):
        return openpyxl.load_workbook(io.BytesIO(render_xlsx(sample_report(), Masker())))


@pytest.fixture(scope="module")
def english_book():
    return _book("en")


@pytest.fixture(scope="module")
def chinese_book():
    return _book("zh")


def _headers(sheet) -> list[str]:
    return [c.value for c in sheet[1] if c.value]


def _column(sheet, header: str) -> list:
    col = _headers(sheet).index(header) + 1
    return [sheet.cell(row=r, column=col).value for r in range(2, sheet.max_row + 1)]


def test_english_sheet_names_and_headers_have_no_chinese(english_book):
    assert english_book.sheetnames == [name.en for name in SHEETS]
    for name in english_book.sheetnames[1:]:
        if name == "Trend":
            continue
        for header in _headers(english_book[name]):
            assert not CJK.search(header), (name, header)


def test_chinese_sheet_names_and_headers_have_no_english_words(chinese_book):
    assert chinese_book.sheetnames == [name.zh for name in SHEETS]
    for name in chinese_book.sheetnames[1:]:
        if name == "趋势":
            continue
        for header in _headers(chinese_book[name]):
            if header in NEUTRAL:
                continue
            # a Latin word only as an acronym (OCR)
            assert not re.search(r"[a-z]{2,}", header), (name, header)


def test_english_labels(english_book):
    findings = english_book["Findings"]
    assert set(_column(findings, "Severity")) == {"High", "Medium", "Info"}
    assert _column(findings, "Change")[-2:] == ["Starts", "Stops"]
    assert "(whole bill)" in _column(findings, "Service")
    assert _column(findings, "Steps")[0] == "→ steps"
    actions = english_book["Actions"]
    assert _column(actions, "Channel")[0] == "SMS"
    what = _column(actions, "What to do")[0].split("\n")
    assert "To: 10086" in what and "Confidence: documented" in what
    assert _column(english_book["Services"], "Status")[0] == "Ended"
    assert _column(english_book["Inputs"], "Kind")[0] == "Bill"
    assert _column(english_book["Inputs"], "Set aside why")[0] == (
        "blank 2, header 1, note 2, section 5, title 1, total 1"
    )
    charges = english_book["Charges"]
    assert "Value-added services" in _column(charges, "Category")
    for value in (*_column(findings, "Severity"), *_column(charges, "Category")):
        assert value and not CJK.search(value), value


def test_the_english_summary_speaks_english(english_book):
    summary = english_book["Summary"]
    texts = [c.value for row in summary.iter_rows() for c in row if isinstance(c.value, str)]
    assert texts[0] == "Phone bill audit — 2026-11-05"
    assert texts[1] == "¥74.00 overcharged, 5 things to do; ¥408.00 a year to save"
    assert texts[2] == (
        "3 files read, 1 not read, 1 row unread (see Unread rows); "
        "7 findings: High 2 · Medium 3 · Low 0 · Info 2"
    )
    for words in ("Do these first", "Each line's bill", "In figures", "Disputed", "Per year"):
        assert words in texts
    assert "Details: Findings, Follow-up, Trend" in texts
    # what is ours is English: the inputs' own names and the rules' words aside
    ours = [t for t in texts if t.startswith(("Phone", "Red:", "Details", "Do", "In "))]
    assert ours and not any(CJK.search(t) for t in ours)
    assert summary.oddFooter.right.text == "Page &P of &N"
    assert summary.oddFooter.left.text == "Phone bill audit 2026-11-05"


def test_the_chinese_summary_speaks_chinese(chinese_book):
    summary = chinese_book["摘要"]
    texts = [c.value for row in summary.iter_rows() for c in row if isinstance(c.value, str)]
    assert texts[:2] == ["话费检查报告 — 2026-11-05", "已多扣 ¥74.00，5 件事要做；每年可省 ¥408.00"]
    assert "明细见「发现」「跟进」「趋势」表" in texts
    assert not any("Summary" in t or "Disputed" in t for t in texts)
    assert summary.oddFooter.right.text == "第 &P 页，共 &N 页"


def test_rule_ids_have_a_column_of_their_own(english_book, chinese_book):
    ids = [f.rule for f in sample_report().findings]
    for book, sheets, header in (
        (english_book, ("Findings", "Follow-up"), "Rule id"),
        (chinese_book, ("发现", "跟进"), "规则编号"),
    ):
        for name in sheets:
            assert _column(book[name], header)[: len(ids)] == ids
    assert set(_column(english_book["Finding months"], "Rule id")) == set(ids)
    by_service = _column(english_book["By service"], "Rule id")
    assert {rule for cell in by_service for rule in cell.split("\n")} == set(ids)


def test_excel_tables_are_named_alike_in_either_language(english_book, chinese_book):
    def tables(book):
        return sorted(t for name in book.sheetnames for t in book[name].tables)

    assert tables(english_book) == tables(chinese_book)
    assert {"Findings", "Actions", "Charges", "FindingMonths"} <= set(tables(chinese_book))


@pytest.mark.parametrize("language", ["zh", "en"])
def test_headers_are_unique_in_each_sheet(language):
    # an Excel table's columns must have distinct names
    with lang.using(language):
        for listing in report_listings(sample_report()):
            titles = [column.title for column in listing.columns]
            assert len(set(titles)) == len(titles), (listing.title, titles)


def test_what_read_a_file_is_said_in_the_reports_language(english_book, chinese_book):
    """The Inputs sheet says what read each file in words (the JSON keeps the ids), and
    every reader registered has its words."""
    from auditor.readers import READERS
    from auditor.writers.labels import READER_LABELS

    assert {reader.name for reader in READERS} <= set(READER_LABELS)
    assert _column(chinese_book["输入文件"], "读取方式")[0] == "Excel（XLSX）"
    assert _column(english_book["Inputs"], "Reader")[0] == "Excel (XLSX)"
    assert READER_LABELS["portal-json"].zh == "网上营业厅 JSON"
