"""A report in English gives the Chinese to say or paste: each step said or typed to a
person or a form (a call, a complaint, an appeal, a shop's counter, a form online) has
the words the Chinese report gives that step, made by the same code, not translated
twice: on the Actions sheet (its In Chinese column) and in the JSON (``text_zh``)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from test_actions import ALL, AS_OF, _case_actions, _finding, _ids, actions_for

from auditor import cli, lang
from auditor.finding_steps import SAID

HOUSEHOLD = Path(__file__).resolve().parent.parent / "fixtures" / "household"
#: English a Chinese step never holds (the app's own name, a web address and MIIT may).
ENGLISH = re.compile(r"\b(the|and|call|ask|refund|complain|appeal|cancel|service)\b", re.I)


@pytest.mark.parametrize(("rule", "carrier"), ALL, ids=_ids)
def test_a_step_said_to_a_person_has_the_chinese_reports_words(rule, carrier):
    with lang.using("zh"):
        chinese = _case_actions(rule, carrier)
    with lang.using("en"):
        english = _case_actions(rule, carrier)
    for zh_steps, en_steps in zip(chinese, english, strict=True):
        assert [a.channel for a in en_steps] == [a.channel for a in zh_steps]
        for en, zh in zip(en_steps, zh_steps, strict=True):
            assert zh.zh == ""  # a Chinese report's own text is the Chinese
            assert en.zh == (zh.text if en.channel in SAID else "")
            assert not ENGLISH.search(en.zh), en.zh


def test_the_hotline_complaint_and_appeal_say_it_in_chinese():
    with lang.using("en"):
        steps = actions_for(_finding("lingering-charge", "china-mobile"), AS_OF)
    said = {a.channel: a.zh for a in steps if a.zh}
    assert set(said) == {"hotline", "complaint", "appeal"}
    assert said["hotline"].startswith("致电 10086")
    assert "拨打投诉电话 10080" in said["complaint"]
    assert "工业和信息化部电信用户申诉受理中心" in next(a.zh for a in steps if a.to == "12300")
    [app] = [a for a in steps if a.channel == "app" and "cancel" in a.text]
    assert "「我的 → 已订业务 → 退订」 (Me → Subscribed services → Unsubscribe)" in app.text
    assert app.zh == ""  # tapped, not said


def _audit(tmp_path: Path, language: str) -> tuple[dict, Path]:
    out = tmp_path / f"r-{language}.xlsx"
    args = ["audit", str(HOUSEHOLD), "--known", str(HOUSEHOLD / "auditor.toml")]
    args += ["--as-of", "2026-11-05", "--no-history", "-o", str(out), "-q"]
    args += ["--json", str(tmp_path / f"r-{language}.json"), "--lang", language, "--no-mask"]
    result = CliRunner().invoke(cli.main, args)
    assert result.exit_code in (0, 1), result.output
    return json.loads((tmp_path / f"r-{language}.json").read_text("utf-8")), out


def _steps(data: dict) -> dict[tuple, list[dict]]:
    return {(f["rule"], f["line"], f["service"]): f["actions"] for f in data["findings"]}


def test_an_english_report_gives_the_chinese_reports_words(tmp_path):
    english, book = _audit(tmp_path, "en")
    chinese, zh_book = _audit(tmp_path, "zh")
    en_steps, zh_steps = _steps(english), _steps(chinese)
    assert en_steps.keys() == zh_steps.keys()
    said = 0
    for key, steps in en_steps.items():
        for en, zh in zip(steps, zh_steps[key], strict=True):
            assert zh["text_zh"] is None
            if en["channel"] in SAID:
                assert en["text_zh"] == zh["text"]  # the very words, not a translation
                said += 1
            else:
                assert en["text_zh"] is None
    assert said > 10
    # the Actions sheet: a column of its own beside What to do, in English only
    sheet = openpyxl.load_workbook(book)["Actions"]
    header = [c.value for c in sheet[1]]
    assert header.index("In Chinese") == header.index("What to do") + 1
    col = {name: at for at, name in enumerate(header)}
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    cells = {row[col["In Chinese"]] for row in rows if row[col["Channel"]] in ("Hotline",)}
    texts = {a["text_zh"] for steps in en_steps.values() for a in steps if a["text_zh"]}
    assert cells - {None} and cells - {None} <= texts
    assert all(row[col["In Chinese"]] is None for row in rows if row[col["Channel"]] == "SMS")
    assert "中文" not in [c.value for c in openpyxl.load_workbook(zh_book)["处理步骤"][1]]


def test_an_english_report_glosses_the_services_it_names(tmp_path):
    english, book = _audit(tmp_path, "en")
    chinese, zh_book = _audit(tmp_path, "zh")
    [migu] = [f for f in english["findings"] if f["service"] == "咪咕视频会员"][:1]
    assert migu["service_gloss"] == "Migu video membership"
    assert migu["message"].startswith("咪咕视频会员")  # the JSON's message as the rule said it
    assert all(f["service_gloss"] is None for f in chinese["findings"])
    workbook = openpyxl.load_workbook(book)
    glossed = "咪咕视频会员 (Migu video membership)"
    actions = [row[1] for row in workbook["Actions"].iter_rows(min_row=2, values_only=True)]
    assert glossed in actions
    findings = workbook["Findings"]
    header = [c.value for c in findings[1]]
    messages = [
        row[header.index("Message")] for row in findings.iter_rows(min_row=2, values_only=True)
    ]
    assert any(m.startswith(f"{glossed}:") or f"{glossed} " in m for m in messages)
    summary = [c.value for row in workbook["Summary"].iter_rows() for c in row if c.value]
    assert any(str(v).startswith(glossed) for v in summary)
    zh_actions = [
        row[1]
        for row in openpyxl.load_workbook(zh_book)["处理步骤"].iter_rows(
            min_row=2, values_only=True
        )
    ]
    assert "咪咕视频会员" in zh_actions and glossed not in zh_actions
