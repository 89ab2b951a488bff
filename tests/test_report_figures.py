"""A report's figures (:mod:`auditor.writers.report_figures`): each finding's money and
next step worked out once for the workbook, the JSON and the terminal summary (and the
Summary's first things to do's again in the other language, to list as many), and the
same figures a line's, an owner's or a service's findings give when worked out apart."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date
from pathlib import Path

from test_rule_messages import case_findings
from test_same_name_claims import _bills

from auditor.history.refund_due import RefundDue
from auditor.pipeline import AuditOptions, run_audit
from auditor.writers import Masker, figures, followup, render_json, render_summary, render_xlsx
from auditor.writers import report_figures as report_figures_module
from auditor.writers.report_figures import report_figures
from auditor.writers.sheet import SheetLimits

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
AS_OF = date(2026, 11, 5)


def _report(tmp_path: Path):
    """The household's findings and two SP services billed under one name (信息费)."""
    _bills(tmp_path / "bills")
    options = AuditOptions(as_of=AS_OF)
    return run_audit([FIXTURES / "household", FIXTURES / "pdf", tmp_path / "bills"], options)


def test_each_findings_figures_are_worked_out_once_for_every_output(tmp_path, monkeypatch):
    report = _report(tmp_path)
    calls: Counter[str] = Counter()

    def counting(name, function):
        def counted(*args, **kwargs):
            calls[name] += 1
            return function(*args, **kwargs)

        return counted

    for module, name in [
        (figures, "finding_claimable_fen"),
        (figures, "finding_yearly_fen"),
        (figures, "counted_under"),
        (figures, "refunds_due_fen"),  # the report's figures hold it: never asked again
        (followup, "next_step"),
        (report_figures_module, "next_step"),
    ]:
        monkeypatch.setattr(module, name, counting(name, getattr(module, name)))
    shown = report_figures(report)
    mask = Masker(True)
    render_xlsx(report, mask, shown=shown)
    render_json(report, mask, shown)
    render_summary(report, mask, shown=shown)
    found = len(report.findings)
    assert found > 10
    # and, in the other language, a line's of each thing to do the Summary may list, to
    # list as many as that language's Summary would (each language, the same things)
    listed = shown.todo[: SheetLimits().top_actions]
    other = sum(len(item.lines) for item in listed if not isinstance(item, RefundDue))
    assert 0 < other < found
    assert calls == {
        "finding_claimable_fen": found,
        "finding_yearly_fen": found,
        "counted_under": 1,
        "next_step": found + other,
    }


def test_the_reports_figures_are_each_lines_owners_and_services_worked_out_apart(tmp_path):
    report = _report(tmp_path)
    shown = report_figures(report)
    # the SP services billed as 信息费 are two services' money: a group each
    assert sum(1 for group in shown.groups if group.service == "信息费") == 2
    for line in shown.lines:
        mine = [f for f in report.findings if f.line == line.line]
        assert line.findings == len(mine)
        assert line.claimable_fen == figures.Counted(mine).claimable_fen, line.line
        assert line.yearly_fen == figures.Counted(mine).yearly_fen, line.line
    assert sum(line.claimable_fen for line in shown.lines) == shown.counted.claimable_fen
    assert sum(line.yearly_fen for line in shown.lines) == shown.counted.yearly_fen
    assert shown.counted.claimable_fen == figures.Counted(list(report.findings)).claimable_fen
    for group in shown.groups:
        assert group.claimable_fen == figures.Counted(group.findings).claimable_fen, group.service
    assert sum(group.yearly_fen for group in shown.groups) == shown.counted.yearly_fen
    assert shown.todo and all(f in shown.next_steps for f in map(id, report.findings))


def test_a_reports_figures_are_each_findings_own():
    """Findings alike are worked out each for itself (by the finding, not its value)."""
    (rise,) = case_findings("price-change", "the-promotion-on-the-list-is-named")
    twin = replace(rise, monthly_fen=rise.monthly_fen * 2)
    elsewhere = replace(rise, line="13900009999")
    counted = figures.Counted([rise, twin, elsewhere])
    assert [counted.yearly[id(f)] for f in (rise, twin, elsewhere)] == [3000, 6000, 3000]
    # the twin costs most on its line and service: it counts, the other line's too
    assert counted.yearly_carriers == {id(twin), id(elsewhere)}
    assert counted.yearly_fen == 9000
