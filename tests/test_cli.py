"""The command line, through click's CliRunner: the reading and the rules stubbed
(``read_listed`` / ``audit_inputs`` as :mod:`auditor.run` imports them) to test the CLI's
own work: help, options, exit codes, where output goes. The whole audit on the demo household is
tests/test_cli_household.py."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from writers_sample import AS_OF, sample_report

from auditor import cli, pipeline, run
from auditor.readers.base import MiB, ReadOptions
from auditor.writers import Masker, write_xlsx

# Not within a finding's id (F and 12 hex digits, random per history: one in a few
# hundred holds eleven digits that look like a number).
FULL_NUMBER = re.compile(r"(?<!\d)(?<!F)(?<!F[0-9a-f])1[3-9]\d{9}(?!\d)")
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

    def fake_read(files, options, jobs=1, on_read=None, meanwhile=None):
        calls["files"], calls["read"] = list(files), options
        report = sample_report()
        return [r for r in report.inputs if state["failed"] or not r.error]

    def fake_audit(results, options, db):
        calls["audit"], calls["db"] = options, db
        report = sample_report()
        report.inputs, report.as_of = results, options.as_of
        if state["severities"] is not None:
            report.findings = [f for f in report.findings if f.severity in state["severities"]]
        return report

    monkeypatch.setattr(run, "read_listed", fake_read)
    monkeypatch.setattr(pipeline, "audit_inputs", fake_audit)  # (run imports it when used)
    calls["state"] = state
    return calls


def audit(runner: CliRunner, *args: str):
    return runner.invoke(cli.main, ["audit", *args])


# ------------------------------------------------------------------------ help and rules


@pytest.mark.parametrize(
    "command",
    [
        [],
        ["audit"],
        ["rules"],
        ["record"],
        ["record", "cancel"],
        ["record", "complaint"],
        ["record", "refund"],
        ["record", "undo"],
        ["records"],
        ["history"],
        ["forget"],
    ],
)
@pytest.mark.parametrize(("language", "examples"), [("en", "Examples:"), ("zh", "例子：")])
def test_help_has_examples(runner, command, language, examples):
    result = runner.invoke(cli.main, [*command, "--lang", language, "--help"])
    assert result.exit_code == 0
    assert examples in result.output


#: The audit spec's eight rules, and suspended-plan-fee beside suspended-line (the plan
#: billed on top of 停机保号's fee: money to ask back, which suspended-line does not dispute).
ALL_RULES = {
    "lingering-charge": "high",
    "unknown-vas": "medium",
    "next-month-effective": "info",
    "bill-total-mismatch": "high",
    "duplicate-charge": "high",
    "trial-to-paid": "medium",
    "price-change": "medium",
    "suspended-line": "low",
    "suspended-plan-fee": "medium",
}


def test_rules_lists_every_id(runner):
    # In English the severity shown is its id (Chinese words: test_cli_lang).
    result = runner.invoke(cli.main, ["rules", "--lang", "en"])
    assert result.exit_code == 0
    listed = {line.split()[0]: line.split()[1] for line in result.output.splitlines()}
    assert listed == ALL_RULES


@pytest.mark.parametrize(
    ("language", "sections"),
    [("zh", ("为什么重要", "会报告", "不会报告")), ("en", ("Why it matters", "Fails", "Passes"))],
)
def test_rules_doc_prints_documentation(runner, monkeypatch, language, sections):
    monkeypatch.setenv("AUDITOR_LANG", language)
    short = runner.invoke(cli.main, ["rules"]).output
    long = runner.invoke(cli.main, ["rules", "--doc"]).output
    assert len(long.splitlines()) > len(short.splitlines()) + 8
    # Every rule's documentation (its indented lines), with why it matters and examples.
    docs: dict[str, str] = {}
    rule_id = ""
    for line in long.splitlines():
        if line and not line[0].isspace():
            rule_id = line.split()[0]
            docs[rule_id] = ""
        else:
            docs[rule_id] += line + "\n"
    assert set(docs) == set(ALL_RULES)
    for rule_id, doc in docs.items():
        assert all(section in doc for section in sections), rule_id


# ------------------------------------------------------------------------ exit codes


@pytest.mark.usefixtures("english")
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
    assert "已写出：reports/audit-2026-11-05.xlsx" in result.stdout
    assert "发现 7 项（高 2，中 3，低 0，提示 2）" in result.stdout


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
        (["bills", "--json", "bills/bill.csv"], "refusing to write the JSON over one of"),
        (["bills", "--max-pages", "0"], "--max-pages"),
    ],
)
@pytest.mark.usefixtures("english")
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


@pytest.mark.usefixtures("english")
def test_exit_2_when_nothing_is_readable(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("bills").mkdir()
    Path("bills/garbage.csv").write_bytes(b"\x00\x01\x02 not a bill \xff\xfe")
    result = audit(runner, "bills", "-o", "out.xlsx")
    assert result.exit_code == 2
    assert result.stderr.startswith("auditor: bills/garbage.csv: ")
    assert "nothing readable: the only input file could not be read" in result.stderr
    assert not Path("out.xlsx").exists()


def test_internal_error_is_one_line_unless_verbose(runner, workdir, stub_audit, monkeypatch):
    def broken(results, options, db):
        raise RuntimeError("rule exploded on 13800001234")

    monkeypatch.setattr(pipeline, "audit_inputs", broken)
    quiet = audit(runner, "bills")
    assert quiet.exit_code == 2
    assert quiet.stderr.strip().splitlines()[-1] == (
        "auditor: 内部错误（RuntimeError: rule exploded on 138****1234）；加 --verbose 可看出错位置"
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
    args += ["--max-unpacked-size", "3", "--max-pages", "4", "-q", "--as-of", "2026-11-05"]
    args += ["--amount-unit", "fen", "--max-cells", "5", "--max-sheets", "6"]
    args += ["--max-pdf-memory", "70", "--max-sms-length", "8", "--max-cell-length", "9"]
    args += ["--max-json-depth", "10", "--max-parts", "11", "--max-pdf-seconds", "12"]
    audit(runner, *args)
    assert stub_audit["read"] == ReadOptions(
        as_of=date(2026, 11, 5),
        amount_unit="fen",
        kind="bill",
        carrier="china-mobile",
        line="13800001234",
        period="2026-10",
        passwords=("a", "b"),
        max_file_bytes=2 * MiB,
        max_unpacked_bytes=3 * MiB,
        max_pdf_pages=4,
        max_cells=5,
        max_sheets=6,
        max_pdf_memory_bytes=70 * MiB,
        max_sms_chars=8,
        max_cell_chars=9,
        max_json_depth=10,
        max_mime_parts=11,
        max_pdf_seconds=12,
        input_folders=("bills",),  # where a folder named after an owner is looked for
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
    assert stub_audit["read"].line_owners == (("13800001234", "爸爸"),)  # as the readers see


def test_json_to_stdout_keeps_stdout_clean(runner, workdir, stub_audit):
    result = audit(runner, "bills", "--json", "-", "--as-of", "2026-11-05")
    data = json.loads(result.stdout)
    assert data["as_of"] == "2026-11-05"
    assert "发现 7 项" in result.stderr


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
    assert result.stdout.startswith("用法：auditor")  # AUDITOR_LANG=zh, as the tests run
