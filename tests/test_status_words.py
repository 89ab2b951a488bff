"""A report says what to type in its Actions sheet's Status once a step is done, and
that ``auditor record --from`` reads it back: on the Status header (its comment), as the
prompt of its cells and on the Summary; the words it names (``auditor.sheets``'s, the one
place that defines them) are words ``record --from`` takes, in either language."""

from __future__ import annotations

import openpyxl
import pytest
from click.testing import CliRunner
from test_record_from_report import _audit, _records, _type

from auditor import cli, lang
from auditor.history.typed_status import CLOSE_WORDS, STATUS_WORDS
from auditor.sheets import LINE_CLOSED_TYPED, STATUS_TYPED
from auditor.writers.status_hint import (
    AMOUNT_BACK,
    PROMPT_LIMIT,
    TITLE_LIMIT,
    prompt_title,
    status_hint,
    summary_hint,
)

MIGU = "咪咕视频会员"
NAMES = {"zh": ("处理步骤", "状态", "摘要"), "en": ("Actions", "Status", "Summary")}


def _words(language: str) -> list[str]:
    """The words the report names, from where they are defined: a refund's with the
    amount back said (no example amount: one the same on every report, read as the
    report's own)."""
    words = [text.zh if language == "zh" else text.en for text in STATUS_TYPED.values()]
    amount = AMOUNT_BACK.zh if language == "zh" else AMOUNT_BACK.en
    words[list(STATUS_TYPED).index("refund")] += f" {amount}"
    return [*words, LINE_CLOSED_TYPED.zh if language == "zh" else LINE_CLOSED_TYPED.en]


def test_every_word_named_is_one_record_from_takes_for_its_kind():
    for kind, text in STATUS_TYPED.items():
        assert {text.zh, text.en} <= set(STATUS_WORDS[kind]), kind
    closed = {LINE_CLOSED_TYPED.zh, LINE_CLOSED_TYPED.en}
    assert closed <= set(CLOSE_WORDS) <= set(STATUS_WORDS["cancel"])
    for language in ("zh", "en"):
        with lang.using(language):
            assert len(prompt_title()) <= TITLE_LIMIT
            assert len(status_hint()) <= PROMPT_LIMIT  # else Excel's prompt is dropped


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_report_says_what_to_type_and_what_reads_it(tmp_path, language):
    runner, db, report = CliRunner(), tmp_path / "h.sqlite", tmp_path / "r.xlsx"
    _audit(runner, db, report, language)
    actions, status, summary = NAMES[language]
    book = openpyxl.load_workbook(report)
    sheet = book[actions]
    header = [cell for cell in sheet[1] if cell.value == status]
    assert len(header) == 1 and header[0].comment is not None
    said = header[0].comment.text
    with lang.using(language):
        assert said == status_hint()
        summary_said = summary_hint()
    for word in _words(language):
        assert word in said, word
    assert "auditor record --from" in said
    # the prompt of each Status cell below it, on every row to type into
    letter = header[0].column_letter
    [prompt] = [v for v in sheet.data_validations.dataValidation if letter in str(v.sqref)]
    assert str(prompt.sqref) == f"{letter}2:{letter}{sheet.max_row}"
    assert prompt.prompt == said and prompt.showInputMessage
    # and the Summary, where its page has room (this one's has)
    cells = [c.value for row in book[summary].iter_rows() for c in row if c.value]
    assert summary_said in cells and "auditor record --from" in summary_said


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_words_it_names_are_recorded_by_record_from(tmp_path, language):
    """Each word the report names, typed as it says on a row of its own (a refund's
    with the amount back), is a record of its kind: none is refused."""
    runner, db, report = CliRunner(), tmp_path / "h.sqlite", tmp_path / "r.xlsx"
    _audit(runner, db, report, language)
    cancel, complaint, appeal, _, settle, _ = _words(language)
    word = STATUS_TYPED["refund"]
    refund = f"{word.zh if language == 'zh' else word.en} 6.00"
    _type(report, MIGU, 1, cancel, None, "2026-10-08")
    _type(report, MIGU, 2, complaint, "C-1", "2026-10-09")
    _type(report, MIGU, 3, appeal, "A-1", "2026-10-10")
    _type(report, MIGU, 4, refund, "R-1", "2026-10-11")
    _type(report, MIGU, 5, settle, None, "2026-10-12")  # closed, nothing more asked back
    args = ["record", "--from", str(report), "--db", str(db), "--lang", language]
    result = runner.invoke(cli.main, args)
    assert result.exit_code == 0, result.output
    made = sorted((r["kind"], r["amount"]) for r in _records(runner, db))
    expected = [
        ("appeal", None), ("cancel", None), ("complaint", None), ("refund", "6.00"),
        ("settle", None),
    ]  # fmt: skip
    assert made == expected


def test_a_line_closed_typed_as_named_is_a_cancellation_closing_the_line(tmp_path):
    runner, db, report = CliRunner(), tmp_path / "h.sqlite", tmp_path / "r.xlsx"
    _audit(runner, db, report, "en")
    _type(report, MIGU, 1, LINE_CLOSED_TYPED.en, None, "2026-10-08")
    result = runner.invoke(cli.main, ["record", "--from", str(report), "--db", str(db)])
    assert result.exit_code == 0, result.output
    [closed] = _records(runner, db)
    assert (closed["kind"], closed["line_closed"]) == ("cancel", True)
