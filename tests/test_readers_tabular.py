"""The tabular readers on every file of the demo household, against committed goldens.

Each input's records (charges, services, bills; money in fen) are compared with
``tests/golden/household/<relative path>.csv``, and every file's reading summary with
``tests/golden/household/summary.csv``. After an intended change, regenerate them with
``AUDITOR_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_readers_tabular.py`` and review the
diff; without the variable a mismatch fails.
"""

from __future__ import annotations

import csv
import io
import os
from dataclasses import asdict, fields
from datetime import date
from pathlib import Path

import pytest

from auditor import lang
from auditor.model import Bill, Charge, ReadResult, Service
from auditor.readers import ReadOptions, collect_inputs, read_file

ROOT = Path(__file__).resolve().parent.parent
HOUSEHOLD = ROOT / "fixtures" / "household"
GOLDEN = Path(__file__).resolve().parent / "golden" / "household"
UPDATE = os.environ.get("AUDITOR_UPDATE_GOLDEN") == "1"

RECORD_TYPES = {"charge": Charge, "service": Service, "bill": Bill}
FIELDS = (f.name for t in RECORD_TYPES.values() for f in fields(t) if f.name != "source")
COLUMNS = ["record", *dict.fromkeys(FIELDS)]
SUMMARY_COLUMNS = [
    "path",
    "reader",
    "kind",
    "carrier",
    "lines",
    "periods",
    "rows_read",
    "set_aside",
    "unparseable",
    "warnings",
    "error",
]

INPUTS = collect_inputs([HOUSEHOLD])


def _text(value: object) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat(sep=" ")
    return str(value)


def records_csv(result: ReadResult) -> str:
    """The normalised records of one input as CSV text (the golden's format)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, COLUMNS, lineterminator="\n")
    writer.writeheader()
    for record, items in (
        ("charge", result.charges),
        ("service", result.services),
        ("bill", result.bills),
    ):
        for item in items:
            row = {k: _text(v) for k, v in asdict(item).items() if k != "source"}
            writer.writerow({"record": record, **row})
    return out.getvalue()


def summary_row(path: Path, result: ReadResult) -> dict[str, str]:
    """What the Inputs sheet would say about one input."""
    return {
        "path": path.relative_to(HOUSEHOLD).as_posix(),
        "reader": result.reader,
        "kind": _text(result.kind),
        "carrier": _text(result.carrier),
        "lines": " ".join(result.lines),
        "periods": " ".join(result.periods),
        "rows_read": str(result.rows_read),
        "set_aside": " ".join(f"{k}={v}" for k, v in sorted(result.set_aside.items())),
        "unparseable": str(len(result.unparseable)),
        "warnings": " | ".join(result.warnings),
        "error": _text(result.error),
    }


def check_golden(golden: Path, actual: str) -> None:
    """Compare with the golden file; rewrite it instead when AUDITOR_UPDATE_GOLDEN=1."""
    if UPDATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
        return
    assert golden.is_file(), f"no golden {golden}; run with AUDITOR_UPDATE_GOLDEN=1"
    assert actual == golden.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def results() -> dict[Path, ReadResult]:
    # The goldens hold locators ("sheet 账单 row 6") as an English reading writes them.
    with lang.using("en"):
        return {path: read_file(path, ReadOptions()) for path in INPUTS}


def test_household_has_every_designed_file():
    names = sorted(p.relative_to(HOUSEHOLD).as_posix() for p in INPUTS)
    assert len(names) == 15
    assert "china-telecom/18900189003/services.csv" in names
    assert "data-card/14700002222-已订业务.csv" in names
    assert "auditor.toml" not in names


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: p.relative_to(HOUSEHOLD).as_posix())
def test_household_file_matches_golden(path: Path, results):
    result = results[path]
    assert result.error is None
    golden = GOLDEN / f"{path.relative_to(HOUSEHOLD).as_posix()}.csv"
    check_golden(golden, records_csv(result))


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: p.relative_to(HOUSEHOLD).as_posix())
def test_every_row_is_accounted_for(path: Path, results):
    result = results[path]
    accounted = (
        len(result.charges)
        + len(result.services)
        + sum(result.set_aside.values())
        + len(result.unparseable)
    )
    assert result.rows_read > 0
    assert accounted == result.rows_read


def test_household_summary_matches_golden(results):
    out = io.StringIO()
    writer = csv.DictWriter(out, SUMMARY_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for path in INPUTS:
        writer.writerow(summary_row(path, results[path]))
    check_golden(GOLDEN / "summary.csv", out.getvalue())


# (line, month) -> (stated total, parsed sum) as fixtures/HOUSEHOLD.md designs them.
EXPECTED_BILLS = {
    ("13800001234", "2026-08"): (4250, 4250),
    ("13800001234", "2026-09"): (4020, 4020),
    ("13800001234", "2026-10"): (4130, 4130),
    ("18600005678", "2026-08"): (4140, 4140),
    ("18600005678", "2026-09"): (4900, 4900),
    ("18600005678", "2026-10"): (5360, 5360),
    ("18900189003", "2026-08"): (3900, 3900),
    ("18900189003", "2026-09"): (3500, 3500),
    ("18900189003", "2026-10"): (4100, 3900),  # the missing 短信费 2.00 item
    ("19200001111", "2026-08"): (950, 950),
    ("19200001111", "2026-09"): (2880, 2880),  # the plan billed twice
    ("19200001111", "2026-10"): (3010, 3010),
    ("14700002222", "2026-08"): (800, 800),
    ("14700002222", "2026-09"): (500, 500),
    ("14700002222", "2026-10"): (500, 500),
}


def test_household_bills_reconcile_as_designed(results):
    found = {}
    for result in results.values():
        for bill in result.bills:
            parsed = sum(
                c.amount_fen
                for c in result.charges
                if (c.line, c.period) == (bill.line, bill.period)
            )
            found[(bill.line, bill.period)] = (bill.stated_total_fen, parsed)
    assert found == EXPECTED_BILLS


def test_no_section_or_total_is_a_charge(results):
    labels = {"本月费用合计", "实际应缴合计", "合计", "套餐及固定费", "增值业务费", "优惠费用"}
    for result in results.values():
        for charge in result.charges:
            if charge.item in labels:
                # 优惠费用 is both a section and its own item on the telecom bill.
                assert (charge.item, charge.section) == ("优惠费用", "优惠费用")


def test_household_services_have_designed_states(results):
    services = {
        (s.line, s.name): (s.status, s.price_fen, s.expires, s.cancelled)
        for r in results.values()
        for s in r.services
    }
    assert len(services) == 19
    assert services[("13800001234", "5G智享套餐（个人版）")][0] == "pending"
    status, price, expires, cancelled = services[("13800001234", "视频彩铃订阅-酷电秀专属6元包")]
    assert (status, price, expires, cancelled.isoformat()) == (
        "ended",
        600,
        None,
        "2026-09-15T14:02:00",
    )
    assert services[("13800001234", "4G飞享18元套餐（2018版）")][2].isoformat() == (
        "2026-12-01T00:00:00"
    )
    assert services[("18600005678", "联通视频彩铃")][1] == 0
    assert services[("18900189003", "翼铃高级VIP")][0] == "ended"
    promotion = services[("19200001111", "新入网话费优惠（3个月）")]
    assert (promotion[0], promotion[2].isoformat()) == ("ended", "2026-10-01T00:00:00")
    status, price, expires, _ = services[("14700002222", "承诺在网24个月（流量卡优惠）")]
    assert (status, price, expires.isoformat()) == ("active", None, "2027-04-01T00:00:00")
    assert services[("14700002222", "停机保号")][:2] == ("active", 500)


def test_generator_is_deterministic(tmp_path, monkeypatch):
    """Running the generator again writes the committed bytes."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "make_household", ROOT / "fixtures" / "make_household.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "ROOT", tmp_path)
    module.main()
    written = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    committed = sorted(p.relative_to(HOUSEHOLD) for p in HOUSEHOLD.rglob("*") if p.is_file())
    assert written == committed
    for relative in written:
        assert (tmp_path / relative).read_bytes() == (HOUSEHOLD / relative).read_bytes(), relative


