"""What is pending on a line not checked is on the Actions sheet, to be typed into.

The two lines of :mod:`test_unchecked_lines`: November's folder lacks the second line's
bill, its 手机报 still open and 咪咕's 15.00 due (cancelled on 10-08). Their rows on
November's Actions sheet say the line was not checked; a refund, a complaint and its
ticket typed there are recorded by ``auditor record --from`` against that line and
finding, as on a checked line's row, and the next audit settles the refund due, the line
still named as not checked until its bill comes back.
"""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from cli_run import run
from test_glossary import unglossed
from test_refund_due_actions import actions_sheet, type_on
from test_unchecked_lines import OTHER, _audit, _folders, _record

pytestmark = pytest.mark.usefixtures("december")

SHOWN = "139****2222"  # the second line, as every output masks it
WHO = f"{SHOWN} 李娜"  # ... with its owner, as a row's Lines cell names it
OWNERS = '[lines."13900001111"]\nowner = "张伟"\n[lines."13900002222"]\nowner = "李娜"\n'


@pytest.fixture
def november(tmp_path):
    """October audited (both lines, their owners in the settings), 咪咕 cancelled on the
    second, November audited without its bill, in the language asked (``--lang``: the
    test's own, Chinese by default); the folders and November's JSON."""

    def audited(language: str = "zh") -> tuple[dict[str, Path], dict]:
        settings = tmp_path / "auditor.toml"
        settings.write_text(OWNERS, "utf-8")
        folders = _folders(tmp_path)
        known = ("--known", str(settings))
        _audit(tmp_path, folders["2026-10"], "2026-10", "-q", *known)
        _record(tmp_path, "cancel", "--service", "咪咕视频会员", "--on", "2026-10-08")
        _, data = _audit(tmp_path, folders["2026-11"], "2026-11", "--lang", language, *known)
        return folders, data

    return audited


def _report(tmp_path: Path) -> Path:
    return tmp_path / "out" / "2026-11.xlsx"


def _rows_of(tmp_path: Path, fid: str) -> list[dict]:
    """The Actions rows of the group whose first row's finding ids are ``fid``: its
    steps (a refund due's one row), as dicts by header."""
    header, rows = actions_sheet(_report(tmp_path))
    rows = [dict(zip(header, row, strict=True)) for row in rows]
    ids, number = next((n, n) for n in ("编号", "Finding ids") if n in header)[0], header[0]
    [first] = [row for row in rows if row[ids] == fid]
    return [row for row in rows if row[number] == first[number]]


def _typed(tmp_path: Path, language: str = "zh"):
    """``auditor record --from`` November's report; its result (exit 0)."""
    result = run("record", "--from", str(_report(tmp_path)), "--db", str(tmp_path / "h.sqlite"),
                 "--no-mask", "--lang", language)  # fmt: skip
    assert result.exit_code == 0, result.output
    return result


