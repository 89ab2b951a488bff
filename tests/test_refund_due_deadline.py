"""One service's money, two entries, one appeal: a charge after cancellation still found
(October) and its service's refund due (August, September) after one complaint. The
appeal asks both back and its last day is the nearer, the refund due's: neither entry
says a later one, lest the person wait for it and lose the earlier months."""

from __future__ import annotations

import pytest
from test_refunds_due import MIGU, audit, bill, record

pytestmark = pytest.mark.usefixtures("december", "english")


def complained(tmp):
    """咪咕 charged August and September (unknown), cancelled on 09-06, charged in October
    all the same; a complaint (ticket C-7) about it on 11-06."""
    bill(tmp / "oct", "2026-08", **{MIGU: "15.00"})
    bill(tmp / "oct", "2026-09", **{MIGU: "15.00"})
    audit(tmp, tmp / "oct", "2026-10-05")
    record(tmp, "cancel", "--service", MIGU, "--on", "2026-09-06")
    bill(tmp / "nov", "2026-10", **{MIGU: "15.00"})
    [due] = audit(tmp, tmp / "nov", "2026-11-05")["refunds_due"]
    record(tmp, "complaint", "--service", MIGU, "--on", "2026-11-06", "--ticket", "C-7")
    return due["id"]


def appeal_step(finding: dict) -> dict:
    [step] = [a for a in finding["actions"] if a["channel"] == "appeal" and a["due"]]
    return step


def test_the_charge_still_found_gives_its_refund_dues_nearer_last_day(tmp_path):
    complained(tmp_path)
    report = audit(tmp_path, tmp_path / "nov", "2026-11-27")
    [finding] = [f for f in report["findings"] if f["rule"] == "lingering-charge"]
    [due] = report["refunds_due"]
    assert (finding["periods"], due["periods"]) == (["2026-10"], ["2026-08", "2026-09"])
    # October alone would be 2027-03-31; August's limit is the appeal's
    assert finding["next"]["by"] == due["next"]["by"] == due["due"] == "2027-01-31"
    assert "citing your complaint's ticket number (工单号) C-7" in finding["next"]["text"]
    assert (
        "by 2027-01-31 at the latest (together with the refund due of 2026-08, whose limit it is)"
        in finding["next"]["text"]
    )
    step = appeal_step(finding)
    assert step["due"] == "2027-01-31"
    assert "counted from 2026-08, the earliest month still open (its refund due's" in step["text"]
    assert "2027-03-31" not in finding["next"]["text"] + step["text"]


def test_once_the_refund_due_is_refunded_its_own_limit_is_back(tmp_path):
    complained(tmp_path)
    record(tmp_path, "refund", "--service", MIGU, "--on", "2026-11-20", "--amount", "30.00")
    report = audit(tmp_path, tmp_path / "nov", "2026-11-27")
    [finding] = [f for f in report["findings"] if f["rule"] == "lingering-charge"]
    assert report["refunds_due"] == []
    assert finding["next"]["by"] == appeal_step(finding)["due"] == "2027-03-31"
    assert "refund due" not in finding["next"]["text"]


def test_a_refund_due_appealed_about_no_longer_sets_the_charges_last_day(tmp_path):
    # August and September appealed about in September (pending with the centre), before
    # October began: October's appeal is its own, by its own last day
    complained(tmp_path)
    record(tmp_path, "appeal", "--service", MIGU, "--on", "2026-09-25", "--ticket", "M-1")
    report = audit(tmp_path, tmp_path / "nov", "2026-11-27")
    [owed] = report["refunds_due"]
    assert "M-1" in owed["next"]["text"]  # the centre's answer is what it waits for
    [finding] = [f for f in report["findings"] if f["rule"] == "lingering-charge"]
    assert finding["next"]["by"] == appeal_step(finding)["due"] == "2027-03-31"
    assert "refund due" not in finding["next"]["text"]
