"""The Actions sheet lists a service's SMS commands that are ways to do one thing (或：,
``Action.alternative``) in one row: what they do once, then each command with how sure
it is and its note, nothing left out (a trial's household had 14 steps a service, four
of them SMS commands of a row each). The JSON keeps each command an action of its own,
numbered as the row's step (:mod:`auditor.step_numbers`)."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest
from cli_run import run
from python_calamine import CalamineWorkbook
from test_glossary import unglossed

from auditor.lang import using
from auditor.writers.labels import CONFIDENCE_LABELS
from auditor.writers.step_rows import shown_steps

pytestmark = pytest.mark.usefixtures("december")

HOUSEHOLD = Path(__file__).resolve().parent.parent / "fixtures" / "household"
SHEET = {"zh": "处理步骤", "en": "Actions"}
MIGU = "咪咕视频会员"


def _audit(tmp: Path, language: str) -> tuple[dict, list[list[str]]]:
    result = run("--lang", language, "audit", str(HOUSEHOLD), "--as-of", "2026-11-05",
                 "--db", str(tmp / "h.sqlite"), "-o", str(tmp / "r.xlsx"),
                 "--json", str(tmp / "r.json"), "-q")  # fmt: skip
    assert result.exit_code in (0, 1), result.output
    book = CalamineWorkbook.from_path(str(tmp / "r.xlsx"))
    rows = book.get_sheet_by_name(SHEET[language]).to_python()
    return json.loads((tmp / "r.json").read_text("utf-8")), [[str(c) for c in r] for r in rows]


@pytest.mark.parametrize("language", ["zh", "en"])
def test_a_services_sms_alternatives_are_one_row_listing_each(tmp_path, language):
    report, rows = _audit(tmp_path, language)
    [found] = [f for f in report["findings"] if f["service"] == MIGU]
    actions = found["actions"]
    alternatives = [
        a for a in actions if a["channel"] == "sms" and a["text"].startswith(("或：", "Or: "))
    ]
    assert len(alternatives) >= 2  # the list's numbers, TD+序号 …
    header = rows[0]
    step, what = (
        header.index({"zh": "步骤", "en": "Step"}[language]),
        header.index({"zh": "内容", "en": "What to do"}[language]),
    )
    mine = [row for row in rows[1:] if unglossed(row[1]) == MIGU]
    # one row fewer for each alternative after the first, numbered on
    assert len(mine) == len(actions) - len(alternatives) + 1
    assert [int(float(row[step])) for row in mine] == list(range(1, len(mine) + 1))
    colon = "：" if language == "zh" else ": "
    # what each sends: its quoted command (「TD+序号」, the list's 「1，3」)
    commands = [re.search("「[^」]+」", a["text"].split(colon)[-1])[0] for a in alternatives]
    [either] = [row[what] for row in mine if all(c in row[what] for c in commands)]
    lines = either.split("\n")
    assert lines[0].startswith({"zh": "或：", "en": "Or: "}[language])
    for action, command in zip(alternatives, commands, strict=True):
        [line] = [x for x in lines[1:] if command in x]
        with using(language):
            assert CONFIDENCE_LABELS[action["confidence"]].shown() in line
        # every part of its note said there, or on the step the row refers to
        for part in re.split("；|; ", action["note"]):
            assert any(part.lower() in row[what].lower() for row in mine), part
    # a step on its own keeps its lines: text, confidence, note
    [query] = [row[what] for row in mine if "0000" in row[what] and row[what] is not either]
    assert len(query.split("\n")) >= 2


def test_alternatives_of_an_app_step_stay_apart_from_it():
    from auditor.model import Action
    from auditor.step_numbers import numbered

    app = Action(1, "app", "在App退订")
    sms = [
        Action(1, "sms", f"或：退订「X」：发送「{n}」到 10086", alternative=True) for n in (2, 3)
    ]
    query = Action(1, "sms", "查询已订业务：发送「0000」到 10086")
    after = Action(1, "sms", "或：发送「TD」到 106", alternative=True)
    steps = numbered([app, *sms, query, after])
    assert [a.step for a in steps] == [1, 2, 2, 3, 3]
    assert shown_steps(steps) == [[steps[0]], steps[1:3], steps[3:]]
    web = Action(1, "app", "或：网上", alternative=True)
    assert [a.step for a in numbered([query, web])] == [1, 2]
    assert shown_steps(numbered([query, web])) == [[query], [replace(web, step=2)]]
