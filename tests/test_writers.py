"""The Excel report and the terminal summary, on a hand-built report (tests/writers_sample.py).

The workbook is read back with python-calamine (an independent reader) for values and
with openpyxl for what only it shows (cell types, styles, frozen panes).
"""

from __future__ import annotations

import io
import os
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from python_calamine import CalamineWorkbook
from writers_sample import FORMULAS, MOBILE, UNICOM, filtered_range, sample_report

from auditor.errors import AuditorError
from auditor.sheets import TREND, sheet_names
from auditor.writers import SHEETS, Masker, figures, render_summary, render_xlsx
from auditor.writers.finding_months import finding_months
from auditor.writers.labels import finding_label
from auditor.writers.report_figures import report_figures
from auditor.writers.safe import atomic_write, check_not_an_input
from auditor.writers.sheet import MONEY_FORMAT, display_width
from auditor.writers.xlsx import write_xlsx


@pytest.fixture(scope="module")
def workbook_bytes() -> bytes:
    return render_xlsx(sample_report(), Masker())


@pytest.fixture(scope="module")
def sheets(workbook_bytes) -> dict[str, list[list]]:
    book = CalamineWorkbook.from_filelike(io.BytesIO(workbook_bytes))
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}


@pytest.fixture(scope="module")
def book(workbook_bytes):
    return openpyxl.load_workbook(io.BytesIO(workbook_bytes))


def money(value) -> Decimal:
    """A money cell as read back, exactly to the fen."""
    return Decimal(str(value)).quantize(Decimal("0.01"))


def rows_as_dicts(rows: list[list]) -> list[dict]:
    header = rows[0]
    return [dict(zip(header, row, strict=True)) for row in rows[1:]]


def summary_value(rows: list[list], label: str, block: str = "概况"):
    """The value beside ``label`` in the Summary's figures (under ``block``): the next cell
    to its right that holds one."""
    rows = rows[next(i for i, row in enumerate(rows) if block in row) :]
    matches = [
        next(value for value in row[row.index(label) + 1 :] if value != "")
        for row in rows
        if label in row
    ]
    assert len(matches) == 1, label
    return matches[0]


def test_sheets_in_order(sheets):
    assert list(sheets) == sheet_names() == [name.zh for name in SHEETS]
    assert next(iter(sheets)) == "摘要"


@pytest.mark.parametrize(
    ("label", "expected"),
    [("已多扣", "74.00"), ("每年", "408.00")],
)
def test_summary_money(sheets, label, expected):
    assert money(summary_value(sheets["摘要"], label)) == Decimal(expected)


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("发现", 7),
        ("高", 2),
        ("中", 3),
        ("低", 0),
        ("提示", 2),
        ("读取文件", 3),
        ("未能读取", 1),
    ],
)
def test_summary_counts(sheets, label, expected):
    assert summary_value(sheets["摘要"], label) == expected


def test_summary_headline_answers_first(sheets):
    rows = sheets["摘要"]
    assert rows[1][0] == "已多扣 ¥74.00，5 件事要做；每年可省 ¥408.00"
    assert rows[2][0].startswith("读取 3 个文件，未能读取 1 个，1 行未读（见「未读行」表）；")
    assert rows[2][0].endswith("；发现 7 项：高 2 · 中 3 · 低 0 · 提示 2")


def _block(rows: list[list], title: str) -> list[dict]:
    """The table under a titled block of the Summary sheet (up to the next row whose
    first cell is empty), by its headers."""
    start = next(i for i, row in enumerate(rows) if row[0] == title) + 1
    end = next((i for i in range(start, len(rows)) if rows[i][0] == ""), len(rows))
    header = [str(cell).split("\n")[0] for cell in rows[start]]
    return [dict(zip(header, row, strict=True)) for row in rows[start + 1 : end]]


@pytest.mark.parametrize(
    ("line", "period", "billed", "stated", "verdict"),
    [
        ("138****1234", "2026-10", "34.00", "34.00", "是"),
        ("186****5678", "2026-09", "10.00", None, "未核对"),
        ("186****5678", "2026-10", "10.00", "11.00", "否"),
    ],
)
def test_trend_checks_each_month_against_its_bill(sheets, line, period, billed, stated, verdict):
    rows = sheets["趋势"]
    start = next(i for i, row in enumerate(rows) if row[0] == "号码")
    months = rows_as_dicts(rows[start:])
    (row,) = [r for r in months if r["号码"] == line and r["账期"] == period]
    assert money(row["合计"]) == Decimal(billed)
    assert (row["账单合计"] == "") if stated is None else money(row["账单合计"]) == Decimal(stated)
    assert row["核对"] == verdict


