"""A refund due whose months pass the 5-month appeal limit is never dropped (t10: 优酷's
15.00, a complaint open, vanished from the JSON, the workbook and the terminal the audit
after its limit): the MIIT appeal centre (12300) no longer takes it, but the carrier still
owes the money. It stays listed, its money counted past the appeal limit and not among the
refunds due an appeal can still get, its step the complaint to the carrier without 12300,
saying so, until a refund covers it."""

from __future__ import annotations

import openpyxl
import pytest
from cli_run import run
from test_refund_due_beyond import follow_up, history
from test_refunds_due import LINE, MIGU, audit, bill, record

pytestmark = pytest.mark.usefixtures("december", "english")

#: 2026-03's appeal limit ends on 2026-08-31, 2026-04's on 2026-09-30.
BOTH_OPEN, ONE_PAST, BOTH_PAST = "2026-06-05", "2026-09-05", "2026-10-05"


def _owed(tmp_path):
    """咪咕, never ordered, charged 15.00 in March and April; cancelled in May, gone from
    May's bill: a refund due of 30.00 from the June audit on."""
    bills = tmp_path / "bills"
    for period in ("2026-03", "2026-04"):
        bill(bills, period, **{MIGU: "15.00"})
    audit(tmp_path, bills, "2026-05-05")
    record(tmp_path, "cancel", "--service", MIGU, "--on", "2026-05-06")
    bill(bills, "2026-05")
    return bills


def test_a_refund_due_is_kept_once_its_months_pass_the_appeal_limit(tmp_path):
    bills = _owed(tmp_path)
    june = audit(tmp_path, bills, BOTH_OPEN)
    [due] = june["refunds_due"]
    assert (due["periods"], due["periods_past_limit"], due["past_appeal_limit"]) == (
        ["2026-03", "2026-04"], [], "0.00",
    )  # fmt: skip
    assert june["summary"]["refunds_due"] == "30.00"

    # March is past its limit, April is not: both owed, the appeal about April alone
    september = audit(tmp_path, bills, ONE_PAST)
    [due] = september["refunds_due"]
    assert (due["periods"], due["periods_past_limit"]) == (["2026-03", "2026-04"], ["2026-03"])
    assert (due["unrefunded"], due["past_appeal_limit"], due["due"]) == (
        "30.00", "15.00", "2026-09-30",
    )  # fmt: skip
    step = due["next"]
    assert "12300" in step["text"] and step["by"] == "2026-09-30"
    assert "2026-03 past the 5-month appeal limit" in step["text"], step["text"]
    assert "a complaint to the carrier still can get its 15.00 yuan back" in step["text"]
    summary = september["summary"]
    assert (summary["refunds_due"], summary["past_appeal_limit"]) == ("15.00", "15.00")
    # the line's own, counted as the summary counts them (a line with no finding now)
    [line] = [entry for entry in summary["lines"] if entry["line"] == due["line"]]
    assert (line["findings"], line["claimable"]) == (0, "0.00")
    assert (line["refunds_due"], line["refunds_past_appeal_limit"]) == ("15.00", "15.00")

    # both past: still listed, a complaint to the carrier alone, no appeal, no last day
    october = audit(tmp_path, bills, BOTH_PAST)
    [due] = october["refunds_due"]
    assert (due["periods_past_limit"], due["unrefunded"], due["past_appeal_limit"]) == (
        ["2026-03", "2026-04"], "30.00", "30.00",
    )  # fmt: skip
    step = due["next"]
    assert "12300" not in step["text"] and "appeal to" not in step["text"]
    assert "Call 10086; if refused, complain on 10080" in step["text"], step["text"]
    assert "past the 5-month appeal limit (its last day was 2026-08-31)" in step["text"]
    assert "the carrier still owes the money" in step["text"]
    assert (step["from"], step["by"]) == (BOTH_PAST, None)
    summary = october["summary"]
    assert (summary["refunds_due"], summary["past_appeal_limit"]) == ("0.00", "30.00")
    assert summary["claimable"] == "0.00"  # no finding: it is the refund due's alone


