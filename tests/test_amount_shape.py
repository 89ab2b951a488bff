"""never_an_amount refuses only what parse_amount would refuse: a shortcut, never a rule."""

import random

import pytest

from auditor.amount_shape import never_an_amount
from auditor.errors import ValueParseError
from auditor.readers.rows import is_amount
from auditor.values import nfkc, parse_amount

AMOUNTS = ["6", "6.00", "-5.00", "(5.00)", "¥1,234.50", "￥6元", "减免10.00", "减10.00", "RMB 6",
           "6 yuan", "58.00\n元", "人民币6.00", "−3.00", "–3.00", "--", "无", "-", "—",
           "１２.５０"]  # fmt: skip
WORDS = ["2023-05-01", "2026-10-01 10:00:00", "10:00", "6元/月", "免费", "套餐费", "2026年10月",
         "1-2", "3.00-", "10GB", "n/a", "5元每月", "A1", "12300", ""]  # fmt: skip


def _parses(text: str) -> bool:
    try:
        parse_amount(text)
    except ValueParseError:
        return False
    return True


@pytest.mark.parametrize("text", AMOUNTS)
def test_an_amount_is_never_refused_by_its_shape(text):
    assert _parses(text) and not never_an_amount(nfkc(text)) and is_amount(text)


@pytest.mark.parametrize(
    "text", ["2023-05-01", "2026-10-01 10:00:00", "6元/月", "免费", "2026年10月"]
)
def test_dates_and_words_are_refused_by_their_shape(text):
    assert never_an_amount(nfkc(text)) and not _parses(text) and not is_amount(text)


def test_what_the_shape_refuses_parse_amount_refuses_too():
    # random texts of the characters amounts and their neighbours are made of
    alphabet = "0123456789,.+-() ¥￥元人民币减免RMBCNYyuan−–—:/年月日GB无n a\u00a0\n\t"
    rng = random.Random(7)
    texts = AMOUNTS + WORDS
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 8))) for _ in range(20000)]
    wrong = [t for t in texts if never_an_amount(nfkc(t)) and _parses(t)]
    assert wrong == []
