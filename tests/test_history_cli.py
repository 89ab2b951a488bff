"""The history commands and options on bad input: one line naming the file, nothing
overwritten, usage errors for what is not a date or a line."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor import cli
from auditor.history.db import default_db_path

MONTHLY = Path(__file__).resolve().parent.parent / "fixtures" / "monthly"
LINE = "13900001111"


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(cli.main, list(args), input=input)


def audit_october(db: Path, out: Path, *extra: str):
    return run(
        "audit", str(MONTHLY / "2026-10"), "--as-of", "2026-10-05", "--db", str(db),
        "-o", str(out / "r.xlsx"), "-q", *extra,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"my notes, not a database\n", "not a history database (not an SQLite file"),
        (None, "an SQLite database with tables of its own"),
    ],
)
@pytest.mark.usefixtures("english")
def test_a_foreign_file_at_db_is_named_and_left_alone(tmp_path, content, says):
    path = tmp_path / "notes.sqlite"
    if content is None:
        with sqlite3.connect(path) as other:
            other.execute("CREATE TABLE photos (name TEXT)")
    else:
        path.write_bytes(content)
    before = path.read_bytes()
    result = audit_october(path, tmp_path)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"auditor: {path}: ") and says in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert path.read_bytes() == before
    assert not (tmp_path / "r.xlsx").exists()


@pytest.mark.usefixtures("english")
def test_a_history_from_a_newer_auditor_is_refused_unchanged(tmp_path):
    db = tmp_path / "h.sqlite"
    assert audit_october(db, tmp_path).exit_code == 0
    with sqlite3.connect(db) as connection:
        connection.execute("PRAGMA user_version = 99")
    before = db.read_bytes()
    result = run("records", "--db", str(db))
    assert result.exit_code == 2
    assert "written by a newer auditor (history version 99" in result.stderr
    assert db.read_bytes() == before


def test_the_history_is_private_and_in_the_data_folder_by_default(tmp_path):
    result = run(
        "audit", str(MONTHLY / "2026-10"), "--as-of", "2026-10-05", "-o", str(tmp_path / "r.xlsx")
    )
    assert result.exit_code == 0, result.output
    default = default_db_path()
    assert str(default).startswith(str(tmp_path.parent))  # the test's own data folder
    assert default.is_file() and (default.stat().st_mode & 0o777) == 0o600
    # without --db, the same place is used
    assert run("records").stdout == "还没有记录（auditor record --help 说明怎么记）\n"


def test_no_history_reads_and_writes_none(tmp_path):
    result = run(
        "audit", str(MONTHLY / "2026-10"), "--as-of", "2026-10-05", "--no-history",
        "-o", str(tmp_path / "r.xlsx"), "--json", "-", "-q",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert not default_db_path().exists()
    data = json.loads(result.stdout)
    assert {f["status"] for f in data["findings"]} == {"new"} and data["resolved"] == []
    both = run("audit", str(MONTHLY), "--no-history", "--db", str(tmp_path / "h"))
    assert both.exit_code == 2 and "--db 和 --no-history 互相矛盾" in both.stderr


def test_recording_for_an_unseen_line_or_service_warns_and_records(tmp_path):
    db = tmp_path / "h.sqlite"
    # before any audit: a history made for it (--create), as a mistyped --db is not
    unseen = run(
        "record", "cancel", "--line", LINE, "--service", "咪咕", "--db", str(db), "--create"
    )
    assert unseen.exit_code == 0
    assert unseen.stderr == (
        "auditor: 139****1111：还没有检查见过这个号码；仍已记录\n"
        f"auditor: {db}：新的历史记录，从这条记录开始\n"
    )
    assert audit_october(db, tmp_path).exit_code == 0
    typo = run("record", "cancel", "--line", LINE, "--service", "咪咕视频", "--db", str(db))
    assert typo.exit_code == 0
    assert "咪咕视频：139****1111 的账单和已订业务都没有这项业务" in typo.stderr
    assert "（是不是 咪咕视频会员？）" in typo.stderr
    slip = run("record", "cancel", "--line", LINE, "--service", "咪咕视屏会员", "--db", str(db))
    assert slip.stderr.endswith("（是不是 咪咕视频会员？）；仍已记录\n")
    assert run("records", "--db", str(db)).stdout.count("退订 139****1111") == 3


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--on", "2026-13-45"], "'2026-13-45' is not a date: there is no month 13"),
        (["--on", "yesterday"], "'yesterday' is not a date: write YYYY-MM-DD"),
        (["--on", "2999-01-01"], "2999-01-01 is after today"),
        (["--on", "1999-12-31"], "1999-12-31 is before 2000"),
        (["--line", "12345"], "not a mobile number"),
    ],
)
@pytest.mark.usefixtures("english")
def test_a_date_that_is_not_a_date_is_a_usage_error(tmp_path, args, says):
    db = tmp_path / "h.sqlite"
    base = ["record", "complaint", "--line", LINE, "--service", "彩铃", "--db", str(db)]
    result = run(*base, *args)
    assert result.exit_code == 2
    assert says in result.stderr
    assert not db.exists()


def test_record_needs_a_service_or_a_finding_and_refund_an_amount(tmp_path):
    db = str(tmp_path / "h.sqlite")
    neither = run("record", "cancel", "--line", LINE, "--db", db)
    assert neither.exit_code == 2 and "请给出 --service NAME 或 --finding ID" in neither.stderr
    no_amount = run("record", "refund", "--line", LINE, "--service", "彩铃", "--db", db)
    assert no_amount.exit_code == 2 and "--amount" in no_amount.stderr
    negative = run(
        "record", "refund", "--line", LINE, "--service", "彩铃", "--amount", "-3", "--db", db
    )
    assert negative.exit_code == 2 and "退款应是正数" in negative.stderr


@pytest.mark.usefixtures("december")
def test_undo_removes_one_record_and_names_a_missing_one(tmp_path):
    db = str(tmp_path / "h.sqlite")
    run("record", "cancel", "--line", LINE, "--service", "彩铃", "--on", "2026-10-01", "--db", db,
        "--create")  # fmt: skip
    undone = run("record", "undo", "1", "--db", db)
    assert undone.exit_code == 0 and undone.stdout.startswith("已删除 #1：退订 139****1111")
    again = run("record", "undo", "1", "--db", db)
    assert again.exit_code == 2 and again.stderr == "auditor: 第 1 号记录已于 2026-12-31 删除\n"
    never = run("record", "undo", "2", "--db", db)
    assert never.exit_code == 2 and "没有第 2 号记录" in never.stderr


@pytest.mark.usefixtures("english")
def test_commands_that_only_read_do_not_create_a_history(tmp_path):
    db = tmp_path / "missing.sqlite"
    for command in (["records"], ["history"], ["record", "undo", "1"]):
        result = run(*command, "--db", str(db))
        assert result.exit_code == 2
        assert f"{db}: no history database there" in result.stderr
        # nothing to record: how one is made, not record's --create nor "nothing recorded"
        assert f"auditor audit --db {db} starts one there" in result.stderr
        assert "--create" not in result.stderr and "recorded" not in result.stderr
    assert not db.exists()


def test_forget_removes_the_line_and_everything_about_it(tmp_path):
    db = tmp_path / "h.sqlite"
    assert audit_october(db, tmp_path).exit_code == 0
    run("record", "cancel", "--line", LINE, "--service", "咪咕视频会员", "--db", str(db))
    declined = run("forget", "--line", LINE, "--db", str(db), input="n\n")
    assert declined.exit_code == 1
    assert json.loads(run("history", "--db", str(db), "--json", "-").stdout)["lines"]
    result = run("forget", "--line", LINE, "--db", str(db), "--yes")
    assert result.exit_code == 0 and result.stdout.startswith("已删除 139****1111：")
    with sqlite3.connect(db) as connection:
        for table in ("files", "bills", "charges", "services", "findings", "records"):
            assert connection.execute(f"SELECT count(*) FROM {table}").fetchone() == (0,)
    assert json.loads(run("history", "--db", str(db), "--json", "-").stdout) == {"lines": []}
    # the files given again are stored again
    assert audit_october(db, tmp_path).exit_code == 0
    assert json.loads(run("history", "--db", str(db), "--json", "-").stdout)["lines"]


def test_before_the_first_audit_the_history_commands_say_so_kindly(tmp_path):
    shown = run("history")
    assert (shown.exit_code, shown.stdout) == (
        0,
        "历史记录里还没有号码：请先运行 auditor audit\n",
    )
    listed = run("records")
    assert (listed.exit_code, listed.stdout) == (
        0,
        "还没有记录（auditor record --help 说明怎么记）\n",
    )
    gone = run("forget", "--line", LINE, "--yes")
    assert (gone.exit_code, gone.stdout) == (
        0,
        "139****1111 没有保存任何内容：历史记录里没有它\n",
    )
    assert not default_db_path().exists()


def test_forgetting_a_line_never_stored_says_so(tmp_path):
    db = tmp_path / "h.sqlite"
    assert audit_october(db, tmp_path).exit_code == 0
    result = run("forget", "--line", "13800002222", "--yes", "--db", str(db))
    assert result.exit_code == 0
    assert result.stdout == "138****2222 没有保存任何内容：历史记录里没有它\n"


def test_the_audit_summary_says_where_the_history_is_kept(tmp_path):
    db = tmp_path / "h.sqlite"
    result = run(
        "audit", str(MONTHLY / "2026-10"), "--as-of", "2026-10-05", "--db", str(db),
        "-o", str(tmp_path / "r.xlsx"),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith(f"历史记录：{db}\n")


def test_the_commands_that_only_read_do_not_wait_for_an_audit_writing(tmp_path, monkeypatch):
    import auditor.history.db as history_db

    db = tmp_path / "h.sqlite"
    assert audit_october(db, tmp_path).exit_code == 0
    monkeypatch.setattr(history_db, "BUSY_SECONDS", 1)
    writer = sqlite3.connect(db, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # an audit holding the write lock
    try:
        for command in (["history", "--json", "-"], ["records"]):
            result = run(*command, "--db", str(db))
            assert result.exit_code == 0, (command, result.output)
    finally:
        writer.rollback()
        writer.close()


def test_history_of_a_line_it_does_not_hold_says_so_as_forget_does(tmp_path, english):
    db = tmp_path / "h.sqlite"
    audit_october(db, tmp_path)
    other = "13912345678"
    shown = run("history", "--line", other, "--db", str(db))
    assert shown.exit_code == 0
    said = "nothing stored for 139****5678: the history holds nothing of it\n"
    assert shown.stdout == said
    assert json.loads(run("history", "--line", other, "--db", str(db), "--json", "-").stdout) == {
        "lines": []
    }
    assert run("forget", "--line", other, "--db", str(db), "--yes").stdout == said


HOUSEHOLD = MONTHLY.parent / "household"


def test_history_of_one_owner_shows_only_their_lines_and_a_typo_is_named(tmp_path, english):
    db, known = tmp_path / "h.sqlite", str(HOUSEHOLD / "auditor.toml")
    audited = run(
        "audit", str(HOUSEHOLD), "--as-of", "2026-11-05", "--db", str(db),
        "-o", str(tmp_path / "r.xlsx"), "-q",
    )  # fmt: skip
    assert audited.exit_code in (0, 1), audited.output
    everyone = run("history", "--db", str(db), "--known", known, "--json", "-")
    mum = run("history", "--db", str(db), "--known", known, "--owner", "妈妈", "--json", "-")
    owners = {each["owner"] for each in json.loads(everyone.stdout)["lines"]}
    assert len(owners) > 2
    assert [each["owner"] for each in json.loads(mum.stdout)["lines"]] == ["妈妈"]
    typo = run("history", "--db", str(db), "--known", known, "--owner", "妈")
    assert typo.exit_code == 2
    assert "--owner 妈:" in typo.stderr and "妈妈" in typo.stderr


def test_a_typo_among_a_companys_many_owners_names_a_few_the_likeliest_first(tmp_path, english):
    # 30 owners in two departments: the answer names eight, 张伟 first, not all 32 names
    db, known = tmp_path / "h.sqlite", tmp_path / "auditor.toml"
    owners = ["张伟", *(f"员工{n:02d}" for n in range(29))]
    entries = [
        f'[lines."138000000{n:02d}"]\nowner = "{owner}"\ngroup = "销售{n % 2 + 1}部"\n'
        for n, owner in enumerate(owners)
    ]
    known.write_text("\n".join(entries), "utf-8")
    audited = run(
        "audit", str(HOUSEHOLD), "--as-of", "2026-11-05", "--db", str(db), "--known",
        str(known), "-o", str(tmp_path / "r.xlsx"), "-q",
    )  # fmt: skip
    assert audited.exit_code in (0, 1), audited.output
    typo = run("history", "--db", str(db), "--known", str(known), "--owner", "张玮")
    assert typo.exit_code == 2
    said = " ".join(typo.stderr.split())  # (click wraps a usage error's lines)
    assert "--owner 张玮:" in said and "they have: 张伟, 销售1部, 销售2部, 员工00," in said
    assert "and 24 more" in said and "员工28" not in said


def test_records_json_gives_the_keys_json_md_documents_for_it(tmp_path):
    """`auditor records --json` and docs/json.md's section of it agree (a trial found the
    doc naming a finding's record keys it does not give, and not those it gives)."""
    import re

    db = tmp_path / "h.sqlite"
    made = run(
        "record", "cancel", "--line", LINE, "--service", "咪咕视频会员", "--on", "2026-10-08",
        "--db", str(db), "--create",
    )  # fmt: skip
    assert made.exit_code == 0, made.output
    listed = json.loads(run("records", "--db", str(db), "--json", "-").stdout)
    doc = (Path(__file__).resolve().parent.parent / "docs" / "json.md").read_text("utf-8")
    section = doc.split("## `auditor records --json`", 1)[1].split("\n## ", 1)[0]
    table = [row.split("|")[1] for row in section.splitlines() if row.startswith("| `")]
    documented = {key for cell in table for key in re.findall(r"`([a-z_]+)`", cell)}
    assert set(listed[0]) == documented
    assert listed[0]["finding"] is None and listed[0]["service"] == "咪咕视频会员"
