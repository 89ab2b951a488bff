"""Lines the settings do not name, where they name the company's lines, are counted apart
from the headline: a trial dropped another company's bill in the folder and saw the
Summary's money and the JSON's totals swell by its findings (21.00 → 51.00 disputed),
then its lines asked for as not checked month after month. Their findings stay listed
and labelled, their money is said apart, once, and the exit status still counts them
(a line the settings forgot is the company's: never hidden)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from cli_run import run
from test_not_in_settings import MIGU, OWNERS, STRANGER, _bills, _company
from test_summary_refunds_due import summary

pytestmark = pytest.mark.usefixtures("english")


def _money(text: str | None) -> Decimal:
    return Decimal(text or "0")


def test_the_totals_leave_a_stranger_out_and_count_it_apart(tmp_path):
    data, _ = _company(tmp_path)
    totals = data["summary"]
    # 甲's 咪咕 15.00 in September and October; the stranger's 20.00 twice, apart
    assert (totals["claimable"], totals["yearly"]) == ("30.00", "180.00")
    assert totals["not_in_settings_totals"] == {
        "lines": 1,
        "findings": 1,
        "claimable": "40.00",
        "past_appeal_limit": "0.00",
        "yearly": "240.00",
        "refunds_due": "0.00",
    }
    # the findings are all listed: theirs and the stranger's add up to both together
    listed = sum(_money(f["claimable"]) for f in data["findings"])
    assert listed == _money(totals["claimable"]) + Decimal("40.00")
    mine = [f for f in data["findings"] if f["line"] not in totals["not_in_settings"]]
    assert sum(_money(f["claimable"]) for f in mine) == _money(totals["claimable"])
    assert sum(_money(line["yearly"]) for line in totals["lines"]) == Decimal("420.00")


def test_the_summary_says_the_strangers_money_apart_once(tmp_path):
    _, report = _company(tmp_path)
    rows = summary(report)
    headline = rows[1][0]
    assert headline.startswith("¥30.00 overcharged, ")
    assert "1 line not in the settings: ¥40.00 overcharged, ¥240.00 a year, not counted " in (
        headline
    )
    said = [cell for row in rows for cell in row if "not counted above" in str(cell)]
    assert said == [headline]


def test_the_exit_status_still_counts_a_strangers_findings(tmp_path):
    # only 乙's line is named: 甲's is as much a stranger now, and the stranger's
    (tmp_path / "auditor.toml").write_text('[lines."13900002222"]\nowner = "乙"\n', "utf-8")
    _bills(tmp_path / "bills")
    args = ["audit", str(tmp_path / "bills"), "--as-of", "2026-11-05", "--no-history"]
    args += ["--known", str(tmp_path / "auditor.toml"), "--json", "-"]
    result = run(*args, "--fail-on", "low")
    assert result.exit_code == 1, result.output
    # the terminal's summary says their money apart too
    assert "2 lines not in the settings: ¥70.00 overcharged, ¥420.00 a year" in result.stderr
    data = json.loads(result.stdout)
    assert data["summary"]["claimable"] == "0.00"
    assert data["summary"]["not_in_settings_totals"]["claimable"] == "70.00"


def _october(folder: Path, lines: list[str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for line in lines:
        rows = [
            "手机号码,账期,费用类型,费用项目,金额(元)",
            f"{line},202610,套餐及固定费,4G飞享18元套餐,18.00",
            f"{line},202610,合计,,18.00",
        ]
        name = f"中国移动账单-2026年10月-{line}.csv"
        (folder / name).write_text("\n".join(rows) + "\n", "utf-8")


def _stranger_then_october(tmp_path: Path, stranger_found: bool) -> dict:
    """September audited with the stranger's bill (咪咕 found on it, or its bill plain),
    then October with 甲's bill alone: the October audit's JSON."""
    settings = tmp_path / "auditor.toml"
    named = [f'[lines."{n}"]\nowner = "{o}"\ngroup = "{g}"' for n, (o, g) in OWNERS.items()]
    settings.write_text("\n".join(named) + "\n", "utf-8")
    _bills(tmp_path / "sep")  # September's bills, the stranger's among them
    for october in (tmp_path / "sep").glob("*10月*"):
        october.unlink()
    if not stranger_found:  # its bill the plan alone: nothing found on it
        bill = tmp_path / "sep" / f"中国移动账单-2026年09月-{STRANGER}.csv"
        rows = [row for row in bill.read_text("utf-8").splitlines() if MIGU not in row]
        bill.write_text("\n".join(rows).replace(",38.00", ",18.00") + "\n", "utf-8")
    db = str(tmp_path / "h.sqlite")
    common = ["--known", str(settings), "--db", db, "--json", "-", "-q"]
    first = run("audit", str(tmp_path / "sep"), "--as-of", "2026-10-05", *common)
    assert first.exit_code == 0, first.output
    assert json.loads(first.stdout)["summary"]["not_in_settings"] == ["139****5678"]
    # October: 甲's bill alone. 乙's is missing, the stranger's never comes again
    _october(tmp_path / "oct", ["13900001111"])
    later = run("audit", str(tmp_path / "oct"), "--as-of", "2026-11-05", *common)
    assert later.exit_code == 0, later.output
    return json.loads(later.stdout)


def test_a_strangers_line_with_nothing_pending_is_not_expected_the_month_after(tmp_path):
    data = _stranger_then_october(tmp_path, stranger_found=False)
    assert [entry["line"] for entry in data["not_checked"]] == ["139****2222"]
    assert data["summary"]["not_in_settings"] == []
    assert data["summary"]["not_checked_at_stake"] == "0.00"  # nothing of the stranger's


def test_a_strangers_line_with_a_finding_is_still_followed_and_told_to_forget(tmp_path):
    # A finding on it may leave money owed: dropped unsaid, a line taken out of the
    # settings lost its refunds due; said, a stranger's is forgotten in one command.
    data = _stranger_then_october(tmp_path, stranger_found=True)
    entries = {entry["line"]: entry for entry in data["not_checked"]}
    assert set(entries) == {"139****2222", "139****5678"}
    assert "auditor forget --line" in json.dumps(entries["139****5678"], ensure_ascii=False)


def test_a_line_acted_on_and_left_out_of_the_settings_is_still_followed(tmp_path):
    # A line the user recorded a step on is theirs: left out of the settings (or taken
    # out), what is owed on it must not drop out of the next audits unsaid.
    settings = tmp_path / "auditor.toml"
    named = [f'[lines."{n}"]\nowner = "{o}"\ngroup = "{g}"' for n, (o, g) in OWNERS.items()]
    settings.write_text("\n".join(named) + "\n", "utf-8")
    _bills(tmp_path / "sep")
    for october in (tmp_path / "sep").glob("*10月*"):
        october.unlink()
    db = str(tmp_path / "h.sqlite")
    common = ["--known", str(settings), "--db", db, "--json", "-", "-q"]
    assert run("audit", str(tmp_path / "sep"), "--as-of", "2026-10-05", *common).exit_code == 0
    cancelled = run(
        "record", "cancel", "--line", STRANGER, "--service", MIGU, "--on", "2026-10-06",
        "--db", db,
    )  # fmt: skip
    assert cancelled.exit_code == 0, cancelled.output
    _october(tmp_path / "oct", ["13900001111", "13900002222"])
    later = run("audit", str(tmp_path / "oct"), "--as-of", "2026-11-05", *common)
    assert later.exit_code == 0, later.output
    data = json.loads(later.stdout)
    assert [entry["line"] for entry in data["not_checked"]] == ["139****5678"]
