"""Why a finding is resolved, as the bills show it, and what is due next about one."""

from __future__ import annotations

import json
import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from cli_run import run

from auditor.history.db import open_history
from auditor.history.findings import Seen, seen_findings
from auditor.history.resolution import BillFacts, resolution
from auditor.history.schema import MIGRATIONS, SCHEMA_VERSION

# The audits are dated up to 2026-12-05: the tests run as if it were past.
pytestmark = pytest.mark.usefixtures("december")

MONTHLY = Path(__file__).resolve().parent.parent / "fixtures" / "monthly"
LINE = "13900001111"
MIGU = "咪咕视频会员"
RINGTONE = "视频彩铃订阅-酷电秀专属6元包"


def audit(db: Path, folder: Path, as_of: str, out: Path) -> dict:
    target = out / f"{as_of}.json"
    result = run(
        "audit", str(folder), "--as-of", as_of, "--db", str(db),
        "-o", str(out / f"{as_of}.xlsx"), "--json", str(target), "-q",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return json.loads(target.read_text("utf-8"))


def cycle(tmp_path: Path, december_folder: Path) -> dict:
    """October, November with a list showing 咪咕 cancelled on 10-21 (a coming end: the
    user's own record of it would be no news to them), then December's folder."""
    db = tmp_path / "h.sqlite"
    audit(db, MONTHLY / "2026-10", "2026-10-05", tmp_path)
    november_folder = tmp_path / "bills-2026-11"
    shutil.copytree(MONTHLY / "2026-11", november_folder)
    listed = november_folder / f"{LINE}-已订业务.csv"
    cancelled = (
        f"{MIGU},增值业务,15元/月,2026-07-21 21:33:10,2026-08-01 00:00:00,--,"
        "2026-10-21 10:00:00,已退订"
    )
    listed.write_text(listed.read_text("utf-8") + cancelled + "\n", "utf-8")
    november = audit(db, november_folder, "2026-11-05", tmp_path)
    [end] = [f for f in november["findings"] if f["rule"] == "next-month-effective"]
    assert (end["service"], end["change"], end["periods"]) == (MIGU, "end", ["2026-11"])
    return audit(db, december_folder, "2026-12-05", tmp_path)


def end_resolved(data: dict) -> dict:
    return next(r for r in data["resolved"] if r["rule"] == "next-month-effective")


def test_an_end_the_next_bill_does_not_show_grew_into_a_finding_not_resolved(tmp_path):
    # 咪咕 announced to end with October, still charged in November: a charge after
    # cancellation, which the notice became; it is not among those resolved
    data = cycle(tmp_path, MONTHLY / "2026-12")
    assert [r for r in data["resolved"] if r["rule"] == "next-month-effective"] == []
    [grown] = data["now_findings"]
    [finding] = [f for f in data["findings"] if f["id"] == grown["finding"]]
    assert (grown["rule"], grown["service"], grown["periods"]) == (
        "next-month-effective",
        MIGU,
        ["2026-11"],
    )
    assert finding["rule"] == grown["finding_rule"] == "lingering-charge"
    assert (finding["service"], finding["status"]) == (MIGU, "new")


def test_an_end_still_charged_with_no_finding_is_said_not_to_have_come():
    # no finding about it (none grew of it): resolved as a notice, saying the bill still
    # charges it, and pointing at no finding
    notice = Seen("F1", "next-month-effective", LINE, MIGU, date(2026, 11, 5),
                  date(2026, 11, 5), None, "", ("2026-11",), 1500, 1500, "end")  # fmt: skip
    why = resolution(notice, [], BillFacts("2026-11", True, billed_in_its_month=True))
    assert why.text == "2026-11 账单仍收取此项，未如期结束：请向运营商询问原因"
    assert not why.keeps_claim


def test_an_end_the_next_bill_shows_is_resolved_by_its_rule(tmp_path):
    folder = tmp_path / "2026-12"
    folder.mkdir()
    bill = (MONTHLY / "2026-12" / "中国移动账单-2026年11月.csv").read_text("utf-8")
    lines = [line for line in bill.splitlines() if MIGU not in line]
    lines[-1] = lines[-1].replace("33.00", "18.00")
    (folder / "中国移动账单-2026年11月.csv").write_text("\n".join(lines) + "\n", "utf-8")
    data = cycle(tmp_path, folder)
    assert end_resolved(data)["reason"] == "变更所在的月份已到，账单已体现"
    assert not [f for f in data["findings"] if f["service"] == MIGU]


def test_a_history_of_version_1_is_migrated_and_its_findings_kept(tmp_path):
    path = tmp_path / "old.sqlite"
    with sqlite3.connect(path) as old:
        for statement in MIGRATIONS[0]:
            old.execute(statement)
        old.execute(
            "INSERT INTO findings (id, rule, line, service, first_seen, last_seen, periods, "
            "amount_fen, monthly_fen) VALUES ('F1', 'unknown-vas', ?, ?, '2026-10-05', "
            "'2026-10-05', '2026-09', 1500, 1500)",
            (LINE, MIGU),
        )
        old.execute("PRAGMA application_id = 1096107092")
        old.execute("PRAGMA user_version = 1")
    with open_history(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        [seen] = seen_findings(db, {LINE}).values()
    assert (seen.id, seen.amount_fen, seen.change) == ("F1", 1500, None)
    assert seen.grouped_by is None  # what its rule gathered it by was not kept then
    shutil.copy(path, tmp_path / "again.sqlite")  # and a migrated one opens as it is
    with open_history(tmp_path / "again.sqlite") as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_a_charge_after_a_cancellation_the_list_shows_is_complained_about_now(tmp_path):
    data = audit(tmp_path / "h.sqlite", MONTHLY / "2026-10", "2026-10-05", tmp_path)
    [lingering] = [f for f in data["findings"] if f["rule"] == "lingering-charge"]
    step = lingering["next"]
    assert "现在投诉" in step["text"] and "2026-08-12" in step["text"]
    appeal = next(a for a in lingering["actions"] if a["channel"] == "appeal" and a["due"])
    assert (step["from"], step["by"]) == ("2026-10-05", appeal["due"])
    assert "auditor record cancel" not in step["text"]  # it is cancelled already


def test_an_unknown_service_the_settings_now_know_is_resolved_saying_so(tmp_path):
    db = tmp_path / "h.sqlite"
    audit(db, MONTHLY / "2026-10", "2026-10-05", tmp_path)
    known = tmp_path / "auditor.toml"
    known.write_text(f'known_services = ["{MIGU}"]\n', "utf-8")
    target = tmp_path / "nov.json"
    result = run(
        "audit", str(MONTHLY / "2026-11"), "--as-of", "2026-11-05", "--db", str(db),
        "--known", str(known), "-o", str(tmp_path / "nov.xlsx"), "--json", str(target), "-q",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    [item] = [r for r in json.loads(target.read_text("utf-8"))["resolved"] if r["service"] == MIGU]
    assert item["reason"] == "2026-10 账单仍有此项，但设置里已把它列为已知业务（known_services）"
    # A service the user now says they know is money they do not dispute: no refund due.
    assert json.loads(target.read_text("utf-8"))["refunds_due"] == []


@pytest.mark.parametrize(
    ("known", "why"),
    [
        (True, "设置里已把它列为已知业务"),
        (False, "已知业务、见于已订业务或在退订当月"),  # not known: the causes it may be
    ],
)
def test_a_charge_still_billed_but_no_longer_a_finding_says_which_cause(known, why):
    from auditor.history.findings import Seen
    from auditor.history.resolution import BillFacts, resolution

    day = date(2026, 10, 5)
    seen = Seen("x", "unknown-vas", LINE, MIGU, day, day, None, "", ("2026-09",), 1500)
    bills = BillFacts("2026-10", billed_latest=True, known=known)
    assert why in resolution(seen, [], bills).text


def test_a_charge_after_cancellation_is_not_said_resolved_by_the_settings(tmp_path):
    # 酷电秀, a known service in both audits, is charged after its cancellation in
    # October; November's list shows it subscribed again. The rule for a charge after
    # cancellation heeds no known services: they are not why it no longer holds.
    db, known = tmp_path / "h.sqlite", tmp_path / "auditor.toml"
    known.write_text(f'known_services = ["{RINGTONE}", "{MIGU}"]\n', "utf-8")
    november = tmp_path / "2026-11"
    shutil.copytree(MONTHLY / "2026-11", november)
    listed = november / "13900001111-已订业务.csv"
    again = f"{RINGTONE},增值业务,6元/月,2026-06-10 12:00:00,2026-06-10 12:00:00,,,正常\n"
    listed.write_text(listed.read_text("utf-8").rstrip("\n") + "\n" + again, "utf-8")
    for folder, as_of in ((MONTHLY / "2026-10", "2026-10-05"), (november, "2026-11-05")):
        target = tmp_path / f"{as_of}.json"
        result = run(
            "audit", str(folder), "--as-of", as_of, "--db", str(db), "--known", str(known),
            "-o", str(tmp_path / f"{as_of}.xlsx"), "--json", str(target), "-q",
        )  # fmt: skip
        assert result.exit_code == 0, result.output
    resolved = json.loads((tmp_path / "2026-11-05.json").read_text("utf-8"))["resolved"]
    [item] = [r for r in resolved if r["service"] == RINGTONE]
    assert item["rule"] == "lingering-charge"
    assert "设置" not in item["reason"] and "known_services" not in item["reason"]


def test_a_start_its_month_charges_by_the_fee_s_name_is_resolved_as_come(tmp_path):
    # The demo's data card, month by month: August's list announces 停机保号 from
    # September, whose bill charges it as 停机保号费 (5.00), the fee of that service.
    card = Path(__file__).resolve().parent.parent / "fixtures" / "household" / "data-card"
    lines = (card / "中国移动流量卡账单-14700002222.csv").read_text("utf-8").splitlines()
    for month in ("2026-08", "2026-09"):
        folder = tmp_path / month
        folder.mkdir()
        shutil.copy(card / "14700002222-已订业务.csv", folder)
        rows = [lines[0], *(row for row in lines[1:] if row.split(",")[1] == month)]
        (folder / f"中国移动流量卡账单-14700002222-{month}.csv").write_text(
            "\n".join(rows) + "\n", "utf-8"
        )
    db = tmp_path / "h.sqlite"
    august = audit(db, tmp_path / "2026-08", "2026-09-05", tmp_path)
    [start] = august["findings"]
    assert (start["service"], start["change"], start["periods"]) == (
        "停机保号",
        "start",
        ["2026-09"],
    )
    september = audit(db, tmp_path / "2026-09", "2026-10-05", tmp_path)
    [resolved] = september["resolved"]
    assert resolved["reason"] == "变更所在的月份已到，账单已体现"
    [suspended] = september["findings"]
    assert "账单有「停机保号费」" in suspended["message"]


@pytest.mark.parametrize(
    ("bills", "stopped"),
    [
        ({"stopped": "2026-10"}, True),  # the facts say the latest bill no longer charges it
        ({}, False),  # a latest bill that cannot tell (unread rows, a month not over)
        ({"billed_latest": True}, False),
    ],
)
def test_a_charge_is_resolved_as_stopped_only_as_the_facts_say(bills, stopped):
    from auditor.history.findings import Seen
    from auditor.history.resolution import BillFacts, resolution

    day = date(2026, 10, 5)
    seen = Seen("x", "unknown-vas", LINE, MIGU, day, day, None, "", ("2026-09",), 1500)
    why = resolution(seen, [], BillFacts("2026-10", **bills))
    assert ("2026-10 账单已不再收取" in why.text) == stopped
    assert why.keeps_claim == stopped


@pytest.mark.parametrize(
    ("november", "why"),
    [
        # November itemised, 咪咕 on it: still billed, the settings now know it
        ({"charges": [{"item": MIGU, "amount": "15.00"}]}, "2026-11 账单仍有此项，但设置里"),
        # November's total alone: the newest month names nothing, so nothing is said of it
        ({"bills": [{"stated": "73.00", "source": "sms.txt"}]}, "本次审计的账单和已订业务中不再"),
    ],
)
def test_a_reason_names_the_month_the_facts_call_the_latest(november, why):
    # One latest month for every reason: the facts' (a bill's total alone counts), the
    # month whose charges Facts.charged_latest reads.
    from rule_cases import context

    from auditor.history.findings import Seen
    from auditor.history.follow import follow
    from auditor.rules.base import KnownServices

    case = {
        "charges": [
            {"line": LINE, "period": "2026-10", "item": MIGU, "amount": "15.00"},
            *({"line": LINE, "period": "2026-11", **row} for row in november.get("charges", [])),
        ],
        "bills": [{"line": LINE, "period": "2026-11", **row} for row in november.get("bills", [])],
    }
    facts = context(case).facts
    assert facts.latest_months[LINE] == "2026-11"
    day = date(2026, 11, 5)
    seen = Seen("x", "unknown-vas", LINE, MIGU, day, day, None, "", ("2026-10",), 1500)
    known = KnownServices.of([MIGU])
    followed = follow({"x": seen}, [], facts, [], {}, {}, known, date(2026, 12, 5))
    assert followed.reasons["x"].startswith(why), followed.reasons["x"]
    assert "2026-10 账单" not in followed.reasons["x"]


def test_a_duplicate_refunded_then_resolved_says_so(tmp_path):
    """A fee billed twice in September, its copy refunded (recorded), October billing it
    once: resolved, and its reason says what came back; the money itself is counted with
    the finding still found that claims September (来电显示 unknown), once."""
    from python_calamine import CalamineWorkbook
    from test_refunds_due import bill

    bill(tmp_path / "oct", "2026-09", ("来电显示", "5.00"), ("来电显示", "5.00"))
    db = tmp_path / "h.sqlite"
    october = audit(db, tmp_path / "oct", "2026-10-05", tmp_path)
    [twice] = [f for f in october["findings"] if f["rule"] == "duplicate-charge"]
    refunded = run("record", "refund", "--finding", twice["id"], "--on", "2026-09-20",
                   "--amount", "5.00", "--db", str(db))  # fmt: skip
    assert refunded.exit_code == 0, refunded.output
    bill(tmp_path / "nov", "2026-10", 来电显示="5.00")
    november = audit(db, tmp_path / "nov", "2026-11-05", tmp_path)
    [item] = [r for r in november["resolved"] if r["id"] == twice["id"]]
    # what came back, then that 来电显示 is still unknown: the service is not done with
    assert item["reason"].endswith(
        "；5.00 元已全部退还（你的记录）；同一业务仍有未解决的「未知增值业务」，见它的下一步"
    ), item["reason"]
    [unknown] = [f for f in november["findings"] if f["rule"] == "unknown-vas"]
    assert "2026-09" in unknown["periods"]
    assert (unknown["refunded"], item["refunded"]) == ("5.00", "0.00")  # counted once
    rows = CalamineWorkbook.from_path(str(tmp_path / "2026-11-05.xlsx"))
    header, *follow_up = rows.get_sheet_by_name("跟进").to_python()
    [row] = [
        dict(zip(header, r, strict=True)) for r in follow_up if "重复" in r[5] and r[0] == "已解决"
    ]
    assert row["已退款"] == "" and row["下一步或结果"].endswith(item["reason"])
