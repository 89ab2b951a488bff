"""The monthly check with memory, end to end through the CLI (fixtures/monthly/).

One China Mobile line, 13900001111, over three audits: October (September's bill and
the service list: 彩铃 package cancelled in August yet charged, an unknown 咪咕视频会员),
the user's cancellation of 咪咕 with a ticket, November (October's bill; the list no
longer shows either service), December (November's bill: 咪咕 is back, 彩铃 stopped).
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor import cli
from auditor.writers.labels import FINDING_STATUS_LABELS

# The audits are dated up to 2026-12-05: the tests run as if it were past.
pytestmark = pytest.mark.usefixtures("december")

MONTHLY = Path(__file__).resolve().parent.parent / "fixtures" / "monthly"
LINE = "13900001111"
TICKET = "202610081234"


def run(runner: CliRunner, *args: str):
    return runner.invoke(cli.main, list(args))


def audit(runner: CliRunner, db: Path, month: str, out: Path, *extra: str) -> dict:
    result = run(
        runner, "audit", str(MONTHLY / month), "--as-of", f"{month}-05", "--db", str(db),
        "-o", str(out / f"{month}.xlsx"), "--json", str(out / f"{month}.json"), "-q", *extra,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return json.loads((out / f"{month}.json").read_text("utf-8"))


def by_rule(data: dict) -> dict[tuple[str, str], dict]:
    return {(f["rule"], f["service"]): f for f in data["findings"]}


def dump(db: Path) -> list[str]:
    with sqlite3.connect(db) as connection:
        return list(connection.iterdump())


@pytest.fixture
def cycle(tmp_path):
    """The three audits and the record between them; each audit's JSON by month."""
    runner, db = CliRunner(), tmp_path / "history.sqlite"
    runs = {"2026-10": audit(runner, db, "2026-10", tmp_path)}
    recorded = run(
        runner, "record", "cancel", "--line", LINE, "--service", "咪咕视频会员",
        "--on", "2026-10-08", "--channel", "短信", "--ticket", TICKET, "--db", str(db),
    )  # fmt: skip
    assert recorded.exit_code == 0, recorded.output
    assert recorded.stderr == ""  # the line and the service are known: no warning
    assert (
        recorded.stdout
        == f"已记录 #1：退订 139****1111 咪咕视频会员，2026-10-08（短信，工单号 {TICKET}）\n"
    )
    runs["2026-11"] = audit(runner, db, "2026-11", tmp_path)
    first_november = (tmp_path / "2026-11.json").read_bytes()
    again = tmp_path / "again"
    again.mkdir()
    runs["again"] = audit(runner, db, "2026-11", again)
    assert (again / "2026-11.json").read_bytes() == first_november
    runs["2026-12"] = audit(runner, db, "2026-12", tmp_path)
    return runs, db, tmp_path


def test_october_finds_the_lingering_charge_and_the_unknown_service(cycle):
    runs, _, _ = cycle
    found = by_rule(runs["2026-10"])
    lingering = found[("lingering-charge", "视频彩铃订阅-酷电秀专属6元包")]
    unknown = found[("unknown-vas", "咪咕视频会员")]
    assert (lingering["periods"], lingering["amount"]) == (["2026-09"], "6.00")
    assert (unknown["periods"], unknown["amount"]) == (["2026-09"], "15.00")
    assert {f["status"] for f in runs["2026-10"]["findings"]} == {"new"}
    assert runs["2026-10"]["resolved"] == []


def test_november_remembers_the_cancellation_the_list_dropped(cycle):
    runs, _, _ = cycle
    october, november = by_rule(runs["2026-10"]), by_rule(runs["2026-11"])
    key = ("lingering-charge", "视频彩铃订阅-酷电秀专属6元包")
    assert november[key]["periods"] == ["2026-09", "2026-10"]
    assert november[key]["amount"] == "12.00"
    assert november[key]["id"] == october[key]["id"]
    assert november[key]["status"] == "open"
    # 咪咕 is no longer unknown: the user cancelled it; October is its month of
    # cancellation, so no charge after it yet: not resolved, waiting for November's bill,
    # and still claiming September's and October's 15.00 for a service never ordered.
    assert ("unknown-vas", "咪咕视频会员") not in november
    assert ("lingering-charge", "咪咕视频会员") not in november
    assert runs["2026-11"]["resolved"] == []
    [waiting] = runs["2026-11"]["waiting"]
    assert waiting["id"] == october[("unknown-vas", "咪咕视频会员")]["id"]
    assert (waiting["rule"], waiting["line"], waiting["service"]) == (
        "unknown-vas",
        "139****1111",
        "咪咕视频会员",
    )
    assert (waiting["first_seen"], waiting["check_bill"]) == ("2026-10-05", "2026-11")
    assert TICKET in waiting["state"] and "2026-10-08" in waiting["state"]
    assert (waiting["periods"], waiting["amount"]) == (["2026-09", "2026-10"], "30.00")


