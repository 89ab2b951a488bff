"""The streaming Excel writer keeps the report's promises whichever way it writes.

A workbook up to ``SheetLimits.whole_workbook_cells`` is kept whole until it is saved; a
larger one is written a row at a time. These tests force each way on the sample report
and read both back (python-calamine for values, openpyxl for formats), and check what
streaming must not cost: text that xlsxwriter would take for its own XML, temporary
files left behind, the cycle collector left off, widths and the printed page.
"""

from __future__ import annotations

import gc
import io
import os
import tempfile
import zipfile

import openpyxl
import pytest
from openpyxl.utils import column_index_from_string
from python_calamine import CalamineWorkbook
from writers_sample import MOBILE, filtered_range, sample_report

from auditor import lang
from auditor.model import Charge
from auditor.sheets import ACTIONS, BY_SERVICE, FINDINGS, FOLLOW_UP
from auditor.writers import Masker, listings, page, render_xlsx
from auditor.writers.cells import Styles
from auditor.writers.sheet import SheetLimits, SheetWriter
from auditor.writers.summary_layout import PRINT_SCALE

WHOLE, STREAMED = SheetLimits(), SheetLimits(whole_workbook_cells=0)

# Texts an input may hold that xlsxwriter, left to itself, would write into the sheet's
# XML as they are: it takes a text starting "<r>" and ending "</r>" for a rich text it
# made. Each must read back as the very text.
RICH_LOOKING = [
    "<r><t>彩铃</t></r>",
    "<r></t></r></si><si><t>forged</t></si><si><r><t></r>",
    '<r><rPr><b/></rPr><t xml:space="preserve"> x </t></r>',
    "<r></r>",
]


def _values(data: bytes) -> dict[str, list[list]]:
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}


