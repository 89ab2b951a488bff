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
from auditor.writers import SHEETS, Masker, render_summary, render_xlsx
from auditor.writers.listings import TREND
from auditor.writers.safe import atomic_write, check_not_an_input
from auditor.writers.sheet import display_width
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


def summary_value(rows: list[list], label: str):
    """The value beside ``label`` on the Summary: the next cell to its right that holds one."""
    matches = [
        next(value for value in row[row.index(label) + 1 :] if value != "")
        for row in rows
        if label in row
    ]
    assert len(matches) == 1, label
    return matches[0]


def test_sheets_in_order(sheets):
    assert list(sheets) == list(SHEETS)
    assert next(iter(sheets)).startswith("摘要")


@pytest.mark.parametrize(
    ("label", "expected"),
    [("已多扣 Disputed", "74.00"), ("每年 Per year", "408.00")],
)
def test_summary_money(sheets, label, expected):
    assert money(summary_value(sheets["摘要 Summary"], label)) == Decimal(expected)


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("发现 Findings", 7),
        ("高 high", 2),
        ("中 medium", 3),
        ("低 low", 0),
        ("提示 info", 2),
        ("读取文件 Files read", 3),
        ("未能读取 Files not read", 1),
    ],
)
def test_summary_counts(sheets, label, expected):
    assert summary_value(sheets["摘要 Summary"], label) == expected


def test_summary_headline_answers_first(sheets):
    rows = sheets["摘要 Summary"]
    assert rows[1][0] == "已多扣 ¥74.00，5 件事要做；每年可省 ¥408.00"
    assert rows[2][0].startswith("¥74.00 charged that should not have been, 5 things to do")


def _block(rows: list[list], title: str) -> list[dict]:
    """The table under a titled block of the Summary sheet (up to the next row whose
    first cell is empty), its two-line headers by their first line."""
    start = next(i for i, row in enumerate(rows) if row[0] == title) + 1
    end = next((i for i in range(start, len(rows)) if rows[i][0] == ""), len(rows))
    header = [str(cell).split("\n")[0] for cell in rows[start]]
    return [dict(zip(header, row, strict=True)) for row in rows[start + 1 : end]]


@pytest.mark.parametrize(
    ("line", "period", "billed", "stated", "verdict"),
    [
        ("138****1234", "2026-10", "34.00", "34.00", "是 yes"),
        ("186****5678", "2026-09", "10.00", None, "未核对 unreconciled"),
        ("186****5678", "2026-10", "10.00", "11.00", "否 no"),
    ],
)
def test_trend_checks_each_month_against_its_bill(sheets, line, period, billed, stated, verdict):
    rows = sheets["趋势 Trend"]
    start = next(i for i, row in enumerate(rows) if row[0] == "号码 Line")
    months = rows_as_dicts(rows[start:])
    (row,) = [r for r in months if r["号码 Line"] == line and r["账期 Month"] == period]
    assert money(row["合计 Total"]) == Decimal(billed)
    if stated is None:
        assert row["账单合计 Stated total"] == ""
    else:
        assert money(row["账单合计 Stated total"]) == Decimal(stated)
    assert row["核对 Reconciled"] == verdict


def test_summary_lists_what_to_do_first_by_money(sheets):
    rows = _block(sheets["摘要 Summary"], "先做这些 Do these first")
    findings = [
        r for r in rows_as_dicts(sheets["发现 Findings"]) if "info" not in r["严重程度 Severity"]
    ]
    assert sorted(r["业务"].split("\n")[0] for r in rows) == sorted(
        f["业务 Service"] for f in findings
    )
    disputed = [money(r["已多扣"] or 0) for r in rows]
    assert disputed == sorted(disputed, reverse=True)
    assert any(r["第一步"] for r in rows)  # the sample gives only the first finding steps


