"""The lines an audit did not check (:mod:`auditor.history.unchecked`: followed by the
history, no file of them given this time), as the outputs show them.

Each such line is told by number (masked as every number is), with what is still pending
on it: its findings still open and its refunds due, carried over as the history holds
them, marked as not checked (no bill of the line was given: nothing about them was judged
again, nothing resolved), each with its own step after the line's: to give its bill. The
money still at stake there (what its findings dispute, less refunds, and what its refunds
due have not had back) is counted apart from this audit's figures, never in them, so
that nothing is counted twice: :class:`UncheckedFigures`, worked out once a report
(:mod:`auditor.writers.report_figures`) for the Summary, Follow-up, the JSON and the
terminal.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from auditor.audit_report import AuditReport
from auditor.escalation import NextStep
from auditor.history.unchecked import CLOSED, FORGET, UncheckedLine
from auditor.lang import Text, counted, say
from auditor.rules import is_notice
from auditor.rules.formatting import months_text
from auditor.sheets import FOLLOW_UP
from auditor.values import format_yuan
from auditor.writers.figures import Counted
from auditor.writers.followup import next_step
from auditor.writers.safe import Masker

#: The shading of a Follow-up row of a line not checked: the blue of a bill's total its
#: items could not be checked against (the Summary's lines), not checked either.
UNCHECKED_FILL = "DDEBF7"
#: Lines not checked the Summary names; more are counted, Follow-up lists them all.
NAMED = 3


@dataclass(frozen=True)
class UncheckedFigures:
    """A line not checked, in figures: its findings' money (:class:`Counted`, of its
    findings alone: per finding what it disputes less refunds, counted once per
    service), each finding's own next step (by ``id()``), what tells its services apart
    (by id), the line's step (to give its bill) and the money still at stake there."""

    unchecked: UncheckedLine
    counted: Counted
    steps: dict[int, NextStep]
    told: dict[str, str]
    step: NextStep
    brief: str  # the line's step in short (UncheckedLine.brief)
    #: What its findings dispute, less refunds, and what its refunds due have not had back.
    at_stake_fen: int

    @property
    def line(self) -> str:
        """The line's number (unmasked: the writers mask it)."""
        return self.unchecked.line

    @property
    def still_open(self) -> int:
        """How many of its findings are still open (notices of a coming change apart: no
        money at issue)."""
        return sum(1 for f in self.unchecked.findings if not is_notice(f.rule))

    @property
    def has_pending(self) -> bool:
        """Whether anything is pending on it (a finding still open, a notice among them,
        or a refund due): a line with none is not checked all the same, its bill to give."""
        return bool(self.unchecked.findings or self.unchecked.refunds_due)

    def pending(self) -> str:
        """What is pending on it, in a few words: ``2 项未解决、1 项待退款，涉及 ¥18.00``
        (``""``: nothing but its bill to give)."""
        still, due = self.still_open, len(self.unchecked.refunds_due)
        zh = [f"{still} 项未解决"] if still else []
        zh += [f"{due} 项待退款"] if due else []
        en = [f"{still} open"] if still else []
        en += [f"{due} {'refund' if due == 1 else 'refunds'} due"] if due else []
        money = format_yuan(self.at_stake_fen)
        return say(
            "、".join(zh) + (f"，涉及 ¥{money}" if self.at_stake_fen else ""),
            ", ".join(en) + (f", ¥{money} at stake" if self.at_stake_fen else ""),
        )

    def meanwhile(self, step: NextStep) -> NextStep:
        """One of its findings' or refunds due's own ``step``, after the line's: its bill
        to give first, then what is due meanwhile (a refund's appeal does not wait); of a
        line recorded closed, the refund's own step, after that the line was closed."""
        if self.unchecked.closed:
            closed = CLOSED.shown()
            return NextStep(
                say(f"{closed}。{step.text}", f"{closed}. {step.text}"), step.opens, step.due
            )
        return NextStep(
            say(f"{self.brief}。同时：{step.text}", f"{self.brief}. Meanwhile: {step.text}"),
            step.opens,
            step.due,
        )


