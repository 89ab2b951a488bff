"""The PDF reader: golden tables for every good fixture, one case per bad kind, the
layout geometry as data tables, and PDF vs XLSX equivalence for the demo household.

Fixtures come from fixtures/make_pdfs.py. The encrypted bill's user password is ``1234``.
Golden files live in tests/golden/pdf/; after a deliberate change, rewrite them with
``AUDITOR_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_readers_pdf.py`` and review the diff.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import sys
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from auditor.errors import InputError
from auditor.pipeline import AuditOptions, run_audit
from auditor.readers import ReadOptions, read_file
from auditor.readers.pdf import PdfReader
from auditor.readers.pdf_layout import Glyph, glyph, is_footer, layout_rows, page_lines
from auditor.tables import bills_table, charges_table, services_table

# Reader errors and warnings are checked as an English-speaking user reads them.
pytestmark = pytest.mark.usefixtures("english")

ROOT = Path(__file__).resolve().parent.parent
PDF = ROOT / "fixtures" / "pdf"
HOUSEHOLD_A = PDF / "household-a"
XLSX_A = ROOT / "fixtures" / "household" / "china-mobile"
GOLDEN = Path(__file__).parent / "golden" / "pdf"
PASSWORD = "1234"  # the encrypted fixture's user password (fixtures/make_pdfs.py)
KNOWN = ["彩铃功能费", "腾讯视频会员"]
AS_OF = date(2026, 11, 5)


def _generator():
    spec = importlib.util.spec_from_file_location("make_pdfs", ROOT / "fixtures" / "make_pdfs.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


make_pdfs = _generator()

GOOD = sorted(
    [p for p in PDF.rglob("*.pdf") if "bad" not in p.relative_to(PDF).parts],
    key=lambda p: str(p),
)

# ----------------------------------------------------------------------- golden tables


def normalised(path: Path) -> dict:
    """What a fixture reads as: its tables (money in fen) and its row accounting."""
    result = read_file(path, ReadOptions(passwords=(PASSWORD,)))
    assert result.error is None, result.error
    charges = charges_table([result])[
        ["line", "period", "category", "item", "amount_fen", "section", "locator"]
    ]
    services = services_table([result])[
        ["line", "name", "type", "price_fen", "effective", "expires", "cancelled", "status"]
    ]
    bills = bills_table([result])[
        ["line", "period", "stated_total_fen", "parsed_total_fen", "locator"]
    ]

    def records(frame):
        return json.loads(frame.astype(object).where(frame.notna(), None).to_json(
            orient="records", date_format="iso", force_ascii=False
        ))  # fmt: skip

    return {
        "kind": result.kind,
        "carrier": result.carrier,
        "charges": records(charges),
        "services": records(services),
        "bills": records(bills),
        "rows_read": result.rows_read,
        "set_aside": dict(sorted(result.set_aside.items())),
        "unparseable": [u.locator for u in result.unparseable],
        "warnings": len(result.warnings),
    }


def dump(table: dict) -> str:
    """JSON with one record per line, so a golden diff shows the rows that changed."""
    parts = []
    for key, value in table.items():
        if isinstance(value, list) and value and isinstance(value[0], dict):
            rows = ",\n".join("  " + json.dumps(row, ensure_ascii=False) for row in value)
            parts.append(f"{json.dumps(key)}: [\n{rows}\n ]")
        else:
            parts.append(f"{json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}")
    return "{\n " + ",\n ".join(parts) + "\n}\n"


@pytest.mark.parametrize("path", GOOD, ids=lambda p: str(p.relative_to(PDF)))
def test_golden(path: Path):
    got = normalised(path)
    golden = GOLDEN / (str(path.relative_to(PDF)).replace("/", "__") + ".json")
    if os.environ.get("AUDITOR_UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(dump(got), "utf-8")
    assert got == json.loads(golden.read_text("utf-8"))


@pytest.mark.parametrize("path", GOOD, ids=lambda p: str(p.relative_to(PDF)))
def test_every_line_accounted_for_and_bills_reconcile(path: Path):
    result = read_file(path, ReadOptions(passwords=(PASSWORD,)))
    # A page without text counts as one unreadable line, so every issue is a line read.
    assert result.rows_read == (
        result.rows_used + sum(result.set_aside.values()) + len(result.unparseable)
    )
    for bill in bills_table([result]).itertuples():
        assert bill.stated_total_fen == bill.parsed_total_fen


def test_household_a_bills_match_the_generator_table():
    """Independent of the golden files: every item of line A's table, every month."""
    for index, month in enumerate(make_pdfs.MONTHS_A):
        path = HOUSEHOLD_A / f"中国移动账单-{month[:4]}年{month[5:]}月.pdf"
        result = read_file(path, ReadOptions())
        got = Counter((c.line, c.period, c.item, c.amount_fen) for c in result.charges)
        items = [row for row in make_pdfs.LINE_A_BILL if row[1] == 1]
        want = Counter(
            (make_pdfs.LINE_A, month, text, round(float(amounts[index]) * 100))
            for text, _, amounts in items
        )
        assert got == want
        total = next(a for text, level, a in make_pdfs.LINE_A_BILL if level is None)[index]
        assert [b.stated_total_fen for b in result.bills] == [int(total.replace(".", ""))]


