"""The rule cases of tests/rules/ (see its README) as audit contexts, for the tests.

The case files are found from the registry: ``<rule id>.toml`` for every rule in
:data:`auditor.rules.RULES`, and ``all-rules.toml``, whose cases run every rule.
"""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path

from auditor.model import Bill, Charge, Finding, ReadResult, RowIssue, SectionGap, Service
from auditor.rules import RULES, AuditContext, Rule
from auditor.rules.base import KnownServices
from auditor.trial_price import states_trial
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


def case_file(name: str) -> Path:
    """The case file of a rule id (or of ``all-rules``)."""
    return CASES / f"{name}.toml"


def load_cases(name: str) -> list[dict]:
    """The cases of one case file."""
    return tomllib.loads(case_file(name).read_text("utf-8"))["case"]


def case_names() -> list[str]:
    """Every case file the registry calls for: each rule's, then ``all-rules``."""
    return [*(rule.id for rule in RULES), ALL_RULES]


def findings_of(rule: type[Rule]) -> list[Finding]:
    """Every finding ``rule`` gives on its own case file's cases."""
    return [f for case in load_cases(rule.id) for f in rule().evaluate(context(case))]


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
        trial=states_trial(row.get("price")),  # as the readers set it from the price text
        status=row.get("status", ""),
        carrier=row.get("carrier", _carrier(row)),
        source="services.csv",
        locator=f"row {number}",
        listed_on=row.get("listed_on"),
        record=row.get("record", ""),
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
        partial=row.get("partial", False),
    )


def _gap(row: dict) -> SectionGap:
    return SectionGap(
        line=row.get("line", LINE),
        period=row["period"],
        source=row.get("source", "bill.csv"),
        name=row["name"],
        stated_fen=parse_amount(row["stated"]),
        summed_fen=parse_amount(row["summed"]),
        locator="section row",
    )


def context(case: dict) -> AuditContext:
    """The audit context a case describes, built as the pipeline builds it."""
    result = ReadResult(
        path=case.get("path", "bill.csv"),
        unparseable=[RowIssue(f"row {n}", "bad amount") for n in range(case.get("unreadable", 0))],
        charges=[_charge(i + 2, r) for i, r in enumerate(case.get("charges", []))],
        services=[_service(i + 2, r) for i, r in enumerate(case.get("services", []))],
        bills=[_bill(r) for r in case.get("bills", [])],
        section_gaps=[_gap(r) for r in case.get("gaps", [])],
    )
    known = KnownServices.of(case.get("known", []), case.get("known_by_line", {}))
    return AuditContext.of([result], case.get("as_of", AS_OF), known)
