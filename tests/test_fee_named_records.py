"""A record typed under any name a finding's charges go by counts for that finding, and
only for it: 咪咕视频会员 in August and September and 咪咕视频会员费 in October are one
finding, so a refund, a cancellation or a known service under October's name is about
it; 彩铃 and 彩铃功能费 billed in one month are two findings, and what the user records
of one is never the other's (a name link joined them: 22.00 asked back of 19.00
charged, a second refund typed in the report lost, an unknown fee hidden)."""

from __future__ import annotations

import json
import os
from datetime import date

import openpyxl
import pytest
from cli_run import run
from history_versions import as_version
from test_refund_due_actions import type_on
from test_refunds_due import LINE, MIGU, audit, bill

from auditor.history.db import open_history
from auditor.history.schema import SCHEMA_VERSION

pytestmark = pytest.mark.usefixtures("december", "english")

FEE = MIGU + "费"
RING, RING_FEE = "彩铃", "彩铃功能费"
UNNAMED = "names it"  # the warning of a service no bill or service list names


def typed(tmp, *args: str) -> str:
    """``auditor record`` of LINE: what it said."""
    result = run("record", *args, "--line", LINE, "--db", str(tmp / "h.sqlite"))
    assert result.exit_code == 0, result.output
    return result.output


def findings(report: dict) -> dict[tuple[str, str], tuple]:
    """Each finding's amount, refunded, claimable and kinds of records, by rule and
    service."""
    return {
        (f["rule"], f["service"]): (
            f["amount"], f["refunded"], f["claimable"], [r["kind"] for r in f["records"]]
        )
        for f in report["findings"]
    }  # fmt: skip


def unknown(report: dict) -> dict[str, tuple]:
    """:func:`findings` of the unknown services, by service."""
    return {s: v for (rule, s), v in findings(report).items() if rule == "unknown-vas"}


def by_month(book, fid: str) -> dict[str, tuple]:
    """The Finding months rows of the finding ``fid``: each month's amount and what is
    still disputed of it."""
    sheet = openpyxl.load_workbook(book, read_only=True)["Finding months"]
    header, *rows = sheet.iter_rows(values_only=True)
    at = {name: i for i, name in enumerate(header)}
    return {
        r[at["Month"]]: (r[at["Amount that month"]], r[at["Disputed that month"]])
        for r in rows
        if r[at["Id"]] == fid
    }


def records_cell(book, service: str) -> str:
    """The Follow-up's "Your records" of ``service``'s row."""
    sheet = openpyxl.load_workbook(book, read_only=True)["Follow-up"]
    header, *rows = sheet.iter_rows(values_only=True)
    named = [dict(zip(header, row, strict=True)) for row in rows]
    [row] = [row for row in named if row["Service"] == service]
    return row["Your records"] or ""


def migu(tmp) -> dict:
    """咪咕 billed by its name in August and September, by its fee's in October: one
    unknown service, audited on 2026-11-05."""
    folder = tmp / "bills"
    bill(folder, "2026-08", **{MIGU: "15.00"})
    bill(folder, "2026-09", **{MIGU: "15.00"})
    bill(folder, "2026-10", **{FEE: "15.00"})
    return audit(tmp, folder, "2026-11-05")


def ringtone(tmp, *extra: str) -> dict:
    """彩铃 billed in September and October, and 彩铃功能费 beside it in October: two
    unknown services (a month bills both), audited on 2026-11-05."""
    folder = tmp / "bills"
    bill(folder, "2026-09", **{RING: "5.00"})
    bill(folder, "2026-10", **{RING: "5.00", RING_FEE: "5.00"})
    return audit(tmp, folder, "2026-11-05", *extra)


def test_the_finding_of_a_renamed_fee_goes_by_both_names(tmp_path):
    [finding] = migu(tmp_path)["findings"]
    assert (finding["service"], finding["periods"]) == (MIGU, ["2026-08", "2026-09", "2026-10"])
    assert finding["names"] == [MIGU, FEE]


def test_a_refund_under_the_fee_name_counts_for_the_service_finding(tmp_path):
    assert unknown(migu(tmp_path)) == {MIGU: ("45.00", "0.00", "45.00", [])}
    said = typed(tmp_path, "refund", "--service", FEE, "--on", "2026-11-06", "--amount", "15.00")
    said += typed(tmp_path, "complaint", "--service", FEE, "--on", "2026-11-07", "--ticket", "T1")
    assert UNNAMED not in said, said  # October's bill names it
    later = audit(tmp_path, tmp_path / "bills", "2026-11-20")
    assert unknown(later) == {MIGU: ("45.00", "15.00", "30.00", ["refund", "complaint"])}
    assert later["summary"]["claimable"] == "30.00"
    cell = records_cell(tmp_path / "bills.xlsx", MIGU)
    assert "Refunded ¥15.00 on 2026-11-06" in cell and "T1" in cell
    # October's money is billed under the fee's name: the months still add up, the
    # refund set against the oldest
    [finding] = later["findings"]
    assert by_month(tmp_path / "bills.xlsx", finding["id"]) == {
        "2026-08": (15, 0),
        "2026-09": (15, 15),
        "2026-10": (15, 15),
    }


