"""Two bills of one line's month with nothing in common are no copies of one bill (trial
t14's c6): a 宽带账号's bill named with the main card's number, beside the main card's own
bill, set that bill's 199.00 plan aside as a differing copy, the first read winning. The
bill holding the plan is counted; the file set aside says it is another bill of the month,
which was counted and why, its items unchecked, a plan charge among them said loudly."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from cli_run import run

from auditor import lang
from auditor.bill_check import BillCheck
from auditor.model import Bill, Charge
from auditor.readers import ReadOptions, read_file
from auditor.two_bills import different_bills, told_apart, undecided

LINE = "13912340001"
BROADBAND = "宽带账号：051262001234\n账期：2026年10月\n费用类别,费用项目,金额(元)\n"


def bill(folder: Path, name: str, head: str, items: list[tuple[str, str, str]]) -> Path:
    """A CSV bill of October: ``head`` above its header row, its items and its total."""
    total = sum(float(amount) for _, _, amount in items)
    rows = "".join(f"{kind},{item},{amount}\n" for kind, item, amount in items)
    path = folder / name
    path.write_text(f"{head}{rows}本月费用合计,,{total:.2f}\n", "utf-8")
    return path


def audit(folder: Path) -> tuple[str, dict]:
    out = folder / "out"
    result = run(
        "audit", str(folder / "2026-10"), "--as-of", "2026-11-05", "--no-history",
        "--no-mask", "-o", str(out / "r.xlsx"), "--json", str(out / "r.json"),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return result.output, json.loads((out / "r.json").read_text("utf-8"))


def warnings_of(data: dict, name: str) -> list[str]:
    [given] = [i for i in data["inputs"] if Path(i["path"]).name == name]
    return given["warnings"]


def test_a_broadband_bill_named_with_the_line_leaves_its_own_bill_counted(tmp_path):
    folder = tmp_path / "2026-10"
    folder.mkdir()
    head = "账期：2026年10月\n费用类别,费用项目,金额(元)\n"
    # read first (宽 sorts before 手): as copies, it was the one counted
    film, plan = (
        ("增值业务费", "魔百和影视会员", "25.00"),
        ("套餐及固定费", "全家享融合套餐199元", "199.00"),
    )
    other = bill(folder, f"{LINE}-宽带账单-202610.csv", BROADBAND, [film])
    bill(folder, f"{LINE}-手机账单-202610.csv", head, [plan])
    output, data = audit(tmp_path)
    [month] = data["summary"]["months"]
    assert month["total"] == "199.00"  # the plan is counted
    [told] = [w for w in warnings_of(data, other.name) if "两份不同的账单" in w]
    assert "计入的是那一份（它有这个号码的套餐费，另一份没有）" in told
    assert "本文件的 1 项费用（魔百和影视会员 ¥25.00）未计入、未核对" in told
    assert "请把这个号码从它的文件名、文件夹名中去掉" in told
    assert "不符；" not in told and told in output  # no differing copy; on the terminal


def test_a_plan_charge_set_aside_is_said_loudly(tmp_path):
    # two lines' bills, both with a plan, in one line's name: the one set aside names it
    folder = tmp_path / "2026-10"
    folder.mkdir()
    head = "账期：2026年10月\n费用类别,费用项目,金额(元)\n"
    bill(folder, f"{LINE}-a.csv", head, [("套餐及固定费", "全家享融合套餐199元", "199.00")])
    late = bill(folder, f"{LINE}-b.csv", head, [("套餐及固定费", "副卡套餐", "10.00")])
    output, data = audit(tmp_path)
    [told] = [w for w in warnings_of(data, late.name) if "两份不同的账单" in w]
    assert "其中的套餐费「副卡套餐」¥10.00 没有计入" in told and told in output
    # both hold a plan: not counted for holding one, but for being read first
    assert "计入的是那一份（两份同样完整，计入先读取的一份）" in told


def _charge(item: str, fen: int) -> Charge:
    return Charge(line=LINE, period="2026-10", category="plan", item=item, amount_fen=fen)


def _whole(charges: list[Charge], stated_fen: int | None = None) -> BillCheck:
    """A bill of ``charges`` stating ``stated_fen`` (by default, what they add up to)."""
    parsed = sum(c.amount_fen for c in charges)
    total = parsed if stated_fen is None else stated_fen
    return BillCheck(Bill(LINE, "2026-10", stated_total_fen=total), parsed_total_fen=parsed)


def test_two_readings_of_one_bill_stay_copies():
    full = [_charge("冰激凌套餐29元", 2900), _charge("腾讯视频会员", 1500)]

    def apart(other: list[Charge]) -> bool:
        return different_bills(full, other, _whole(full), _whole(other))

    assert apart([_charge("魔百和影视会员", 2500)])
    assert not apart([_charge("套餐及叠加包月基本费", 2900)])  # its amount
    assert not apart([_charge("腾讯视频会员", 1800)])  # its name
    assert not apart([])


PLAN58, FEATURE, VIDEO = (
    _charge("4G飞享58元套餐", 5800), _charge("月功能费", 500), _charge("咪咕视频会员", 1500)
)  # fmt: skip


@pytest.mark.parametrize(
    ("other", "apart", "maybe"),
    [
        # another account's bill sharing one small item: most of each one's money its own
        ([_charge("宽带月租", 5000), FEATURE], True, False),
        ([_charge("宽带月租", 5000), FEATURE, _charge("来电显示", 0)], True, False),
        # the one item shared is the bigger part of the other's money: cannot be told
        ([_charge("来电显示", 300), FEATURE], False, True),
        ([FEATURE], False, True),
        # one total (78.00): one bill read twice, items named otherwise
        ([_charge("套餐及叠加包月基本费", 6300), _charge("咪咕视频", 1500)], False, False),
        # a figure misread (the plan 68.00): the same names, one bill read twice
        ([_charge("4G飞享58元套餐", 6800), FEATURE, VIDEO], False, False),
    ],
)
def test_two_whole_bills_sharing_an_item_are_told_by_the_money_they_share(other, apart, maybe):
    phone = [PLAN58, FEATURE, VIDEO]  # 78.00
    assert different_bills(phone, other, _whole(phone), _whole(other)) is apart
    assert different_bills(other, phone, _whole(other), _whole(phone)) is apart
    said = undecided(phone, other, _whole(phone), _whole(other))
    assert bool(said) is maybe
    if maybe:
        assert "相同的只有 月功能费 ¥5.00：也可能是两份不同的账单" in said


def test_an_item_shared_by_name_at_two_amounts_is_shown_with_both():
    """Paired by its name alone, 月功能费 is 5.00 in the bill counted and 8.00 in the
    other: each file is told both figures, not the counted one's as if both held it."""
    phone, fee = [PLAN58, FEATURE, VIDEO], _charge("月功能费", 800)
    said = undecided(phone, [fee], _whole(phone), _whole([fee]))
    assert "相同的只有 月功能费（计入的一份 ¥5.00，另一份 ¥8.00）：也可能是两份不同的账单" in said
    left = [_charge("宽带月租", 5000), fee]
    told = told_apart((LINE, "2026-10"), "a.csv", "why", left, on_copy=True, kept=phone)
    assert "（相同的只有 月功能费（计入的一份 ¥5.00，另一份 ¥8.00），合计不同）" in told
    with lang.using("en"):
        said = undecided(phone, [fee], _whole(phone), _whole([fee]))
    assert "share only 月功能费 (¥5.00 in the bill counted, ¥8.00 in the other)" in said


