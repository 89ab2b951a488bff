"""The rules that compare months see every month known for a line: a folder of three
months audited without a history, or one month at a time with the rest in the history
database, give the same findings (issue 13).

The bills are the household's lines D (Grandma's 广电 card: a discount that stopped, the
plan billed twice in September, a trial turned paid) and E (Dad's data card on 停机保号),
written here one file per month, with their service lists from fixtures/household; the
list here shows Grandma's welcome discount running on (in the household it runs out on
the day it states, and its end is no price rise), so its end is one.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor import cli

HOUSEHOLD = Path(__file__).resolve().parent.parent / "fixtures" / "household"
LISTS = [
    HOUSEHOLD / "china-broadnet" / "19200001111-已订业务.csv",
    HOUSEHOLD / "data-card" / "14700002222-已订业务.csv",
]
NEW_RULES = {"duplicate-charge", "trial-to-paid", "price-change", "suspended-line"}
# line, month → (category, item, amount) rows; each month's bill ends with its total.
BILLS = {
    ("19200001111", "2026-08"): [
        ("套餐及固定费", "广电5G 19元套餐", "19.00"),
        ("语音通信费", "国内通话费", "0.50"),
        ("优惠及减免", "新入网话费优惠", "-10.00"),
    ],
    ("19200001111", "2026-09"): [
        ("套餐及固定费", "广电5G 19元套餐", "19.00"),
        ("套餐及固定费", "广电5G 19元套餐", "19.00"),
        ("语音通信费", "国内通话费", "0.80"),
        ("增值业务费", "广电视频彩铃会员", "0.00"),
        ("优惠及减免", "新入网话费优惠", "-10.00"),
    ],
    ("19200001111", "2026-10"): [
        ("套餐及固定费", "广电5G 19元套餐", "19.00"),
        ("语音通信费", "国内通话费", "1.10"),
        ("增值业务费", "广电视频彩铃会员", "10.00"),
    ],
    ("14700002222", "2026-08"): [("套餐及固定费", "4G流量卡8元套餐", "8.00")],
    ("14700002222", "2026-09"): [("其他费用", "停机保号费", "5.00")],
    ("14700002222", "2026-10"): [("其他费用", "停机保号费", "5.00")],
}
# What the three months give, however they are given.
EXPECTED = {
    ("duplicate-charge", "192****1111", "广电5G 19元套餐", ("2026-09",), "19.00"),
    ("trial-to-paid", "192****1111", "广电视频彩铃会员", ("2026-10",), "10.00"),
    ("price-change", "192****1111", "新入网话费优惠", ("2026-10",), "10.00"),
    ("suspended-line", "147****2222", "停机保号费", ("2026-09", "2026-10"), "10.00"),
}


def write_month(folder: Path, month: str) -> None:
    """Both lines' bills of ``month``, one CSV each, long layout with a total row."""
    for (line, period), rows in BILLS.items():
        if period != month:
            continue
        total = sum(int(amount.replace(".", "").replace("-", "")) * (-1 if "-" in amount else 1)
                    for _, _, amount in rows)  # fmt: skip
        lines = ["手机号码,账期,费用类别,费用项目,金额(元)"]
        lines += [f"{line},{period},{c},{item},{amount}" for c, item, amount in rows]
        lines.append(f"{line},{period},本月费用合计,,{total // 100}.{total % 100:02d}")
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{line}-{period}.csv").write_text("\n".join(lines) + "\n", "utf-8")


def audit(folder: Path, as_of: str, *extra: str) -> dict:
    out = folder.parent / f"{folder.name}-{as_of}.json"
    args = ["audit", str(folder), "--as-of", as_of, "--json", str(out), "-q"]
    args += ["-o", str(folder.parent / f"{folder.name}-{as_of}.xlsx"), *extra]
    result = CliRunner().invoke(cli.main, args)
    assert result.exit_code == 0, result.output
    return json.loads(out.read_text("utf-8"))


def new_rules(data: dict) -> set[tuple]:
    return {
        (f["rule"], f["line"], f["service"], tuple(f["periods"]), f["amount"])
        for f in data["findings"]
        if f["rule"] in NEW_RULES
    }


@pytest.fixture
def lists(tmp_path) -> Path:
    folder = tmp_path / "lists"
    folder.mkdir()
    for path in LISTS:
        shutil.copy(path, folder / path.name)
    listed = folder / LISTS[0].name
    ran_out = "2026-10-01 00:00:00,已失效"
    assert ran_out in listed.read_text("utf-8-sig")
    text = listed.read_text("utf-8-sig").replace(ran_out, "2099-12-31 23:59:59,正常")
    listed.write_text(text, "utf-8")
    return folder


def test_a_folder_of_three_months_without_a_history(tmp_path, lists):
    folder = tmp_path / "three"
    for month in ("2026-08", "2026-09", "2026-10"):
        write_month(folder, month)
    shutil.copytree(lists, folder / "lists")
    assert new_rules(audit(folder, "2026-11-05", "--no-history")) == EXPECTED


def test_one_month_at_a_time_with_the_rest_in_the_history(tmp_path, lists):
    db = str(tmp_path / "history.sqlite")
    months = {}
    for month, as_of in (("2026-08", "2026-09-05"), ("2026-09", "2026-10-05")):
        folder = tmp_path / month
        write_month(folder, month)
        shutil.copytree(lists, folder / "lists")
        months[month] = audit(folder, as_of, "--db", db)
    october = tmp_path / "2026-10"
    write_month(october, "2026-10")  # October's bills alone: no list, no earlier month
    months["2026-10"] = audit(october, "2026-11-05", "--db", db)
    assert new_rules(months["2026-08"]) == set()
    assert new_rules(months["2026-09"]) == {
        ("duplicate-charge", "192****1111", "广电5G 19元套餐", ("2026-09",), "19.00"),
        ("suspended-line", "147****2222", "停机保号费", ("2026-09",), "5.00"),
    }
    # October sees August and September from the history: the same findings as the
    # folder of three months, but the September duplicate, told of in September, whose
    # charge October no longer carries: resolved, with its money still to ask back.
    found = new_rules(months["2026-10"])
    duplicate = ("duplicate-charge", "192****1111", "广电5G 19元套餐", ("2026-09",), "19.00")
    assert found == EXPECTED - {duplicate}
    (resolved,) = [r for r in months["2026-10"]["resolved"] if r["rule"] == "duplicate-charge"]
    reason = resolved["reason"]
    assert resolved["service"] == "广电5G 19元套餐"
    assert reason.startswith("重复收费已停止") and "19.00 元如未退还" in reason
    statuses = {f["rule"]: f["status"] for f in months["2026-10"]["findings"]}
    assert statuses["suspended-line"] == "open" and statuses["trial-to-paid"] == "new"


def test_one_month_alone_without_its_history_compares_nothing(tmp_path):
    october = tmp_path / "2026-10"
    write_month(october, "2026-10")
    found = new_rules(audit(october, "2026-11-05", "--no-history"))
    # No earlier month: no trial, no price change; the suspension shows on the bill.
    assert found == {("suspended-line", "147****2222", "停机保号费", ("2026-10",), "5.00")}
