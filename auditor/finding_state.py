"""Where a finding's charge stands, as its steps, its next step and the history all say
it: the money still asked back (less what the user recorded as refunded), a charge the
bills stopped, the user's recorded cancellation that ends it, and the first bill that
must no longer charge it. :mod:`auditor.actions` words a finding's steps with them,
:mod:`auditor.writers.followup` its next step, and the history a finding it resolves
because its charge stopped; none of them builds a step. And what a finding's steps are
made of (:func:`same_steps`): findings alike share one set, made once.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from auditor.lang import say
from auditor.model import Finding, UserRecord
from auditor.values import format_fen, month_add, month_of
from auditor.wording import capitalized


def charge_stopped(month: str) -> str:
    """Why a charge is over, as the bills show it, in the active language: ``2026-10 账单已
    不再收取``, ``the charge stopped, and the 2026-10 bill no longer charges it`` (``month``:
    the latest bill, which no longer does). A finding's steps say it of one whose charge
    stopped (:attr:`~auditor.model.Finding.stopped`), the history of one it resolves."""
    return say(
        f"{month} 账单已不再收取", f"the charge stopped, and the {month} bill no longer charges it"
    )


def stopped_sentence(month: str) -> str:
    """What a finding's message adds about a charge that stopped (``month``: the latest
    bill, which no longer charges it; ``""``: still charged, nothing added), so that its
    "lately … a month" is not read as a charge still going on."""
    if not month:
        return ""
    said = charge_stopped(month)
    return say(f"{said}。", f" {capitalized(said)}.")


def money_asked(finding: Finding) -> str:
    """What a finding's steps ask back, in the active language: ``6.00 元（2026-10）``, its
    disputed amount and its months, less what the user recorded as refunded."""
    months = say("、", ", ").join(finding.periods)
    refunded = finding.refunded_fen
    if not refunded:
        amount = format_fen(finding.amount_fen)
        return say(f"{amount} 元（{months}）", f"{amount} yuan ({months})")
    left = format_fen(max(0, finding.amount_fen - refunded))
    total, back = format_fen(finding.amount_fen), format_fen(refunded)
    return say(
        f"{left} 元（{months} 共 {total} 元，已退 {back} 元）",
        f"{left} yuan ({total} yuan in {months}, of which {back} yuan was refunded)",
    )


class ListsRunning:
    """What the details of a rule that can tell of a service list still showing a service
    running after the user's recorded cancellation of it have, declared as a field of
    their own, a key of their JSON ``details`` (a charge after cancellation's and a
    trial turned paid's: ``LingeringChargeDetails``, ``TrialToPaidDetails``): the rules
    come after this module, which reads it by this type."""

    #: The day of the line's newest list, a month after the cancellation, that still
    #: lists the service running: the cancellation did not take. "" when none does.
    still_listed: str


def still_listed_on(finding: Finding) -> str:
    """The day of the newest service list still showing ``finding``'s service running
    after the user's recorded cancellation (:attr:`ListsRunning.still_listed`): ``""``
    when none does, or its rule does not tell."""
    details = finding.details
    return details.still_listed if isinstance(details, ListsRunning) else ""


class BilledAfter:
    """What the details of a rule whose months end where its service did (a trial turned
    paid's) have, declared as a field of their own, a key of their JSON ``details``
    (``TrialToPaidDetails``): the months read after that end that still charge the
    service. Those are a charge after cancellation, a finding of its own, so the bill
    after the cancellation is no longer one to check: it was read, and charges it. The
    rules come after this module, which reads it by this type."""

    #: The months read, after the service ended (the user's recorded cancellation, or a
    #: list's end, took effect), that still charge it. Empty when none does.
    charged_after: list[str]


def charged_after(finding: Finding) -> list[str]:
    """The months read after ``finding``'s service ended that still charge it
    (:attr:`BilledAfter.charged_after`): empty when none does, or its rule does not tell."""
    details = finding.details
    return details.charged_after if isinstance(details, BilledAfter) else []


def after_cancel_said(finding: Finding) -> str:
    """What ``finding``'s steps say in place of checking the bill after its cancellation
    when bills after it were read and still charge it (:func:`charged_after`), in the
    active language: that charge is a finding of its own (退订后仍扣费), whose steps say
    what to do (check the list, cancel again, complain). ``""`` when none does."""
    months = charged_after(finding)
    if not months:
        return ""
    shown, bills = say("、", ", ").join(months), "bill" if len(months) == 1 else "bills"
    return say(
        f"{shown} 账单在退订生效后仍扣费：那是另一项发现（退订后仍扣费），按它的步骤处理",
        f"the {shown} {bills} still charged it after the cancellation took effect: that is a "
        "finding of its own, charged after cancellation (退订后仍扣费), whose steps say "
        "what to do",
    )


def totals_only(finding: Finding) -> list[str]:
    """The months whose bills, giving a total alone, may have charged ``finding``'s
    service (its details' ``months_untold``): empty when none, or its rule does not tell."""
    return finding.details.months_untold()


def charge_unknown(months: list[str]) -> str:
    """That the bills of ``months`` give a total alone, so whether they charged a service
    is unknown, in the active language: what a finding's message says in place of "not
    charged on a bill yet" (its steps and next step: :func:`detailed_bill_first`)."""
    shown, one = say("、", ", ").join(months), len(months) == 1
    return say(
        f"{shown} 账单只有总额、没有列明项目，是否已扣费无从得知（详单才能说明）",
        f"the {shown} bill{' gives' if one else 's give'} a total alone, no items, so whether "
        "it was charged is unknown (the detailed bill, 详单, tells)",
    )


def detailed_bill_first(months: list[str]) -> str:
    """The next step's words of a service bills of ``months`` may have charged, giving a
    total alone (:func:`totals_only`), in the active language: their detailed bills first."""
    shown, one = say("、", ", ").join(months), len(months) == 1
    return say(
        f"{shown} 账单只有总额、没有列明项目，是否扣了它无从得知：先取得详单核对",
        f"whether the {shown} bill{'' if one else 's'} charged it is unknown "
        f"({'it gives' if one else 'they give'} a total alone, no items): get "
        f"{'its' if one else 'their'} detailed bill (详单) first",
    )


def not_charged_head(finding: Finding) -> str:
    """How the next step of a finding charged nothing to ask back begins, in the active
    language: given back in full on its bill (a refund is no cancellation), its bills
    giving a total alone (:func:`totals_only`: the detailed bill to get first), or not
    charged yet; each then says to cancel it if unwanted."""
    if finding.details.given_back():  # charged, the bill gave it all back: not cancelled
        return say(
            "扣费已在账单上全额退还，无需退款；但退费不是退订：不需要的话，按操作步骤退订，",
            "Its charge was given back in full on the bill, nothing to ask back, but a refund "
            "is not a cancellation: if you do not want it, follow the steps to cancel it; ",
        )
    if months := totals_only(finding):
        unwanted = say(
            "；不需要的话，按操作步骤退订，",
            "; if you do not want it, follow the steps to cancel it; ",
        )
        return capitalized(detailed_bill_first(months)) + unwanted
    return say(
        "尚未扣费，无需退款：不需要的话，在开始扣费前按操作步骤退订，",
        "Not charged yet, nothing to ask back: if you do not want it, follow the steps to "
        "cancel it before it is; ",
    )


def cancel_checked(finding: Finding, made: UserRecord, service: str) -> str:
    """The step in place of cancelling ``service`` (``finding``'s, as its steps name it),
    which the user recorded cancelling (``made``), in the active language: no need to
    cancel it again, the bill after it must no longer charge it
    (:func:`bill_to_check`); or, where bills after it were read and still charge it, that
    this is a finding of its own (:func:`after_cancel_said`)."""
    cancelled = say(
        f"你已于 {made.on} 退订{service}{made.particulars()}",
        f"you cancelled {service} on {made.on}{made.particulars()}",
    )
    if after := after_cancel_said(finding):
        return say(f"{cancelled}，但 {after}", f"{cancelled}, but {after}")
    month = bill_to_check(finding, made.on)
    return cancelled + say(
        f"，无需再次退订；退订当月仍按整月收费，核对 {month} 账单不应再有该项",
        f": no need to cancel it again; the month of cancellation is still charged in full, "
        f"so check that the {month} bill no longer charges it",
    )


def recorded_cancel(finding: Finding) -> UserRecord | None:
    """The user's recorded cancellation of the finding's service that ends the finding's
    charge (:func:`ending_cancel`). None without one, when a month after each is charged
    (a charge after cancellation, which its own finding is about:
    ``Rule.after_cancelling``), or when a list from a month after the latest still shows
    the service running (:func:`still_listed_on`, what ``Rule.still_listed`` reads too):
    none took, cancelling it again is still to do."""
    # most findings have no record of the user's: none then, asked at once (the outputs
    # ask it of every finding, a few times each: 3,000 findings, 20,000 asks)
    if not finding.records or still_listed_on(finding):
        return None
    return ending_cancel(finding.records, finding.periods)


def ending_cancel(records: Iterable[UserRecord], periods: Iterable[str]) -> UserRecord | None:
    """Of the cancellations among ``records``, the first after which none of ``periods``
    (a finding's months) is charged: the month of cancellation is still charged in full,
    so it is the one that ended the charge, what the steps and a finding resolved cite. An
    earlier one a month was charged after did not take; a later one, the service ended
    already, ended nothing (a second cancellation made for another finding's charge after
    the first one's). None when a month comes after each."""
    last = max(periods, default="")
    cancels = sorted((r for r in records if r.kind == "cancel"), key=lambda r: (r.on, r.id))
    return next((r for r in cancels if month_of(r.on) >= last), None)


def bill_to_check(finding: Finding, cancelled: date | None = None) -> str:
    """The first bill, not read yet, that must no longer charge ``finding``'s service: the
    one after the latest read of it (its last month, or the later one that no longer
    charges it: ``stopped``), and after the month it was cancelled (``cancelled``: the day
    the user recorded, or a step asks them to cancel it), which is charged in full."""
    latest = finding.stopped or finding.period
    return month_add(max(latest, month_of(cancelled)) if cancelled else latest, 1)


def same_steps(finding: Finding, told: str = "") -> tuple | None:
    """What a finding's steps are made of, as a key: two findings with the same key get
    the same steps (a company's hundred lines charged one unknown service, in one
    month, for one amount). Everything a rule's steps and
    :class:`~auditor.actions.Steps` read of it is in it: its rule, carrier (and those of
    its months before a port, :attr:`~auditor.model.Finding.ported`), service and
    what tells it apart (``told``), months, money, coming change, the known services it
    keeps and details; not its line, id or evidence, which no step names. None for a
    finding with records of the user's (they name dates and tickets of their own): its
    steps are its own."""
    if finding.records:
        return None
    return (
        finding.rule,
        (finding.carrier, finding.brand, tuple(finding.ported.items())),  # 携号转网
        finding.severity,
        finding.service,
        told,
        tuple(finding.periods),
        finding.amount_fen,
        finding.monthly_fen,
        finding.refunded_fen,
        finding.change,
        finding.stopped,
        finding.owed_since,
        finding.back_periods,
        finding.keeps,
        type(finding.details),
        repr(finding.details),
    )
