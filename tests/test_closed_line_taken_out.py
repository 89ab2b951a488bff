"""A line closed (销户) and taken out of the settings while a refund is still due on it
(t12's defect 5): it stays its owner's and department's as the history remembers its
months, never "not in the settings", and ``auditor forget --line`` is not suggested
while money is owed on it. A stranger's line not checked is "not in the settings" alike
in the terminal, By owner and the JSON's ``summary.not_in_settings``."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from cli_run import run

pytestmark = pytest.mark.usefixtures("english")

HEADER = "号码,费用月份,费用类型,项目名称,费用（元）,服务提供商"
KEPT, CLOSED = "13800000001", "13800000006"
TABLE = '[lines."{}"]\nowner = "{}"\ngroup = "{}"\n'
BEFORE = TABLE.format(KEPT, "赵一", "销售一部") + TABLE.format(CLOSED, "吴五", "销售二部")
AFTER = TABLE.format(KEPT, "赵一", "销售一部")


def _bill(folder: Path, month: str, lines: dict[str, bool]) -> Path:
    """``month``'s company bill of ``lines``, each charged 3.00 of SP when True."""
    folder = folder / month
    folder.mkdir(parents=True, exist_ok=True)
    rows = [HEADER]
    for line, sp in lines.items():
        rows.append(f"{line},{month},月固定费,商旅套餐88元,88.00,")
        if sp:
            rows.append(f"{line},{month},代收费（信息费）,手机报-财经早晚报,3.00,北京某某")
        rows.append(f"{line},{month},实际应缴合计,,{91 if sp else 88}.00,")
    (folder / f"中国移动集团账单-{month}.csv").write_text("\n".join(rows) + "\n", "utf-8")
    return folder


def _audit(tmp: Path, month: str, lines: dict[str, bool], settings: str, as_of: str):
    known = tmp / f"{month}.toml"
    known.write_text('account = "company"\nknown_services = ["商旅套餐88元"]\n' + settings)
    out = tmp / f"r{month}"
    result = run(
        "audit", str(_bill(tmp / "bills", month, lines)), "--known", str(known),
        "--as-of", as_of, "--db", str(tmp / "h.sqlite"), "-o", f"{out}.xlsx",
        "--json", f"{out}.json",
    )  # fmt: skip
    assert result.exit_code in (0, 1), result.output
    sheets = openpyxl.load_workbook(f"{out}.xlsx")
    return result, json.loads(Path(f"{out}.json").read_text("utf-8")), sheets


def _rows(sheet) -> list[list]:
    return [[c for c in row if c is not None] for row in sheet.iter_rows(values_only=True)]


def _closed_after_two_months(tmp_path, line: str, settings) -> None:
    """July and August audited with ``line`` charged 手机报, then the line recorded closed
    (its service cancelled on 2026-09-06)."""
    for month, as_of in (("2026-07", "2026-08-05"), ("2026-08", "2026-09-05")):
        _audit(tmp_path, month, {KEPT: False, line: True}, settings, as_of)
    db = str(tmp_path / "h.sqlite")
    closed = run("record", "cancel", "--line", line, "--service", "手机报-财经早晚报",
                 "--line-closed", "--on", "2026-09-06", "--db", db)  # fmt: skip
    assert closed.exit_code == 0, closed.output


def test_a_closed_line_taken_out_keeps_its_department_and_its_refund_due(tmp_path):
    _closed_after_two_months(tmp_path, CLOSED, BEFORE)
    result, report, sheets = _audit(tmp_path, "2026-09", {KEPT: False}, AFTER, "2026-10-05")
    [line] = report["not_checked"]
    assert (line["owner"], line["group"], line["at_stake"]) == ("吴五", "销售二部", "6.00")
    assert report["summary"]["not_in_settings"] == []
    assert "not in the settings" not in result.output
    rows = _rows(sheets["By owner"])
    assert ["销售二部", "吴五", 1, "138****0006 (not checked)", 0, 0, 6.0] in rows
    assert not any("Not in the settings" in str(row) for row in rows)
    summary = " ".join(str(c) for row in _rows(sheets["Summary"]) for c in row)
    assert "forget" not in summary  # money is owed on it: never to forget
    assert "138****0006 (吴五)" in summary


def test_a_strangers_closed_line_not_checked_is_not_in_the_settings_everywhere(tmp_path):
    """A line the settings never named, recorded closed with a refund due: By owner and
    the terminal call it not in the settings, and so does the JSON's summary now (it
    listed none, its totals 0)."""
    stranger = "13900000009"
    _closed_after_two_months(tmp_path, stranger, AFTER)
    result, report, sheets = _audit(tmp_path, "2026-09", {KEPT: False}, AFTER, "2026-10-05")
    assert [line["line"] for line in report["not_checked"]] == ["139****0009"]
    assert report["summary"]["not_in_settings"] == ["139****0009"]
    assert report["summary"]["not_in_settings_totals"]["lines"] == 1
    assert "139****0009 (not in the settings)" in result.output
    rows = _rows(sheets["By owner"])
    assert any(row[:1] == ["Not in the settings"] and "139****0009" in row[2] for row in rows), rows


def test_a_line_taken_out_whose_bill_still_comes_is_its_last_owners_not_a_strangers(tmp_path):
    """The settings no longer name the line, its bill is still in the folder: the history
    remembers it 吴五's, so no notice calls it a stranger's and its money stays counted."""
    _audit(tmp_path, "2026-07", {KEPT: False, CLOSED: True}, BEFORE, "2026-08-05")
    result, report, sheets = _audit(
        tmp_path, "2026-08", {KEPT: False, CLOSED: True}, AFTER, "2026-09-05"
    )
    assert "not in your settings" not in result.output
    assert report["summary"]["not_in_settings"] == []
    assert report["summary"]["claimable"] == "6.00"
    assert ["销售二部", "吴五", 1, "138****0006", 1, 1, 6.0, 36.0] in _rows(sheets["By owner"])
