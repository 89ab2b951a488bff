"""Trial t7's P1, as a user runs it: a rise whose month before may have been charged by
the day (no service list dates the plan) keeps the spec's medium, its hedge, and costs a
year what its message says, in the finding, the JSON's Summary and the workbook's."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from cli_run import run

pytestmark = pytest.mark.usefixtures("december", "english")

LINE = "13900000019"


def bills_folder(tmp_path: Path, month: str, items: list[tuple[str, str, str]]) -> Path:
    """A folder of one CSV bill of the line for ``month`` (2026), its ``items`` and total."""
    folder = tmp_path / f"bills-{month}"
    folder.mkdir()
    rows = ["手机号码,账期,费用类型,费用项目,金额(元)"]
    rows += [f"{LINE},2026{month},{c},{i},{a}" for c, i, a in items]
    rows.append(f"{LINE},2026{month},合计,,{sum(Decimal(a) for _, _, a in items)}")
    (folder / f"中国移动账单-{LINE}-2026年{month}月.csv").write_text(
        "\n".join(rows) + "\n", "utf-8"
    )
    return folder


def audit_json(tmp_path: Path, folder: Path, as_of: str) -> tuple[dict, Path]:
    """``auditor audit`` of ``folder`` on ``as_of``, one history for the test: its JSON
    and its workbook."""
    out, book = tmp_path / f"{folder.name}.json", tmp_path / f"{folder.name}.xlsx"
    result = run(
        "--lang", "en", "audit", str(folder), "--as-of", as_of,
        "--db", str(tmp_path / "h.sqlite"), "-o", str(book), "--json", str(out),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return json.loads(out.read_text("utf-8")), book


def test_an_unsure_rise_costs_a_year_what_its_message_says_everywhere(tmp_path):
    folder = tmp_path / "bills"
    folder.mkdir()
    for month, amount in (("09", "18.00"), ("10", "28.00")):
        one = bills_folder(tmp_path, month, [("套餐及固定费", "任我行套餐", amount)])
        for path in one.iterdir():
            path.rename(folder / path.name)
    found, book = audit_json(tmp_path, folder, "2026-11-05")
    [rise] = found["findings"]
    assert rise["details"]["first_month_unsure"] is True
    assert "If it started during 2026-09" in rise["message"]  # the hedge stays
    assert "120.00 yuan a year" in rise["message"]
    assert (rise["severity"], rise["monthly"], rise["yearly"]) == ("medium", "10.00", "120.00")
    assert found["summary"]["yearly"] == "120.00"
    assert found["summary"]["findings"]["medium"] == 1
    cells = [c for row in openpyxl.load_workbook(book)["Summary"].iter_rows(values_only=True)
             for c in row if c is not None]  # fmt: skip
    assert any("¥120.00 a year" in str(c) for c in cells), cells
