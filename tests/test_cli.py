"""The command line, through click's CliRunner.

The first part stubs the reading and the rules (``read_inputs`` / ``audit_results`` as the
CLI imports them) to test the CLI's own work: options, exit codes, where output goes.
The second part runs the whole audit on the demo household (fixtures/household).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from python_calamine import CalamineWorkbook
from writers_sample import AS_OF, sample_report

from auditor import cli
from auditor.cli import audit_cmd
from auditor.readers.base import MiB, ReadOptions
from auditor.writers import Masker, write_xlsx

FULL_NUMBER = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
ROOT = Path(__file__).resolve().parent.parent
HOUSEHOLD = ROOT / "fixtures" / "household"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def workdir(tmp_path, monkeypatch) -> Path:
    """A working folder holding one input file, ``bills/bill.csv``."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bills").mkdir()
    (tmp_path / "bills" / "bill.csv").write_text("账期,金额\n2026-10,1.00\n", "utf-8")
    return tmp_path


@pytest.fixture
def stub_audit(monkeypatch):
    """Make the audit return the sample report; ``calls`` records what the CLI passed."""
    calls: dict = {}
    state = {"failed": True, "severities": None}

    def fake_read(files, options, jobs=1, on_read=None):
        calls["files"], calls["read"] = list(files), options
        report = sample_report()
        return [r for r in report.inputs if state["failed"] or not r.error]

    def fake_audit(results, options, db):
        calls["audit"], calls["db"] = options, db
        report = sample_report()
        report.inputs, report.as_of = results, options.as_of
        if state["severities"] is not None:
            report.findings = [f for f in report.findings if f.severity in state["severities"]]
        return report

    monkeypatch.setattr(audit_cmd, "read_listed", fake_read)
    monkeypatch.setattr(audit_cmd, "audit_inputs", fake_audit)
    calls["state"] = state
    return calls


def audit(runner: CliRunner, *args: str):
    return runner.invoke(cli.main, ["audit", *args])


# ------------------------------------------------------------------------ help and rules


@pytest.mark.parametrize(
    "command",
    [
        [],
        ["audit"],
        ["rules"],
        ["record"],
        ["record", "cancel"],
        ["record", "complaint"],
        ["record", "refund"],
        ["record", "undo"],
        ["records"],
        ["history"],
        ["forget"],
    ],
)
@pytest.mark.parametrize(("language", "examples"), [("en", "Examples:"), ("zh", "例子：")])
def test_help_has_examples(runner, command, language, examples):
    result = runner.invoke(cli.main, [*command, "--lang", language, "--help"])
    assert result.exit_code == 0
    assert examples in result.output


EIGHT_RULES = {
    "lingering-charge": "high",
    "unknown-vas": "medium",
    "next-month-effective": "info",
    "bill-total-mismatch": "high",
    "duplicate-charge": "high",
    "trial-to-paid": "medium",
    "price-change": "medium",
    "suspended-line": "low",
}


def test_rules_lists_the_eight_ids(runner):
    # In English the severity shown is its id (Chinese words: test_cli_lang).
    result = runner.invoke(cli.main, ["rules", "--lang", "en"])
    assert result.exit_code == 0
    listed = {line.split()[0]: line.split()[1] for line in result.output.splitlines()}
    assert listed == EIGHT_RULES


@pytest.mark.parametrize(
    ("language", "sections"),
    [("zh", ("为什么重要", "会报告", "不会报告")), ("en", ("Why it matters", "Fails", "Passes"))],
)
def test_rules_doc_prints_documentation(runner, monkeypatch, language, sections):
    monkeypatch.setenv("AUDITOR_LANG", language)
    short = runner.invoke(cli.main, ["rules"]).output
    long = runner.invoke(cli.main, ["rules", "--doc"]).output
    assert len(long.splitlines()) > len(short.splitlines()) + 8
    # Every rule's documentation (its indented lines), with why it matters and examples.
    docs: dict[str, str] = {}
    rule_id = ""
    for line in long.splitlines():
        if line and not line[0].isspace():
            rule_id = line.split()[0]
            docs[rule_id] = ""
        else:
            docs[rule_id] += line + "\n"
    assert set(docs) == set(EIGHT_RULES)
    for rule_id, doc in docs.items():
        assert all(section in doc for section in sections), rule_id


