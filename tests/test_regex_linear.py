"""No pattern a reader applies to a file's text takes more than linear time (issue 8).

A file's text is the attacker's: a run of 100,000 digits in an SMS fee item, a cell of
30,000 spaces. Every module-level pattern of the readers (and of the value parsers and
name normalisers they call) is run over long runs of the characters that make patterns
backtrack, under a generous time bound; the patterns rewritten to be linear are checked
against the patterns they replaced, so that only their time changed.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import time

import pytest
from bounds import deadline
from hypothesis import given, settings
from hypothesis import strategies as st

import auditor.readers
from auditor.readers import ReadOptions, read_file
from auditor.readers.detect import _MONTH_IN_NAME, months_in_text
from auditor.readers.html_style import _LENGTH
from auditor.readers.pdf import _AMOUNT_OR_NUMBER
from auditor.readers.rows import labelled_value
from auditor.values import _PRICE_RE, _RANGE_SPLIT, nfkc, parse_price

# Reader errors and warnings are checked as an English-speaking user reads them.
pytestmark = pytest.mark.usefixtures("english")

MODULES = ["auditor.names", "auditor.values", "auditor.catalog"] + [
    f"auditor.readers.{m.name}" for m in pkgutil.iter_modules(auditor.readers.__path__)
]
LENGTH = 10_000
# Runs of what makes patterns backtrack: spaces, digits, letters, CJK, punctuation...
RUNS = [" ", "\t", "\u3000", "\n", "1", "0", "中", "a", ".", "*", "，", "<", "-", ":"]
# ... alone, and after what starts a match (a year, a number, a greeting, a label).
PREFIXES = ["", "2026", "1", "尊敬的", "a：", "¥", "<", "1."]


def _patterns() -> list[tuple[str, re.Pattern]]:
    found: dict[int, tuple[str, re.Pattern]] = {}
    for name in MODULES:
        module = importlib.import_module(name)
        for attribute, value in vars(module).items():
            values = value if isinstance(value, list | tuple) else [value]
            for pattern in values:
                if isinstance(pattern, re.Pattern):
                    found[id(pattern)] = (f"{name}.{attribute}", pattern)
    return list(found.values())


def _texts(pattern: re.Pattern) -> list[str]:
    texts = [prefix + run * LENGTH + "!" for prefix in PREFIXES for run in RUNS]
    source = pattern.pattern if isinstance(pattern.pattern, str) else ""
    # The pattern's own non-ASCII characters, repeated and spaced: 年 年 年 ...
    for char in sorted({c for c in source if not c.isascii()})[:12]:
        texts += [char * LENGTH, (char + " ") * (LENGTH // 2), ("1" + char) * (LENGTH // 2)]
    return texts


PATTERNS = _patterns()


@pytest.mark.parametrize(("name", "pattern"), PATTERNS, ids=[name for name, _ in PATTERNS])
def test_every_reader_pattern_is_linear_on_long_runs(name, pattern):
    for text in _texts(pattern):
        subject = text.encode() if isinstance(pattern.pattern, bytes) else text
        started = time.perf_counter()
        for _ in pattern.finditer(subject):
            pass
        pattern.match(subject)
        seconds = time.perf_counter() - started
        # Linear: about a millisecond for 10,000 characters; quadratic: seconds.
        assert seconds < 0.3, f"{name} took {seconds:.2f} s on {text[:12]!r}…"


def test_the_patterns_were_found():
    names = {name.rsplit(".", 1)[1] for name, _ in PATTERNS}
    assert {"_MONTH_IN_NAME", "_PRICE_RE", "_RANGE_SPLIT", "_LENGTH", "_MARKERS"} <= names


# ------------------------------------------------------------------- the cases of issue 8


def test_a_run_of_spaces_after_a_year_is_linear():
    with deadline(2):
        assert months_in_text("2026" + " " * 100_000 + "x") == []
        assert months_in_text("2026" + " " * 100_000 + "10月") == ["2026-10"]


@pytest.mark.parametrize(
    "text",
    [" " * 30_000, "账期：" + " " * 30_000 + "x\ny", " " * 30_000 + "1：x", "a：" + " " * 30_000],
)
def test_a_label_of_spaces_is_linear(text):
    with deadline(2):
        labelled_value(text)


@pytest.mark.parametrize("text", ["1" + "\t" * 30_000 + "/", "1/" + "\t" * 30_000, "9" * 30_000])
def test_a_long_price_is_linear(text):
    with deadline(2), pytest.raises(ValueError):
        parse_price(text + "\t/\t/")


def test_a_pdf_page_of_digits_is_linear():
    with deadline(2):
        assert not _AMOUNT_OR_NUMBER.search("1" * 100_000 + "x")


SMS = (
    "【账单提醒】尊敬的13800001234用户，您2026年10月份账单合计22.40元，实际应付22.40元。"
    "主要费用项包括：月固定费{digits}元，增值业务费0.40元。【中国联通】\n"
)


def test_an_sms_with_100_kb_of_digits_in_its_fee_items(tmp_path):
    # Issue 8: killed after 120 s (20 KB took 16 s) before the SMS reader's rewrite.
    path = tmp_path / "bill.txt"
    path.write_text(SMS.format(digits="1" * 100_000), "utf-8")
    result = read_file(path, ReadOptions())
    assert result.error == (
        "line 1: message 1 is 100,086 characters long, over the 10,000-character limit for "
        "one message (raise it with --max-sms-length)"
    )
    with deadline(5):
        result = read_file(path, ReadOptions(max_sms_chars=200_000))
    assert result.error is None and result.bills


def test_long_cells_read_in_linear_time(tmp_path):
    # The tabular readers apply the label, amount, month and price patterns to every cell.
    cells = [" " * 30_000 + "x", "1" * 30_000, "2026" + " " * 30_000, "账期：" + " " * 30_000]
    rows = ["费用项目,金额", *(f'"{cell}",5.00' for cell in cells), "合计,20.00"]
    path = tmp_path / "13800001234-2026年10月.csv"
    path.write_text("\n".join(rows) + "\n", "utf-8")
    with deadline(5):
        result = read_file(path, ReadOptions())
    assert result.error is None


# ----------------------------------------------- the rewrites match what they replaced

OLD_LABEL = re.compile(r"^\s*([^:：\d][^:：]{0,15}?)\s*[:：]\s*(.+?)\s*$")
OLD_PRICE = re.compile(
    r"^(?P<amount>[^/每]+?)\s*(?:(?:/|每)\s*(?P<count>\d{1,4})?\s*(?P<unit>[^\d\s]+))?$"
)
OLD_RANGE = re.compile(r"\s*(?:至|到|~|～|—|–|\s-\s|(?<=[\d日])-(?=\d{4}))\s*")
OLD_LENGTH = re.compile(r"^([+-]?(?:\d+\.?\d*|\.\d+))(px|pt|pc|em|rem|ex|ch|mm|cm|in|q)?$")
OLD_AMOUNT = re.compile(r"\d+\.\d{2}(?!\d)|(?<!\d)1[3-9]\d{9}(?!\d)")
OLD_MONTH = re.compile(r"(?<!\d)(20\d{2})\s*[-_.年/]?\s*(0[1-9]|1[0-2]|[1-9](?!\d))\s*月?(?!\d)")
SAME = settings(max_examples=400, deadline=None)


def _text(*pieces: str):
    return st.lists(st.sampled_from(pieces), max_size=16).map("".join)


@SAME
@given(_text(" ", "\t", "\n", "\r", "a", "1", ":", "：", "中", "\u3000", "２"))
def test_labelled_value_reads_as_its_old_pattern(text):
    match = OLD_LABEL.match(nfkc(text))
    assert labelled_value(text) == ((match[1], match[2]) if match else None)


@SAME
@given(_text("1", ".", " ", "\t", "/", "每", "月", "元", "a", "\n", "2"))
def test_the_price_pattern_matches_as_before(text):
    old, new = OLD_PRICE.match(text), _PRICE_RE.match(text)
    if old and not old["amount"].strip():
        assert new is None  # an amount of spaces alone: no price either way
    else:
        assert (old and old.groupdict()) == (new and new.groupdict())


@SAME
@given(_text(" ", "-", "1", "2026", "日", "至", "~", "\t", "a"))
def test_the_range_split_splits_as_before(text):
    assert _RANGE_SPLIT.split(text) == OLD_RANGE.split(text)


@SAME
@given(_text(" ", "2026", "20", "1", "0", "-", "年", "月", "\t", "x", "12", "9"))
def test_months_are_found_as_before(text):
    def found(pattern):
        return [(m.groups(), m.span()) for m in pattern.finditer(text)]

    assert found(_MONTH_IN_NAME) == found(OLD_MONTH)


@SAME
@given(_text("1", ".", "+", "-", "px", "em", "2", " ", "q"))
def test_css_lengths_and_amounts_match_as_before(text):
    old, new = OLD_LENGTH.match(text), _LENGTH.match(text)
    assert (old and old.groups()) == (new and new.groups())
    assert bool(OLD_AMOUNT.search(text)) == bool(_AMOUNT_OR_NUMBER.search(text))
