"""A bill of a month not over on the audit date: its charges so far, not the month's.

A China Broadnet line billed its plan twice in September (a duplicate-charge), refunded
in full on 10-25 (recorded), October billing it once: the audit of 11-05 resolved it.
On 11-27 the user audits November's bill so far (the month not over): what it lacks
proves nothing, so the duplicate stays resolved, as it does when October's bill is
audited on that day; and the audit says, once, that November's bill is not final, on
the terminal, the Summary and the file's row of the Inputs.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_run import run
from python_calamine import CalamineWorkbook

pytestmark = pytest.mark.usefixtures("december")

LINE, MASKED, PLAN = "19200001111", "192****1111", "广电5G 29元套餐"
NOT_FINAL = "a bill of 2026-11, a month not over on the audit date (2026-11-27)"


def _bill(folder: Path, month: str, times: int = 1, line: str = LINE) -> Path:
    """``line``'s bill of ``month`` (``YYYYMM``) in ``folder``: its plan ``times`` times,
    its total right."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = ["手机号码,账期,费用类型,费用项目,金额(元)"]
    rows += [f"{line},{month},套餐及固定费,{PLAN},29.00"] * times
    rows.append(f"{line},{month},合计,,{29 * times}.00")
    path = folder / f"广电账单-{line}-{month}.csv"
    path.write_text("\n".join(rows) + "\n", "utf-8")
    return path


