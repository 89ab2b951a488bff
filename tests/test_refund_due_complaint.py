"""A complaint recorded against a refund due moves its next step, as it moves an open
finding's (auditor.escalation.after_complaint, one wording for both): the carrier's
answer, due 15 days after the complaint, then the MIIT appeal (12300) by the refund's
appeal deadline, naming the complaint's ticket. The Follow-up and Actions rows and the
JSON say the same, with the appeal's first day as the step's From."""

from __future__ import annotations

import openpyxl
import pytest
from test_refund_due_actions import (
    actions_sheet,
    cancelled_and_stopped,
    record_from,
    type_on,
)
from test_refunds_due import LINE, MIGU, audit, bill, record

pytestmark = pytest.mark.usefixtures("december", "english")

WAIT = (
    "Wait for the carrier's answer to your complaint of 2026-12-08 (ticket number 工单号 C-42); "
    "if it is still not solved from 2026-12-23 on, appeal to the MIIT appeal centre (12300) by "
    "2027-02-28 at the latest"
)


def follow_up_row(report, fid: str) -> dict:
    """The English Follow-up sheet's row of the refund due ``fid`` (by its records' or its
    service's cells), by its header."""
    book = openpyxl.load_workbook(report, read_only=True)
    header, *rows = book["Follow-up"].iter_rows(values_only=True)
    book.close()
    [row] = [r for r in rows if r[header.index("Status")] == "Refund due"]
    return dict(zip(header, row, strict=True))


def complained_on_its_row(tmp):
    """The December refund due (30.00 of 咪咕, 2026-09 and 2026-10, appeal by
    2027-02-28), a complaint under ticket C-42 typed on its Actions row and recorded."""
    [due] = cancelled_and_stopped(tmp)["refunds_due"]
    assert (due["due"], "Call 10086" in due["next"]["text"]) == ("2027-02-28", True)
    type_on(tmp / "dec.xlsx", due["id"], "投诉", "C-42", "2026-12-08")
    record_from(tmp, tmp / "dec.xlsx")
    return due


def test_a_complaint_typed_on_its_row_makes_the_next_audit_wait_for_the_answer(tmp_path):
    before = complained_on_its_row(tmp_path)
    [due] = audit(tmp_path, tmp_path / "dec", "2026-12-15")["refunds_due"]
    assert due["id"] == before["id"] and due["unrefunded"] == "30.00"
    assert WAIT in due["next"]["text"] and "Call 10086" not in due["next"]["text"]
    assert due["next"]["text"].endswith(
        "; once refunded, note it on the Actions sheet (or auditor record refund)"
    )
    assert (due["next"]["from"], due["due"]) == ("2026-12-23", "2027-02-28")  # the appeal opens
    row = follow_up_row(tmp_path / "dec.xlsx", due["id"])
    assert row["Next step or outcome"] == due["next"]["text"]
    assert (row["From"].date().isoformat(), row["By"].date().isoformat()) == (
        "2026-12-23",
        "2027-02-28",
    )
    assert "Complained on 2026-12-08 (via Hotline, ticket C-42)" in row["Your records"]
    header, rows = actions_sheet(tmp_path / "dec.xlsx")
    col = {name: header.index(name) for name in header}
    [mine] = [r for r in rows if r[col["Finding ids"]] == due["id"]]
    assert mine[col["What to do"]].startswith(due["next"]["text"] + "\n")
    assert mine[col["Channel"]] == "Appeal"
    assert mine[col["From"]].date().isoformat() == "2026-12-23"


def test_once_the_carrier_had_its_15_days_the_appeal_is_due_with_the_ticket(tmp_path):
    complained_on_its_row(tmp_path)
    [due] = audit(tmp_path, tmp_path / "dec", "2026-12-24")["refunds_due"]
    assert (
        "Appeal to the MIIT appeal centre (12300), citing your complaint's ticket number "
        "(工单号) C-42, by 2027-02-28 at the latest" in due["next"]["text"]
    )
    assert "Wait for" not in due["next"]["text"]


