"""The parts of a PDF e-bill that are not its charges: a summary of the sections printed
above or below the detail (本月消费构成), an account block (账户信息), 详单 pages. Each is read
for what it is, so that the bill is counted once and adds up to its total. The bills are
drawn here (tests/drawn_bills.py), as a carrier prints them."""

from __future__ import annotations

import pytest
from drawn_bills import SECTIONS, TOTAL, Drawn, charged, header, read, table
from test_readers_pdf import make_pdfs

pytestmark = pytest.mark.usefixtures("english")

TRUTH = {name: int(amount.replace(".", "")) for _, items in SECTIONS for name, amount in items}


def _summary(doc: Drawn, figures=None) -> None:
    """本月消费构成: each section's sum, then the total."""
    doc.row((60, "一、本月消费构成"))
    doc.row((60, "费用类型"), (400, "金额（元）", "r"))
    for section, items in SECTIONS:
        fen = sum(int(amount.replace(".", "")) for _, amount in items)
        printed = (figures or {}).get(section, f"{fen // 100}.{abs(fen) % 100:02d}")
        doc.row((60, section), (400, printed, "r"))
    doc.row((60, "合计"), (400, TOTAL, "r"))
    doc.y -= 10


def _bill(result):
    (bill,) = result.bills
    return bill


def test_a_summary_above_the_detail_is_a_check_not_charges(tmp_path):
    doc = Drawn(tmp_path / "bill.pdf")
    header(doc)
    _summary(doc)
    doc.row((60, "二、费用明细"))
    table(doc)
    result = read(doc.save())
    # Counted once, from the detail: 77.60, as the bill states.
    assert charged(result) == TRUTH
    assert sum(c.amount_fen for c in result.charges) == _bill(result).stated_total_fen == 7760
    assert result.set_aside["summary"] == 5
    assert not result.warnings and not result.unparseable


def test_a_summary_below_the_detail_is_a_check_too(tmp_path):
    doc = Drawn(tmp_path / "bill.pdf")
    header(doc)
    table(doc)
    doc.y -= 10
    _summary(doc)
    result = read(doc.save())
    assert charged(result) == TRUTH
    assert result.set_aside["summary"] == 6  # its heading too


def test_a_summary_figure_not_the_details_is_said_and_the_detail_counted(tmp_path):
    doc = Drawn(tmp_path / "bill.pdf")
    header(doc)
    _summary(doc, {"增值业务费": "25.00"})
    table(doc)
    result = read(doc.save())
    assert charged(result) == TRUTH
    (warning,) = [w for w in result.warnings if "summary" in w]
    assert "增值业务费 25.00 is not the detail's 20.00" in warning
    assert "page 1 line 8" in warning


ACCOUNT = [
    ("上期结余", "50.00"),
    ("本期缴费", "100.00"),
    ("本期消费", "77.60"),
    ("本期结余", "72.40"),
]


@pytest.mark.parametrize("side", ["left", "right"])
def test_an_account_block_beside_the_table_is_not_charges(tmp_path, side):
    # 账户信息 in the lines of the table: its labels and figures were read as the table's
    # (本期消费 a section, the plan and the calls lost, a false gap of 45.60). On the right,
    # the item is the row's first label already: kept so.
    doc = Drawn(tmp_path / "bill.pdf")
    header(doc)
    top = doc.y
    block, labels, figures = (60, 60, 250) if side == "left" else (420, 420, 560)
    doc.row((block, "账户信息"))
    for label, amount in ACCOUNT:
        doc.row((labels, label), (figures, amount, "r"))
    doc.y = top
    table(doc, x0=300 if side == "left" else 40)
    result = read(doc.save())
    assert charged(result) == TRUTH
    assert _bill(result).stated_total_fen == 7760
    assert not result.warnings and not result.unparseable


def _calls(doc: Drawn, count: int, *, block: bool, x0: float = 40) -> None:
    """通话详单 pages after the bill: 40 calls a page, three of them 1.20 (the bill's
    国内主叫通话费 3.60), each page with its title and, if ``block``, the line's header block."""
    for first in range(0, count, 40):
        doc.page()
        doc.row((doc.width / 2, "通话详单", "c"), size=14, step=26)
        if block:
            doc.row(
                (x0, "手机号码：13951234567"), (300, "查询周期：2026-10-01至2026-10-31"), size=9
            )
        columns = ["起始时间", "通信地点", "对方号码", "通信时长", "通信类型"]
        doc.row(*[(x0 + 90 * i, name) for i, name in enumerate(columns)],
                (555, "通信费(元)", "r"), size=8, step=15)  # fmt: skip
        for i in range(first, min(count, first + 40)):
            fee = "1.20" if i in (4, 17, 33) else "0.00"
            when = f"10-{1 + i // 2:02d} {8 + i % 12:02d}:{i % 60:02d}:11"
            doc.row((x0, when), (x0 + 90, "南京"),
                    (x0 + 180, f"1380000{i:04d}"), (x0 + 270, f"{1 + i % 9}分{i % 60:02d}秒"),
                    (x0 + 360, "本地通话"), (555, fee, "r"), size=8, step=15)  # fmt: skip