def _looks(data: bytes) -> dict[str, list]:
    """Per sheet: each non-empty cell's type, number format, bold, fill, quote prefix and
    wrapping; the frozen pane, the filter and the column widths."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    looks = {}
    for sheet in book.worksheets:
        cells = [
            (
                cell.coordinate,
                cell.data_type,
                cell.number_format,
                bool(cell.font.bold),
                cell.fill.fgColor.rgb if cell.fill.fill_type else None,
                bool(cell.quotePrefix),
                bool(cell.alignment.wrap_text),
            )
            for row in sheet.iter_rows()
            for cell in row
            if cell.value is not None or cell.fill.fill_type
        ]
        widths = {k: round(d.width, 2) for k, d in sheet.column_dimensions.items() if d.width}
        looks[sheet.title] = [cells, sheet.freeze_panes, filtered_range(sheet), widths]
    return looks


@pytest.fixture(scope="module")
def both() -> tuple[bytes, bytes]:
    report = sample_report()
    return render_xlsx(report, Masker(), WHOLE), render_xlsx(report, Masker(), STREAMED)


def test_each_way_is_chosen_by_size(both):
    whole, streamed = both
    with zipfile.ZipFile(io.BytesIO(whole)) as archive:
        assert "xl/sharedStrings.xml" in archive.namelist()
    with zipfile.ZipFile(io.BytesIO(streamed)) as archive:
        sheet = archive.read("xl/worksheets/sheet2.xml").decode()
        assert 't="inlineStr"' in sheet  # each text in its cell: nothing kept for later


def test_both_ways_write_the_same_values(both):
    whole, streamed = both
    assert _values(whole) == _values(streamed)


def test_both_ways_write_the_same_formats(both):
    whole, streamed = both
    assert _looks(whole) == _looks(streamed)


@pytest.mark.parametrize("limits", [WHOLE, STREAMED], ids=["whole", "streamed"])
def test_text_that_looks_like_xlsxwriters_own_xml_reads_back_as_it_is(limits):
    report = sample_report()
    charges = [
        Charge(MOBILE, "2026-10", "vas", text, 100, section="=SUM(A1)" if n else text)
        for n, text in enumerate(RICH_LOOKING)
    ]
    report.charges = charges
    data = render_xlsx(report, Masker(), limits)
    rows = _values(data)["费用明细"][1:]
    assert [row[5] for row in rows] == RICH_LOOKING
    sheet = openpyxl.load_workbook(io.BytesIO(data))["费用明细"]
    assert [sheet.cell(row=r, column=6).value for r in range(2, 6)] == RICH_LOOKING
    assert sheet["E3"].value == "=SUM(A1)" and sheet["E3"].data_type == "s"
    assert sheet["E3"].quotePrefix


def test_no_temporary_file_is_left_behind(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    render_xlsx(sample_report(), Masker(), STREAMED)
    render_xlsx(sample_report(), Masker(), WHOLE)
    assert os.listdir(tmp_path) == []


def test_a_failure_leaves_no_temporary_file_and_the_collector_on(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))

    def broken(report):
        raise RuntimeError("broken")

    monkeypatch.setattr(listings, "unread", broken)
    assert gc.isenabled()
    with pytest.raises(RuntimeError, match="broken"):
        render_xlsx(sample_report(), Masker(), STREAMED)
    assert os.listdir(tmp_path) == []
    assert gc.isenabled()


def test_the_collector_stays_off_when_it_was_off():
    gc.disable()
    try:
        render_xlsx(sample_report(), Masker())
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_rows_are_written_in_order():
    import xlsxwriter

    book = xlsxwriter.Workbook(io.BytesIO(), {"constant_memory": True})
    writer = SheetWriter(book.add_worksheet("x"), Masker(), Styles(book))
    writer.put(3, 1, "third")
    with pytest.raises(ValueError, match="rows are written in order"):
        writer.put(2, 1, "second")
    book.close()


def test_long_and_multiline_text_wraps_and_widths_count_wide_characters():
    report = sample_report()
    report.findings[0].message = "很长的说明" * 13  # 65 wide characters: 130 columns
    book = openpyxl.load_workbook(io.BytesIO(render_xlsx(report, Masker())))
    sheet = book["发现"]
    assert sheet["O2"].value.startswith("很长的说明")  # the message
    assert sheet["O2"].alignment.wrap_text and sheet["O2"].alignment.vertical == "top"
    assert sheet["P2"].alignment.wrap_text  # the evidence: one line per place
    assert not sheet["D3"].alignment.wrap_text  # a short text (a line's number) does not
    # the message is made narrower, to print: 130 columns wrapped in 28, 5 lines or more
    message = listings.MESSAGE_WIDTH
    assert message + 2 <= sheet.column_dimensions["O"].width < message + 3
    assert sheet.row_dimensions[2].height >= 5 * 15
    charges = book["费用明细"]
    # 视频彩铃订阅-酷电秀专属6元包: 13 wide characters and 2 narrow, 28 columns, plus 2.
    assert 30 <= charges.column_dimensions["F"].width < 31


@pytest.mark.parametrize("limits", [WHOLE, STREAMED], ids=["whole", "streamed"])
def test_every_sheet_prints_on_a4_one_page_wide_with_a_footer(limits):
    book = openpyxl.load_workbook(io.BytesIO(render_xlsx(sample_report(), Masker(), limits)))
    for sheet in book.worksheets:
        # The Summary is a page to read: portrait; the lists are wide: landscape.
        portrait = sheet.title == "摘要"
        assert sheet.page_setup.orientation == ("portrait" if portrait else "landscape")
        assert str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4
        fitted = sheet.sheet_properties.pageSetUpPr
        if portrait:  # at a set scale, so that its page breaks hold (test_render: it fits)
            assert int(sheet.page_setup.scale) == PRINT_SCALE
            assert not (fitted and fitted.fitToPage)
        elif sheet.title == "趋势":  # its table, then its charts: a scale of its own
            assert not (fitted and fitted.fitToPage)
            assert page.LEAST_SCALE <= int(sheet.page_setup.scale) <= 100  # 8 points or more
            # a page break after the table's columns: the charts print on pages of their own
            assert [brk.id for brk in sheet.col_breaks.brk] == [sheet.max_column]
        else:
            assert fitted.fitToPage
            # fitToWidth left out means 1 (ECMA-376): xlsxwriter writes only what differs.
            # By owner of a few rows is one page tall too (test_by_owner_pages): 1, left out.
            tall = None if sheet.title == "按机主" else 0
            assert (sheet.page_setup.fitToWidth or 1, sheet.page_setup.fitToHeight) == (1, tall)
        if not portrait:
            header = "4:4" if sheet.title == "趋势" else "1:1"  # the Trend's starts lower
            assert sheet.print_title_rows.replace("$", "") == header
        footer = sheet.oddFooter
        assert "2026-11-05" in footer.left.text and "&P" in footer.right.text


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_sheets_a_person_reads_print_at_eight_points_or_more(language):
    """Fit to the page's width, Findings, Follow-up and By service print at 8 points or
    more, Actions at 9: their long texts wrap in narrow columns, and the Findings'
    evidence (files and rows) is left off paper, as the machine's ids are."""
    with lang.using(language):
        data = render_xlsx(sample_report(), Masker())
    book = openpyxl.load_workbook(io.BytesIO(data))
    for sheet, least in ((FINDINGS, 8), (FOLLOW_UP, 8), (BY_SERVICE, 8), (ACTIONS, 9)):
        printed = book[sheet.zh if language == "zh" else sheet.en]
        last = printed.max_column
        if printed.print_area:  # 'sheet'!$A$1:$O$21
            last = column_index_from_string(str(printed.print_area).split("$")[-2])
        widths = [8.43] * last  # as wide as each column is set (stored 0.71 wider)
        for dimension in printed.column_dimensions.values():
            for col in range(dimension.min, min(dimension.max, last) + 1):
                widths[col - 1] = dimension.width - 0.71
        assert page.printed_size(widths) >= least, (sheet.en, page.printed_size(widths))
        if sheet is FINDINGS:
            headers = [printed.cell(1, col).value for col in range(1, last + 1)]
            assert "Message" in headers or "说明" in headers
            assert not {"Evidence", "依据"} & set(headers)


def test_the_report_marker_is_in_the_workbooks_properties():
    data = render_xlsx(sample_report(), Masker())
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        core = archive.read("docProps/core.xml").decode()
    assert "auditor-report" in core and "话费检查报告 2026-11-05" in core
    assert openpyxl.load_workbook(io.BytesIO(data)).properties.creator == "auditor"
