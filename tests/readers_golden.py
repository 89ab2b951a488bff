"""Golden tables and fixture cases for the portal JSON and SMS reader tests.

A golden is what a file reads as (its charges, services and bills with money in fen, and
its row accounting), as JSON. After a deliberate change, rewrite them with
``AUDITOR_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_readers_json.py
tests/test_readers_sms.py`` and review the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from auditor.model import ReadResult
from auditor.readers import ReadOptions, read_file
from auditor.tables import bills_table, charges_table, services_table

CHARGE_COLUMNS = ["line", "period", "category", "item", "amount_fen", "section", "provider"]
SERVICE_COLUMNS = [
    "line",
    "name",
    "type",
    "provider",
    "price_fen",
    "effective",
    "expires",
    "cancelled",
    "status",
    "status_text",
]
BILL_COLUMNS = ["line", "period", "stated_total_fen", "parsed_total_fen", "locator"]


def _records(frame) -> list[dict]:
    clean = frame.astype(object).where(frame.notna(), None)
    text = clean.to_json(orient="records", date_format="iso", force_ascii=False)
    return json.loads(text)


def normalised(result: ReadResult) -> dict:
    """What one input read as, in a form that can be compared and reviewed."""
    assert result.error is None, result.error
    charges = charges_table([result])
    return {
        "reader": result.reader,
        "kind": result.kind,
        "carrier": result.carrier,
        "charges": _records(charges[[*CHARGE_COLUMNS, "locator"]]),
        "services": _records(services_table([result])[[*SERVICE_COLUMNS, "locator"]]),
        "bills": _records(bills_table([result])[BILL_COLUMNS]),
        "rows_read": result.rows_read,
        "set_aside": dict(sorted(result.set_aside.items())),
        "unparseable": [[u.locator, u.reason] for u in result.unparseable],
        "warnings": list(result.warnings),
    }


def check_golden(golden: Path, got: dict) -> None:
    """Compare ``got`` with the golden file; rewrite it instead when AUDITOR_UPDATE_GOLDEN=1."""
    if os.environ.get("AUDITOR_UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(json.dumps(got, ensure_ascii=False, indent=1) + "\n", "utf-8")
    assert golden.is_file(), f"no golden {golden}; run with AUDITOR_UPDATE_GOLDEN=1"
    assert got == json.loads(golden.read_text("utf-8"))


def read(path: Path, **options) -> ReadResult:
    """Read ``path`` through the registry, as the audit does."""
    return read_file(path, ReadOptions(**options))


def fixture_cases(fixtures: Path, pattern: str, real_sample: Path, line: str) -> list:
    """A ``(path, options)`` case per fixture under ``fixtures``, named by its relative path.

    The real sample (copied unchanged) is read with the ``line`` it does not state.
    """
    return [
        pytest.param(
            (path, ReadOptions(line=line) if path == real_sample else ReadOptions()),
            id=path.relative_to(fixtures).as_posix(),
        )
        for path in sorted(fixtures.rglob(pattern))
    ]


def golden_for(goldens: Path, fixtures: Path, path: Path) -> Path:
    """The golden file of the fixture ``path`` (its relative path, ``/`` as ``__``)."""
    return goldens / (path.relative_to(fixtures).as_posix().replace("/", "__") + ".json")
