"""How the rules write dates, months and money in their messages and details (in the
active language where the two differ)."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from datetime import datetime

from auditor.categories import PLAN
from auditor.lang import say
from auditor.names import service_key
from auditor.rules.facts import ChargeFact, ServiceFact
from auditor.values import format_fen, month_add
from auditor.words import CONTRACT_WORDS


def format_moment(moment: datetime | None) -> str:
    """A date for messages: ``2026-09-15 14:02`` (or just the day when it has no time).

    Seconds show when there are some: 00:00:01 on the 1st ends that month, not the one
    before, and a message saying "00:00" would seem to say otherwise.
    """
    if moment is None:
        return ""
    if (moment.hour, moment.minute, moment.second) == (0, 0, 0):
        return moment.strftime("%Y-%m-%d 00:00") if moment.day == 1 else f"{moment:%Y-%m-%d}"
    return f"{moment:%Y-%m-%d %H:%M:%S}" if moment.second else f"{moment:%Y-%m-%d %H:%M}"


_MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def bill_out(period: str) -> str:
    """When ``period``'s bill comes out, for a message about a bill still to come: early
    the next month (``12 月初出账``, ``out early December``)."""
    month = int(month_add(period, 1)[5:7])
    return say(f"{month} 月初出账", f"out early {_MONTH_NAMES[month - 1]}")


def months_text(periods: list[str]) -> str:
    """Months for a message: runs of consecutive months as ranges (``2026-08..2026-10``),
    listed the active language's way (``2026-06、2026-08..2026-10``)."""
    runs: list[list[str]] = []
    for period in sorted(periods):
        if runs and month_add(runs[-1][-1], 1) == period:
            runs[-1].append(period)
        else:
            runs.append([period])
    return say("、", ", ").join(r[0] if len(r) == 1 else f"{r[0]}..{r[-1]}" for r in runs)


def yuan(fen: int | None) -> str:
    """Fen as ``6.00``, for messages."""
    return format_fen(int(fen or 0))


def as_billed(charges: Iterable[ChargeFact], fallback: str) -> str:
    """The service's name as the bill writes it (audit spec, "Matching"): the item of its
    latest charge that names one, else ``fallback`` (the service list's name). A fee
    named after its service, billed under the service's own name in other months (see
    :mod:`auditor.rules.fee_names`), is named as the service: the same finding, the same
    name, whichever the latest bill used.

    An item read by OCR is written as the same name read from text (another month's bill,
    the list) spells it, where there is one: the recogniser has no full-width brackets,
    and ``4G飞享18元套餐 (2018版)`` is not what the carrier's app shows, to look it up
    by. Only the spelling: the name matched and the charges are the same."""
    named = [c for c in charges if c.item.strip()]
    if not named:
        return fallback
    own = [c for c in named if c.key == c.service_key] or named
    latest = max(own, key=lambda c: c.period)
    name = latest.item.strip()
    if not latest.by_ocr:
        return name
    same = _spelling(name)
    texts = [c for c in named if not c.by_ocr and _spelling(c.item) == same]
    if texts:
        return max(texts, key=lambda c: c.period).item.strip()
    return fallback.strip() if fallback.strip() and _spelling(fallback) == same else name


def _spelling(name: str) -> str:
    """``name`` with no difference of width or spacing (what OCR gets wrong of it)."""
    return "".join(unicodedata.normalize("NFKC", name).split())


def own_names(name: str, *groups: Iterable[ChargeFact | ServiceFact]) -> tuple[str, ...]:
    """The names a finding of the service ``name`` goes by (:attr:`Finding.names`):
    ``name``, then the items of the charges and the names of the list entries it groups
    (``groups``), each key once. The facts' grouping, not a name rule: a fee billed under
    its service's name in other months (咪咕视频会员费) is among them, a fee billed beside
    it (彩铃功能费 on 彩铃's bill) is a finding of its own, going by its own names: the
    list entries it ended with are the service's (:attr:`ChargeFact.apart`)."""
    names: dict[str, str] = {}
    found = [fact for facts in groups for fact in facts]
    apart = any(isinstance(fact, ChargeFact) and fact.apart for fact in found)
    for fact in found:
        if apart and not isinstance(fact, ChargeFact):
            continue
        text = (fact.item if isinstance(fact, ChargeFact) else fact.name).strip()
        if key := service_key(text):
            names.setdefault(key, text)
    first = service_key(name)
    return (name, *(text for key, text in names.items() if key != first)) if first else ()


