"""A record typed under a fee's name (咪咕视频会员费, as October's bill writes it) is about
the finding its charges were grouped into (咪咕视频会员), and the other way round: the
refund is set against its money, shown with it, and no "no bill names it" warning is
given (auditor.names.names_service)."""

from __future__ import annotations

import openpyxl
import pytest
from cli_run import run
from test_refunds_due import LINE, MIGU, audit, bill

pytestmark = pytest.mark.usefixtures("december", "english")

FEE = MIGU + "费"
UNNAMED = "names it"  # the warning of a service no bill or service list names


def typed(tmp, *args: str) -> str:
    """``auditor record`` of LINE: what it said."""
    result = run("record", *args, "--line", LINE, "--db", str(tmp / "h.sqlite"))
    assert result.exit_code == 0, result.output
    return result.output


def findings(report: dict) -> dict[str, tuple[str, str, str, list[str]]]:
    """Each finding's amount, refunded, claimable and kinds of records, by service."""
    kinds = {f["service"]: [r["kind"] for r in f["records"]] for f in report["findings"]}
    return {
        f["service"]: (f["amount"], f["refunded"], f["claimable"], kinds[f["service"]])
        for f in report["findings"]
    }


def records_cell(book, service: str) -> str:
    """The Follow-up's "Your records" of ``service``'s row."""
    sheet = openpyxl.load_workbook(book, read_only=True)["Follow-up"]
    header, *rows = sheet.iter_rows(values_only=True)
    named = [dict(zip(header, row, strict=True)) for row in rows]
    [row] = [row for row in named if row["Service"] == service]
    return row["Your records"] or ""


def test_a_refund_under_the_fee_name_counts_for_the_service_finding(tmp_path):
    folder = tmp_path / "bills"
    bill(folder, "2026-08", **{MIGU: "15.00"})
    bill(folder, "2026-09", **{MIGU: "15.00"})
    bill(folder, "2026-10", **{FEE: "15.00"})
    assert findings(audit(tmp_path, folder, "2026-11-05")) == {MIGU: ("45.00", "0.00", "45.00", [])}
    said = typed(tmp_path, "refund", "--service", FEE, "--on", "2026-11-06", "--amount", "15.00")
    said += typed(tmp_path, "complaint", "--service", FEE, "--on", "2026-11-07", "--ticket", "T1")
    assert UNNAMED not in said, said
    later = audit(tmp_path, folder, "2026-11-20")
    assert findings(later) == {MIGU: ("45.00", "15.00", "30.00", ["refund", "complaint"])}
    assert later["summary"]["claimable"] == "30.00"
    cell = records_cell(tmp_path / "bills.xlsx", MIGU)
    assert "Refunded ¥15.00 on 2026-11-06" in cell and "T1" in cell


def test_a_refund_under_the_service_name_counts_for_a_finding_of_its_fee(tmp_path):
    # Only the fee was ever billed: the finding is named 咪咕视频会员费; the user writes
    # the service's name, as its service list shows it.
    folder = tmp_path / "bills"
    bill(folder, "2026-09", **{FEE: "15.00"})
    bill(folder, "2026-10", **{FEE: "15.00"})
    audit(tmp_path, folder, "2026-11-05")
    said = typed(tmp_path, "refund", "--service", MIGU, "--on", "2026-11-06", "--amount", "15.00")
    assert UNNAMED not in said, said
    later = audit(tmp_path, folder, "2026-11-20")
    assert findings(later) == {FEE: ("30.00", "15.00", "15.00", ["refund"])}


def test_a_service_and_its_fee_billed_apart_take_a_refund_named_exactly_first(tmp_path):
    # October bills both: two findings. A refund of the fee is the fee's, not the
    # service's older September; what is beyond the fee goes to the service.
    folder = tmp_path / "bills"
    bill(folder, "2026-09", **{MIGU: "15.00"})
    bill(folder, "2026-10", **{MIGU: "15.00", FEE: "5.00"})
    audit(tmp_path, folder, "2026-11-05")
    typed(tmp_path, "refund", "--service", FEE, "--on", "2026-11-06", "--amount", "5.00")
    later = findings(audit(tmp_path, folder, "2026-11-20"))
    assert (later[FEE][1], later[MIGU][1]) == ("5.00", "0.00")
    typed(tmp_path, "refund", "--service", FEE, "--on", "2026-11-21", "--amount", "6.00")
    latest = findings(audit(tmp_path, folder, "2026-11-25"))
    assert (latest[FEE][1], latest[MIGU][1]) == ("5.00", "6.00")


def test_a_name_no_bill_writes_is_still_warned_of(tmp_path):
    folder = tmp_path / "bills"
    bill(folder, "2026-10", **{MIGU: "15.00"})
    audit(tmp_path, folder, "2026-11-05")
    assert UNNAMED not in typed(tmp_path, "cancel", "--service", FEE, "--on", "2026-11-06")
    said = typed(tmp_path, "cancel", "--service", "咪咕视屏会员费", "--on", "2026-11-06")
    assert UNNAMED in said and MIGU in said  # did you mean 咪咕视频会员?
