"""The Actions sheet and the JSON number a finding's steps alike
(:mod:`auditor.step_numbers`): a person reading the sheet and a script reading the JSON
mean the same step by "step 4". The JSON counted each of an SMS step's alternatives
(或：) a step, where the sheet lists them on one row: the household's 咪咕视频会员 had
steps 1–10 on the sheet and 1–11 in the JSON, its hotline step 6 on one, 7 on the other."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from cli_run import run
from python_calamine import CalamineWorkbook

from auditor.model import Action
from auditor.sheets import channel_of
from auditor.step_numbers import numbered, step_runs

pytestmark = pytest.mark.usefixtures("december")

HOUSEHOLD = Path(__file__).resolve().parent.parent / "fixtures" / "household"
SHEET = {"zh": "处理步骤", "en": "Actions"}
HEADS = {"zh": ("#", "步骤", "方式", "内容", "编号"), "en": ("#", "Step", "Channel",
         "What to do", "Finding ids")}  # fmt: skip


def _demo(tmp: Path, language: str) -> tuple[dict, list[list[str]]]:
    """The household demo (as ``make demo`` audits it): its JSON and Actions rows."""
    result = run("--lang", language, "audit", str(HOUSEHOLD),
                 "--known", str(HOUSEHOLD / "auditor.toml"), "--as-of", "2026-11-05",
                 "--db", str(tmp / "h.sqlite"), "-o", str(tmp / "r.xlsx"),
                 "--json", str(tmp / "r.json"), "-q")  # fmt: skip
    assert result.exit_code in (0, 1), result.output
    book = CalamineWorkbook.from_path(str(tmp / "r.xlsx"))
    rows = book.get_sheet_by_name(SHEET[language]).to_python()
    return json.loads((tmp / "r.json").read_text("utf-8")), [[str(c) for c in r] for r in rows]


def _sheet_steps(rows: list[list[str]], language: str, finding_id: str) -> list[tuple]:
    """The steps the Actions sheet gives the finding ``finding_id``: the rows from the
    step 1 naming its id on, while the group's number stays and its steps go on; each
    as (number, channel id, what to do)."""
    number, step, channel, what, ids = (rows[0].index(h) for h in HEADS[language])
    [start] = [
        i
        for i, row in enumerate(rows)
        if finding_id in row[ids].split("\n") and row[step] not in ("", "None")
        and int(float(row[step])) == 1
    ]  # fmt: skip
    shown = []
    for row in rows[start:]:
        if row[number] != rows[start][number] or (
            shown and int(float(row[step])) != shown[-1][0] + 1
        ):
            break
        shown.append((int(float(row[step])), channel_of(row[channel]), row[what]))
    return shown


@pytest.mark.parametrize("language", ["zh", "en"])
def test_every_demo_findings_steps_are_numbered_alike_on_the_sheet_and_in_the_json(
    tmp_path, language
):
    report, rows = _demo(tmp_path, language)
    assert len(report["findings"]) >= 10
    shared = 0
    for finding in report["findings"]:
        actions = finding["actions"]
        sheet = _sheet_steps(rows, language, finding["id"])
        assert [n for n, _, _ in sheet] == sorted({a["step"] for a in actions}), finding["id"]
        for number, channel, what in sheet:
            mine = [a for a in actions if a["step"] == number]
            assert {a["channel"] for a in mine} == {channel}, (finding["id"], number)
            if len(mine) > 1:  # an SMS step and its alternatives: each command on its row
                shared += 1
                for action in mine:
                    assert re.findall("「[^」]+」", action["text"])[-1] in what
    # the demo has steps of several SMS commands (咪咕视频会员, 手机报), where they differed
    assert shared >= 2


def test_an_sms_steps_alternatives_share_its_number_and_no_other_does():
    app = Action(9, "app", "在App退订")
    sms = Action(9, "sms", "退订：发送「TD」到 10086")
    either = [Action(9, "sms", f"或：发送「{n}」到 10086", alternative=True) for n in (1, 2)]
    web = Action(9, "web", "或：网上退订", alternative=True)
    call = Action(9, "hotline", "致电 10086")
    after_app = Action(9, "sms", "或：发送「0000」到 10086", alternative=True)
    steps = numbered([app, after_app, sms, *either, web, call])
    assert [a.step for a in steps] == [1, 2, 3, 3, 3, 4, 5]
    assert [len(run) for run in step_runs(steps)] == [1, 1, 3, 1, 1]
    assert numbered(steps) == steps  # numbered once is numbered
