"""Property tests (hypothesis) for the value parsers in :mod:`auditor.values`.

Two families: the parsers fail only with :class:`ValueParseError` whatever text they get,
and what the formatters write the parsers read back exactly. Each test is bounded
(``max_examples``) so the whole module runs in a few seconds.
"""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from auditor.errors import ValueParseError
from auditor.values import (
    find_phones,
    format_fen,
    mask_phone,
    mask_text,
    parse_amount,
    parse_datetime,
    parse_expiry,
    parse_month,
    parse_phone,
    parse_price,
)

BOUNDED = settings(max_examples=200, deadline=None)

# Characters bills are made of, so that generated text reaches deep into the parsers
# instead of failing at the first character.
_BILL_CHARS = (
    "0123456789０１２３４５６７８９٠١٢٣①②③¹²³.,-/:：年月日份账单至到~～—元¥￥()（）"
    " \u3000\u00a0\t\n+eE天次个年免费RMBCNY长期生效"
)
_DIGITS = "0123456789"

bill_text = st.text(alphabet=_BILL_CHARS, max_size=40)
# st.text() never yields surrogates; it covers control characters and every other plane.
any_text = st.text(max_size=60)
huge_digits = st.text(alphabet=_DIGITS, min_size=1000, max_size=6000)
texts = st.one_of(any_text, bill_text, huge_digits)

PARSERS = [parse_amount, parse_month, parse_datetime, parse_expiry, parse_price, parse_phone]


def _only_our_error(parser, text) -> None:
    try:
        parser(text)
    except ValueParseError:
        pass


@pytest.mark.parametrize("parser", PARSERS, ids=lambda p: p.__name__)
@BOUNDED
@given(text=texts)
@example(text="1" * 5000)
@example(text="1元/" + "9" * 5000 + "月")
@example(text="\x00\x1f\x7f")
def test_parsers_raise_only_value_parse_error(parser, text):
    _only_our_error(parser, text)


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=True, allow_infinity=True),
)


@pytest.mark.parametrize("parser", PARSERS, ids=lambda p: p.__name__)
@BOUNDED
@given(value=scalars)
@example(value=float("inf"))
@example(value=float("nan"))
@example(value=10**5000)
def test_parsers_raise_only_value_parse_error_on_cell_values(parser, value):
    # Spreadsheet cells hand the readers ints, floats and Decimals, not only text.
    _only_our_error(parser, value)


fen_in_range = st.integers(min_value=-(10**13) + 1, max_value=10**13 - 1)


@BOUNDED
@given(fen=fen_in_range)
def test_amount_round_trips_through_format_fen(fen):
    assert parse_amount(format_fen(fen)) == fen


@BOUNDED
@given(fen=fen_in_range, decorate=st.sampled_from(["{}", "¥{}", "￥{}", "{}元", " {} "]))
def test_decorated_amount_round_trips(fen, decorate):
    assert parse_amount(decorate.format(format_fen(fen))) == fen


@BOUNDED
@given(fen=fen_in_range)
def test_spreadsheet_floats_read_to_the_fen(fen):
    # What a spreadsheet cell holds for a typed amount: the nearest float.
    assert parse_amount(fen / 100) == fen


# Up to a million yuan a cell: far beyond any phone bill, and small enough that a float
# sum's noise (which grows with the operands, not the result) stays below a fen's 1e-7.
formula_fen = st.integers(min_value=-(10**8), max_value=10**8)


@BOUNDED
@given(a=formula_fen, b=formula_fen)
def test_formula_sums_read_to_the_fen(a, b):
    # A formula cell (=B3+B4) holds the float sum, binary noise included.
    assert parse_amount(a / 100 + b / 100) == a + b


@BOUNDED
@given(fen=st.integers(min_value=0, max_value=10**12))
def test_amount_with_thousands_separators_round_trips(fen):
    whole, part = divmod(fen, 100)
    assert parse_amount(f"{whole:,}.{part:02d}") == fen
    assert parse_amount(f"({whole:,}.{part:02d})") == -fen


@BOUNDED
@given(text=texts)
def test_amounts_are_always_int(text):
    try:
        fen = parse_amount(text)
    except ValueParseError:
        return
    assert type(fen) is int


