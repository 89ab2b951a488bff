"""What a script gives :func:`auditor.run.audit` and gets back, as docs/python.md says:
the JSON asked back is text (``str``), an audit date may be written as ``YYYY-MM-DD``,
and an argument it cannot take is an :class:`~auditor.errors.AuditorError` saying which
and why, before anything is read or written (a ``ValueError`` and a ``TypeError`` too,
as Python's own were)."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest

from auditor.errors import AuditorError
from auditor.run import audit

HOUSEHOLD = Path(__file__).resolve().parent.parent / "fixtures" / "household"
KNOWN = HOUSEHOLD / "auditor.toml"


def test_the_json_asked_back_is_the_text_written(tmp_path):
    target = tmp_path / "r.json"
    done = audit(
        [HOUSEHOLD], settings=KNOWN, as_of="2026-11-05", jobs=1, report=tmp_path / "r.xlsx",
        json=target, json_back=True,
    )  # fmt: skip
    assert isinstance(done.json, str)
    assert done.json == target.read_text("utf-8")  # the same text, the file's bytes in UTF-8
    assert json.loads(done.json)["as_of"] == "2026-11-05"  # the date written as text
    assert done.report.as_of == date(2026, 11, 5)


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize(
    ("arguments", "says", "also"),
    [
        ({"language": "fr"}, "language: 'fr' is none of zh, en", ValueError),
        ({"as_of": "2026-13-05"}, "as_of: '2026-13-05' is not a date (YYYY-MM-DD)", ValueError),
        ({"as_of": 20261105}, "as_of: a date or 'YYYY-MM-DD', not int 20261105", TypeError),
        ({"as_of": "2999-01-01"}, "2999-01-01 is after today", ValueError),
    ],
)
def test_an_argument_it_cannot_take_is_an_auditor_error(tmp_path, arguments, says, also):
    with pytest.raises(AuditorError) as refused:
        audit([HOUSEHOLD], settings=KNOWN, jobs=1, report=tmp_path / "r.xlsx", **arguments)
    assert says in str(refused.value)
    assert isinstance(refused.value, also)  # what a script catching Python's own still gets
    assert list(tmp_path.iterdir()) == []  # nothing read, nothing written


def test_an_audit_date_with_a_time_is_its_day(tmp_path):
    done = audit(
        [HOUSEHOLD], settings=KNOWN, as_of=datetime(2026, 11, 5, 9, 30), jobs=1,
        report=tmp_path / "r.xlsx",
    )  # fmt: skip
    assert done.report.as_of == date(2026, 11, 5)
    assert done.written == [tmp_path / "r.xlsx"]
