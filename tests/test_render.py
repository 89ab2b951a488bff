"""The report as a person sees it: rendered by LibreOffice to PDF and read back.

The Summary of the demo household prints on one A4 page and a company's on at most two,
its text at 9 points or more, in Chinese and in English (whose texts are as wide
differently), and no cell's text is cut: every text of a table's column
is found whole inside that column's stretch of the page, and every other text on the
page. These need LibreOffice (``soffice``) and the workbook's font or its metric twin
(Carlito): ``.ci/run`` installs them where they are missing; elsewhere they are skipped,
saying why.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import openpyxl
import pdfplumber
import pytest
from company_month import company_month
from company_sample import company_workbook
from openpyxl.utils import get_column_letter

from auditor import lang
from auditor.config import load_config
from auditor.inputs import read_inputs
from auditor.pipeline import AuditOptions, audit_results
from auditor.readers import ReadOptions
from auditor.writers import Masker, render_xlsx
from auditor.writers.grouped import WHAT, action_columns
from auditor.writers.summary_sheet import HEAD

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def _calibri_or_twin() -> bool:
    """Whether the workbook's font (Calibri) prints with its own metrics here: itself or
    Carlito, its metric twin; another font would print the page at another size."""
    if shutil.which("fc-match") is None:
        return False
    found = subprocess.run(["fc-match", "Calibri"], capture_output=True, text=True).stdout
    return any(name in found for name in ("Calibri", "Carlito"))


pytestmark = [
    pytest.mark.skipif(
        SOFFICE is None,
        reason="LibreOffice is not installed (apt-get install libreoffice-calc; .ci/run does)",
    ),
    pytest.mark.skipif(
        SOFFICE is not None and not _calibri_or_twin(),
        reason="no Calibri nor Carlito to print with (apt-get install fonts-crosextra-carlito)",
    ),
]

HOUSEHOLD = Path(__file__).resolve().parent.parent / "fixtures" / "household"
#: The Summary's and Actions' sheet names, in each language.
SUMMARY = {"zh": "摘要", "en": "Summary"}
ACTIONS = {"zh": "处理步骤", "en": "Actions"}
LANGUAGES = pytest.mark.parametrize("language", ["zh", "en"])
HEADER_FILL = tuple(int(HEAD.fill[i : i + 2], 16) / 255 for i in (0, 2, 4))
_SPACE = re.compile(r"\s+")


def _pdf(data: bytes, folder: Path, pages: str = "1-4") -> pdfplumber.PDF:
    """``data`` (a workbook) as LibreOffice prints its first ``pages``."""
    book = folder / "report.xlsx"
    book.write_bytes(data)
    profile = folder / "lo-profile"  # a profile of its own: tests may run side by side
    export = f'pdf:calc_pdf_Export:{{"PageRange":{{"type":"string","value":"{pages}"}}}}'
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless",
         "--convert-to", export, "--outdir", str(folder), str(book)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    return pdfplumber.open(folder / "report.pdf")


def _summary_pages(pdf: pdfplumber.PDF, sheet: str) -> list:
    """The pages whose footer names ``sheet`` (the report's date, the sheet, the page)."""
    footer = re.compile(rf"2026-11-05 {re.escape(sheet)} (Page|第) ")
    return [page for page in pdf.pages if footer.search(page.extract_text() or "")]


def _squeezed(text: object) -> str:
    return _SPACE.sub("", str(text))


def _is_header(rect: dict) -> bool:
    """A rectangle shaded as a table's header row."""
    colour = rect.get("non_stroking_color")
    if not colour or len(colour) != 3:
        return False
    return all(abs(a - b) < 0.02 for a, b in zip(colour, HEADER_FILL, strict=True))


def _column_edges(sheet, pages: list, columns: int = 9) -> list[float]:
    """Where each column of the Summary starts on the printed page, and where the last
    ends: the columns' widths, scaled to the first table's header, which spans them all
    (LibreOffice draws a shaded header row as one rectangle)."""
    header = next(rect for rect in pages[0].rects if _is_header(rect))
    # LibreOffice prints a column as wide as its stored width, in proportion.
    widths = [0.0] * columns
    for dimension in sheet.column_dimensions.values():  # one may stand for several columns
        for col in range(dimension.min, min(dimension.max, columns) + 1):
            widths[col - 1] = dimension.width
    scale = (header["x1"] - header["x0"]) / sum(widths)
    edges = [header["x0"]]
    for width in widths:
        edges.append(edges[-1] + width * scale)
    return edges


def _in_columns(pages: list, left: float, right: float) -> str:
    """The text printed between ``left`` and ``right`` on the pages, squeezed."""
    return "".join(
        _squeezed(page.crop((left + 1, 0, right - 1, page.height)).extract_text() or "")
        for page in pages
    )


def _assert_nothing_cut(data: bytes, pages: list, name: str, columns: int = 9) -> None:
    """Every text cell of the sheet ``name`` (its first ``columns``, those printed) is
    printed whole: a wrapped cell within its own columns (it shares its printed lines with
    its neighbours), any other on the page."""
    sheet = openpyxl.load_workbook(io.BytesIO(data))[name]
    printed = "".join(_squeezed(page.extract_text() or "") for page in pages)
    edges = _column_edges(sheet, pages, columns)
    spans = {}
    for merged in sheet.merged_cells.ranges:
        spans[(merged.min_row, merged.min_col)] = (merged.min_col, merged.max_col)
    stretches: dict[tuple[int, int], str] = {}
    for row in sheet.iter_rows(max_col=columns):
        for cell in row:
            if not isinstance(cell.value, str) or not cell.value.strip():
                continue
            text = _squeezed(cell.value)
            first, last = spans.get((cell.row, cell.column), (cell.column, cell.column))
            if cell.alignment.wrap_text and (first, last) != (1, columns):
                if (first, last) not in stretches:
                    stretches[(first, last)] = _in_columns(pages, edges[first - 1], edges[last])
                where = stretches[(first, last)]
            else:
                where = printed
            assert text in where, f"{cell.coordinate} cut or missing: {cell.value!r}"


def _smallest_font(pages: list) -> float:
    return min(char["size"] for page in pages for char in page.chars)


def _demo_report(language: str):
    """The demo's report as ``make demo`` audits it with ``--lang language``: its
    findings' messages and steps are made in the language the audit runs in (audited in
    the environment's, a "zh" workbook showed English steps)."""
    with lang.using(language):
        config = load_config(HOUSEHOLD / "auditor.toml")  # as make demo runs it
        results = read_inputs([HOUSEHOLD], ReadOptions(as_of=date(2026, 11, 5)))
        options = AuditOptions(
            as_of=date(2026, 11, 5),
            known_services=config.known_services,
            owners=config.owners,
            groups=config.groups,
        )
        return audit_results(results, options)


@pytest.fixture(scope="module")
def demo_reports() -> dict:
    """The demo's report in each language, audited once for the module."""
    return {}


@pytest.fixture
def demo_report(demo_reports, language):
    """The demo's report audited in the test's ``language``."""
    if language not in demo_reports:
        demo_reports[language] = _demo_report(language)
    return demo_reports[language]


def test_the_demo_is_audited_in_the_language_it_is_printed_in():
    """Its messages and steps are made by the audit: in its language, not the shell's."""
    zh, en = (" ".join(f.message for f in _demo_report(one).findings) for one in lang.LANGS)
    assert "退订" in zh and "cancel" not in zh
    assert "cancel" in en and "退订" not in en


def _render(report, language: str) -> bytes:
    with lang.using(language):
        return render_xlsx(report, Masker())


@LANGUAGES
def test_the_demo_actions_print_at_nine_points_nothing_cut(tmp_path, demo_report, language):
    data = _render(demo_report, language)
    with _pdf(data, tmp_path, pages="2-40") as pdf:
        pages = _summary_pages(pdf, ACTIONS[language])
        assert pages
        assert _smallest_font(pages) >= 9
        with lang.using(language):  # (an English sheet has the Chinese words' column too)
            printed = sum(1 for c in action_columns() if c.printed)
        _assert_nothing_cut(data, pages, ACTIONS[language], printed)


@LANGUAGES
def test_the_demo_summary_prints_on_one_page_at_nine_points_nothing_cut(
    tmp_path, demo_report, language
):
    data = _render(demo_report, language)
    with _pdf(data, tmp_path) as pdf:
        pages = _summary_pages(pdf, SUMMARY[language])
        assert len(pages) == 1
        assert _smallest_font(pages) >= 9
        _assert_nothing_cut(data, pages, SUMMARY[language])


@LANGUAGES
def test_a_summary_with_refunds_due_to_do_prints_on_one_page_nothing_cut(
    tmp_path, demo_report, language
):
    """Refunds due among the things to do (one after a complaint the carrier did not
    answer in its 15 days, the appeal overdue; both due by a date, after what is wrong
    now): the Summary still prints on one page at 9 points, their steps whole."""
    from dataclasses import replace

    from auditor.history.refund_due import RefundDue
    from auditor.model import UserRecord

    complained = UserRecord(7, "complaint", "13800001234", "咪咕视频会员", "", date(2026, 10, 1),
                            "C-20261001-0042")  # fmt: skip
    dues = [
        RefundDue("F0123456789ab", "unknown-vas", "13800001234", "咪咕视频会员",
                  ("2026-08", "2026-09"), 30000, 0, "你已退订", date(2027, 1, 31),
                  date(2026, 11, 5), "china-mobile", complaint=complained),
        RefundDue("F0123456789ac", "lingering-charge", "13800001234", "视频彩铃",
                  ("2026-09",), 25000, 0, "扣费已停止", date(2027, 2, 28),
                  date(2026, 11, 5), "china-mobile"),
    ]  # fmt: skip
    data = _render(replace(demo_report, refunds_due=dues), language)
    with _pdf(data, tmp_path) as pdf:
        pages = _summary_pages(pdf, SUMMARY[language])
        assert len(pages) == 1
        assert _smallest_font(pages) >= 9
        _assert_nothing_cut(data, pages, SUMMARY[language])  # each cell, their steps too
    cells = {c.value for row in openpyxl.load_workbook(io.BytesIO(data))[SUMMARY[language]]
             for c in row}  # fmt: skip
    with lang.using(language):
        assert all(due.brief() in cells for due in dues)


@LANGUAGES
def test_a_company_summary_prints_on_two_pages_at_most_nothing_cut(tmp_path, language):
    with lang.using(language):  # its steps in the language of the workbook
        report = audit_results(company_month(300), AuditOptions(as_of=date(2026, 11, 5)))
    assert len(report.findings) > 300
    data = _render(report, language)
    with _pdf(data, tmp_path) as pdf:
        pages = _summary_pages(pdf, SUMMARY[language])
        assert 1 <= len(pages) <= 2
        assert _smallest_font(pages) >= 9
        _assert_nothing_cut(data, pages, SUMMARY[language])


#: The lines' table's and its chart's titles, in each language.
LINES_TITLE = {"zh": "每月账单", "en": "Each line's bill"}
CHART_TITLE = {"zh": "每月账单", "en": "Bill per month"}


@LANGUAGES
@pytest.mark.parametrize("lines", [11, 40, 300])
def test_a_company_summary_breaks_its_pages_where_a_section_starts(tmp_path, lines, language):
    """A company audited as a user would (company_sample): eleven lines on one page (a
    dozen is the edge: whether its first three things to do fit beside the table and the
    chart depends on how their steps wrap); more on two, the second starting at the
    lines' table, its chart with it and nothing of the first page's; at 9 points or
    more, nothing cut."""
    data = company_workbook(tmp_path / "company", lines, language)
    with _pdf(data, tmp_path) as pdf:
        pages = _summary_pages(pdf, SUMMARY[language])
        assert len(pages) == (1 if lines <= 11 else 2)
        assert _smallest_font(pages) >= 9
        _assert_nothing_cut(data, pages, SUMMARY[language])
        last = pages[-1].extract_text()
        if len(pages) == 2:
            assert last.startswith(LINES_TITLE[language])
            assert LINES_TITLE[language] not in pages[0].extract_text()
        chart = CHART_TITLE[language]  # the chart's title prints as text, once per page
        assert _squeezed(chart) in _squeezed(last.replace(LINES_TITLE[language], "", 1))


@LANGUAGES
def test_a_refund_dues_actions_row_prints_whole(tmp_path, demo_report, language):
    """A refund due's row (its long step, then how to type the refund in) after the
    findings' steps prints at 9 points, nothing cut."""
    from dataclasses import replace

    from auditor.history.refund_due import RefundDue

    due = RefundDue("F0123456789ab", "unknown-vas", "13800001234", "咪咕视频会员",
                    ("2026-08", "2026-09"), 3000, 0, "你已退订（你的记录：2026-10-06）",
                    date(2027, 1, 31), date(2026, 11, 5), "china-mobile")  # fmt: skip
    data = _render(replace(demo_report, refunds_due=[due]), language)
    with lang.using(language):
        columns = action_columns()
        step = due.next_step().text
    sheet = openpyxl.load_workbook(io.BytesIO(data))[ACTIONS[language]]
    what = next(n for n, c in enumerate(columns, 1) if c.header == WHAT.header)
    assert any(step in str(cell.value) for cell in sheet[get_column_letter(what)])
    with _pdf(data, tmp_path, pages="2-40") as pdf:
        pages = _summary_pages(pdf, ACTIONS[language])
        assert _smallest_font(pages) >= 9
        # its What to do, in its column (beside it, the service's name glossed in English
        # wraps to lines of its own), as every cell
        _assert_nothing_cut(data, pages, ACTIONS[language], sum(c.printed for c in columns))