def test_a_bill_and_a_part_of_it_sharing_an_item_stay_copies():
    # two screenshots overlapping by a row: the second states the whole bill's total
    first, rest = [PLAN58, FEATURE], [FEATURE, VIDEO]
    assert not different_bills(first, rest, _whole(first), _whole(rest, 7800))
    assert not undecided(first, rest, _whole(first), _whole(rest, 7800))


def test_two_parts_of_one_bill_stay_copies():
    # nothing in common, but not each whole on its own: one bill's parts
    plan, extra = [_charge("4G飞享18元套餐", 1800)], [_charge("咪咕视频会员", 1500)]
    assert different_bills(plan, extra, _whole(plan), _whole(extra))
    assert not different_bills(plan, extra, _whole(plan), _whole(extra, 3300))  # both's total
    assert not different_bills(plan, extra, _whole(plan), _whole(extra, 3900))  # items missed
    no_total = BillCheck(Bill(LINE, "2026-10"), parsed_total_fen=1800)
    assert not different_bills(plan, extra, no_total, _whole(extra))
    free = [_charge("来电显示", 0)]  # adds up to 0.00, the other's total both files make
    assert not different_bills(plan, free, _whole(plan), _whole(free))


def test_a_bill_split_in_two_files_keeps_the_second_parts_findings(tmp_path):
    # the plan in one file (no total); the rest, and the whole bill's total, in the other
    folder = tmp_path / "2026-10"
    folder.mkdir()
    head = "手机号码,账期,费用类型,费用项目,金额(元)\n"
    row = f"{LINE},202610,"
    (folder / "账单-1.csv").write_text(f"{head}{row}套餐及固定费,4G飞享18元套餐,18.00\n", "utf-8")
    rest = f"{row}增值业务费,咪咕视频会员,15.00\n{row}合计,,39.00\n"
    (folder / "账单-2.csv").write_text(head + rest, "utf-8")
    output, data = audit(tmp_path)
    assert "两份不同的账单" not in output
    found = {(f["rule"], f["service"]) for f in data["findings"]}
    assert ("unknown-vas", "咪咕视频会员") in found  # the second part's item checked
    assert ("bill-total-mismatch", None) in found  # and the gap said


