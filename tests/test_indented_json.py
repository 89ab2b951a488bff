"""auditor.writers.indented.dumps writes what json.dumps(indent=2, ensure_ascii=False)
writes, byte for byte, for any tree of JSON values (and what ``default`` makes of others)."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from auditor.writers.indented import dumps
from auditor.writers.json import _plain

KEYS = st.one_of(st.text(), st.integers(), st.floats(), st.booleans(), st.none())
LEAVES = st.one_of(
    st.text(),
    st.integers(),
    st.floats(),
    st.booleans(),
    st.none(),
    st.dates(),
    st.decimals(allow_nan=False),
)
TREES = st.recursive(
    LEAVES,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.lists(inner, max_size=3).map(tuple),
        st.dictionaries(KEYS, inner, max_size=4),
    ),
    max_leaves=30,
)


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, default=_plain)


@given(TREES)
def test_any_tree_is_written_as_json_dumps_writes_it(tree):
    assert dumps(tree, _plain) == _json(tree)


def test_text_json_escapes_is_escaped_as_json_dumps_does():
    tree = {'\x00\x1f"\\/\n\t\u2028\ud800': ["话费 ¥12.00", "\x7f\ufeff"], 1.5: [], 2: {}}
    assert dumps(tree, _plain) == _json(tree)


def test_a_tree_that_holds_itself_is_refused():
    tree: list = [1]
    tree.append(tree)
    with pytest.raises(ValueError, match="Circular"):
        dumps(tree, _plain)


def test_a_key_json_cannot_hold_is_refused_as_json_dumps_refuses_it():
    with pytest.raises(TypeError):
        _json({(1, 2): 1})
    with pytest.raises(TypeError, match="keys must be"):
        dumps({(1, 2): 1}, _plain)


def test_what_default_gives_is_written_in_place():
    tree = {"on": date(2026, 10, 1), "amount": Decimal("12.30"), "set": {1}}
    assert dumps(tree, _plain) == _json(tree)
