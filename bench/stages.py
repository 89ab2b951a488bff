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
    .venv/bin/python bench/stages.py company-months [--first]   # after scale.py's
"""

from __future__ import annotations

import argparse
import resource
import shutil
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


def run(
    inputs: Path, known: Path | None, jobs: int, before: Path | None = None, as_of: str = ""
) -> Steps:
    """The steps of :func:`auditor.run.audit` on ``inputs``, timed: into a fresh history,
    or a copy of ``before`` (a later month, dated ``as_of``)."""
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
    as_of = date.fromisoformat(as_of or scale.AS_OF)
    plan = library.prepare(
        [inputs], settings=known, as_of=as_of, report=out / "r.xlsx", json=out / "r.json"
    )
    steps.done("walk, settings, report check")
    done = library.read_planned(plan, jobs=jobs)
    steps.done(f"read {len(plan.files):,} files ({jobs} jobs)")
    history = out / "history.sqlite"
    history.unlink(missing_ok=True)
    if before is not None:
        shutil.copyfile(before, history)
    stored, loaded, followed = pipeline.store_results, pipeline.load_results, pipeline._followed

    def timed_store(*args, **kwargs):
        steps.done("history opened, files keyed")
        count = stored(*args, **kwargs)
        steps.done("history: inputs stored")
        return count

    def timed_load(*args, **kwargs):
        steps.done("history: asked")
        results = loaded(*args, **kwargs)
        steps.done(f"history: {sum(len(r.charges) for r in results):,} charges loaded")
        return results

    def timed_follow(*args, **kwargs):
        steps.done("history: asked")
        report = followed(*args, **kwargs)
        steps.done("audit: rules, findings followed")
        return report

    # the audit stores the inputs, loads what the history holds of their lines, runs the
    # rules and follows the findings reported before, then asks about the lines not given
    pipeline.store_results, pipeline.load_results = timed_store, timed_load
    pipeline._followed = timed_follow
    try:
        # As run.audit does, but each step apart: the history opened before reading (here
        # after: a fresh one takes no time) and the outputs rendered, not written.
        with open_history(history) as db, db.transaction():
            report = audit_inputs(done.results, library.audit_options(plan), db)
            steps.done(f"audit: the rest ({len(report.findings):,} findings)")
            shown = report_figures(report)  # once, for both, as run.audit does
            steps.done("figures (money, groups, steps)")
            render_xlsx(report, done.mask, shown=shown)
            steps.done("workbook")
            render_json(report, done.mask, shown).encode("utf-8")
            steps.done("JSON")
        steps.done("history committed")
    finally:
        pipeline.store_results, pipeline.load_results = stored, loaded
        pipeline._followed = followed
    render_summary(report, done.mask, list(plan.outputs.values()), shown=shown)
    steps.done("summary")
    return steps


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "workload",
        choices=["company", "company-all-problems", "company-months", "big-csv", "pdfs"],
    )
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument(
        "--first", action="store_true", help="company-months: the first month, not the last"
    )
    args = parser.parse_args()
    scale.OUT.mkdir(parents=True, exist_ok=True)
    scale.compiled()
    if args.workload == "company-months":
        _months(args.jobs, args.first)
        return
    if args.workload.startswith("company"):
        problems = None if args.workload == "company-all-problems" else 19
        inputs, known = scale.company(1000, problems), scale.company_known(problems)
    elif args.workload == "big-csv":
        inputs, known = scale.big_csv(200_000).parent, None
    else:
        inputs, known = scale.pdfs(100), None
    run(inputs, known, args.jobs).show(f"{args.workload}: {inputs}")


def _months(jobs: int, first: bool) -> None:
    """The last of the months ``scale.py company-months`` audited (run it first) into the
    history it left before that month, or (``first``) the first into a fresh history."""
    made = scale.OUT / "company-1000-19-months"
    folders = sorted(made.glob("[0-9]*"), key=lambda p: int(p.name))
    before = scale.OUT / "company-months-before.sqlite"
    if not folders or not before.exists():
        sys.exit("run bench/scale.py company-months first: its months and history are used")
    folder, history = (folders[0], None) if first else (folders[-1], before)
    month = int(folder.name) - len(folders)
    as_of = f"{scale.months.month_add(scale.AS_OF[:7], month)}{scale.AS_OF[7:]}"
    steps = run(folder, scale.company_known(19), jobs, history, as_of)
    steps.show(f"company-months, month {folder.name} of {len(folders)} (as of {as_of})")


if __name__ == "__main__":
    main()
