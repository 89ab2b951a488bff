"""Trial t7's P3, as a user runs it: a discount whose item's name runs it to 12-31 and
that is gone from October's bill is a price rise with two bills, never a notice that
December still has it "by an amount no bill shows"."""

from __future__ import annotations

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
    assert (rise["severity"], rise["amount"], rise["yearly"]) == ("medium", "10.00", "120.00")
    assert "stopped before its end" in rise["message"] and "120.00" in rise["message"]
    # the notice of September's audit is no resolved change: it grew into the rise
    assert [n["finding"] for n in found["now_findings"]] == [rise["id"]]
    assert found["resolved"] == []
