"""What ``auditor record --from`` keeps of a row: a record undone stays undone when the
report is read again; a line closed (销户) is told as one wherever records are shown; a
step's channel is kept by its id, so that a Chinese and an English report give the same
record, shown in the language of the run; a history of before is brought forward."""

from __future__ import annotations

import json
import os
from datetime import date

import openpyxl
import pytest
from cli_run import run
from history_versions import as_version
from test_typed_lines import LINES, audit, bills, record_from, records, type_in

from auditor.history.db import open_history
from auditor.history.records import add_record, list_records

pytestmark = pytest.mark.usefixtures("december")


def test_a_record_undone_is_not_made_again_by_the_same_row(tmp_path):
    bills(tmp_path / "oct", "2026-09", LINES[:1])
    audit(tmp_path, tmp_path / "oct", "2026-10-05")
    report = tmp_path / "oct.xlsx"
    row = type_in(report, 2, "退订", "2026-10-06", "T-1")
    made = record_from(tmp_path, report)
    assert made.exit_code == 0 and made.stdout.startswith("recorded #1: cancel 139****1111")
    undone = run("record", "undo", "1", "--db", str(tmp_path / "h.sqlite"), "--lang", "en")
    assert undone.exit_code == 0, undone.output
    # the same report read again: the row's record stays undone, and it is said so
    again = record_from(tmp_path, report)
    assert (again.exit_code, again.stdout) == (0, "nothing new to record\n")
    assert again.stderr == (
        f"auditor: {report}: row {row}: 139****1111 咪咕视频会员: its record #1 was undone on "
        "2026-12-31 (auditor record undo): not recorded again (to record it after all: "
        "auditor record cancel …)\n"
    )
    assert records(tmp_path) == []
    # it counts no more: the next audit finds the service still uncancelled
    bills(tmp_path / "nov", "2026-10", LINES[:1])
    november = audit(tmp_path, tmp_path / "nov", "2026-11-05")
    assert [f["records"] for f in november["findings"] if f["service"]] == [[]]
    # undone twice is said so, not "no record"
    twice = run("record", "undo", "1", "--db", str(tmp_path / "h.sqlite"), "--lang", "en")
    assert (twice.exit_code, twice.stderr) == (
        2,
        "auditor: record #1 was undone on 2026-12-31 already\n",
    )
    # the row corrected (the day it was really done) is a new record
    type_in(report, 2, "退订", "2026-10-08", "T-1")
    fixed = record_from(tmp_path, report)
    assert fixed.exit_code == 0 and fixed.stdout.startswith("recorded #2: cancel")
    assert [(r["id"], r["on"]) for r in records(tmp_path)] == [(2, "2026-10-08")]


