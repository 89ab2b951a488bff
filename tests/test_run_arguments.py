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


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize(
    ("arguments", "says", "also"),
    [
        ({"jobs": 0}, "jobs: 0 processes read nothing: 1 or more", ValueError),
        ({"jobs": "2"}, "jobs: a whole number (1 or more) or None, not str '2'", TypeError),
        ({"jobs": True}, "jobs: a whole number (1 or more) or None, not bool True", TypeError),
        ({"report": 5}, "report: a path, a text or None, not int 5", TypeError),
        ({"history": ""}, "history: an empty text is no path", ValueError),
        ({"json": b"r.json"}, "json: a path, a text or None, not bytes b'r.json'", TypeError),
        ({"mask": "no"}, "mask: True or False, not str 'no'", TypeError),
        ({"json_back": 1}, "json_back: True or False, not int 1", TypeError),
        ({"read": {"kind": "bill"}}, "read: a ReadOptions or None, not dict", TypeError),
        ({"watcher": object()}, "watcher: object has no method started, file_read", TypeError),
    ],
)
def test_every_argument_is_checked_before_anything_is_read(tmp_path, arguments, says, also):
    with pytest.raises(AuditorError) as refused:
        audit([HOUSEHOLD], settings=KNOWN, **{"report": tmp_path / "r.xlsx", **arguments})
    assert says in str(refused.value)
    assert isinstance(refused.value, also)
    assert list(tmp_path.iterdir()) == []  # nothing read, nothing written


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize(
    ("inputs", "says"),
    [
        (5, "inputs: a path, a text or a list of them, not int 5"),
        ([HOUSEHOLD, 5], "inputs[1]: a path or a text, not int 5"),
        (b"bills", "inputs: a path, a text or a list of them, not bytes b'bills'"),
    ],
)
def test_inputs_that_are_no_paths_are_refused(tmp_path, inputs, says):
    with pytest.raises(AuditorError, match=r"inputs") as refused:
        audit(inputs, settings=KNOWN, report=tmp_path / "r.xlsx")
    assert says in str(refused.value)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("alone", [str(HOUSEHOLD), HOUSEHOLD])
def test_one_path_alone_is_one_input_never_its_characters(tmp_path, alone):
    # one text was once iterated as its characters: "/" among them walked the whole disk
    done = audit(alone, settings=KNOWN, as_of="2026-11-05", jobs=1, report=tmp_path / "r.xlsx")
    listed = audit(
        [HOUSEHOLD], settings=KNOWN, as_of="2026-11-05", jobs=1, report=tmp_path / "l.xlsx"
    )
    assert [r.path for r in done.report.inputs] == [r.path for r in listed.report.inputs]
    assert len(done.report.inputs) > 1  # the folder's files, walked


def test_texts_where_paths_are_meant_are_those_paths(tmp_path):
    done = audit(
        [str(HOUSEHOLD)], settings=str(KNOWN), as_of="2026-11-05", jobs=1,
        report=str(tmp_path / "r.xlsx"), json=str(tmp_path / "r.json"),
        history=str(tmp_path / "h.sqlite"),
    )  # fmt: skip
    assert done.written == [tmp_path / "r.xlsx", tmp_path / "r.json"]
    assert done.history == tmp_path / "h.sqlite" and done.history.stat().st_size > 0


@pytest.mark.usefixtures("english")
def test_no_inputs_given_is_said_so(tmp_path):
    from auditor.errors import NothingToAudit

    # it said "no input files found in " and nothing after "in"
    with pytest.raises(NothingToAudit) as refused:
        audit([], jobs=1, report=tmp_path / "r.xlsx", history=tmp_path / "h.sqlite")
    assert str(refused.value) == "no inputs were given"
    assert list(tmp_path.iterdir()) == []
