"""Every fast path reads exactly what the slow path reads, or leaves the file to it.

Each test reads the same bytes both ways and compares the whole :class:`ReadResult`
(charges, services, bills, row accounting, unread rows, warnings, notes, clues, the
personal texts found) or the same error. The inputs: every fixture, each fixture under
every text mutation the fuzzer knows, and generated long bills with every kind of row a
long bill holds, shuffled.
"""

from __future__ import annotations

import io
import random
import unicodedata
import warnings
import zipfile
from pathlib import Path

import pytest
from fuzzing_mutations import mutations_for
from fuzzing_seeds import FIXTURES, fixture_seeds, long_csv
from hostile import number_cell, raw_xlsx, text_cell
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor import categories
from auditor.errors import AuditorError
from auditor.names import fold_all, fold_name, fold_names, fold_traditional
from auditor.readers.base import ReadOptions
from auditor.readers.csv_xlsx import CsvReader, XlsxReader
from auditor.readers.package_scan import KEPT_PARTS, count_elements
from auditor.readers.rows import is_payment, plain_labels, which_total
from auditor.readers.workbook import open_package
from auditor.rules.value_added import is_third_party_charge, is_vas_charge

FAST, SLOW = CsvReader(), CsvReader(fast=False)
CSV_SEEDS = [seed for seed in fixture_seeds() if seed.suffix in (".csv", ".tsv", ".txt")]


def outcome(reader: CsvReader, path: Path, data: bytes, options: ReadOptions):
    """The reading, or the error's text: what must be the same both ways."""
    try:
        return reader.read(path, data, options)
    except AuditorError as exc:
        return f"{type(exc).__name__}: {exc}"


def same_both_ways(path: Path, data: bytes, options: ReadOptions | None = None) -> None:
    options = options or ReadOptions()
    assert outcome(FAST, path, data, options) == outcome(SLOW, path, data, options)


@pytest.mark.parametrize("seed", CSV_SEEDS, ids=lambda seed: seed.name)
def test_fixtures_read_the_same_both_ways(seed):
    path = FIXTURES.parent / seed.name
    same_both_ways(path, seed.data)
    same_both_ways(path, seed.data, ReadOptions(line="13800001234", period="2026-10"))


@pytest.mark.parametrize("seed", CSV_SEEDS, ids=lambda seed: seed.name)
def test_mutated_fixtures_read_the_same_both_ways(seed):
    rng = random.Random(seed.name)
    for mutation in mutations_for(seed.suffix):
        for _ in range(3):
            same_both_ways(FIXTURES.parent / seed.name, mutation.apply(seed.data, rng))


LINE, OTHER = "13800001234", "13900005678"
HEADER = "手机号码,账期,费用类别,费用项目,金额(元)"
# Rows a long bill may hold besides its charges: each must be read as the slow path does.
ODD_ROWS = [
    "",
    "   ,  ,",
    f"{LINE},2026-10,实际应缴合计,,38.00",
    f"{LINE},2026-10,合计,,",
    ",,合计,,99.00",
    f"{LINE},2026-10,小计,,12.00",
    f"{LINE},2026-10,增值业务费小计,,5.00",
    f"{LINE},2026-10,本期已付费用,,38.00",
    f"{LINE},2026-10,增值业务费,咪咕视频会员,十五元",
    f"{LINE},2026-10,,,5.00",
    f"{LINE},2026-13,增值业务费,彩铃,5.00",
    "1380000123,2026-10,增值业务费,彩铃,5.00",
    f"{OTHER},2026-10,增值业务费,彩铃,5.00",
    ",2026-10,增值业务费,彩铃,5.00",
    f"{LINE},,增值业务费,彩铃,5.00",
    HEADER,
    "增值业务费",
    "温馨提示：请按时缴费",
    "本月费用合计：53.60元",
    "客服热线,10086",
    f'{LINE},2026-10,增值业务费,"彩铃, 包月",5.00',
    f'{LINE},2026-10,增值业务费,"两行\n的名字",5.00',
    f'="{LINE}",="2026-10",增值业务费,彩铃,5.00',
    f"{LINE},2026-10,增值业务费,彩铃,5.00,多一格",
    f"{LINE},2026-10,增值业务费",
    "账期：2026年11月",
    f"手机号码：{OTHER},,",
    f"{LINE},2026-10,增值业务费,号码百事通,2.00",
    f"{LINE},2026-10,增值业务费,彩铃,-5.00",
    f"{LINE},2026-10,优惠,话费减免,-3.00",
    f"{LINE},2026-10,代收费,SP信息费,1.00",
]
PLAIN = [
    f"{LINE},2026-10,套餐及固定费,4G飞享18元套餐,18.00",
    f"{LINE},2026-10,增值业务费,彩铃功能费,5.00",
    f"{LINE},2026-10,套餐外语音通信费,国内主叫,0.36",
]
HEADS = [
    [HEADER],
    [
        "中国移动 个人账单",
        f"手机号码：{LINE}",
        "账期：2026年10月",
        "",
        "费用类别,费用项目,金额(元)",
    ],
    ["客户姓名：张某某", "费用类别,费用项目,金额(分)"],
    ["sep=,", HEADER],
    ["费用类别,费用项目,金额(元)"],
]


