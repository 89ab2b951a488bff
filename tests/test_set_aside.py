"""Papers in a Downloads folder that are no bills are set aside quietly (trial t15, 小何's
folder, written here as make_downloads.py made it): a bank's and a payment app's
statements, a contract, a top-up receipt, a picture of a chat, with the invoices and
details not_bills tells. Each is said once, all in one line of the summary, named in the
Inputs sheet and the JSON, and the audit is complete (exit 0); a file that may be a bill
and could not be read stays loud and keeps exit 3 (auditor.readers.statements)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image, ImageDraw, ImageFont
from test_not_bills import lines_pdf, write_file

from auditor import cli
from auditor.readers import ReadOptions, read_file

pytestmark = pytest.mark.usefixtures("english")

CM = "13900001111"
BILL = (
    "手机号码,账期,费用类型,费用项目,金额(元)\n"
    f"{CM},202610,套餐及固定费,4G飞享18元套餐,18.00\n{CM},202610,合计,,18.00\n"
)
BANK = (
    "交易日期,交易时间,收入,支出,余额,交易类型,交易备注\n"
    f"20261004,09:01:55,,50.00,8234.11,快捷支付,中国移动 话费 {CM}\n"
    "20261110,18:00:00,12000.00,,20105.11,转账,稿费\n"
)
ALIPAY = (
    "导出信息：\n姓名：何某\n起始时间：[2026-10-01 00:00:00]    终止时间：[2026-11-27 23:59:59]\n"
    "共2笔记录\n"
    "交易时间,交易分类,交易对方,对方账号,商品说明,收/支,金额,收/付款方式,交易状态,交易订单号,商家订单号,备注,\n"
    f"2026-10-04 09:01:55,充值缴费,中国移动,,话费充值-{CM},支出,50.00,余额宝,交易成功,1,,,\n"
    "2026-10-12 12:30:00,充值缴费,中国联通,,话费充值-18600005678,支出,29.00,花呗,交易成功,2,,,\n"
)
WECHAT = (
    "微信支付账单明细,,,,,,,,,,\n微信昵称：[小何],,,,,,,,,,\n,,,,,,,,,,\n"
    "交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注\n"
    f"2026-11-02 08:00:00,商户消费,中国移动,话费充值 {CM},支出,¥30.00,零钱,支付成功,4,1,/\n"
)
CONTRACT = [
    "中国移动家庭宽带业务协议",
    f"客户号码：{CM}",
    "资费：300M宽带 50元/月，合约期24个月",
    "光猫押金 100.00元  安装调试费 0.00元",
    "合计月费：60.00元",
    "违约金：剩余月数×10元",
]
RECEIPT = [
    "中国移动 充值缴费凭证",
    f"充值号码：{CM}",
    "充值时间：2026-11-05 10:12:33",
    "充值金额：100.00元",
    "当前余额：128.50元",
]
STATEMENT = "a bank's or payment app's statement (支付宝, 微信), not a bill"
FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")


def _picture(path: Path, lines: list[str]) -> Path:
    """A screenshot of ``lines`` (a chat), as make_downloads.py drew its screenshots."""
    image = Image.new("RGB", (900, 110 * len(lines) + 120), "white")
    draw, face = ImageDraw.Draw(image), ImageFont.truetype(str(FONT), 40)
    for i, text in enumerate(lines):
        draw.text((60, 60 + i * 110), text, fill="black", font=face)
    image.save(path)
    return path


def _downloads(folder: Path) -> Path:
    """The bill among the papers that are none."""
    write_file(folder, f"{CM}-账单-202610.csv", BILL)
    write_file(folder, "招商银行交易明细_202610-202611.csv", BANK, "gbk")
    write_file(folder, "支付宝交易明细(20261001-20261127).csv", ALIPAY, "gbk")
    write_file(folder, "微信支付账单(20261001-20261127).csv", WECHAT, "utf-8-sig")
    lines_pdf(folder / "家庭宽带业务协议.pdf", CONTRACT)
    lines_pdf(folder / "充值凭证_20261105.pdf", RECEIPT)
    write_file(folder, "积分兑换明细.csv", "兑换项目,积分,金额(元)\n咪咕视频会员周卡,500,5.00\n")
    return folder


def _audit(folder: Path, *more: str):
    return CliRunner().invoke(
        cli.main, ["audit", str(folder), "--no-history", "--as-of", "2026-11-20", *more]
    )


def test_papers_that_are_no_bills_are_said_once_together_and_the_audit_is_complete(tmp_path):
    """Six papers beside one bill: exit 0, no line of their own on stderr or in the
    summary, one line counting them; the JSON and the Inputs sheet name each."""
    folder = _downloads(tmp_path / "Downloads")
    result = _audit(folder, "-o", str(tmp_path / "r.xlsx"))
    assert result.exit_code == 0, result.output
    terminal = result.stdout + result.stderr
    assert "set aside, not bills: 6 files" in result.stdout
    assert terminal.count("set aside") == 1
    for name in ("招商银行", "支付宝", "微信支付", "协议", "充值凭证", "积分兑换"):
        assert name not in terminal
    assert "could not be read" not in terminal and "not read" not in terminal
    assert result.stdout.startswith("auditor 2026-11-20: 1 file read\n")
    data = json.loads(_audit(folder, "--json", "-").stdout)
    why = {Path(i["path"]).name: (i["skipped"], i["not_a_bill"]) for i in data["inputs"]}
    assert why["招商银行交易明细_202610-202611.csv"] == (STATEMENT, True)
    assert why["支付宝交易明细(20261001-20261127).csv"] == (STATEMENT, True)
    assert why["微信支付账单(20261001-20261127).csv"] == (STATEMENT, True)
    assert why["家庭宽带业务协议.pdf"] == ("a contract or service agreement, not a bill", True)
    assert why["充值凭证_20261105.pdf"] == ("a top-up or payment receipt, not a bill", True)
    assert why["积分兑换明细.csv"] == ("a points statement, not a bill", True)
    assert why["139****1111-账单-202610.csv"] == (None, False)
    assert data["summary"]["files_failed"] == 0 and data["summary"]["files_not_bills"] == 6


def test_verbose_names_each_paper_set_aside(tmp_path):
    """--verbose says each, as it says what each file was read as."""
    folder = _downloads(tmp_path / "Downloads")
    result = _audit(folder, "-o", str(tmp_path / "r.xlsx"), "--verbose")
    assert "家庭宽带业务协议.pdf: skipped: a contract or service agreement" in result.stderr


def test_a_file_that_may_be_a_bill_stays_loud_and_the_audit_incomplete(tmp_path):
    """A PDF with no table and nothing telling it no bill, beside the papers: named on
    stderr and in the summary, exit 3; the papers still one line."""
    folder = _downloads(tmp_path / "Downloads")
    lines_pdf(folder / "中国移动账单-202611.pdf", ["中国移动 话费账单", "本月费用请登录查询"])
    result = _audit(folder, "-o", str(tmp_path / "r.xlsx"))
    assert result.exit_code == 3, result.output
    assert "auditor: " in result.stderr and "中国移动账单-202611.pdf: could not" in result.stderr
    assert "not read: " in result.stdout and "set aside, not bills: 6 files" in result.stdout


def test_an_archive_skipped_is_still_named_with_what_to_do(tmp_path):
    """A skip that asks something of the user (unpack the archive) is no paper set aside."""
    folder = _downloads(tmp_path / "Downloads")
    (folder / "账单.zip").write_bytes(b"PK\x05\x06" + bytes(18))
    result = _audit(folder, "-o", str(tmp_path / "r.xlsx"))
    assert result.exit_code == 0, result.output
    assert "账单.zip: skipped: an archive: unpack it" in result.stderr
    assert "1 file read, 1 skipped" in result.stdout


def test_the_alipay_export_is_a_statement_not_a_file_of_two_lines(tmp_path):
    """Its two numbers (话费充值-139…, -186…) were taken for two lines without a line
    column: it is a statement, whatever numbers its rows name."""
    path = write_file(tmp_path, "支付宝交易明细.csv", ALIPAY)
    result = read_file(path, ReadOptions())
    assert (result.error, result.skipped, result.not_a_bill) == (None, STATEMENT, True)


def test_a_bill_with_a_balance_column_is_still_a_bill(tmp_path):
    """A carrier's bill naming 余额 and a date is no statement: no 交易 column."""
    text = "费用项目,金额(元),账户余额,日期\n套餐月费,18.00,100.00,2026-11-01\n合计,18.00,,\n"
    result = read_file(write_file(tmp_path, f"{CM}-账单-202610.csv", text), ReadOptions())
    assert not result.skipped and [b.stated_total_fen for b in result.bills] == [1800]


