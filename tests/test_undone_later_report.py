"""A record ``auditor record undo`` undid stays undone for the report row it was typed on,
and for that row alone: the same typed again in a later month's report (the charge came
back, the user did it again: same line, service, status, day and ticket) is a record of
its own, recorded and said so, not silently kept back as the row undone was. A record
keeps the date of the report it was typed in; one a history of before kept without it
is told by the day it was recorded; one typed with ``auditor record`` keeps no row back."""

from __future__ import annotations

import os
from datetime import date

import pytest
from cli_run import run
from history_versions import as_version
from test_typed_lines import LINES, MIGU, audit, bills, record_from, records, type_in

from auditor.history.db import open_history
from auditor.history.records import add_record, undo_record
from auditor.history.undone import undone_records

pytestmark = pytest.mark.usefixtures("december")

CANCEL = ("退订", "2026-10-06", "T-1")  # the App step's row: status, day, ticket


def _reports(tmp_path):
    """October's report (as of 2026-10-05) and November's (2026-11-05) of one line, over
    one history; their paths."""
    bills(tmp_path / "oct", "2026-09", LINES[:1])
    audit(tmp_path, tmp_path / "oct", "2026-10-05")
    bills(tmp_path / "nov", "2026-10", LINES[:1])
    audit(tmp_path, tmp_path / "nov", "2026-11-05")
    return tmp_path / "oct.xlsx", tmp_path / "nov.xlsx"


def _undo(tmp_path, record_id: int) -> None:
    undone = run("record", "undo", str(record_id), "--db", str(tmp_path / "h.sqlite"))
    assert undone.exit_code == 0, undone.output


def test_a_later_reports_same_row_is_recorded_the_undone_ones_report_still_kept(tmp_path):
    october, november = _reports(tmp_path)
    row = type_in(october, 2, *CANCEL)
    assert record_from(tmp_path, october).stdout.startswith("recorded #1: cancel 139****1111")
    _undo(tmp_path, 1)
    # October's report read again: its row stays undone, and it is said so
    again = record_from(tmp_path, october)
    assert (again.exit_code, again.stdout) == (0, "nothing new to record\n")
    assert again.stderr == (
        f"auditor: {october}: row {row}: 139****1111 {MIGU}: its record #1 was undone on "
        "2026-12-31 (auditor record undo): not recorded again (to record it after all: "
        "auditor record cancel …)\n"
    )
    # November's report, the same typed in it: recorded, and said beside the one undone
    later = type_in(november, 2, *CANCEL)
    made = record_from(tmp_path, november)
    assert made.exit_code == 0, made.output
    assert made.stdout.startswith(f"recorded #2: cancel 139****1111 {MIGU}"), made.stdout
    assert made.stderr == (
        f"auditor: {november}: row {later}: 139****1111 {MIGU}: recorded as #2. The same "
        "record #1 was undone on 2026-12-31, but it was typed in the report of 2026-10-05, "
        "not on this row of this report (2026-11-05)\n"
    )
    assert [(r["id"], r["on"], r["ticket"]) for r in records(tmp_path)] == [
        (2, "2026-10-06", "T-1")
    ]
    # read again, either report adds nothing more: November's row is recorded, and
    # October's is that same record now
    for report in (november, october):
        quiet = record_from(tmp_path, report)
        assert (quiet.exit_code, quiet.stdout, quiet.stderr) == (0, "nothing new to record\n", "")
    # November's record undone in its turn: its row is kept back by it, October's by #1
    _undo(tmp_path, 2)
    for report, kept in ((november, 2), (october, 1)):
        back = record_from(tmp_path, report)
        assert (back.exit_code, back.stdout) == (0, "nothing new to record\n")
        assert f": its record #{kept} was undone on 2026-12-31" in back.stderr, back.stderr
    assert records(tmp_path) == []
    # and the next audit counts neither
    bills(tmp_path / "dec", "2026-11", LINES[:1])
    december = audit(tmp_path, tmp_path / "dec", "2026-12-05")
    assert [f["records"] for f in december["findings"] if f["service"]] == [[]]


def test_a_record_typed_with_auditor_record_keeps_no_report_row_back(tmp_path):
    october, _ = _reports(tmp_path)
    db = str(tmp_path / "h.sqlite")
    status, on, ticket = CANCEL
    typed = run("record", "cancel", "--line", LINES[0], "--service", MIGU, "--on", on,
                "--ticket", ticket, "--channel", "app", "--db", db)  # fmt: skip
    assert typed.exit_code == 0, typed.output
    _undo(tmp_path, 1)
    row = type_in(october, 2, status, on, ticket)
    made = record_from(tmp_path, october)
    assert made.exit_code == 0 and made.stdout.startswith("recorded #2: cancel"), made.output
    assert made.stderr == (
        f"auditor: {october}: row {row}: 139****1111 {MIGU}: recorded as #2. The same "
        "record #1 was undone on 2026-12-31, but it was recorded with auditor record, not on "
        "this row of this report (2026-10-05)\n"
    )


def test_a_record_of_an_older_history_is_told_by_the_day_it_was_recorded(tmp_path):
    """A history of version 10 kept no report's date: a record undone there keeps back a
    report's row dated no later than the day it was recorded (it may be that report's),
    not one of a report dated after it (it cannot be)."""
    october, november = _reports(tmp_path)
    history, old = tmp_path / "h.sqlite", tmp_path / "v10.sqlite"
    status, on, ticket = CANCEL
    with open_history(history) as db:  # typed in October's report by an older auditor
        made = add_record(db, "cancel", LINES[0], date.fromisoformat(on), service=MIGU,
                          ticket=ticket, channel="app", note="oct.xlsx row 3")  # fmt: skip
        db.execute(
            "UPDATE records SET recorded_at = '2026-10-07T09:00:00' WHERE id = ?", (made.id,)
        )
        undo_record(db, made.id, date(2026, 10, 20))
    as_version(history, old, 10)
    os.replace(old, history)
    with open_history(history) as db:  # brought forward: where it came from, not known
        [undone] = undone_records(db)
    assert (undone.report_on, undone.recorded_on) == (None, date(2026, 10, 7))
    row = type_in(october, 2, status, on, ticket)
    kept = record_from(tmp_path, october)
    assert (kept.exit_code, kept.stdout) == (0, "nothing new to record\n")
    assert f"row {row}: 139****1111 {MIGU}: its record #1 was undone on 2026-10-20" in kept.stderr
    later = type_in(november, 2, status, on, ticket)
    again = record_from(tmp_path, november)
    assert again.exit_code == 0 and again.stdout.startswith("recorded #2: cancel"), again.output
    assert again.stderr == (
        f"auditor: {november}: row {later}: 139****1111 {MIGU}: recorded as #2. The same "
        "record #1 was undone on 2026-10-20, but it was recorded on 2026-10-07, not on this "
        "row of this report (2026-11-05)\n"
    )
    with open_history(history) as db:
        assert db.execute("SELECT id, report_on FROM records ORDER BY id").fetchall() == [
            (1, None),
            (2, "2026-11-05"),
        ]
