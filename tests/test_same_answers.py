"""Helpers the readers ask of every row or file, rewritten to be quicker, answer as the
ones they replaced did (checked against the replaced one over generated text), and
what they keep from one file to the next does not change what the next is told."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from auditor import values
from auditor.readers import detect, header_block

# Characters a case-blind search treats specially (dotted and dotless i, long s, the
# Kelvin sign, the micro sign), letters of either case, CJK, the cells' joiner.
_TRICKY = "İıſKµΣσςßﬁ"
_PIECES = st.one_of(
    st.sampled_from(header_block._BLOCK_NAMES),
    st.sampled_from([n.upper() for n in header_block._BLOCK_NAMES]),
    st.text(alphabet="abilmnoprtuBILMNOPRTU 号码账期\x00" + _TRICKY, max_size=6),
    st.text(max_size=4),
)


@settings(max_examples=500)
@given(cells=st.lists(st.lists(_PIECES, max_size=4).map("".join), max_size=4))
def test_a_block_label_is_found_as_before(cells):
    names = header_block._BLOCK_NAMES
    before = re.compile("|".join(re.escape(n) for n in names), re.IGNORECASE)
    found = before.search("\x00".join(cells)) is not None
    assert header_block.names_a_block_label(cells) is found


def test_what_a_path_says_is_its_own_whatever_was_asked_before():
    # Kept by each name: the same name in two folders, two names in one folder.
    paths = [
        Path("china-unicom/18600000631/已订业务.csv"),
        Path("china-mobile/13800000000/已订业务.csv"),
        Path("13800000000/联通账单-2026年08月.csv"),
        Path("x/中国移动账单-2026年10月.xlsx"),
        Path("x/2026年09月.csv"),
        Path("china-telecom/18900189003/2026-08.csv"),
    ]
    asks = (detect.line_from_path, detect.period_from_path, detect.carrier_from_path)
    alone = []
    kept = (detect._line_in_name, detect._period_in_name, detect._carrier_in_name)
    for path in paths:
        for names in kept:
            names.cache_clear()
        alone.append([ask(path) for ask in asks])
    assert [[ask(path) for ask in asks] for path in paths * 2] == alone * 2
    assert alone[0] == ["18600000631", None, None] and alone[1][0] == "13800000000"


@given(texts=st.lists(st.text(alphabet="０１２ＡＢａｂ12 　（）()·号码", max_size=70), max_size=30))
def test_a_text_kept_in_nfkc_form_is_its_own(texts):
    # Asked twice (the second time kept, unless over the length kept), and with the
    # texts kept all dropped on the way (the bound met).
    for text in [*texts, *texts]:
        assert values.nfkc(text) == unicodedata.normalize("NFKC", text).strip()
    values._NFKC_KEPT.clear()
    for text in reversed(texts):
        assert values.nfkc(text) == unicodedata.normalize("NFKC", text).strip()
    assert all(len(text) <= values._NFKC_LENGTH for text in values._NFKC_KEPT)
    assert values.nfkc(None) == "" and values.nfkc(12) == "12"


def test_the_texts_kept_in_nfkc_form_are_bounded(monkeypatch):
    monkeypatch.setattr(values, "_NFKC_TEXTS", 8)
    values._NFKC_KEPT.clear()
    for number in range(100):
        assert values.nfkc(f"ＡＢ{number}") == f"AB{number}"
        assert len(values._NFKC_KEPT) <= 8
    assert values.nfkc("ｘ" * 65) == "x" * 65 and "ｘ" * 65 not in values._NFKC_KEPT
