"""The one step a list of things to do shows for a service on several lines (the Summary's
and By service's, :func:`auditor.writers.followup.group_step`): the step most of its
lines are at, and, where a line is elsewhere (the user complained about it), that it is
and where its own step is, never a first step shown as if every line were at it."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest

from auditor import lang
from auditor.model import Charge, ReadResult, Service, UserRecord
from auditor.pipeline import AuditOptions, audit_results
from auditor.writers import Masker, render_xlsx
from auditor.writers.followup import group_step, next_step
from auditor.writers.grouped import groups_of

AS_OF = date(2026, 11, 5)
SERVICE = "企业彩铃（月包）"
LINES = ["13900000000", "13900000001", "13900000002"]
MONTHS = ("2026-09", "2026-10")


def _report(complained: list[str]):
    """Three lines charged one unknown service since September, the user's complaint
    recorded on each of ``complained``."""
    results = []
    for line in LINES:
        charges = [Charge(line, m, "vas", SERVICE, 500, "增值业务费") for m in MONTHS]
        results.append(ReadResult(f"{line}.csv", "0", "csv", "bill", "china-mobile", charges))
        listed = [Service(line, "集团套餐", carrier="china-mobile")]
        results.append(ReadResult(f"{line}-s.csv", "1", "csv", "services", "china-mobile",
                                  services=listed))  # fmt: skip
    report = audit_results(results, AuditOptions(as_of=AS_OF))
    for number, finding in enumerate(report.findings):
        if finding.line in complained:
            on, ticket = date(2026, 10, 1), f"C{number}"
            finding.records.append(
                UserRecord(number, "complaint", finding.line, SERVICE, "", on, ticket)
            )
    [group] = [g for g in groups_of(report) if g.service == SERVICE]
    return report, group


def test_lines_alike_show_their_shared_step_alone():
    _, group = _report([])
    # the step Follow-up gives each line (its next step), not the Actions' first
    assert group_step(group, AS_OF) == next_step(group.first, AS_OF).text
    assert group_step(group, AS_OF) != group.first.actions[0].text


@pytest.mark.parametrize("language", ["zh", "en"])
def test_a_line_further_along_is_named_beside_the_step_the_others_are_at(language):
    with lang.using(language):
        _, group = _report([LINES[1]])
        step = group_step(group, AS_OF)
        first = next_step(group.first, AS_OF).text
        # two lines are at their first step; the one complained about is further along
        assert step.startswith(first) and step != first
        assert LINES[1] in step and LINES[0] not in step
        assert ("跟进" if language == "zh" else "Follow-up") in step
        # its own step (the appeal citing its complaint) is not said as the group's
        [complained] = [f for f in group.findings if f.line == LINES[1]]
        assert next_step(complained, AS_OF).text not in step


def test_most_lines_further_along_show_their_step_and_the_line_behind():
    # All three complained on one day, one ticket: alike, but for the one line not yet.
    _, group = _report(LINES[:2])
    for finding in group.findings:
        for record in finding.records:
            object.__setattr__(record, "ticket", "C-1")
    at = next_step(next(f for f in group.findings if f.records), AS_OF).text
    step = group_step(group, AS_OF)
    assert step.startswith(at) and LINES[2] in step and LINES[0] not in step


def test_the_summary_and_by_service_show_the_same_step():
    report, group = _report([LINES[1]])
    book = openpyxl.load_workbook(io.BytesIO(render_xlsx(report, Masker(enabled=False))))
    expected = group_step(group, AS_OF)
    cells = [str(c) for sheet in ("摘要", "按业务") for row in book[sheet].values for c in row]
    shown = [c for c in cells if c.startswith(next_step(group.first, AS_OF).text)]
    assert shown == [expected, expected]


def test_lines_each_at_a_step_of_their_own_say_whose_the_step_shown_is():
    _, group = _report(LINES)  # each complained, each with a ticket of its own
    with lang.using("en"):
        own = next_step(group.findings[0], AS_OF).text
        step = group_step(group, AS_OF)
    assert group.findings[0].line == LINES[0] and "C0" in own  # the first line's ticket
    assert step.startswith(f"{LINES[0]}: {own}")
    assert step.endswith(f"2 other lines at another step ({', '.join(LINES[1:])}): see Follow-up")
