"""Outputs are safe: inert text, inputs untouched, whole reports even under a race."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from python_calamine import CalamineWorkbook
from writers_sample import sample_report

from auditor import cli
from auditor.safe_text import safe_text
from auditor.writers import Masker, write_xlsx
from auditor.writers.safe import is_formula_like

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
# Every start a spreadsheet program treats as a formula or a command (CSV/formula injection).
HOSTILE = ["=1+1", "+86 1", "-2+3", "@SUM(A1)", "\t=cmd|' /C calc'!A0", "\r=2+2"]


def test_every_formula_start_is_written_as_plain_text(tmp_path):
    report = sample_report()
    for finding, name in zip(report.findings, HOSTILE, strict=False):
        finding.service = name
    report.findings[0].message = HOSTILE[-1]
    target = tmp_path / "r.xlsx"
    write_xlsx(report, target, Masker())
    # A control character is shown as its picture (\t as ␉, \r as ␍): those two are inert
    # text then, and the others keep their formula start, written as a string.
    shown = {safe_text(h) for h in HOSTILE}
    book = openpyxl.load_workbook(target)
    seen = set()
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if cell.value in shown:
                    if is_formula_like(cell.value):
                        assert cell.data_type == "s" and cell.quotePrefix
                    seen.add(cell.value)
    assert seen == shown
    calamine = CalamineWorkbook.from_path(str(target))
    texts = {
        cell
        for name in calamine.sheet_names
        for row in calamine.get_sheet_by_name(name).to_python()
        for cell in row
    }
    assert shown <= texts  # read back as the same text, not as a computed value


def _digests(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_inputs_are_never_modified(tmp_path):
    inputs = tmp_path / "inputs"
    for part in ("household", "pdf", "json", "sms"):
        shutil.copytree(FIXTURES / part, inputs / part)
    before = _digests(inputs)
    out = tmp_path / "out"
    args = ["audit", str(inputs), "-o", str(out / "r.xlsx"), "--json", str(out / "r.json")]
    result = CliRunner().invoke(cli.main, [*args, "--password", "1234", "--as-of", "2026-11-05"])
    assert result.exit_code == 3, result.output  # fixtures/pdf/bad holds unreadable PDFs
    assert _digests(inputs) == before
    assert len(before) > 30


def test_the_report_is_never_written_over_an_input(tmp_path):
    bill = tmp_path / "bill.xlsx"
    shutil.copy(FIXTURES / "household" / "china-broadnet" / "广电账单-19200001111.xlsx", bill)
    before = bill.read_bytes()
    result = CliRunner().invoke(cli.main, ["audit", str(tmp_path), "-o", str(bill)])
    assert result.exit_code == 2
    assert "input" in result.stderr
    assert bill.read_bytes() == before


@pytest.mark.skipif(os.name != "posix", reason="uses a POSIX shell to start both at once")
def test_two_audits_racing_for_one_report_leave_one_whole_report(tmp_path):
    """Two processes write the same report and JSON paths at the same moment."""
    target, json_target = tmp_path / "same.xlsx", tmp_path / "same.json"
    command = [
        sys.executable,
        "-m",
        "auditor",
        "audit",
        str(FIXTURES / "household"),
        "--known",
        str(FIXTURES / "household" / "auditor.toml"),
        "--as-of",
        "2026-11-05",
        "-o",
        str(target),
        "--json",
        str(json_target),
        "-q",
    ]
    racers = [subprocess.Popen(command, stderr=subprocess.PIPE) for _ in range(3)]
    for racer in racers:
        _, err = racer.communicate(timeout=120)
        assert racer.returncode == 0, err
    book = CalamineWorkbook.from_path(str(target))
    findings = book.get_sheet_by_name("发现 Findings").to_python()
    assert len(findings) == 1 + 8
    assert len(json.loads(json_target.read_text("utf-8"))["findings"]) == 8
    assert sorted(p.name for p in tmp_path.iterdir()) == ["same.json", "same.xlsx"]


def test_a_json_file_that_cannot_be_written_leaves_no_report_behind(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", "utf-8")
    report = tmp_path / "r.xlsx"
    args = ["audit", str(FIXTURES / "household"), "-o", str(report)]
    result = CliRunner().invoke(cli.main, [*args, "--json", str(blocker / "x.json"), "-q"])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"auditor: cannot write {blocker}: its folder is a file"
    assert not report.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]
