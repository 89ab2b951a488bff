"""Which of a row's lines what is typed in the Actions sheet was done on: every line of
the row, or those its 号码 Lines cell is left naming. 销户 (a line closed) on a row of
several lines is refused until the cell names the line: closing five lines for one, as a
company's admin found, resolved three still-billed lines' findings as "you cancelled it"
and asked refunds back for services nobody cancelled."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from cli_run import run
from test_glossary import unglossed

from auditor.history.typed_lines import LinesTyped, lines_chosen, lines_typed
from auditor.lang import using

pytestmark = pytest.mark.usefixtures("december")

MIGU = "咪咕视频会员"
LINES = ("13900001111", "13900002222", "13900003333")
#: The Actions sheet and the columns read here, as a report of each language names them.
NAMES = {
    "zh": ("处理步骤", "业务", "号码", "步骤", "状态", "工单号", "日期"),
    "en": ("Actions", "Service", "Lines", "Step", "Status", "Ticket", "Date"),
}


def bills(folder: Path, period: str, lines=LINES) -> None:
    """China Mobile bills of ``period`` for ``lines``: each an 18.00 plan and a 15.00
    value-added service nobody knows of, its total right."""
    month = period.replace("-", "")
    folder.mkdir(parents=True, exist_ok=True)
    for line in lines:
        rows = [
            "手机号码,账期,费用类型,费用项目,金额(元)",
            f"{line},{month},套餐及固定费,4G飞享18元套餐,18.00",
            f"{line},{month},增值业务费,{MIGU},15.00",
            f"{line},{month},合计,,33.00",
        ]
        name = f"中国移动账单-{period[:4]}年{period[5:]}月-{line}.csv"
        (folder / name).write_text("\n".join(rows) + "\n", "utf-8")


def audit(tmp: Path, folder: Path, as_of: str, lang: str = "en") -> dict:
    """``auditor audit`` of ``folder`` into ``tmp``'s history; its JSON (the report beside it)."""
    target = tmp / f"{folder.name}.json"
    result = run(
        "audit", str(folder), "--as-of", as_of, "--db", str(tmp / "h.sqlite"),
        "-o", str(tmp / f"{folder.name}.xlsx"), "--json", str(target), "-q", "--lang", lang,
    )  # fmt: skip
    assert result.exit_code in (0, 1), result.output
    return json.loads(target.read_text("utf-8"))


def type_in(report: Path, step: int, status: str, on: str, ticket=None, lines=None) -> int:
    """Type into the Actions sheet's row of MIGU's ``step``, in a report of either
    language, as a person would: a Status, a Date, maybe a Ticket, and the Lines cell
    (``lines``) when given; the row's number."""
    book = openpyxl.load_workbook(report)
    language = "zh" if NAMES["zh"][0] in book.sheetnames else "en"
    name, *columns = NAMES[language]
    sheet = book[name]
    header = [c.value for c in sheet[1]]
    service, lines_col, step_col, status_col, ticket_col, date_col = (
        header.index(column) + 1 for column in columns
    )
    row = next(
        r
        for r in range(2, sheet.max_row + 1)
        if (unglossed(sheet.cell(r, service).value or ""), sheet.cell(r, step_col).value)
        == (MIGU, step)
    )
    for col, value in ((status_col, status), (date_col, on), (ticket_col, ticket)):
        sheet.cell(row, col).value = value
    if lines is not None:
        sheet.cell(row, lines_col).value = lines
    book.save(report)
    return row


def lines_cell(report: Path, row: int) -> str:
    """The Lines cell of ``row`` in the English report, as the report printed it."""
    sheet = openpyxl.load_workbook(report)["Actions"]
    header = [c.value for c in sheet[1]]
    return sheet.cell(row, header.index("Lines") + 1).value


def record_from(tmp: Path, report: Path, lang: str = "en"):
    return run("record", "--from", str(report), "--db", str(tmp / "h.sqlite"), "--lang", lang)


def records(tmp: Path) -> list[dict]:
    shown = run("records", "--db", str(tmp / "h.sqlite"), "--json", "-", "--no-mask")
    assert shown.exit_code == 0, shown.output
    return json.loads(shown.stdout)


