"""A cancellation typed by the name the report showed a service under: one SP service
billed 信息费 (code A100) and listed 手机报 (A100) is one finding, shown as 信息费. The
user's ``record cancel --service 信息费`` ends the list's 手机报 entry, as one typed
手机报 or by the finding's id does, so that the next month's charge of A100 is a charge
after cancellation, not an unknown service still to cancel. Where two services share
the name (test_same_name_records.py), it stays neither's."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_same_name_claims import LINE, NAME, _audit, _record

pytestmark = pytest.mark.usefixtures("december")

LISTED = "手机报"


def _bill(folder: Path, period: str) -> None:
    """The month's bill: the plan, and 信息费 charged by the code A100."""
    month = period.replace("-", "")
    rows = ["手机号码,账期,费用类型,费用项目,业务代码,金额(元)"]
    rows.append(f"{LINE},{month},套餐及固定费,4G飞享18元套餐,,18.00")
    rows.append(f"{LINE},{month},代收费,{NAME},A100,6.00")
    rows.append(f"{LINE},{month},合计,,,24.00")
    path = folder / f"中国移动账单-{period[:4]}年{period[5:]}月-{LINE}.csv"
    path.write_text("\n".join(rows) + "\n", "utf-8")


def _bills(folder: Path) -> None:
    """September and October, and the service list naming A100 手机报, still running."""
    folder.mkdir()
    for period in ("2026-09", "2026-10"):
        _bill(folder, period)
    listed = [
        "业务名称,业务代码,业务类型,资费,订购时间,生效时间,失效时间,退订时间,状态",
        f"{LISTED},A100,增值业务,6元/月,2026-08-01 10:00:00,2026-08-01 10:00:00,--,,正常",
    ]
    (folder / f"{LINE}-已订业务.csv").write_text("\n".join(listed) + "\n", "utf-8")


@pytest.mark.parametrize("typed", [NAME, LISTED, "finding"])
def test_a_cancellation_by_the_name_shown_ends_the_listed_entry(tmp_path, typed):
    _bills(tmp_path / "bills")
    [shown] = _audit(tmp_path, "2026-11-05")[0]["findings"]
    assert (shown["rule"], shown["names"]) == ("unknown-vas", [NAME, LISTED])  # shown as 信息费
    by = ["--finding", shown["id"]] if typed == "finding" else ["--line", LINE, "--service", typed]
    recorded = _record(tmp_path, "cancel", *by, "--on", "2026-10-06")
    assert recorded.exit_code == 0, recorded.output
    _bill(tmp_path / "bills", "2026-11")  # A100 charged again after the cancellation
    data, _ = _audit(tmp_path, "2026-12-05")
    # November is a charge after the cancellation, under the list's name as well
    [after] = data["findings"]
    assert (after["rule"], after["periods"], after["names"]) == (
        "lingering-charge", ["2026-11"], [NAME, LISTED],
    )  # fmt: skip
    assert [r["kind"] for r in after["records"]] == ["cancel"]
    assert f"「{LISTED}」" in after["message"] and "2026-10-06" in after["message"]
    # the months before it are no unknown service to cancel, but money to ask back: the
    # unknown service became the charge after cancellation (the failed one no reason)
    [grown] = data["now_findings"]
    assert (grown["id"], grown["finding"]) == (shown["id"], after["id"])
    assert data["resolved"] == []
    assert [(d["periods"], d["unrefunded"]) for d in data["refunds_due"]] == [
        (["2026-09", "2026-10"], "12.00")
    ]
