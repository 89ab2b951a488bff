"""Which lines an audit names not checked: those whose bill of the month audited it
should have seen and did not.

Two China Mobile lines, 13900001111 (销售部's) and 13900002222 (工厂's), September
audited with both bills (the second charged 手机报, a service it does not know). Then
October, in the ways a folder goes wrong: the month audited is the bills' (October's
audited on 11-07 asks no November bill); last month's bill left in October's folder, or a
file that cannot be read, leaves its line not checked; a company's department audited
alone into the shared history expects its own lines, while a household's missing member
is named whatever its settings' groups.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_run import run
from python_calamine import CalamineWorkbook

pytestmark = pytest.mark.usefixtures("december")

SALES, FACTORY = "13900001111", "13900002222"
HEADER = "手机号码,账期,费用类型,费用项目,金额(元)\n"


def _bill(folder: Path, line: str, month: str, vas: str = "") -> Path:
    """``line``'s China Mobile bill of ``month`` (``YYYYMM``) in ``folder``: its plan, and
    手机报 3.00 when ``vas``."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = [f"{line},{month},套餐及固定费,4G飞享18元套餐,18.00"]
    rows += [f"{line},{month},增值业务费,{vas},3.00"] if vas else []
    rows.append(f"{line},{month},合计,,{21 if vas else 18:.2f}")
    path = folder / f"{line}-账单-{month}.csv"
    path.write_text(HEADER + "\n".join(rows) + "\n", "utf-8")
    return path


def _settings(tmp_path: Path, account: str) -> Path:
    """The settings: each line's owner and group (a department, a branch of a family)."""
    path = tmp_path / "auditor.toml"
    path.write_text(
        f'account = "{account}"\n'
        f'[lines."{SALES}"]\nowner = "张三"\ngroup = "销售部"\n'
        f'[lines."{FACTORY}"]\nowner = "李四"\ngroup = "工厂"\n',
        "utf-8",
    )
    return path


def _audit(tmp_path: Path, folder: Path, on: str, account: str = "company"):
    """``auditor audit`` of ``folder`` dated ``on``, in English, into the one history;
    its result, JSON and workbook."""
    out = tmp_path / "out"
    out.mkdir(exist_ok=True)
    result = run(
        "audit", str(folder), "--as-of", on, "--db", str(tmp_path / "h.sqlite"),
        "--known", str(_settings(tmp_path, account)), "--lang", "en",
        "-o", str(out / f"{on}.xlsx"), "--json", str(out / f"{on}.json"),
    )  # fmt: skip
    assert result.exit_code in (0, 3), result.output
    data = json.loads((out / f"{on}.json").read_text("utf-8"))
    return result, data, CalamineWorkbook.from_path(str(out / f"{on}.xlsx"))


def _september(tmp_path: Path, account: str = "company", vas: str = "手机报-新闻早晚报") -> None:
    """September audited on 10-06, both lines' bills given (``vas`` found on the second;
    ``""``: nothing found, nothing pending on either)."""
    folder = tmp_path / "2026-09"
    _bill(folder / "销售部", SALES, "202609")
    _bill(folder / "工厂", FACTORY, "202609", vas)
    _audit(tmp_path, folder, "2026-10-06", account)


def _not_checked(data: dict) -> dict[str, list[str]]:
    """The lines the JSON names not checked, each with the months whose bills to give."""
    return {each["line"]: each["months_to_give"] for each in data["not_checked"]}


def test_a_department_audited_again_next_day_asks_no_bill_of_the_next_month(tmp_path):
    _september(tmp_path, "personal")
    folder = tmp_path / "2026-10"
    _bill(folder / "销售部", SALES, "202610")
    _bill(folder / "工厂", FACTORY, "202610", "手机报-新闻早晚报")
    _audit(tmp_path, folder, "2026-11-06", "personal")
    # the next day, one line's folder again: the other's October was audited yesterday,
    # and November's bills are not out: nothing is missing
    result, data, _ = _audit(tmp_path, folder / "销售部", "2026-11-07", "personal")
    assert data["not_checked"] == [] and "not checked" not in result.stdout