MONTH_FORMATS = [
    "{y}年{m}月",
    "{y}年{m:02d}月",
    "{y}年{m}月账单",
    "{y}{m:02d}",
    "{y}-{m:02d}",
    "{y}-{m}",
    "{y}/{m}",
    "{y}.{m:02d}",
    "{y}-{m:02d}-01至{y}-{m:02d}-28",
    "{y}/{m:02d}/01-{y}/{m:02d}/28",
    "{y}{m:02d}01-{y}{m:02d}28",
]


@BOUNDED
@given(
    y=st.integers(min_value=1990, max_value=2100),
    m=st.integers(min_value=1, max_value=12),
    form=st.sampled_from(MONTH_FORMATS),
)
def test_month_round_trips(y, m, form):
    assert parse_month(form.format(y=y, m=m)) == f"{y:04d}-{m:02d}"


DATETIME_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y/%m/%d %H:%M:%S",
    "%Y年%m月%d日 %H:%M:%S",
    "%Y.%m.%d %H:%M:%S",
    "%Y%m%d%H%M%S",
    "%Y-%m-%dT%H:%M:%S",
]


@BOUNDED
@given(
    when=st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(9999, 12, 31, 23, 59)),
    form=st.sampled_from(DATETIME_FORMATS),
)
def test_datetime_round_trips(when, form):
    when = when.replace(microsecond=0)
    assert parse_datetime(when.strftime(form)) == when


@BOUNDED
@given(when=st.dates(min_value=datetime(1900, 1, 1).date()))
def test_dates_without_time_give_midnight(when):
    expected = datetime(when.year, when.month, when.day)
    assert parse_datetime(when.strftime("%Y%m%d")) == expected
    assert parse_datetime(f"{when.year}年{when.month}月{when.day}日") == expected


@BOUNDED
@given(
    when=st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2049, 12, 31)),
)
def test_expiry_before_2050_is_kept(when):
    when = when.replace(microsecond=0)
    assert parse_expiry(when.strftime("%Y-%m-%d %H:%M:%S")) == when


@BOUNDED
@given(fen=st.integers(min_value=0, max_value=10**9))
def test_monthly_price_round_trips(fen):
    assert parse_price(f"{format_fen(fen)}元/月") == fen
    # A yearly price is a twelfth, rounded half up to the fen.
    assert parse_price(f"{format_fen(fen * 12)}元/年") == fen


# ----------------------------------------------------------------------------- phones

mobiles = st.from_regex(re.compile(r"1[3-9]\d{9}", re.ASCII), fullmatch=True)
separated_mobiles = st.builds(
    lambda n, sep, prefix: f"{prefix}{n[:3]}{sep}{n[3:7]}{sep}{n[7:]}",
    mobiles,
    st.sampled_from(["", " ", "-"]),
    st.sampled_from(["", "+86", "+86 ", "86-"]),
)


@BOUNDED
@given(number=separated_mobiles)
def test_phone_parses_back_to_its_digits(number):
    digits = re.sub(r"\D", "", number)[-11:]
    assert parse_phone(number) == digits


def _widen(text: str) -> str:
    """The same text in full-width digits, as some exports print numbers."""
    return text.translate({ord(d): 0xFF10 + int(d) for d in _DIGITS})


filler = st.text(alphabet=_BILL_CHARS + "用户您好尊敬的号码", max_size=12)
text_with_phones = st.builds(
    lambda parts: "".join(parts),
    st.lists(st.one_of(filler, separated_mobiles, separated_mobiles.map(_widen)), max_size=6),
)


@BOUNDED
@given(text=st.one_of(text_with_phones, any_text, bill_text))
@example(text="1③800001234")
@example(text="①13000000000")
@example(text="电话：13800001234")
def test_masked_text_holds_no_mobile_number(text):
    masked = mask_text(text)
    assert find_phones(masked) == []
    assert not re.search(r"(?<!\d)1[3-9]\d{9}(?!\d)", masked)


@BOUNDED
@given(text=st.one_of(mobiles, separated_mobiles, text_with_phones, any_text))
@example(text=" 13800001234")
def test_masked_phone_holds_no_mobile_number(text):
    assert find_phones(mask_phone(text)) == []


@BOUNDED
@given(text=st.text(alphabet=st.characters(exclude_categories=["Nd", "No"]), max_size=40))
def test_text_without_digits_is_not_changed_by_masking(text):
    assert mask_text(text) == text


@BOUNDED
@given(number=mobiles)
def test_masking_keeps_the_first_three_and_last_four(number):
    assert mask_phone(number) == f"{number[:3]}****{number[7:]}"
