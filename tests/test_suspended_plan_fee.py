"""A line kept on 停机保号 billed its plan on top of the fee, audited month after month: the
plan's charges are money to ask back (claimable, on the Summary), asked by a complaint,
then the 12300 appeal 15 days on; a complaint the user records is followed like any
other; and nothing tells the user to close a line kept to keep its number."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from cli_run import run
from test_lang_findings import chinese_leftovers, english_leftovers, typography_faults

LINE, SHOWN = "17012345678", "170****5678"
PLAN = "任我行19元套餐"
LIST = [
    "业务名称,业务类型,资费,订购时间,生效时间,失效时间,退订时间,状态",
    f"{PLAN},基础套餐,19元/月,2025-12-01 10:00:00,2025-12-01 10:00:00,2099-12-31 23:59:59,,正常",
    "停机保号,功能,5元/月,2026-07-15 16:05:00,2026-07-15 16:05:00,--,,正常",
]


def _month(
    tmp_path: Path, month: str, plan: bool, fee: str = "5.00", listed: list[str] = LIST
) -> Path:
    """The folder exported after ``month``: 小米移动's bill (停机保号费 ``fee``, none when
    "", and the plan 19.00 on top where ``plan``) and the line's service list ``listed``."""
    folder = tmp_path / f"after-{month}"
    folder.mkdir()
    items = [f"套餐及固定费,{PLAN},19.00"] if plan else []
    items += [f"其他费用,停机保号费,{fee}"] if fee else []
    total = Decimal(fee or 0) + (19 if plan else 0)
    rows = ["小米移动 账单", f"手机号码：{LINE}", f"账期：{month.replace('-', '年')}月", "",
            "费用类别,费用项目,金额(元)", *items, f"本月费用合计,,{total:.2f}"]  # fmt: skip
    (folder / f"小米移动账单-{month}.csv").write_text("\n".join(rows) + "\n", "utf-8")
    (folder / f"{LINE}-已订业务.csv").write_text("\n".join(listed) + "\n", "utf-8")
    return folder


