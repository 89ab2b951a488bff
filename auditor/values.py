"""Parsers and formatters for the values found on bills: money, months, dates, prices, numbers.

Money is always integer fen (1 元 = 100 fen); nothing here ever touches a float.
Phone masking works in :mod:`auditor.phones` (``mask_text`` here is its front), and
ID numbers and names are removed by :mod:`auditor.personal`.
Every parser raises :class:`auditor.errors.ValueParseError` (and nothing else) on text
it cannot read, so readers can turn it into a message naming the file and row.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache

from auditor.errors import ValueParseError, quoted
from auditor.lang import say
from auditor.phones import mask_number, mask_phones

# Texts carriers print for "nothing": an empty cell, dashes, a lone 无.
_EMPTY = {"", "-", "--", "---", "—", "——", "无", "n/a", "na", "none", "null", "nan"}

_MAX_FEN = 10**13  # 100 billion 元: anything larger is not a phone bill, it is a misread


def nfkc(text: object) -> str:
    """Return ``text`` as a string in NFKC form (full-width digits and letters made half-width)."""
    if text is None:
        return ""
    try:
        plain = str(text)
    except ValueError:
        # Python refuses to print an int of more than 4,300 digits; no bill value is one.
        raise ValueParseError(say("值太长，无法读取", "value is too long to be read")) from None
    normal = _NFKC_KEPT.get(plain)
    if normal is None:
        normal = unicodedata.normalize("NFKC", plain).strip()
        if len(plain) <= _NFKC_LENGTH:
            if len(_NFKC_KEPT) >= _NFKC_TEXTS:
                _NFKC_KEPT.clear()
            _NFKC_KEPT[plain] = normal
    return normal


# Short texts' NFKC forms: a company's bills repeat their labels, items and statuses
# (19 of 20 texts asked for were asked for before), and normalising a full-width one
# takes the most. Bounded: at most this many texts of at most this many characters.
_NFKC_KEPT: dict[str, str] = {}
_NFKC_TEXTS = 4096
_NFKC_LENGTH = 64


def is_empty(text: object) -> bool:
    """True when ``text`` is one of the ways bills write "no value" (empty, ``--``, ``无``)."""
    return nfkc(text).casefold() in _EMPTY


# ---------------------------------------------------------------------------------- money

_AMOUNT_RE = re.compile(r"^[+-]?(\d+(,\d{3})*|\d*)(\.\d+)?$")


# An amount as most bills write it: ASCII digits, at most two decimals, nothing around.
_PLAIN_AMOUNT = re.compile(r"(-?)([0-9]{1,10})(?:\.([0-9]{1,2}))?")


def parse_amount(text: object) -> int:
    """Parse a bill amount into integer fen.

    Accepts ``6``, ``6.00``, ``¥6.00``, ``￥6.00``, ``6.00元``, ``1,234.50``, ``-5.00``,
    ``(5.00)``, ``减5.00`` and ``减免5.00`` (negative), full-width digits; ``--`` or empty is zero.

    >>> parse_amount("￥1,234.50")
    123450
    >>> parse_amount("(5.00)")
    -500
    """
    if type(text) is str and (plain := _PLAIN_AMOUNT.fullmatch(text)):
        # Most amounts read are written plainly (6.00, -12.5): their fen without a Decimal.
        fen = int(plain[2]) * 100 + int((plain[3] or "").ljust(2, "0"))
        return -fen if plain[1] else fen
    if isinstance(text, bool):
        raise ValueParseError(_not_an_amount(text))
    if isinstance(text, int):
        if abs(text) >= _MAX_FEN // 100:
            raise ValueParseError(
                say("金额超出范围：位数太多", "amount out of range: too many digits")
            )
        return text * 100
    if isinstance(text, Decimal):
        if not text.is_finite():
            raise ValueParseError(_not_an_amount(text))
        return _decimal_to_fen(text, text)
    if isinstance(text, float):
        if text != text or text in (float("inf"), float("-inf")):
            raise ValueParseError(_not_an_amount(text))
        return _float_to_fen(text)
    raw = nfkc(text)
    if is_empty(raw):
        return 0
    s = _minus_signs(raw).replace(" ", "").replace("\u00a0", "")
    negative = False
    if s.startswith("(") and s.endswith(")"):
        negative, s = True, s[1:-1]
    elif credit := _CREDIT.match(s):  # 减10.00, 减¥10.00, 减免10.00: a credit
        negative, s = True, s[credit.end() :]
    for prefix in ("¥", "￥", "RMB", "CNY", "人民币"):
        if s.upper().startswith(prefix):
            s = s[len(prefix) :]
    if s.startswith("-") and s[1:2] in ("¥", "￥"):
        s = "-" + s[2:]
    for suffix in ("元", "RMB", "CNY", "yuan"):
        if s.upper().endswith(suffix.upper()):
            s = s[: -len(suffix)]
    if not s or not _AMOUNT_RE.match(s) or not any(c.isdigit() for c in s):
        raise ValueParseError(_not_an_amount(raw))
    try:
        value = Decimal(s.replace(",", ""))
    except InvalidOperation as exc:  # pragma: no cover - the regex already rules this out
        raise ValueParseError(_not_an_amount(raw)) from exc
    if negative:
        value = -value
    return _decimal_to_fen(value, raw)


# A credit's word before its figure (an app's 减10.00, a PDF bill's 减免10.00), not a sign.
_CREDIT = re.compile(r"减免?(?=[^-])")
# The minus sign (U+2212, and its heavy form) is a minus wherever it stands; NFKC already
# makes the full-width and small hyphen-minus ASCII. Hyphens and dashes (U+2010..U+2015)
# are punctuation: one counts as a minus only as the leading sign, right before the figure.
_MINUS_SIGNS = str.maketrans({"\u2212": "-", "\u2796": "-"})
_LEADING_DASH_RE = re.compile(r"^[\u2010-\u2015](?=[\d.¥￥(])")


def _minus_signs(text: str) -> str:
    return _LEADING_DASH_RE.sub("-", text.translate(_MINUS_SIGNS))


def _float_to_fen(value: float) -> int:
    fen = float_fen(value)
    if fen is None:
        raise ValueParseError(_too_precise(value))
    return _decimal_to_fen(Decimal(fen) / 100, value)


def float_fen(value: float) -> int | None:
    """The whole fen a spreadsheet's float holds, up to binary noise, or None when it
    holds a real part of a fen (2.675). A formula cell carries the noise (0.1+0.2 =
    0.30000000000000004; Excel's =SUM of 29, 2.4 and 2.3 may store 33.699999999999996):
    it lies far below a millionth of a fen, a real third decimal does not."""
    fen = Decimal(value) * 100
    nearest = fen.to_integral_value(rounding=ROUND_HALF_UP)
    if abs(fen - nearest) > Decimal("1e-7") + abs(fen) * Decimal("1e-14"):
        return None
    return int(nearest)


def _decimal_to_fen(value: Decimal, original: object) -> int:
    try:
        fen = value * 100
    except ArithmeticError:  # an exponent beyond the decimal context (1E+999999)
        raise ValueParseError(_out_of_range(original)) from None
    if fen != fen.to_integral_value():
        raise ValueParseError(_too_precise(original))
    # Checked before int() so that 1E+999998 never becomes a million-digit integer.
    if abs(fen) >= _MAX_FEN:
        raise ValueParseError(_out_of_range(original))
    return int(fen)


def _not_an_amount(value: object) -> str:
    if isinstance(value, str) and value.startswith("="):  # a spreadsheet's, never calculated
        return say(
            f"公式保存时没有保存结果：{quoted(value)}（请用 Excel 打开后再保存）",
            f"a formula saved without its value: {value!r} (open and save it in Excel)",
        )
    return say(f"金额{quoted(value)}不是数字", f"not an amount: {value!r}")


def _too_precise(value: object) -> str:
    return say(
        f"金额{quoted(value)}精确到了分以下", f"amount has more precision than a fen: {value!r}"
    )


def _out_of_range(value: object) -> str:
    return say(f"金额{quoted(value)}超出范围", f"amount out of range: {value!r}")


def format_fen(fen: int) -> str:
    """Format integer fen as a yuan string with two decimals: ``600`` → ``"6.00"``."""
    sign = "-" if fen < 0 else ""
    whole, part = divmod(abs(int(fen)), 100)
    return f"{sign}{whole}.{part:02d}"


def format_yuan(fen: int) -> str:
    """``3,600.00``: yuan with thousands marked, for a person to read (a sentence, the
    console); data keeps :func:`format_fen`."""
    sign = "-" if fen < 0 else ""
    whole, part = divmod(abs(int(fen)), 100)
    return f"{sign}{whole:,}.{part:02d}"


def fen_to_decimal(fen: int) -> Decimal:
    """Integer fen as an exact :class:`~decimal.Decimal` of yuan (for spreadsheets and JSON)."""
    return Decimal(int(fen)).scaleb(-2)


# ---------------------------------------------------------------------------------- prices

# Linear on any text (a cell may hold 32,767 characters): the amount ends on its last
# non-space instead of lazily growing (each step re-scanning the spaces after it), and
# the spaces around the count are possessive (no split of them can matter).
_PRICE_RE = re.compile(
    r"^(?P<amount>[^/每]*[^/每\s])\s*(?:(?:/|每)\s*+(?P<count>\d{1,4})?\s*+(?P<unit>[^\d\s]+))?$"
)
_BRACKETED_TAIL = re.compile(r"[(\[【][^()\[\]【】]*[)\]】]$")
_FREE = {"免费", "free", "0", "赠送", "不收费"}
# A trial's price and the price after it (首月0元次月起6元/月, 前3个月免费,之后10元/月):
# the price after it is the service's monthly price, what it costs from then on.
_TRIAL_THEN = re.compile(
    r"^(?:首月|前\d{1,2}个?月).*?[,;]?(?:次月起|次月|之后|以后|此后)(?P<after>.+)$"
)
_MONTH_UNITS = {"月", "个月", "m", "month", "mo"}
_DAY_UNITS = {"天", "日", "d", "day", "days"}
_YEAR_UNITS = {"年", "y", "year"}


def parse_price(text: object) -> int | None:
    """Parse a service price into monthly fen; ``None`` when the price is not monthly or absent.

    ``6元/月`` → 600, ``6元/月（首月免费）`` → 600 (one trailing note is dropped), ``¥5.00/月``
    → 500, ``10元/30天`` → 1000 (a 30-day cycle counts as a month), ``120元/年`` → 1000,
    ``免费`` or ``0元`` → 0, ``5元/次`` → ``None`` (per use), ``首月0元次月起6元/月`` → 600
    (a trial's price: the price after it).
    """
    return _monthly_fen(nfkc(text))


# A company's service lists price and date the same services alike: the answers for
# their texts are kept (an error is not: it is said in the language of the moment).
_TEXTS_KEPT = 4096


@lru_cache(maxsize=_TEXTS_KEPT)
def _monthly_fen(raw: str) -> int | None:
    """:func:`parse_price` of a text in NFKC form."""
    if is_empty(raw):
        return None
    s = raw.replace(" ", "")
    # One trailing bracketed note (6元/月（首月免费）) is not part of the price.
    s = _BRACKETED_TAIL.sub("", s) or s
    trial = _TRIAL_THEN.match(s)
    if trial:
        s = trial["after"]
    if s.casefold() in _FREE or s.startswith("免费"):
        return 0
    match = _PRICE_RE.match(s)
    if not match:
        raise ValueParseError(say(f"价格{quoted(raw)}无法识别", f"not a price: {raw!r}"))
    fen = parse_amount(match["amount"])
    unit = (match["unit"] or "月").casefold()
    count = int(match["count"] or 1)
    if count <= 0:
        raise ValueParseError(say(f"价格{quoted(raw)}无法识别", f"not a price: {raw!r}"))
    if unit in _MONTH_UNITS:
        per_month = Decimal(fen) / count
    elif unit in _DAY_UNITS:
        if count not in (28, 30, 31):
            return None
        per_month = Decimal(fen)
    elif unit in _YEAR_UNITS:
        per_month = Decimal(fen) / (12 * count)
    else:
        return None
    return int(per_month.quantize(Decimal(1), rounding=ROUND_HALF_UP))


# ---------------------------------------------------------------------------------- months

_MONTH_PATTERNS = [
    re.compile(r"^(?P<y>\d{4})\s*[-/.年]\s*(?P<m>\d{1,2})\s*月?(?:份)?(?:账单|帐单)?$"),
    re.compile(r"^(?P<y>\d{4})(?P<m>\d{2})$"),
]
# The spaces before a separator are matched from the first of their run only: tried from
# each space of a long run, each try would scan to the run's end (quadratic). A match
# from inside a run is never the leftmost one, the only one split uses.
_RANGE_SPLIT = re.compile(r"(?:(?<!\s)\s+)?(?:至|到|~|～|—|–|\s-\s|(?<=[\d日])-(?=\d{4}))\s*")


def parse_month(text: object) -> str:
    """Parse a billing month into ``YYYY-MM``.

    Accepts ``2026-10``, ``2026/10``, ``202610``, ``2026.10``, ``2026年10月``,
    ``2026年10月账单``, and ranges (``2026-10-01至2026-10-31``, ``2026/10/01-2026/10/31``,
    ``20261001-20261031``, ``2026年10月1日-2026年10月31日``), which give the month of their
    start; a date, with its time or not, is its month (a month Excel typed as a date:
    ``2026-10-01 00:00:00``).
    """
    if isinstance(text, datetime | date):
        return month_of(text)
    raw = nfkc(text)
    s = raw.replace(" ", "")
    if not s:
        raise ValueParseError(say("月份为空", "empty month"))
    for pattern in _MONTH_PATTERNS:
        match = pattern.match(s)
        if match:
            return _month_string(int(match["y"]), int(match["m"]), raw)
    if ":" in raw and (when := _date_time(raw.strip())) is not None:
        return month_of(when)  # a date with its time: Excel's date cell (2026-10-01 00:00:00)
    parts = [p for p in _RANGE_SPLIT.split(s) if p]
    start = parts[0] if parts else s
    try:
        when = parse_datetime(start)
    except ValueParseError:
        raise ValueParseError(say(f"{quoted(raw)}不是月份", f"not a month: {raw!r}")) from None
    if when is None:
        raise ValueParseError(say(f"{quoted(raw)}不是月份", f"not a month: {raw!r}"))
    return month_of(when)


def _date_time(text: str) -> datetime | None:
    """``text`` as one date with its time, else ``None`` (a range of two is no such)."""
    try:
        return parse_datetime(text)
    except ValueParseError:
        return None


def month_span(text: object) -> tuple[str, str] | None:
    """The start and end months of a billing period that runs into another month
    (``2026-09-26至2026-10-25``: 2026-09 and 2026-10); ``None`` for a month, a date, or a
    range within one month. :func:`parse_month` reads such a period as its start month."""
    if not isinstance(text, str) or not text.strip():
        return None
    return _span_of(nfkc(text).replace(" ", ""))


@lru_cache(maxsize=_TEXTS_KEPT)
def _span_of(s: str) -> tuple[str, str] | None:
    if any(pattern.match(s) for pattern in _MONTH_PATTERNS):
        return None
    parts = [p for p in _RANGE_SPLIT.split(s) if p]
    if len(parts) != 2:
        return None
    start, end = (_date_time(part) for part in parts)
    if start is None or end is None or month_of(start) == month_of(end):
        return None
    return month_of(start), month_of(end)


# A month written as a number with one digit after the point: Excel shows 2026.10 typed
# in a cell as the number 2026.1, and saves it so; 2026.1 may be either month.
_EXCEL_MONTH = re.compile(r"\d{4}\.1")


def excel_month_doubt(text: object) -> bool:
    """True when ``text`` is a month Excel may have made of another: ``2026.1`` (January,
    or October, 2026.10, saved as a number). ``2026.01``, ``2026-1`` and ``2026.10`` are
    no doubt."""
    return isinstance(text, str) and bool(_EXCEL_MONTH.fullmatch(nfkc(text).strip()))


def _month_string(year: int, month: int, raw: str) -> str:
    if not (1 <= month <= 12) or not (1990 <= year <= 2100):
        raise ValueParseError(say(f"{quoted(raw)}不是月份", f"not a month: {raw!r}"))
    return f"{year:04d}-{month:02d}"


def month_add(period: str, months: int) -> str:
    """Add ``months`` to a ``YYYY-MM`` string."""
    year, month = int(period[:4]), int(period[5:7])
    index = year * 12 + (month - 1) + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def month_of(when: date | datetime) -> str:
    """The ``YYYY-MM`` month a date falls in."""
    return f"{when.year:04d}-{when.month:02d}"


# ---------------------------------------------------------------------------------- dates

_DATE_RE = re.compile(
    r"^(?P<y>\d{4})\s*(?:[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?"
    r"|(?P<m2>\d{2})(?P<d2>\d{2}))"
    r"(?:\s*[T\s]?\s*(?P<H>\d{1,2})[:：](?P<M>\d{2})(?:[:：](?P<S>\d{2}))?(?:\.\d+)?)?$"
)
_COMPACT_DATETIME_RE = re.compile(r"^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?$")


def parse_datetime(text: object) -> datetime | None:
    """Parse a date or date-time; ``None`` for an empty value (``--``, blank).

    Accepts ``2026-10-12``, ``2026/10/12``, ``20261012``, ``2026年10月12日``, ``2026.10.12``,
    each optionally followed by ``HH:MM[:SS]``, and the compact ``20261012153000``.
    """
    if isinstance(text, datetime):
        return text
    if isinstance(text, date):
        return datetime(text.year, text.month, text.day)
    return _datetime_of(nfkc(text))


@lru_cache(maxsize=_TEXTS_KEPT)
def _datetime_of(raw: str) -> datetime | None:
    """:func:`parse_datetime` of a text in NFKC form."""
    if is_empty(raw):
        return None
    match = _DATE_RE.match(raw)
    if match:
        year = int(match["y"])
        month = int(match["m"] or match["m2"])
        day = int(match["d"] or match["d2"])
        hour, minute, second = int(match["H"] or 0), int(match["M"] or 0), int(match["S"] or 0)
    else:
        compact = _COMPACT_DATETIME_RE.match(raw)
        if not compact:
            raise ValueParseError(_not_a_date(raw))
        year, month, day, hour, minute = (int(compact[i]) for i in range(1, 6))
        second = int(compact[6] or 0)
    if not 1900 <= year <= 9999:
        raise ValueParseError(_not_a_date(raw))
    try:
        return datetime(year, month, day, hour, minute, second)
    except ValueError:
        raise ValueParseError(_not_a_date(raw)) from None


_OPEN_ENDED_RE = re.compile(r"^(生效)?[-—]*$|^20[5-9]\d|^2[1-9]\d\d|^(长期|永久|无期限)")


def _not_a_date(value: object) -> str:
    return say(f"{quoted(value)}不是日期", f"not a date: {value!r}")


def is_open_ended(text: object) -> bool:
    """True for an expiry that means "no end": empty, ``--``, ``生效--``, ``2099…``, ``长期``."""
    if isinstance(text, datetime | date):
        return text.year >= 2050
    raw = nfkc(text).replace(" ", "")
    return is_empty(raw) or bool(_OPEN_ENDED_RE.match(raw))


def parse_expiry(text: object) -> datetime | None:
    """Parse an expiry (失效时间); ``None`` when it is open-ended."""
    if is_open_ended(text):
        return None
    return parse_datetime(text)


# ---------------------------------------------------------------------------------- phones

_PHONE_RE = re.compile(r"(?<!\d)(?:\+?86[\s-]?)?(1[3-9]\d)[\s-]?(\d{4})[\s-]?(\d{4})(?!\d)")
_MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")


def parse_phone(text: object) -> str:
    """Return the 11-digit mobile number in ``text`` (``+86 138-0000-1234`` → ``13800001234``)."""
    raw = nfkc(text)
    if isinstance(text, int | float) and not isinstance(text, bool):
        if isinstance(text, float) and not text.is_integer():
            raise ValueParseError(_not_a_mobile(text))
        raw = str(int(text))
    match = _PHONE_RE.search(raw)
    if not match or len(re.sub(r"\D", "", raw)) not in (11, 13):
        raise ValueParseError(_not_a_mobile(mask_text(raw)))
    return "".join(match.groups())


def _not_a_mobile(value: object) -> str:
    return say(f"{quoted(value)}不是手机号码", f"not a mobile number: {value!r}")


def is_mobile(text: str) -> bool:
    """True when ``text`` is exactly an 11-digit mainland mobile number."""
    return bool(_MOBILE_RE.match(text))


def find_phones(text: str) -> list[str]:
    """Every mobile number in free text, normalised to 11 digits, in order of appearance."""
    return ["".join(m.groups()) for m in _PHONE_RE.finditer(nfkc(text))]


def mask_phone(number: str) -> str:
    """Mask an 11-digit number as ``138****1234``; other text is masked as free text."""
    if is_mobile(number):
        return mask_number(number)
    return mask_text(number)


def mask_text(text: str) -> str:
    """Mask every mobile number inside free text (messages, paths, error lines), however
    it is written: the digits decide, not the spelling (see :mod:`auditor.phones`)."""
    return mask_phones(text)
