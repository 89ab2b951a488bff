"""A month Excel stored as a date is that month."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from auditor.readers import ReadOptions, read_file
from auditor.values import parse_month

pytestmark = pytest.mark.usefixtures("english")

MISREADS = Path(__file__).resolve().parent.parent / "fixtures" / "misreads"
HEADER = "手机号码,账期,费用类别,费用项目,金额(元)\n"


def read(path: Path, **options):
    return read_file(path, ReadOptions(as_of=date(2026, 11, 27), **options))


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


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
