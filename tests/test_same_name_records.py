"""Records and display of two SP services billed under one name (信息费: A100 手机报, B200
游戏点播): one named by its finding or by its list's name ends that service alone, its
later charge a charge after cancellation; one typed by the name both go by is neither's
(refused once the history knows the two, counted for none and said when recorded
before)."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import openpyxl
import pytest
from cli_run import run
from test_same_name_claims import LINE, NAME, _actions, _audit, _bills, _by_list_name, _record

from auditor.history.same_name import apart

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
    # charged after the cancellation: the unknown 手机报 became that charge, not resolved
    assert data["resolved"] == []
    [grown] = data["now_findings"]
    assert (grown["id"], grown["finding"]) == (paper, _by_list_name(data)["手机报"]["id"])


def _recorded(tmp_path: Path) -> list[dict]:
    return json.loads(run("records", "--db", str(tmp_path / "h.sqlite"), "--json", "-").stdout)


@pytest.mark.parametrize("kind", ["cancel", "complaint", "appeal"])
def test_a_record_by_the_shared_name_is_refused_naming_both(tmp_path, kind):
    _bills(tmp_path / "bills")
    ids = sorted(f["id"] for f in _by_list_name(_audit(tmp_path, "2026-11-05")[0]).values())
    typed = _record(tmp_path, kind, "--line", LINE, "--service", NAME, "--on", "2026-11-06")
    assert typed.exit_code == 2, typed.output
    [said] = [line for line in typed.stderr.splitlines() if ids[0] in line]
    assert ids[1] in said and f"record {kind} --finding" in said, typed.stderr
    assert _recorded(tmp_path) == []
    # by a finding, or a list's own name, one is recorded
    for named in (["--finding", ids[0]], ["--line", LINE, "--service", "游戏点播"]):
        assert _record(tmp_path, kind, *named, "--on", "2026-11-06").exit_code == 0
    assert len(_recorded(tmp_path)) == 2


def test_a_cancellation_by_the_shared_name_recorded_before_is_neither_s(tmp_path):
    _bills(tmp_path / "bills")
    # typed before any audit told the two apart: kept, then counted for none
    early = _record(tmp_path, "cancel", "--line", LINE, "--service", NAME, "--on", "2026-10-06")
    assert early.exit_code == 0, early.output
    _november(tmp_path / "bills")
    data, result = _audit(tmp_path, "2026-12-05")
    found = _by_list_name(data)
    # neither list entry ended, and neither finding's steps take it as cancelled
    assert {name: f["rule"] for name, f in found.items()} == {
        "手机报": "unknown-vas",
        "游戏点播": "unknown-vas",
    }
    for finding in found.values():
        assert finding["records"] == []
        assert not any("You cancelled" in step["text"] for step in finding["actions"])
    assert data["summary"]["yearly"] == "192.00"  # both still cost what they did
    [said] = [line for line in result.stderr.splitlines() if "#1" in line]
    assert all(f["id"] in said for f in found.values()) and "--finding" in said, result.stderr


def test_a_cancellation_typed_on_a_row_of_both_is_asked_per_finding(tmp_path):
    """A report of an older auditor gave both one row (its Finding ids both)."""
    _bills(tmp_path / "bills")
    _audit(tmp_path, "2026-11-05")
    report = tmp_path / "2026-11-05.xlsx"
    book, sheet, col, rows = _actions(report)
    row = min(rows.values())
    sheet.cell(row, col["Finding ids"]).value = "\n".join(sorted(rows))
    sheet.cell(row, col["Status"]).value = "退订"
    sheet.cell(row, col["Date"]).value = "2026-11-06"
    book.save(report)
    result = run(
        "record", "--from", str(report), "--db", str(tmp_path / "h.sqlite"), "--lang", "en"
    )
    assert result.exit_code == 3, result.output
    [said] = [line for line in result.stderr.splitlines() if "--finding" in line]
    assert f"row {row}" in said and all(fid in said for fid in rows), result.stderr
    assert _recorded(tmp_path) == []
    # the row of each, as reports make them now, records each by its finding
    book, sheet, col, _ = _actions(report)
    for fid, row in rows.items():
        sheet.cell(row, col["Finding ids"]).value = fid
        sheet.cell(row, col["Status"]).value = "退订"
        sheet.cell(row, col["Date"]).value = "2026-11-06"
    book.save(report)
    result = run(
        "record", "--from", str(report), "--db", str(tmp_path / "h.sqlite"), "--lang", "en"
    )
    assert result.exit_code == 0, result.output
    assert sorted(r["finding"] for r in _recorded(tmp_path)) == sorted(rows)


def test_each_is_shown_told_apart_wherever_its_service_is(tmp_path):
    _bills(tmp_path / "bills")
    target, report = tmp_path / "zh.json", tmp_path / "zh.xlsx"
    result = run(
        "audit", str(tmp_path / "bills"), "--as-of", "2026-11-05", "--db",
        str(tmp_path / "h.sqlite"), "-o", str(report), "--json", str(target), "--lang", "zh",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    shown = {"信息费（手机报）", "信息费（游戏点播）"}
    data = json.loads(target.read_text("utf-8"))
    assert {f["service_shown"] for f in data["findings"]} == shown
    assert {f["service"] for f in data["findings"]} == {NAME}  # what --service takes
    terminal = [line for line in result.stdout.splitlines() if NAME in line]
    assert {s for s in shown for line in terminal if s in line} == shown, result.stdout
    listed = run("history", "--db", str(tmp_path / "h.sqlite"), "--lang", "zh").stdout
    assert all(s in listed for s in shown), listed
    book = openpyxl.load_workbook(report)
    for sheet in ("发现", "按业务", "处理步骤", "跟进", "按月发现"):
        cells = {c for row in book[sheet].iter_rows(values_only=True) for c in row}
        assert shown <= cells and NAME not in cells, sheet
    summary = "\n".join(str(c) for row in book["摘要"].iter_rows(values_only=True) for c in row)
    assert all(s in summary for s in shown), summary  # its things to do


def test_a_service_of_its_own_name_is_shown_as_it_is():
    def finding(fid, entry, line=LINE):
        return SimpleNamespace(
            id=fid, line=line, service=NAME, rule="unknown-vas", grouped_by=entry,
            names=(NAME, entry), details=SimpleNamespace(provider=""),
        )  # fmt: skip

    assert apart([finding("F1", "手机报")]) == {}  # one service by that name
    assert apart([finding("F1", "手机报"), finding("F2", "游戏点播", "13800002222")]) == {}
    assert apart([finding("F1", "手机报"), finding("F2", "游戏点播")]) == {
        "F1": "手机报",
        "F2": "游戏点播",
    }
    with_sp = finding("F1", "手机报")
    with_sp.details.provider = "某某科技"  # the history keeps no SP name: not shown
    assert apart([with_sp, finding("F2", "游戏点播")])["F1"] == "手机报"


def test_a_cancellation_by_the_shared_name_ends_no_charge_the_list_does_not_name(tmp_path):
    """The list names one coded entry (手机报, A100); the bills charge 信息费 under A100
    and B200 as well. A cancellation typed 信息费 before any audit counts for neither
    finding: it ends no charge either (B200's November is no charge after it), and the
    audit's warning names the findings it reports."""
    bills = _bills(tmp_path / "bills")
    listed = bills / f"{LINE}-已订业务.csv"
    rows = listed.read_text("utf-8").splitlines()
    listed.write_text("\n".join(r for r in rows if ",B200," not in r) + "\n", "utf-8")
    early = _record(tmp_path, "cancel", "--line", LINE, "--service", NAME, "--on", "2026-10-06")
    assert early.exit_code == 0, early.output
    _november(bills)
    data, result = _audit(tmp_path, "2026-12-05")
    found = [f for f in data["findings"] if f["service"] == NAME]
    assert sorted(f["rule"] for f in found) == ["unknown-vas", "unknown-vas"]
    assert all(f["records"] == [] and f["periods"][-1] == "2026-11" for f in found)
    [said] = [line for line in result.stderr.splitlines() if "#1" in line]
    assert all(f["id"] in said for f in found), result.stderr
