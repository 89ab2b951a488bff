"""One language at a time in what findings say: the shipped fixtures audited in Chinese
and in English, every message, step, note and next step checked for the other language
and for the old "中文 / English" join; the rules' names and documentation in both."""

from __future__ import annotations

import copy
import json
import re
from datetime import date
from functools import cache
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor import cli, clock, lang
from auditor.inputs import read_inputs
from auditor.lang import say
from auditor.model import Finding, ReadResult, UserRecord
from auditor.pipeline import AuditOptions, audit_results
from auditor.readers import ReadOptions
from auditor.rules import RULES, find_rule
from auditor.writers.followup import next_step
from auditor.writers.labels import record_text as _record_text

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

#: (fixture folder, audit date): every shipped set that gives findings of every rule.
AUDITS = [
    ("household", date(2026, 11, 5)),
    ("monthly/2026-10", date(2026, 10, 5)),
    ("monthly/2026-11", date(2026, 11, 5)),
    ("monthly/2026-12", date(2026, 12, 5)),
    ("sms", date(2026, 11, 5)),
    ("ebill", date(2026, 11, 5)),
    ("json", date(2026, 11, 5)),
    ("pdf", date(2026, 11, 5)),
]

# Chinese characters, and the full-width punctuation that comes with them (「」、。：).
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
QUOTED = re.compile(r"「[^「」]*」")
# The innermost brackets: a Chinese term an English text gives the carrier's word for,
# "(退费)", "(工单号)", "(MIIT appeal centre (工业和信息化部…))".
BRACKETED = re.compile(r"\([^()]*\)")
ENGLISH_RUN = re.compile(r"[A-Za-z]+(?:[ \t]+[A-Za-z]+){3,}")
# Chinese typography: sentences run on without a space after 。; a phone or service
# number, spaced from the Chinese before it (致电 10086), is spaced from what follows too
# (致电 10086 要求退费). Only a number after such a word: 2 次 and 19元套餐 are not one.
SPACE_AFTER_STOP = re.compile(r"。[ \t]")
NUMBER_RUN_ON = re.compile(r"(?:致电|拨打|电话|热线|到|向|发送|号码) ?\d{4,}[\u4e00-\u9fff]")


@cache
def _read(folder: str, as_of: date) -> list[ReadResult]:
    """A fixture set, read once for every language (reading makes no finding's text)."""
    return read_inputs([FIXTURES / folder], ReadOptions(as_of=as_of))


def _audit(
    folder: str, as_of: date, language: str, account: str = "personal"
) -> list[tuple[Finding, list[str]]]:
    """The findings of one fixture set, each with every text a person reads about it
    (its message, steps, notes and next step), all made in ``language``."""
    results = copy.deepcopy(_read(folder, as_of))  # the audit sets duplicate copies aside
    with lang.using(language):
        report = audit_results(results, AuditOptions(as_of=as_of, account=account))
        found = [(f, [f.message, next_step(f, as_of).text]) for f in report.findings]
    assert found, folder
    for finding, texts in found:
        for action in finding.actions:
            texts += [action.text, action.note, action.to]
        texts[:] = [text for text in texts if text]
    return found


def _without_names(text: str, names: tuple[str, ...]) -> str:
    """``text`` without the names it quotes from the bills (a service, a provider, an
    app's path, an SMS command): those are the carrier's words in every language."""
    for name in filter(None, names):
        text = text.replace(name, " ")
    return QUOTED.sub(" ", text)


def english_leftovers(text: str, *names: str) -> str:
    """The Chinese an English ``text`` holds outside ``names``, quotes and brackets."""
    text = _without_names(text, names)
    while BRACKETED.search(text):
        text = BRACKETED.sub(" ", text)
    return "".join(CJK.findall(text))


def chinese_leftovers(text: str, *names: str) -> list[str]:
    """The runs of four or more English words a Chinese ``text`` holds outside names."""
    return ENGLISH_RUN.findall(_without_names(text, names))


def typography_faults(text: str, *names: str) -> list[str]:
    """Where a Chinese ``text`` (outside ``names`` and quotes) spaces a sentence's end or
    runs a number into the Chinese after it."""
    text = _without_names(text, names)
    return SPACE_AFTER_STOP.findall(text) + NUMBER_RUN_ON.findall(text)


