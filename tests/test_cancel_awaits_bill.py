"""A cancellation is not a charge stopped: a finding the user recorded cancelling waits for
the bill after it (``waiting[]``, the Follow-up's 已退订待核对 row), is resolved by that
bill no longer charging it (its reason the bill, never the record), and, still charged,
becomes the charge after cancellation (``now_findings[]``: one story, not a resolved
finding and a new one). The trial this follows: 陈阿姨's unordered SP service, June and
July charged, cancelled on 07-20 by hotline; August charged it all the same; September no
longer did."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from cli_run import run
from test_refunds_due import audit, bill, record

pytestmark = pytest.mark.usefixtures("december", "english")

SP = "掌上悦读手机报"


def sheet_rows(path: Path, name: str) -> list[dict]:
    book = openpyxl.load_workbook(path, read_only=True)
    header, *rows = book[name].iter_rows(values_only=True)
    listed = [dict(zip(header, row, strict=False)) for row in rows]
    book.close()
    return listed


def cancelled_in_july(tmp: Path) -> dict:
    """June's bill charges SP (unknown: July's audit); cancelled by hotline on 07-20."""
    bill(tmp / "jul", "2026-06", **{SP: "8.00"})
    july = audit(tmp, tmp / "jul", "2026-07-05")
    [unknown] = july["findings"]
    assert (unknown["rule"], unknown["service"]) == ("unknown-vas", SP)
    record(tmp, "cancel", "--service", SP, "--on", "2026-07-20", "--channel", "hotline",
           "--ticket", "20260720T88")  # fmt: skip
    return unknown


def test_a_cancellation_with_no_bill_after_it_waits_and_resolves_nothing(tmp_path):
    unknown = cancelled_in_july(tmp_path)
    bill(tmp_path / "aug", "2026-07", **{SP: "8.00"})  # the month of cancellation, in full
    august = audit(tmp_path, tmp_path / "aug", "2026-08-05")
    assert august["resolved"] == [] and august["findings"] == []
    [waiting] = august["waiting"]
    assert (waiting["id"], waiting["check_bill"]) == (unknown["id"], "2026-08")
    assert (
        waiting["state"]
        == "you cancelled it (your record: 2026-07-20, via Hotline, ticket 20260720T88)"
    )
    assert (waiting["periods"], waiting["amount"]) == (["2026-06", "2026-07"], "16.00")
    # its money is followed meanwhile: June's and July's 16.00, never ordered
    [due] = august["refunds_due"]
    assert (due["id"], due["unrefunded"]) == (unknown["id"], "16.00")
    # the Follow-up says it is cancelled, not resolved, and which bill will tell
    rows = sheet_rows(tmp_path / "aug.xlsx", "Follow-up")
    assert "Resolved" not in {r["Status"] for r in rows}
    [row] = [r for r in rows if r["Status"] == "Cancelled, unconfirmed"]
    assert row["Service"] == SP and "check the 2026-08 bill" in row["Next step or outcome"]
    # the history keeps it open, and so does the terminal's count
    with_history = run("history", "--db", str(tmp_path / "h.sqlite"), "--json", "-")
    [line] = json.loads(with_history.stdout)["lines"]
    assert (line["findings"]["open"], line["findings"]["resolved"]) == (1, 0)
    told = run("history", "--db", str(tmp_path / "h.sqlite")).stdout
    assert "cancelled: to check on the 2026-08 bill" in told, told


def test_a_charge_after_the_cancellation_is_the_same_story_not_a_new_one(tmp_path):
    unknown = cancelled_in_july(tmp_path)
    bill(tmp_path / "aug", "2026-07", **{SP: "8.00"})
    audit(tmp_path, tmp_path / "aug", "2026-08-05")
    bill(tmp_path / "sep", "2026-08", **{SP: "8.00"})  # charged after it: it failed
    september = audit(tmp_path, tmp_path / "sep", "2026-09-05")
    [after] = september["findings"]
    assert (after["rule"], after["periods"]) == ("lingering-charge", ["2026-08"])
    assert september["resolved"] == [] and september["waiting"] == []
    [grown] = september["now_findings"]
    assert (grown["id"], grown["finding"], grown["finding_rule"]) == (
        unknown["id"],
        after["id"],
        "lingering-charge",
    )
    # June's and July's money still asked back, never for the cancellation's sake
    [due] = september["refunds_due"]
    assert (due["id"], due["unrefunded"]) == (unknown["id"], "16.00")
    # nor as the charge after it (August's, the finding's): charged before it took
    # effect, they are owed as never confirmed (no 二次确认)
    assert "2026-07-20" not in due["reason"] and "after cancellation" not in due["reason"]
    assert (due["reason_code"], due["reason"]) == (
        "never_confirmed",
        "an unknown service, if you never confirmed ordering it (no second confirmation, 二次确认)",
    )


def test_the_bill_that_no_longer_charges_it_is_the_reason_not_the_failed_cancellation(
    tmp_path,
):
    cancelled_in_july(tmp_path)
    bill(tmp_path / "aug", "2026-07", **{SP: "8.00"})
    audit(tmp_path, tmp_path / "aug", "2026-08-05")
    bill(tmp_path / "sep", "2026-08", **{SP: "8.00"})
    [after] = audit(tmp_path, tmp_path / "sep", "2026-09-05")["findings"]
    bill(tmp_path / "oct", "2026-09")  # September no longer charges it
    october = audit(tmp_path, tmp_path / "oct", "2026-10-05")
    [resolved] = october["resolved"]
    assert (resolved["id"], resolved["rule"]) == (after["id"], "lingering-charge")
    assert resolved["reason"].startswith(
        "the charge stopped, and the 2026-09 bill no longer charges it"
    )
    assert "2026-07-20" not in resolved["reason"] and "cancelled" not in resolved["reason"]
    for due in october["refunds_due"]:  # the months before, and August: the same reason
        assert "2026-07-20" not in due["reason"], due


def test_a_later_bill_without_it_resolves_a_waiting_finding_by_that_bill(tmp_path):
    unknown = cancelled_in_july(tmp_path)
    bill(tmp_path / "aug", "2026-07", **{SP: "8.00"})
    audit(tmp_path, tmp_path / "aug", "2026-08-05")
    bill(tmp_path / "sep", "2026-08")
    september = audit(tmp_path, tmp_path / "sep", "2026-09-05")
    assert september["waiting"] == [] and september["now_findings"] == []
    [resolved] = september["resolved"]
    assert (resolved["id"], resolved["resolved_on"]) == (unknown["id"], "2026-09-05")
    assert resolved["reason"].startswith("the charge stopped, and the 2026-08 bill")


def test_a_bill_so_far_without_the_charge_resolves_nothing(tmp_path):
    # audited on 08-20 with August's bill so far, lacking the SP: a month not over proves
    # nothing by what it lacks (the read-only review's repro: it was resolved "cancelled",
    # and August in full, charging it, then opened a finding apart)
    unknown = cancelled_in_july(tmp_path)
    bill(tmp_path / "so_far", "2026-08")
    august = audit(tmp_path, tmp_path / "so_far", "2026-08-20")
    assert august["resolved"] == []
    [waiting] = august["waiting"]
    assert (waiting["id"], waiting["check_bill"]) == (unknown["id"], "2026-08")


def test_the_history_tells_a_waiting_finding_by_the_months_it_claims(tmp_path):
    # the audit: June and July charged, cancelled, waiting; `auditor history` the same
    # months (it showed June alone, stored when first found, beside a refund due of both)
    cancelled_in_july(tmp_path)
    bill(tmp_path / "aug", "2026-07", **{SP: "8.00"})
    august = audit(tmp_path, tmp_path / "aug", "2026-08-05")
    [waiting] = august["waiting"]
    told = run("history", "--db", str(tmp_path / "h.sqlite"), "--json", "-")
    assert told.exit_code == 0, told.output
    [line] = json.loads(told.stdout)["lines"]
    [listed] = line["findings"]["listed"]
    assert (listed["periods"], listed["amount"]) == (waiting["periods"], waiting["amount"])


@pytest.mark.parametrize(
    ("language", "told", "headline"),
    [
        ("en", "cancelled (waiting for the next bill), not refunded yet: ¥16.00",
         "¥16.00 still to be refunded for findings cancelled, waiting for the next bill"),
        ("zh", "已退订待核对、仍未退还：¥16.00",
         "已退订、待下月账单核对的发现仍有 ¥16.00 未退还"),
    ],
)  # fmt: skip
def test_the_money_of_a_cancellation_waiting_is_never_called_resolved(
    tmp_path, language, told, headline
):
    cancelled_in_july(tmp_path)
    bill(tmp_path / "aug", "2026-07", **{SP: "8.00"})
    result = run(
        "audit", str(tmp_path / "aug"), "--as-of", "2026-08-05", "--lang", language,
        "--db", str(tmp_path / "h.sqlite"), "-o", str(tmp_path / "aug.xlsx"),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert told in result.stdout and "resolved, not" not in result.stdout, result.stdout
    assert "已解决、" not in result.stdout
    summary = openpyxl.load_workbook(tmp_path / "aug.xlsx").worksheets[0]
    assert headline in summary.cell(2, 1).value
    assert "resolved" not in summary.cell(2, 1).value and "已解决" not in summary.cell(2, 1).value
