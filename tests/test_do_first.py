"""The Summary's things to do first, as a household's trial followed them: the step each
shows is the one Follow-up gives (a charge after the service list's own cancellation:
complain now, not look the list up again)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from cli_run import run
from python_calamine import CalamineWorkbook
from test_refunds_due import LINE

pytestmark = pytest.mark.usefixtures("december")

HOUSEHOLD = Path(__file__).resolve().parent.parent / "fixtures" / "household"
TITLES = {"zh": ("摘要", "先做这些", "跟进"), "en": ("Summary", "Do these first", "Follow-up")}
NEWS = "手机报"
STEP = 5  # the things to do's step column (F, merged to I)


def _run(tmp: Path, *args: str) -> None:
    result = run(*args, "--db", str(tmp / "h.sqlite"))
    assert result.exit_code in (0, 1), result.output


def _record(tmp: Path, kind: str, service: str, on: str, *extra: str) -> None:
    _run(tmp, "record", kind, "--line", LINE, "--service", service, "--on", on, *extra)


def _audit(tmp: Path, folder: str, as_of: str, language: str) -> dict:
    out = tmp / f"{folder}-{as_of}-{language}"
    _run(tmp, "--lang", language, "audit", str(tmp / folder), "--as-of", as_of,
         "-o", f"{out}.xlsx", "--json", f"{out}.json", "-q")  # fmt: skip
    return json.loads(Path(f"{out}.json").read_text("utf-8"))


def _rows(path: Path, sheet: str) -> list[list[str]]:
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()
    return [[str(cell) for cell in row] for row in rows]


def _do_first(path: Path, language: str) -> list[list[str]]:
    """The things to do first: the rows under its title and header, to the first row
    without a service."""
    rows = _rows(path, TITLES[language][0])
    start = next(i for i, row in enumerate(rows) if row[0] == TITLES[language][1]) + 2
    end = next(i for i in range(start, len(rows)) if not rows[i][2])
    return rows[start:end]


def _step_of(rows: list[list[str]], service: str, column: str) -> list[str]:
    """The cells of ``column`` (named in the header row above) of the rows about
    ``service`` charged after cancelling."""
    cells = []
    for at, row in enumerate(rows):
        if any(service in cell for cell in row) and any("退订后仍扣费" in c for c in row):
            header = next(r for r in reversed(rows[:at]) if column in r)
            cells.append(row[header.index(column)])
    return cells


def test_the_summary_shows_follow_ups_step_for_a_charge_the_list_says_ended(tmp_path):
    # 视频彩铃订阅-酷电秀专属6元包: cancelled 2026-09-15 as the household's own list says,
    # charged in October, nothing recorded about it
    shutil.copytree(HOUSEHOLD, tmp_path / "bills")
    report = _audit(tmp_path, "bills", "2026-11-05", "zh")
    service = "视频彩铃订阅-酷电秀专属6元包"
    [found] = [f for f in report["findings"] if f["service"] == service]
    step = found["next"]["text"]
    assert step.startswith("2026-09-15 14:02 退订后仍扣费：现在投诉")
    book = tmp_path / "bills-2026-11-05-zh.xlsx"
    columns = {"摘要": "下一步", "按业务": "下一步", "跟进": "下一步或结果"}
    shown = {
        sheet: _step_of(_rows(book, sheet), service, column) for sheet, column in columns.items()
    }
    assert shown == {"摘要": [step], "按业务": [step], "跟进": [step]}
    assert step != found["actions"][0]["text"]  # not the Actions' first step, a look-up