def _audit(tmp_path: Path, db: Path, folder: Path, on: str, lang: str = "en"):
    """``auditor audit`` of ``folder`` dated ``on`` into ``db``: its result, JSON and
    workbook."""
    out = tmp_path / "out" / folder.name
    out.mkdir(parents=True, exist_ok=True)
    result = run(
        "audit", str(folder), "--as-of", on, "--db", str(db), "--lang", lang,
        "-o", str(out / f"{on}.xlsx"), "--json", str(out / f"{on}.json"),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads((out / f"{on}.json").read_text("utf-8"))
    return result, data, CalamineWorkbook.from_path(str(out / f"{on}.xlsx"))


@pytest.fixture
def settled(tmp_path: Path) -> tuple[Path, str]:
    """The history after the audit of 11-05: the duplicate of September resolved, its
    29.00 refunded in full (recorded); and the duplicate's id."""
    db = tmp_path / "h.sqlite"
    _bill(tmp_path / "sep", "202609", times=2)
    _, september, _ = _audit(tmp_path, db, tmp_path / "sep", "2026-10-05")
    [twice] = [f for f in september["findings"] if f["rule"] == "duplicate-charge"]
    refunded = run(
        "record", "refund", "--finding", twice["id"], "--on", "2026-10-25",
        "--amount", "29.00", "--db", str(db),
    )  # fmt: skip
    assert refunded.exit_code == 0, refunded.output
    _bill(tmp_path / "oct", "202610")
    _, october, _ = _audit(tmp_path, db, tmp_path / "oct", "2026-11-05")
    assert [r["id"] for r in october["resolved"]] == [twice["id"]]
    assert NOT_FINAL not in json.dumps(october["inputs"])  # October was over on 11-05
    return db, twice["id"]


def test_a_month_not_over_reopens_no_finding_its_finished_month_settled(tmp_path, settled):
    db, twice = settled
    copy = tmp_path / "copy.sqlite"
    copy.write_bytes(db.read_bytes())
    _bill(tmp_path / "nov", "202611")
    _, november, _ = _audit(tmp_path, db, tmp_path / "nov", "2026-11-27")
    # October's bill on the same day: the month over that told the duplicate stopped
    _, october, _ = _audit(tmp_path, copy, tmp_path / "oct", "2026-11-27")
    for data in (november, october):
        assert twice not in [f["id"] for f in data["findings"]]
        assert data["summary"]["findings"]["high"] == 0
    assert november["findings"] == october["findings"] == []
    # still resolved in the history: the next audit of a month over finds nothing to reopen
    _bill(tmp_path / "nov-final", "202611")
    _, final, _ = _audit(tmp_path, db, tmp_path / "nov-final", "2026-12-05")
    assert twice not in [f["id"] for f in final["findings"]]


def test_a_bill_of_a_month_not_over_is_said_not_final_once(tmp_path, settled):
    db, _ = settled
    path = _bill(tmp_path / "nov", "202611")
    result, data, book = _audit(tmp_path, db, tmp_path / "nov", "2026-11-27")
    name = path.name.replace(LINE, MASKED)
    [given] = data["inputs"]
    [warning] = given["warnings"]
    assert warning.startswith(NOT_FINAL) and "from 2026-12-05" in warning
    # the terminal: once, naming the file and the month, never the number unmasked
    said = [line for line in result.stderr.splitlines() if "not over" in line]
    assert said == [
        f"auditor: 2026-11 is not over on the audit date (2026-11-27): {name} holds its "
        "charges so far, not its final bill; a charge not on it yet has not stopped. Audit "
        "again with the final bill from 2026-12-05"
    ]
    assert LINE not in result.stderr + result.stdout
    summary = book.get_sheet_by_name("Summary").to_python()
    assert summary[3][0] == (
        f"Not final: {name} (2026-11, not over on 2026-11-27); audit again from 2026-12-05"
    )
    rows = book.get_sheet_by_name("Inputs").to_python()[1:]
    [row] = [r for r in rows if name in str(r)]
    assert any(NOT_FINAL in str(cell) for cell in row)


def test_the_summary_counts_the_files_of_a_month_not_over_it_cannot_name_in_a_line(tmp_path):
    folder = tmp_path / "nov"
    for line in ("19200001111", "19200002222", "19200003333"):
        _bill(folder, "202611", line=line)
    result, data, book = _audit(tmp_path, tmp_path / "h.sqlite", folder, "2026-11-27", "zh")
    assert all(each["warnings"] for each in data["inputs"])
    summary = book.get_sheet_by_name("摘要").to_python()
    assert summary[3][0] == (
        "非最终账单：2026-11 的 3 个账单（该月在 2026-11-27 还没有结束）；2026-12-05 后再检查"
    )
    [said] = [line for line in result.stderr.splitlines() if "还没有结束" in line]
    assert said.count("-202611.csv") == 3


def test_the_final_bill_counts_in_place_of_the_bill_so_far(tmp_path):
    """November's bill so far audited on 11-27, its final bill on 12-05 (a service added
    since): the final one is counted, the difference no disagreement between copies."""
    db = tmp_path / "h.sqlite"
    _bill(tmp_path / "nov", "202611")
    _audit(tmp_path, db, tmp_path / "nov", "2026-11-27")
    final = tmp_path / "nov-final"
    path = _bill(final, "202611")
    added = f"{LINE},202611,增值业务费,视频彩铃,6.00\n{LINE},202611,合计,,35.00"
    path.write_text(path.read_text("utf-8").replace(f"{LINE},202611,合计,,29.00", added), "utf-8")
    result, data, _ = _audit(tmp_path, db, final, "2026-12-05")
    [given] = data["inputs"]
    [warning] = given["warnings"]
    assert warning.startswith(f"{MASKED} 2026-11: counted in place of the bill so far of ")
    assert "check which is right" not in result.stderr
    [month] = [m for m in data["summary"]["months"] if m["period"] == "2026-11"]
    assert (month["billed"], month["reconciled"]) == ("35.00", "yes")
    assert [f["service"] for f in data["findings"] if f["rule"] == "unknown-vas"] == ["视频彩铃"]


def test_a_stop_the_final_bill_first_shows_resolves_the_finding(tmp_path):
    """A duplicate in October (audited 11-05), November's bill so far on 11-27 (no proof:
    still open), its final bill on 12-05 charging the plan once: resolved then, though
    an audit had read November (while it went on) before."""
    db = tmp_path / "h.sqlite"
    _bill(tmp_path / "oct", "202610", times=2)
    _, october, _ = _audit(tmp_path, db, tmp_path / "oct", "2026-11-05")
    [twice] = [f["id"] for f in october["findings"] if f["rule"] == "duplicate-charge"]
    _bill(tmp_path / "nov", "202611")
    _, november, _ = _audit(tmp_path, db, tmp_path / "nov", "2026-11-27")
    assert twice in [f["id"] for f in november["findings"]]  # a month not over: no proof
    path = _bill(tmp_path / "nov-final", "202611")
    path.write_text(path.read_text("utf-8") + "\n", "utf-8")  # another export of it
    _, final, _ = _audit(tmp_path, db, tmp_path / "nov-final", "2026-12-05")
    assert twice not in [f["id"] for f in final["findings"]]
    [resolved] = final["resolved"]
    assert resolved["id"] == twice
    assert resolved["reason"].startswith("the duplicate stopped, and the latest bill charges")


def test_the_same_bill_so_far_given_again_later_is_no_news(tmp_path):
    """November's bill so far audited on 11-27, then the very same file on 12-05 (no final
    bill downloaded): no newer a month than the history saw, the duplicate stays open."""
    db = tmp_path / "h.sqlite"
    _bill(tmp_path / "oct", "202610", times=2)
    _, october, _ = _audit(tmp_path, db, tmp_path / "oct", "2026-11-05")
    [twice] = [f["id"] for f in october["findings"] if f["rule"] == "duplicate-charge"]
    _bill(tmp_path / "nov", "202611")
    _audit(tmp_path, db, tmp_path / "nov", "2026-11-27")
    _, again, _ = _audit(tmp_path, db, tmp_path / "nov", "2026-12-05")
    assert [f["status"] for f in again["findings"] if f["id"] == twice] == ["open"]
    assert again["resolved"] == []


def test_a_bill_so_far_the_history_holds_shows_no_stop_on_a_later_day(tmp_path):
    """November's bill so far audited on 11-27; on 12-05 only the line's service list is
    given: November, read back from the history, was read while it went on, and tells
    no stop of October's duplicate."""
    db = tmp_path / "h.sqlite"
    _bill(tmp_path / "oct", "202610", times=2)
    _, october, _ = _audit(tmp_path, db, tmp_path / "oct", "2026-11-05")
    [twice] = [f["id"] for f in october["findings"] if f["rule"] == "duplicate-charge"]
    _bill(tmp_path / "nov", "202611")
    _audit(tmp_path, db, tmp_path / "nov", "2026-11-27")
    listed = tmp_path / "list"
    listed.mkdir()
    (listed / f"{LINE}-已订业务.csv").write_text(
        "业务名称,业务类型,资费,订购时间,生效时间,失效时间,退订时间,状态\n"
        f"{PLAN},基础套餐,29元/月,2026-05-20 11:02:03,2026-06-01 00:00:00,"
        "2099-12-31 23:59:59,,正常\n",
        "utf-8",
    )
    _, later, _ = _audit(tmp_path, db, listed, "2026-12-05")
    [found] = [f for f in later["findings"] if f["id"] == twice]
    assert (found["status"], found["stopped"]) == ("open", None)
