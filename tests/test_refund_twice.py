"""Refunds judged together as they are recorded (auditor.history.refund_twice): one that,
with the refunds of its service recorded before it, comes to more than was ever charged
is recorded and said at once, with what was refunded before it, the same figure the
report and ``auditor history`` say after it; one of the day, service and amount of a
refund recorded before (recorded twice) is refused by ``auditor record refund`` unless
``--yes``, and not recorded from the Actions sheet (said, exit 3); a refund in parts
that comes to what was charged is said nothing of."""

from __future__ import annotations

import json
from datetime import date

import pytest
from cli_run import run
from test_refund_due_actions import cancelled_and_stopped, type_on
from test_refund_due_beyond import follow_up, history
from test_refund_over_charged import _recorded, _refund, _twice
from test_refunds_due import MIGU, audit

from auditor.history.refund_twice import duplicate_of
from auditor.model import UserRecord

pytestmark = pytest.mark.usefixtures("december", "english")

#: 咪咕, 30.00 charged: what is said when 15.00 follows 20.00 (recorded as #2).
PASSED = (
    "auditor: a refund of ¥15.00, with the ¥20.00 refunded before it ¥35.00 in all, is more "
    "than the ¥30.00 ever charged for 咪咕视频会员 on 139****1111; recorded as #2 "
    "(compensation on top, say: nothing more to do; recorded twice or a slip: auditor "
    "record undo 2)\n"
)


def _on(day: str, amount: str, *more: str) -> tuple[str, ...]:
    return ("--service", MIGU, "--on", day, "--amount", amount, *more)


def test_a_second_refund_passing_what_was_charged_is_recorded_and_said(tmp_path):
    _twice(tmp_path)  # 咪咕 15.00 in September and October: 30.00
    first = _refund(tmp_path, *_on("2026-11-20", "20.00"))
    assert (first.exit_code, first.stderr) == (0, "")
    second = _refund(tmp_path, *_on("2026-11-21", "15.00"))
    assert (second.exit_code, second.stderr) == (0, PASSED)
    assert second.stdout.startswith("recorded #2: refund 139****1111 咪咕视频会员")
    assert _recorded(tmp_path) == [("refund", "20.00"), ("refund", "15.00")]
    # the report says it after the refund, with the same sum (one figure)
    again = audit(tmp_path, tmp_path / "nov", "2026-11-25")
    refunds = [r for f in again["findings"] for r in f["records"] if r["kind"] == "refund"]
    figures = [(r["id"], r["charged_ever"], r["refunded_before"]) for r in refunds]
    assert figures == [(1, None, None), (2, "30.00", "20.00")]
    [row] = [r for r in follow_up(tmp_path / "nov.xlsx") if r["Service"] == MIGU]
    said = "with the ¥20.00 refunded before it, ¥35.00 in all, more than the ¥30.00 ever charged"
    assert said in row["Your records"].splitlines()[-1]
    assert said in history(tmp_path)
    [line] = json.loads(history(tmp_path, "--json", "-"))["lines"]
    assert [r["refunded_before"] for r in line["records"]] == [None, "20.00"]


def test_it_is_said_in_chinese(tmp_path):
    _twice(tmp_path)
    assert _refund(tmp_path, *_on("2026-11-20", "20.00")).exit_code == 0
    second = _refund(tmp_path, *_on("2026-11-21", "15.00"), "--lang", "zh")
    assert second.exit_code == 0
    assert second.stderr == (
        "auditor: 退款 ¥15.00 连同此前已记的退款 ¥20.00，合计 ¥35.00，多于 139****1111 的"
        "「咪咕视频会员」历来扣费合计 ¥30.00；已记为 #2（是另加的赔偿就无需再做什么；记重了或"
        "写错了：auditor record undo 2）\n"
    )


def test_a_partial_refund_then_the_rest_is_said_nothing(tmp_path):
    _twice(tmp_path)
    for day, amount in (("2026-11-20", "10.00"), ("2026-11-28", "20.00")):
        done = _refund(tmp_path, *_on(day, amount))
        assert (done.exit_code, done.stderr) == (0, ""), amount
    again = audit(tmp_path, tmp_path / "nov", "2026-11-30")
    refunds = [r for f in again["findings"] for r in f["records"] if r["kind"] == "refund"]
    assert [(r["charged_ever"], r["refunded_before"]) for r in refunds] == [(None, None)] * 2
    # and one more cent is more than was charged
    cent = _refund(tmp_path, *_on("2026-11-30", "0.01"))
    assert cent.exit_code == 0 and "with the ¥30.00 refunded before it ¥30.01" in cent.stderr


