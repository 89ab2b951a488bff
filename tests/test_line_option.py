"""``--line`` reads every input as one line: for one line's files, refused over the files
of several (a family's or a company's folder would become one line)."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor import cli
from auditor.readers.base import ReadOptions

ROOT = Path(__file__).resolve().parent.parent
HOUSEHOLD = ROOT / "fixtures" / "household"


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
        "state 5 lines (138****1234, 147****2222, 186****5678, …): leave --line off to "
        "read each file's own line, or give it for one line's files only"
    )
    assert not report.exists()
    with sqlite3.connect(db) as history:  # opened before reading, left as it was
        assert history.execute("SELECT count(*) FROM files").fetchone() == (0,)


@pytest.mark.usefixtures("english")
def test_line_given_as_one_of_two_lines_files_is_refused_too(runner, tmp_path):
    # The mobile bills state 138…1234, --line's own; the Unicom files' names 186…5678.
    args = ["audit", str(HOUSEHOLD / "china-mobile"), str(HOUSEHOLD / "china-unicom")]
    args += ["--line", "13800001234", "-o", str(tmp_path / "r.xlsx"), "--no-history"]
    result = runner.invoke(cli.main, args)
    assert result.exit_code == 2
    assert "the inputs state 2 lines (138****1234, 186****5678)" in result.stderr


@pytest.mark.usefixtures("english")
def test_one_file_naming_two_numbers_is_read_as_told(runner, tmp_path):
    # One line's bill SMS without its own number: each reminder names the account
    # manager's, which is read as its line. --line is the fix, not a folder of lines.
    sms = tmp_path / "bills" / "移动账单短信.txt"
    sms.parent.mkdir()
    sms.write_text(
        "【中国移动】尊敬的客户，您2026年9月份账单合计41.40元，实际应付41.40元。主要费用项包括："
        "套餐及固定费18元，增值业务费21元，语音通信费2.40元。如有疑问请联系您的客户经理"
        "13912345678。【中国移动】\n\n"
        "【中国移动】尊敬的客户，您2026年10月份账单合计39.00元，实际应付39.00元。主要费用项包括："
        "套餐及固定费18元，增值业务费21元。如有疑问请联系您的客户经理13987654321。【中国移动】\n",
        "utf-8",
    )
    args = ["audit", str(sms.parent), "--line", "13800001234", "--json", "-", "-q"]
    result = runner.invoke(cli.main, [*args, "--no-history", "--as-of", "2026-11-05"])
    assert result.exit_code == 0, result.stderr
    assert [i["line"] for i in json.loads(result.stdout)["inputs"]] == ["138****1234"]


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
    from auditor.forced_line import LinesForced
    from auditor.pipeline import AuditOptions, run_audit

    options = AuditOptions(as_of=date(2026, 11, 5), read=ReadOptions(line="13800009999"))
    with pytest.raises(LinesForced, match=r"state 5 lines|写的是 5 个号码"):
        run_audit([HOUSEHOLD], options)
    one_line = run_audit([HOUSEHOLD / "china-mobile"], options)
    assert {charge.line for result in one_line.inputs for charge in result.charges} == {
        "13800009999"
    }


@pytest.mark.usefixtures("english")
def test_a_family_file_without_its_number_is_told_to_name_it_not_to_give_line(runner, tmp_path):
    # Mum's Unicom bill, saved by her name: neither the document nor its name holds her
    # number. --line stops over the family's folder, so the error first asks for the
    # number in the name; done so, the file is read.
    family = tmp_path / "bills"
    family.mkdir()
    saved = ROOT / "fixtures" / "json" / "china-unicom" / "18600005678-账单-202608.json"
    (family / "妈妈-联通账单-202608.json").write_bytes(saved.read_bytes())
    for name in ("中国移动账单-2026年10月.xlsx", "13800001234-已订业务.csv"):
        (family / name).write_bytes((HOUSEHOLD / "china-mobile" / name).read_bytes())
    (family / "18900189003").mkdir()
    telecom = HOUSEHOLD / "china-telecom" / "18900189003" / "2026年10月.csv"
    (family / "18900189003" / telecom.name).write_bytes(telecom.read_bytes())
    args = ["audit", str(family), "--no-history", "--as-of", "2026-11-05", "--json", "-", "-q"]
    result = runner.invoke(cli.main, args)
    assert result.exit_code == 3  # one input not read; the report names it
    (error,) = [i["error"] for i in json.loads(result.stdout)["inputs"] if i.get("error")]
    assert error.startswith("could not detect line: put the line's full 11-digit number in ")
    assert "the file's or its folder's name (as in <number>-账单-202608.pdf)" in error
    assert error.endswith("or give --line if every input is of that one line")

    forced = runner.invoke(cli.main, [*args, "--line", "18600005678"])
    assert forced.exit_code == 2  # what the old advice led to
    (family / "妈妈-联通账单-202608.json").rename(family / "18600005678-妈妈-联通账单-202608.json")
    named = runner.invoke(cli.main, args)
    assert named.exit_code == 0, named.stderr
    read = {i["line"]: i for i in json.loads(named.stdout)["inputs"]}
    assert "186****5678" in read and not any(i.get("error") for i in read.values())
