"""A ticket number (工单号) the user typed is their own reference to quote: shown as typed
in ``auditor records``, ``record``'s answer, the steps and every output, eleven digits
too (the trial's ``--ticket 13912345678`` showed as ``139****5678``), unless it is one of
the audited lines' numbers, which stays masked as everywhere."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_run import run
from test_typed_lines import LINES, MIGU, audit, bills, record_from, type_in

from auditor.personal import redacted
from auditor.writers import Masker

pytestmark = pytest.mark.usefixtures("december")

TICKET = "13912345678"  # eleven digits, a mobile number's shape, no line's


def _record(tmp: Path, ticket: str, *options: str):
    return run(
        "record", "complaint", "--line", LINES[0], "--service", MIGU, "--ticket", ticket,
        "--on", "2026-10-06", "--db", str(tmp / "h.sqlite"), "--lang", "en", *options,
    )  # fmt: skip


def _records(tmp: Path, *options: str):
    shown = run("records", "--db", str(tmp / "h.sqlite"), "--lang", "en", *options)
    assert shown.exit_code == 0, shown.output
    return shown.output


def test_a_ticket_is_shown_as_typed_in_records_and_the_steps(tmp_path):
    bills(tmp_path / "oct", "2026-09")
    audit(tmp_path, tmp_path / "oct", "2026-10-05")
    made = _record(tmp_path, TICKET, "--json", "-")
    assert made.exit_code == 0, made.output
    assert json.loads(made.stdout)["ticket"] == TICKET
    assert f"ticket {TICKET}" in made.stderr and "139****5678" not in made.output
    listed = _records(tmp_path)
    assert f"ticket {TICKET}" in listed and "139****1111" in listed  # the line still masked
    assert [r["ticket"] for r in json.loads(_records(tmp_path, "--json", "-"))] == [TICKET]
    bills(tmp_path / "nov", "2026-10")  # still charged after the complaint
    data = audit(tmp_path, tmp_path / "nov", "2026-11-05")
    text = json.dumps(data, ensure_ascii=False)
    assert TICKET in text and "139****5678" not in text
    steps = [
        s["text"] for f in data["findings"] if f["line"] == "139****1111" for s in f["actions"]
    ]
    assert any(TICKET in step for step in steps)


def test_a_ticket_that_is_an_audited_line_stays_masked(tmp_path):
    bills(tmp_path / "oct", "2026-09")
    audit(tmp_path, tmp_path / "oct", "2026-10-05")
    made = _record(tmp_path, LINES[1])
    assert made.exit_code == 0, made.output
    assert LINES[1] not in made.output and "ticket 139****2222" in made.output
    assert LINES[1] not in _records(tmp_path)


def test_a_ticket_typed_in_the_report_is_shown_as_typed(tmp_path):
    bills(tmp_path / "oct", "2026-09")
    audit(tmp_path, tmp_path / "oct", "2026-10-05")
    report = tmp_path / "oct.xlsx"
    type_in(report, 1, "投诉", "2026-10-06", ticket=int(TICKET))  # Excel keeps a number
    made = record_from(tmp_path, report)
    assert made.exit_code == 0, made.output
    assert made.output.count(f"ticket {TICKET}") == len(LINES)
    assert f"ticket {TICKET}" in _records(tmp_path)


def test_only_where_the_whole_ticket_stands():
    """A number reaching outside a ticket, or a line's, is masked all the same."""
    mask = Masker(lines=frozenset({"13800001234"}), own=frozenset({"0001234", TICKET}))
    assert mask(f"ticket {TICKET}") == f"ticket {TICKET}"
    assert mask("call 13800001234") == "call 138****1234"
    assert mask("call 13700001234") == "call 137****1234"  # holds the ticket 0001234
    assert Masker(own=frozenset({TICKET}), lines=frozenset({TICKET}))(TICKET) == "139****5678"
    assert Masker(False, own=frozenset({TICKET}))(TICKET) == TICKET


CARD_LIKE = "5105105105105100"  # sixteen digits passing a bank card's check digit


def test_a_ticket_shaped_like_a_bank_card_is_shown_as_typed(tmp_path):
    bills(tmp_path / "oct", "2026-09")
    audit(tmp_path, tmp_path / "oct", "2026-10-05")
    made = _record(tmp_path, CARD_LIKE)
    assert made.exit_code == 0, made.output
    assert f"ticket {CARD_LIKE}" in made.output and "[redacted]" not in made.output
    assert f"ticket {CARD_LIKE}" in _records(tmp_path)
    assert [r["ticket"] for r in json.loads(_records(tmp_path, "--json", "-"))] == [CARD_LIKE]


def test_only_the_users_own_reference_escapes_the_card_pattern():
    for enabled in (True, False):
        mask = Masker(enabled, own=frozenset({CARD_LIKE}))
        assert mask(f"工单号 {CARD_LIKE}，银行代扣") == f"工单号 {CARD_LIKE}，银行代扣"
        # reaching outside the ticket: a number of its own, a bank's
        assert mask(f"银行代扣 {CARD_LIKE}9") == f"银行代扣 {redacted()}"
    assert Masker()(f"card {CARD_LIKE}") == f"card {redacted()}"  # no one's ticket: a card