def unchecked_figures(report: AuditReport) -> tuple[UncheckedFigures, ...]:
    """The figures of ``report``'s lines not checked (:attr:`AuditReport.unchecked`): those
    with something pending first, the most money at stake first, then the others (their
    bill to give alone) by number, so that where a list names the first few of many, a
    line's money is never among those only counted."""
    made = []
    for line in report.unchecked:
        findings = list(line.findings)
        money = Counted(findings, report.as_of, line.claims)
        made.append(
            UncheckedFigures(
                line,
                money,
                {id(f): next_step(f, report.as_of) for f in findings},
                dict(line.told),
                line.next_step(),
                line.brief(),
                money.claimable_fen + sum(due.unrefunded_fen for due in line.refunds_due),
            )
        )
    made.sort(key=lambda each: (not each.has_pending, -each.at_stake_fen, each.line))
    return tuple(made)


def at_stake_fen(lines: tuple[UncheckedFigures, ...]) -> int:
    """The money still at stake on the lines not checked, apart from the audit's."""
    return sum(each.at_stake_fen for each in lines)


#: Why lines were not checked, by :meth:`~auditor.history.unchecked.UncheckedLine.kind`,
#: as a headline counts them (``1 file unreadable, 1 no bill given``), in this order.
KINDS = {
    "unreadable": Text("文件未能读取", "file unreadable"),
    "unread": Text("没有读到账单", "no bill read"),
    "older_month": Text("只给了较早月份", "only an older month given"),
    "not_given": Text("没有给出账单", "no bill given"),
    "closed": Text("已销户", "line closed"),
}


def kinds(lines: tuple[UncheckedFigures, ...]) -> str:
    """Why ``lines`` were not checked, in the active language, as their own text says it
    (:func:`named`): of one kind, that kind (``no bill given``); of several, how many
    lines each (``1 file unreadable, 1 no bill given``). A headline saying "no bill
    given" of a line whose file could not be read sent the user looking for a bill they
    had given."""
    count: dict[str, int] = {}
    for each in lines:
        kind = each.unchecked.kind()
        count[kind] = count.get(kind, 0) + 1
    if len(count) == 1:
        return KINDS[next(iter(count))].shown()
    ordered = [kind for kind in KINDS if kind in count]
    return say(
        "，".join(f"{KINDS[kind].zh} {count[kind]} 个" for kind in ordered),
        ", ".join(f"{count[kind]} {KINDS[kind].en}" for kind in ordered),
    )


def headline_part(lines: tuple[UncheckedFigures, ...]) -> str:
    """What a headline adds when some lines were not checked: how many and why
    (:func:`kinds`), the money still at stake there, not counted in the figures before
    it; ``""`` when none was."""
    if not lines:
        return ""
    count, fen, why = len(lines), at_stake_fen(lines), kinds(lines)
    money = format_yuan(fen)
    if fen:
        return say(
            f"；另有 {count} 个号码未核对（{why}），其上仍涉及 ¥{money}（见「{FOLLOW_UP.zh}」表）",
            f"; {counted(count, 'line')} not checked ({why}): ¥{money} more at "
            f"stake there (see {FOLLOW_UP.en})",
        )
    if any(each.has_pending for each in lines):
        return say(
            f"；另有 {count} 个号码未核对（{why}），其上仍有未解决的发现（见「{FOLLOW_UP.zh}」表）",
            f"; {counted(count, 'line')} not checked ({why}), findings still open "
            f"there (see {FOLLOW_UP.en})",
        )
    return say(
        f"；另有 {count} 个号码未核对（{why}，见「{FOLLOW_UP.zh}」表）",
        f"; {counted(count, 'line')} not checked ({why}: see {FOLLOW_UP.en})",
    )


