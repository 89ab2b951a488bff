"""HTML e-bills: HTML to rows (tables, layout, what is dropped, indentation, locators,
the Shandong China Telecom fragments of fixtures/realworld), the e-mail and web-archive
containers and their charsets, one-line errors, the fixtures of fixtures/ebill/ against
their goldens, and the same audit from the e-bills as from the household's own files."""

from __future__ import annotations

import importlib.util
import json
import random
from collections import Counter
from datetime import date
from pathlib import Path

import fuzzing
import fuzzing_mutations
import pytest
from click.testing import CliRunner
from python_calamine import CalamineWorkbook
from readers_golden import check_golden, golden_for, normalised, read

from auditor import cli, lang
from auditor.errors import InputError, ValueParseError
from auditor.model import ReadResult
from auditor.pipeline import AuditOptions, run_audit
from auditor.readers import ReadOptions, read_file
from auditor.readers.base import NO_LINE_FOUND, CellRow
from auditor.readers.ebill import EmlReader
from auditor.readers.html import html_rows, text_rows
from auditor.readers.mime import codec_for, decode_declared
from auditor.readers.table import interpret

# Reader errors and warnings are checked as an English-speaking user reads them.
pytestmark = pytest.mark.usefixtures("english")


ROOT = Path(__file__).resolve().parent.parent
SHANDONG = ROOT / "fixtures" / "realworld" / "china-telecom-bill-shandong-html-in-json-201705.json"
EBILL = ROOT / "fixtures" / "ebill"


def table(rows: list[CellRow]) -> list[tuple[str, int, list[str]]]:
    """Rows as (locator, indent, cells), the way a person checks them."""
    return [(row.locator, row.indent, row.cells) for row in rows]


def cells(html: str) -> list[list[str]]:
    return [row.cells for row in html_rows(html)]


# ----------------------------------------------------------------------------- tables


def test_innermost_rows_are_read_and_layout_rows_are_not():
    page = """<table><tr>
      <td><table><tr><th>费用项目</th><th>金额(元)</th></tr>
                 <tr><td>套餐及固定费</td><td>18.00</td></tr></table></td>
      <td><p>右栏</p><table><tr><td>合计</td><td>18.00</td></tr></table></td>
    </tr></table>"""
    assert table(html_rows(page)) == [
        ("table 2 row 1", 0, ["费用项目", "金额(元)"]),
        ("table 2 row 2", 0, ["套餐及固定费", "18.00"]),
        ("table 1 row 1 line 1", 0, ["右栏"]),
        ("table 3 row 1", 0, ["合计", "18.00"]),
    ]


def test_colspan_and_rowspan_keep_columns_in_line():
    page = """<table>
      <tr><td colspan="3">中国移动 个人账单</td></tr>
      <tr><td rowspan="2">增值业务费</td><td>彩铃</td><td>5.00</td></tr>
      <tr><td>咪咕视频会员</td><td>15.00</td></tr>
      <tr><td colspan="2">合计</td><td>20.00</td></tr>
    </table>"""
    assert cells(page) == [
        ["中国移动 个人账单", "", ""],
        ["增值业务费", "彩铃", "5.00"],
        ["", "咪咕视频会员", "15.00"],
        ["合计", "", "20.00"],
    ]


def test_rowspan_at_the_end_of_a_row_leaves_an_empty_last_cell():
    page = "<table><tr><td>计费账期</td><td rowspan=2></td></tr><tr><td>打印时间</td></tr></table>"
    assert cells(page) == [["计费账期", ""], ["打印时间", ""]]


def test_huge_spans_are_bounded():
    (row,) = html_rows("<table><tr><td colspan='999999'>a</td><td>b</td></tr></table>")
    assert len(row.cells) == 65 and row.cells[-1] == "b"


