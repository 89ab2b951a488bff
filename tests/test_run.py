"""The whole audit as a script calls it (:func:`auditor.run.audit`), without the command:
the outputs written, the report returned, the history remembered, an unreadable file
reported while the others are audited, what the watcher is told, and a bad output
refused before anything is read or written."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from auditor import lang
from auditor.errors import AuditorError
from auditor.history.db import open_history
from auditor.model import SEVERITIES, severity_rank
from auditor.run import AuditRun, Watcher, audit

HOUSEHOLD = Path(__file__).resolve().parent.parent / "fixtures" / "household"
KNOWN = HOUSEHOLD / "auditor.toml"
AS_OF = date(2026, 11, 5)
# Not within a finding's id (F and 12 hex digits, random per history: one in a few
# hundred holds eleven digits that look like a number).
FULL_NUMBER = re.compile(r"(?<!\d)(?<!F)(?<!F[0-9a-f])1[3-9]\d{9}(?!\d)")


def _kinds(done: AuditRun) -> list[tuple[str, str, str]]:
    return sorted((f.rule, f.line, f.service) for f in done.report.findings)


def test_a_script_gets_the_report_the_outputs_and_the_history(tmp_path):
    report, data, history = tmp_path / "r.xlsx", tmp_path / "r.json", tmp_path / "h.sqlite"
    done = audit(
        [HOUSEHOLD], settings=KNOWN, as_of=AS_OF, jobs=1, report=report, json=data,
        history=history,
    )  # fmt: skip
    assert done.written == [report, data]
    assert report.read_bytes()[:2] == b"PK"
    assert done.json is None  # written to its file, not asked back
    text = data.read_text("utf-8")
    # masked, as the command writes it
    assert not FULL_NUMBER.search(text), [
        text[max(0, m.start() - 400) : m.end() + 80] for m in FULL_NUMBER.finditer(text)
    ]
    written = json.loads(text)
    assert written["as_of"] == AS_OF.isoformat()
    findings = done.report.findings
    assert findings and {f["id"] for f in written["findings"]} == {f.id for f in findings}
    # the history holds what the audit read and found, committed with the outputs
    assert done.history == history and done.report.history == "new"
    with open_history(history, create=False, write=False) as db:
        stored = {row[0] for row in db.execute("SELECT id FROM findings")}
        files = db.execute("SELECT COUNT(*) FROM files").fetchone()[0]
    assert stored == {f.id for f in findings}
    assert files == len(done.report.readable_inputs)
    # what --fail-on counts: the findings at or above a severity
    for severity in SEVERITIES:
        at_least = [f for f in findings if severity_rank(f.severity) <= severity_rank(severity)]
        assert done.found(severity) == len(at_least)
    assert done.found(SEVERITIES[-1]) == len(findings) and done.unread == 0


class Told(Watcher):
    """Every event, in order."""

    def __init__(self):
        self.events: list[tuple] = []

    def started(self, files):
        self.events.append(("started", files))

    def file_read(self, result):
        self.events.append(("file_read", result.path))

    def read(self, results, mask):
        self.events.append(("read", len(results), mask("13800001234")))

    def findings(self, count):
        self.events.append(("findings", count))

    def ended(self):
        self.events.append(("ended",))


def test_an_unreadable_file_is_reported_and_the_others_audited(tmp_path):
    folder = tmp_path / "household"
    shutil.copytree(HOUSEHOLD, folder)
    clean = audit([folder], settings=KNOWN, as_of=AS_OF, jobs=1, report=tmp_path / "c.xlsx")
    garbage = folder / "garbage.csv"
    garbage.write_text("garbage\n", "utf-8")
    told = Told()
    done = audit(
        [folder], settings=KNOWN, as_of=AS_OF, jobs=1, report=tmp_path / "r.xlsx",
        json_back=True, watcher=told,
    )  # fmt: skip
    assert done.unread == 1
    assert [r.path for r in done.report.failed_inputs] == [str(garbage)]
    assert _kinds(done) == _kinds(clean) != []  # the other files audited as without it
    assert done.written == [tmp_path / "r.xlsx"]  # the JSON asked back, no file
    data = json.loads(done.json)
    assert [i["path"] for i in data["inputs"] if i["error"]] == [str(garbage)]
    assert done.history is None and not done.report.history
    # the watcher: told of each file as it is read, then of the findings, then the end
    files = len(done.report.inputs)
    assert told.events[0] == ("started", files)
    assert [e[1] for e in told.events[1 : files + 1]] == [r.path for r in done.report.inputs]
    assert told.events[files + 1 :] == [
        ("read", files, "138****1234"),
        ("findings", len(done.report.findings)),
        ("ended",),
    ]


def test_a_bad_output_is_refused_before_anything_is_read_or_written(tmp_path):
    told = Told()
    before = lang.active()
    with pytest.raises(AuditorError) as refused:
        audit(
            [HOUSEHOLD], settings=KNOWN, as_of=AS_OF, report=tmp_path / "r.csv",
            history=tmp_path / "h.sqlite", language="en", watcher=told,
        )  # fmt: skip
    assert str(refused.value) == f"{tmp_path / 'r.csv'}: the report must be an .xlsx file"
    assert lang.active() == before  # the language asked for, for that audit only
    assert told.events == []
    assert list(tmp_path.iterdir()) == []  # no history made, nothing staged