def test_summary_lines_with_owner_months_and_money(sheets, book):
    lines = {r["号码"]: r for r in _block(sheets["摘要 Summary"], "每月账单 Each line's bill")}
    assert lines["138****1234"]["机主"] == "爸爸"
    assert lines["138****1234"]["发现"] == "高 1 · 中 1 · 提示 2"
    assert money(lines["138****1234"]["已多扣"]) == Decimal("51.00")
    assert money(lines["186****5678"]["每年"]) == Decimal("156.00")
    # the month that does not add up shows what the bill says it charged, in red
    assert money(lines["186****5678"]["2026-10"]) == Decimal("11.00")
    summary = book["摘要 Summary"]
    cells = [c for row in summary.iter_rows() for c in row if c.value == 11]
    assert {c.fill.fgColor.rgb[-6:] for c in cells if c.column_letter == "E"} == {"F8CBCB"}


EXPECTED_FINDINGS = [
    # rule, line, service, months, amount, monthly, per year
    ("lingering-charge", "138****1234", "视频彩铃订阅-酷电秀专属6元包", "2026-10", "6", "6", "72"),
    ("bill-total-mismatch", "189****9003", "（整张账单 whole bill）", "2026-10", "2", "", ""),
    ("unknown-vas", "138****1234", FORMULAS[0], "2026-08, 2026-09, 2026-10", "45", "15", "180"),
    ("unknown-vas", "186****5678", "沃音乐会员", "2026-09, 2026-10", "20", "10", "120"),
    ("unknown-vas", "186****5678", "手机报-新闻早晚报", "2026-10", "3", "3", "36"),
    ("next-month-effective", "138****1234", "5G智享套餐（个人版）", "2026-12", "58", "58", ""),
    ("next-month-effective", "138****1234", FORMULAS[3], "2026-12", "18", "18", ""),
]


def test_findings_sheet_rows(sheets):
    rows = rows_as_dicts(sheets["发现 Findings"])
    got = [
        (
            r["规则 Rule"].split()[0],
            r["号码 Line"],
            r["业务 Service"],
            r["月份 Months"],
            r["已扣 Charged"] or r["下月价格 Next month"],
            r["月费 Monthly"],
            r["每年 Per year"],
        )
        for r in rows
    ]
    expected = [
        (rule, line, service, months, money(a), money(m) if m else "", money(y) if y else "")
        for rule, line, service, months, a, m, y in EXPECTED_FINDINGS
    ]
    assert [(*g[:4], *(money(v) if v != "" else "" for v in g[4:])) for g in got] == expected
    assert [r["变化 Change"] for r in rows][-2:] == ["开始收费 start", "停止收费 end"]
    assert rows[0]["机主 Owner"] == "爸爸" and rows[0]["运营商 Carrier"] == "中国移动"
    assert "row 12" in rows[0]["依据 Evidence"]


def test_findings_money_is_in_columns_that_sum_apart(sheets):
    rows = rows_as_dicts(sheets["发现 Findings"])
    disputed = sum(money(r["已多扣 Disputed"] or 0) for r in rows)
    assert disputed == Decimal("74.00")  # the Summary's figure, summed from the sheet
    for r in rows:  # a coming bill's price is never money charged
        assert not (r["已扣 Charged"] != "" and r["下月价格 Next month"] != "")
    assert [r["下月价格 Next month"] != "" for r in rows][-2:] == [True, True]


def test_findings_and_their_steps_link_each_other(book):
    findings, actions = book["发现 Findings"], book["处理步骤 Actions"]
    header = [c.value for c in findings[1]]
    steps = header.index("步骤 Steps") + 1
    link = findings.cell(row=2, column=steps).hyperlink
    assert link.location == "'处理步骤 Actions'!A2"
    back_col = [c.value for c in actions[1]].index("发现 Findings") + 1
    assert actions.cell(row=2, column=back_col).hyperlink.location == "'发现 Findings'!A2"


