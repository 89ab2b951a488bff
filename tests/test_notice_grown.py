"""A notice that grew into a finding is not resolved. 咪咕 was announced to end with
October (a notice of November's audit); December's audit finds November's bill still
charging it after its cancellation (a high finding). The notice no longer holds as it
was told, because it grew worse: every output says so (the terminal, the JSON's
``now_findings``, the Follow-up sheet, ``auditor history``), none lists or counts it
among the resolved (a company's trial: "resolved change from next month" beside the
new charge after cancellation)."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from cli_run import run
from test_history_resolved import LINE, MIGU, MONTHLY, cycle

pytestmark = pytest.mark.usefixtures("december", "english")


@pytest.fixture
def audited(tmp_path: Path) -> tuple[dict, str]:
    """The three audits, December's run again as a user would (the terminal's summary
    shown): its JSON and what it printed. The same audit run again lists the same."""
    first = cycle(tmp_path, MONTHLY / "2026-12")
    target = tmp_path / "again.json"
    result = run(
        "audit", str(MONTHLY / "2026-12"), "--as-of", "2026-12-05", "--db",
        str(tmp_path / "h.sqlite"), "-o", str(tmp_path / "again.xlsx"), "--json", str(target),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    again = json.loads(target.read_text("utf-8"))
    assert again["now_findings"] == first["now_findings"] != []
    return again, result.output


def test_the_json_lists_it_apart_from_the_resolved(audited):
    data, _ = audited
    assert all(r["rule"] != "next-month-effective" for r in data["resolved"])
    [grown] = data["now_findings"]
    [finding] = [f for f in data["findings"] if f["id"] == grown["finding"]]
    assert (finding["rule"], finding["severity"], finding["service"]) == (
        "lingering-charge",
        "high",
        MIGU,
    )
    assert (grown["line"], grown["first_seen"]) == (finding["line"], "2026-11-05")


def test_the_terminal_says_it_is_now_a_finding_not_resolved(audited):
    data, printed = audited
    resolved = len(data["resolved"])
    assert f"{resolved} resolved, 1 notice now a finding" in printed
    [line] = [row for row in printed.splitlines() if MIGU in row and "→" in row]
    # the notice named by the month it announced, November (not "next month")
    assert line.split()[:6] == ["now", "a", "finding", "change", "from", "2026-11"]
    assert line.endswith(f"139****1111 {MIGU} → charged after cancellation")
    assert not [row for row in printed.splitlines() if row.strip().startswith("resolved change")]


def test_the_follow_up_sheet_points_at_its_finding(audited, tmp_path):
    data, _ = audited
    sheet = openpyxl.load_workbook(tmp_path / "again.xlsx", read_only=True)["Follow-up"]
    rows = [row for row in sheet.iter_rows(values_only=True) if row[0]]
    [row] = [row for row in rows if row[-1] == "next-month-effective" and row[4] == MIGU]
    number = 1 + [f["id"] for f in data["findings"]].index(data["now_findings"][0]["finding"])
    [found] = [r for r in rows if r[1] == str(number)]  # (a text: a row may give 3–131)
    assert (found[4], found[5]) == (MIGU, "charged after cancellation")
    assert row[0] == "Now a finding" and row[1] is None
    assert row[10] == f"Now a finding on 2026-12-05: charged after cancellation (finding #{number})"
    assert not [r for r in rows if r[0] == "Resolved" and r[-1] == "next-month-effective"]


def test_the_history_does_not_count_it_resolved(audited, tmp_path):
    data, _ = audited
    result = run("history", "--line", LINE, "--db", str(tmp_path / "h.sqlite"), "--json", "-")
    assert result.exit_code == 0, result.output
    [held] = json.loads(result.output)["lines"]
    # as many resolved as the audits said, each once: November's and December's
    told = [r["id"] for r in data["resolved"]]
    november = json.loads((tmp_path / "2026-11-05.json").read_text("utf-8"))
    told += [r["id"] for r in november["resolved"]]
    assert held["findings"]["resolved"] == len(set(told))
