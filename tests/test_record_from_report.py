"""``auditor record --from REPORT.xlsx``: what the user typed into the Actions sheet's
Status, Ticket and Date columns becomes records, once, whatever the report's language."""

from __future__ import annotations

import json
import re
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from test_glossary import unglossed

from auditor import cli

MONTHLY = Path(__file__).resolve().parent.parent / "fixtures" / "monthly"
#: The Actions sheet and the columns typed into, as a report in each language names them.
NAMES = {
    "zh": ("处理步骤", "业务", "步骤", "状态", "工单号", "日期"),
    "en": ("Actions", "Service", "Step", "Status", "Ticket", "Date"),
}


def _audit(runner, db: Path, out: Path, language: str = "zh") -> None:
    result = runner.invoke(
        cli.main,
        ["audit", str(MONTHLY / "2026-10"), "--as-of", "2026-10-05", "--db", str(db),
         "-o", str(out), "-q", "--lang", language],
    )  # fmt: skip
    assert result.exit_code == 0, result.output


def _type(report: Path, service: str, step: int, status, ticket=None, on=None) -> None:
    """Type into the Actions sheet's row of ``service``'s ``step``, as a person would, in
    a report of either language."""
    book = openpyxl.load_workbook(report)
    language = "zh" if NAMES["zh"][0] in book.sheetnames else "en"
    name, service_col, step_col, status_col, ticket_col, date_col = NAMES[language]
    sheet = book[name]
    header = [c.value for c in sheet[1]]
    col = {name: header.index(name) + 1 for name in header}
    for row in range(2, sheet.max_row + 1):
        if (unglossed(sheet.cell(row, col[service_col]).value or "") == service
                and sheet.cell(row, col[step_col]).value == step):  # fmt: skip
            sheet.cell(row, col[status_col]).value = status
            sheet.cell(row, col[ticket_col]).value = ticket
            sheet.cell(row, col[date_col]).value = on
    book.save(report)


def _records(runner, db: Path) -> list[dict]:
    shown = runner.invoke(cli.main, ["records", "--db", str(db), "--json", "-", "--no-mask"])
    assert shown.exit_code == 0, shown.output
    return json.loads(shown.stdout)


def test_an_english_report_is_read_and_its_rows_recorded(tmp_path):
    runner, db, report = CliRunner(), tmp_path / "h.sqlite", tmp_path / "r.xlsx"
    _audit(runner, db, report, "en")
    assert "Actions" in openpyxl.load_workbook(report, read_only=True).sheetnames
    _type(report, "咪咕视频会员", 2, "cancelled", "202610081234", "2026-10-08")
    _type(report, "视频彩铃订阅-酷电秀专属6元包", 1, "refund", None, "2026-10-09")
    result = runner.invoke(
        cli.main, ["record", "--from", str(report), "--db", str(db), "--lang", "en"]
    )
    assert result.exit_code == 3, result.output  # the refund without its amount is said
    assert re.fullmatch(
        r"recorded #1: cancel 139\*\*\*\*1111 咪咕视频会员 \(finding F[0-9a-f]{12}\) on "
        r"2026-10-08 \(App, ticket 202610081234, r.xlsx row \d+\)\n",  # the step's channel
        result.stdout,
    )
    assert re.fullmatch(
        rf"auditor: {re.escape(str(report))}: row \d+: a refund without its amount "
        r"\('refund': write 退款 15.00\)\n",
        result.stderr,
    )
    [cancel] = _records(runner, db)
    assert (cancel["kind"], cancel["ticket"]) == ("cancel", "202610081234")
    assert re.fullmatch(r"r.xlsx row \d+", cancel["note"])