def test_service_list_keeps_empty_columns_in_place():
    result = read_file(HOUSEHOLD_A / "13800001234-已订业务.pdf", ReadOptions())
    by_name = {s.name: s for s in result.services}
    assert len(by_name) == len(make_pdfs.LINE_A_SERVICES)
    cancelled = by_name["视频彩铃订阅-酷电秀专属6元包"]
    assert cancelled.expires is None  # its 失效时间 cell is empty ...
    assert str(cancelled.cancelled) == "2026-09-15 14:02:00"  # ... its 退订时间 is not
    assert by_name["5G智享套餐（个人版）"].status == "pending"


def test_multi_page_statement_drops_repeated_headers_and_footers():
    result = read_file(PDF / "集团账单-2026年10月.pdf", ReadOptions())
    assert result.set_aside["header"] == 3  # the header row on each of the 3 pages
    assert result.set_aside["note"] == 5  # 3 page footers and 2 notes
    assert not any("页" in c.item for c in result.charges)
    assert {c.locator.split(" line")[0] for c in result.charges} == {"page 1", "page 2", "page 3"}


def test_encrypted_bill_opens_with_its_password():
    with_password = read_file(
        PDF / "加密账单-2026年10月.pdf", ReadOptions(passwords=("0000", PASSWORD))
    )
    plain = read_file(HOUSEHOLD_A / "中国移动账单-2026年10月.pdf", ReadOptions())
    key = [(c.item, c.amount_fen) for c in plain.charges]
    assert [(c.item, c.amount_fen) for c in with_password.charges] == key


def test_page_without_text_even_by_ocr_is_counted_and_warned():
    # The appended "scan" is grey bars and a raster: OCR finds no text on it either.
    result = read_file(PDF / "账单附扫描页-2026年10月.pdf", ReadOptions())
    assert result.error is None and result.charges
    assert [u.locator for u in result.unparseable] == ["page 2"]
    assert any("no text, even by OCR" in w for w in result.warnings)


# ----------------------------------------------------------------------------- bad files

BAD = [
    # (file, read options, what the message says)
    ("bad/not-a-pdf.pdf", ReadOptions(), "not a PDF file (it starts like an HTML page)"),
    ("bad/truncated.pdf", ReadOptions(), "PDF is damaged or truncated"),
    ("bad/扫描件.pdf", ReadOptions(), "no text on any page, even by OCR"),
    ("bad/无字体映射.pdf", ReadOptions(), "text is not readable (fonts without a Unicode map)"),
    ("加密账单-2026年10月.pdf", ReadOptions(), "password required: give --password"),
    (
        "加密账单-2026年10月.pdf",
        ReadOptions(passwords=("0000", "9999")),
        "wrong password (tried 2)",
    ),
    ("集团账单-2026年10月.pdf", ReadOptions(max_pdf_pages=2), "PDF has 3 pages, over the 2-page"),
]


