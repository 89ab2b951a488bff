"""Refunds due of one service on several lines are asked back at once, but not those whose
cancellation the newest list belies (its step checks the list and cancels again first)
with those whose cancellation took: two groups, and the first's steps say to check."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from auditor.history.refund_due import RefundDue
from auditor.lang import using
from auditor.writers.refund_groups import refund_groups

AS_OF = date(2026, 12, 5)


def due(line: str, still_listed: str = "") -> RefundDue:
    made = RefundDue(f"F{int(line):012x}", "unknown-vas", line, "咪咕视频会员", ("2026-10",),
                     1500, 0, "你已退订", date(2027, 3, 31), AS_OF, "china-mobile")  # fmt: skip
    return replace(made, still_listed=still_listed)


def test_lines_whose_cancellation_the_list_belies_are_a_group_of_their_own():
    dues = [due("13900000001", "2026-12-05"), due("13900000002"), due("13900000003", "2026-12-05")]
    with using("en"):
        groups = refund_groups(dues, {})
        assert [group.lines for group in groups] == [
            ["13900000001", "13900000003"],
            ["13900000002"],
        ]
        belied, took = groups
        assert belied.brief().startswith("First check the service list")
        assert belied.next_step().text.startswith("First check: the latest service list")
        assert "30.00 yuan" in belied.next_step().text
        assert not took.brief().startswith("First check")
