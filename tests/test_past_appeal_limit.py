"""Disputed money past the appeal limit for billing disputes (5 months) at the audit date
is told apart wherever disputed money is headlined: the terminal's summary line, the
Summary sheet's headline and figures, the JSON's ``summary.past_appeal_limit``. Which
months are past is told in one place (:func:`auditor.escalation.months_past_limit`: a
month appealed about in time is not), and the report's figures carry it
(:attr:`auditor.writers.figures.Counted.past_limit_fen`); what ``claimable`` counts is
unchanged."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from auditor.catalog import load_escalation
from auditor.escalation import appeal_deadline, months_past_limit
from auditor.lang import using
from auditor.model import Finding, UserRecord
from auditor.pipeline import AuditOptions, run_audit
from auditor.writers import Masker, figures, render_json, render_summary, render_xlsx
from auditor.writers.report_figures import report_figures

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
LINE = "13800001234"
MONTHS = ["2026-08", "2026-09", "2026-10"]
LIMIT = load_escalation().billing_deadline_months


def _finding(amount: int, *records: UserRecord, refunded: int = 0) -> Finding:
    """A charge after a cancellation over ``MONTHS``, its amount spread evenly."""
    return Finding(
        rule="lingering-charge",
        severity="high",
        carrier="china-mobile",
        line=LINE,
        service="视频彩铃订阅",
        periods=list(MONTHS),
        amount_fen=amount,
        monthly_fen=amount // len(MONTHS),
        message="",
        records=list(records),
        refunded_fen=refunded,
        id=f"f{amount}",
    )


def _appeal(on: date) -> UserRecord:
    return UserRecord(1, "appeal", LINE, "视频彩铃订阅", "", on)


# 2026-08's limit ends before 2027-03-05, 2026-09's too, 2026-10's after it.
BETWEEN = date(2027, 3, 5)


def test_the_months_past_the_limit_are_those_whose_deadline_is_before_the_audit_date():
    assert appeal_deadline("2026-09", LIMIT) < BETWEEN < appeal_deadline("2026-10", LIMIT)
    assert months_past_limit([], MONTHS, LIMIT, BETWEEN) == ("2026-08", "2026-09")
    assert months_past_limit([], MONTHS, LIMIT, date(2026, 11, 5)) == ()
    # appealed about on a day within 2026-09's limit, not 2026-08's: 2026-09 is followed
    late_for_august = appeal_deadline("2026-08", LIMIT) + timedelta(days=1)
    assert appeal_deadline("2026-08", LIMIT) < late_for_august <= appeal_deadline("2026-09", LIMIT)
    appealed = [_appeal(late_for_august)]
    assert months_past_limit(appealed, MONTHS, LIMIT, BETWEEN) == ("2026-08",)


def test_the_figures_carry_the_money_of_the_months_past_the_limit():
    whole = _finding(3000)
    counted = figures.Counted([whole], BETWEEN)
    assert counted.past_months[id(whole)] == ("2026-08", "2026-09")
    assert counted.past_limit_fen == 2000  # two of three even months
    assert counted.claimable_fen == 3000  # what is claimable does not change
    # refunds cover the oldest months first: 1500 back leaves 500 of 2026-09 past
    refunded = _finding(3000, refunded=1500)
    counted = figures.Counted([refunded], BETWEEN)
    assert (counted.claimable_fen, counted.past_limit_fen) == (1500, 500)
    # every month past: all its claimable money
    assert figures.Counted([whole], date(2027, 6, 1)).past_limit_fen == 3000
    # no audit date, or none past: nothing
    assert figures.Counted([whole]).past_limit_fen == 0
    assert figures.Counted([whole], date(2026, 11, 5)).past_limit_fen == 0


def test_a_month_appealed_about_in_time_stays_claimable_by_the_appeal():
    on = date(2027, 1, 10)  # within 2026-08's and 2026-09's limits
    appealed = _finding(3000, _appeal(on))
    counted = figures.Counted([appealed], BETWEEN)
    assert counted.past_limit_fen == 0 and id(appealed) not in counted.past_months


def test_money_counted_once_is_past_the_limit_once():
    # two findings of one service on one line: the one that disputes most counts
    small, large = _finding(300), _finding(3000)
    counted = figures.Counted([small, large], date(2027, 6, 1))
    assert counted.claimable_fen == 3000
    assert counted.past_limit_fen == 3000


def _household(as_of: date):
    report = run_audit([FIXTURES / "household"], AuditOptions(as_of=as_of))
    return report, report_figures(report)


def _summary_rows(data: bytes, tmp_path: Path) -> list[list]:
    path = tmp_path / "report.xlsx"
    path.write_bytes(data)
    book = openpyxl.load_workbook(path, read_only=True)
    rows = [
        [c for c in row if c is not None] for row in book.worksheets[0].iter_rows(values_only=True)
    ]
    book.close()
    return rows


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_headline_tells_the_money_past_the_limit_apart(tmp_path, lang):
    with using(lang):
        report, shown = _household(date(2027, 6, 1))  # every month of the household past
        counted = shown.counted
        assert counted.past_limit_fen == counted.claimable_fen > 0
        mask = Masker(True)
        yuan = f"¥{Decimal(counted.past_limit_fen) / 100:.2f}"
        clause = {
            "zh": f"其中 {yuan} 已过 {LIMIT} 个月申诉期（只能向运营商投诉）",
            "en": f"of which {yuan} is past the {LIMIT}-month appeal limit (a complaint to "
            "the carrier only)",
        }[lang]
        money_line = render_summary(report, mask, shown=shown).splitlines()[2]
        assert clause in money_line
        rows = _summary_rows(render_xlsx(report, mask, shown=shown), tmp_path)
        assert clause in rows[1][0]
        label = {"zh": "其中已过申诉期", "en": "Of it, past the appeal limit"}[lang]
        [past] = [row[1] for row in rows if row and row[0] == label]
        assert Decimal(str(past)) == Decimal(counted.past_limit_fen) / 100
        summary = json.loads(render_json(report, mask, shown))["summary"]
        assert summary["past_appeal_limit"] == summary["claimable"]
        # the terminal's own figures, when not given them, are the same
        assert clause in render_summary(report, mask).splitlines()[2]


def test_no_headline_changes_when_nothing_is_past_the_limit(tmp_path):
    report, shown = _household(date(2026, 11, 5))
    assert shown.counted.claimable_fen > 0 and shown.counted.past_limit_fen == 0
    mask = Masker(True)
    assert "申诉期" not in render_summary(report, mask, shown=shown)
    rows = _summary_rows(render_xlsx(report, mask, shown=shown), tmp_path)
    assert "申诉期" not in rows[1][0]
    assert not any(row and row[0] == "其中已过申诉期" for row in rows)
    assert json.loads(render_json(report, mask, shown))["summary"]["past_appeal_limit"] == "0.00"
