"""A month read back from the history decides whether a charge stopped as it did when it
was given: a file with an unread row, or a section that is not its items' sum, may hold
the very charge, whether given now or stored by an earlier audit. A history stored before
it kept what that decision reads (version 3) holds no such count: its months are taken
as unknown, and show no stop until given again."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from cli_run import run
from history_versions import as_version

from auditor.history.db import HistoryError, open_history
from auditor.history.schema import SCHEMA_VERSION

pytestmark = pytest.mark.usefixtures("december", "english")

LINE, TELECOM = "13800001234", "18900189003"
MIGU = "咪咕视频会员"


def mobile(folder: Path, period: str, *rows: str) -> Path:
    """China Mobile's detail of ``period`` as CSV: its plan, then ``rows`` (item,amount),
    no total row."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{LINE}-{period.replace('-', '')}.csv"
    lines = ["号码,账期,费用类别,项目名称,金额", f"{LINE},{period},套餐费,畅享套餐58元,58.00"]
    lines += [f"{LINE},{period},{row}" for row in rows]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def telecom(folder: Path, period: str, vas: str, *items: tuple[str, str]) -> Path:
    """A 天翼 statement of ``period``: its plan, and 增值业务费 saying ``vas`` over
    ``items``; no total row."""
    folder = folder / TELECOM
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{period[:4]}年{period[5:]}月.csv"
    rows = ["中国电信 天翼 账单", "", "套餐及叠加包月基本费\t\t59.00", "\t套餐月基本费\t59.00"]
    rows += [f"增值业务费\t\t{vas}", *(f"\t{item}\t{amount}" for item, amount in items)]
    path.write_text("\n".join(rows) + "\n", "utf-8")
    return path


def audit(folder: Path, as_of: str, *given: Path, db: str = "h") -> dict:
    target = folder / f"{as_of}-{db}-{len(given)}.json"
    result = run(
        "audit", *map(str, given), "--as-of", as_of, "--db", str(folder / f"{db}.sqlite"),
        "--known", str(known(folder)), "-o", str(target.with_suffix(".xlsx")),
        "--json", str(target), "-q",
    )  # fmt: skip
    assert result.exit_code in (0, 1), result.output
    return json.loads(target.read_text("utf-8"))


def known(folder: Path) -> Path:
    """Settings that know 彩铃: 咪咕视频会员 is the one finding."""
    path = folder / "auditor.toml"
    path.write_text('known_services = ["彩铃"]\n', "utf-8")
    return path


def migu(report: dict) -> tuple[str | None, str]:
    """咪咕视频会员's finding: its stopped month and its money a year."""
    [finding] = [f for f in report["findings"] if f["service"] == MIGU]
    return finding["stopped"], finding["yearly"]


def months(folder: Path, october: tuple[str, ...]) -> list[Path]:
    """August and September charge 咪咕 15.00; October holds ``october``'s rows."""
    return [
        mobile(folder / "bills", "2026-08", f"增值业务费,{MIGU},15.00"),
        mobile(folder / "bills", "2026-09", f"增值业务费,{MIGU},15.00"),
        mobile(folder / "bills", "2026-10", *october),
    ]


def test_a_stored_month_with_an_unread_row_is_no_stop_read_back_either(tmp_path):
    # October's 通信费 row could not be read: it may be 咪咕. Given, no stop; read back
    # from the history with August given alone, no stop either.
    august, *_ = months(tmp_path, ("通信费,国内通话费,abc",))
    assert migu(audit(tmp_path, "2026-11-05", tmp_path / "bills")) == (None, "180.00")
    assert migu(audit(tmp_path, "2026-11-20", august)) == (None, "180.00")


def test_a_stored_month_whose_section_falls_short_is_no_stop_read_back_either(tmp_path):
    # October's 增值业务费 says 21.00 and lists 彩铃 6.00 alone: the 15.00 may be 咪咕.
    both = ((MIGU, "15.00"), ("彩铃", "6.00"))
    august = telecom(tmp_path, "2026-08", "21.00", *both)
    telecom(tmp_path, "2026-09", "21.00", *both)
    telecom(tmp_path, "2026-10", "21.00", ("彩铃", "6.00"))
    assert migu(audit(tmp_path, "2026-11-05", tmp_path / TELECOM)) == (None, "180.00")
    assert migu(audit(tmp_path, "2026-11-20", august)) == (None, "180.00")
    with open_history(tmp_path / "h.sqlite", write=False) as db:
        gaps = db.execute("SELECT line, period, name, stated_fen, summed_fen FROM section_gaps")
        assert gaps.fetchall() == [(TELECOM, "2026-10", "增值业务费", 2100, 600)]


def test_a_stored_month_read_whole_still_shows_the_stop(tmp_path):
    august, *_ = months(tmp_path, ())
    assert migu(audit(tmp_path, "2026-11-05", tmp_path / "bills")) == ("2026-10", "0.00")
    assert migu(audit(tmp_path, "2026-11-20", august)) == ("2026-10", "0.00")