def test_a_line_closed_is_told_so_in_history_follow_up_and_records(tmp_path):
    bills(tmp_path / "oct", "2026-09", LINES[:1])
    audit(tmp_path, tmp_path / "oct", "2026-10-05")
    type_in(tmp_path / "oct.xlsx", 1, "销户", "2026-10-03", "X-1")
    assert record_from(tmp_path, tmp_path / "oct.xlsx").exit_code == 0
    db = str(tmp_path / "h.sqlite")
    listed = run("records", "--db", db, "--lang", "zh")
    assert listed.stdout.startswith("#1    销户 139****1111 咪咕视频会员（发现 F")
    assert run("records", "--db", db, "--lang", "en").stdout.startswith(
        "#1    line closed 139****1111"
    )
    history = run("history", "--db", db, "--lang", "zh")
    assert "#1 2026-10-03 销户 咪咕视频会员 工单号 X-1" in history.stdout
    assert "退订" not in history.stdout.split("#1 ", 1)[1]
    english = run("history", "--db", db, "--lang", "en")
    assert "#1 2026-10-03 Line closed 咪咕视频会员 ticket X-1" in english.stdout
    bills(tmp_path / "nov", "2026-10", LINES[:1])
    audit(tmp_path, tmp_path / "nov", "2026-11-05", "zh")
    sheet = openpyxl.load_workbook(tmp_path / "nov.xlsx")["跟进"]
    header = [c.value for c in sheet[1]]
    cells = [row[header.index("你的记录")] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert cells and all(
        cell.startswith("2026-10-03 销户（客服电话，工单号 X-1）") for cell in cells
    )
    outcome = [row[header.index("下一步或结果")] for row in sheet.iter_rows(values_only=True)]
    assert any("你已销户（2026-10-03，客服电话，工单号 X-1）" in (text or "") for text in outcome)


@pytest.mark.parametrize("first", ["zh", "en"])
def test_a_chinese_and_an_english_report_give_the_same_record(tmp_path, first):
    bills(tmp_path / "oct", "2026-09", LINES[:1])
    kept = {}
    for lang in ("zh", "en") if first == "zh" else ("en", "zh"):
        folder = tmp_path / lang
        folder.mkdir()
        audit(folder, tmp_path / "oct", "2026-10-05", lang)
        type_in(folder / "oct.xlsx", 2, "退订", "2026-10-06", "T-1")  # the App step
        type_in(folder / "oct.xlsx", 1, "投诉", "2026-10-20", "C-1")  # a hotline's
        assert (
            record_from(folder, folder / "oct.xlsx", "en" if lang == "zh" else "zh").exit_code == 0
        )
        kept[lang] = [(r["kind"], r["channel"], r["ticket"]) for r in records(folder)]
    assert kept["zh"] == kept["en"] == [("cancel", "app", "T-1"), ("complaint", "hotline", "C-1")]
    db = str(tmp_path / "zh" / "h.sqlite")
    zh = run("records", "--db", db, "--lang", "zh").stdout
    en = run("records", "--db", db, "--lang", "en").stdout
    assert "2026-10-06（手机营业厅，工单号 T-1" in zh and "（客服电话，工单号 C-1" in zh
    assert "on 2026-10-06 (App, ticket T-1" in en and "(Hotline, ticket C-1" in en


def test_a_channel_given_to_record_is_kept_by_its_id_where_it_names_a_step(tmp_path):
    db = str(tmp_path / "h.sqlite")
    for channel in ("短信", "SMS", "10086 热线"):
        made = run("record", "cancel", "--line", LINES[0], "--service", "彩铃", "--channel",
                   channel, "--db", db, "--create", "--lang", "en")  # fmt: skip
        assert made.exit_code == 0, made.output
    assert [r["channel"] for r in records(tmp_path)] == ["sms", "sms", "10086 热线"]
    shown = run("records", "--db", db, "--lang", "zh").stdout.splitlines()
    assert ["（短信）" in shown[0], "（短信）" in shown[1], "（10086 热线）" in shown[2]] == [
        True
    ] * 3


def test_a_version_9_history_tells_its_lines_closed_and_steps_channels(tmp_path):
    history, old = tmp_path / "h.sqlite", tmp_path / "v9.sqlite"
    with open_history(history) as db:  # as an auditor of version 9 kept them
        for note, channel in (
            ("销户，r.xlsx 第 28 行", "客服电话"),
            ("line closed, r.xlsx row 28", "客服电话 Hotline"),
            ("r.xlsx row 29", "SMS"),
            ("销户的事", "10080 投诉热线"),
        ):
            add_record(db, "cancel", LINES[0], date(2026, 10, 3), service="彩铃", note=note,
                       channel=channel)  # fmt: skip
    as_version(history, old, 9)
    os.replace(old, history)
    with open_history(history) as db:
        kept = [(r.closes_line, r.note, r.channel) for r in list_records(db)]
        assert list_records(db, undone=True) == []
    assert kept == [
        (True, "r.xlsx 第 28 行", "hotline"),
        (True, "r.xlsx row 28", "hotline"),
        (False, "r.xlsx row 29", "sms"),
        (False, "销户的事", "10080 投诉热线"),  # neither its first words, nor a step's
    ]
    listed = json.loads(run("records", "--db", str(history), "--json", "-").stdout)
    assert [r["line_closed"] for r in listed] == [True, True, False, False]
