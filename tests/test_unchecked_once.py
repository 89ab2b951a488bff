"""The lines not checked are asked twice in one audit, and may differ: before the inputs
are stored (auditor.run: the masks, settled before the big sheets are staged) and after
the month's findings are (auditor.pipeline: the report's). A line not in the settings
given only its September bill, with a finding first found now, is pending only once
that finding is stored: the report names it not checked (its October bill to give),
the earlier ask does not. Its mask is told apart all the same (an input's line), from
the line of the same tail that was checked. A file an earlier run of the day stored, read
otherwise now (its line taken from a name since corrected), is forgotten by the report's
ask; the ask before storing leaves it out too (given_again.replaced_files), so that the
line it was misread as, named not checked, is masked apart from the line it is now."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_run import run

from auditor.history.db import open_history
from auditor.history.given_again import replaced_files
from auditor.history.unchecked import missing_bills
from auditor.pipeline import audit_inputs
from auditor.run import audit_options, prepare, read_planned

pytestmark = pytest.mark.usefixtures("december", "english")

MINE = "13900001111"  # in the settings, its October bill given: checked
STRANGER = "13912341111"  # not in them, its September bill alone, 咪咕 unknown on it


def _folder(tmp: Path) -> tuple[Path, Path]:
    """The bills (``MINE``'s October, ``STRANGER``'s September) and the settings naming
    ``MINE`` alone."""
    bills = tmp / "bills"
    bills.mkdir()
    for line, month, items in ((MINE, "202610", ""), (STRANGER, "202609", "15.00")):
        rows = [
            "手机号码,账期,费用类型,费用项目,金额(元)",
            f"{line},{month},套餐及固定费,4G飞享18元套餐,18.00",
        ]
        if items:
            rows.append(f"{line},{month},增值业务费,咪咕视频会员,{items}")
        total = "33.00" if items else "18.00"
        rows.append(f"{line},{month},合计,,{total}")
        (bills / f"{line}-账单-{month}.csv").write_text("\n".join(rows) + "\n", "utf-8")
    settings = tmp / "auditor.toml"
    settings.write_text(f'[lines."{MINE}"]\nowner = "甲"\n', "utf-8")
    return bills, settings


def test_the_report_asks_again_once_the_findings_are_stored(tmp_path):
    bills, settings = _folder(tmp_path)
    plan = prepare([bills], settings=settings, as_of="2026-11-05", report=tmp_path / "r.xlsx")
    done, options = read_planned(plan, jobs=1), audit_options(plan)
    with open_history(tmp_path / "h.sqlite") as db:
        before = missing_bills(db, done.results, plan.as_of, options.roster)
        with db.transaction():
            report = audit_inputs(done.results, options, db)
        after = missing_bills(db, done.results, plan.as_of, options.roster)
    assert [(f.line, f.rule) for f in report.findings] == [(STRANGER, "unknown-vas")]
    assert before == {}  # a stranger with nothing pending yet: not expected
    assert list(after) == [STRANGER] and after[STRANGER].wanted == ("2026-10",)
    assert [line.line for line in report.unchecked] == [STRANGER]


def test_the_line_not_checked_is_masked_apart_from_the_one_checked(tmp_path):
    bills, settings = _folder(tmp_path)
    target = tmp_path / "r.json"
    result = run(
        "audit", str(bills), "--as-of", "2026-11-05", "--known", str(settings),
        "--db", str(tmp_path / "h.sqlite"), "-o", str(tmp_path / "r.xlsx"),
        "--json", str(target),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(target.read_text("utf-8"))
    [line] = data["not_checked"]
    assert line["months_to_give"] == ["2026-10"]
    [finding] = data["findings"]
    shown = {each["line"] for each in data["summary"]["lines"]}
    # two masks, neither 139****1111: the stranger's finding and its line not checked
    # show one, the line checked the other
    assert len(shown) == 2 and "139****1111" not in shown
    assert finding["line"] == line["line"] and line["line"] in shown
    assert data["summary"]["masks_widened"] == 2
    assert line["line"] in result.stdout and STRANGER not in result.stdout


MISREAD, RIGHT = "13900003333", "13900013333"  # one mask, 139****3333, unless told apart


def _misread_then_renamed(tmp: Path) -> Path:
    """October's bill stating no line, audited on 11-05 as ``MISREAD``'s (its name's, a
    typo: 咪咕 found on it), then renamed ``RIGHT``'s for the next run of the day."""
    bills = tmp / "bills"
    bills.mkdir()
    first = bills / f"{MISREAD}-账单-202610.csv"
    rows = ["账期,费用类型,费用项目,金额(元)", "202610,套餐及固定费,4G飞享18元套餐,18.00"]
    rows += ["202610,增值业务费,咪咕视频会员,15.00", "202610,合计,,33.00"]
    first.write_text("\n".join(rows) + "\n", "utf-8")
    _cli(tmp, bills, "one.json")
    first.rename(bills / f"{RIGHT}-账单-202610.csv")
    return bills


def _cli(tmp: Path, bills: Path, target: str):
    """``auditor audit`` of ``bills`` on 2026-11-05 over ``tmp``'s history; its result."""
    result = run(
        "audit", str(bills), "--as-of", "2026-11-05", "--db", str(tmp / "h.sqlite"),
        "-o", str(tmp / f"{target}.xlsx"), "--json", str(tmp / target),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return result


def test_the_ask_before_storing_leaves_out_the_files_the_audit_replaces(tmp_path):
    bills = _misread_then_renamed(tmp_path)
    plan = prepare([bills], as_of="2026-11-05", report=tmp_path / "r.xlsx")
    done, options = read_planned(plan, jobs=1), audit_options(plan)
    with open_history(tmp_path / "h.sqlite") as db:
        replaced = replaced_files(db, done.results, plan.as_of)
        unaware = missing_bills(db, done.results, plan.as_of, options.roster)
        before = missing_bills(db, done.results, plan.as_of, options.roster, replaced)
        with db.transaction():
            report = audit_inputs(done.results, options, db)
        after = missing_bills(db, done.results, plan.as_of, options.roster)
        assert replaced_files(db, done.results, plan.as_of) == set()  # forgotten, stored anew
    assert replaced == {done.results[0].sha256}
    # the misread month held by the file replaced: not missing, unless it is left out
    assert unaware == {}
    assert list(before) == list(after) == [MISREAD]
    assert [line.line for line in report.unchecked] == [MISREAD]


def test_the_line_misread_before_is_masked_apart_from_the_line_read_now(tmp_path):
    bills = _misread_then_renamed(tmp_path)
    result = _cli(tmp_path, bills, "two.json")
    data = json.loads((tmp_path / "two.json").read_text("utf-8"))
    [line] = data["not_checked"]
    [finding] = data["findings"]
    assert line["line"] != finding["line"]
    assert "139****3333" not in {line["line"], finding["line"]}
    assert data["summary"]["masks_widened"] == 2
    assert f"not checked {line['line']}" in result.stdout
