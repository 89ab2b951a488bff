"""A service list whose file gives no date is not dated the audit day.

The trial this follows (a company's 300 lines): 手机报 cancelled on 10-08, which takes
effect on 11-01 (次月生效); October's folder holds October's bill and a list giving no
date, audited on 11-06. Dated the audit day, that list was one of November still showing
the service, and every cancellation was said to have failed: "check and cancel again",
the year's saving withdrawn. What the evidence says of a list's day is taken instead (a
day its name gives; a month its name or its folder puts it in, at the earliest); what it
does not decide is said, never guessed.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from cli_run import run
from test_cancel_belied import listed
from test_refunds_due import LINE, MIGU, audit, bill, record

from auditor.model import Bill, ReadResult, Service
from auditor.rules.list_dates import ListDate, list_dates, path_date

pytestmark = pytest.mark.usefixtures("december", "english")

MASKED = f"{LINE[:3]}****{LINE[-4:]}"


def undated_warnings(report: dict) -> list[str]:
    """The input warnings that name a service list as undated."""
    return [w for i in report["inputs"] for w in i["warnings"] if "gives no date" in w]


def cancelled_on(tmp: Path, day: str) -> None:
    """The month before ``day``'s bill charges MIGU (unknown); cancelled by SMS on ``day``."""
    month = f"{day[:5]}{int(day[5:7]) - 1:02d}"
    bill(tmp / "before", month, **{MIGU: "15.00"})
    [unknown] = audit(tmp, tmp / "before", f"{day[:8]}05")["findings"]
    assert unknown["rule"] == "unknown-vas"
    record(tmp, "cancel", "--service", MIGU, "--channel", "短信", "--on", day)


def test_an_undated_list_of_octobers_folder_does_not_belie_an_october_cancellation(tmp_path):
    cancelled_on(tmp_path, "2026-10-08")
    folder = tmp_path / "2026-10"
    bill(folder, "2026-10", **{MIGU: "15.00"})  # the month of cancellation, in full
    listed(folder)  # still showing MIGU running, and no day
    report = audit(tmp_path, folder, "2026-11-06")
    assert "may not have taken" not in json.dumps(report["waiting"] + report["refunds_due"])
    # the month of cancellation read, no bill after it: waiting for November's
    [waiting] = report["waiting"]
    assert waiting["state"] == "you cancelled it (your record: 2026-10-08, via SMS)"
    assert (waiting["check_bill"], waiting["still_listed"]) == ("2026-11", None)
    [due] = report["refunds_due"]
    assert due["still_listed"] is None
    assert due["next"]["text"].startswith("Ask for the")
    # what the list would mean, were it exported after the cancellation took effect: said
    [warned] = undated_warnings(report)
    assert warned.startswith(
        "this service list gives no date (neither its name nor its folder names a day; they "
        "put it in 2026-10 at the earliest): "
    )
    assert f"still shows 「{MIGU}」 active ({MASKED})" in warned
    assert "cancelling on 2026-10-08, effective 2026-11-01" in warned
    assert "If it was exported on or after 2026-11-01, the cancellation did not take" in warned
    [shown] = [i for i in report["inputs"] if warned in i["warnings"]]
    assert shown["path"].endswith(f"{LINE[:3]}****{LINE[-4:]}-已订业务.csv")
    # and on the terminal, in the language asked for
    said = run(
        "--lang", "zh", "audit", str(folder), "--as-of", "2026-11-06", "--db",
        str(tmp_path / "h.sqlite"), "-o", str(tmp_path / "zh.xlsx"), "-q",
    )  # fmt: skip
    assert said.exit_code in (0, 1), said.output
    assert "这份已订业务没有注明导出日期" in said.stderr
    assert "若它是 2026-11-01 或之后导出的，退订没有生效" in said.stderr
    assert LINE not in said.stderr and MASKED in said.stderr


def test_a_list_its_name_dates_after_the_cancellation_took_effect_still_belies_it(tmp_path):
    cancelled_on(tmp_path, "2026-10-08")
    folder = tmp_path / "2026-10"
    bill(folder, "2026-10", **{MIGU: "15.00"})
    listed(folder, "20261105")  # exported on 11-05, in October's folder: the day tells
    report = audit(tmp_path, folder, "2026-11-06")
    [waiting] = report["waiting"]
    assert "so the cancellation may not have taken" in waiting["state"]
    assert waiting["still_listed"] == "2026-11-06"
    [due] = report["refunds_due"]
    assert due["still_listed"] == "2026-11-06"  # the day it was known, as before
    assert due["next"]["text"].startswith("First check: the latest service list")
    assert not undated_warnings(report)