def test_a_cancellation_under_the_fee_name_ends_the_service_finding(tmp_path):
    migu(tmp_path)
    typed(tmp_path, "cancel", "--service", FEE, "--on", "2026-11-06")
    later = audit(tmp_path, tmp_path / "bills", "2026-11-20")
    assert unknown(later) == {}  # every month of it, not August and September left open
    [waiting] = later["waiting"]  # resolved by a bill after the cancellation, not before
    assert waiting["service"] == MIGU and "you cancelled it" in waiting["state"]
    [due] = later["refunds_due"]
    assert (due["service"], due["periods"], due["unrefunded"]) == (
        MIGU, ["2026-08", "2026-09", "2026-10"], "45.00",
    )  # fmt: skip
    assert [r["kind"] for r in due["records"]] == ["cancel"]
    bill(tmp_path / "bills", "2026-11")  # no longer charged: still the same money due
    december = audit(tmp_path, tmp_path / "bills", "2026-12-05")
    assert [(d["service"], d["unrefunded"]) for d in december["refunds_due"]] == [(MIGU, "45.00")]
    assert unknown(december) == {}
    [resolved] = december["resolved"]
    assert resolved["reason"].startswith("the charge stopped, and the 2026-11 bill no longer")


def test_the_history_keeps_the_names_so_a_later_record_still_matches(tmp_path):
    migu(tmp_path)
    with open_history(tmp_path / "h.sqlite", write=False) as db:
        [(names,)] = db.execute("SELECT names FROM findings").fetchall()
    assert json.loads(names) == [MIGU, FEE]
    typed(tmp_path, "cancel", "--service", MIGU, "--on", "2026-11-06")
    bill(tmp_path / "dec", "2026-11")  # December's audit: November's bill alone
    [due] = audit(tmp_path, tmp_path / "dec", "2026-12-05")["refunds_due"]
    assert (due["service"], due["unrefunded"]) == (MIGU, "45.00")
    # the carrier refunds October's fee, and the user writes it as October's bill did
    typed(tmp_path, "refund", "--service", FEE, "--on", "2026-12-08", "--amount", "15.00")
    [due] = audit(tmp_path, tmp_path / "dec", "2026-12-10")["refunds_due"]
    assert (due["unrefunded"], due["refunded"]) == ("30.00", "15.00")
    assert [r["kind"] for r in due["records"]] == ["cancel", "refund"]


def test_a_finding_a_version_4_history_stored_goes_by_the_names_its_bills_group(tmp_path):
    migu(tmp_path)
    old = tmp_path / "v4.sqlite"
    as_version(tmp_path / "h.sqlite", old, 4)  # it kept no names
    os.replace(old, tmp_path / "h.sqlite")
    typed(tmp_path, "cancel", "--service", FEE, "--on", "2026-11-06")
    later = audit(tmp_path, tmp_path / "bills", "2026-11-20")
    [waiting] = later["waiting"]
    assert waiting["service"] == MIGU and "you cancelled it" in waiting["state"]
    assert [(d["unrefunded"], [r["kind"] for r in d["records"]]) for d in later["refunds_due"]] == [
        ("45.00", ["cancel"])
    ]
    with open_history(tmp_path / "h.sqlite", write=False) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    # Follow-up's row of it, waiting, shows the record its state cites, as of a version 5 one
    sheet = openpyxl.load_workbook(tmp_path / "bills.xlsx", read_only=True)["Follow-up"]
    header, *rows = sheet.iter_rows(values_only=True)
    [row] = [
        r
        for r in (dict(zip(header, r, strict=True)) for r in rows)
        if r["Status"] == "Cancelled, unconfirmed"
    ]
    assert "your record: 2026-11-06" in row["Next step or outcome"]
    assert row["Your records"] == "Cancelled on 2026-11-06"


@pytest.mark.parametrize(("stored", "named"), [(None, (MIGU, FEE)), ("[]", ())])
def test_names_a_history_kept_none_of_are_told_from_names_it_never_had(tmp_path, stored, named):
    """A finding a version 4 history stored (names NULL) is given the names the bills
    group with its service; one a version 5 history stored with no names (``[]``: its
    rule keeps none) keeps none."""
    from auditor.history.findings import seen_findings, with_names
    from auditor.readers import ReadOptions, read_file
    from auditor.rules.base import AuditContext

    migu(tmp_path)
    with open_history(tmp_path / "h.sqlite") as db:
        db.execute("UPDATE findings SET names = ?", (stored,))
        seen = seen_findings(db, {LINE})
    bills = sorted((tmp_path / "bills").iterdir())
    ctx = AuditContext.of([read_file(path, ReadOptions()) for path in bills], date(2026, 11, 20))
    [found] = with_names(seen, ctx.facts.charges, ctx.billed_together).values()
    assert found.names == named