def test_summary_lists_what_to_do_first_by_money_at_stake(sheets):
    rows = _block(sheets["摘要"], "先做这些")
    findings = [r for r in rows_as_dicts(sheets["发现"]) if r["严重程度"] != "提示"]
    assert sorted(r["业务"].split("\n")[0] for r in rows) == sorted(f["业务"] for f in findings)
    # wrong now first: 78.00 charged after cancellation; then disputed + a year: 225.00,
    # 140.00, 39.00; then the bill 2.00 above its items (asked about, in neither column)
    stake = [money(r["已多扣"] or 0) + money(r["每年"] or 0) for r in rows]
    assert stake[1:-1] == sorted(stake[1:-1], reverse=True) and stake[0::4] == [78, 0]
    rules = [r["业务"].split("\n")[1] for r in rows]
    assert rules == ["退订后仍扣费"] + ["未知增值业务"] * 3 + ["账单合计不符"]
    assert any(r["下一步"] for r in rows)  # the sample gives only the first finding steps


def test_summary_lines_with_owner_months_and_money(sheets, book):
    lines = {r["号码"]: r for r in _block(sheets["摘要"], "每月账单")}
    assert lines["138****1234"]["机主"] == "爸爸"
    assert lines["138****1234"]["发现"] == "高 1 · 中 1 · 提示 2"
    assert money(lines["138****1234"]["已多扣"]) == Decimal("51.00")
    assert money(lines["186****5678"]["每年"]) == Decimal("156.00")
    # the month that does not add up shows what the bill says it charged, in red
    assert money(lines["186****5678"]["2026-10"]) == Decimal("11.00")
    summary = book["摘要"]
    cells = [c for row in summary.iter_rows() for c in row if c.value == 11]
    assert {c.fill.fgColor.rgb[-6:] for c in cells if c.column_letter == "E"} == {"F8CBCB"}


EXPECTED_FINDINGS = [
    # rule, line, service, months, amount, monthly, per year
    ("lingering-charge", "138****1234", "视频彩铃订阅-酷电秀专属6元包", "2026-10", "6", "6", "72"),
    ("bill-total-mismatch", "189****9003", "（整张账单）", "2026-10", "2", "", ""),
    ("unknown-vas", "138****1234", FORMULAS[0], "2026-08, 2026-09, 2026-10", "45", "15", "180"),
    ("unknown-vas", "186****5678", "沃音乐会员", "2026-09, 2026-10", "20", "10", "120"),
    ("unknown-vas", "186****5678", "手机报-新闻早晚报", "2026-10", "3", "3", "36"),
    ("next-month-effective", "138****1234", "5G智享套餐（个人版）", "2026-12", "58", "58", ""),
    ("next-month-effective", "138****1234", FORMULAS[3], "2026-12", "18", "18", ""),
]


def test_findings_sheet_rows(sheets):
    rows = rows_as_dicts(sheets["发现"])
    got = [
        (
            r["规则编号"],
            r["号码"],
            r["业务"],
            r["月份"],
            r["已扣"] or r["之后账单"],
            r["月费"],
            r["每年"],
        )
        for r in rows
    ]
    expected = [
        (rule, line, service, months, money(a), money(m) if m else "", money(y) if y else "")
        for rule, line, service, months, a, m, y in EXPECTED_FINDINGS
    ]
    assert [(*g[:4], *(money(v) if v != "" else "" for v in g[4:])) for g in got] == expected
    # each row's rule named for it: a coming change by its month, not "next month"
    assert [r["规则"] for r in rows] == [finding_label(f[0], [f[3]]) for f in EXPECTED_FINDINGS]
    assert [r["规则"] for r in rows][-2:] == ["2026-12 起变化"] * 2
    assert [r["变化"] for r in rows][-2:] == ["开始收费", "停止收费"]
    assert rows[0]["机主"] == "爸爸" and rows[0]["运营商"] == "中国移动"
    assert "row 12" in rows[0]["依据"]


def test_findings_money_is_in_columns_that_sum_apart(sheets):
    rows = rows_as_dicts(sheets["发现"])
    disputed = sum(money(r["已多扣"] or 0) for r in rows)
    assert disputed == Decimal("74.00")  # the Summary's figure, summed from the sheet
    for r in rows:  # a coming bill's price is never money charged
        assert not (r["已扣"] != "" and r["之后账单"] != "")
    assert [r["之后账单"] != "" for r in rows][-2:] == [True, True]


