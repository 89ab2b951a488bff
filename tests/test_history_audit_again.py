"""The same bills audited again on a later day, with one history: nothing is resolved.

A disputed charge whose last month is before its line's newest month (the demo's
广电5G 19元套餐, billed twice in September, once in October) is reported as a finding by a
fresh audit. Audited again with the history, the same bills are no news: the finding
stays open with the same money. Only a month the audit that last reported it could not
see (November's bill, charging the plan once) tells that the duplicate stopped.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from cli_run import run
from test_cli_household import HOUSEHOLD, HOUSEHOLD_FINDINGS, KNOWN

from auditor import clock

# The audits are dated up to 2026-12-05: the tests run as if it were past.
pytestmark = pytest.mark.usefixtures("december")

LINE = "13900001111"
PLAN = "4G飞享18元套餐"
HEADER = "手机号码,账期,费用类型,费用项目,金额(元)"


def audit(folder: Path, as_of: str, db: Path, out: Path, *extra: str) -> dict:
    target = out / f"{as_of}-{db.stem}.json"
    result = run(
        "audit", str(folder), "--as-of", as_of, "--db", str(db), "-o",
        str(target.with_suffix(".xlsx")), "--json", str(target), "-q", *extra,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return json.loads(target.read_text("utf-8"))


def figures(data: dict) -> set[tuple]:
    """Each finding as test_cli's HOUSEHOLD_FINDINGS has it: what it claims, and how much."""
    return {
        (f["rule"], f["line"], f["service"], ",".join(f["periods"]), f["amount"], f["monthly"])
        for f in data["findings"]
    }


@pytest.fixture(scope="module")
def household(tmp_path_factory):
    """The demo audited on 11-05, again on 11-10, ``record --from`` its report (nothing
    typed: nothing recorded), again on 11-20; and a fresh history's audit on 11-20."""
    out = tmp_path_factory.mktemp("again")
    db, known = out / "h.sqlite", ("--known", str(KNOWN))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(clock, "today", lambda: date(2026, 12, 31))
        runs = {"first": audit(HOUSEHOLD, "2026-11-05", db, out, *known)}
        runs["again"] = audit(HOUSEHOLD, "2026-11-10", db, out, *known)
        recorded = run("record", "--from", str(out / "2026-11-05-h.xlsx"), "--db", str(db))
        assert recorded.exit_code == 0, recorded.output
        runs["recorded"] = audit(HOUSEHOLD, "2026-11-20", db, out, *known)
        runs["fresh"] = audit(HOUSEHOLD, "2026-11-20", out / "fresh.sqlite", out, *known)
    return runs


def test_every_rule_of_the_demo_has_a_finding_to_keep(household):
    rules = {rule for rule, *_ in HOUSEHOLD_FINDINGS}
    assert {f["rule"] for f in household["first"]["findings"]} == rules
    # Each rule but price-change (Grandma's welcome discount ran out on the day her list
    # states: no rise), duplicate-charge among them, checked below.
    assert len(rules) == 7


@pytest.mark.parametrize("later", ["again", "recorded"])
def test_the_same_bills_again_keep_every_finding_open_with_its_money(household, later):
    first, data = household["first"], household[later]
    assert figures(first) == HOUSEHOLD_FINDINGS
    assert figures(data) == HOUSEHOLD_FINDINGS
    assert data["resolved"] == []
    assert {f["status"] for f in data["findings"]} == {"open"}
    ids = {(f["rule"], f["service"], f["line"]): f["id"] for f in first["findings"]}
    assert {(f["rule"], f["service"], f["line"]): f["id"] for f in data["findings"]} == ids
    claimable = [f["claimable"] for f in first["findings"]]
    assert [f["claimable"] for f in data["findings"]] == claimable
    money = ("claimable", "yearly")
    assert {k: data["summary"][k] for k in money} == {"claimable": "103.00", "yearly": "588.00"}


def test_a_fresh_history_on_the_later_day_agrees(household):
    assert figures(household["fresh"]) == figures(household["recorded"])
    assert household["fresh"]["summary"]["claimable"] == "103.00"


# ---------------------------------------------------------- a duplicate that really stops


def bill(folder: Path, month: str, times: int, name: str | None = None) -> None:
    """``month``'s bill of the line, its plan charged ``times`` times."""
    folder.mkdir(exist_ok=True)
    rows = [f"{LINE},{month},套餐及固定费,{PLAN},18.00"] * times
    total = f"{LINE},{month},合计,,{18 * times}.00"
    text = "\n".join([HEADER, *rows, total]) + "\n"
    (folder / (name or f"中国移动账单-{month}.csv")).write_text(text, "utf-8")


def duplicate(data: dict) -> dict | None:
    return next((f for f in data["findings"] if f["rule"] == "duplicate-charge"), None)


@pytest.fixture
def doubled(tmp_path):
    """September charging the plan twice, October once: audited on 11-05."""
    bill(tmp_path / "11", "202609", 2)
    bill(tmp_path / "11", "202610", 1)
    db = tmp_path / "h.sqlite"
    found = duplicate(audit(tmp_path / "11", "2026-11-05", db, tmp_path))
    assert found and (found["periods"], found["amount"], found["status"]) == (
        ["2026-09"],
        "18.00",
        "new",
    )
    return tmp_path, db, found["id"]


def test_a_later_bill_charging_once_resolves_the_duplicate(doubled):
    tmp_path, db, fid = doubled
    again = audit(tmp_path / "11", "2026-11-10", db, tmp_path)
    assert (duplicate(again)["id"], duplicate(again)["status"]) == (fid, "open")
    assert again["resolved"] == []
    bill(tmp_path / "12", "202611", 1)
    data = audit(tmp_path / "12", "2026-12-05", db, tmp_path)
    assert duplicate(data) is None
    [resolved] = data["resolved"]
    assert (resolved["id"], resolved["periods"], resolved["amount"]) == (fid, ["2026-09"], "18.00")
    assert resolved["reason"].startswith("重复收费已停止，最新账单不再重复收取")
    assert "18.00" in resolved["reason"]  # charged twice before: still to ask back


def test_a_month_exported_again_is_no_newer_a_month(doubled):
    """October as another file (another name, other bytes) on 11-10: its first copy was
    known on 11-05, so it tells nothing new."""
    tmp_path, db, fid = doubled
    bill(tmp_path / "copy", "202610", 1, name="202610-导出.csv")
    with (tmp_path / "copy" / "202610-导出.csv").open("a", encoding="utf-8") as more:
        more.write("\n")
    data = audit(tmp_path / "copy", "2026-11-10", db, tmp_path)
    assert (duplicate(data)["id"], duplicate(data)["status"]) == (fid, "open")
    assert duplicate(data)["amount"] == "18.00"
    assert data["resolved"] == []