@pytest.mark.parametrize(
    ("name", "header"),
    [("13900002222-账单-2026年10月.csv", "费用项目,金额(元)\n"),
     ("13900002222-已订业务.csv", "业务名称,业务类型,资费,订购时间,生效时间,失效时间,状态\n")],
)  # fmt: skip
def test_a_header_without_rows_is_said_not_passed_for_a_clean_file(tmp_path, name, header):
    from auditor.readers.base import NOTHING_READ

    path = tmp_path / name
    path.write_text(header, "utf-8")
    result = read_file(path, ReadOptions())
    assert result.error is None
    assert (result.charges, result.services, result.bills) == ([], [], [])
    assert result.alerts == [NOTHING_READ.shown()]  # said on stderr and in the Inputs sheet


def test_a_month_billed_after_the_audit_date_is_said(english):
    path = HOUSEHOLD / "china-mobile" / "中国移动账单-2026年10月.xlsx"
    early = read_file(path, ReadOptions(as_of=date(2026, 9, 10)))
    assert early.alerts == [
        "billed month 2026-10 comes after the audit date 2026-09-10 (--as-of): audited as "
        "given; is the date right?"
    ]
    assert early.charges == read_file(path, ReadOptions(as_of=date(2026, 11, 5))).charges
    assert read_file(path, ReadOptions(as_of=date(2026, 11, 5))).alerts == []


def test_a_file_filed_under_another_lines_folder_is_said(tmp_path, english):
    folder = tmp_path / "18600009999"
    folder.mkdir()
    path = folder / "联通账单-2026年08月.csv"
    path.write_bytes((HOUSEHOLD / "china-unicom" / "联通账单-2026年08月.csv").read_bytes())
    plain = read_file(path, ReadOptions())
    assert plain.lines == ["18600005678"]
    assert plain.alerts == [
        "its file name or folder says line 18600009999, the document holds 18600005678: "
        "read as the document says"
    ]
    told = read_file(path, ReadOptions(line="18600001111"))
    assert told.lines == ["18600001111"]
    assert "its file name or folder says line 18600009999: read as 18600001111 (--line)" in (
        told.alerts
    )
    assert not any("as the document says" in alert for alert in told.alerts)