def test_thead_tbody_tfoot_and_a_caption():
    page = """<table><caption>2026年10月账单</caption>
      <thead><tr><th>费用项目</th><th>金额</th></tr></thead>
      <tbody><tr><td>月租</td><td>18.00</td></tr></tbody>
      <tfoot><tr><td>合计</td><td>18.00</td></tr></tfoot></table>"""
    assert table(html_rows(page)) == [
        ("table 1 line 1", 0, ["2026年10月账单"]),
        ("table 1 row 1", 0, ["费用项目", "金额"]),
        ("table 1 row 2", 0, ["月租", "18.00"]),
        ("table 1 row 3", 0, ["合计", "18.00"]),
    ]


def test_a_cell_of_several_lines_alone_in_its_row_is_read_as_lines():
    page = "<table><tr><td>温馨提示：以上费用仅供参考。<br>客服热线：10086</td></tr></table>"
    assert table(html_rows(page)) == [
        ("table 1 row 1 line 1", 0, ["温馨提示：以上费用仅供参考。"]),
        ("table 1 row 1 line 2", 0, ["客服热线：10086"]),
    ]


def test_a_cell_of_several_lines_beside_others_is_one_cell():
    page = "<table><tr><td>4G飞享套餐<br/>(2018版)</td><td>18.00</td></tr></table>"
    assert cells(page) == [["4G飞享套餐 (2018版)", "18.00"]]


def test_spans_inside_a_cell_are_one_text():
    page = "<table><tr><td><span>咪咕</span><span>视频会员</span></td><td>15.00</td></tr></table>"
    assert cells(page) == [["咪咕视频会员", "15.00"]]


def test_an_empty_table_row_is_a_row_of_empty_cells():
    assert cells("<table><tr><td></td><td> </td></tr></table>") == [["", ""]]


# ------------------------------------------------------------------------ outside tables


def test_blocks_and_br_break_lines_and_spans_and_floats_make_cells():
    page = """<body><h3>中国移动 个人账单</h3>
      <div>手机号码：<span>13800001234</span></div>
      <div><div style="float:left">本期费用合计</div><div style="float:left">41.30</div>
      <div style="float:left">元</div><br/>
      <b>温馨</b>提示：以上费用仅供参考。</div></body>"""
    assert table(html_rows(page)) == [
        ("line 1", 0, ["中国移动 个人账单"]),
        ("line 2", 0, ["手机号码：", "13800001234"]),
        ("line 3", 0, ["本期费用合计", "41.30元"]),  # a lone unit box joins its amount
        ("line 4", 0, ["温馨提示：以上费用仅供参考。"]),
    ]


def test_a_unit_box_only_joins_an_amount():
    assert cells("<span>单位</span><span>元</span>") == [["单位", "元"]]


def test_whitespace_is_collapsed_and_indenting_spaces_are_kept():
    page = """<table><tr><td>
        套餐及
        固定费 </td><td>18.00</td></tr>
      <tr><td>&nbsp;&nbsp;4G飞享18元套餐</td><td>18.00</td></tr>
      <tr><td>　　话费优惠&nbsp;</td><td>-5.00</td></tr></table>"""
    assert cells(page) == [
        ["套餐及 固定费", "18.00"],
        ["\u00a0\u00a04G飞享18元套餐", "18.00"],
        ["\u3000\u3000话费优惠", "-5.00"],
    ]


def test_zero_width_characters_are_removed():
    assert cells("<p>咪咕\u200b视频\u00ad会员</p>") == [["咪咕视频会员"]]


def test_preformatted_text_keeps_its_lines_and_columns():
    page = "<pre>费用项目        金额\n套餐及固定费    18.00\n  4G飞享套餐    18.00\n</pre>"
    assert table(html_rows(page)) == [
        ("line 1", 0, ["费用项目", "金额"]),
        ("line 2", 0, ["套餐及固定费", "18.00"]),
        ("line 3", 0, ["\u00a0\u00a04G飞享套餐", "18.00"]),
    ]


# --------------------------------------------------------------------------- left out