def test_a_list_its_name_dates_before_the_cancellation_took_effect_says_nothing(tmp_path):
    cancelled_on(tmp_path, "2026-10-08")
    folder = tmp_path / "2026-11"
    bill(folder, "2026-10", **{MIGU: "15.00"})
    listed(folder, "20261031")  # exported on the last day of October: the list may lag
    report = audit(tmp_path, folder, "2026-11-06")
    [due] = report["refunds_due"]
    assert due["still_listed"] is None and not undated_warnings(report)


def test_octobers_folder_shows_a_september_cancellation_did_not_take(tmp_path):
    # cancelled on 09-08, effective 10-01: a list of October's folder is from October at
    # the earliest, after that; October's charge is a charge after cancellation
    cancelled_on(tmp_path, "2026-09-08")
    folder = tmp_path / "2026-10"
    bill(folder, "2026-10", **{MIGU: "15.00"})
    listed(folder)
    report = audit(tmp_path, folder, "2026-11-06")
    [found] = [f for f in report["findings"] if f["rule"] == "lingering-charge"]
    assert found["details"]["still_listed"] == "2026-11-06"
    assert found["next"]["text"].startswith(
        "It was charged after your cancellation of 2026-09-08: the latest service list still "
        "shows it active"
    )
    assert not undated_warnings(report)


def test_a_list_nothing_dates_leaves_a_charge_after_cancellation_to_check(tmp_path):
    # the same, in a folder naming no month: nothing says when it was exported, not the
    # bill beside it either (a folder may gather month after month); the steps check the
    # list rather than say the cancellation failed
    cancelled_on(tmp_path, "2026-09-08")
    bill(tmp_path / "bills", "2026-10", **{MIGU: "15.00"})
    listed(tmp_path / "bills")
    report = audit(tmp_path, tmp_path / "bills", "2026-11-06")
    [found] = [f for f in report["findings"] if f["rule"] == "lingering-charge"]
    assert found["details"]["still_listed"] is None
    texts = [a["text"] for a in found["actions"]]
    assert [t for t in texts if t.startswith("If it is still on the service list, cancel")]
    [warned] = undated_warnings(report)
    assert "cancelling on 2026-09-08, effective 2026-10-01" in warned
    assert "at the earliest" not in warned  # nothing puts it in a month


def test_a_stored_undated_list_read_back_is_not_a_list_of_its_storing_day(tmp_path):
    # December: November's bill alone; the list October's audit stored on 11-06 is the
    # newest known, and its folder puts it in October at the earliest: not decided
    cancelled_on(tmp_path, "2026-10-08")
    folder = tmp_path / "2026-10"
    bill(folder, "2026-10", **{MIGU: "15.00"})
    listed(folder)
    audit(tmp_path, folder, "2026-11-06")
    bill(tmp_path / "2026-11", "2026-11")
    said = run(
        "audit", str(tmp_path / "2026-11"), "--as-of", "2026-12-06", "--db",
        str(tmp_path / "h.sqlite"), "-o", str(tmp_path / "dec.xlsx"), "--json",
        str(tmp_path / "dec.json"), "-q",
    )  # fmt: skip
    assert said.exit_code in (0, 1), said.output
    report = json.loads((tmp_path / "dec.json").read_text("utf-8"))
    [due] = report["refunds_due"]
    assert due["still_listed"] is None and due["next"]["text"].startswith("Ask for the")
    assert "this service list gives no date" in said.stderr  # said, in the log
    assert "已订业务.csv" in said.stderr


def test_what_a_lists_path_and_bills_say_of_its_day():
    assert path_date("bills/2026-10/移动/工厂/已订业务-工厂.csv") == ListDate(since="2026-10")
    assert path_date("bills/2026-10/已订业务-20261105.csv") == ListDate(day=date(2026, 11, 5))
    assert path_date("2026年11月5日/已订业务.csv") == ListDate(day=date(2026, 11, 5))
    assert path_date("账单/2026年10月/已订业务.xlsx") == ListDate(since="2026-10")
    # a phone number is no date, nor a range of months one month
    assert path_date(f"lists/{LINE}-已订业务.csv") == ListDate()
    assert path_date("lists/已订业务-2026年08-10月.csv") == ListDate()
    assert path_date("lists/已订业务-20261332.csv") == ListDate()  # no such day
    # the bills given with it say nothing of it (a folder gathering month after month)
    services = ReadResult(path="x/已订业务.csv", services=[Service(line=LINE, name=MIGU)])
    bills = ReadResult(path="x/账单.csv", bills=[Bill(LINE, "2026-10")])
    records = ReadResult(path="your records", reader="records", services=[*services.services])
    assert list_dates([services, bills, records]) == {id(services): ListDate()}