def _audit(tmp_path: Path, folder: Path, day: str, language: str = "en") -> dict:
    out = tmp_path / "out"
    result = run(
        "audit", str(folder), "--as-of", day, "--db", str(tmp_path / "h.sqlite"), "-q",
        "--lang", language, "-o", str(out / f"{day}.xlsx"), "--json", str(out / f"{day}.json"),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return json.loads((out / f"{day}.json").read_text("utf-8"))


def _of(data: dict, rule: str) -> dict:
    [finding] = [f for f in data["findings"] if f["rule"] == rule]
    return finding


@pytest.fixture
def september(tmp_path) -> dict:
    """August (the fee alone) and September (the plan on top) audited; September's JSON."""
    _audit(tmp_path, _month(tmp_path, "2026-08", plan=False), "2026-09-05")
    return _audit(tmp_path, _month(tmp_path, "2026-09", plan=True), "2026-10-05")


def test_the_plan_on_top_is_money_to_ask_back(september):
    found = _of(september, "suspended-plan-fee")
    assert (found["service"], found["line"], found["periods"]) == (PLAN, SHOWN, ["2026-09"])
    assert (found["amount"], found["claimable"], found["severity"]) == ("19.00", "19.00", "medium")
    [line] = [entry for entry in september["summary"]["lines"] if entry["line"] == SHOWN]
    assert line["claimable"] == "19.00"  # the Summary's disputed money
    # the suspension itself: everything charged while suspended, nothing of it disputed
    suspended = _of(september, "suspended-line")
    assert (suspended["amount"], suspended["claimable"]) == ("29.00", "0.00")
    assert "19.00 yuan is the plan 「任我行19元套餐」 billed on top" in suspended["message"]


def test_its_steps_ask_the_brand_complain_then_appeal_and_never_close(september):
    found = _of(september, "suspended-plan-fee")
    steps = found["actions"]
    for text in [found["message"], *(step["text"] for step in steps)]:
        assert not english_leftovers(text, PLAN, "小米移动"), text  # named or glossed only
    channels = [step["channel"] for step in steps]
    assert channels[:4] == ["app", "hotline", "evidence", "complaint"]
    assert "appeal" in channels and any(step["to"] == "12300" for step in steps)
    ask = steps[1]["text"]
    assert "小米移动's own service line" in ask and "refund (退费) the 19.00 yuan" in ask
    assert not any("close it" in s["text"].lower() or "Close the line" in s["text"] for s in steps)
    assert "this is not closing the line" in ask
    # and the suspension's own steps close the line only for a number no longer needed
    first = _of(september, "suspended-line")["actions"][0]["text"]
    assert "if you no longer need the number, close the line" in first
    assert "If you no longer use it, close it" not in first


def test_a_recorded_complaint_is_followed_to_the_appeal(september, tmp_path):
    recorded = run(
        "record", "complaint", "--line", LINE, "--service", PLAN, "--on", "2026-10-10",
        "--ticket", "XM20261010", "--db", str(tmp_path / "h.sqlite"),
    )  # fmt: skip
    assert recorded.exit_code == 0, recorded.output
    october = _audit(tmp_path, _month(tmp_path, "2026-10", plan=True), "2026-11-05")
    found = _of(october, "suspended-plan-fee")
    assert (found["periods"], found["claimable"]) == (["2026-09", "2026-10"], "38.00")
    assert [r["ticket"] for r in found["records"]] == ["XM20261010"]
    texts = [step["text"] for step in found["actions"]]
    said = next(t for t in texts if "You complained on 2026-10-10" in t)
    assert "(through 2026-10-25)" in said and "XM20261010" in said
    appeal = next(t for t in texts if "12300" in t)
    assert "from 2026-10-25" in appeal and "XM20261010" in appeal
    # 15 days passed on the audit date: the appeal is the step due now
    assert "12300" in found["next"]["text"]


def test_in_chinese_it_asks_the_plan_back(tmp_path):
    _audit(tmp_path, _month(tmp_path, "2026-08", plan=False), "2026-09-05", "zh")
    data = _audit(tmp_path, _month(tmp_path, "2026-09", plan=True), "2026-10-05", "zh")
    found = _of(data, "suspended-plan-fee")
    assert "在此之外仍收取套餐费" in found["message"] and "请要求退还" in found["message"]
    assert "号码要继续保留，不是销户" in found["actions"][1]["text"]
    assert "不再需要这个号码时请办理销户" in _of(data, "suspended-line")["message"]
    for text in [found["message"], *(step["text"] for step in found["actions"])]:
        assert not chinese_leftovers(text, PLAN) and not typography_faults(text, PLAN), text


def test_the_fee_alone_again_stops_it_and_keeps_the_claim(september, tmp_path):
    october = _audit(tmp_path, _month(tmp_path, "2026-10", plan=False), "2026-11-05")
    assert not [f for f in october["findings"] if f["rule"] == "suspended-plan-fee"]
    [due] = [d for d in october["refunds_due"] if d["rule"] == "suspended-plan-fee"]
    assert (due["service"], due["unrefunded"]) == (PLAN, "19.00")
    assert "小米移动's own service line" in due["next"]["text"]


def test_a_bill_still_billing_both_never_resolves_it_as_stopped(tmp_path):
    """Switched on again on 08-12, August bills the plan beside the fee's days (rightly,
    not on top): the plan on top is not said to have stopped until a bill lacks it."""
    ended = [*LIST[:2], "停机保号,功能,5元/月,2026-05-10 16:05:00,2026-05-10 16:05:00,"
             "2026-08-12 09:00:00,,已失效"]  # fmt: skip
    _audit(tmp_path, _month(tmp_path, "2026-06", False, listed=ended), "2026-07-05")
    _audit(tmp_path, _month(tmp_path, "2026-07", True, listed=ended), "2026-08-05")
    august = _audit(tmp_path, _month(tmp_path, "2026-08", True, "2.00", ended), "2026-09-05")
    found = _of(august, "suspended-plan-fee")  # still July's, and not stopped
    assert (found["periods"], found["claimable"], found["stopped"]) == (["2026-07"], "19.00", None)
    assert not [r for r in august["resolved"] if r["rule"] == "suspended-plan-fee"]
    september = _audit(tmp_path, _month(tmp_path, "2026-09", True, "", ended), "2026-10-05")
    [resolved] = [r for r in september["resolved"] if r["rule"] == "suspended-plan-fee"]
    assert resolved["reason"].startswith("the latest bill no longer charges the plan on top")
    [due] = [d for d in september["refunds_due"] if d["rule"] == "suspended-plan-fee"]
    assert (due["periods"], due["unrefunded"]) == (["2026-07"], "19.00")
