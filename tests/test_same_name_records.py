"""Cancellations of two SP services billed under one name (信息费: A100 手机报, B200
游戏点播): one named by its finding or by its list's name ends that service alone, its
later charge a charge after cancellation; one typed by the name both go by is neither's
(refused once the history knows the two, counted for none and said when recorded
before)."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_same_name_claims import LINE, NAME, _audit, _bills, _by_list_name, _record

pytestmark = pytest.mark.usefixtures("december")


def _november(folder: Path) -> None:
    """A November bill charging both again: a charge after a cancellation in October."""
    rows = ["手机号码,账期,费用类型,费用项目,业务代码,金额(元)"]
    rows += [f"{LINE},202611,代收费,{NAME},A100,6.00", f"{LINE},202611,代收费,{NAME},B200,10.00"]
    rows.append(f"{LINE},202611,合计,,,16.00")
    (folder / f"中国移动账单-2026年11月-{LINE}.csv").write_text("\n".join(rows) + "\n", "utf-8")


def _found(data: dict) -> dict[str, tuple[str, list[str]]]:
    """The 信息费 findings by the list entry each names: their rule and months."""
    return {name: (f["rule"], f["periods"]) for name, f in _by_list_name(data).items()}


@pytest.mark.parametrize("by", ["finding", "list name"])
def test_a_cancellation_of_one_ends_that_one_alone(tmp_path, by):
    _bills(tmp_path / "bills")
    paper = _by_list_name(_audit(tmp_path, "2026-11-05")[0])["手机报"]["id"]
    named = ["--finding", paper] if by == "finding" else ["--line", LINE, "--service", "手机报"]
    recorded = _record(tmp_path, "cancel", *named, "--on", "2026-10-06")
    assert recorded.exit_code == 0, recorded.output
    _november(tmp_path / "bills")
    data, _ = _audit(tmp_path, "2026-12-05")
    # 手机报's November is a charge after the cancellation; 游戏点播 still unknown, all months
    assert _found(data) == {
        "手机报": ("lingering-charge", ["2026-11"]),
        "游戏点播": ("unknown-vas", ["2026-09", "2026-10", "2026-11"]),
    }
    [resolved] = data["resolved"]
    assert resolved["id"] == paper and "2026-10-06" in resolved["reason"]
