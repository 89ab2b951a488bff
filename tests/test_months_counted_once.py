"""Disputed money is counted once per line, service and month, and every month counts:
two rules disputing one month of a service ask it back once, two rules disputing
different months of it ask back each.

The case this follows (a trial, cases/trial-then-lingering): 咪咕视频会员 free in
January, 10.00 in February (unknown, and a trial turned paid: one month, 10.00);
cancelled on 03-10, charged 10.00 in March (the month of cancellation, in full) and
again in April. The trial turned paid claims February and March, the charge after
cancellation April: 30.00, in every figure that adds it up, not 20.00 (the larger
claim of the service alone)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from cli_run import run
from test_refunds_due import LINE, MIGU, audit, bill, record

from auditor.history.claims import Claim, months_held

pytestmark = pytest.mark.usefixtures("december", "english")


def settings(tmp: Path) -> Path:
    """Settings naming LINE's owner: the workbook then has a By owner sheet."""
    path = tmp / "auditor.toml"
    path.write_text(f'[lines."{LINE}"]\nowner = "老方"\n', "utf-8")
    return path


def rows_of(tmp: Path, sheet: str) -> list[tuple]:
    """The rows of a sheet of the May audit's workbook."""
    book = openpyxl.load_workbook(tmp / "may.xlsx", read_only=True)
    rows = list(book[sheet].iter_rows(values_only=True))
    book.close()
    return rows


def column(tmp: Path, sheet: str, *names: str) -> list[tuple]:
    """The cells under the headers ``names`` of a listing sheet, row by row."""
    header, *rows = rows_of(tmp, sheet)
    at = [header.index(name) for name in names]
    return [tuple(row[i] for i in at) for row in rows]


def trial_then_lingering(tmp: Path) -> dict:
    """February's trial turned paid (March's audit), cancelled on 03-10, charged in March
    and April: the May audit's JSON."""
    bill(tmp / "mar", "2026-01", **{MIGU: "0.00"})
    bill(tmp / "mar", "2026-02", **{MIGU: "10.00"})
    march = audit(tmp, tmp / "mar", "2026-03-05", "--known", str(settings(tmp)))
    # one month two rules dispute: asked back once
    assert {f["rule"]: f["periods"] for f in march["findings"]} == {
        "unknown-vas": ["2026-02"],
        "trial-to-paid": ["2026-02"],
    }
    assert sorted(f["claimable"] for f in march["findings"]) == ["0.00", "10.00"]
    assert march["summary"]["claimable"] == "10.00"
    record(tmp, "cancel", "--service", MIGU, "--on", "2026-03-10", "--ticket", "202603100101")
    bill(tmp / "may", "2026-03", **{MIGU: "10.00"})
    bill(tmp / "may", "2026-04", **{MIGU: "10.00"})
    return audit(tmp, tmp / "may", "2026-05-05", "--known", str(tmp / "auditor.toml"))


def test_months_two_rules_dispute_apart_each_count(tmp_path):
    may = trial_then_lingering(tmp_path)
    shown = {f["rule"]: (f["periods"], f["claimable"]) for f in may["findings"]}
    assert shown == {
        "trial-to-paid": (["2026-02", "2026-03"], "20.00"),
        "lingering-charge": (["2026-04"], "10.00"),
    }
    assert may["summary"]["claimable"] == "30.00"
    assert [line["claimable"] for line in may["summary"]["lines"]] == ["30.00"]


def test_the_workbook_and_the_terminal_say_the_same_money(tmp_path):
    trial_then_lingering(tmp_path)
    summary = [c for row in rows_of(tmp_path, "Summary") for c in row if c is not None]
    assert "¥30.00 overcharged, 1 thing to do; ¥120.00 a year to save" in summary
    assert summary.count(30) == 3  # the thing to do, the line, In figures
    [owner] = column(tmp_path, "By owner", "Owner", "Disputed")
    assert owner == ("老方", 30)
    shown = sorted(column(tmp_path, "Findings", "Rule", "Disputed"))
    assert shown == [("charged after cancellation", 10), ("free trial turned paid", 20)]
    # each month's disputed money on the finding that claims it
    assert sorted(column(tmp_path, "Finding months", "Month", "Disputed that month")) == [
        ("2026-02", 10),
        ("2026-03", 10),
        ("2026-04", 10),
    ]
    again = run(
        "audit", str(tmp_path / "may"), "--as-of", "2026-05-05", "--lang", "zh",
        "--db", str(tmp_path / "h.sqlite"), "--known", str(tmp_path / "auditor.toml"),
        "-o", str(tmp_path / "again.xlsx"),
    )  # fmt: skip
    assert "已多扣（待追回）：¥30.00" in again.output, again.output


def test_a_refund_is_set_against_the_months_once(tmp_path):
    trial_then_lingering(tmp_path)
    # 15.00 back: February, then half of March (the oldest months first)
    record(tmp_path, "refund", "--service", MIGU, "--on", "2026-05-20", "--amount", "15.00")
    again = audit(
        tmp_path, tmp_path / "may", "2026-05-25", "--known", str(tmp_path / "auditor.toml")
    )
    shown = {f["rule"]: (f["refunded"], f["claimable"]) for f in again["findings"]}
    assert shown == {"trial-to-paid": ("15.00", "5.00"), "lingering-charge": ("0.00", "10.00")}
    assert again["summary"]["claimable"] == "15.00"


def test_the_refunds_due_count_every_month_once(tmp_path):
    trial_then_lingering(tmp_path)
    bill(tmp_path / "jun", "2026-05")  # the charge stopped: both resolved, both owed
    june = audit(
        tmp_path, tmp_path / "jun", "2026-06-05", "--known", str(tmp_path / "auditor.toml")
    )
    assert june["findings"] == []
    owed = sorted((d["periods"], d["unrefunded"]) for d in june["refunds_due"])
    assert owed == [(["2026-02", "2026-03"], "20.00"), (["2026-04"], "10.00")]
    assert june["summary"]["refunds_due"] == "30.00"


def test_a_month_held_by_two_claims_is_one_charge():
    unknown = Claim("a", LINE, "migu", {"2026-02": 1000})
    trial = Claim("b", LINE, "migu", {"2026-02": 1000, "2026-03": 1000}, refunded_fen=500)
    lingering = Claim("c", LINE, "migu", {"2026-04": 1000})
    held = months_held([unknown, trial, lingering])
    assert [(slot[2], h.charged, h.back, h.left) for slot, h in held.items()] == [
        ("2026-02", 1000, 500, 500),
        ("2026-03", 1000, 0, 1000),
        ("2026-04", 1000, 0, 1000),
    ]
