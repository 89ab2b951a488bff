"""A refund of a service on a line is set against everything owed for that service there,
whichever finding's row it was typed on: the months a finding still found claims and a
refund due's alike, the oldest first; what is left is beyond. A refund due it covers is
no longer due: it shows as refunded (``over_refunded``, a Follow-up row), even where the
money beyond is said with the finding still found."""

from __future__ import annotations

import json
from datetime import date

import pytest
from cli_run import run
from test_refund_due_actions import type_on
from test_refund_due_beyond import follow_up
from test_refunds_due import LINE, MIGU, audit, bill, record

from auditor.history.claims import Claim, set_refunds
from auditor.history.findings import Seen
from auditor.history.follow import _tell_refunded
from auditor.model import UserRecord
from auditor.names import service_key

pytestmark = pytest.mark.usefixtures("december", "english")


def owed_twice(tmp) -> tuple[dict, dict]:
    """咪咕 charged in July and August, cancelled on 08-31 (recorded), charged again in
    September and October: the November audit's refund due (30.00, July and August) and
    its charge after cancellation still found (30.00, September and October)."""
    bill(tmp / "sep", "2026-07", **{MIGU: "15.00"})
    bill(tmp / "sep", "2026-08", **{MIGU: "15.00"})
    audit(tmp, tmp / "sep", "2026-09-05")
    record(tmp, "cancel", "--service", MIGU, "--on", "2026-08-31", "--channel", "App")
    bill(tmp / "nov", "2026-09", **{MIGU: "15.00"})
    bill(tmp / "nov", "2026-10", **{MIGU: "15.00"})
    november = audit(tmp, tmp / "nov", "2026-11-05")
    [due] = november["refunds_due"]
    [still] = [f for f in november["findings"] if f["rule"] == "lingering-charge"]
    assert (due["periods"], due["unrefunded"]) == (["2026-07", "2026-08"], "30.00")
    assert (still["periods"], still["claimable"]) == (["2026-09", "2026-10"], "30.00")
    return due, still


def history_line(tmp) -> dict:
    shown = run("history", "--db", str(tmp / "h.sqlite"), "--json", "-")
    assert shown.exit_code == 0, shown.output
    [line] = json.loads(shown.stdout)["lines"]
    return line


def test_a_refund_typed_on_a_findings_row_goes_to_its_services_months(tmp_path):
    due, still = owed_twice(tmp_path)
    type_on(tmp_path / "nov.xlsx", still["id"], "退款 100.00", "202610080080", "11/12")
    # more than the 60.00 ever charged: recorded, and said (history/charged.py)
    typed = run("record", "--from", str(tmp_path / "nov.xlsx"), "--db", str(tmp_path / "h.sqlite"))
    assert typed.exit_code == 3 and "more than the ¥60.00 ever charged" in typed.stderr
    later = audit(tmp_path, tmp_path / "nov", "2026-11-26")
    # 30.00 to July and August, 30.00 to September and October, 40.00 beyond
    assert later["refunds_due"] == [] and later["summary"]["refunds_due"] == "0.00"
    [again] = [f for f in later["findings"] if f["id"] == still["id"]]
    assert (again["claimable"], again["refunded"]) == ("0.00", "30.00")
    [refund] = [r for r in again["records"] if r["kind"] == "refund"]
    assert (refund["amount"], refund["beyond_claims"], refund["charged_ever"]) == (
        "100.00",
        "40.00",
        "60.00",
    )
    [over] = later["over_refunded"]
    assert (over["id"], over["unrefunded"], over["refunded"]) == (due["id"], "0.00", "30.00")
    line = history_line(tmp_path)
    assert line["refunds_due"] == [] and [d["id"] for d in line["over_refunded"]] == [due["id"]]
    told = run("audit", str(tmp_path / "nov"), "--as-of", "2026-11-26",
               "--db", str(tmp_path / "h.sqlite"), "-o", str(tmp_path / "again.xlsx"))  # fmt: skip
    assert "refund due" not in told.stdout and "resolved, not refunded yet" not in told.stdout
    assert f"refunded 139****1111 {MIGU}: ¥30.00 (2026-07, 2026-08) refunded in full" in told.stdout


