"""携号转网 within a finding's months: a line charged an unknown service by China Unicom
in April and May and, its number ported, by China Telecom in June and July. The finding
is the carrier's now (Telecom: the service is cancelled and complained about there), and
its steps name the carrier of the months before the port, asking China Unicom for their
money, in both languages. A finding was given its first charge's carrier alone: Unicom's
service line to cancel a service Telecom now bills."""

from __future__ import annotations

from datetime import date

import pytest

from auditor import lang
from auditor.model import Charge, ReadResult
from auditor.pipeline import AuditOptions, audit_results

LINE, SERVICE = "18602221003", "沃音乐会员"
MONTHS = {"2026-04": "china-unicom", "2026-05": "china-unicom"}
MONTHS |= {"2026-06": "china-telecom", "2026-07": "china-telecom"}


def _report(months: dict[str, str]):
    results = []
    for month, carrier in months.items():
        charges = [
            Charge(LINE, month, "plan", "畅享套餐59元", 5900, "套餐及固定费", carrier=carrier),
            Charge(LINE, month, "vas", SERVICE, 1000, "增值业务费", carrier=carrier),
        ]
        results.append(ReadResult(f"{month}.csv", month, "csv", "bill", carrier, charges))
    return audit_results(results, AuditOptions(as_of=date(2026, 8, 5)))


@pytest.mark.parametrize(
    ("language", "asked"),
    [
        ("zh", "2026-04、2026-05 的费用是中国联通收取的（本号码之后携号转网至中国电信）"),
        ("en", "2026-04, 2026-05 were billed by China Unicom, before the number was ported"),
    ],
)
def test_a_finding_over_the_port_is_the_carrier_nows_and_names_the_earlier_one(language, asked):
    with lang.using(language):
        report = _report(MONTHS)
    [finding] = [f for f in report.findings if f.rule == "unknown-vas"]
    assert finding.carrier == "china-telecom"
    assert finding.periods == list(MONTHS)
    assert finding.ported == {"2026-04": "china-unicom", "2026-05": "china-unicom"}
    [ask] = [a for a in finding.actions if asked in a.text]
    assert ask.to == "10010" and "10010" in ask.text
    first = finding.actions[0]  # asked of the carrier now
    assert first.to == "10000"
    complaint = next(a for a in finding.actions if a.channel == "complaint")
    assert finding.actions.index(ask) < finding.actions.index(complaint)


def test_a_line_never_ported_gets_no_such_step():
    with lang.using("en"):
        report = _report({m: "china-unicom" for m in MONTHS})
    [finding] = [f for f in report.findings if f.rule == "unknown-vas"]
    assert finding.carrier == "china-unicom" and finding.ported == {}
    assert not any("ported" in a.text for a in finding.actions)


def test_a_ported_finding_shares_no_steps_with_one_never_ported():
    # a company's lines alike share their steps: a ported one's name its earlier carrier
    from dataclasses import replace

    from auditor.finding_state import same_steps

    with lang.using("en"):
        report = _report(MONTHS)
    [finding] = [f for f in report.findings if f.rule == "unknown-vas"]
    assert same_steps(finding) != same_steps(replace(finding, ported={}))
