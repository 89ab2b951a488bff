"""The command line, through click's CliRunner.

The first part stubs the reading and the rules (``read_inputs`` / ``audit_results`` as the
CLI imports them) to test the CLI's own work: options, exit codes, where output goes.
The second part runs the whole audit on the demo household (fixtures/household).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from writers_sample import AS_OF, sample_report

from auditor import cli
from auditor.readers.base import MiB, ReadOptions
from auditor.writers import Masker, write_xlsx

FULL_NUMBER = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
ROOT = Path(__file__).resolve().parent.parent
HOUSEHOLD = ROOT / "fixtures" / "household"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def workdir(tmp_path, monkeypatch) -> Path:
    """A working folder holding one input file, ``bills/bill.csv``."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bills").mkdir()
    (tmp_path / "bills" / "bill.csv").write_text("账期,金额\n2026-10,1.00\n", "utf-8")
    return tmp_path


@pytest.fixture
def stub_audit(monkeypatch):
    """Make the audit return the sample report; ``calls`` records what the CLI passed."""
    calls: dict = {}
    state = {"failed": True, "severities": None}

    def fake_read(files, options):
        calls["files"], calls["read"] = list(files), options
        report = sample_report()
        return [r for r in report.inputs if state["failed"] or not r.error]

    def fake_audit(results, options):
        calls["audit"] = options
        report = sample_report()
        report.inputs, report.as_of = results, options.as_of
        if state["severities"] is not None:
            report.findings = [f for f in report.findings if f.severity in state["severities"]]
        return report

    monkeypatch.setattr(cli, "read_inputs", fake_read)
    monkeypatch.setattr(cli, "audit_results", fake_audit)
    calls["state"] = state
    return calls


def audit(runner: CliRunner, *args: str):
    return runner.invoke(cli.main, ["audit", *args])


# ------------------------------------------------------------------------ help and rules


@pytest.mark.parametrize("args", [["--help"], ["audit", "--help"], ["rules", "--help"]])
def test_help_has_examples(runner, args):
    result = runner.invoke(cli.main, args)
    assert result.exit_code == 0
    assert "Examples:" in result.output


def test_rules_lists_the_four_ids(runner):
    result = runner.invoke(cli.main, ["rules"])
    assert result.exit_code == 0
    listed = {line.split()[0]: line.split()[1] for line in result.output.splitlines()}
    assert listed == {
        "lingering-charge": "high",
        "unknown-vas": "medium",
        "next-month-effective": "info",
        "bill-total-mismatch": "high",
    }


def test_rules_doc_prints_documentation(runner):
    short = runner.invoke(cli.main, ["rules"]).output
    long = runner.invoke(cli.main, ["rules", "--doc"]).output
    assert len(long.splitlines()) > len(short.splitlines()) + 8


# ------------------------------------------------------------------------ exit codes


def test_exit_3_when_an_input_is_unreadable(runner, workdir, stub_audit):
    result = audit(runner, "bills", "--as-of", "2026-11-05", "-o", "out.xlsx")
    assert result.exit_code == 3, result.output
    assert (
        "auditor: bills/189****9003/garbage.csv: row 1: no header found (line 189****9003?)"
        in result.stderr
    )
    assert Path("out.xlsx").is_file()


def test_exit_0_and_default_report_path(runner, workdir, stub_audit):
    stub_audit["state"]["failed"] = False
    result = audit(runner, "bills", "--as-of", "2026-11-05")
    assert result.exit_code == 0, result.output
    assert Path("reports/audit-2026-11-05.xlsx").is_file()
    assert "written: reports/audit-2026-11-05.xlsx" in result.stdout
    assert "findings: 7 (2 high, 3 medium, 0 low, 2 info)" in result.stdout


@pytest.mark.parametrize(
    ("severities", "fail_on", "code"),
    [
        (None, "high", 1),
        (None, "info", 1),
        ({"info"}, "high", 0),
        ({"info"}, "low", 0),
        ({"info"}, "info", 1),
        ({"medium", "info"}, "low", 1),
        (set(), "info", 0),
    ],
)
def test_fail_on(runner, workdir, stub_audit, severities, fail_on, code):
    stub_audit["state"].update(failed=False, severities=severities)
    result = audit(runner, "bills", "--fail-on", fail_on, "-q")
    assert result.exit_code == code, result.output