def test_a_refund_of_the_service_covering_a_refund_due_and_beyond_keeps_it_in_view(tmp_path):
    due, _ = owed_twice(tmp_path)
    # more than the 60.00 ever charged: compensation on top, say
    refund = ("--service", MIGU, "--on", "2026-11-12", "--amount", "100.00", "--yes")
    record(tmp_path, "refund", *refund)
    later = audit(tmp_path, tmp_path / "nov", "2026-11-26")
    [over] = later["over_refunded"]
    assert (over["id"], over["periods"]) == (due["id"], ["2026-07", "2026-08"])
    assert over["next"]["text"].startswith("Nothing more to ask back: refunded in full, and beyond")
    rows = {r["Status"]: r for r in follow_up(tmp_path / "nov.xlsx")}
    assert (rows["Refunded"]["Service"], rows["Refunded"]["Months"]) == (
        MIGU,
        "2026-07, 2026-08",
    )
    assert "Refund due" not in rows
    assert "¥40.00 of it counting for none" in rows["Refunded"]["Your records"]


def claim(fid: str, service: str, *months: str) -> Claim:
    """A claim of 15.00 a month."""
    return Claim(fid, LINE, service_key(service), dict.fromkeys(months, 1500))


def refund(fid: str, service: str, yuan: int, on: str = "2026-11-12") -> UserRecord:
    day = date.fromisoformat(on)
    return UserRecord(1, "refund", LINE, service, fid, day, amount_fen=yuan * 100)


def test_a_refund_named_by_a_finding_is_its_services_on_its_line():
    claims = [claim("FA", MIGU, "2026-07", "2026-08"), claim("FB", MIGU, "2026-09")]
    by_finding = set_refunds(claims, [refund("FB", MIGU, 40)])
    by_service = set_refunds(claims, [refund("", MIGU, 40)])
    assert by_finding == by_service  # the same months, the oldest first
    assert [c.refunded_fen for c in by_finding.claims] == [3000, 1000]
    assert by_finding.beyond == {}
    assert set_refunds(claims, [refund("FB", MIGU, 50)]).beyond == {1: 500}


def test_a_refund_named_by_a_bills_finding_goes_to_its_months_alone():
    claims = [claim("FA", "", "2026-07"), claim("FB", "", "2026-08")]
    settled = set_refunds(claims, [refund("FB", "", 20)])
    assert [c.refunded_fen for c in settled.claims] == [0, 1500]
    assert settled.beyond == {1: 500}


def seen(resolved_on: str, refunded_on: str | None = None) -> Seen:
    day = date.fromisoformat
    return Seen(
        "FA", "unknown-vas", LINE, MIGU, day("2026-09-05"), day("2026-09-05"),
        day(resolved_on), "", refunded_on=day(refunded_on) if refunded_on else None,
    )  # fmt: skip


def test_a_refund_due_refunded_exactly_is_told_once_and_only_once_it_was_due():
    back = [refund("", MIGU, 30, "2026-11-18")]
    nov26, dec05 = date(2026, 11, 26), date(2026, 12, 5)
    assert _tell_refunded(seen("2026-10-05"), back, nov26)  # no audit told it yet
    assert _tell_refunded(seen("2026-10-05", "2026-11-26"), back, nov26)  # that audit again
    assert not _tell_refunded(seen("2026-10-05", "2026-11-26"), back, dec05)  # told before
    # refunded before it was resolved: that audit told it among those resolved
    assert not _tell_refunded(seen("2026-11-20"), back, nov26)
    assert not _tell_refunded(seen("2026-11-26"), back, nov26)  # resolved by this audit
