"""A refund beyond what a refund due claims is said as on a finding still found: the
record's ``beyond_claims`` in the JSON, the same words after the refund in Follow-up and
in ``auditor history``. Refunds that go beyond a refund due cover it in full, so it is no
longer due: it stays in view as refunded (``over_refunded``, a Follow-up row) while its
months are open to an appeal, and nothing of it is counted as money to ask back."""

from __future__ import annotations

import json
from datetime import date

import openpyxl
import pytest
from cli_run import run
from test_refund_due_actions import cancelled_and_stopped, type_on
from test_refunds_due import LINE, MIGU, audit, bill, record

from auditor.history.charged import Over, over_charged_note
from auditor.history.claims import beyond_note
from auditor.lang import using
from auditor.model import UserRecord

pytestmark = pytest.mark.usefixtures("december", "english")


def follow_up(report) -> list[dict]:
    """The English Follow-up sheet's rows, by its header."""
    book = openpyxl.load_workbook(report, read_only=True)
    header, *rows = book["Follow-up"].iter_rows(values_only=True)
    book.close()
    return [dict(zip(header, row, strict=True)) for row in rows]


def history(tmp, *args: str) -> str:
    result = run("history", "--db", str(tmp / "h.sqlite"), *args)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_a_refund_beyond_a_refund_due_is_said_in_the_json_follow_up_and_history(tmp_path):
    # 30.00 due (September and October); 20.00 back named by the finding, then 12.00 of
    # the service: 10.00 was left, 2.00 is beyond it, and the two come to more than the
    # 30.00 ever charged: said so, with the 2.00 counting for none (history/charged.py)
    [due] = cancelled_and_stopped(tmp_path)["refunds_due"]
    record(tmp_path, "refund", "--finding", due["id"], "--on", "2026-12-08", "--amount", "20.00")
    [left] = audit(tmp_path, tmp_path / "dec", "2026-12-10")["refunds_due"]
    assert (left["unrefunded"], left["refunded"]) == ("10.00", "20.00")
    record(tmp_path, "refund", "--service", MIGU, "--on", "2026-12-12", "--amount", "12.00")
    later = audit(tmp_path, tmp_path / "dec", "2026-12-15")
    assert later["refunds_due"] == [] and later["summary"]["refunds_due"] == "0.00"
    [over] = later["over_refunded"]
    assert (over["id"], over["unrefunded"], over["refunded"]) == (due["id"], "0.00", "30.00")
    assert (over["periods"], over["due"]) == (["2026-09", "2026-10"], due["due"])
    refunds = [r for r in over["records"] if r["kind"] == "refund"]
    figures = [(r["amount"], r["beyond_claims"], r["charged_ever"], r["refunded_before"])
               for r in refunds]  # fmt: skip
    assert figures == [("20.00", None, None, None), ("12.00", "2.00", "30.00", "20.00")]
    said = _said(refunds[1]["id"], "2026-12-12")
    assert over["next"]["text"].startswith("Nothing more to ask back: refunded in full, and beyond")
    assert "compensation on top, or" in said and said not in over["next"]["text"]  # with the refund
    # Follow-up: a row of its own after the findings, refunded, the words after the refund
    [row] = [r for r in follow_up(tmp_path / "dec.xlsx") if r["Status"] == "Refunded"]
    assert (row["Status"], row["Service"], row["Claimable"]) == ("Refunded", MIGU, None)
    assert row["Your records"].endswith("Refunded ¥12.00 on 2026-12-12" + said)
    assert row["Next step or outcome"] == over["next"]["text"]
    assert sum(str(cell).count(said) for cell in row.values()) == 1  # said once, by the refund
    # settled: no day to act from, no deadline on the sheet (the JSON keeps its due)
    assert (row["From"], row["By"]) == (None, None) and over["due"]
    # auditor history: the refund's line says it, its JSON gives it on the record
    text = history(tmp_path).splitlines()
    [twelve] = [line for line in text if "¥12.00" in line]
    assert twelve.endswith(f"Refunded {MIGU} ¥12.00" + said)
    [line] = json.loads(history(tmp_path, "--json", "-"))["lines"]
    assert [r["beyond_claims"] for r in line["records"] if r["kind"] == "refund"] == [None, "2.00"]
    assert [d["id"] for d in line["over_refunded"]] == [due["id"]] and line["refunds_due"] == []


def _said(record_id: int, on: str) -> str:
    """What follows the 12.00 refund: 2.00 beyond its claims, and with the 20.00
    refunded before it more than the 30.00 ever charged."""
    twelve = UserRecord(
        record_id, "refund", LINE, MIGU, "", date.fromisoformat(on), amount_fen=1200
    )
    with using("en"):
        said = over_charged_note(twelve, {record_id: Over(3000, 2000)}, {record_id: 200})
    assert "with the ¥20.00 refunded before it, ¥32.00 in all" in said
    assert "¥2.00 of it counting for none" in said and beyond_note_en(200) not in said
    return said


