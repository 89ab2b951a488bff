"""The user's records as the audits read them: a cancellation named by a finding's id,
refunds set against the months they cover, and what a resolved finding still claims."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from cli_run import run

# The audits are dated up to 2026-12-05: the tests run as if it were past.
pytestmark = pytest.mark.usefixtures("december")

MONTHLY = Path(__file__).resolve().parent.parent / "fixtures" / "monthly"
LINE = "13900001111"
MIGU = "咪咕视频会员"
RINGTONE = "视频彩铃订阅-酷电秀专属6元包"


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


def waiting(data: dict, rule: str, service: str) -> dict:
    """A finding cancelled by the user's record, no bill after it yet: not resolved."""
    assert [r for r in data["resolved"] if (r["rule"], r["service"]) == (rule, service)] == []
    return next(r for r in data["waiting"] if (r["rule"], r["service"]) == (rule, service))


def due_of(data: dict, rule: str, service: str) -> dict:
    return next(d for d in data["refunds_due"] if (d["rule"], d["service"]) == (rule, service))


def test_a_cancellation_named_by_its_finding_is_a_cancellation(tmp_path):
    db = tmp_path / "h.sqlite"
    unknown = found(audit(db, "2026-10", tmp_path), "unknown-vas", MIGU)
    record(db, "cancel", "--finding", unknown["id"], "--on", "2026-10-08", "--ticket", "T8")
    listed = run("records", "--db", str(db)).stdout
    assert f"退订 139****1111 {MIGU}（发现 {unknown['id']}），2026-10-08（工单号 T8）" in listed
    november = audit(db, "2026-11", tmp_path)
    # October's bill is the month of cancellation: nothing shows the charge stopped yet
    item = waiting(november, "unknown-vas", MIGU)
    assert (item["state"], item["check_bill"]) == ("你已退订（2026-10-08，工单号 T8）", "2026-11")
    december = audit(db, "2026-12", tmp_path)
    back = found(december, "lingering-charge", MIGU)
    assert "T8" in back["message"] and [r["ticket"] for r in back["records"]] == ["T8"]
    # November still charged it: the cancelled finding became that charge, never resolved
    [became] = december["now_findings"]
    assert (became["id"], became["finding"]) == (unknown["id"], back["id"])
    assert [r for r in december["resolved"] if r["service"] == MIGU] == []
    assert december["waiting"] == []


def test_a_finding_id_no_audit_reported_is_refused_and_nothing_recorded(tmp_path):
    """An id comes from a report: one the history never reported is a slip, not a
    record to keep against nothing (a service may be named before it is audited)."""
    db = tmp_path / "h.sqlite"
    unknown = found(audit(db, "2026-10", tmp_path), "unknown-vas", MIGU)
    slip = unknown["id"][:-1] + ("0" if unknown["id"][-1] != "0" else "1")
    refused = run("record", "complaint", "--line", LINE, "--db", str(db), "--finding", slip)
    assert refused.exit_code == 2
    assert f"{slip}：139****1111 没有这个编号的发现；未记录" in refused.stderr
    assert run("records", "--db", str(db)).stdout.startswith("还没有记录")


def test_cancelling_again_what_the_list_shows_cancelled_leaves_the_charge_after_it(tmp_path):
    """The list shows the ringtone cancelled on 08-12, yet September charged it. The user
    records cancelling it again on 10-06: the August cancellation still decides, so the
    finding stays open with its money, and no coming end is made up for November."""
    db = tmp_path / "h.sqlite"
    first = found(audit(db, "2026-10", tmp_path), "lingering-charge", RINGTONE)
    record(db, "cancel", "--service", RINGTONE, "--on", "2026-10-06")
    again = audit(db, "2026-10", tmp_path, as_of="2026-10-07")
    still = found(again, "lingering-charge", RINGTONE)
    assert (still["id"], still["status"]) == (first["id"], "open")
    assert (still["periods"], still["amount"]) == (["2026-09"], "6.00")
    assert "2026-08-12" in still["message"]
    assert again["resolved"] == []
    assert [f for f in again["findings"] if f["rule"] == "next-month-effective"] == []
    assert again["summary"]["claimable"] == "21.00"


