"""A line the settings do not name, where they name the company's (or the family's)
lines, is shown as not in the settings wherever it stands, and kept out of the owners'
totals: a company's trial found a personal line's bill in a department's folder on top
of the Summary's table with no word, inside another department's block of By owner, its
money in the company's total; only stderr said it was not in the settings."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from cli_run import run
from test_summary_refunds_due import summary, to_do

pytestmark = pytest.mark.usefixtures("english")

MIGU = "咪咕视频会员"
OWNERS = {"13900001111": ("甲", "销售部"), "13900002222": ("乙", "研发部")}
STRANGER = "13912345678"
MARK = "(not in the settings)"


def _bills(folder: Path) -> None:
    """China Mobile bills of September and October for the two lines of the settings
    (咪咕 unknown on 甲's) and the stranger's (咪咕 too, dearer: 20.00 a month)."""
    folder.mkdir(parents=True, exist_ok=True)
    for line in (*OWNERS, STRANGER):
        migu = {"13900001111": "15.00", STRANGER: "20.00"}.get(line)
        for month in ("202609", "202610"):
            rows = [
                "手机号码,账期,费用类型,费用项目,金额(元)",
                f"{line},{month},套餐及固定费,4G飞享18元套餐,18.00",
            ]
            if migu:
                rows.append(f"{line},{month},增值业务费,{MIGU},{migu}")
            total = 1800 + (int(migu.replace(".", "")) if migu else 0)
            rows.append(f"{line},{month},合计,,{total // 100}.{total % 100:02d}")
            name = f"中国移动账单-{month[:4]}年{month[4:]}月-{line}.csv"
            (folder / name).write_text("\n".join(rows) + "\n", "utf-8")


def _audit(tmp: Path, settings: str) -> tuple[dict, Path]:
    (tmp / "auditor.toml").write_text(settings, "utf-8")
    _bills(tmp / "bills")
    report, target = tmp / "r.xlsx", tmp / "r.json"
    result = run(
        "audit", str(tmp / "bills"), "--as-of", "2026-11-05", "--known", str(tmp / "auditor.toml"),
        "-o", str(report), "--json", str(target), "-q",
    )  # fmt: skip
    assert result.exit_code in (0, 1), result.output
    return json.loads(target.read_text("utf-8")), report


def _company(tmp: Path) -> tuple[dict, Path]:
    lines = [f'[lines."{n}"]\nowner = "{o}"\ngroup = "{g}"' for n, (o, g) in OWNERS.items()]
    return _audit(tmp, "\n".join(lines) + "\n")


def _rows(report: Path, sheet: str) -> list[list]:
    book = openpyxl.load_workbook(report, read_only=True)
    rows = [list(row) for row in book[sheet].iter_rows(values_only=True)]
    book.close()
    return rows


def test_the_summary_labels_a_line_not_in_the_settings(tmp_path):
    data, report = _company(tmp_path)
    assert data["summary"]["not_in_settings"] == ["139****5678"]
    rows = summary(report)
    # 咪咕 on 甲's line and the stranger's: one thing to do, whose lines say so
    things = [row for row in to_do(rows, "Do these first") if len(row) > 2]
    [both] = [row for row in things if row[2].startswith(MIGU)]
    assert both[:2] == ["2 lines", f"{MARK}, 甲"]
    table = to_do(rows, "Each line's bill")
    assert [row[:2] for row in table if row[0] == "139****5678"] == [["139****5678", MARK]]
    [note] = [row[0] for row in rows if row and str(row[0]).startswith("139****5678 not in")]
    assert "checked, findings listed, money left out of the totals above and of the By " in note
    assert "add it to the settings file" in note and "auditor forget --line" in note
    findings = _rows(report, "Findings")
    col = findings[0].index("Owner")
    assert {row[col] for row in findings[1:] if "139****5678" in row} == {MARK}


def test_by_owner_gives_it_a_block_of_its_own_after_the_owners_total(tmp_path):
    _, report = _company(tmp_path)
    rows = _rows(report, "By owner")
    header, body = rows[0], rows[1:]
    money = header.index("Disputed")
    everyone = next(at for at, row in enumerate(body) if row[0] == "All")
    # the owners' total: their two lines and 甲's 30.00, none of the stranger's 40.00
    assert (body[everyone][2], body[everyone][money]) == (2, 30)
    # its things to do (咪咕 on 甲's line) are the Summary's less the stranger's: said so
    assert "the lines not in the settings left out" in body[everyone][3]
    [stranger] = body[everyone + 1 :]
    assert stranger[0] == "Not in the settings" and stranger[3] == "139****5678"
    assert (stranger[2], stranger[money]) == (1, 40)
    assert all("139****5678" not in str(row[3]) for row in body[:everyone])


def test_settings_naming_no_line_leave_every_line_the_users(tmp_path):
    data, report = _audit(tmp_path, 'known_services = ["彩铃"]\n')
    assert data["summary"]["not_in_settings"] == []
    rows = _rows(report, "By owner")
    assert not any("Not in the settings" in str(row[0]) for row in rows)
    assert not any(MARK in str(cell) for row in summary(report) for cell in row)
