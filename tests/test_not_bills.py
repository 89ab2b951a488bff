"""Papers kept beside bills are never read as bills (auditor.readers.not_bills): an
e-invoice, a call detail, a points statement, a payments list and a top-up SMS, as a new
user's Downloads held them (trial t15, his smallest cases, written here as they were),
are skipped saying what each is; a real bill that merely mentions 发票, 充值 or 积分 is
still read as one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from drawn_bills import Drawn
from test_readers_pdf import make_pdfs

from auditor import cli
from auditor.readers import ReadOptions, read_file

pytestmark = pytest.mark.usefixtures("english")

CM = "13900001111"
INVOICE = "an invoice, not a bill"
DETAIL = "a usage detail (calls, data), not a bill"
POINTS = "a points statement, not a bill"
PAYMENTS = "a list of payments or top-ups, not a bill"
TOP_UP = "a top-up message, not a bill"

# The trial's cases (/tmp/t15w/cases/make_cases.py), as 小何's folder held them.
INVOICE_CSV = (
    "项目名称,金额,税率,税额\n*电信服务*基础电信服务,16.51,9%,1.49\n"
    "*电信服务*增值电信服务,19.81,6%,1.19\n价税合计,39.00,,\n"
)
INVOICE_LINES = [
    "电子发票（普通发票）  开票日期：2026年11月05日",
    "销售方：中国移动通信集团四川有限公司",
    "项目名称                        金额     税率   税额",
    "*电信服务*基础电信服务          16.51    9%    1.49",
    "*电信服务*增值电信服务          19.81    6%    1.19",
    "价税合计                        39.00",
]
CALLS = (
    "起始时间,通信地点,通信方式,对方号码,通信时长,通信类型,通话费(元)\n"
    "2026-10-03 11:00:00,重庆,主叫,02312345678,5分0秒,国内长途,0.95\n"
    "2026-10-05 12:00:00,成都,主叫,01012345678,3分0秒,国内长途,0.45\n"
)
CALLS_WITH_LINE = (
    "手机号码,起始时间,通信地点,通信方式,对方号码,通信时长,通信类型,通话费(元)\n"
    f"{CM},2026-11-03 11:00:00,重庆,主叫,02312345678,5分0秒,国内长途,0.95\n"
    f"{CM},2026-11-05 12:00:00,成都,主叫,01012345678,3分0秒,国内长途,0.45\n"
    ",,,,,,合计,1.40\n"
)
POINTS_CSV = "兑换项目,积分,金额(元)\n10元话费券,1000,10.00\n咪咕视频会员周卡,500,5.00\n"
POINTS_LEDGER = (
    "手机号码,时间,积分变动,积分余额,说明\n"
    f"{CM},2026-10-15,-1000,2350,兑换 10元话费券\n{CM},2026-11-01,+39,2389,消费积分 202610\n"
)
PAID = "费用项目,金额(元)\n话费充值,100.00\n赠送话费,10.00\n合计,110.00\n"
PAID_LIST = (
    "手机号码,缴费时间,缴费项目,金额(元),缴费方式\n"
    f"{CM},2026-10-04 09:01:55,话费充值,50.00,支付宝\n"
    f"{CM},2026-11-05 10:12:33,话费充值,100.00,支付宝\n"
)
TOP_UP_SMS = (
    f"【中国移动】尊敬的客户，您的手机号码{CM}于2026年10月05日充值100.00元，"
    "当前余额128.50元，本月消费12.30元。\n"
)
TOP_UP_SMS_2 = (
    "【中国移动】您好！您于11月05日成功充值100.00元，账户余额128.50元。本月话费合计39.00元。\n"
)
INVOICE_SMS = (
    f"【中国移动】您的电子发票已开具：手机号码{CM}，账期2026年10月，价税合计39.00元，"
    "税额2.68元，请登录中国移动APP下载。\n"
)
# A real bill of the same month, mentioning 发票 and 充值 in its rows and notes.
BILL = (
    "账期：2026年10月,可用积分：2350\n费用项目,金额(元)\n套餐及固定费,29.00\n发票邮寄费,5.00\n充值赠送话费,-10.00\n"
    "咪咕视频会员,15.00\n合计,39.00\n温馨提示：电子发票请登录APP开具；积分兑换请登录积分商城\n"
)
BILL_SMS = (
    f"【账单提醒】尊敬的{CM}用户，您2026年10月份账单合计39.00元，实际应付39.00元。"
    "主要费用项包括：月固定费29元，增值业务费10元。请及时充值缴费。【中国移动】\n"
)


def write_file(folder: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding)
    return path


def lines_pdf(path: Path, lines: list[str]) -> Path:
    """A PDF page of ``lines``, drawn line by line as the trial's make_cases.py drew its
    invoice (test_set_aside draws its papers with it too)."""
    pdf = make_pdfs.new_canvas(path)
    y = 800
    for text in lines:
        pdf.setFont(make_pdfs.FONT, 11)
        pdf.drawString(50, y, text)
        y -= 20
    pdf.save()
    return path


def _skipped(path: Path) -> str:
    """Why ``path`` was skipped; it must have been, with nothing read of it."""
    result = read_file(path, ReadOptions())
    assert result.error is None, result.error
    assert not (result.charges or result.bills or result.services)
    return result.skipped


@pytest.mark.parametrize(
    "name, text, why",
    [
        (f"{CM}-电子发票-202610.csv", INVOICE_CSV, INVOICE),
        (f"{CM}-通话详单-202610.csv", CALLS, DETAIL),
        ("通话详单-202611.csv", CALLS_WITH_LINE, DETAIL),  # not "2 numbers": 对方号码
        (f"{CM}-积分兑换-202611.csv", POINTS_CSV, POINTS),
        ("积分兑换明细.csv", POINTS_LEDGER, POINTS),
        (f"{CM}-缴费记录-202611.csv", PAID, PAYMENTS),
        ("缴费记录.csv", PAID_LIST, PAYMENTS),
        ("充值短信.txt", TOP_UP_SMS, TOP_UP),
        ("充值短信2.txt", TOP_UP_SMS_2, TOP_UP),  # no line in it: skipped all the same
        ("电子发票-202610.txt", INVOICE_SMS, INVOICE),
    ],
    ids=["invoice", "calls", "calls-of-a-line", "points", "points-ledger", "paid", "paid-list",
         "top-up", "top-up-no-line", "invoice-sms"],
)  # fmt: skip
def test_a_paper_beside_the_bills_is_skipped_as_what_it_is(tmp_path, name, text, why):
    assert _skipped(write_file(tmp_path, name, text)) == why


@pytest.mark.parametrize(
    "name, extra",
    [
        (f"{CM}-电子发票-202610.pdf", []),
        # its real name states no line: skipped, not refused for want of one
        ("dzfp_26512000000012345678_中国移动通信集团四川有限公司_20261105.pdf",
         [f"备注：手机号码 {CM}  账期 2026年10月"]),
    ],
    ids=["named", "dzfp"],
)  # fmt: skip
def test_an_invoice_pdf_is_skipped_not_a_bill_of_its_total(tmp_path, name, extra):
    path = lines_pdf(tmp_path / name, INVOICE_LINES + extra)
    assert _skipped(path) == INVOICE


def test_a_pdf_of_call_detail_pages_alone_is_a_usage_detail(tmp_path):
    # Its records set apart as a bill's 详单 pages are, nothing was left: "no table" then.
    doc = Drawn(tmp_path / f"{CM}-通话详单-202610.pdf")
    doc.row((doc.width / 2, "通话详单", "c"), size=14, step=26)
    doc.row((40, f"手机号码：{CM}"), (300, "查询周期：2026-10-01至2026-10-31"), size=9)
    columns = ["起始时间", "通信地点", "对方号码", "通信时长", "通信类型"]
    doc.row(*[(40 + 90 * i, name) for i, name in enumerate(columns)],
            (555, "通信费(元)", "r"), size=8, step=15)  # fmt: skip
    for day in range(1, 6):
        cells = [f"10-0{day} 08:0{day}:11", "重庆", f"0231234567{day}", "5分0秒", "国内长途"]
        doc.row(*[(40 + 90 * i, text) for i, text in enumerate(cells)], (555, "0.95", "r"))
    assert _skipped(doc.save()) == DETAIL


def test_a_workbook_sheet_of_payments_beside_the_bill_is_left_out(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "账单"
    for sheet, text in ((book.active, BILL), (book.create_sheet("缴费记录"), PAID)):
        for row in text.splitlines():
            cells = row.split(",")
            sheet.append([float(c) if c[-1].isdigit() and "：" not in c else c for c in cells])
    path = tmp_path / f"{CM}-账单-202610.xlsx"
    book.save(path)
    result = read_file(path, ReadOptions())
    assert result.error is None and not result.skipped
    [read] = result.bills
    assert read.stated_total_fen == 3900 and sum(c.amount_fen for c in result.charges) == 3900
    assert any("缴费记录" in said and PAYMENTS in said for said in result.warnings)


def test_a_real_bill_mentioning_invoice_top_up_and_points_is_read_as_a_bill(tmp_path):
    result = read_file(write_file(tmp_path, f"{CM}-账单-202610.csv", BILL), ReadOptions())
    assert result.error is None and not result.skipped
    items = {c.item: c.amount_fen for c in result.charges}
    assert items == {
        "套餐及固定费": 2900,
        "发票邮寄费": 500,
        "充值赠送话费": -1000,
        "咪咕视频会员": 1500,
    }
    [bill] = result.bills
    assert bill.stated_total_fen == 3900 and bill.line == CM and bill.period == "2026-10"


def test_a_bill_sms_asking_to_top_up_is_a_bill_and_a_top_up_beside_it_a_payment(tmp_path):
    alone = read_file(write_file(tmp_path / "a", "账单短信.txt", BILL_SMS), ReadOptions())
    assert alone.error is None and not alone.skipped
    assert [(b.line, b.period, b.stated_total_fen) for b in alone.bills] == [(CM, "2026-10", 3900)]
    both = write_file(tmp_path / "b", "短信.txt", BILL_SMS + "\n" + TOP_UP_SMS)
    result = read_file(both, ReadOptions())
    assert [(b.period, b.stated_total_fen) for b in result.bills] == [("2026-10", 3900)]
    assert result.set_aside["payment"] == 1 and not result.unparseable
    paid = BILL_SMS.replace("请及时充值缴费", "本月已缴费39.00元")  # names its bill: a bill
    again = read_file(write_file(tmp_path / "c", "账单短信.txt", paid), ReadOptions())
    assert [(b.period, b.stated_total_fen) for b in again.bills] == [("2026-10", 3900)]


def test_the_month_beside_its_bill_has_no_copies_that_differ(tmp_path):
    """topup_mix: the bill, that month's call detail and a top-up SMS of 本月消费12.30:
    the bill alone is read, no "copies differ", the other two skipped quietly."""
    bills = tmp_path / "bills"
    write_file(bills, f"{CM}-账单-202610.csv", BILL)
    write_file(bills, f"{CM}-通话详单-202610.csv", CALLS)
    write_file(bills, "充值短信.txt", TOP_UP_SMS)
    result = CliRunner().invoke(cli.main, ["audit", str(bills), "--no-history", "--json", "-"])
    assert result.exit_code == 0, result.output
    assert "differ" not in result.stderr and "is not the" not in result.stderr
    data = json.loads(result.stdout)
    assert data["summary"]["files_skipped"] == 2 and data["summary"]["files_failed"] == 0
    skipped = {Path(i["path"]).name: i["skipped"] for i in data["inputs"] if i["skipped"]}
    assert skipped["139****1111-通话详单-202610.csv"] == DETAIL
    assert skipped["充值短信.txt"] == TOP_UP
    assert {f["rule"] for f in data["findings"]} <= {"unknown-vas"}  # the bill's own


def test_the_reason_is_said_in_chinese_too(tmp_path):
    from auditor import lang

    with lang.using("zh"):
        why = _skipped(write_file(tmp_path, f"{CM}-电子发票-202610.csv", INVOICE_CSV))
    assert why == "是发票，不是账单"


# The reviewer's bills (read at 2871ae0, set aside since): a bill's own table (费用项目 |
# 金额) beside words of an invoice, a usage detail, a payment or a statement is a bill.
_CHARGES = "套餐及固定费,4G飞享18元套餐,18.00\n增值业务费,咪咕视频会员,15.00\n合计,,33.00\n"
_TABLE = "费用类型,费用项目,金额(元)\n" + _CHARGES


@pytest.mark.parametrize(
    "text",
    [
        "手机号码,账期,费用项目,金额(元),税率,税额(元)\n"
        f"{CM},202611,4G飞享18元套餐,18.00,9%,1.49\n{CM},202611,咪咕视频会员,15.00,6%,0.85\n"
        f"{CM},202611,合计,33.00,,2.34\n",
        f"手机号码：{CM}\n本月通话时长：320分钟 使用流量：12.5GB\n" + _TABLE,
        f"手机号码：{CM}\n通话时长,使用流量,短信条数\n320分钟,12.5GB,10条\n" + _TABLE,
        f"手机号码,{CM}\n缴费方式,银行托收\n" + _TABLE,
        f"手机号码：{CM}\n发票号码：未开具    开票日期：\n" + _TABLE,
        f"手机号码,{CM}\n入账日期,2026-11-05,余额,12.50,摘要,月结\n" + _TABLE,
    ],
    ids=["tax-columns", "usage-line", "usage-table", "payment-cell", "invoice-line", "ledger"],
)
def test_a_bills_own_table_beside_other_papers_words_is_a_bill(tmp_path, text):
    result = read_file(write_file(tmp_path, f"中国移动账单-{CM}-202611.csv", text), ReadOptions())
    assert result.error is None and not result.skipped, result.skipped
    assert sum(c.amount_fen for c in result.charges) == 3300
    assert [b.stated_total_fen for b in result.bills] == [3300]
