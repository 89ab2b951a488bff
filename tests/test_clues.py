"""Carrier clues: a document's signature, links, reply keyword, label and words, its file
name and its numbers' prefixes; when they disagree the reading follows the contract and an
alert names both sides, on stderr, in the JSON inputs and in the Inputs sheet."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor.cli import main
from auditor.readers import ReadOptions, read_file
from auditor.readers.clues import text_clues

# Reader errors and warnings are checked as an English-speaking user reads them.
pytestmark = pytest.mark.usefixtures("english")


ROOT = Path(__file__).resolve().parent.parent
UNICOM_SMS = ROOT / "fixtures" / "realworld" / "china-unicom-bill-sms.txt"


def test_every_kind_of_clue_in_a_message():
    text = UNICOM_SMS.read_text("utf-8")
    assert text_clues(text) == [
        ("its signature 【中国联通】", "china-unicom"),
        ("its link 10010.cn", "china-unicom"),
        ("its reply keyword TDZD", "china-unicom"),
        ("its text", "china-unicom"),
    ]
    assert text_clues("运营商：中国电信 本月话费") == [
        ("its label 运营商：中国电信", "china-telecom"),
        ("its text", "china-telecom"),
    ]
    # a domain inside another word, a keyword inside another word: no clue
    assert text_clues("see www.x189.cnx, mail.139.community and TDZDX") == []


def unicom_bill(tmp_path: Path, name: str) -> Path:
    items = [{"integrateItem": "基本套餐费", "fee": "39.00", "parentItemCode": "-1",
              "integrateItemCode": "1"}]  # fmt: skip
    doc = {"userInfo": {"brand_name": "沃4G后付费"},
           "result": {"cycleId": "202006", "allFee": "39.00", "billInfo": items}}  # fmt: skip
    path = tmp_path / name
    path.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    return path


def test_a_ported_number_is_read_as_the_document_says_with_an_alert(tmp_path):
    path = unicom_bill(tmp_path, "13800001234-账单.json")
    result = read_file(path, ReadOptions())
    assert result.carrier == "china-unicom"
    assert result.alerts == [
        "carrier read as China Unicom (its text), but the prefix of 13800001234 says "
        "China Mobile: check the carrier (a number ported to another carrier keeps its prefix)"
    ]  # never to set the line's carrier: a port would misread its bills from before


def test_clues_that_agree_raise_nothing(tmp_path):
    result = read_file(unicom_bill(tmp_path, "18600005678-账单.json"), ReadOptions())
    assert result.carrier == "china-unicom" and result.alerts == []


def test_carrier_given_against_the_document(tmp_path):
    path = unicom_bill(tmp_path, "18600005678-账单.json")
    result = read_file(path, ReadOptions(carrier="china-mobile"))
    assert result.carrier == "china-mobile"
    assert result.alerts == [
        "carrier read as China Mobile (given with --carrier), but its text says China Unicom; "
        "the prefix of 18600005678 says China Unicom: check the carrier (a number ported to "
        "another carrier keeps its prefix)"
    ]


def test_the_alert_reaches_stderr_and_the_json_without_verbose(tmp_path):
    path = unicom_bill(tmp_path, "13800001234-账单.json")
    out = tmp_path / "r.xlsx"
    result = CliRunner().invoke(
        main, ["audit", str(path), "-o", str(out), "--json", str(tmp_path / "r.json"), "-q"]
    )
    assert result.exit_code == 0, result.output
    assert "carrier read as China Unicom" in result.stderr and "138****1234" in result.stderr
    assert "13800001234" not in result.stderr
    [entry] = json.loads((tmp_path / "r.json").read_text("utf-8"))["inputs"]
    assert any("carrier read as China Unicom" in w for w in entry["warnings"])