def test_line_closed_on_a_row_of_several_lines_is_refused_until_its_lines_cell_names_one(
    tmp_path,
):
    bills(tmp_path / "oct", "2026-09")
    audit(tmp_path, tmp_path / "oct", "2026-10-05")
    report = tmp_path / "oct.xlsx"
    row = type_in(report, 1, "销户", "2026-10-03")
    printed = lines_cell(report, row)
    assert printed.split("\n") == ["139****1111", "139****2222", "139****3333"]
    refused = record_from(tmp_path, report)
    assert refused.exit_code == 3 and refused.stdout == "nothing new to record\n"
    assert refused.stderr == (
        f"auditor: {report}: row {row}: 销户 closes one line, and this row is for 3 lines: "
        "leave in its Lines cell only the number of the line closed (as the report shows "
        "it, or in full); nothing recorded for this row\n"
    )
    assert records(tmp_path) == []
    # in Chinese alike, naming the row
    said = record_from(tmp_path, report, "zh")
    assert said.exit_code == 3
    assert said.stderr.startswith(f"auditor: {report}：第 {row} 行：销户是关闭一个号码")
    assert "涉及 3 个号码" in said.stderr and "「号码」一栏只留下" in said.stderr
    # the cell left naming the line closed, as the report masked it (its owner beside)
    type_in(report, 1, "销户", "2026-10-03", lines="139****1111 张三")
    made = record_from(tmp_path, report)
    assert made.exit_code == 0, made.output
    assert made.stdout.startswith("recorded #1: line closed 139****1111 咪咕视频会员")
    [closed] = records(tmp_path)
    assert (closed["kind"], closed["line_closed"], closed["line"]) == ("cancel", True, LINES[0])
    assert closed["note"] == f"oct.xlsx row {row}"  # no 销户 in the note: line_closed says it
    again = record_from(tmp_path, report)
    assert (again.exit_code, again.stdout) == (0, "nothing new to record\n")
    # a month on, the two lines still billed are still found; the line closed alone is
    # resolved, as closed, and its money alone asked back
    bills(tmp_path / "nov", "2026-10")
    november = audit(tmp_path, tmp_path / "nov", "2026-11-05")
    still = sorted(f["line"] for f in november["findings"] if f["service"] == MIGU)
    assert still == ["139****2222", "139****3333"]
    [resolved] = november["resolved"]
    assert resolved["line"] == "139****1111"
    assert resolved["reason"].startswith("you closed the line (your record: 2026-10-03")
    assert [due["line"] for due in november["refunds_due"]] == ["139****1111"]


def test_the_lines_cell_chooses_the_lines_a_row_was_done_on(tmp_path):
    bills(tmp_path / "oct", "2026-09")
    audit(tmp_path, tmp_path / "oct", "2026-10-05")
    report = tmp_path / "oct.xlsx"
    # two of three, one masked and one in full (as typed, spaced): a complaint on each
    type_in(report, 1, "投诉", "2026-10-06", "C-1", lines="139****2222\n139 0000 3333")
    # on a later step's row, whose cell was empty: the line written there
    type_in(report, 2, "退订", "2026-10-07", lines="13900001111")
    # a refund typed on a row of one line is that line's (on a row of three it is not)
    type_in(report, 3, "退款 15.00", "2026-10-20", lines="139****1111")
    said = record_from(tmp_path, report)
    assert said.exit_code == 0, said.output
    made = sorted((r["kind"], r["line"]) for r in records(tmp_path))
    assert made == [
        ("cancel", LINES[0]),
        ("complaint", LINES[1]),
        ("complaint", LINES[2]),
        ("refund", LINES[0]),
    ]
    assert all(not r["line_closed"] for r in records(tmp_path))


@pytest.mark.parametrize("typed", ["139****9999", "13900009999", "+86 139-0000-9999"])
def test_a_line_not_on_the_row_is_refused_not_guessed(tmp_path, typed):
    bills(tmp_path / "oct", "2026-09")
    audit(tmp_path, tmp_path / "oct", "2026-10-05")
    report = tmp_path / "oct.xlsx"
    row = type_in(report, 1, "退订", "2026-10-06", lines=f"139****1111\n{typed}")
    refused = record_from(tmp_path, report)
    assert refused.exit_code == 3 and records(tmp_path) == []
    # a number typed in full is masked in what is said
    assert refused.stderr == (
        f"auditor: {report}: row {row}: 139****9999 in its Lines cell is not one of this "
        "row's lines\n"
    )


def test_a_cell_of_no_number_is_refused(tmp_path):
    bills(tmp_path / "oct", "2026-09")
    audit(tmp_path, tmp_path / "oct", "2026-10-06")
    report = tmp_path / "oct.xlsx"
    row = type_in(report, 2, "退订", "2026-10-06", lines="张三")
    refused = record_from(tmp_path, report)
    assert refused.exit_code == 3 and records(tmp_path) == []
    assert refused.stderr == (
        f"auditor: {report}: row {row}: its Lines cell names no number: write it as the "
        "report shows it (139****0011) or in full\n"
    )


