"""Whose each line of the JSON is: the owner and the group (department, branch) the
settings give its line, on the findings, the summary's lines and every list of findings
resolved and refunds, as the By owner sheet files them; null where the settings give none."""

from __future__ import annotations

import json

import pytest
from cli_run import run
from test_console_resolved import CANCELLED, LINES, SERVICES, audit, bill, first_month, masked

pytestmark = pytest.mark.usefixtures("december")

#: Two of the three lines are someone's in a department; the third is no one's.
OWNERS = {"13900001111": ("张伟", "运输部"), "13900002222": ("王洋", None)}


def whose(line: str) -> tuple[str | None, str | None]:
    return OWNERS.get(line, (None, None))


def test_each_entry_says_whose_line_it_is(tmp_path):
    settings = first_month(tmp_path)
    tables = []
    for line, (owner, group) in OWNERS.items():
        tables.append(f'[lines."{line}"]\nowner = "{owner}"\n')
        tables += [f'group = "{group}"\n'] if group else []
    settings.write_text(settings.read_text("utf-8") + "".join(tables), "utf-8")
    # a service new in November on each line: findings to say it of (the cancelled ones
    # are resolved, refunds due)
    kept = settings.read_text("utf-8")
    for line in LINES:
        still = {s: yuan for s, yuan in SERVICES[line].items() if f'"{s}"' in kept}
        bill(tmp_path / "dec", line, "2026-11", **still, 新游戏包="8.00")
    _, report = audit(tmp_path, tmp_path / "dec", "2026-12-05", "--known", str(settings))
    by_mask = {masked(line): whose(line) for line in LINES}

    listed = {
        "findings": report["findings"],
        "summary.lines": report["summary"]["lines"],
        "resolved": report["resolved"],
        "refunds_due": report["refunds_due"],
    }
    assert all(listed.values())  # each list has entries to say it of
    assert len(report["refunds_due"]) == len(CANCELLED)
    for name, entries in listed.items():
        for entry in entries:
            assert (entry["owner"], entry["group"]) == by_mask[entry["line"]], name
    # the refund lists all say it, whichever an entry is in
    for name in ("over_refunded", "refunds_closed"):
        for entry in report[name]:
            assert (entry["owner"], entry["group"]) == by_mask[entry["line"]], name
    # a line with an owner and no group, and one with neither, are null where none
    assert {(e["owner"], e["group"]) for e in report["summary"]["lines"]} == {
        ("张伟", "运输部"),
        ("王洋", None),
        (None, None),
    }


def test_the_historys_json_says_whose_each_line_is(tmp_path):
    settings = first_month(tmp_path)
    owned = '[lines."13900001111"]\nowner = "张伟"\ngroup = "运输部"\n'
    settings.write_text(settings.read_text("utf-8") + owned, "utf-8")
    audit(tmp_path, tmp_path / "dec", "2026-12-05", "--known", str(settings))
    db = str(tmp_path / "h.sqlite")
    shown = run("history", "--json", "-", "--known", str(settings), "--db", db)
    assert shown.exit_code == 0, shown.output
    lines = {entry["line"]: entry for entry in json.loads(shown.stdout)["lines"]}
    assert set(lines) == {masked(line) for line in LINES}
    for line in LINES:
        entry = lines[masked(line)]
        expected = ("张伟", "运输部") if line == "13900001111" else (None, None)
        assert (entry["owner"], entry["group"]) == expected
        for due in entry["refunds_due"]:
            assert (due["owner"], due["group"]) == expected
    assert lines[masked("13900001111")]["refunds_due"]  # cancelled, its money owed
