"""A name hidden the month its file was given stays hidden in every later output.

A customer's name is found only beside its label (客户姓名) or in a greeting (尊敬的李四客户);
the history keeps the file's name and its items as they were read. So a later audit (its
workbook and JSON: the lines not checked, the findings still open), ``auditor history``,
``auditor records`` and ``auditor record`` must know the names the history's files held,
and ``auditor forget --line`` must take them away with the line (trial t8's leak).
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from cli_run import run
from history_versions import as_version
from test_output_text import cells_of

from auditor.history.db import open_history
from auditor.history.hidden import stored_personal

NAME, GREETED = "王小明", "李四"
LINE, OTHER = "13811112222", "13922223333"

OCTOBER_CSV = f"""客户姓名,{NAME}
手机号码,{LINE}
账期,2026年10月
费用类型,费用项目,金额(元)
套餐及固定费,4G飞享18元套餐,18.00
增值业务费,{NAME} 专属会员,1.00
合计,,19.00
"""

GREETING_EML = f"""From: 10086@139.com
Subject: bill
MIME-Version: 1.0
Content-Type: text/html; charset=utf-8

<html><body><p>尊敬的{GREETED}客户，您好！</p>
<table><tr><td>手机号码：{OTHER}</td><td>账期：2026年10月</td></tr></table>
<table><tr><th>费用项目</th><th>金额(元)</th></tr>
<tr><td>套餐及固定费</td><td>18.00</td></tr>
<tr><td>{GREETED}的会员</td><td>2.00</td></tr>
<tr><td>本月费用合计</td><td>20.00</td></tr></table></body></html>
"""

NOVEMBER_CSV = f"""手机号码,账期,费用类型,费用项目,金额(元)
{LINE},202611,套餐及固定费,4G飞享18元套餐,18.00
{LINE},202611,合计,,18.00
"""


def _october(tmp_path: Path) -> Path:
    """October's files: the name in the file's name, its header and an item; the greeted
    name in an e-mail of another line."""
    folder = tmp_path / "oct"
    folder.mkdir()
    (folder / f"{NAME}-{LINE}-账单-2026年10月.csv").write_text(OCTOBER_CSV, "utf-8")
    (folder / f"{GREETED}-账单.eml").write_text(GREETING_EML, "utf-8")
    return folder


def _audit(folder: Path, day: str, db: Path, out: Path):
    """``auditor audit FOLDER`` on ``day`` over ``db``: its result and every output's text."""
    result = run(
        "audit", str(folder), "--as-of", day, "--db", str(db), "--lang", "en",
        "-o", str(out / "r.xlsx"), "--json", str(out / "r.json"),
    )  # fmt: skip
    texts = {
        "workbook": cells_of(out / "r.xlsx"),
        "json": (out / "r.json").read_text("utf-8"),
        "stdout": result.stdout,
        "stderr": result.stderr,
    }
    return result, texts


def _november(tmp_path: Path, db: Path) -> dict[str, str]:
    """November's plain bill of the same line, audited after October's."""
    folder = tmp_path / "nov"
    folder.mkdir(exist_ok=True)
    (folder / f"{LINE}-2026年11月.csv").write_text(NOVEMBER_CSV, "utf-8")
    result, texts = _audit(folder, "2026-11-27", db, tmp_path / "nov-out")
    assert result.exit_code == 0, result.output
    return texts


def _hides_the_names(text: str) -> None:
    assert NAME not in text
    assert GREETED not in text


def test_a_later_audit_hides_the_names_an_earlier_months_files_held(tmp_path):
    db = tmp_path / "h.sqlite"
    result, october = _audit(_october(tmp_path), "2026-11-05", db, tmp_path / "oct-out")
    assert result.exit_code == 0, result.output
    for text in october.values():
        _hides_the_names(text)
    november = _november(tmp_path, db)
    for text in november.values():
        _hides_the_names(text)
    # what held them is still shown, the names taken out: the file and the items
    data = json.loads(november["json"])
    shown = json.dumps(data, ensure_ascii=False)
    assert "[redacted] 专属会员" in shown and "[redacted]的会员" in shown
    assert "[redacted]-138****2222-账单-2026年10月.csv" in november["workbook"]


def test_history_records_and_record_hide_the_names(tmp_path):
    db = tmp_path / "h.sqlite"
    assert _audit(_october(tmp_path), "2026-11-05", db, tmp_path / "o")[0].exit_code == 0
    told = run("history", "--db", str(db), "--lang", "en")
    assert told.exit_code == 0, told.output
    assert "[redacted] 专属会员" in told.stdout and "[redacted]的会员" in told.stdout
    as_json = run("history", "--db", str(db), "--json", "-")
    recorded = run(
        "record", "cancel", "--line", LINE, "--service", f"{NAME} 专属会员",
        "--on", "2026-11-06", "--db", str(db), "--lang", "en",
    )  # fmt: skip
    assert recorded.exit_code == 0, recorded.output
    listed = run("records", "--db", str(db), "--lang", "en")
    assert "[redacted] 专属会员" in listed.stdout
    listed_json = run("records", "--db", str(db), "--json", "-")
    undone = run("record", "undo", "1", "--db", str(db), "--lang", "en")
    assert undone.exit_code == 0, undone.output
    for said in (told, as_json, recorded, listed, listed_json, undone):
        _hides_the_names(said.stdout + said.stderr)


def test_forget_takes_the_lines_names_away_with_it(tmp_path):
    db = tmp_path / "h.sqlite"
    assert _audit(_october(tmp_path), "2026-11-05", db, tmp_path / "o")[0].exit_code == 0
    with open_history(db, create=False, write=False) as history:
        assert {NAME, GREETED} <= stored_personal(history)
    forgot = run("forget", "--line", LINE, "--yes", "--db", str(db), "--lang", "en")
    assert forgot.exit_code == 0, forgot.output
    assert NAME.encode() not in db.read_bytes()  # erased, not only out of reach
    with open_history(db, create=False, write=False) as history:
        assert stored_personal(history) == {GREETED}  # the other line's file keeps its own
    _hides_the_names(run("history", "--db", str(db), "--lang", "en").stdout)


def test_a_file_an_older_history_stored_learns_its_names_when_given_again(tmp_path):
    """A history from before the names were kept holds none (NULL): given again, the
    file brings them, and the history's outputs hide them from then on."""
    db, old = tmp_path / "h.sqlite", tmp_path / "old.sqlite"
    october = _october(tmp_path)
    assert _audit(october, "2026-11-05", db, tmp_path / "o")[0].exit_code == 0
    as_version(db, old, 12)
    with sqlite3.connect(old) as connection:
        assert NAME in connection.execute("SELECT group_concat(path) FROM files").fetchone()[0]
    result, again = _audit(october, "2026-11-06", old, tmp_path / "again")
    assert result.exit_code == 0, result.output
    for text in again.values():
        _hides_the_names(text)
    with open_history(old, create=False, write=False) as history:
        assert {NAME, GREETED} <= stored_personal(history)
    for text in _november(tmp_path, old).values():
        _hides_the_names(text)
