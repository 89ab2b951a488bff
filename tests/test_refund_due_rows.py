"""A service's refunds due on several lines are one thing to do: one item of the
Summary (its money the lines' together), counted once in the headline and on By owner,
one row of the Actions sheet naming the lines, each line's amount where it differs; a
refund typed once on that row is recorded for each line, as its amount says (the lines'
total, fewer lines left in the Lines cell, a line's own amount after it), and an amount
that says none of it is refused on one line (a company's trial: five near-identical
咪咕 refund rows took the Summary's first page, 19 Actions rows to type one refund)."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from cli_run import run
from test_glossary import unglossed
from test_refund_due_actions import actions_sheet
from test_summary_refunds_due import summary, to_do

pytestmark = pytest.mark.usefixtures("december", "english")

MIGU = "咪咕视频会员"
#: Three lines of a company: two charged 咪咕 in September and October, the third in
#: October alone (15.00 due where the others have 30.00).
LINES = {"13900001111": "甲", "13900002222": "乙", "13900003333": "丙"}
GROUPS = {"13900001111": "销售部", "13900002222": "销售部", "13900003333": "研发部"}


def _bill(folder: Path, line: str, period: str, migu: bool) -> None:
    """China Mobile's bill of ``line`` for ``period``: its plan, and 咪咕 if ``migu``."""
    month = period.replace("-", "")
    rows = [
        "手机号码,账期,费用类型,费用项目,金额(元)",
        f"{line},{month},套餐及固定费,4G飞享18元套餐,18.00",
    ]
    if migu:
        rows.append(f"{line},{month},增值业务费,{MIGU},15.00")
    rows.append(f"{line},{month},合计,,{'33.00' if migu else '18.00'}")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"中国移动账单-{period[:4]}年{period[5:]}月-{line}.csv").write_text(
        "\n".join(rows) + "\n", "utf-8"
    )


def _audit(tmp: Path, folder: Path, as_of: str) -> dict:
    target = tmp / f"{folder.name}.json"
    result = run(
        "audit", str(folder), "--as-of", as_of, "--db", str(tmp / "h.sqlite"),
        "--known", str(tmp / "auditor.toml"), "-o", str(tmp / f"{folder.name}.xlsx"),
        "--json", str(target), "-q",
    )  # fmt: skip
    assert result.exit_code in (0, 1), result.output
    return json.loads(target.read_text("utf-8"))


def _refunds_due(tmp: Path) -> dict:
    """咪咕 on the three lines, cancelled on each on 11-06, gone from November's bills:
    the December audit's report (its JSON), 75.00 due on three lines."""
    settings = [f'[lines."{n}"]\nowner = "{o}"\ngroup = "{GROUPS[n]}"' for n, o in LINES.items()]
    (tmp / "auditor.toml").write_text("\n".join(settings) + "\n", "utf-8")
    for line in LINES:
        _bill(tmp / "nov", line, "2026-09", line != "13900003333")
        _bill(tmp / "nov", line, "2026-10", True)
        _bill(tmp / "dec", line, "2026-11", False)
    _audit(tmp, tmp / "nov", "2026-11-05")
    for line in LINES:
        done = run("record", "cancel", "--line", line, "--service", MIGU, "--on", "2026-11-06",
                   "--db", str(tmp / "h.sqlite"))  # fmt: skip
        assert done.exit_code == 0, done.output
    return _audit(tmp, tmp / "dec", "2026-12-05")


def _row(tmp: Path) -> tuple[dict[str, int], tuple]:
    """The Actions sheet's columns, and its one row of the refunds due."""
    header, rows = actions_sheet(tmp / "dec.xlsx")
    col = {name: at for at, name in enumerate(header)}
    [row] = [r for r in rows if unglossed(r[col["Service"]]) == MIGU]
    return col, row


def _type(tmp: Path, status: str, lines: str | None = None) -> Path:
    """Type ``status`` (and the Lines cell ``lines``) on the row of the refunds due, as a
    person would, into a copy of the December report."""
    book = openpyxl.load_workbook(tmp / "dec.xlsx")
    sheet = book["Actions"]
    header = [c.value for c in sheet[1]]
    at = {name: header.index(name) + 1 for name in header}
    service = at["Service"]
    [row] = [
        r for r in range(2, sheet.max_row + 1) if unglossed(sheet.cell(r, service).value) == MIGU
    ]
    sheet.cell(row, at["Status"]).value = status
    sheet.cell(row, at["Date"]).value = "2026-12-10"
    if lines is not None:
        sheet.cell(row, at["Lines"]).value = lines
    typed = tmp / f"typed-{len(list(tmp.glob('typed-*')))}.xlsx"
    book.save(typed)
    return typed


def _refunds(tmp: Path) -> dict[str, str]:
    shown = run("records", "--db", str(tmp / "h.sqlite"), "--json", "-", "--no-mask")
    assert shown.exit_code == 0, shown.output
    return {r["line"]: r["amount"] for r in json.loads(shown.stdout) if r["kind"] == "refund"}


