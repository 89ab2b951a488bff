"""The same bill read from several files is counted once, and the copies say so."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from auditor.pipeline import AuditOptions, run_audit

# Reader errors and warnings are checked as an English-speaking user reads them.
pytestmark = pytest.mark.usefixtures("english")

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
OPTIONS = AuditOptions(as_of=date(2026, 11, 5), known_services=["彩铃功能费", "腾讯视频会员"])


def _findings(report) -> list[tuple]:
    return sorted(
        (f.rule, f.line, f.service, tuple(f.periods), f.amount_fen) for f in report.findings
    )


def test_xlsx_pdf_and_json_copies_of_one_bill_count_once():
    once = run_audit([FIXTURES / "household" / "china-mobile"], OPTIONS)
    thrice = run_audit(
        [
            FIXTURES / "household" / "china-mobile",
            FIXTURES / "pdf" / "household-a",
            FIXTURES / "json" / "china-mobile",
        ],
        OPTIONS,
    )
    assert _findings(thrice) == _findings(once)
    assert sorted(check.bill.period for check in thrice.bills) == ["2026-08", "2026-09", "2026-10"]
    assert sum(c.amount_fen for c in thrice.charges) == sum(c.amount_fen for c in once.charges)
    copies = [r for r in thrice.inputs if r.set_aside["duplicate"]]
    assert {Path(r.path).suffix for r in copies} == {".pdf", ".json"}
    for result in copies:
        assert not result.charges and not result.bills
        assert any("this copy was not counted" in w for w in result.warnings)
        aside = sum(result.set_aside.values())
        assert result.rows_read == result.rows_used + aside + len(result.unparseable)
        # the copy still held its line's months: the Inputs sheet and the JSON say so
        lines, months = result.held()
        assert lines == ["13800001234"] and months
        assert months == sorted({bill.period for bill in result.copies})


def test_the_full_bill_wins_over_a_reminder_sms_of_the_same_month(tmp_path):
    full = tmp_path / "18600005678" / "联通账单-2026年10月.csv"
    full.parent.mkdir()
    full.write_text(
        "手机号码,账期,费用类别,费用项目,金额(元)\n"
        "18600005678,2026-10,月固定费,冰激凌套餐29元,29.00\n"
        "18600005678,2026-10,增值业务费,沃音乐会员,10.00\n"
        "18600005678,2026-10,实际应缴合计,,39.00\n",
        "utf-8",
    )
    sms = tmp_path / "sms.txt"
    sms.write_text(
        "【账单提醒】尊敬的18600005678用户，您2026年10月份账单合计39.00元，实际应付39.00元。"
        "主要费用项包括：月固定费29元。【中国联通】\n",
        "utf-8",
    )
    report = run_audit([sms, full], OPTIONS)
    assert [check.bill.source for check in report.bills] == [str(full)]
    assert sum(charge.amount_fen for charge in report.charges) == 3900
    assert not report.findings or all(f.rule != "bill-total-mismatch" for f in report.findings)


@pytest.mark.parametrize(
    ("unread", "said"),
    [(1, "and 1 row could not be read: the difference is likely in that row"),
     (2, "and 2 rows could not be read: the difference is likely in those rows")],
)  # fmt: skip
def test_a_bill_short_beside_unread_rows_says_how_many(unread, said):
    from auditor.bill_check import BillCheck
    from auditor.crosscheck import warn_unreadable_gaps
    from auditor.model import Bill, ReadResult, RowIssue

    result = ReadResult(
        path="b.csv", unparseable=[RowIssue(f"row {n}", "?") for n in range(unread)]
    )
    bill = Bill("13800001234", "2026-10", stated_total_fen=1000, source="b.csv")
    warn_unreadable_gaps([result], [BillCheck(bill, 900, unreadable_rows=unread)])
    assert result.warnings == [f"does not add up to its stated total {said}"]


@pytest.mark.parametrize("copy", ["联通账单-2026年08月 (1).csv", "联通账单-2026年08月 - 副本.csv"])
def test_of_two_equal_copies_the_one_not_named_a_copy_is_counted(tmp_path, copy):
    bill = FIXTURES / "household" / "china-unicom" / "联通账单-2026年08月.csv"
    for name in (copy, bill.name):  # the copy's name sorts first: read first
        (tmp_path / name).write_bytes(bill.read_bytes())
    report = run_audit([tmp_path], OPTIONS)
    counted = {Path(r.path).name for r in report.inputs if not r.set_aside["duplicate"]}
    assert counted == {bill.name}


EBILL = FIXTURES / "ebill" / "china-mobile" / "中国移动账单-2026年10月.eml"
SCREEN = FIXTURES / "ocr" / "screens" / "13800001234-2026年10月账单.png"
LINE = "13800001234"


@pytest.mark.parametrize("first", ["e-bill", "screenshot"])
def test_the_emailed_bill_is_counted_over_its_screenshot_whatever_their_order(first):
    # Both hold 13800001234's October bill, read whole and adding up to ¥41.30: the one
    # read from text is counted, the one read by OCR set aside with the usual warning.
    given = [EBILL, SCREEN] if first == "e-bill" else [SCREEN, EBILL]
    report = run_audit(given, OPTIONS)
    assert [check.bill.source for check in report.bills] == [str(EBILL)]
    assert all(charge.confidence is None for charge in report.charges)
    assert sum(charge.amount_fen for charge in report.charges) == 4130
    (screen,) = [r for r in report.inputs if r.path == str(SCREEN)]
    assert screen.ocr is not None and not screen.charges and screen.set_aside["duplicate"] == 7
    assert screen.warnings[-1] == (
        f"13800001234 2026-10: the same bill is also in {EBILL}; this copy was not counted"
    )
    (ebill,) = [r for r in report.inputs if r.path == str(EBILL)]
    assert not ebill.set_aside["duplicate"] and len(ebill.charges) == 7


def _copy(path: str, total: int, amounts: list[int], *, ocr: bool = False, partial: bool = False):
    from auditor.model import Bill, Charge, ReadResult

    sure = 0.99 if ocr else None
    bill = Bill(LINE, "2026-10", total, source=path, confidence=sure, partial=partial)
    charges = [
        Charge(LINE, "2026-10", "plan", f"item {n}", fen, source=path, confidence=sure)
        for n, fen in enumerate(amounts)
    ]
    return ReadResult(path=path, bills=[bill], charges=charges)


def test_a_text_copy_is_kept_over_an_ocr_copy_even_when_only_the_ocr_one_adds_up():
    # A text bill that does not add up is the carrier's own figures (a finding); an OCR
    # reading that does may have misread its way there.
    from auditor.crosscheck import set_aside_duplicate_bills

    screen, text = _copy("a.png", 4130, [4130], ocr=True), _copy("b.pdf", 4130, [4000])
    set_aside_duplicate_bills([screen, text])
    assert (len(text.bills), len(screen.bills)) == (1, 0)
    assert screen.set_aside["duplicate"] == 1 and not text.set_aside["duplicate"]


def test_a_whole_bill_read_by_ocr_is_kept_over_a_reminder_read_from_text():
    # A reminder lists only the main items: the screenshot's items are what the rules need.
    from auditor.crosscheck import set_aside_duplicate_bills

    sms = _copy("sms.txt", 4130, [1800], partial=True)
    screen = _copy("a.png", 4130, [1800, 2330], ocr=True)
    set_aside_duplicate_bills([sms, screen])
    assert (len(screen.bills), len(sms.bills)) == (1, 0)
