"""Refunds still due gathered as the things to do they are: one per service and step,
however many lines it is due on (:class:`RefundGroup`).

A company that cancelled one unknown service on twelve lines has twelve refunds due
(:class:`~auditor.history.refund_due.RefundDue`, one a line, as Follow-up and the JSON
list them), and one thing to do: ask the account manager for the money of all twelve.
So the Summary lists it once (its money the lines' together), By owner and the
headline count it once, and the Actions sheet gives it one row naming the lines, where a
refund typed once is recorded for each of them (``auditor record --from``:
:mod:`auditor.history.typed_refunds`). Refunds due are one thing to do when their rule,
service (as the report shows it), carrier, account and next step are the same: whom to
ask, and the complaint or appeal the user recorded about them (an appeal under way on
some lines and not on others are two things to do). Their months, money and last days
may differ: the group's money is the sum, its last day the nearest, and a line's amount
that differs from the others' is named.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from auditor.escalation import NextStep
from auditor.history.refund_due import RefundDue
from auditor.lang import say
from auditor.model import UserRecord
from auditor.sheets import FOLLOW_UP
from auditor.values import format_fen
from auditor.wording import capitalized, uncapitalized
from auditor.writers.shown import service_shown

#: Lines a row names with their own amount where amounts differ; more are counted.
AMOUNTS_NAMED = 10


@dataclass(frozen=True)
class RefundGroup:
    """Refunds due of one service on one or more lines, to ask back at once (see the
    module docstring): ``dues`` in the report's order, ``shown`` their service as the
    report shows it (told apart from another billed under its name)."""

    dues: tuple[RefundDue, ...]
    shown: str

    @property
    def first(self) -> RefundDue:
        """Its first refund due: the one whose step the others share."""
        return self.dues[0]

    @property
    def lines(self) -> list[str]:
        """The lines it is due on, in order."""
        return [due.line for due in self.dues]

    @property
    def unrefunded_fen(self) -> int:
        """What all its lines have not had back."""
        return sum(due.unrefunded_fen for due in self.dues)

    @property
    def periods(self) -> tuple[str, ...]:
        """The months of any of its lines, in order."""
        return tuple(sorted({period for due in self.dues for period in due.periods}))

    @property
    def channel(self) -> str:
        """How its step is taken (the same for each of its lines)."""
        return self.first.channel

    def steps(self) -> list[NextStep]:
        """Each line's next step, as Follow-up gives it."""
        return [due.next_step(self.shown) for due in self.dues]

    def route(self) -> NextStep:
        """Whom to ask, where to complain and by when, for all its lines: the route of the
        line whose appeal's last day is nearest (the others' are the same but later)."""
        return min(self.dues, key=lambda due: due.due).route()

    def next_step(self) -> NextStep:
        """What to do about it: of one line, that line's step; of several, the money of
        all of them to ask back at once, why, what came back, then :meth:`route`, from
        the earliest day any of them opens to the nearest last day."""
        if len(self.dues) == 1:
            return self.first.next_step(self.shown)
        route = self.route()
        count, money, months = len(self.dues), format_fen(self.unrefunded_fen), self._months()
        each = self._each()
        asked = say(
            f"要求退还「{self.shown}」在 {months} 扣取的 {money} 元（{count} 个号码"
            + (f"，每个 {each} 元" if each else "，各号码的金额见下")
            + "）",
            f"Ask for the {money} yuan charged for 「{self.shown}」 in {months} back (退费) "
            f"({count} lines" + (f", {each} yuan each" if each else ", each one's below") + ")",
        )
        whys = {due.why for due in self.dues}
        why = (
            whys.pop()
            if len(whys) == 1
            else say(
                f"各号码的原因见「{FOLLOW_UP.zh}」表",
                f"each line's reason is on the {FOLLOW_UP.en} sheet",
            )
        )
        back = sum(1 for due in self.dues if due.refunded_fen)
        told = (
            say(
                f"其中 {back} 个号码已退还一部分（你的记录）",
                f"{back} of them {'was' if back == 1 else 'were'} refunded in part (your records)",
            )
            if back
            else say("尚未记录退款", "no refund of them is recorded")
        )
        if first := self.first.listed_still(self.shown):  # checking the list comes first
            asked = first + uncapitalized(asked)
        return self._at_once(
            say(
                f"{asked}：{why}，{told}。{route.text}",
                f"{asked}: {why}, and {told}. {capitalized(route.text)}",
            ),
            route,
        )

    def _at_once(self, text: str, route: NextStep) -> NextStep:
        """``text``, the step of all its lines at once: from the earliest day any line's
        step opens (none: ``route``'s) to the nearest last day, waiting only if each
        line's step waits."""
        steps = self.steps()
        return NextStep(
            text,
            min((s.opens for s in steps if s.opens), default=route.opens),
            min((s.due for s in steps if s.due), default=route.due),
            all(s.waits for s in steps),
        )

    def brief(self) -> str:
        """Its step in short, for the Summary's things to do (its service and lines stand
        beside it there): the money and months to ask back, then :meth:`route`."""
        if len(self.dues) == 1:
            return self.first.brief()
        money, months, count = format_fen(self.unrefunded_fen), self._months(), len(self.dues)
        route = self.route().text
        return self.first.checked_first(
            say(
                f"要求退还 {count} 个号码合计 {money} 元（{months}）：{route}",
                f"ask for the {money} yuan of {count} lines ({months}) back (退费): "
                f"{uncapitalized(route)}",
            )
        )

    def amounts_differ(self) -> bool:
        """Whether its lines have not all the same money to ask back."""
        return len({due.unrefunded_fen for due in self.dues}) > 1

    def amounts(self, named: Mapping[str, str]) -> str:
        """Each line's money where they differ (``named``: each line as the row names it,
        with its owner), the most common amount said once for the rest: ``""`` when they
        are all alike (the step says it)."""
        if not self.amounts_differ():
            return ""
        usual, _ = Counter(due.unrefunded_fen for due in self.dues).most_common(1)[0]
        odd = [due for due in self.dues if due.unrefunded_fen != usual]
        if len(odd) * 2 > len(self.dues):  # no amount most lines share: each one's
            odd, usual = list(self.dues), 0
        shown = [f"{named.get(due.line, due.line)} {format_fen(due.unrefunded_fen)}" for due in odd]
        more = len(shown) - AMOUNTS_NAMED
        listed = say("；", "; ").join(shown[:AMOUNTS_NAMED])
        if more > 0:
            listed += say(
                f"；另有 {more} 个见「{FOLLOW_UP.zh}」表",
                f"; {more} more on the {FOLLOW_UP.en} sheet",
            )
        rest = len(self.dues) - len(odd)
        others = (
            say(
                f"；其余 {rest} 个号码每个 {format_fen(usual)} 元",
                f"; the other {rest} lines {format_fen(usual)} yuan each",
            )
            if usual
            else ""
        )
        return say(f"各号码待退：{listed}{others}", f"Due on each line: {listed}{others}")

    def _months(self) -> str:
        """Its months, as a step names them."""
        return say("、", ", ").join(self.periods)

    def _each(self) -> str:
        """The money each line has to ask back, when it is the same on every one."""
        return "" if self.amounts_differ() else format_fen(self.first.unrefunded_fen)


