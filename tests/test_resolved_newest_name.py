"""A finding keeps the name its newest bill gives its service: a service billed as
沃音乐会员（旧版） in September and 沃音乐会员 since (one service, one finding) is
resolved, and listed, as 沃音乐会员, not as September named it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_run import run

LINE = "18600005678"

pytestmark = pytest.mark.usefixtures("december")


def bill(folder: Path, month: str, music: str | None) -> Path:
    """A month's detail of the line: its plan, and the music service as ``music`` names it
    (None: not billed)."""
    items = [("套餐及固定费", "冰激凌套餐29元", "29.00")]
    if music:
        items.append(("增值业务费", music, "10.00"))
    path = folder / month / f"{LINE}-费用明细-{month}.csv"
    path.parent.mkdir(parents=True)
    rows = "".join(f"{LINE},{month},{kind},{item},{amount}\n" for kind, item, amount in items)
    path.write_text("手机号码,账期,费用类型,费用项目,金额(元)\n" + rows, "utf-8")
    return path.parent


def audit(folder: Path, db: Path, as_of: str) -> dict:
    out = folder / f"r-{as_of}.json"
    result = run(
        "audit", str(folder), "--as-of", as_of, "--db", str(db),
        "-o", str(folder / "r.xlsx"), "--json", str(out), "-q",
    )  # fmt: skip
    assert result.exit_code in (0, 1), result.output
    return json.loads(out.read_text("utf-8"))


def test_a_resolved_finding_is_named_as_its_newest_bill_names_it(tmp_path):
    db = tmp_path / "h.sqlite"
    september = audit(bill(tmp_path, "2026-09", "沃音乐会员（旧版）"), db, "2026-10-06")
    [first] = [f for f in september["findings"] if f["rule"] == "unknown-vas"]
    assert first["service"] == "沃音乐会员（旧版）"
    october = audit(bill(tmp_path, "2026-10", "沃音乐会员"), db, "2026-11-05")
    [again] = [f for f in october["findings"] if f["id"] == first["id"]]
    assert again["service"] == "沃音乐会员"
    november = audit(bill(tmp_path, "2026-11", None), db, "2026-12-05")
    [resolved] = [r for r in november["resolved"] if r["id"] == first["id"]]
    assert (resolved["service"], resolved["service_shown"]) == ("沃音乐会员", "沃音乐会员")
    history = run("history", "--db", str(db), "--json", "-", "--no-mask")
    assert history.exit_code == 0 and "旧版" not in history.stdout, history.stdout
