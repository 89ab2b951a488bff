"""interpret(): header synonyms, the header block, options, bad rows and errors.

Documents are written as lists of rows (each a list of cells, see
:mod:`table_rows`); each case says what the reading must give. One runner per table
of cases. Totals, statements, several bills in a document and service lists have
modules of their own (tests/test_table_*.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from table_rows import LINE, MONTH, PLAIN, accounted, charges, header_block, rows_of

from auditor.errors import InputError
from auditor.readers.base import ReadOptions
from auditor.readers.table import interpret

# Reader errors and warnings are checked as an English-speaking user reads them.
pytestmark = pytest.mark.usefixtures("english")


# ------------------------------------------------------------------ header synonyms

AMOUNT_HEADERS = [
    "金额",
    "金额(元)",
    "金额（元）",
    "Amount (CNY)",
    "费用",
    "fee",
    "应收金额",
    "AMOUNT",
]


@pytest.mark.parametrize("amount_header", AMOUNT_HEADERS)
def test_amount_header_synonyms(amount_header):
    rows = rows_of(
        *header_block(), ["费用类别", "费用项目", amount_header], ["增值业务费", "彩铃", "5"]
    )
    result = interpret(rows, PLAIN, ReadOptions())
    assert charges(result) == [("vas", "彩铃", 500)]


LONG_HEADERS = [
    ["手机号码", "账期", "费用类别", "费用项目", "金额(元)"],
    ["号码", "费用月份", "费用类型", "项目名称", "费用（元）"],
    ["服务号码", "计费周期", "科目", "明细项目", "应收金额"],
    ["Phone", "Billing Period", "Category", "Item", "Amount (CNY)"],
]


@pytest.mark.parametrize("header", LONG_HEADERS, ids=lambda h: h[0])
def test_long_layout_header_synonyms(header):
    rows = rows_of(
        header,
        [LINE, "2026-09", "增值业务费", "咪咕视频会员", "15.00"],
        [LINE, "2026-10", "代收费", "手机报", "3.00"],
        [LINE, "2026-10", "实际应缴合计", "", "3.00"],
    )
    result = interpret(rows, PLAIN, ReadOptions())
    got = [(c.period, c.category, c.item, c.amount_fen) for c in result.charges]
    assert got == [
        ("2026-09", "vas", "咪咕视频会员", 1500),
        ("2026-10", "third-party", "手机报", 300),
    ]
    bills = {(b.period, b.stated_total_fen) for b in result.bills}
    assert bills == {("2026-09", None), ("2026-10", 300)}
    assert result.set_aside["total"] == 1 and result.set_aside["header"] == 1


# ------------------------------------------------------------------ header block

HEADER_BLOCKS = [
    ([["手机号码：13800001234"], ["账期：2026年10月"]], "13800001234", "2026-10"),
    ([["手机号码:13800001234", "账期: 2026-10"]], "13800001234", "2026-10"),
    ([["手机号码", "13800001234"], ["账单月份", "2026年10月"]], "13800001234", "2026-10"),
    (
        [["尊敬的18600005678客户，您好"], ["计费周期", "2026-10-01至2026-10-31"]],
        "18600005678",
        "2026-10",
    ),
    ([["客户：某某 服务号码 138 0000 1234"], ["2026年10月账单"]], "13800001234", "2026-10"),
]


@pytest.mark.parametrize(("block", "line", "period"), HEADER_BLOCKS)
def test_header_block_gives_line_and_month(block, line, period):
    rows = rows_of(*block, [], ["费用项目", "金额"], ["彩铃功能费", "5"])
    result = interpret(rows, PLAIN, ReadOptions())
    assert [(c.line, c.period) for c in result.charges] == [(line, period)]


@pytest.mark.parametrize(
    "contact", ["客户经理：18611112222", "客户经理 18611112222", "专属顾问：18611112222"]
)
def test_an_account_manager_s_number_is_never_the_line(contact):
    """A company's bill names its account manager above the table: with no line of its
    own, the bill has none (an error asking for it), never the manager's."""
    rows = rows_of(["账期：2026年10月"], [contact], [], ["费用项目", "金额"], ["彩铃功能费", "5"])
    with pytest.raises(InputError, match="line"):
        interpret(rows, PLAIN, ReadOptions())
    beside = rows_of(
        ["手机号码：13800001234"],
        ["账期：2026年10月"],
        [contact],
        [],
        ["费用项目", "金额"],
        ["彩铃", "5"],
    )
    assert [c.line for c in interpret(beside, PLAIN, ReadOptions()).charges] == ["13800001234"]


def test_customer_name_is_never_copied():
    rows = rows_of(
        ["客户姓名：张某某", "证件号码：110101199001011234"],
        [f"手机号码：{LINE}", f"账期：{MONTH}"],
        ["费用项目", "金额"],
        ["彩铃功能费", "5"],
    )
    result = interpret(rows, PLAIN, ReadOptions())
    text = repr(result)
    assert "张某某" not in text and "110101199001011234" not in text
    assert result.charges[0].line == LINE


CONTEXT_FROM_PATH = [
    (Path("x/18900189003/2026年08月.csv"), "18900189003", "2026-08", "china-telecom"),
    (Path("x/china-unicom/13800001234-2026-09.csv"), "13800001234", "2026-09", "china-unicom"),
    (Path("移动账单-13800001234-202610.csv"), "13800001234", "2026-10", "china-mobile"),
]