@pytest.mark.parametrize("case", range(300))
def test_generated_long_bills_read_the_same_both_ways(case):
    rng = random.Random(case)
    head = rng.choice(HEADS)
    body = [rng.choice(PLAIN) for _ in range(rng.randrange(0, 30))]
    for _ in range(rng.randrange(0, 6)):
        body.insert(rng.randrange(len(body) + 1), rng.choice(ODD_ROWS))
    text = "\n".join([*head, *body]) + rng.choice(["\n", "", "\r\n"])
    if rng.random() < 0.2:
        text = text.replace("\n", "\r\n")
    delimiter = rng.choice([",", ",", ";", "\t"])
    text = text.replace(",", delimiter) if delimiter != "," else text
    path = Path(rng.choice(["bill.csv", f"{LINE}-2026年10月.csv", "账单.csv"]))
    same_both_ways(path, text.encode(rng.choice(["utf-8", "gb18030"])))


def test_a_big_long_bill_is_read_by_the_fast_path_the_same():
    data, _ = long_csv(5_000, random.Random(7))
    path = Path("13800001234-2026年10月.csv")
    fast = FAST.read(path, data, ReadOptions())
    assert fast == SLOW.read(path, data, ReadOptions())
    assert len(fast.charges) == 5_000


# ------------------------------------------------------------------ workbooks

XLSX_FAST, XLSX_SLOW = XlsxReader(), XlsxReader(fast=False)
XLSX_SEEDS = [seed for seed in fixture_seeds() if seed.suffix in (".xlsx", ".xlsm")]


def same_workbook_both_ways(path: Path, data: bytes) -> None:
    options = ReadOptions()
    assert outcome(XLSX_FAST, path, data, options) == outcome(XLSX_SLOW, path, data, options)


@pytest.mark.parametrize("seed", XLSX_SEEDS, ids=lambda seed: seed.name)
def test_workbooks_read_the_same_both_ways(seed):
    same_workbook_both_ways(FIXTURES.parent / seed.name, seed.data)


@pytest.mark.parametrize("seed", XLSX_SEEDS, ids=lambda seed: seed.name)
def test_mutated_workbooks_read_the_same_both_ways(seed):
    rng = random.Random(seed.name)
    for mutation in mutations_for(seed.suffix):
        for _ in range(4):
            same_workbook_both_ways(FIXTURES.parent / seed.name, mutation.apply(seed.data, rng))


HEAD = (
    b'<row r="1">'
    + text_cell("A1", "费用类别")
    + text_cell("B1", "费用项目")
    + text_cell("C1", "金额(元)")
    + b'</row><row r="2">'
    + text_cell("A2", "增值业务费")
    + text_cell("B2", "彩铃")
    + number_cell("C2", "5")
    + b"</row>"
)
# Sheets written by hand the way no spreadsheet program writes them.
ODD_SHEETS = {
    "not a number": b'<row r="3"><c r="A3"><v>abc</v></c><c r="C3"><v>1</v></c></row>',
    "no shared strings": b'<row r="3"><c r="A3" t="s"><v>7</v></c></row>',
    "boolean two": b'<row r="3"><c r="A3" t="b"><v>2</v></c></row>',
    "spaced number": b'<row r="3"><c r="C3"><v> 5 </v></c></row>',
    "infinite": b'<row r="3"><c r="C3"><v>1e400</v></c></row>',
    "huge int": b'<row r="3"><c r="C3"><v>123456789012345678901</v></c></row>',
    "cell in another row": b'<row r="3"><c r="A9" t="inlineStr"><is><t>x</t></is></c></row>',
    "same cell twice": b'<row r="3">' + text_cell("A3", "x") + text_cell("A3", "y") + b"</row>",
    "cells backwards": b'<row r="3">' + number_cell("C3", "2") + text_cell("A3", "x") + b"</row>",
    "rows backwards": b'<row r="5">' + text_cell("A5", "x") + b'</row><row r="3"></row>',
    "row without r": b"<row>" + text_cell("A3", "x") + b"</row>",
    "cell without r": b'<row r="3"><c t="inlineStr"><is><t>x</t></is></c></row>',
    "last row": b'<row r="1048576">' + text_cell("A1048576", "x") + b"</row>",
    "formula string": '<row r="3"><c r="A3" t="str"><f>A1</f><v>费用</v></c></row>'.encode(),
    "formula unsaved": b'<row r="3"><c r="C3"><f>SUM(C2)</f></c></row>',
    "error": b'<row r="3"><c r="C3" t="e"><v>#N/A</v></c></row>',
    "empty value": b'<row r="3"><c r="C3"><v/></c></row>',
    "rich inline": b'<row r="3"><c r="A3" t="inlineStr"><is><r><t>a</t></r><r><t>b</t></r>'
    b"</is></c></row>",
    "spaces kept": b'<row r="3">'
    + text_cell("A3", "  缩进项")
    + number_cell("C3", "1")
    + b"</row>",
    "far column": b'<row r="3">' + text_cell("ZZ3", "x") + b"</row>",
    "lower-case ref": b'<row r="3"><c r="c3"><v>4</v></c></row>',
    "escaped": b'<row r="3">' + text_cell("A3", "a_x000D_b") + b"</row>",
    "date cell": b'<row r="3"><c r="C3" t="d"><v>2026-10-01T00:00:00</v></c></row>',
    "float row number": b'<row r="3.0">' + text_cell("A3", "x") + b"</row>",
    "no sheetData rows": b"",
}