def test_refunds_due_of_one_service_are_one_thing_to_do(tmp_path):
    december = _refunds_due(tmp_path)
    assert sorted(d["unrefunded"] for d in december["refunds_due"]) == ["15.00", "30.00", "30.00"]
    rows = summary(tmp_path / "dec.xlsx")
    [(lines, owners, service, disputed, step)] = to_do(rows, "Do these first")
    glossed = f"{MIGU} (Migu video membership)\nRefund due"
    assert (lines, owners, service, disputed) == ("3 lines", "丙, 乙…", glossed, 75)
    assert step.startswith("Ask for the 75.00 yuan of 3 lines (2026-09, 2026-10) back (退费): ")
    assert rows[1][0].endswith(": 1 thing to do")  # not 3
    book = openpyxl.load_workbook(tmp_path / "dec.xlsx", read_only=True)
    owners_rows = [[c for c in r] for r in book["By owner"].iter_rows(values_only=True)]
    to_act = {(r[0], r[1]): r[5] for r in owners_rows[1:]}
    # each owner acts on their line; the department and all of them, on one thing
    assert to_act[("销售部", "Total")] == to_act[("All", "Total")] == 1
    assert to_act[("销售部", "甲")] == to_act[("研发部", "丙")] == 1


def test_the_actions_row_names_the_lines_the_total_and_each_amount_that_differs(tmp_path):
    december = _refunds_due(tmp_path)
    col, row = _row(tmp_path)
    assert row[col["Lines"]].split("\n") == ["139****1111 甲", "139****2222 乙", "139****3333 丙"]
    what = row[col["What to do"]].split("\n")
    assert what[0].startswith(
        f"Ask for the 75.00 yuan charged for 「{MIGU}」 in 2026-09, 2026-10 back (退费) "
        "(3 lines, each one's below): "
    )
    assert what[1] == "Due on each line: 139****3333 丙 15.00; the other 2 lines 30.00 yuan each"
    assert "type refund 75.00 (the 3 lines' total)" in what[2]
    ids = {d["id"]: d["unrefunded"] for d in december["refunds_due"]}
    assert row[col["Finding ids"]].split("\n") == [f"{i} {ids[i]}" for i in ids]
    assert row[col["By"]].date().isoformat() == min(d["due"] for d in december["refunds_due"])


def test_the_total_typed_once_is_each_lines_refund(tmp_path):
    _refunds_due(tmp_path)
    typed = _type(tmp_path, "退款 75.00")
    done = run("record", "--from", str(typed), "--db", str(tmp_path / "h.sqlite"))
    assert done.exit_code == 0, done.output
    assert _refunds(tmp_path) == {
        "13900001111": "30.00",
        "13900002222": "30.00",
        "13900003333": "15.00",
    }
    again = run("record", "--from", str(typed), "--db", str(tmp_path / "h.sqlite"))
    assert again.exit_code == 0 and "recorded" not in again.stdout  # nothing twice
    assert _audit(tmp_path, tmp_path / "dec", "2026-12-15")["refunds_due"] == []


def test_fewer_lines_and_a_lines_own_amount_are_recorded_as_written(tmp_path):
    _refunds_due(tmp_path)
    # 乙's refund not back yet; 丙's 10.00 of its 15.00
    typed = _type(tmp_path, "退款 40.00", "139****1111 甲\n139****3333 丙 10.00")
    done = run("record", "--from", str(typed), "--db", str(tmp_path / "h.sqlite"))
    assert done.exit_code == 0, done.output
    assert _refunds(tmp_path) == {"13900001111": "30.00", "13900003333": "10.00"}
    later = _audit(tmp_path, tmp_path / "dec", "2026-12-15")
    assert {(d["line"], d["unrefunded"]) for d in later["refunds_due"]} == {
        ("139****2222", "30.00"),
        ("139****3333", "5.00"),
    }


@pytest.mark.parametrize(
    ("status", "lines", "said"),
    [
        # 30.00 each, or in all? neither is guessed
        ("退款 30.00", None, "退款 30.00 is not the total 75.00 due on its 3 lines"),
        ("退款 45.00", "139****1111\n139****3333 20.00", "is not the total 50.00 of its 2 lines"),
    ],
)
def test_an_amount_that_says_no_lines_share_is_refused_on_one_line(tmp_path, status, lines, said):
    _refunds_due(tmp_path)
    typed = _type(tmp_path, status, lines)
    done = run("record", "--from", str(typed), "--db", str(tmp_path / "h.sqlite"))
    assert done.exit_code == 3, done.output
    [problem] = done.stderr.splitlines()
    assert said in problem and "nothing recorded for this row" in problem, problem
    assert _refunds(tmp_path) == {}


def test_the_terminal_tells_one_service_s_refunds_due_on_several_lines_once(tmp_path):
    _refunds_due(tmp_path)
    told = run(
        "audit", str(tmp_path / "dec"), "--as-of", "2026-12-05", "--db",
        str(tmp_path / "h.sqlite"), "--known", str(tmp_path / "auditor.toml"),
        "-o", str(tmp_path / "again.xlsx"),
    )  # fmt: skip
    due = [row for row in told.stdout.splitlines() if row.startswith("  refund due")]
    assert len(due) == 1, told.stdout
    assert "3 lines: 139****1111 (甲) and 2 more" in due[0]
    assert "75.00 yuan of 3 lines" in due[0]
