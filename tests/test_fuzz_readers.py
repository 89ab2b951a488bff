"""The bounded fuzz run: every seed under every mutation that fits it, plus the big inputs
and issue 8's hostile ones (smaller than in the long run).

The long run is ``bench/fuzz.py``; both share :mod:`fuzzing` (its seeds
:mod:`fuzzing_seeds`, its mutations :mod:`fuzzing_mutations`). Cases are fixed (seed 0),
so a failure here reproduces on every machine; the failing case's bytes are in pytest's
tmp folder under the label the assertion message names.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from dataclasses import replace

import pytest
from fuzzing import (
    Case,
    big_cases,
    build_case,
    check,
    check_total,
    hostile_cases,
    reference_digest,
    run_case,
)
from fuzzing_mutations import MUTATIONS, mutations_for
from fuzzing_seeds import Seed, all_seeds, builtin_seeds

from auditor import lang
from auditor.model import Charge, ReadResult

RUN_SEED = 0
VARIANTS = 3  # cases per (seed, mutation): each draws its own cut points, bytes, rows
SEEDS = all_seeds()


def _cases_for(seed: Seed) -> list[Case]:
    """Every mutation that fits the seed, a few times, each case with its own fixed generator."""
    cases = []
    for mutation in mutations_for(seed.suffix):
        for variant in range(VARIANTS):
            rng = random.Random(f"{RUN_SEED}:{seed.name}:{mutation.name}:{variant}")
            label = f"{RUN_SEED}-{mutation.name}-{variant}"
            cases.append(build_case(seed, mutation, rng, label))
    return cases


@pytest.mark.parametrize("language", lang.LANGS)
@pytest.mark.parametrize("seed", SEEDS, ids=lambda s: s.name)
def test_mutated_inputs_keep_the_reader_contract(seed, language, tmp_path):
    # Only a seed that reads can show a meaning-keeping mutation changing the numbers.
    # Every error is one line in either language: each is written twice.
    breaches = []
    with lang.using(language):
        reference = reference_digest(seed, tmp_path)
        for case in _cases_for(seed):
            outcome = run_case(case, tmp_path, timeout=20, reference=reference)
            breaches += [f"{case.label}: {problem}" for problem in outcome.problems]
    assert breaches == []


@pytest.mark.parametrize("seed", builtin_seeds(), ids=lambda s: s.name)
def test_generated_seeds_read_whole(seed, tmp_path):
    # The unmutated seeds are well-formed: they must read, and to the fen when the sum is known.
    outcome = run_case(Case(seed, None, seed.data, "seed"), tmp_path)
    assert outcome.problems == []
    assert outcome.result.error is None
    if seed.total_fen is not None:
        assert check_total(outcome.result, seed.total_fen) == []
    assert outcome.result.charges or outcome.result.services


BIG = {case.label: case for case in big_cases()}


@pytest.fixture(scope="module")
def big_outcomes(tmp_path_factory):
    """Each big input read once (the 100,000-row CSV takes seconds), shared by the tests."""
    folder = tmp_path_factory.mktemp("big")
    outcomes = {}
    for label, case in BIG.items():
        cpu = time.process_time()
        outcomes[label] = outcome = run_case(case, folder, timeout=120)
        cpu = time.process_time() - cpu
        error = outcome.result.error if outcome.result else None
        print(f"\n{label}: {len(case.data):,} bytes in {outcome.seconds:.2f} s ", end="")
        print(f"({cpu:.2f} s CPU), error={error}")
    return outcomes


@pytest.mark.parametrize("label", BIG)
def test_big_inputs_read_or_fail_cleanly(label, big_outcomes):
    outcome = big_outcomes[label]
    assert outcome.problems == []
    if outcome.result.error is None and BIG[label].seed.total_fen is not None:
        assert check_total(outcome.result, BIG[label].seed.total_fen) == []


def test_the_100000_row_csv_keeps_every_row(big_outcomes):
    case = BIG["100000-rows.csv"]
    result = big_outcomes[case.label].result
    if result.error is None:
        assert len(result.charges) == 100_000
        assert sum(c.amount_fen for c in result.charges) == case.seed.total_fen
    else:
        # Refusing is allowed, silently keeping part of the file is not.
        assert "\n" not in result.error


HOSTILE = {case.label: case for case in hostile_cases(full=False)}


@pytest.mark.parametrize("language", lang.LANGS)
@pytest.mark.parametrize("label", HOSTILE)
def test_hostile_inputs_are_read_or_refused_within_bounds(label, language, tmp_path):
    # Issue 8's second attack at a sixteenth of its size (bench/fuzz.py --big: full size).
    case = HOSTILE[label]
    with lang.using(language):
        outcome = run_case(case, tmp_path, timeout=30)
    assert outcome.problems == []
    assert outcome.seconds < 20 and outcome.peak_bytes < 1 << 30
    if case.seed.total_fen is not None:
        assert check_total(outcome.result, case.seed.total_fen) == []


def test_every_mutation_changes_or_keeps_bytes_deterministically():
    data = "手机号码,金额\n13800001234,6.00\n".encode()
    for mutation in MUTATIONS:
        first = mutation.apply(data, random.Random(7))
        again = mutation.apply(data, random.Random(7))
        assert first == again, mutation.name
        assert isinstance(first, bytes), mutation.name


BROKEN = [
    ("two-line error", {"error": "bad\nfile"}, "spans lines"),
    ("traceback", {"error": "Traceback (most recent call last)"}, "traceback"),
    ("safety net", {"error": "could not be read (KeyError: 'x')"}, "safety net"),
    ("empty error", {"error": " "}, "not a message"),
    ("float amount", {"charges": [Charge("13800001234", "2026-10", "vas", "x", 6.0)]}, "float"),
    ("masked line", {"charges": [Charge("138****1234", "2026-10", "vas", "x", 600)]}, "mobile"),
    ("bad month", {"charges": [Charge("13800001234", "2026-13", "vas", "x", 600)]}, "YYYY-MM"),
    ("row lost", {"reader": "csv", "rows_read": 2, "set_aside": Counter(header=1)}, "accounting"),
]


@pytest.mark.parametrize(("name", "fields", "expected"), BROKEN, ids=[b[0] for b in BROKEN])
def test_check_flags_broken_results(name, fields, expected, tmp_path):
    path = tmp_path / "bill.csv"
    result = replace(ReadResult(path=str(path)), **fields)
    problems = check(result, path)
    assert any(expected in p for p in problems), problems


def test_check_accepts_a_clean_result(tmp_path):
    path = tmp_path / "bill.csv"
    charge = Charge("13800001234", "2026-10", "vas", "彩铃功能费", 500)
    assert check(ReadResult(path=str(path), charges=[charge]), path) == []
    assert check(ReadResult(path=str(path), error="no line found (give --line)"), path) == []