def test_a_partial_refund_after_the_complaint_leaves_the_rest_and_the_appeal(tmp_path):
    before = complained_on_its_row(tmp_path)
    record(tmp_path, "refund", "--finding", before["id"], "--on", "2026-12-12", "--amount", "10")
    [due] = audit(tmp_path, tmp_path / "dec", "2026-12-15")["refunds_due"]
    assert (due["unrefunded"], due["refunded"]) == ("20.00", "10.00")
    # 10.00 of September's 15.00 came back: both months are still asked, 20.00 of them
    assert due["periods"] == ["2026-09", "2026-10"]
    assert "Ask for the 20.00 yuan not refunded yet of what was charged" in due["next"]["text"]
    assert "the 10.00 yuan of 2026-09 was refunded (your records)" in due["next"]["text"]
    assert WAIT in due["next"]["text"]


def test_the_same_complaint_reads_alike_on_the_finding_and_on_its_refund_due(tmp_path):
    # Complained while the charge was still found, then the charge stopped: what is due
    # next about the complaint does not change with it.
    bill(tmp_path / "nov", "2026-09", **{MIGU: "15.00"})
    bill(tmp_path / "nov", "2026-10", **{MIGU: "15.00"})
    audit(tmp_path, tmp_path / "nov", "2026-11-05")
    record(tmp_path, "complaint", "--service", MIGU, "--on", "2026-12-08", "--ticket", "C-42")
    still = audit(tmp_path, tmp_path / "nov", "2026-12-09")
    [finding] = [f for f in still["findings"] if f["service"] == MIGU and f["claimable"] != "0.00"]
    # still charged, never cancelled: cancelling comes before waiting for the answer
    assert finding["next"]["text"] == (
        "It is still charged, and the complaint does not stop that: cancel it by the steps and "
        "write the date and the ticket number (工单号) in the Actions sheet (or run auditor "
        "record cancel). " + WAIT
    )
    assert (finding["next"]["from"], finding["next"]["by"]) == ("2026-12-23", "2027-02-28")
    bill(tmp_path / "dec", "2026-11")
    [due] = audit(tmp_path, tmp_path / "dec", "2026-12-10")["refunds_due"]
    assert WAIT in due["next"]["text"] and due["next"]["from"] == finding["next"]["from"]


def test_a_complaint_too_late_to_wait_for_says_to_appeal_by_the_deadline(tmp_path):
    # July's money may be appealed until 2026-12-31: a complaint of 12-20 leaves the
    # carrier's 15 days running past it.
    bill(tmp_path / "sep", "2026-07", **{MIGU: "15.00"})
    bill(tmp_path / "sep", "2026-08", **{MIGU: "15.00"})
    audit(tmp_path, tmp_path / "sep", "2026-09-05")
    record(tmp_path, "cancel", "--service", MIGU, "--on", "2026-09-06")
    bill(tmp_path / "oct", "2026-09")
    [due] = audit(tmp_path, tmp_path / "oct", "2026-10-05")["refunds_due"]
    assert due["due"] == "2026-12-31"
    record(tmp_path, "complaint", "--service", MIGU, "--on", "2026-12-20")
    [due] = audit(tmp_path, tmp_path / "oct", "2026-12-22")["refunds_due"]
    assert (
        "You complained on 2026-12-20, but the appeal's last day, 2026-12-31, comes before "
        "the carrier's time to answer is out (2027-01-04): press it for an answer now, and if "
        "it is not solved, appeal to the MIIT appeal centre (12300) by 2026-12-31"
    ) in due["next"]["text"]
    assert (due["next"]["from"], due["due"]) == ("2026-12-22", "2026-12-31")


def test_a_chinese_refund_due_after_a_complaint(tmp_path):
    [before] = cancelled_and_stopped(tmp_path, "--lang", "zh")["refunds_due"]
    record(tmp_path, "complaint", "--finding", before["id"], "--on", "2026-12-08")
    [due] = audit(tmp_path, tmp_path / "dec", "2026-12-15", "--lang", "zh")["refunds_due"]
    assert (
        "等运营商答复你 2026-12-08 的投诉；2026-12-23 起仍未解决，向工信部 12300 申诉，"
        "最迟 2027-02-28；退还后在「处理步骤」表记下（或 auditor record refund）"
    ) in due["next"]["text"]
    assert LINE not in due["next"]["text"] and "10086" not in due["next"]["text"]
