"""Two SP services billed as 信息费 (A100 手机报, B200 游戏点播), each bill naming its SP
(SP名称: 某某科技, 游戏公司): each finding is shown under one name wherever it is shown,
the workbook's and ``auditor history``'s alike (the name the list gives its entry, which
the history keeps too)."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest
from cli_run import run
from test_same_name_claims import NAME, _bills

pytestmark = pytest.mark.usefixtures("december")

SHOWN = {"信息费（手机报）", "信息费（游戏点播）"}


def _with_providers(folder: Path) -> Path:
    """:func:`_bills`, each 信息费 row naming its SP (SP名称), as some bills do."""
    _bills(folder)
    sp = {"A100": "某某科技", "B200": "游戏公司"}
    for bill in folder.glob("中国移动账单-*.csv"):
        head, *rows = bill.read_text("utf-8").splitlines()
        named = [f"{row},{next((n for c, n in sp.items() if f',{c},' in row), '')}" for row in rows]
        bill.write_text("\n".join([f"{head},SP名称", *named]) + "\n", "utf-8")
    return folder


def _audit(tmp_path: Path, as_of: str, *extra: str):
    result = run(
        "--lang", "zh", "audit", str(tmp_path / "bills"), "--as-of", as_of,
        "--db", str(tmp_path / "h.sqlite"), "-o", str(tmp_path / f"{as_of}.xlsx"), *extra,
    )  # fmt: skip
    assert result.exit_code in (0, 1), result.output
    return result


def test_the_workbook_and_the_history_show_one_name(tmp_path):
    _with_providers(tmp_path / "bills")
    _audit(tmp_path, "2026-11-05")
    book = openpyxl.load_workbook(tmp_path / "2026-11-05.xlsx")
    cells = {c for row in book["发现"].iter_rows(values_only=True) for c in row}
    in_book = {c for c in cells if isinstance(c, str) and re.fullmatch(f"{NAME}（[^（）]+）", c)}
    history = run("--lang", "zh", "history", "--db", str(tmp_path / "h.sqlite")).stdout
    in_history = {s for s in in_book if f" {s} " in history}
    assert in_book == in_history == SHOWN, (in_book, history)
