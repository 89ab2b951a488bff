"""What a finding costs a year (``yearly``), and the report's yearly total: a finding that
says what it costs a year (a price rise, a suspended line still billed) counts what it
says, in its own figure and in the totals, without any of it becoming disputed money."""

from __future__ import annotations

from dataclasses import replace

from test_rule_messages import case_findings

from auditor.values import format_fen
from auditor.writers import figures


def test_a_price_rise_costs_a_year_what_its_message_says():
    (rise,) = case_findings("price-change", "the-promotion-on-the-list-is-named")
    # a discount cut short three months before its listed end: those months, not a year
    assert "每月多 10.00 元，共多 30.00 元" in rise.message
    assert figures.finding_yearly_fen(rise) == 3000
    assert figures.Counted([rise]).yearly_fen == 3000
    assert figures.finding_claimable_fen(rise) == 0  # at stake, but nothing to ask back


def test_a_suspended_line_costs_a_year_what_its_message_says():
    case = "a-data-card-kept-on-suspension-with-a-contract"
    (suspended,) = case_findings("suspended-line", case)
    assert suspended.monthly_fen == 500
    assert f"一年约 {format_fen(6000)} 元" in suspended.message
    assert figures.finding_yearly_fen(suspended) == 6000
    assert figures.Counted([suspended]).yearly_fen == 6000
    assert figures.Counted([suspended]).claimable_fen == 0


def test_one_off_and_coming_findings_still_cost_nothing_a_year():
    (duplicate,) = case_findings("duplicate-charge", "a-plan-fee-billed-twice-in-one-month")
    (mismatch,) = case_findings("bill-total-mismatch", "non-reconciling-bill")
    coming = case_findings(
        "next-month-effective", "pending-plan-change-start-and-plan-replaced-end"
    )
    assert coming and all(f.monthly_fen for f in coming)
    for finding in [duplicate, mismatch, *coming]:
        assert figures.finding_yearly_fen(finding) == 0, finding.rule


def test_a_suspended_lines_money_covers_its_other_findings_once():
    """A suspended line's monthly is everything the line is charged: another finding of
    the line (an unknown service charged on it) is inside it, and a year of it is not
    counted twice; the list's yearly column still adds up to the total."""
    (suspended,) = case_findings(
        "suspended-line", "the-bill-alone-shows-it-and-everything-charged-counts"
    )
    (unknown,) = case_findings("unknown-vas", "a-trial-note-in-the-list-name-is-not-the-bill-name")
    assert (suspended.monthly_fen, unknown.monthly_fen) == (700, 1000)
    on_it = replace(unknown, line=suspended.line, carrier=suspended.carrier)
    (rise,) = case_findings("price-change", "a-fee-that-rose-and-stays-risen")
    assert rise.line == suspended.line
    findings = [suspended, on_it, rise]
    # the line's other findings (120.00 + 120.00 a year) are more than the suspension's
    # 84.00: they are what is at stake, and the suspension's is inside them
    assert figures.Counted(findings).yearly_fen == 12000 + 12000
    shown = figures.Counted(findings).yearly_carriers
    assert sum(figures.finding_yearly_fen(f) for f in findings if id(f) in shown) == 24000
    # a suspension costing more than the rest covers them
    dearer = replace(suspended, monthly_fen=3000)
    findings = [dearer, on_it, rise]
    assert figures.Counted(findings).yearly_fen == 36000
    assert figures.Counted(findings).yearly_carriers == {id(dearer)}
    # a line apart adds up
    apart = replace(unknown, line="13900009999")
    assert figures.Counted([dearer, on_it, apart]).yearly_fen == 36000 + 12000
    # disputed money is what it was: only the unknown service's
    assert figures.Counted([dearer, on_it, rise]).claimable_fen == 1000


def test_the_yearly_column_follows_the_largest_yearly_of_a_service():
    """Two findings of one service: the one disputing more money need not be the one
    costing more a year (a fee billed twice whose price also rose); each column shows
    the figure the totals count."""
    (rise,) = case_findings("price-change", "a-fee-that-rose-and-stays-risen")
    (duplicate,) = case_findings("duplicate-charge", "a-plan-fee-billed-twice-in-one-month")
    twice = replace(duplicate, line=rise.line, service=rise.service)
    findings = [twice, rise]
    assert figures.Counted(findings).claimable_fen == figures.finding_claimable_fen(twice)
    assert figures.Counted(findings).yearly_fen == 12000
    assert figures.Counted(findings).money_carriers == {id(twice)}
    assert figures.Counted(findings).yearly_carriers == {id(rise)}


def test_the_service_groups_yearly_money_adds_up_to_the_total():
    """By service shows a group per service: the suspension and the services charged on
    the line are groups apart, and their yearly money still adds up to the total (the
    suspension's, which holds the others', counted once)."""
    (suspended,) = case_findings(
        "suspended-line", "the-bill-alone-shows-it-and-everything-charged-counts"
    )
    (unknown,) = case_findings("unknown-vas", "a-trial-note-in-the-list-name-is-not-the-bill-name")
    on_it = replace(unknown, line=suspended.line, carrier=suspended.carrier)
    for findings in ([replace(suspended, monthly_fen=3000), on_it], [suspended, on_it]):
        groups = figures.service_groups(findings)
        assert len(groups) == 2
        assert sum(g.yearly_fen for g in groups) == figures.Counted(findings).yearly_fen