def test_findings_and_their_steps_link_each_other(book):
    findings, actions = book["发现"], book["处理步骤"]
    header = [c.value for c in findings[1]]
    steps = header.index("步骤") + 1
    link = findings.cell(row=2, column=steps).hyperlink
    assert link.location == "'处理步骤'!A2"
    assert findings.cell(row=2, column=steps).value == "→ 步骤"
    back_col = [c.value for c in actions[1]].index("发现") + 1
    assert actions.cell(row=2, column=back_col).hyperlink.location == "'发现'!A2"


def test_finding_months_pivot_by_month_and_never_guess(sheets):
    rows = rows_as_dicts(sheets["按月发现"])
    findings = rows_as_dicts(sheets["发现"])
    months = sum(len(f["月份"].split(", ")) for f in findings)
    assert len(rows) == months  # a row per finding and month
    total = sum(money(r["发现金额"] or 0) for r in rows)
    assert total == sum(money(f["已扣"] or f["之后账单"] or 0) for f in findings)
    assert sum(money(r["已多扣"] or 0) for r in rows) == Decimal("74.00")
    by_finding: dict[int, list] = {}
    for r in rows:
        by_finding.setdefault(r["发现 #"], []).append(r)
    for group in by_finding.values():  # a split, when there is one, adds up to the whole
        split = [r["当月金额"] for r in group]
        if all(v != "" for v in split):
            assert sum(money(v) for v in split) == money(group[0]["发现金额"])


def test_finding_months_share_a_refund_out_oldest_month_first():
    # 沃音乐会员: 10.00 in September and in October, 15.00 of it refunded; the report
    # was not settled by the pipeline (no claims): its refund as recorded is set out.
    report = sample_report()
    [wo] = [f for f in report.findings if f.service == "沃音乐会员"]
    wo.refunded_fen = 1500
    rows = finding_months(report, report_figures(report)).rows
    mine = {row[7]: (row[8], row[9]) for row in rows if row[6] == wo.service}
    assert mine == {"2026-09": (1000, 0), "2026-10": (1000, 500)}
    assert sum(disputed for _, disputed in mine.values()) == figures.finding_claimable_fen(wo)


def test_actions_sheet(sheets):
    rows = rows_as_dicts(sheets["处理步骤"])
    assert [(r["#"], r["步骤"]) for r in rows] == [(1, 1), (1, 2), (1, 3)]
    assert rows[0]["号码"] == "138****1234 爸爸"  # named once, on the first step
    assert rows[1]["号码"] == ""
    what = rows[0]["内容"].split("\n")
    assert rows[0]["方式"] == "短信" and "发往：10086" in what
    assert "可靠性：官方说明" in what
    assert str(rows[2]["截止"]) == "2027-04-05"
    assert rows[2]["内容"].split("\n")[-1] == "=danger"
    assert [r["状态"] for r in rows] == ["", "", ""]  # for the user to fill in


def test_by_service_sheet_groups_the_lines_of_one_service(sheets):
    rows = rows_as_dicts(sheets["按业务"])
    assert [r["#"] for r in rows] == list(range(1, len(rows) + 1))
    first = rows[0]
    assert first["号码数"] == 1 and first["号码"] == "138****1234 爸爸"
    assert money(sum(Decimal(str(r["已多扣"] or 0)) for r in rows)) == Decimal("74.00")


def test_by_owner_sheet_adds_up_per_owner(sheets):
    rows = {r["机主"]: r for r in rows_as_dicts(sheets["按机主"])}
    assert money(rows["爸爸"]["已多扣"]) == Decimal("51.00")
    assert rows["爸爸"]["发现"] == 4 and rows["爸爸"]["要处理"] == 2


def test_inputs_sheet_names_the_bad_file(sheets):
    rows = rows_as_dicts(sheets["输入文件"])
    assert len(rows) == 4
    bad = rows[3]
    assert bad["文件"] == "bills/189****9003/garbage.csv"
    assert bad["错误"].startswith("row 1: no header found")
    good = rows[0]
    assert good["SHA-256"] == "a" * 64
    assert (good["读取行"], good["使用行"], good["略过行"]) == (
        22,
        5,
        12,
    )
    assert good["略过原因"] == "空行 2、表头 1、备注 2、科目行 5、标题 1、合计 1"
    assert good["未读行"] == 1
    assert rows[2]["账期"] == "2026-09, 2026-10"


