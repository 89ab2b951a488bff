"""Every real carrier export in ``fixtures/realworld/`` read as its README's last column says.

Each sample has a golden (its charges, services, bills and row accounting: the test fails
if any charge, line, month or total changes) and, beside it, the facts a person checks
by eye: the carrier, the lines, each bill's stated and parsed totals, and the findings an
audit of the file alone gives. Samples that carry no line (or no month) are read with the
``--line`` (``--period``) a user would give; the error without it is tested too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest
from fuzzing import unexplained_empty_bills
from readers_golden import check_golden, normalised

from auditor.model import ReadResult
from auditor.pipeline import AuditOptions, run_audit
from auditor.readers import ReadOptions, read_file
from auditor.readers.base import NO_LINE_FOUND
from auditor.readers.detect import NO_PERIOD

# Reader errors and warnings are checked as an English-speaking user reads them.
pytestmark = pytest.mark.usefixtures("english")

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "fixtures" / "realworld"
GOLDEN = Path(__file__).resolve().parent / "golden" / "realworld"
AS_OF = date(2026, 11, 25)


@dataclass
class Sample:
    """What a correct reading of one sample gives."""

    name: str
    carrier: str
    kind: str
    #: (line, period) → (stated total in fen or None, parsed total in fen, partial)
    bills: dict[tuple[str, str], tuple[int | None, int, bool]] = field(default_factory=dict)
    services: int = 0
    #: (rule, line, service) of every finding an audit of this file alone gives
    findings: set[tuple[str, str, str]] = field(default_factory=set)
    line: str | None = None  # the --line the sample needs (it states none, or masks it)
    period: str | None = None  # the --period the sample needs
    #: the error the sample gives without the options above
    without_options: str | None = None
    alerts: int = 0  # how many alerts (printed on stderr) the reading raises


# The line a user gives for samples that carry none: one of the sample's carrier, as a
# number of another carrier's prefix raises an alert (see tests/test_clues.py).
L, U, T = "13800001234", "18600005678", "18900189003"
SAMPLES_READ = [
    Sample(
        "china-mobile-billinfo.json",
        "china-mobile",
        "bill",
        {
            (L, "2018-01"): (4758, 4758, False),
            (L, "2018-02"): (7014, 7014, False),
            (L, "2018-03"): (22526, 22526, False),
            (L, "2018-04"): (5360, 5360, False),
            (L, "2018-05"): (3384, 3384, False),
            (L, "2018-06"): (2304, 2304, False),
        },
        line=L,
        without_options=NO_LINE_FOUND.en,
    ),
    Sample(
        "china-mobile-billinfo-jiangsu-2016.json",
        "china-mobile",
        "bill",
        {
            (L, "2016-06"): (9640, 9640, False),
            (L, "2016-07"): (7530, 7530, False),
            (L, "2016-08"): (7230, 7230, False),
            (L, "2016-09"): (7350, 7350, False),
            (L, "2016-10"): (7830, 7830, False),
            # 2016-11 0.00 with no sections: not yet billed, so no bill at all
        },
        findings={("unknown-vas", L, "宽带包时套餐费")},
        line=L,
        without_options=NO_LINE_FOUND.en,
    ),
    Sample(
        "china-mobile-billinfo-heilongjiang-2016.json",
        "china-mobile",
        "bill",
        {
            # 2016-06 and 2016-07: billFee "-0" and no sections: no bill
            (L, "2016-08"): (2628, 2628, False),
            (L, "2016-09"): (1900, 1900, False),
            (L, "2016-10"): (1900, 1900, False),
            (L, "2016-11"): (434, 434, False),  # section amounts only
        },
        line=L,
    ),
    Sample(
        "china-mobile-billinfo-hunan-2016.json",
        "china-mobile",
        "bill",
        {
            (L, "2016-08"): (1800, 1800, False),
            (L, "2016-09"): (1857, 1857, False),
            (L, "2016-10"): (1800, 1800, False),  # 总费用优惠费 18.00 under 其他费用: a charge
            (L, "2016-11"): (1652, 1652, False),  # a section amount only
        },
        line=L,
    ),
    Sample(
        "china-mobile-bill-by-month-infospider-2020.json",
        "china-mobile",
        "bill",
        {
            # 2020-07 is an empty list: no bill; no month states a total
            (L, "2020-05"): (None, 4800, False),
            (L, "2020-06"): (None, 4800, False),
        },
        line=L,
        without_options=NO_LINE_FOUND.en,
    ),
    Sample(
        "china-unicom-bill-infospider-202006.json",
        "china-unicom",
        "bill",
        {("13000001234", "2020-06"): (3900, 3900, False)},
        line="13000001234",  # the sample masks it as 13*********
        without_options=NO_LINE_FOUND.en,
    ),
    Sample(
        "china-unicom-ordered-products-2024.json",
        "china-unicom",
        "services",
        services=44,  # 1 main plan, 21 other products, 2 data packages, 20 network functions
        line="15500008888",  # the sample masks it as 155****8888
        without_options=NO_LINE_FOUND.en,
    ),
    Sample(
        "china-telecom-family-bill-2lines.json",
        "china-telecom",
        "bill",
        {
            ("17300000401", "2026-10"): (15030, 15030, False),
            ("17300000402", "2026-10"): (10, 10, False),
        },
        findings={("unknown-vas", "17300000401", "SP短信信息费")},
        period="2026-10",
        without_options=NO_PERIOD.en,
    ),
    Sample(
        "china-telecom-bill-shandong-html-in-json-201705.json",
        "china-telecom",
        "bill",
        {("18900001964", "2017-05"): (405, 405, False)},
    ),
    Sample(
        "china-telecom-bill-sms-noyear.txt",
        "china-telecom",
        "bill",
        {(T, "2026-07"): (7900, 0, True)},  # 本期实际消费 79.00; 应付 38.94 is not the total
        line=T,
        period="2026-07",
    ),
    Sample(
        "china-unicom-bill-sms.txt",
        "china-unicom",
        "bill",
        {(U, "2022-06"): (2240, 2240, True)},  # 主要费用项: main items only, never reconciled
        # 增值业务费 0.40 names no service: a value-added amount nobody listed as known
        findings={("unknown-vas", U, "增值业务费（未列明项目）")},
        line=U,  # 尊敬的12345678912用户 is not a phone number
        without_options=NO_LINE_FOUND.en,
    ),
    Sample(
        "china-unicom-bill-notice-sms-2025-12-noamount.txt",
        "china-unicom",
        "bill",
        alerts=1,  # a bill notice without amounts: nothing to audit
    ),
    Sample(
        "china-mobile-order-confirmation-sms-2014.txt",
        "china-mobile",
        "services",
        services=2,  # 芒果TV手机视频包月业务 10元/月 from 2014-10-10; 飞信 free
        # a paid value-added service on the list, never billed here: 'subscribed, not charged yet'
        findings={("unknown-vas", L, "芒果TV手机视频包月业务")},
        line=L,
        without_options=NO_LINE_FOUND.en,
    ),
]
CASES = [pytest.param(s, id=s.name) for s in SAMPLES_READ]


def options(sample: Sample) -> ReadOptions:
    """The options a user gives for this sample."""
    return ReadOptions(line=sample.line, period=sample.period, as_of=AS_OF)


def read(sample: Sample) -> ReadResult:
    """The sample read through the registry, as the audit reads it."""
    return read_file(SAMPLES / sample.name, options(sample))


def test_every_sample_has_a_case():
    named = {s.name for s in SAMPLES_READ}
    on_disk = {p.name for p in SAMPLES.iterdir() if p.name != "README.md"}
    assert named == on_disk


@pytest.mark.parametrize("sample", CASES)
def test_golden(sample):
    check_golden(GOLDEN / f"{sample.name}.json", normalised(read(sample)))


@pytest.mark.parametrize("sample", CASES)
def test_reading(sample):
    result = read(sample)
    assert result.error is None, result.error
    assert (result.carrier, result.kind) == (sample.carrier, sample.kind)
    parsed: dict[tuple[str, str], int] = {}
    for charge in result.charges:
        key = (charge.line, charge.period)
        parsed[key] = parsed.get(key, 0) + charge.amount_fen
    got = {
        (b.line, b.period): (b.stated_total_fen, parsed.get((b.line, b.period), 0), b.partial)
        for b in result.bills
    }
    assert got == sample.bills
    assert len(result.services) == sample.services
    assert len(result.alerts) == sample.alerts, result.alerts


@pytest.mark.parametrize("sample", CASES)
def test_every_record_is_accounted_for(sample):
    result = read(sample)
    accounted = result.rows_used + sum(result.set_aside.values()) + len(result.unparseable)
    assert result.rows_read == accounted
    assert result.rows_read > 0


@pytest.mark.parametrize("sample", CASES)
def test_no_bill_states_money_it_does_not_hold_unexplained(sample):
    assert unexplained_empty_bills(read(sample)) == []


@pytest.mark.parametrize("sample", CASES)
def test_findings(sample):
    report = run_audit([SAMPLES / sample.name], AuditOptions(as_of=AS_OF, read=options(sample)))
    assert not report.failed_inputs
    assert {(f.rule, f.line, f.service) for f in report.findings} == sample.findings


@pytest.mark.parametrize(
    "sample", [pytest.param(s, id=s.name) for s in SAMPLES_READ if s.without_options]
)
def test_without_the_options_it_needs_the_error_names_them(sample):
    result = read_file(SAMPLES / sample.name, ReadOptions(as_of=AS_OF))
    assert result.error == sample.without_options