def listed_as(name: str, services: Iterable[ServiceFact], apart: bool = False) -> str:
    """What a message adds after ``name`` when the service list names it otherwise (a code
    match, a trial's note in brackets), in the active language: ``（已订业务中为「…」）``,
    `` (listed as 「…」)``; of a fee billed ``apart`` from the service it is named after
    (:attr:`ChargeFact.apart`), whose entries ``services`` are, that it is that
    service's fee; ``""`` when the list names it the same."""
    own = _spelling(name)
    for service in services:
        listed = service.name.strip()
        if listed and apart:
            return say(
                f"（已订业务中「{listed}」的费用）", f" (the fee of 「{listed}」, as listed)"
            )
        if listed and _spelling(listed) != own:
            return say(f"（已订业务中为「{listed}」）", f" (listed as 「{listed}」)")
    return ""


def unsure_why(services: Iterable[ServiceFact], charge: ChargeFact) -> str:
    """What a message adds of a fee whose first month may have been charged by the day
    (``charge``: one of it; ``services``: its line's entries), in the active language:
    without a service list, to audit one with the bills; with one, what it lacks (no
    entry for the fee; a plan's fee naming no plan, with the line listing several plans
    or none running), and to ask the carrier when it started."""
    listed = [s for s in services if not s.record]
    if not listed:
        return say(
            "已订业务（生效时间）会显示它何时开通：把已订业务和账单一起审核即可确定。",
            "The service list (已订业务, its start time) shows when it started: audit it "
            "with the bills to tell.",
        )
    ask = say("请向运营商询问它的开通时间。", "Ask the carrier when it started.")
    plans = dict.fromkeys(
        s.name.strip()
        for s in listed
        if s.category == PLAN and not any(word in s.name for word in CONTRACT_WORDS)
    )
    if charge.category != PLAN:
        return (
            say(
                "已订业务没有列出它，看不出它何时开通。",
                "The service list does not list it, so it does not show when it started. ",
            )
            + ask
        )
    if len(plans) > 1:
        return (
            say(
                f"账单没有写套餐名，已订业务列出了 {len(plans)} 个套餐（{listing(plans)}），"
                "看不出是哪一个的费用、何时开通。",
                f"The bill names no plan, and the service list lists {len(plans)} plans "
                f"({listing(plans)}): which one it is, and when it started, cannot be told. ",
            )
            + ask
        )
    if plans:
        return (
            say(
                f"账单没有写套餐名，已订业务列出的套餐（{listing(plans)}）已结束，"
                "看不出这是哪个套餐的费用、何时开通。",
                f"The bill names no plan, and the plan the service list lists ({listing(plans)}) "
                "has ended: which plan it is, and when it started, cannot be told. ",
            )
            + ask
        )
    return (
        say(
            "账单没有写套餐名，已订业务也没有列出该号码的套餐，看不出它何时开通。",
            "The bill names no plan, and the service list lists no plan for this line, so it "
            "does not show when it started. ",
        )
        + ask
    )


def listing(items: Iterable[str]) -> str:
    """Items one after another, the active language's way: ``a、b``, ``a, b``."""
    return say("、", ", ").join(items)


def contract_clause(contract: str, until: str) -> str:
    """What a step that changes, suspends or closes a plan says while the service list
    shows a contract running (audit spec, "Actions"): until when, and that ending it
    earlier may cost a penalty (违约金). ``""`` without a contract."""
    if not contract:
        return ""
    if until:
        return say(
            f"注意：已订业务显示合约「{contract}」至 {until} 仍在期内，"
            "期内改套餐、停机或销户需先解约，可能需支付违约金",
            f"the service list shows the contract 「{contract}」 running until {until}: "
            "to change the plan, suspend or close the line before then, the contract must be "
            "ended first, which may cost a penalty (违约金)",
        )
    return say(
        f"注意：已订业务显示合约「{contract}」仍在期内（已订业务未列明到期日，请向客服确认），"
        "期内改套餐、停机或销户需先解约，可能需支付违约金",
        f"the service list shows the contract 「{contract}」 still running (it gives no "
        "end date: ask the service line); to change the plan, suspend or close the line while "
        "it runs, the contract must be ended first, which may cost a penalty (违约金)",
    )