def test_charges_and_services_sheets(sheets):
    charges = rows_as_dicts(sheets["费用明细"])
    assert len(charges) == 7
    assert sum(money(c["金额"]) for c in charges) == Decimal("54.00")
    services = rows_as_dicts(sheets["已订业务"])
    assert len(services) == 4
    assert str(services[0]["退订"]) == "2026-09-15 14:02:00"
    assert services[0]["状态"] == "已结束"
    unread = rows_as_dicts(sheets["未读行"])
    assert unread == [
        {
            "文件": "bills/138****1234/中国移动账单-2026年10月.xlsx",
            "位置": "row 19",
            "原因": "not an amount: 'abc'",
            "内容": "致电138****1234 abc",
        }
    ]


@pytest.fixture(scope="module")
def unmasked_bytes() -> bytes:
    # Unmasked, so that "+8613800001234" stays as it is (masking would rewrite it).
    return render_xlsx(sample_report(), Masker(enabled=False))


@pytest.mark.parametrize("text", FORMULAS)
def test_formula_like_text_is_inert(unmasked_bytes, text):
    calamine = CalamineWorkbook.from_filelike(io.BytesIO(unmasked_bytes))
    book = openpyxl.load_workbook(io.BytesIO(unmasked_bytes))
    found = [
        (name, r, c)
        for name in calamine.sheet_names
        for r, row in enumerate(calamine.get_sheet_by_name(name).to_python())
        for c, value in enumerate(row)
        if value == text
    ]
    assert found, text  # calamine reads the very text back, not a computed value
    for name, r, c in found:
        cell = book[name].cell(row=r + 1, column=c + 1)
        assert cell.data_type == "s" and cell.value == text
        assert cell.quotePrefix
    with zipfile.ZipFile(io.BytesIO(unmasked_bytes)) as archive:
        xml = [archive.read(n).decode() for n in archive.namelist() if "worksheets" in n]
    assert not any("<f>" in part or "<f " in part for part in xml)


def test_money_cells_are_numbers_in_yuan_format(book):
    sheet = book["发现"]
    cell = sheet["I2"]
    assert cell.value == Decimal("6") or cell.value == 6
    assert cell.data_type == "n"
    assert cell.number_format == MONEY_FORMAT


@pytest.mark.parametrize("name", [name.zh for name in SHEETS[1:] if name != TREND])
def test_list_sheets_have_frozen_filtered_header(book, name):
    sheet = book[name]
    assert sheet.freeze_panes == "A2"
    assert filtered_range(sheet) and filtered_range(sheet).startswith("A1:")
    assert all(cell.font.bold for cell in sheet[1] if cell.value)


def test_findings_coloured_by_severity(book):
    sheet = book["发现"]
    colours = [sheet.cell(row=r, column=2).fill.fgColor.rgb for r in range(2, 9)]
    high, _, medium, _, _, info, _ = colours
    assert len({high, medium, info}) == 3
    assert colours[0] == colours[1] and colours[2] == colours[4] and colours[5] == colours[6]


def test_column_widths_count_wide_characters_double(book):
    assert display_width("中国移动") == 8 and display_width("abcd") == 4
    # The item column holds 视频彩铃订阅-酷电秀专属6元包 (14 wide chars, 2 narrow): 30 columns
    # (the Findings' service column, made narrow to print, wraps it).
    assert book["费用明细"].column_dimensions["F"].width >= 30
    assert book["发现"].column_dimensions["G"].width < 30


def test_control_characters_do_not_break_the_workbook():
    report = sample_report()
    report.findings[0].message = "bell\x07 and null\x00 end"
    book = openpyxl.load_workbook(io.BytesIO(render_xlsx(report, Masker())))
    assert book["发现"]["O2"].value == "bell␇ and null␀ end"  # their pictures


def test_atomic_write_replaces_whole_and_leaves_no_temp_files(tmp_path):
    target = tmp_path / "r.xlsx"
    target.write_bytes(b"old")
    atomic_write(target, b"new")
    assert target.read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.xlsx"]


def test_atomic_write_keeps_the_old_file_on_failure(tmp_path, monkeypatch):
    target = tmp_path / "r.xlsx"
    target.write_bytes(b"old")

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(AuditorError, match=r"无法写入 .*disk full"):
        atomic_write(target, b"new")
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.xlsx"]