def test_unreadable_inputs_win_over_fail_on(runner, workdir, stub_audit):
    assert audit(runner, "bills", "--fail-on", "high", "-q").exit_code == 3


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "Missing argument"),
        (["empty"], "no input files found in empty"),
        (["bills", "--line", "12345"], "not a mobile number"),
        (["bills", "--period", "someday"], "not a month"),
        (["bills", "--as-of", "2026-13-01"], "--as-of"),
        (["bills", "--fail-on", "urgent"], "--fail-on"),
        (["bills", "--known", "missing.toml"], "missing.toml: known-services file not found"),
        (["bills", "--known", "bad.toml"], "bad.toml: not a valid TOML file"),
        (["bills", "-o", "bills/bill.csv"], "the report must be an .xlsx file"),
        (["bills", "-o", "bills/old.xlsx"], "refusing to write the report over one of its inputs"),
        (["bills", "--json", "bills/bill.csv"], "refusing to write the JSON over one of its"),
        (["bills", "--max-pages", "0"], "--max-pages"),
    ],
)
def test_exit_2_bad_usage(runner, workdir, stub_audit, args, message):
    Path("empty").mkdir()
    Path("bad.toml").write_text("known_services = [", "utf-8")
    Path("bills/old.xlsx").write_bytes(b"PK")
    before = Path("bills/bill.csv").read_bytes()
    result = audit(runner, *args)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert Path("bills/bill.csv").read_bytes() == before
    assert not Path("reports").exists()


def test_exit_2_when_nothing_is_readable(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("bills").mkdir()
    Path("bills/garbage.csv").write_bytes(b"\x00\x01\x02 not a bill \xff\xfe")
    result = audit(runner, "bills", "-o", "out.xlsx")
    assert result.exit_code == 2
    assert result.stderr.startswith("auditor: bills/garbage.csv: ")
    assert "nothing readable: none of the 1 input file(s) could be read" in result.stderr
    assert not Path("out.xlsx").exists()


def test_internal_error_is_one_line_unless_verbose(runner, workdir, stub_audit, monkeypatch):
    def broken(results, options):
        raise RuntimeError("rule exploded on 13800001234")

    monkeypatch.setattr(cli, "audit_results", broken)
    quiet = audit(runner, "bills")
    assert quiet.exit_code == 2
    assert quiet.stderr.strip().splitlines()[-1] == (
        "auditor: internal error (RuntimeError: rule exploded on 138****1234); "
        "--verbose shows where"
    )
    assert "Traceback" not in quiet.stderr
    loud = audit(runner, "bills", "--verbose")
    assert loud.exit_code == 2
    assert "Traceback" in loud.stderr and "13800001234" not in loud.stderr


# ------------------------------------------------------------------------ options


def test_overrides_and_limits_reach_the_readers(runner, workdir, stub_audit):
    args = ["bills", "--kind", "bill", "--carrier", "china-mobile"]
    args += ["--line", "+86 138 0000 1234", "--period", "2026年10月"]
    args += ["--password", "a", "--password", "b", "--max-file-size", "2"]
    args += ["--max-unpacked-size", "3", "--max-pages", "4", "-q"]
    audit(runner, *args)
    assert stub_audit["read"] == ReadOptions(
        kind="bill",
        carrier="china-mobile",
        line="13800001234",
        period="2026-10",
        passwords=("a", "b"),
        max_file_bytes=2 * MiB,
        max_unpacked_bytes=3 * MiB,
        max_pdf_pages=4,
    )


def test_known_file_gives_known_services_and_owners(runner, workdir, stub_audit):
    Path("mine.toml").write_text(
        'known_services = ["彩铃功能费"]\n[lines."13800001234"]\nowner = "爸爸"\n', "utf-8"
    )
    audit(runner, "bills", "--known", "mine.toml", "--as-of", "2026-11-05", "-q")
    options = stub_audit["audit"]
    assert options.known_services == ["彩铃功能费"]
    assert options.owners == {"13800001234": "爸爸"}
    assert options.as_of == AS_OF


def test_json_to_stdout_keeps_stdout_clean(runner, workdir, stub_audit):
    result = audit(runner, "bills", "--json", "-", "--as-of", "2026-11-05")
    data = json.loads(result.stdout)
    assert data["as_of"] == "2026-11-05"
    assert "findings: 7" in result.stderr


def test_json_file_and_quiet(runner, workdir, stub_audit):
    result = audit(runner, "bills", "--json", "out/f.json", "-o", "out/r.xlsx", "--quiet")
    assert result.stdout == ""
    assert json.loads(Path("out/f.json").read_text("utf-8"))["summary"]["claimable"] == "74.00"


def test_no_mask_shows_numbers_everywhere(runner, workdir, stub_audit):
    result = audit(runner, "bills", "--json", "-", "--no-mask")
    assert "13800001234" in result.stdout and "18900189003" in result.stderr


def test_earlier_reports_in_a_folder_are_not_audited(runner, workdir, stub_audit):
    write_xlsx(sample_report(), Path("bills/audit-old.xlsx"), Masker())
    audit(runner, "bills", "-o", "bills/audit-new.xlsx", "-q")
    assert stub_audit["files"] == [Path("bills/bill.csv")]


def test_python_dash_m():
    result = subprocess.run(
        [sys.executable, "-m", "auditor", "--help"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    assert result.stdout.startswith("Usage: auditor")