def named(each: UncheckedFigures, who: str) -> str:
    """A line not checked, as a list of them names it: ``who`` (its number, with its
    owner), what is pending on it and its bill to give (of a line recorded closed: that
    it was closed)."""
    if each.unchecked.closed:
        return say(
            f"{who}：{each.pending()}；号码已销户，钱仍待追回",
            f"{who}: {each.pending()}; the line was closed, the money is still owed",
        )
    why = each.unchecked.why()  # no bill given, its file failed, only an older month given
    if not each.has_pending:
        return say(
            f"{who}：{why}，请提供其 {_months(each)} 账单",
            f"{who}: {why}: give its {_bills(each)} for {_months(each)}",
        )
    return say(
        f"{who}：{each.pending()}；{why}，请提供其 {_months(each)} 账单",
        f"{who}: {each.pending()}; {why}: give its {_bills(each)} for {_months(each)}",
    )


def summary_notes(lines: tuple[UncheckedFigures, ...], owners: dict[str, str]) -> list[str]:
    """The Summary's lines about the lines not checked, under the things to do: the first
    :data:`NAMED` named (:func:`named`), the others counted, where they are listed."""
    if not lines:
        return []
    notes = [say("未核对：", "Not checked: ")]  # each says why below
    for each in lines[:NAMED]:
        owner = owners.get(each.line, "")
        who = each.line + (say(f"（{owner}）", f" ({owner})") if owner else "")
        notes.append(named(each, who))
    more = len(lines) - NAMED
    tail = say(f"各项见「{FOLLOW_UP.zh}」表", f"each item on {FOLLOW_UP.en}")
    if more > 0:
        tail = say(f"另有 {more} 个号码；", f"{more} more; ") + tail
    # forgetting a line drops what is owed on it: said only where some line owes nothing
    forget = any(each.unchecked.forgettable for each in lines)
    notes[0] += tail + (FORGET.shown() if forget else "")
    return notes


def gap_notes(gaps: Mapping[str, tuple[str, ...]], owners: Mapping[str, str]) -> list[str]:
    """The Summary's lines about the months whose bill of a line was never given
    (:attr:`~auditor.audit_report.AuditReport.gaps`): ``186****0002（老伴）：2026-08（缺）``, each
    line, said until a bill of the month is given; none when there is none."""
    if not gaps:
        return []
    notes = [say("未核对（缺账单的月份）：", "Not checked (months with no bill given): ")]
    for line, months in gaps.items():
        owner = owners.get(line, "")
        who = line + (say(f"（{owner}）", f" ({owner})") if owner else "")
        missing = say(f"{gap_text(months)}（缺）", f"{gap_text(months)} (missing)")
        if len(months) == 1:
            notes.append(say(f"{who}：{missing}，请提供该月账单再检查", f"{who}: {missing}; give "
                             "the bill of that month and audit again"))  # fmt: skip
        else:  # once for the run (last year's bill beside this month's: ten months between)
            notes.append(say(f"{who}：{missing}，需要时请提供这些月份的账单再检查", f"{who}: "
                             f"{missing}; give those months' bills, if needed, and audit "
                             "again"))  # fmt: skip
    return notes


def gap_text(months: Iterable[str]) -> str:
    """Months never given, said once each run of them (``2025-12..2026-09``, with how
    many there are when more than one): not ten months asked for one by one."""
    months = sorted(months)
    shown = months_text(months)
    return shown if len(months) == 1 else say(f"{shown}，共 {len(months)} 个月",
                                               f"{shown}, {len(months)} months")  # fmt: skip


def told_apart(mask: Masker, lines: Iterable[str]) -> Masker:
    """``mask``, telling ``lines`` apart too (those an audit may name not checked, which no
    input may hold: :func:`~auditor.history.unchecked.missing_bills`), so that no two lines of
    its report share a mask (:attr:`Masker.lines`); ``mask`` itself when it knows them."""
    more = frozenset(lines) - mask.lines
    return replace(mask, lines=mask.lines | more) if more else mask


def _months(each: UncheckedFigures) -> str:
    """The months whose bills to give of a line not checked (``2026-10..2026-11``)."""
    return months_text(list(each.unchecked.wanted))


def _bills(each: UncheckedFigures) -> str:
    """``bill`` or ``bills``, as many as its months."""
    return "bill" if len(each.unchecked.wanted) == 1 else "bills"