def test_a_chat_picture_is_set_aside_and_a_bill_picture_not_read_stays_an_error(tmp_path):
    """OCR read every line of a chat and none is a bill's word: set aside. A picture whose
    text names a bill (账单, 费用) but no table was found in it may be a bill: an error."""
    chat = _picture(tmp_path / "聊天截图.png", ["妈：这个月话费怎么这么多", "我：我看看"])
    read = read_file(chat, ReadOptions())
    assert read.not_a_bill and not read.error
    assert read.skipped.startswith("a picture OCR read with no bill in it")
    bill = _picture(tmp_path / "账单截图.png", ["中国移动 月账单", "本月费用请以账单为准"])
    unread = read_file(bill, ReadOptions())
    assert unread.error and unread.error_code == "not_a_bill" and not unread.skipped


def test_an_e_invoice_xml_is_set_aside_as_an_invoice(tmp_path):
    """Read as a page its tags gone, its items (*电信服务*…) and figures run together: no
    table, and no longer an error that may be a bill."""
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<EInvoice><Header><InvoiceCode>051002600111'
        "</InvoiceCode></Header><Seller><Name>中国移动通信集团四川有限公司</Name></Seller><Items>"
        "<Item><Name>*电信服务*基础电信服务</Name><Amount>16.51</Amount></Item></Items>"
        f"<TotalAmountWithTax>39.00</TotalAmountWithTax><Remark>手机号码{CM}</Remark></EInvoice>\n"
    )
    result = read_file(write_file(tmp_path, "电子发票_中国移动_202610.xml", xml), ReadOptions())
    assert (result.error, result.skipped) == (None, "an invoice, not a bill")
    assert result.not_a_bill


