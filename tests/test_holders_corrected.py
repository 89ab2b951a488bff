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
from test_handed_over import EARLIER, LINE, MASKED, NEW, OLD, _audit, _bill, _by_owner

from auditor import lang
from auditor.holders import Holders, Unsaid, unsaid_note

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


def test_an_owner_renamed_in_the_settings_is_said_its_months_money_kept(tmp_path):
    """张玮 (a typo) audited in July, 张伟 in August: said once, on the terminal and in
    the Summary, with both names, the month and both ways to settle it; July's money
    stays 张玮's until ``renamed`` says it is the same person."""
    _audit(tmp_path, "2026-07", TYPO, "2026-08-05")
    said = _audit_said(tmp_path, "2026-08", OLD, "2026-09-05")
    note = (
        f"{MASKED} is 张伟 in the settings, 张玮 in the history for 2026-07: those months' "
        "money stays with the history's holder (as handed over). If a name was corrected, "
        'add renamed = { "张玮" = "张伟" } to the settings; if the line was handed over, add '
        'earlier = [{ owner = "张玮", group = "销售一部", until = "2026-07" }] to its '
        "[lines] table"
    )
    assert said.count(note) == 1, said
    assert LINE not in said
    summary = _summary_text(tmp_path, "2026-08")
    assert note in summary and LINE not in summary
    rows = _by_owner(tmp_path, "2026-08")
    assert ["销售一部", "张玮", 1, f"{MASKED} (2026-07, handed over)", 0, 0, 3.0] in rows
    # the name corrected: one owner, all of the money, nothing said
    said = _audit_said(tmp_path, "2026-08", 'renamed = { "张玮" = "张伟" }\n' + OLD, "2026-09-06")
    assert "renamed =" not in said and "renamed =" not in _summary_text(tmp_path, "2026-08")
    assert _by_owner(tmp_path, "2026-08")[1:] == [["销售一部", "张伟", 1, MASKED, 1, 1, 6.0, 36.0]]


@pytest.mark.parametrize("september, told", [(NEW, True), (EARLIER, False)])
def test_a_hand_over_the_settings_do_not_date_is_said(tmp_path, september, told):
    """李娜's from September, 张伟's before: with ``earlier`` saying so, nothing is said;
    with the owner written over alone, the months stay his and the user is asked which."""
    _audit(tmp_path, "2026-07", OLD, "2026-08-05")
    _audit(tmp_path, "2026-08", OLD, "2026-09-05")
    said = _audit_said(tmp_path, "2026-09", september, "2026-10-05")
    note = (
        f"{MASKED} is 李娜 (销售二部) in the settings, 张伟 (销售一部) in the history for "
        "2026-07, 2026-08"
    )
    assert (note in said, note in _summary_text(tmp_path, "2026-09")) == (told, told)
    assert ('renamed = { "张伟" = "李娜", "销售一部" = "销售二部" }' in said) == told
    # the money by month as it was either way: August 张伟's
    assert any(row[:2] == ["销售一部", "张伟"] for row in _by_owner(tmp_path, "2026-09"))


def test_unsaid_lines_are_counted_past_three_and_said_in_chinese():
    """Many lines are named three, the rest counted; a settings' blank name is no other
    holder's (nothing to say); the note in Chinese names the settings to add."""
    lines = [f"1380000000{n}" for n in range(5)]
    holders = Holders(
        owners={line: "李娜" for line in lines},
        groups={line: "" for line in lines},
        named=frozenset(lines),
        remembered={line: {"2026-07": ("张伟", "销售一部")} for line in lines},
    )
    unsaid = holders.unsaid()
    assert unsaid[0] == Unsaid(lines[0], ("张伟", "销售一部"), ("2026-07",), ("李娜", ""))
    assert len(unsaid) == 5
    lang.use("en")
    assert "; 2 more:" in unsaid_note(unsaid)
    lang.use("zh")
    try:
        note = unsaid_note(unsaid[:1])
    finally:
        lang.use("en")
    assert note.startswith("13800000000 设置为 李娜，历史记录中 2026-07 为 张伟：")
    assert 'renamed = { "张伟" = "李娜" }' in note  # the department left blank: not renamed
    assert 'earlier = [{ owner = "张伟", group = "销售一部", until = "2026-07" }]' in note
    blank = Holders(
        owners={lines[0]: ""},
        named=frozenset(lines[:1]),
        remembered={lines[0]: {"2026-07": ("张伟", "销售一部")}},
    )
    assert blank.unsaid() == [] and unsaid_note([]) == ""
