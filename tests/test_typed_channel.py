"""What a row of the Actions sheet records is what its Status says, whatever the step it
was typed on: the row's 方式 Channel is that step's, kept as the record's channel only
where the step is a way to do it (a cancellation typed on the SMS step, 短信; a complaint
on the hotline's; a refund, made through no step, never), never where it names another
kind of step (投诉 typed on the row of an SMS to 10086 is a complaint, not one made by
SMS; 退订 on the complaint's row no cancellation "via complaint"; 投诉 there is one made
through it, as the README says the row's channel is kept). A step's channel is
kept by its id (sms), in no language, and shown in the active one; words the user wrote
in the column are theirs, kept."""

from __future__ import annotations

import json

import openpyxl
import pytest
from cli_run import run
from test_refunds_due import MIGU, audit, bill

from auditor.history.typed_status import MADE_THROUGH, STATUS_WORDS
from auditor.history.typed_status import channel_typed as _channel
from auditor.sheets import CHANNEL_LABELS

pytestmark = pytest.mark.usefixtures("december", "english")


def test_every_kind_and_step_channel_is_decided():
    assert set(MADE_THROUGH) == set(STATUS_WORDS)  # every kind the Status can say
    assert set().union(*MADE_THROUGH.values()) <= set(CHANNEL_LABELS)
    for kind, through in MADE_THROUGH.items():
        for channel, words in CHANNEL_LABELS.items():
            kept = channel in through
            for shown in (words.zh, words.en, f"{words.zh} {words.en}", words.en.upper()):
                assert _channel(kind, shown) == (channel if kept else ""), (kind, shown)
    # what the user wrote there is theirs, whatever the kind
    for kind in MADE_THROUGH:
        assert _channel(kind, "10086 热线，转人工") == "10086 热线，转人工"
        assert _channel(kind, "") == ""


def test_the_kinds_say_what_they_are_made_through():
    assert _channel("complaint", "短信") == "" and _channel("complaint", "客服电话") == "hotline"
    assert _channel("cancel", "投诉") == "" and _channel("cancel", "SMS") == "sms"
    assert _channel("appeal", "申诉") == "" and _channel("appeal", "Hotline") == ""
    # a complaint on the complaint's own step was made through it (its complaint line)
    assert _channel("complaint", "投诉") == "complaint" and _channel("appeal", "投诉") == ""
    # a refund is made through no step: the row's (a refund due's 申诉) is no appeal made
    assert _channel("refund", "App") == "" and _channel("refund", "申诉") == ""
    assert _channel("refund", "客服电话") == "" and _channel("refund", "投诉") == ""


def _type(report, channel: str, status: str, ticket: str, on: str, own: str = "") -> int:
    """Type into the first row of the Chinese Actions sheet whose 方式 is ``channel`` (and
    ``own`` over that channel, when given); its row number."""
    book = openpyxl.load_workbook(report)
    sheet = book["处理步骤"]
    col = {cell.value: cell.column for cell in sheet[1]}
    rows = range(2, sheet.max_row + 1)
    row = next(r for r in rows if sheet.cell(r, col["方式"]).value == channel)
    for name, value in (("状态", status), ("工单号", ticket), ("日期", on), ("方式", own)):
        if value:
            sheet.cell(row, col[name]).value = value
    book.save(report)
    return row


def _made(tmp_path) -> list[tuple]:
    shown = run("records", "--db", str(tmp_path / "h.sqlite"), "--json", "-")
    return [(r["kind"], r["channel"], r["ticket"]) for r in json.loads(shown.stdout)]


def test_a_status_typed_on_another_kind_of_step_keeps_its_kind_not_the_steps_channel(tmp_path):
    bill(tmp_path / "nov", "2026-09", **{MIGU: "15.00"})
    audit(tmp_path, tmp_path / "nov", "2026-10-05", "--lang", "zh")
    report = tmp_path / "nov.xlsx"
    _type(report, "短信", "投诉", "C-1", "2026-10-20")  # the first SMS step: 0000 to 10086
    _type(report, "投诉", "退订", "T-2", "2026-11-20")  # after the audit below
    said = run("record", "--from", str(report), "--db", str(tmp_path / "h.sqlite"))
    assert said.exit_code == 0, said.output
    assert sorted(_made(tmp_path)) == [("cancel", None, "T-2"), ("complaint", None, "C-1")]
    assert "via" not in said.stdout  # neither is said to be made through its row's step
    # the complaint's step cites it without the SMS: a complaint is not made by SMS
    bill(tmp_path / "dec", "2026-10", **{MIGU: "15.00"})
    later = audit(tmp_path, tmp_path / "dec", "2026-11-05")
    [finding] = [f for f in later["findings"] if f["service"] == MIGU]
    [complaint] = [r for r in finding["records"] if r["kind"] == "complaint"]
    assert complaint["channel"] is None
    [step] = [a["text"] for a in finding["actions"] if a["channel"] == "complaint"]
    assert step.startswith("You complained on 2026-10-20 (ticket C-1)"), step
    assert "SMS" not in step and "短信" not in step


