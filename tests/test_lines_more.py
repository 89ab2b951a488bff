"""A Lines cell of many lines names ten, then ``… 2 more``: left as printed it stands for
every line of the row, but edited and still ending so it is refused, naming the lines it
stands for, since whether they were done too it cannot say. A company's admin deleted two
of twelve lines and kept the marker: all twelve were recorded, the two deleted among
them."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from test_typed_lines import audit, bills, record_from, records, type_in

pytestmark = pytest.mark.usefixtures("december")

#: Twelve lines: ten named in the cell, two counted.
TWELVE = tuple(f"139000001{n:02d}" for n in range(1, 13))


def _masked(line: str) -> str:
    return f"{line[:3]}****{line[-4:]}"


def _report(tmp: Path) -> tuple[Path, list[str]]:
    """October's report of the twelve lines, and its MIGU row's Lines cell as printed."""
    bills(tmp / "oct", "2026-09", TWELVE)
    audit(tmp, tmp / "oct", "2026-10-05")
    report = tmp / "oct.xlsx"
    sheet = openpyxl.load_workbook(report)["Actions"]
    header = [c.value for c in sheet[1]]
    cell = sheet.cell(2, header.index("Lines") + 1).value
    return report, cell.split("\n")


def test_the_cell_as_printed_stands_for_every_line_of_the_row(tmp_path):
    report, printed = _report(tmp_path)
    assert printed == [*map(_masked, TWELVE[:10]), "… 2 more"]
    type_in(report, 1, "cancelled", "2026-10-06", lines="\n".join(printed))
    made = record_from(tmp_path, report)
    assert made.exit_code == 0, made.output
    assert sorted(r["line"] for r in records(tmp_path)) == list(TWELVE)


def test_an_edited_cell_still_ending_in_more_is_refused_naming_the_lines_it_stands_for(
    tmp_path,
):
    report, printed = _report(tmp_path)
    # two named lines deleted, "… 2 more" kept
    kept = [shown for shown in printed if shown not in (_masked(TWELVE[1]), _masked(TWELVE[2]))]
    row = type_in(report, 1, "cancelled", "2026-10-06", lines="\n".join(kept))
    refused = record_from(tmp_path, report)
    assert refused.exit_code == 3 and records(tmp_path) == []
    assert refused.stdout == "nothing new to record\n"
    assert refused.stderr == (
        f"auditor: {report}: row {row}: its Lines cell was edited but still ends in "
        "'… 2 more', which stands for the 2 lines the report did not name (139****0111, "
        "139****0112): whether they were done too, the cell cannot say; delete the "
        "'… 2 more' and write every line you did it on (those not named are the ones in "
        "brackets); nothing recorded for this row\n"
    )
    # in Chinese alike, one line naming the file and the row
    said = record_from(tmp_path, report, "zh")
    assert said.exit_code == 3 and said.stderr.count("\n") == 1
    assert said.stderr.startswith(f"auditor: {report}：第 {row} 行：「号码」一栏改过了，却仍留着")
    assert "（139****0111、139****0112）" in said.stderr and records(tmp_path) == []
    # two named lines kept alone, the marker with them: refused as well
    type_in(report, 1, "cancelled", "2026-10-06", lines=f"{kept[0]}\n{kept[1]}\n… 2 more")
    assert record_from(tmp_path, report).exit_code == 3 and records(tmp_path) == []
    # the marker deleted and the lines acted on written, one of the two not named among
    # them: those alone are recorded, never a line deleted
    chosen = [*kept[:-1], _masked(TWELVE[10])]
    type_in(report, 1, "cancelled", "2026-10-06", lines="\n".join(chosen))
    made = record_from(tmp_path, report)
    assert made.exit_code == 0, made.output
    expected = sorted({*TWELVE[:10], TWELVE[10]} - {TWELVE[1], TWELVE[2]})
    assert sorted(r["line"] for r in records(tmp_path)) == expected


def test_the_lines_a_long_row_stands_for_are_named_ten_at_most(tmp_path):
    """A row of 25 lines: fifteen not named; the refusal names ten of them and says
    where the rest are."""
    many = tuple(f"139000002{n:02d}" for n in range(1, 26))
    bills(tmp_path / "oct", "2026-09", many)
    audit(tmp_path, tmp_path / "oct", "2026-10-05")
    report = tmp_path / "oct.xlsx"
    row = type_in(report, 1, "cancelled", "2026-10-06", lines=f"{_masked(many[0])}\n… 15 more")
    refused = record_from(tmp_path, report)
    assert refused.exit_code == 3 and records(tmp_path) == []
    named = ", ".join(map(_masked, many[10:20]))
    assert (
        f"row {row}: its Lines cell was edited but still ends in '… 15 more', which stands "
        f"for the 15 lines the report did not name ({named} and 5 more, each on the "
        "Findings sheet)"
    ) in refused.stderr
