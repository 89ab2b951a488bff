"""A virtual operator's bill (小米移动, 蜗牛移动, 红豆电信) is read as the virtual operator's,
not as the big carrier whose word its brand holds; where its brand and its number's prefix
disagree, the file is read as its text says and the user told, naming both."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor.catalog import carriers, detect_carrier, load_carrier
from auditor.cli import main
from auditor.readers import ReadOptions, read_file

pytestmark = pytest.mark.usefixtures("english")

MVNO_LINE = "17002011011"  # a 170 number: a virtual operator's segment
MOBILE_LINE = "13800001234"


def bill(folder: Path, title: str, line: str = MVNO_LINE, name: str = "") -> Path:
    """A small long-layout CSV bill of October 2026, under ``title`` (no title row when
    empty), one value-added charge on it."""
    # (pytest's folder is named for the test: one that names a carrier would be a clue)
    folder = folder / "bills" if folder.name.startswith("test_") else folder
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / (name or f"{line}-2026年10月.csv")
    rows = [title] if title else []
    rows += [
        "手机号码,账期,费用类别,费用项目,金额(元)",
        f"{line},2026-10,套餐及固定费,任我行流量王,30.00",
        f"{line},2026-10,增值业务费,来电提醒,2.00",
        f"{line},2026-10,本月费用合计,,32.00",
    ]
    path.write_text("\n".join(rows) + "\n", "utf-8")
    return path


def brands_holding_a_carriers_word() -> list[tuple[str, str]]:
    """Each virtual operator's brand in the catalog that holds a big carrier's word, and
    that word (小米移动, 移动)."""
    words = [(c.id, w) for c in carriers() if c.id != "mvno" for w in c.detect_words]
    return [
        (brand, word)
        for brand in load_carrier("mvno").detect_words
        for _, word in words
        if word in brand
    ]


def test_the_catalog_has_brands_that_hold_a_carriers_word():
    found = dict(brands_holding_a_carriers_word())
    assert found["小米移动"] == "移动" and found["蜗牛移动"] == "移动"
    assert found["红豆电信"] == "电信"


@pytest.mark.parametrize(("brand", "word"), brands_holding_a_carriers_word())
def test_a_brand_beats_the_carriers_word_it_holds(brand, word):
    assert detect_carrier(brand) == "mvno"
    assert detect_carrier(f"{brand} 账单") == "mvno"
    # one stray bare word elsewhere does not outweigh the brand
    assert detect_carrier(f"{brand} 账单 {word}") == "mvno"


@pytest.mark.parametrize(
    ("text", "carrier"),
    [
        ("中国移动 账单", "china-mobile"),
        ("移动 账单", "china-mobile"),
        ("中国电信 账单", "china-telecom"),
        ("电信 账单", "china-telecom"),
        ("蜗牛移动 移动数据", "mvno"),
        # two brands of two carriers, as strong: no guess
        ("小米移动 动感地带", None),
    ],
)
def test_the_big_carriers_words_still_name_them(text, carrier):
    assert detect_carrier(text) == carrier


@pytest.mark.parametrize("brand", ["小米移动", "蜗牛移动"])
def test_a_brand_in_the_title_row_reads_as_a_virtual_operator(tmp_path, brand):
    result = read_file(bill(tmp_path, f"{brand} 账单"), ReadOptions())
    assert result.carrier == "mvno"
    assert {c.carrier for c in result.charges} == {"mvno"}
    assert result.alerts == []


def test_a_brand_in_the_folder_name_alone_reads_as_a_virtual_operator(tmp_path):
    result = read_file(bill(tmp_path / "小米移动", ""), ReadOptions())
    assert result.carrier == "mvno" and result.alerts == []
    mobile = read_file(bill(tmp_path / "中国移动", "", line=MOBILE_LINE), ReadOptions())
    assert mobile.carrier == "china-mobile"


def test_a_brand_on_a_china_mobile_number_is_said(tmp_path):
    result = read_file(bill(tmp_path, "小米移动 账单", line=MOBILE_LINE), ReadOptions())
    assert result.carrier == "mvno"  # the text wins over the prefix, as ever
    assert result.alerts == [
        "carrier read as virtual operator (MVNO) (its text), but the prefix of "
        f"{MOBILE_LINE} says China Mobile: check the carrier (a number ported to another "
        'carrier keeps its prefix); carrier = "…" in the line\'s table of the settings gives '
        "its carrier"
    ]


def test_china_mobile_on_a_virtual_operators_number_is_said(tmp_path):
    result = read_file(bill(tmp_path, "中国移动 账单"), ReadOptions())
    assert result.carrier == "china-mobile"
    [alert] = result.alerts
    assert alert.startswith("carrier read as China Mobile (its text), but the prefix of")
    assert "says virtual operator (MVNO)" in alert


def test_a_brand_folder_against_the_documents_words_is_said(tmp_path):
    result = read_file(bill(tmp_path / "小米移动", "中国移动 账单"), ReadOptions())
    assert result.carrier == "china-mobile"
    [alert] = result.alerts
    assert "its file name says virtual operator (MVNO)" in alert


def test_the_steps_of_a_brands_bill_are_the_brands_not_china_mobiles(tmp_path):
    folder = tmp_path / "bills"
    bill(folder, "小米移动 账单")
    out = tmp_path / "r.json"
    result = CliRunner().invoke(
        main,
        ["audit", str(folder), "--as-of", "2026-11-05", "--no-history",
         "-o", str(tmp_path / "r.xlsx"), "--json", str(out), "-q"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "carrier read as" not in result.stderr
    findings = json.loads(out.read_text("utf-8"))["findings"]
    assert findings and {f["carrier"] for f in findings} == {"mvno"}
    steps = " ".join(a["text"] for f in findings for a in f["actions"])
    assert "10086" not in steps and "China Mobile" not in steps