@pytest.mark.parametrize(("path", "line", "period", "carrier"), CONTEXT_FROM_PATH)
def test_line_month_and_carrier_from_path(path, line, period, carrier):
    rows = rows_of(["套餐月基本费", "39.00"], ["合计", "39.00"])
    result = interpret(rows, path, ReadOptions())
    bill = result.bills[0]
    assert (bill.line, bill.period, bill.carrier, result.carrier) == (
        line,
        period,
        carrier,
        carrier,
    )


def test_header_block_carrier_wins_over_number_prefix():
    rows = rows_of(["中国电信 账单"], ["手机号码：13800001234  账期：2026-10"], ["套餐", "39.00"])
    result = interpret(rows, PLAIN, ReadOptions())
    assert result.charges[0].carrier == "china-telecom"


def test_sheet_name_gives_the_month():
    rows = rows_of([f"号码：{LINE}"], ["套餐", "19.00"], ["合计", "19.00"])
    result = interpret(rows, PLAIN, ReadOptions(), sheet="2026年09月")
    assert result.bills[0].period == "2026-09"


# ------------------------------------------------------------------ options

OVERRIDES = [
    (ReadOptions(line="18600005678"), "line", "18600005678"),
    (ReadOptions(period="2026-07"), "period", "2026-07"),
    (ReadOptions(carrier="mvno"), "carrier", "mvno"),
]


@pytest.mark.parametrize(("options", "attribute", "value"), OVERRIDES)
def test_options_override_detection(options, attribute, value):
    rows = rows_of(*header_block(), ["费用项目", "金额"], ["彩铃功能费", "5"])
    result = interpret(rows, PLAIN, options)
    assert getattr(result.charges[0], attribute) == value
    assert getattr(result.bills[0], attribute) == value


def test_options_override_the_line_and_month_columns_too():
    rows = rows_of(["号码", "账期", "费用项目", "金额"], [LINE, "2026-10", "彩铃", "5"])
    result = interpret(rows, PLAIN, ReadOptions(line="19200001111", period="2026-08"))
    assert [(c.line, c.period) for c in result.charges] == [("19200001111", "2026-08")]


def test_kind_option_decides_an_ambiguous_header():
    rows = rows_of(
        [f"号码：{LINE}", MONTH],
        ["名称", "类型", "费用项目", "金额"],
        ["彩铃", "增值", "彩铃", "5"],
    )
    assert interpret(rows, PLAIN, ReadOptions()).kind == "bill"
    services = interpret(rows, PLAIN, ReadOptions(kind="services"))
    assert services.kind == "services" and services.services[0].name == "彩铃"


# ------------------------------------------------------------------ bad rows and errors


def test_unparseable_rows_are_counted_and_reading_goes_on():
    rows = rows_of(
        *header_block(),
        ["费用类别", "费用项目", "金额"],
        ["增值业务费", "彩铃", "五元"],
        ["增值业务费", "咪咕视频会员", "15.00"],
        ["增值业务费", "手机报", "3.001"],
    )
    result = interpret(rows, PLAIN, ReadOptions())
    assert charges(result) == [("vas", "咪咕视频会员", 1500)]
    assert [(i.locator, i.text) for i in result.unparseable] == [
        ("row 5", "增值业务费 彩铃 五元"),
        ("row 7", "增值业务费 手机报 3.001"),
    ]
    assert "not an amount" in result.unparseable[0].reason
    assert accounted(result) == result.rows_read


def test_bad_month_cell_is_unparseable():
    rows = rows_of(
        ["号码", "账期", "费用项目", "金额"],
        [LINE, "十月", "彩铃", "5"],
        [LINE, "2026-10", "彩铃", "5"],
    )
    result = interpret(rows, PLAIN, ReadOptions())
    assert len(result.charges) == 1 and result.unparseable[0].locator == "row 2"


def test_missing_line_is_an_error_naming_file_and_option():
    rows = rows_of(["账期：2026-10"], ["费用项目", "金额"], ["彩铃功能费", "5"])
    with pytest.raises(InputError) as caught:
        interpret(rows, Path("bills/账单.csv"), ReadOptions())
    message = str(caught.value)
    assert message.startswith("bills/账单.csv")
    assert "line" in message and "--line" in message and "--period" not in message


def test_missing_month_is_an_error_naming_the_option():
    rows = rows_of([f"号码：{LINE}"], ["费用项目", "金额"], ["彩铃功能费", "5"])
    with pytest.raises(InputError, match="--period"):
        interpret(rows, PLAIN, ReadOptions())


def test_no_table_is_an_error():
    rows = rows_of(["尊敬的客户，您好"], ["您的账单已出"])
    with pytest.raises(InputError, match="could not detect a table"):
        interpret(rows, PLAIN, ReadOptions())


def test_sheet_errors_name_the_sheet():
    rows = rows_of(["费用项目", "金额"], ["彩铃功能费", "5"])
    with pytest.raises(InputError) as caught:
        interpret(rows, PLAIN, ReadOptions(), sheet="Sheet1")
    assert caught.value.locator == "sheet Sheet1"
