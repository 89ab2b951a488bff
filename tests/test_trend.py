"""The Trend sheet: every line's months by category, a chart for the lines the Summary
puts first (those with findings), then for those that cost most, naming those left out."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import openpyxl

from auditor.audit_report import AuditReport
from auditor.model import Charge, Finding, ReadResult
from auditor.writers import Masker, render_xlsx
from auditor.writers.trend import CHARTS_AT_MOST

TREND = "趋势"


def _report(lines: int, months: tuple[str, ...]) -> AuditReport:
    """``lines`` lines, line n charged n yuan of plan and 3 yuan of VAS less 1 of discount."""
    inputs = []
    for n in range(1, lines + 1):
        line = f"1390000{n:04d}"
        charges = [
            charge
            for period in months
            for charge in (
                Charge(line, period, "plan", "套餐", n * 100),
                Charge(line, period, "vas", "彩铃", 300),
                Charge(line, period, "discount", "优惠", -100),
            )
        ]
        inputs.append(ReadResult(f"{line}.csv", charges=charges))
    charges = [charge for result in inputs for charge in result.charges]
    return AuditReport(date(2026, 11, 5), inputs, charges, [], [], [])


def _charts(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        names = [n for n in book.namelist() if n.startswith("xl/charts/chart")]
        names.sort(key=lambda n: int(n.removeprefix("xl/charts/chart").removesuffix(".xml")))
        charts = [book.read(name).decode("utf-8") for name in names]
    return [chart for chart in charts if "趋势!" in chart or "Trend!" in chart]  # not the Summary's


def test_each_line_month_is_a_row_whose_categories_add_up():
    data = render_xlsx(_report(2, ("2026-09", "2026-10")), Masker())
    rows = list(openpyxl.load_workbook(io.BytesIO(data))[TREND].iter_rows(values_only=True))
    assert rows[3] == (
        "号码", "机主", "账期",
        "套餐及固定费", "增值业务费", "优惠及减免", "合计",
        "账单合计", "差额", "核对",
    )  # fmt: skip
    unreconciled = (None, None, "未核对")  # no bill states a total here
    assert rows[4:8] == [
        ("139****0001", None, "2026-09", 1, 3, -1, 3, *unreconciled),
        ("139****0001", None, "2026-10", 1, 3, -1, 3, *unreconciled),
        ("139****0002", None, "2026-09", 2, 3, -1, 4, *unreconciled),
        ("139****0002", None, "2026-10", 2, 3, -1, 4, *unreconciled),
    ]
    charts = _charts(data)
    assert len(charts) == 2
    [second] = [chart for chart in charts if "139****0002" in chart]
    assert "趋势!$D$7:$D$8" in second  # line 2's plan, its own rows


def test_a_company_gets_charts_for_the_lines_that_cost_most_and_says_so():
    lines = CHARTS_AT_MOST + 6
    data = render_xlsx(_report(lines, ("2026-10",)), Masker())
    charts = _charts(data)
    assert len(charts) == CHARTS_AT_MOST
    titles = " ".join(charts)
    assert "139****0001" not in titles and f"139****{lines:04d}" in titles  # the cheapest left
    cells = [
        str(value)
        for row in openpyxl.load_workbook(io.BytesIO(data))[TREND].iter_rows(values_only=True)
        for value in row
        if value
    ]
    assert any(f"表中有全部 {lines} 个" in text for text in cells)
    assert any("每月检查后这里会显示趋势" in text for text in cells)  # no trend yet: it says why


def _unknown(line: str) -> Finding:
    """An unknown value-added service of 3.00 a month on ``line``."""
    return Finding("unknown-vas", "medium", "china-mobile", line, "彩铃", ["2026-10"], 300, 300, "")


def test_the_lines_with_findings_are_charted_first_and_those_left_out_are_named(english):
    # Lines 1 and 2 cost the least, and have findings: the Summary puts them first, and
    # so do the charts; the three left out are the cheapest clean lines, named.
    lines = CHARTS_AT_MOST + 3
    report = _report(lines, ("2026-10",))
    report.findings = [_unknown("13900000002"), _unknown("13900000001")]
    data = render_xlsx(report, Masker())
    titles = [chart.split("<a:t>")[1].split("</a:t>")[0] for chart in _charts(data)]
    assert len(titles) == CHARTS_AT_MOST
    # the Summary's order (findings first); of lines alike, the costlier first
    assert titles[:2] == ["Line 139****0002", "Line 139****0001"]
    assert titles[2] == f"Line 139****{lines:04d}"  # then the costliest
    left = ["139****0005", "139****0004", "139****0003"]  # in that order
    assert not any(line in title for title in titles for line in left)
    note = openpyxl.load_workbook(io.BytesIO(data))["Trend"]["A3"].value
    assert "with findings first" in note and f"not drawn: {', '.join(left)}" in note
    assert "(none with findings)" in note and "13900000003" not in note  # masked


def test_no_bill_month_is_said_not_charted():
    data = render_xlsx(_report(0, ()), Masker())
    rows = list(openpyxl.load_workbook(io.BytesIO(data))[TREND].iter_rows(values_only=True))
    assert rows[1][0] == "没有读到账单月份"
    assert _charts(data) == []


def test_a_bill_of_nothing_but_zeros_has_no_chart_and_no_error():
    line = "13900001111"
    inputs = [ReadResult("z.csv", charges=[Charge(line, "2026-10", "other", "停机保号费", 0)])]
    report = AuditReport(date(2026, 11, 5), inputs, inputs[0].charges, [], [], [])
    data = render_xlsx(report, Masker())
    assert _charts(data) == []
    rows = list(openpyxl.load_workbook(io.BytesIO(data))[TREND].iter_rows(values_only=True))
    assert rows[4][:3] == ("139****1111", None, "2026-10")


def test_the_english_trend(english):
    data = render_xlsx(_report(2, ("2026-09", "2026-10")), Masker())
    rows = list(openpyxl.load_workbook(io.BytesIO(data))["Trend"].iter_rows(values_only=True))
    assert rows[0][0] == "Each line's monthly bill by category"
    assert rows[1][0] == "2 lines, 2026-09 – 2026-10"
    assert rows[3] == (
        "Line", "Owner", "Month", "Plan and fixed fees", "Value-added services", "Discounts",
        "Total", "Stated total", "Difference", "Reconciled",
    )  # fmt: skip
    assert rows[4][-1] == "Not checked"


def test_each_chart_carries_its_figures_for_a_viewer_that_draws_from_the_cache():
    data = render_xlsx(_report(2, ("2026-09", "2026-10")), Masker())
    # line 2: plan 2, VAS 3, discount -1, total 4, each month
    [second] = [chart for chart in _charts(data) if "139****0002" in chart]
    assert second.count("<c:strCache>") == 4  # each series' months, as text
    assert second.count("<c:v>2026-09</c:v>") == 4 and second.count("<c:v>2026-10</c:v>") == 4
    for figure in ("2", "3", "-1", "4"):
        assert second.count(f"<c:v>{figure}</c:v>") == 2  # one a month


def _summary_chart(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        names = [n for n in book.namelist() if n.startswith("xl/charts/chart")]
        return next(c for c in (book.read(n).decode("utf-8") for n in names) if "摘要!" in c)


def test_the_summarys_columns_start_at_zero_unless_a_bill_is_below_it():
    data = render_xlsx(_report(2, ("2026-09", "2026-10")), Masker())
    assert '<c:min val="0"/>' in _summary_chart(data)  # ¥3 and ¥4 drawn from ¥0
    credit = _report(1, ("2026-09",))
    credit.charges.append(Charge("13900000001", "2026-10", "discount", "返还", -900))
    credit.inputs[0].charges.append(credit.charges[-1])
    assert "<c:min " not in _summary_chart(render_xlsx(credit, Masker()))
