"""A bill read from text is kept over a copy of it read by OCR across audits too, as within
one: whether the screenshot was stored by an earlier audit and the text copy given now,
the other way round, or both stored.

The screenshot is line A's October bill with one digit blurred: OCR leaves 咪咕视频会员's
row unread, so its items fall ¥15.00 short of its stated ¥41.30 (a bill-total-mismatch
of the reading, not of the carrier). The text copy is the portal's October detail as
CSV, every item and no total row: it does not reconcile either, and states no total, so
the screenshot would win on every rule after text-over-OCR. Which copy an audit counted
shows in its findings: the screenshot's October gives the mismatch and no 咪咕视频会员.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from cli_run import run
from history_versions import as_version

from auditor import clock
from auditor.history.db import HistoryError, open_history
from auditor.history.schema import SCHEMA_VERSION

# The audits are dated up to 2026-12-05: the tests run as if it were past.
pytestmark = pytest.mark.usefixtures("december")

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SCREEN = FIXTURES / "ocr" / "screens" / "13800001234-2026年10月账单-模糊.png"
LINE = "13800001234"
MIGU = "咪咕视频会员"
ITEMS = (
    ("套餐及固定费", "4G飞享18元套餐（2018版）", "18.00"),
    ("套餐外语音通信费", "国内主叫通话费", "2.30"),
    ("增值业务费", "视频彩铃订阅-酷电秀专属6元包", "6.00"),
    ("增值业务费", MIGU, "15.00"),
    ("增值业务费", "彩铃功能费", "5.00"),
    ("优惠及减免", "话费优惠", "-5.00"),
)


def detail(folder: Path, month: str) -> Path:
    """The portal's detail of ``month`` as CSV: its items, no total row."""
    path = folder / f"{LINE}-费用明细-{month}.csv"
    rows = "".join(f"{LINE},{month},{kind},{item},{amount}\n" for kind, item, amount in ITEMS)
    path.write_text("手机号码,账期,费用类型,费用项目,金额(元)\n" + rows, "utf-8")
    return path


