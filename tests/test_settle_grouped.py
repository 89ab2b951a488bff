"""Refunds due closed without a refund (``auditor record settle``) as the refunds due are
shown now: several lines' alike one Follow-up row naming them (as the refund rows are
grouped: :mod:`auditor.writers.follow_up_groups`), and in the JSON whose money it was,
each month its holder's then (a number handed over: :mod:`auditor.holders`)."""

from __future__ import annotations

import openpyxl
import pytest
from cli_run import run
from test_follow_up_grouped import MANY, _cancelled_then_gone
from test_handed_over import MASKED, NEW, _audit
from test_typed_lines import audit

pytestmark = pytest.mark.usefixtures("december", "english")


def _settle(tmp_path, finding: str, on: str, *more: str) -> None:
    made = run("record", "settle", "--finding", finding, "--on", on,
               "--db", str(tmp_path / "h.sqlite"), *more)  # fmt: skip
    assert made.exit_code == 0, made.output


def test_refunds_due_of_several_lines_closed_alike_are_one_follow_up_row(tmp_path):
    data = _cancelled_then_gone(tmp_path, MANY[:4])
    for due in data["refunds_due"]:
        _settle(tmp_path, due["id"], "2026-11-06", "--note", "送流量")
    after = audit(tmp_path, tmp_path / "nov", "2026-11-07")
    assert after["refunds_due"] == []
    assert sorted(c["closed"] for c in after["closed_without_refund"]) == ["15.00"] * 4
    assert after["summary"]["closed_without_refund"] == "60.00"
    follow = list(openpyxl.load_workbook(tmp_path / "nov.xlsx")["Follow-up"].iter_rows(
        values_only=True))  # fmt: skip
    closed = [row for row in follow if row[0] == "Closed, not refunded"]
    assert len(closed) == 1, closed  # was four rows alike
    [row] = closed
    assert row[2].split("\n") == [f"139****{n:04d}" for n in range(1, 5)]
    assert "送流量" in row[10] and row[11] is None and row[12] is None


@pytest.mark.parametrize(
    ("until", "owner", "group", "earlier"),
    [
        # August and September's money 张伟's: the refund due and its closing his
        ("2026-08", "张伟", "销售一部", []),
        # July 张伟's, August 李娜's: closed, it is her latest month's, his named beside
        ("2026-07", "李娜", "销售二部",
         [{"owner": "张伟", "group": "销售一部", "periods": ["2026-07"]}]),
    ],
)  # fmt: skip
def test_a_refund_due_closed_names_the_holders_of_its_months(
    tmp_path, until, owner, group, earlier
):
    settings = NEW + f'earlier = [{{ owner = "张伟", group = "销售一部", until = "{until}" }}]\n'
    _audit(tmp_path, "2026-07", settings, "2026-08-05")
    _audit(tmp_path, "2026-08", settings, "2026-09-05")
    [due] = _audit(tmp_path, "2026-09", settings, "2026-10-05", sp=False)["refunds_due"]
    assert (due["owner"], due["earlier_owners"]) == (owner, earlier)
    _settle(tmp_path, due["id"], "2026-10-06", "--amount", "2.00")
    report = _audit(tmp_path, "2026-09", settings, "2026-10-07", sp=False)
    assert report["refunds_due"] == []
    [closed] = report["closed_without_refund"]
    assert (closed["line"], closed["closed"], closed["given"]) == (MASKED, "6.00", "2.00")
    assert (closed["owner"], closed["group"], closed["earlier_owners"]) == (owner, group, earlier)