DROPPED = [
    "<script>var fee = '99.00';</script>",
    "<style>td { color: red }</style>",
    "<!-- 99.00 -->",
    "<div style='display:none'>99.00</div>",
    "<div style='DISPLAY: NONE !important'>99.00</div>",
    "<span style='visibility:hidden'>99.00</span>",
    "<p hidden>99.00</p>",
    "<div style='mso-hide:all'>99.00</div>",
    "<noscript>99.00</noscript>",
    "<template><p>99.00</p></template>",
    "<table><tr style='display:none'><td>隐藏</td><td>99.00</td></tr></table>",
    "<table><tr><td style='display:none'>99.00</td></tr></table>",
]


@pytest.mark.parametrize("hidden", DROPPED)
def test_what_a_reader_does_not_see_is_dropped(hidden: str):
    page = f"<html><head><title>99.00</title></head><body><p>合计 18.00</p>{hidden}</body></html>"
    assert cells(page) == [["合计 18.00"]]


def test_the_text_after_a_hidden_element_stays():
    assert cells("<p>合计<span style='display:none'>99</span> 18.00</p>") == [["合计 18.00"]]


# --------------------------------------------------------------------------- indentation

INDENTED = [
    # (first cell of the item row, how the page indents it)
    ("<td style='padding-left:24px'>彩铃</td>", "padding-left on the cell"),
    ("<td style='padding: 0 0 0 2em'>彩铃</td>", "padding shorthand"),
    ("<td style='margin-left:12pt'>彩铃</td>", "margin-left in points"),
    ("<td style='text-indent:2em'>彩铃</td>", "text-indent"),
    ("<td><span style='padding-left:20px'>彩铃</span></td>", "on the cell's first child"),
    ("<td><div style='margin:0 0 0 1em'>彩铃</div></td>", "margin shorthand on a child"),
    ("<td class='billindent1'>彩铃</td>", "a level class"),
    ("<td><span class='toptitle indent-2'>彩铃</span></td>", "indent-2"),
    ("<td class='level2'>彩铃</td>", "level2"),
]


@pytest.mark.parametrize(("item", "how"), INDENTED, ids=[i[1] for i in INDENTED])
def test_indentation_from_css_and_classes(item: str, how: str):
    page = f"<table><tr><td>增值业务费</td><td>5.00</td></tr><tr>{item}<td>5.00</td></tr></table>"
    assert [row.indent for row in html_rows(page)] == [0, 1], how


def test_classes_that_are_not_levels_do_not_indent():
    page = """<table><tr><td class='col-2'>增值业务费</td><td>5.00</td></tr>
      <tr><td class='span6 h2'>彩铃</td><td>5.00</td></tr></table>"""
    assert [row.indent for row in html_rows(page)] == [0, 0]


def test_levels_are_ranked_over_the_whole_document():
    page = """<table><tr><td style='padding-left:8px'>套餐外费用</td><td>3.00</td></tr></table>
      <table><tr><td style='padding-left:16px'>语音</td><td>3.00</td></tr>
      <tr><td style='padding-left:32px'>国内通话费</td><td>3.00</td></tr></table>"""
    assert [row.indent for row in html_rows(page)] == [0, 1, 2]


def test_a_class_level_outranks_pixels():
    page = """<table><tr><td class='billindent' style='padding-left:30px'>套餐</td><td>1</td></tr>
      <tr><td class='billindent1'>月基本费</td><td>1</td></tr></table>"""
    assert [row.indent for row in html_rows(page)] == [0, 1]


# ------------------------------------------------------------------ fragments and prefix


def test_a_fragment_of_bare_rows_reads_with_its_key_as_prefix():
    rows = html_rows("<tr><td>a</td><td>1.00</td></tr><tr><td colspan='2'>b</td></tr>", "aHtml")
    assert table(rows) == [("aHtml row 1", 0, ["a", "1.00"]), ("aHtml row 2", 0, ["b", ""])]


def test_text_without_markup_is_one_line():
    assert table(html_rows("本月 消费  41.30 元")) == [("line 1", 0, ["本月 消费 41.30 元"])]


@pytest.mark.parametrize("empty", ["", "   \n", "<!-- nothing -->", "<html><head></head></html>"])
def test_an_empty_document_has_no_rows(empty: str):
    assert html_rows(empty) == []


