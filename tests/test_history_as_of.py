"""An audit dated --as-of sees what was known that day: re-running an earlier month
gives what it gave (but that the history it started is no longer new), and changes
neither the history nor the later months' results."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from cli_run import run

from auditor import clock

# The audits are dated up to 2026-12-05: the tests run as if it were past.
pytestmark = pytest.mark.usefixtures("december")


MONTHLY = Path(__file__).resolve().parent.parent / "fixtures" / "monthly"
LINE = "13900001111"


def audit(db: Path, month: str, out: Path) -> bytes:
    target = out / f"{month}.json"
    result = run(
        "audit", str(MONTHLY / month), "--as-of", f"{month}-05", "--db", str(db),
        "-o", str(out / f"{month}.xlsx"), "--json", str(target), "-q",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return target.read_bytes()


def findings_table(db: Path) -> list[tuple]:
    with sqlite3.connect(db) as connection:
        return connection.execute("SELECT * FROM findings ORDER BY id").fetchall()


def test_re_running_earlier_months_gives_what_they_gave_and_changes_nothing_later(tmp_path):
    db = tmp_path / "h.sqlite"
    first = {"2026-10": audit(db, "2026-10", tmp_path)}
    recorded = run(
        "record", "cancel", "--line", LINE, "--service", "咪咕视频会员", "--on", "2026-10-21",
        "--ticket", "T1", "--db", str(db),
    )  # fmt: skip
    assert recorded.exit_code == 0, recorded.output
    for month in ("2026-11", "2026-12"):
        first[month] = audit(db, month, tmp_path)
    remembered = findings_table(db)
    again = tmp_path / "again"
    again.mkdir()
    for month in ("2026-10", "2026-11", "2026-12"):
        given = audit(db, month, again)
        if month == "2026-10":  # the history it started holds later audits now: not new
            history = json.loads(given)["summary"]["history"]
            assert (json.loads(first[month])["summary"]["history"], history) == (
                "new",
                "none_before",
            )
            given = given.replace(b'"history": "none_before"', b'"history": "new"', 1)
        assert given == first[month], month
        assert findings_table(db) == remembered, month
    october = json.loads(first["2026-10"])
    # October saw neither November's bill nor the cancellation of 10-21
    assert [m["period"] for m in october["summary"]["months"]] == ["2026-09"]
    assert all(not f["records"] for f in october["findings"])


@pytest.mark.usefixtures("english")
def test_an_audit_dated_after_today_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: date(2026, 11, 26))
    db = tmp_path / "h.sqlite"
    for extra in (["--db", str(db)], ["--no-history"]):
        result = run(
            "audit", str(MONTHLY / "2026-12"), "--as-of", "2026-11-27", "-o",
            str(tmp_path / "r.xlsx"), *extra,
        )  # fmt: skip
        assert result.exit_code == 2
        assert "Invalid value for '--as-of': 2026-11-27 is after today" in result.stderr
    assert not db.exists() and not (tmp_path / "r.xlsx").exists()
    result = run(
        "audit", str(MONTHLY / "2026-12"), "--as-of", "2026-11-26", "-o",
        str(tmp_path / "r.xlsx"), "--db", str(db), "-q",
    )  # fmt: skip
    assert result.exit_code == 0, result.output


def test_a_finding_an_earlier_audit_reports_again_keeps_its_later_resolution(tmp_path):
    """Re-running November after December resolved the 彩铃 charge does not reopen it."""
    db = tmp_path / "h.sqlite"
    for month in ("2026-10", "2026-11", "2026-12"):
        audit(db, month, tmp_path)
    before = run("history", "--db", str(db), "--json", "-").stdout
    audit(db, "2026-11", tmp_path / "..")
    assert run("history", "--db", str(db), "--json", "-").stdout == before


def new_said(db: Path) -> str:
    """What an audit that starts the history at ``db`` says (test_db_folder)."""
    return (
        f"auditor: {db}: a new history, started by this audit: no earlier audit stored a "
        "bill in it, so no finding reported before and no refund due is followed (if you "
        "audited before, check --db)"
    )


def _on(db: Path, month: str, out: Path, day: str):
    return run(
        "audit", str(MONTHLY / month), "--as-of", day, "--db", str(db),
        "-o", str(out / f"{month}.xlsx"), "-q", "--lang", "en",
    )  # fmt: skip


def test_catching_up_on_months_in_one_day_is_said(tmp_path):
    """Audits of one day are one point of the history: the second month's audit on the
    day of the first follows nothing up, and says so, with the --as-of that would."""
    db = tmp_path / "h.sqlite"
    new = f"auditor: {db}: a new history, started by this audit"  # the first alone
    assert _on(db, "2026-10", tmp_path, "2026-11-26").stderr.startswith(new)
    said = _on(db, "2026-11", tmp_path, "2026-11-26").stderr
    caught_up = "an audit dated 2026-11-26 already stored older bills of this audit's 1 line"
    assert f"{caught_up} (up to 2026-09)" in said
    assert "--as-of 2026-10-05 for the 2026-09 bill" in said
    assert LINE not in said and new not in said  # a history holding a bill is not new
    # The same files again, an earlier month again, or months on their own days: nothing.
    for again in ("2026-11", "2026-10"):
        assert not _on(db, again, tmp_path, "2026-11-26").stderr
    other = tmp_path / "other.sqlite"
    assert _on(other, "2026-10", tmp_path, "2026-10-05").stderr.splitlines() == [new_said(other)]
    assert not _on(other, "2026-11", tmp_path, "2026-11-05").stderr