@pytest.mark.parametrize(("name", "options", "message"), BAD, ids=[b[2][:24] for b in BAD])
def test_bad_pdf_is_one_clear_error(name: str, options: ReadOptions, message: str):
    path = PDF / name
    with pytest.raises(InputError) as caught:
        PdfReader().read(path, path.read_bytes(), options)
    assert message in str(caught.value)
    assert str(caught.value).startswith(str(path))
    assert "\n" not in str(caught.value)


# What the registry says instead of the PDF reader: a page named .pdf is read as the page
# it is (auditor.readers.content), and its reading fails as a page's.
THROUGH_THE_REGISTRY = {"bad/not-a-pdf.pdf": "named .pdf but it is an HTML page, read as HTML: "}


@pytest.mark.parametrize(("name", "options", "message"), BAD, ids=[b[2][:24] for b in BAD])
def test_bad_pdf_does_not_stop_the_folder(tmp_path, name: str, options, message: str):
    shutil.copy(PDF / name, tmp_path / Path(name).name)
    shutil.copy(HOUSEHOLD_A / "中国移动账单-2026年08月.pdf", tmp_path / "good-2026年08月.pdf")
    report = run_audit([tmp_path], AuditOptions(as_of=AS_OF, read=options))
    by_name = {Path(r.path).name: r for r in report.inputs}
    assert THROUGH_THE_REGISTRY.get(name, message) in by_name[Path(name).name].error
    assert by_name["good-2026年08月.pdf"].error is None
    assert report.charges


# ------------------------------------------------------------------------- equivalence

FINDING_KEY = ("rule", "line", "service", "periods", "amount_fen", "monthly_fen")


def _findings(folder: Path) -> list[tuple]:
    report = run_audit([folder], AuditOptions(as_of=AS_OF, known_services=KNOWN))
    assert not report.failed_inputs, [r.error for r in report.failed_inputs]
    return sorted(
        tuple(tuple(v) if isinstance(v, list) else v for v in (getattr(f, k) for k in FINDING_KEY))
        for f in report.findings
    )


def test_pdf_household_gives_the_same_findings_as_its_xlsx():
    pdf = _findings(HOUSEHOLD_A)
    assert pdf == _findings(XLSX_A)
    assert ("lingering-charge", "13800001234", "视频彩铃订阅-酷电秀专属6元包", ("2026-10",),
            600, 600) in pdf  # fmt: skip


def test_pdf_household_gives_the_same_charges_and_totals_as_its_xlsx():
    def tables(folder):
        report = run_audit([folder], AuditOptions(as_of=AS_OF, known_services=KNOWN))
        charges = Counter(
            (c.line, c.period, c.category, c.item, c.amount_fen) for c in report.charges
        )
        bills = sorted((b.bill.line, b.bill.period, b.bill.stated_total_fen) for b in report.bills)
        return charges, bills

    assert tables(HOUSEHOLD_A) == tables(XLSX_A)


# ------------------------------------------------------------------------------ generator


def test_generator_is_reproducible_and_fixtures_are_current(tmp_path):
    written = make_pdfs.generate(tmp_path)
    for path in written:
        committed = PDF / path.relative_to(tmp_path)
        assert path.read_bytes() == committed.read_bytes(), committed


# --------------------------------------------------------------------------- geometry


def glyphs(y: float, *segments: tuple[float, str], size: float = 10.0) -> list[Glyph]:
    """Glyphs for text segments starting at x, CJK a full em wide, the rest half."""
    out = []
    for x, text in segments:
        for ch in text:
            width = size if ord(ch) > 0x2E80 else size / 2
            out.append(glyph(ch, x, x + width, y, y + size))
            x += width
    return out


