"""Limits on what a file expands to: issue 8's bombs, each refused with its own one-line
error naming the file, the limit and the option that raises it, or read within bounds.

Every test here builds its hostile input small enough to stay in seconds and well under
a gigabyte before the fix too, and runs under a deadline.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import time
from email.message import EmailMessage
from pathlib import Path

import openpyxl
import pytest
from bounds import deadline, peak_growth, peak_memory
from click.testing import CliRunner
from hostile import (
    billinfo_json,
    deep_json,
    many_parts_eml,
    nested_eml,
    number_cell,
    pdf_bomb,
    pdf_pages,
    raw_xlsx,
    sparse_xlsx,
    styles_bomb,
    text_cell,
)

from auditor import cli
from auditor.errors import InputError
from auditor.readers import ReadOptions, read_file
from auditor.readers.base import MiB
from auditor.readers.bounded import Stopped, run_bounded

# Reader errors and warnings are checked as an English-speaking user reads them.
pytestmark = pytest.mark.usefixtures("english")


LINE_MONTH = "13800001234-2026年10月"

# The limit these tests hit: the default is higher (a company's 200,000-row bill reads).
MILLION = 1_000_000


def write(tmp_path: Path, suffix: str, data: bytes) -> Path:
    path = tmp_path / f"{LINE_MONTH}{suffix}"
    path.write_bytes(data)
    return path


def read(path: Path, seconds: int = 20, **limits):
    with deadline(seconds):
        return read_file(path, ReadOptions(**limits))


def assert_limit_error(error: str | None, option: str) -> None:
    """A limit's error: one line, naming the limit's option."""
    assert error and "\n" not in error, error
    assert f"raise it with {option}" in error, error


# ------------------------------------------------------------------------- XLSX cells


def test_a_sheet_using_columns_a_and_xfd_is_measured_by_its_cells(tmp_path):
    # Issue 8: 20,000 rows using columns A and XFD (146 KB) took 96 s and 2.7 GB.
    path = write(tmp_path, ".xlsx", sparse_xlsx(2_000))
    with peak_memory() as peak:
        started = time.monotonic()
        result = read(path, 20)
        seconds = time.monotonic() - started
    assert result.error is None
    assert len(result.charges) == 2_000 and result.charges[0].item == "彩铃功能费"
    assert result.charges[-1].locator == "sheet 账单 row 2001"
    assert seconds < 5 and peak[0] < 64 * MiB


def test_the_issue_s_sparse_sheet_reads_in_seconds(tmp_path):
    path = write(tmp_path, ".xlsx", sparse_xlsx(20_000))
    started = time.monotonic()
    result = read(path, 15)
    assert result.error is None and len(result.charges) == 20_000
    assert time.monotonic() - started < 5


def test_missing_rows_are_one_blank_row_not_a_million(tmp_path):
    cells = [
        b'<row r="1">' + text_cell("A1", "费用项目") + text_cell("B1", "金额") + b"</row>",
        b'<row r="2">' + text_cell("A2", "彩铃功能费") + text_cell("B2", "5.00") + b"</row>",
        b'<row r="1048576">' + text_cell("A1048576", "备注") + b"</row>",
    ]
    result = read(write(tmp_path, ".xlsx", raw_xlsx([("账单", b"".join(cells))])), 10)
    assert result.error is None and [c.amount_fen for c in result.charges] == [500]
    assert result.rows_read == 4  # header, charge, one blank row for the gap, the note


def test_a_sheet_over_the_cell_limit_is_refused(tmp_path):
    path = write(tmp_path, ".xlsx", sparse_xlsx(2_000))
    result = read(path, max_cells=3_000)
    assert_limit_error(result.error, "--max-cells")
    assert "holds more than 3,000 XML elements" in result.error
    assert read(path, max_cells=20_000).error is None


def test_every_part_of_the_package_counts_not_only_sheets(tmp_path):
    # A styles part of 1,000,000 formats: 4.8 MiB unpacked, 12 s and 440 MB in openpyxl.
    bomb = raw_xlsx([("账单", text_cell("A1", "x"))], styles=styles_bomb(200_000))
    path = write(tmp_path, ".xlsx", bomb)
    with peak_memory() as peak:
        result = read(path, 10, max_cells=100_000)
    assert_limit_error(result.error, "--max-cells")
    assert "xl/styles.xml" in result.error
    assert peak[0] < 16 * MiB


# ------------------------------------------------------------------ XLSX sheets (row 7)


HOUSEHOLD = Path(__file__).resolve().parent.parent / "fixtures" / "household"
OCTOBER = HOUSEHOLD / "china-mobile" / "中国移动账单-2026年10月.xlsx"


def audit_json(runner_args: list[str]) -> tuple[int, dict]:
    result = CliRunner().invoke(cli.main, ["audit", *runner_args, "--json", "-", "-q"])
    return result.exit_code, json.loads(result.stdout)


def money(report: dict) -> list[tuple]:
    """What each finding says, without the paths that differ between two folders."""
    return [(f["rule"], f["service"], f["amount"], f["periods"]) for f in report["findings"]]


def test_a_month_on_two_sheets_is_counted_once(tmp_path):
    # Issue 8: copies of one month's sheet doubled the unknown-vas money and gave a false
    # bill-total-mismatch per copy, while the Summary said the month reconciled.
    book = openpyxl.load_workbook(OCTOBER)
    for copy in range(2):
        book.copy_worksheet(book.worksheets[0]).title = f"副本{copy + 1}"
    folder = tmp_path / "bills"
    folder.mkdir()
    book.save(folder / OCTOBER.name)
    shutil.copy(OCTOBER.parent / "13800001234-已订业务.csv", folder)
    args = ["--as-of", "2026-11-05", "-o", str(tmp_path / "r.xlsx")]
    code, twice = audit_json([str(folder), *args])
    single = tmp_path / "single"
    single.mkdir()
    shutil.copy(OCTOBER, single)
    shutil.copy(OCTOBER.parent / "13800001234-已订业务.csv", single)
    _, once = audit_json([str(single), *args])
    assert code == 0
    assert money(twice) == money(once)
    assert not [f for f in twice["findings"] if f["rule"] == "bill-total-mismatch"]
    assert twice["summary"]["months"] == once["summary"]["months"]
    (month,) = twice["summary"]["months"]
    assert month["billed"] == month["stated"] and month["reconciled"] == "yes"
    (workbook,) = [i for i in twice["inputs"] if i["path"].endswith(".xlsx")]
    (warning,) = [w for w in workbook["warnings"] if "only sheet '账单' was counted" in w]
    assert "sheet '副本1', sheet '副本2'" in warning


def test_the_copy_that_adds_up_is_the_one_kept(tmp_path):
    rows = [r.split(",") for r in ("费用项目,金额", "彩铃功能费,5.00", "合计,5.00")]
    wrong = [*rows[:2], ["咪咕视频会员", "15.00"], rows[2]]
    book = openpyxl.Workbook()
    book.active.title = "错的"
    for row in wrong:
        book.active.append(row)
    right = book.create_sheet("对的")
    for row in rows:
        right.append(row)
    path = tmp_path / f"{LINE_MONTH}.xlsx"
    book.save(path)
    result = read(path)
    assert [(c.item, c.locator) for c in result.charges] == [("彩铃功能费", "sheet 对的 row 2")]
    assert result.set_aside["duplicate"] == 2
    assert result.rows_read == result.rows_used + sum(result.set_aside.values())


def test_ten_thousand_sheets_are_refused_in_seconds(tmp_path):
    # Issue 8: 10,000 sheets of one month took 109 s and gave 10,000 false high findings.
    sheet = text_cell("A1", "费用项目") + text_cell("B1", "金额")
    cells = b'<row r="1">' + sheet + b'</row><row r="2">'
    cells += text_cell("A2", "彩铃功能费") + text_cell("B2", "5.00") + b"</row>"
    path = write(tmp_path, ".xlsx", raw_xlsx([(f"s{i}", cells) for i in range(10_000)]))
    started = time.monotonic()
    result = read(path, 30)
    assert time.monotonic() - started < 5
    assert_limit_error(result.error, "--max-sheets")
    assert "lists 10,000 sheets, over the 1,000-sheet limit" in result.error


# --------------------------------------------------------------------- PDF (row 8)


def test_a_pdf_content_stream_bomb_is_refused_naming_its_page(tmp_path):
    # Issue 8: a 1 MB PDF whose content stream inflates to 1 GB took 2.1 GB of memory.
    path = write(tmp_path, ".pdf", pdf_bomb(96 * MiB))
    assert path.stat().st_size < 200_000
    with peak_growth() as growth:
        result = read(path, 20, max_pdf_memory_bytes=32 * MiB)
    assert growth[0] < 24 * MiB  # the bomb went off in the child, not here
    assert_limit_error(result.error, "--max-pdf-memory")
    assert result.error.startswith("page 1: reading it takes more than the 32 MiB")


def test_raising_the_pdf_memory_limit_reads_the_same_file(tmp_path):
    # The ceiling is on what the child's data may grow by; heap the parent freed before
    # the fork is reused without growing it, so the bomb is made well over the ceiling.
    path = write(tmp_path, ".pdf", pdf_bomb(160 * MiB))
    assert "--max-pdf-memory" in read(path, max_pdf_memory_bytes=16 * MiB).error
    error = read(path, max_pdf_memory_bytes=512 * MiB).error
    assert "--max-pdf-memory" not in error  # read; what it says is no bill


def test_one_stream_drawn_on_every_page_is_refused_in_cpu_time(tmp_path):
    # 145 KB: one 64 MiB content stream that 500 pages share took 44 s to read.
    path = write(tmp_path, ".pdf", pdf_bomb(16 * MiB, pages=500))
    with deadline(20):
        error = read(path, 20, max_pdf_seconds=1).error
    assert_limit_error(error, "--max-pdf-seconds")
    assert "reading it takes more than the 1 s of CPU time allowed for one PDF" in error
    assert error.startswith("page ")


def test_a_later_page_is_named(tmp_path):
    page = b"BT /F1 11 Tf 60 800 Td (13800001234) Tj ET\n"
    bomb = page + b" " * (64 * MiB)
    document = pdf_pages([page, page, bomb])
    result = read(write(tmp_path, ".pdf", document), 20, max_pdf_memory_bytes=32 * MiB)
    assert result.error.startswith("page 3: reading it takes more than the 32 MiB")


# ------------------------------------------------------- the bounded child process


def test_the_child_s_value_and_errors_come_back():
    assert run_bounded(lambda progress: {"a": [1, 2]}, 64 * MiB, 10) == {"a": [1, 2]}
    with pytest.raises(InputError) as caught:
        run_bounded(lambda progress: raise_(InputError("x.pdf", "bad", "page 2")), 64 * MiB, 10)
    assert (caught.value.path, caught.value.reason, caught.value.locator) == (
        "x.pdf",
        "bad",
        "page 2",
    )
    with pytest.raises(ZeroDivisionError):
        run_bounded(lambda progress: 1 / 0, 64 * MiB, 10)


def test_the_child_s_memory_is_bounded_and_its_progress_kept():
    def hungry(progress):
        progress(7)
        return bytearray(128 * MiB)

    with pytest.raises(Stopped) as caught:
        run_bounded(hungry, 32 * MiB, 10)
    assert (caught.value.why, caught.value.progress) == ("memory", 7)


def test_a_crash_in_the_child_costs_only_the_work():
    def crash(progress):
        progress(3)
        os.kill(os.getpid(), signal.SIGSEGV)

    with pytest.raises(Stopped) as caught:
        run_bounded(crash, 32 * MiB, 10)
    assert (caught.value.why, caught.value.progress) == ("crash", 3)


def test_the_child_s_cpu_time_is_bounded():
    def busy(progress):
        progress(5)
        while True:
            pass

    with deadline(10), pytest.raises(Stopped) as caught:
        run_bounded(busy, 32 * MiB, 1)
    assert (caught.value.why, caught.value.progress) == ("time", 5)


def raise_(exc: BaseException):
    raise exc


# ------------------------------------------------ every other format expands within limits


def test_json_nested_deeper_than_the_limit_is_refused_before_parsing(tmp_path):
    path = write(tmp_path, ".json", deep_json(5_000))
    error = read(path).error
    assert_limit_error(error, "--max-json-depth")
    assert "JSON nests 5,000 levels deep, over the 100-level limit" in error
    document = b'{"a": {"b": {"c": [' + billinfo_json() + b"]}}}"
    assert read(write(tmp_path, ".json", document), max_json_depth=8).error.startswith(
        "JSON nests 11 levels deep, over the 8-level limit"
    )


def test_json_of_millions_of_values_is_refused_before_parsing(tmp_path):
    # 6 MB of "[]," would be two million lists (about 110 MB) once parsed.
    path = write(tmp_path, ".json", b"[" + b"[]," * 2_000_000 + b"[]]")
    with peak_memory() as peak:
        error = read(path, max_cells=MILLION).error
    assert_limit_error(error, "--max-cells")
    assert "holds more than 1,000,000 JSON values" in error
    # Its bytes, its text and the text without strings; parsed, it would take 22 times.
    assert peak[0] < 5 * len(path.read_bytes())


def test_strings_do_not_hide_brackets_or_commas_from_the_count(tmp_path):
    # Brackets and commas inside strings (escaped quotes too) are text, not structure.
    text = json.dumps({"data": "[[[[,,,,{{{{" * 50 + '"\\"[[['}).encode()
    path = write(tmp_path, ".json", text)
    error = read(path, max_json_depth=2, max_cells=5).error
    assert error.startswith("JSON is not a bill or service list auditor knows"), error


def test_a_json_string_longer_than_a_cell_is_refused(tmp_path):
    path = write(tmp_path, ".json", json.dumps({"itemName": "彩" * 40_000}).encode())
    error = read(path).error
    assert_limit_error(error, "--max-cell-length")
    assert "a cell of 40,000 characters, over the 32,767-character limit" in error


def test_a_csv_of_millions_of_lines_or_commas_is_refused_before_parsing(tmp_path):
    for data in (b"a\n" * 1_500_000, b"," * 3_000_000 + b"\n"):
        path = write(tmp_path, ".csv", data)
        with peak_memory() as peak:
            error = read(path, max_cells=MILLION).error
        assert_limit_error(error, "--max-cells")
        assert "holds more than 1,000,000 cells" in error
        assert peak[0] < 4 * len(data) + MiB


@pytest.mark.parametrize("length", [40_000, 200_000])
def test_a_csv_cell_longer_than_a_cell_is_refused(tmp_path, length):
    data = f"费用项目,金额\n{'彩' * length},5.00\n".encode()
    error = read(write(tmp_path, ".csv", data)).error
    assert_limit_error(error, "--max-cell-length")
    assert error.startswith("row 2: a cell")
    assert read(write(tmp_path, ".csv", data), max_cell_chars=length).error is None


def test_an_xlsx_cell_longer_than_a_cell_is_refused(tmp_path):
    cells = b'<row r="1">' + text_cell("A1", "费用项目") + text_cell("B1", "金额") + b"</row>"
    cells += b'<row r="2">' + text_cell("A2", "x" * 40_000) + number_cell("B2", "5") + b"</row>"
    error = read(write(tmp_path, ".xlsx", raw_xlsx([("账单", cells)]))).error
    assert_limit_error(error, "--max-cell-length")
    assert error.startswith("sheet 账单 row 2: a cell of 40,000 characters")


def test_an_html_page_of_a_million_elements_is_refused_before_parsing(tmp_path):
    # 4 MB of <td>: libxml2's tree and the walk would take about 430 MB per 10 MB.
    data = b"<html><body><table>" + b"<td>" * 1_100_000 + b"</table></body></html>"
    path = write(tmp_path, ".html", data)
    with peak_growth() as growth:
        error = read(path, max_cells=MILLION).error
    assert_limit_error(error, "--max-cells")
    assert "holds more than 1,000,000 HTML elements and lines of text" in error
    assert growth[0] < 64 * MiB


def test_an_e_mail_s_parts_share_one_budget(tmp_path):
    page = "<table>" + "<tr><td>彩铃功能费</td><td>5.00</td></tr>" * 100 + "</table>"
    message = EmailMessage()
    message["Subject"] = "账单"
    message.set_content("您好", subtype="plain")
    message.add_alternative(page, subtype="html")
    message.add_attachment(page, subtype="html", disposition="inline")
    path = write(tmp_path, ".eml", bytes(message))
    error = read(path, max_cells=450).error  # each part alone is about 300 elements
    assert_limit_error(error, "--max-cells")


def test_portal_html_fragments_share_one_budget(tmp_path):
    fragment = "<table>" + "<tr><td>彩铃功能费</td><td>5.00</td></tr>" * 100 + "</table>"
    document = {"result": {"html1": fragment, "html2": fragment}}
    path = write(tmp_path, ".json", json.dumps(document, ensure_ascii=False).encode())
    error = read(path, max_cells=450).error  # each fragment alone is about 300 elements
    assert_limit_error(error, "--max-cells")
    assert "HTML elements" in error


def test_a_text_file_of_millions_of_lines_is_refused_before_splitting(tmp_path):
    data = "【中国移动】尊敬的客户，您好！".encode() + b"\n1" * 1_200_000
    error = read(write(tmp_path, ".txt", data), max_cells=MILLION).error
    assert_limit_error(error, "--max-cells")
    assert "holds more than 1,000,000 lines" in error


def test_an_e_mail_of_thousands_of_parts_is_refused_before_parsing(tmp_path):
    # The email package takes about 0.3 ms a part: 0.8 MB of 20,000 parts took 8.6 s.
    path = write(tmp_path, ".eml", many_parts_eml(20_000))
    with deadline(5):
        error = read(path).error
    assert_limit_error(error, "--max-parts")
    assert "has 20,002 parts or more, over the 1,000-part limit" in error


def test_an_e_mail_nested_too_deeply_is_one_clear_error(tmp_path):
    # 999 multiparts deep: the email package's recursion reached the safety net.
    error = read(write(tmp_path, ".eml", nested_eml(999))).error
    assert error == "the message nests its parts too deeply to be read"
    assert read(write(tmp_path, ".eml", nested_eml(3))).error is None
