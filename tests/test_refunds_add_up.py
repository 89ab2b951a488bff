"""Money refunded adds up: over any sequence of refunds, the money an audit shows as
refunded, over all its entries (findings still found, refunds due, refunded, resolved),
is per line and service what the refunds recorded brought back of its claims: never
more (a month claimed by a finding still found and by one resolved, or by two rules, is
one charge, refunded once), never less, and what went beyond the claims is said with
the refund."""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from cli_run import run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_refund_due_beyond import follow_up
from test_refunds_due import LINE, MIGU, bill

from auditor import clock

RING = "视频彩铃订阅-酷电秀专属6元包"  # unknown, still charged
MUSIC = "沃音乐会员"  # a free August, then paid: unknown and a trial turned paid
VIP = "翼铃高级VIP"  # cancelled in the app on 09-28, ended 10-01, charged in October
SERVICES = (MIGU, RING, MUSIC, VIP)
#: The service list of November's folder: 翼铃 cancelled (次月生效), its end at 00:00 on
#: 2026-10-01, so that September is its last month and October's charge comes after it.
LISTED = (
    "业务名称,业务类型,资费,生效时间,结束时间,退订时间,状态\n"
    f"{VIP},增值业务,6元/月,2026-03-01,2026-10-01,2026-09-28 21:30,已退订（次月生效）\n"
)
ENTRIES = ("findings", "refunds_due", "over_refunded", "refunds_closed", "resolved")


@pytest.fixture(scope="module")
def history(tmp_path_factory):
    """A history audited on 2026-11-05: 咪咕 cancelled on 2026-09-06 and 翼铃 in the app
    (August and September a refund due of each, October charged after the
    cancellation), 彩铃 unknown for three months, 沃音乐 unknown and a trial turned paid
    over September and October."""
    tmp = tmp_path_factory.mktemp("refunds")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(clock, "today", lambda: date(2026, 12, 31))
        for period, music in (("2026-08", "0.00"), ("2026-09", "10.00")):
            bill(tmp / "oct", period, **{MIGU: "15.00", RING: "6.00", MUSIC: music, VIP: "6.00"})
        audit(tmp / "h.sqlite", tmp / "oct", "2026-10-05")
        record(tmp / "h.sqlite", "cancel", "--service", MIGU, "--on", "2026-09-06")
        bill(tmp / "nov", "2026-10", **{MIGU: "15.00", RING: "6.00", MUSIC: "10.00", VIP: "6.00"})
        (tmp / "nov" / f"{LINE}-已订业务.csv").write_text(LISTED, "utf-8")
        november = audit(tmp / "h.sqlite", tmp / "nov", "2026-11-05")
    rules = Counter((f["service"], f["rule"]) for f in november["findings"])
    assert rules == {
        (MIGU, "lingering-charge"): 1,
        (RING, "unknown-vas"): 1,
        (MUSIC, "unknown-vas"): 1,
        (MUSIC, "trial-to-paid"): 1,
        (VIP, "lingering-charge"): 1,
    }
    dues = november["refunds_due"]
    assert [(d["service"], d["periods"]) for d in dues] == [
        (MIGU, ["2026-08", "2026-09"]),
        (VIP, ["2026-08", "2026-09"]),
    ]
    # each service's findings by id, to name a refund by one of them
    ids = {s: [e["id"] for e in november["findings"] + dues if e["service"] == s] for s in SERVICES}
    return tmp, ids


def audit(db: Path, folder: Path, as_of: str) -> dict:
    target = db.with_name(f"{folder.name}-{as_of}.json")
    result = run(
        "audit", str(folder), "--as-of", as_of, "--db", str(db), "-o",
        str(db.with_name(f"{folder.name}.xlsx")), "--json", str(target), "-q",
    )  # fmt: skip
    assert result.exit_code in (0, 1), result.output
    return json.loads(target.read_text("utf-8"))


def record(db: Path, *args: str) -> int:
    """``auditor record ARGS`` into ``db``; the record's id."""
    yes = ("--yes",) if args[0] == "refund" else ()  # (one more than ever charged: meant)
    result = run("record", *args, "--line", LINE, "--db", str(db), *yes)
    assert result.exit_code == 0, result.output
    return int(re.search(r"#(\d+)", result.output).group(1))


def shown_refunded(report: dict) -> Counter[str]:
    """The money shown as refunded, per service, over every entry of ``report``."""
    shown: Counter[str] = Counter()
    for entries in ENTRIES:
        for entry in report[entries]:
            if entry["refunded"] is not None:  # (a resolved one whose refund due shows it)
                shown[entry["service"]] += Decimal(entry["refunded"])
    return shown


def beyond_claims(report: dict) -> dict[int, Decimal]:
    """Each refund's money beyond its claims (by record id), as its entries say it."""
    return {
        r["id"]: Decimal(r["beyond_claims"])
        for entries in ENTRIES
        for entry in report[entries]
        for r in entry.get("records", [])
        if r["beyond_claims"] is not None
    }


