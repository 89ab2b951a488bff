"""By owner's rows as they print: a row of owners with nothing found is as tall as the
lines its names print on (they are broken into lines, each fitting its column: left to
wrap, our rule kept "、" off a line's start and LibreOffice does not, a row a line too
tall)."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest

from auditor.lang import using
from auditor.model import Bill, Charge, ReadResult, Service
from auditor.pipeline import AuditOptions, audit_results
from auditor.sheets import BY_OWNER
from auditor.writers import Masker, render_xlsx
from auditor.writers.measure import MAX_WIDTH, text_lines
from auditor.writers.sheet import LINE_HEIGHT

SURNAMES = "王何刘吴周孙张徐朱李杨林罗胡赵郭陈马高黄"


def _report(quiet: int):
    """A department of ``quiet`` + 1 owners: the first charged a service its list does not
    hold, the others nothing found."""
    results, owners = [], {}
    for index in range(quiet + 1):
        line = f"139000000{index:02d}"
        charges = [Charge(line, "2026-10", "plan", "集团套餐", 5800, "套餐及固定费")]
        if index == 0:
            charges.append(Charge(line, "2026-10", "vas", "企业彩铃", 500, "增值业务费"))
        bills = [Bill(line, "2026-10", sum(c.amount_fen for c in charges), "china-mobile")]
        results.append(ReadResult(f"{line}.csv", line, "csv", "bill", "china-mobile", charges,
                                  bills=bills))  # fmt: skip
        listed = [Service(line, "集团套餐", carrier="china-mobile")]
        results.append(ReadResult(f"{line}-s.csv", line + "s", "csv", "services",
                                  "china-mobile", services=listed))  # fmt: skip
        owners[line] = SURNAMES[index] + "伟"
    report = audit_results(results, AuditOptions(as_of=date(2026, 11, 5)))
    report.owners = owners
    report.groups = dict.fromkeys(owners, "运输部")
    return report


def _sheet(language: str, quiet: int):
    with using(language):
        book = openpyxl.load_workbook(io.BytesIO(render_xlsx(_report(quiet), Masker())))
        return book[str(BY_OWNER)]


@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize("quiet", [2, 12, 19])
def test_the_names_of_owners_with_nothing_found_print_on_the_lines_the_row_has(language, quiet):
    sheet = _sheet(language, quiet)
    [row] = [row for row in sheet.iter_rows(min_row=2) if row[4].value == 0]
    names = row[3].value.split("\n")
    assert sum(name.count("伟") for name in names) == quiet
    for line in names:  # each fits its column: no line of its own wraps
        assert text_lines(line, MAX_WIDTH + 1) == 1, line
    assert all(line.endswith(("、", ",")) for line in names[:-1])
    height = sheet.row_dimensions[row[0].row].height
    # (in whole pixels, as a sheet's rows are: 32 points are 32.25)
    tall = round(LINE_HEIGHT * len(names) * 4 / 3) * 3 / 4 if len(names) > 1 else None
    assert height == tall