def audit(folder: Path, as_of: str, *given: Path, db: str = "h") -> dict:
    target = folder / f"{as_of}-{db}.json"
    result = run(
        "audit", *map(str, given), "--as-of", as_of, "--db", str(folder / f"{db}.sqlite"),
        "-o", str(target.with_suffix(".xlsx")), "--json", str(target), "-q", "--no-mask",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return json.loads(target.read_text("utf-8"))


def october_counted_from_text(data: dict) -> None:
    """The audit's October is the CSV's: no shortfall of the reading, 咪咕视频会员 billed."""
    months = {f["service"]: f["periods"] for f in data["findings"]}
    assert "2026-10" in months.get(MIGU, []), months
    mismatched = [f for f in data["findings"] if f["rule"] == "bill-total-mismatch"]
    assert not [f for f in mismatched if f["periods"] == ["2026-10"]], mismatched


@pytest.fixture(scope="module")
def audits(tmp_path_factory) -> dict[str, tuple[dict, dict]]:
    """Each order of the two copies over two audits, a month apart: (first, second); the
    screenshot given later to a history of version 2 holding the text copy; and the
    screenshot stored, then November's bill alone."""
    done = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(clock, "today", lambda: date(2026, 12, 31))
        for order in ("text later", "screenshot later", "both stored"):
            folder = tmp_path_factory.mktemp(order.replace(" ", "-"))
            october, november = detail(folder, "2026-10"), detail(folder, "2026-11")
            first, second = {
                "text later": ([SCREEN], [october, november]),
                "screenshot later": ([october], [SCREEN, november]),
                "both stored": ([SCREEN, october], [november]),
            }[order]
            done[order] = (audit(folder, "2026-11-05", *first), {})
            if order == "text later":  # and a month later, November's bill alone
                shutil.copy(folder / "h.sqlite", folder / "alone.sqlite")
                done["november alone"] = (folder, audit(folder, "2026-12-05", november, db="alone"))
            if order == "screenshot later":
                as_version(folder / "h.sqlite", folder / "v2.sqlite", 2)
                done["version 2"] = (folder, audit(folder, "2026-12-05", *second, db="v2"))
            done[order][1].update(audit(folder, "2026-12-05", *second))
    return done


def test_the_screenshot_alone_is_what_the_first_audit_counts(audits):
    first, _ = audits["text later"]
    [mismatch] = [f for f in first["findings"] if f["rule"] == "bill-total-mismatch"]
    assert mismatch["periods"] == ["2026-10"] and mismatch["details"]["read_by_ocr"]
    assert MIGU not in {f["service"] for f in first["findings"]}


def test_a_stored_screenshot_still_says_its_shortfall_may_be_a_misreading(audits):
    # October given no more: its stored screenshot is still the bill the rules read, and
    # its mismatch still sends the user to the picture first, not to the carrier.
    first, _ = audits["text later"]
    _, later = audits["november alone"]
    [before] = [f for f in first["findings"] if f["rule"] == "bill-total-mismatch"]
    [mismatch] = [f for f in later["findings"] if f["rule"] == "bill-total-mismatch"]
    assert (mismatch["id"], mismatch["status"]) == (before["id"], "open")
    assert mismatch["details"]["read_by_ocr"] and "OCR" in mismatch["message"]
    assert mismatch["actions"][0]["channel"] == "evidence"
    assert "OCR" in mismatch["actions"][0]["text"]


def test_a_text_copy_given_later_replaces_a_stored_screenshot(audits):
    first, second = audits["text later"]
    october_counted_from_text(second)
    [given] = [i for i in second["inputs"] if i["path"].endswith("费用明细-2026-10.csv")]
    assert not given["warnings"] and not given["rows"]["set_aside"].get("duplicate")
    assert given["rows"]["used"] == len(ITEMS)
    # The screenshot's shortfall was the reading's: resolved, as a bill that adds up now.
    [mismatch] = [f for f in first["findings"] if f["rule"] == "bill-total-mismatch"]
    assert mismatch["id"] in {r["id"] for r in second["resolved"]}


def test_a_screenshot_given_later_does_not_replace_a_stored_text_copy(audits):
    _, second = audits["screenshot later"]
    october_counted_from_text(second)
    [screen] = [i for i in second["inputs"] if i["path"] == str(SCREEN)]
    assert screen["rows"]["set_aside"]["duplicate"] and screen["ocr"]
    assert any("费用明细-2026-10.csv" in w and "未计入" in w for w in screen["warnings"])


def test_two_stored_copies_keep_the_text_one_an_audit_later(audits):
    first, second = audits["both stored"]
    october_counted_from_text(first)
    october_counted_from_text(second)


def test_a_history_of_version_2_is_upgraded_in_place_and_audits_alike(audits):
    # Its text copy of October, stored before the history kept OCR confidence, still
    # beats the screenshot given now; the findings and their ids carry on.
    folder, upgraded = audits["version 2"]
    october_counted_from_text(upgraded)
    _, second = audits["screenshot later"]
    assert upgraded["findings"] == second["findings"]
    with open_history(folder / "v2.sqlite") as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        read = dict(
            db.execute(
                "SELECT files.path, count(confidence) FROM charges "
                "JOIN files ON files.sha256 = charges.file GROUP BY files.path"
            ).fetchall()
        )
    # Stored before: read as text, as version 2 took it. Stored since: with confidence.
    assert read[str(SCREEN)] > 0
    assert {path: n for path, n in read.items() if path != str(SCREEN)} == {
        str(folder / f"{LINE}-费用明细-{month}.csv"): 0 for month in ("2026-10", "2026-11")
    }


def test_an_upgrade_that_fails_half_way_leaves_the_history_as_it_was(tmp_path):
    # The migration's first statements succeed, its last cannot (no services table): the
    # history stays at version 2, its tables as they were.
    with open_history(tmp_path / "new.sqlite"):
        pass
    old = tmp_path / "old.sqlite"
    as_version(tmp_path / "new.sqlite", old, 2)
    with sqlite3.connect(old) as made:
        made.execute("DROP TABLE services")
    with pytest.raises(HistoryError, match="no such table: services"):
        with open_history(old):
            pass
    with sqlite3.connect(old) as kept:
        assert kept.execute("PRAGMA user_version").fetchone()[0] == 2
        columns = {row[1] for row in kept.execute("PRAGMA table_info(bills)")}
    assert "confidence" not in columns and "stated_total_fen" in columns