def test_a_finding_the_users_cancellation_resolves_keeps_its_claim(tmp_path):
    """Unordered 咪咕, cancelled on 10-21: September's and October's 15.00 are both still
    to be asked back (October is the month of cancellation, still charged, never ordered)."""
    db = tmp_path / "h.sqlite"
    audit(db, "2026-10", tmp_path)
    record(db, "cancel", "--service", MIGU, "--on", "2026-10-21", "--ticket", "T1")
    november = audit(db, "2026-11", tmp_path)
    item = waiting(november, "unknown-vas", MIGU)
    assert (item["periods"], item["amount"]) == (["2026-09", "2026-10"], "30.00")
    assert item["state"] == "你已退订（2026-10-21，工单号 T1）"
    due = due_of(november, "unknown-vas", MIGU)
    assert (due["periods"], due["unrefunded"]) == (["2026-09", "2026-10"], "30.00")


def test_cancelling_again_claims_through_the_first_cancellation_alone(tmp_path):
    """Unordered 咪咕, cancelled on 10-08, charged in November all the same, cancelled
    again on 11-20; October's bill never given: the first cancellation decides. November's
    15.00 is a charge after it (a finding of its own), not one more month of the resolved
    finding's claim, which keeps September's (the month known through October)."""
    db = tmp_path / "h.sqlite"
    audit(db, "2026-10", tmp_path)
    record(db, "cancel", "--service", MIGU, "--on", "2026-10-08", "--ticket", "T1")
    record(db, "cancel", "--service", MIGU, "--on", "2026-11-20", "--ticket", "T2")
    december = audit(db, "2026-12", tmp_path)
    # charged after the first: the unknown service became that charge (one story)
    [item] = december["now_findings"]
    assert (item["rule"], item["periods"], item["amount"]) == ("unknown-vas", ["2026-09"], "15.00")
    after = found(december, "lingering-charge", MIGU)
    assert (after["periods"], after["amount"]) == (["2026-11"], "15.00")
    assert "T1" in after["message"] and item["finding"] == after["id"]


def test_a_refund_covers_the_oldest_months_claimed_and_no_more(tmp_path):
    db = tmp_path / "h.sqlite"
    audit(db, "2026-10", tmp_path)
    record(db, "cancel", "--service", MIGU, "--on", "2026-10-21", "--ticket", "T1")
    # more than the 15.00 of September, the one month audited yet: recorded with --yes
    record(db, "refund", "--service", MIGU, "--on", "2026-11-01", "--amount", "20.00", "--yes")
    november = audit(db, "2026-11", tmp_path)
    waiting(november, "unknown-vas", MIGU)  # cancelled, no bill after it yet
    # 30.00 claimed, 20.00 refunded
    assert due_of(november, "unknown-vas", MIGU)["unrefunded"] == "10.00"
    record(db, "refund", "--service", MIGU, "--on", "2026-11-25", "--amount", "10.00")
    december = audit(db, "2026-12", tmp_path)
    # Sep and Oct are refunded in full: November's lingering charge is still all owed.
    back = found(december, "lingering-charge", MIGU)
    assert (back["amount"], back["refunded"], back["claimable"]) == ("15.00", "0.00", "15.00")
    assert december["summary"]["claimable"] == "15.00"
    # A refund larger than the claim counts for no more than it, and what is beyond it
    # is said, with that refund alone (compensation, or a record of another service); with
    # the 30.00 refunded before it, it is more than the 45.00 ever charged, and that is
    # said instead, the 30.00 beyond in it (history/charged.py).
    record(db, "refund", "--service", MIGU, "--on", "2026-12-20", "--amount", "45.00")
    later = audit(db, "2026-12", tmp_path, as_of="2026-12-21")
    back = found(later, "lingering-charge", MIGU)
    assert (back["refunded"], back["claimable"]) == ("15.00", "0.00")
    refunds = [(r["amount"], r["beyond_claims"]) for r in back["records"] if r["kind"] == "refund"]
    assert refunds == [("20.00", None), ("10.00", None), ("45.00", "30.00")]
    sheet = openpyxl.load_workbook(tmp_path / "2026-12.xlsx", read_only=True)["跟进"]
    rows = list(sheet.iter_rows(values_only=True))
    texts = [cell for row in rows for cell in row if isinstance(cell, str)]
    assert not [t for t in texts if "超出所涉发现的金额" in t]
    # the records are shown on the charge after cancellation's row (and on the finding it
    # became, waiting no more): said once there
    [after] = [row for row in rows if row[4] == MIGU and row[5] == "退订后仍扣费"]
    said = [t for t in after if isinstance(t, str) and "多于历来扣费" in t]
    assert len(said) == 1
    assert (
        "¥45.00；连同此前已记的 ¥30.00 共 ¥75.00，多于历来扣费 ¥45.00，其中 ¥30.00 未计入"
        in said[0]
    )


