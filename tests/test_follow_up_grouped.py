"""The Follow-up sheet at a company's size (t12: 129 rows alike for one price rise, 26
pages): the findings of one service whose status, records and next step are the same are
one row naming their lines as By service and Actions name them; every line is still
findable (its finding's number on the row, its own row on Findings) and a cancellation
typed on the Actions sheet for one of them is still recorded for that line alone; the
refunds due of one Actions row are one row too, and the Actions sheet links to it; the
records and next step share their width as their text asks."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from cli_run import run
from test_not_in_settings_totals import _october
from test_typed_lines import MIGU, audit, bills, record_from, records, type_in

from auditor.writers.follow_up_groups import fitted_columns, numbers_text
from auditor.writers.follow_up_sheet import FOLLOW_UP_COLUMNS

pytestmark = pytest.mark.usefixtures("december")

#: Twelve lines, two more than a lines cell names.
MANY = tuple(f"1390000{n:04d}" for n in range(1, 13))


def _sheet(report, name: str) -> list[tuple]:
    book = openpyxl.load_workbook(report)
    return [row for row in book[name].iter_rows(values_only=True)]


def test_lines_alike_are_one_follow_up_row_and_each_stays_findable(tmp_path):
    bills(tmp_path / "oct", "2026-09", MANY)
    data = audit(tmp_path, tmp_path / "oct", "2026-10-05")
    report = tmp_path / "oct.xlsx"
    _header, *rows = _sheet(report, "Follow-up")
    mine = [row for row in rows if row[4] == MIGU]
    assert len(mine) == 1, mine  # was twelve rows alike
    [row] = mine
    numbers = [n for n, f in enumerate(data["findings"], 1) if f["service"] == MIGU]
    assert len(numbers) == 12
    assert row[1] == numbers_text(numbers) == f"{numbers[0]}–{numbers[-1]}"
    lines = row[2].split("\n")
    assert lines[:10] == [f"139****{n:04d}" for n in range(1, 11)]
    assert lines[10] == "… 2 more"
    assert row[9] == 12 * 15.0  # each line's money, together
    # every line has its own row on Findings, under a number the row gives
    findings = _sheet(report, "Findings")
    at = findings[0].index("Line")
    shown = {findings[n][at] for n in numbers}
    assert shown == {f"139****{n:04d}" for n in range(1, 13)}


def test_a_cancellation_typed_for_one_line_of_the_row_is_that_lines_alone(tmp_path):
    bills(tmp_path / "oct", "2026-09", MANY)
    audit(tmp_path, tmp_path / "oct", "2026-10-05")
    report = tmp_path / "oct.xlsx"
    # the twelfth line, one the lines cell counts and does not name
    type_in(report, 1, "退订", "2026-10-06", lines="139****0012")
    made = record_from(tmp_path, report)
    assert made.exit_code == 0, made.output
    [record] = records(tmp_path)
    assert (record["kind"], record["line"], record["service"]) == ("cancel", MANY[-1], MIGU)
    # the month after, the line cancelled stands apart on Follow-up, the others together
    bills(tmp_path / "nov", "2026-10", MANY[:-1])
    audit(tmp_path, tmp_path / "nov", "2026-11-05")
    _header, *rows = _sheet(tmp_path / "nov.xlsx", "Follow-up")
    open_rows = [row for row in rows if row[4] == MIGU and row[0] == "Still open"]
    assert [len(row[2].split("\n")) for row in open_rows] == [11]  # ten named, one more
    assert any(row[2] == "139****0012" for row in rows if row[4] == MIGU)


def _cancelled_then_gone(tmp_path, lines, earlier=()) -> dict:
    """October: ``lines`` charged MIGU in 2026-09 (``earlier`` in 2026-08 too), cancelled
    on the Actions sheet's row; November: the service gone, its money not back."""
    bills(tmp_path / "oct", "2026-09", lines)
    if earlier:
        bills(tmp_path / "oct", "2026-08", earlier)
    audit(tmp_path, tmp_path / "oct", "2026-10-05")
    report = tmp_path / "oct.xlsx"
    type_in(report, 1, "退订", "2026-10-06")  # every line of the row
    assert record_from(tmp_path, report).exit_code == 0
    _october(tmp_path / "nov", lines)  # the plan alone
    return audit(tmp_path, tmp_path / "nov", "2026-11-05")


def _links_to_follow_up(book) -> list[str]:
    return [
        cell.hyperlink.location
        for line in book["Actions"].iter_rows()
        for cell in line
        if cell.hyperlink is not None and "Follow-up" in (cell.hyperlink.location or "")
    ]


