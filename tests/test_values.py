"""Every value format of the input spec: amounts, prices, months, dates, phone numbers."""

from datetime import datetime
from decimal import Decimal

import pytest

from auditor.errors import ValueParseError
from auditor.values import (
    format_fen,
    format_yuan,
    is_open_ended,
    mask_phone,
    mask_text,
    month_add,
    parse_amount,
    parse_datetime,
    parse_expiry,
    parse_month,
    parse_phone,
    parse_price,
)

AMOUNTS = [
    ("6", 600),
    ("6.00", 600),
    ("¥6.00", 600),
    ("￥6.00", 600),
    ("6.00元", 600),
    ("1,234.50", 123450),
    ("-5.00", -500),
    ("(5.00)", -500),
    ("６．００", 600),
    ("--", 0),
    ("", 0),
    ("0.40", 40),
    (17.11, 1711),
    (0.1 + 0.2, 30),  # a formula cell: Excel shows 0.30, the float is 0.30000000000000004
    (1.1 * 3, 330),
    (0.47 - 0.53, -6),  # cancellation leaves the noise in the 17th significant digit
    (123456789.12, 12345678912),
    (3, 300),
    ("-¥3.00", -300),
    ("\u22125.00", -500),  # the minus sign U+2212
    ("¥\u22125.00", -500),
    ("\uff0d5.00", -500),  # full-width hyphen-minus
    ("\u20135.00", -500),  # an en dash as the leading sign
    ("\u20105.00", -500),  # a hyphen as the leading sign
    ("减10.00", -1000),  # an app's credit: 话费优惠 减10.00
    ("减¥10.00", -1000),
    ("减免10.00", -1000),  # a PDF bill's 话费优惠 减免10.00
    ("减免¥10.00", -1000),
]


@pytest.mark.parametrize(("text", "fen"), AMOUNTS)
def test_amounts(text, fen):
    assert parse_amount(text) == fen


@pytest.mark.parametrize(
    "text",
    [
        *("abc", "6.001", "1,23.4", "¥", "12元/月", "1e5", float("nan"), 2.675),
        *(
            "减",
            "减-5",
            "满100减10",
            "减免",
            "减免-5",
        ),  # 减 alone, before a sign, or inside an offer's words
        # Dashes are not minus signs anywhere but in front: between figures, doubled, trailing.
        *("5\u20133", "\u2014\u20145.00", "5.00\u2212", "5\u22123"),
    ],
)
def test_bad_amounts_raise_our_error(text):
    with pytest.raises(ValueParseError):
        parse_amount(text)


@pytest.mark.parametrize(
    ("text", "fen"),
    [
        ("6元/月", 600),
        ("¥5.00/月", 500),
        ("10元/30天", 1000),
        ("免费", 0),
        ("0元", 0),
        ("120元/年", 1000),
        ("6", 600),
        ("5元/次", None),
        ("", None),
        ("6元/月（首月免费）", 600),  # one trailing bracketed note is not the price
        ("10元/30天【限时优惠】", 1000),
        ("免费(限时)", 0),
        # a trial's price: the price after it is the monthly price (trial t11's card)
        ("首月0元次月起6元/月", 600),
        ("首月免费，次月起6元/月", 600),
        ("前3个月免费,之后10元/月", 1000),
    ],
)
def test_prices(text, fen):
    assert parse_price(text) == fen


MONTHS = [
    "2026-10",
    "2026/10",
    "202610",
    "2026.10",
    "2026年10月",
    "2026年10月账单",
    "2026-10-01至2026-10-31",
    "2026/10/01-2026/10/31",
    "20261001-20261031",
    "２０２６年１０月",
    "2026年10月1日-2026年10月31日",
    "2026年10月1日至2026年10月31日",
]


@pytest.mark.parametrize("text", MONTHS)
def test_months(text):
    assert parse_month(text) == "2026-10"


@pytest.mark.parametrize("text", ["2026-13", "10月", "", "hello", "1899-01"])
def test_bad_months(text):
    with pytest.raises(ValueParseError):
        parse_month(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-10-12", datetime(2026, 10, 12)),
        ("2026/10/12", datetime(2026, 10, 12)),
        ("20261012", datetime(2026, 10, 12)),
        ("2026年10月12日", datetime(2026, 10, 12)),
        ("2026.10.12", datetime(2026, 10, 12)),
        ("2026-11-01 00:00:00", datetime(2026, 11, 1)),
        ("2026/10/12 9:05", datetime(2026, 10, 12, 9, 5)),
        ("2026年10月12日 23:59:59", datetime(2026, 10, 12, 23, 59, 59)),
        ("20180621150353", datetime(2018, 6, 21, 15, 3, 53)),
        ("--", None),
    ],
)
def test_dates(text, expected):
    assert parse_datetime(text) == expected


@pytest.mark.parametrize("text", ["2099-12-31 23:59:59", "--", "生效--", "", "长期有效"])
def test_open_ended_expiry(text):
    assert is_open_ended(text)
    assert parse_expiry(text) is None


def test_expiry_with_a_real_date_is_kept():
    assert parse_expiry("2026-11-01 00:00:00") == datetime(2026, 11, 1)


def test_format_and_month_arithmetic():
    assert format_fen(-1711) == "-17.11"
    assert format_fen(5) == "0.05"
    # for a person: thousands marked; data (the JSON) keeps format_fen's plain digits
    assert format_yuan(4320000) == "43,200.00" and format_fen(4320000) == "43200.00"
    assert (format_yuan(-123456789), format_yuan(5)) == ("-1,234,567.89", "0.05")
    assert month_add("2026-12", 1) == "2027-01"
    assert month_add("2026-01", -1) == "2025-12"


def test_phones_are_normalised_and_masked():
    assert parse_phone("+86 138-0000-1234") == "13800001234"
    assert mask_phone("13800001234") == "138****1234"
    assert mask_text("用户18900189003您好") == "用户189****9003您好"
    with pytest.raises(ValueParseError):
        parse_phone("12345")


def _fuzz_id(value) -> str:
    # repr() of a 5,000-digit int raises, so such values are named by their size.
    if isinstance(value, int) and value.bit_length() > 64:
        return f"int-{value.bit_length()}-bits"
    return getattr(value, "__name__", None) or repr(value)[:20]


@pytest.mark.parametrize(
    ("parser", "value"),
    [
        (parse_price, "1元/" + "9" * 5000 + "月"),
        (parse_amount, Decimal("Infinity")),
        (parse_amount, Decimal("sNaN")),
        (parse_amount, Decimal("1E+999999")),
        (parse_amount, 10**5000),
        (parse_month, 10**5000),
        (parse_phone, float("inf")),
        (parse_phone, float("nan")),
        (parse_phone, 13800001234.5),
    ],
    ids=_fuzz_id,
)
def test_values_found_by_fuzzing_raise_our_error(parser, value):
    # Each once escaped as ValueError, OverflowError or decimal.InvalidOperation.
    with pytest.raises(ValueParseError):
        parser(value)


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("号码 13800001234", "号码 138****1234"),
        ("1③800001234", "138****1234"),
        ("tel:+86 186-0000-5678.", "tel:186****5678."),
    ],
)
def test_masking_leaves_no_number_behind(text, masked):
    assert mask_text(text) == masked
    assert mask_phone(text) == masked
