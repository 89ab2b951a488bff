"""A month's figures when its bill does not list every item: a reminder SMS of its total
alone reads as its total (marked not checked), never as ¥0.00 billed, in the Summary's
table and chart and the JSON alike (:class:`~auditor.writers.months.MonthFigures`)."""

from __future__ import annotations

import io
import json
import zipfile

import openpyxl
import pytest
from cli_run import run
from sms_files import LINE_C, NO_YEAR

from auditor.model import Bill, Charge, ReadResult
from auditor.writers.months import NO, UNRECONCILED, YES, months_of
from auditor.writers.summary_lines import UNCHECKED

SUMMARY = {"zh": "摘要", "en": "Summary"}
TITLE = {"zh": "每月账单", "en": "Each line's bill"}
NOTE = {"zh": "蓝色：", "en": "Blue: "}


def _audit(tmp_path, language: str) -> tuple[dict, openpyxl.Workbook, bytes]:
    """The no-year China Telecom reminder (七月, 本期实际消费79.0元, no items) audited as
    the new user did: its JSON, its workbook and the workbook's bytes."""
    report, data = tmp_path / "r.xlsx", tmp_path / "r.json"
    result = run(
        "audit", str(NO_YEAR), "--line", LINE_C, "--period", "2026-07", "--as-of", "2026-08-05",
        "--no-history", "-o", str(report), "--json", str(data), "--lang", language,
    )  # fmt: skip
    assert result.exit_code == 0, result.output + result.stderr
    raw = report.read_bytes()
    return json.loads(data.read_text("utf-8")), openpyxl.load_workbook(io.BytesIO(raw)), raw


@pytest.mark.parametrize("language", ["zh", "en"])
def test_a_month_known_by_its_total_alone_shows_that_total_not_checked(tmp_path, language):
    data, book, raw = _audit(tmp_path, language)
    [month] = data["summary"]["months"]
    assert month["period"] == "2026-07"
    # no item read: nothing is known billed (not 0.00); the bill's word is the month's
    assert (month["billed"], month["stated"], month["total"]) == (None, "79.00", "79.00")
    assert month["reconciled"] == UNRECONCILED

    sheet = book[SUMMARY[language]]
    title = next(c.row for (c,) in sheet.iter_rows(max_col=1) if c.value == TITLE[language])
    header = [c.value for c in sheet[title + 1]]
    col = header.index("2026-07")
    cell = sheet.cell(title + 2, col + 1)
    assert cell.value == pytest.approx(79.0)
    assert cell.fill.fgColor.rgb[-6:] == UNCHECKED.fill
    notes = [str(v) for (v,) in sheet.iter_rows(max_col=1, values_only=True) if v]
    assert any(note.startswith(NOTE[language]) for note in notes)
    # nothing found, and the headline says the bill was not checked, not just "clean"
    clean = {
        "zh": "没有发现多扣的费用（1 个月的账单只有合计，未能逐项核对）",
        "en": "Nothing was found charged that should not have been (1 month billed",
    }
    assert any(note.startswith(clean[language]) for note in notes), notes

    # the chart draws the table's cell: its line, not an empty chart
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        charts = [archive.read(n).decode() for n in archive.namelist() if "charts/chart" in n]
    drawn = [xml for xml in charts if f"$A${title + 2}<" in xml]
    assert len(drawn) == 1


def _charge(period: str, fen: int, line: str = LINE_C) -> Charge:
    return Charge(line, period, "plan", "套餐月基本费", fen)


@pytest.mark.parametrize(
    ("bill", "charges", "billed", "total", "verdict", "unchecked"),
    [
        # a whole bill its items make: either figure
        (Bill(LINE_C, "2026-07", 5000), [_charge("2026-07", 5000)], 5000, 5000, YES, False),
        # its items short of it: the bill's total, in red (NO), checked
        (Bill(LINE_C, "2026-07", 5000), [_charge("2026-07", 4000)], 4000, 5000, NO, False),
        # its main items only (主要费用项): the total, not checked
        (
            Bill(LINE_C, "2026-07", 5360, partial=True),
            [_charge("2026-07", 5400)],
            5400,
            5360,
            UNRECONCILED,
            True,
        ),
        # its total alone: nothing billed known, the total, not checked
        (Bill(LINE_C, "2026-07", 7900, partial=True), [], None, 7900, UNRECONCILED, True),
        # a whole bill of no item read: nothing to check it by (its own check says why)
        (Bill(LINE_C, "2026-07", 7900), [], None, 7900, UNRECONCILED, True),
        # items and no total: what they add up to
        (None, [_charge("2026-07", 3000)], 3000, 3000, UNRECONCILED, False),
    ],
)
def test_the_month_s_total_is_the_bill_s_word_else_its_items(
    bill, charges, billed, total, verdict, unchecked
):
    result = ReadResult("bill.txt", charges=charges, bills=[bill] if bill else [])
    [month] = months_of([result])
    assert (month.billed_fen, month.total_fen, month.reconciled) == (billed, total, verdict)
    assert month.unchecked is unchecked
    assert month.difference_fen == (
        None if billed is None or bill is None else bill.stated_total_fen - billed
    )
