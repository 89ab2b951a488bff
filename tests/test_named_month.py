"""A file named for one month that holds another's bill: read as the month it holds, with
an alert naming both, because the user likely meant to give the named month."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from auditor import lang
from auditor.readers import ReadOptions, read_file
from auditor.readers.detect import NamedMonth, months_named
from auditor.readers.pool import read_files

# Reader alerts are checked as an English-speaking user reads them (one test: Chinese).
pytestmark = pytest.mark.usefixtures("english")

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
EBILL = FIXTURES / "ebill"
SEPTEMBER = EBILL / "china-mobile" / "中国移动账单-2026年09月.eml"
OPTIONS = ReadOptions(as_of=date(2026, 11, 5))


def _named_alerts(path: Path, options: ReadOptions = OPTIONS) -> list[str]:
    result = read_file(path, options)
    assert result.error is None, result.error
    return [a for a in result.alerts if a.startswith("named for") or a.startswith("文件名写的是")]


def _saved_as(tmp_path: Path, source: Path, name: str) -> Path:
    target = tmp_path / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(source.read_bytes())
    return target


@pytest.mark.parametrize(
    ("name", "named"),
    [
        ("我的账单-10月.eml", "2026-10 (10月)"),
        ("我的账单-2026年10月.eml", "2026-10 (2026年10月)"),
        ("账单202610.eml", "2026-10 (202610)"),
        ("账单-2026-10.eml", "2026-10"),
        ("13800001234-2026.10账单.eml", "2026-10 (2026.10)"),
        ("账单-10-11月.eml", "2026-10–2026-11 (10-11月)"),
    ],
)
def test_an_ebill_named_for_another_month_says_so(tmp_path, name, named):
    path = _saved_as(tmp_path, SEPTEMBER, name)
    result = read_file(path, OPTIONS)
    assert result.periods == ["2026-09"]  # read as what it holds
    assert _named_alerts(path) == [
        f"named for {named} but it holds the bill of 2026-09: check you exported the right month"
    ]


def test_the_alert_in_chinese(tmp_path):
    path = _saved_as(tmp_path, SEPTEMBER, "我的账单-10月.eml")
    with lang.using("zh"):
        alerts = _named_alerts(path)
    assert alerts == [
        "文件名写的是 2026-10（10月），但其中是 2026-09 的账单：请确认导出的月份对不对"
    ]


@pytest.mark.parametrize(
    "source",
    [
        EBILL / "china-telecom" / "电信账单-2026年08月.eml",
        EBILL / "china-unicom" / "联通账单-2026年08月.mht",
        EBILL / "china-unicom" / "联通账单-2026年09-10月.html",
    ],
    ids=["telecom-eml", "unicom-mht", "unicom-html-two-months"],
)
def test_every_carriers_ebill_under_a_misleading_name(tmp_path, source):
    path = _saved_as(tmp_path, source, f"账单-2026年12月{source.suffix}")
    held = read_file(source, OPTIONS).periods
    (alert,) = _named_alerts(path)
    shown = ", ".join(held)
    assert alert.startswith("named for 2026-12 (2026年12月) but it holds the bill")
    assert f" of {shown}: check you exported the right month" in alert


@pytest.mark.parametrize(
    "name",
    [
        "我的账单-9月.eml",  # the month it holds, without its year
        "中国移动账单-2026年09月.eml",
        "账单-2026年08-10月.eml",  # a range that holds it
        "13800001234-账单.eml",  # a phone number is no month
        "18620261012-账单.eml",  # nor one whose digits hold 202610
        "账单-导出于2026-10-05.eml",  # a date with its day: an export's, no billing month
        "账单-20261005.eml",
        "Screenshot_2026-10-12-10-30-00.eml",
        "账单-10月5日下载.eml",
        "账单-12个月.eml",
    ],
)
def test_no_alert_when_the_name_agrees_or_states_no_month(tmp_path, name):
    assert _named_alerts(_saved_as(tmp_path, SEPTEMBER, name)) == []


def test_a_folder_named_for_the_audits_month_is_no_clue(tmp_path):
    # ~/bills/2026-10/ holds September's bill: the month it came in
    assert _named_alerts(_saved_as(tmp_path, SEPTEMBER, "2026-10/移动账单.eml")) == []


def test_period_given_is_no_clue_against_the_name(tmp_path):
    path = _saved_as(tmp_path, SEPTEMBER, "我的账单-10月.eml")
    assert _named_alerts(path, ReadOptions(as_of=OPTIONS.as_of, period="2026-09")) == []


def test_a_service_list_holds_no_month_to_compare(tmp_path):
    services = FIXTURES / "household" / "china-mobile" / "13800001234-已订业务.csv"
    assert _named_alerts(_saved_as(tmp_path, services, "13800001234-已订业务-2026年10月.csv")) == []


def test_months_a_name_states():
    assert months_named("联通账单-2026年08-10月") == [
        NamedMonth("2026年08-10月", months=("2026-08", "2026-09", "2026-10"))
    ]
    assert months_named("2025年11月-2026年01月") == [
        NamedMonth("2025年11月-2026年01月", months=("2025-11", "2025-12", "2026-01"))
    ]
    assert months_named("9月-10月账单") == [NamedMonth("9月-10月", numbers=(9, 10))]
    assert months_named("ＩＭＧ＿２０２６１０１２＿１０３０００") == []  # full width, a time
    assert months_named("微信图片_202610121030") == []
    assert months_named("2026年13月 账单") == []
    # a copy's number, a quarter, a date spelled with spaces: no month (a review's finds)
    assert months_named("IMG_2012 2") == []
    assert months_named("2026年3季度账单") == []
    assert months_named("账单 2026 10 05") == []
    # a range over the new year
    assert months_named("2026年12月-1月") == [
        NamedMonth("2026年12月-1月", months=("2026-12", "2027-01"))
    ]
    assert months_named("12-1月账单") == [NamedMonth("12-1月", numbers=(12, 1))]
    # 天翼 and 号码 are words, not a day after the month
    assert months_named("2026-10天翼账单") == [NamedMonth("2026-10", months=("2026-10",))]
    assert months_named("202610号码账单") == [NamedMonth("202610", months=("2026-10",))]


def test_no_fixture_is_named_for_a_month_it_does_not_hold():
    # Every fixture whose name states a month, read as the audits read it: none gets the
    # alert (the fixtures are named as the carriers and users name their files).
    paths = [
        path
        for path in sorted(FIXTURES.rglob("*"))
        if path.is_file() and path.suffix not in (".py", ".md") and months_named(path.stem)
    ]
    assert len(paths) > 30
    results = read_files(paths, OPTIONS, jobs=2)
    assert sum(1 for result in results if result.periods) > 30
    flagged = [(r.path, a) for r in results for a in r.alerts if a.startswith("named for")]
    assert flagged == []