def test_the_month_audited_is_the_bills_not_the_audit_dates(tmp_path):
    _september(tmp_path, "personal", vas="")
    _bill(tmp_path / "2026-10" / "销售部", SALES, "202610")
    # October's bills audited in December: the one missing is October's, not November's
    _, data, _ = _audit(tmp_path, tmp_path / "2026-10", "2026-12-03", "personal")
    assert _not_checked(data) == {"139****2222": ["2026-10"]}


def test_last_months_bill_in_this_months_folder_leaves_its_line_not_checked(tmp_path):
    _september(tmp_path)
    folder = tmp_path / "2026-10"
    _bill(folder / "销售部", SALES, "202610")
    _bill(folder / "工厂", FACTORY, "202609", "手机报-新闻早晚报")  # September's, again
    result, data, _ = _audit(tmp_path, folder, "2026-11-06")
    [line] = data["not_checked"]
    assert (line["line"], line["last_month"], line["months_to_give"]) == (
        "139****2222",
        "2026-09",
        ["2026-10"],
    )
    [old] = [each for each in data["inputs"] if "202609" in each["path"]]
    said = (
        "this is 139****2222's bill of 2026-09, older than the month audited (2026-10): the "
        "line was not checked for 2026-10; give its 2026-10 bill and audit again"
    )
    assert old["warnings"] == [said]
    assert said in result.stderr


def test_a_line_whose_only_file_could_not_be_read_is_not_checked(tmp_path):
    _september(tmp_path, vas="")  # nothing pending on it: its bill alone was missed
    folder = tmp_path / "2026-10"
    _bill(folder / "销售部", SALES, "202610")
    (folder / "工厂").mkdir()
    (folder / "工厂" / "账单-202610.xlsx").write_bytes(b"not a workbook")
    result, data, _ = _audit(tmp_path, folder, "2026-11-06")
    assert result.exit_code == 3  # the file that failed is said as ever
    assert _not_checked(data) == {"139****2222": ["2026-10"]}
    # its file names no line: one of those not read may be its bill, as its own text says
    assert "1 line not checked: no bill read (see Follow-up)" in result.stdout


def _actions_lines(book: CalamineWorkbook) -> str:
    """Every cell of the Actions sheet, as one text (the lines each row is for among them)."""
    rows = book.get_sheet_by_name("Actions").to_python()
    return "\n".join(str(cell) for row in rows for cell in row)


def test_a_companys_department_left_out_is_named_not_checked_its_money_carried(tmp_path):
    # 工厂's folder forgotten (or 销售部's audited alone): 工厂's line is not checked, its
    # open finding carried over with its steps, never left out of the report as clean
    _september(tmp_path)
    _bill(tmp_path / "2026-10" / "销售部", SALES, "202610")
    _, data, book = _audit(tmp_path, tmp_path / "2026-10" / "销售部", "2026-11-06")
    assert _not_checked(data) == {"139****2222": ["2026-10"]}
    assert "139****2222" in _actions_lines(book)
    assert data["summary"]["not_checked_at_stake"] == "3.00"


def test_a_line_audited_from_last_months_bill_has_its_findings_told_once(tmp_path):
    # its September bill given again in October's folder: its finding is this report's,
    # and not also carried as pending on a line not checked (counted twice)
    _september(tmp_path)
    folder = tmp_path / "2026-10"
    _bill(folder / "销售部", SALES, "202610")
    _bill(folder / "工厂", FACTORY, "202609", "手机报-新闻早晚报")
    _, data, _ = _audit(tmp_path, folder, "2026-11-06")
    [line] = data["not_checked"]
    assert line["line"] == "139****2222"
    assert [f["line"] for f in data["findings"]] == ["139****2222"]
    assert data["summary"]["not_checked_at_stake"] == "0.00"


def test_a_households_missing_member_is_named_whatever_its_groups(tmp_path):
    # the same folder, a family's: its branches are audited together, so the one whose
    # bill is missing is named, its finding still open carried over
    _september(tmp_path, "personal")
    _bill(tmp_path / "2026-10" / "销售部", SALES, "202610")
    _, data, book = _audit(tmp_path, tmp_path / "2026-10", "2026-11-06", "personal")
    assert _not_checked(data) == {"139****2222": ["2026-10"]}
    assert "139****2222" in _actions_lines(book)
