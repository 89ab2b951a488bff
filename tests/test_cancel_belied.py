"""A finding the user recorded cancelling (waiting for the bill after it), while the
newest service list, from a month after that cancellation took effect, still shows the
service running: the cancellation may not have taken. A cancellation takes effect at the
month's end (次月生效: the month of cancellation is charged in full, and a list may show
the service until then), so a list from that month says nothing; one from a month after
does. Its
state says so, and the refund due's next step (the Follow-up's, the Actions row's,
the Summary's, the JSON's and ``auditor history``'s) is to check the list and cancel it
again first, then to ask the money back.

The trial this follows: dad's 咪咕视频会员, unknown, cancelled by SMS on 10-07 (recorded);
October's bill charges it (the month of cancellation), and the list of November still
shows it 正常."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_run import run
from python_calamine import CalamineWorkbook
from test_free_month_claims import listed as listed_trial
from test_refunds_due import LINE, MIGU, audit, bill, record

pytestmark = pytest.mark.usefixtures("december", "english")


def listed(folder: Path, day: str = "") -> None:
    """LINE's service list: MIGU running, ordered in July; exported on ``day`` (its name
    says so: ``20261106``), else undated."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = [
        "业务名称,业务类型,资费,订购时间,生效时间,失效时间,退订时间,状态",
        f"{MIGU},增值业务,15元/月,2026-07-21 21:33:10,2026-08-01 00:00:00,--,,正常",
    ]
    name = f"{LINE}-已订业务-{day}.csv" if day else f"{LINE}-已订业务.csv"
    (folder / name).write_text("\n".join(rows) + "\n", "utf-8")


def cancelled_in_october(tmp: Path) -> None:
    """September's bill charges MIGU (unknown); cancelled by SMS on 10-07."""
    bill(tmp / "oct", "2026-09", **{MIGU: "15.00"})
    [unknown] = audit(tmp, tmp / "oct", "2026-10-05")["findings"]
    assert unknown["rule"] == "unknown-vas"
    record(tmp, "cancel", "--service", MIGU, "--channel", "短信", "--on", "2026-10-07")


def november(tmp: Path, with_list: bool = True, as_of: str = "2026-11-06") -> dict:
    """October's bill (the month of cancellation, charged in full), and the list of
    November (exported on 11-06: its name says so)."""
    bill(tmp / "nov", "2026-10", **{MIGU: "15.00"})
    if with_list:
        listed(tmp / "nov", "20261106")
    return audit(tmp, tmp / "nov", as_of)


def test_a_list_after_the_cancellation_took_effect_still_showing_it_is_warned_of(tmp_path):
    cancelled_in_october(tmp_path)
    report = november(tmp_path)
    # not resolved: October is the month of cancellation, no bill after it yet
    assert report["resolved"] == []
    [waiting] = report["waiting"]
    assert waiting["state"].startswith(
        "you cancelled it (your record: 2026-10-07, via SMS); but the latest service list "
        "still shows it active, so the cancellation may not have taken: check the list, and "
        "cancel it again if it is still there"
    )
    assert waiting["check_bill"] == "2026-11"
    assert waiting["still_listed"] == "2026-11-06"  # for a script, as the refund due's
    [due] = report["refunds_due"]
    assert (due["still_listed"], due["unrefunded"]) == ("2026-11-06", "30.00")
    step = due["next"]["text"]
    assert step.startswith(
        f"First check: the latest service list still shows 「{MIGU}」 active, so your "
        "cancellation may not have taken: check the list, and if it is still there cancel "
        "it again"
    )
    assert step.index("cancel it again") < step.index("ask for the 30.00 yuan")
    # the Follow-up and Actions rows show that step, the Summary its short form
    book = CalamineWorkbook.from_path(str(tmp_path / "nov.xlsx"))
    for sheet in ("Follow-up", "Actions"):
        cells = [str(c) for row in book.get_sheet_by_name(sheet).to_python() for c in row]
        assert [c for c in cells if c.startswith("First check: the latest service list")], sheet
    summary = [str(c) for row in book.get_sheet_by_name("Summary").to_python() for c in row]
    assert [c for c in summary if c.startswith("First check the service list (the latest")]
    # auditor history, as an audit today, says it too
    shown = run("history", "--db", str(tmp_path / "h.sqlite"), "--json", "-")
    [line] = json.loads(shown.stdout)["lines"]
    assert [d["still_listed"] for d in line["refunds_due"]] == ["2026-11-06"]
    told = run("history", "--db", str(tmp_path / "h.sqlite"))
    assert f"refund due: {MIGU}, first check the service list (the latest still" in told.stdout


