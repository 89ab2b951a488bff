"""By owner counts the things to do as the Summary's headline does: what leaves nothing
to do now but wait (an appeal made, its answer awaited) is said apart there, not counted
among the things to do, so By owner's "To act on" does not count it either; its total
and the Summary's count agree (they did not: By owner counted the wait)."""

from __future__ import annotations

import io
from dataclasses import replace

import pytest
from python_calamine import CalamineWorkbook
from test_todo_order import TWICE, UNKNOWN, WORDS
from test_todo_waits import _appealed_twice

from auditor.lang import using
from auditor.sheets import BY_OWNER
from auditor.writers import Masker, render_xlsx
from auditor.writers.report_figures import report_figures
from auditor.writers.todo import waits

HEADLINE = {
    "en": ", 1 thing to do, 1 more only to wait for;",
    "zh": "，1 件事要做，另 1 件只需等待；",
}
TOTAL = {"en": "All", "zh": "全部"}


def _one_action_one_wait():
    """The company's report cut to two lines: an unknown service to act on, and a fee
    billed twice, appealed, whose answer is awaited."""
    report, _ = _appealed_twice()
    kept = [f for f in report.findings if f.line in (UNKNOWN, TWICE) and f.severity != "info"]
    return replace(report, findings=kept)


def test_one_function_tells_the_wait_from_the_action():
    report = _one_action_one_wait()
    shown = report_figures(report)
    told = [waits(item, report.as_of, shown.next_steps) for item in shown.todo]
    assert told == [False, True] and shown.waiting == 1


@pytest.mark.parametrize("language", ["en", "zh"])
def test_by_owner_and_the_summary_count_the_same_things_to_do(language):
    report = _one_action_one_wait()
    with using(language):
        data = render_xlsx(report, Masker(enabled=False))
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    summary = book.get_sheet_by_name(WORDS[language][0]).to_python()
    assert HEADLINE[language] in summary[1][0]
    rows = book.get_sheet_by_name(getattr(BY_OWNER, language)).to_python()
    header = rows[0]
    acts = header.index("To act on" if language == "en" else "要处理")
    [total] = [row for row in rows if row[0] == TOTAL[language]]
    assert total[acts] == 1  # the Summary's one thing to do, the wait apart
    owners = [row for row in rows[1:] if row[0] != TOTAL[language] and row[acts] != ""]
    assert sum(int(row[acts] or 0) for row in owners) == 1
