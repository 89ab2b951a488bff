"""A refund already on the bill is not asked back again, and a fee billed twice is not
its monthly price: every output says the same money (the findings, the JSON's summary,
the Summary sheet), worked out once from what the service was charged
(:mod:`auditor.rules.charged`)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import openpyxl
from cli_run import run

LINE = "13900000011"


def _bill(folder: Path, items: list[tuple[str, str, str]], listed: list[str] = ()) -> Path:
    """October's bill of ``items`` (section, item, amount), with its total, and a service
    list of ``listed`` rows when given."""
    folder.mkdir()
    rows = ["手机号码,账期,费用类型,费用项目,金额(元)"]
    rows += [f"{LINE},202610,{section},{item},{amount}" for section, item, amount in items]
    total = sum(Decimal(amount) for _, _, amount in items)
    rows.append(f"{LINE},202610,合计,,{total:.2f}")
    bill = folder / f"中国移动账单-{LINE}-2026年10月.csv"
    bill.write_text("\n".join(rows) + "\n", "utf-8")
    if listed:
        head = "业务名称,业务代码,业务类型,资费,订购时间,生效时间,失效时间,退订时间,状态"
        (folder / f"{LINE}-已订业务.csv").write_text("\n".join([head, *listed]) + "\n", "utf-8")
    return folder


def _audit(tmp_path: Path, folder: Path) -> tuple[dict, dict[str, object]]:
    """The JSON and the Summary sheet's "In figures" (label → value) of an audit."""
    target, book = tmp_path / "out.json", tmp_path / "out.xlsx"
    result = run(
        "audit", str(folder), "--as-of", "2026-11-05", "--db", str(tmp_path / "h.sqlite"),
        "-o", str(book), "--json", str(target), "-q", "--lang", "en",
    )  # fmt: skip
    assert result.exit_code in (0, 1), result.output
    sheet = openpyxl.load_workbook(book)["Summary"]
    figures = {}
    for row in sheet.iter_rows(values_only=True):
        values = [v for v in row if v is not None]
        if len(values) == 2 and isinstance(values[0], str):
            figures[values[0]] = values[1]
    return json.loads(target.read_text("utf-8")), figures


def _money(data: dict) -> list[tuple[str, str, str, str, str]]:
    return [
        (f["rule"], f["service"], f["amount"], f["monthly"], f["yearly"]) for f in data["findings"]
    ]


PLAN = ("套餐及固定费", "4G飞享18元套餐", "18.00")
MIGU = ("增值业务费", "咪咕视频会员", "15.00")
REFUND = ("优惠及减免", "咪咕视频会员退费", "-15.00")


def test_a_fee_billed_twice_and_refunded_once_costs_one_charge(tmp_path):
    data, figures = _audit(tmp_path, _bill(tmp_path / "bills", [PLAN, MIGU, MIGU, REFUND]))
    assert _money(data) == [("unknown-vas", "咪咕视频会员", "15.00", "15.00", "180.00")]
    assert "lately 15.00 yuan a month" in data["findings"][0]["message"]
    summary = data["summary"]
    assert (summary["claimable"], summary["yearly"]) == ("15.00", "180.00")
    assert (figures["Disputed"], figures["Per year"]) == (15, 180)


def test_a_fee_billed_twice_is_a_one_off_not_its_price(tmp_path):
    data, figures = _audit(tmp_path, _bill(tmp_path / "bills", [PLAN, MIGU, MIGU]))
    assert _money(data) == [
        ("duplicate-charge", "咪咕视频会员", "15.00", None, "0.00"),
        ("unknown-vas", "咪咕视频会员", "30.00", "15.00", "180.00"),
    ]
    summary = data["summary"]
    assert (summary["claimable"], summary["yearly"]) == ("30.00", "180.00")
    assert (figures["Disputed"], figures["Per year"]) == (30, 180)


def test_a_charge_after_cancellation_refunded_on_its_bill_is_not_claimed(tmp_path):
    listed = ["咪咕视频会员,,增值业务,15元/月,2026-05-01 10:00:00,2026-05-01 10:00:00,--,"
              "2026-09-15 10:00:00,已退订"]  # fmt: skip
    data, figures = _audit(tmp_path, _bill(tmp_path / "bills", [PLAN, MIGU, REFUND], listed))
    assert _money(data) == []
    summary = data["summary"]
    assert (summary["claimable"], summary["yearly"]) == ("0.00", "0.00")
    assert (figures["Disputed"], figures["Per year"]) == (0, 0)