def joins(text: str, *names: str) -> bool:
    """True when ``text`` joins two languages the old way, "中文 / English" (what is
    quoted, a name or an SMS command, is left out)."""
    return " / " in _without_names(text, names)


def _cases() -> list:
    cases = [pytest.param(folder, as_of, "personal", id=folder) for folder, as_of in AUDITS]
    cases.append(pytest.param("household", date(2026, 11, 5), "company", id="household-company"))
    return cases


@pytest.mark.parametrize(("folder", "as_of", "account"), _cases())
def test_english_findings_hold_no_chinese_but_names_and_bracketed_terms(folder, as_of, account):
    for finding, texts in _audit(folder, as_of, "en", account):
        for text in texts:
            assert not english_leftovers(text, finding.service), (finding.rule, text)
            assert not joins(text, finding.service), text


@pytest.mark.parametrize(("folder", "as_of", "account"), _cases())
def test_chinese_findings_hold_no_english_sentences(folder, as_of, account):
    for finding, texts in _audit(folder, as_of, "zh", account):
        for text in texts:
            assert not chinese_leftovers(text, finding.service), (finding.rule, text)
            assert not joins(text, finding.service), text
            assert not typography_faults(text, finding.service), (finding.rule, text)


def test_typography_faults_are_found_and_names_are_not_faults():
    assert typography_faults("相差 2.00 元。 差额出在「套餐」")
    assert typography_faults("销户前致电 10086确认违约金金额")
    assert typography_faults("发送「0000」到 10086查询")
    assert not typography_faults("相差 2.00 元。差额出在「套餐」：2026-09 共 2 次")
    assert not typography_faults("致电 10086 要求退费；向 12300 申诉")
    assert not typography_faults("「广电5G 19元套餐」同月重复收费", "广电5G 19元套餐")


def test_the_same_findings_in_both_languages():
    """The language changes the words only: ids, figures and steps' channels stay."""
    for folder, as_of in AUDITS:
        chinese, english = _audit(folder, as_of, "zh"), _audit(folder, as_of, "en")

        def figures(found: list[tuple[Finding, list[str]]]) -> list[tuple]:
            return sorted(
                (f.rule, f.line, f.service, tuple(f.periods), f.amount_fen,
                 f.monthly_fen, tuple((a.channel, a.confidence, a.opens, a.due) for a in f.actions))
                for f, _ in found
            )  # fmt: skip

        assert figures(chinese) == figures(english), folder
        assert [f.message for f, _ in chinese] != [f.message for f, _ in english]


def test_every_rule_has_both_names_and_both_documentations():
    for rule in RULES:
        assert rule.label_en and not CJK.search(rule.label_en), rule.id
        assert rule.label_zh and not re.search("[A-Za-z]", rule.label_zh), rule.id
        assert CJK.search(rule.doc_zh) and "为什么重要" in rule.doc_zh, rule.id
        with lang.using("zh"):
            assert rule.name_shown() == rule.label_zh
            assert rule.documentation().startswith(rule.doc_zh.strip().splitlines()[0])
        with lang.using("en"):
            assert rule.name_shown() == rule.label_en
            assert "Why it matters" in rule.documentation()


@pytest.mark.parametrize("language", ["zh", "en"])
def test_rules_documentation_is_plain_text(language):
    """``rules --doc`` shows the docstrings' reST as text: Fails:, and, monthly."""
    with lang.using(language):
        for rule in RULES:
            shown = rule.documentation()
            assert "::" not in shown and "``" not in shown, rule.id
            assert not re.search(r"(?<![\w*])\*\S[^*]*\*(?![\w*])", shown), rule.id
    with lang.using("en"):
        shown = find_rule("duplicate-charge").documentation()
        assert "\nFails:\n" in shown and ") and the same non-zero amount" in shown


@pytest.mark.parametrize(
    ("language", "cancel", "refund"),
    [
        ("zh", "2026-11-08 退订（工单号 202611081234）",
         "2026-11-09 退款 ¥20.00（短信，工单号 T-77）"),
        ("en", "Cancelled on 2026-11-08 (ticket 202611081234)",
         "Refunded ¥20.00 on 2026-11-09 (via SMS, ticket T-77)"),  # the channel in English
    ],
)  # fmt: skip
def test_records_are_cited_with_the_amount_before_the_ticket(language, cancel, refund):
    on, line = date(2026, 11, 8), "13800001234"
    cancelled = UserRecord(1, "cancel", line, MIGU, "", on, ticket="202611081234")
    refunded = UserRecord(2, "refund", line, MIGU, "", date(2026, 11, 9), "T-77", "短信",
                          amount_fen=2000)  # fmt: skip
    with lang.using(language):
        assert [_record_text(cancelled), _record_text(refunded)] == [cancel, refund]
        assert cancelled.particulars() == say("（工单号 202611081234）", " (ticket 202611081234)")


