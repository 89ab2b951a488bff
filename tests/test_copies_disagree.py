"""Two copies of one line's month that disagree are told, not set aside in silence: a
bill-reminder SMS saying 合计 55.60 beside the portal's detail of 53.60 is one month read
two ways. The file set aside says so (on the terminal too, without --verbose) with both
figures, which copy was counted and why; the month is not shown as reconciled
(``differs``: the Trend sheet's 两份不符, orange on the Summary). Copies that agree are
set aside as before, quietly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_run import run
from python_calamine import CalamineWorkbook

LINE = "18600005678"
ITEMS = (
    ("套餐及固定费", "冰激凌套餐29元", "29.00"),
    ("语音通信费", "国内通话费", "1.60"),
    ("增值业务费", "腾讯视频会员", "15.00"),
    ("增值业务费", "沃音乐会员", "10.00"),
    ("代收费", "手机报-新闻早晚报", "3.00"),
    ("优惠及减免", "话费优惠", "-5.00"),
)  # 53.60 in all, 增值业务费 25.00


def detail(folder: Path, items: tuple[tuple[str, str, str], ...] = ITEMS) -> Path:
    """The portal's October detail as CSV: every item, adding up to 53.60."""
    path = folder / f"{LINE}-费用明细-2026-10.csv"
    rows = "".join(f"{LINE},2026-10,{kind},{item},{amount}\n" for kind, item, amount in items)
    path.write_text("手机号码,账期,费用类型,费用项目,金额(元)\n" + rows, "utf-8")
    return path


def reminder(folder: Path, total: str, vas: str) -> Path:
    """October's bill-reminder SMS: its total and its main items (no year, as they come)."""
    path = folder / "账单短信.txt"
    path.write_text(
        f"【账单提醒】尊敬的{LINE}用户，您10月份账单合计{total}元，实际应付{total}元。"
        f"主要费用项包括：月固定费29元，增值业务费{vas}元，代收费（信息费）3元。【中国联通】\n",
        "utf-8",
    )
    return path