def test_a_refund_named_by_its_finding_goes_to_its_services_months_on_its_line(tmp_path):
    # The carrier pays back what the service was charged: a refund named by the charge
    # after cancellation (November) goes to September and October first, the finding
    # resolved by the cancellation, whose money was due, then to November.
    db = tmp_path / "h.sqlite"
    audit(db, "2026-10", tmp_path)
    record(db, "cancel", "--service", MIGU, "--on", "2026-10-21")
    for month in ("2026-11", "2026-12"):
        data = audit(db, month, tmp_path)
    [due] = [d for d in data["refunds_due"] if d["service"] == MIGU]
    assert (due["periods"], due["unrefunded"]) == (["2026-09", "2026-10"], "30.00")
    back = found(data, "lingering-charge", MIGU)
    record(db, "refund", "--finding", back["id"], "--on", "2026-12-06", "--amount", "40.00")
    later = audit(db, "2026-12", tmp_path, as_of="2026-12-07")
    back = found(later, "lingering-charge", MIGU)
    assert (back["refunded"], back["claimable"]) == ("10.00", "5.00")
    assert due["id"] not in {d["id"] for d in later["refunds_due"] + later["over_refunded"]}
    assert [d["id"] for d in later["refunds_closed"]] == [due["id"]]  # told once, closed


@pytest.mark.parametrize("undo_first", [False, True])
def test_the_groups_db_is_the_subcommands_db(tmp_path, monkeypatch, undo_first):
    """``record --db FILE cancel ...`` and ``record --db FILE undo N`` use FILE, never the
    default history (which is elsewhere and stays unmade)."""
    default = tmp_path / "default" / "history.sqlite"
    monkeypatch.setattr("auditor.cli.common.default_db_path", lambda: default)
    db = tmp_path / "h.sqlite"
    audit(db, "2026-10", tmp_path)
    args = ["--line", LINE, "--service", MIGU, "--on", "2026-10-08"]
    made = run("record", "--db", str(db), "cancel", *args)
    assert made.exit_code == 0, made.output
    assert MIGU in run("records", "--db", str(db)).stdout
    if undo_first:
        undone = run("record", "--db", str(db), "--no-mask", "undo", "1")
        assert undone.exit_code == 0, undone.output
        assert LINE in undone.stdout  # --no-mask given to the group holds too
        assert MIGU not in run("records", "--db", str(db)).stdout
    assert not default.exists()


def test_only_a_refund_for_claims_has_money_beyond_them():
    from datetime import date

    from auditor.history.claims import Claim, set_refunds
    from auditor.model import UserRecord
    from auditor.names import service_key

    claim = Claim("F1", LINE, service_key(MIGU), {"2026-09": 1500})
    day = date(2026, 11, 1)
    records = [
        UserRecord(1, "refund", LINE, MIGU, "", day, amount_fen=2000),  # 5.00 beyond
        UserRecord(2, "refund", LINE, "", "Fbill", day, amount_fen=200),  # no claim's
        UserRecord(3, "refund", LINE, "4G飞享18元套餐", "", day, amount_fen=300),  # nor this
    ]
    settled = set_refunds([claim], records)
    assert settled.claims[0].refunded_fen == 1500
    assert settled.beyond == {1: 500}


