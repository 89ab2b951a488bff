"""``auditor history`` tells the story per month (spec/history.md): each month's findings
open and resolved, each resolved finding named with when and how, and a month whose bill
was never given shown as a gap; every audit after names that gap (未核对: 2026-08（缺）)
until its bill is given, and the line stays in the Summary's monthly table and the Trend.
The trial this follows: 陈阿姨's husband's August bill never exported, his line dropped
from the September report's table and forgotten from October on."""

from __future__ import annotations

import json

import openpyxl
import pytest
from cli_run import run
from test_refunds_due import audit, bill, record

pytestmark = pytest.mark.usefixtures("december", "english")

SP = "掌上悦读手机报"


def history(tmp, *args: str) -> str:
    shown = run("history", "--db", str(tmp / "h.sqlite"), *args)
    assert shown.exit_code == 0, shown.output
    return shown.stdout


def summary_cells(path) -> list[str]:
    book = openpyxl.load_workbook(path, read_only=True)
    cells = [str(c) for row in book["Summary"].iter_rows(values_only=True) for c in row if c]
    book.close()
    return cells


def story(tmp) -> None:
    """June's bill charges SP (unknown), cancelled on 06-20; July's no longer does; the
    August bill is never given; September's and October's are."""
    bill(tmp / "jul", "2026-06", **{SP: "8.00"})
    audit(tmp, tmp / "jul", "2026-07-05")
    record(tmp, "cancel", "--service", SP, "--on", "2026-06-20")
    bill(tmp / "aug", "2026-07")
    audit(tmp, tmp / "aug", "2026-08-05")
    bill(tmp / "oct", "2026-09")
    bill(tmp / "nov", "2026-10")


def test_a_month_never_given_is_named_in_every_audit_after(tmp_path):
    story(tmp_path)
    for folder, as_of in (("oct", "2026-10-05"), ("nov", "2026-11-05")):
        data = audit(tmp_path, tmp_path / folder, as_of)
        [gap] = data["missing_months"]
        assert (gap["line"], gap["months"]) == ("139****1111", ["2026-08"]), as_of
        cells = summary_cells(tmp_path / f"{folder}.xlsx")
        assert [c for c in cells if "2026-08 (missing)" in c], (as_of, cells)
        said = run(
            "audit", str(tmp_path / folder), "--as-of", as_of, "--db",
            str(tmp_path / "h.sqlite"), "-o", str(tmp_path / "again.xlsx"),
        )  # fmt: skip
        assert "has no bill of 2026-08 (never given: not checked)" in said.stdout
    # given at last: no longer named
    bill(tmp_path / "late", "2026-08")
    data = audit(tmp_path, tmp_path / "late", "2026-11-06")
    assert data["missing_months"] == []
    line = json.loads(history(tmp_path, "--json", "-"))["lines"][0]
    assert line["missing_months"] == []


def test_history_shows_the_gap_and_each_months_findings(tmp_path):
    story(tmp_path)
    audit(tmp_path, tmp_path / "oct", "2026-10-05")
    text = history(tmp_path)
    assert "  month        billed     stated  adds up" in text
    assert text.splitlines()[1].endswith("adds up      open resolved")
    rows = {row.split()[0]: row for row in text.splitlines() if row.startswith("  2026-")}
    assert list(rows) == ["2026-06", "2026-07", "2026-08", "2026-09"]
    assert "no bill: not checked" in rows["2026-08"] and "—" in rows["2026-08"]
    assert rows["2026-06"].split()[-2:] == ["0", "1"]  # June's charge: resolved
    [line] = json.loads(history(tmp_path, "--json", "-"))["lines"]
    assert line["missing_months"] == ["2026-08"]
    june = next(m for m in line["months"] if m["period"] == "2026-06")
    assert (june["findings_open"], june["findings_resolved"]) == (0, 1)


def test_history_names_each_resolved_finding_how_and_when(tmp_path):
    story(tmp_path)
    text = history(tmp_path)
    [told] = [row for row in text.splitlines() if row.lstrip().startswith("resolved: ")]
    assert SP in told and "(2026-06)" in told
    assert "resolved on 2026-08-05, the charge stopped, and the 2026-07 bill no longer" in told
    assert "13900001111" not in text  # the line masked, as every row
    [line] = json.loads(history(tmp_path, "--json", "-"))["lines"]
    [gone] = line["findings"]["resolved_listed"]
    assert (gone["service"], gone["resolved_on"], gone["became"]) == (SP, "2026-08-05", False)
    assert gone["reason"].startswith("the charge stopped, and the 2026-07 bill")
