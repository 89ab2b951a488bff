"""A line the history follows that a month's files leave out is not checked, not dropped.

Two China Mobile lines audited monthly through the CLI: 13900001111 (fixtures/monthly)
and 13900002222, charged two services it does not know in September (咪咕视频会员 15.00,
手机报 3.00). The user cancels 咪咕 on 2026-10-08; November's folder lacks the second
line's October bill. Its open finding (手机报) and the refund now due (咪咕, cancelled)
must not vanish: the report names the line as not checked, carries both over with the
money still at stake apart, and leaves the history as it was for it, until December's
audit, given its bill, follows it again.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from cli_run import run
from python_calamine import CalamineWorkbook

pytestmark = pytest.mark.usefixtures("december")

MONTHLY = Path(__file__).resolve().parent.parent / "fixtures" / "monthly"
OTHER = "13900002222"
HEADER = "手机号码,账期,费用类型,费用项目,金额(元)\n"
PLAN = (
    "4G飞享18元套餐,基础套餐,18元/月,2024-03-02 10:11:12,2024-04-01 00:00:00,"
    "2099-12-31 23:59:59,,正常"
)


def _bill(folder: Path, month: str, items: dict[str, str], line: str = OTHER) -> None:
    """The second line's bill of ``month`` (``YYYYMM``), with its plan and ``items``."""
    rows = [f"{line},{month},套餐及固定费,4G飞享18元套餐,18.00"]
    rows += [f"{line},{month},增值业务费,{item},{money}" for item, money in items.items()]
    total = 18 + sum(float(money) for money in items.values())
    rows.append(f"{line},{month},合计,,{total:.2f}")
    (folder / f"{line}-账单-{month}.csv").write_text(HEADER + "\n".join(rows) + "\n", "utf-8")


def _folders(tmp_path: Path, line: str = OTHER) -> dict[str, Path]:
    """October's folder (both lines), November's (the first line's alone), December's
    (both again: the second line's October bill and its November one, 手机报 still
    charged)."""
    folders = {}
    for month in ("2026-10", "2026-11", "2026-12"):
        folders[month] = tmp_path / month
        shutil.copytree(MONTHLY / month, folders[month])
    september = {"咪咕视频会员": "15.00", "手机报-新闻早晚报": "3.00"}
    _bill(folders["2026-10"], "202609", september, line)
    listing = "业务名称,业务类型,资费,订购时间,生效时间,失效时间,退订时间,状态\n" + PLAN + "\n"
    (folders["2026-10"] / f"{line}-已订业务.csv").write_text(listing, "utf-8")
    _bill(folders["2026-12"], "202610", {"手机报-新闻早晚报": "3.00"}, line)
    _bill(folders["2026-12"], "202611", {"手机报-新闻早晚报": "3.00"}, line)
    return folders