def test_a_finding_refunded_in_full_asks_for_nothing_more(tmp_path):
    """The ringtone charged ¥12.00 after its cancellation; the user records ¥15.00
    refunded. The finding stays (the charges happened), but no step asks for the money,
    complains or appeals about it: the next bill is what is left to check."""
    db = tmp_path / "h.sqlite"
    audit(db, "2026-10", tmp_path)
    # more than the ringtone was ever charged: compensation on top, say (--yes)
    record(db, "refund", "--service", RINGTONE, "--on", "2026-10-20", "--amount", "15.00", "--yes")
    november = audit(db, "2026-11", tmp_path)
    back = found(november, "lingering-charge", RINGTONE)
    assert (back["amount"], back["refunded"], back["claimable"]) == ("12.00", "12.00", "0.00")
    channels = [step["channel"] for step in back["actions"]]
    assert "appeal" not in channels and channels.count("complaint") == 1
    texts = [step["text"] for step in back["actions"]]
    assert not [t for t in texts if "退还" in t and "已全部退还" not in t]
    assert any(t.startswith("12.00 元已全部退还") for t in texts)
    sheet = openpyxl.load_workbook(tmp_path / "2026-11.xlsx", read_only=True)["跟进"]
    cells = [cell for row in sheet.iter_rows(values_only=True) for cell in row if cell]
    assert any(isinstance(c, str) and c.startswith("已全部退还（你的记录）") for c in cells)
    # The unknown service beside it, refunded nothing, still asks for its money.
    migu = found(november, "unknown-vas", MIGU)
    assert "appeal" in [step["channel"] for step in migu["actions"]]
    summary = run("audit", str(MONTHLY / "2026-11"), "--as-of", "2026-11-05", "--db", str(db),
                  "-o", str(tmp_path / "again.xlsx"), "--lang", "en")  # fmt: skip
    assert f"{RINGTONE} 2026-09..2026-10 ¥12.00 (¥12.00 refunded)" in summary.stdout


def test_money_of_a_resolved_finding_is_due_until_refunded_past_the_appeal_limit_too(
    tmp_path, monkeypatch
):
    """咪咕 is resolved by the user's cancellation in October; its September and October
    charges (15.00 each) are due back in every audit after, until a refund covers them.
    Once a month's 5-month appeal limit passes, it is still owed (the carrier's to give
    back through a complaint), counted past the appeal limit, not among the refunds due
    12300 can still get (t10: 优酷's 15.00 vanished from the audit after its limit)."""
    from datetime import date

    from auditor import clock

    db = tmp_path / "h.sqlite"
    audit(db, "2026-10", tmp_path)
    record(db, "cancel", "--service", MIGU, "--on", "2026-10-06")
    [due] = audit(db, "2026-11", tmp_path)["refunds_due"]
    assert (due["service"], due["periods"], due["unrefunded"], due["due"]) == (
        MIGU, ["2026-09", "2026-10"], "30.00", "2027-02-28",
    )  # fmt: skip
    step = due["next"]["text"]
    assert "10086" in step and "12300" in step and "2027-02-28" in step
    # A refund covers the oldest month first: October's 15.00 is left, due by its limit.
    record(db, "refund", "--service", MIGU, "--on", "2026-11-20", "--amount", "15.00")
    later = audit(db, "2026-11", tmp_path, as_of="2026-11-21")
    [due] = later["refunds_due"]
    assert (due["periods"], due["unrefunded"], due["refunded"], due["due"]) == (
        ["2026-10"], "15.00", "15.00", "2027-03-31",
    )  # fmt: skip
    assert later["summary"]["refunds_due"] == "15.00"
    monkeypatch.setattr(clock, "today", lambda: date(2027, 6, 30))
    assert audit(db, "2026-11", tmp_path, as_of="2027-03-31")["refunds_due"] != []
    past = audit(db, "2026-11", tmp_path, as_of="2027-04-01")  # October's limit passed
    [due] = past["refunds_due"]
    assert (due["periods"], due["periods_past_limit"], due["unrefunded"]) == (
        ["2026-10"], ["2026-10"], "15.00",
    )  # fmt: skip
    assert due["past_appeal_limit"] == "15.00" and due["next"]["by"] is None
    assert "12300" not in due["next"]["text"] and "10080" in due["next"]["text"]
    assert past["summary"]["refunds_due"] == "0.00"
    # counted past the appeal limit, beyond what of the findings' claimable is past it
    counted = past["summary"]
    findings_past = Decimal(counted["past_appeal_limit"]) - Decimal("15.00")
    assert Decimal(0) <= findings_past <= Decimal(counted["claimable"])
    # Refunded in full, nothing is due whatever the date.
    record(db, "refund", "--service", MIGU, "--on", "2026-11-22", "--amount", "15.00")
    assert audit(db, "2026-11", tmp_path, as_of="2026-11-23")["refunds_due"] == []


