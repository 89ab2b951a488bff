"""Refunds due: the money of findings resolved and not refunded, each month of a line's
service counted once, whatever rules claimed it, and never a service the user knows."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from cli_run import run
from python_calamine import CalamineWorkbook

pytestmark = pytest.mark.usefixtures("december", "english")

LINE = "13900001111"
MIGU = "咪咕视频会员"


def bill(folder: Path, period: str, *pairs: tuple[str, str], **items: str) -> None:
    """A China Mobile bill of ``period`` for LINE: an 18.00 plan and ``items`` (value-added
    services, in yuan; ``pairs`` for one named twice), its total right."""
    month = period.replace("-", "")
    rows = [
        "手机号码,账期,费用类型,费用项目,金额(元)",
        f"{LINE},{month},套餐及固定费,4G飞享18元套餐,18.00",
    ]
    fen = 1800
    for name, yuan in [*pairs, *items.items()]:
        rows.append(f"{LINE},{month},增值业务费,{name},{yuan}")
        fen += int(yuan.replace(".", ""))
    rows.append(f"{LINE},{month},合计,,{fen // 100}.{fen % 100:02d}")
    folder.mkdir(parents=True, exist_ok=True)
    name = f"中国移动账单-{period[:4]}年{period[5:]}月-{LINE}.csv"
    (folder / name).write_text("\n".join(rows) + "\n", "utf-8")


def audit(tmp: Path, folder: Path, as_of: str, *extra: str) -> dict:
    target = tmp / f"{folder.name}-{as_of}.json"
    result = run(
        "audit", str(folder), "--as-of", as_of, "--db", str(tmp / "h.sqlite"),
        "-o", str(tmp / f"{folder.name}.xlsx"), "--json", str(target), "-q", *extra,
    )  # fmt: skip
    assert result.exit_code in (0, 1), result.output
    return json.loads(target.read_text("utf-8"))


def record(tmp: Path, *args: str) -> None:
    result = run("record", *args, "--line", LINE, "--db", str(tmp / "h.sqlite"))
    assert result.exit_code == 0, result.output


def rules_of(report: dict) -> set[str]:
    return {f["rule"] for f in report["findings"] if f["service"] == MIGU}


def test_a_month_two_resolved_findings_claimed_is_due_once(tmp_path):
    # A free month, then a paid one: unknown, and a trial turned paid.
    bill(tmp_path / "oct", "2026-08", **{MIGU: "0.00"})
    bill(tmp_path / "oct", "2026-09", **{MIGU: "15.00"})
    assert rules_of(audit(tmp_path, tmp_path / "oct", "2026-10-05")) == {
        "unknown-vas",
        "trial-to-paid",
    }
    record(tmp_path, "cancel", "--service", MIGU, "--on", "2026-10-06")
    bill(tmp_path / "nov", "2026-10")
    november = audit(tmp_path, tmp_path / "nov", "2026-11-05")
    assert [(d["periods"], d["unrefunded"]) for d in november["refunds_due"]] == [
        (["2026-09"], "15.00")
    ]
    assert november["summary"]["refunds_due"] == "15.00"  # charged once, not 30.00


def test_a_month_a_finding_still_found_claims_is_not_due(tmp_path):
    bill(tmp_path / "oct", "2026-08", **{MIGU: "0.00"})
    bill(tmp_path / "oct", "2026-09", **{MIGU: "15.00"})
    audit(tmp_path, tmp_path / "oct", "2026-10-05")
    record(tmp_path, "cancel", "--service", MIGU, "--on", "2026-10-06")
    bill(tmp_path / "nov", "2026-10", **{MIGU: "15.00"})  # still charged in October
    november = audit(tmp_path, tmp_path / "nov", "2026-11-05")
    current = {f["rule"]: f["periods"] for f in november["findings"] if f["service"] == MIGU}
    assert "2026-09" in current["trial-to-paid"]
    assert november["refunds_due"] == []  # its months are the finding's still found


def test_a_charge_after_an_earlier_cancellation_is_not_due_twice(tmp_path):
    bill(tmp_path / "oct", "2026-09", **{MIGU: "15.00"})
    audit(tmp_path, tmp_path / "oct", "2026-10-05")
    record(tmp_path, "cancel", "--service", MIGU, "--on", "2026-08-15")
    bill(tmp_path / "nov", "2026-10", **{MIGU: "15.00"})
    november = audit(tmp_path, tmp_path / "nov", "2026-11-05")
    [lingering] = [f for f in november["findings"] if f["rule"] == "lingering-charge"]
    assert (lingering["periods"], lingering["claimable"]) == (["2026-09", "2026-10"], "30.00")
    assert november["refunds_due"] == []


def test_a_service_the_settings_came_to_know_is_never_due(tmp_path):
    bill(tmp_path / "oct", "2026-09", **{MIGU: "15.00"})
    audit(tmp_path, tmp_path / "oct", "2026-10-05")
    known = tmp_path / "auditor.toml"
    known.write_text(f'known_services = ["{MIGU}"]\n', "utf-8")
    bill(tmp_path / "nov", "2026-10", **{MIGU: "15.00"})
    november = audit(tmp_path, tmp_path / "nov", "2026-11-05", "--known", str(known))
    assert november["refunds_due"] == []
    # still charged 15.00 a month, now wanted: resolved, and it saves nothing a year
    [resolved] = november["resolved"]
    assert (resolved["service"], resolved["yearly"]) == (MIGU, "0.00")
    bill(tmp_path / "dec", "2026-11")  # the charge stops: still not money to ask back
    december = audit(tmp_path, tmp_path / "dec", "2026-12-05", "--known", str(known))
    assert december["refunds_due"] == []


def test_a_partly_refunded_due_says_what_came_back(tmp_path):
    bill(tmp_path / "oct", "2026-09", **{MIGU: "15.00"})
    bill(tmp_path / "oct", "2026-10", **{MIGU: "15.00"})
    audit(tmp_path, tmp_path / "oct", "2026-11-05")
    record(tmp_path, "cancel", "--service", MIGU, "--on", "2026-11-06")
    record(tmp_path, "refund", "--service", MIGU, "--on", "2026-11-20", "--amount", "15.00")
    bill(tmp_path / "dec", "2026-11")
    [due] = audit(tmp_path, tmp_path / "dec", "2026-12-05")["refunds_due"]
    # September came back (the oldest month first): October is what is asked, and the
    # 15.00 refunded is said of September, not of October
    assert (due["periods"], due["unrefunded"], due["refunded"]) == (["2026-10"], "15.00", "15.00")
    assert due["next"]["text"].startswith(
        "Ask for the 15.00 yuan not refunded yet of what was charged for 「咪咕视频会员」 in "
        "2026-10 (退费): "
    )
    assert "and the 15.00 yuan of 2026-09 was refunded (your records)." in due["next"]["text"]
    assert "Call 10086" in due["next"]["text"]


def test_a_companys_refund_due_goes_to_its_account_manager(tmp_path):
    bill(tmp_path / "oct", "2026-09", **{MIGU: "15.00"})
    settings = tmp_path / "auditor.toml"
    settings.write_text('account = "company"\n', "utf-8")
    audit(tmp_path, tmp_path / "oct", "2026-10-05", "--known", str(settings))
    record(tmp_path, "cancel", "--service", MIGU, "--on", "2026-10-06")
    bill(tmp_path / "nov", "2026-10")
    [due] = audit(tmp_path, tmp_path / "nov", "2026-11-05", "--known", str(settings))["refunds_due"]
    assert "account manager" in due["next"]["text"] and "10086" not in due["next"]["text"]


def test_money_a_finding_not_owed_holds_does_not_swell_a_due(tmp_path):
    # 咪咕 billed twice in September: charged twice (15.00) and unknown (30.00).
    bill(tmp_path / "oct", "2026-09", (MIGU, "15.00"), (MIGU, "15.00"))
    assert rules_of(audit(tmp_path, tmp_path / "oct", "2026-10-05")) == {
        "duplicate-charge",
        "unknown-vas",
    }
    known = tmp_path / "auditor.toml"
    known.write_text(f'known_services = ["{MIGU}"]\n', "utf-8")
    bill(tmp_path / "nov", "2026-10", **{MIGU: "15.00"})  # once: the duplicate stopped
    november = audit(tmp_path, tmp_path / "nov", "2026-11-05", "--known", str(known))
    assert [(d["rule"], d["unrefunded"]) for d in november["refunds_due"]] == [
        ("duplicate-charge", "15.00")  # the copy billed twice, not the unknown's 30.00
    ]


def trial_audited(tmp: Path, september: str, october: str) -> None:
    """A free August of 咪咕, then paid months (unknown, and a trial turned paid),
    audited on 2026-11-05."""
    bill(tmp / "nov", "2026-08", **{MIGU: "0.00"})
    bill(tmp / "nov", "2026-09", **{MIGU: september})
    bill(tmp / "nov", "2026-10", **{MIGU: october})
    audit(tmp, tmp / "nov", "2026-11-05")


def test_a_trial_turned_paid_claims_what_its_months_charged(tmp_path):
    trial_audited(tmp_path, "15.00", "20.00")
    record(tmp_path, "refund", "--service", MIGU, "--on", "2026-11-20", "--amount", "25.00")
    bill(tmp_path / "dec", "2026-11")  # no longer charged
    december = audit(tmp_path, tmp_path / "dec", "2026-12-05")
    assert december["summary"]["refunds_due"] == "10.00"  # 35.00 charged, 25.00 back


def test_a_refund_of_two_rules_month_covers_it_for_both(tmp_path):
    trial_audited(tmp_path, "15.00", "15.00")
    record(tmp_path, "refund", "--service", MIGU, "--on", "2026-11-20", "--amount", "30.00")
    again = audit(tmp_path, tmp_path / "nov", "2026-11-25")
    mine = [f for f in again["findings"] if f["service"] == MIGU]
    assert {f["rule"] for f in mine} == {"unknown-vas", "trial-to-paid"}
    # covered for both (nothing left to ask of either), the 30.00 counted once
    assert all("Refunded in full (your records)" in f["next"]["text"] for f in mine)
    assert sorted((f["refunded"], f["claimable"]) for f in mine) == [
        ("0.00", "0.00"),
        ("30.00", "0.00"),
    ]
    bill(tmp_path / "dec", "2026-11")
    assert audit(tmp_path, tmp_path / "dec", "2026-12-05")["refunds_due"] == []


def test_a_refund_named_by_a_finding_counts_for_the_finding_that_took_its_month(tmp_path):
    bill(tmp_path / "oct", "2026-09", **{MIGU: "15.00"})
    [unknown] = [
        f for f in audit(tmp_path, tmp_path / "oct", "2026-10-05")["findings"]
        if f["rule"] == "unknown-vas"
    ]  # fmt: skip
    record(tmp_path, "cancel", "--service", MIGU, "--on", "2026-08-15")
    record(
        tmp_path, "refund", "--finding", unknown["id"], "--on", "2026-10-20", "--amount", "15.00"
    )
    bill(tmp_path / "nov", "2026-10", **{MIGU: "15.00"})
    november = audit(tmp_path, tmp_path / "nov", "2026-11-05")
    [lingering] = [f for f in november["findings"] if f["rule"] == "lingering-charge"]
    assert (lingering["amount"], lingering["refunded"], lingering["claimable"]) == (
        "30.00", "15.00", "15.00",
    )  # fmt: skip


def test_an_audit_run_again_the_same_day_replaces_what_its_first_run_found(tmp_path):
    # The first run: September's bill charges MIGU, not known yet. The user adds her
    # settings and runs it again the same day: that run's findings replace the first's.
    bill(tmp_path / "oct", "2026-09", **{MIGU: "15.00", "手机报": "3.00"})
    first = audit(tmp_path, tmp_path / "oct", "2026-10-05")
    assert {f["service"] for f in first["findings"]} == {MIGU, "手机报"}
    known = tmp_path / "auditor.toml"
    known.write_text(f'known_services = ["{MIGU}"]\n', "utf-8")
    again = audit(tmp_path, tmp_path / "oct", "2026-10-05", "--known", str(known))
    assert [(f["service"], f["status"]) for f in again["findings"]] == [("手机报", "new")]
    assert (again["resolved"], again["refunds_due"]) == ([], [])
    # a month later, MIGU's charge stops: nothing of the first run's is followed
    bill(tmp_path / "nov", "2026-10", **{"手机报": "3.00"})
    november = audit(tmp_path, tmp_path / "nov", "2026-11-05", "--known", str(known))
    assert [(f["service"], f["status"]) for f in november["findings"]] == [("手机报", "open")]
    assert (november["resolved"], november["refunds_due"]) == ([], [])
    # run again, the same inputs give the same JSON
    assert audit(tmp_path, tmp_path / "nov", "2026-11-05", "--known", str(known)) == november


def history(tmp: Path, *args: str):
    result = run("history", "--db", str(tmp / "h.sqlite"), *args)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_history_shows_the_open_findings_the_refunds_due_and_what_came_back(tmp_path):
    bill(tmp_path / "oct", "2026-09", **{MIGU: "15.00", "手机报": "3.00"})
    audit(tmp_path, tmp_path / "oct", "2026-10-05")
    record(tmp_path, "cancel", "--service", MIGU, "--on", "2026-10-06")
    bill(tmp_path / "nov", "2026-10", **{"手机报": "3.00"})
    november = audit(tmp_path, tmp_path / "nov", "2026-11-05")
    [line] = json.loads(history(tmp_path, "--json", "-"))["lines"]
    # the refund the report said was due, and still is between audits: to ask back from
    # the day the history is asked (the december fixture's today), not the audit's
    [between], [reported] = line["refunds_due"], november["refunds_due"]
    assert (between["next"].pop("from"), reported["next"].pop("from")) == (
        "2026-12-31",
        "2026-11-05",
    )
    assert between == reported
    # the user's own cancellation is no coming change to tell them of
    assert [(f["rule"], f["service"], f["amount"]) for f in line["findings"]["listed"]] == [
        ("unknown-vas", "手机报", "6.00"),
    ]
    # a refund recorded since comes off, and the record shows its money
    record(tmp_path, "refund", "--service", MIGU, "--on", "2026-11-20", "--amount", "5.00")
    text = history(tmp_path).splitlines()
    assert "  open: unknown value-added service 手机报 ¥6.00 (2026-09..2026-10)" in text
    assert (
        "  refund due: 咪咕视频会员, ask for the 10.00 yuan (2026-09) back (退费): call 10086; "
        "if refused, complain on 10080, and appeal to the MIIT appeal centre (12300) by "
        "2027-02-28" in text
    )
    assert any(row.endswith("Refunded 咪咕视频会员 ¥5.00") for row in text)
    record(tmp_path, "refund", "--service", MIGU, "--on", "2026-11-21", "--amount", "10.00")
    assert json.loads(history(tmp_path, "--json", "-"))["lines"][0]["refunds_due"] == []


def test_history_of_many_lines_names_their_owners_and_narrows_to_one(tmp_path):
    bill(tmp_path / "oct", "2026-09", **{MIGU: "15.00"})
    audit(tmp_path, tmp_path / "oct", "2026-10-05")
    other = tmp_path / "other"
    other.mkdir()
    (other / "bill.csv").write_text(
        "手机号码,账期,费用类型,费用项目,金额(元)\n"
        "13800002222,202609,套餐及固定费,4G飞享18元套餐,18.00\n"
        "13800002222,202609,合计,,18.00\n",
        "utf-8",
    )
    audit(tmp_path, other, "2026-10-05")
    settings = tmp_path / "auditor.toml"
    settings.write_text(f'[lines."{LINE}"]\nowner = "妈妈"\n', "utf-8")
    both = history(tmp_path, "--known", str(settings))
    # the settings name 妈妈's line alone: the other is said not in them, counted apart
    assert both.startswith("138****2222 (not in the settings): findings 0 open, 0 resolved; ")
    assert "139****1111 (妈妈): findings 1 open" in both
    assert "\n1 line: findings 1 open; refunds due ¥0.00\n1 line not in the settings: " in both
    one = history(tmp_path, "--known", str(settings), "--line", LINE)
    assert one.startswith("139****1111 (妈妈): ") and "138****2222" not in one
    assert "open: unknown value-added service 咪咕视频会员 ¥15.00 (2026-09)" in one
    # --line again for more: both lines, and a line the history never held said so
    two = history(tmp_path, "--line", LINE, "--line", "13800002222", "--line", "13700003333")
    assert "139****1111: findings 1 open" in two and "138****2222: findings 0 open" in two
    assert "nothing stored for 137****3333: the history holds nothing of it" in two
    assert two.endswith("\n2 lines: findings 1 open; refunds due ¥0.00\n")


def test_a_service_cancelled_between_two_runs_of_a_day_is_still_money_due(tmp_path):
    # The first run finds MIGU; the user cancels it that day and runs the audit again:
    # no longer a finding, its two months are still to ask back (a review's find).
    bill(tmp_path / "oct", "2026-08", **{MIGU: "15.00"})
    bill(tmp_path / "oct", "2026-09", **{MIGU: "15.00"})
    audit(tmp_path, tmp_path / "oct", "2026-10-05")
    record(tmp_path, "cancel", "--service", MIGU, "--on", "2026-10-05")
    again = audit(tmp_path, tmp_path / "oct", "2026-10-05")
    # cancelled, no bill after it yet: waiting for November's, not resolved
    assert again["resolved"] == []
    assert [(w["service"], w["check_bill"]) for w in again["waiting"]] == [(MIGU, "2026-11")]
    assert again["summary"]["refunds_due"] == "30.00"
    bill(tmp_path / "nov", "2026-10")  # October (its month of cancellation) no longer charges
    november = audit(tmp_path, tmp_path / "nov", "2026-11-05")
    assert [(r["service"], r["resolved_on"]) for r in november["resolved"]] == [
        (MIGU, "2026-11-05")
    ]
    assert november["summary"]["refunds_due"] == "30.00"


def test_a_service_the_list_shows_cancelled_is_still_money_due(tmp_path):
    # Cancelled in the app: the new service list, audited again that day, shows it.
    bill(tmp_path / "oct", "2026-08", **{MIGU: "15.00"})
    bill(tmp_path / "oct", "2026-09", **{MIGU: "15.00"})
    audit(tmp_path, tmp_path / "oct", "2026-10-05")
    (tmp_path / "oct" / f"{LINE}-已订业务.csv").write_text(
        "业务名称,业务类型,资费,生效时间,退订时间,状态\n"
        f"{MIGU},增值业务,15元/月,2026-08-01 00:00:00,2026-10-05 09:30:00,已退订\n",
        "utf-8",
    )
    again = audit(tmp_path, tmp_path / "oct", "2026-10-05")
    [resolved] = again["resolved"]
    assert resolved["reason"].startswith("the service list shows it cancelled or ended")
    assert again["summary"]["refunds_due"] == "30.00"


def test_history_shows_a_finding_cancelled_since_open_till_a_bill_and_its_money_due(tmp_path):
    bill(tmp_path / "oct", "2026-09", **{MIGU: "15.00"})
    audit(tmp_path, tmp_path / "oct", "2026-10-05")
    record(tmp_path, "cancel", "--service", MIGU, "--on", "2026-10-20")
    [line] = json.loads(history(tmp_path, "--json", "-"))["lines"]
    assert [(d["service"], d["unrefunded"]) for d in line["refunds_due"]] == [(MIGU, "15.00")]
    # a cancellation resolves nothing alone: open, to check on the bill after it
    assert [f["service"] for f in line["findings"]["listed"]] == [MIGU]
    assert (line["findings"]["open"], line["findings"]["resolved"]) == (1, 0)
    assert "cancelled: to check on the 2026-11 bill" in history(tmp_path)


def test_the_findings_money_adds_up_to_the_summarys(tmp_path):
    # Unknown, and a trial turned paid: one service's 15.00, claimed by two findings.
    bill(tmp_path / "oct", "2026-08", **{MIGU: "0.00"})
    bill(tmp_path / "oct", "2026-09", **{MIGU: "15.00"})
    report = audit(tmp_path, tmp_path / "oct", "2026-10-05")
    assert rules_of(report) == {"unknown-vas", "trial-to-paid"}
    claimable = sorted(f["claimable"] for f in report["findings"] if f["service"] == MIGU)
    yearly = sorted(f["yearly"] for f in report["findings"] if f["service"] == MIGU)
    assert (claimable, yearly) == (["0.00", "15.00"], ["0.00", "180.00"])
    assert (report["summary"]["claimable"], report["summary"]["yearly"]) == ("15.00", "180.00")


def test_a_cancelled_service_costs_nothing_a_year_and_the_summary_says_what_is_next(tmp_path):
    import openpyxl

    # A trial turned paid in September, cancelled on 10-06: still the trial's finding
    bill(tmp_path / "oct", "2026-08", **{MIGU: "0.00"})
    bill(tmp_path / "oct", "2026-09", **{MIGU: "15.00"})
    audit(tmp_path, tmp_path / "oct", "2026-10-05")
    record(tmp_path, "cancel", "--service", MIGU, "--on", "2026-10-06")
    later = audit(tmp_path, tmp_path / "oct", "2026-10-10")
    [finding] = [f for f in later["findings"] if f["rule"] == "trial-to-paid"]
    assert (finding["claimable"], finding["yearly"]) == ("15.00", "0.00")
    assert later["summary"]["yearly"] == "0.00"
    summary = openpyxl.load_workbook(tmp_path / "oct.xlsx")["Summary"]
    texts = [str(c.value) for row in summary.iter_rows() for c in row if c.value]
    assert any(t.startswith("You cancelled it on 2026-10-06") for t in texts), texts


def test_a_cancellation_the_list_shows_claims_through_its_month(tmp_path):
    # August's MIGU reported; September still charges it, and the list shows it
    # cancelled on 09-06: both months are due, as after a cancellation recorded.
    bill(tmp_path / "sep", "2026-08", **{MIGU: "15.00"})
    audit(tmp_path, tmp_path / "sep", "2026-09-05")
    bill(tmp_path / "oct", "2026-09", **{MIGU: "15.00"})
    (tmp_path / "oct" / f"{LINE}-已订业务.csv").write_text(
        "业务名称,业务类型,资费,生效时间,退订时间,状态\n"
        f"{MIGU},增值业务,15元/月,2026-08-01 00:00:00,2026-09-06 09:30:00,已退订\n",
        "utf-8",
    )
    october = audit(tmp_path, tmp_path / "oct", "2026-10-05")
    assert [(d["periods"], d["unrefunded"]) for d in october["refunds_due"]] == [
        (["2026-08", "2026-09"], "30.00")
    ]


def test_a_partial_refund_leaves_the_later_months_disputed_month_by_month(tmp_path):
    # 翼铃 cancelled in August, still charged in September and October: 6.00 of the 12.00
    # refunded comes off September first, as the claims set it; October is still disputed.
    ring = "翼铃高级VIP"
    folder = tmp_path / "nov"
    bill(folder, "2026-09", **{ring: "6.00"})
    bill(folder, "2026-10", **{ring: "6.00"})
    (folder / f"{LINE}-已订业务.csv").write_text(
        "业务名称,业务类型,资费,生效时间,退订时间,状态\n"
        f"{ring},增值业务,6元/月,2026-03-01 00:00:00,2026-08-15 10:00:00,已退订\n",
        "utf-8",
    )

    def months(report: dict) -> tuple[dict, dict[str, object]]:
        [finding] = [f for f in report["findings"] if f["service"] == ring]
        header, *rows = (
            CalamineWorkbook.from_path(str(tmp_path / "nov.xlsx"))
            .get_sheet_by_name("Finding months")
            .to_python()
        )
        at = {name: i for i, name in enumerate(header)}
        mine = [r for r in rows if r[at["Id"]] == finding["id"]]
        return finding, {r[at["Month"]]: r[at["Disputed that month"]] for r in mine}

    finding, before = months(audit(tmp_path, folder, "2026-11-05"))
    assert finding["rule"] == "lingering-charge"
    assert before == {"2026-09": 6.0, "2026-10": 6.0}
    record(tmp_path, "refund", "--service", ring, "--on", "2026-11-10", "--amount", "6.00")
    finding, after = months(audit(tmp_path, folder, "2026-11-12"))
    assert (finding["refunded"], finding["claimable"]) == ("6.00", "6.00")
    assert after == {"2026-09": 0.0, "2026-10": 6.0}
    assert Decimal(str(sum(after.values()))) == Decimal(finding["claimable"])