def test_a_list_of_the_month_of_cancellation_says_nothing_yet(tmp_path):
    # 次月生效: until October ends, a list may show it running though it was cancelled
    cancelled_in_october(tmp_path)
    listed(tmp_path / "oct")
    october = audit(tmp_path, tmp_path / "oct", "2026-10-20")
    [waiting] = october["waiting"]
    assert waiting["state"] == "you cancelled it (your record: 2026-10-07, via SMS)"
    assert waiting["still_listed"] is None and october["resolved"] == []
    [due] = october["refunds_due"]
    assert due["still_listed"] is None and due["next"]["text"].startswith("Ask for the")
    # November, no list given: the newest known is October's, which says nothing either
    [due] = november(tmp_path, with_list=False)["refunds_due"]
    assert due["still_listed"] is None


def test_without_a_list_or_once_cancelled_again_nothing_is_warned_of(tmp_path):
    cancelled_in_october(tmp_path)
    [due] = november(tmp_path, with_list=False)["refunds_due"]
    assert due["still_listed"] is None and "may not have taken" not in due["next"]["text"]
    assert "may not have taken" not in json.dumps(
        audit(tmp_path, tmp_path / "nov", "2026-11-06"), ensure_ascii=False
    )
    # the list of November shows it; she cancels again on 11-08: a list of November says
    # nothing of that one, until the month is over
    listed(tmp_path / "nov", "20261106")
    assert audit(tmp_path, tmp_path / "nov", "2026-11-07")["refunds_due"][0]["still_listed"]
    record(tmp_path, "cancel", "--service", MIGU, "--channel", "App", "--on", "2026-11-08")
    [due] = audit(tmp_path, tmp_path / "nov", "2026-11-20")["refunds_due"]
    assert due["still_listed"] is None


def test_the_warning_is_in_chinese_too(tmp_path):
    cancelled_in_october(tmp_path)
    bill(tmp_path / "nov", "2026-10", **{MIGU: "15.00"})
    listed(tmp_path / "nov", "20261106")
    target = tmp_path / "zh.json"
    result = run(
        "--lang", "zh", "audit", str(tmp_path / "nov"), "--as-of", "2026-11-06",
        "--db", str(tmp_path / "h.sqlite"), "-o", str(tmp_path / "zh.xlsx"),
        "--json", str(target),
    )  # fmt: skip
    assert result.exit_code in (0, 1), result.output
    report = json.loads(target.read_text("utf-8"))
    assert "；但最新的已订业务仍显示它在用，退订可能没有生效" in report["waiting"][0]["state"]
    [due] = report["refunds_due"]
    assert due["next"]["text"].startswith(
        f"先核对：最新的已订业务仍显示「{MIGU}」在用，你的退订可能没有生效"
    )
    assert "待退款" in result.output and "先核对已订业务（最新的仍显示它在用" in result.output


def test_a_trial_turned_paid_still_found_is_cancelled_again_not_left(tmp_path):
    # Grandma's trial: listed free in October, cancelled on 10-07; November's bill has
    # September free and October paid (still found), and November's list still shows it.
    listed_trial(tmp_path / "oct")
    audit(tmp_path, tmp_path / "oct", "2026-10-05")
    record(tmp_path, "cancel", "--service", MIGU, "--channel", "热线", "--on", "2026-10-07")
    bill(tmp_path / "nov", "2026-09", **{MIGU: "0.00"})
    bill(tmp_path / "nov", "2026-10", **{MIGU: "10.00"})
    [paid] = audit(tmp_path, tmp_path / "nov", "2026-11-05")["findings"]
    assert (paid["rule"], paid["details"]["still_listed"]) == ("trial-to-paid", None)
    texts = [a["text"] for a in paid["actions"]]
    assert [t for t in texts if "no need to cancel it again" in t]  # no list since: as before
    listed_trial(tmp_path / "nov", "20261106")
    [paid] = audit(tmp_path, tmp_path / "nov", "2026-11-06")["findings"]
    assert paid["details"]["still_listed"] == "2026-11-06"
    assert paid["message"].endswith(
        "The latest service list still shows it active: the cancellation you recorded may "
        "not have taken."
    )
    texts = [a["text"] for a in paid["actions"]]
    assert not [t for t in texts if "no need to cancel it again" in t]
    [warned] = [i for i, t in enumerate(texts) if "so the cancellation may not have taken" in t]
    assert texts[warned].startswith(f"You cancelled 「{MIGU}」 on 2026-10-07 (via Hotline)")
    # then the ways to cancel it, as for a service not cancelled
    assert paid["actions"][warned + 1]["channel"] == "app"
    assert texts[warned + 1].startswith(
        "In the China Mobile app, follow 「我的 → 已订业务 → 退订」"
    )
    assert paid["next"]["text"].startswith(
        "The latest service list still shows it active, so your cancellation of 2026-10-07 "
        "may not have taken: first check the list, and if it is still there cancel it again"
    )