def test_a_table_with_a_line_column_is_not_said_to_lack_one(tmp_path):
    """手机号码 over one number, 对方号码 beside it, no bill's items: the other party's
    numbers were counted as lines ("names 3 lines … no line column"); it says what it
    lacks instead, and stays an error (it may be a bill auditor does not read)."""
    text = (
        "手机号码,日期,对方号码,费用(元)\n"
        f"{CM},2026-11-03,13812345678,0.95\n{CM},2026-11-05,13812345679,0.45\n"
    )
    result = read_file(write_file(tmp_path, "清单.csv", text), ReadOptions())
    assert result.error == (
        "a line column (手机号码) but no bill's items and amounts (such as 费用项目/金额): a list?"
    )
    assert result.error_code == "not_a_bill" and not result.skipped


def test_papers_alone_are_each_named_with_why_when_nothing_is_read(tmp_path):
    """No bill beside them, no summary to count them in: each said on stderr, exit 2."""
    write_file(tmp_path, "支付宝交易明细.csv", ALIPAY)
    alone = _audit(tmp_path / "支付宝交易明细.csv")
    assert alone.exit_code == 2
    assert alone.stderr.splitlines() == [
        f"auditor: {tmp_path / '支付宝交易明细.csv'}: skipped: {STATEMENT}",
        "auditor: nothing readable: the only input file was skipped (see above)",
    ]
    write_file(tmp_path, "招商银行交易明细.csv", BANK, "gbk")
    both = _audit(tmp_path, "-q")
    assert both.exit_code == 2 and both.stderr.count(f": skipped: {STATEMENT}") == 2
    assert "招商银行交易明细.csv" in both.stderr and "支付宝交易明细.csv" in both.stderr


def test_quiet_still_counts_the_papers_set_aside_in_one_line(tmp_path):
    """--quiet: no summary, but one line on stderr says how many were set aside."""
    folder = _downloads(tmp_path / "Downloads")
    result = _audit(folder, "-o", str(tmp_path / "r.xlsx"), "-q")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    said = "auditor: set aside, not bills: 6 files (invoices, details, statements…)"
    assert [line for line in result.stderr.splitlines() if "set aside" in line] == [
        f"{said}, see the Inputs sheet"
    ]
