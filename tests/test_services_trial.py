"""The Services sheet says which entries are on a trial: a price text stating a free or
cheaper first period (首月0元 次月起6元/月) is read as the price after it, the Monthly
column's, so without the word the sheet showed a trial as a plain 6.00 a month service
(the history has kept the fact since schema 17, ``services.trial``)."""

from __future__ import annotations

import io

import openpyxl
import pytest
import xlsxwriter

from auditor import lang
from auditor.model import ACTIVE, ENDED, Service
from auditor.trial_price import states_trial
from auditor.values import parse_price
from auditor.writers import Masker
from auditor.writers.cells import Styles
from auditor.writers.listings import service_listing
from auditor.writers.sheet import SheetLimits, write_listing

PRICE = "首月0元 次月起6元/月"


def _service(name: str, price: str, status: str = ACTIVE) -> Service:
    """An entry as a service-list reader makes it of ``price``'s text."""
    return Service("13800001234", name, price_fen=parse_price(price), status=status,
                   trial=states_trial(price), source="services.csv", locator="第 2 行")  # fmt: skip


def _statuses(language: str) -> dict[str, str]:
    """Each entry's Status cell as the written sheet shows it, by its name."""
    services = [
        _service("视频彩铃订阅", PRICE),
        _service("来电显示", "6元/月"),
        _service("咪咕阅读会员", "10元/月（首月免费）", ENDED),
    ]
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer)
    with lang.using(language):
        listing = service_listing(services)
        write_listing(book, Masker(), Styles(book), listing, SheetLimits())
    book.close()
    sheet = openpyxl.load_workbook(io.BytesIO(buffer.getvalue())).worksheets[0]
    cells = [[cell.value for cell in row] for row in sheet.iter_rows()]
    name = cells[0].index("业务名称" if language == "zh" else "Name")
    status = cells[0].index("状态" if language == "zh" else "Status")
    return {row[name]: row[status] for row in cells[1:]}


@pytest.mark.parametrize(
    ("language", "trial", "plain", "ended"),
    [
        ("zh", "在用（试用）", "在用", "已结束（试用）"),
        ("en", "Active (trial)", "Active", "Ended (trial)"),
    ],
)
def test_a_trial_entry_says_so_in_its_status_in_both_languages(language, trial, plain, ended):
    shown = _statuses(language)
    assert shown["视频彩铃订阅"] == trial
    assert shown["来电显示"] == plain  # 6元/月 throughout: no trial
    assert shown["咪咕阅读会员"] == ended
