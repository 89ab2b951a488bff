"""The Summary's lines, their chart and its pages, for a company audited as a user would
(:mod:`company_sample`: files written, ``auditor audit`` run): the lines with findings
first, the most money at stake first, in the table and the chart alike; what either leaves out
counted or named, with where it is; the second page, when there is one, starting at the
lines' table. How it prints is test_render's.
"""

from __future__ import annotations

import io
import re
import zipfile

import openpyxl
import pytest
from company_sample import GAP_FEN, company_workbook, line_number, mismatched

from auditor.writers import Masker
from auditor.writers.summary_lines import CHART_LINES

LANGUAGES = pytest.mark.parametrize("language", ["zh", "en"])
SUMMARY = {"zh": "摘要", "en": "Summary"}
TITLE = {"zh": "每月账单", "en": "Each line's bill"}
CLEAN = "—"
# The findings column's severity words, gravest first.
SEVERITY_WORDS = {"zh": ("高", "中", "低", "提示"), "en": ("High", "Medium", "Low", "Info")}


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory):
    """The company's workbook by (lines, language), each audited once."""
    made = {}

    def workbook(lines: int, language: str) -> bytes:
        if (lines, language) not in made:
            folder = tmp_path_factory.mktemp(f"company-{lines}-{language}")
            made[(lines, language)] = company_workbook(folder, lines, language)
        return made[(lines, language)]

    return workbook


def _table(sheet, language: str) -> tuple[int, list[tuple]]:
    """The lines' table: its title's row and its rows (line, owner, findings, months...,
    disputed, a year's), up to the first row that is not a line's."""
    cells = sheet.iter_rows(max_col=1)
    title = next(row[0].row for row in cells if row[0].value == TITLE[language])
    rows = []
    for row in sheet.iter_rows(min_row=title + 2, values_only=True):
        if row[2] is None:  # a note, or the blank row before the chart
            break
        rows.append(row)
    return title, rows


def _gravest(findings: str, language: str) -> int:
    """The rank of the gravest severity in a findings cell (after them all when clean)."""
    words = SEVERITY_WORDS[language]
    named = [words.index(part.split()[0]) for part in findings.split(" · ") if part != CLEAN]
    return min(named, default=len(words))


def _notes(sheet) -> list[str]:
    return [str(row[0]) for row in sheet.iter_rows(max_col=1, values_only=True) if row[0]]


