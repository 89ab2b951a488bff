"""The long fuzz run over every reader: ``python bench/fuzz.py --cases 5000 --seed 1``.

Case ``i`` of run ``S`` is always the same damaged file (see ``tests/fuzzing.py``), so
``--case i`` replays one. Each case whose reading breaks the reader contract is saved with
its seed's folder and file name under ``bench/out/fuzz-crashes/<label>/`` (git-ignored),
next to a ``crash.json`` saying what went wrong and how to replay it.

``--big`` adds the large inputs and issue 8's hostile ones at full size (a 2 GiB
``core.xml``, a 1 GiB PDF content stream, 10,000 sheets, a pipe...), each read in a
process of its own so that its peak memory (its PDF reading child's included) and time
are its own: over 1 GiB or 60 s is a crash. A table of the time and peak memory of each
case class (a mutation, or a big case) ends every run.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import re
import shutil
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from fuzzing import (  # noqa: E402 - the shared harness lives with the tests
    Case,
    Outcome,
    big_cases,
    hostile_cases,
    make_case,
    reference_digest,
    run_case,
)
from fuzzing_seeds import all_seeds  # noqa: E402

CRASHES = REPO / "bench" / "out" / "fuzz-crashes"
# What no input may cost (issue 8): the process's peak memory and the time to read it.
MAX_MEMORY = 1 << 30
MAX_SECONDS = 60


def main(argv: list[str] | None = None) -> int:
    """Run the cases, print the counts, save the crashes; exit 1 when any case crashed."""
    args = _parser().parse_args(argv)
    seeds = all_seeds()
    if args.case is None:  # a full run's crash folder holds that run's crashes only
        shutil.rmtree(args.out, ignore_errors=True)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="auditor-fuzz-") as scratch:
        folder = Path(scratch)
        references = {seed.name: reference_digest(seed, folder / "ref") for seed in seeds}
        indices = [args.case] if args.case is not None else range(args.cases)
        outcomes = []
        for index in indices:
            case = make_case(seeds, args.seed, index)
            work = folder / str(index)
            outcome = run_case(case, work, args.timeout, references[case.seed.name])
            outcomes.append(_keep(outcome, args, f"--seed {args.seed} --case {index}"))
            shutil.rmtree(work, ignore_errors=True)
        if args.big:
            for case in big_cases() + hostile_cases(full=True):
                outcome = isolated(case, folder / "big", MAX_SECONDS + 10)
                outcomes.append(_keep(outcome, args, "--cases 0 --big"))
    _report(outcomes, seeds, time.perf_counter() - started)
    return 1 if any(o.problems for o in outcomes) else 0


def isolated(case: Case, folder: Path, timeout: int) -> Outcome:
    """Read ``case`` in a child process; its outcome with the child's peak memory (which
    counts the PDF reader's own child too) and time, and a problem when over budget."""
    reading, writing = os.pipe()
    started = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(reading)
            outcome = run_case(case, folder, timeout)
            payload = pickle.dumps((outcome.path, outcome.result, outcome.problems))
            with os.fdopen(writing, "wb") as pipe:
                pipe.write(payload)
        finally:
            os._exit(0)
    os.close(writing)
    with os.fdopen(reading, "rb") as pipe:
        payload = pipe.read()
    _, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - started
    if payload:
        path, result, problems = pickle.loads(payload)
    else:
        path, result, problems = folder, None, [f"the reading process died (status {status})"]
    outcome = Outcome(case, path, result, problems, seconds, usage.ru_maxrss * 1024)
    if outcome.peak_bytes > MAX_MEMORY:
        outcome.problems.append(f"over budget: {outcome.peak_bytes >> 20} MiB of memory")
    if seconds > MAX_SECONDS:
        outcome.problems.append(f"over budget: {seconds:.0f} s")
    return outcome


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1000, help="how many cases to run")
    parser.add_argument("--seed", type=int, default=1, help="the run's seed")
    parser.add_argument("--case", type=int, help="replay only this case of the run")
    parser.add_argument("--timeout", type=int, default=20, help="seconds before a read is a hang")
    parser.add_argument("--big", action="store_true", help="also the 100,000-row and wide inputs")
    parser.add_argument("--out", type=Path, default=CRASHES, help="where crashes are saved")
    return parser


def _keep(outcome: Outcome, args: argparse.Namespace, replay: str) -> Outcome:
    """Save a crashing case's bytes and what went wrong; return the outcome unchanged."""
    if not outcome.problems:
        return outcome
    case = outcome.case
    target = args.out / re.sub(r"[^\w.-]+", "_", case.label)[:120]
    saved = target / case.relative_path
    saved.parent.mkdir(parents=True, exist_ok=True)
    saved.write_bytes(case.data)
    crash = {
        "seed_file": case.seed.name,
        "mutation": case.mutation.name if case.mutation else None,
        "problems": outcome.problems,
        "seconds": round(outcome.seconds, 3),
        "file": str(saved.relative_to(REPO) if saved.is_relative_to(REPO) else saved),
        "replay": f"python bench/fuzz.py {replay}",
    }
    text = json.dumps(crash, ensure_ascii=False, indent=1) + "\n"
    # A hostile file name may hold a byte that is not UTF-8: kept as its escape.
    (target / "crash.json").write_text(text, "utf-8", errors="backslashreplace")
    return outcome


def _signature(problem: str) -> str:
    """A problem with its numbers and quoted values blurred, so that alike crashes group."""
    return re.sub(r"'[^']*'|\d+", "…", problem)[:160]


def _report(outcomes: list[Outcome], seeds: list, seconds: float) -> None:
    crashed = [o for o in outcomes if o.problems]
    clean = [o for o in outcomes if not o.problems]
    read = sum(1 for o in clean if o.result.error is None)
    failed = len(clean) - read
    print(f"seeds: {len(seeds)} files; cases run: {len(outcomes)}; time: {seconds:.1f} s")
    print(f"read: {read}; failed with a message: {failed}; crashes: {len(crashed)}")
    slowest = max(outcomes, key=lambda o: o.seconds, default=None)
    if slowest:
        print(f"slowest case: {slowest.case.label} ({slowest.seconds:.2f} s)")
    _classes(outcomes)
    kinds = Counter(
        (o.result.reader if o.result else "?", _signature(p)) for o in crashed for p in o.problems
    )
    for (reader, signature), count in kinds.most_common():
        print(f"  {count:5d}  [{reader or 'no reader'}] {signature}")
    if crashed:
        print(f"reproducers: {CRASHES.relative_to(REPO)}/<label>/ (crash.json says how to replay)")


def _classes(outcomes: list[Outcome]) -> None:
    """Per case class (a mutation, or a big case), the cases, the longest read and the
    highest peak memory (the process's resident memory; a big case's own process)."""
    classes: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        case = outcome.case
        classes[case.mutation.name if case.mutation else f"big: {case.label}"].append(outcome)
    print(f"{'case class':<34} {'cases':>6} {'max s':>7} {'peak MiB':>9}")
    for name, members in sorted(classes.items()):
        seconds = max(o.seconds for o in members)
        peak = max(o.peak_bytes for o in members) >> 20
        print(f"{name:<34} {len(members):>6} {seconds:>7.2f} {peak:>9}")


if __name__ == "__main__":
    sys.exit(main())