def test_an_xml_declaration_is_accepted():
    page = '<?xml version="1.0" encoding="gb2312"?><html><body><p>合计</p></body></html>'
    assert cells(page) == [["合计"]]


def test_nesting_beyond_the_parser_limit_is_an_error_not_a_loss():
    with pytest.raises(ValueParseError, match="depth limit"):
        html_rows("<div>" * 300 + "41.30" + "</div>" * 300)


def test_text_rows_split_cells_at_tabs_and_runs_of_spaces():
    text = "费用项目\t金额\n\n套餐及固定费    18.00\n  4G飞享 18元套餐　18.00\n"
    assert table(text_rows(text, "part 1")) == [
        ("part 1 line 1", 0, ["费用项目", "金额"]),
        ("part 1 line 3", 0, ["套餐及固定费", "18.00"]),
        ("part 1 line 4", 0, ["\u00a0\u00a04G飞享 18元套餐　18.00"]),
    ]


# ---------------------------------------------------------------- the Shandong fragments


@pytest.fixture(scope="module")
def shandong() -> dict[str, list[CellRow]]:
    values = json.loads(SHANDONG.read_text("utf-8"))
    with lang.using("en"):  # the module's tests read English locators
        return {
            key: html_rows(values[key], key) for key in ("userHtml", "topHtml", "html", "aHtml")
        }


def test_shandong_header_fragment(shandong):
    assert table(shandong["userHtml"]) == [
        ("userHtml table 1 row 1", 0, ["中国电信股份有限公司山东电信分公司客户账单", ""]),
        ("userHtml table 1 row 2", 0, ["客户名称：***", "费用提示: 本月帐单已结清,无需再缴费."]),
        ("userHtml table 1 row 3", 0, ["计费账期：2017/05/01-2017/05/31", ""]),
        ("userHtml table 1 row 4", 0, ["打印时间：2017/06/22 16:54:06", ""]),
    ]


def test_shandong_fee_fragment(shandong):
    # The fee table stands in the left half of a layout table (table 1); its header row
    # is not closed in the source; the items are indented by billindent classes.
    assert table(shandong["html"]) == [
        ("html table 2 row 1", 0, ["费用项目", "金额/元"]),
        ("html table 2 row 2", 0, ["4G易通卡3元（套外0.15元/分钟，赠来显）", ""]),
        ("html table 2 row 3", 0, ["用户号码: 手机:18900001964", ""]),
        ("html table 2 row 4", 0, ["套餐及叠加包月基本费", ""]),
        ("html table 2 row 5", 1, ["套餐月基本费", "3.00"]),
        ("html table 2 row 6", 0, ["套餐及叠加包超出费用", ""]),
        ("html table 2 row 7", 1, ["语音通信费", ""]),
        ("html table 2 row 8", 2, ["国内漫游费", "1.05"]),
        ("html table 2 row 9", 0, ["本项小计：", "4.05"]),
        ("html table 3 row 1", 0, ["费用项目", "金额/元"]),
    ]


def test_shandong_total_fragment(shandong):
    # Floated boxes separated by <br/> inside one cell of a bare <tr>.
    rows = table(shandong["aHtml"])
    assert rows[0] == ("aHtml row 1 line 1", 0, ["本期费用合计", "4.05元"])
    assert rows[1] == ("aHtml row 1 line 2", 0, ["本期已付费用", "4.05元"])
    assert rows[2][2][:2] == ["本期应付费用", "0.00元"]
    assert rows[3][0] == "aHtml row 2" and rows[3][2][0].startswith("备注：")


def test_shandong_top_fragment(shandong):
    assert [row.cells[0] for row in shandong["topHtml"]] == ["地址:***", "姓名:***"]


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


# ========================================================================== the fixtures
# fixtures/ebill/ comes from fixtures/make_ebills.py; goldens live in tests/golden/ebill/.
# After a deliberate change: AUDITOR_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_readers_html.py

