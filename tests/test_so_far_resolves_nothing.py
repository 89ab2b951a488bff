"""A bill so far (a month's export taken before the month is over) resolves nothing by
what it lacks: a charge not on it yet has not stopped. Every rule's finding of September
stays open when October's bill so far, audited on 10-27, has none of its charges; the
final bill of October, without them, resolves what it shows stopped."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from cli_run import run

PLAN = ("月固定费", "商旅套餐88元", "88.00")
CALL = ("语音通话费", "国内通话费", "1.20")
SP = ("代收费（信息费）", "手机报-财经早晚报", "3.00", "北京某某信息技术有限公司")
RINGS = ("增值业务费", "视频彩铃", "10.00")
TWICE = [("增值业务费", "来电提醒", "2.00")] * 2
SUSPENDED = ("其他费用", "停机保号费", "5.00")
#: The lines and what each of their findings is about.
LINES = {
    "13800000001": "unknown-vas",
    "13800000002": "price-change",
    "13800000003": "suspended-line",  # and suspended-plan-fee: its plan billed on top
    "13800000004": "duplicate-charge",
    "13800000005": "lingering-charge",  # 视频彩铃 cancelled on 08-05, charged in September
    "13800000006": "bill-total-mismatch",
}


def _items(line: str, month: str) -> list[tuple[str, ...]]:
    """What ``line``'s bill of ``month`` charges (a final bill of August or September)."""
    risen = ("月固定费", "商旅套餐88元", "98.00" if month >= "2026-09" else "88.00")
    return {
        "13800000001": [PLAN, CALL, SP],
        "13800000002": [risen, CALL],
        "13800000003": [SUSPENDED, PLAN],
        "13800000004": [PLAN, CALL, *(TWICE if month == "2026-09" else [])],
        "13800000005": [PLAN, CALL, RINGS],
        "13800000006": [PLAN, CALL],
    }[line]


def _bill(path: Path, month: str, lines: dict[str, list[tuple[str, ...]]]) -> None:
    """A company CSV bill of ``month``: each line's items and its total (September's of
    13800000006 above its items: a bill that does not add up)."""
    rows = ["号码,费用月份,费用类型,项目名称,费用（元）,服务提供商"]
    for line, items in lines.items():
        rows += [f"{line},{month},{kind},{name},{fen},{sp[0] if sp else ''}"
                 for kind, name, fen, *sp in items]  # fmt: skip
        total = sum(Decimal(item[2]) for item in items)
        if line == "13800000006" and month == "2026-09":
            total += 6
        rows.append(f"{line},{month},实际应缴合计,,{total:.2f},")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(rows) + "\n", "utf-8")


def _audit(tmp_path: Path, folder: str, day: str) -> dict:
    out = tmp_path / f"{day}.json"
    result = run(
        "audit", str(tmp_path / folder), "--known", str(tmp_path / "auditor.toml"),
        "--db", str(tmp_path / "h.sqlite"), "--as-of", day, "-q", "--json", str(out),
        "-o", str(tmp_path / f"{day}.xlsx"),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return json.loads(out.read_text("utf-8"))


@pytest.fixture
def september(tmp_path) -> dict:
    """August and September audited on 10-05, the cancellation of 视频彩铃 recorded."""
    (tmp_path / "auditor.toml").write_text(
        'account = "company"\nknown_services = ["商旅套餐88元", "来电提醒"]\n', "utf-8"
    )
    for month in ("2026-08", "2026-09"):
        _bill(tmp_path / "sep" / f"{month}.csv", month, {n: _items(n, month) for n in LINES})
    made = run(
        "record", "cancel", "--line", "13800000005", "--service", "视频彩铃",
        "--on", "2026-08-05", "--db", str(tmp_path / "h.sqlite"), "--create",
    )  # fmt: skip
    assert made.exit_code == 0, made.output
    return _audit(tmp_path, "sep", "2026-10-05")


def _by_rule(data: dict) -> dict[str, dict]:
    return {f["rule"]: f for f in data["findings"]}


def test_every_rule_finds_its_finding_in_september(september):
    found = _by_rule(september)
    assert {f["line"][-1] for f in september["findings"]} == {n[-1] for n in LINES}
    assert set(LINES.values()) | {"suspended-plan-fee"} == set(found)


def test_a_bill_so_far_lacking_every_charge_resolves_nothing(september, tmp_path):
    # October so far: the calls alone, on every line (the fees are billed at month end)
    _bill(tmp_path / "oct" / "2026-10.csv", "2026-10", {n: [CALL] for n in LINES})
    october = _audit(tmp_path, "oct", "2026-10-27")
    assert october["resolved"] == [] and october["waiting"] == []
    assert {f["id"] for f in october["findings"]} == {f["id"] for f in september["findings"]}
    found = _by_rule(october)
    assert all(f["status"] == "open" for f in october["findings"])
    # months a bill so far does not charge are none of a finding's
    assert found["price-change"]["periods"] == ["2026-09"]
    assert found["suspended-line"]["periods"] == ["2026-08", "2026-09"]
    assert Decimal(found["suspended-line"]["yearly"]) > 0  # still costing, not stopped


def test_the_final_bill_lacking_them_resolves_what_stopped(september, tmp_path):
    _bill(tmp_path / "oct" / "2026-10.csv", "2026-10", {n: [CALL] for n in LINES})
    _audit(tmp_path, "oct", "2026-10-27")
    final = _audit(tmp_path, "oct", "2026-11-05")
    resolved = {item["rule"] for item in final["resolved"]}
    assert {"price-change", "suspended-line"} <= resolved