def test_december_flags_the_charge_back_after_the_users_cancellation(cycle):
    runs, _, _ = cycle
    december = by_rule(runs["2026-12"])
    back = december[("lingering-charge", "咪咕视频会员")]
    assert (back["periods"], back["amount"], back["status"]) == (["2026-11"], "15.00", "new")
    assert TICKET in back["message"] and "2026-10-08" in back["message"]
    assert back["details"]["record"] == f"2026-10-08，短信，工单号 {TICKET}"
    assert [r["ticket"] for r in back["records"]] == [TICKET]
    hotline = next(a for a in back["actions"] if a["channel"] == "hotline")
    assert TICKET in hotline["text"]


def test_december_resolves_the_charge_that_stopped(cycle):
    runs, _, _ = cycle
    stopped_id = by_rule(runs["2026-11"])[("lingering-charge", "视频彩铃订阅-酷电秀专属6元包")][
        "id"
    ]
    assert ("lingering-charge", "视频彩铃订阅-酷电秀专属6元包") not in by_rule(runs["2026-12"])
    resolved = {r["id"]: r for r in runs["2026-12"]["resolved"]}
    stopped = resolved[stopped_id]
    assert "2026-11 账单已不再收取" in stopped["reason"]
    assert "12.00" in stopped["reason"]  # what was charged is still worth asking back
    assert (stopped["amount"], stopped["yearly"]) == ("12.00", "72.00")
    # The November bill is given alone: the months before come from the history.
    months = [(m["period"], m["billed"]) for m in runs["2026-12"]["summary"]["months"]]
    assert months == [("2026-09", "39.00"), ("2026-10", "39.00"), ("2026-11", "33.00")]


def test_history_and_records_show_the_months_and_the_users_record(cycle):
    _, db, _ = cycle
    runner = CliRunner()
    shown = run(runner, "history", "--db", str(db), "--json", "-")
    assert shown.exit_code == 0, shown.output
    [line] = json.loads(shown.stdout)["lines"]
    assert line["line"] == "139****1111"
    assert [(m["period"], m["reconciled"]) for m in line["months"]] == [
        ("2026-09", "yes"),
        ("2026-10", "yes"),
        ("2026-11", "yes"),
    ]
    # Open: the lingering 咪咕 charge; resolved: the 彩铃 charge; unknown 咪咕 became the
    # lingering charge (cancelled, charged after it: one story, not resolved); the user's
    # own cancellation of 咪咕 was no coming change to tell them of.
    assert (line["findings"]["open"], line["findings"]["resolved"]) == (1, 1)
    story = [(g["rule"], g["became"]) for g in line["findings"]["resolved_listed"]]
    assert sorted(story) == [("lingering-charge", False), ("unknown-vas", True)]
    [still] = line["findings"]["listed"]
    assert (still["rule"], still["service"], still["amount"]) == (
        "lingering-charge", "咪咕视频会员", "15.00",
    )  # fmt: skip
    assert [r["ticket"] for r in line["records"]] == [TICKET]
    text = run(runner, "history", "--db", str(db)).stdout
    assert "  月份           账单   账单合计  是否相符" in text
    assert "2026-11       33.00      33.00  是" in text and LINE not in text
    assert "  未解决：退订后仍扣费 咪咕视频会员 ¥15.00（2026-11）\n" in text
    listed = run(runner, "records", "--db", str(db), "--no-mask").stdout
    assert listed.startswith(f"#1    退订 {LINE} 咪咕视频会员，2026-10-08")
    english = run(runner, "history", "--db", str(db), "--lang", "en").stdout
    assert "  month        billed     stated  adds up" in english
    assert "2026-11       33.00      33.00  Yes" in english


