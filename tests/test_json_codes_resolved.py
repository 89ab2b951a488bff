"""The resolved reason codes test_json_codes.py's parametrized test does not reach, each
given where its reason is made: ``line_closed`` (your record of closing the line, made
by :func:`~auditor.history.resolution.resolution`), ``itemised`` (an amount billed by
category, its items read since) and ``now_a_finding`` (a notice grown into a finding),
both made where the findings reported before are followed."""

from __future__ import annotations

import shutil
from datetime import date

import pytest
from test_history_resolved import MONTHLY, cycle
from test_json_codes import LINE, _seen
from test_unitemised import ITEMISED, SMS, UNLISTED, audit

import auditor.pipeline
from auditor.history.resolution import BillFacts, resolution
from auditor.model import UserRecord

pytestmark = pytest.mark.usefixtures("december", "english")

CLOSED = UserRecord(1, "cancel", LINE, "咪咕视频会员", "", date(2026, 10, 8), closes_line=True)
CANCELLED = UserRecord(2, "cancel", LINE, "咪咕视频会员", "", date(2026, 10, 8))


@pytest.mark.parametrize(
    ("records", "bills", "code"),
    [
        ([CLOSED], {"stopped": "2026-10"}, "line_closed"),  # your record before the bills
        # a cancellation resolves by the bill showing its charge stopped, not by the record
        ([CANCELLED], {"stopped": "2026-10"}, "stopped"),
    ],
)
def test_a_record_of_the_line_closed_gives_its_code(records, bills, code):
    why = resolution(_seen(), records, BillFacts("2026-10", **bills))
    assert why.code == code and why.keeps_claim  # its money still owed


def test_an_amount_by_category_itemised_since_gets_its_code(tmp_path):
    (tmp_path / "sms").mkdir()
    (tmp_path / "sms" / "18600005678-账单短信.txt").write_text(SMS, "utf-8")
    audit(tmp_path, tmp_path / "sms", "2026-09-05")
    (tmp_path / "json").mkdir()
    shutil.copy(ITEMISED, tmp_path / "json" / ITEMISED.name)
    known = tmp_path / "auditor.toml"
    known.write_text('known_services = ["腾讯视频会员"]\n', "utf-8")
    later = audit(tmp_path, tmp_path / "json", "2026-10-05", "--known", str(known))
    assert [(r["service"], r["reason_code"]) for r in later["resolved"]] == [(UNLISTED, "itemised")]


def test_a_notice_grown_into_a_finding_gets_its_code(tmp_path, monkeypatch):
    # never in the JSON's resolved[] (now_findings[] lists it): the code is the report's
    reports = []
    audit_inputs = auditor.pipeline.audit_inputs

    def kept(*args, **kwargs):
        reports.append(audit_inputs(*args, **kwargs))
        return reports[-1]

    monkeypatch.setattr(auditor.pipeline, "audit_inputs", kept)  # (as auditor.run uses it)
    data = cycle(tmp_path, MONTHLY / "2026-12")
    [grown] = reports[-1].now_findings
    assert grown.id == data["now_findings"][0]["id"]
    assert grown.reason_code == "now_a_finding"
    assert all(r.reason_code != "now_a_finding" for r in reports[-1].resolved)
