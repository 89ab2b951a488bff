"""How a service's steps read on the Actions sheet (:mod:`auditor.writers.grouped`): its
lines at one stage a set of rows (:func:`at_stages`), a step a row, what a step says
otherwise for some of its lines (their own amounts, months and last days) under it
(:func:`line_details`), a run of SMS commands any one of which does it one row listing
them, and the parts of a note an earlier step of the same service gave referred to, not
said again.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date

from auditor.escalation import OWED_TOGETHER, NextStep
from auditor.history.typed_lines import LINES_NAMED
from auditor.lang import say
from auditor.model import Action, Finding
from auditor.rules import steps_apart
from auditor.sheets import ACTIONS
from auditor.wording import capitalized, joined, uncapitalized
from auditor.writers.figures import Counted, ServiceGroup, service_groups
from auditor.writers.followup import group_step
from auditor.writers.labels import CONFIDENCE_LABELS, label, rule_label


def apart(findings: list[Finding]) -> list[list[Finding]]:
    """``findings`` (a group's) parted by whose steps they take: those of a rule whose
    steps are shown apart (:func:`~auditor.rules.steps_apart`: a fee billed twice) and
    the others (the unknown service it is a charge of, to cancel), in the order their
    first findings come; ``[findings]`` when all are of one kind. A group's first
    finding's steps stood for both, and a duplicate of an unknown service said how to get
    the second copy back but never to cancel the service."""
    parts: dict[bool, list[Finding]] = {}
    for finding in findings:
        parts.setdefault(steps_apart(finding.rule), []).append(finding)
    return list(parts.values())


def kinds_step(
    group: ServiceGroup, as_of: date, steps: Mapping[int, NextStep] | None = None
) -> str:
    """The step a list of things to do shows for ``group``
    (:func:`~auditor.writers.followup.group_step`): where it holds two kinds of findings
    (:func:`apart`: a fee billed twice of an unknown service, to be asked back, and the
    service, to be cancelled), its first kind's, and that the other's steps are on the
    Actions sheet, named by its rules: By service and the Summary said the duplicate's
    alone. (Each kind's step in full made the Summary's rows too tall for its page.)"""
    kinds = apart(group.findings)
    if len(kinds) < 2:
        return group_step(group, as_of, steps)
    first = group_step(replace(group, findings=kinds[0]), as_of, steps)
    others = dict.fromkeys(rule_label(f.rule) for kind in kinds[1:] for f in kind)
    return first + say(
        f"；另有「{'」「'.join(others)}」：步骤见「{ACTIONS.zh}」表",
        f"; also {'; '.join(others)}: its steps are on {ACTIONS.en}",
    )


def apart_note(part: ServiceGroup, group: ServiceGroup, number: int) -> tuple[str, ...]:
    """What the first row of ``part``, one of ``group``'s kinds of findings (:func:`apart`),
    numbered ``number``, says of the other kind's rows: a fee billed twice that the
    service is also unknown (or charged after its cancellation, a trial turned paid), to
    cancel in the other rows, whose refund of all it charged holds the copy charged twice;
    those rows, that the copy's own are above. None for a group of one kind."""
    kinds = apart(group.findings)
    if len(kinds) < 2:
        return ()
    mine = {f.rule for f in part.findings}
    others = dict.fromkeys(rule_label(f.rule) for f in group.findings if f.rule not in mine)
    zh, en = "」「".join(others), "; ".join(others)
    if not steps_apart(part.first.rule):
        return (
            say(
                f"这项业务另有「{zh}」：那些步骤见编号 {number} 的其他行",
                f"Also found of this service ({en}): its steps are the other rows numbered "
                f"{number}",
            ),
        )
    return (
        say(
            f"这项业务另有「{zh}」：对它的步骤（退订、退款）见编号 {number} 的其他行；那里要求"
            "退还的是它扣的全部费用，已包括这里重复收取的，同一笔钱只要求退一次",
            f"Also found of this service ({en}): the steps about it (cancelling, a refund) "
            f"are the other rows numbered {number}; the refund asked there is all it was "
            "charged, the copy charged twice here included: ask for that money once",
        ),
    )


def at_stages(group: ServiceGroup, counted: Counted) -> list[ServiceGroup]:
    """``group`` as the Actions sheet gives it rows: its lines whose steps say the same
    (:func:`_stage`) together, each part its own steps (its first finding's), lines and
    money (``counted``: the findings' money), in the order their first findings come;
    ``[group]`` itself when all its lines are at one stage. The steps one row shows are
    true of every line on it: two of a service's six suspended lines closed, the row of
    all six said "you asked for it to be closed, nothing more to do" (the first line's
    steps), and the four still open were told nothing was left to do. But lines whose
    steps differ only by each line's own amounts, months, dates and tickets are at one
    stage: eight lines of one cancelled service, under one complaint, were two sets of
    rows because five of them had a refund due to appeal with their charge, and the one
    complaint was typed twice. A line stands by its first finding, as it does for
    :func:`~auditor.writers.followup.group_step`; the steps are the first line's, what
    they say otherwise for the others under each (:func:`line_details`). Findings whose
    steps are shown apart (:func:`apart`) are parts of their own first, each then at its
    stages."""
    kinds = apart(group.findings)
    if len(kinds) > 1:
        return [
            staged
            for kind in kinds
            for staged in at_stages(service_groups(kind, counted)[0], counted)
        ]
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


def stages_of(groups: list[ServiceGroup], counted: Counted) -> dict[int, list[ServiceGroup]]:
    """Each group's parts at one stage (:func:`at_stages`; ``counted``: the findings'
    money), by ``id()`` of the group: worked out once (each finding's steps' words
    compared) for the Actions sheet's rows and the rows found by them alike
    (:mod:`auditor.writers.grouped`)."""
    return {id(group): at_stages(group, counted) for group in groups}


def _stage(finding: Finding) -> tuple:
    """What a finding's steps say, each step's channel, where to, how sure and its words,
    but not the amounts, dates, months and ticket numbers in them, nor an appeal's month
    being a refund due's (each line's own: :func:`_worded`): two lines get the same key
    when one row of steps holds for both."""
    return tuple(
        (a.channel, a.to, a.confidence, a.alternative, _worded(a.text), _worded(a.note))
        for a in finding.actions
    )


#: A run of figures: an amount, a date, months (``2026-08、2026-09``, ``2026-08..2026-10``)
#: or a ticket (``YD20260908001``), each line's own in a step's words.
_FIGURES = re.compile(r"[0-9A-Za-z]*\d[0-9A-Za-z]*(?:[-.:/,、~～ ]+[0-9A-Za-z]*\d[0-9A-Za-z]*)*")


@functools.lru_cache(maxsize=4096)  # a company's lines share their steps' texts
def _worded(text: str) -> str:
    """``text`` with each run of figures one mark (:data:`_FIGURES`), without the words
    that say an appeal's earliest month is a refund due's (one line's, as the month is:
    :data:`~auditor.escalation.OWED_TOGETHER`, in either language) and without spaces
    (a month is followed by one where those words are not: ``2026-10 计``)."""
    for words in (OWED_TOGETHER.zh, OWED_TOGETHER.en):
        text = text.replace(words, "")
    return "".join(_FIGURES.sub("#", text).split())


def said_alike(part: ServiceGroup) -> bool:
    """Whether every step of ``part`` says the same for each of its lines (their first
    findings' steps word for word): then no step has :func:`line_details` to give, and
    none is looked for (a company's lines share their steps' words: a service's hundred
    lines were set side by side again at each of its steps, a third of the Actions
    sheet's time)."""
    first = _first_findings(part).values()
    return len({tuple((a.text, a.note) for a in finding.actions) for finding in first}) < 2


def line_details(
    part: ServiceGroup,
    at: Sequence[int],
    step: int,
    listed: dict[tuple[str, ...], int],
    names: Mapping[str, str],
    sheet: str,
) -> list[str]:
    """What step ``step`` says otherwise for some of ``part``'s lines than it shows (its
    first line's words), to go under it: ``at``, the places of its actions among each
    line's steps; ``names``: each line as the row names it (with its owner); ``sheet``:
    where each line's own steps are. Nothing when it says the same for all of them; else
    the clauses that differ (:func:`_clauses`), each wording once with its lines, the
    wording most of them share last, for "the other N lines" ("as above" when it is the
    step's own); lines listed on an earlier step alike (``listed``: each set of lines
    and its step, added to) referred to, :data:`~auditor.history.typed_lines.LINES_NAMED`
    lines named and wordings given at most, the rest counted. One complaint for all the
    row's lines asks each one's money back, and one appeal goes by the nearest last day:
    what each line needs of them is here (a ticket typed on the row is each one's)."""
    steps = {line: _step_of(finding, at) for line, finding in _first_findings(part).items()}
    if len({tuple((a.text, a.note) for a in actions) for actions in steps.values()}) < 2:
        return []  # (most steps: said alike, no clause of them looked at)
    said = {line: _said(actions) for line, actions in steps.items()}
    if len({len(clauses) for clauses in said.values()}) > 1:  # none to set beside another's
        said = {line: _said(actions, whole=True) for line, actions in steps.items()}
    differ = [i for i in range(len(next(iter(said.values())))) if _apart(said, i)]
    if not differ:  # (parted otherwise alone)
        return []
    # a clause alike between two that differ is kept, to read them as one: "counted from
    # 2026-08, the earliest month still open, by 2027-01-31 at the latest"
    differ = sorted({*differ, *(i + 1 for i, j in itertools.pairwise(differ) if j == i + 2)})
    ways: dict[str, list[str]] = {}  # each wording of the clauses that differ: its lines
    for line in sorted(said):
        ways.setdefault(_words_at(said[line], differ), []).append(line)
    shown = _words_at(said[part.first.line], differ)
    counts = Counter({way: len(lines) for way, lines in ways.items()})
    usual = shown if counts[shown] == max(counts.values()) else counts.most_common(1)[0][0]
    what = [say("各号码不同之处：", "Where lines differ:")]
    room, unnamed, untold = LINES_NAMED, False, 0
    for way, lines in ways.items():
        if way == usual:
            continue
        if len(what) > LINES_NAMED:  # as many wordings given as lines named
            untold += len(lines)
            continue
        who, room, named = _who(lines, step, listed, names, room)
        unnamed = unnamed or not named
        what.append(say(f"{who}：{way}", f"{who}: {way}"))
    rest = len(ways[usual])
    plural = "s" if rest > 1 else ""
    if usual == shown:
        what.append(say(f"其余 {rest} 个号码同上", f"The other {rest} line{plural} as above"))
    else:
        what.append(say(f"其余 {rest} 个号码：{usual}", f"The other {rest} line{plural}: {usual}"))
    if untold:
        what.append(
            say(
                f"另有 {untold} 个号码各有不同，见「{sheet}」表",
                f"{untold} more line{'s' if untold > 1 else ''} differ otherwise: see the "
                f"{sheet} sheet",
            )
        )
    elif unnamed:
        what.append(say(f"未列出的号码见「{sheet}」表", f"Lines not named: see the {sheet} sheet"))
    return what


def _who(
    lines: list[str],
    step: int,
    listed: dict[tuple[str, ...], int],
    names: Mapping[str, str],
    room: int,
) -> tuple[str, int, bool]:
    """``lines``, as a step's details name them (:func:`line_details`): by the earlier
    step that listed them alike (``listed``), else each (``names``), ``room`` of them at
    most, then how many; with the room left and whether each was named (or referred to)."""
    count = len(lines)
    before = listed.setdefault(tuple(lines), step)
    if before != step and count > 1:
        return (
            say(
                f"第 {before} 步所列的 {count} 个号码", f"the {count} lines listed on step {before}"
            ),
            room,
            True,
        )
    named = [names.get(line, line) for line in lines[: max(room, 0)]]
    who = say("、", ", ").join(named)
    if len(named) == count:
        return who, room - count, True
    if not named:
        return say(f"另有 {count} 个号码", f"{count} more lines"), 0, False
    return say(f"{who} 等 {count} 个号码", f"{who} and {count - len(named)} more"), 0, False


def _first_findings(part: ServiceGroup) -> dict[str, Finding]:
    """Each of ``part``'s lines' first finding, whose steps the line stands by."""
    first: dict[str, Finding] = {}
    for finding in part.findings:
        first.setdefault(finding.line, finding)
    return first


def _step_of(finding: Finding, at: Sequence[int]) -> list[Action]:
    """``finding``'s actions at the places ``at`` (one step of the sheet's)."""
    return [finding.actions[i] for i in at if i < len(finding.actions)]


def _said(actions: Sequence[Action], whole: bool = False) -> tuple[tuple[str, str], ...]:
    """The clauses of what ``actions`` (one step's) say and note (:func:`_clauses`), or
    (``whole``) each text and note one clause."""
    if whole:
        return tuple((text, say("；", "; ")) for a in actions for text in (a.text, a.note))
    return tuple(clause for a in actions for text in (a.text, a.note) for clause in _clauses(text))


def _apart(said: Mapping[str, tuple[tuple[str, str], ...]], index: int) -> bool:
    """Whether the lines' clause ``index`` is not worded alike on all of them."""
    words = iter(clauses[index][0] for clauses in said.values())
    first = next(words)
    return any(each != first for each in words)


def _words_at(clauses: tuple[tuple[str, str], ...], places: list[int]) -> str:
    """The clauses at ``places`` as one text: one after the next with what parted them,
    a gap between others marked ``…``."""
    text = ""
    for n, place in enumerate(places):
        if n:
            before = places[n - 1]
            text += (clauses[before][1] or say("；", "; ")) if place == before + 1 else " … "
        text += clauses[place][0]
    return text or say("（无）", "(none)")


#: Where a step's words part into clauses (:func:`_clauses`), and the brackets within
#: which they do not.
_CLAUSE_ENDS = re.compile("；|; |，|, |：|: | and ")  # (an amount asked: "… and a refund of")
_OPENS, _CLOSES = "（(「【", "）)」】"


@functools.lru_cache(maxsize=4096)
def _clauses(text: str) -> tuple[tuple[str, str], ...]:
    """``text``'s clauses, each with what ends it (``；``, ``, ``…; ``""`` the last's):
    parted where a clause ends outside brackets and runs of figures, so that a month's
    list (``2026-08, 2026-09``) or a parenthesis (``（待退款的月份，一并申诉）``) stays
    in its clause."""
    figures = [False] * len(text)
    for found in _FIGURES.finditer(text):
        figures[found.start() : found.end()] = [True] * (found.end() - found.start())
    depth, level = [], 0
    for char in text:
        level = max(level - 1, 0) if char in _CLOSES else level
        depth.append(level)
        level += char in _OPENS
    clauses, begin = [], 0
    for found in _CLAUSE_ENDS.finditer(text):
        if not depth[found.start()] and not figures[found.start()]:
            clauses.append((text[begin : found.start()], found[0]))
            begin = found.end()
    clauses.append((text[begin:], ""))
    return tuple(clauses)


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