def test_an_exact_duplicate_needs_yes(tmp_path):
    _twice(tmp_path)
    assert _refund(tmp_path, *_on("2026-11-20", "15.00", "--ticket", "T-1")).exit_code == 0
    twice = _refund(tmp_path, *_on("2026-11-20", "15.00"))
    assert (twice.exit_code, twice.stdout) == (2, "")
    assert twice.stderr == (
        "auditor: the refund of ¥15.00 for 咪咕视频会员 on 139****1111 on 2026-11-20 looks "
        "like a duplicate of record #1 (same day, same amount); nothing recorded (refunded "
        "twice indeed? give --yes)\n"
    )
    assert _recorded(tmp_path) == [("refund", "15.00")]
    # another day, or another amount, is no duplicate
    assert _refund(tmp_path, *_on("2026-11-21", "15.00")).stderr == ""
    assert _refund(tmp_path, *_on("2026-11-21", "15.00", "--yes")).exit_code == 0  # #3
    # with --yes it is recorded; passing what was charged, said, the duplicate named
    yes = _refund(tmp_path, *_on("2026-11-20", "15.00", "--yes"))
    assert yes.exit_code == 0
    assert yes.stderr.startswith(
        "auditor: a refund of ¥15.00, with the ¥45.00 refunded before it ¥60.00 in all"
    )
    assert "; it looks like a duplicate of record #1 (same day, same amount); recorded as #4" in (
        yes.stderr
    )
    assert len(_recorded(tmp_path)) == 4


def test_a_duplicate_typed_in_the_sheet_is_not_recorded(tmp_path):
    [due] = cancelled_and_stopped(tmp_path)["refunds_due"]  # 30.00 of 咪咕, Sep and Oct
    db = str(tmp_path / "h.sqlite")
    by_hand = ("record", "refund", "--finding", due["id"], "--on", "2026-12-10", "--db", db)
    assert run(*by_hand, "--amount", "10.00", "--ticket", "T-1").exit_code == 0  # #2
    report = tmp_path / "dec.xlsx"
    row = type_on(report, due["id"], "退款 10.00", "R-2", "2026-12-10")  # another ticket
    typed = run("record", "--from", str(report), "--db", db)
    assert typed.exit_code == 3, typed.output
    assert typed.stderr == (
        f"auditor: {report}: row {row}: the refund of ¥10.00 for 咪咕视频会员 on 139****1111 "
        "on 2026-12-10 looks like a duplicate of record #2 (same day, same amount); not "
        "recorded (refunded twice indeed? record it with auditor record refund … --yes)\n"
    )
    assert [r for r in _recorded(tmp_path) if r[0] == "refund"] == [("refund", "10.00")]
    # typed as recorded (its ticket): the same record, nothing said (as before)
    type_on(report, due["id"], "退款 10.00", "T-1", "2026-12-10")
    same = run("record", "--from", str(report), "--db", db)
    assert (same.exit_code, same.stderr) == (0, ""), same.output
    # another day, with the 10.00 before it more than the 30.00: recorded, said (exit 3)
    row = type_on(report, due["id"], "退款 25.00", "", "2026-12-12")
    more = run("record", "--from", str(report), "--db", db)
    assert more.exit_code == 3, more.output
    assert more.stderr == (
        f"auditor: {report}: row {row}: a refund of ¥25.00, with the ¥10.00 refunded before "
        "it ¥35.00 in all, is more than the ¥30.00 ever charged for 咪咕视频会员 on "
        "139****1111; recorded all the same as #3 (compensation on top, say; if mistyped: "
        "auditor record undo 3, correct it and run this again)\n"
    )


def _a_refund(id_: int, finding: str, service: str = "掌上悦读手机报") -> UserRecord:
    return UserRecord(
        id_, "refund", "18971230001", service, finding, date(2026, 11, 10), amount_fen=600
    )


def test_two_findings_of_one_service_refunded_alike_are_two_refunds():
    # t5: ¥6 back for July's unknown service and ¥6 for August's charge after its
    # cancellation, the same day: each names its finding, neither is the other twice
    first, second = _a_refund(1, "f-july"), _a_refund(2, "f-august")
    assert duplicate_of([first], second) is None
    assert duplicate_of([first], _a_refund(3, "f-july")) == first  # the same finding twice
    assert duplicate_of([first], _a_refund(4, "")) == first  # by its service alone: doubtful
