"""The money left in unread rows (a fusion bill's 宽带账号 and 魔百和 rows, on no mobile
line; trial t14) said where a person looks first: the Summary's headline and counts, the
terminal, the JSON; and a bill whose gap is exactly that money said to add up.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from python_calamine import CalamineWorkbook
from test_fusion_bill import BROADBAND_CSV, MAIN, SETTINGS

from auditor import cli


def _audit(tmp_path: Path, folder: Path) -> dict[str, str]:
    (folder.parent / "auditor.toml").write_text(SETTINGS, "utf-8")
    out = tmp_path / "out"
    args = ["audit", str(folder), "--db", str(tmp_path / "h.db"), "--as-of", "2026-11-05"]
    args += ["-o", str(out / "r.xlsx"), "--json", str(out / "r.json")]
    run = CliRunner().invoke(cli.main, args)
    assert run.exit_code in (0, 3), run.output
    book = CalamineWorkbook.from_path(str(out / "r.xlsx"))
    sheets = {
        name: "\n".join(str(c) for row in book.get_sheet_by_name(name).to_python() for c in row)
        for name in book.sheet_names
    }
    return {**sheets, "json": (out / "r.json").read_text("utf-8"), "stdout": run.stdout}


def test_the_summary_says_the_money_in_unread_rows(tmp_path):
    folder = tmp_path / "wu" / "2026-10"
    folder.mkdir(parents=True)
    (folder / "中国移动家庭账单-202610.csv").write_text(BROADBAND_CSV, "utf-8")
    found = _audit(tmp_path, folder)
    assert "另有 ¥55.00 的费用在未读行中，未核对" in found["摘要"]
    assert "2 行未读（其中费用 ¥55.00 未核对" in found["摘要"]
    assert "2 行未读（其中费用 ¥55.00 未核对" in found["stdout"]
    summary = json.loads(found["json"])["summary"]
    assert (summary["rows_unread"], summary["unread_money"]) == (2, "55.00")
    [read] = json.loads(found["json"])["inputs"]
    assert read["rows"]["unread_money"] == "55.00"


def test_a_bill_whose_gap_is_its_unread_rows_says_it_adds_up(tmp_path):
    folder = tmp_path / "wu" / "2026-10"
    folder.mkdir(parents=True)
    (folder / f"{MAIN}-账单.csv").write_text(
        "账期,费用项目,金额(元)\n202610,全家享融合套餐199元,199.00\n"
        "2026-13,魔百和影视会员,25.00\n202610,本月费用合计,224.00\n",
        "utf-8",
    )
    found = json.loads(_audit(tmp_path, folder)["json"])
    [mismatch] = [f for f in found["findings"] if f["rule"] == "bill-total-mismatch"]
    assert "差额正是该文件未读行中的费用（25.00 元）：账单本身对得上" in mismatch["message"]