def test_a_month_a_version_3_history_stored_is_unknown_until_given_again(tmp_path):
    august, _, october = months(tmp_path, ())
    assert migu(audit(tmp_path, "2026-11-05", tmp_path / "bills")) == ("2026-10", "0.00")
    as_version(tmp_path / "h.sqlite", tmp_path / "v3.sqlite", 3)
    # Read back from a history that did not keep its unread rows: it cannot show a stop.
    assert migu(audit(tmp_path, "2026-11-20", august, db="v3")) == (None, "180.00")
    with open_history(tmp_path / "v3.sqlite", write=False) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        counts = db.execute("SELECT unread_rows FROM files ORDER BY rowid").fetchall()
    # stored before and not given again: not made up (August, given, is read whole now)
    assert counts == [(0,), (None,), (None,)]
    # Given again, it is read whole now: the stop shows.
    assert migu(audit(tmp_path, "2026-11-20", august, october, db="v3")) == ("2026-10", "0.00")


def test_a_month_a_version_3_history_stored_is_completed_when_given_again(tmp_path):
    # October given again fills in what version 3 did not keep: read back the next day,
    # with August alone, it decides as it did when given.
    august, _, october = months(tmp_path, ())
    audit(tmp_path, "2026-11-05", tmp_path / "bills")
    as_version(tmp_path / "h.sqlite", tmp_path / "v3.sqlite", 3)
    assert migu(audit(tmp_path, "2026-11-20", august, october, db="v3")) == ("2026-10", "0.00")
    assert migu(audit(tmp_path, "2026-11-21", august, db="v3")) == ("2026-10", "0.00")
    with open_history(tmp_path / "v3.sqlite", write=False) as db:
        counts = db.execute("SELECT path, unread_rows FROM files ORDER BY rowid").fetchall()
    # the files given again are read whole; September, never given again, stays unknown
    assert [(Path(path).name, unread) for path, unread in counts] == [
        (august.name, 0), (f"{LINE}-202609.csv", None), (october.name, 0),
    ]  # fmt: skip


def test_a_version_3_file_given_again_keeps_its_unread_rows_and_section_gaps(tmp_path):
    # October's 增值业务费 says 21.00 over 彩铃 6.00 alone, and one row of it is unreadable:
    # given again to a version 3 history, both are stored, once, however often it is given.
    both = ((MIGU, "15.00"), ("彩铃", "6.00"))
    august = telecom(tmp_path, "2026-08", "21.00", *both)
    telecom(tmp_path, "2026-09", "21.00", *both)
    october = telecom(tmp_path, "2026-10", "21.00", ("彩铃", "6.00"), ("国内通话费", "abc"))
    audit(tmp_path, "2026-11-05", tmp_path / TELECOM)
    with open_history(tmp_path / "h.sqlite", write=False) as db:
        stored = db.execute("SELECT unread_rows FROM files ORDER BY rowid").fetchall()
        gaps = db.execute("SELECT line, period, name, stated_fen, summed_fen FROM section_gaps")
        stored_gaps = gaps.fetchall()
    assert stored_gaps and any(unread for (unread,) in stored)
    as_version(tmp_path / "h.sqlite", tmp_path / "v3.sqlite", 3)
    for day in ("2026-11-20", "2026-11-21"):
        assert migu(audit(tmp_path, day, august, october, db="v3")) == (None, "180.00")
    assert migu(audit(tmp_path, "2026-11-22", august, db="v3")) == (None, "180.00")
    with open_history(tmp_path / "v3.sqlite", write=False) as db:
        completed = db.execute("SELECT unread_rows FROM files ORDER BY rowid").fetchall()
        gaps = db.execute("SELECT line, period, name, stated_fen, summed_fen FROM section_gaps")
        assert gaps.fetchall() == stored_gaps
    assert completed == [stored[0], (None,), stored[2]]


def test_an_upgrade_to_version_4_that_fails_half_way_leaves_version_3_as_it_was(tmp_path):
    # Its column and table are made, its index cannot be (the name is taken): the history
    # stays at version 3, without either.
    with open_history(tmp_path / "new.sqlite"):
        pass
    old = tmp_path / "old.sqlite"
    as_version(tmp_path / "new.sqlite", old, 3)
    with sqlite3.connect(old) as made:
        made.execute("CREATE INDEX section_gaps_by_line ON bills(line)")
    with pytest.raises(HistoryError, match="section_gaps_by_line already exists"):
        with open_history(old):
            pass
    with sqlite3.connect(old) as kept:
        assert kept.execute("PRAGMA user_version").fetchone()[0] == 3
        columns = {row[1] for row in kept.execute("PRAGMA table_info(files)")}
        tables = {row[0] for row in kept.execute("SELECT name FROM sqlite_master")}
    assert "unread_rows" not in columns and "stored_on" in columns
    assert "section_gaps" not in tables
