"""The JSON output keeps the audit spec's contract: keys, order, types, money as text."""

from __future__ import annotations

import json
import re

import pytest
from writers_sample import FORMULAS, MOBILE, UNICOM, sample_report

from auditor.model import Charge, ReadResult
from auditor.writers import Masker, render_json, report_to_dict
from auditor.writers.json import write_json

TOP_KEYS = ["as_of", "inputs", "findings"]
INPUT_KEYS = ["path", "sha256", "kind", "carrier", "line", "periods", "error"]
FINDING_KEYS = [
    "rule",
    "severity",
    "carrier",
    "line",
    "service",
    "periods",
    "period",
    "amount",
    "monthly",
    "message",
    "evidence",
    "actions",
]
ACTION_KEYS = ["step", "channel", "to", "text", "confidence", "note"]
MONEY = re.compile(r"^-?\d+\.\d{2}$")


@pytest.fixture(scope="module")
def data() -> dict:
    return json.loads(render_json(sample_report(), Masker()))


def test_contract_keys_come_first_in_the_spec_order(data):
    assert list(data)[:3] == TOP_KEYS
    for item in data["inputs"]:
        assert list(item)[: len(INPUT_KEYS)] == INPUT_KEYS
    for finding in data["findings"]:
        assert list(finding)[: len(FINDING_KEYS)] == FINDING_KEYS
        assert all(list(e) == ["path", "locator"] for e in finding["evidence"])
        for action in finding["actions"]:
            assert list(action)[: len(ACTION_KEYS)] == ACTION_KEYS


def test_types(data):
    assert data["as_of"] == "2026-11-05"
    for item in data["inputs"]:
        assert isinstance(item["path"], str) and len(item["sha256"]) == 64
        assert item["kind"] in ("bill", "services", None)
        assert isinstance(item["periods"], list)
        assert item["error"] is None or isinstance(item["error"], str)
    for finding in data["findings"]:
        assert finding["severity"] in ("high", "medium", "low", "info")
        assert MONEY.match(finding["amount"])
        assert finding["monthly"] is None or MONEY.match(finding["monthly"])
        assert finding["period"] == finding["periods"][-1]
        for action in finding["actions"]:
            assert isinstance(action["step"], int)


FINDINGS = [
    ("lingering-charge", "high", "138****1234", "视频彩铃订阅-酷电秀专属6元包", "6.00", "6.00"),
    ("bill-total-mismatch", "high", "189****9003", None, "2.00", None),  # about no service
    ("unknown-vas", "medium", "138****1234", FORMULAS[0], "45.00", "15.00"),
    ("unknown-vas", "medium", "186****5678", "沃音乐会员", "20.00", "10.00"),
    ("unknown-vas", "medium", "186****5678", "手机报-新闻早晚报", "3.00", "3.00"),
    ("next-month-effective", "info", "138****1234", "5G智享套餐（个人版）", "58.00", "58.00"),
    ("next-month-effective", "info", "138****1234", FORMULAS[3], "18.00", "18.00"),
]


def test_findings_values(data):
    got = [
        (f["rule"], f["severity"], f["line"], f["service"], f["amount"], f["monthly"])
        for f in data["findings"]
    ]
    assert got == FINDINGS
    assert data["findings"][2]["periods"] == ["2026-08", "2026-09", "2026-10"]
    assert [f["change"] for f in data["findings"][5:]] == ["start", "end"]
    assert data["findings"][0]["owner"] == "爸爸"
    assert data["findings"][0]["yearly"] == "72.00"


def test_additions(data):
    first = data["findings"][0]
    assert first["actions"][2]["due"] == "2027-04-05"
    assert first["actions"][0]["confidence"] == "documented"
    assert data["findings"][1]["details"] == {
        "parsed_fen": 3900,
        "stated_fen": 4100,
        "when": "2026-10-31",
    }
    summary = data["summary"]
    assert (summary["claimable"], summary["yearly"]) == ("74.00", "408.00")
    assert summary["findings"] == {"high": 2, "medium": 3, "low": 0, "info": 2}
    assert (summary["files_read"], summary["files_failed"]) == (3, 1)
    assert data["inputs"][0]["rows"] == {
        "read": 22,
        "used": 5,
        "set_aside": {"blank": 2, "header": 1, "note": 2, "section": 5, "title": 1, "total": 1},
        "unparseable": 1,
        "unread_money": "0.00",  # its unread row holds no charge's money
    }
    assert (summary["rows_unread"], summary["unread_money"]) == (1, "0.00")


