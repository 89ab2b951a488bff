"""Trial t4's 广电 line, month by month: a discount whose end only its bill item's name
states (新入网优惠（截至2026年9月30日）) is announced ahead as a listed end is, each notice
named by its month (change from 2026-10, not "from next month", in August's audit), and
its end is no price rise."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from cli_run import run

pytestmark = pytest.mark.usefixtures("december", "english")

LINE = "19212345678"
PROMOTION = "新入网优惠（截至2026年9月30日）"
BILLS = {  # the bill's items per month; the promotion goes with September
    "08": [("套餐及固定费", "广电5G 29元套餐", "29.00"), ("优惠及减免", PROMOTION, "-10.00")],
    "09": [("套餐及固定费", "广电5G 29元套餐", "29.00"), ("优惠及减免", PROMOTION, "-10.00")],
    "10": [("套餐及固定费", "广电5G 29元套餐", "29.00"), ("语音通信费", "国内通话费", "0.80")],
}
LISTED = (  # the service list names no promotion at all
    "业务名称,业务类型,资费,办理时间,生效时间,失效时间,状态\n"
    "广电5G 29元套餐,主套餐,29元/月,2026-07-01 09:00:00,2026-07-01 09:00:00,"
    "2099-12-31 23:59:59,正常\n"
)


def _folder(tmp_path: Path, month: str) -> Path:
    folder = tmp_path / f"bills-{month}"
    folder.mkdir()
    rows = ["手机号码,账期,费用类型,费用项目,金额(元)"]
    rows += [f"{LINE},2026{month},{c},{i},{a}" for c, i, a in BILLS[month]]
    total = sum(int(a.replace(".", "")) for _, _, a in BILLS[month])
    rows.append(f"{LINE},2026{month},合计,,{total // 100}.{total % 100:02d}")
    (folder / f"广电账单-{LINE}-2026年{month}月.csv").write_text("\n".join(rows) + "\n", "utf-8")
    (folder / f"{LINE}-已订业务.csv").write_text(LISTED, "utf-8")
    return folder


def _audit(tmp_path: Path, month: str, as_of: str) -> tuple[dict, str, Path]:
    out = tmp_path / f"{month}.json"
    book = tmp_path / f"{month}.xlsx"
    result = run(
        "--lang", "en", "audit", str(_folder(tmp_path, month)), "--as-of", as_of,
        "--db", str(tmp_path / "h.sqlite"), "-o", str(book), "--json", str(out),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return json.loads(out.read_text("utf-8")), result.stdout, book


def test_an_end_in_the_items_name_is_announced_by_its_month_and_is_no_rise(tmp_path):
    august, printed, book = _audit(tmp_path, "08", "2026-09-05")
    [notice] = august["findings"]
    assert (notice["rule"], notice["service"], notice["change"], notice["periods"]) == (
        "next-month-effective",
        PROMOTION,
        "end",
        ["2026-10"],
    )
    assert notice["monthly"] == "-10.00" and notice["details"]["date"] == "2026-09-30"
    # named by its month wherever it is shown: October's, not "next month" from August
    assert "change from 2026-10" in printed and "next month" not in printed
    sheet = openpyxl.load_workbook(book)["Findings"]
    header = [cell.value for cell in sheet[1]]
    row = dict(zip(header, [cell.value for cell in sheet[2]], strict=True))
    assert row["Rule"] == "change from 2026-10" and "Next month" not in header
    assert row["Coming bill"] == -10

    september, _, _ = _audit(tmp_path, "09", "2026-10-05")
    [told] = september["findings"]
    assert (told["id"], told["status"]) == (notice["id"], "open")
    assert "expired on 2026-09-30" in told["message"]

    october, _, _ = _audit(tmp_path, "10", "2026-11-05")
    assert [f for f in october["findings"] if f["rule"] == "price-change"] == []
    assert [(r["rule"], r["service"]) for r in october["resolved"]] == [
        ("next-month-effective", PROMOTION)
    ]
    assert october["summary"]["yearly"] == "0.00"