def _audit_on(tmp_path: Path, folder: Path, day: str, *extra: str) -> dict:
    """``auditor audit`` of ``folder`` dated ``day`` (with the owners' settings, where
    written), its outputs named after it; its JSON."""
    out, settings = tmp_path / "out", tmp_path / "auditor.toml"
    known = ("--known", str(settings)) if settings.exists() else ()
    result = run(
        "audit", str(folder), "--as-of", day, "--db", str(tmp_path / "h.sqlite"), "-q",
        *known, "-o", str(out / f"{day}.xlsx"), "--json", str(out / f"{day}.json"), *extra,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return json.loads((out / f"{day}.json").read_text("utf-8"))


def _records(tmp_path: Path) -> list[dict]:
    shown = run("records", "--db", str(tmp_path / "h.sqlite"), "--json", "-", "--no-mask")
    assert shown.exit_code == 0, shown.output
    return json.loads(shown.stdout)


def test_its_finding_and_refund_due_have_rows_marked_not_checked(november, tmp_path):
    _, data = november("en")
    [line] = data["not_checked"]
    [finding], [due] = line["findings"], line["refunds_due"]
    steps = _rows_of(tmp_path, finding["id"])
    first = steps[0]
    glossed = "手机报-新闻早晚报 (SMS news service)"  # (in an English report)
    assert (first["Service"], first["Lines"], first["Step"]) == (glossed, WHO, 1)
    assert first["What to do"].startswith(
        "No bill of this line in this audit, so it was not checked: give its bill for "
        "2026-10 and audit again\nCall 10086 and ask what 「手机报-新闻早晚报」 is"
    )
    assert len(steps) > 5 and {"Complaint", "Appeal"} <= {row["Channel"] for row in steps}
    [refund] = _rows_of(tmp_path, due["id"])
    assert (unglossed(refund["Service"]), refund["Lines"]) == ("咪咕视频会员", WHO)
    assert refund["What to do"].startswith("No bill of this line in this audit")
    assert "type refund 15.00 (what came back) in this row's Status" in refund["What to do"]
    assert refund["By"].date().isoformat() == due["due"]
    for row in (*steps, refund):  # to be typed into, and shaded as on Follow-up
        assert [row[name] for name in ("Status", "Ticket", "Date")] == [None, None, None]
    sheet = openpyxl.load_workbook(_report(tmp_path))["Actions"]
    shades = {cell.row: cell.fill.fgColor.rgb[-6:] for cell in sheet["B"][1:]}
    carried = [n for n in shades if sheet.cell(n, 3).value == WHO]
    assert carried and {shades[n] for n in carried} == {"DDEBF7"}
    assert OTHER not in str([[c.value for c in row] for row in sheet.iter_rows()])


def test_a_refund_typed_on_its_row_settles_the_refund_due(november, tmp_path):
    folders, data = november()
    [line] = data["not_checked"]
    [due] = line["refunds_due"]
    [row] = _rows_of(tmp_path, due["id"])
    assert row["内容"].startswith("本次没有该号码的账单，未核对：请提供其 2026-10 账单再检查\n")
    assert "退还后在本行「状态」写 退款 15.00" in row["内容"]
    number = type_on(_report(tmp_path), due["id"], "已退款 ¥15.00", "R-7", "2026-11-10")
    said = _typed(tmp_path, "en").stdout
    assert said == (
        f"recorded #2: refund {OTHER} 咪咕视频会员 (finding {due['id']}) on 2026-11-10 "
        f"(ticket R-7, ¥15.00, 2026-11.xlsx row {number})\n"
    )
    [refund] = [r for r in _records(tmp_path) if r["kind"] == "refund"]
    assert (refund["line"], refund["finding"], refund["amount"]) == (OTHER, due["id"], "15.00")
    # between audits, auditor history: nothing due on the line any more, the refund told
    told = run("history", "--db", str(tmp_path / "h.sqlite"), "--line", OTHER, "--json", "-",
               "--no-mask")  # fmt: skip
    assert told.exit_code == 0, told.output
    [held] = json.loads(told.stdout)["lines"]
    assert held["refunds_due"] == []
    # ... nor open again (cancelled, refunded: as an audit today resolves it), 手机报 still
    assert [f["service"] for f in held["findings"]["listed"]] == ["手机报-新闻早晚报"]
    assert held["findings"]["resolved"] == 1
    assert [(d["service"], d["refunded"]) for d in held["refunds_closed"]] == [
        ("咪咕视频会员", "15.00")
    ]
    # the next audit, its bill still not given: the refund due settled, the line still
    # not checked for its 手机报, 3.00 at stake
    again = _audit_on(tmp_path, folders["2026-11"], "2026-11-12")
    [line] = again["not_checked"]
    assert line["refunds_due"] == [] and line["at_stake"] == "3.00"
    assert [f["service"] for f in line["findings"]] == ["手机报-新闻早晚报"]
    assert again["summary"]["not_checked_at_stake"] == "3.00"
    told = run("history", "--db", str(tmp_path / "h.sqlite"), "--line", OTHER, "--lang", "en")
    # (its owner named from the settings the last audit read)
    assert told.stdout.startswith(f"{SHOWN} (李娜): findings 1 open, 1 resolved; records 2\n")
    # its bill given in December: followed as before, 咪咕 resolved with its refund, nothing
    # due nor not checked
    december = _audit_on(tmp_path, folders["2026-12"], "2026-12-05")
    assert december["not_checked"] == []
    assert [d for d in december["refunds_due"] if d["line"] == SHOWN] == []
    [resolved] = [r for r in december["resolved"] if r["line"] == SHOWN]
    assert (resolved["service"], resolved["refunded"]) == ("咪咕视频会员", "15.00")


def test_between_audits_a_finding_refunded_in_full_is_no_longer_open(tmp_path):
    # October audited; 咪咕 cancelled and its 15.00 refunded before any audit since: an
    # audit today would resolve it, its money back, so auditor history shows it refunded
    folders = _folders(tmp_path)
    _audit(tmp_path, folders["2026-10"], "2026-10", "-q")
    _record(tmp_path, "cancel", "--service", "咪咕视频会员", "--on", "2026-10-08")
    _record(tmp_path, "refund", "--service", "咪咕视频会员", "--on", "2026-10-20",
            "--amount", "15.00")  # fmt: skip
    told = run("history", "--db", str(tmp_path / "h.sqlite"), "--line", OTHER, "--json", "-")
    [held] = json.loads(told.stdout)["lines"]
    assert [f["service"] for f in held["findings"]["listed"]] == ["手机报-新闻早晚报"]
    assert held["findings"]["resolved"] == 1 and held["refunds_due"] == []
    assert [d["service"] for d in held["refunds_closed"]] == ["咪咕视频会员"]


def test_a_complaint_typed_on_its_findings_row_is_that_findings(november, tmp_path):
    folders, data = november("en")
    [line] = data["not_checked"]
    [finding] = line["findings"]
    steps = _rows_of(tmp_path, finding["id"])
    [complaint] = [row for row in steps if row["Channel"] == "Complaint"]
    book = openpyxl.load_workbook(_report(tmp_path))
    sheet = book["Actions"]
    header = [cell.value for cell in sheet[1]]
    [at] = [
        n
        for n in range(2, sheet.max_row + 1)
        if sheet.cell(n, 1).value == complaint["#"] and sheet.cell(n, 4).value == complaint["Step"]
    ]
    for name, value in (("Status", "已投诉"), ("Ticket", "C-88"), ("Date", "2026-11-09")):
        sheet.cell(at, header.index(name) + 1).value = value
    book.save(_report(tmp_path))
    said = _typed(tmp_path, "en").stdout
    assert said == (
        f"recorded #2: complaint {OTHER} 手机报-新闻早晚报 (finding {finding['id']}) on "
        f"2026-11-09 (Complaint, ticket C-88, 2026-11.xlsx row {at})\n"
    )  # made through the Complaint row's complaint line: its channel kept
    # the next audit carries it with the finding, the line still not checked
    again = _audit_on(tmp_path, folders["2026-11"], "2026-11-12", "--lang", "en")
    [line] = again["not_checked"]
    [still] = line["findings"]
    assert [(r["kind"], r["ticket"]) for r in still["records"]] == [("complaint", "C-88")]
    assert "complaint" in still["next"]["text"].lower()


def _by_owner(report: Path, name: str) -> list[dict]:
    """The By owner sheet's rows, as dicts by header."""
    book = openpyxl.load_workbook(report, read_only=True)
    rows = list(book[name].iter_rows(values_only=True))
    book.close()
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_by_owner_keeps_the_line_under_its_owner_its_money_apart(november, tmp_path):
    folders, data = november("en")
    [line] = data["not_checked"]
    rows = {row["Owner"]: row for row in _by_owner(_report(tmp_path), "By owner")}
    assert list(rows) == ["张伟", "李娜", "Total"] and rows["Total"]["Group"] == "All"
    mine = rows["李娜"]
    assert (mine["Lines"], mine["Which lines"]) == (1, f"{SHOWN} (not checked)")
    # not this audit's findings nor money: apart, as the Summary keeps it
    assert (mine["Findings"], mine["To act on"], mine["Disputed"], mine["Refunds due"]) == (
        0, 0, None, None,
    )  # fmt: skip
    assert mine["Not checked, at stake"] == 18.0 == float(line["at_stake"])
    assert rows["张伟"]["Not checked, at stake"] is None
    total = rows["Total"]
    assert total["Lines"] == 2 and total["Not checked, at stake"] == 18.0
    assert total["Disputed"] == float(data["summary"]["claimable"])  # this month's alone
    # every line checked in December: no such column (in Chinese)
    december = _audit_on(tmp_path, folders["2026-12"], "2026-12-05", "--lang", "zh")
    assert december["not_checked"] == []
    header = _by_owner(tmp_path / "out" / "2026-12-05.xlsx", "按机主")[0]
    assert "未核对号码仍涉及" not in header and "号码数" in header


def test_by_owner_in_chinese_names_it_not_checked(november, tmp_path):
    november()
    rows = {row["机主"]: row for row in _by_owner(_report(tmp_path), "按机主")}
    assert rows["李娜"]["号码"] == f"{SHOWN}（未核对）"
    assert rows["李娜"]["未核对号码仍涉及"] == 18.0


def test_a_closed_lines_refunds_due_have_rows_saying_it_was_closed(tmp_path):
    folders = _folders(tmp_path)
    _audit(tmp_path, folders["2026-10"], "2026-10", "-q")
    _record(tmp_path, "cancel", "--service", "咪咕视频会员", "--on", "2026-10-08")
    _record(tmp_path, "cancel", "--service", "手机报-新闻早晚报", "--on", "2026-10-09",
            "--line-closed")  # fmt: skip
    _, data = _audit(tmp_path, folders["2026-11"], "2026-11", "--lang", "en")
    [line] = data["not_checked"]
    dues = {due["service"]: due for due in line["refunds_due"]}
    for service, due in dues.items():
        [row] = _rows_of(tmp_path, due["id"])
        assert unglossed(row["Service"]) == service
        assert row["What to do"].startswith(
            "The line was closed, so no bill is coming: the refund below is still due"
        )
    type_on(_report(tmp_path), dues["手机报-新闻早晚报"]["id"], "refund 3.00", None, "2026-11-10")
    _typed(tmp_path)
    again = _audit_on(tmp_path, folders["2026-11"], "2026-11-12")
    [line] = again["not_checked"]
    assert [due["service"] for due in line["refunds_due"]] == ["咪咕视频会员"]
    assert line["at_stake"] == "15.00"


def test_a_line_not_checked_is_named_even_past_the_tenth_of_its_owners():
    """Past the tenth, an owner's lines are counted, not named: the one not checked is
    named first, marked, not hidden among those counted (a reviewer's finding)."""
    from datetime import date

    from auditor.audit_report import AuditReport
    from auditor.lang import using
    from auditor.writers.by_owner import _Owned, _owner_row

    members = [(f"139000000{n:02d}", ("张伟", "")) for n in range(12)]
    owned = _Owned([], {}, {}, {}, {}, {}, away_fen={members[-1]: 300}, before={}, past_fen={})
    with using("en"):
        report = AuditReport(date(2026, 11, 5), [], [], [], [], [])
        row = _owner_row("", "张伟", members, owned, report)
    assert row[3][0] == f"{members[-1][0]} (not checked)" and row[3][-1] == "… 2 more"
