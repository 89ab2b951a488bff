"""Two findings shown under one name each claim their own money: two SP services both
billed as 信息费, told apart by their codes (A100 手机报 6.00 a month, B200 游戏点播 10.00),
are two services' money, counted apart and refunded apart; a refund typed by the name
both go by is neither's until the user says which (``--finding``)."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from cli_run import run

from auditor.rules import entry_of, money_keys

# The audits are dated up to 2026-12-05: the tests run as if it were past.
pytestmark = pytest.mark.usefixtures("december")

LINE = "13900001111"
NAME = "信息费"
SP = {"A100": ("手机报", 600), "B200": ("游戏点播", 1000)}


def _bills(folder: Path) -> Path:
    """September and October, each billing both 信息费, and the list naming their codes."""
    folder.mkdir()
    for period in ("2026-09", "2026-10"):
        month = period.replace("-", "")
        rows = ["手机号码,账期,费用类型,费用项目,业务代码,金额(元)"]
        rows.append(f"{LINE},{month},套餐及固定费,4G飞享18元套餐,,18.00")
        total = 1800
        for code, (_, fen) in SP.items():
            rows.append(f"{LINE},{month},代收费,{NAME},{code},{fen // 100}.{fen % 100:02d}")
            total += fen
        rows.append(f"{LINE},{month},合计,,,{total // 100}.{total % 100:02d}")
        bill = folder / f"中国移动账单-{period[:4]}年{period[5:]}月-{LINE}.csv"
        bill.write_text("\n".join(rows) + "\n", "utf-8")
    listed = ["业务名称,业务代码,业务类型,资费,订购时间,生效时间,失效时间,退订时间,状态"]
    for code, (name, fen) in SP.items():
        listed.append(
            f"{name},{code},增值业务,{fen // 100}元/月,2026-08-01 10:00:00,"
            "2026-08-01 10:00:00,--,,正常"
        )
    (folder / f"{LINE}-已订业务.csv").write_text("\n".join(listed) + "\n", "utf-8")
    return folder


def _audit(tmp_path: Path, as_of: str):
    target = tmp_path / f"{as_of}.json"
    result = run(
        "audit", str(tmp_path / "bills"), "--as-of", as_of, "--db", str(tmp_path / "h.sqlite"),
        "-o", str(tmp_path / f"{as_of}.xlsx"), "--json", str(target), "-q", "--lang", "en",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return json.loads(target.read_text("utf-8")), result


def _record(tmp_path: Path, *args: str):
    db = str(tmp_path / "h.sqlite")
    return run("record", *args, "--db", db, "--create", "--lang", "en")


def _by_list_name(data: dict) -> dict[str, dict]:
    """The 信息费 findings by the list entry each names (手机报, 游戏点播)."""
    found = {}
    for finding in data["findings"]:
        if finding["service"] == NAME:
            [listed] = [name for name in finding["names"] if name != NAME]
            found[listed] = finding
    return found


def test_each_finding_claims_its_own_money(tmp_path):
    _bills(tmp_path / "bills")
    data, _ = _audit(tmp_path, "2026-11-05")
    found = _by_list_name(data)
    assert {name: (f["amount"], f["claimable"]) for name, f in found.items()} == {
        "手机报": ("12.00", "12.00"),
        "游戏点播": ("20.00", "20.00"),
    }
    assert (data["summary"]["claimable"], data["summary"]["yearly"]) == ("32.00", "192.00")


def test_a_refund_named_by_a_finding_goes_to_its_service_as_grouped(tmp_path):
    _bills(tmp_path / "bills")
    found = _by_list_name(_audit(tmp_path, "2026-11-05")[0])
    paper = found["手机报"]["id"]
    recorded = _record(
        tmp_path, "refund", "--finding", paper, "--on", "2026-11-06", "--amount", "12.00"
    )
    assert recorded.exit_code == 0, recorded.output
    data, _ = _audit(tmp_path, "2026-11-10")
    after = _by_list_name(data)
    assert {name: (f["refunded"], f["claimable"]) for name, f in after.items()} == {
        "手机报": ("12.00", "0.00"),
        "游戏点播": ("0.00", "20.00"),
    }
    assert data["summary"]["claimable"] == "20.00"
    # and it is told as the first's record alone
    assert [len(f["records"]) for f in (after["手机报"], after["游戏点播"])] == [1, 0]


def test_a_refund_typed_by_the_shared_name_is_asked_which_and_counted_for_none(tmp_path):
    _bills(tmp_path / "bills")
    # typed before any audit: nothing to tell the two apart by yet, so it is kept
    early = _record(
        tmp_path, "refund", "--line", LINE, "--service", NAME, "--on", "2026-10-20",
        "--amount", "12.00",
    )  # fmt: skip
    assert early.exit_code == 0, early.output
    data, result = _audit(tmp_path, "2026-11-05")
    found = _by_list_name(data)
    # neither's, never both's: 12.00 was not refunded twice over
    assert [f["refunded"] for f in found.values()] == ["0.00", "0.00"]
    assert data["summary"]["claimable"] == "32.00"
    ids = sorted(f["id"] for f in found.values())
    [said] = [line for line in result.stderr.splitlines() if "#1" in line]
    assert all(fid in said for fid in ids) and "--finding" in said, result.stderr
    # once the history knows the two, the name alone is refused, both ids named
    again = _record(
        tmp_path, "refund", "--line", LINE, "--service", NAME, "--on", "2026-11-06",
        "--amount", "6.00",
    )  # fmt: skip
    assert again.exit_code == 2, again.output
    assert all(fid in again.stderr for fid in ids) and "--finding" in again.stderr
    shown = run("records", "--db", str(tmp_path / "h.sqlite"), "--json", "-")
    assert len(json.loads(shown.stdout)) == 1  # nothing more recorded
    # by a list's name, the one it names
    listed = _record(
        tmp_path, "refund", "--line", LINE, "--service", "游戏点播", "--on", "2026-11-06",
        "--amount", "10.00",
    )  # fmt: skip
    assert listed.exit_code == 0, listed.output
    after = _by_list_name(_audit(tmp_path, "2026-11-10")[0])
    assert (after["手机报"]["refunded"], after["游戏点播"]["refunded"]) == ("0.00", "10.00")


def _actions(report: Path):
    """The Actions sheet of ``report`` (its book, the sheet, its columns by name) and the
    first step's row of each 信息费 finding, by the finding's id."""
    book = openpyxl.load_workbook(report)
    sheet = book["Actions"]
    header = [c.value for c in sheet[1]]
    col = {name: header.index(name) + 1 for name in header}
    rows = {
        sheet.cell(r, col["Finding ids"]).value: r
        for r in range(2, sheet.max_row + 1)
        # shown told apart: 信息费（手机报）
        if str(sheet.cell(r, col["Service"]).value).startswith(NAME)
        and sheet.cell(r, col["Step"]).value == 1
    }
    return book, sheet, col, rows


def test_each_service_is_a_thing_to_do_and_a_refund_on_its_row_is_its_own(tmp_path):
    _bills(tmp_path / "bills")
    found = _by_list_name(_audit(tmp_path, "2026-11-05")[0])
    report = tmp_path / "2026-11-05.xlsx"
    book, sheet, col, rows = _actions(report)
    # two services, two things to do: each row its finding's own steps and money
    assert sorted(rows) == sorted(f["id"] for f in found.values())
    row = rows[found["游戏点播"]["id"]]
    sheet.cell(row, col["Status"]).value = "退款 10.00"
    sheet.cell(row, col["Date"]).value = "2026-11-06"
    book.save(report)
    result = run("record", "--from", str(report), "--db", str(tmp_path / "h.sqlite"))
    assert result.exit_code == 0, result.output
    after = _by_list_name(_audit(tmp_path, "2026-11-10")[0])
    assert (after["手机报"]["refunded"], after["游戏点播"]["refunded"]) == ("0.00", "10.00")


def test_a_refund_typed_on_a_row_of_both_is_asked_per_finding(tmp_path):
    """A report of an older auditor gave both one row (its Finding ids both): a refund
    typed there is whose, the row cannot say."""
    _bills(tmp_path / "bills")
    _audit(tmp_path, "2026-11-05")
    report = tmp_path / "2026-11-05.xlsx"
    book, sheet, col, rows = _actions(report)
    row = min(rows.values())
    sheet.cell(row, col["Finding ids"]).value = "\n".join(sorted(rows))
    sheet.cell(row, col["Status"]).value = "退款 12.00"
    sheet.cell(row, col["Date"]).value = "2026-11-06"
    book.save(report)
    result = run("record", "--from", str(report), "--db", str(tmp_path / "h.sqlite"))
    assert result.exit_code == 3, result.output
    assert "--finding" in result.stderr and all(fid in result.stderr for fid in rows)
    shown = run("records", "--db", str(tmp_path / "h.sqlite"), "--json", "-")
    assert json.loads(shown.stdout) == []


def test_one_service_s_findings_count_one_money_two_entries_two():
    """What the findings' money counts under: two rules' findings of one service (an
    unknown fee billed twice) one charge, whatever each gathered it by; two entries
    billed under one name, two."""
    line = LINE
    one = [(line, "信息费", "手机报"), (line, "信息费", "")]  # unknown, and a duplicate
    assert money_keys(one) == ["信息费", "信息费"]
    two = [(line, "信息费", "手机报"), (line, "信息费", "游戏点播"), (line, "信息费", "")]
    assert money_keys(two) == ["信息费/手机报", "信息费/游戏点播", "信息费"]
    # the same entries on two lines are each line's one service
    apart = [(line, "信息费", "手机报"), ("13800002222", "信息费", "游戏点播")]
    assert money_keys(apart) == ["信息费", "信息费"]
    assert entry_of("unknown-vas", "信息费", "") == "信息费"  # its service's own key
    assert entry_of("unknown-vas", "信息费", None) == ""  # an older history's: not known
