"""Where an audit's time goes: each step of ``auditor audit`` timed apart, wall and CPU.

Runs, in this process, the steps of :func:`auditor.run.audit` (what the audit command
calls) on one of ``bench/scale.py``'s workloads (made there if missing), with a fresh
history as scale.py gives it: start-up (the command's imports), ``run.prepare`` (the
walk, the settings and the report check), ``run.read_planned`` (``--jobs`` workers; the
workers' CPU counted), storing the inputs in the history, the audit (the history's
earlier months, the rules, the findings remembered), the workbook, the JSON and the
summary. The workbook and the JSON are timed one after the other here, where run.audit
makes the JSON in a child alongside the workbook; the Charges, Services and Inputs sheets
are written here too, where run.audit stages them in a child during the audit
(auditor.writers.prestage). So the sum is the CPU an audit costs, not its wall time.

    .venv/bin/python bench/stages.py company
    .venv/bin/python bench/stages.py big-csv --jobs 1
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import scale


def _cpu() -> float:
    """CPU seconds of this process and of the children it has waited for."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


class Steps:
    """Each step's wall and CPU seconds, in order."""

    def __init__(self):
        self.times: list[tuple[str, float, float]] = []
        self._wall, self._cpu = time.perf_counter(), _cpu()

    def done(self, name: str) -> None:
        """The step that just ended."""
        wall, cpu = time.perf_counter(), _cpu()
        self.times.append((name, wall - self._wall, cpu - self._cpu))
        self._wall, self._cpu = wall, cpu

    def show(self, title: str) -> None:
        """Print the steps and their sum."""
        print(title)
        for name, wall, cpu in self.times:
            print(f"  {name:34} {wall:6.2f} s wall {cpu:6.2f} s CPU")
        wall = sum(t[1] for t in self.times)
        cpu = sum(t[2] for t in self.times)
        print(f"  {'sum':34} {wall:6.2f} s wall {cpu:6.2f} s CPU")


def run(inputs: Path, known: Path | None, jobs: int) -> Steps:
    """The steps of :func:`auditor.run.audit` on ``inputs``, timed."""
    steps = Steps()
    import auditor.cli.audit_cmd  # noqa: F401 - the command's own imports
    from auditor import lang

    # run.audit sets the language once before anything is read; left unset, every text
    # made would look it up in the environment again (a tenth of the audit's CPU).
    lang.use(lang.default_lang())
    import auditor.pipeline as pipeline
    from auditor import run as library
    from auditor.history.db import open_history
    from auditor.pipeline import audit_inputs
    from auditor.writers import render_json, render_summary, render_xlsx
    from auditor.writers.report_figures import report_figures

    steps.done("start-up (imports)")
    out = scale.OUT / "stages"
    out.mkdir(parents=True, exist_ok=True)
    as_of = date.fromisoformat(scale.AS_OF)
    plan = library.prepare(
        [inputs], settings=known, as_of=as_of, report=out / "r.xlsx", json=out / "r.json"
    )
    steps.done("walk, settings, report check")
    done = library.read_planned(plan, jobs=jobs)
    steps.done(f"read {len(plan.files):,} files ({jobs} jobs)")
    history = out / "history.sqlite"
    history.unlink(missing_ok=True)
    stored = pipeline.store_results

    def timed_store(*args, **kwargs):
        steps.done("history opened")
        count = stored(*args, **kwargs)
        steps.done("history: inputs stored")
        return count

    pipeline.store_results = timed_store  # the audit stores the inputs first
    try:
        # As run.audit does, but each step apart: the history opened before reading (here
        # after: a fresh one takes no time) and the outputs rendered, not written.
        with open_history(history) as db, db.transaction():
            report = audit_inputs(done.results, library.audit_options(plan), db)
            steps.done(f"audit: rules, {len(report.findings):,} findings")
            shown = report_figures(report)  # once, for both, as run.audit does
            steps.done("figures (money, groups, steps)")
            render_xlsx(report, done.mask, shown=shown)
            steps.done("workbook")
            render_json(report, done.mask, shown).encode("utf-8")
            steps.done("JSON")
        steps.done("history committed")
    finally:
        pipeline.store_results = stored
    render_summary(report, done.mask, list(plan.outputs.values()), shown=shown)
    steps.done("summary")
    return steps


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workload", choices=["company", "company-all-problems", "big-csv", "pdfs"])
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    scale.OUT.mkdir(parents=True, exist_ok=True)
    scale.compiled()
    if args.workload.startswith("company"):
        problems = None if args.workload == "company-all-problems" else 19
        inputs, known = scale.company(1000, problems), scale.company_known(problems)
    elif args.workload == "big-csv":
        inputs, known = scale.big_csv(200_000).parent, None
    else:
        inputs, known = scale.pdfs(100), None
    run(inputs, known, args.jobs).show(f"{args.workload}: {inputs}")


if __name__ == "__main__":
    main()