HEAD = "账期：2026年10月\n费用类别,费用项目,金额(元)\n"
FEATURE_ROW = ("套餐及固定费", "月功能费", "5.00")
PHONE = [
    ("套餐及固定费", "4G飞享58元套餐", "58.00"),
    FEATURE_ROW,
    ("增值业务费", "咪咕视频会员", "15.00"),
]  # 78.00


def test_two_whole_bills_sharing_one_amount_are_two_bills(tmp_path):
    # a phone bill and a second account's bill of the line, each adding up to its own
    # total, both with a 月功能费 5.00: two bills, not copies that differ (78.00, 55.00)
    folder = tmp_path / "2026-10"
    folder.mkdir()
    bill(folder, f"{LINE}-手机账单-202610.csv", HEAD, PHONE)
    rent = ("增值业务费", "宽带月租", "50.00")
    other = bill(folder, f"{LINE}-宽带账单-202610.csv", BROADBAND, [rent, FEATURE_ROW])
    output, data = audit(tmp_path)
    [month] = data["summary"]["months"]
    assert month["total"] == "78.00"
    assert "不符；" not in output  # no differing copies said
    [told] = [w for w in warnings_of(data, other.name) if "两份不同的账单" in w]
    assert "（相同的只有 月功能费 ¥5.00，合计不同）" in told
    assert "计入的是那一份（它的明细更多）" in told  # both hold a 套餐及固定费
    assert "本文件的 2 项费用（宽带月租 ¥50.00、月功能费 ¥5.00）未计入、未核对" in told
    found = {(f["rule"], f["service"]) for f in data["findings"]}
    assert ("unknown-vas", "咪咕视频会员") in found  # the phone bill counted and checked


def test_a_whole_bill_within_another_is_said_as_maybe_two_bills(tmp_path):
    # 月功能费 5.00 alone, adding up to its 5.00, beside the 78.00 bill holding it: one
    # part of it read, or another account's bill? Copies that differ, and said so
    folder = tmp_path / "2026-10"
    folder.mkdir()
    bill(folder, f"{LINE}-手机账单-202610.csv", HEAD, PHONE)
    other = bill(folder, f"{LINE}-副卡-202610.csv", HEAD, [FEATURE_ROW])
    output, data = audit(tmp_path)
    [told] = [w for w in warnings_of(data, other.name) if "不符" in w]
    assert "本文件的合计 ¥5.00" in told and "请核对哪一份是对的" in told
    maybe = "（两份各自与自己的合计相符，相同的只有 月功能费 ¥5.00：也可能是两份不同的账单）"
    assert told.endswith(maybe) and told in output


def test_two_sheets_of_one_workbook_with_nothing_in_common_are_two_bills(tmp_path):
    book = openpyxl.Workbook()
    book.active.title = "宽带"
    head = [["账期：2026年10月"], ["费用类别", "费用项目", "金额(元)"]]
    film, plan = (
        ["增值业务费", "魔百和影视会员", 25.0],
        ["套餐及固定费", "全家享融合套餐199元", 199.0],
    )
    for row in ([BROADBAND.splitlines()[0]], *head, film, ["本月费用合计", None, 25.0]):
        book.active.append(row)
    mobile = book.create_sheet("手机")
    for row in (*head, plan, ["本月费用合计", None, 199.0]):
        mobile.append(row)
    book.save(path := tmp_path / f"{LINE}-账单-202610.xlsx")
    result = read_file(path, ReadOptions())
    assert [c.item for c in result.charges] == ["全家享融合套餐199元"]
    [told] = [a for a in result.alerts if "两份不同的账单" in a]
    assert "本文件的 1 项费用（魔百和影视会员 ¥25.00）未计入、未核对" in told


@pytest.mark.usefixtures("english")
def test_two_bills_said_in_english():
    left = [_charge("全家享融合套餐199元", 19900)]
    said = told_apart((LINE, "2026-10"), "a.csv", "why", left, on_copy=True)
    assert "this file and a.csv are two different bills of the line's month" in said
    assert "this file's 1 item (全家享融合套餐199元 ¥199.00) was neither counted" in said
    assert "its plan charge 「全家享融合套餐199元」 ¥199.00 is not counted" in said
    assert "(no item in common)" in said
    kept = [_charge("4G飞享18元套餐", 1800), _charge("全家享融合套餐199元", 19900)]
    shared = told_apart((LINE, "2026-10"), "a.csv", "why", left, on_copy=True, kept=kept)
    assert "(sharing only 全家享融合套餐199元 ¥199.00, their totals differ)" in shared
