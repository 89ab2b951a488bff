"""``auditor record`` into a history that is not there: refused, naming the path (a
mistyped ``--db`` made a new, empty history and said only that the line was unknown),
unless ``--create`` asks for one; and ``--json`` gives a script the record made, as
``auditor records --json`` lists it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_run import run
from click.testing import CliRunner

from auditor import cli
from auditor.history.db import default_db_path, open_history

LINE = "13900001111"
MIGU = "咪咕视频会员"
CANCEL = ["--line", LINE, "--service", MIGU, "--on", "2026-10-08", "--ticket", "T8"]


def made_history(path: Path) -> Path:
    """An empty history at ``path``, as an audit leaves one."""
    with open_history(path):
        pass
    return path


@pytest.mark.usefixtures("english")
def test_recording_into_the_default_history_makes_it():
    """No --db: the history the audits use, made when needed, its folder too (no slip to
    be had: a --db's missing folder is refused, test_db_folder), and said made."""
    default = default_db_path()  # the test's own data folder's (conftest), not made yet
    assert not default.parent.exists()
    made = run("record", "cancel", *CANCEL)
    assert made.exit_code == 0, made.output
    assert f"auditor: {default}: a new history, started here" in made.stderr.splitlines()
    listed = run("records", "--db", str(default), "--json", "-", "--no-mask")
    assert [(r["line"], r["service"]) for r in json.loads(listed.stdout)] == [(LINE, MIGU)]


@pytest.mark.usefixtures("english")
def test_recording_into_no_history_is_refused_naming_it(tmp_path, monkeypatch):
    monkeypatch.setattr("auditor.cli.common.default_db_path", lambda: tmp_path / "d.sqlite")
    slip = tmp_path / "histroy.sqlite"  # the history is h-i-s-t-o-r-y
    made_history(tmp_path / "history.sqlite")
    missing, given = slip, ["--db", str(slip)]
    refused = run("record", "cancel", *CANCEL, *given)
    assert refused.exit_code == 2
    [said] = refused.stderr.splitlines()
    assert said.startswith(f"auditor: {missing}: no history database there")
    assert "--create" in said and LINE not in said
    assert "nothing recorded" in said and f"auditor audit --db {missing}" in said
    assert not missing.exists() and refused.stdout == ""
    # asked to, it makes it there, and records into it
    made = run("record", "cancel", *CANCEL, *given, "--create")
    assert made.exit_code == 0, made.output
    assert missing.exists()
    assert f"auditor: {missing}: a new history, started here" in made.stderr.splitlines()
    listed = run("records", "--db", str(missing), "--json", "-", "--no-mask")
    assert [(r["line"], r["service"]) for r in json.loads(listed.stdout)] == [(LINE, MIGU)]
    again = run("record", "cancel", *CANCEL, *given)  # into it now: nothing new to say
    assert again.exit_code == 0 and "new history" not in again.stderr


def test_an_audit_still_makes_its_history(tmp_path):
    bills = tmp_path / "bills"
    bills.mkdir()
    rows = ["手机号码,账期,费用类型,费用项目,金额(元)", f"{LINE},202610,套餐及固定费,套餐,18.00"]
    (bills / "bill.csv").write_text("\n".join(rows) + "\n", "utf-8")
    db = tmp_path / "new.sqlite"
    done = run("audit", str(bills), "--as-of", "2026-11-05", "--db", str(db), "-q",
               "-o", str(tmp_path / "r.xlsx"))  # fmt: skip
    assert done.exit_code == 0, done.output
    assert db.exists()
    assert run("record", "cancel", *CANCEL, "--db", str(db)).exit_code == 0


@pytest.mark.parametrize("kind", ["cancel", "refund"])
def test_json_gives_the_record_made_as_records_lists_it(tmp_path, kind):
    db = made_history(tmp_path / "h.sqlite")
    # the same refund again and again: refunded twice indeed (--yes), not refused as one
    # recorded twice (history/refund_twice.py)
    extra = ["--amount", "15.00", "--yes"] if kind == "refund" else []
    first = run("record", kind, *CANCEL, *extra, "--db", str(db))
    assert first.exit_code == 0, first.output
    made = run("record", kind, *CANCEL, *extra, "--db", str(db), "--json", "-")
    assert made.exit_code == 0, made.output
    record = json.loads(made.stdout)  # the JSON alone on stdout
    listed = json.loads(run("records", "--db", str(db), "--json", "-").stdout)
    assert record == listed[-1] and record["id"] == listed[0]["id"] + 1
    assert record["kind"] == kind and record["line"] == "139****1111"
    assert "#" in made.stderr  # the sentence, for a person watching, on stderr
    # to a file: the sentence on stdout as without --json
    target = tmp_path / "made.json"
    again = run("record", kind, *CANCEL, *extra, "--db", str(db), "--json", str(target))
    assert again.exit_code == 0, again.output
    assert json.loads(target.read_text("utf-8"))["id"] == record["id"] + 1
    assert f"#{record['id'] + 1}" in again.stdout


def test_json_of_a_report_typed_into_lists_the_records_made(tmp_path):
    from test_record_from_report import _audit, _records, _type

    runner, db, report = CliRunner(), tmp_path / "h.sqlite", tmp_path / "r.xlsx"
    _audit(runner, db, report, "en")
    _type(report, "咪咕视频会员", 2, "cancelled", "202610081234", "2026-10-08")
    args = ["record", "--from", str(report), "--db", str(db), "--json", "-"]
    made = runner.invoke(cli.main, args)
    assert made.exit_code == 0, made.output
    listed = _records(runner, db)
    assert [r["id"] for r in json.loads(made.stdout)] == [r["id"] for r in listed] != []
    assert "#1" in made.stderr
    again = runner.invoke(cli.main, args)  # nothing new: an empty list, the words aside
    assert (again.exit_code, json.loads(again.stdout)) == (0, [])
    assert again.stderr


@pytest.mark.usefixtures("english")
def test_a_report_typed_into_records_nothing_where_there_is_no_history(tmp_path):
    from test_record_from_report import _audit, _type

    runner, db, report = CliRunner(), tmp_path / "h.sqlite", tmp_path / "r.xlsx"
    _audit(runner, db, report, "en")
    _type(report, "咪咕视频会员", 2, "cancelled", "202610081234", "2026-10-08")
    slip = tmp_path / "histroy.sqlite"
    refused = runner.invoke(cli.main, ["record", "--from", str(report), "--db", str(slip)])
    assert refused.exit_code == 2 and not slip.exists()
    # record --from has no --create of its own: the audit is how one is made
    assert f"{slip}: no history database there, nothing recorded" in refused.stderr
    assert f"auditor audit --db {slip} starts one there" in refused.stderr
    assert "--create" not in refused.stderr
