"""Audits a script runs at once in threads, each in its own language: the language is the
thread's (its context's), as the masker is (tests/test_run_masked_log.py); a thread that
sets none has the environment's, whatever another thread set; the reading processes and
the JSON child forked by a thread's audit write in that thread's language."""

from __future__ import annotations

import json
import threading
from datetime import date
from pathlib import Path

from openpyxl import load_workbook

from auditor import lang
from auditor.run import Watcher, audit

HOUSEHOLD = Path(__file__).resolve().parent.parent / "fixtures" / "household"
KNOWN = HOUSEHOLD / "auditor.toml"
AS_OF = date(2026, 11, 5)


class _Together(Watcher):
    """Holds each audit, its language set and nothing read yet, until the other is there
    too: the two are under way at once, whatever the machine's timing."""

    def __init__(self, barrier: threading.Barrier):
        self.barrier = barrier

    def started(self, files):
        self.barrier.wait(timeout=60)


def _in_threads(calls: dict[str, object]) -> dict[str, object]:
    """Each of ``calls`` run in a thread of its own; what each returned (or raised)."""
    got: dict[str, object] = {}

    def run(name, call):
        try:
            got[name] = call()
        except BaseException as exc:  # the test's failure, not a thread's traceback
            got[name] = exc

    threads = [threading.Thread(target=run, args=item) for item in calls.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    for name, value in got.items():
        if isinstance(value, BaseException):
            raise AssertionError(f"the {name} audit failed") from value
    return got


def _sheets(path: Path) -> list[str]:
    book = load_workbook(path, read_only=True)
    try:
        return book.sheetnames
    finally:
        book.close()


def test_two_audits_at_once_each_write_in_their_own_language(tmp_path):
    alone = {}  # each language's outputs, audited on its own first
    for language in lang.LANGS:
        done = audit(
            [HOUSEHOLD], settings=KNOWN, as_of=AS_OF, jobs=1, json_back=True,
            report=tmp_path / f"alone-{language}.xlsx", language=language,
        )  # fmt: skip
        alone[language] = (json.loads(done.json), _sheets(tmp_path / f"alone-{language}.xlsx"))
    assert alone["zh"][1] != alone["en"][1]  # the sheets' names tell the languages apart

    barrier = threading.Barrier(2)

    # jobs=2: the inputs are read by processes each thread forks; the JSON text is made by
    # a child the thread forks too (auditor.alongside)
    def call(language):
        return lambda: audit(
            [HOUSEHOLD], settings=KNOWN, as_of=AS_OF, jobs=2, json_back=True,
            report=tmp_path / f"{language}.xlsx", language=language, watcher=_Together(barrier),
        )  # fmt: skip

    done = _in_threads({language: call(language) for language in lang.LANGS})
    for language in lang.LANGS:
        doc, sheets = json.loads(done[language].json), _sheets(tmp_path / f"{language}.xlsx")
        assert doc["lang"] == language
        assert [f["message"] for f in doc["findings"]] == [
            f["message"] for f in alone[language][0]["findings"]
        ]
        assert [i["warnings"] for i in doc["inputs"]] == [
            i["warnings"] for i in alone[language][0]["inputs"]
        ]
        assert sheets == alone[language][1]
    assert lang.active() == "zh"  # this thread's language, as the tests start in


def test_a_thread_that_sets_no_language_has_the_environments(monkeypatch):
    monkeypatch.setenv("AUDITOR_LANG", "en")
    lang.use("zh")  # this thread's, not the process's
    seen = _in_threads(
        {
            "unset": lambda: (lang.active(), lang.say("中文", "English")),
            "set": lambda: (lang.use("zh"), lang.active())[1],
        }
    )
    assert seen == {"unset": ("en", "English"), "set": "zh"}
    assert lang.active() == "zh"
