"""Every sheet a message sends the user to is one the report has, in both languages: the
names come from :mod:`auditor.sheets`, the workbook's own, never typed again."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from auditor import lang
from auditor.readers import ReadOptions, read_file
from auditor.rules import RULES
from auditor.sheets import SHEETS, UNREAD

ROOT = Path(__file__).resolve().parent.parent
ZH_NAMES = {sheet.zh for sheet in SHEETS}
EN_NAMES = {sheet.en for sheet in SHEETS}
RULE_NAMES = {rule.label_zh for rule in RULES}
BLURRED = ROOT / "fixtures" / "ocr" / "screens" / "13800001234-2026年10月账单-模糊.png"

# How a message names a sheet: 「未读行」表, “处理步骤”工作表, 在处理步骤表; the Unread rows
# sheet, its Actions sheet's, see Follow-up.
_ZH_QUOTED = re.compile(r"[「“\"]([^」”\"\s]{1,12})[」”\"](?:工作)?表(?!格|头)")
# 见“未读取的行”, quoted without 表: a sheet's name, or a finding's (见「退订后仍扣费」).
_ZH_SEE = re.compile(r"见(?:报告)?的?[「“\"]([^」”\"\s]{1,12})[」”\"](?!(?:工作)?表)")
# A name told bare (在报告的处理步骤表中) holds no 的, 个, 这 (列在这个号码的表下 is no sheet).
_ZH_BARE = re.compile(
    r"(?:见|在|报告)(?:报告)?的?((?:(?![的个这那])[\u4e00-\u9fff]){2,6}?)(?:工作)?表(?![格头])"
)
_EN_SHEET = re.compile(
    r"(?:the|its|report's|no|an?)\s+((?:[A-Z][a-z]+)(?:[ -][a-z]+)?)\s+sheet(?!s? name)"
)
_EN_SEE = re.compile(r"\bsee (?:the )?([A-Z][a-z]++(?:[ -][a-z]++)?+)(?! sheet)")


def _message_strings(path: Path) -> list[tuple[int, str]]:
    """The string constants of a module (the parts of f-strings too) but its docstrings,
    which are for developers."""
    tree = ast.parse(path.read_text("utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docstrings.add(id(body[0].value))
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        if id(node) not in docstrings
    ]


def _quoted_sheets() -> list[tuple[str, str, str]]:
    """(where, language, name) of every sheet name a message spells out."""
    found = []
    for path in sorted((ROOT / "auditor").rglob("*.py")):
        for line, text in _message_strings(path):
            where = f"{path.relative_to(ROOT)}:{line}"
            for pattern in (_ZH_QUOTED, _ZH_BARE):
                found += [(where, "zh", name) for name in pattern.findall(text)]
            found += [(where, "zh-see", name) for name in _ZH_SEE.findall(text)]
            for pattern in (_EN_SHEET, _EN_SEE):
                found += [(where, "en", name) for name in pattern.findall(text)]
    return found


def test_the_scan_finds_what_a_message_would_quote():
    # the patterns themselves: a test that finds nothing must be able to
    texts = (
        "见“未读取的行”表；在报告的处理步骤表记下；列在这个号码的表下；位置见“未读的行”；"
        "see the Unread lines sheet; see Follow up"
    )
    zh = [*_ZH_QUOTED.findall(texts), *_ZH_BARE.findall(texts), *_ZH_SEE.findall(texts)]
    en = [*_EN_SHEET.findall(texts), *_EN_SEE.findall(texts)]
    assert zh == ["未读取的行", "处理步骤", "未读的行"] and en == ["Unread lines", "Follow up"]


def test_every_sheet_a_message_names_is_a_sheet_of_the_report():
    wrong = [
        (where, language, name)
        for where, language, name in _quoted_sheets()
        if name not in {"zh": ZH_NAMES, "zh-see": ZH_NAMES | RULE_NAMES, "en": EN_NAMES}[language]
    ]
    assert wrong == []


@pytest.mark.parametrize("language", ["zh", "en"])
def test_a_blurred_screenshot_sends_the_user_to_the_unread_rows_sheet(language):
    with lang.using(language):
        result = read_file(BLURRED, ReadOptions())
    (alert,) = [a for a in result.alerts if "OCR" in a]
    if language == "zh":
        assert alert.endswith(f"它们在图片中的位置见「{UNREAD.zh}」表")
        assert "「未读行」表" in alert  # the name the Chinese workbook gives the sheet
    else:
        assert f"see the {UNREAD.en} sheet" in alert and "see the Unread rows sheet" in alert