def _charted_rows(data: bytes, sheet_name: str) -> list[int]:
    """The rows (1-based) whose lines the Summary's chart draws, in its order."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        charts = [archive.read(n).decode() for n in archive.namelist() if "charts/chart" in n]
    summary = [xml for xml in charts if f"<c:f>{sheet_name}!" in xml or f"'{sheet_name}'!" in xml]
    assert len(summary) == 1
    names = re.findall(r"<c:tx><c:strRef><c:f>[^<]*!\$A\$(\d+)</c:f>", summary[0])
    return [int(row) for row in names]


@LANGUAGES
def test_lines_with_findings_come_first_the_most_at_stake_first(workbooks, language):
    """The trial's eleven lines: those with findings first, by what they dispute and
    cost a year; the one bill that does not add up (high, 12.34 charged without an item:
    at stake, not disputed) after them, as it is less money, yet not among the clean
    lines; the clean ones last, by number."""
    sheet = openpyxl.load_workbook(io.BytesIO(workbooks(11, language)))[SUMMARY[language]]
    _, rows = _table(sheet, language)
    assert len(rows) == 11
    found = [row for row in rows if row[2] != CLEAN]
    high = Masker()(next(line_number(n) for n in range(11) if mismatched(n, 11)))
    assert found[-1][0] == high and _gravest(found[-1][2], language) == 0
    assert found[-1][-2] is None and found[-1][-1] is None  # nothing disputed, nor a year's
    stake = [(row[-2] or 0) + (row[-1] or 0) for row in found[:-1]]
    assert stake == sorted(stake, reverse=True) and min(stake) > GAP_FEN / 100
    clean = [row[0] for row in rows if row[2] == CLEAN]
    assert clean == sorted(clean) and clean == [row[0] for row in rows[len(found) :]]
    assert 0 < len(clean) < 11


@LANGUAGES
@pytest.mark.parametrize("lines", [11, 12])
def test_the_chart_draws_the_tables_first_lines_and_names_those_it_leaves_out(
    workbooks, lines, language
):
    """Eleven lines, eight with findings: the chart draws those (the bill that does not
    add up among them), and names the clean ones it leaves; twelve, nine with findings:
    the one of least money at stake is left out (the bill that does not add up, its
    12.34), and the note says so."""
    data = workbooks(lines, language)
    sheet = openpyxl.load_workbook(io.BytesIO(data))[SUMMARY[language]]
    title, rows = _table(sheet, language)
    first = title + 2  # the title, the header, then the lines
    assert _charted_rows(data, SUMMARY[language]) == list(range(first, first + CHART_LINES))
    high = Masker()(next(line_number(n) for n in range(lines) if mismatched(n, lines)))
    assert (high in [row[0] for row in rows[:CHART_LINES]]) == (lines == 11)
    left = rows[CHART_LINES:]
    assert len(left) == lines - CHART_LINES
    note = next(n for n in _notes(sheet) if all(row[0] in n for row in left))
    found = sum(1 for row in left if row[2] != CLEAN)
    assert found == lines - 11  # every finding of the trial's eleven lines drawn
    # all the lines counted, as the note under the table would count them
    every = sum(1 for row in rows if row[2] != CLEAN)
    if language == "zh":
        assert f"（共 {lines} 个号码，其中 {every} 个有发现）" in note
    else:
        assert f" ({lines} lines in all, {every} with findings)" in note
    assert ("「趋势」" if language == "zh" else "Trend") in note
    assert "*" in left[0][0]  # masked, as every line in the report


def test_a_few_lines_are_all_drawn_and_nothing_is_said_left_out(workbooks):
    data = workbooks(3, "zh")
    sheet = openpyxl.load_workbook(io.BytesIO(data))["摘要"]
    title, rows = _table(sheet, "zh")
    assert _charted_rows(data, "摘要") == [title + 2 + n for n in range(len(rows))]
    assert len(rows) == 3
    assert not any("未画出" in note or "另有" in note for note in _notes(sheet))


@LANGUAGES
@pytest.mark.parametrize("lines", [3, 11, 40, 300])
def test_a_second_page_starts_at_the_lines_table_only_past_a_dozen_lines(
    workbooks, lines, language
):
    """Up to eleven lines, one page (no break: the things to do make room; a dozen is
    the edge, as test_render says); more, a break set above the lines' table, so that it
    prints with its chart."""
    sheet = openpyxl.load_workbook(io.BytesIO(workbooks(lines, language)))[SUMMARY[language]]
    title, _ = _table(sheet, language)
    breaks = [brk.id for brk in sheet.row_breaks.brk]
    assert breaks == ([] if lines <= 11 else [title - 1])  # a break's id: the row above it


@LANGUAGES
def test_hundreds_of_lines_are_counted_with_how_many_have_findings(workbooks, language):
    sheet = openpyxl.load_workbook(io.BytesIO(workbooks(300, language)))[SUMMARY[language]]
    _, rows = _table(sheet, language)
    assert 8 <= len(rows) <= 30  # what the second page holds, at most summary_rows
    found = {line_number(n) for n in range(300) if n % 3 or mismatched(n, 300)}
    listed_found = sum(1 for row in rows if row[2] != CLEAN)
    assert listed_found == len(rows)  # those with findings are listed first
    rest = 300 - len(rows)
    # the table's note and the chart's count the lines once, alike: 300, so many found
    tally = (
        f"（共 300 个号码，其中 {len(found)} 个有发现）"
        if language == "zh"
        else f" (300 lines in all, {len(found)} with findings)"
    )
    more = f"另有 {rest} 个号码未列出" if language == "zh" else f"{rest} more lines not listed"
    assert any(note.startswith(more + tally) for note in _notes(sheet))
    undrawn = (
        f"未画出 {300 - CHART_LINES} 个" if language == "zh" else f"{300 - CHART_LINES} not drawn"
    )
    assert any(undrawn + tally in note for note in _notes(sheet))


def test_a_long_settings_path_is_named_by_its_last_folders():
    from pathlib import Path

    from auditor.writers.summary_layout import SETTINGS_SHOWN, shown_path

    short = Path("/home/wang/账单/auditor.toml")
    assert shown_path(short) == str(short)
    long = Path(
        "/tmp/pytest-of-root/pytest-1032/test_a_company_summary_0/company/bills/auditor.toml"
    )
    assert len(str(long)) > SETTINGS_SHOWN
    assert shown_path(long) == "…/company/bills/auditor.toml"