def test_a_report_of_an_earlier_auditor_is_read_too(tmp_path):
    """Before one language at a time, a report named its sheet and columns in both."""
    runner, db, report = CliRunner(), tmp_path / "h.sqlite", tmp_path / "r.xlsx"
    _audit(runner, db, report)
    _type(report, "咪咕视频会员", 2, "已退订", "202610081234", "2026-10-08")
    book = openpyxl.load_workbook(report)
    sheet = book["处理步骤"]
    sheet.title = "处理步骤 Actions"
    old = {"状态": "状态 Status", "工单号": "工单号 Ticket", "日期": "日期 Date"}
    old["编号"] = "编号 Finding ids"
    for cell in sheet[1]:
        cell.value = old.get(cell.value, cell.value)
    book.save(report)
    result = runner.invoke(cli.main, ["record", "--from", str(report), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("已记录 #1：退订 139****1111 咪咕视频会员（发现 F")
    assert "2026-10-08（手机营业厅，工单号 202610081234，r.xlsx 第 " in result.stdout


def test_what_cannot_be_understood_is_said_in_chinese(tmp_path):
    runner, db, report = CliRunner(), tmp_path / "h.sqlite", tmp_path / "r.xlsx"
    _audit(runner, db, report)
    _type(report, "咪咕视频会员", 1, "打过电话了", "X1", "2026-10-08")
    _type(report, "咪咕视频会员", 2, "退款", None, "2026-10-08")
    _type(report, "咪咕视频会员", 3, "退订", None, "2099-01-01")
    _type(report, "咪咕视频会员", 4, "已投诉", "C-1", None)
    result = runner.invoke(cli.main, ["record", "--from", str(report), "--db", str(db)])
    assert result.exit_code == 3, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 4 and all(line.startswith(f"auditor: {report}：第 ") for line in lines)
    said = "\n".join(lines)
    for words in ("退订、销户、投诉、申诉、退款 15.00", "退款没有写金额", "晚于今天", "没有日期"):
        assert words in said, words
    other = tmp_path / "other.xlsx"
    openpyxl.Workbook().save(other)
    none = runner.invoke(cli.main, ["record", "--from", str(other), "--db", str(db)])
    assert none.exit_code == 2 and none.stderr.startswith(f"auditor: {other}：没有「处理步骤」表")


def test_typed_rows_become_records_once(tmp_path):
    runner, db, report = CliRunner(), tmp_path / "h.sqlite", tmp_path / "r.xlsx"
    _audit(runner, db, report)
    _type(report, "咪咕视频会员", 2, "已退订", "202610081234", "2026-10-08")
    _type(report, "视频彩铃订阅-酷电秀专属6元包", 3, "投诉", "C-77", "2026/10/09")
    result = runner.invoke(cli.main, ["record", "--from", str(report), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert result.stdout.count("已记录 #") == 2
    records = {r["kind"]: r for r in _records(runner, db)}
    assert records["cancel"]["service"] == "咪咕视频会员"
    assert (records["cancel"]["on"], records["cancel"]["ticket"]) == ("2026-10-08", "202610081234")
    assert records["cancel"]["line"] == "13900001111" and records["cancel"]["finding"]
    assert (records["complaint"]["on"], records["complaint"]["ticket"]) == ("2026-10-09", "C-77")
    again = runner.invoke(cli.main, ["record", "--from", str(report), "--db", str(db)])
    assert again.exit_code == 0 and again.stdout == "没有新的记录\n"
    assert len(_records(runner, db)) == 2


@pytest.mark.usefixtures("english")
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
    # recorded, and said: far more than the service was ever charged (history/charged.py)
    assert result.exit_code == 3 and "退款 ¥1500.50 多于" in result.stderr, result.output
    [refund] = _records(runner, db)
    assert (refund["kind"], refund["amount"], refund["ticket"]) == ("refund", "1500.50", "R-9")


@pytest.mark.usefixtures("english")
def test_a_file_that_is_no_report_is_one_line(tmp_path):
    runner, db = CliRunner(), tmp_path / "h.sqlite"
    _audit(runner, db, tmp_path / "r.xlsx")
    other = tmp_path / "other.xlsx"
    book = openpyxl.Workbook()
    book.save(other)
    result = runner.invoke(cli.main, ["record", "--from", str(other), "--db", str(db)])
    assert result.exit_code == 2
    assert result.stderr == f"auditor: {other}: no Actions sheet: not a report of this auditor\n"


def test_a_row_for_two_findings_of_one_line_is_one_record_each_time(tmp_path):
    """A row stands for a service of a line the rules found twice (unknown, and a trial
    turned paid): a cancellation, a complaint or a refund typed there was done once, and
    is one record of the line and service, which both findings count as theirs; the
    refund is set against the service's months once. Given again, the report adds
    nothing, nor does it beside the records an earlier auditor made per finding."""
    from test_refunds_due import LINE, MIGU, bill

    runner, db, report = CliRunner(), tmp_path / "h.sqlite", tmp_path / "r.xlsx"
    bill(tmp_path / "oct", "2026-08", **{MIGU: "0.00"})
    bill(tmp_path / "oct", "2026-09", **{MIGU: "15.00"})
    audited = runner.invoke(
        cli.main,
        ["audit", str(tmp_path / "oct"), "--as-of", "2026-10-05", "--db", str(db),
         "-o", str(report), "--json", str(tmp_path / "oct.json"), "-q"],
    )  # fmt: skip
    assert audited.exit_code in (0, 1), audited.output
    found = json.loads((tmp_path / "oct.json").read_text("utf-8"))["findings"]
    ids = sorted(f["id"] for f in found if f["service"] == MIGU)
    assert len(ids) == 2  # unknown-vas and trial-to-paid
    _type(report, MIGU, 1, "投诉", "C-1", "2026-10-06")
    _type(report, MIGU, 2, "退订", "T-1", "2026-10-06")
    _type(report, MIGU, 3, "退款 10.00", None, "2026-10-20")
    result = runner.invoke(cli.main, ["record", "--from", str(report), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert result.stdout.count("已记录 #") == 3 and "（发现 F" not in result.stdout
    records = _records(runner, db)
    assert sorted(r["kind"] for r in records) == ["cancel", "complaint", "refund"]
    assert all((r["line"], r["service"], r["finding"]) == (LINE, MIGU, None) for r in records)
    again = runner.invoke(cli.main, ["record", "--from", str(report), "--db", str(db)])
    assert again.exit_code == 0 and again.stdout == "没有新的记录\n"
    # after them, the trial turned paid counts each record as its own, the refund once;
    # the unknown service, cancelled, waits for the bill after it (not resolved yet), its
    # month the trial's claim
    out = tmp_path / "again.json"
    audited = runner.invoke(
        cli.main,
        ["audit", str(tmp_path / "oct"), "--as-of", "2026-10-25", "--db", str(db),
         "-o", str(tmp_path / "again.xlsx"), "--json", str(out), "-q"],
    )  # fmt: skip
    assert audited.exit_code in (0, 1), audited.output
    shown = json.loads(out.read_text("utf-8"))
    [trial] = [f for f in shown["findings"] if f["rule"] == "trial-to-paid"]
    assert sorted(r["id"] for r in trial["records"]) == sorted(r["id"] for r in records)
    assert (trial["refunded"], trial["claimable"]) == ("10.00", "5.00")
    assert shown["resolved"] == [] and [r["rule"] for r in shown["waiting"]] == ["unknown-vas"]
    assert shown["summary"]["claimable"] == "5.00" and shown["refunds_due"] == []
    # records an earlier auditor made of the same rows, one per finding: nothing new
    for record in (r for r in records if r["kind"] != "refund"):
        undone = runner.invoke(cli.main, ["record", "undo", str(record["id"]), "--db", str(db)])
        assert undone.exit_code == 0, undone.output
    for fid in ids:
        for kind, ticket, on in (
            ("cancel", "T-1", "2026-10-06"),
            ("complaint", "C-1", "2026-10-06"),
        ):
            old = runner.invoke(
                cli.main,
                ["record", kind, "--line", LINE, "--finding", fid, "--on", on,
                 "--ticket", ticket, "--db", str(db)],
            )  # fmt: skip
            assert old.exit_code == 0, old.output
    result = runner.invoke(cli.main, ["record", "--from", str(report), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert (result.stdout, result.stderr) == ("没有新的记录\n", "")  # nor said undone


def test_a_row_for_several_lines_is_one_record_a_line(tmp_path):
    """A company's lines charged one unknown service share a row: what is typed there was
    done on each line, a record each (of its one finding); a refund typed there without
    each line's amount is no line's, and is said so."""
    runner, db, report = CliRunner(), tmp_path / "h.sqlite", tmp_path / "r.xlsx"
    lines = ("13900001111", "13900002222")
    for line in lines:
        rows = [
            "手机号码,账期,费用类型,费用项目,金额(元)",
            f"{line},202609,套餐及固定费,4G飞享18元套餐,18.00",
            f"{line},202609,增值业务费,咪咕视频会员,15.00",
            f"{line},202609,合计,,33.00",
        ]
        (tmp_path / "sep").mkdir(exist_ok=True)
        name = f"中国移动账单-2026年09月-{line}.csv"
        (tmp_path / "sep" / name).write_text("\n".join(rows) + "\n", "utf-8")
    audited = runner.invoke(
        cli.main,
        ["audit", str(tmp_path / "sep"), "--as-of", "2026-10-05", "--db", str(db),
         "-o", str(report), "-q"],
    )  # fmt: skip
    assert audited.exit_code in (0, 1), audited.output
    _type(report, "咪咕视频会员", 1, "退订", "T-1", "2026-10-06")
    _type(report, "咪咕视频会员", 2, "退款 15.00", None, "2026-10-20")
    result = runner.invoke(cli.main, ["record", "--from", str(report), "--db", str(db)])
    assert result.exit_code == 3, result.output
    assert "这项业务涉及 2 个号码，退款请写明每个号码退还的金额" in result.stderr
    records = _records(runner, db)
    assert sorted(r["line"] for r in records) == list(lines)
    assert {r["kind"] for r in records} == {"cancel"} and all(r["finding"] for r in records)
    again = runner.invoke(cli.main, ["record", "--from", str(report), "--db", str(db)])
    assert "已记录" not in again.stdout and len(_records(runner, db)) == 2


def test_a_day_typed_without_its_year_is_read_near_the_report_and_today():
    """11月6日 or 11/6 is when the user acted about the report: after it, or a little
    before, never after today; a day just ahead of today is a slip, refused, not the
    same day a year before. What to write is said with today's date."""
    from datetime import date

    from auditor import lang
    from auditor.history.typed_day import day_typed as _date

    report, today = date(2026, 11, 5), date(2026, 11, 26)
    for typed in ("11月6日", "11/6", "11月6号", "11-6", "１１月６日", "2026年11月6日", "2026/11/6"):
        assert _date(typed, report, today) == date(2026, 11, 6), typed
    assert _date(20261106, report, today) == date(2026, 11, 6)
    assert _date("10月6日", report, today) == date(2026, 10, 6)  # before the report
    # in January, December is the one just gone; October the one before the report
    january = date(2027, 1, 10)
    assert _date("12月28日", report, january) == date(2026, 12, 28)
    assert _date("10/6", report, january) == date(2026, 10, 6)
    assert _date("7月1日", report, january) == date(2026, 7, 1)
    # a report kept a year: of two days both between it and today, the later
    assert _date("11月6日", report, date(2027, 11, 20)) == date(2027, 11, 6)
    for typed, when, read in (("1/12", january, "2027-01-12"), ("11月6日", report, "2026-11-06")):
        with pytest.raises(ValueError, match=f"日期 {typed}（{read}）晚于今天"):
            _date(typed, report, when)
    for typed in ("明天", "13月1日", 11.6, "2026-02-30"):
        with pytest.raises(ValueError, match="不是日期（请写成 2026-11-26 或 11月26日）"):
            _date(typed, report, today)
    with pytest.raises(ValueError, match="请在“日期”列写 2026-11-26 或 11月26日"):
        _date(None, report, today)
    with lang.using("en"), pytest.raises(ValueError, match=r"write it as 2026-11-26 or 11/26\)"):
        _date("tomorrow", report, today)


@pytest.mark.usefixtures("december")
def test_days_typed_without_their_year_are_recorded(tmp_path):
    runner, db, report = CliRunner(), tmp_path / "h.sqlite", tmp_path / "r.xlsx"
    _audit(runner, db, report)  # as of 2026-10-05; today 2026-12-31
    _type(report, "咪咕视频会员", 2, "退订", None, "10月8日")
    _type(report, "视频彩铃订阅-酷电秀专属6元包", 3, "投诉", "C-77", "10/9")
    # nearer the report's date (its title says it) than next June is to today
    _type(report, "咪咕视频会员", 3, "投诉", "C-1", "6月1日")
    result = runner.invoke(cli.main, ["record", "--from", str(report), "--db", str(db)])
    assert result.exit_code == 0, result.output
    days = sorted(r["on"] for r in _records(runner, db))
    assert days == ["2026-06-01", "2026-10-08", "2026-10-09"]
