"""Two SP services billed as 信息费 (A100 手机报, B200 游戏点播): 手机报 cancelled in
October and charged again in November, its earlier finding now that charge after
cancellation, with its September and October still to ask back. Its rows on the Follow-up sheet,
and its refund due in ``auditor history``, are told apart as its other rows are:
信息费（手机报）, not 信息费 as 游戏点播's might be."""

from __future__ import annotations

import json

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
    Chinese, its workbook ``zh.xlsx``), December's list still showing 手机报; its resolved
    finding's id."""
    _bills(tmp_path / "bills")
    paper = _by_list_name(_audit(tmp_path, "2026-11-05")[0])["手机报"]["id"]
    recorded = _record(tmp_path, "cancel", "--finding", paper, "--on", "2026-10-06")
    assert recorded.exit_code == 0, recorded.output
    _november(tmp_path / "bills")
    # December's list (an export of its own, the same entries) replaces October's, and its
    # name says it was exported on the audit day
    october = tmp_path / "bills" / f"{LINE}-已订业务.csv"
    entries = october.read_text("utf-8")
    october.unlink()
    december = tmp_path / "bills" / f"{LINE}-已订业务-20261205.csv"
    december.write_text(entries.replace("\n", "\r\n"), "utf-8")
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
        # the cancelled 手机报 charged after it: now that finding, not resolved
        kinds = [label(FINDING_STATUS_LABELS, kind) for kind in ("now-finding", "refund-due")]
    assert earlier == dict.fromkeys(kinds, PAPER), earlier
    assert NAME not in {row[service] for row in rows}


def test_history_tells_a_refund_due_apart(tmp_path):
    _followed(tmp_path)
    listed = run("history", "--db", str(tmp_path / "h.sqlite"), "--lang", "zh").stdout
    [due] = [row for row in listed.splitlines() if row.lstrip().startswith("待退还：")]
    assert due.lstrip().startswith(f"待退还：{PAPER}，"), listed
    assert LINE not in listed  # masked, as every row


def test_the_json_actions_summary_and_terminal_tell_them_apart_too(tmp_path):
    """The JSON's resolved and refund-due entries give ``service_shown`` as its findings
    do, and the refund due's step names 信息费（手机报）, in the JSON, on the Actions and
    Follow-up rows; the Summary's thing to do and the terminal's line show it so too."""
    paper = _followed(tmp_path)
    target = tmp_path / "again.json"
    result = run(
        "audit", str(tmp_path / "bills"), "--as-of", "2026-12-05", "--db",
        str(tmp_path / "h.sqlite"), "-o", str(tmp_path / "again.xlsx"), "--json", str(target),
        "--lang", "zh",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(target.read_text("utf-8"))
    [resolved], [due] = data["now_findings"], data["refunds_due"]
    assert (resolved["id"], due["id"]) == (paper, paper)
    assert (resolved["service"], due["service"]) == (NAME, NAME)  # what --service takes
    assert (resolved["service_shown"], due["service_shown"]) == (PAPER, PAPER)
    assert {f["service_shown"] for f in data["findings"]} == {PAPER, "信息费（游戏点播）"}
    step = due["next"]["text"]
    # (the latest list still shows 手机报 running: checking it and cancelling again come
    # first, the service told apart there too)
    assert step.startswith(f"先核对：最新的已订业务仍显示「{PAPER}」在用"), step
    assert f"然后要求退还「{PAPER}」在 2026-09、2026-10 扣取的 12.00 元" in step, step
    book = openpyxl.load_workbook(tmp_path / "again.xlsx", read_only=True)
    actions = list(book["处理步骤"].iter_rows(values_only=True))
    follow = list(book["跟进"].iter_rows(values_only=True))
    summary = [c for row in book["摘要"].iter_rows(values_only=True) for c in row if c]
    book.close()
    [row] = [r for r in actions[1:] if r[actions[0].index("编号")] == paper]
    assert row[actions[0].index("业务")] == PAPER
    assert row[actions[0].index("内容")].startswith(step + "\n")
    [refund_due] = [r for r in follow[1:] if r[follow[0].index("状态")] == "待退款"]
    assert refund_due[follow[0].index("下一步或结果")] == step
    assert f"{PAPER}\n待退款" in summary  # the Summary's thing to do
    [said] = [line for line in result.stdout.splitlines() if "待退款 " in line]
    # (its finding became the charge after cancellation: not resolved, said as such above)
    assert f"待退款 139****1111 {PAPER}：" in said, result.stdout
    # auditor history --json: the refund due told apart as its text tells it
    listed = run("history", "--db", str(tmp_path / "h.sqlite"), "--lang", "zh", "--json", "-")
    [line] = json.loads(listed.stdout)["lines"]
    [held] = line["refunds_due"]
    assert (held["service_shown"], held["next"]["text"]) == (PAPER, step)
