"""The user's records as the audits read them: a cancellation named by a finding's id,
refunds set against the months they cover, and what a resolved finding still claims."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor import cli, pipeline

MONTHLY = Path(__file__).resolve().parent.parent / "fixtures" / "monthly"
LINE = "13900001111"
MIGU = "咪咕视频会员"
RINGTONE = "视频彩铃订阅-酷电秀专属6元包"


@pytest.fixture(autouse=True)
def december(monkeypatch):
    """The cycle's last audit is dated 2026-12-05: the tests run as if it were past."""
    monkeypatch.setattr(pipeline, "today", lambda: date(2026, 12, 31))


def run(*args: str):
    return CliRunner().invoke(cli.main, list(args))


def audit(db: Path, month: str, out: Path, as_of: str = "") -> dict:
    target = out / f"{month}.json"
    result = run(
        "audit", str(MONTHLY / month), "--as-of", as_of or f"{month}-05", "--db", str(db),
        "-o", str(out / f"{month}.xlsx"), "--json", str(target), "-q",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return json.loads(target.read_text("utf-8"))


def record(db: Path, kind: str, *args: str) -> None:
    result = run("record", kind, "--line", LINE, "--db", str(db), *args)
    assert result.exit_code == 0, result.output


def found(data: dict, rule: str, service: str) -> dict:
    return next(f for f in data["findings"] if (f["rule"], f["service"]) == (rule, service))


def resolved(data: dict, rule: str, service: str) -> dict:
    return next(r for r in data["resolved"] if (r["rule"], r["service"]) == (rule, service))


def test_a_cancellation_named_by_its_finding_is_a_cancellation(tmp_path):
    db = tmp_path / "h.sqlite"
    unknown = found(audit(db, "2026-10", tmp_path), "unknown-vas", MIGU)
    record(db, "cancel", "--finding", unknown["id"], "--on", "2026-10-08", "--ticket", "T8")
    listed = run("records", "--db", str(db)).stdout
    assert f"cancel 139****1111 {MIGU} (finding {unknown['id']}) on 2026-10-08" in listed
    november = audit(db, "2026-11", tmp_path)
    assert "你已退订（2026-10-08 工单号 T8）" in resolved(november, "unknown-vas", MIGU)["reason"]
    back = found(audit(db, "2026-12", tmp_path), "lingering-charge", MIGU)
    assert "T8" in back["message"] and [r["ticket"] for r in back["records"]] == ["T8"]
