"""A line whose newest bill read is more than the appeal limit's months before the audit
date is told once (not once per file): on stderr, and among its input's alerts in the
workbook and the JSON, with the ``--as-of`` that audits it as of then
(:mod:`auditor.old_bills`); and the Summary says it of all such lines in one line."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from cli_run import run
from python_calamine import CalamineWorkbook

from auditor import clock
from auditor.catalog import load_escalation
from auditor.lang import using
from auditor.model import Bill, ReadResult
from auditor.old_bills import months_between, old_bill_alert, summary_alert, warn_old_bills
from auditor.pipeline import AuditOptions, run_audit
from auditor.values import month_add, month_of
from auditor.writers import Masker

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
LIMIT = load_escalation().billing_deadline_months
LINE = "13800001234"


def _file(path: str, line: str, *periods: str) -> ReadResult:
    return ReadResult(path=path, sha256="0" * 64, bills=[Bill(line, p, 100) for p in periods])


def test_months_between_counts_calendar_months():
    assert months_between("2016-10", "2026-11") == 121
    assert months_between("2026-10", "2026-11") == 1
    assert months_between("2026-12", "2027-01") == 1


def test_the_alert_says_how_old_and_the_as_of_that_audits_it_then():
    with using("zh"):
        said = old_bill_alert(LINE, "2016-10", date(2026, 11, 26))
    assert said == (
        f"{LINE} 最新的账单是 2016-10，比检查日期 2026-11-26 早 121 个月：步骤按检查日期排期；"
        "要按当时检查，加 --as-of 2016-11-05"
    )
    with using("en"):
        said = old_bill_alert(LINE, "2016-12", date(2026, 11, 26))
    assert "newest bill is of 2016-12, 119 months before the audit date 2026-11-26" in said
    assert said.endswith("add --as-of 2017-01-05")


def test_one_alert_per_line_on_the_file_of_its_newest_month():
    as_of = date(2026, 11, 26)
    limit_ago = month_add(month_of(as_of), -LIMIT)
    older = month_add(limit_ago, -1)
    files = [
        _file("a.csv", LINE, month_add(older, -1)),
        _file("b.csv", LINE, older),
        _file("c.csv", "18600005678", limit_ago),  # exactly the limit: not long before
    ]
    latest = {LINE: older, "18600005678": limit_ago}
    warn_old_bills(files, latest, as_of)
    warn_old_bills(files, latest, as_of)  # the same results audited again: said once
    assert [len(f.alerts) for f in files] == [0, 1, 0]
    assert files[1].alerts == [old_bill_alert(LINE, older, as_of)]
    # the history's newer month is the line's newest: its inputs hold none of it
    fresh = [_file("a.csv", LINE, older)]
    warn_old_bills(fresh, {LINE: limit_ago}, as_of)
    assert fresh[0].alerts == []
    # a newest month only the history holds, long before: on the line's first input
    stored_newest = [_file("a.csv", LINE, month_add(older, -3)), _file("b.csv", LINE, "2001-01")]
    warn_old_bills(stored_newest, {LINE: month_add(older, -2)}, as_of)
    assert [len(f.alerts) for f in stored_newest] == [1, 0]


def test_an_audit_long_after_the_household_bills_tells_each_line_once():
    as_of = date(2027, 6, 1)  # the household's newest month, 2026-10, is 8 months before
    report = run_audit([FIXTURES / "household"], AuditOptions(as_of=as_of))
    told = [
        alert
        for result in report.inputs
        for alert in result.alerts
        if "--as-of 2026-11-05" in alert
    ]
    lines = {line for result in report.inputs for line in result.lines}
    assert len(lines) >= 4
    assert sorted(alert.split(" ")[0] for alert in told) == sorted(lines)
    timely = run_audit([FIXTURES / "household"], AuditOptions(as_of=date(2026, 11, 5)))
    assert not any("--as-of" in alert for result in timely.inputs for alert in result.alerts)


def test_the_command_says_it_on_stderr_and_in_the_json(tmp_path, monkeypatch, english):
    monkeypatch.setattr(clock, "today", lambda: date(2027, 6, 1))
    out = tmp_path / "report.json"
    done = run(
        "audit", str(FIXTURES / "household" / "china-mobile"), "--no-history",
        "-o", str(tmp_path / "report.xlsx"), "--json", str(out),
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    masked = Masker(True)(LINE)
    said = [line for line in done.stderr.splitlines() if "newest bill" in line]
    assert len(said) == 1 and masked in said[0] and LINE not in said[0]
    assert "newest bill is of 2026-10, 8 months before the audit date 2027-06-01" in said[0]
    warnings = [w for f in json.loads(out.read_text("utf-8"))["inputs"] for w in f["warnings"]]
    assert [w for w in warnings if "newest bill" in w] == [said[0].split(": ", 2)[2]]


def _summary(tmp: Path, language: str, as_of: str, *inputs: str) -> list[str]:
    """The Summary's first column, top down, of an audit of ``inputs`` in ``language``."""
    book = tmp / f"{language}-{as_of}.xlsx"
    done = run("--lang", language, "audit", *inputs, "--as-of", as_of, "--no-history",
               "-o", str(book), "-q")  # fmt: skip
    assert done.exit_code == 0, done.output
    name = {"zh": "摘要", "en": "Summary"}[language]
    rows = CalamineWorkbook.from_path(str(book)).get_sheet_by_name(name).to_python()
    return [str(row[0]) for row in rows]


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_summary_says_it_in_one_line_under_the_counts(tmp_path, monkeypatch, language):
    monkeypatch.setattr(clock, "today", lambda: date(2027, 6, 1))
    household = str(FIXTURES / "household")
    column = _summary(tmp_path, language, "2027-06-01", household)
    said = [(row, text) for row, text in enumerate(column) if "--as-of 2026-11-05" in text]
    [(row, text)] = said  # one line, not one per line
    assert row == 3  # under the title, the headline and the counts, before the things to do
    assert column[5] == {"zh": "先做这些", "en": "Do these first"}[language]
    with using(language):  # the lines named masked, as every output shows them
        masked = Masker(True)(LINE)
    assert masked in text and LINE not in text
    assert ("早 8 个月" if language == "zh" else "8 months before the audit date") in text
    assert ("等 5 个号码" if language == "zh" else "and 2 more lines") in text
    # one line alone: its input's alert, said on the Summary as on stderr
    mobile = _summary(
        tmp_path, language, "2027-06-01", str(FIXTURES / "household" / "china-mobile")
    )
    with using(language):
        assert old_bill_alert(masked, "2026-10", date(2027, 6, 1)) in mobile
    # an audit when the bills are new says nothing of it, its things to do where they were
    timely = _summary(tmp_path, language, "2026-11-05", household)
    assert not any("--as-of" in text for text in timely)
    assert timely[4] == {"zh": "先做这些", "en": "Do these first"}[language]


def test_the_summary_line_of_lines_of_several_months_sends_to_the_inputs_sheet():
    as_of = date(2027, 6, 1)
    assert summary_alert((), as_of) == ""
    with using("en"):
        said = summary_alert([(LINE, "2016-10"), ("18600005678", "2026-10")], as_of)
        assert said.startswith(f"The newest bills of {LINE} and 18600005678 are 8 to 128 months")
        assert said.endswith("the --as-of for each line is on the Inputs sheet")
    with using("zh"):
        said = summary_alert([(LINE, "2016-10"), ("18600005678", "2026-10")], as_of)
        assert said.startswith(f"{LINE}、18600005678 最新的账单比检查日期 2027-06-01 早 8–128 个月")
        assert said.endswith("各号码该加的 --as-of 见「输入文件」表")
