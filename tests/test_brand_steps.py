"""A virtual operator's bill that names its brand (小米移动 in its name or its title) gets
steps naming the brand, from the catalog, with no number the catalog does not give; a
carrier's app the catalog names is where its steps look up the bill, labelled an app."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from auditor.catalog import load_carrier
from auditor.pipeline import AuditOptions, run_audit
from auditor.readers import ReadOptions, read_file

pytestmark = pytest.mark.usefixtures("english")

AS_OF = date(2026, 11, 5)
UNNAMED = "call the brand's own service line"


def bill(folder: Path, name: str, line: str, title: str = "", total: str = "") -> Path:
    """A CSV bill of September 2026 under ``name``: 来电提醒 billed twice (a duplicate
    charge, and an unknown service); ``total``, its stated total (合计), if any."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = [title] if title else []
    rows += [
        "手机号码,账期,费用类别,费用项目,金额(元)",
        f"{line},2026-09,套餐及固定费,套餐月费,30.00",
        f"{line},2026-09,增值业务费,来电提醒,2.00",
        f"{line},2026-09,增值业务费,来电提醒,2.00",
    ]
    rows += [f"{line},2026-09,合计,,{total}"] if total else []
    path = folder / name
    path.write_text("\n".join(rows) + "\n", "utf-8")
    return path


def steps(path: Path) -> list:
    report = run_audit([path], AuditOptions(as_of=AS_OF))
    assert report.findings
    return [step for finding in report.findings for step in finding.actions]


def calls(found: list) -> list[str]:
    return [step.text for step in found if step.channel in ("hotline", "complaint")]


@pytest.mark.parametrize(
    ("name", "title"),
    [("小米移动账单-17002011011.csv", ""), ("账单-17002011011.csv", "小米移动 话费账单")],
)
def test_a_brand_the_bill_names_is_named_in_its_steps(tmp_path, name, title):
    found = steps(bill(tmp_path / "bills", name, "17002011011", title))
    said = calls(found)
    assert said and all(UNNAMED.lower() not in text.lower() for text in said)
    assert any("小米移动's own service line" in text for text in said)
    # no service number made up for it: none is in the catalog
    assert all(step.to == "" for step in found if step.channel == "hotline")


def test_a_virtual_operators_bill_naming_no_brand_keeps_the_general_call(tmp_path):
    found = steps(bill(tmp_path / "bills", "账单-17002011011.csv", "17002011011"))
    assert any(UNNAMED in text for text in calls(found))


def test_the_brands_call_is_catalog_text_with_no_number():
    mvno = load_carrier("mvno")
    assert "小米移动" in mvno.brands and "小米移动" in mvno.detect_words
    assert mvno.brand_call is not None
    for text in (mvno.brand_call.zh, mvno.brand_call.en):
        assert "{brand}" in text and not re.search(r"\d{3,}", text)


def test_broadnets_bill_is_looked_up_in_its_app(tmp_path):
    found = steps(bill(tmp_path / "bills", "广电账单-2026年09月.csv", "19200001111"))
    first = found[0]
    assert (first.channel, first.to) == ("app", "the China Broadnet app")
    assert first.text.startswith("In the China Broadnet app, look up the itemised bill")
    assert not any("the carrier's app or online service hall" in s.text for s in found)


def test_a_brands_bill_is_looked_up_where_the_brand_keeps_it(tmp_path):
    """A 小米移动 bill whose items fall short of its total: the duplicate's and the
    mismatch's first steps look the bill up in the brand's own app or website, named
    from the catalog and labelled an app, not the big carriers' online hall."""
    path = bill(tmp_path / "bills", "小米移动账单-17002011011.csv", "17002011011", total="40.00")
    report = run_audit([path], AuditOptions(as_of=AS_OF))
    first = {f.rule: f.actions[0] for f in report.findings}
    assert {"duplicate-charge", "bill-total-mismatch"} <= set(first)
    for rule in ("duplicate-charge", "bill-total-mismatch"):
        step = first[rule]
        assert (step.channel, step.to) == ("app", "小米移动"), rule
        assert step.text.startswith("In 小米移动's app or on its website, "), step.text
    wording = load_carrier("mvno").brand_bill
    assert wording is not None and "{brand}" in wording.zh and "{brand}" in wording.en
    said = [a.text for f in report.findings for a in f.actions]
    assert not any("online service hall" in text for text in said)


# A 小米移动 reminder that carries its host network's link and reply keyword (whether a
# real one does is not known: no real 小米移动 SMS is among the samples).
BRAND_SMS = (
    "【小米移动】【账单提醒】尊敬的17002011011用户，您2026年09月份账单合计34.00元。主要费用项"
    "包括：月固定费30元，增值业务费4元。查询账单详情请点击：https://u.10010.cn/tbmVp ，回复"
    "TDZD退订本短信。"
)


@pytest.mark.parametrize("signed_last", [False, True])
def test_a_brands_signature_in_an_sms_names_the_brand_and_its_carrier(tmp_path, signed_last):
    """The signature 【小米移动】 counts as the brand in a file's name does: the reminder
    is the virtual operator's, not China Unicom's whose link and keyword it carries (said
    in a warning), and its steps call 小米移动's own service line."""
    text = BRAND_SMS
    if signed_last:
        text = text.replace("【小米移动】", "") + "【小米移动】"
    (tmp_path / "bills").mkdir()
    path = tmp_path / "bills" / "10月账单.txt"
    path.write_text(text, "utf-8")
    result = read_file(path, ReadOptions())
    assert (result.carrier, result.brand) == ("mvno", "小米移动")
    assert [b.carrier for b in result.bills] == ["mvno"]
    assert any(
        a.startswith(
            "carrier read as virtual operator (MVNO) (its signature 【小米移动】), but "
            "its link 10010.cn says China Unicom"
        )
        for a in result.alerts
    )
    said = calls(steps(path))
    assert said and all(UNNAMED.lower() not in text.lower() for text in said)
    assert any("小米移动's own service line" in text for text in said)
    assert not any("10010" in text for text in said)
