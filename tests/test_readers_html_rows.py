"""HTML e-bills, HTML to rows: tables (spans, nesting, lines in a cell), text outside
tables, what is dropped, indentation, fragments and their locators' prefix, and the
Shandong China Telecom fragments of fixtures/realworld. The readers of pages and
e-mails are tests/test_readers_html.py's."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from auditor import lang
from auditor.errors import ValueParseError
from auditor.readers.base import CellRow
from auditor.readers.html import html_rows, text_rows

# Reader errors and warnings are checked as an English-speaking user reads them.
pytestmark = pytest.mark.usefixtures("english")


ROOT = Path(__file__).resolve().parent.parent
SHANDONG = ROOT / "fixtures" / "realworld" / "china-telecom-bill-shandong-html-in-json-201705.json"


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