def test_the_workbook_and_the_terminal_still_show_it(tmp_path):
    bills = _owed(tmp_path)
    audit(tmp_path, bills, BOTH_OPEN)
    audit(tmp_path, bills, BOTH_PAST)
    [row] = [r for r in follow_up(tmp_path / "bills.xlsx") if r["Service"] == MIGU]
    assert (row["Status"], row["Claimable"], row["By"]) == ("Refund due", 30, None)
    assert "past the 5-month appeal limit" in row["Next step or outcome"]
    book = openpyxl.load_workbook(tmp_path / "bills.xlsx", read_only=True)
    summary = [[c for c in r if c is not None] for r in book["Summary"].iter_rows(values_only=True)]
    actions = [r for r in book["Actions"].iter_rows(values_only=True) if MIGU in str(r)]
    book.close()
    assert ["Refunds due past the appeal limit", 30] in summary
    assert not any(r and r[0] == "Refunds due" for r in summary)  # none an appeal can get
    headline = summary[1][0]
    assert "¥30.00 still to be refunded for resolved findings, all past the 5-month " in headline
    assert any(MIGU in str(r) and "10080" in str(r) for r in summary[4:]), summary  # to do
    assert actions and "12300" not in str(actions)
    said = run(
        "audit", str(bills), "--as-of", BOTH_PAST, "--db", str(tmp_path / "h.sqlite"),
        "-o", str(tmp_path / "again.xlsx"),
    )  # fmt: skip
    assert (
        "resolved, not refunded yet: ¥30.00, all past the 5-month appeal limit: a complaint "
        "to the carrier only (1 finding" in said.stdout
    ), said.stdout
    assert f"refund due 139****{LINE[-4:]} {MIGU}: Ask for the 30.00 yuan" in said.stdout


def test_after_a_complaint_the_carrier_is_pressed_with_its_ticket(tmp_path):
    """t10's case: a complaint recorded before the limit, no answer; once past the limit
    the step is to press the carrier with the ticket, never to appeal."""
    bills = _owed(tmp_path)
    audit(tmp_path, bills, BOTH_OPEN)
    record(tmp_path, "complaint", "--service", MIGU, "--on", "2026-06-08", "--ticket", "C-42")
    [due] = audit(tmp_path, bills, BOTH_PAST)["refunds_due"]
    text = due["next"]["text"]
    assert "You complained on 2026-06-08 (ticket number 工单号 C-42)" in text, text
    assert "call 10080 to press for it now, citing the ticket" in text
    assert "12300" not in text and due["next"]["by"] is None
    # a complaint made just before: the carrier's 15 days to answer come first
    record(tmp_path, "complaint", "--service", MIGU, "--on", "2026-09-30", "--ticket", "C-43")
    [due] = audit(tmp_path, bills, BOTH_PAST)["refunds_due"]
    step = due["next"]
    assert "Wait for the carrier's answer to your complaint of 2026-09-30" in step["text"]
    assert "(through 2026-10-15)" in step["text"] and step["from"] == "2026-10-15"


def test_it_is_gone_once_refunded_and_said_in_chinese_and_by_history(tmp_path):
    bills = _owed(tmp_path)
    audit(tmp_path, bills, BOTH_OPEN)
    zh = audit(tmp_path, bills, BOTH_PAST, "--lang", "zh")
    [due] = zh["refunds_due"]
    assert "已过 5 个月申诉期（最后一天 2026-08-31），工信部申诉中心不再受理" in due["next"]["text"]
    assert "12300" not in due["next"]["text"]
    shown = history(tmp_path, "--json", "-")
    assert '"past_appeal_limit": "30.00"' in shown and '"periods_past_limit"' in shown
    record(tmp_path, "refund", "--service", MIGU, "--on", "2026-10-06", "--amount", "30.00")
    later = audit(tmp_path, bills, "2026-10-07")
    assert later["refunds_due"] == [] and later["summary"]["past_appeal_limit"] == "0.00"
    [closed] = later["refunds_closed"]
    assert closed["refunded"] == "30.00"