# ------------------------------------------------------------------------ exit codes


@pytest.mark.usefixtures("english")
def test_exit_3_when_an_input_is_unreadable(runner, workdir, stub_audit):
    result = audit(runner, "bills", "--as-of", "2026-11-05", "-o", "out.xlsx")
    assert result.exit_code == 3, result.output
    assert (
        "auditor: bills/189****9003/garbage.csv: row 1: no header found (line 189****9003?)"
        in result.stderr
    )
    assert Path("out.xlsx").is_file()


def test_exit_0_and_default_report_path(runner, workdir, stub_audit):
    stub_audit["state"]["failed"] = False
    result = audit(runner, "bills", "--as-of", "2026-11-05")
    assert result.exit_code == 0, result.output
    assert Path("reports/audit-2026-11-05.xlsx").is_file()
    assert "已写出：reports/audit-2026-11-05.xlsx" in result.stdout
    assert "发现 7 项（高 2，中 3，低 0，提示 2）" in result.stdout


@pytest.mark.parametrize(
    ("severities", "fail_on", "code"),
    [
        (None, "high", 1),
        (None, "info", 1),
        ({"info"}, "high", 0),
        ({"info"}, "low", 0),
        ({"info"}, "info", 1),
        ({"medium", "info"}, "low", 1),
        (set(), "info", 0),
    ],
)
def test_fail_on(runner, workdir, stub_audit, severities, fail_on, code):
    stub_audit["state"].update(failed=False, severities=severities)
    result = audit(runner, "bills", "--fail-on", fail_on, "-q")
    assert result.exit_code == code, result.output


def test_unreadable_inputs_win_over_fail_on(runner, workdir, stub_audit):
    assert audit(runner, "bills", "--fail-on", "high", "-q").exit_code == 3


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "Missing argument"),
        (["empty"], "no input files found in empty"),
        (["bills", "--line", "12345"], "not a mobile number"),
        (["bills", "--period", "someday"], "not a month"),
        (["bills", "--as-of", "2026-13-01"], "--as-of"),
        (["bills", "--fail-on", "urgent"], "--fail-on"),
        (["bills", "--known", "missing.toml"], "missing.toml: known-services file not found"),
        (["bills", "--known", "bad.toml"], "bad.toml: not a valid TOML file"),
        (["bills", "-o", "bills/bill.csv"], "the report must be an .xlsx file"),
        (["bills", "-o", "bills/old.xlsx"], "refusing to write the report over one of its inputs"),
        (["bills", "--json", "bills/bill.csv"], "refusing to write the JSON over one of"),
        (["bills", "--max-pages", "0"], "--max-pages"),
    ],
)
@pytest.mark.usefixtures("english")
def test_exit_2_bad_usage(runner, workdir, stub_audit, args, message):
    Path("empty").mkdir()
    Path("bad.toml").write_text("known_services = [", "utf-8")
    Path("bills/old.xlsx").write_bytes(b"PK")
    before = Path("bills/bill.csv").read_bytes()
    result = audit(runner, *args)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert Path("bills/bill.csv").read_bytes() == before
    assert not Path("reports").exists()


