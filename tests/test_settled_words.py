"""Words that agree with the days: a complaint's answer is due through the day the MIIT
appeal opens (15 days after it, the spec's day: "至 2026-08-23", never "2026-08-23 前",
which said the appeal opened after the answer was late); a refund due refunded in full
shows no deadline on the Follow-up sheet (a 截止 beside "nothing more to do" reads as
something still due)."""

from __future__ import annotations

import pytest
from test_cancel_awaits_bill import SP, sheet_rows
from test_refunds_due import audit, bill, record

pytestmark = pytest.mark.usefixtures("december", "english")


def test_a_complaints_answer_is_due_through_the_day_the_appeal_opens(tmp_path):
    # the appeal opens 15 days after the complaint (08-08: 08-23), so the answer is due
    # through 08-23, not "before" it
    bill(tmp_path / "aug", "2026-07", **{SP: "8.00"})
    audit(tmp_path, tmp_path / "aug", "2026-08-05")
    record(tmp_path, "complaint", "--service", SP, "--on", "2026-08-08", "--ticket", "C-1")
    for lang, said in (
        ("en", "within 15 days (through 2026-08-23)"),
        ("zh", "15 天内（至 2026-08-23）答复"),
    ):
        data = audit(tmp_path, tmp_path / "aug", "2026-08-09", "--lang", lang)
        [found] = data["findings"]
        texts = " ".join(a["text"] for a in found["actions"])
        assert said in texts, texts
        assert "2026-08-23 前）" not in texts
        appeal = [a for a in found["actions"] if a["channel"] == "appeal"]
        assert appeal and appeal[0]["from"] == "2026-08-23"


def test_a_settled_refund_shows_no_deadline_on_the_follow_up(tmp_path):
    bill(tmp_path / "jul", "2026-06", **{SP: "8.00"})
    audit(tmp_path, tmp_path / "jul", "2026-07-05")
    record(tmp_path, "cancel", "--service", SP, "--on", "2026-07-20")
    bill(tmp_path / "aug", "2026-07", **{SP: "8.00"})
    audit(tmp_path, tmp_path / "aug", "2026-08-05")
    bill(tmp_path / "sep", "2026-08")
    audit(tmp_path, tmp_path / "sep", "2026-09-05")  # resolved, 16.00 due
    record(tmp_path, "refund", "--service", SP, "--on", "2026-09-10", "--amount", "16.00")
    data = audit(tmp_path, tmp_path / "sep", "2026-09-12")
    [closed] = data["refunds_closed"]
    assert closed["unrefunded"] == "0.00" and closed["due"]  # the JSON keeps the day
    [row] = [r for r in sheet_rows(tmp_path / "sep.xlsx", "Follow-up") if r["Status"] == "Refunded"]
    assert row["Service"] == SP
    assert (row["From"], row["By"]) == (None, None)  # nothing left to do: no 截止