def test_two_lines_alike_masked_are_told_apart_by_the_report_and_refused_alike_typed(tmp_path):
    """Lines whose usual masks look the same are printed with a count (never a digit
    more); the cell left as printed chooses one, the usual mask typed could be either:
    refused."""
    alike = ("13900001111", "13911111111")
    bills(tmp_path / "oct", "2026-09", alike)
    audit(tmp_path, tmp_path / "oct", "2026-10-05")
    report = tmp_path / "oct.xlsx"
    row = type_in(report, 1, "销户", "2026-10-03")
    printed = lines_cell(report, row).split("\n")
    assert printed == ["139****1111(1)", "139****1111(2)"]  # each shown apart
    type_in(report, 1, "销户", "2026-10-03", lines="139****1111")
    refused = record_from(tmp_path, report)
    assert refused.exit_code == 3 and records(tmp_path) == []
    assert refused.stderr == (
        f"auditor: {report}: row {row}: 139****1111 in its Lines cell could be 2 of this "
        "row's lines: write it as the report shows it, with its count (139****1111(1), "
        "139****1111(2)…), or in full\n"
    )
    type_in(report, 1, "销户", "2026-10-03", lines=printed[1])
    made = record_from(tmp_path, report)
    assert made.exit_code == 0, made.output
    assert [(r["line"], r["line_closed"]) for r in records(tmp_path)] == [(alike[1], True)]


def test_what_a_lines_cell_says():
    lines = ["13900001111", "13900002222", "18900010001", "18900020001"]
    assert lines_typed(None, True) is None and lines_typed("  ", False) is None
    typed = lines_typed("139****1111 张三\n１３９００００２２２２", True)
    assert typed == LinesTyped(("139****1111", "13900002222"))
    assert lines_chosen(typed, lines) == (frozenset(lines[:2]), "")
    # the cell as printed is the row as the report made it
    assert lines_chosen(lines_typed("\n".join(lines), True), lines) == (None, "")
    # "… N more" after fewer lines than the report names is no cell it printed: refused
    for more in ("… 3 more", "… 另有 3 个"):
        with using("en"):
            chosen, problem = lines_chosen(lines_typed(f"139****1111\n{more}", True), lines)
        assert chosen is None and problem.startswith(
            "its Lines cell ends in '…', and the report named all 4 lines of this row"
        )
    # every line written on a later step's row is the user's own: all of them, said so
    assert lines_chosen(lines_typed("\n".join(lines), False), lines) == (frozenset(lines), "")
    # a mask with more digits shown tells two alike apart; a number typed as Excel keeps it
    assert lines_chosen(lines_typed("189***10001", True), lines) == (frozenset(lines[2:3]), "")
    assert lines_chosen(lines_typed(18900020001.0, True), lines) == (frozenset(lines[3:]), "")
    assert "189****0001" in lines_chosen(lines_typed("189****0001", True), lines)[1]


def test_an_amount_after_a_line_is_its_own_and_nothing_else_is_one():
    from auditor.history.typed_lines import amounts_chosen

    cell = (
        "139****1111 员工001\n"  # an owner's name ending in digits: no amount
        "139****2222 乙 15.00\n"
        "13900003333 ¥8\n"
        "… 另有 2 个"  # the cell's marker: no line, no amount
    )
    typed = lines_typed(cell, True)
    assert typed is not None and typed.more
    assert amounts_chosen(typed, list(LINES)) == {"13900002222": 1500, "13900003333": 800}
    # a number's own digits, spaced as a person may write it, are no amount
    assert lines_typed("139 0000 1111", True).amounts == ()


