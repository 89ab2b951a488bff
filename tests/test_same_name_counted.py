"""A cancellation typed by a name two services' findings share only while it counts: B200
billed and listed as 信息费 (a known service, by its code), 手机报 (A100) billed as 信息费
beside it and unknown. Taken as ending the list's 信息费, the cancellation makes B200's
November a charge after it, a second finding by that name; without it, 手机报's finding
alone goes by 信息费, and ``auditor record`` takes such a name as that finding's."""

from __future__ import annotations

import json

import pytest
from cli_run import run
from test_same_name_claims import LINE, NAME, _bills, _record
from test_same_name_records import _november

pytestmark = pytest.mark.usefixtures("december")


def _audit(tmp_path, as_of: str):
    known = tmp_path / "auditor.toml"
    known.write_text('known_services = ["B200"]\n', "utf-8")
    target = tmp_path / f"{as_of}.json"
    result = run(
        "audit", str(tmp_path / "bills"), "--as-of", as_of, "--db", str(tmp_path / "h.sqlite"),
        "--known", str(known), "-o", str(tmp_path / f"{as_of}.xlsx"), "--json", str(target),
        "-q", "--lang", "en",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return json.loads(target.read_text("utf-8")), result


def test_a_cancellation_left_to_one_finding_by_its_name_is_that_one_s(tmp_path):
    bills = _bills(tmp_path / "bills")
    listed = bills / f"{LINE}-已订业务.csv"
    listed.write_text(listed.read_text("utf-8").replace("游戏点播,B200", f"{NAME},B200"), "utf-8")
    early = _record(tmp_path, "cancel", "--line", LINE, "--service", NAME, "--on", "2026-10-06")
    assert early.exit_code == 0, early.output
    _november(bills)
    data, result = _audit(tmp_path, "2026-12-05")
    # 手机报's, as its record: its November a charge after it; B200, known, no finding
    [found] = [f for f in data["findings"] if f["service"] == NAME]
    assert ("手机报" in found["names"], found["rule"], found["periods"]) == (
        True,
        "lingering-charge",
        ["2026-11"],
    )
    assert [r["id"] for r in found["records"]] == [1]
    assert "#1" not in result.stderr, result.stderr
    # as the record command takes the name now: one finding's, not refused
    again = _record(tmp_path, "complaint", "--line", LINE, "--service", NAME, "--on", "2026-12-06")
    assert again.exit_code == 0, again.output
