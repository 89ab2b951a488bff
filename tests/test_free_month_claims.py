"""A free month (a trial's first month, billed 0.00) is a month known to have charged
nothing: a finding that reported it claims nothing of it, an audit after it asks nothing
back for it, and nothing of it is told refunded. A month is "unknown" (its finding's
amount spread over its months) only when no bill known charges the service in it.

The trial this follows: grandma's 广电视频彩铃会员（首月免费体验）, listed in October, cancelled
on 10-07; November's bill shows September at 0.00 and October at 10.00 (a trial turned
paid, still found). The unknown service, resolved by the cancellation, claims September's
0.00 and October's 10.00: nothing due for September, in the November audit, in one made
later on the same bills, and in ``auditor history``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_run import run
from test_refunds_due import LINE, MIGU, audit, bill, record

pytestmark = pytest.mark.usefixtures("december", "english")

TRIAL = f"{MIGU}（首月免费体验）"


def listed(folder: Path, day: str = "") -> None:
    """LINE's service list: MIGU on a free first month, 10.00 a month after, running;
    exported on ``day`` (its name says so: ``20261106``), else undated."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = [
        "业务名称,业务类型,资费,订购时间,生效时间,失效时间,退订时间,状态",
        f"{TRIAL},增值业务,10元/月,2026-09-08 19:42:13,2026-09-08 19:42:13,--,,正常",
    ]
    name = f"{LINE}-已订业务-{day}.csv" if day else f"{LINE}-已订业务.csv"
    (folder / name).write_text("\n".join(rows) + "\n", "utf-8")


def history_line(tmp: Path) -> dict:
    """LINE as ``auditor history --json`` shows it."""
    shown = run("history", "--db", str(tmp / "h.sqlite"), "--json", "-")
    assert shown.exit_code == 0, shown.output
    [line] = json.loads(shown.stdout)["lines"]
    return line


def trial_cancelled(tmp: Path) -> None:
    """October: the trial listed, unknown (nothing charged yet); cancelled on 10-07."""
    listed(tmp / "oct")
    [unknown] = audit(tmp, tmp / "oct", "2026-10-05")["findings"]
    assert (unknown["rule"], unknown["periods"], unknown["amount"]) == (
        "unknown-vas",
        ["2026-09"],
        "0.00",
    )
    record(tmp, "cancel", "--service", MIGU, "--on", "2026-10-07")


def test_a_free_month_is_never_asked_back(tmp_path):
    trial_cancelled(tmp_path)
    bill(tmp_path / "nov", "2026-09", **{MIGU: "0.00"})
    bill(tmp_path / "nov", "2026-10", **{MIGU: "10.00"})
    listed(tmp_path / "nov")
    november = audit(tmp_path, tmp_path / "nov", "2026-11-05")
    [paid] = november["findings"]
    assert (paid["rule"], paid["periods"], paid["claimable"]) == (
        "trial-to-paid",
        ["2026-10"],
        "10.00",
    )
    # cancelled on 10-07, October its month: no bill after it yet, so not resolved
    [waiting] = november["waiting"]
    assert (waiting["periods"], waiting["amount"]) == (["2026-09", "2026-10"], "10.00")
    assert november["refunds_due"] == [] and november["summary"]["refunds_due"] == "0.00"
    # the history, as an audit today, and an audit later on the same bills: still nothing
    assert history_line(tmp_path)["refunds_due"] == []
    later = audit(tmp_path, tmp_path / "nov", "2026-11-27")
    assert later["refunds_due"] == [] and later["summary"]["refunds_due"] == "0.00"
    # October's 10.00 is still the trial turned paid's to ask back
    [again] = later["findings"]
    assert (again["id"], again["claimable"]) == (paid["id"], "10.00")
    told = run("history", "--db", str(tmp_path / "h.sqlite"))
    assert "refund due" not in told.stdout.lower(), told.stdout


def test_a_trial_cancelled_before_it_charged_is_not_told_refunded(tmp_path):
    trial_cancelled(tmp_path)
    # before an audit follows it: nothing charged, so nothing due and nothing refunded
    line = history_line(tmp_path)
    assert (line["refunds_due"], line["refunds_closed"]) == ([], [])
    bill(tmp_path / "nov", "2026-09", **{MIGU: "0.00"})
    bill(tmp_path / "nov", "2026-10")
    november = audit(tmp_path, tmp_path / "nov", "2026-11-05")
    [resolved] = november["resolved"]
    assert (resolved["rule"], resolved["amount"]) == ("unknown-vas", "0.00")
    assert (november["refunds_due"], november["refunds_closed"]) == ([], [])
    # a refund recorded anyway (a goodwill credit) closes no 0.00 month as refunded
    record(tmp_path, "refund", "--service", MIGU, "--on", "2026-11-20", "--amount", "5.00", "--yes")
    line = history_line(tmp_path)
    assert (line["refunds_due"], line["refunds_closed"]) == ([], [])
    later = audit(tmp_path, tmp_path / "nov", "2026-11-27")
    assert (later["refunds_due"], later["refunds_closed"]) == ([], [])
    assert "0.00 yuan" not in json.dumps(later, ensure_ascii=False)