def test_refunds_due_of_one_actions_row_are_one_follow_up_row_it_links_to(tmp_path):
    data = _cancelled_then_gone(tmp_path, MANY[:4])
    assert len(data["refunds_due"]) == 4
    book = openpyxl.load_workbook(tmp_path / "nov.xlsx")
    follow = list(book["Follow-up"].iter_rows(values_only=True))
    due = [n for n, row in enumerate(follow, 1) if row[0] == "Refund due"]
    assert len(due) == 1
    row = follow[due[0] - 1]
    assert row[2].split("\n") == [f"139****{n:04d}" for n in range(1, 5)]
    assert row[9] == 4 * 15.0 and "(4 lines, 15.00 yuan each)" in row[10]
    assert _links_to_follow_up(book) == [f"'Follow-up'!A{due[0]}"]
    # resolved alike, one row, as the cancellations waiting for the bill were
    [resolved] = [row for row in follow if row[0] == "Resolved"]
    assert resolved[2].split("\n") == row[2].split("\n") and resolved[3] is None


def test_cancellations_waiting_for_one_bill_are_one_row(tmp_path):
    bills(tmp_path / "oct", "2026-09", MANY[:4])
    audit(tmp_path, tmp_path / "oct", "2026-10-05")
    type_in(tmp_path / "oct.xlsx", 1, "退订", "2026-10-06")
    assert record_from(tmp_path, tmp_path / "oct.xlsx").exit_code == 0
    audit(tmp_path, tmp_path / "oct", "2026-10-20")  # no bill after the cancellation yet
    follow = _sheet(tmp_path / "oct.xlsx", "Follow-up")
    [waiting] = [row for row in follow if row[0] == "Cancelled, unconfirmed"]
    assert waiting[2].split("\n") == [f"139****{n:04d}" for n in range(1, 5)]
    assert waiting[7] == "Cancelled on 2026-10-06 (via Hotline)"  # once, not four times


def test_a_line_owed_other_money_keeps_a_follow_up_row_of_its_own(tmp_path):
    # the fourth line was charged in August too: 30.00 to ask back, the others 15.00
    data = _cancelled_then_gone(tmp_path, MANY[:4], earlier=MANY[3:4])
    assert sorted(due["unrefunded"] for due in data["refunds_due"]) == [
        "15.00", "15.00", "15.00", "30.00"
    ]  # fmt: skip
    book = openpyxl.load_workbook(tmp_path / "nov.xlsx")
    follow = list(book["Follow-up"].iter_rows(values_only=True))
    due = [row for row in follow if row[0] == "Refund due"]
    assert [(row[2], row[9]) for row in due] == [
        ("139****0001\n139****0002\n139****0003", 45.0),
        ("139****0004", 30.0),
    ]
    assert "(3 lines, 15.00 yuan each)" in due[0][10]
    # the Actions sheet asks all four back on one row, each line's amount on Follow-up
    actions = list(book["Actions"].iter_rows(values_only=True))
    [asked] = [row for row in actions if row[2] and "139****0004" in row[2] and row[3] == 1]
    assert asked[2].split("\n") == [f"139****{n:04d}" for n in range(1, 5)]


def test_the_step_takes_the_width_of_records_most_rows_have_none_of():
    wide = "Ask the account manager why the plan rose by ten yuan a month, " * 3
    rows = [[None] * 7 + [[]] + [None, None, wide] + [None] * 4 for _ in range(6)]
    # one row's records as wide as the column is made (18): the rest have none
    rows[0][7] = ["Cancelled on 2026-08-06 (via App, ticket 202608061234567)"]
    columns = fitted_columns(FOLLOW_UP_COLUMNS, rows)
    records, step = columns[7].width, columns[10].width
    given = FOLLOW_UP_COLUMNS[7].width + FOLLOW_UP_COLUMNS[10].width
    assert records + step == given  # the page no wider than the writer made it
    assert step > FOLLOW_UP_COLUMNS[10].width and records < FOLLOW_UP_COLUMNS[7].width
    assert records >= len("202608061234567") + 1  # a ticket number is never broken
    # no records at all: the writer made their column as narrow as its header, the step
    # no wider for it (the page would be)
    for row in rows:
        row[7] = []
    assert fitted_columns(FOLLOW_UP_COLUMNS, rows) == FOLLOW_UP_COLUMNS


def test_numbers_text_gives_runs():
    assert numbers_text([7]) == "7"
    assert numbers_text([3, 4, 5, 9]) == "3–5, 9"
    assert numbers_text([1, 3, 5, 7, 9, 11]) == "1, 3, 5, 7…"
    assert numbers_text([None]) is None


def test_a_row_of_two_rules_names_both(tmp_path):
    """The household's 广电视频彩铃会员, unknown and a free trial turned paid in one month, is
    one row: its Rule cell names both rules, not the first alone (the trial was hidden)."""
    household = Path(__file__).resolve().parent.parent / "fixtures" / "household"
    result = run("--lang", "en", "audit", str(household), "--as-of", "2026-11-05",
                 "--known", str(household / "auditor.toml"), "--db", str(tmp_path / "h.sqlite"),
                 "-o", str(tmp_path / "r.xlsx"), "-q")  # fmt: skip
    assert result.exit_code in (0, 1), result.output
    header, *rows = _sheet(tmp_path / "r.xlsx", "Follow-up")
    [row] = [row for row in rows if row[header.index("Service")] == "广电视频彩铃会员"]
    assert row[header.index("Rule")] == "unknown value-added service, free trial turned paid"
