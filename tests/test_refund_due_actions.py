"""A refund due has its row in the Actions sheet: what to ask back, its finding's id and
the empty Status, Ticket and Date columns, so that a refund (or a complaint) typed there
is recorded by ``auditor record --from`` against that finding, as on a finding's row."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from cli_run import run
from test_record_from_report import NAMES
from test_refunds_due import LINE, MIGU, audit, bill

pytestmark = pytest.mark.usefixtures("december", "english")


def cancelled_and_stopped(tmp: Path, *extra: str) -> dict:
    """咪咕 charged in September and October, cancelled on 11-06, no longer on November's
    bill: the December audit's report (its JSON) holds 30.00 due."""
    bill(tmp / "nov", "2026-09", **{MIGU: "15.00"}, 手机报="3.00")
    bill(tmp / "nov", "2026-10", **{MIGU: "15.00"}, 手机报="3.00")
    audit(tmp, tmp / "nov", "2026-11-05")
    done = run("record", "cancel", "--line", LINE, "--service", MIGU, "--on", "2026-11-06",
               "--db", str(tmp / "h.sqlite"))  # fmt: skip
    assert done.exit_code == 0, done.output
    bill(tmp / "dec", "2026-11", 手机报="3.00")
    return audit(tmp, tmp / "dec", "2026-12-05", *extra)


def actions_sheet(report: Path) -> tuple[list[str], list[tuple]]:
    """The Actions sheet's header and rows, in either language."""
    book = openpyxl.load_workbook(report, read_only=True)
    name = next(n for n in (NAMES["zh"][0], NAMES["en"][0]) if n in book.sheetnames)
    rows = list(book[name].iter_rows(values_only=True))
    book.close()
    return [str(c) for c in rows[0]], rows[1:]


def type_on(report: Path, fid: str, status: str, ticket: str | None, on: str) -> int:
    """Type into the row whose finding ids are ``fid`` alone; its row number."""
    book = openpyxl.load_workbook(report)
    sheet = book[next(n for n in (NAMES["zh"][0], NAMES["en"][0]) if n in book.sheetnames)]
    header = [c.value for c in sheet[1]]
    ids = header.index("Finding ids" if "Status" in header else "编号") + 1
    status_col = header.index("Status" if "Status" in header else "状态") + 1
    [row] = [r for r in range(2, sheet.max_row + 1) if sheet.cell(r, ids).value == fid]
    for offset, value in enumerate((status, ticket, on)):  # Status, Ticket, Date in order
        sheet.cell(row, status_col + offset).value = value
    book.save(report)
    return row


def record_from(tmp: Path, report: Path):
    result = run("record", "--from", str(report), "--db", str(tmp / "h.sqlite"), "--no-mask")
    assert result.exit_code == 0, result.output
    return result


def test_a_refund_due_has_its_row_after_the_findings_steps(tmp_path):
    december = cancelled_and_stopped(tmp_path)
    [due] = december["refunds_due"]
    header, rows = actions_sheet(tmp_path / "dec.xlsx")
    col = {name: header.index(name) for name in header}
    [mine] = [r for r in rows if r[col["Finding ids"]] == due["id"]]
    assert rows[-1] == mine  # after every finding's steps
    shown = (mine[col["Service"]], mine[col["Lines"]], mine[col["Step"]])
    assert shown == (f"{MIGU} (Migu video membership)", "139****1111", 1)  # glossed
    assert mine[col["#"]] > max(r[col["#"]] for r in rows[:-1])  # a number of its own
    what = mine[col["What to do"]]
    assert what.startswith(due["next"]["text"] + "\n")  # Follow-up's and the JSON's step
    assert "type refund 30.00 (what came back) in this row's Status" in what
    assert mine[col["By"]].date().isoformat() == due["due"]
    assert [mine[col[name]] for name in ("Status", "Ticket", "Date")] == [None, None, None]


def test_a_refund_typed_on_its_row_is_recorded_and_nothing_is_due_after(tmp_path):
    [due] = cancelled_and_stopped(tmp_path)["refunds_due"]
    report = tmp_path / "dec.xlsx"
    row = type_on(report, due["id"], "退款 30.00", "R-5", "2026-12-10")
    said = record_from(tmp_path, report).stdout
    typed = tmp_path / "typed.xlsx"  # the next audit writes dec.xlsx anew
    typed.write_bytes(report.read_bytes())
    assert said == (
        f"recorded #2: refund {LINE} {MIGU} (finding {due['id']}) on 2026-12-10 "
        f"(ticket R-5, ¥30.00, dec.xlsx row {row})\n"  # not the row's channel: no step
    )
    again = audit(tmp_path, tmp_path / "dec", "2026-12-15")
    assert again["refunds_due"] == [] and again["summary"]["refunds_due"] == "0.00"
    _, rows = actions_sheet(report)  # the new report (dec.xlsx again) has no such row
    assert all(due["id"] not in str(r) for r in rows)
    assert record_from(tmp_path, typed).stdout == "nothing new to record\n"  # once


def test_a_partial_refund_typed_leaves_the_rest_due(tmp_path):
    [due] = cancelled_and_stopped(tmp_path)["refunds_due"]
    type_on(tmp_path / "dec.xlsx", due["id"], "refund 10.00", None, "2026-12-10")
    record_from(tmp_path, tmp_path / "dec.xlsx")
    [left] = audit(tmp_path, tmp_path / "dec", "2026-12-15")["refunds_due"]
    assert (left["id"], left["unrefunded"], left["refunded"]) == (due["id"], "20.00", "10.00")
    assert left["periods"] == ["2026-09", "2026-10"]  # 5.00 of September still out
    _, rows = actions_sheet(tmp_path / "dec.xlsx")
    [mine] = [r for r in rows if due["id"] in str(r)]
    assert "type refund 20.00 (what came back)" in str(mine)


def test_a_complaint_typed_on_its_row_is_the_findings_record(tmp_path):
    [due] = cancelled_and_stopped(tmp_path)["refunds_due"]
    type_on(tmp_path / "dec.xlsx", due["id"], "投诉", "C-42", "2026-12-08")
    record_from(tmp_path, tmp_path / "dec.xlsx")
    shown = run("records", "--db", str(tmp_path / "h.sqlite"), "--json", "-", "--no-mask")
    complaint = [r for r in json.loads(shown.stdout) if r["kind"] == "complaint"]
    assert [(c["finding"], c["line"], c["service"], c["ticket"]) for c in complaint] == [
        (due["id"], LINE, MIGU, "C-42")
    ]
    [still] = audit(tmp_path, tmp_path / "dec", "2026-12-15")["refunds_due"]
    assert still["unrefunded"] == "30.00"  # a complaint is no refund


def test_a_chinese_reports_refund_row_is_read_alike(tmp_path):
    [due] = cancelled_and_stopped(tmp_path, "--lang", "zh")["refunds_due"]
    header, rows = actions_sheet(tmp_path / "dec.xlsx")
    [mine] = [r for r in rows if r[header.index("编号")] == due["id"]]
    assert "退还后在本行「状态」写 退款 30.00" in mine[header.index("内容")]
    type_on(tmp_path / "dec.xlsx", due["id"], "已退款 ¥30.00", None, "2026/12/10")
    record_from(tmp_path, tmp_path / "dec.xlsx")
    assert audit(tmp_path, tmp_path / "dec", "2026-12-15")["refunds_due"] == []