@dataclass(frozen=True)
class SharedRefund(RefundGroup):
    """Refund groups (``parts``) of one service and the same lines, of findings of
    different rules, whose step is one action: the same call, complaint or appeal, its
    answer due by the same day (:meth:`RefundGroup.route`). The Summary lists it once,
    naming each part's months and money (t5: "call 12300 now" about 掌上悦读手机报 on two
    rows, an unknown service's July and a charge after cancellation's August, both of
    the one appeal); the Actions sheet keeps a row for each part, where a refund typed
    is set against that part's finding. ``dues``: the parts' together."""

    parts: tuple[RefundGroup, ...] = ()

    @property
    def lines(self) -> list[str]:
        """The lines it is due on, in order, each once."""
        return list(dict.fromkeys(due.line for due in self.dues))

    @property
    def rules(self) -> list[str]:
        """The rules of its parts' findings, each once."""
        return list(dict.fromkeys(part.first.rule for part in self.parts))

    def next_step(self) -> NextStep:
        """What to do about it: :meth:`brief`, from the earliest day any part opens to the
        nearest last day."""
        return self._at_once(self.brief(), self.route())

    def brief(self) -> str:
        """The money of each part and its months, then the one action: ``要求退还 14.00 元
        （2026-07 的 6.00 元、2026-08 的 8.00 元）：…``."""
        each = say("；", "; ").join(
            say(f"{months} 的 {money} 元", f"{money} yuan of {months}")
            for months, money in (
                (say("、", ", ").join(part.periods), format_fen(part.unrefunded_fen))
                for part in self.parts
            )
        )
        count = len(self.lines)
        lines = say(f"{count} 个号码合计 ", f"{count} lines' ") if count > 1 else ""
        money, route = format_fen(self.unrefunded_fen), self.route().text
        asked = say(
            f"要求退还 {lines}{money} 元（{each}）：{route}",
            f"ask for {lines}{money} yuan ({each}) back (退费): {uncapitalized(route)}",
        )
        return self.first.checked_first(asked)


def shared(groups: Iterable[RefundGroup]) -> list[RefundGroup]:
    """``groups`` with those of one service and the same lines whose step is one action
    (:class:`SharedRefund`) made one, where the first of them stands."""
    gathered: dict[tuple, list[RefundGroup]] = {}
    for group in groups:
        route = group.route()  # (its text names whom, the record's ticket and the days)
        lines, listed = tuple(sorted(set(group.lines))), bool(group.first.still_listed)
        key = (group.shown, group.first.carrier, lines, listed, route.text)
        gathered.setdefault(key, []).append(group)
    return [
        each[0]
        if len(each) == 1
        else SharedRefund(sum((g.dues for g in each), ()), each[0].shown, tuple(each))
        for each in gathered.values()
    ]


def refund_groups(dues: Iterable[RefundDue], told: Mapping[str, str]) -> list[RefundGroup]:
    """``dues`` gathered into the things to do they are (see the module docstring), each
    where its first refund due stands among them; ``told``: what tells a service apart
    from another billed under its name (:attr:`~auditor.audit_report.AuditReport.told`)."""
    gathered: dict[tuple, list[RefundDue]] = {}
    shown: dict[tuple, str] = {}
    for due in dues:
        name = service_shown(due, told)
        key = (
            due.rule,
            name,
            due.carrier,
            due.company,
            due.channel,
            _made(due.complaint),
            _made(due.appeal),
            bool(due.still_listed),  # its step checks the list first
            due.past_limit,  # a complaint alone, no appeal: another step
            0,
        )
        # one refund due a line in a row (a refund typed there is each line's): a second
        # of one line (two findings of one rule and name, resolved apart) goes on another
        while any(each.line == due.line for each in gathered.get(key, ())):
            key = (*key[:-1], key[-1] + 1)
        gathered.setdefault(key, []).append(due)
        shown.setdefault(key, name)
    return [RefundGroup(tuple(each), shown[key]) for key, each in gathered.items()]


def _made(record: UserRecord | None) -> tuple[date, str, str] | None:
    """What of a complaint or an appeal its step cites (the same typed on many lines is
    one record each, alike but for their ids)."""
    return (record.on, record.ticket, record.channel) if record is not None else None
