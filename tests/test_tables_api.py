"""auditor.tables as docs/python.md documents it: each table takes an audit's run, its
report or the files read (a trial's obvious call, ``charges_table(report)``, was a
TypeError: not iterable), anything else a BadArgument saying what to give; and the
example there runs as written."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from auditor import tables
from auditor.errors import BadArgument
from auditor.run import audit

ROOT = Path(__file__).resolve().parent.parent
HOUSEHOLD = ROOT / "fixtures" / "household"


@pytest.fixture(scope="module")
def done(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tables")
    return audit(
        HOUSEHOLD, settings=HOUSEHOLD / "auditor.toml", as_of="2026-11-05", jobs=1,
        report=folder / "r.xlsx",
    )  # fmt: skip


@pytest.mark.parametrize("table", ["charges_table", "services_table", "bills_table"])
def test_a_run_its_report_and_its_inputs_give_the_same_table(done, table):
    make = getattr(tables, table)
    made = make(done.report.inputs)
    assert len(made) > 0
    assert make(done).equals(made) and make(done.report).equals(made)


def test_money_is_integer_fen(done):
    charges = tables.charges_table(done)
    assert str(charges["amount_fen"].dtype) == "Int64"
    assert sum(c.amount_fen for r in done.report.inputs for c in r.charges) == int(
        charges["amount_fen"].sum()
    )


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize("given", ["bills/", 5, [1, 2]])
def test_anything_else_is_refused_saying_what_to_give(given):
    with pytest.raises(BadArgument, match="give an AuditRun, an AuditReport or a list of"):
        tables.charges_table(given)


@pytest.mark.usefixtures("english")
def test_a_list_of_other_things_is_said_with_what_it_holds(done):
    # a list of Findings was said "a list of ReadResult, not list"
    with pytest.raises(BadArgument) as refused:
        tables.charges_table(done.report.findings)
    assert str(refused.value).endswith("a list of ReadResult, not list of Finding")


def test_the_example_in_python_md_runs_as_written(tmp_path, monkeypatch, capsys):
    text = (ROOT / "docs" / "python.md").read_text("utf-8")
    example = next(b for b in re.findall(r"```python\n(.*?)```", text, re.S) if "tables." in b)
    (tmp_path / "fixtures").symlink_to(ROOT / "fixtures")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "reports").mkdir()
    exec(compile(example, "python.md", "exec"), {})
    shown = capsys.readouterr().out
    assert "stated_total_fen" in shown and "parsed_total_fen" in shown
    assert os.path.exists(tmp_path / "reports" / "nov.xlsx")