GOLDEN = Path(__file__).resolve().parent / "golden" / "ebill"
HOUSEHOLD = ROOT / "fixtures" / "household"
GOOD = sorted(p for p in EBILL.rglob("*") if p.is_file() and "bad" not in p.parts)
AS_OF = date(2026, 11, 5)
KNOWN = ["彩铃功能费", "腾讯视频会员"]


def _generator():
    spec = importlib.util.spec_from_file_location(
        "make_ebills", ROOT / "fixtures" / "make_ebills.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


make_ebills = _generator()


@pytest.mark.parametrize("path", GOOD, ids=lambda p: p.relative_to(EBILL).as_posix())
def test_golden(path: Path):
    check_golden(golden_for(GOLDEN, EBILL, path), normalised(read(path)))


@pytest.mark.parametrize("path", GOOD, ids=lambda p: p.relative_to(EBILL).as_posix())
def test_every_row_is_accounted_for_and_every_line_read(path: Path):
    result = read(path)
    assert result.error is None
    assert result.rows_read == (
        result.rows_used + sum(result.set_aside.values()) + len(result.unparseable)
    )
    assert result.unparseable == []
    assert result.set_aside["title"] and result.set_aside["header"]  # greetings, headers


def test_the_fixtures_hold_the_household_data():
    """Independent of the goldens: line A's items, every month, as make_household has them."""
    for index, month in enumerate(make_ebills.MOBILE_MONTHS):
        result = read(EBILL / "china-mobile" / f"中国移动账单-2026年{month}月.eml")
        got = [(c.line, c.period, c.item, c.amount_fen) for c in result.charges]
        want = [
            (make_ebills.LINE_A, f"2026-{month}", label, int(amounts[index].replace(".", "")))
            for label, is_item, amounts in make_ebills.MOBILE_STATEMENT
            if is_item
        ]
        assert got == want
        total = int(make_ebills.MOBILE_TOTALS[index].replace(".", ""))
        assert [b.stated_total_fen for b in result.bills] == [total]


def test_generator_is_reproducible_and_fixtures_are_current(tmp_path):
    written = make_ebills.generate(tmp_path)
    assert sorted(p.relative_to(tmp_path) for p in written) == sorted(
        p.relative_to(EBILL) for p in EBILL.rglob("*") if p.is_file()
    )
    for path in written:
        committed = EBILL / path.relative_to(tmp_path)
        assert path.read_bytes() == committed.read_bytes(), committed


# ------------------------------------------------------------------------- equivalence

FINDING_KEY = ("rule", "line", "service", "periods", "amount_fen", "monthly_fen")


def _audit(paths: list[Path]):
    report = run_audit(paths, AuditOptions(as_of=AS_OF, known_services=KNOWN))
    assert not report.failed_inputs, [r.error for r in report.failed_inputs]
    findings = sorted(
        tuple(tuple(v) if isinstance(v, list) else v for v in (getattr(f, k) for k in FINDING_KEY))
        for f in report.findings
    )
    charges = Counter((c.line, c.period, c.category, c.item, c.amount_fen) for c in report.charges)
    bills = sorted((b.bill.line, b.bill.period, b.bill.stated_total_fen) for b in report.bills)
    return findings, charges, bills


EQUIVALENT = [
    # (e-bills + the household's service list, the household's own bills and list)
    pytest.param(
        [EBILL / "china-mobile", HOUSEHOLD / "china-mobile" / "13800001234-已订业务.csv"],
        [HOUSEHOLD / "china-mobile"],
        ("lingering-charge", "13800001234", "视频彩铃订阅-酷电秀专属6元包", ("2026-10",), 600, 600),
        id="line A: 139 e-mails vs XLSX",
    ),
    pytest.param(
        [EBILL / "china-telecom", HOUSEHOLD / "china-telecom" / "18900189003" / "services.csv"],
        [HOUSEHOLD / "china-telecom" / "18900189003"],
        ("bill-total-mismatch", "18900189003", "", ("2026-10",), 200, None),
        id="line C: 189 e-mails vs CSV",
    ),
    pytest.param(
        [EBILL / "china-unicom", HOUSEHOLD / "china-unicom" / "18600005678-已订业务.xlsx"],
        [HOUSEHOLD / "china-unicom"],
        ("unknown-vas", "18600005678", "沃音乐会员", ("2026-09", "2026-10"), 2000, 1000),
        id="line B: web archive and saved page vs CSV",
    ),
]


@pytest.mark.parametrize(("ebills", "household", "expected"), EQUIVALENT)
def test_ebills_give_the_same_audit_as_the_household_files(ebills, household, expected):
    findings, charges, bills = _audit(ebills)
    assert (findings, charges, bills) == _audit(household)
    assert expected in findings


# ------------------------------------------------------------------------ personal data


def test_names_and_email_headers_never_reach_an_output(tmp_path):
    """The fixtures carry 张某某/王喆 in their To header and header block, and the line in
    the To address: none of it reaches the report, the JSON or the terminal."""
    for label, extra in (("masked", []), ("no-mask", ["--no-mask"])):
        out = tmp_path / label
        args = ["audit", str(EBILL), "-o", str(out / "r.xlsx"), "--json", str(out / "r.json")]
        result = CliRunner().invoke(cli.main, [*args, "--as-of", "2026-11-05", "-v", *extra])
        assert result.exit_code == 3, result.output  # fixtures/ebill/bad is named, not fatal
        book = CalamineWorkbook.from_path(str(out / "r.xlsx"))
        texts = [
            str(cell)
            for name in book.sheet_names
            for row in book.get_sheet_by_name(name).to_python()
            for cell in row
        ]
        outputs = ["\n".join(texts), (out / "r.json").read_text("utf-8"), result.output]
        for text in outputs:
            for secret in ("张某某", "王喆", "@139.com", "@189.cn", "电子账单", "Saved by"):
                assert secret not in text, (label, secret)
    for path in GOOD:
        result = read(path)
        assert result.personal & {"张某某", "王喆"}
        rows = [c.item for c in result.charges] + [u.text for u in result.unparseable]
        assert not any("@" in text or "张某某" in text for text in rows)


# ------------------------------------------------------------------------------- fuzzing

FUZZ = ("truncate", "flip-bytes", "append-garbage", "random-binary", "empty")
# Re-encodings a page must read the same after (its <meta> then no longer says the truth).
SAME_PAGE = ("as-gbk", "as-utf16")


@pytest.mark.parametrize("path", sorted(EBILL.rglob("*.*")), ids=lambda p: p.name)
def test_damaged_ebills_keep_the_reader_contract(tmp_path, path: Path):
    seed = fuzzing.Seed(path.relative_to(ROOT).as_posix(), path.suffix, path.read_bytes())
    reference = fuzzing.digest(read(path))
    breaches = []
    for mutation in fuzzing_mutations.MUTATIONS:
        names = FUZZ + (SAME_PAGE if path.suffix == ".html" else ())
        if mutation.name not in names:
            continue
        for variant in range(3):
            rng = random.Random(f"{path.name}:{mutation.name}:{variant}")
            label = f"{mutation.name}-{variant}"
            case = fuzzing.Case(seed, mutation, mutation.apply(seed.data, rng), label)
            outcome = fuzzing.run_case(case, tmp_path, timeout=20)
            breaches += [f"{label}: {problem}" for problem in outcome.problems]
            result = outcome.result
            if result is not None and result.error is None:
                accounted = result.rows_used + sum(result.set_aside.values())
                if result.rows_read != accounted + len(result.unparseable):
                    breaches.append(f"{label}: row accounting")
                if mutation.name in SAME_PAGE and fuzzing.digest(result) != reference:
                    breaches.append(f"{label}: the re-encoded page reads differently")
    assert breaches == []


def test_a_charset_label_holding_a_nul_is_no_charset():
    # Found by the fuzz suite's hostile-lines mutation: codecs.lookup raised ValueError.
    assert codec_for("utf-8\x00") is None
    assert codec_for("utf-8") == "utf-8"
