"""``auditor record --from REPORT.xlsx``: what the user typed into the Actions sheet's
Status, Ticket and Date columns becomes records, once."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from auditor import cli


@pytest.fixture
def english_commands(english, monkeypatch):
    """English, for a test of what an English-speaking user reads: the commands run
    here take their language from the environment."""
    monkeypatch.setenv("AUDITOR_LANG", "en")


MONTHLY = Path(__file__).resolve().parent.parent / "fixtures" / "monthly"
ACTIONS = "处理步骤 Actions"


def _audit(runner, db: Path, out: Path) -> None:
    result = runner.invoke(
        cli.main,
        ["audit", str(MONTHLY / "2026-10"), "--as-of", "2026-10-05", "--db", str(db),
         "-o", str(out), "-q"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output


def _type(report: Path, service: str, step: int, status, ticket=None, on=None) -> None:
    """Type into the Actions sheet's row of ``service``'s ``step``, as a person would."""
    book = openpyxl.load_workbook(report)
    sheet = book[ACTIONS]
    header = [c.value for c in sheet[1]]
    col = {name: header.index(name) + 1 for name in header}
    for row in range(2, sheet.max_row + 1):
        if (sheet.cell(row, col["业务 Service"]).value == service
                and sheet.cell(row, col["步骤 Step"]).value == step):  # fmt: skip
            sheet.cell(row, col["状态 Status"]).value = status
            sheet.cell(row, col["工单号 Ticket"]).value = ticket
            sheet.cell(row, col["日期 Date"]).value = on
    book.save(report)


def _records(runner, db: Path) -> list[dict]:
    shown = runner.invoke(cli.main, ["records", "--db", str(db), "--json", "-", "--no-mask"])
    assert shown.exit_code == 0, shown.output
    return json.loads(shown.stdout)


def test_typed_rows_become_records_once(tmp_path):
    runner, db, report = CliRunner(), tmp_path / "h.sqlite", tmp_path / "r.xlsx"
    _audit(runner, db, report)
    _type(report, "咪咕视频会员", 2, "已退订", "202610081234", "2026-10-08")
    _type(report, "视频彩铃订阅-酷电秀专属6元包", 3, "投诉", "C-77", "2026/10/09")
    result = runner.invoke(cli.main, ["record", "--from", str(report), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert result.stdout.count("recorded #") == 2
    records = {r["kind"]: r for r in _records(runner, db)}
    assert records["cancel"]["service"] == "咪咕视频会员"
    assert (records["cancel"]["on"], records["cancel"]["ticket"]) == ("2026-10-08", "202610081234")
    assert records["cancel"]["line"] == "13900001111" and records["cancel"]["finding"]
    assert (records["complaint"]["on"], records["complaint"]["ticket"]) == ("2026-10-09", "C-77")
    again = runner.invoke(cli.main, ["record", "--from", str(report), "--db", str(db)])
    assert again.exit_code == 0 and "nothing new to record" in again.stdout
    assert len(_records(runner, db)) == 2


@pytest.mark.usefixtures("english_commands")
def test_what_cannot_be_understood_is_named_by_its_row(tmp_path):
    runner, db, report = CliRunner(), tmp_path / "h.sqlite", tmp_path / "r.xlsx"
    _audit(runner, db, report)
    _type(report, "咪咕视频会员", 1, "打过电话了", "X1", "2026-10-08")
    _type(report, "咪咕视频会员", 2, "退款", None, "2026-10-08")
    _type(report, "咪咕视频会员", 3, "未退订", None, "2026-10-08")
    _type(report, "咪咕视频会员", 4, "退订失败", None, "2026-10-08")
    _type(report, "视频彩铃订阅-酷电秀专属6元包", 1, "退订", None, "2099-01-01")
    _type(report, "视频彩铃订阅-酷电秀专属6元包", 2, "取消投诉", None, "2026-10-08")
    _type(report, "视频彩铃订阅-酷电秀专属6元包", 3, "已投诉", "C-1", None)
    _type(report, "视频彩铃订阅-酷电秀专属6元包", 4, "2026-11-09 退款 15", None, "2026-10-08")
    result = runner.invoke(cli.main, ["record", "--from", str(report), "--db", str(db)])
    assert result.exit_code == 3, result.output  # not all understood: said, and the status
    lines = result.stderr.splitlines()
    assert len(lines) == 8 and all(line.startswith(f"auditor: {report}: row ") for line in lines)
    assert sum("none of 退订 cancel" in line for line in lines) == 5  # denials never taken
    assert any("refund without its amount" in line for line in lines)
    assert any("after today" in line for line in lines)
    assert any("without its date" in line for line in lines)
    assert _records(runner, db) == []


def test_a_refund_with_thousands_is_read_to_the_fen(tmp_path):
    runner, db, report = CliRunner(), tmp_path / "h.sqlite", tmp_path / "r.xlsx"
    _audit(runner, db, report)
    _type(report, "咪咕视频会员", 1, "已退款 ¥1,500.50", "R-9", "2026-10-20")
    result = runner.invoke(cli.main, ["record", "--from", str(report), "--db", str(db)])
    assert result.exit_code == 0, result.output
    [refund] = _records(runner, db)
    assert (refund["kind"], refund["amount"], refund["ticket"]) == ("refund", "1500.50", "R-9")


@pytest.mark.usefixtures("english_commands")
def test_a_file_that_is_no_report_is_one_line(tmp_path):
    runner, db = CliRunner(), tmp_path / "h.sqlite"
    _audit(runner, db, tmp_path / "r.xlsx")
    other = tmp_path / "other.xlsx"
    book = openpyxl.Workbook()
    book.save(other)
    result = runner.invoke(cli.main, ["record", "--from", str(other), "--db", str(db)])
    assert result.exit_code == 2
    assert result.stderr == f"auditor: {other}: no Actions sheet: not a report of this auditor\n"
