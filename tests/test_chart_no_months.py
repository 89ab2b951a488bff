"""A line with a refund still due and no file this audit (figures.lines_figures lists
it): in the Summary's lines table with what is due, but nothing for a chart to draw, so
no series and no legend entry of its own, on the Summary or the Trend sheet."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import replace
from datetime import date

import pytest
from python_calamine import CalamineWorkbook
from test_summary_lines_due import AS_OF, WORDS, _report

from auditor.history.refund_due import RefundDue
from auditor.lang import using
from auditor.writers import Masker, render_xlsx

AWAY = "13900000009"  # no file of it this time


def _workbook(language: str) -> bytes:
    report = _report()
    gone = RefundDue("F000000000002", "lingering-charge", AWAY, "咪咕视频会员", ("2026-08",),
                     1500, 0, "已退订", date(2027, 1, 31), AS_OF, "china-mobile")  # fmt: skip
    report = replace(report, refunds_due=[*report.refunds_due, gone])
    with using(language):
        return render_xlsx(report, Masker(enabled=False))


def _series_rows(data: bytes) -> dict[str, list[int]]:
    """Each chart's series' name rows (1-based), by the sheet they draw from."""
    found: dict[str, list[int]] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/charts/chart"):
                xml = archive.read(name).decode()
                for sheet, row in re.findall(r"<c:tx><c:strRef><c:f>'?([^'<!]+)'?!\$A\$(\d+)", xml):
                    found.setdefault(sheet, []).append(int(row))
    return found


@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_line_with_no_month_has_no_series_and_stays_in_the_table(language):
    data = _workbook(language)
    summary, title = WORDS[language][:2]
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    rows = book.get_sheet_by_name(summary).to_python()
    start = next(i for i, row in enumerate(rows) if row[0] == title) + 2
    listed = [row[0] for row in rows[start : start + 5] if row[2] != ""]
    assert AWAY in listed and "15.00" in rows[start + listed.index(AWAY)][2]  # in the table
    drawn = [rows[row - 1][0] for row in _series_rows(data)[summary]]
    assert AWAY not in drawn  # not a legend entry with no column
    assert sorted(drawn) == sorted(line for line in listed if line != AWAY)
    trend = next(name for name in book.sheet_names if name in ("趋势", "Trend"))
    assert all(AWAY not in str(row) for row in book.get_sheet_by_name(trend).to_python())