@pytest.mark.usefixtures("english")
def test_exit_2_when_nothing_is_readable(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("bills").mkdir()
    Path("bills/garbage.csv").write_bytes(b"\x00\x01\x02 not a bill \xff\xfe")
    result = audit(runner, "bills", "-o", "out.xlsx")
    assert result.exit_code == 2
    assert result.stderr.startswith("auditor: bills/garbage.csv: ")
    assert "nothing readable: the only input file could not be read" in result.stderr
    assert not Path("out.xlsx").exists()


def test_internal_error_is_one_line_unless_verbose(runner, workdir, stub_audit, monkeypatch):
    def broken(results, options, db):
        raise RuntimeError("rule exploded on 13800001234")

    monkeypatch.setattr(audit_cmd, "audit_inputs", broken)
    quiet = audit(runner, "bills")
    assert quiet.exit_code == 2
    assert quiet.stderr.strip().splitlines()[-1] == (
        "auditor: 内部错误（RuntimeError: rule exploded on 138****1234）；加 --verbose 可看出错位置"
    )
    assert "Traceback" not in quiet.stderr
    loud = audit(runner, "bills", "--verbose")
    assert loud.exit_code == 2
    assert "Traceback" in loud.stderr and "13800001234" not in loud.stderr


# ------------------------------------------------------------------------ options


def test_overrides_and_limits_reach_the_readers(runner, workdir, stub_audit):
    args = ["bills", "--kind", "bill", "--carrier", "china-mobile"]
    args += ["--line", "+86 138 0000 1234", "--period", "2026年10月"]
    args += ["--password", "a", "--password", "b", "--max-file-size", "2"]
    args += ["--max-unpacked-size", "3", "--max-pages", "4", "-q", "--as-of", "2026-11-05"]
    args += ["--amount-unit", "fen", "--max-cells", "5", "--max-sheets", "6"]
    args += ["--max-pdf-memory", "70", "--max-sms-length", "8", "--max-cell-length", "9"]
    args += ["--max-json-depth", "10", "--max-parts", "11", "--max-pdf-seconds", "12"]
    audit(runner, *args)
    assert stub_audit["read"] == ReadOptions(
        as_of=date(2026, 11, 5),
        amount_unit="fen",
        kind="bill",
        carrier="china-mobile",
        line="13800001234",
        period="2026-10",
        passwords=("a", "b"),
        max_file_bytes=2 * MiB,
        max_unpacked_bytes=3 * MiB,
        max_pdf_pages=4,
        max_cells=5,
        max_sheets=6,
        max_pdf_memory_bytes=70 * MiB,
        max_sms_chars=8,
        max_cell_chars=9,
        max_json_depth=10,
        max_mime_parts=11,
        max_pdf_seconds=12,
    )


def test_known_file_gives_known_services_and_owners(runner, workdir, stub_audit):
    Path("mine.toml").write_text(
        'known_services = ["彩铃功能费"]\n[lines."13800001234"]\nowner = "爸爸"\n', "utf-8"
    )
    audit(runner, "bills", "--known", "mine.toml", "--as-of", "2026-11-05", "-q")
    options = stub_audit["audit"]
    assert options.known_services == ["彩铃功能费"]
    assert options.owners == {"13800001234": "爸爸"}
    assert options.as_of == AS_OF


def test_json_to_stdout_keeps_stdout_clean(runner, workdir, stub_audit):
    result = audit(runner, "bills", "--json", "-", "--as-of", "2026-11-05")
    data = json.loads(result.stdout)
    assert data["as_of"] == "2026-11-05"
    assert "发现 7 项" in result.stderr


def test_json_file_and_quiet(runner, workdir, stub_audit):
    result = audit(runner, "bills", "--json", "out/f.json", "-o", "out/r.xlsx", "--quiet")
    assert result.stdout == ""
    assert json.loads(Path("out/f.json").read_text("utf-8"))["summary"]["claimable"] == "74.00"


def test_no_mask_shows_numbers_everywhere(runner, workdir, stub_audit):
    result = audit(runner, "bills", "--json", "-", "--no-mask")
    assert "13800001234" in result.stdout and "18900189003" in result.stderr


def test_earlier_reports_in_a_folder_are_not_audited(runner, workdir, stub_audit):
    write_xlsx(sample_report(), Path("bills/audit-old.xlsx"), Masker())
    audit(runner, "bills", "-o", "bills/audit-new.xlsx", "-q")
    assert stub_audit["files"] == [Path("bills/bill.csv")]


def test_python_dash_m():
    result = subprocess.run(
        [sys.executable, "-m", "auditor", "--help"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    assert result.stdout.startswith("用法：auditor")  # AUDITOR_LANG=zh, as the tests run


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
# The thirteen findings of fixtures/HOUSEHOLD.md: rule, line, service, months, amount, monthly.
HOUSEHOLD_FINDINGS = {
    ("lingering-charge", "138****1234", "视频彩铃订阅-酷电秀专属6元包", "2026-10", "6.00", "6.00"),
    ("bill-total-mismatch", "189****9003", "", "2026-10", "2.00", None),
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
    ("price-change", "192****1111", "新入网话费优惠", "2026-10", "10.00", "10.00"),
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
    assert "发现 13 项（高 3，中 6，低 1，提示 3）" in result.stdout
    # The 广电 ringback trial is unknown-vas's and trial-to-paid's: its 10.00 counts once;
    # a year counts the price rise's 120.00 and the suspended line's 60.00 too.
    assert "¥103.00" in result.stdout and "¥708.00" in result.stdout
    assert result.stderr == ""


def test_household_workbook(household_run):
    _, out = household_run
    sheets = read_sheets(out / "r.xlsx")
    assert list(sheets) == SHEET_NAMES
    summary = sheets["摘要"]
    assert summary[1][0].startswith("已多扣 ¥103.00，") and "每年可省 ¥708.00" in summary[1][0]
    start = next(i for i, row in enumerate(summary) if row[5] == "概况")
    figures = {row[5]: row[8] for row in summary[start:] if len(row) > 8 and row[5]}
    assert as_money(figures["已多扣"]) == "103.00"
    assert as_money(figures["每年"]) == "708.00"
    header, *rows = sheets["发现"]
    col = {name: i for i, name in enumerate(header)}
    got = {
        (
            row[col["规则编号"]],
            row[col["号码"]],
            "" if row[col["业务"]].startswith("（整张账单") else row[col["业务"]],
            row[col["月份"]].replace(" ", ""),
            as_money(row[col["已扣"]] or row[col["下月价格"]]),
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
    assert (yearly["price-change"], yearly["suspended-line"]) == ("120.00", "60.00")
    assert sum(Decimal(str(row[col["每年"]] or 0)) for row in rows) == Decimal("708")
    by_service = sheets["按业务"]
    named = [(row[3], row[4]) for row in by_service[1:] if row[1] != "提示"]
    assert len(named) == len(set(named))
    assert sum(Decimal(str(row[8] or 0)) for row in by_service[1:]) == Decimal("103")
    assert sum(Decimal(str(row[9] or 0)) for row in by_service[1:]) == Decimal("708")
    inputs = sheets["输入文件"][1:]
    assert len(inputs) == 15 and all(row[-1] == "" for row in inputs)


def test_household_json(household_run):
    _, out = household_run
    data = json.loads((out / "r.json").read_text("utf-8"))
    got = {
        (f["rule"], f["line"], f["service"], ",".join(f["periods"]), f["amount"], f["monthly"])
        for f in data["findings"]
    }
    assert got == HOUSEHOLD_FINDINGS
    assert (data["summary"]["claimable"], data["summary"]["yearly"]) == ("103.00", "708.00")
    # each finding's yearly figure is what its message says it costs a year
    said = {f["rule"]: (f["yearly"], f["message"]) for f in data["findings"]}
    assert said["price-change"][0] == "120.00" and "一年多 120.00 元" in said["price-change"][1]
    assert said["suspended-line"][0] == "60.00" and "一年约 60.00 元" in said["suspended-line"][1]
    lines = {line["line"]: line["yearly"] for line in data["summary"]["lines"]}
    assert (lines["147****2222"], lines["192****1111"]) == ("60.00", "240.00")
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
    assert row[-1]  # the error column names why
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
