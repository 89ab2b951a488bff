"""Two bills alike to the byte, told apart by their names (a fixed-fee line's months, its
month only in the file's name): each is a month of the history, not one file seen twice.
Service lists alike to the byte (lines on one plan): said only where a line may be wrong."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_run import run

pytestmark = pytest.mark.usefixtures("december", "english")

LINE = "13900001111"
SAME = "费用项目,金额\n套餐及固定费,18.00\n新入网话费优惠,-10.00\n合计,8.00\n"
ENDED = "费用项目,金额\n套餐及固定费,18.00\n合计,18.00\n"


def month(tmp: Path, period: str, text: str) -> Path:
    folder = tmp / period
    folder.mkdir()
    (folder / f"{LINE}-{period.replace('-', '')}账单.csv").write_text(text, "utf-8")
    return folder


def audit(tmp: Path, folder: Path, as_of: str) -> dict:
    target = tmp / f"{as_of}.json"
    result = run(
        "audit", str(folder), "--as-of", as_of, "--db", str(tmp / "h.sqlite"),
        "-o", str(target.with_suffix(".xlsx")), "--json", str(target), "-q",
    )  # fmt: skip
    assert result.exit_code in (0, 1), result.output
    return json.loads(target.read_text("utf-8"))


def test_months_alike_to_the_byte_are_each_kept(tmp_path):
    audit(tmp_path, month(tmp_path, "2026-09", SAME), "2026-10-05")
    audit(tmp_path, month(tmp_path, "2026-10", SAME), "2026-11-05")
    # the same bytes once more, as the same month: stored once, nothing new
    again = audit(tmp_path, tmp_path / "2026-10", "2026-11-05")
    assert again["findings"] == []
    december = audit(tmp_path, month(tmp_path, "2026-11", ENDED), "2026-12-05")
    # September and October's discount alike, gone in November: a discount that ended
    [ended] = december["findings"]
    assert (ended["rule"], ended["service"], ended["amount"]) == (
        "price-change",
        "新入网话费优惠",
        "10.00",
    )
    shown = run("history", "--db", str(tmp_path / "h.sqlite"), "--json", "-")
    [line] = json.loads(shown.stdout)["lines"]
    assert [m["period"] for m in line["months"]] == ["2026-09", "2026-10", "2026-11"]


def test_a_file_renamed_and_audited_again_that_day_replaces_its_first_reading(tmp_path):
    # Named for September by mistake, renamed for October, audited again: one month.
    folder = month(tmp_path, "2026-09", SAME)
    named = folder / f"{LINE}-202609账单.csv"
    audit(tmp_path, folder, "2026-11-05")
    named.rename(folder / f"{LINE}-202610账单.csv")
    again = run(
        "audit", str(folder), "--as-of", "2026-11-05", "--db", str(tmp_path / "h.sqlite"),
        "-o", str(tmp_path / "again.xlsx"),
    )  # fmt: skip
    assert again.exit_code == 0 and "already stored older bills" not in again.output
    shown = run("history", "--db", str(tmp_path / "h.sqlite"), "--json", "-")
    [line] = json.loads(shown.stdout)["lines"]
    assert [m["period"] for m in line["months"]] == ["2026-10"]


def test_a_twin_of_another_day_is_kept_and_said(tmp_path):
    audit(tmp_path, month(tmp_path, "2026-09", SAME), "2026-10-05")
    october = audit(tmp_path, month(tmp_path, "2026-10", SAME), "2026-11-05")
    [given] = october["inputs"]
    assert any("alike to the byte" in w and "2026-09" in w for w in given["warnings"])


# A service list names no line: its line is its file's name. Many lines on one plan and
# nothing else have lists alike to the byte.
LIST = (
    "业务名称,业务类型,资费,订购时间,生效时间,失效时间,退订时间,状态\n"
    "集团客户专属套餐58元,基础套餐,58元/月,2024-01-01 00:00:00,2024-01-01 00:00:00,"
    "2099-12-31 23:59:59,,正常\n"
)


def lists(tmp: Path, period: str, lines: list[str]) -> Path:
    folder = tmp / period
    folder.mkdir()
    for line in lines:
        (folder / f"{line}-已订业务.csv").write_text(LIST, "utf-8")
        bill = "费用项目,金额\n集团客户专属套餐58元,58.00\n合计,58.00\n"
        (folder / f"{line}-{period.replace('-', '')}账单.csv").write_text(bill, "utf-8")
    return folder


def said_of_lists(audited: dict) -> list[str]:
    return [w for i in audited["inputs"] if i["kind"] == "services" for w in i["warnings"]]


def test_service_lists_alike_given_again_next_month_say_nothing(tmp_path):
    lines = [LINE, "13900002222", "13900003333"]
    assert said_of_lists(audit(tmp_path, lists(tmp_path, "2026-09", lines), "2026-10-05")) == []
    october = audit(tmp_path, lists(tmp_path, "2026-10", lines), "2026-11-05")
    assert said_of_lists(october) == []


def test_a_new_lines_list_alike_to_anothers_stored_is_said_once_as_a_list(tmp_path):
    audit(tmp_path, lists(tmp_path, "2026-09", [LINE]), "2026-10-05")
    october = audit(tmp_path, lists(tmp_path, "2026-10", [LINE, "13900002222"]), "2026-11-05")
    [said] = said_of_lists(october)
    assert "139****2222" in said and "139****1111" in said and "service list" in said
    assert "(-)" not in said and " - " not in said and "bill" not in said
    november = audit(tmp_path, lists(tmp_path, "2026-11", [LINE, "13900002222"]), "2026-12-05")
    assert said_of_lists(november) == []  # said once: the next month's is that list again