refunds = st.lists(
    st.tuples(
        st.sampled_from(SERVICES),
        st.integers(min_value=1, max_value=60),  # yuan: up to more than was ever charged
        st.booleans(),  # named by one of its findings (as typed on its row), else by service
        st.integers(min_value=0, max_value=3),  # which of them
    ),
    min_size=1,
    max_size=4,
)


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(made=refunds)
def test_money_shown_refunded_is_the_money_refunded(history, tmp_path, made, monkeypatch):
    base, ids = history
    monkeypatch.setattr(clock, "today", lambda: date(2026, 12, 31))
    work = tmp_path / "work"
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(base, work)
    recorded: Counter[str] = Counter()
    of: dict[int, str] = {}  # each refund's service, by record id
    for number, (service, yuan, by_finding, which) in enumerate(made, 1):
        on = (date(2026, 11, 6) + timedelta(days=number)).isoformat()
        named = ("--finding", ids[service][which % len(ids[service])]) if by_finding else ()
        rid = record(
            work / "h.sqlite", "refund", *(named or ("--service", service)), "--on", on,
            "--amount", f"{yuan}.00",
        )  # fmt: skip
        recorded[service] += yuan
        of[rid] = service
        # audited on a copy: the history as it stands (a refund closed is told once)
        copy = work / f"after-{number}"
        shutil.copytree(work, copy, ignore=shutil.ignore_patterns("after-*"))
        report = audit(copy / "h.sqlite", copy / "nov", "2026-11-25")
        beyond: Counter[str] = Counter()
        for rid, fen in beyond_claims(report).items():
            beyond[of[rid]] += fen
        shown = shown_refunded(report)
        for each in SERVICES:
            assert shown[each] <= recorded[each], (each, made)  # never more
            assert shown[each] == recorded[each] - beyond[each], (each, made)


def test_a_refund_of_three_months_is_told_of_the_months_it_covers(history, tmp_path, monkeypatch):
    # The trial's: 18.00 typed on October's charge after cancellation, for August to
    # October. The refund due (August, September) is closed with their 12.00, not 18.00,
    # and October's 6.00 is said with its finding: 18.00 over the report, as refunded.
    base, ids = history
    monkeypatch.setattr(clock, "today", lambda: date(2026, 12, 31))
    monkeypatch.setenv("AUDITOR_LANG", "en")
    work = tmp_path / "work"
    shutil.copytree(base, work)
    [lingering] = ids[VIP][:1]  # (the findings first, then the refunds due)
    record(work / "h.sqlite", "refund", "--finding", lingering, "--on", "2026-11-25",
           "--amount", "18.00")  # fmt: skip
    report = audit(work / "h.sqlite", work / "nov", "2026-11-27")
    [closed] = report["refunds_closed"]
    assert (closed["service"], closed["periods"], closed["refunded"]) == (
        VIP,
        ["2026-08", "2026-09"],
        "12.00",
    )
    assert (
        "the 12.00 yuan charged in 2026-08, 2026-09 was refunded in full" in closed["next"]["text"]
    )
    [finding] = [f for f in report["findings"] if f["service"] == VIP]
    assert (finding["periods"], finding["refunded"]) == (["2026-10"], "6.00")
    rows = [r for r in follow_up(work / "nov.xlsx") if r["Service"] == VIP]
    assert sum(Decimal(str(r["Refunded"] or 0)) for r in rows) == Decimal("18.00")
    # auditor history says October's refund with its open finding, as the audit does
    result = run("history", "--db", str(work / "h.sqlite"))
    assert result.exit_code == 0, result.output
    [line] = [t for t in result.stdout.splitlines() if "open:" in t and VIP in t]
    assert "¥6.00 (¥6.00 refunded)" in line, line
    listed = json.loads(run("history", "--db", str(work / "h.sqlite"), "--json", "-").stdout)
    [held] = [f for f in listed["lines"][0]["findings"]["listed"] if f["service"] == VIP]
    assert (held["amount"], held["refunded"]) == ("6.00", "6.00")


def test_one_refund_of_one_charge_is_shown_once_by_the_terminal_and_history(tmp_path):
    """沃音乐会员 unknown and a trial turned paid: two findings about one charge. Its 10.00
    refund is shown on one of them in the terminal and in auditor history, as the JSON
    and Follow-up show it, not on both (which read as 20.00 back: a reviewer's finding)."""
    music = "沃音乐会员"
    for period, fee in (("2026-08", "0.00"), ("2026-09", "10.00"), ("2026-10", "10.00")):
        bill(tmp_path / "nov", period, **{music: fee})
    db = str(tmp_path / "h.sqlite")
    audit = ("--lang", "en", "audit", str(tmp_path / "nov"), "--db", db, "-o")
    assert run(*audit, str(tmp_path / "a.xlsx"), "--as-of", "2026-11-05").exit_code in (0, 1)
    refund = ("--service", music, "--on", "2026-11-10", "--amount", "10.00")
    assert run("record", "refund", "--line", LINE, *refund, "--db", db).exit_code == 0
    said = run(*audit, str(tmp_path / "b.xlsx"), "--as-of", "2026-11-20").output
    assert said.count("(¥10.00 refunded)") == 1, said
    told = run("--lang", "en", "history", "--db", db).output
    assert told.count("(¥10.00 refunded)") == 1, told
    listed = json.loads(run("history", "--db", db, "--json", "-").stdout)["lines"][0]
    assert sorted(f["refunded"] for f in listed["findings"]["listed"]) == ["0.00", "10.00"]
