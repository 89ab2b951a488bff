"""The By owner sheet of a company's many lines, as a person reads it: in each
department the owners with something found first (money or not), those with nothing
found counted on one row, the owner's name once (not again beside each line), a header
no taller than its words need, and totals that still add up."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date

import openpyxl
import pytest

from auditor.lang import using
from auditor.model import Bill, Charge, ReadResult, Service
from auditor.pipeline import AuditOptions, audit_results
from auditor.sheets import BY_OWNER, BY_SERVICE
from auditor.writers import Masker, render_xlsx
from auditor.writers.by_owner import GROUP_TOTAL_FILL, by_owner
from auditor.writers.grouped import LINES as LINES_HEADER
from auditor.writers.grouped import WHICH_LINES
from auditor.writers.measure import bold_width
from auditor.writers.report_figures import report_figures
from auditor.writers.sheet import LINE_HEIGHT

AS_OF = date(2026, 11, 5)
#: Department, owner, what their line has: a service it does not list (money), a bill
#: stating more than its items (a finding with no money), or nothing.
LINES = [
    ("运输部", "张伟", "clean"),
    ("运输部", "王芳", "unknown"),
    ("运输部", "李强", "clean"),
    ("运输部", "赵敏", "mismatch"),
    ("运输部", "刘磊", "clean"),
    ("运输部", "陈静", "clean"),
    ("财务部", "杨军", "clean"),
    ("财务部", "黄洋", "unknown"),
]


def _number(index: int) -> str:
    return f"139000000{index:02d}"


def _report():
    results = []
    for index, (_, _, has) in enumerate(LINES):
        line = _number(index)
        charges = [Charge(line, "2026-10", "plan", "集团套餐", 5800, "套餐及固定费")]
        if has == "unknown":
            charges.append(Charge(line, "2026-10", "vas", "企业彩铃", 500, "增值业务费"))
        stated = sum(c.amount_fen for c in charges) + (1234 if has == "mismatch" else 0)
        bills = [Bill(line, "2026-10", stated, "china-mobile")]  # the charges' source: none
        results.append(ReadResult(f"{line}.csv", line, "csv", "bill", "china-mobile", charges,
                                  bills=bills))  # fmt: skip
        listed = [Service(line, "集团套餐", carrier="china-mobile")]
        results.append(ReadResult(f"{line}-s.csv", line + "s", "csv", "services",
                                  "china-mobile", services=listed))  # fmt: skip
    report = audit_results(results, AuditOptions(as_of=AS_OF))
    report.owners = {_number(i): owner for i, (_, owner, _) in enumerate(LINES)}
    report.groups = {_number(i): group for i, (group, _, _) in enumerate(LINES)}
    return report


def _blocks(rows: list[list]) -> dict[str, list[list]]:
    """Each department's rows, its total first."""
    found: dict[str, list[list]] = {}
    for row in rows:
        found.setdefault(row[0], []).append(row)
    return found


@pytest.mark.parametrize("language", ["zh", "en"])
def test_owners_with_nothing_found_are_one_row_after_those_with_something(language):
    report = _report()
    with using(language):
        listing = by_owner(report, report_figures(report))
    transport = _blocks(listing.rows)["运输部"]
    total, *owners = transport
    assert total[1] == {"zh": "合计", "en": "Total"}[language] and total[2] == 6
    # 王芳's money, then 赵敏's bill that does not add up (no money), then the rest
    assert [row[1] for row in owners[:2]] == ["王芳", "赵敏"]
    [rest] = owners[2:]
    assert rest[1] == {"zh": "其余 4 位机主", "en": "4 other owners"}[language]
    assert (rest[2], rest[4], rest[5], rest[6], rest[7], rest[8]) == (4, 0, 0, None, None, None)
    for owner in ("张伟", "李强", "刘磊", "陈静"):  # named, to be found on the sheet
        assert owner in rest[3][0]
    # the owners' rows add up to their department's, and the departments' to all's
    for column in (2, 4, 6):
        assert sum(row[column] or 0 for row in owners) == (total[column] or 0)
    everyone = listing.rows[-1]
    assert everyone[2] == len(LINES) and listing.fills[-1] == GROUP_TOTAL_FILL


def test_an_owner_alone_with_nothing_found_keeps_a_row_of_their_own():
    report = _report()
    finance = _blocks(by_owner(report, report_figures(report)).rows)["财务部"]
    assert [row[1] for row in finance] == ["合计", "黄洋", "杨军"]


def test_an_owners_lines_are_not_named_after_them_again():
    report = _report()
    rows = [row for row in by_owner(report, report_figures(report)).rows if row[1] == "王芳"]
    assert rows[0][3] == [_number(1)]


def test_the_header_is_as_tall_as_its_words_need():
    with using("en"):
        data = render_xlsx(_report(), Masker())
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        names = re.findall(r'<sheet name="([^"]+)"', book.read("xl/workbook.xml").decode())
        sheet = book.read(f"xl/worksheets/sheet{names.index('By owner') + 1}.xml").decode()
    first = re.search(r'<row r="1"[^>]*>', sheet).group(0)
    height = re.search(r'ht="([\d.]+)"', first)
    # "To act on", "Refunds due", "Which lines": two lines at most, never one a word
    assert height is None or float(height.group(1)) < 2 * LINE_HEIGHT + 1  # (rounded up)


@pytest.mark.parametrize("language", ["zh", "en"])
def test_a_header_that_prints_on_one_line_is_in_a_row_one_line_tall(language):
    # Measured a Latin letter a digit wide, "To act on" and "Refunds due" were given two
    # lines over columns they print in on one, and the row stood half empty
    with using(language):
        book = openpyxl.load_workbook(io.BytesIO(render_xlsx(_report(), Masker())))
        table = book[str(BY_OWNER)]
    assert table.row_dimensions[1].height is None  # the sheet's one line
    for cell in table[1]:  # each header has room for itself, bold, and a gap to the next
        width = table.column_dimensions[cell.column_letter].width
        assert width >= bold_width(cell.value), cell.value


def test_owners_of_no_group_with_nothing_found_are_one_row_before_the_total():
    report = _report()
    report.groups = {}
    with using("en"):
        rows = by_owner(report, report_figures(report)).rows
    *owners, everyone = rows
    assert [row[1] for row in owners] == ["王芳", "黄洋", "赵敏", "5 other owners"]
    assert owners[-1][2] == 5 and everyone[1:3] == ["Total", len(LINES)]
    assert sum(row[2] for row in owners) == everyone[2]


@pytest.mark.parametrize("language", ["zh", "en"])
def test_a_count_of_lines_stands_apart_from_the_lines_beside_it(language):
    # Right-aligned, the count ran into the left-aligned numbers after it: "1 138****1234"
    with using(language):
        book = openpyxl.load_workbook(io.BytesIO(render_xlsx(_report(), Masker())))
        lines, which = str(LINES_HEADER), str(WHICH_LINES)
        sheets = [str(BY_OWNER), str(BY_SERVICE)]
    for sheet in sheets:
        table = book[sheet]
        header = [cell.value for cell in table[1]]
        count = header.index(lines) + 1
        assert header[count] == which
        cells = [row[count - 1] for row in table.iter_rows(min_row=1)]
        assert len(cells) > 2 and any(cell.value for cell in cells[1:])
        for cell in cells:
            if cell.value is not None:
                assert cell.alignment.horizontal == "center", (sheet, cell.coordinate)
