"""auditor.writers.indented.dumps writes what json.dumps(indent=2, ensure_ascii=False)
writes, byte for byte, for any tree of JSON values (and what ``default`` makes of others)."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from auditor.writers.indented import RepeatedDict, RepeatedList, dumps
from auditor.writers.json_values import masked_tree, plain, plain_tree
from auditor.writers.safe import Masker

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
    return json.dumps(value, ensure_ascii=False, indent=2, default=plain)


@given(TREES)
def test_any_tree_is_written_as_json_dumps_writes_it(tree):
    assert dumps(tree, plain) == _json(tree)


def test_text_json_escapes_is_escaped_as_json_dumps_does():
    tree = {'\x00\x1f"\\/\n\t\u2028\ud800': ["话费 ¥12.00", "\x7f\ufeff"], 1.5: [], 2: {}}
    assert dumps(tree, plain) == _json(tree)


def test_a_tree_that_holds_itself_is_refused():
    tree: list = [1]
    tree.append(tree)
    with pytest.raises(ValueError, match="Circular"):
        dumps(tree, plain)


def test_a_key_json_cannot_hold_is_refused_as_json_dumps_refuses_it():
    with pytest.raises(TypeError):
        _json({(1, 2): 1})
    with pytest.raises(TypeError, match="keys must be"):
        dumps({(1, 2): 1}, plain)


def test_what_default_gives_is_written_in_place():
    tree = {"on": date(2026, 10, 1), "amount": Decimal("12.30"), "set": {1}}
    assert dumps(tree, plain) == _json(tree)


DETAILS = st.recursive(
    LEAVES | st.sampled_from(["13900000000", "尊敬的王小明客户"]),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.lists(inner, max_size=3).map(tuple),
        st.dictionaries(KEYS | st.just("13900000001"), inner, max_size=4),
        st.sets(st.integers(), max_size=3),
        st.frozensets(st.text(max_size=3), max_size=3),
    ),
    max_leaves=30,
)


@given(DETAILS)
def test_details_are_masked_in_one_walk_as_in_two(tree):
    mask = Masker(True)
    ours, theirs = masked_tree(tree, mask), mask.deep(plain_tree(tree))
    assert _json(ours) == _json(theirs)  # as text: NaN is no value equal to itself
    assert dumps(ours, plain) == _json(theirs)


def test_a_repeated_container_is_written_as_json_dumps_writes_it_wherever_it_stands():
    step = RepeatedDict({"step": 1, "text": "退订", "at": [date(2026, 10, 1)]})
    steps = RepeatedList([step, step])
    tree = {"a": [steps, {"b": steps, "c": step}], "d": steps, "e": RepeatedList()}
    assert dumps(tree, plain) == _json(tree)
    assert dumps(tree, plain, "\n") == _json(tree) + "\n"


def test_a_repeated_container_that_holds_itself_is_refused():
    tree = RepeatedList([1])
    tree.append(tree)
    with pytest.raises(ValueError, match="Circular"):
        dumps(tree, plain)
