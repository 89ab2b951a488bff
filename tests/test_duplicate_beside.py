"""A fee billed twice of a service that is also unknown (or a trial turned paid, or a
charge after cancellation) is one By service row and one number on the Actions sheet,
but the duplicate's steps (its second copy asked back) no longer stand for the group:
its gravest finding's steps were the duplicate's alone, and the user was never told to
cancel the unknown service. The duplicate's rows come first, then the service's own, each
saying where the other is; By service's next step says both."""

from __future__ import annotations

from datetime import date

import pytest

from auditor import lang
from auditor.model import Charge, ReadResult
from auditor.pipeline import AuditOptions, audit_results
from auditor.writers.grouped import actions, by_service, groups_of
from auditor.writers.report_figures import report_figures

AS_OF = date(2026, 11, 5)
LINE, SERVICE, MONTHS = "13900002222", "咪咕视频会员", ("2026-09", "2026-10")


def _report(twice: bool = True):
    """One line charged an unknown service in October, twice when ``twice``."""
    plan, mobile = "4G飞享18元套餐", {"carrier": "china-mobile"}
    charges = [Charge(LINE, m, "plan", plan, 1800, "套餐及固定费", **mobile) for m in MONTHS]
    charges += [Charge(LINE, "2026-10", "vas", SERVICE, 1500, "增值业务费", **mobile)] * (
        2 if twice else 1
    )
    result = ReadResult(f"{LINE}.csv", "0", "csv", "bill", "china-mobile", charges)
    return audit_results([result], AuditOptions(as_of=AS_OF))


@pytest.mark.parametrize(
    ("language", "also", "cancel"),
    [
        ("zh", "这项业务另有", f"退订「{SERVICE}」"),
        ("en", "Also found of", f"cancel 「{SERVICE}」"),
    ],
)
def test_the_duplicate_and_the_unknown_service_both_have_their_steps(language, also, cancel):
    with lang.using(language):
        report = _report()
        groups = groups_of(report)
        [group] = [g for g in groups if g.service == SERVICE]
        assert {f.rule for f in group.findings} == {"duplicate-charge", "unknown-vas"}
        rows = [r for r in actions(report, groups).rows if r[0] == 1]  # its number
        next_step = by_service(report, report_figures(report)).rows[0][10]
    by_rule = {f.rule: f for f in group.findings}
    duplicate, unknown = by_rule["duplicate-charge"], by_rule["unknown-vas"]
    firsts = [r for r in rows if r[3] == 1]  # each part's first step
    assert len(firsts) == 2
    assert len(rows) == len(duplicate.actions) + len(unknown.actions) - _alternatives(unknown)
    assert firsts[0][-2] == duplicate.id and firsts[1][-2] == unknown.id  # its own ids
    assert also in firsts[0][5][0] and also in firsts[1][5][0]
    said = " ".join(t for r in rows for t in r[5])
    assert cancel in said  # the unknown service's cancelling is on the sheet
    assert all(r[0] == 1 for r in rows)  # one thing to do, one number
    # By service's next step: the duplicate's, and where the unknown service's steps are
    assert next_step.startswith(duplicate.actions[0].text[:10])
    assert (
        "；另有「未知增值业务」：步骤见「处理步骤」表" in next_step
        if language == "zh"
        else "; also unknown value-added service: its steps are on Actions" in next_step
    )


def _alternatives(finding) -> int:
    """How many of ``finding``'s steps share a row with the one before (或：, one number)."""
    steps = [a.step for a in finding.actions]
    return len(steps) - len(set(steps))


def test_an_unknown_service_charged_once_keeps_one_set_of_steps():
    with lang.using("en"):
        report = _report(twice=False)
        groups = groups_of(report)
        rows = [r for r in actions(report, groups).rows if r[0] == 1]  # its number
    assert [r[3] for r in rows if r[3] == 1] == [1]
    assert not any("Also found" in t for r in rows for t in r[5])
