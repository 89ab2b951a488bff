"""A table of each line's total alone (a company bill's second sheet, 号码汇总: 用户号码 |
账期 | 本月费用合计) is a summary, said so when it is left out, not "could not detect
line"; and a document naming several lines is never told to give --line, which would
read them all as one."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from cli_run import run

LINES = ("18600100001", "18600100002")


def company_book(folder: Path) -> Path:
    """A Unicom group bill: its items on 账单明细, each line's total on 号码汇总."""
    book = openpyxl.Workbook()
    detail = book.active
    detail.title = "账单明细"
    detail.append(["用户号码", "账期", "费用类别", "费用项目", "金额(元)"])
    for line in LINES:
        detail.append([line, "202610", "月固定费", "5G畅爽冰激凌129元", 129.0])
        detail.append([line, "202610", "增值业务费", "来电显示", 6.0])
    summary = book.create_sheet("号码汇总")
    summary.append(["用户号码", "账期", "本月费用合计(元)"])
    for line in LINES:
        summary.append([line, "202610", 135.0])
    summary.append(["合计", "", 270.0])
    path = folder / "联通集团账单-2026年10月.xlsx"
    book.save(path)
    return path


def audit(path: Path, lang: str):
    return run(
        "--lang", lang, "audit", str(path), "--no-history", "--as-of", "2026-11-05",
        "-o", str(path.parent / "r.xlsx"), "--json", "-", "--quiet",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("lang", "said"),
    [("zh", "工作表「号码汇总」（4 行）未读取：每行只是一个号码的合计（2 个号码），没有费用项目："
            "是汇总表，不是账单明细，没有可检查的费用"),
     ("en", "sheet '号码汇总' (4 rows) left out: each row is one line's total (2 lines), with "
            "no items: a summary, not a bill's detail; nothing in it to audit")],
)  # fmt: skip
def test_a_sheet_of_each_lines_total_is_left_out_as_a_summary(tmp_path, lang, said):
    result = audit(company_book(tmp_path), lang)
    assert result.exit_code == 0, result.output
    [given] = json.loads(result.stdout)["inputs"]
    assert given["warnings"] == [said]
    assert "--line" not in result.output
    assert len(json.loads(result.stdout)["summary"]["lines"]) == 2  # both read from 账单明细


def test_a_file_of_each_lines_total_alone_is_refused_as_a_summary(tmp_path):
    path = tmp_path / "号码汇总.csv"
    path.write_text(
        "用户号码,账期,本月费用合计(元)\n"
        + "".join(f"{line},202610,135.00\n" for line in LINES)
        + "合计,,270.00\n",
        "utf-8",
    )
    result = audit(path, "en")
    assert result.exit_code == 2
    assert "each row is one line's total (2 lines), with no items" in result.stderr
    assert "--line" not in result.stderr


def test_a_statement_naming_several_lines_is_not_told_to_give_one(tmp_path):
    path = tmp_path / "账单.csv"
    path.write_text(
        "账单\n基本套餐费 用户18600100001,29.00\n基本套餐费 用户18600100002,19.00\n来电显示,6.00\n",
        "utf-8",
    )
    result = audit(path, "en")
    assert result.exit_code == 2
    assert "the file names 2 lines but not whose each charge is" in result.stderr
    assert "--line" not in result.stderr


def test_a_statement_of_no_line_still_hears_of_line(tmp_path):
    path = tmp_path / "账单.csv"
    path.write_text("账单 2026年10月\n基本套餐费,29.00\n来电显示,6.00\n", "utf-8")
    result = audit(path, "en")
    assert result.exit_code == 2
    assert "could not detect line" in result.stderr and "give --line" in result.stderr
