"""The JSON keeps the conventions docs/json.md states, where it used not to: a finding's
``details`` say "none" as null (they said ``""``) and their money in integer fen under a
``_fen`` name; a refund due's ``next`` is an object, as a finding's is (it was a text
beside a ``from``); evidence a record of yours gave is as json.md describes it."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from cli_run import run

from auditor import clock

MONTHLY = Path(__file__).resolve().parent.parent / "fixtures" / "monthly"
DOC = (Path(__file__).resolve().parent.parent / "docs" / "json.md").read_text("utf-8")
MIGU = "咪咕视频会员"


@pytest.fixture(scope="module")
def december(tmp_path_factory) -> tuple[dict, Path]:
    """Three months audited in English, 咪咕视频会员's cancellation recorded by its
    October finding: December's JSON (a charge after your cancellation, refunds due), and
    the history."""
    out = tmp_path_factory.mktemp("months")
    db = out / "h.sqlite"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(clock, "today", lambda: date(2026, 12, 31))
        patch.setenv("AUDITOR_LANG", "en")
        found = {}
        for month in ("2026-10", "2026-11", "2026-12"):
            target = out / f"{month}.json"
            done = run("audit", str(MONTHLY / month), "--as-of", f"{month}-05", "--db", str(db),
                       "-o", str(out / f"{month}.xlsx"), "--json", str(target), "-q")  # fmt: skip
            assert done.exit_code == 0, done.output
            found[month] = json.loads(target.read_text("utf-8"))
            if month == "2026-10":
                [unknown] = [f for f in found[month]["findings"] if f["service"] == MIGU]
                made = run("record", "cancel", "--finding", unknown["id"], "--on", "2026-10-08",
                           "--ticket", "T8", "--db", str(db))  # fmt: skip
                assert made.exit_code == 0, made.output
    return found["2026-12"], db


def test_details_say_none_as_null_and_money_in_fen(december):
    data, _ = december
    for finding in data["findings"]:
        for key, value in finding["details"].items():
            assert value != "", (finding["rule"], key)
            if key.endswith("_fen"):
                amounts = value.values() if isinstance(value, dict) else [value]
                assert all(v is None or type(v) is int for v in amounts), (key, value)
            else:  # money is only ever under a _fen name
                assert not re.fullmatch(r"-?\d+\.\d{2}", str(value)), (key, value)
    [lingering] = [f for f in data["findings"] if f["rule"] == "lingering-charge"]
    details = lingering["details"]
    assert details["expires"] is None and details["ordered_again"] is None  # none: null
    assert details["cancelled"] == "2026-10-08"
    assert details["monthly_amounts_fen"] == {"2026-11": 1500}
    # json.md says so, in the details' row
    [row] = [line for line in DOC.splitlines() if line.startswith("| `details` |")]
    assert "`_fen`" in row and "`null`" in row


def test_a_refund_dues_next_step_is_shaped_as_a_findings(december):
    data, db = december
    shape = {key: type(value) for key, value in data["findings"][0]["next"].items()}
    assert set(shape) == {"text", "from", "by"}
    assert data["refunds_due"]
    for due in data["refunds_due"]:
        step = due["next"]
        assert set(step) == set(shape) and isinstance(step["text"], str)
        assert "10086" in step["text"]
        assert (step["from"], step["by"]) == ("2026-12-05", "2027-02-28")
        assert due["due"] == "2027-02-28"  # the appeal's last day, as before
        assert "from" not in due  # the step's own, not beside it
    # and the history's JSON gives its refunds due the same
    shown = run("history", "--json", "-", "--db", str(db), "--lang", "en")
    assert shown.exit_code == 0, shown.output
    [line] = json.loads(shown.stdout)["lines"]
    assert line["refunds_due"] and all(set(d["next"]) == set(shape) for d in line["refunds_due"])


def test_evidence_from_your_records_is_as_documented(december):
    data, _ = december
    [lingering] = [f for f in data["findings"] if f["rule"] == "lingering-charge"]
    [record] = lingering["records"]
    assert lingering["evidence"][0] == {"path": "your records", "locator": f"record {record['id']}"}
    assert '`{"path": "your records", "locator": "record 4"}`' in DOC


def test_a_whole_bills_finding_has_no_service_null_as_elsewhere(tmp_path):
    """A bill's finding (its total above its items) is about no service: ``service`` and
    ``service_shown`` are null, as every text with nothing to say is (an owner, a
    carrier, a detail), never ``""``; after the next audit too, once resolved."""
    line, folder = "13900001111", tmp_path / "oct"
    folder.mkdir()
    rows = ["手机号码,账期,费用类型,费用项目,金额(元)", f"{line},202610,套餐及固定费,套餐,18.00"]
    (folder / "bill.csv").write_text(
        "\n".join([*rows, f"{line},202610,合计,,19.00"]) + "\n", "utf-8"
    )
    db, target = tmp_path / "h.sqlite", tmp_path / "r.json"
    args = ["-o", str(tmp_path / "r.xlsx"), "--json", str(target), "-q", "--db", str(db)]
    assert run("audit", str(folder), "--as-of", "2026-11-05", *args).exit_code == 0
    [mismatch] = json.loads(target.read_text("utf-8"))["findings"]
    assert mismatch["rule"] == "bill-total-mismatch"
    assert (mismatch["service"], mismatch["service_shown"], mismatch["names"]) == (None, None, [])
    (folder / "bill.csv").write_text(
        "\n".join([*rows, f"{line},202610,合计,,18.00"]) + "\n", "utf-8"
    )
    assert run("audit", str(folder), "--as-of", "2026-11-06", *args).exit_code == 0
    [resolved] = json.loads(target.read_text("utf-8"))["resolved"]
    assert (resolved["service"], resolved["service_shown"]) == (None, None)