def audit(folder: Path, *given: Path, as_of: str = "2026-11-06", db: str = ""):
    """``auditor audit`` of ``given``; its result, its JSON and its workbook's path."""
    out = folder / f"out-{as_of}"
    history = ["--db", str(folder / db)] if db else ["--no-history"]
    result = run(
        "audit", *map(str, given), "--as-of", as_of, *history, "--no-mask",
        "-o", str(out / "r.xlsx"), "--json", str(out / "r.json"),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return result, json.loads((out / "r.json").read_text("utf-8")), out / "r.xlsx"


def warnings_of(data: dict, name: str) -> list[str]:
    [given] = [i for i in data["inputs"] if Path(i["path"]).name == name]
    return given["warnings"]


def sheet_text(book: Path, name: str) -> str:
    rows = CalamineWorkbook.from_path(str(book)).get_sheet_by_name(name).to_python()
    return "\n".join(str(cell) for row in rows for cell in row)


def test_an_sms_total_the_portal_does_not_give_is_told_with_both_figures(tmp_path):
    csv, sms = detail(tmp_path), reminder(tmp_path, "55.60", "27")
    result, data, book = audit(tmp_path, sms, csv)
    [told] = [w for w in warnings_of(data, sms.name) if "不符" in w]
    assert "合计 ¥55.60" in told and f"{csv.name} 的 ¥53.60" in told
    assert "计入的是那一份（完整账单优先于只列主要费用项的提醒）" in told
    assert "本文件的这一份未计入" in told and "请核对哪一份是对的" in told
    assert told in result.output  # on the terminal, without --verbose
    assert not [w for w in warnings_of(data, csv.name) if "不符" in w]
    # the month is the counted copy's, but not shown as reconciled
    [month] = data["summary"]["months"]
    assert (month["total"], month["reconciled"]) == ("53.60", "differs")
    assert "两份不符" in sheet_text(book, "趋势")
    assert "橙色：同一个月的两份账单" in sheet_text(book, "摘要")


def test_the_same_total_with_another_category_amount_is_told_by_its_category(tmp_path):
    csv, sms = detail(tmp_path), reminder(tmp_path, "53.60", "27")
    _, data, _ = audit(tmp_path, csv, sms)
    [told] = [w for w in warnings_of(data, sms.name) if "不符" in w]
    assert "本文件的增值业务费 ¥27.00" in told and f"{csv.name} 的 ¥25.00" in told
    assert data["summary"]["months"][0]["reconciled"] == "differs"


def test_a_month_whose_copies_disagree_is_not_called_clean(tmp_path):
    # Nothing found: the Summary's headline says so, and that the month's copies disagree
    # (the one not counted may be the right one).
    csv = detail(tmp_path, ITEMS[:2])  # 30.60
    sms = tmp_path / "账单短信.txt"
    sms.write_text(
        f"【账单提醒】尊敬的{LINE}用户，您10月份账单合计32.60元，实际应付32.60元。"
        "主要费用项包括：月固定费29元。【中国联通】\n",
        "utf-8",
    )
    _, data, book = audit(tmp_path, sms, csv)
    assert not data["findings"]
    summary = sheet_text(book, "摘要")
    assert "没有发现多扣的费用（1 个月的两份账单金额不符，见「输入文件」表）" in summary


def test_copies_that_agree_are_set_aside_quietly(tmp_path):
    csv, sms = detail(tmp_path), reminder(tmp_path, "53.60", "25")
    result, data, _ = audit(tmp_path, sms, csv)
    assert [w for w in warnings_of(data, sms.name) if "同一账单也在" in w]
    assert not [w for i in data["inputs"] for w in i["warnings"] if "不符" in w]
    assert "同一账单也在" not in result.output  # a plain copy: for --verbose
    assert data["summary"]["months"][0]["reconciled"] != "differs"


@pytest.mark.usefixtures("english")
def test_the_warning_in_english(tmp_path):
    csv, sms = detail(tmp_path), reminder(tmp_path, "55.60", "27")
    _, data, _ = audit(tmp_path, sms, csv)
    [told] = [w for w in warnings_of(data, sms.name) if "is not the" in w]
    assert f"this file's total ¥55.60 is not the ¥53.60 of {csv}" in told
    assert "that one was counted (a whole bill before a reminder of its main items)" in told
    assert "check which is right" in told


@pytest.mark.usefixtures("december")
def test_a_copy_the_history_holds_is_told_on_the_file_given_now(tmp_path):
    # The SMS alone in November's first audit; the portal's detail given later: it is
    # counted, and as the SMS is no input now, the detail says what the history held.
    folder = tmp_path / "bills"
    folder.mkdir()
    sms, csv = reminder(folder, "55.60", "27"), detail(folder)
    audit(tmp_path, sms, db="h.sqlite")
    result, data, _ = audit(tmp_path, csv, as_of="2026-11-20", db="h.sqlite")
    [told] = [w for w in warnings_of(data, csv.name) if "不符" in w]
    assert "本文件的合计 ¥53.60" in told and "的 ¥55.60 不符" in told
    assert f"{sms}（历史记录，2026-11-06 的检查读取）" in told
    assert "这次计入本文件（完整账单优先于只列主要费用项的提醒）" in told
    assert told in result.output
    october = [m for m in data["summary"]["months"] if m["period"] == "2026-10"]
    assert [m["reconciled"] for m in october] == ["differs"]
    shown = run("history", "--db", str(tmp_path / "h.sqlite"))
    assert shown.exit_code == 0, shown.output
    [row] = [r for r in shown.output.splitlines() if r.strip().startswith("2026-10")]
    assert "两份不符" in row


@pytest.mark.usefixtures("december")
def test_a_copy_given_after_the_one_the_history_holds_names_it(tmp_path):
    folder = tmp_path / "bills"
    folder.mkdir()
    sms, csv = reminder(folder, "55.60", "27"), detail(folder)
    audit(tmp_path, csv, db="h.sqlite")
    _, data, _ = audit(tmp_path, sms, as_of="2026-11-20", db="h.sqlite")
    [told] = [w for w in warnings_of(data, sms.name) if "不符" in w]
    assert f"合计 ¥55.60 与 {csv}（历史记录，2026-11-06 的检查读取） 的 ¥53.60 不符" in told
    assert "本文件的这一份未计入" in told
