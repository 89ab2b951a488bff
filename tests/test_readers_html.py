"""HTML e-bills, the readers: saved pages, e-mails and web archives and their charsets
(declared in the MIME header, the page, or nowhere), the parts an e-mail is read from,
several bills on one page, adverts below the table, and one-line errors for files
without a readable bill. HTML to rows is tests/test_readers_html_rows.py's, the
fixtures of fixtures/ebill/ tests/test_readers_html_fixtures.py's."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.errors import InputError, ValueParseError
from auditor.model import ReadResult
from auditor.readers import ReadOptions, read_file
from auditor.readers.base import NO_LINE_FOUND, CellRow
from auditor.readers.ebill import EmlReader
from auditor.readers.mime import decode_declared
from auditor.readers.table import interpret

# Reader errors and warnings are checked as an English-speaking user reads them.
pytestmark = pytest.mark.usefixtures("english")


ROOT = Path(__file__).resolve().parent.parent
EBILL = ROOT / "fixtures" / "ebill"


# =========================================================================== the readers

BILL_PAGE = """<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">
</head><body><p>尊敬的客户，您好！</p>
<table><tr><td>手机号码：13800001234</td><td>账期：2026年10月</td></tr></table>
<table><tr><th>费用项目</th><th>金额(元)</th></tr>
<tr><td>套餐及固定费</td><td>18.00</td></tr>
<tr><td style="padding-left:2em">4G飞享18元套餐（2018版）</td><td>18.00</td></tr>
<tr><td>增值业务费</td><td>5.00</td></tr>
<tr><td style="padding-left:2em">彩铃功能费</td><td>5.00</td></tr>
<tr><td>本月费用合计</td><td>23.00</td></tr></table>
<p>客服热线：10086</p></body></html>
"""
BILL_ITEMS = [("4G飞享18元套餐（2018版）", 1800), ("彩铃功能费", 500)]


def email_bytes(
    body: bytes,
    *,
    content_type: str = "text/html",
    charset: str | None = "utf-8",
    transfer: str = "base64",
    headers: str = "",
) -> bytes:
    """A one-part e-mail around ``body`` (already in ``charset``), encoded by ``transfer``."""
    import base64
    import quopri

    if transfer == "base64":
        encoded = base64.encodebytes(body)
    elif transfer == "quoted-printable":
        encoded = quopri.encodestring(body)
    else:
        encoded = body
    declared = f'; charset="{charset}"' if charset else ""
    head = (
        "From: =?UTF-8?B?5Lit5Zu956e75Yqo?= <ebill@139.com>\n"
        "To: =?UTF-8?B?5byg5p+Q5p+Q?= <13800001234@139.com>\n"
        "Subject: =?UTF-8?B?5Lit5Zu956e75Yqo6LSm5Y2V?=\n"
        f"{headers}MIME-Version: 1.0\n"
        f"Content-Type: {content_type}{declared}\n"
        f"Content-Transfer-Encoding: {transfer}\n\n"
    )
    return head.encode("ascii") + encoded


def read_bytes(tmp_path: Path, name: str, data: bytes, **options) -> ReadResult:
    path = tmp_path / name
    path.write_bytes(data)
    return read_file(path, ReadOptions(**options))


def items(result: ReadResult) -> list[tuple[str, int]]:
    assert result.error is None, result.error
    return [(c.item, c.amount_fen) for c in result.charges]


CHARSETS = [
    # (declared in the MIME header, declared in the page, bytes written in, transfer)
    ("GBK", "gbk", "gbk", "quoted-printable"),
    ("gb2312", "gb2312", "gb18030", "base64"),  # GB2312 label, GBK-only characters
    ("utf-8", "utf-8", "utf-8", "base64"),
    ("utf-8", "utf-8", "utf-8", "8bit"),
    (None, "gbk", "gbk", "quoted-printable"),  # only the page says
    (None, "utf-8", "gbk", "base64"),  # nobody says it right: UTF-8 fails, GB18030 reads
    ("utf-8", "utf-8", "gbk", "base64"),  # a wrong label is passed over
]


@pytest.mark.parametrize(("mime", "meta", "written", "transfer"), CHARSETS)
def test_email_bodies_decode_by_their_declared_charset(tmp_path, mime, meta, written, transfer):
    page = BILL_PAGE.format(charset=meta).replace("客户", "客户喆")  # 喆: GBK, not GB2312
    data = email_bytes(page.encode(written), charset=mime, transfer=transfer)
    result = read_bytes(tmp_path, "账单.eml", data)
    assert result.reader == "eml"
    assert items(result) == BILL_ITEMS
    assert [b.stated_total_fen for b in result.bills] == [2300]


def test_big5_and_other_declared_charsets_are_honoured():
    text = "費用項目 金額 月租費"
    assert decode_declared(text.encode("big5"), ["big5"], html=False) == (text, "big5hkscs")
    page = f'<meta charset="big5"><p>{text}</p>'.encode("big5")
    assert decode_declared(page, [], html=True)[1] == "big5hkscs"
    assert decode_declared("\ufeff账单".encode(), ["gbk"], html=False) == ("账单", "utf-8")
    with pytest.raises(ValueParseError):
        decode_declared(b"\xff\xff\xff\x80", ["ascii"], html=False)


def test_a_saved_page_reads_by_its_meta_charset(tmp_path):
    result = read_bytes(tmp_path, "账单.htm", BILL_PAGE.format(charset="gbk").encode("gbk"))
    assert result.reader == "html"
    assert items(result) == BILL_ITEMS
    assert result.notes == ["read as an HTML page (gb18030)"]


def test_an_html_table_saved_with_another_suffix_is_read_as_html(tmp_path):
    # Portals offer "Excel" downloads that are HTML tables; named directly, they read.
    result = read_bytes(tmp_path, "账单.xls", BILL_PAGE.format(charset="utf-8").encode())
    assert result.reader == "html" and items(result) == BILL_ITEMS


def test_a_web_archive_reads_its_page_and_not_its_images(tmp_path):
    boundary = "----MultipartBoundary--test----"
    page = BILL_PAGE.format(charset="utf-8").encode()
    data = (
        (
            "From: <Saved by Blink>\nMIME-Version: 1.0\n"
            f'Content-Type: multipart/related; type="text/html"; boundary="{boundary}"\n\n'
            f"--{boundary}\nContent-Type: image/png\nContent-Transfer-Encoding: base64\n\n"
            "iVBORw0KGgo=\n"
            f"--{boundary}\nContent-Type: text/html\n"
            "Content-Transfer-Encoding: quoted-printable\n\n"
        ).encode()
        + quopri_bytes(page)
        + f"\n--{boundary}--\n".encode()
    )
    result = read_bytes(tmp_path, "账单.mhtml", data)
    assert result.reader == "mht"
    assert items(result) == BILL_ITEMS
    assert result.notes == ["read as the web archive: HTML part 2 (utf-8, quoted-printable)"]


def quopri_bytes(data: bytes) -> bytes:
    import quopri

    return quopri.encodestring(data)


def test_a_plain_text_email_is_read_as_text_lines(tmp_path):
    text = (
        "尊敬的客户：\n手机号码：13800001234\n账期：2026年10月\n\n"
        "费用项目        金额(元)\n套餐及固定费    18.00\n  4G飞享18元套餐（2018版）  18.00\n"
        "增值业务费      5.00\n  彩铃功能费    5.00\n本月费用合计    23.00\n"
    )
    result = read_bytes(tmp_path, "账单.eml", email_bytes(text.encode(), content_type="text/plain"))
    assert items(result) == BILL_ITEMS
    assert [c.locator for c in result.charges] == ["line 7", "line 9"]


def test_an_email_saved_with_a_mailbox_from_line_reads(tmp_path):
    data = b"From - Sun Nov 01 09:00:00 2026\n" + email_bytes(
        BILL_PAGE.format(charset="utf-8").encode()
    )
    result = read_bytes(tmp_path, "账单.eml", data)
    assert items(result) == BILL_ITEMS


def test_html_is_preferred_to_its_plain_text_alternative(tmp_path):
    boundary = "alt"
    page = BILL_PAGE.format(charset="utf-8").encode()
    data = (
        (
            "MIME-Version: 1.0\n"
            f'Content-Type: multipart/alternative; boundary="{boundary}"\n\n'
            f"--{boundary}\nContent-Type: text/plain; charset=utf-8\n\n请用HTML查看 99.00\n"
            f"--{boundary}\nContent-Type: text/html; charset=utf-8\n\n"
        ).encode()
        + page
        + f"\n--{boundary}--\n".encode()
    )
    result = read_bytes(tmp_path, "账单.eml", data)
    assert items(result) == BILL_ITEMS
    assert result.rows_read == 9  # the HTML's rows only; the text alternative is not read


def test_an_attached_document_is_named_in_a_warning(tmp_path):
    boundary = "mixed"
    page = BILL_PAGE.format(charset="utf-8").encode()
    data = (
        (
            "MIME-Version: 1.0\n"
            f'Content-Type: multipart/mixed; boundary="{boundary}"\n\n'
            f"--{boundary}\nContent-Type: text/html; charset=utf-8\n\n"
        ).encode()
        + page
        + (
            f"\n--{boundary}\nContent-Type: application/pdf\n"
            'Content-Disposition: attachment; filename="bill.pdf"\n'
            "Content-Transfer-Encoding: base64\n\nJVBERi0=\n"
            f"--{boundary}--\n"
        ).encode()
    )
    result = read_bytes(tmp_path, "账单.eml", data)
    assert items(result) == BILL_ITEMS
    assert result.warnings == [
        "the e-mail has an attachment (application/pdf) that was not read: save it and "
        "audit it on its own"
    ]


def test_two_bills_on_one_page_are_read_each_with_its_header_block(tmp_path):
    october = BILL_PAGE.format(charset="utf-8")
    september = october.replace("2026年10月", "2026年09月").replace("5.00", "6.00")
    september = september.replace("23.00", "24.00")
    page = september.replace("</body></html>", "") + october[october.index("<body>") + 6 :]
    result = read_bytes(tmp_path, "账单.html", page.encode())
    assert result.error is None
    got = sorted((c.period, c.item, c.amount_fen) for c in result.charges)
    assert got == [
        ("2026-09", "4G飞享18元套餐（2018版）", 1800),
        ("2026-09", "彩铃功能费", 600),
        ("2026-10", "4G飞享18元套餐（2018版）", 1800),
        ("2026-10", "彩铃功能费", 500),
    ]
    assert sorted((b.period, b.stated_total_fen) for b in result.bills) == [
        ("2026-09", 2400),
        ("2026-10", 2300),
    ]
    assert result.rows_read == result.rows_used + sum(result.set_aside.values())


FOOTER = """<p><span>下载中国移动APP</span> <span>查详单、办业务</span></p>
<div><a href="#">网上营业厅</a><span>|</span><a href="#">退订</a></div>"""


def test_adverts_and_links_below_the_table_are_set_aside_not_read(tmp_path):
    page = BILL_PAGE.format(charset="utf-8").replace("</body>", FOOTER + "</body>")
    result = read_bytes(tmp_path, "账单.html", page.encode())
    assert items(result) == BILL_ITEMS
    assert result.unparseable == []
    assert result.set_aside["note"] == 3  # 客服热线 and the two lines of the footer


def test_adverts_below_a_service_list_are_not_services(tmp_path):
    page = (
        """<p>号码：13800001234</p><table>
      <tr><th>业务名称</th><th>资费</th><th>状态</th></tr>
      <tr><td>彩铃功能费</td><td>5元/月</td><td>正常</td></tr></table>"""
        + FOOTER
    )
    result = read_bytes(tmp_path, "已订业务.html", page.encode())
    assert [s.name for s in result.services] == ["彩铃功能费"]
    assert result.rows_read == 1 + 2 + 2 and result.set_aside["note"] == 2


def test_a_service_list_with_group_headings_is_not_cut_into_documents():
    rows = [
        CellRow(["号码：13800001234"], "line 1"),
        CellRow(["业务名称", "资费", "状态"], "table 1 row 1"),
        CellRow(["增值业务"], "table 1 row 2"),
        CellRow(["彩铃", "5元/月", "正常"], "table 1 row 3"),
        CellRow(["2026年10月订购"], "table 1 row 4"),
        CellRow(["咪咕视频会员", "15元/月", "正常"], "table 1 row 5"),
    ]
    result = interpret(rows, Path("已订业务.html"), ReadOptions())
    assert [(s.line, s.name) for s in result.services] == [
        ("13800001234", "彩铃"),
        ("13800001234", "咪咕视频会员"),
    ]


# --------------------------------------------------------------------------- bad files

BAD_EMAILS = [
    # (file name, bytes, the one-line error)
    (
        "广告.eml",
        email_bytes(
            "<html><body><p>5G套餐限时优惠</p><a href='#'>立即办理</a></body></html>".encode()
        ),
        "no bill or service list found in the e-mail's HTML",
    ),
    (
        "空.eml",
        b"From: <ebill@139.com>\nSubject: =?UTF-8?B?6LSm5Y2V?=\nMIME-Version: 1.0\n\n",
        "the e-mail is empty: it has no text or HTML body",
    ),
    (
        "断.eml",
        email_bytes(BILL_PAGE.format(charset="utf-8").encode())[:-7],
        "part 1: its base64 body is damaged or cut short",
    ),
    (
        "断.eml",
        email_bytes(BILL_PAGE.format(charset="utf-8").encode()[:-90], transfer="8bit"),
        "the e-mail's HTML is cut off: it ends in the middle of its text",
    ),
    (
        "断.html",
        BILL_PAGE.format(charset="utf-8").encode()[:-60],
        "the page is cut off: it ends in the middle of its text",
    ),
    (
        "断.htm",
        b"<!-- saved from url=(0022)https://mail.wo.cn/ -->\n"
        + BILL_PAGE.format(charset="utf-8").encode()[:-60],
        "the page is cut off: it ends in the middle of its text",
    ),
    ("文本.eml", b"hello\nthis is not an e-mail\n", "no bill or service list found in the e-mail"),
    ("二进制.mht", b"\x00\x01\x02garbage\xff\xfe", "not text (its bytes are not valid in utf-8"),
    (
        "无号码.html",
        BILL_PAGE.format(charset="utf-8").replace("13800001234", "").encode(),
        NO_LINE_FOUND.en,
    ),
]


@pytest.mark.parametrize(
    ("name", "data", "message"), BAD_EMAILS, ids=[b[2][:30] for b in BAD_EMAILS]
)
def test_a_file_without_a_readable_bill_is_one_clear_line(tmp_path, name, data, message):
    result = read_bytes(tmp_path, name, data)
    assert result.error is not None
    assert message in result.error
    assert "\n" not in result.error
    assert not result.error.startswith("could not be read (")  # not the registry's safety net


def test_the_advert_fixture_names_the_file(tmp_path):
    path = EBILL / "bad" / "营销邮件-无账单.eml"
    with pytest.raises(InputError) as caught:
        EmlReader().read(path, path.read_bytes(), ReadOptions())
    assert str(caught.value) == f"{path}: no bill or service list found in the e-mail's HTML"


FORWARDED = """妈的账单，看一下

