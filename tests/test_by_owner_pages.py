"""By owner on paper for a company: 120 lines in six departments print on one page, in
either language (a department's list of names ran onto a second), and a sheet of many
more rows is not shrunk to one."""

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
from auditor.writers.page import LEAST_SCALE

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋"
GIVEN = ["伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰"]
DEPARTMENTS = ["运输部", "财务部", "市场营销部", "人力资源部", "信息技术部", "客户服务中心"]


def _company(lines: int, every: int):
    """``lines`` lines, one owner each, in six departments; every ``every``-th line has
    a service its list does not hold (a finding with money), the rest nothing found."""
    results = []
    for index in range(lines):
        line = f"139{index:08d}"
        charges = [Charge(line, "2026-10", "plan", "集团套餐", 5800, "套餐及固定费")]
        if index % every == 1:
            charges.append(Charge(line, "2026-10", "vas", "企业彩铃", 500, "增值业务费"))
        stated = sum(charge.amount_fen for charge in charges)
        bills = [Bill(line, "2026-10", stated, "china-mobile")]
        results.append(
            ReadResult(f"{line}.csv", line, "csv", "bill", "china-mobile", charges, bills=bills)
        )
        listed = [Service(line, "集团套餐", carrier="china-mobile")]
        results.append(
            ReadResult(f"{line}-s.csv", line + "s", "csv", "services", "china-mobile",
                       services=listed)
        )  # fmt: skip
    report = audit_results(results, AuditOptions(as_of=date(2026, 11, 5)))
    numbers = [f"139{index:08d}" for index in range(lines)]
    report.owners = {
        line: SURNAMES[i % len(SURNAMES)] + GIVEN[i // len(SURNAMES) % len(GIVEN)]
        for i, line in enumerate(numbers)
    }
    report.groups = {line: DEPARTMENTS[i % len(DEPARTMENTS)] for i, line in enumerate(numbers)}
    return report


def _page_setup(report, language: str):
    with using(language):
        book = openpyxl.load_workbook(io.BytesIO(render_xlsx(report, Masker())))
        sheet = book[str(BY_OWNER)]
    return sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.page_setup


@pytest.mark.parametrize("language", ["zh", "en"])
def test_a_company_of_120_lines_prints_by_owner_on_one_page(language):
    report = _company(120, every=7)  # 17 owners with a finding, the rest one row a department
    fitted, setup = _page_setup(report, language)
    # one page wide and tall (1, Excel's default, is left unwritten)
    assert fitted and setup.fitToWidth in (None, 1) and setup.fitToHeight in (None, 1)


def test_a_longer_by_owner_is_not_shrunk_onto_one_page():
    report = _company(240, every=2)  # 120 owners with a finding: a row each, pages of them
    fitted, setup = _page_setup(report, "zh")
    # as many pages as it takes: fit to its width alone, or (its pages broken between
    # departments, which a sheet fit to its page would drop) at its width's scale
    assert (fitted and setup.fitToWidth in (None, 1) and setup.fitToHeight == 0) or (
        not fitted and setup.scale >= LEAST_SCALE
    )