@pytest.mark.parametrize("language", ["zh", "en"])
def test_rules_doc_prints_the_active_languages_documentation(monkeypatch, language):
    monkeypatch.setenv("AUDITOR_LANG", language)
    result = CliRunner().invoke(cli.main, ["rules", "--doc"])
    assert result.exit_code == 0, result.output
    for rule in RULES:
        name = rule.label_zh if language == "zh" else rule.label_en
        assert any(line.startswith(rule.id) and name in line for line in result.output.splitlines())
    if language == "zh":
        assert result.output.count("为什么重要") == len(RULES)
        assert "Why it matters" not in result.output and "Fails" not in result.output
    else:
        assert result.output.count("Why it matters") == len(RULES)
        assert "为什么重要" not in result.output


# ----------------------------------------------------------------- texts of the history


MONTHLY = FIXTURES / "monthly"
MIGU, RINGTONE = "咪咕视频会员", "视频彩铃订阅-酷电秀专属6元包"
LINE = "13900001111"  # the monthly fixtures' line (the JSON masks it)


def _history_cycle(tmp_path: Path, language: str, monkeypatch) -> dict:
    """October audited; its 咪咕 cancelled and its ring-back tone complained about, each
    with a ticket; November audited: the JSON of November, in ``language``."""
    monkeypatch.setenv("AUDITOR_LANG", language)
    monkeypatch.setattr(clock, "today", lambda: date(2026, 12, 31))
    lang.use(None)
    db, runner = tmp_path / "h.sqlite", CliRunner()

    def audit(month: str) -> dict:
        target = tmp_path / f"{month}.json"
        result = runner.invoke(cli.main, [
            "audit", str(MONTHLY / month), "--as-of", f"{month}-05", "--db", str(db),
            "-o", str(tmp_path / f"{month}.xlsx"), "--json", str(target), "-q",
        ])  # fmt: skip
        assert result.exit_code == 0, result.output
        return json.loads(target.read_text("utf-8"))

    audit("2026-10")
    for kind, service, on, ticket in (
        ("complaint", RINGTONE, "2026-10-09", "C9"),
        ("cancel", MIGU, "2026-10-21", "T1"),
    ):
        result = runner.invoke(cli.main, [
            "record", kind, "--line", LINE, "--service", service, "--on", on,
            "--ticket", ticket, "--db", str(db),
        ])  # fmt: skip
        assert result.exit_code == 0, result.output
    return audit("2026-11")


@pytest.mark.parametrize("language", ["zh", "en"])
def test_resolutions_and_recorded_steps_in_one_language(tmp_path, monkeypatch, language):
    november = _history_cycle(tmp_path, language, monkeypatch)
    reasons = [item["reason"] for item in november["resolved"]]
    reasons += [item["state"] for item in november["waiting"]]  # cancelled, no bill since
    steps = [a for f in november["findings"] for a in f["actions"]]
    texts = reasons + [f["message"] for f in november["findings"]]
    texts += [f["next"]["text"] for f in november["findings"]]
    texts += [a[key] for a in steps for key in ("text", "note", "to")]
    for text in filter(None, texts):
        assert not joins(text, MIGU, RINGTONE), text
        if language == "en":
            assert not english_leftovers(text, MIGU, RINGTONE), text
        else:
            assert not chinese_leftovers(text, MIGU, RINGTONE), text
            assert not typography_faults(text, MIGU, RINGTONE), text
    said = " ".join(reasons + [a["text"] for a in steps])
    if language == "zh":
        assert "你已退订（2026-10-21，工单号 T1）" in said
        assert "你已于 2026-10-09 投诉（工单号 C9）" in said
    else:
        assert "you cancelled it (your record: 2026-10-21, ticket T1)" in said
        assert "You complained on 2026-10-09 (ticket C9)" in said