def test_finding_months_pivot_by_month_and_never_guess(sheets):
    rows = rows_as_dicts(sheets["按月 Finding months"])
    findings = rows_as_dicts(sheets["发现 Findings"])
    months = sum(len(f["月份 Months"].split(", ")) for f in findings)
    assert len(rows) == months  # a row per finding and month
    total = sum(money(r["发现金额 Finding's amount"] or 0) for r in rows)
    assert total == sum(money(f["已扣 Charged"] or f["下月价格 Next month"] or 0) for f in findings)
    assert sum(money(r["已多扣 Disputed"] or 0) for r in rows) == Decimal("74.00")
    by_finding: dict[int, list] = {}
    for r in rows:
        by_finding.setdefault(r["发现 # Finding"], []).append(r)
    for group in by_finding.values():  # a split, when there is one, adds up to the whole
        split = [r["当月金额 Amount that month"] for r in group]
        if all(v != "" for v in split):
            assert sum(money(v) for v in split) == money(group[0]["发现金额 Finding's amount"])


def test_actions_sheet(sheets):
    rows = rows_as_dicts(sheets["处理步骤 Actions"])
    assert [(r["#"], r["步骤 Step"]) for r in rows] == [(1, 1), (1, 2), (1, 3)]
    assert rows[0]["号码 Lines"] == "138****1234 爸爸"  # named once, on the first step
    assert rows[1]["号码 Lines"] == ""
    what = rows[0]["内容 What to do"].split("\n")
    assert rows[0]["方式 Channel"] == "短信 sms" and "发往 To: 10086" in what
    assert "可靠性 Confidence: 官方说明 documented" in what
    assert str(rows[2]["截止 By"]) == "2027-04-05"
    assert rows[2]["内容 What to do"].split("\n")[-1] == "=danger"
    assert [r["状态 Status"] for r in rows] == ["", "", ""]  # for the user to fill in


def test_by_service_sheet_groups_the_lines_of_one_service(sheets):
    rows = rows_as_dicts(sheets["按业务 By service"])
    assert [r["#"] for r in rows] == list(range(1, len(rows) + 1))
    first = rows[0]
    assert first["号码数 Lines"] == 1 and first["号码 Which lines"] == "138****1234 爸爸"
    assert money(sum(Decimal(str(r["已多扣 Disputed"] or 0)) for r in rows)) == Decimal("74.00")


def test_by_owner_sheet_adds_up_per_owner(sheets):
    rows = {r["机主 Owner"]: r for r in rows_as_dicts(sheets["按机主 By owner"])}
    assert money(rows["爸爸"]["已多扣 Disputed"]) == Decimal("51.00")
    assert rows["爸爸"]["发现 Findings"] == 4 and rows["爸爸"]["要处理 To act on"] == 2


def test_inputs_sheet_names_the_bad_file(sheets):
    rows = rows_as_dicts(sheets["输入文件 Inputs"])
    assert len(rows) == 4
    bad = rows[3]
    assert bad["文件 File"] == "bills/189****9003/garbage.csv"
    assert bad["错误 Error"].startswith("row 1: no header found")
    good = rows[0]
    assert good["SHA-256"] == "a" * 64
    assert (good["读取行 Rows read"], good["使用行 Rows used"], good["略过行 Set aside"]) == (
        22,
        5,
        12,
    )
    assert (
        good["略过原因 Set aside why"] == "blank 2, header 1, note 2, section 5, title 1, total 1"
    )
    assert good["未读行 Unread rows"] == 1
    assert rows[2]["账期 Months"] == "2026-09, 2026-10"


