"""Who held a line in a month: its owner and department (or family branch), as the
settings give them from a month on and as the history remembers them.

A company's number is given to a new hire when its owner leaves, a line is moved to
another department: the money of its months before goes on being the earlier owner's
and department's. The settings say so (``[lines."…"] earlier = [{ owner = "张伟",
until = "2026-08" }]``: :func:`~auditor.config.load_config`), and the history remembers
who held each line in each month it audited (:mod:`auditor.history.holders`), so that
the settings changed later (the owner written over, the line taken out once closed) do
not move the money of months already audited.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from auditor.lang import say

#: An owner and a department, as the settings name them ("" where they name none).
Holder = tuple[str, str]


@dataclass(frozen=True)
class Earlier:
    """An earlier holder of a line, through the month ``until`` (``YYYY-MM``, included)
    from the end of the one before it (``earlier`` in the line's settings)."""

    until: str
    owner: str
    group: str


@dataclass(frozen=True)
class Unsaid:
    """A line whose holder the history remembers of ``months`` (``then``) differs from
    the one the settings give it ``now``, and no setting says why (:meth:`Holders.unsaid`)."""

    line: str
    then: Holder
    months: tuple[str, ...]
    now: Holder


@dataclass(frozen=True)
class Holders:
    """Who holds each line in each month. Of a month, the settings' earlier holder whose
    span holds it (the user's say of that month: it corrects the history too), else the
    holder the history remembers of it (an audit's, whatever the settings say since),
    else the settings' holder now; of a line the settings no longer name, the holder the
    history remembers of its latest month (a closed line taken out: its money is still
    its department's)."""

    owners: Mapping[str, str] = field(default_factory=dict)
    groups: Mapping[str, str] = field(default_factory=dict)
    #: Each line's earlier holders, by their last month, oldest first.
    earlier: Mapping[str, tuple[Earlier, ...]] = field(default_factory=dict)
    #: Every line the settings name (a ``[lines."…"]`` table).
    named: frozenset[str] = frozenset()
    #: The history's memory: per line, each month audited and who held it then.
    remembered: Mapping[str, Mapping[str, Holder]] = field(default_factory=dict)
    #: Names the settings renamed (``renamed = { "客服部" = "客户服务部" }``): a department
    #: renamed is the same, its months remembered under the old name are the new one's.
    renamed: Mapping[str, str] = field(default_factory=dict)

    def _named(self, held: Holder) -> Holder:
        """``held`` under the names the settings give now (:attr:`renamed`, in turn)."""
        owner, group = held
        for _ in range(len(self.renamed)):  # a chain of renames, never a loop for ever
            owner, group = self.renamed.get(owner, owner), self.renamed.get(group, group)
        return owner, group

    def _filled(self, line: str, held: Holder) -> Holder:
        """``held`` (a month remembered) with the settings' owner and department of
        ``line`` now where it names none: a blank is no holder, and the settings that
        first name one (an owner filled in) hand nothing over."""
        owner, group = held
        return owner or self.owners.get(line, ""), group or self.groups.get(line, "")

    def in_settings(self, line: str, period: str) -> Holder:
        """Who the settings say held ``line`` in ``period``: the earlier holder whose
        span holds it, else the holder now."""
        return self.dated(line, period) or (self.owners.get(line, ""), self.groups.get(line, ""))

    def dated(self, line: str, period: str) -> Holder | None:
        """The settings' earlier holder of ``line`` whose span holds ``period``, or None."""
        for earlier in self.earlier.get(line, ()):
            if period <= earlier.until:
                return earlier.owner, earlier.group
        return None

    def at(self, line: str, period: str) -> Holder:
        """Who held ``line`` in ``period`` (the class says in which order they are asked);
        ``period`` "" (none known) is who holds it now (:meth:`now`)."""
        if not period:
            return self.now(line)
        if (dated := self.dated(line, period)) is not None:
            return dated
        if (held := self.remembered.get(line, {}).get(period)) is not None:
            return self._filled(line, self._named(held))
        if line in self.named or line in self.owners or line in self.groups:
            return self.owners.get(line, ""), self.groups.get(line, "")
        return self.now(line)

    def now(self, line: str) -> Holder:
        """Who holds ``line`` now: the settings' holder, or, of a line they no longer
        name, the history's holder of its latest month remembered."""
        if line in self.named or line in self.owners or line in self.groups:
            return self.owners.get(line, ""), self.groups.get(line, "")
        months = self.remembered.get(line, {})
        return self._named(months[max(months)]) if months else ("", "")

    def unsaid(self) -> list[Unsaid]:
        """The lines the settings name whose owner or department now differs from the one
        the history remembers of some months, no ``earlier`` holder (nor ``renamed``)
        saying so: a name corrected in the settings, or a hand-over written over the
        owner. The money stays with the months' holders remembered; the user is told
        (:func:`unsaid_note`), who alone knows which it was. Oldest name first per line."""
        found: list[Unsaid] = []
        for line in sorted(self.named & self.remembered.keys()):
            now = self.owners.get(line, ""), self.groups.get(line, "")
            before: dict[Holder, list[str]] = {}
            for period, held in sorted(self.remembered[line].items()):
                if self.dated(line, period) is not None:
                    continue  # the user's say of the month
                then = self._filled(line, self._named(held))
                # a name the settings leave blank now is no other holder's
                if any(new and old != new for old, new in zip(then, now, strict=True)):
                    before.setdefault(then, []).append(period)
            found += [Unsaid(line, then, tuple(months), now) for then, months in before.items()]
        return found

    def of_months(self, line: str, periods: Iterable[str]) -> Holder:
        """Who held ``line`` in the latest of ``periods`` (a finding's months): whose it
        is now; no month, who holds the line now."""
        return self.at(line, max(periods, default=""))

    def before(self, line: str, periods: Iterable[str]) -> list[tuple[Holder, list[str]]]:
        """The holders of ``line`` in ``periods`` other than the latest month's, each with
        its months, oldest first: whose the earlier months of a finding were."""
        periods = sorted(periods)
        latest = self.of_months(line, periods)
        others: dict[Holder, list[str]] = {}
        for period in periods:
            if (held := self.at(line, period)) != latest:
                others.setdefault(held, []).append(period)
        return list(others.items())

    def knows(self, line: str) -> bool:
        """Whether ``line`` is one of the user's: the settings name it, or the history
        remembers who held it (a line once named, since taken out)."""
        return line in self.named or bool(self.remembered.get(line))

    def names(self) -> set[str]:
        """Every owner and department named, now, earlier or remembered."""
        found = {*self.owners.values(), *self.groups.values()}
        for held in self.earlier.values():
            found.update(name for each in held for name in (each.owner, each.group))
        for months in self.remembered.values():
            found.update(name for held in months.values() for name in self._named(held))
        return found - {""}

    def lines_of(self, names: set[str]) -> set[str]:
        """The lines any of ``names`` held in some month (now, earlier or remembered)."""
        lines = {line for line, owner in self.owners.items() if owner in names}
        lines |= {line for line, group in self.groups.items() if group in names}
        for line, held in self.earlier.items():
            if any(each.owner in names or each.group in names for each in held):
                lines.add(line)
        for line, months in self.remembered.items():
            if any(name in names for held in months.values() for name in self._named(held)):
                lines.add(line)
        return lines


#: The lines :func:`unsaid_note` names; more are counted.
UNSAID_NAMED = 3


def _changed(then: Holder, now: Holder) -> tuple[str, str]:
    """What differs between ``then`` and ``now`` (a blank name ``now`` differs from none):
    the owners, the departments, or both each with its department."""
    owner, group = (bool(new and old != new) for old, new in zip(then, now, strict=True))
    if owner and group:
        opened, closed = say("（", " ("), say("）", ")")
        return f"{then[0]}{opened}{then[1]}{closed}", f"{now[0]}{opened}{now[1]}{closed}"
    return (then[0], now[0]) if owner else (then[1], now[1])


def _months(months: tuple[str, ...]) -> str:
    """``months`` as a reader takes them in: a few listed, many as their span."""
    if len(months) <= 3:
        return ", ".join(months)
    return f"{months[0]}..{months[-1]}"


def unsaid_note(unsaid: list[Unsaid]) -> str:
    """What the terminal and the Summary say, once an audit, of the lines whose holder in
    the settings differs from the history's of earlier months with no setting saying why
    (:meth:`Holders.unsaid`): each line (the first :data:`UNSAID_NAMED`, the rest
    counted), both names and the months; that the months stay their holder's remembered;
    and the two ways to settle it, ``renamed`` for a name corrected, ``earlier`` for a
    line handed over. ``""`` for none."""
    if not unsaid:
        return ""
    told_zh, told_en = [], []
    for each in unsaid[:UNSAID_NAMED]:
        then, now = _changed(each.then, each.now)
        months = _months(each.months)
        told_zh.append(f"{each.line} 设置为 {now}，历史记录中 {months} 为 {then}")
        told_en.append(f"{each.line} is {now} in the settings, {then} in the history for {months}")
    if (more := len(unsaid) - UNSAID_NAMED) > 0:
        told_zh.append(f"另有 {more} 处")
        told_en.append(f"{more} more")
    # the two settings that settle the first line, written out as the user would
    first = unsaid[0]
    pairs = [
        (old, new) for old, new in zip(first.then, first.now, strict=True) if new and old != new
    ]
    renamed = "renamed = { " + ", ".join(f'"{old}" = "{new}"' for old, new in pairs) + " }"
    keys = [
        f'{key} = "{name}"'
        for key, name in zip(("owner", "group"), first.then, strict=True)
        if name
    ]
    earlier = "earlier = [{ " + ", ".join([*keys, f'until = "{first.months[-1]}"']) + " }]"
    return say(
        "；".join(told_zh) + "：这些月份的金额仍算在历史记录中的名下（按移交处理）。"
        f"若是改正写错的名字，在设置中加 {renamed}；若号码确实移交，在该号码的设置中加 {earlier}",
        "; ".join(told_en) + ": those months' money stays with the history's holder (as "
        f"handed over). If a name was corrected, add {renamed} to the settings; if the "
        f"line was handed over, add {earlier} to its [lines] table",
    )