def test_a_known_service_by_the_fee_name_is_resolved_as_known(tmp_path):
    migu(tmp_path)
    settings = tmp_path / "auditor.toml"
    settings.write_text(f'known_services = ["{FEE}"]\n', "utf-8")
    later = audit(tmp_path, tmp_path / "bills", "2026-11-20", "--known", str(settings))
    assert unknown(later) == {}  # August and September too, billed under its name
    [resolved] = later["resolved"]
    assert resolved["service"] == MIGU
    assert "the settings now list it as a known service" in resolved["reason"]
    assert later["refunds_due"] == []


# What a name link joined where the bills keep a service and its fee apart.


def test_a_cancellation_of_the_service_is_not_its_fee_billed_apart(tmp_path):
    assert unknown(ringtone(tmp_path)) == {
        RING: ("10.00", "0.00", "10.00", []),
        RING_FEE: ("5.00", "0.00", "5.00", []),
    }
    typed(tmp_path, "cancel", "--service", RING, "--on", "2026-11-06")
    later = audit(tmp_path, tmp_path / "bills", "2026-11-20")
    assert unknown(later) == {RING_FEE: ("5.00", "0.00", "5.00", [])}  # still unknown
    assert [r["service"] for r in later["waiting"]] == [RING]
    bill(tmp_path / "bills", "2026-11", **{RING_FEE: "5.00"})  # the fee goes on
    december = audit(tmp_path, tmp_path / "bills", "2026-12-05")
    assert unknown(december) == {RING_FEE: ("10.00", "0.00", "10.00", [])}
    due = [(d["service"], d["periods"], d["unrefunded"]) for d in december["refunds_due"]]
    assert due == [(RING, ["2026-09", "2026-10"], "10.00")]
    # what is asked back is what was charged: 10.00 of 彩铃, 10.00 of its fee
    asked = december["summary"]["refunds_due"], december["summary"]["claimable"]
    assert asked == ("10.00", "10.00")


def test_a_refund_of_the_service_is_not_its_fee_billed_apart(tmp_path):
    ringtone(tmp_path)
    refund = ("refund", "--service", RING, "--on", "2026-11-06", "--amount", "12.00")
    # more than the 10.00 彩铃 was ever charged (the fee's 5.00 is not its): --yes
    refused = run("record", *refund, "--line", LINE, "--db", str(tmp_path / "h.sqlite"))
    assert "more than the ¥10.00 ever charged for 彩铃" in refused.stderr, refused.output
    typed(tmp_path, *refund, "--yes")
    later = unknown(audit(tmp_path, tmp_path / "bills", "2026-11-20"))
    assert later == {
        RING: ("10.00", "10.00", "0.00", ["refund"]),  # 2.00 beyond it, none the fee's
        RING_FEE: ("5.00", "0.00", "5.00", []),
    }


def test_two_refunds_typed_in_the_report_for_a_service_and_its_fee_are_both_recorded(tmp_path):
    report = ringtone(tmp_path)
    ids = {f["service"]: f["id"] for f in report["findings"] if f["rule"] == "unknown-vas"}
    book = tmp_path / "bills.xlsx"
    for service in (RING, RING_FEE):  # alike: same day, no ticket, same amount
        type_on(book, ids[service], "退款 5.00", None, "2026-11-10")
    result = run("record", "--from", str(book), "--db", str(tmp_path / "h.sqlite"))
    assert result.exit_code == 0, result.output
    assert result.stdout.count("recorded #") == 2, result.stdout
    later = unknown(audit(tmp_path, tmp_path / "bills", "2026-11-20"))
    assert later == {
        RING: ("10.00", "5.00", "5.00", ["refund"]),
        RING_FEE: ("5.00", "5.00", "0.00", ["refund"]),
    }


def test_a_known_service_does_not_hide_its_fee_billed_apart(tmp_path):
    ringtone(tmp_path)
    settings = tmp_path / "auditor.toml"
    settings.write_text(f'known_services = ["{RING}"]\n', "utf-8")
    later = audit(tmp_path, tmp_path / "bills", "2026-11-20", "--known", str(settings))
    assert unknown(later) == {RING_FEE: ("5.00", "0.00", "5.00", [])}
    assert [r["service"] for r in later["resolved"]] == [RING]


def test_a_name_no_bill_writes_is_still_warned_of(tmp_path):
    folder = tmp_path / "bills"
    bill(folder, "2026-10", **{MIGU: "15.00"})
    audit(tmp_path, folder, "2026-11-05")
    said = typed(tmp_path, "cancel", "--service", FEE, "--on", "2026-11-06")
    assert UNNAMED in said and MIGU in said  # did you mean 咪咕视频会员?
    later = audit(tmp_path, folder, "2026-11-20")
    assert unknown(later) == {MIGU: ("15.00", "0.00", "15.00", [])}  # no bill calls it so