@pytest.mark.parametrize("block", [False, True], ids=["no-header-block", "header-block"])
@pytest.mark.parametrize("x0", [40, 60], ids=["own-column", "bill-column"])
def test_detail_pages_are_records_not_charges(tmp_path, block, x0):
    # Without their own header block the calls were rows of the bill: hung under its last
    # item, 话费优惠 -10.00 became a section and was dropped; where the calls' first column
    # stands where the bill's does, they were read as charges (3.60 twice). With a header
    # block, every call was an unread row and "most rows unread" was warned.
    doc = Drawn(tmp_path / "bill.pdf")
    header(doc)
    table(doc)
    _calls(doc, 62, block=block, x0=x0)
    result = read(doc.save())
    assert charged(result) == TRUTH
    assert _bill(result).stated_total_fen == 7760
    assert not result.unparseable and not result.warnings
    assert result.set_aside["detail"] == 62 + 2 * (3 if block else 2)  # titles, header rows
    assert result.rows_read == sum(result.set_aside.values()) + len(result.charges)
    assert any("62 detail records" in note and "pages 2–3" in note for note in result.notes)


def test_a_browsers_print_header_and_footer_are_page_furniture(tmp_path):
    # Printed from the portal over two pages, the table broken after 咪咕视频会员 with no
    # header repeated: the address at the foot of page 1 was a section, 彩铃功能费 filed
    # under it, and 增值业务费 said not to add up.
    doc = Drawn(tmp_path / "bill.pdf")

    def margins(number: int) -> None:
        doc.pdf.setFont(make_pdfs.FONT, 8)
        doc.pdf.drawString(30, doc.height - 20, "2026/11/5 10:23")
        doc.pdf.drawCentredString(doc.width / 2, doc.height - 20, "中国移动网上营业厅-账单查询")
        doc.pdf.drawString(30, 15, "https://shop.10086.cn/i/?f=billdetailqry&welcome=1730769200000")
        doc.pdf.drawRightString(doc.width - 30, 15, f"{number}/2")

    margins(1)
    header(doc)
    doc.row((60, "费用项目"), (400, "金额（元）", "r"))
    printed = 0
    for section, items in SECTIONS:
        fen = sum(int(amount.replace(".", "")) for _, amount in items)
        for x, name, amount in [(60, section, f"{fen / 100:.2f}")] + [(81, n, a) for n, a in items]:
            if printed == 6:
                doc.page()
                margins(2)
            doc.row((x, name), (400, amount, "r"))
            printed += 1
    doc.row((60, "本月费用合计"), (400, TOTAL, "r"))
    result = read(doc.save())
    assert charged(result) == TRUTH
    assert {c.section for c in result.charges if c.item == "彩铃功能费"} == {"增值业务费"}
    assert not result.warnings and not result.unparseable
    assert result.set_aside["note"] == 4  # two headers, two footers


def test_a_discount_written_jianmian_in_its_amount_cell_is_a_credit(tmp_path):
    # 优惠及减免 减免10.00: the rows were unread and a false mismatch followed.
    doc = Drawn(tmp_path / "bill.pdf")
    header(doc)
    written = [(s, [(n, "减免10.00" if a == "-10.00" else a) for n, a in i]) for s, i in SECTIONS]
    doc.row((60, "费用项目"), (400, "金额（元）", "r"))
    for section, items in written:
        doc.row((60, section), (400, items[0][1] if len(items) == 1 else "20.00", "r"))
        for name, amount in items:
            doc.row((81, name), (400, amount, "r"))
    doc.row((60, "本月费用合计"), (400, TOTAL, "r"))
    result = read(doc.save())
    assert charged(result) == TRUTH
    assert not result.unparseable and not result.warnings


def test_china_telecoms_fei_yong_xiang_header_heads_the_table(tmp_path):
    # 费用项 | 金额 was not known for a header: the table was found from its first row of
    # an item and an amount, and the heading above it (套餐月基本费) was set aside as a
    # title, so the plan's fee stood under no section.
    doc = Drawn(tmp_path / "bill.pdf")
    doc.row((doc.width / 2, "中国电信账单", "c"), size=16, step=32)
    doc.row((60, "客户名称：宋**"), (300, "账单周期：2026/10/01-2026/10/31"))
    doc.row((60, "设备号码：18912345678"), (300, "付费方式：后付费"))
    doc.y -= 10
    doc.row((60, "费用项"), (400, "金额", "r"))
    for name, amount, level in [
        ("套餐月基本费", "", 0), ("5G畅享套餐129元", "129.00", 1),
        ("增值业务费", "", 0), ("天翼超高清会员", "20.00", 1),
        ("优惠费用", "", 0), ("融合优惠", "-30.00", 1),
    ]:  # fmt: skip
        doc.row((60 + 21 * level, name), (400, amount, "r"))
    doc.row((60, "本期费用合计"), (400, "119.00", "r"))
    result = read(doc.save())
    assert {c.item: c.section for c in result.charges} == {
        "5G畅享套餐129元": "套餐月基本费",
        "天翼超高清会员": "增值业务费",
        "融合优惠": "优惠费用",
    }
    assert _bill(result).stated_total_fen == 11900 and not result.warnings


def test_a_bill_after_detail_pages_keeps_its_header_block(tmp_path):
    # The records end where the next bill's header block starts: it names that bill's
    # line, not a detail page's.
    doc = Drawn(tmp_path / "bill.pdf")
    header(doc)
    table(doc)
    _calls(doc, 5, block=True)
    doc.page()
    doc.row((60, "手机号码：13951230001"), (300, "计费周期：2026年10月01日-2026年10月31日"))
    doc.y -= 10
    table(doc)
    result = read(doc.save())
    assert sorted(b.line for b in result.bills) == ["13951230001", "13951234567"]
    assert result.set_aside["detail"] == 5 + 3
