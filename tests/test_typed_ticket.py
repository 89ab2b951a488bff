"""A ticket number (工单号) typed into the Actions sheet: the report makes the columns a
person types identifiers into (Ticket, Lines) text, so that Excel keeps every digit, and
``auditor record --from`` keeps a ticket that is a number cell (an older report's General
column) exactly when Excel kept it whole, and says so, row named, when it cannot."""

from __future__ import annotations

import re
from datetime import datetime

import openpyxl
import pytest
from click.testing import CliRunner
from test_record_from_report import _audit, _records, _type

from auditor import cli
from auditor.history.typed_ticket import ticket_typed


@pytest.fixture(scope="module")
def audited(tmp_path_factory):
    """A report and its history, made once: each test types into copies."""
    folder = tmp_path_factory.mktemp("audited")
    _audit(CliRunner(), folder / "h.sqlite", folder / "r.xlsx")
    return folder


def _copies(audited, tmp_path):
    db, report = tmp_path / "h.sqlite", tmp_path / "r.xlsx"
    db.write_bytes((audited / "h.sqlite").read_bytes())
    report.write_bytes((audited / "r.xlsx").read_bytes())
    return db, report


def test_the_ticket_and_lines_columns_are_text_down_to_the_cells_below_the_rows(audited):
    sheet = openpyxl.load_workbook(audited / "r.xlsx")["处理步骤"]
    header = [c.value for c in sheet[1]]
    typed = {header.index(name) + 1 for name in ("工单号", "号码")}
    for col in range(1, len(header) + 1):
        letter = openpyxl.utils.get_column_letter(col)
        cells = {sheet.cell(row, col).number_format for row in range(2, sheet.max_row + 1)}
        column = sheet.column_dimensions[letter].number_format
        if col in typed:  # every row's cell, the empty ones too, and the column below
            assert cells == {"@"} and column == "@", (header[col - 1], cells, column)
        else:  # the rest as before: a status, a date typed as Excel reads them
            assert "@" not in cells and column != "@", header[col - 1]


@pytest.mark.parametrize("cell", [20261010.0, 123456789012345])
def test_a_ticket_excel_kept_whole_as_a_number_is_recorded_exactly(audited, tmp_path, cell):
    db, report = _copies(audited, tmp_path)
    _type(report, "咪咕视频会员", 2, "退订", cell, "2026-10-08")
    result = CliRunner().invoke(cli.main, ["record", "--from", str(report), "--db", str(db)])
    assert result.exit_code == 0 and not result.stderr, result.output
    [cancel] = _records(CliRunner(), db)
    assert cancel["ticket"] == str(int(cell))


@pytest.mark.parametrize(
    ("cell", "shown"),
    [(2.0261010123456788e16, "2.02610101234568E+16"), (2026.101, "2026.101")],
)  # fmt: skip
def test_a_ticket_excel_cannot_have_kept_is_said_and_not_recorded(audited, tmp_path, cell, shown):
    db, report = _copies(audited, tmp_path)
    _type(report, "咪咕视频会员", 2, "退订", cell, "2026-10-08")
    for lang in ("zh", "en"):
        result = CliRunner().invoke(
            cli.main, ["record", "--from", str(report), "--db", str(db), "--lang", lang]
        )
        assert result.exit_code == 0, result.output  # the cancellation is recorded
        [said] = result.stderr.splitlines()  # one line, naming the row and the number
        where = {
            "zh": r"第 \d+ 行：工单号被 Excel 存成了数字 ",
            "en": r"row \d+: its ticket is a number",
        }
        assert re.search(where[lang] + ".*" + re.escape(shown), said) and "record undo" in said
    [cancel] = _records(CliRunner(), db)  # once, without a ticket the carrier never gave
    assert (cancel["kind"], cancel["on"], cancel["ticket"]) == ("cancel", "2026-10-08", None)


def test_a_ticket_number_alone_is_still_a_row_typed(audited, tmp_path):
    db, report = _copies(audited, tmp_path)
    _type(report, "咪咕视频会员", 2, None, 2.0261010123456788e16, None)
    result = CliRunner().invoke(cli.main, ["record", "--from", str(report), "--db", str(db)])
    assert result.exit_code == 3, result.output  # no status: said, not passed over
    assert re.search(r"第 \d+ 行：有工单号或日期，但没有状态", result.stderr), result.stderr


def test_a_ticket_cell_is_read_as_excel_shows_it():
    assert ticket_typed("GK2026101011 ") == ("GK2026101011", "")
    assert ticket_typed("20261010123456789") == ("20261010123456789", "")  # text: every digit
    assert ticket_typed(None) == ticket_typed("") == ("", "")
    assert ticket_typed(20261010123456789) == ("", "2.02610101234568E+16")
    assert ticket_typed(-5.0) == ("-5", "")
    assert ticket_typed(1234567890123456) == ("", "1.23456789012346E+15")  # 16 digits


@pytest.mark.parametrize(
    ("cell", "zh", "en"),
    [
        ("=cmd|' /C calc'!A0", "公式（=cmd|' /C calc'!A0）", "a formula (=cmd|' /C calc'!A0)"),
        ('=HYPERLINK("http://x.example","GK1")', "公式（=HYPERLINK(", "a formula (=HYPERLINK("),
        (datetime(2026, 10, 8), "日期（2026-10-08）", "a date (2026-10-08)"),
    ],
)
def test_a_ticket_cell_that_holds_no_ticket_is_said_and_not_recorded(
    audited, tmp_path, cell, zh, en
):
    db, report = _copies(audited, tmp_path)
    _type(report, "咪咕视频会员", 2, "退订", cell, "2026-10-08")
    for lang, shown in (("zh", f"工单号一栏是{zh}"), ("en", f"its ticket cell holds {en}")):
        result = CliRunner().invoke(
            cli.main, ["record", "--from", str(report), "--db", str(db), "--lang", lang]
        )
        assert result.exit_code == 0, result.output  # the cancellation is recorded, as today
        [said] = result.stderr.splitlines()  # one line, naming the row and what it holds
        assert re.search(r"(第|row) \d+", said) and shown in said, said
        assert "record undo" in said
    [cancel] = _records(CliRunner(), db)  # once, and without a ticket
    assert (cancel["kind"], cancel["on"], cancel["ticket"]) == ("cancel", "2026-10-08", None)


def test_a_formula_alone_in_the_ticket_cell_is_a_row_typed(audited, tmp_path):
    db, report = _copies(audited, tmp_path)
    _type(report, "咪咕视频会员", 2, None, "=1+1", None)
    result = CliRunner().invoke(cli.main, ["record", "--from", str(report), "--db", str(db)])
    assert result.exit_code == 3, result.output  # no status: said, not passed over
    assert re.search(r"第 \d+ 行：有工单号或日期，但没有状态", result.stderr), result.stderr
