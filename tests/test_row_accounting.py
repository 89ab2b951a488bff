"""Nothing is lost silently: every row read is counted, and unreadable rows are named.

A bill with one row whose amount cannot be read still audits; the Inputs sheet counts
the row, the Unread rows sheet lists it with its file and row, and because the bill then
does not add up, both the file's warning and the mismatch finding say why, plainly.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from python_calamine import CalamineWorkbook

from auditor import cli
from auditor.pipeline import AuditOptions, run_audit

ROOT = Path(__file__).resolve().parent.parent

BILL = """手机号码,账期,费用类别,费用项目,金额(元)
13800001234,2026-10,套餐及固定费,4G飞享18元套餐（2018版）,18.00
13800001234,2026-10,增值业务费,咪咕视频会员,十五元
13800001234,2026-10,增值业务费,彩铃功能费,5.00
13800001234,2026-10,实际应缴合计,,38.00
"""


@pytest.fixture
def audited(tmp_path) -> tuple[dict, dict, Path]:
    bill = tmp_path / "bills" / "bill.csv"
    bill.parent.mkdir()
    bill.write_text(BILL, "utf-8")
    args = ["audit", str(bill.parent), "-o", str(tmp_path / "r.xlsx")]
    result = CliRunner().invoke(
        cli.main, [*args, "--json", str(tmp_path / "r.json"), "--as-of", "2026-11-05"]
    )
    assert result.exit_code == 0, result.output
    book = CalamineWorkbook.from_path(str(tmp_path / "r.xlsx"))
    sheets = {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}
    return sheets, json.loads((tmp_path / "r.json").read_text("utf-8")), bill


def test_the_unreadable_row_is_listed_with_file_and_row(audited):
    sheets, _, bill = audited
    unread = sheets["未读行"]
    assert [row[:2] for row in unread[1:]] == [[str(bill), "第 3 行"]]
    assert "十五元" in unread[1][3]


def test_inputs_sheet_counts_every_row(audited):
    sheets, _, bill = audited
    inputs = sheets["输入文件"]
    header, row = inputs[0], next(r for r in inputs[1:] if r[0] == str(bill))
    cell = dict(zip(header, row, strict=True))
    read, used, aside, unread = (int(cell[k]) for k in ("读取行", "使用行", "略过行", "未读行"))
    assert (read, used, aside, unread) == (5, 2, 2, 1)
    assert "表头 1" in cell["略过原因"]
    assert "合计 1" in cell["略过原因"]
    assert "且有 1 行未能读取" in cell["提示"]


def test_the_mismatch_names_the_unreadable_rows(audited):
    _, data, _ = audited
    (finding,) = [f for f in data["findings"] if f["rule"] == "bill-total-mismatch"]
    assert finding["amount"] == "15.00"
    assert "该文件有 1 行未能读取，差额可能就在其中" in finding["message"]


def test_every_tabular_and_pdf_fixture_accounts_for_every_row():
    """Rows read = charges + services + set aside + unreadable, for row-based readers.

    (Portal JSON and SMS count items and text lines; one SMS line can hold several
    charges, so their own tests check their accounting line by line.)
    """
    # The OCR fixtures' accounting is tests/test_ocr.py's (read once there: seconds each).
    report = run_audit(
        [p for p in (ROOT / "fixtures").iterdir() if p.name != "ocr"],
        AuditOptions(),
    )
    readable = [r for r in report.inputs if not r.error and r.reader in ("csv", "xlsx", "pdf")]
    assert len(readable) >= 15
    for result in readable:
        aside = sum(result.set_aside.values())
        accounted = result.rows_used + aside + len(result.unparseable)
        assert result.rows_read == accounted, result.path


def _audit_one(path: Path, text: str):
    path.write_text(text, "utf-8")
    return run_audit([path], AuditOptions())


def test_a_reminder_listing_main_items_is_not_said_to_fall_short(tmp_path):
    """A reminder SMS lists only the 主要费用项: beside an unreadable message it is still
    not a bill that "does not add up" (it is unreconciled, as the Summary says)."""
    report = _audit_one(
        tmp_path / "18600005678.txt",
        "【账单提醒】尊敬的18600005678用户，您2026年10月份账单合计53.60元，实际应付53.60元。"
        "主要费用项包括：月固定费29元，增值业务费10.00元。【中国联通】\n"
        "【中国联通】尊敬的用户，您的流量已用完。\n",
    )
    (result,) = report.inputs
    assert [b.partial for b in result.bills] == [True] and len(result.unparseable) == 1
    assert not [w for w in result.warnings if "does not add up" in w]


def test_a_bill_whose_every_item_is_unreadable_is_audited(tmp_path):
    """Its total was read and none of its items: the items add up to 0.00, so the whole
    total is the gap, and the unreadable row is named as where it likely is."""
    report = _audit_one(
        tmp_path / "bill.csv",
        "手机号码,账期,费用类别,费用项目,金额(元)\n"
        "13800001234,2026-10,增值业务费,咪咕视频会员,十五元\n"
        "13800001234,2026-10,实际应缴合计,,15.00\n",
    )
    (finding,) = report.findings
    assert (finding.rule, finding.amount_fen) == ("bill-total-mismatch", 1500)
    assert "该文件有 1 行未能读取" in finding.message
