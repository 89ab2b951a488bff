"""``--line`` reads every input as one line: for one line's files, refused over the files
of several (a family's or a company's folder would become one line)."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor import cli
from auditor.readers.base import ReadOptions

HOUSEHOLD = Path(__file__).resolve().parent.parent / "fixtures" / "household"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.mark.usefixtures("english")
def test_line_given_over_many_lines_files_is_refused_naming_them_masked(runner, tmp_path):
    # The household's files state five lines: --line would make them one, every bill the
    # duplicate of another's. Nothing is written, and the lines are masked apart.
    report, db = tmp_path / "r.xlsx", tmp_path / "h.sqlite"
    result = runner.invoke(
        cli.main,
        ["audit", str(HOUSEHOLD), "--line", "13800009999", "-o", str(report), "--db", str(db)],
    )
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert line == (
        "auditor: --line 138****9999 reads every input as that one line, but the inputs "
        "state 5 other lines (138****1234, 147****2222, 186****5678, …): leave --line off "
        "to read each file's own line, or give it for one line's files only"
    )
    assert not report.exists()
    with sqlite3.connect(db) as history:  # opened before reading, left as it was
        assert history.execute("SELECT count(*) FROM files").fetchone() == (0,)


@pytest.mark.usefixtures("english")
def test_line_given_over_one_other_lines_files_reads_them_as_told(runner, tmp_path):
    report = tmp_path / "r.xlsx"
    args = ["audit", str(HOUSEHOLD / "china-mobile"), "--line", "13800009999"]
    args += ["-o", str(report), "--no-history", "--as-of", "2026-11-05"]
    result = runner.invoke(cli.main, args)
    assert result.exit_code == 0, result.stderr
    assert "the document states line 138****1234, read as 138****9999 (--line)" in result.stderr
    assert report.exists()


def test_the_library_refuses_line_over_many_lines_files_too():
    from auditor.crosscheck import LinesForced
    from auditor.pipeline import AuditOptions, run_audit

    options = AuditOptions(as_of=date(2026, 11, 5), read=ReadOptions(line="13800009999"))
    with pytest.raises(LinesForced, match=r"5 other lines|另外 5 个号码"):
        run_audit([HOUSEHOLD], options)
    one_line = run_audit([HOUSEHOLD / "china-mobile"], options)
    assert {charge.line for result in one_line.inputs for charge in result.charges} == {
        "13800009999"
    }
