"""The report's sheets whose cells auditor writes as XML itself (auditor.writers.xmlsheet).

What xlsxwriter would have done for each cell must still hold: text read back as it was
(markup, Excel's own ``_xHHHH_`` escapes, spaces at either end), money as the exact
amount, the shared-string table's counts right, and a column of ever-new texts written
in its cells rather than in a table as long as the sheet.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime

import openpyxl
import pytest
import xlsxwriter
from hypothesis import given, settings
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from auditor.writers import Masker, measure, xmlsheet
from auditor.writers.cells import MONEY_FORMAT, Styles
from auditor.writers.sheet import Column, SheetWriter
from auditor.writers.xmlsheet import XmlSheet, escape_text, fen_decimal

TEXTS = [
    "a & b < c > d",
    "_x0041_ stays as written",
    "  two spaces either side  ",
    "<r><t>not a rich text</t></r>",
    "\"quoted\" 'single'",
    "=1+1",
    "话费 ¥12.00",
]
AMOUNTS = [0, 1, -1, 5, -5, 99, 100, -100, 1205, -1205, 123456789012345]


def _book(
    constant_memory: bool, columns: list[Column], rows: list[list], sheet_class=XmlSheet
) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"constant_memory": constant_memory})
    writer = SheetWriter(book.add_worksheet("x", sheet_class), Masker(), Styles(book))
    fills = [None, "F8CBCB"] * len(rows)
    last = writer.table(columns, rows, fills=fills)
    writer.put(last + 2, 2, "after the table", "plain")
    writer.put(last + 2, 1, "written second, first column", "plain")
    writer.finish(filtered=(last, len(columns)))
    book.close()
    return buffer.getvalue()


def _rows(data: bytes) -> list[list]:
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    return book.get_sheet_by_name("x").to_python()


@pytest.mark.parametrize("constant_memory", [False, True], ids=["shared", "inline"])
def test_text_money_and_dates_read_back_as_written(constant_memory):
    columns = [Column("text"), Column("money", "money"), Column("day", "date")]
    days = [date(2026, 10, 1), datetime(2026, 10, 1, 12, 30), "not a date", None]
    rows = [[TEXTS[i % len(TEXTS)], fen, days[i % len(days)]] for i, fen in enumerate(AMOUNTS)]
    data = _book(constant_memory, columns, rows)
    read = _rows(data)
    assert read[0] == ["text", "money", "day"]
    assert [row[0] for row in read[1 : len(rows) + 1]] == [row[0] for row in rows]
    assert [row[1] for row in read[1 : len(rows) + 1]] == [fen / 100 for fen in AMOUNTS]
    assert read[-1][:2] == ["written second, first column", "after the table"]
    sheet = openpyxl.load_workbook(io.BytesIO(data))["x"]
    assert sheet["C2"].value == datetime(2026, 10, 1) and sheet["C2"].number_format == "yyyy-mm-dd"
    assert sheet["C4"].value == "not a date" and sheet["C4"].data_type == "s"
    assert sheet["A7"].value == "=1+1" and sheet["A7"].quotePrefix
    assert sheet["B2"].number_format == MONEY_FORMAT
    assert sheet.dimensions == f"A1:C{len(rows) + 3}"
    assert sheet.auto_filter.ref == f"A1:C{len(rows) + 1}"


def _looks(data: bytes) -> list:
    sheet = openpyxl.load_workbook(io.BytesIO(data))["x"]
    cells = [
        (
            cell.coordinate,
            cell.value,
            cell.data_type,
            cell.number_format,
            cell.font.bold,
            cell.fill.fgColor.rgb if cell.fill.fill_type else None,
            cell.quotePrefix,
            cell.alignment.wrap_text,
            cell.alignment.vertical,
            cell.alignment.horizontal,
            cell.font.underline,
            cell.font.color.rgb if cell.font.color else None,
            cell.hyperlink and (cell.hyperlink.location, cell.hyperlink.display),
        )
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None or cell.fill.fill_type
    ]
    heights = {k: d.height for k, d in sheet.row_dimensions.items() if d.height}
    widths = {k: d.width for k, d in sheet.column_dimensions.items() if d.width}
    return [cells, heights, widths, sheet.dimensions, sheet.auto_filter.ref, sheet.freeze_panes]


@pytest.mark.parametrize("constant_memory", [False, True], ids=["whole", "streamed"])
def test_a_table_reads_back_as_xlsxwriter_writes_it(constant_memory):
    columns = [
        Column("#", "int"),
        Column("text"),
        Column("money", "money"),
        Column("lines", "list"),
        Column("when", "datetime"),
        Column("plain", "plain"),
        Column("link", "link"),
    ]
    long = "很长的说明" * 30  # wraps: the row is made taller
    rows = [
        [i, TEXTS[i % len(TEXTS)], AMOUNTS[i], ["a", "b", "c"][: i % 4], None, f"h{i}", None]
        for i in range(len(AMOUNTS))
    ]
    for i in range(0, len(rows), 3):
        rows[i][6] = ("other sheet", i + 2, "→ 步骤 steps")
    rows[3][1] = long
    rows[4][4] = datetime(2026, 10, 8, 9, 30)
    rows[5] = [None] * 7
    ours = _book(constant_memory, columns, rows)
    theirs = _book(constant_memory, columns, rows, sheet_class=None)
    assert _rows(ours) == _rows(theirs)
    assert _looks(ours) == _looks(theirs)


def test_cells_written_through_xlsxwriter_among_the_staged_rows_are_refused(tmp_path):
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"tmpdir": str(tmp_path)})
    sheet = book.add_worksheet("x", XmlSheet)
    sheet.write_string(0, 0, "a header, through xlsxwriter: first, as it should")
    writer = SheetWriter(sheet, Masker(), Styles(book))
    writer.put(2, 1, "staged")
    writer.put(3, 1, "staged")
    with pytest.raises(RuntimeError, match="xlsxwriter's rows come first"):
        sheet.write_string(3, 0, "would be lost")
    with pytest.raises(RuntimeError, match="xlsxwriter's rows come first"):
        sheet.set_row(4, 30)
    writer.finish()
    book.close()
    assert _rows(buffer.getvalue())[0][0].startswith("a header")


def test_money_is_written_as_its_exact_decimal():
    assert [fen_decimal(fen) for fen in (0, 5, -5, 1205, -1205, 30)] == [
        "0.00",
        "0.05",
        "-0.05",
        "12.05",
        "-12.05",
        "0.30",
    ]
    data = _book(False, [Column("money", "money")], [[10], [20], [30]])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    numbers = re.findall(r'<c r="A\d+"(?: s="\d+")?><v>([^<]*)</v>', sheet)
    assert numbers == ["0.10", "0.20", "0.30"]


def test_escaped_text_is_inert_xml():
    assert escape_text("a & <b>") == "a &amp; &lt;b&gt;"
    assert escape_text("_x0041_ and _X0041_") == "_x005F_x0041_ and _X0041_"
    assert escape_text("bell\x07") == "bell_x0007_"
    assert escape_text("\ufffe\uffff") == "_xFFFE__xFFFF_"


def test_the_shared_string_table_counts_every_cell_holding_one():
    rows = [[TEXTS[i % 3], f"distinct {i}"] for i in range(50)]
    data = _book(False, [Column("a"), Column("b")], rows)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        table = archive.read("xl/sharedStrings.xml").decode()
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    count, unique = map(int, re.search(r'count="(\d+)" uniqueCount="(\d+)"', table).groups())
    assert count == sheet.count(' t="s"') == 2 + 50 * 2 + 2
    assert unique == table.count("<si>")


def test_a_column_of_ever_new_texts_goes_on_in_its_cells(monkeypatch):
    monkeypatch.setattr(xmlsheet, "TEXTS_KEPT", 8)
    rows = [[f"item {i}", "same"] for i in range(30)]
    data = _book(False, [Column("item"), Column("same")], rows)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    assert sheet.count('t="inlineStr"') == 30 - 8  # after the first 8, each in its cell
    assert [row[:2] for row in _rows(data)[1:31]] == rows


def test_an_excel_table_over_many_rows_is_xlsxwriters_own():
    """A list sheet's table is added without xlsxwriter's cell-by-cell overlap check:
    the table part and what openpyxl reads of it are those of xlsxwriter's add_table."""
    columns = [Column("a"), Column("n", "int")]
    rows = [[f"row {i}", i] for i in range(40)]
    parts = []
    for sheet_class in (XmlSheet, None):
        buffer = io.BytesIO()
        book = xlsxwriter.Workbook(buffer)
        writer = SheetWriter(book.add_worksheet("x", sheet_class), Masker(), Styles(book))
        last = writer.table(columns, rows)
        writer.finish()
        options = {"columns": [{"header": c.header} for c in columns], "style": None}
        writer.sheet.add_table(0, 0, last - 1, 1, {**options, "name": "Things"})
        book.close()
        with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as archive:
            parts.append(archive.read("xl/tables/table1.xml"))
        table = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))["x"].tables["Things"]
        assert table.ref == "A1:B41" and table.autoFilter.ref == "A1:B41"
    assert parts[0] == parts[1]


