"""A bill's month stated two ways that disagree, or as a period running into another
month, is read by the spec's rule and said (naming both months); a month Excel stored as
a date is that month."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from auditor.readers import ReadOptions, read_file
from auditor.values import month_span, parse_month

pytestmark = pytest.mark.usefixtures("english")

MISREADS = Path(__file__).resolve().parent.parent / "fixtures" / "misreads"
HEADER = "手机号码,账期,费用类别,费用项目,金额(元)\n"


def read(path: Path, **options):
    return read_file(path, ReadOptions(as_of=date(2026, 11, 27), **options))


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_header_block_month_the_month_column_contradicts_is_said():
    result = read(MISREADS / "month-header-vs-column.csv")
    assert result.periods == ["2026-10"]  # the rows' own month, as before
    assert result.alerts == [
        "the header block above the table says the bill is 2026-09, but its month column "
        "says 2026-10 ('202610'): read as 2026-10, the rows' month; check which month the "
        "bill is (--period decides it)"
    ]


def test_a_header_block_month_the_rows_agree_with_is_no_alert(tmp_path):
    text = (MISREADS / "month-header-vs-column.csv").read_text("utf-8")
    result = read(write(tmp_path, "bill.csv", text.replace("2026年09月", "2026年10月")))
    assert result.periods == ["2026-10"]
    assert result.alerts == []
    # the slow path (a line given) says the disagreement as the fast one does
    slow = read(MISREADS / "month-header-vs-column.csv", line="18600005678")
    assert any("says the bill is 2026-09" in a for a in slow.alerts)


def test_a_billing_period_running_into_the_next_month_is_its_start_month_and_said():
    result = read(MISREADS / "cross-month-range.csv")
    assert result.periods == ["2026-09"]  # inputs.md: a range is the month of its start
    assert result.alerts == [
        "its billing period 2026-09-26至2026-10-25 runs from 2026-09 into 2026-10: read as "
        "the bill of 2026-09, the month it starts in; if it is the bill of 2026-10, audit "
        "this file with --period 2026-10"
    ]
    chosen = read(MISREADS / "cross-month-range.csv", period="2026-10")
    assert chosen.periods == ["2026-10"]
    assert not any("runs from" in a for a in chosen.alerts)


def test_a_name_naming_the_periods_other_month_is_the_periods_doubt_not_a_wrong_export(
    tmp_path,
):
    path = tmp_path / "18600005678-2026年10月.csv"
    shutil.copy(MISREADS / "cross-month-range.csv", path)
    result = read(path)
    assert result.periods == ["2026-09"]
    assert not any("exported the right month" in a for a in result.alerts)
    assert result.alerts == [
        "named for 2026年10月, and its billing period 2026-09-26至2026-10-25 runs from "
        "2026-09 into 2026-10: read as the bill of 2026-09, the month it starts in (not "
        "another month's export: the period is in both); if it is the bill of 2026-10, "
        "audit this file with --period 2026-10"
    ]
    # a name naming a month the period is not in still asks after the export
    other = tmp_path / "18600005678-2026年08月.csv"
    shutil.copy(MISREADS / "cross-month-range.csv", other)
    assert any("exported the right month" in a for a in read(other).alerts)


def test_a_header_block_period_running_into_the_next_month_is_said(tmp_path):
    text = "手机号码：13800001234\n计费周期：2026-09-26至2026-10-25\n费用项目,金额\n套餐,58.00\n"
    result = read(write(tmp_path, "bill.csv", text))
    assert result.periods == ["2026-09"]
    assert [a for a in result.alerts if "runs from 2026-09 into 2026-10" in a]
    # and rows whose month column says its other month are in it: no contradiction
    rows = "手机号码：13800001234\n计费周期：2026-09-26至2026-10-25\n" + HEADER
    rows += "13800001234,202610,套餐及固定费,套餐,58.00\n"
    inside = read(write(tmp_path, "inside.csv", rows))
    assert inside.periods == ["2026-10"]
    assert not any("header block" in a for a in inside.alerts)
    # a period within its month is no doubt
    whole = text.replace("2026-09-26至2026-10-25", "2026-10-01至2026-10-31")
    assert read(write(tmp_path, "whole.csv", whole)).alerts == []


def test_month_span_names_both_months_of_a_period_only_when_they_differ():
    assert month_span("2026-09-26至2026-10-25") == ("2026-09", "2026-10")
    assert month_span("20260926-20261025") == ("2026-09", "2026-10")
    assert month_span("2026年12月26日-2027年1月25日") == ("2026-12", "2027-01")
    assert month_span("2026-10-01至2026-10-31") is None
    assert month_span("202610") is None
    assert month_span("2026-10-12") is None


def test_a_month_column_excel_typed_as_a_date_is_that_month():
    # 2026-10 typed in a cell is stored as the date 2026-10-01: the file was refused
    # whole ("not a month: '2026-10-01 00:00:00'").
    result = read(MISREADS / "month-as-excel-date.xlsx")
    assert result.error is None
    assert result.periods == ["2026-10"]
    assert sum(c.amount_fen for c in result.charges) == 4140
    assert [b.stated_total_fen for b in result.bills] == [4140]
    assert parse_month("2026-10-01 00:00:00") == "2026-10"
    assert parse_month("2026/10/01 00:00") == "2026-10"
    with pytest.raises(ValueError):
        parse_month("2026-10-01 25:00:00")


@pytest.mark.parametrize(
    "month",
    [
        "2026.1",  # Excel's 2026.10: the doubtful months settle it, no clash said
        "2026-09-26至2026-10-25",  # a period ending in the block's month: within it
    ],
)
def test_a_month_column_the_block_s_month_explains_is_no_clash(tmp_path, month):
    text = (
        "中国移动 账单\n账期：2026年10月\n\n号码,账期,费用项目,金额\n"
        f"13800001234,{month},套餐费,58.00\n13800001234,{month},合计,58.00\n"
    )
    result = read(write(tmp_path, "bill.csv", text))
    assert not any("header block above the table says" in alert for alert in result.alerts)
