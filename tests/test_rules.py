"""Every rule against its table of cases in tests/rules/<rule id>.toml (see its README)."""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path

import pytest

from auditor.model import SEVERITIES, Bill, Charge, ReadResult, RowIssue, Service
from auditor.names import service_key
from auditor.rules import RULES, AuditContext, get_rule
from auditor.values import parse_amount, parse_datetime, parse_price

CASES = Path(__file__).parent / "rules"
LINE, CARRIER, AS_OF = "13800001234", "china-mobile", date(2026, 11, 5)
ALL_RULES = "all-rules"  # a case file whose cases run every rule (expectations name the rule)
CARRIER_OF_LINE = {
    "13800001234": "china-mobile",
    "18600005678": "china-unicom",
    "18900189003": "china-telecom",
    "19200001111": "china-broadnet",
}


def _cases():
    for path in sorted(CASES.glob("*.toml")):
        for case in tomllib.loads(path.read_text("utf-8"))["case"]:
            yield pytest.param(path.stem, case, id=f"{path.stem}:{case['id']}")


def _carrier(row: dict) -> str:
    return CARRIER_OF_LINE.get(row.get("line", LINE), CARRIER)


def _charge(number: int, row: dict) -> Charge:
    return Charge(
        line=row.get("line", LINE),
        period=row["period"],
        category=row.get("category", "vas"),
        item=row.get("item", ""),
        amount_fen=parse_amount(row["amount"]),
        section=row.get("section", ""),
        code=row.get("code", ""),
        provider=row.get("provider", ""),
        carrier=row.get("carrier", _carrier(row)),
        source=row.get("source", "bill.csv"),
        locator=f"row {number}",
    )


def _service(number: int, row: dict) -> Service:
    dates = {
        k: parse_datetime(row.get(k)) for k in ("ordered", "effective", "expires", "cancelled")
    }
    return Service(
        line=row.get("line", LINE),
        name=row["name"],
        code=row.get("code", ""),
        type=row.get("type", ""),
        provider=row.get("provider", ""),
        price_fen=parse_price(row.get("price")),
        status=row.get("status", ""),
        carrier=row.get("carrier", _carrier(row)),
        source="services.csv",
        locator=f"row {number}",
        **dates,
    )


def _bill(row: dict) -> Bill:
    stated = row.get("stated")
    return Bill(
        line=row.get("line", LINE),
        period=row["period"],
        stated_total_fen=None if stated is None else parse_amount(stated),
        carrier=row.get("carrier", _carrier(row)),
        source=row.get("source", "bill.csv"),
        locator="total row",
    )


def context(case: dict) -> AuditContext:
    """The audit context a case describes, built as the pipeline builds it."""
    result = ReadResult(
        path="bill.csv",
        unparseable=[RowIssue(f"row {n}", "bad amount") for n in range(case.get("unreadable", 0))],
        charges=[_charge(i + 2, r) for i, r in enumerate(case.get("charges", []))],
        services=[_service(i + 2, r) for i, r in enumerate(case.get("services", []))],
        bills=[_bill(r) for r in case.get("bills", [])],
    )
    known = frozenset(service_key(k) for k in case.get("known", []))
    return AuditContext.of([result], case.get("as_of", AS_OF), known)


def _expected(rule_id: str, row: dict) -> tuple:
    monthly = row.get("monthly")
    return (
        row.get("rule", rule_id),
        row.get("line", LINE),
        row["service"],
        list(row["periods"]),
        parse_amount(row["amount"]),
        None if monthly is None else parse_amount(monthly),
        row.get("change"),
    )


@pytest.mark.parametrize(("rule_id", "case"), list(_cases()))
def test_rule_case(rule_id: str, case: dict):
    rules = RULES if rule_id == ALL_RULES else [get_rule(rule_id)]
    ctx = context(case)
    findings = [finding for rule in rules for finding in rule().evaluate(ctx)]
    got = sorted(
        (f.rule, f.line, f.service, f.periods, f.amount_fen, f.monthly_fen, f.change)
        for f in findings
    )
    assert got == sorted(_expected(rule_id, e) for e in case.get("expect", []))
    by_key = {(f.rule, f.line, f.service, f.change): f for f in findings}
    for expected in case.get("expect", []):
        line, rule = expected.get("line", LINE), get_rule(expected.get("rule", rule_id))
        finding = by_key[(rule.id, line, expected["service"], expected.get("change"))]
        assert finding.severity == rule.severity
        assert finding.carrier == CARRIER_OF_LINE.get(line, CARRIER)
        assert finding.message and finding.evidence
        assert finding.periods == sorted(set(finding.periods))
        details = finding.details.as_dict()
        for key, value in expected.get("details", {}).items():
            assert details[key] == value, key


def test_every_rule_has_cases_and_documentation():
    files = {p.stem for p in CASES.glob("*.toml")}
    assert [r.id for r in RULES] == [
        "lingering-charge",
        "unknown-vas",
        "next-month-effective",
        "bill-total-mismatch",
    ]
    for rule in RULES:
        assert rule.id in files
        assert rule.severity in SEVERITIES
        assert rule.description and "\n" not in rule.description
        doc = rule.documentation()
        assert "Fails" in doc and "Passes" in doc and "Why it matters" in doc


def test_rules_on_empty_tables_find_nothing():
    ctx = context({})
    for rule in RULES:
        assert rule().evaluate(ctx) == []


def test_facts_agree_with_the_case():
    case = tomllib.loads((CASES / "all-rules.toml").read_text("utf-8"))["case"][0]
    ctx = context(case)
    assert len(ctx.facts.charges) == len(case["charges"])
    assert len(ctx.facts.services) == len(case["services"])
    assert len(ctx.facts.bills) == len(case["bills"])
    for line in CARRIER_OF_LINE:
        months = [r["period"] for r in [*case["charges"], *case["bills"]] if r["line"] == line]
        assert ctx.latest_billed_month(line) == max(months)
    assert ctx.latest_billed_month("13900009999") == "2026-10"  # no bill: the month before
