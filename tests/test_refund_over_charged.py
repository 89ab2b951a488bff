"""A refund recorded for more than its service was ever charged on its line (1500 typed
for 15.00, fen typed as yuan) is said, by one figure (auditor.history.charged): refused
by ``auditor record refund`` unless ``--yes``; recorded from the Actions sheet (which takes
no flag) and said at once (exit 3); and said by every audit, on the terminal, with the
refund in the report (JSON ``charged_ever``, Follow-up) and in ``auditor history``, in
place of the money beyond its claims."""

from __future__ import annotations

import json
from datetime import date

import pytest
from cli_run import run
from test_refund_due_actions import cancelled_and_stopped, type_on
from test_refund_due_beyond import follow_up, history
from test_refunds_due import LINE, MIGU, audit, bill
from test_same_name_claims import _audit as audit_both
from test_same_name_claims import _bills as both_billed
from test_same_name_claims import _by_list_name
from test_same_name_claims import _record as record_both

from auditor.history.charged import Over, over_charged_note
from auditor.lang import using
from auditor.model import UserRecord

pytestmark = pytest.mark.usefixtures("december", "english")

REFUSED = (
    "auditor: a refund of ¥1500.00 is more than the ¥30.00 ever charged for 咪咕视频会员 on "
    "139****1111; nothing recorded (the amount is in yuan; if it is right, a month not "
    "audited yet or compensation on top, say, give --yes)\n"
)


def _twice(tmp) -> dict:
    """咪咕 charged 15.00 in September and October, audited: the audit's JSON."""
    bill(tmp / "nov", "2026-09", **{MIGU: "15.00"})
    bill(tmp / "nov", "2026-10", **{MIGU: "15.00"})
    return audit(tmp, tmp / "nov", "2026-11-05")


def _refund(tmp, *args: str):
    return run("record", "refund", "--line", LINE, "--db", str(tmp / "h.sqlite"), *args)


def _recorded(tmp) -> list[tuple[str, str]]:
    shown = run("records", "--db", str(tmp / "h.sqlite"), "--json", "-")
    return [(r["kind"], r["amount"]) for r in json.loads(shown.stdout)]


def test_a_refund_more_than_ever_charged_is_refused_unless_yes(tmp_path):
    found = _twice(tmp_path)
    typed = ("--service", MIGU, "--on", "2026-11-20", "--amount", "1500")
    refused = _refund(tmp_path, *typed)
    assert (refused.exit_code, refused.stderr, refused.stdout) == (2, REFUSED, "")
    assert _recorded(tmp_path) == []  # nothing recorded
    # named by its finding, the finding's service is checked alike
    [fid] = [f["id"] for f in found["findings"] if f["service"] == MIGU]
    by_id = run("record", "refund", "--finding", fid, "--on", "2026-11-20", "--amount", "30.01",
                "--db", str(tmp_path / "h.sqlite"))  # fmt: skip
    assert by_id.exit_code == 2 and "a refund of ¥30.01 is more than the ¥30.00" in by_id.stderr
    # all it was ever charged is no slip; more, with --yes, is recorded
    assert (
        _refund(tmp_path, "--service", MIGU, "--on", "2026-11-20", "--amount", "30").exit_code == 0
    )
    assert _refund(tmp_path, *typed, "--yes").exit_code == 0
    assert _recorded(tmp_path) == [("refund", "30.00"), ("refund", "1500.00")]


def test_the_refusal_in_chinese(tmp_path):
    _twice(tmp_path)
    refused = _refund(tmp_path, "--service", MIGU, "--amount", "1500", "--lang", "zh")
    assert refused.exit_code == 2
    assert refused.stderr == (
        "auditor: 退款 ¥1500.00 多于 139****1111 的「咪咕视频会员」历来扣费合计 ¥30.00；未记录"
        "（金额以元计；确实如此，如退的是还没检查过的月份、另加了赔偿，请加 --yes）\n"
    )


def test_a_fee_named_after_its_service_is_charged_for_it_in_either_name(tmp_path):
    # 咪咕视频会员 in September, 咪咕视频会员费 in October: one service's 30.00
    bill(tmp_path / "nov", "2026-09", **{MIGU: "15.00"})
    bill(tmp_path / "nov", "2026-10", **{f"{MIGU}费": "15.00"})
    audit(tmp_path, tmp_path / "nov", "2026-11-05")
    for name in (MIGU, f"{MIGU}费"):
        assert _refund(tmp_path, "--service", name, "--amount", "30").exit_code == 0, name
        over = _refund(tmp_path, "--service", name, "--amount", "30.50")
        assert "more than the ¥30.00 ever charged" in over.stderr, name


def test_of_two_services_billed_under_one_name_each_is_checked_by_its_own(tmp_path):
    # 信息费 of A100 手机报 (6.00 a month) and B200 游戏点播 (10.00), September and October
    both_billed(tmp_path / "bills")
    paper = _by_list_name(audit_both(tmp_path, "2026-11-05")[0])["手机报"]["id"]
    named = ("--on", "2026-11-06", "--amount")
    over = record_both(tmp_path, "refund", "--finding", paper, *named, "12.01")
    assert over.exit_code == 2 and "more than the ¥12.00 ever charged" in over.stderr
    assert record_both(tmp_path, "refund", "--finding", paper, *named, "12.00").exit_code == 0
    games = ("--line", LINE, "--service", "游戏点播", *named)
    assert "the ¥20.00 ever charged" in record_both(tmp_path, "refund", *games, "20.01").stderr
    assert record_both(tmp_path, "refund", *games, "20.00").exit_code == 0


