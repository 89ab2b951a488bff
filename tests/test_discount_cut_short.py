"""Trial t7's P3, as a user runs it: a discount whose item's name runs it to 12-31 and
that is gone from October's bill is a price rise with two bills, never a notice that
December still has it "by an amount no bill shows"; and what it costs is the months to
that end, not a year."""

from __future__ import annotations

import openpyxl
import pytest
from test_unsure_rise_yearly import audit_json, bills_folder

pytestmark = pytest.mark.usefixtures("december", "english")

PROMOTION = "新入网优惠（截至2026年12月31日）"
PLAN = ("套餐及固定费", "4G飞享18元套餐", "18.00")


def test_a_discount_gone_before_the_end_its_name_states_is_a_rise_the_notice_grew_into(
    tmp_path,
):
    september = bills_folder(tmp_path, "09", [PLAN, ("优惠及减免", PROMOTION, "-10.00")])
    told, _ = audit_json(tmp_path, september, "2026-10-05")
    [notice] = told["findings"]
    assert (notice["rule"], notice["change"], notice["monthly"]) == (
        "next-month-effective",
        "end",
        "-10.00",
    )
    october = bills_folder(tmp_path, "10", [PLAN])
    found, _ = audit_json(tmp_path, october, "2026-11-05")
    [rise] = found["findings"]  # no notice beside it: December will not "still have it"
    assert (rise["rule"], rise["service"], rise["periods"]) == (
        "price-change",
        PROMOTION,
        ["2026-10"],
    )
    # owed October to December only: 3 months of 10.00, not a year's 120.00
    assert (rise["severity"], rise["amount"], rise["yearly"]) == ("medium", "10.00", "30.00")
    assert "stopped before its end" in rise["message"]
    assert "10.00 yuan a month higher until 2026-12, 30.00 yuan in all" in rise["message"]
    assert "120.00" not in rise["message"] and rise["details"]["stated_until"] == "2026-12"
    # the notice of September's audit is no resolved change: it grew into the rise
    assert [n["finding"] for n in found["now_findings"]] == [rise["id"]]
    assert found["resolved"] == []


def _summary_cells(book) -> list[str]:
    """Every filled cell of the workbook's Summary sheet, as text."""
    rows = openpyxl.load_workbook(book)["Summary"].iter_rows(values_only=True)
    return [str(c) for row in rows for c in row if c is not None]


@pytest.mark.parametrize(
    ("end", "until", "yearly", "said"),
    [
        # ending with October, the first month without it: one month at stake
        ("2026年10月31日", "2026-10", "10.00", "until 2026-10, 10.00 yuan in all"),
        # an end further off than a year counts a year, said as a year
        ("2028年6月30日", "2028-06", "120.00", "10.00 yuan a month higher, 120.00 yuan a year"),
    ],
)
def test_a_discount_cut_short_costs_the_months_to_its_stated_end_everywhere(
    tmp_path, end, until, yearly, said
):
    folder = tmp_path / "bills"
    folder.mkdir()
    promotion = f"新入网优惠（截至{end}）"
    for month, items in (("09", [PLAN, ("优惠及减免", promotion, "-10.00")]), ("10", [PLAN])):
        for path in bills_folder(tmp_path, month, items).iterdir():
            path.rename(folder / path.name)
    found, book = audit_json(tmp_path, folder, "2026-11-05")
    [rise] = found["findings"]
    assert (rise["rule"], rise["monthly"], rise["yearly"]) == ("price-change", "10.00", yearly)
    assert rise["details"]["stated_until"] == until
    assert said in rise["message"]
    assert found["summary"]["yearly"] == yearly
    assert any(f"¥{yearly} a year" in c for c in _summary_cells(book)), _summary_cells(book)


def test_a_discount_whose_name_states_a_range_of_months_is_owed_to_its_last_month(tmp_path):
    """优惠（2026年09月-2026年12月）: the last month of the range is the stated end, as
    截至2026年12月31日 is (it gave nothing before: the rise needed three bills)."""
    folder = tmp_path / "bills"
    folder.mkdir()
    promotion = "新入网优惠（2026年09月-2026年12月）"
    for month, items in (("09", [PLAN, ("优惠及减免", promotion, "-10.00")]), ("10", [PLAN])):
        for path in bills_folder(tmp_path, month, items).iterdir():
            path.rename(folder / path.name)
    found, _ = audit_json(tmp_path, folder, "2026-11-05")
    [rise] = found["findings"]
    assert (rise["rule"], rise["monthly"], rise["yearly"]) == ("price-change", "10.00", "30.00")
    assert rise["details"]["stated_until"] == "2026-12"