def test_a_cancellation_the_user_recorded_is_not_told_back_as_a_coming_change(tmp_path):
    """Unordered 咪咕, cancelled on 10-06 and recorded; October's bill already charges
    nothing for it. The cancellation is the user's own: no finding announces it as a
    change from next month (they know it; a charge on November's bill would be a charge
    after cancellation citing their record). The unknown service is resolved by the bill
    without it, not by the record alone."""
    db = tmp_path / "h.sqlite"
    audit(db, "2026-10", tmp_path)
    record(db, "cancel", "--service", MIGU, "--on", "2026-10-06", "--ticket", "T1")
    november = tmp_path / "bills-2026-11"
    shutil.copytree(MONTHLY / "2026-11", november)
    bill = next(november.glob("*账单*.csv"))
    rows = [row for row in bill.read_text("utf-8").splitlines() if MIGU not in row]
    bill.write_text("\n".join(rows).replace(",39.00", ",24.00") + "\n", "utf-8")
    target = tmp_path / "zh.json"
    result = run(
        "audit", str(november), "--as-of", "2026-11-05", "--db", str(db), "--lang", "zh",
        "-o", str(tmp_path / "zh.xlsx"), "--json", str(target), "-q",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(target.read_text("utf-8"))
    assert [f["service"] for f in data["findings"] if f["service"] == MIGU] == []
    assert resolved(data, "unknown-vas", MIGU)["reason"].startswith("2026-10 账单已不再收取")


def test_the_terminal_names_a_resolved_findings_owner(tmp_path):
    """A resolved finding's line is told with its owner, as every finding's is."""
    db = tmp_path / "h.sqlite"
    unknown = found(audit(db, "2026-10", tmp_path), "unknown-vas", MIGU)
    record(db, "cancel", "--finding", unknown["id"], "--on", "2026-10-08")
    settings = tmp_path / "auditor.toml"
    settings.write_text(f'[lines."{LINE}"]\nowner = "妈妈"\n', "utf-8")
    result = run(
        "audit", str(MONTHLY / "2026-11"), "--as-of", "2026-11-05", "--db", str(db),
        "--known", str(settings), "-o", str(tmp_path / "r.xlsx"), "--lang", "zh",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    # its money still owed, it is told as a refund due, resolved now (not twice)
    rows = result.stdout.splitlines()
    told = [line for line in rows if line.startswith(("  已解决", "  待退款"))]
    assert any(f"139****1111（妈妈） {MIGU}" in line for line in told), told


def test_a_record_named_by_its_finding_needs_no_line(tmp_path):
    """A finding's id names its line: --line may be left out, and one given that is not
    the finding's is refused naming both; an unknown id without a line is refused too."""
    db = tmp_path / "h.sqlite"
    unknown = found(audit(db, "2026-10", tmp_path), "unknown-vas", MIGU)
    done = run("record", "complaint", "--finding", unknown["id"], "--on", "2026-10-08",
               "--ticket", "C8", "--db", str(db))  # fmt: skip
    assert done.exit_code == 0, done.output
    assert done.stdout.startswith(f"已记录 #1：投诉 139****1111 {MIGU}（发现 {unknown['id']}）")
    [made] = json.loads(run("records", "--db", str(db), "--json", "-", "--no-mask").stdout)
    assert (made["line"], made["finding"]) == (LINE, unknown["id"])
    other = "13800001234"
    wrong = run("record", "refund", "--finding", unknown["id"], "--line", other, "--amount",
                "5", "--db", str(db), "--no-mask")  # fmt: skip
    assert wrong.exit_code == 2
    assert f"--line {other} 与发现 {unknown['id']} 的号码 {LINE} 不同；未记录" in wrong.stderr
    slip = "F000000000000"
    none = run("record", "cancel", "--finding", slip, "--db", str(db))
    assert none.exit_code == 2 and f"{slip}：历史记录里没有这个编号的发现；未记录" in none.stderr
    bare = run("record", "cancel", "--service", MIGU, "--db", str(db))
    assert bare.exit_code == 2 and "请用 --line 给出号码（给 --finding 时可省略）" in bare.stderr
    english = run("record", "cancel", "--finding", unknown["id"], "--line", other, "--db",
                  str(db), "--lang", "en")  # fmt: skip
    assert "--line 138****1234 is not the line of finding" in english.stderr
    assert len(json.loads(run("records", "--db", str(db), "--json", "-").stdout)) == 1
