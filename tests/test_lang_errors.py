"""What a user reads about an input that could not be read, in one language at a time.

A few representative messages (a file that cannot be decoded, a row with a bad amount, a
screenshot and a Word document skipped, a history database that is not auditor's or is
from a newer auditor) come out in Chinese under ``zh`` and in English under ``en``: one
line each, naming the file, and in Chinese without the English words.
"""

from __future__ import annotations

import re
import sqlite3
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from auditor import lang
from auditor.errors import InputError, located, quoted
from auditor.history.db import HistoryError, open_history
from auditor.history.from_report import typed_rows
from auditor.history.schema import SCHEMA_VERSION
from auditor.progress import say_read
from auditor.readers import ReadOptions, read_file

#: Words of the English messages; none may be left in a Chinese one.
_ENGLISH_WORDS = re.compile(r"\b(?:not|the|could|file|row|skipped|history|give|amount)\b")


def _stderr(capsys, path: Path) -> str:
    """What the audit prints on stderr about ``path``'s reading (its error or skip)."""
    say_read([read_file(path, ReadOptions())], mask=lambda text: text)
    return capsys.readouterr().err


def _one_line(text: str) -> str:
    assert text.endswith("\n") and text.count("\n") == 1, text
    return text.rstrip("\n")


def _chinese(text: str) -> None:
    assert re.search(r"[\u4e00-\u9fff]", text), text
    assert not _ENGLISH_WORDS.search(text), text


def _undecodable(tmp_path: Path) -> Path:
    path = tmp_path / "账单.csv"
    path.write_bytes(b"\xff\xfe\x00\x00\x81\x30\x00bill\x00\x80")
    return path


def test_a_file_that_cannot_be_decoded(tmp_path, capsys):
    path = _undecodable(tmp_path)
    with lang.using("zh"):
        said = _one_line(_stderr(capsys, path))
    assert said == f"auditor: {path}：不是 UTF-8 或 GBK/GB18030 编码的文本"
    _chinese(said.removeprefix(f"auditor: {path}"))
    with lang.using("en"):
        said = _one_line(_stderr(capsys, path))
    assert said == f"auditor: {path}: not text in UTF-8 or GBK/GB18030"


def _bad_amount(tmp_path: Path) -> Path:
    path = tmp_path / "13800001234-2026年10月.csv"
    path.write_text("费用项目,金额\n月租费,58.00\n来电显示,abc\n", "utf-8")
    return path


@pytest.mark.parametrize(
    ("language", "locator", "reason"),
    [("zh", "第 3 行", "金额“abc”不是数字"), ("en", "row 3", "not an amount: 'abc'")],
)
def test_a_row_with_a_bad_amount(tmp_path, language, locator, reason):
    with lang.using(language):
        result = read_file(_bad_amount(tmp_path), ReadOptions())
    assert result.error is None
    [issue] = result.unparseable
    assert (issue.locator, issue.reason, issue.text) == (locator, reason, "来电显示 abc")
    assert [c.amount_fen for c in result.charges] == [5800]


@pytest.mark.parametrize("name", ["截图.heic", "账单.doc"])
def test_a_screenshot_or_a_word_document_is_skipped_saying_what_to_do(tmp_path, capsys, name):
    path = tmp_path / name
    path.write_bytes(b"\x00" * 64)
    with lang.using("zh"):
        said = _one_line(_stderr(capsys, path))
    assert said.startswith(f"auditor: {path}：已略过：")
    assert "导出 PDF、Excel 或 CSV 账单" in said
    _chinese(said.removeprefix(f"auditor: {path}"))
    with lang.using("en"):
        said = _one_line(_stderr(capsys, path))
    assert said.startswith(f"auditor: {path}: skipped: ")
    assert "export the bill" in said


def _newer_history(tmp_path: Path) -> Path:
    path = tmp_path / "history.sqlite"
    with lang.using("en"), open_history(path) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    return path


def _foreign_database(tmp_path: Path) -> Path:
    path = tmp_path / "notes.sqlite"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE notes (text TEXT)")
    connection.close()
    return path


@pytest.mark.parametrize(
    ("make", "zh", "en"),
    [
        (_newer_history, "由更新版本的 auditor 写入", "written by a newer auditor"),
        (_foreign_database, "不是 auditor 的历史记录", "not auditor's history"),
    ],
)
def test_a_history_database_that_is_not_this_auditors(tmp_path, make, zh, en):
    path = make(tmp_path)
    before = path.read_bytes()
    for language, words in (("zh", zh), ("en", en)):
        with lang.using(language), pytest.raises(HistoryError) as raised, open_history(path):
            pass
        message = str(raised.value)
        assert "\n" not in message and message.startswith(str(path)), message
        assert words in message and "--db" in message
        if language == "zh":
            _chinese(message.removeprefix(str(path)))
    assert path.read_bytes() == before  # left as it is, in either language


def test_an_error_is_made_in_the_language_active_when_it_is_raised(tmp_path):
    with lang.using("zh"):
        error = InputError(str(tmp_path / "a.pdf"), "PDF 已损坏", "第 2 页")
    with lang.using("en"):
        assert str(error) == f"{tmp_path / 'a.pdf'}（第 2 页）：PDF 已损坏"
        assert located("row 3", "x") == "row 3: x"


def test_a_quoted_value_stays_on_one_line_in_either_language():
    with lang.using("zh"):
        assert quoted("a\nb") == "“a\\nb”"
        assert quoted(1.5) == "“1.5”"
    with lang.using("en"):
        assert quoted("a\nb") == "'a\\nb'"


def test_a_report_written_in_chinese_only_is_read_back(tmp_path):
    # Reports name their Actions sheet and its columns in the language they were written in.
    book = openpyxl.Workbook()
    actions = book.active
    actions.title = "处理步骤"
    actions.append(["#", "状态", "工单号", "日期", "编号"])
    actions.append([1, "已退订", "T-1", "2026-10-08", "f1 f2"])
    actions.append([2, "打过电话了", None, "2026-10-08", "f3"])
    path = tmp_path / "r.xlsx"
    book.save(path)
    with lang.using("zh"):
        typed, problems = typed_rows(path, date(2026, 11, 1))
    assert [(t.row, t.kind, t.ticket, t.finding_ids) for t in typed] == [
        (2, "cancel", "T-1", ("f1", "f2"))
    ]
    [problem] = problems
    assert problem.startswith(f"{path}：第 3 行：状态“打过电话了”")
    _chinese(problem.removeprefix(str(path)))


def test_an_english_report_is_read_back_and_its_problems_said_in_english(tmp_path):
    book = openpyxl.Workbook()
    actions = book.active
    actions.title = "Actions"
    actions.append(["#", "Status", "Ticket", "Date", "Finding ids"])
    actions.append([1, "refund", None, "2026-10-08", "f1"])
    path = tmp_path / "r.xlsx"
    book.save(path)
    with lang.using("en"):
        typed, problems = typed_rows(path, date(2026, 11, 1))
    assert typed == []
    assert problems == [f"{path}: row 2: a refund without its amount ('refund': write 退款 15.00)"]
