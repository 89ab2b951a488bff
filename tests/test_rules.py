"""Every rule against its table of cases in tests/rules/<rule id>.toml (see its README)."""

from __future__ import annotations

import ast
import inspect
from dataclasses import fields, is_dataclass
from pathlib import Path

import pytest
from rule_cases import (
    ALL_RULES,
    CARRIER,
    CARRIER_OF_LINE,
    CASES,
    LINE,
    case_file,
    case_names,
    context,
    load_cases,
)

import auditor
from auditor import lang
from auditor.model import SEVERITIES, FindingDetails
from auditor.rules import RULES, Rule, get_rule
from auditor.values import parse_amount


def _cases():
    for name in case_names():
        for case in load_cases(name):
            yield pytest.param(name, case, id=f"{name}:{case['id']}")


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
    made = [(rule(), finding) for rule in rules for finding in rule().evaluate(ctx)]
    findings = [finding for _, finding in made]
    # A finding's id is made of its rule, line and subject: two findings, two subjects.
    subjects = [(f.rule, f.line, rule.subject(f)) for rule, f in made]
    assert len(set(subjects)) == len(subjects), subjects
    got = sorted(
        (f.rule, f.line, f.service, f.periods, f.amount_fen, f.monthly_fen, f.change)
        for f in findings
    )
    assert got == sorted(_expected(rule_id, e) for e in case.get("expect", []))
    by_key = {(f.rule, f.line, f.service, f.change): f for f in findings}
    for expected in case.get("expect", []):
        line, rule = expected.get("line", LINE), get_rule(expected.get("rule", rule_id))
        finding = by_key[(rule.id, line, expected["service"], expected.get("change"))]
        assert finding.severity == expected.get("severity", rule.severity)
        assert finding.carrier == CARRIER_OF_LINE.get(line, CARRIER)
        assert finding.message and finding.evidence
        assert finding.periods == sorted(set(finding.periods))
        assert finding.stopped == expected.get("stopped", "")
        if "names" in expected:  # what a record or a known service may name it by
            assert list(finding.names) == expected["names"]
        details = finding.details.as_dict()
        for key, value in expected.get("details", {}).items():
            assert details[key] == value, key


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.id)
def test_every_rule_declares_itself_and_has_cases(rule: type[Rule]):
    assert case_file(rule.id).is_file(), f"no tests/rules/{rule.id}.toml"
    assert [r.id for r in RULES].count(rule.id) == 1
    assert rule.severity in SEVERITIES
    assert rule.description and "\n" not in rule.description
    assert rule.description_zh and "\n" not in rule.description_zh
    assert rule.label_zh and rule.name_shown() == rule.label_zh
    assert isinstance(rule.disputed, bool)
    doc = rule.documentation()
    assert "会报告" in doc and "不会报告" in doc and "为什么重要" in doc
    with lang.using("en"):
        assert rule.label_en and rule.name_shown() == rule.label_en
        doc = rule.documentation()
    assert "Fails" in doc and "Passes" in doc and "Why it matters" in doc
    details = rule.details_type
    assert issubclass(details, FindingDetails) and is_dataclass(details)
    assert details.__dataclass_params__.frozen and fields(details)
    assert rule.steps is not Rule.steps, "a rule says what to do about its findings"


def test_no_code_but_its_own_module_names_a_rule():
    """A rule's id is a value in its own module only: everything else (labels, flags,
    steps, details) is found through the registry, never by the id written out."""
    home = {rule.id: Path(inspect.getfile(rule)) for rule in RULES}
    for path in Path(auditor.__file__).parent.rglob("*.py"):
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and node.value in home:
                assert path == home[node.value], f"{path}:{node.lineno} names {node.value}"


def test_every_case_file_belongs_to_a_rule():
    assert {p.stem for p in CASES.glob("*.toml")} == set(case_names())


def test_rules_on_empty_tables_find_nothing():
    ctx = context({})
    for rule in RULES:
        assert rule().evaluate(ctx) == []


def test_facts_agree_with_the_case():
    case = load_cases(ALL_RULES)[0]
    ctx = context(case)
    assert len(ctx.facts.charges) == len(case["charges"])
    assert len(ctx.facts.services) == len(case["services"])
    assert len(ctx.facts.bills) == len(case["bills"])
    for line in CARRIER_OF_LINE:
        months = [r["period"] for r in [*case["charges"], *case["bills"]] if r["line"] == line]
        assert ctx.latest_billed_month(line) == max(months)
    assert ctx.latest_billed_month("13900009999") == "2026-10"  # no bill: the month before
