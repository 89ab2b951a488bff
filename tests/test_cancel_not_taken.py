"""A service the user recorded cancelling, charged in a month after, while the latest
service list still shows it running: the cancellation did not take. Its next step, in
every place one is shown (Summary, By service, Follow-up, the JSON's ``next``), is to
cancel it again, then complain; its steps say so plainly, cite the cancellation as
recorded (``已于 2026-09-30 通过手机营业厅退订``: the App, in the run's words), and no
step asks for a ticket number the user never recorded. The demo household
(fixtures/household): 13800001234's 咪咕视频会员 is billed through October and listed
running; the user records cancelling it on 09-30."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from cli_run import run
from python_calamine import CalamineWorkbook

from auditor.lang import using
from auditor.model import Action, Finding, UserRecord
from auditor.rules import find_rule
from auditor.writers.followup import next_step

pytestmark = pytest.mark.usefixtures("december")

HOUSEHOLD = Path(__file__).resolve().parent.parent / "fixtures" / "household"
LIST = "13800001234-已订业务.csv"  # 咪咕视频会员 on it, 正常
AS_OF = "2026-11-26"
STEP_COLUMNS = {"摘要": "下一步", "按业务": "下一步", "跟进": "下一步或结果"}


def _inputs(tmp: Path, with_list: bool) -> Path:
    """The household's bills, and its lists unless ``with_list`` is false for the line:
    the line's exported on the audit day (its name says so, as the fixture's gives no
    day)."""
    folder = tmp / "bills"
    shutil.copytree(HOUSEHOLD, folder)
    listed = folder / "china-mobile" / LIST
    if with_list:
        listed.rename(listed.with_stem(f"{listed.stem}-{AS_OF.replace('-', '')}"))
    else:
        listed.unlink()
    return folder


def _audit(tmp: Path, with_list: bool = True, *args: str, lang: str = "zh") -> dict:
    folder = _inputs(tmp, with_list) if not (tmp / "bills").exists() else tmp / "bills"
    db = str(tmp / "h.sqlite")
    recorded = run("--lang", lang, "record", "cancel", "--line", "13800001234",
                   "--service", "咪咕视频会员", "--channel", "App", "--on", "2026-09-30",
                   *args, "--db", db, "--create")  # fmt: skip
    assert recorded.exit_code == 0, recorded.output
    result = run(
        "--lang", lang, "audit", str(folder), "--known", str(HOUSEHOLD / "auditor.toml"),
        "--as-of", AS_OF, "--db", db, "-o", str(tmp / "r.xlsx"), "--json", str(tmp / "r.json"),
        "-q",
    )  # fmt: skip
    assert result.exit_code in (0, 1), result.output
    return json.loads((tmp / "r.json").read_text("utf-8"))


def _lingering(report: dict) -> dict:
    [found] = [
        f
        for f in report["findings"]
        if f["rule"] == "lingering-charge" and f["service"] == "咪咕视频会员"
    ]
    return found


def _steps_shown(tmp: Path, service: str) -> dict[str, list[str]]:
    """Per sheet, the step cells of the rows about ``service`` charged after cancelling."""
    book = CalamineWorkbook.from_path(str(tmp / "r.xlsx"))
    shown = {}
    for sheet, column in STEP_COLUMNS.items():
        rows = book.get_sheet_by_name(sheet).to_python()
        cells = []
        for at, row in enumerate(rows):
            texts = [str(c) for c in row]
            if any(service in t for t in texts) and any("退订后仍扣费" in t for t in texts):
                header = next(r for r in reversed(rows[:at]) if column in r)
                cells.append(row[header.index(column)])
        shown[sheet] = cells
    return shown


def test_a_cancellation_the_latest_list_belies_is_to_be_made_again_first(tmp_path):
    found = _lingering(_audit(tmp_path))
    assert found["periods"] == ["2026-10"] and found["details"]["still_listed"] == AS_OF
    step = found["next"]["text"]
    assert step.startswith(
        "你 2026-09-30 退订后仍扣费：最新的已订业务仍显示它在用，退订没有生效，先按操作步骤再次退订"
    )
    assert step.index("再次退订") < step.index("投诉")
    # no ticket was recorded: none is asked for, but one she may have
    assert "如有工单号" in step and "记录和工单号" not in step
    shown = _steps_shown(tmp_path, "咪咕视频会员")
    assert shown == {sheet: [step] for sheet in STEP_COLUMNS}
    texts = [a["text"] for a in found["actions"]]
    assert not [t for t in texts if "若仍在已订业务中" in t], texts  # the list is known
    assert texts[0].startswith("最新的已订业务仍显示它在用，退订没有生效，再次退订：")
    assert [t for t in texts if "已于 2026-09-30 通过手机营业厅退订，" in t]
    assert not [t for t in texts if "2026-09-30，手机营业厅" in t]
    # the list that shows it is the finding's evidence
    assert [e for e in found["evidence"] if e["path"].endswith("已订业务-20261126.csv")]


def test_the_steps_in_english_cite_the_cancellation_as_a_sentence_says_it(tmp_path):
    found = _lingering(_audit(tmp_path, True, lang="en"))
    texts = [a["text"] for a in found["actions"]]
    assert [t for t in texts if "was cancelled on 2026-09-30 via App, yet the latest" in t]
    assert found["next"]["text"].startswith(
        "It was charged after your cancellation of 2026-09-30: the latest service list "
        "still shows it active, so the cancellation did not take: first cancel it again"
    )
    assert "if you have one" in found["next"]["text"]


def test_a_ticket_recorded_is_cited_by_its_number(tmp_path):
    found = _lingering(_audit(tmp_path, True, "--ticket", "T-930"))
    step = found["next"]["text"]
    assert "出示你 2026-09-30 退订的工单号 T-930" in step and "如有工单号" not in step
    assert [
        a
        for a in found["actions"]
        if "已于 2026-09-30 通过手机营业厅退订（工单号 T-930）" in a["text"]
    ]


def test_without_a_list_the_step_is_the_complaint_and_the_list_is_checked(tmp_path):
    found = _lingering(_audit(tmp_path, with_list=False))
    assert not found["details"]["still_listed"]
    step = found["next"]["text"]
    # not knowing the list, the next step and the steps check it, and cancel again only
    # if it is still there; then the complaint
    assert step.startswith("你 2026-09-30 退订后仍扣费：先核对已订业务，仍在就按操作步骤再次退订")
    assert step.index("再次退订") < step.index("再投诉，出示")
    assert "如有工单号" in step and "记录和工单号" not in step
    assert [a for a in found["actions"] if a["text"].startswith("若仍在已订业务中，再次退订")]


APPEAL = Action(9, "appeal", "申诉", opens=date(2026, 12, 11), due=date(2027, 3, 31))


def _finding(still_listed: str, *records: UserRecord) -> Finding:
    details = find_rule("lingering-charge").details_type(
        ended_month="2026-09", record="2026-09-30", still_listed=still_listed
    )
    return Finding(
        "lingering-charge", "high", "china-mobile", "13900001111", "咪咕视频会员",
        ["2026-10"], 1500, 1500, "message", actions=[APPEAL], records=list(records),
        details=details,
    )  # fmt: skip


def test_after_a_complaint_a_cancellation_that_did_not_take_is_made_again():
    cancelled = UserRecord(1, "cancel", "13900001111", "咪咕视频会员", "", date(2026, 9, 30))
    complained = UserRecord(
        2, "complaint", "13900001111", "咪咕视频会员", "", date(2026, 11, 20), "C-1"
    )
    with using("zh"):
        listed = next_step(_finding("2026-11-26", cancelled, complained), date(2026, 11, 26))
        unknown = next_step(_finding("", cancelled, complained), date(2026, 11, 26))
    assert listed.text.startswith(
        "你 2026-09-30 退订后仍扣费：最新的已订业务仍显示它在用，退订没有生效，先按操作步骤再次退订"
    )
    assert unknown.text.startswith(
        "你 2026-09-30 退订后仍扣费：先核对已订业务，仍在就按操作步骤再次退订"
    )
    # the rest, the complaint going on and the carrier's answer to wait for, is the same
    rest = "；你的投诉照常进行：等运营商答复你 2026-11-20 的投诉（工单号 C-1）"
    assert rest in listed.text and listed.text.endswith(unknown.text.split("；", 1)[1])
    assert not listed.waits and not unknown.waits  # cancelling again is to do now


def test_the_list_still_showing_it_is_read_by_type_of_each_rule_that_tells():
    from dataclasses import replace

    from auditor.finding_state import ListsRunning, recorded_cancel, still_listed_on

    # cancelled in October, the month charged: it would end the charge, were it not listed
    cancelled = UserRecord(1, "cancel", "13900001111", "咪咕视频会员", "", date(2026, 10, 8))
    lingering = _finding("2026-11-26", cancelled)
    trial = replace(lingering, rule="trial-to-paid", details=find_rule("trial-to-paid")
                    .details_type("2026-07-01", "2026-09", still_listed="2026-11-20"))  # fmt: skip
    for finding, day in ((lingering, "2026-11-26"), (trial, "2026-11-20")):
        assert isinstance(finding.details, ListsRunning)
        assert still_listed_on(finding) == find_rule(finding.rule).still_listed(finding) == day
        assert recorded_cancel(finding) is None  # it did not take
        unlisted = replace(finding, details=replace(finding.details, still_listed=""))
        assert still_listed_on(unlisted) == "" and recorded_cancel(unlisted) == cancelled
    # a rule whose details tell of no list: none, its cancellation the one that ended it
    other = replace(lingering, rule="unknown-vas", details=find_rule("unknown-vas").details_type())
    assert not isinstance(other.details, ListsRunning) and still_listed_on(other) == ""
    assert recorded_cancel(other) == cancelled
