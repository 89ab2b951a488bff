"""A file whose ending does not say what it holds: read by what it holds, with one
warning naming the real format, when that is a format auditor reads; otherwise refused
in words that say what the file looks like (never a Python bytes repr)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from bounds import deadline
from hostile import pdf_bomb
from readers_golden import normalised

from auditor import lang
from auditor.readers import ReadOptions, collect_inputs, read_file
from auditor.readers.base import MiB
from auditor.readers.pool import read_files

ROOT = Path(__file__).resolve().parent.parent
HOUSEHOLD = ROOT / "fixtures" / "household"
UNICOM_CSV = HOUSEHOLD / "china-unicom" / "联通账单-2026年08月.csv"
SERVICES_CSV = HOUSEHOLD / "china-mobile" / "13800001234-已订业务.csv"
MOBILE_XLSX = HOUSEHOLD / "china-mobile" / "中国移动账单-2026年10月.xlsx"
MOBILE_PDF = ROOT / "fixtures" / "pdf" / "household-a" / "中国移动账单-2026年10月.pdf"

# (the correctly named fixture, the ending it is given, the format the warning names)
MISNAMED = [
    pytest.param(UNICOM_CSV, ".xls", "a CSV file", id="csv-as-xls"),
    pytest.param(MOBILE_XLSX, ".csv", "an Excel .xlsx workbook", id="xlsx-as-csv"),
    pytest.param(MOBILE_PDF, ".xlsx", "a PDF file", id="pdf-as-xlsx"),
    pytest.param(SERVICES_CSV, ".pdf", "a CSV file", id="csv-as-pdf"),
    pytest.param(MOBILE_XLSX, ".xls", "an Excel .xlsx workbook", id="xlsx-as-xls"),
]


def renamed(source: Path, suffix: str, folder: Path) -> Path:
    target = folder / source.with_suffix(suffix).name
    target.write_bytes(source.read_bytes())
    return target


def without_warnings(reading: dict) -> dict:
    return {**reading, "warnings": None}


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize(("source", "suffix", "real"), MISNAMED)
def test_a_misnamed_file_reads_as_what_it_holds(tmp_path, source, suffix, real):
    expected = read_file(source, ReadOptions())
    result = read_file(renamed(source, suffix, tmp_path), ReadOptions())
    assert result.error is None, result.error
    assert without_warnings(normalised(result)) == without_warnings(normalised(expected))
    assert result.charges or result.services
    naming = [w for w in result.warnings if real in w]
    assert len(naming) == 1
    assert naming[0].startswith(f"named {suffix} but it is {real}")
    assert f"rename it to {source.suffix}" in naming[0]
    assert result.warnings == [naming[0], *expected.warnings]


@pytest.mark.parametrize(("source", "suffix", "real"), MISNAMED)
def test_the_warning_is_in_chinese_too(tmp_path, source, suffix, real):
    with lang.using("zh"):
        result = read_file(renamed(source, suffix, tmp_path), ReadOptions())
    assert result.error is None, result.error
    assert result.warnings[0].startswith(f"文件名是 {suffix}，但内容是")
    assert f"请改名为 {source.suffix}" in result.warnings[0]


@pytest.mark.usefixtures("english")
def test_a_correctly_named_file_has_no_such_warning():
    for source in (UNICOM_CSV, SERVICES_CSV, MOBILE_XLSX, MOBILE_PDF):
        assert not [w for w in read_file(source, ReadOptions()).warnings if "named ." in w]


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize(
    "head",
    ["", '<meta http-equiv="Content-Type" content="text/html; charset=utf-8">',
     "<style>td {mso-number-format: '@'}</style>", "<head><title>账单</title></head>"],
)  # fmt: skip
def test_an_html_table_named_xls_still_reads_and_says_so(tmp_path, head):
    # A portal's "Excel" export: a page's table, starting at its head's first tag or not.
    target = tmp_path / "13800001234-2026年10月.xls"
    target.write_text(
        head + "<table><tr><td>费用项目</td><td>金额</td></tr>"
        "<tr><td>彩铃功能费</td><td>5.00</td></tr></table>",
        "utf-8",
    )
    result = read_file(target, ReadOptions())
    assert result.error is None and result.reader == "html"
    assert [w for w in result.warnings if "an HTML page" in w] == [
        "named .xls but it is an HTML page: read as HTML; rename it to .html"
    ]


@pytest.mark.usefixtures("english")
def test_an_unknown_binary_named_pdf_is_one_line_without_a_bytes_repr(tmp_path):
    target = tmp_path / "bill.pdf"
    target.write_bytes(bytes(range(256)) * 4)
    error = read_file(target, ReadOptions()).error
    assert error is not None
    assert "\n" not in error and "b'" not in error and "\\x" not in error
    assert error.startswith("not a PDF file (")


@pytest.mark.usefixtures("english")
def test_an_archive_named_pdf_says_it_looks_like_one(tmp_path):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("bill.csv", "手机号码,金额\n13800001234,6.00\n")
    target = tmp_path / "bill.pdf"
    target.write_bytes(out.getvalue())
    error = read_file(target, ReadOptions()).error
    assert error == "not a PDF file (it starts like a ZIP archive)"


@pytest.mark.usefixtures("english")
def test_a_picture_error_names_no_bytes(tmp_path):
    target = tmp_path / "screen.png"
    target.write_bytes(b"%!PS-Adobe-3.0\x00\x01\x02 not a picture")
    error = read_file(target, ReadOptions()).error
    assert error is not None and error.startswith("not a PNG, JPEG or WebP picture")
    assert "b'" not in error


@pytest.mark.usefixtures("english")
def test_a_misnamed_file_that_fails_says_both(tmp_path):
    # An HTML page named .pdf (a portal's "session expired" page saved as the bill).
    target = tmp_path / "bill.pdf"
    target.write_text(
        "<!DOCTYPE html><html><body><p>您的登录已超时，请重新登录。</p></body></html>", "utf-8"
    )
    error = read_file(target, ReadOptions()).error
    assert error is not None and "\n" not in error
    assert error.startswith("named .pdf but it is an HTML page, read as HTML: ")


def test_a_folder_walk_skips_what_it_skipped_before(tmp_path):
    table = UNICOM_CSV.read_bytes()
    (tmp_path / "账单.docx").write_bytes(table)  # a skipped ending, whatever it holds
    (tmp_path / "账单.dat").write_bytes(table)  # an ending no reader claims
    for name in ("账单.docx", "账单.dat"):
        assert collect_inputs([tmp_path / name]) == [tmp_path / name]
        result = read_file(tmp_path / name, ReadOptions())
        assert result.skipped and not result.error and not result.charges
        assert not result.warnings


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize("jobs", [1, 2])
def test_a_misnamed_pdf_stopped_at_its_ceiling_says_both(tmp_path, jobs):
    bomb = tmp_path / "0-bomb.xlsx"
    bomb.write_bytes(pdf_bomb(16 * MiB, pages=500))
    good = renamed(UNICOM_CSV, ".csv", tmp_path)
    with deadline(60):
        results = list(read_files([bomb, good], ReadOptions(max_pdf_seconds=1), jobs))
    assert results[0].error.startswith("named .xlsx but it is a PDF file, read as PDF: ")
    assert "CPU time" in results[0].error and results[1].error is None


@pytest.mark.usefixtures("english")
def test_damaged_text_still_says_how_it_starts(tmp_path):
    target = tmp_path / "bill.pdf"
    target.write_bytes(b"<!DOCTYPE html><html><body>\xff\xfe\xff</body></html>")
    assert read_file(target, ReadOptions()).error == "not a PDF file (it starts like an HTML page)"