def test_every_audit_says_it_on_the_terminal_and_with_the_refund(tmp_path):
    _twice(tmp_path)
    refunded = ("--service", MIGU, "--on", "2026-11-20", "--amount", "1500", "--yes")
    assert _refund(tmp_path, *refunded).exit_code == 0
    target = tmp_path / "again.json"
    told = run("audit", str(tmp_path / "nov"), "--as-of", "2026-11-25", "--db",
               str(tmp_path / "h.sqlite"), "-o", str(tmp_path / "nov.xlsx"), "--json",
               str(target))  # fmt: skip
    assert told.exit_code in (0, 1), told.output
    assert (
        "  a refund of ¥1500.00 is more than the ¥30.00 ever charged for 咪咕视频会员 on "
        "139****1111: a slip (auditor record undo 1, then record it again), or compensation "
        "on top?\n"
    ) in told.stdout
    [finding] = json.loads(target.read_text("utf-8"))["findings"]
    [refund] = finding["records"]  # 30.00 set against its claims, 1470.00 beyond them
    assert (refund["amount"], refund["beyond_claims"], refund["charged_ever"]) == (
        "1500.00",
        "1470.00",
        "30.00",
    )
    made = UserRecord(1, "refund", LINE, MIGU, "", date(2026, 11, 20), amount_fen=150000)
    with using("en"):
        note = over_charged_note(made, {1: Over(3000, 0)}, {1: 147000})
    assert note == (
        "; more than the ¥30.00 ever charged for this service on this line, ¥1470.00 of it "
        "counting for none: a slip (auditor record undo 1, then record it again), or "
        "compensation on top?"
    )
    [row] = [r for r in follow_up(tmp_path / "nov.xlsx") if r["Service"] == MIGU]
    assert row["Your records"].endswith("Refunded ¥1500.00 on 2026-11-20" + note)
    assert "compensation? or another service?" not in row["Your records"]  # said once
    # auditor history: the same words after the refund, its JSON the same figure
    assert history(tmp_path).rstrip("\n").endswith(f"Refunded {MIGU} ¥1500.00" + note)
    [line] = json.loads(history(tmp_path, "--json", "-"))["lines"]
    assert [r["charged_ever"] for r in line["records"]] == ["30.00"]


def test_a_month_audited_since_is_charged_for_it_too(tmp_path):
    # 30.00 back in October for September and October, October's bill not audited yet
    bill(tmp_path / "oct", "2026-09", **{MIGU: "15.00"})
    audit(tmp_path, tmp_path / "oct", "2026-10-05")
    refunded = ("--service", MIGU, "--on", "2026-10-25", "--amount", "30")
    assert "more than the ¥15.00 ever charged" in _refund(tmp_path, *refunded).stderr
    assert _refund(tmp_path, *refunded, "--yes").exit_code == 0
    bill(tmp_path / "nov", "2026-10", **{MIGU: "15.00"})
    later = audit(tmp_path, tmp_path / "nov", "2026-11-05")
    [refund] = [r for f in later["findings"] for r in f["records"] if r["kind"] == "refund"]
    assert (refund["amount"], refund["charged_ever"]) == ("30.00", None)  # no more than that


def test_a_refund_typed_in_the_sheet_is_recorded_and_said_at_once(tmp_path):
    [due] = cancelled_and_stopped(tmp_path)["refunds_due"]  # 30.00 of 咪咕, Sep and Oct
    row = type_on(tmp_path / "dec.xlsx", due["id"], "退款 3000", "R-1", "2026-12-10")
    sheet = ("record", "--from", str(tmp_path / "dec.xlsx"), "--db", str(tmp_path / "h.sqlite"))
    typed = run(*sheet)
    assert typed.exit_code == 3, typed.output
    assert typed.stderr == (
        f"auditor: {tmp_path / 'dec.xlsx'}: row {row}: a refund of ¥3000.00 is more than the "
        "¥30.00 ever charged for 咪咕视频会员 on 139****1111; recorded all the same as #2 "
        "(compensation on top, say; if mistyped: auditor record undo 2, correct it and run "
        "this again)\n"
    )
    assert typed.stdout.startswith("recorded #2: refund 139****1111 咪咕视频会员")
    again = run(*sheet)  # given again: recorded before, nothing more to say
    assert (again.exit_code, again.stderr) == (0, ""), again.output
    # corrected: undone, typed again as it should be, recorded and nothing said
    assert run("record", "undo", "2", "--db", str(tmp_path / "h.sqlite")).exit_code == 0
    type_on(tmp_path / "dec.xlsx", due["id"], "退款 30.00", "R-1", "2026-12-10")
    fixed = run(*sheet)
    assert (fixed.exit_code, fixed.stderr) == (0, ""), fixed.output
