"""The steps of a finding whose service the user recorded cancelling: none cancels it
again, the complaint asks for the money alone, and a step names the bill after it; a
month charged after the cancellation still cancels. A suspended line whose closing the
user recorded (as a cancellation) is not closed again, and costs nothing more a year."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from rule_cases import findings_of
from test_actions import ALL, AS_OF, _finding, _ids, actions_for

from auditor import lang
from auditor.model import Action, UserRecord
from auditor.rules import RULES
from auditor.writers.figures import finding_yearly_fen

#: The rules whose steps cancel a service the user has not cancelled yet: a cancellation
#: the user recorded ends their charge (not a charge after one, which cancels again).
CANCELLING = [r for r in RULES if r.cancels and not r.after_cancelling and not r.whole_line]
#: The rules whose steps close a line (销户), which the user records as a cancellation.
CLOSING = [r for r in RULES if r.cancels and r.whole_line]


def _cancel_steps(actions: list[Action]) -> list[str]:
    """The steps that cancel a service, in either language: the app's, the SMS commands',
    a call that asks to cancel."""
    cancel = ("退订", "cancel")
    return [
        a.text
        for a in actions
        if any(word in a.text.lower() for word in cancel)
        and (a.channel in ("app", "sms") or "要求退订" in a.text or "ask them to cancel" in a.text)
    ]


@pytest.mark.parametrize(("rule", "carrier"), [(r, c) for r, c in ALL if r in CANCELLING], ids=_ids)
def test_a_service_the_user_recorded_cancelling_is_not_cancelled_again(rule, carrier):
    """A cancellation the user recorded in the month of the finding's last charge (still
    charged in full): no step cancels, the appeal asks for the money alone, and a step
    says when the bill must no longer charge it, citing the record."""
    findings = [replace(f, carrier=carrier) for f in findings_of(rule) if f.amount_fen > 0]
    findings = [f for f in findings if not f.stopped]
    assert findings
    for finding in findings:
        last = finding.periods[-1]
        on = date(int(last[:4]), int(last[5:7]), 6)
        made = UserRecord(4, "cancel", finding.line, finding.service, "", on, "DX123")
        done = replace(finding, records=[made])
        for language, demand in (("zh", "退订并"), ("en", "to be cancelled")):
            with lang.using(language):
                before, after = actions_for(finding, AS_OF), actions_for(done, AS_OF)
            if rule.id == "unknown-vas" and finding.details.category_level:
                continue  # an amount by category: nothing by its name to cancel either way
            assert _cancel_steps(before), [a.text for a in before]
            assert not _cancel_steps(after), [a.text for a in after]
            assert any(demand in a.text for a in before if a.channel == "appeal")
            assert not [a.text for a in after if demand in a.text]
            month = _month_after(last)
            (told,) = [a for a in after if on.isoformat() in a.text and "DX123" in a.text]
            assert month in told.text and told.channel == "evidence"


def test_a_charge_after_the_recorded_cancellation_is_still_cancelled():
    """A month charged after the cancellation's: the record did not end it, the steps
    still cancel (its own finding, a charge after cancellation, says so)."""
    finding = _finding("unknown-vas", "china-mobile")  # charged through 2026-10
    made = UserRecord(4, "cancel", finding.line, finding.service, "", date(2026, 9, 6))
    actions = actions_for(replace(finding, records=[made]), AS_OF)
    assert _cancel_steps(actions)


def _month_after(month: str) -> str:
    return f"{int(month[:4]) + (month[5:] == '12')}-{int(month[5:]) % 12 + 1:02d}"


@pytest.mark.parametrize(("rule", "carrier"), [(r, c) for r, c in ALL if r in CLOSING], ids=_ids)
def test_a_line_the_user_recorded_closing_is_not_closed_again(rule, carrier):
    """A closing recorded in the line's last suspended month: no step closes the line or
    calls to ask about it, a step cites the record and names the bill after it, a
    complaint if that bill still charges; and what the line costs a year is over."""
    findings = [replace(f, carrier=carrier) for f in findings_of(rule)]
    assert CLOSING and findings
    for finding in findings:
        last = finding.periods[-1]
        on = date(int(last[:4]), int(last[5:7]), 20)
        made = UserRecord(4, "cancel", finding.line, finding.service, "", on, "XH1")
        done = replace(finding, records=[made])
        for language in ("zh", "en"):
            with lang.using(language):
                before, after = actions_for(finding, AS_OF), actions_for(done, AS_OF)
            assert [a for a in before if a.channel == "store"]  # the visit to close it
            assert not [a for a in after if a.channel in ("store", "app", "hotline")]
            (told,) = [a for a in after if a.channel == "evidence"]
            assert on.isoformat() in told.text and "XH1" in told.text
            assert _month_after(last) in told.text
            (complaint,) = after[1:]
            assert complaint.channel == "complaint" and "XH1" in complaint.text
        assert finding_yearly_fen(done) == 0 < finding_yearly_fen(finding)
        if len(finding.periods) > 1:  # a month charged after the closing: it did not end it
            first = finding.periods[0]
            early = replace(made, on=date(int(first[:4]), int(first[5:7]), 20))
            assert finding_yearly_fen(replace(finding, records=[early])) > 0


@pytest.mark.parametrize(("rule", "carrier"), [(r, c) for r, c in ALL if r in CLOSING], ids=_ids)
def test_a_closing_recorded_without_a_ticket_is_not_cited_by_one(rule, carrier):
    """The complaint if the bill after the closing still charges shows what the user has
    of it: the ticket they recorded, else the closing receipt, a ticket only if any."""
    for finding in [replace(f, carrier=carrier) for f in findings_of(rule)]:
        last = finding.periods[-1]
        on = date(int(last[:4]), int(last[5:7]), 20)
        made = UserRecord(4, "cancel", finding.line, finding.service, "", on, "", "营业厅")
        for language, receipt, maybe in (
            ("zh", "销户回执", "如有工单号"),
            ("en", "closing receipt", "if you have one"),
        ):
            with lang.using(language):
                (complaint,) = [a for a in actions_for(replace(finding, records=[made]), AS_OF)
                                if a.channel == "complaint"]  # fmt: skip
            assert receipt in complaint.text and maybe in complaint.text, complaint.text
            assert on.isoformat() in complaint.text
            assert "日期和工单号" not in complaint.text and "day and ticket" not in complaint.text
