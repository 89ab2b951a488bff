"""The order of the things to do and of the Summary's lines: what is wrong now (high,
money charged wrongly) first; then what is due by a date that presses (a step overdue, a
refund due whose last day is near), what is overdue first, then the nearest last day;
then the most money at stake (what a thing disputes, a bill charged without an item,
what it costs a year if it goes on, a refund due to appeal by months later), the gravest
of equal money; what leaves nothing to do but wait last. A price rise of 240.00 a year
comes right after what is wrong now or due by a date, none of it made disputed money (a
company's trial: it came after every 3-yuan service, for having nothing disputed); the
Summary's lines by their money at stake."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date, timedelta

import pytest
from python_calamine import CalamineWorkbook
from test_glossary import unglossed

from auditor.audit_report import AuditReport
from auditor.history.refund_due import RefundDue
from auditor.lang import using
from auditor.model import Bill, Charge, ReadResult, Service, UserRecord
from auditor.pipeline import AuditOptions, audit_results
from auditor.writers import Masker, render_xlsx
from auditor.writers.report_figures import report_figures
from auditor.writers.todo import line_stake_fen, near_days, pressing, stake_fen, things_to_do

AS_OF = date(2026, 11, 5)
RISE, UNKNOWN, GAP, TWICE = "13900000001", "13900000002", "13900000003", "13900000004"
PLAN, FEE, NEWS = "集团专享套餐58元", "集团V网功能费", "手机报-财经早报"
WORDS = {
    "en": ("Summary", "Do these first", "Each line's bill", "¥11.00 overcharged"),
    "zh": ("摘要", "先做这些", "每月账单", "已多扣 ¥11.00"),
}


def _report() -> AuditReport:
    """Four lines of a company, September and October: a plan 58.00 → 78.00 (a price
    rise, medium: 240.00 a year, nothing disputed), 手机报 3.00 a month unknown (medium:
    6.00 disputed and 36.00 a year), a bill whose total is 20.00 above its items (high:
    asked about, not disputed), a 5.00 fee billed twice (high: 5.00 disputed, once)."""
    results = []
    for line in (RISE, UNKNOWN, GAP, TWICE):
        for period in ("2026-09", "2026-10"):
            plan = 7800 if line == RISE and period == "2026-10" else 5800
            charges = [Charge(line, period, "plan", PLAN, plan, "套餐及固定费")]
            charges.append(Charge(line, period, "fee", FEE, 500, "套餐及固定费"))
            if line == TWICE and period == "2026-10":
                charges.append(Charge(line, period, "fee", FEE, 500, "套餐及固定费"))
            if line == UNKNOWN:
                charges.append(Charge(line, period, "vas", NEWS, 300, "增值业务费"))
            total = sum(charge.amount_fen for charge in charges)
            total += 2000 if line == GAP and period == "2026-10" else 0
            results.append(
                ReadResult(f"{line}-{period}.csv", line + period, "csv", "bill",
                           "china-mobile", charges, bills=[Bill(line, period, total)])
            )  # fmt: skip
        listed = [Service(line, name, carrier="china-mobile") for name in (PLAN, FEE)]
        results.append(ReadResult(f"{line}-s.csv", line + "s", "csv", "services",
                                  "china-mobile", services=listed))  # fmt: skip
    return audit_results(results, AuditOptions(as_of=AS_OF))


def _due(fen: int, due: date = date(2027, 2, 28), complained: date | None = None) -> RefundDue:
    """A refund due of ``fen`` (a finding resolved before), on a fifth line, appealed by
    ``due``; the user's complaint about it made on ``complained``, if given (its appeal
    open 15 days after)."""
    made = None
    if complained:
        made = UserRecord(1, "complaint", "13900000005", "咪咕视频会员", "", complained, "T1")
    return RefundDue("F000000000001", "unknown-vas", "13900000005", "咪咕视频会员",
                     ("2026-09",), fen, 0, "你已退订", due, AS_OF, "china-mobile",
                     complaint=made)  # fmt: skip


def _dues(todo: list) -> list[RefundDue]:
    """The refund due each of ``todo`` stands for (one line's each: a thing to do)."""
    [*dues] = (due for item in todo for due in item.dues)
    assert len(dues) == len(todo)
    return dues


def test_a_refund_due_comes_before_money_when_its_last_day_is_near():
    report = _report()
    # 2027-02-28, 115 days away: by its money, after the rise's 240.00, before the
    # 42.00 of 手机报; 2026-12-20, 45 days away: after what is wrong now, before money
    far, near = _due(9000), _due(500, date(2026, 12, 20))
    todo = things_to_do(replace(report, refunds_due=[far, near]))
    # the fee billed twice, the near refund, the rise, the far one, 手机报, the 20.00 bill
    assert [stake_fen(item) for item in todo] == [500, 500, 24000, 9000, 4200, 2000]
    assert _dues(todo[1:2]) == [near] and _dues(todo[3:4]) == [far]
    assert pressing(todo, AS_OF) == 2  # the fee billed twice, the refund due by 12-20
    # the window's last day is near; the day after, far
    edge = AS_OF + timedelta(days=near_days())
    for last, at in ((edge, 1), (edge + timedelta(days=1), 2)):  # 2: after the rise
        todo = things_to_do(replace(report, refunds_due=[_due(9000, last)]))
        assert _dues(todo[at : at + 1])[0].due == last


def test_what_is_overdue_comes_first_of_what_is_due_and_waiting_last():
    report = _report()
    # the appeal open since 2026-09-22 (the complaint of 09-07 unanswered): overdue, the
    # first of what is due by a date, though another's last day is nearer
    overdue = _due(600, complained=date(2026, 9, 7))
    asked = _due(3000, date(2026, 12, 31))  # to ask back from today, more money
    waiting = _due(9000, complained=date(2026, 11, 1))  # the carrier has till 11-16
    assert waiting.next_step().waits and not overdue.next_step().waits
    report = replace(report, refunds_due=[asked, waiting, overdue])
    todo = things_to_do(report)
    assert _dues(todo[1:3]) == [overdue, asked]
    assert _dues(todo[-1:]) == [waiting]  # after the 20.00 bill: nothing to do but wait
    assert pressing(todo, AS_OF) == 3  # the fee billed twice, the overdue appeal, 12-31
    # of one tier and dates, the most money first
    near = date(2026, 12, 1)
    # (of two services: two dues of one service and line asked back at once are one)
    other = replace(_due(200, near), service="咪咕音乐会员")
    twice = things_to_do(replace(report, refunds_due=[_due(100, near), other]))
    assert [stake_fen(item) for item in twice[1:3]] == [200, 100]


def test_a_lines_money_at_stake_is_its_things_to_dos():
    shown = report_figures(_report())
    stakes = {line.line: line_stake_fen(line) for line in shown.lines}
    assert stakes == {RISE: 24000, UNKNOWN: 4200, GAP: 2000, TWICE: 500}
    assert sum(stakes.values()) == sum(stake_fen(item) for item in shown.todo)
    gap = next(line for line in shown.lines if line.line == GAP)
    assert (gap.claimable_fen, gap.yearly_fen, gap.unexplained_fen) == (0, 0, 2000)


def _block(rows: list[list], title: str) -> list[list]:
    """The rows under a titled block of the Summary, its header left out, to the first
    row with nothing in its third column."""
    start = next(i for i, row in enumerate(rows) if row[0] == title) + 2
    end = next(i for i in range(start, len(rows)) if rows[i][2] == "")
    return rows[start:end]


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_summary_puts_the_price_rise_after_what_is_wrong_and_disputes_none(language):
    summary, first, lines, headline = WORDS[language]
    with using(language):
        data = render_xlsx(_report(), Masker(enabled=False))
    rows = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_name(summary)
    rows = rows.to_python()
    assert rows[1][0].startswith(headline)  # 6.00 + 5.00: the rise is not overcharged
    things = _block(rows, first)
    assert [unglossed(row[2].split("\n")[0]) for row in things][1:3] == [PLAN, NEWS]
    assert [(row[3], row[4]) for row in things][1:3] == [("", 240), (6, 36)]
    assert [row[0] for row in things] == [TWICE, RISE, UNKNOWN, GAP]
    assert things[3][3:5] == ["", ""]  # the bill's 20.00: at stake, in neither column
    assert [row[0] for row in _block(rows, lines)] == [RISE, UNKNOWN, GAP, TWICE]
