"""How a service's steps read on the Actions sheet (:mod:`auditor.writers.grouped`): its
lines at one stage a set of rows (:func:`at_stages`), a step a row, a run of SMS commands
any one of which does it one row listing them, and the parts of a note an earlier step of
the same service gave referred to, not said again.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from auditor.lang import say
from auditor.model import Action, Finding
from auditor.wording import capitalized, joined, uncapitalized
from auditor.writers.figures import Counted, ServiceGroup, service_groups
from auditor.writers.labels import CONFIDENCE_LABELS, label


def at_stages(group: ServiceGroup, counted: Counted) -> list[ServiceGroup]:
    """``group`` as the Actions sheet gives it rows: its lines whose steps say the same
    (:func:`_stage`) together, each part its own steps (its first finding's), lines and
    money (``counted``: the findings' money), in the order their first findings come;
    ``[group]`` itself when all its lines are at one stage. The steps one row shows are
    true of every line on it: two of a service's six suspended lines closed, the row of
    all six said "you asked for it to be closed, nothing more to do" (the first line's
    steps), and the four still open were told nothing was left to do. A line stands by
    its first finding, as it does for :func:`~auditor.writers.followup.group_step`; the
    amounts, dates and tickets of the first line stand for the others', as said there."""
    stage_of: dict[str, tuple] = {}
    for finding in group.findings:
        if finding.line not in stage_of:
            stage_of[finding.line] = _stage(finding)
    if len(set(stage_of.values())) < 2:
        return [group]
    parts: dict[tuple, list[Finding]] = {}
    for finding in group.findings:
        parts.setdefault(stage_of[finding.line], []).append(finding)
    # one service at one carrier: each part is one group of its own, its money counted so
    return [service_groups(part, counted)[0] for part in parts.values()]


def _stage(finding: Finding) -> tuple:
    """What a finding's steps say, each step's channel, where to, how sure and its words,
    but not the amounts, dates, months and ticket numbers in them (each line's own): two
    lines get the same key when one row of steps holds for both."""
    return tuple(
        (a.channel, a.to, a.confidence, a.alternative, _worded(a.text), _worded(a.note))
        for a in finding.actions
    )


#: A run of figures: an amount, a date, months (``2026-08、2026-09``, ``2026-08..2026-10``)
#: or a ticket (``YD20260908001``), each line's own in a step's words.
_FIGURES = re.compile(r"[0-9A-Za-z]*\d[0-9A-Za-z]*(?:[-.:/,、~～ ]+[0-9A-Za-z]*\d[0-9A-Za-z]*)*")


@functools.lru_cache(maxsize=4096)  # a company's lines share their steps' texts
def _worded(text: str) -> str:
    """``text`` with each run of figures one mark (:data:`_FIGURES`)."""
    return _FIGURES.sub("#", text)


def shown_steps(actions: Sequence[Action]) -> list[list[Action]]:
    """A service's steps as the Actions sheet's rows, in order: a row per step, as
    :mod:`auditor.step_numbers` numbered them (the number the JSON gives them too), so a
    run of SMS commands any one of which does the same (:attr:`Action.alternative`, 或：)
    is one row listing them all, with the SMS step they are alternatives of (a
    cancellation's four SMS commands took four rows of three or four printed lines each,
    a service up to 14 steps, the household's 5 findings 6 pages). Every command and note
    is kept."""
    rows: list[list[Action]] = []
    for action in actions:
        if rows and rows[-1][0].step == action.step:
            rows[-1].append(action)
        else:
            rows.append([action])
    return rows


def step_text(action: Action, step: int, noted: dict[str, int]) -> list[str]:
    """A step's text (``step``: its number on the sheet), then where to send it (unless
    the text names it: ``Send 0000 to 10086`` needs no ``To: 10086``), how sure the
    command is, and its note, each part of the note an earlier step of the same service
    gave (``noted``: a part and its step, added to) referred to, not said again
    (:func:`_note_once`)."""
    what = [action.text]
    if action.to and action.to not in action.text:
        what.append(say(f"发往：{action.to}", f"To: {action.to}"))
    if action.confidence:
        sure = label(CONFIDENCE_LABELS, action.confidence)
        what.append(say(f"可靠性：{sure}", f"Confidence: {sure}"))
    if action.note:
        what.append(_note_once(action.note, step, noted))
    return what


#: How the SMS commands of one row (:func:`either_text`) are told apart.
_MARKS = "①②③④⑤⑥⑦⑧⑨⑩"


def either_text(run: list[Action], step: int, noted: dict[str, int]) -> list[str]:
    """A run of SMS commands any one of which does it (:func:`shown_steps`), as one step
    (``step``: its number on the sheet): what they do once, when most say it alike
    (退订「咪咕视频会员」), then each command with, in brackets, where to send it (unless
    it says), how sure it is and its note; the parts of notes an earlier step gave
    referred to once, at the end (:func:`_note_once`)."""
    texts = [_alone(action.text) for action in run]
    intros = [_intro(text) for text in texts]
    common = max(intros, key=intros.count)
    if not common or intros.count(common) < 2:
        common = ""
    head = say(f"{common}，发以下任一短信", f"{common} by sending any one of these SMS:")
    if not common:
        head = say("发以下任一短信", "Send any one of these SMS:")
    what = [say(f"或：{head}", f"Or: {uncapitalized(head)}") if run[0].alternative else head]
    earlier: set[int] = set()
    for index, (action, text) in enumerate(zip(run, texts, strict=True)):
        said = []
        if action.to and action.to not in action.text:
            said.append(say(f"发往 {action.to}", f"to {action.to}"))
        if action.confidence:
            said.append(label(CONFIDENCE_LABELS, action.confidence))
        if action.note:
            kept, before = _note_parts(action.note, step, noted)
            said += [uncapitalized(part) for part in kept]  # (inside brackets)
            earlier |= before
        if common and intros[index] == common:
            text = text[len(common) + len(say("：", ": ")) :]
        mark = _MARKS[index] if index < len(_MARKS) else f"({index + 1})"
        inside = say("；", "; ").join(said)
        what.append(f"{mark} {text}" + (say(f"（{inside}）", f" ({inside})") if said else ""))
    if earlier:
        what.append(say(f"说明同{_steps_named(earlier)}", f"As noted on {_steps_named(earlier)}"))
    return what


def _alone(text: str) -> str:
    """An alternative's text without the 或： / Or: that says it is one."""
    for prefix in ("或：", "Or: "):
        if text.startswith(prefix):
            return capitalized(text[len(prefix) :])
    return text


def _intro(text: str) -> str:
    """What an SMS step says it does before what to send (``退订「咪咕视频会员」：发送…``:
    ``退订「咪咕视频会员」``), or ``""``."""
    intro, colon, _ = text.partition(say("：", ": "))
    return intro if colon else ""


#: Where a note's parts part (:func:`auditor.wording.joined`, in either language).
_NOTE_PARTS = re.compile("；|; ")


def _note_once(note: str, step: int, noted: dict[str, int]) -> str:
    """``note`` without the parts an earlier step gave (``noted``), which it names
    instead: a company's line's caution and the carrier's maintenance window are noted on
    each self-service step, six times over a service's steps, three lines each on paper.
    The steps of one service are read (and printed) together, so a reference to the step
    above loses nothing; another service's steps say it all again, as they may be handed
    to another person."""
    kept, earlier = _note_parts(note, step, noted)
    if not earlier:
        return note
    steps = _steps_named(earlier)
    if not kept:
        return say(f"说明同{steps}", f"As noted on {steps}")
    rest = say(f"其余同{steps}说明", f"the rest as noted on {steps}")
    return capitalized(joined([*kept, rest]))


def _note_parts(note: str, step: int, noted: dict[str, int]) -> tuple[list[str], set[int]]:
    """``note``'s parts not given by a step before ``step`` (``noted``: each part and the
    step that gave it first, added to), and the steps that gave the others."""
    kept, earlier = [], set()
    for part in _NOTE_PARTS.split(note):
        key = part[:1].lower() + part[1:]  # (a part that started the note is capitalized)
        if noted.setdefault(key, step) != step:
            earlier.add(noted[key])
        else:
            kept.append(part)
    return kept, earlier


def _steps_named(numbers: set[int]) -> str:
    """``第 2、5 步`` / ``steps 2 and 5``."""
    shown = [str(n) for n in sorted(numbers)]
    return say(f"第 {'、'.join(shown)} 步", f"step{'s' if len(shown) > 1 else ''} "
               + " and ".join(shown))  # fmt: skip
