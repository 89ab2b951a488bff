"""A China Mobile fusion bill (融合套餐: 主卡, 副卡, 宽带 and 魔百和 on one account), as trial
t14's 吴先生 gave it, read right, or said where it cannot be.

- rows under a heading naming an account that is no mobile line (宽带账号：051262001234)
  are never the line's whose block stands above: each charge is an unread row naming the
  account, with its money; the bill's total is checked against the money read and
  unread, and a gap that is exactly the unread rows' money is said so;
- a table without a header row reads ``类别 | 项目 | 金额`` rows as category and item, or,
  unsure, says so naming the row.

The Summary's word on the money unread: tests/test_unread_money.py; the masked customer's
name: tests/test_masked_customer.py.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from auditor.readers import ReadOptions, read_file
from auditor.readers.base import CellRow
from auditor.readers.other_accounts import account_heading

MAIN, OLD = "13912340001", "13912340004"
SETTINGS = f'known_services = ["副卡功能费"]\n[lines."{MAIN}"]\nowner = "吴先生"\n'
SETTINGS += f'[lines."{OLD}"]\nowner = "旧副卡"\n'
BLOCKS = [
    [f"手机号码：{MAIN}"],
    ["套餐及固定费", "全家享融合套餐199元", 199.0],
    [f"手机号码：{OLD}"],
    ["增值业务费", "副卡功能费", 10.0],
    ["宽带账号：051262001234"],
    ["增值业务费", "魔百和影视会员", 25.0],
    ["本月费用合计", None, 234.0],
]
# As t14's bill: a heading row per line, no column header, the customer's name masked.
HEADLESS = [["中国移动 家庭融合账单"], ["账期：2026年10月", None, "客户：吴**"], [], *BLOCKS]
WITH_HEADER = [
    ["中国移动 家庭融合账单"],
    ["账期：2026年10月"],
    ["费用类别", "费用项目", "金额(元)"],
]
WITH_HEADER += BLOCKS
BROADBAND_CSV = """号码,账期,费用类别,费用项目,金额(元)
13912340001,202610,套餐及固定费,全家享融合套餐199元,199.00
051262001234,202610,增值业务费,魔百和影视会员,25.00
051262001234,202610,增值业务费,宽带提速包1000M,30.00
,,,本月费用合计,254.00
"""


def _xlsx(path: Path, rows: list[list]) -> Path:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def _read(path: Path):
    result = read_file(path, ReadOptions())
    assert result.error is None, result.error
    return result


def _charges(result) -> list[tuple[str, str, str, int]]:
    return [(c.line, c.section, c.item, c.amount_fen) for c in result.charges]


@pytest.mark.parametrize("rows", [HEADLESS, WITH_HEADER], ids=["headless", "header"])
def test_a_broadband_accounts_rows_are_on_no_line(tmp_path, rows):
    result = _read(_xlsx(tmp_path / "中国移动家庭账单-2026年10月.xlsx", rows))
    assert _charges(result) == [
        (MAIN, "套餐及固定费", "全家享融合套餐199元", 19900),
        (OLD, "增值业务费", "副卡功能费", 1000),  # never the 魔百和 fee below it
    ]
    [unread] = result.unparseable
    assert unread.reason == "宽带账号 051262001234 的费用：不属于任何手机号码，未核对"
    assert unread.amount_fen == 2500 and "魔百和影视会员" in unread.text
    # the bill's total, below the account's rows: the gap said to be the unread rows'
    assert any("差额 25.00 正是未读行的费用" in w for w in result.warnings), result.warnings
    assert {(b.line, b.stated_total_fen) for b in result.bills} == {(MAIN, None), (OLD, None)}
    used = result.rows_used + sum(result.set_aside.values()) + len(result.unparseable)
    assert used == result.rows_read


def test_a_note_under_an_accounts_rows_is_no_money_of_it(tmp_path):
    rows = [*WITH_HEADER, ["客服热线：10086"], ["温馨提示：宽带费用以营业厅为准"]]
    result = _read(_xlsx(tmp_path / "bill.xlsx", rows))
    assert [issue.amount_fen for issue in result.unparseable] == [2500]
    assert result.set_aside["note"] == 2


def test_an_accounts_own_subtotal_and_total_are_no_file_total(tmp_path):
    rows = [*WITH_HEADER[:-1], ["增值业务费小计", None, 25.0], ["套餐及固定费", "宽带提速包", 30.0]]
    rows += [["合计", None, 55.0]]  # the account's: its charges
    result = _read(_xlsx(tmp_path / "bill.xlsx", rows))
    assert [issue.amount_fen for issue in result.unparseable] == [2500, 3000]
    assert (result.set_aside["subtotal"], result.set_aside["total"]) == (1, 1)
    assert not [w for w in result.warnings if "合计" in w], result.warnings


def test_a_line_block_after_an_account_is_a_bill_of_its_own(tmp_path):
    rows = [["费用类别", "费用项目", "金额(元)"], ["账期：2026年10月"], *BLOCKS[2:6]]
    rows += [[f"手机号码：{OLD}"], ["增值业务费", "来电显示", 5.0]]  # the same line again
    result = _read(_xlsx(tmp_path / "bill.xlsx", rows))
    assert _charges(result) == [
        (OLD, "增值业务费", "副卡功能费", 1000),
        (OLD, "增值业务费", "来电显示", 500),
    ]
    assert [issue.amount_fen for issue in result.unparseable] == [2500]


def test_an_account_named_in_a_lines_header_block_is_that_blocks(tmp_path):
    rows = [["费用类别", "费用项目", "金额(元)"], [f"手机号码：{MAIN}"], ["账户：88886666"]]
    rows += [[], ["账期：2026年10月"], ["套餐及固定费", "全家享融合套餐199元", 199.0]]
    rows += [["宽带账号：051262001234"], ["账期：2026年10月"], ["增值业务费", "宽带提速包", 30.0]]
    rows += [[f"手机号码：{OLD}"], ["增值业务费", "副卡功能费", 10.0]]
    result = _read(_xlsx(tmp_path / "bill.xlsx", rows))
    assert _charges(result) == [
        (MAIN, "套餐及固定费", "全家享融合套餐199元", 19900),
        (OLD, "增值业务费", "副卡功能费", 1000),
    ]
    # the 账期 under the account's heading is the account's: its rows stay unread
    assert [(issue.locator, issue.amount_fen) for issue in result.unparseable] == [
        ("工作表 Sheet 第 9 行", 3000)
    ]


@pytest.mark.parametrize(
    ("cells", "heading"),
    [
        (["宽带账号：051262001234"], ("宽带账号", "051262001234")),
        (["固话号码", "0512-62001234"], ("固话号码", "0512-62001234")),
        (["魔百和账号：js_wu1234@iptv"], ("魔百和账号", "js_wu1234@iptv")),
        (["账户：13912340001"], None),  # a mobile line: its block, not an account's
        (["宽带", "30.00"], None),  # a charge named 宽带
        (["宽带提速包1000M", "30.00"], None),
        (["宽带：300M"], None),  # a speed, no account (the reviewer's v17)
        (["账户号码：3000123456789"], None),  # the bill's own account (v8b, v13)
        (["账户", "3000123456789"], None),
    ],
)
def test_an_account_heading_names_no_mobile_line(cells, heading):
    assert account_heading(CellRow(cells, "row 1")) == heading


def test_a_long_bills_total_gap_is_said_to_be_the_unread_rows(tmp_path):
    path = tmp_path / "中国移动家庭账单-202610.csv"
    path.write_text(BROADBAND_CSV, "utf-8")
    result = _read(path)
    assert _charges(result) == [(MAIN, "套餐及固定费", "全家享融合套餐199元", 19900)]
    assert [issue.amount_fen for issue in result.unparseable] == [2500, 3000]
    assert result.unparseable[0].reason == "号码 051262001234 的费用：不属于任何手机号码，未核对"
    assert any("差额 55.00 正是未读行的费用" in w for w in result.warnings), result.warnings


def test_a_header_less_table_of_category_item_and_amount(tmp_path):
    result = _read(_xlsx(tmp_path / "bill.xlsx", HEADLESS))
    assert [(c.section, c.item, c.category) for c in result.charges][1] == (
        "增值业务费",
        "副卡功能费",
        "vas",
    )
    assert not any("两段文字" in w for w in result.warnings)


def test_a_header_less_row_of_two_texts_not_a_category_is_said(tmp_path):
    rows = [
        ["账期：2026年10月"],
        [f"手机号码：{MAIN}"],
        ["套餐及固定费", "全家享融合套餐199元", 199.0],
    ]
    rows += [["咪咕视频会员", "10月1日订购", 6.0]]
    result = _read(_xlsx(tmp_path / "bill.xlsx", rows))
    said = [w for w in result.warnings if "两段文字" in w]
    assert len(said) == 1 and "第 3 行" in said[0] and "共 2 行" in said[0], result.warnings
    assert [c.item for c in result.charges] == ["套餐及固定费", "咪咕视频会员"]  # as before


BROADBAND_ONLY = [
    ["宽带账号：051262001234"],
    ["账期：2026年10月"],
    ["费用类别", "费用项目", "金额(元)"],
    ["增值业务费", "魔百和影视会员", "25.00"],
    ["本月费用合计", "", "25.00"],
]


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_a_broadband_accounts_own_bill_is_skipped_as_that_accounts(tmp_path, suffix):
    """A 宽带账号's own bill (its heading above the table, no mobile number anywhere) says
    whose bill it is, not to put an 11-digit number in its name (trial t14's c5: so named,
    it set the main card's own bill aside); a CSV takes the long bill's fast path."""
    path = tmp_path / f"中国移动宽带账单-202610.{suffix}"
    if suffix == "csv":
        path.write_text("\n".join(",".join(row) for row in BROADBAND_ONLY), encoding="utf-8")
    else:
        _xlsx(path, BROADBAND_ONLY)
    result = read_file(path, ReadOptions())
    assert result.error is None and not result.charges
    assert "宽带账号 051262001234 的账单：auditor 只核对手机号码的费用" in result.skipped
    assert "11 位" not in result.skipped


def test_a_broadband_bill_named_with_a_line_says_it_was_read_as_that_line(tmp_path):
    path = _xlsx(tmp_path / f"{MAIN}-宽带账单-202610.xlsx", BROADBAND_ONLY)
    result = _read(path)
    assert [(c.line, c.item) for c in result.charges] == [(MAIN, "魔百和影视会员")]
    [alert] = [a for a in result.alerts if "宽带账号 051262001234 的账单" in a]
    assert f"按文件名、文件夹名或 --line 的 {MAIN} 读取" in alert


def test_a_bills_own_account_number_leaves_the_advice_to_name_its_line(tmp_path):
    # 账户号码 in a mobile line's own header block is the bill's account, no service's
    rows = [["账户号码：88886666"], *BROADBAND_ONLY[1:]]
    result = read_file(_xlsx(tmp_path / "账单-202610.xlsx", rows), ReadOptions())
    assert result.error is not None and "11 位号码" in result.error and not result.skipped
    assert not _read(_xlsx(tmp_path / f"{MAIN}-账单.xlsx", rows)).alerts


@pytest.mark.parametrize(
    "above",
    [
        "套餐及固定费,4G飞享18元套餐,18.00\n宽带：300M",
        "账户号码：3000123456789",
        "账户,3000123456789",
    ],
    ids=["speed", "account-number", "account-two-cells"],
)
def test_a_lines_own_bill_under_a_speed_or_its_account_is_read(tmp_path, above):
    # the reviewer's v17, v8b and v13: a row under the table's header that names a speed
    # or the bill's own 账户 starts no other account's rows: every charge is the line's
    text = f"手机号码：{MAIN}\n费用类型,费用项目,金额(元)\n{above}\n"
    text += "增值业务费,视频彩铃订阅-酷电秀专属6元包,6.00\n增值业务费,咪咕视频会员,15.00\n"
    path = tmp_path / "中国移动账单-2026年11月.csv"
    path.write_text(text, "utf-8")
    result = _read(path)
    assert not result.unparseable and result.unread_fen == 0
    assert {c.line for c in result.charges} == {MAIN}
    assert [c.item for c in result.charges][-2:] == ["视频彩铃订阅-酷电秀专属6元包", "咪咕视频会员"]
