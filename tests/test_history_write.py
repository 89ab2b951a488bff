"""The audit's last step: the outputs and the history land together, and a history that
cannot be used is one line naming its file."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor import cli
from auditor.history.db import HistoryDB

MONTHLY = Path(__file__).resolve().parent.parent / "fixtures" / "monthly"
LINE = "13900001111"

# The messages asserted here are checked in English, as an English-speaking user reads
# them (the history's and the audit's own alike).
pytestmark = pytest.mark.usefixtures("english")


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(cli.main, list(args), input=input)


def audit(db: Path, month: str, out: Path, *extra: str):
    return run(
        "audit", str(MONTHLY / month), "--as-of", f"{month}-05", "--db", str(db),
        "-o", str(out / "r.xlsx"), "--json", str(out / "r.json"), "-q", *extra,
    )  # fmt: skip


def dump(db: Path) -> list[str]:
    with sqlite3.connect(db) as connection:
        return list(connection.iterdump())


def stored_months(db: Path) -> list[str]:
    with sqlite3.connect(db) as connection:
        return [p for (p,) in connection.execute("SELECT DISTINCT period FROM bills ORDER BY 1")]


@pytest.mark.skipif(os.name != "posix", reason="POSIX signals")
def test_ctrl_c_while_the_outputs_are_moved_keeps_outputs_and_history_together(
    tmp_path, monkeypatch
):
    db = tmp_path / "h.sqlite"
    assert audit(db, "2026-10", tmp_path).exit_code == 0
    replace = os.replace

    def interrupted_replace(source, target):
        os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C as the report is moved into place
        replace(source, target)

    monkeypatch.setattr(os, "replace", interrupted_replace)
    result = audit(db, "2026-11", tmp_path)
    monkeypatch.setattr(os, "replace", replace)
    assert result.exit_code == 130
    # The new outputs are in place: so is the history they were made from.
    assert json.loads((tmp_path / "r.json").read_text("utf-8"))["as_of"] == "2026-11-05"
    assert stored_months(db) == ["2026-09", "2026-10"]
    assert "the report, the JSON and the history were saved" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_history_that_cannot_be_saved_leaves_the_old_outputs(tmp_path, monkeypatch):
    db = tmp_path / "h.sqlite"
    assert audit(db, "2026-10", tmp_path).exit_code == 0
    before, report = dump(db), (tmp_path / "r.json").read_bytes()

    def full_disk(self):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(HistoryDB, "commit", full_disk)
    result = audit(db, "2026-11", tmp_path)
    assert result.exit_code == 2
    assert result.stderr == (
        f"auditor: {db}: cannot save the history (database or disk is full); nothing was "
        "written: the report, the JSON and the history are as they were\n"
    )
    assert (tmp_path / "r.json").read_bytes() == report
    assert dump(db) == before
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_an_output_that_cannot_be_moved_after_the_history_is_saved_says_so(tmp_path, monkeypatch):
    db = tmp_path / "h.sqlite"
    replace = os.replace

    def refused(source, target):
        if str(target).endswith(".json"):
            raise PermissionError(13, "Permission denied")
        replace(source, target)

    monkeypatch.setattr(os, "replace", refused)
    result = audit(db, "2026-10", tmp_path)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"auditor: cannot write {tmp_path / 'r.json'}: ")
    assert "the history was saved: run the same audit again to write the outputs" in (result.stderr)
    assert stored_months(db) == ["2026-09"]


def damage(db: Path) -> None:
    """Keep the header page, scramble every page after it."""
    with sqlite3.connect(db) as connection:
        page = connection.execute("PRAGMA page_size").fetchone()[0]
    data = bytearray(db.read_bytes())
    for at in range(page, len(data)):
        data[at] = (at * 37) & 0xFF
    db.write_bytes(bytes(data))


@pytest.mark.usefixtures("english")
def test_a_damaged_history_is_one_line_naming_it(tmp_path):
    db = tmp_path / "h.sqlite"
    assert audit(db, "2026-10", tmp_path).exit_code == 0
    damage(db)
    before = db.read_bytes()
    report = str(tmp_path / "n.xlsx")
    for command in (
        ["audit", str(MONTHLY / "2026-11"), "--as-of", "2026-11-05", "-o", report],
        ["records"],
        ["record", "cancel", "--line", LINE, "--service", "咪咕视频会员", "--on", "2026-10-08"],
    ):
        result = run(*command, "--db", str(db))
        assert result.exit_code == 2, (command, result.output)
        assert result.stderr.startswith(f"auditor: {db}: the history is damaged ("), command
        assert "internal error" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    assert db.read_bytes() == before
    assert not (tmp_path / "n.xlsx").exists()


def _not_writable(path: Path, monkeypatch) -> None:
    """``path`` as a user without write permission sees it (the tests may run as root)."""
    access = os.access

    def fake(target, mode, *args, **kwargs):
        if Path(target) == path and mode & os.W_OK:
            return False
        return access(target, mode, *args, **kwargs)

    monkeypatch.setattr(os, "access", fake)


@pytest.mark.usefixtures("english")
def test_a_read_only_history_is_named_before_any_input_is_read(tmp_path, monkeypatch):
    db = tmp_path / "h.sqlite"
    assert audit(db, "2026-10", tmp_path).exit_code == 0
    before = db.read_bytes()
    _not_writable(db, monkeypatch)

    def never(*args, **kwargs):
        raise AssertionError("the inputs were read")

    monkeypatch.setattr("auditor.run.read_listed", never)
    result = run(
        "audit", str(MONTHLY / "2026-11"), "--as-of", "2026-11-05", "--db", str(db),
        "-o", str(tmp_path / "n.xlsx"),
    )  # fmt: skip
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        f"auditor: {db}: cannot write the history (read-only); give --no-history to audit "
        "without it, or --db a file you can write\n"
    )
    recorded = run("record", "cancel", "--line", LINE, "--service", "咪咕视频会员", "--db", str(db))
    assert recorded.exit_code == 2
    assert recorded.stderr == f"auditor: {db}: cannot write the history (read-only)\n"
    # reading it needs no write
    shown = run("history", "--db", str(db), "--json", "-")
    assert shown.exit_code == 0, shown.output
    assert json.loads(shown.stdout)["lines"]
    assert db.read_bytes() == before


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes anything")
def test_a_history_without_write_permission_is_named(tmp_path):
    db = tmp_path / "h.sqlite"
    assert audit(db, "2026-10", tmp_path).exit_code == 0
    db.chmod(0o400)
    result = audit(db, "2026-11", tmp_path)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"auditor: {db}: cannot write the history")
    assert run("history", "--db", str(db)).exit_code == 0


@pytest.mark.usefixtures("english")
def test_an_empty_file_at_db_is_no_history_to_read_and_a_private_one_to_write(tmp_path):
    db = tmp_path / "empty.sqlite"
    db.touch(mode=0o644)
    db.chmod(0o644)
    record = ["record", "cancel", "--line", LINE, "--service", "咪咕"]  # not without --create
    for command in (["history"], ["records"], ["record", "undo", "1"], ["forget", "--yes"], record):
        if command[0] == "forget":
            command = [*command, "--line", LINE]
        result = run(*command, "--db", str(db))
        assert result.exit_code == 2, (command, result.output)
        # the one that records says nothing was, and how it would record into a new one
        maker = f"auditor audit --db {db}"
        said = f" ({maker} starts one there)"
        if command is record:
            said = f", nothing recorded (--create starts one there, as {maker} does)"
        assert result.stderr == f"auditor: {db}: an empty file, no history yet{said}\n"
        assert db.read_bytes() == b""
    assert audit(db, "2026-10", tmp_path).exit_code == 0
    assert (db.stat().st_mode & 0o777) == 0o600
    assert stored_months(db) == ["2026-09"]


def test_without_a_history_the_ids_cannot_be_worked_back_from_the_output(tmp_path):
    import hashlib

    from auditor.history.findings import finding_id
    from auditor.names import service_key

    ids = []
    for out in ("a", "b"):
        result = run(
            "audit", str(MONTHLY / "2026-10"), "--as-of", "2026-10-05", "--no-history",
            "-o", str(tmp_path / f"{out}.xlsx"), "--json", "-", "-q",
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        data = json.loads(result.stdout)
        digests = sorted(i["sha256"] for i in data["inputs"])
        printed = hashlib.sha256("\n".join(digests).encode("ascii")).digest()
        for finding in data["findings"]:
            guessed = finding_id(printed, finding["rule"], LINE, service_key(finding["service"]))
            assert finding["id"] != guessed
        ids.append([f["id"] for f in data["findings"]])
    assert ids[0] != ids[1]  # a secret of each run's own, printed nowhere