def test_inputs(data):
    bad = data["inputs"][3]
    assert bad["error"] == "row 1: no header found (line 189****9003?)"
    assert (bad["kind"], bad["carrier"], bad["line"], bad["periods"]) == (None, None, None, [])
    assert data["inputs"][2]["periods"] == ["2026-09", "2026-10"]


def test_input_with_two_lines_lists_both():
    report = sample_report()
    both = ReadResult(path="both.csv", sha256="e" * 64, kind="bill")
    both.charges = [
        Charge(UNICOM, "2026-10", "vas", "x", 100),
        Charge(MOBILE, "2026-10", "vas", "y", 1),
    ]
    report.inputs = [both]
    assert report_to_dict(report, Masker())["inputs"][0]["line"] == "138****1234,186****5678"


def test_formula_text_is_kept_as_the_same_text():
    data = json.loads(render_json(sample_report(), Masker(enabled=False)))
    services = {f["service"] for f in data["findings"]}
    assert FORMULAS[0] in services and FORMULAS[3] in services


def test_deterministic_and_utf8(tmp_path):
    first = render_json(sample_report(), Masker())
    assert first == render_json(sample_report(), Masker())
    assert "视频彩铃" in first and "\\u" not in first
    target = tmp_path / "out.json"
    write_json(sample_report(), target, Masker())
    assert target.read_bytes() == first.encode("utf-8")


def test_report_as_data_gives_each_finding_its_own_steps():
    # The JSON text writes the steps many findings share once; the data a caller gets
    # must not share them, or editing one finding's steps would edit the others'.
    data = report_to_dict(sample_report(), Masker())
    first, *others = data["findings"]
    assert others
    first["actions"][0]["text"] = "EDITED"
    first["next"]["text"] = "EDITED"
    for finding in others:
        assert all(action["text"] != "EDITED" for action in finding["actions"])
        assert finding["next"] is None or finding["next"]["text"] != "EDITED"


def test_every_key_the_json_writes_is_documented():
    """docs/json.md names every key the writer puts in a JSON object (the dict literals
    of auditor/writers/json.py and json_history.py), so that a script's author finds each
    one explained."""
    import ast
    from pathlib import Path

    import auditor.writers.json as writer
    import auditor.writers.json_history as history_part

    root = Path(__file__).resolve().parent.parent
    quoted = re.findall(r"`([^`]+)`", (root / "docs" / "json.md").read_text("utf-8"))
    documented = {word for text in quoted for word in re.findall(r"[a-z0-9_]+", text)}
    trees = [ast.parse(Path(m.__file__).read_text("utf-8")) for m in (writer, history_part)]
    written = {
        key.value
        for tree in trees
        for node in ast.walk(tree)
        if isinstance(node, ast.Dict)
        for key in node.keys
        if isinstance(key, ast.Constant) and isinstance(key.value, str)
    }
    assert {"claimable", "beyond_claims", "masks_widened", "reconciled"} <= written
    assert sorted(written - documented) == []


def test_every_details_key_of_every_rule_is_documented_in_its_row():
    """docs/json.md's table of `details` keys, rule by rule, names every field of each
    rule's details class (and of the subclasses its module adds: an end's), so that a
    script's author finds each key a finding's `details` may hold (a trial found nine
    named nowhere)."""
    import dataclasses
    import inspect
    from pathlib import Path

    from auditor.rules import RULES

    text = (Path(__file__).resolve().parent.parent / "docs" / "json.md").read_text("utf-8")
    section = text.split("### `findings[].details`, rule by rule", 1)[1].split("\n## ", 1)[0]
    rows = {
        row.split("|")[1].strip().strip("`"): row.split("|")[2]
        for row in section.splitlines()
        if row.startswith("| `")
    }
    missing = {}
    for rule in RULES:
        module = inspect.getmodule(rule)
        kinds = [
            kind
            for kind in vars(module).values()
            if isinstance(kind, type) and issubclass(kind, rule.details_type)
        ]
        keys = {f.name for kind in kinds for f in dataclasses.fields(kind)}
        named = set(re.findall(r"`([a-z0-9_]+)`", rows.get(rule.id, "")))
        if keys - named:
            missing[rule.id] = sorted(keys - named)
    assert len(rows) == len(RULES)
    assert missing == {}
