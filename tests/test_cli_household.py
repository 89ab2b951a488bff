"""The whole audit on the demo household (fixtures/household), through click's
CliRunner: its exit status and summary, its workbook and JSON, masking, --fail-on, a
garbage file beside it, formula-like names, --verbose and the library's input policy."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from python_calamine import CalamineWorkbook

from auditor import cli

# Not within a finding's id (F and 12 hex digits, random per history: one in a few
# hundred holds eleven digits that look like a number).
FULL_NUMBER = re.compile(r"(?<!\d)(?<!F)(?<!F[0-9a-f])1[3-9]\d{9}(?!\d)")
ROOT = Path(__file__).resolve().parent.parent
HOUSEHOLD = ROOT / "fixtures" / "household"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def audit(runner: CliRunner, *args: str):
    return runner.invoke(cli.main, ["audit", *args])


# ------------------------------------------------------------------------ the demo household

KNOWN = HOUSEHOLD / "auditor.toml"
SHEET_NAMES = [
    "摘要",
    "按业务",
    "处理步骤",
    "跟进",
    "发现",
    "按月发现",
    "按机主",
    "趋势",
    "费用明细",
    "已订业务",
    "输入文件",
    "未读行",
]
# The twelve findings of fixtures/HOUSEHOLD.md: rule, line, service, months, amount, monthly.
HOUSEHOLD_FINDINGS = {
    ("lingering-charge", "138****1234", "视频彩铃订阅-酷电秀专属6元包", "2026-10", "6.00", "6.00"),
    ("bill-total-mismatch", "189****9003", None, "2026-10", "2.00", None),  # no service
    ("unknown-vas", "138****1234", "咪咕视频会员", "2026-08,2026-09,2026-10", "45.00", "15.00"),
    ("unknown-vas", "186****5678", "沃音乐会员", "2026-09,2026-10", "20.00", "10.00"),
    ("unknown-vas", "186****5678", "手机报-新闻早晚报", "2026-10", "3.00", "3.00"),
    ("next-month-effective", "138****1234", "5G智享套餐（个人版）", "2026-12", "58.00", "58.00"),
    (
        "next-month-effective",
        "138****1234",
        "4G飞享18元套餐（2018版）",
        "2026-12",
        "18.00",
        "18.00",
    ),
    ("next-month-effective", "189****9003", "翼铃高级VIP", "2026-11", "6.00", "6.00"),
    # Grandma's 广电 card and Dad's old data card (issue 13's rules).
    ("duplicate-charge", "192****1111", "广电5G 19元套餐", "2026-09", "19.00", None),
    ("unknown-vas", "192****1111", "广电视频彩铃会员", "2026-10", "10.00", "10.00"),
    ("trial-to-paid", "192****1111", "广电视频彩铃会员", "2026-10", "10.00", "10.00"),
    ("suspended-line", "147****2222", "停机保号费", "2026-09,2026-10", "10.00", "5.00"),
}


def run_household(runner, out: Path, *extra: str, folder: Path = HOUSEHOLD):
    args = [str(folder), "--known", str(KNOWN), "--as-of", "2026-11-05"]
    args += ["-o", str(out / "r.xlsx"), "--json", str(out / "r.json"), *extra]
    return audit(runner, *args)


def read_sheets(path: Path) -> dict[str, list[list]]:
    book = CalamineWorkbook.from_path(str(path))
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}


def as_money(value) -> str:
    """A money cell read back, as the two-decimal text the JSON uses (None when empty)."""
    if value == "":
        return None
    return str(Decimal(str(value)).quantize(Decimal("0.01")))


@pytest.fixture(scope="module")
def household_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("household")
    result = run_household(CliRunner(), out)
    return result, out


def test_household_exit_and_summary(household_run):
    result, _ = household_run
    assert result.exit_code == 0, result.output
    assert "读取 15 个文件" in result.stdout
    assert "发现 12 项（高 3，中 5，低 1，提示 3）" in result.stdout
    # The 广电 ringback trial is unknown-vas's and trial-to-paid's: its 10.00 counts once;
    # a year counts the suspended line's 60.00 too (grandma's welcome discount ran out on
    # the end date her list states: no price rise, nothing a year).
    assert "¥103.00" in result.stdout and "¥588.00" in result.stdout
    # nothing on stderr, but that the history is new where no audit before it used the
    # default one (shared by the modules' fixtures, in whichever order they run)
    assert [line for line in result.stderr.splitlines() if "：新的历史记录，" not in line] == []


def test_household_workbook(household_run):
    _, out = household_run
    sheets = read_sheets(out / "r.xlsx")
    assert list(sheets) == SHEET_NAMES
    summary = sheets["摘要"]
    assert summary[1][0].startswith("已多扣 ¥103.00，") and "每年可省 ¥588.00" in summary[1][0]
    start = next(i for i, row in enumerate(summary) if row[5] == "概况")
    figures = {row[5]: row[8] for row in summary[start:] if len(row) > 8 and row[5]}
    assert as_money(figures["已多扣"]) == "103.00"
    assert as_money(figures["每年"]) == "588.00"
    header, *rows = sheets["发现"]
    col = {name: i for i, name in enumerate(header)}
    got = {
        (
            row[col["规则编号"]],
            row[col["号码"]],
            None if row[col["业务"]].startswith("（整张账单") else row[col["业务"]],
            row[col["月份"]].replace(" ", ""),
            as_money(row[col["已扣"]] or row[col["之后账单"]]),
            as_money(row[col["月费"]]),
        )
        for row in rows
    }
    assert got == HOUSEHOLD_FINDINGS
    # each column of money adds up to the Summary's figure: money two rules find about one
    # service (unknown, and a trial turned paid) is counted once, and is one thing to do
    disputed = sum(Decimal(str(row[col["已多扣"]] or 0)) for row in rows)
    assert disputed == Decimal("103")
    yearly = {row[col["规则编号"]]: as_money(row[col["每年"]]) for row in rows}
    assert "price-change" not in yearly and yearly["suspended-line"] == "60.00"
    assert sum(Decimal(str(row[col["每年"]] or 0)) for row in rows) == Decimal("588")
    by_service = sheets["按业务"]
    named = [(row[3], row[4]) for row in by_service[1:] if row[1] != "提示"]
    assert len(named) == len(set(named))
    assert sum(Decimal(str(row[8] or 0)) for row in by_service[1:]) == Decimal("103")
    assert sum(Decimal(str(row[9] or 0)) for row in by_service[1:]) == Decimal("588")
    error = sheets["输入文件"][0].index("错误")
    inputs = sheets["输入文件"][1:]
    assert len(inputs) == 15 and all(row[error] == "" for row in inputs)


def test_household_json(household_run):
    _, out = household_run
    data = json.loads((out / "r.json").read_text("utf-8"))
    got = {
        (f["rule"], f["line"], f["service"], ",".join(f["periods"]), f["amount"], f["monthly"])
        for f in data["findings"]
    }
    assert got == HOUSEHOLD_FINDINGS
    assert (data["summary"]["claimable"], data["summary"]["yearly"]) == ("103.00", "588.00")
    # each finding's yearly figure is what its message says it costs a year
    said = {f["rule"]: (f["yearly"], f["message"]) for f in data["findings"]}
    assert said["suspended-line"][0] == "60.00" and "一年约 60.00 元" in said["suspended-line"][1]
    lines = {line["line"]: line["yearly"] for line in data["summary"]["lines"]}
    assert (lines["147****2222"], lines["192****1111"]) == ("60.00", "120.00")
    assert {f["change"] for f in data["findings"] if f["rule"] == "next-month-effective"} == {
        "start",
        "end",
    }
    assert len(data["inputs"]) == 15
    assert {i["carrier"] for i in data["inputs"]} == {
        "china-mobile",
        "china-unicom",
        "china-telecom",
        "china-broadnet",
    }


def test_household_outputs_have_no_full_number(household_run):
    result, out = household_run
    xlsx = "\n".join(
        str(cell) for rows in read_sheets(out / "r.xlsx").values() for row in rows for cell in row
    )
    for text in (xlsx, (out / "r.json").read_text("utf-8"), result.stdout, result.stderr):
        assert FULL_NUMBER.findall(text) == []


def test_household_no_mask_and_deterministic_json(runner, tmp_path):
    result = run_household(runner, tmp_path, "--no-mask")
    assert result.exit_code == 0
    assert {"13800001234", "18900189003"} <= set(FULL_NUMBER.findall(result.stdout))
    # The same inputs give the same bytes: audited again over one history (finding ids are
    # that database's), or without one but for the ids (each audit's own secret: one made
    # from what the output prints would give the hidden digits away).
    for extra in (["--db", str(tmp_path / "h.sqlite")], ["--no-history"]):
        first, second = tmp_path / f"first{extra[0]}", tmp_path / f"second{extra[0]}"
        assert run_household(runner, first, *extra).exit_code == 0
        assert run_household(runner, second, *extra).exit_code == 0
        texts = [(out / "r.json").read_text("utf-8") for out in (first, second)]
        if extra == ["--no-history"]:
            texts = [re.sub(r'"F[0-9a-f]{12}"', '"F…"', text) for text in texts]
        assert texts[0] == texts[1]


def test_household_fail_on(runner, tmp_path):
    assert run_household(runner, tmp_path, "--fail-on", "high", "-q").exit_code == 1


@pytest.fixture
def household_copy(tmp_path) -> Path:
    folder = tmp_path / "household"
    shutil.copytree(HOUSEHOLD, folder)
    return folder


@pytest.mark.usefixtures("english")
def test_household_with_a_garbage_file_exits_3(runner, tmp_path, household_copy):
    (household_copy / "garbage.csv").write_text("garbage\n", "utf-8")
    result = run_household(runner, tmp_path, folder=household_copy)
    assert result.exit_code == 3, result.output
    bad = str(household_copy / "garbage.csv")
    assert f"auditor: {bad}: " in result.stderr
    inputs = read_sheets(tmp_path / "r.xlsx")["Inputs"]
    (row,) = [row for row in inputs if row[0] == bad]
    assert row[inputs[0].index("Error")]  # the error column names why
    data = json.loads((tmp_path / "r.json").read_text("utf-8"))
    assert [i["path"] for i in data["inputs"] if i["error"]] == [bad]
    assert len(data["findings"]) == len(HOUSEHOLD_FINDINGS)


FORMULA_NAMES = ['=HYPERLINK("http://x","y")', "+8613800001234", "@SUM(A1)", "-1+2"]


def test_formula_like_service_names_stay_text(runner, tmp_path, household_copy):
    rows = ["业务名称,业务类型,资费,订购时间,状态"]
    for price, name in enumerate(FORMULA_NAMES, start=1):
        quoted = '"' + name.replace('"', '""') + '"'
        rows.append(f"{quoted},增值业务,{price}元/月,2026-10-01 10:00:00,正常")
    extra = household_copy / "china-mobile" / "13800001234-自选业务-已订业务.csv"
    extra.write_text("\n".join(rows) + "\n", "utf-8")
    result = run_household(runner, tmp_path, "--no-mask", folder=household_copy)
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(tmp_path / "r.xlsx")
    calamine = read_sheets(tmp_path / "r.xlsx")
    services = [row[2] for row in calamine["已订业务"]]
    findings = [row[6] for row in calamine["发现"]]
    for name in FORMULA_NAMES:
        assert name in services and name in findings, name
    for name in ("已订业务", "发现"):
        for row in book[name].iter_rows():
            for cell in row:
                if cell.value in FORMULA_NAMES:
                    assert cell.data_type == "s"
    data = json.loads((tmp_path / "r.json").read_text("utf-8"))
    assert set(FORMULA_NAMES) <= {f["service"] for f in data["findings"]}


@pytest.mark.usefixtures("english")
def test_verbose_logs_the_traceback_of_a_failed_file(runner, tmp_path, household_copy, monkeypatch):
    from auditor.readers import READERS

    def broken(self, path, data, options):
        raise ZeroDivisionError("reader bug")

    xlsx = next(reader for reader in READERS if reader.name == "xlsx")
    monkeypatch.setattr(type(xlsx), "read", broken)
    quiet = run_household(runner, tmp_path, "-q", folder=household_copy)
    assert quiet.exit_code == 3
    assert "Traceback" not in quiet.stderr
    assert "could not be read (ZeroDivisionError: reader bug)" in quiet.stderr
    loud = run_household(runner, tmp_path, "-q", "--verbose", folder=household_copy)
    assert loud.exit_code == 3
    assert "Traceback" in loud.stderr and "ZeroDivisionError: reader bug" in loud.stderr
    assert FULL_NUMBER.findall(loud.stderr) == []


@pytest.mark.usefixtures("english")
def test_verbose_says_what_each_file_was_read_as(runner, tmp_path):
    result = runner.invoke(
        cli.main,
        ["audit", str(HOUSEHOLD / "china-telecom"), "-o", str(tmp_path / "r.xlsx"), "-q", "-v"],
    )
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stderr.splitlines() if "read as" in line]
    assert len(lines) == 4
    assert "read as csv services (china-telecom), 0 charges, 2 services" in result.stderr
    assert FULL_NUMBER.findall(result.stderr) == []


@pytest.mark.usefixtures("english")
def test_the_library_applies_the_same_input_policy_as_the_cli(tmp_path):
    # auditor's own earlier report in the folder is no input, and nothing to read is an
    # error of its own: the policy lives in the pipeline, the CLI only maps it to exit 2.
    from auditor.pipeline import AuditOptions, NothingToAudit, run_audit

    (tmp_path / "empty").mkdir()
    with pytest.raises(NothingToAudit, match="no input files found"):
        run_audit([tmp_path / "empty"], AuditOptions(as_of=date(2026, 11, 5)))
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "x.json").write_text("{", "utf-8")
    with pytest.raises(NothingToAudit, match="nothing readable"):
        run_audit([bad], AuditOptions(as_of=date(2026, 11, 5)))
