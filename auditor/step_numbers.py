"""How a finding's steps are numbered, once for every output: the Actions sheet's Step
column, the notes that refer to an earlier step (说明同第 2 步) and the JSON's
``actions[].step`` all give a step the number this module gives it, so that a person
reading the sheet and a script reading the JSON mean the same thing by "step 4".

A step is one number; a run of SMS commands any one of which does it (the alternatives,
或：, of an SMS step) is one step, and its commands share the number of the first: the
sheet shows them on one row (a cancellation's four SMS commands, each its own step,
took four rows and the JSON counted four steps where the sheet counted one). An
alternative in another channel (或：在App…, after an SMS step) is a step of its own, as
the sheet shows it on a row of its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from auditor.model import Action


def _joins(action: Action, run: Sequence[Action]) -> bool:
    """Whether ``action`` is one more SMS command of the step ``run`` (the actions of the
    step before it, so far): an alternative SMS command after SMS commands only."""
    return (
        action.alternative
        and action.channel == "sms"
        and bool(run)
        and all(a.channel == "sms" for a in run)
    )


def step_runs(actions: Sequence[Action]) -> list[list[Action]]:
    """``actions`` as steps, in order: each step's actions (one, or an SMS command and
    its alternatives: :func:`_joins`), whatever numbers the actions carry."""
    runs: list[list[Action]] = []
    for action in actions:
        if runs and _joins(action, runs[-1]):
            runs[-1].append(action)
        else:
            runs.append([action])
    return runs


def numbered(actions: Sequence[Action]) -> list[Action]:
    """``actions`` with each one's ``step`` its step's number (1 on): the number every
    output gives it; the actions already so numbered are kept as they are."""
    shown = []
    for number, run in enumerate(step_runs(actions), 1):
        shown += [a if a.step == number else replace(a, step=number) for a in run]
    return shown