def test_a_lines_count_is_kept_across_months_and_read_back(tmp_path):
    """The trial's company: four lines alike. Each month shows a line with the same count
    whichever of them are given, and a count copied from either month's report is the
    line it was printed for."""
    alike = ("13900001111", "13900011111", "13900101111", "13901001111")
    bills(tmp_path / "oct", "2026-09", alike)
    october = audit(tmp_path, tmp_path / "oct", "2026-10-05")
    counted = [f"139****1111({count})" for count in range(1, 5)]
    assert sorted(m["line"] for m in october["summary"]["months"]) == counted
    bills(tmp_path / "nov", "2026-10", alike[1::2])  # the 2nd and the 4th alone
    november = audit(tmp_path, tmp_path / "nov", "2026-11-05")
    given = {m["line"] for m in november["summary"]["months"] if m["period"] == "2026-10"}
    assert given == set(counted[1::2])  # as in October, not (1) and (2)
    report = tmp_path / "oct.xlsx"
    type_in(report, 1, "投诉", "2026-10-06", lines=f"{counted[2]}\n{counted[1]}")
    made = record_from(tmp_path, report)
    assert made.exit_code == 0, made.output
    assert sorted(r["line"] for r in records(tmp_path)) == [alike[1], alike[2]]
    assert "139****1111(2)" in made.output and "139****1111(3)" in made.output
    report = tmp_path / "nov.xlsx"
    type_in(report, 1, "退订", "2026-11-06", lines=counted[3])
    assert record_from(tmp_path, report).exit_code == 0
    assert [r["line"] for r in records(tmp_path) if r["kind"] == "cancel"] == [alike[3]]


def test_a_line_alike_joining_later_is_counted_after_and_shifts_no_earlier_count(tmp_path):
    """A new line whose mask looks like two the history holds, with a lower number, joins
    in November: it is counted third, so October's report still shows and reads back
    (2) as the line it printed it for (by number it would now be (3), and (2) another
    line of the same row)."""
    alike = ("13900011111", "13900101111")
    joined = "13900001111"
    bills(tmp_path / "oct", "2026-09", alike)
    october = audit(tmp_path, tmp_path / "oct", "2026-10-05")
    shown = {m["line"] for m in october["summary"]["months"]}
    assert shown == {"139****1111(1)", "139****1111(2)"}
    bills(tmp_path / "nov", "2026-10", (*alike, joined))
    november = audit(tmp_path, tmp_path / "nov", "2026-11-05")
    with_joined = [m for m in november["summary"]["months"] if m["period"] == "2026-10"]
    assert sorted(m["line"] for m in with_joined) == [f"139****1111({n})" for n in (1, 2, 3)]
    report = tmp_path / "oct.xlsx"
    type_in(report, 1, "投诉", "2026-10-06", lines="139****1111(2)")
    made = record_from(tmp_path, report)
    assert made.exit_code == 0, made.output
    assert [r["line"] for r in records(tmp_path)] == [alike[1]]
    shown = run("history", "--db", str(tmp_path / "h.sqlite"), "--json", "-")
    assert "139****1111(3)" in shown.stdout and joined not in shown.stdout


def test_a_line_alike_given_in_a_month_audited_again_is_counted_after(tmp_path):
    """The same month audited again with one more file (a line alike with a lower number,
    forgotten the first time): the audit's date is the same, and the new line still comes
    after those stored before it, so the first report's (2) is still its line."""
    alike = ("13900011111", "13900101111")
    bills(tmp_path / "oct", "2026-09", alike)
    audit(tmp_path, tmp_path / "oct", "2026-10-05")
    bills(tmp_path / "again", "2026-09", ("13900001111",))
    again = audit(tmp_path, tmp_path / "again", "2026-10-05")
    assert {m["line"] for m in again["summary"]["months"]} == {"139****1111(3)"}
    report = tmp_path / "oct.xlsx"
    type_in(report, 1, "投诉", "2026-10-06", lines="139****1111(2)")
    made = record_from(tmp_path, report)
    assert made.exit_code == 0, made.output
    assert [r["line"] for r in records(tmp_path)] == [alike[1]]


def test_new_lines_alike_are_counted_as_the_history_will_hold_them(tmp_path):
    """Two new lines alike whose files come in another order than their numbers (the
    higher one's folder first): the first report counts them in the order they are stored,
    as every later audit will, so October's and November's counts agree."""
    high, low = "13900101111", "13900011111"
    bills(tmp_path / "oct" / "a", "2026-09", (high,))
    bills(tmp_path / "oct" / "b", "2026-09", (low,))
    october = audit(tmp_path, tmp_path / "oct", "2026-10-05", lang="en")
    # each file's name holds its line, masked with its count: the low one's, stored second
    paths = {Path(i["path"]).parent.name: i["path"] for i in october["inputs"]}
    assert paths["b"].endswith("-139****1111(2).csv") and paths["a"].endswith("(1).csv")
    bills(tmp_path / "nov", "2026-10", (low,))
    november = audit(tmp_path, tmp_path / "nov", "2026-11-05")
    assert {m["line"] for m in november["summary"]["months"] if m["period"] == "2026-10"} == {
        "139****1111(2)"
    }
