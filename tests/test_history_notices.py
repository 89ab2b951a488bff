"""``auditor history`` counts and lists notices (a change coming next month: information,
no money at issue, nothing to resolve) apart from the open findings: never as 未解决,
nor in the open count or the total. The demo household (fixtures/household) audited on
11-05: 13800001234's plan changes in December, two notices beside its open findings."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from cli_run import run

from auditor import clock
from auditor.rules import is_notice

pytestmark = pytest.mark.usefixtures("december")

HOUSEHOLD = Path(__file__).resolve().parent.parent / "fixtures" / "household"
LINE = "13800001234"


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "h.sqlite")
    result = run(
        "audit", str(HOUSEHOLD), "--known", str(HOUSEHOLD / "auditor.toml"),
        "--as-of", "2026-11-05", "--db", path, "-o", str(tmp_path / "r.xlsx"),
        "--json", str(tmp_path / "r.json"), "-q",
    )  # fmt: skip
    assert result.exit_code in (0, 1), result.output
    return path


def _notices_of_the_audit(tmp_path: Path) -> list[dict]:
    report = json.loads((tmp_path / "r.json").read_text("utf-8"))
    return [f for f in report["findings"] if f["line"].endswith(LINE[-4:]) and is_notice(f["rule"])]


def test_notices_are_listed_apart_not_open(db, tmp_path):
    audited = _notices_of_the_audit(tmp_path)
    assert len(audited) == 2  # the plan that ends, the one that starts
    shown = run("history", "--db", db, "--line", LINE, "--json", "-")
    assert shown.exit_code == 0, shown.output
    [line] = json.loads(shown.stdout)["lines"]
    findings = line["findings"]
    assert sorted(f["service"] for f in findings["notices"]) == sorted(
        f["service"] for f in audited
    )
    assert not [f for f in findings["listed"] if is_notice(f["rule"])]
    assert findings["open"] == len(findings["listed"]) > 0


def test_the_text_counts_notices_apart_and_never_as_open(db):
    # each notice named by the month its change shows on a bill, not "next month"
    label = "2026-12 起变化"
    text = run("--lang", "zh", "history", "--db", db, "--line", LINE).stdout
    assert f"未解决：{label}" not in text
    assert text.count(f"\n  提示：{label}") == 2
    # the owner from the settings the audit read (the history keeps which)
    assert text.startswith("138****1234（爸爸）：") and "；提示 2 项；" in text.splitlines()[0]
    every = run("--lang", "zh", "history", "--db", db).stdout
    total = int(every.rsplit("发现 ", 1)[1].split(" 项未解决")[0])
    assert total == every.count("\n  未解决：") > 0  # over every line: no notice counted
    english = run("--lang", "en", "history", "--db", db, "--line", LINE).stdout
    assert "; notices 2;" in english and english.count("\n  notice: ") == 2


@pytest.mark.parametrize(("today", "kept"), [(date(2026, 12, 31), 2), (date(2027, 1, 1), 0)])
def test_a_notice_is_past_once_the_month_after_its_change_begins(db, monkeypatch, today, kept):
    # the plan changes in December: the notice holds through December, past in January
    monkeypatch.setattr(clock, "today", lambda: today)
    shown = run("history", "--db", db, "--line", LINE, "--json", "-")
    [line] = json.loads(shown.stdout)["lines"]
    assert {f["periods"][-1] for f in line["findings"]["notices"]} <= {"2026-12"}
    assert len(line["findings"]["notices"]) == kept
    text = run("--lang", "en", "history", "--db", db, "--line", LINE).stdout
    assert text.count("\n  notice: ") == kept
    assert ("; notices" in text.splitlines()[0]) == bool(kept)