def test_charges_and_services_sheets(sheets):
    charges = rows_as_dicts(sheets["费用明细 Charges"])
    assert len(charges) == 7
    assert sum(money(c["金额 Amount"]) for c in charges) == Decimal("54.00")
    services = rows_as_dicts(sheets["已订业务 Services"])
    assert len(services) == 4
    assert str(services[0]["退订 Cancelled"]) == "2026-09-15 14:02:00"
    assert services[0]["状态 Status"] == "已结束 ended"
    unread = rows_as_dicts(sheets["未读行 Unread rows"])
    assert unread == [
        {
            "文件 File": "bills/138****1234/中国移动账单-2026年10月.xlsx",
            "位置 Where": "row 19",
            "原因 Reason": "not an amount: 'abc'",
            "内容 Text": "致电138****1234 abc",
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
    sheet = book["发现 Findings"]
    cell = sheet["I2"]
    assert cell.value == Decimal("6") or cell.value == 6
    assert cell.data_type == "n"
    assert cell.number_format == "¥#,##0.00"


@pytest.mark.parametrize("name", [name for name in SHEETS[1:] if name != TREND])
def test_list_sheets_have_frozen_filtered_header(book, name):
    sheet = book[name]
    assert sheet.freeze_panes == "A2"
    assert filtered_range(sheet) and filtered_range(sheet).startswith("A1:")
    assert all(cell.font.bold for cell in sheet[1] if cell.value)


def test_findings_coloured_by_severity(book):
    sheet = book["发现 Findings"]
    colours = [sheet.cell(row=r, column=2).fill.fgColor.rgb for r in range(2, 9)]
    high, _, medium, _, _, info, _ = colours
    assert len({high, medium, info}) == 3
    assert colours[0] == colours[1] and colours[2] == colours[4] and colours[5] == colours[6]


def test_column_widths_count_wide_characters_double(book):
    assert display_width("中国移动") == 8 and display_width("abcd") == 4
    sheet = book["发现 Findings"]
    # The service column holds 视频彩铃订阅-酷电秀专属6元包 (14 wide chars, 2 narrow): 30 columns.
    assert sheet.column_dimensions["G"].width >= 30


def test_control_characters_do_not_break_the_workbook():
    report = sample_report()
    report.findings[0].message = "bell\x07 and null\x00 end"
    book = openpyxl.load_workbook(io.BytesIO(render_xlsx(report, Masker())))
    assert book["发现 Findings"]["O2"].value == "bell␇ and null␀ end"  # their pictures


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
    with pytest.raises(AuditorError, match=r"cannot write .*disk full"):
        atomic_write(target, b"new")
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.xlsx"]


def test_refuses_to_write_over_an_input(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("bill.xlsx").write_bytes(b"x")
    with pytest.raises(Exception, match="refusing to write the report over one of its inputs"):
        check_not_an_input(Path("./sub/../bill.xlsx"), [tmp_path / "bill.xlsx"])
    check_not_an_input(Path("other.xlsx"), [tmp_path / "bill.xlsx"])


def test_console_summary():
    text = render_summary(sample_report(), Masker(), [Path("reports/x.xlsx")], top=3)
    lines = text.splitlines()
    assert lines[0] == "auditor 2026-11-05: 3 file(s) read, 1 could not be read"
    assert lines[1] == "findings: 7 (2 high, 3 medium, 0 low, 2 info)"
    assert "¥74.00" in lines[2] and "¥408.00" in lines[2]
    assert "lingering-charge" in lines[3] and "138****1234 (爸爸)" in lines[3]
    assert "… and 4 more in the report" in text
    assert "not read: bills/189****9003/garbage.csv" in text
    assert lines[-1] == "written: reports/x.xlsx"
    assert MOBILE not in text and UNICOM not in text


def test_console_summary_without_findings():
    text = render_summary(sample_report(findings=False), Masker())
    assert "findings: 0 (0 high, 0 medium, 0 low, 0 info)" in text
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
    findings = book.get_sheet_by_name("发现 Findings").to_python()
    assert 2 <= len(findings) <= 7  # one writer's whole workbook, whichever came last
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.xlsx"]


def test_finding_ids_are_never_masked_even_when_they_look_like_a_number():
    report = sample_report()
    report.findings[0].id = "F13912345678a"  # hex digits that read as a mobile number
    book = openpyxl.load_workbook(io.BytesIO(render_xlsx(report, Masker())))
    actions = book["处理步骤 Actions"]
    header = [c.value for c in actions[1]]
    ids = actions.cell(row=2, column=header.index("编号 Finding ids") + 1).value
    assert "F13912345678a" in ids.split("\n")
    findings = book["发现 Findings"]
    header = [c.value for c in findings[1]]
    assert findings.cell(row=2, column=header.index("编号 Id") + 1).value == "F13912345678a"