def test_refuses_to_write_over_an_input(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("bill.xlsx").write_bytes(b"x")
    with pytest.raises(Exception, match="拒绝把报告写在它的输入文件上"):
        check_not_an_input(Path("./sub/../bill.xlsx"), [tmp_path / "bill.xlsx"])
    check_not_an_input(Path("other.xlsx"), [tmp_path / "bill.xlsx"])


def test_console_summary():
    text = render_summary(sample_report(), Masker(), [Path("reports/x.xlsx")], top=3)
    lines = text.splitlines()
    assert lines[0] == "auditor 2026-11-05: 读取 3 个文件，1 个未能读取，1 行未读（见「未读行」表）"
    assert lines[1] == "发现 7 项（高 2，中 3，低 0，提示 2）"
    assert "¥74.00" in lines[2] and "¥408.00" in lines[2]
    assert lines[3].startswith("  高   退订后仍扣费 ") and "138****1234（爸爸）" in lines[3]
    assert "…另有 4 项，见报告" in text
    assert "未能读取：bills/189****9003/garbage.csv" in text
    assert lines[-1] == "已写出：reports/x.xlsx"
    assert MOBILE not in text and UNICOM not in text


def test_console_summary_in_english(english):
    text = render_summary(sample_report(), Masker(), [Path("reports/x.xlsx")], top=3)
    lines = text.splitlines()
    assert lines[0].endswith(": 3 files read, 1 could not be read, 1 row unread (see Unread rows)")
    assert lines[1] == "findings: 7 (2 high, 3 medium, 0 low, 2 info)"
    assert lines[2] == "already charged, disputed: ¥74.00; at stake per year: ¥408.00"
    assert lines[3].startswith("  High   charged after cancellation ")
    assert "138****1234 (爸爸)" in lines[3]
    assert "… and 4 more in the report" in text
    assert "not read: bills/189****9003/garbage.csv" in text
    assert "189****9003 (小明) (whole bill) 2026-10" in text
    assert lines[-1] == "written: reports/x.xlsx"


def test_console_summary_without_findings():
    text = render_summary(sample_report(findings=False), Masker())
    assert "发现 0 项（高 0，中 0，低 0，提示 0）" in text
    assert "¥0.00" in text


def test_concurrent_writers_leave_one_whole_report(tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    target = tmp_path / "r.xlsx"
    reports = [sample_report() for _ in range(6)]
    for number, report in enumerate(reports):
        report.findings = report.findings[: number + 1]
    with ThreadPoolExecutor(max_workers=6) as pool:
        list(pool.map(lambda r: write_xlsx(r, target, Masker()), reports))
    book = CalamineWorkbook.from_path(str(target))
    findings = book.get_sheet_by_name("发现").to_python()
    assert 2 <= len(findings) <= 7  # one writer's whole workbook, whichever came last
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.xlsx"]


def test_finding_ids_are_never_masked_even_when_they_look_like_a_number():
    report = sample_report()
    report.findings[0].id = "F13912345678a"  # hex digits that read as a mobile number
    book = openpyxl.load_workbook(io.BytesIO(render_xlsx(report, Masker())))
    actions = book["处理步骤"]
    header = [c.value for c in actions[1]]
    ids = actions.cell(row=2, column=header.index("编号") + 1).value
    assert "F13912345678a" in ids.split("\n")
    findings = book["发现"]
    header = [c.value for c in findings[1]]
    assert findings.cell(row=2, column=header.index("编号") + 1).value == "F13912345678a"


def test_an_audit_of_files_that_hold_nothing_says_so_first():
    from auditor.writers.labels import NOTHING_TO_AUDIT

    report = sample_report()
    report.findings, report.charges, report.services, report.bills = [], [], [], []
    book = CalamineWorkbook.from_filelike(io.BytesIO(render_xlsx(report, Masker())))
    assert book.get_sheet_by_name("摘要").to_python()[1][0] == NOTHING_TO_AUDIT.shown()
    assert NOTHING_TO_AUDIT.shown() in render_summary(report, Masker())
    clean = sample_report()
    clean.findings = []  # things read and nothing wrong: the clean headline, no such line
    assert NOTHING_TO_AUDIT.shown() not in render_summary(clean, Masker())
    rows = CalamineWorkbook.from_filelike(io.BytesIO(render_xlsx(clean, Masker())))
    assert rows.get_sheet_by_name("摘要").to_python()[1][0] == "没有发现多扣的费用"


def test_the_workbook_is_deflated_at_the_quicker_level(monkeypatch):
    from auditor.writers import package

    levels = []
    made = zipfile._get_compressor

    def compressor(method, level=None):
        levels.append((method, level))
        return made(method, level)

    monkeypatch.setattr(zipfile, "_get_compressor", compressor)
    data = render_xlsx(sample_report(), Masker(True))
    assert levels and set(levels) == {(zipfile.ZIP_DEFLATED, package.DEFLATE_LEVEL)}
    assert package.DEFLATE_LEVEL != 6  # zlib's default, which xlsxwriter leaves
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert package.testzip() is None
