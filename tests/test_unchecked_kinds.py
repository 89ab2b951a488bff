"""The terminal's and the Summary's count of the lines not checked says why, as each
line's own text does: its file could not be read, only an older month was given, none
was. It said "no bill given" of them all, of a line whose file the user had given and
the tool could not read too."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from cli_run import run
from python_calamine import CalamineWorkbook
from test_unchecked_month import FACTORY, SALES, _bill

pytestmark = pytest.mark.usefixtures("december")

#: A third line, 仓库's, whose October bill is given: October is the month audited.
STORE = "13900003333"

SAID = {
    "en": (
        "2 lines not checked: 1 file unreadable, 1 only an older month given (see Follow-up)",
        "; 2 lines not checked (1 file unreadable, 1 only an older month given: see Follow-up)",
        "Summary",
    ),
    "zh": (
        "未核对 2 个号码：文件未能读取 1 个，只给了较早月份 1 个（见「跟进」表）",
        "；另有 2 个号码未核对（文件未能读取 1 个，只给了较早月份 1 个，见「跟进」表）",
        "摘要",
    ),
}


def _audit(tmp_path: Path, folder: Path, on: str, settings: Path, language: str):
    """``auditor audit`` of ``folder`` dated ``on`` in ``language`` into the one history:
    its result and the folder of its workbook (``r.xlsx``) and JSON (``r.json``)."""
    out = tmp_path / on
    out.mkdir()
    result = run(
        "audit", str(folder), "--as-of", on, "--db", str(tmp_path / "h.sqlite"),
        "--known", str(settings), "--lang", language,
        "-o", str(out / "r.xlsx"), "--json", str(out / "r.json"),
    )  # fmt: skip
    assert result.exit_code in (0, 3), result.output
    return result, out


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_count_of_lines_not_checked_says_why_each_was_not(tmp_path: Path, language):
    owners = ((SALES, "张三", "销售部"), (FACTORY, "李四", "工厂"), (STORE, "王五", "仓库"))
    settings = tmp_path / "auditor.toml"
    table = [
        f'[lines."{line}"]\nowner = "{who}"\ngroup = "{group}"\n' for line, who, group in owners
    ]
    settings.write_text('account = "company"\n' + "".join(table), "utf-8")
    for line, group in ((SALES, "销售部"), (FACTORY, "工厂"), (STORE, "仓库")):
        _bill(tmp_path / "2026-09" / group, line, "202609")
    _audit(tmp_path, tmp_path / "2026-09", "2026-10-06", settings, language)
    folder = tmp_path / "2026-10"
    _bill(folder / "仓库", STORE, "202610")
    _bill(folder / "销售部", SALES, "202609")  # September's again: an older month
    (folder / "工厂").mkdir(parents=True)
    (folder / "工厂" / f"{FACTORY}-账单-202610.xlsx").write_bytes(b"not a workbook")
    result, out = _audit(tmp_path, folder, "2026-11-06", settings, language)
    assert result.exit_code == 3, result.output  # the file that failed, said as ever
    data = json.loads((out / "r.json").read_text("utf-8"))
    assert {each["line"] for each in data["not_checked"]} == {"139****1111", "139****2222"}
    terminal, headline, sheet = SAID[language]
    assert terminal in result.stdout
    assert "no bill given" not in result.stdout and "没有给出账单" not in result.stdout
    book = CalamineWorkbook.from_filelike(io.BytesIO((out / "r.xlsx").read_bytes()))
    assert headline in book.get_sheet_by_name(sheet).to_python()[1][0]