def test_the_words_are_those_said_of_a_finding_still_found(tmp_path):
    # The same 2.00 beyond on a finding still found (its charge goes on) reads alike: two
    # refunds, each less than the 30.00 ever charged, together more (history/charged.py).
    bill(tmp_path / "nov", "2026-09", **{MIGU: "15.00"})
    bill(tmp_path / "nov", "2026-10", **{MIGU: "15.00"})
    audit(tmp_path, tmp_path / "nov", "2026-11-05")
    record(tmp_path, "refund", "--service", MIGU, "--on", "2026-11-20", "--amount", "20.00")
    record(tmp_path, "refund", "--service", MIGU, "--on", "2026-11-21", "--amount", "12.00")
    again = audit(tmp_path, tmp_path / "nov", "2026-11-25")
    [finding] = [f for f in again["findings"] if f["service"] == MIGU]
    assert [r["beyond_claims"] for r in finding["records"]] == [None, "2.00"]
    assert again["over_refunded"] == []  # told on the finding, not twice
    [row] = [r for r in follow_up(tmp_path / "nov.xlsx") if r["Service"] == MIGU]
    said = _said(finding["records"][1]["id"], "2026-11-21")
    assert row["Your records"].endswith(said)
    assert history(tmp_path).rstrip("\n").endswith(said)


def beyond_note_en(fen: int) -> str:
    with using("en"):
        return beyond_note(fen)


def test_a_refund_typed_on_its_actions_row_beyond_it_is_said(tmp_path):
    [due] = cancelled_and_stopped(tmp_path)["refunds_due"]
    type_on(tmp_path / "dec.xlsx", due["id"], "退款 35.00", "R-9", "2026-12-10")
    # more than the 30.00 ever charged: recorded all the same, and said (exit 3)
    typed = run("record", "--from", str(tmp_path / "dec.xlsx"), "--db", str(tmp_path / "h.sqlite"))
    assert typed.exit_code == 3 and "more than the ¥30.00 ever charged" in typed.stderr
    later = audit(tmp_path, tmp_path / "dec", "2026-12-15")
    assert later["refunds_due"] == []
    [over] = later["over_refunded"]
    [refund] = [r for r in over["records"] if r["kind"] == "refund"]
    assert (refund["amount"], refund["ticket"], refund["beyond_claims"]) == ("35.00", "R-9", "5.00")
    assert refund["charged_ever"] == "30.00"


def test_a_refund_due_refunded_exactly_is_told_once_then_no_more(tmp_path):
    [due] = cancelled_and_stopped(tmp_path)["refunds_due"]
    record(tmp_path, "refund", "--finding", due["id"], "--on", "2026-12-12", "--amount", "30.00")
    [line] = json.loads(history(tmp_path, "--json", "-"))["lines"]  # no audit told it yet
    assert [d["id"] for d in line["refunds_closed"]] == [due["id"]]
    later = audit(tmp_path, tmp_path / "dec", "2026-12-15")
    assert (later["refunds_due"], later["over_refunded"]) == ([], [])
    [closed] = later["refunds_closed"]
    assert (closed["id"], closed["unrefunded"], closed["refunded"]) == (due["id"], "0.00", "30.00")
    assert closed["next"]["text"] == (
        "Refunded, and closed: the 30.00 yuan charged in 2026-09, 2026-10 was refunded in full "
        "(your records); nothing more to do"
    )
    [row] = [r for r in follow_up(tmp_path / "dec.xlsx") if r["Status"] == "Refunded"]
    assert (row["Service"], row["Next step or outcome"]) == (MIGU, closed["next"]["text"])
    assert row["Your records"].endswith("Refunded ¥30.00 on 2026-12-12")
    told = run("audit", str(tmp_path / "dec"), "--as-of", "2026-12-15",
               "--db", str(tmp_path / "h.sqlite"), "-o", str(tmp_path / "again.xlsx"))  # fmt: skip
    assert f"refunded 139****1111 {MIGU}: ¥30.00 (2026-09, 2026-10) refunded in full, closed" in (
        told.stdout
    )  # that audit run again tells it again
    after = audit(tmp_path, tmp_path / "dec", "2026-12-20")
    assert (after["refunds_due"], after["over_refunded"], after["refunds_closed"]) == ([], [], [])
    assert "Refunded" not in {r["Status"] for r in follow_up(tmp_path / "dec.xlsx")}
    [line] = json.loads(history(tmp_path, "--json", "-"))["lines"]
    assert line["refunds_closed"] == []


def test_refunded_beyond_is_followed_no_longer_than_its_months_are_open_to_an_appeal(
    tmp_path, monkeypatch
):
    from auditor import clock

    monkeypatch.setattr(clock, "today", lambda: date(2027, 4, 30))
    [due] = cancelled_and_stopped(tmp_path)["refunds_due"]
    refund = ("--finding", due["id"], "--on", "2026-12-12", "--amount", "31.00", "--yes")
    record(tmp_path, "refund", *refund)  # more than the 30.00 ever charged: --yes
    assert [d["id"] for d in audit(tmp_path, tmp_path / "dec", "2026-12-15")["over_refunded"]] == [
        due["id"]
    ]
    # March 2027: September's appeal closed on 2027-02-28, October's is open until 03-31
    bill(tmp_path / "mar", "2027-02", 手机报="3.00")
    march = audit(tmp_path, tmp_path / "mar", "2027-03-05")
    [over] = march["over_refunded"]
    assert (over["periods"], over["due"]) == (["2026-10"], "2027-03-31")
    bill(tmp_path / "apr", "2027-03", 手机报="3.00")
    assert audit(tmp_path, tmp_path / "apr", "2027-04-05")["over_refunded"] == []
