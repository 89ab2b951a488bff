"""The Summary measures each layout it tries by its parts, each part laid out once
(summary_sheet._Measured): the points it gives, before the lines' table and from it on,
are those of the layout written whole, in either language, for a household and for a
company whose Summary takes two pages."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from company_month import company_month

from auditor import lang
from auditor.config import load_config
from auditor.inputs import read_inputs
from auditor.pipeline import AuditOptions, audit_results
from auditor.readers import ReadOptions
from auditor.writers import Masker, render_xlsx, summary_sheet
from auditor.writers.summary_layout import ruled

HOUSEHOLD = Path(__file__).resolve().parent.parent / "fixtures" / "household"
AS_OF = date(2026, 11, 5)


def _household():
    config = load_config(HOUSEHOLD / "auditor.toml")
    results = read_inputs([HOUSEHOLD], ReadOptions(as_of=AS_OF))
    options = AuditOptions(
        as_of=AS_OF,
        known_services=config.known_services,
        owners=config.owners,
        groups=config.groups,
    )
    return audit_results(results, options)


def _company(lines: int = 60):
    """A company month of ``lines`` lines, some of forty unknown services on each."""
    return audit_results(company_month(lines), AuditOptions(as_of=AS_OF))


@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize("make", [_household, _company])
def test_each_layout_measures_by_its_parts_as_written_whole(monkeypatch, make, language):
    measured = summary_sheet._Measured.__call__
    tried = []

    def checked(self, plan):
        points = measured(self, plan)
        w, ruler = ruled(self.mask, self.styles)
        placed = summary_sheet._lay_out(w, self.parts, plan)
        whole = placed.lines_row - 1
        assert points == (ruler.tall(1, whole), ruler.tall(placed.lines_row, placed.last_row))
        tried.append(plan)
        return points

    monkeypatch.setattr(summary_sheet._Measured, "__call__", checked)
    with lang.using(language):
        render_xlsx(make(), Masker())
    # both languages' layouts, several of them (the things to do, the hint left out)
    assert len(tried) >= 4
    assert len({(plan.to_do, plan.hint) for plan in tried}) >= 2