---------- Forwarded message ---------
发件人：中国电信 <ebill@189.cn>
Subject: 中国电信2026年09月电子账单

> 中国电信客户账单
> 用户号码：18900189003
> 计费账期：2026/09/01-2026/09/30
> 费用项目 金额(元)
> 套餐月基本费 39.00
> 本期费用合计：39.00
"""


def test_a_plain_text_email_without_a_bill_says_what_to_give_instead(tmp_path):
    """A bill e-mail forwarded as plain text has lost its table: the one-line error says
    to give the carrier's own e-mail, its page or the bill attached, not only that none
    was found; an HTML e-mail without a bill is told no more than that."""
    data = email_bytes(FORWARDED.encode(), content_type="text/plain")
    error = read_bytes(tmp_path, "Fwd 电子账单.eml", data).error
    assert error is not None and "\n" not in error
    assert error.endswith(
        "no bill or service list found in the e-mail's text: the e-mail has plain text "
        "alone, no HTML (a bill e-mail forwarded often keeps only its text, the table's "
        "columns lost). Save the carrier's original bill e-mail (as .eml from the mailbox, "
        "or the bill's page as .html) or the bill file attached to it (a PDF), and audit "
        "that file"
    )
    advert = email_bytes("<html><body><p>5G套餐限时优惠</p></body></html>".encode())
    assert read_bytes(tmp_path, "广告.eml", advert).error.endswith("found in the e-mail's HTML")
