"""What the user recorded about a finding decides its next step wherever one is shown:
the Summary's and By service's step column, Follow-up and the JSON's ``next`` make one
decision (auditor.writers.followup), on the demo household (fixtures/household) audited
on 11-05, then again on 11-26 after the user's records: a price rise complained about
(Grandma's welcome discount, her list here showing it running on: it stopped early)
goes on to the appeal, a suspended line the user asked to close is not closed again
(nor costs a year), a charge refunded in full checks the next bill not read yet."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from cli_run import run
from python_calamine import CalamineWorkbook

pytestmark = pytest.mark.usefixtures("december")

HOUSEHOLD = Path(__file__).resolve().parent.parent / "fixtures" / "household"
FIRST, LATER = "2026-11-05", "2026-11-26"
KNOWN = '"咪咕视频会员", "沃音乐会员", "手机报-新闻早晚报", "广电视频彩铃会员"'
#: The sheets that show a finding's next step, and the column they show it in.
STEP_COLUMNS = {"摘要": "下一步", "按业务": "下一步", "跟进": "下一步或结果"}


def _household(tmp: Path) -> Path:
    """A copy of the household whose Grandma's list shows her welcome discount running
    on (in the household it runs out on the day it states: no price rise)."""
    folder = tmp / "household"
    if not folder.exists():
        shutil.copytree(HOUSEHOLD, folder)
        listed = folder / "china-broadnet" / "19200001111-已订业务.csv"
        ran_out = "2026-10-01 00:00:00,已失效"
        text = listed.read_text("utf-8-sig")
        assert ran_out in text
        listed.write_text(text.replace(ran_out, "2099-12-31 23:59:59,正常"), "utf-8")
    return folder


def _audit(tmp: Path, as_of: str) -> dict:
    """The household audited on ``as_of``, its unknown services known (fewer things to do:
    the Summary has room for all of them)."""
    settings = tmp / "auditor.toml"
    if not settings.exists():
        known = (HOUSEHOLD / "auditor.toml").read_text("utf-8")
        settings.write_text(known.replace("known_services = [", f"known_services = [{KNOWN}, "))
    result = run(
        "audit", str(_household(tmp)), "--known", str(settings), "--as-of", as_of,
        "--db", str(tmp / "h.sqlite"), "-o", str(tmp / f"{as_of}.xlsx"),
        "--json", str(tmp / f"{as_of}.json"), "-q",
    )  # fmt: skip
    assert result.exit_code in (0, 1), result.output
    return json.loads((tmp / f"{as_of}.json").read_text("utf-8"))


def _record(tmp: Path, *args: str) -> None:
    result = run("record", *args, "--db", str(tmp / "h.sqlite"))
    assert result.exit_code == 0, result.output


def _of(report: dict, rule: str) -> dict:
    [finding] = [f for f in report["findings"] if f["rule"] == rule]
    return finding


def _steps_shown(tmp: Path, as_of: str, service: str, rule_label: str) -> dict[str, list[str]]:
    """Per sheet, the step cells of the rows about ``service`` found by the rule so named
    (a row names both: the Summary's in one cell, the others' in two)."""
    book = CalamineWorkbook.from_path(str(tmp / f"{as_of}.xlsx"))
    shown = {}
    for sheet, column in STEP_COLUMNS.items():
        rows = book.get_sheet_by_name(sheet).to_python()
        cells = []
        for at, row in enumerate(rows):
            texts = [str(c) for c in row]
            if any(service in t for t in texts) and any(rule_label in t for t in texts):
                header = next(r for r in reversed(rows[:at]) if column in r)
                cells.append(row[header.index(column)])
        shown[sheet] = cells
    return shown


def test_a_price_rise_complained_about_goes_on_to_the_appeal_in_every_place(tmp_path):
    rise = _of(_audit(tmp_path, FIRST), "price-change")
    asked = rise["actions"][0]["text"]  # its first step: to ask the carrier why
    assert rise["next"]["text"] == asked
    # no complaint yet: its 15 days count from the day she complains, never the audit's
    [ahead] = [a for a in rise["actions"] if a["channel"] == "appeal" and a["from"]]
    assert ahead["text"].startswith("投诉 15 天（自你投诉之日起）仍无满意答复")
    assert "2026-11-20" not in ahead["text"]
    _record(tmp_path, "complaint", "--finding", rise["id"], "--on", "2026-11-06",
            "--ticket", "C-1")  # fmt: skip
    rise = _of(_audit(tmp_path, LATER), "price-change")
    [appeal] = [a for a in rise["actions"] if a["channel"] == "appeal" and a["from"]]
    # counted from her complaint, the day it opens said with it
    assert appeal["text"].startswith(
        "投诉 15 天（自 2026-11-06 投诉起算，2026-11-21 起可申诉）仍无满意答复"
    )
    step = rise["next"]
    # the carrier had its 15 days (to 11-21): the appeal, citing the complaint's ticket
    assert step["text"] == f"向工信部 12300 申诉，附投诉工单号 C-1，最迟 {appeal['due']}"
    assert (
        (step["from"], step["by"]) == (appeal["from"], appeal["due"]) == ("2026-11-21", step["by"])
    )
    shown = _steps_shown(tmp_path, LATER, rise["service"], "资费上涨")
    assert shown == {sheet: [step["text"]] for sheet in STEP_COLUMNS}


def test_a_suspended_line_the_user_asked_to_close_is_not_closed_again(tmp_path):
    before = _audit(tmp_path, FIRST)
    line = _of(before, "suspended-line")
    assert line["yearly"] == "60.00" and "办理销户" in line["message"]
    # as the Actions sheet lets her say it: a cancellation of the suspension's fee
    _record(tmp_path, "cancel", "--line", "14700002222", "--service", line["service"],
            "--on", "2026-11-06", "--ticket", "XH1")  # fmt: skip
    later = _audit(tmp_path, LATER)
    line = _of(later, "suspended-line")
    texts = [line["message"], line["next"]["text"], *(a["text"] for a in line["actions"])]
    assert not [t for t in texts if "不再使用" in t or "办理销户" in t], texts
    assert "你已申请销户（你的记录：2026-11-06，工单号 XH1）" in line["message"]
    # November is charged in full (the month of closing): December's bill must be nothing
    assert line["next"]["text"].startswith("你已于 2026-11-06 申请销户（工单号 XH1），无需再次办理")
    assert "核对 2026-12 账单" in line["next"]["text"] and line["next"]["by"] == "2027-01-05"
    # its year's cost is over, as a cancelled service's
    assert line["yearly"] == "0.00"
    saved = Decimal(before["summary"]["yearly"]) - Decimal(later["summary"]["yearly"])
    assert saved == Decimal("60.00")
    shown = _steps_shown(tmp_path, LATER, line["service"], "停机仍扣费")
    assert shown == {sheet: [line["next"]["text"]] for sheet in STEP_COLUMNS}


def test_a_charge_refunded_in_full_checks_the_first_bill_not_read_yet(tmp_path):
    # October's bill is the latest read, on 11-05 and on 11-26: November's is the next
    lingering = _of(_audit(tmp_path, FIRST), "lingering-charge")
    assert lingering["periods"] == ["2026-10"]
    _record(tmp_path, "refund", "--finding", lingering["id"], "--on", "2026-11-12",
            "--amount", lingering["amount"])  # fmt: skip
    step = _of(_audit(tmp_path, LATER), "lingering-charge")["next"]
    assert step["text"] == "已全部退还（你的记录）：核对 2026-11 账单不再扣费"
    assert step["by"] == "2026-12-05"  # when that bill is out
