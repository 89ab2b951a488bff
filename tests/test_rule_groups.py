"""Two rules about one service are two things to do when their steps differ: a company
plan's price rise (asked about) and the same plan billed on a suspended line (asked back)
are two By service rows and two sets of Actions steps, each its rule's own, and a
complaint typed on one row is a complaint about its findings only."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from cli_run import run

PLAN = "商旅套餐88元"
#: 138…0001 and 138…0022 both billed the plan 88.00, then 98.00 from September; 0022 is
#: suspended from September (停机保号费), its plan billed on top.
MONTHS = {
    "2026-08": {"13800000001": [("月固定费", PLAN, "88.00")],
                "13800000022": [("月固定费", PLAN, "88.00")]},
    "2026-09": {"13800000001": [("月固定费", PLAN, "98.00")],
                "13800000022": [("其他费用", "停机保号费", "5.00"), ("月固定费", PLAN, "98.00")]},
    "2026-10": {"13800000001": [("月固定费", PLAN, "98.00")],
                "13800000022": [("其他费用", "停机保号费", "5.00"), ("月固定费", PLAN, "98.00")]},
}  # fmt: skip


def _bills(folder: Path, months: dict = MONTHS) -> Path:
    """The company's CSV bills of ``months``, one a month, in ``folder``; its settings
    beside."""
    folder.mkdir()
    for month, lines in months.items():
        rows = ["号码,费用月份,费用类型,项目名称,费用（元）,服务提供商"]
        for line, items in lines.items():
            rows += [f"{line},{month},{kind},{item},{fen}," for kind, item, fen in items]
            total = sum(Decimal(fen) for _, _, fen in items)
            rows.append(f"{line},{month},实际应缴合计,,{total:.2f},")
        (folder / f"中国移动集团账单-{month}.csv").write_text("\n".join(rows) + "\n", "utf-8")
    settings = f'account = "company"\nknown_services = ["{PLAN}"]\n'
    (folder / "auditor.toml").write_text(settings, "utf-8")
    return folder


def _audit(tmp_path: Path, day: str, months: dict = MONTHS) -> tuple[Path, dict]:
    bills = tmp_path / "bills"
    if not bills.exists():
        _bills(bills, months)
    out, data = tmp_path / f"{day}.xlsx", tmp_path / f"{day}.json"
    result = run(
        "audit", str(bills), "--db", str(tmp_path / "h.sqlite"), "--as-of", day, "-q",
        "--lang", "zh", "-o", str(out), "--json", str(data),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return out, json.loads(data.read_text("utf-8"))


@pytest.fixture
def november(tmp_path) -> tuple[Path, dict]:
    return _audit(tmp_path, "2026-11-05")


def _rows(report: Path, sheet: str) -> list[dict]:
    rows = list(openpyxl.load_workbook(report)[sheet].iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_a_price_rise_and_a_plan_billed_while_suspended_are_two_rows(november):
    report, data = november
    rows = [row for row in _rows(report, "按业务") if row["业务"] == PLAN]
    assert [row["规则编号"] for row in rows] == ["price-change", "suspended-plan-fee"]
    rise, suspended = rows
    assert (rise["号码数"], rise["已多扣"]) == (2, None)  # a rise is asked about, not back
    assert (suspended["号码数"], suspended["已多扣"]) == (1, 98)
    assert "保号" in suspended["下一步"] and "涨" not in suspended["下一步"]
    # the rows still add up to the Summary's money, each month counted once
    every = _rows(report, "按业务")
    assert sum(Decimal(str(r["已多扣"] or 0)) for r in every) == Decimal(
        data["summary"]["claimable"]
    )
    assert sum(Decimal(str(r["每年"] or 0)) for r in every) == Decimal(data["summary"]["yearly"])


def test_each_rules_group_shows_its_own_steps(november):
    report, data = november
    steps = [row for row in _rows(report, "处理步骤") if row["业务"] == PLAN]
    groups: dict[int, list[str]] = {}
    for row in steps:
        groups.setdefault(row["#"], []).append(row["内容"])
    assert len(groups) == 2
    rise, suspended = groups.values()
    [own] = [f for f in data["findings"] if f["rule"] == "suspended-plan-fee"]
    assert all(step["text"] in " ".join(suspended) for step in own["actions"][1:])
    assert "停机保号" in suspended[1] and not any("停机保号" in text for text in rise)


def test_a_complaint_typed_on_one_rules_row_is_about_its_findings_only(november, tmp_path):
    report, data = november
    book = openpyxl.load_workbook(report)
    sheet = book["处理步骤"]
    header = [cell.value for cell in sheet[1]]
    col = {name: header.index(name) + 1 for name in header}
    [row] = [
        r
        for r in range(2, sheet.max_row + 1)
        if sheet.cell(r, col["业务"]).value == PLAN
        and sheet.cell(r, col["#"]).value == 1
        and "10080" in str(sheet.cell(r, col["内容"]).value)
    ]
    sheet.cell(row, col["状态"]).value = "投诉"
    sheet.cell(row, col["工单号"]).value = "YD20261106"
    sheet.cell(row, col["日期"]).value = "2026-11-06"
    book.save(report)
    typed = run("record", "--from", str(report), "--db", str(tmp_path / "h.sqlite"))
    assert typed.exit_code == 0, typed.output
    rise = {f["id"] for f in data["findings"] if f["rule"] == "price-change"}
    listed = run("records", "--db", str(tmp_path / "h.sqlite"), "--json", "-")
    assert {r["finding"] for r in json.loads(listed.stdout)} == rise
    # the next audit: the rise is complained about; the plan billed while suspended is not
    _, later = _audit(tmp_path, "2026-11-07")
    complained = {f["rule"]: [r["kind"] for r in f["records"]] for f in later["findings"]}
    assert complained["price-change"] == ["complaint"]
    assert complained["suspended-plan-fee"] == []
    [own] = [f for f in later["findings"] if f["rule"] == "suspended-plan-fee"]
    assert "投诉" not in own["next"]["text"] and "保号" in own["next"]["text"]


def test_a_row_of_many_lines_is_recorded_and_said_in_line_order(tmp_path):
    # eight lines' price rise: their finding ids (hashes) come in any order, the lines not
    lines = [f"139000000{n:02d}" for n in (7, 3, 11, 5, 1, 9, 2, 8)]
    months = {
        month: {line: [("月固定费", PLAN, fee)] for line in lines}
        for month, fee in (("2026-08", "88.00"), ("2026-09", "98.00"), ("2026-10", "98.00"))
    }
    report, _ = _audit(tmp_path, "2026-11-05", months)
    book = openpyxl.load_workbook(report)
    sheet = book["处理步骤"]
    header = [cell.value for cell in sheet[1]]
    status, date_col = header.index("状态") + 1, header.index("日期") + 1
    sheet.cell(5, status).value, sheet.cell(5, date_col).value = "投诉", "2026-11-06"
    book.save(report)
    typed = run("record", "--from", str(report), "--db", str(tmp_path / "h.sqlite"))
    assert typed.exit_code == 0, typed.output
    said = re.findall(r"1\d\d\*{4}\d{4}", typed.stdout)
    assert said == [f"139****{line[-4:]}" for line in sorted(lines)], typed.stdout
    listed = run("records", "--db", str(tmp_path / "h.sqlite"), "--json", "-", "--no-mask")
    assert [r["line"] for r in json.loads(listed.stdout)] == sorted(lines)