def test_a_complaint_dates_the_appeal_and_a_refund_comes_off_the_claim(cycle):
    _, db, out = cycle
    runner = CliRunner()
    for args in (
        ["complaint", "--on", "2026-11-20", "--channel", "10080", "--ticket", "C-77"],
        # 30.00 for September and October (the unordered 咪咕 up to its cancellation),
        # the oldest months first, and 10.00 of November's charge after it
        ["refund", "--on", "2026-11-21", "--amount", "40.00"],
    ):
        result = run(
            runner, "record", *args, "--line", LINE, "--service", "咪咕视频会员", "--db", str(db)
        )
        assert result.exit_code == 0, result.output
    later = out / "later"
    later.mkdir()
    data = audit(runner, db, "2026-12", later, "--as-of", "2026-12-08")
    back = by_rule(data)[("lingering-charge", "咪咕视频会员")]
    assert (back["amount"], back["refunded"], back["claimable"]) == ("15.00", "10.00", "5.00")
    assert data["summary"]["claimable"] == "5.00"
    [appeal] = [a for a in back["actions"] if a["channel"] == "appeal" and a["from"]]
    assert appeal["from"] == "2026-12-05"  # 15 days after the complaint, not the audit
    assert "C-77" in appeal["text"]
    complaint = next(a for a in back["actions"] if a["channel"] == "complaint")
    assert "C-77" in complaint["text"] and complaint["due"] == "2026-12-05"


KILL_SCRIPT = """
import os, signal, sys
from auditor import cli
from auditor.writers import commit

def killed(*args, **kwargs):
    os.kill(os.getpid(), getattr(signal, sys.argv[1]))

commit.atomic_write_all = killed  # as the outputs are being written (where it is looked up)
cli.main(sys.argv[2:], prog_name="auditor")
"""


@pytest.mark.skipif(os.name != "posix", reason="POSIX signals")
@pytest.mark.parametrize(("signame", "code"), [("SIGKILL", -9), ("SIGTERM", 143)])
def test_an_audit_killed_mid_write_leaves_the_history_as_it_was(tmp_path, signame, code):
    db = tmp_path / "history.sqlite"
    audit(CliRunner(), db, "2026-10", tmp_path)
    before = dump(db)
    args = ["audit", str(MONTHLY / "2026-11"), "--as-of", "2026-11-05", "--db", str(db)]
    args += ["-o", str(tmp_path / "r.xlsx"), "-q"]
    command = [sys.executable, "-c", KILL_SCRIPT, signame, *args]
    scratch = tmp_path / "tmp"  # its temporary folders, not the machine's
    scratch.mkdir()
    env = {**os.environ, "TMPDIR": str(scratch)}
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=120, check=False, env=env
    )
    assert result.returncode == code, result.stderr
    assert dump(db) == before
    assert not (tmp_path / "r.xlsx").exists()
    # Nothing left behind, even by a kill: no folder is made for staging a small report.
    assert os.listdir(scratch) == []
    # and the history still works: the next audit stores November as if nothing happened
    november = audit(CliRunner(), db, "2026-11", tmp_path)
    assert (
        by_rule(november)[("lingering-charge", "视频彩铃订阅-酷电秀专属6元包")]["status"] == "open"
    )


def test_each_open_finding_says_what_is_due_next_and_by_when(cycle):
    runs, _, _ = cycle
    november = by_rule(runs["2026-11"])
    lingering = november[("lingering-charge", "视频彩铃订阅-酷电秀专属6元包")]["next"]
    # cancelled in August as the carrier's own list shows: nothing to cancel, complain now
    # (by the appeal's last day)
    assert (lingering["from"], lingering["by"]) == ("2026-11-05", "2027-02-28")
    assert "现在投诉" in lingering["text"] and "2026-08-12" in lingering["text"]
    december = runs["2026-12"]
    back = by_rule(december)[("lingering-charge", "咪咕视频会员")]["next"]
    # November alone would be by 2027-04-30; its refund due (September and October, the
    # unknown service resolved by the cancellation) is asked in the same complaint and
    # appeal, by September's last day: the nearer one is the day to keep
    [due] = [d for d in december["refunds_due"] if d["service"] == "咪咕视频会员"]
    # (charged after her cancellation: to cancel it again by the steps, then complain)
    assert "按操作步骤再次退订" in back["text"] and "；再投诉" in back["text"]
    assert back["by"] == due["due"] == "2027-02-28"


