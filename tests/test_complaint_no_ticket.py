"""A complaint recorded without its ticket number (工单号) is cited by its day, never by a
ticket it was not given: a refund due's appeal (附你 2026-06-08 投诉的记录), pressing the
carrier once past the appeal limit, and a finding's appeal step alike."""

from __future__ import annotations

import pytest
from test_recorded_next_steps import FIRST, LATER, _of, _record
from test_recorded_next_steps import _audit as _household_audit
from test_refund_due_past_limit import BOTH_PAST, _owed
from test_refunds_due import MIGU, audit, record

pytestmark = pytest.mark.usefixtures("december", "english")

NO_TICKET = {
    "en": "your complaint of 2026-06-08 (no ticket number was recorded)",
    "zh": "你 2026-06-08 投诉的记录（没有记下工单号）",
}


@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_refund_dues_appeal_cites_the_complaints_day(tmp_path, language):
    bills = _owed(tmp_path)
    audit(tmp_path, bills, "2026-06-05")
    record(tmp_path, "complaint", "--service", MIGU, "--on", "2026-06-08")
    [due] = audit(tmp_path, bills, "2026-06-25", "--lang", language)["refunds_due"]
    text = due["next"]["text"]
    assert NO_TICKET[language] in text, text
    assert "投诉的工单号" not in text and "ticket number (工单号) of your" not in text


def test_pressing_the_carrier_past_the_limit_cites_the_complaint_not_a_ticket(tmp_path):
    bills = _owed(tmp_path)
    audit(tmp_path, bills, "2026-06-05")
    record(tmp_path, "complaint", "--service", MIGU, "--on", "2026-06-08")
    [due] = audit(tmp_path, bills, BOTH_PAST)["refunds_due"]
    text = due["next"]["text"]
    assert "now, citing that complaint (no ticket number was recorded)" in text, text
    assert "citing the ticket" not in text


def test_a_findings_appeal_step_cites_the_complaints_day(tmp_path):
    rise = _of(_household_audit(tmp_path, FIRST), "price-change")
    _record(tmp_path, "complaint", "--finding", rise["id"], "--on", "2026-11-06")
    rise = _of(_household_audit(tmp_path, LATER), "price-change")
    [appeal] = [a for a in rise["actions"] if a["channel"] == "appeal" and a["from"]]
    cited = "your complaint of 2026-11-06 (no ticket number was recorded)"
    assert f"the facts, with {cited}; " in appeal["text"], appeal["text"]
    assert f"citing {cited}, by " in rise["next"]["text"], rise["next"]["text"]
    assert "ticket number (工单号) of your" not in appeal["text"] + rise["next"]["text"]
