"""What a recorded appeal (or complaint) is about, and what it leaves to do: a month the
user appealed about in time stays followed past its 5-month limit (the appeal is pending
with the centre); an appeal or complaint made before a finding's first month began is not
about that finding's charges; and an appeal does not stop a charge, so a service still
billed and not recorded cancelled is still to cancel."""

from __future__ import annotations

import pytest
from test_refunds_due import MIGU, audit, bill, record

pytestmark = pytest.mark.usefixtures("december", "english")


def _appealed_then_cancelled(tmp_path) -> dict:
    """咪咕 billed May to November at 15.00: audited 08-05 (May to July), complained
    08-06, appealed 08-25 (ticket A7), cancelled 09-01, audited 12-05."""
    folder = tmp_path / "bills"
    for period in ("2026-05", "2026-06", "2026-07"):
        bill(folder, period, **{MIGU: "15.00"})
    audit(tmp_path, folder, "2026-08-05")
    record(tmp_path, "complaint", "--service", MIGU, "--on", "2026-08-06", "--ticket", "C1")
    record(tmp_path, "appeal", "--service", MIGU, "--on", "2026-08-25", "--ticket", "A7")
    record(tmp_path, "cancel", "--service", MIGU, "--on", "2026-09-01")
    for period in ("2026-08", "2026-09", "2026-10", "2026-11"):
        bill(folder, period, **{MIGU: "15.00"})
    return audit(tmp_path, folder, "2026-12-05")


def test_months_appealed_about_in_time_stay_in_the_refund_due(tmp_path):
    report = _appealed_then_cancelled(tmp_path)
    [due] = report["refunds_due"]
    # May's and June's limits (10-31, 11-30) are past, but the appeal of 08-25 met them
    assert due["periods"] == ["2026-05", "2026-06", "2026-07", "2026-08", "2026-09"]
    assert due["unrefunded"] == "75.00"
    assert "on 2026-08-25 (ticket A7)" in due["next"]["text"]


def test_an_appeal_made_before_a_findings_charges_is_not_its_own(tmp_path):
    report = _appealed_then_cancelled(tmp_path)
    [lingering] = [f for f in report["findings"] if f["rule"] == "lingering-charge"]
    assert lingering["periods"] == ["2026-10", "2026-11"]
    texts = [lingering["next"]["text"], *(a["text"] for a in lingering["actions"])]
    # neither the appeal of 08-25 nor the complaint of 08-06 is about October's charge
    assert not any("2026-08-25" in t or "A7" in t or "2026-08-06" in t for t in texts)
    assert any(a["channel"] == "complaint" for a in lingering["actions"])


def test_after_an_appeal_a_service_still_billed_is_still_to_cancel(tmp_path):
    folder = tmp_path / "bills"
    for period in ("2026-07", "2026-08", "2026-09"):
        bill(folder, period, **{MIGU: "15.00"})
    audit(tmp_path, folder, "2026-10-05")
    record(tmp_path, "complaint", "--service", MIGU, "--on", "2026-10-07", "--ticket", "C1")
    record(tmp_path, "appeal", "--service", MIGU, "--on", "2026-10-25", "--ticket", "A7")
    for period in ("2026-10", "2026-11"):
        bill(folder, period, **{MIGU: "15.00"})
    [finding] = audit(tmp_path, folder, "2026-12-05")["findings"]
    step = finding["next"]["text"]
    assert step.startswith("It is still charged, and the appeal does not stop that: cancel")
    assert "call 12300 now to ask, citing the appeal's ticket number (工单号) A7" in step
    # once the user records cancelling it, the appeal is what is left of its refund due
    record(tmp_path, "cancel", "--service", MIGU, "--on", "2026-12-06")
    [due] = audit(tmp_path, folder, "2026-12-07")["refunds_due"]
    assert "still charged" not in due["next"]["text"]
    assert (
        "call 12300 now to ask, citing the appeal's ticket number (工单号) A7"
        in (due["next"]["text"])
    )