def _rows(path: Path, sheet: str) -> list[tuple]:
    import openpyxl

    return list(openpyxl.load_workbook(path, read_only=True)[sheet].iter_rows(values_only=True))


def test_the_follow_up_sheet_says_what_is_due_and_what_was_resolved(cycle):
    runs, _, out = cycle
    header, *rows = _rows(out / "2026-12.xlsx", "跟进")
    col = {name: i for i, name in enumerate(header)}
    findings, due = runs["2026-12"]["findings"], runs["2026-12"]["refunds_due"]
    grown = runs["2026-12"]["now_findings"]  # 咪咕, cancelled, charged after: one story
    assert [(g["rule"], g["service"]) for g in grown] == [("unknown-vas", "咪咕视频会员")]
    assert len(rows) == len(findings) + len(due) + len(runs["2026-12"]["resolved"]) + len(grown)
    # The money of findings resolved, not refunded: the ringtone's stopped charge, and
    # September's and October's 咪咕 (cancelled in October, refunded nothing), with the
    # appeal's last day of their oldest month.
    owed = [r for r in rows if r[col["状态"]] == "待退款"]
    assert [
        (r[col["业务"]], r[col["可追回"]], r[col["截止"]].date().isoformat()) for r in owed
    ] == [(d["service"], float(d["unrefunded"]), d["due"]) for d in due]
    assert sorted((d["service"], d["unrefunded"], d["due"]) for d in due) == [
        ("咪咕视频会员", "30.00", "2027-02-28"),
        ("视频彩铃订阅-酷电秀专属6元包", "12.00", "2027-02-28"),
    ]
    assert runs["2026-12"]["summary"]["refunds_due"] == "42.00"
    for row, finding in zip(rows, findings, strict=False):  # the findings first, in order
        assert row[col["状态"]] == FINDING_STATUS_LABELS[finding["status"]].zh
        assert row[col["业务"]] == finding["service"]
        assert row[col["下一步或结果"]] == finding["next"]["text"]
        opens = row[col["可办理起"]]
        assert (opens.date().isoformat() if opens else None) == finding["next"]["from"]
    migu = next(r for r in rows if r[col["业务"]] == "咪咕视频会员")
    assert migu[col["你的记录"]] == f"2026-10-08 退订（短信，工单号 {TICKET}）"
    done = [r for r in rows if r[col["状态"]] == "已解决"]
    assert len(done) == len(runs["2026-12"]["resolved"])
    [item] = [r for r in runs["2026-12"]["resolved"] if r["rule"] == "lingering-charge"]
    [resolved] = [r for r in done if r[col["规则编号"]] == "lingering-charge"]
    assert resolved[col["业务"]] == item["service"] == "视频彩铃订阅-酷电秀专属6元包"
    assert item["reason"] in resolved[col["下一步或结果"]]
    assert resolved[col["每年省下"]] == 72  # 6.00 a month, stopped


def test_the_trend_sheet_charts_every_month_known(cycle):
    import zipfile

    _, _, out = cycle
    rows = _rows(out / "2026-12.xlsx", "趋势")
    header_at = next(i for i, row in enumerate(rows) if row[0] == "号码")
    header, *months = [row for row in rows[header_at:] if row and row[0]]
    col = {name: i for i, name in enumerate(header)}
    # December's audit was given November's bill; the history holds September and October.
    assert [m[col["账期"]] for m in months] == ["2026-09", "2026-10", "2026-11"]
    money = list(range(col["账期"] + 1, col["合计"] + 1))  # categories, total
    for month in months:  # the categories add up to the total
        *parts, total = (month[i] or 0 for i in money)
        assert round(sum(parts), 2) == total
    assert months[0][col["增值业务费"]] > months[-1][col["增值业务费"]]  # 彩铃 stopped
    with zipfile.ZipFile(out / "2026-12.xlsx") as book:
        names = [n for n in book.namelist() if n.startswith("xl/charts/chart")]
        charts = [book.read(n).decode("utf-8") for n in names]
    [chart] = [c for c in charts if "趋势!" in c]  # the Summary has one of its own
    assert "趋势!$C$5:$C$7" in chart  # the months, from the table
    assert "139****1111" in chart and LINE not in chart  # its title masked