LINE_CASES = [
    # (segments on one line, expected cells)
    ([(50, "套餐及固定费"), (400, "18.00")], ["套餐及固定费", "18.00"]),
    ([(50, "2026-10-01 08:00:00")], ["2026-10-01 08:00:00"]),
    ([(50, "中国移动"), (94, "个人账单")], ["中国移动 个人账单"]),  # a word gap, not a cell gap
    ([(50, "业务名称"), (100, "资费")], ["业务名称 资费"]),  # a 1-em gap is a word gap
    ([(50, "业务名称"), (110, "资费")], ["业务名称", "资费"]),  # a 2-em gap splits cells
    ([(50, "　　话费优惠"), (400, "-5.00")], ["话费优惠", "-5.00"]),  # leading spaces dropped
]


@pytest.mark.parametrize(("segments", "cells"), LINE_CASES)
def test_line_is_split_into_cells(segments, cells):
    (line,) = page_lines(glyphs(700, *segments), page=1)
    assert list(line.texts) == cells


FOOTERS = [
    ("第 1 页 共 3 页", True),
    ("第2页/共3页", True),
    ("- 2 -", True),
    ("Page 1 of 3", True),
    ("3/3", True),
    # a page's "continued" mark, alone or before its number: no section of the bill
    ("（续上页） 第2页 共2页", True),
    ("（续上页）", True),
    ("接上页", True),
    ("本月费用合计", False),
    ("续费优惠", False),
    ("2026-10", False),
    ("客服热线：10086", False),
]


@pytest.mark.parametrize(("text", "footer"), FOOTERS)
def test_footer_detection(text: str, footer: bool):
    (line,) = page_lines(glyphs(30, (250, text)), page=1)
    assert is_footer(line) is footer


def _statement_page(page: int, rows: list[tuple[int, str, str]], title: bool) -> list[Glyph]:
    out, y = [], 800.0
    if title:
        out += glyphs(y, (200, "中国移动 个人账单"))
        out += glyphs(y - 20, (60, "手机号码：13800001234"), (300, "账期：2026年08月"))
        y -= 60
    out += glyphs(y, (60, "费用项目"), (460, "金额(元)"))
    for level, text, amount in rows:
        y -= 20
        out += glyphs(y, (60 + 20 * level, text), (500 - 5 * len(amount), amount))
    out += glyphs(30, (270, f"第 {page} 页 共 2 页"))
    return out


def test_layout_drops_repeated_header_keeps_indents_and_counts_lines():
    first = [(0, "套餐及固定费", "18.00"), (1, "4G飞享18元套餐", "18.00")]
    second = [(0, "增值业务费", "6.00"), (1, "彩铃功能费", "6.00"), (0, "本月费用合计", "24.00")]
    lines = page_lines(_statement_page(1, first, True), 1)
    lines += page_lines(_statement_page(2, second, False), 2)
    layout = layout_rows(lines)
    assert layout.lines == len(lines) == 11
    assert layout.set_aside == Counter(note=2, header=1)
    table = [(r.indent, r.cells) for r in layout.rows]
    assert table == [
        (0, ["中国移动 个人账单"]),
        (0, ["手机号码：13800001234", "账期：2026年08月"]),  # header block, not the table
        (0, ["费用项目", "金额(元)"]),
        (0, ["套餐及固定费", "18.00"]),
        (1, ["4G飞享18元套餐", "18.00"]),
        (0, ["增值业务费", "6.00"]),
        (1, ["彩铃功能费", "6.00"]),
        (0, ["本月费用合计", "24.00"]),
    ]
    assert layout.rows[5].locator == "page 2 line 2"


def test_a_page_pdfium_cannot_load_is_named_in_one_line(tmp_path):
    # The page tree lists an object that is no page: the PDF opens, its page does not.
    damaged = (
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
        b"3 0 obj << /Type /Font >> endobj\n"
        b"trailer << /Root 1 0 R /Size 4 >>\n%%EOF\n"
    )
    path = tmp_path / "13800001234-2026年10月.pdf"
    path.write_bytes(damaged)
    result = read_file(path, ReadOptions())
    assert result.error == "page 1: PDF is damaged: the page cannot be loaded"
