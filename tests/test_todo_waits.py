"""The Summary's first things are what can be done today: a thing to do whose steps all
wait (the appeal centre's answer) comes after them however wrong, and the headline does
not count it as a thing to do, but says it apart; one action about one service shared by
refunds due of two findings (two rules, one appeal) is one thing, naming both; and a
refund recorded since the appeal is said, not "仍没有结果" beside it. The t5 trial's
2026-11 Summary: a long "wait for 12300" first, "call 12300" twice, "3 件事要做"
counting the wait, and "仍没有结果" though 10.00 had come back with the appeal's ticket."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date

import pytest
from python_calamine import CalamineWorkbook
from test_todo_order import AS_OF, TWICE, WORDS, _report

from auditor.history.refund_due import RefundDue
from auditor.lang import using
from auditor.model import UserRecord
from auditor.writers import Masker, render_xlsx
from auditor.writers.refund_groups import SharedRefund
from auditor.writers.report_figures import report_figures
from auditor.writers.todo import how_many, pressing, things_to_do, waiting

LINE, PAPER = "18971230001", "掌上悦读手机报（SP代收）"
APPEALED = UserRecord(1, "appeal", LINE, PAPER, "", date(2026, 9, 6), "12300-2026090600777")
REFUND = UserRecord(2, "refund", LINE, PAPER, "", date(2026, 10, 15), APPEALED.ticket,
                    amount_fen=1000)  # fmt: skip


def _appealed_twice():
    """The company's report, its fee billed twice (wrong now) appealed on 11-01: nothing
    to do about it but wait for the centre's answer."""
    report = _report()
    [twice] = [f for f in report.findings if f.line == TWICE and f.severity == "high"]
    twice.records = [UserRecord(9, "appeal", TWICE, twice.service, "", date(2026, 11, 1), "A1")]
    return report, twice


def test_what_is_wrong_but_only_waits_comes_after_what_can_be_done_today():
    report, twice = _appealed_twice()
    todo = things_to_do(report)
    assert twice in todo[-1].findings  # last, after the price rise and the rest
    assert waiting(todo, AS_OF) == 1
    assert pressing(todo, AS_OF) == 0  # what was wrong now is being answered
    # without the appeal it is first, wrong now, and not waiting
    twice.records = []
    todo = things_to_do(report)
    assert twice in todo[0].findings and waiting(todo, AS_OF) == 0


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_headline_counts_what_to_do_and_says_the_waits_apart(language):
    report, _ = _appealed_twice()
    with using(language):
        data = render_xlsx(report, Masker(enabled=False))
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    rows = book.get_sheet_by_name(WORDS[language][0]).to_python()
    said = {
        "en": ", 3 things to do, 1 more only to wait for;",
        "zh": "，3 件事要做，另 1 件只需等待；",
    }
    assert said[language] in rows[1][0]
    assert report_figures(report).waiting == 1


def test_only_waits_are_not_called_things_to_do():
    with using("zh"):
        assert how_many(2, 2) == "2 件只需等待"
        assert how_many(3, 0) == "3 件事要做"
    with using("en"):
        assert how_many(1, 1) == "1 thing only to wait for"
        assert how_many(2, 1) == "1 thing to do, 1 more only to wait for"


def _due(rule: str, months: tuple[str, ...], fen: int, fid: str, appeal=APPEALED) -> RefundDue:
    return RefundDue(fid, rule, LINE, PAPER, months, fen, 0, "你已退订", date(2026, 11, 30),
                     AS_OF, "china-telecom", appeal=appeal, refunds=(REFUND,))  # fmt: skip


def test_one_appeal_about_one_service_is_one_thing_naming_both_findings():
    dues = [
        _due("unknown-vas", ("2026-07",), 600, "F000000000001"),
        _due("lingering-charge", ("2026-08",), 800, "F000000000002"),
    ]
    report = replace(_report(), refunds_due=dues)
    shared = [item for item in things_to_do(report) if isinstance(item, SharedRefund)]
    [item] = shared
    assert item.lines == [LINE] and item.rules == ["unknown-vas", "lingering-charge"]
    assert item.unrefunded_fen == 1400
    with using("zh"):
        brief = item.brief()
    assert brief.startswith("要求退还 14.00 元（2026-07 的 6.00 元；2026-08 的 8.00 元）：")
    # past the centre's day, the refund since the appeal said, and what is still due
    assert "此后已退还 10.00 元（2026-10-15，你的记录）" in brief
    assert "仍没有结果" not in brief and "其余仍未退还，现在致电 12300 查询" in brief
    # the Actions sheet keeps a row for each (a refund typed there is that finding's)
    assert len(report_figures(report).refunds) == 2
    # another appeal each: two things
    other = replace(APPEALED, id=3, on=date(2026, 9, 20), ticket="12300-2026092000001")
    report = replace(report, refunds_due=[dues[0], replace(dues[1], appeal=other)])
    assert not [item for item in things_to_do(report) if isinstance(item, SharedRefund)]


def test_the_summary_shows_the_shared_action_once():
    dues = [
        _due("unknown-vas", ("2026-07",), 600, "F000000000001"),
        _due("lingering-charge", ("2026-08",), 800, "F000000000002"),
    ]
    with using("zh"):
        data = render_xlsx(replace(_report(), refunds_due=dues), Masker(enabled=False))
    rows = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_name("摘要").to_python()
    mine = [row for row in rows if PAPER in str(row[2])]
    [row] = mine
    assert "待退款" in row[2] and "未知增值业务、退订后仍扣费" in row[2]
    assert row[3] == 14


def test_without_a_refund_since_the_appeal_no_outcome_is_said_so():
    with using("zh"):
        step = replace(_due("unknown-vas", ("2026-07",), 600, "F1"), refunds=()).next_step()
    assert "仍没有结果，现在致电 12300 查询" in step.text and "此后已退还" not in step.text