@pytest.mark.parametrize("constant_memory", [False, True], ids=["shared", "inline"])
def test_a_nul_in_a_text_is_its_escape_not_the_rows_number(constant_memory):
    """A row's cells are kept with a NUL where the row's number goes: a NUL of a text
    (not input: a masked text has none left) is written as Excel's escape of it."""
    columns = [Column("plain", "plain"), Column("list", "list")]
    rows = [["a\x00b", ["c\x00d"]], ["a\x00b", ["c\x00d"]]]
    data = _book(constant_memory, columns, rows)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "\x00" not in sheet
    assert re.findall(r'<c r="([A-Z]+\d+)"', sheet)[2:6] == ["A2", "B2", "A3", "B3"]
    assert [row[:2] for row in _rows(data)[1:3]] == [["a\\x00b", "c␀d"]] * 2


_KINDS = {
    "text": st.sampled_from([*TEXTS, "", None, "很长的说明" * 20, "line\nbreak", "13900000006"]),
    "list": st.none() | st.lists(st.sampled_from(TEXTS), max_size=3),
    "money": st.sampled_from([None, *AMOUNTS]),
    "date": st.sampled_from([None, date(2026, 10, 1), date(2026, 11, 5), "not a date"]),
    "plain": st.sampled_from(["h1", "h2", "", None]),
    "link": st.sampled_from([None, ("other sheet", 7, "→ steps"), ("other sheet", 9, "→ 步骤")]),
}