def _audit(tmp_path: Path, folder: Path, month: str, *extra: str):
    """``auditor audit`` of ``folder`` dated the 5th of ``month``; its result and JSON."""
    out = tmp_path / "out"
    out.mkdir(exist_ok=True)
    result = run(
        "audit", str(folder), "--as-of", f"{month}-05", "--db", str(tmp_path / "h.sqlite"),
        "-o", str(out / f"{month}.xlsx"), "--json", str(out / f"{month}.json"), *extra,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return result, json.loads((out / f"{month}.json").read_text("utf-8"))


def _record(tmp_path: Path, *args: str) -> None:
    done = run("record", *args, "--line", OTHER, "--db", str(tmp_path / "h.sqlite"))
    assert done.exit_code == 0, done.output


def _findings(tmp_path: Path) -> dict[str, tuple]:
    """The second line's findings as the history holds them, by service."""
    with sqlite3.connect(tmp_path / "h.sqlite") as db:
        rows = db.execute(
            "SELECT service, last_seen, resolved_on FROM findings WHERE line = ?", (OTHER,)
        ).fetchall()
    return {service: tuple(rest) for service, *rest in rows}


@pytest.fixture
def november(tmp_path):
    """October audited (both lines), 咪咕 cancelled on the second, November audited without
    its bill (in English); the folders, November's result and JSON."""
    folders = _folders(tmp_path)
    _audit(tmp_path, folders["2026-10"], "2026-10", "-q")
    _record(tmp_path, "cancel", "--service", "咪咕视频会员", "--on", "2026-10-08")
    result, data = _audit(tmp_path, folders["2026-11"], "2026-11", "--lang", "en")
    return folders, result, data


def test_the_line_left_out_is_listed_not_checked_with_what_is_pending(november):
    _, _, data = november
    [line] = data["not_checked"]
    assert (line["line"], line["carrier"]) == ("139****2222", "china-mobile")
    assert (line["last_month"], line["months_to_give"]) == ("2026-09", ["2026-10"])
    assert line["at_stake"] == "18.00"  # 手机报's 3.00 open, 咪咕's 15.00 due
    assert "give its bill for 2026-10" in line["next"]["text"]
    # 18.00 is owed on it: forgetting the line would drop it (t12), never suggested
    assert "auditor forget --line" not in line["next"]["text"]
    [still] = line["findings"]
    assert (still["rule"], still["service"], still["periods"]) == (
        "unknown-vas",
        "手机报-新闻早晚报",
        ["2026-09"],
    )
    assert (still["status"], still["claimable"]) == ("open", "3.00")
    [due] = line["refunds_due"]
    assert (due["service"], due["periods"], due["unrefunded"]) == (
        "咪咕视频会员",
        ["2026-09"],
        "15.00",
    )
    assert [r["kind"] for r in due["records"]] == ["cancel"]


def test_its_money_is_counted_apart_from_this_months(november):
    _, _, data = november
    summary = data["summary"]
    # the first line's own findings alone: 12.00 + 30.00, nothing of the second's
    assert (summary["claimable"], summary["refunds_due"]) == ("42.00", "0.00")
    assert (summary["not_checked_lines"], summary["not_checked_at_stake"]) == (1, "18.00")
    # the second is still one of the lines (its months held are shown), nothing counted
    first, second = summary["lines"]
    assert (first["line"], second["line"]) == ("139****1111", "139****2222")
    assert (second["findings"], second["claimable"], second["yearly"]) == (0, "0.00", "0.00")
    assert {f["line"] for f in data["findings"]} == {"139****1111"}
    assert data["resolved"] == [] and data["refunds_due"] == []


def test_the_history_is_left_as_it_was_for_it(november, tmp_path):
    # nothing resolved for lack of a bill, nothing seen again: as October left them
    assert _findings(tmp_path) == {
        "咪咕视频会员": ("2026-10-05", None),
        "手机报-新闻早晚报": ("2026-10-05", None),
    }


def test_the_terminal_says_it_masked(november):
    _, result, _ = november
    said = result.stdout
    assert (
        "1 line not checked: no bill given (¥18.00 still at stake, not counted above; "
        "see Follow-up)" in said
    )
    assert (
        "  not checked 139****2222: 1 open, 1 refund due, ¥18.00 at stake; no bill of it "
        "given: give its bill for 2026-10" in said
    )
    assert OTHER not in said and "13900001111" not in said


def test_follow_up_and_summary_show_it(november, tmp_path):
    book = CalamineWorkbook.from_path(str(tmp_path / "out" / "2026-11.xlsx"))
    rows = book.get_sheet_by_name("Follow-up").to_python()
    head = rows[0]
    carried = [dict(zip(head, row, strict=True)) for row in rows[1:]]
    carried = [row for row in carried if row["Status"] == "Not checked (no bill)"]
    assert [(r["Line"], r["Service"], r["Claimable"]) for r in carried] == [
        ("139****2222", "手机报-新闻早晚报", 3.0),
        ("139****2222", "咪咕视频会员", 15.0),
    ]
    for row in carried:
        step = row["Next step or outcome"]
        assert step.startswith(
            "No bill of this line in this audit, so it was not checked: give its bill for "
            "2026-10 and audit again. Meanwhile: "
        )
    assert (
        "appeal to the MIIT appeal centre (12300) by 2027-02-28"
        in carried[1]["Next step or outcome"]
    )
    summary = [cell for row in book.get_sheet_by_name("Summary").to_python() for cell in row]
    [headline] = [cell for cell in summary if str(cell).startswith("¥42.00 overcharged")]
    assert headline.endswith(
        "; 1 line not checked (no bill given): ¥18.00 more at stake there (see Follow-up)"
    )
    assert (
        "139****2222: 1 open, 1 refund due, ¥18.00 at stake; no bill of it given: give its "
        "bill for 2026-10" in summary
    )
    at = summary.index("Lines not checked, at stake")
    assert 18.0 in summary[at : at + 5]


def test_in_chinese(tmp_path):
    folders = _folders(tmp_path)
    _audit(tmp_path, folders["2026-10"], "2026-10", "-q")
    _record(tmp_path, "cancel", "--service", "咪咕视频会员", "--on", "2026-10-08")
    result, data = _audit(tmp_path, folders["2026-11"], "2026-11", "--lang", "zh")
    assert (
        "未核对 1 个号码：没有给出账单（仍涉及 ¥18.00，未计入上述金额；见「跟进」表）"
        in result.stdout
    )
    assert (
        "  未核对 139****2222：1 项未解决、1 项待退款，涉及 ¥18.00；本次没有其账单，"
        "请提供其 2026-10 账单" in result.stdout
    )
    [line] = data["not_checked"]
    # ¥18.00 owed on it: no word of forgetting the line
    assert line["next"]["text"] == "本次没有该号码的账单，未核对：请提供其 2026-10 账单再检查"
    book = CalamineWorkbook.from_path(str(tmp_path / "out" / "2026-11.xlsx"))
    statuses = [row[0] for row in book.get_sheet_by_name("跟进").to_python()]
    assert statuses.count("未核对（无账单）") == 2


def test_given_its_bill_again_it_is_followed_as_before(november, tmp_path):
    folders, _, _ = november
    _, data = _audit(tmp_path, folders["2026-12"], "2026-12", "-q")
    assert data["not_checked"] == [] and data["summary"]["not_checked_lines"] == 0
    found = {(f["line"], f["service"]): f for f in data["findings"]}
    still = found[("139****2222", "手机报-新闻早晚报")]
    assert (still["status"], still["periods"]) == ("open", ["2026-09", "2026-10", "2026-11"])
    [resolved] = [r for r in data["resolved"] if r["line"] == "139****2222"]
    assert resolved["service"] == "咪咕视频会员" and resolved["resolved_on"] == "2026-12-05"
    [due] = [d for d in data["refunds_due"] if d["line"] == "139****2222"]
    assert due["unrefunded"] == "15.00"


def test_a_line_recorded_closed_with_nothing_owed_is_not_named(tmp_path):
    folders = _folders(tmp_path)
    _audit(tmp_path, folders["2026-10"], "2026-10", "-q")
    # as the Actions sheet's 销户 records it: a cancellation that closes the line; the
    # 3.00 of September it makes a refund due, refunded
    _record(tmp_path, "cancel", "--service", "手机报-新闻早晚报", "--on", "2026-10-08",
            "--line-closed", "--note", "营业厅办理")  # fmt: skip
    _record(tmp_path, "refund", "--service", "手机报-新闻早晚报", "--on", "2026-10-20",
            "--amount", "3.00")  # fmt: skip
    result, data = _audit(tmp_path, folders["2026-11"], "2026-11", "--lang", "en")
    assert data["not_checked"] == [] and "not checked" not in result.stdout
    assert data["summary"]["not_checked_at_stake"] == "0.00"


def test_a_line_closed_with_a_refund_due_is_named_for_the_refund_alone(tmp_path):
    folders = _folders(tmp_path)
    _audit(tmp_path, folders["2026-10"], "2026-10", "-q")
    _record(tmp_path, "cancel", "--service", "咪咕视频会员", "--on", "2026-10-08")
    _record(tmp_path, "cancel", "--service", "手机报-新闻早晚报", "--on", "2026-10-09",
            "--line-closed")  # fmt: skip
    result, data = _audit(tmp_path, folders["2026-11"], "2026-11", "--lang", "en")
    # closed: no bill is coming; what September charged for the two services cancelled
    # (咪咕 15.00, 手机报 3.00, the closing's) is owed all the same
    [line] = data["not_checked"]
    assert (line["line"], line["closed"], line["months_to_give"]) == ("139****2222", True, [])
    assert line["findings"] == [] and line["at_stake"] == "18.00"
    dues = {due["service"]: due["unrefunded"] for due in line["refunds_due"]}
    assert dues == {"咪咕视频会员": "15.00", "手机报-新闻早晚报": "3.00"}
    assert line["next"]["text"].startswith("The line was closed, so no bill is coming")
    assert "forget" not in line["next"]["text"]  # forgetting it would drop what is owed
    assert "the line was closed, the money is still owed" in result.stdout
    assert "give its bill" not in result.stdout


def test_a_refund_over_what_was_charged_is_said_of_a_line_not_checked(tmp_path):
    folders = _folders(tmp_path)
    _audit(tmp_path, folders["2026-10"], "2026-10", "-q")
    _record(tmp_path, "cancel", "--service", "咪咕视频会员", "--on", "2026-10-08")
    # 1500 typed for 15.00, kept with --yes: said though the line is not checked
    _record(tmp_path, "refund", "--service", "咪咕视频会员", "--on", "2026-10-20",
            "--amount", "1500", "--yes")  # fmt: skip
    result, data = _audit(tmp_path, folders["2026-11"], "2026-11", "--lang", "en")
    [line] = data["not_checked"]
    assert line["line"] == "139****2222"
    assert (
        "a refund of ¥1500.00 is more than the ¥15.00 ever charged for 咪咕视频会员 on "
        "139****2222" in result.stdout
    )


def test_a_line_with_nothing_pending_is_named_for_its_bill_alone(tmp_path):
    folders = _folders(tmp_path)
    _audit(tmp_path, folders["2026-10"], "2026-10", "-q")
    # both its services cancelled and their September refunded in full: nothing is due,
    # yet its October bill was not seen: not checked, however clean it was before
    for service, money in (("咪咕视频会员", "15.00"), ("手机报-新闻早晚报", "3.00")):
        _record(tmp_path, "cancel", "--service", service, "--on", "2026-10-08")
        _record(tmp_path, "refund", "--service", service, "--on", "2026-10-20", "--amount", money)
    result, data = _audit(tmp_path, folders["2026-11"], "2026-11", "--lang", "en")
    [line] = data["not_checked"]
    assert (line["line"], line["months_to_give"], line["at_stake"]) == (
        "139****2222",
        ["2026-10"],
        "0.00",
    )
    assert line["findings"] == [] and line["refunds_due"] == []
    assert "1 line not checked: no bill given (see Follow-up)" in result.stdout
    assert "139****2222: no bill of it given: give its bill for 2026-10" in result.stdout
    book = CalamineWorkbook.from_path(str(tmp_path / "out" / "2026-11.xlsx"))
    rows = book.get_sheet_by_name("Follow-up").to_python()
    [row] = [row for row in rows if row[2] == "139****2222"]
    assert row[0] == "Not checked (no bill)" and row[6] == "2026-10"
    assert "give its bill for 2026-10" in row[10]


def test_its_mask_is_told_apart_from_a_line_given(tmp_path):
    # 13912341111 and 13900001111 would both show 139****1111: the line not checked is
    # named beside the one audited, so both show more digits, everywhere alike
    folders = _folders(tmp_path, "13912341111")
    _audit(tmp_path, folders["2026-10"], "2026-10", "-q")
    result, data = _audit(tmp_path, folders["2026-11"], "2026-11", "--lang", "en")
    [line] = data["not_checked"]
    shown = {f["line"] for f in data["findings"]}
    assert len(shown) == 1 and line["line"] not in shown
    assert "139****1111" not in {line["line"], *shown}
    assert data["summary"]["masks_widened"] == 2
    assert line["line"] in result.stdout and "13912341111" not in result.stdout
