"""Settings corrected after an audit are not a hand-over unless the user says so: an owner
filled in where the settings had none fills the months remembered blank (a blank is no
holder), and an owner or department written differently from the history's is said,
once an audit, on the terminal and in the Summary, with the two settings that settle it
(``renamed`` for a name corrected, ``earlier`` for a line handed over); meanwhile the
months' money stays with their holder remembered."""

from __future__ import annotations

import json
import sqlite3

import openpyxl
import pytest
from cli_run import run
from test_handed_over import MASKED, OLD, _audit, _bill, _by_owner

pytestmark = pytest.mark.usefixtures("english")

TYPO = OLD.replace("张伟", "张玮")
NO_OWNER = 'account = "company"\n[lines."13800000005"]\ngroup = "销售一部"\n'


def _audit_said(tmp, month: str, settings: str, as_of: str) -> str:
    """``month`` audited with ``settings`` into the history; what the terminal said."""
    known = tmp / f"{month}.toml"
    known.write_text('known_services = ["商旅套餐88元"]\n' + settings, "utf-8")
    out = tmp / f"r{month}"
    result = run(
        "audit", str(_bill(tmp / "bills", month)), "--known", str(known), "--as-of", as_of,
        "--db", str(tmp / "h.sqlite"), "-o", f"{out}.xlsx", "--json", f"{out}.json", "-q",
    )  # fmt: skip
    assert result.exit_code in (0, 1), result.output
    return result.output


def _summary_text(tmp, month: str) -> str:
    """Every text of the Summary sheet of ``month``'s report, one a line."""
    sheet = openpyxl.load_workbook(tmp / f"r{month}.xlsx")["Summary"]
    return "\n".join(str(c) for row in sheet.iter_rows(values_only=True) for c in row if c)


def test_an_owner_filled_in_later_fills_the_months_remembered_blank(tmp_path):
    """July audited with the line's department alone, August with its owner 张伟: July was
    no one else's, so his (no nameless owner handed over, no 'before: 销售一部')."""
    _audit(tmp_path, "2026-07", NO_OWNER, "2026-08-05")
    said = _audit_said(tmp_path, "2026-08", OLD, "2026-09-05")
    report = json.loads((tmp_path / "r2026-08.json").read_text("utf-8"))
    [finding] = report["findings"]
    assert (finding["owner"], finding["earlier_owners"]) == ("张伟", [])
    assert _by_owner(tmp_path, "2026-08")[1:] == [["销售一部", "张伟", 1, MASKED, 1, 1, 6.0, 36.0]]
    cells = [
        r[4]
        for r in openpyxl.load_workbook(tmp_path / "r2026-08.xlsx")["Findings"].iter_rows(
            values_only=True
        )
    ]
    assert "张伟" in cells and not any("before" in str(c) for c in cells)
    assert "renamed =" not in said  # nothing to settle
    # remembered so: a later hand-over written over the owner keeps July his
    with sqlite3.connect(tmp_path / "h.sqlite") as db:
        held = db.execute("SELECT period, owner, grp FROM line_holders ORDER BY period").fetchall()
    assert held == [("2026-07", "张伟", "销售一部"), ("2026-08", "张伟", "销售一部")]
