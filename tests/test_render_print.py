"""A company's workbook printed, as its admin prints it to hand the pages out: rendered
by LibreOffice to PDF and read back (test_render's, skipped likewise without it).

The lists a person reads print at 8 points or more (Actions at 9), the Actions sheet's
steps on few pages (a service's steps say a note once, a step names its number once),
and the Trend's table at 8 points or more on pages of its own, its charts each whole on
one page after it: never cut by a page's end, none in the header each page repeats
(LibreOffice printed its top over the page's first chart).
"""

from __future__ import annotations

import io
import re
import zipfile
from math import ceil

import openpyxl
import pytest
from company_sample import company_workbook
from test_render import _pdf, _smallest_font, pytestmark  # noqa: F401 (skipped alike)

from auditor.sheets import ACTIONS, BY_SERVICE, FINDINGS, FOLLOW_UP, TREND

#: Lines of the company: a dozen, its steps (79) on several pages, a chart a line.
LINES = 12
#: The steps a printed page of Actions holds at least: the trial's 92 steps printed on
#: 24 pages (about 4 a page), its rows a third empty and each service's notes repeated.
#: An English sheet gives a call's, a complaint's and an appeal's Chinese words too, in a
#: column beside (grouped.IN_CHINESE): its rows are taller, 6 a page (the 79 on 13).
STEPS_A_PAGE = {"zh": 7, "en": 6}


@pytest.fixture(scope="module", params=["zh", "en"])
def printed(request, tmp_path_factory):
    """The company's workbook (``auditor audit``'s, in each language) and its PDF."""
    folder = tmp_path_factory.mktemp(f"company-{request.param}")
    data = company_workbook(folder / "work", LINES, request.param)
    with _pdf(data, folder, pages="1-400") as pdf:
        yield request.param, data, pdf


def _pages(pdf, sheet: str) -> list:
    """The pages of ``sheet``: its name in the middle of the footer, on the line of the
    footer's left part, the report's date (a chart's words, printed out of the page's
    rows, may stand near it)."""
    found = []
    for page in pdf.pages:
        words = page.extract_words()
        dates = [w for w in words if w["text"] == "2026-11-05" and w["x0"] < page.width / 3]
        if not dates:
            continue
        line = max(dates, key=lambda w: w["top"])["top"]
        middle = [w["text"] for w in words if abs(w["top"] - line) < 1
                  and w["x0"] > page.width * 0.4 and w["x1"] < page.width * 0.6]  # fmt: skip
        if " ".join(middle) == sheet:
            found.append(page)
    return found


def test_the_lists_a_person_reads_print_at_eight_points_or_more(printed):
    language, _, pdf = printed
    lists = ((FINDINGS, 8), (FOLLOW_UP, 8), (BY_SERVICE, 8), (ACTIONS, 9), (TREND, 8))
    for sheet, least in lists:
        pages = _pages(pdf, sheet.zh if language == "zh" else sheet.en)
        assert pages, sheet.en
        assert _smallest_font(pages) >= least, sheet.en


def test_the_actions_print_on_few_pages(printed):
    """Rows as tall as their text, a note said once a service: the company's steps print
    :data:`STEPS_A_PAGE` a page or more (before: 5.6 in English, 7.2 in Chinese)."""
    language, data, pdf = printed
    name = ACTIONS.zh if language == "zh" else ACTIONS.en
    steps = openpyxl.load_workbook(io.BytesIO(data))[name].max_row - 1
    pages = _pages(pdf, name)
    assert steps > 4 * STEPS_A_PAGE[language]  # pages enough to tell
    assert len(pages) <= ceil(steps / STEPS_A_PAGE[language]), (steps, len(pages))


def _trend_sheet(data: bytes, name: str) -> tuple[str, str]:
    """The Trend sheet's XML and its drawing's (the charts' anchors)."""
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        names = re.findall(r'<sheet name="([^"]+)"', book.read("xl/workbook.xml").decode())
        number = names.index(name) + 1
        sheet = book.read(f"xl/worksheets/sheet{number}.xml").decode()
        rels = book.read(f"xl/worksheets/_rels/sheet{number}.xml.rels").decode()
        drawing = re.search(r'Target="\.\./drawings/(drawing\d+\.xml)"', rels)[1]
        return sheet, book.read(f"xl/drawings/{drawing}").decode()


def _breaks(sheet: str, kind: str) -> list[int]:
    """The sheet's manual page breaks of ``kind`` (``row``, ``col``): a page from each
    (0-based)."""
    found = re.search(rf"<{kind}Breaks.*?</{kind}Breaks>", sheet)
    return [int(at) for at in re.findall(r'<brk id="(\d+)"', found[0])] if found else []


def test_no_trend_chart_stands_across_a_page_break(printed):
    """The table prints on pages of its own, the charts after it (a column break
    between); each chart is anchored between two page breaks, below the header row each
    page repeats; and LibreOffice breaks the pages there alone: it prints as many pages
    as the breaks make, down the table, then down the charts."""
    language, data, pdf = printed
    name = TREND.zh if language == "zh" else TREND.en
    sheet, drawing = _trend_sheet(data, name)
    breaks = _breaks(sheet, "row")
    anchors = [
        (int(col), int(first), int(last))  # 0-based
        for col, first, last in re.findall(
            r"<xdr:from><xdr:col>(\d+)</xdr:col><xdr:colOff>\d+</xdr:colOff><xdr:row>(\d+)"
            r".*?<xdr:to><xdr:col>\d+</xdr:col><xdr:colOff>\d+</xdr:colOff><xdr:row>(\d+)",
            drawing,
        )
    ]
    assert len(anchors) == LINES  # a chart a line
    assert breaks  # more charts than a page holds
    assert not [(b, a) for b in breaks for a in anchors if a[1] < b <= a[2]]
    trend = openpyxl.load_workbook(io.BytesIO(data))[name]
    assert _breaks(sheet, "col") == [trend.max_column]  # the table's columns, then charts
    assert min(col for col, _, _ in anchors) > trend.max_column
    header = int(trend.print_title_rows.replace("$", "").split(":")[0])  # 1-based
    assert min(first for _, first, _ in anchors) >= header  # (0-based: the rows under it)
    table_pages = 1 + len([at for at in breaks if at < trend.max_row])
    assert len(_pages(pdf, name)) == table_pages + len(breaks) + 1
