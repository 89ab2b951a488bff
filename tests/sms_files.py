"""What the SMS reader's tests share: the sample files, the audit date, the lines, and
how a test writes a message file and checks that every text line is accounted for."""

from __future__ import annotations

from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures" / "sms"
REALWORLD = ROOT / "fixtures" / "realworld"
REAL_SMS = REALWORLD / "china-unicom-bill-sms.txt"
NO_YEAR = REALWORLD / "china-telecom-bill-sms-noyear.txt"
NOTICE = REALWORLD / "china-unicom-bill-notice-sms-2025-12-noamount.txt"
ORDERS = REALWORLD / "china-mobile-order-confirmation-sms-2014.txt"
AS_OF = date(2026, 11, 25)
GOLDEN = Path(__file__).resolve().parent / "golden" / "sms"
LINE_B = "18600005678"
LINE_C = "18900189003"  # China Telecom: the no-year reminder is from 【中国电信】


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def lines_giving(result) -> set[int]:
    """Text lines that gave a record: a charge, a service or an unreadable figure or line."""
    records = [*result.charges, *result.services, *result.unparseable]
    return {int(r.locator.split()[1]) for r in records}


def check_accounting(result, text: str) -> None:
    """Every record is a row, and every text line is counted once: it gave records, or it
    is set aside (blank, total, note), or it is unparseable."""
    accounted = result.rows_used + sum(result.set_aside.values()) + len(result.unparseable)
    assert result.rows_read == accounted
    assert len(lines_giving(result)) + sum(result.set_aside.values()) == len(text.splitlines())
