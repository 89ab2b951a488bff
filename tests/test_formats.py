"""The old Excel format (.xls) and OpenDocument (.ods): read as the XLSX they were saved
from, within the same limits, and a damaged one is one clear line."""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from readers_golden import normalised

from auditor.readers import ReadOptions, read_file

# Reader errors and warnings are checked as an English-speaking user reads them.
pytestmark = pytest.mark.usefixtures("english")

ROOT = Path(__file__).resolve().parent.parent
XLSX = ROOT / "fixtures" / "household" / "china-broadnet" / "广电账单-19200001111.xlsx"
SAVED = {
    suffix: ROOT / "fixtures" / "formats" / XLSX.with_suffix(suffix).name
    for suffix in (".xls", ".ods")
}


@pytest.mark.parametrize("suffix", SAVED)
def test_reads_as_the_xlsx_it_was_saved_from(suffix):
    result = read_file(SAVED[suffix], ReadOptions())
    assert result.reader == suffix[1:]
    expected = normalised(read_file(XLSX, ReadOptions()))
    assert {**normalised(result), "reader": "xlsx"} == expected
    assert [c.locator for c in result.charges] == [
        c.locator for c in read_file(XLSX, ReadOptions()).charges
    ]


@pytest.mark.parametrize("suffix", SAVED)
def test_a_folder_walk_picks_it_up(suffix, tmp_path):
    from auditor.readers import collect_inputs

    target = tmp_path / SAVED[suffix].name
    target.write_bytes(SAVED[suffix].read_bytes())
    assert collect_inputs([tmp_path]) == [target]


@pytest.mark.parametrize("suffix", SAVED)
def test_damaged_is_one_line(suffix, tmp_path):
    data = SAVED[suffix].read_bytes()
    target = tmp_path / f"bill{suffix}"
    target.write_bytes(data[: len(data) // 3])
    error = read_file(target, ReadOptions()).error
    assert error and "\n" not in error and error.startswith("not a valid")


@pytest.mark.parametrize("suffix", SAVED)
def test_sheet_and_cell_limits_hold(suffix):
    sheets = read_file(SAVED[suffix], ReadOptions(max_sheets=1)).error
    assert sheets and "over the 1-sheet limit" in sheets
    cells = read_file(SAVED[suffix], ReadOptions(max_cells=10)).error
    assert cells and "--max-cells" in cells


def test_an_ods_over_the_unpacked_limit_is_refused_before_parsing(tmp_path):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", b"<a>" + b" " * (3 << 20) + b"</a>")
    target = tmp_path / "bomb.ods"
    target.write_bytes(out.getvalue())
    options = replace(ReadOptions(), max_unpacked_bytes=1 << 20)
    error = read_file(target, options).error
    assert error and "refused before unpacking" in error


def test_a_zip_without_content_is_not_an_ods(tmp_path):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "hello")
    target = tmp_path / "not.ods"
    target.write_bytes(out.getvalue())
    assert "no content.xml" in (read_file(target, ReadOptions()).error or "")


def test_an_xls_that_is_an_html_table_is_read_as_html(tmp_path):
    target = tmp_path / "账单.xls"
    target.write_text("<table><tr><td>费用项目</td><td>金额</td></tr></table>", "utf-8")
    result = read_file(target, ReadOptions())
    assert result.reader == "html"
