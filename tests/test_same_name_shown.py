"""Two SP services billed as 信息费 (A100 手机报, B200 游戏点播), each bill naming its SP
(SP名称: 某某科技, 游戏公司): each finding is shown under one name wherever it is shown,
the workbook's and ``auditor history``'s alike (the name the list gives its entry, which
the history keeps too), and told apart where the terminal lists it resolved and where
``auditor history`` lists it as a notice."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from cli_run import run
from test_same_name_claims import LINE, NAME, _bills

from auditor.history.findings import Seen
from auditor.lang import using
from auditor.overview import LineHistory
from auditor.rules.next_month_effective import NextMonthEffective
from auditor.writers.history_text import line_text
from auditor.writers.safe import Masker

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


def test_the_terminal_tells_resolved_ones_apart(tmp_path):
    _with_providers(tmp_path / "bills")
    _audit(tmp_path, "2026-11-05")
    settings = tmp_path / "auditor.toml"
    settings.write_text('known_services = ["手机报", "游戏点播"]\n', "utf-8")
    shown = _audit(tmp_path, "2026-11-20", "--known", str(settings)).stdout
    resolved = [row for row in shown.splitlines() if row.lstrip().startswith("已解决 ")]
    assert {s for row in resolved for s in SHOWN if row.endswith(f" {s}")} == SHOWN, shown


def test_history_tells_notices_apart_as_it_tells_open_ones(monkeypatch):
    # no notice's rule gathers by entry yet: as if one did, two notices under one name
    monkeypatch.setattr(NextMonthEffective, "by_entry", True)
    seen = Seen(
        "F1", NextMonthEffective.id, LINE, NAME, date(2026, 11, 5), date(2026, 11, 5), None,
        "", ("2026-12",), names=(NAME, "手机报"), grouped_by="手机报",
    )  # fmt: skip
    other = replace(seen, id="F2", names=(NAME, "游戏点播"), grouped_by="游戏点播")
    with using("zh"):
        text = line_text(LINE, None, LineHistory(notices=[seen, other]), Masker(False))
    notices = [row for row in text.splitlines() if row.startswith("  提示：")]
    assert {s for row in notices for s in SHOWN if f" {s}（" in row} == SHOWN, text
