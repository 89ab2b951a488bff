"""Two SP services billed as 信息费 (A100 手机报, B200 游戏点播): 手机报 cancelled in
October and charged again in November, its earlier finding resolved with its September
and October still to ask back. Its resolved and refund-due rows on the Follow-up sheet,
and its refund due in ``auditor history``, are told apart as its other rows are:
信息费（手机报）, not 信息费 as 游戏点播's might be."""

from __future__ import annotations

import openpyxl
import pytest
from cli_run import run
from test_same_name_claims import LINE, NAME, _audit, _bills, _by_list_name, _record
from test_same_name_records import _november

from auditor.lang import using
from auditor.writers.labels import FINDING_STATUS_LABELS, label

pytestmark = pytest.mark.usefixtures("december")

PAPER = "信息费（手机报）"


def _followed(tmp_path) -> str:
    """手机报 cancelled by its finding on 2026-10-06, then the audit of 2026-12-05 (in
    Chinese, its workbook ``zh.xlsx``); its resolved finding's id."""
    _bills(tmp_path / "bills")
    paper = _by_list_name(_audit(tmp_path, "2026-11-05")[0])["手机报"]["id"]
    recorded = _record(tmp_path, "cancel", "--finding", paper, "--on", "2026-10-06")
    assert recorded.exit_code == 0, recorded.output
    _november(tmp_path / "bills")
    result = run(
        "audit", str(tmp_path / "bills"), "--as-of", "2026-12-05", "--db",
        str(tmp_path / "h.sqlite"), "-o", str(tmp_path / "zh.xlsx"), "-q", "--lang", "zh",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return paper


def test_the_follow_up_sheet_tells_resolved_and_refund_due_rows_apart(tmp_path):
    _followed(tmp_path)
    sheet = openpyxl.load_workbook(tmp_path / "zh.xlsx")["跟进"]
    head, *rows = sheet.iter_rows(values_only=True)
    status, service = head.index("状态"), head.index("业务")
    earlier = {row[status]: row[service] for row in rows if row[1] is None}  # no number
    with using("zh"):
        kinds = [label(FINDING_STATUS_LABELS, kind) for kind in ("resolved", "refund-due")]
    assert earlier == dict.fromkeys(kinds, PAPER), earlier
    assert NAME not in {row[service] for row in rows}


def test_history_tells_a_refund_due_apart(tmp_path):
    _followed(tmp_path)
    listed = run("history", "--db", str(tmp_path / "h.sqlite"), "--lang", "zh").stdout
    [due] = [row for row in listed.splitlines() if row.lstrip().startswith("待退还：")]
    assert due.lstrip().startswith(f"待退还：{PAPER}，"), listed
    assert LINE not in listed  # masked, as every row