@pytest.mark.parametrize("name", ODD_SHEETS)
def test_hand_made_sheets_read_the_same_both_ways(name):
    data = raw_xlsx([("账单", HEAD + ODD_SHEETS[name])])
    same_workbook_both_ways(Path("13800001234-2026年10月.xlsx"), data)


# ------------------------------------------------ what the fast path asks of many texts
#
# The long-bill path asks of all its items at once what the slow path asks of each: the
# same answers, for texts made of what the answers turn on (category, total and payment
# words, traditional and full-width spellings, spaces, combining marks, line breaks).

_NAME_PIECES = st.sampled_from(
    [
        *(word for _, words in categories._WORDS for word in words),
        *categories.CATEGORIES,
        *("sp", "ＳＰ", "超出", "國內", "合計", "小计", "本期已付", "余额", "total", "Ｔｏｔａｌ"),
        *(" ", "\u3000", "\n", "：", "\u0301", "\u1100\u1161", "ß", "İ", "㈱", "ﬁ", "x", "1"),
        *("代收", "信息費", "第三方", "SP", "a sp", "display"),
    ]
)
_NAMES = st.lists(_NAME_PIECES, max_size=4).map("".join)


@settings(max_examples=300, deadline=None)
@given(pairs=st.lists(st.tuples(_NAMES, _NAMES | st.text(max_size=8)), max_size=20))
def test_many_names_are_asked_what_each_is_asked(pairs):
    items = [item for _, item in pairs]
    assert fold_all(items) == [
        fold_traditional(unicodedata.normalize("NFKC", item).casefold()) for item in items
    ]
    assert plain_labels(items) == [
        not is_payment(item) and which_total(item) is None for item in items
    ]
    assert categories.categorise_all(pairs) == [categories.categorise(*pair) for pair in pairs]
    folded = fold_all(items)
    assert fold_names(folded) == [fold_name(item) for item in items]
    pairs_folded = list(zip(pairs, folded, strict=True))
    assert [is_third_party_charge("", i, item_text=f) for (_, i), f in pairs_folded] == [
        is_third_party_charge("", item) for item in items
    ]
    assert [is_vas_charge("", i, s, item_text=f) for (s, i), f in pairs_folded] == [
        is_vas_charge("", item, section) for section, item in pairs
    ]


@pytest.mark.parametrize("padding", [0, 40_000], ids=["small", "over the seen size"])
def test_the_count_keeps_the_parts_the_archive_reads(padding):
    """Of two parts of one name, the count keeps the one ``archive.read(name)`` unpacks
    (calamine_book reads the kept bytes in its place), and no part over the size it keeps."""
    out = io.BytesIO(raw_xlsx([("账单", HEAD)]))
    second = b'<workbook xmlns="x"><sheets/></workbook>' + b" " * padding
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns of the duplicate name
        with zipfile.ZipFile(out, "a") as package:
            package.writestr("xl/workbook.xml", second)
    data = out.getvalue()
    with open_package(Path("x.xlsx"), data, ReadOptions()) as archive:
        kept = count_elements(Path("x.xlsx"), archive, ReadOptions()).kept
        assert set(kept) <= set(KEPT_PARTS)
        for name in KEPT_PARTS:
            if name in kept:
                assert kept[name] == archive.read(name)
    assert ("xl/workbook.xml" in kept) == (not padding)
    same_workbook_both_ways(Path("13800001234-2026年10月.xlsx"), data)
