"""Every sheet of the demo's report prints legibly on A4, as people print it to read:
its smallest text at 8 points or more once the page shrinks it (its font's size times
the scale), the lists landscape with their header row on each page, fit to the page's
width, the Trend's table on pages of its own at a scale of its own, the Summary
portrait; read from the workbook (:mod:`printed_pages`) and, where LibreOffice is
installed, from the pages it prints.

Printed as they were, the Charges, Services and Inputs sheets came out at 4 to 6
points, the Trend's table at 5, the Findings at 7.8.
"""

from __future__ import annotations

import pytest
import test_render  # the demo's report, and printing through LibreOffice
from printed_pages import printed_sheets
from test_render_print import _pages

from auditor import lang
from auditor.sheets import BY_OWNER, SHEETS, SUMMARY, TREND
from auditor.writers import Masker, page, render_xlsx
from auditor.writers.summary_layout import PRINT_SCALE

LANGUAGES = pytest.mark.parametrize("language", ["zh", "en"])
A4 = 9  # the paper's number in a sheet's page set-up


def _workbook(language: str) -> bytes:
    """The demo's workbook as ``make demo`` writes it with ``--lang language``: audited
    and written in that language."""
    with lang.using(language):
        return render_xlsx(test_render._demo_report(language), Masker())


@LANGUAGES
def test_every_sheet_of_the_demo_prints_at_eight_points_or_more(language):
    data = _workbook(language)
    sheets = printed_sheets(data)
    with lang.using(language):
        names = [sheet.shown() for sheet in SHEETS]
    assert list(sheets) == names  # every sheet, the Trend's and the Summary's among them
    for (name, printed), sheet in zip(sheets.items(), SHEETS, strict=True):
        assert printed.points >= page.LEAST_POINTS, (name, printed)
        assert printed.paper == A4 and printed.fits, (name, printed)
        if sheet is SUMMARY:  # a page to read: portrait, at a set scale (its page breaks)
            assert (printed.orientation, printed.fit, printed.scale) == (
                "portrait",
                None,
                PRINT_SCALE,
            )
            continue
        assert printed.orientation == "landscape", name
        if sheet is TREND:  # its table at a scale of its own, its charts on their own pages
            assert printed.fit is None and page.LEAST_SCALE <= printed.scale <= 100
            assert printed.repeated == "4:4"  # the table's header, under its title and notes
            assert printed.col_breaks, "the charts' pages start after the table's columns"
        else:  # as wide as the page, as many pages tall as it takes (By owner: one)
            assert printed.fit == (1, 1 if sheet is BY_OWNER else 0), name
            assert printed.repeated == "1:1" and not printed.col_breaks, name


@test_render.pytestmark[0]
@test_render.pytestmark[1]
def test_the_demo_printed_by_libreoffice_is_eight_points_or_more(tmp_path):
    """Each sheet's pages as LibreOffice prints them (told by the footer), their smallest
    character on the page: a chart's words too (a chart below a page's last row is
    drawn past its edge, and never seen). In English, whose words are the wider: its
    lists print the smaller."""
    with test_render._pdf(_workbook("en"), tmp_path, pages="1-200") as pdf:
        for sheet in SHEETS:
            pages = _pages(pdf, sheet.en)
            assert pages, sheet.en
            sizes = [c["size"] for p in pages for c in p.chars if 0 <= c["top"] < p.height]
            assert min(sizes) >= page.LEAST_POINTS, (sheet.en, min(sizes))
