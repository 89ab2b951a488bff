"""Carrier and authority numbers are catalog data: the MIIT appeal centre's 12300, the
carriers' service and complaint lines, their SMS numbers, 12315 and 12321 are spelled in
``auditor/catalog/*.toml`` alone, and every text that names one reads it from there (the
appeal's number through :func:`auditor.escalation.appeal_to`).

What is checked is every string the code holds, the f-strings' parts too: what a user can
be shown. Docstrings explain the code and are left out, except under ``auditor/cli/``,
where a command's docstring is its ``--help``."""

from __future__ import annotations

import ast
import re
import tomllib
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from auditor import lang
from auditor.escalation import after_complaint, appeal_to
from auditor.history.refund_due import RefundDue
from auditor.model import UserRecord

PACKAGE = Path(__file__).resolve().parent.parent / "auditor"
CATALOG = PACKAGE / "catalog"
#: The service, complaint and authority numbers a step may name, whatever the catalog holds.
NAMED = {"12300", "10086", "10010", "10000", "10099", "10080", "10015", "12315", "12321"}


def _catalog_numbers() -> set[str]:
    """Every number the catalog gives as a value (a hotline, a complaint line, an SMS
    number, a phone, a channel's ``to``)."""
    found: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, str) and re.fullmatch(r"1\d{4,7}", value):
            found.add(value)

    for path in CATALOG.glob("*.toml"):
        walk(tomllib.loads(path.read_text("utf-8")))
    return found


NUMBERS = NAMED | _catalog_numbers()
SPELLED = re.compile(r"(?<!\d)(" + "|".join(sorted(NUMBERS, key=len, reverse=True)) + r")(?!\d)")


def _docstrings(tree: ast.AST) -> set[int]:
    """The ids of the docstring nodes of a module, its classes and functions."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def spelled(source: str, help_texts: bool = False) -> list[tuple[int, str]]:
    """The catalog's numbers spelled in ``source``'s strings (line, number); its
    docstrings too when they are ``help_texts``."""
    tree = ast.parse(source)
    skipped = set() if help_texts else _docstrings(tree)
    strings = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in skipped
    ]
    return sorted((node.lineno, found) for node in strings for found in SPELLED.findall(node.value))


def test_the_catalog_holds_the_numbers_looked_for():
    assert {"12300", "10086", "10080", "10010", "10015", "10000", "10099"} <= _catalog_numbers()
    assert "12300" in CATALOG.joinpath("escalation.toml").read_text("utf-8")


def test_the_check_finds_a_number_spelled_in_a_string_and_in_an_f_string():
    source = (
        'def f(due):\n    """Appeal to 12300."""\n'
        '    return f"向工信部 12300 申诉，{due} 前" + "致电 10086"\n'
    )
    assert spelled(source) == [(3, "10086"), (3, "12300")]
    assert spelled(source, help_texts=True) == [(2, "12300"), (3, "10086"), (3, "12300")]
    # a longer number is another number; a number that is not a string is no text
    assert spelled('x = ("1008611", 10086, 0x10000)') == []


@pytest.mark.parametrize(
    "path",
    [p for p in sorted(PACKAGE.rglob("*.py")) if CATALOG not in p.parents],
    ids=lambda p: str(p.relative_to(PACKAGE)),
)
def test_no_module_but_the_catalog_spells_a_carrier_or_authority_number(path: Path):
    help_texts = PACKAGE / "cli" in path.parents
    assert spelled(path.read_text("utf-8"), help_texts) == []


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_appeal_is_worded_with_the_catalogs_number_wherever_it_is_due(language, monkeypatch):
    from auditor import escalation

    line, service = "13800001234", "咪咕视频会员"
    complained = UserRecord(7, "complaint", line, service, "", date(2026, 12, 8))
    due = RefundDue("F0123456789ab", "unknown-vas", line, service, ("2026-09",), 1500, 0,
                    "你已退订", date(2027, 2, 28), date(2026, 12, 31), "china-mobile")  # fmt: skip
    waiting = (date(2026, 12, 23), date(2027, 2, 28), date(2026, 12, 10))  # opens, due, as of
    steps = (
        appeal_to,
        lambda: due.next_step().text,  # whom to call, where to complain, then the appeal
        lambda: replace(due, complaint=complained).next_step().text,  # the appeal is due
        lambda: after_complaint(complained, *waiting).text,  # the answer, then the appeal
    )
    with lang.using(language):
        assert all("12300" in step() for step in steps)
        real = escalation.load_escalation()
        moved = replace(real, appeal_phone="12381")  # said to be merging into it
        monkeypatch.setattr(escalation, "load_escalation", lambda: moved)
        for step in steps:
            assert "12381" in step() and "12300" not in step()