def test_a_complaint_typed_on_the_complaint_step_keeps_its_channel(tmp_path):
    """t10: 投诉 typed on the Complaint row was recorded with no channel, though the
    README says the row's channel is kept: it was made through that step's complaint
    line, as ``record complaint --channel 投诉`` keeps it."""
    bill(tmp_path / "nov", "2026-09", **{MIGU: "15.00"})
    audit(tmp_path, tmp_path / "nov", "2026-10-05", "--lang", "zh")
    report = tmp_path / "nov.xlsx"
    _type(report, "投诉", "投诉", "C-3", "2026-10-20")
    said = run("record", "--from", str(report), "--db", str(tmp_path / "h.sqlite"))
    assert said.exit_code == 0, said.output
    assert _made(tmp_path) == [("complaint", "complaint", "C-3")]
    bill(tmp_path / "dec", "2026-10", **{MIGU: "15.00"})
    later = audit(tmp_path, tmp_path / "dec", "2026-11-05")
    [finding] = [f for f in later["findings"] if f["service"] == MIGU]
    [complaint] = [r for r in finding["records"] if r["kind"] == "complaint"]
    assert complaint["channel"] == "complaint"


def test_a_step_of_its_kind_and_the_users_own_words_are_kept(tmp_path):
    bill(tmp_path / "nov", "2026-09", **{MIGU: "15.00"})
    audit(tmp_path, tmp_path / "nov", "2026-10-05", "--lang", "zh")
    report = tmp_path / "nov.xlsx"
    _type(report, "短信", "退订", "T-1", "2026-10-08")  # a cancellation by SMS
    _type(report, "客服电话", "投诉", "C-2", "2026-10-20", own="10080 投诉热线")  # their words
    said = run("record", "--from", str(report), "--db", str(tmp_path / "h.sqlite"))
    assert said.exit_code == 0, said.output
    assert sorted(_made(tmp_path)) == [
        ("cancel", "sms", "T-1"),
        ("complaint", "10080 投诉热线", "C-2"),
    ]


@pytest.mark.parametrize(
    ("typed", "channel"),
    [
        ("热线", "hotline"),  # the README's own example
        ("客服热线", "hotline"),
        ("Phone", "hotline"),
        ("ＡＰＰ", "app"),  # full-width, as a Chinese keyboard may type it
        ("网站", "web"),
        ("  text   message ", "sms"),
        ("實體營業廳", "store"),  # traditional characters
        ("10080 投诉热线", "10080 投诉热线"),  # a number called: the user's own words
        ("客服 10086", "客服 10086"),
    ],
)
def test_a_channel_typed_in_either_language_is_the_steps(tmp_path, typed, channel):
    """``--channel 热线`` and ``--channel phone`` are one channel, stored by its id and
    shown in the language of the run (the trial's English report said "via 热线")."""
    db = str(tmp_path / "h.sqlite")
    made = run("record", "complaint", "--line", "13800001234", "--service", MIGU,
               "--channel", typed, "--ticket", "C-1", "--db", db, "--create")  # fmt: skip
    assert made.exit_code == 0, made.output
    [kept] = json.loads(run("records", "--db", db, "--json", "-").stdout)
    assert kept["channel"] == channel
    shown = run("records", "--db", db).stdout
    label = CHANNEL_LABELS[channel].en if channel in CHANNEL_LABELS else channel
    assert f"({label}, ticket C-1)" in shown, shown


def test_words_an_older_history_kept_are_read_as_the_step(tmp_path):
    """A record made before (热线 stored as typed) is the hotline too, in the JSON and
    wherever it is shown."""
    from datetime import date

    from auditor.history.db import open_history
    from auditor.history.records import add_record

    db = tmp_path / "h.sqlite"
    with open_history(db) as history, history.transaction():
        add_record(history, "complaint", "13800001234", date(2026, 10, 6), service=MIGU,
                   channel="热线", ticket="C-1")  # fmt: skip
    [kept] = json.loads(run("records", "--db", str(db), "--json", "-").stdout)
    assert kept["channel"] == "hotline"
    assert "(Hotline, ticket C-1)" in run("records", "--db", str(db)).stdout