@settings(max_examples=10, deadline=None)
@given(
    st.lists(st.sampled_from(sorted(_KINDS)), min_size=1, max_size=5).flatmap(
        lambda kinds: st.tuples(
            st.just(kinds),
            st.lists(st.tuples(*(_KINDS[kind] for kind in kinds)), max_size=10),
        )
    ),
    st.booleans(),
)
def test_any_table_reads_back_as_xlsxwriter_writes_it(table, constant_memory):
    """Values repeated and not, in every look: each cell's element made once and looked
    up after (auditor.writers.xmlrows) reads back as xlsxwriter's own cells."""
    kinds, rows = table
    columns = [Column(f"c{i}", kind, width=20) for i, kind in enumerate(kinds)]
    rows = [list(row) for row in rows] * 2  # each value again: looked up, not made
    ours = _book(constant_memory, columns, rows)
    theirs = _book(constant_memory, columns, rows, sheet_class=None)
    assert _rows(ours) == _rows(theirs)
    assert _looks(ours) == _looks(theirs)


def test_a_sheet_knows_the_heights_its_rows_are_written_at():
    """What a sheet that places something beside its rows (the Trend's charts) reads,
    not xlsxwriter's private sizes: a row given a height, a staged row made tall for its
    wrapped text (where the sheet keeps them), the default for the others."""
    book = xlsxwriter.Workbook(io.BytesIO())
    sheet = book.add_worksheet("x", XmlSheet)
    sheet.kept_heights = {}
    writer = SheetWriter(sheet, Masker(), Styles(book))
    sheet.set_row(0, 22)
    rows = [["short"], ["a long text " * 12], ["short again"]]
    writer.table([Column("Text", width=20)], rows, first_row=3)
    writer.finish(freeze=False)
    book.close()
    heights = [sheet.row_points(row) for row in range(7)]
    assert heights[0] == 21.75 and heights[1] == measure.DEFAULT_ROW_POINTS  # 29 pixels
    # the header (row 3), "short" and "short again": one line each
    assert heights[2] == heights[3] == heights[5] == measure.DEFAULT_ROW_POINTS
    assert heights[4] >= 4 * 15  # 144 letters wrapped in 20 columns: 6 lines
    assert heights[4] == measure.whole_pixels(heights[4])  # as written: whole pixels
    xml = zipfile.ZipFile(io.BytesIO(book.filename.getvalue())).read("xl/worksheets/sheet1.xml")
    assert f'<row r="5" ht="{heights[4]:.16g}"'.encode() in xml
