"""A trial turned paid whose service the user cancelled, and whose bill after the
cancellation was read and still charges it: that bill is no longer one to check (the
charge after cancellation is a finding of its own), and its next step is due by its
appeal's last day, not the audit's date.

The case (cases/trial-then-lingering): 咪咕视频会员 free in January, 10.00 in February
and March; cancelled on 03-10; charged again in April."""

from __future__ import annotations

import pytest
from test_months_counted_once import trial_then_lingering
from test_refunds_due import MIGU, audit, bill, record

pytestmark = pytest.mark.usefixtures("december", "english")

STILL = "the 2026-04 bill still charged it after the cancellation took effect"


def trial(report: dict) -> dict:
    [found] = [f for f in report["findings"] if f["rule"] == "trial-to-paid"]
    return found


def test_a_bill_read_and_charging_it_is_not_one_to_check(tmp_path):
    found = trial(trial_then_lingering(tmp_path))
    assert found["details"]["charged_after"] == ["2026-04"]
    text = found["next"]["text"]
    assert "check that the 2026-04 bill" not in text and STILL in text
    assert "ask for the 20.00 yuan (2026-02, 2026-03) charged back" in text
    [appeal] = [a for a in found["actions"] if a["channel"] == "appeal" and a["due"]]
    assert (found["next"]["from"], found["next"]["by"]) == ("2026-05-05", appeal["due"])
    assert found["next"]["by"] == "2026-07-31"  # February's appeal limit, not the audit's day
    steps = " ".join(a["text"] for a in found["actions"])
    assert "check that the 2026-04 bill" not in steps and STILL in steps


def test_with_no_bill_after_the_cancellation_it_is_still_the_one_to_check(tmp_path):
    bill(tmp_path / "mar", "2026-01", **{MIGU: "0.00"})
    bill(tmp_path / "mar", "2026-02", **{MIGU: "10.00"})
    bill(tmp_path / "mar", "2026-03", **{MIGU: "10.00"})
    record(tmp_path, "cancel", "--service", MIGU, "--on", "2026-03-10", "--create")
    found = trial(audit(tmp_path, tmp_path / "mar", "2026-04-05"))
    assert found["details"]["charged_after"] == []
    assert "check that the 2026-04 bill no longer charges it" in found["next"]["text"]
    assert found["next"]["by"] == "2026-05-05"  # when that bill is out


def test_a_complaint_or_a_refund_in_full_does_not_bring_the_check_back(tmp_path):
    trial_then_lingering(tmp_path)
    record(tmp_path, "complaint", "--service", MIGU, "--on", "2026-05-06", "--ticket", "T1")
    complained = trial(audit(tmp_path, tmp_path / "may", "2026-05-08"))["next"]["text"]
    assert "check that the 2026-04 bill" not in complained and STILL in complained
    record(tmp_path, "refund", "--service", MIGU, "--on", "2026-05-20", "--amount", "20.00")
    refunded = trial(audit(tmp_path, tmp_path / "may", "2026-05-25"))["next"]["text"]
    assert refunded.startswith("Refunded in full (your records); " + STILL), refunded
