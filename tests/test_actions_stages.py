"""A row of the Actions sheet says what is true of every line on it: a service's lines
at different steps get rows of their own. In a company's trial, two of six suspended
lines were closed and the one row of all six said "you asked for it to be closed, nothing
more to do" (the first line's steps): the four still open were told nothing was left."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from test_glossary import unglossed
from test_typed_lines import LINES, MIGU, audit, bills, record_from, records, type_in

pytestmark = pytest.mark.usefixtures("december")


def _rows(report: Path, sheet: str = "Actions") -> list[dict]:
    """The rows of ``sheet`` as dicts by header, with each row's number (``row``) and its
    link's target row (``to``), if any."""
    book = openpyxl.load_workbook(report)
    page = book[sheet]
    header = [c.value for c in page[1]]
    rows = []
    for number in range(2, page.max_row + 1):
        cells = page[number]
        row = {name: cell.value for name, cell in zip(header, cells, strict=False)}
        row["row"] = number
        links = [c.hyperlink.location for c in cells if c.hyperlink is not None]
        row["to"] = int(links[0].rpartition("!A")[2]) if links else None
        rows.append(row)
    return rows


def _first_steps(report: Path) -> list[dict]:
    """MIGU's first-step rows on the Actions sheet."""
    return [r for r in _rows(report) if unglossed(r["Service"]) == MIGU and r["Step"] == 1]


def test_a_services_lines_at_different_steps_get_rows_of_their_own(tmp_path):
    bills(tmp_path / "oct", "2026-09")
    audit(tmp_path, tmp_path / "oct", "2026-10-05")
    october = tmp_path / "oct.xlsx"
    [row] = _first_steps(october)  # one row for three lines no one acted on yet
    assert row["Lines"].split("\n") == ["139****1111", "139****2222", "139****3333"]
    assert "steps of their own" not in row["What to do"]
    # complained about on the first line alone
    type_in(october, 1, "complained", "2026-10-06", "T-1", lines="139****1111")
    assert record_from(tmp_path, october).exit_code == 0
    bills(tmp_path / "nov", "2026-10")
    audit(tmp_path, tmp_path / "nov", "2026-11-05")
    november = tmp_path / "nov.xlsx"
    parts = {r["Lines"]: r for r in _first_steps(november)}
    assert sorted(parts) == ["139****1111", "139****2222\n139****3333"]
    done, still = parts["139****1111"], parts["139****2222\n139****3333"]
    assert done["#"] == still["#"]  # one service, numbered as By service numbers it
    # each part's steps are its lines': the complaint recorded on the one that made it
    steps = [r for r in _rows(november) if unglossed(r["Service"]) == MIGU]
    done_steps = [r["What to do"] for r in steps if done["row"] <= r["row"] < done["row"] + 10]
    still_steps = [r["What to do"] for r in steps if still["row"] <= r["row"] < still["row"] + 10]
    assert len(steps) == 20 and done_steps != still_steps
    assert any("You complained on 2026-10-06 (via Hotline, ticket T-1)" in s for s in done_steps)
    assert not any("T-1" in s or "2026-10-06" in s for s in still_steps)
    assert any("make a formal complaint" in s for s in still_steps)
    # each says the others have steps of their own, and where
    number = done["#"]
    assert (
        f"2 more lines of this service have steps of their own: see the other rows "
        f"numbered {number}"
    ) in done["What to do"]
    assert (
        f"1 more line of this service has steps of its own: see the other rows numbered {number}"
        in (still["What to do"])
    )
    # each finding's link to its steps goes to its own line's row
    by_line = {done["row"]: {"139****1111"}, still["row"]: {"139****2222", "139****3333"}}
    found = [r for r in _rows(november, "Findings") if r["Service"] == MIGU]
    assert found and all(r["Line"] in by_line[r["to"]] for r in found)
    # and what is typed on a row is recorded for its lines: a complaint on the two still
    # charged, none more on the line complained about already
    book = openpyxl.load_workbook(november)
    header = [c.value for c in book["Actions"][1]]
    for column, value in (("Status", "complained"), ("Ticket", "C-9"), ("Date", "2026-11-06")):
        book["Actions"].cell(still["row"], header.index(column) + 1).value = value
    book.save(november)
    made = record_from(tmp_path, november)
    assert made.exit_code == 0, made.output
    complaints = sorted(r["line"] for r in records(tmp_path) if r["ticket"] == "C-9")
    assert complaints == list(LINES[1:])


def test_a_row_of_lines_at_one_step_is_one_whatever_their_amounts_and_months(tmp_path):
    """Lines at one step stay one row however their own figures differ (a line charged
    two months, another one): the amounts and dates are the first line's, as it says."""
    bills(tmp_path / "oct", "2026-08", LINES[:1])
    bills(tmp_path / "oct", "2026-09")
    audit(tmp_path, tmp_path / "oct", "2026-10-05")
    [row] = _first_steps(tmp_path / "oct.xlsx")
    assert row["Lines"].split("\n") == ["139****1111", "139****2222", "139****3333"]
    assert "each line's are on the Findings sheet" in row["What to do"]
