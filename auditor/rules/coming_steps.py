"""The steps of a coming change (次月生效) a service list shows: what the coming bill
must show, how to stop a start, and what a charge after an end is. The rule that finds
such changes picks among them; they read nothing but the steps' kit and what it says."""

from __future__ import annotations

from datetime import date, timedelta

from auditor.actions import Steps
from auditor.lang import say
from auditor.rules.formatting import bill_out
from auditor.values import format_fen, month_add, month_of


def discount_steps(kit: Steps, ending: bool, date_text: str) -> None:
    """A discount starting or ending (``ending``, on ``date_text``, the details' date):
    what the bill should show, and, for an end, to ask for it to be renewed (before it
    ends, or again once it has). Nothing to cancel, nothing charged after its end. A
    finding without a monthly amount is the end of a discount no bill or list priced."""
    f, off = kit.finding, format_fen(-(kit.finding.monthly_fen or 0))
    if not ending:
        kit.add(
            "evidence",
            say(
                f"核对 {f.period} 账单：{kit.service}应每月优惠 {off} 元",
                f"check the {f.period} bill: {kit.service} should take {off} yuan a month off",
            ),
        )
        return
    if f.monthly_fen is None:
        gone = say(
            f"核对 {f.period} 账单：{kit.service}应已取消，账单会因此升高（优惠金额未知，"
            "以该账单为准）",
            f"check the {f.period} bill: {kit.service} should be gone, and the bill higher "
            "by what it took off (not known before that bill)",
        )
    else:
        gone = say(
            f"核对 {f.period} 账单：{kit.service}（每月优惠 {off} 元）应已取消，账单约高 {off} 元",
            f"check the {f.period} bill: {kit.service} ({off} yuan a month off) "
            f"should be gone, and the bill about {off} yuan higher",
        )
    kit.add("evidence", gone)
    ends = _day(date_text)
    if ends is not None and ends <= kit.as_of:
        renew = say(
            f"这个优惠已于 {ends:%Y-%m-%d} 结束：想继续享受，{kit.call_then}询问能否续办，"
            "或改办同等优惠",
            f"the offer ended on {ends:%Y-%m-%d}: to have it again, {kit.call} and ask "
            "whether it can be renewed, or for a comparable offer instead",
        )
    else:
        if ends is not None:
            when = say(f"在 {ends:%Y-%m-%d} 结束前", f" before it ends on {ends:%Y-%m-%d}")
        elif f.period > month_of(kit.as_of):  # its first month without it is to come
            when = say(f"在 {f.period} 前", f" before {f.period}")
        else:
            when = ""
        renew = say(
            f"想保留这个优惠：{when}{kit.call_then}询问能否续办，或改办同等优惠",
            f"to keep the offer, {kit.call}{when} and ask whether it can be renewed, "
            "or for a comparable offer instead",
        )
    kit.add("hotline", renew, to=kit.hotline)


def stopped_end_steps(kit: Steps, stopped_on_bill: str) -> None:
    """An end the latest bill (``stopped_on_bill``'s) already shows: the coming bill must
    not charge it either."""
    period = kit.finding.period
    kit.add(
        "evidence",
        say(
            f"{stopped_on_bill} 账单已没有{kit.service}；核对 {period} 账单也不应再有该项",
            f"the {stopped_on_bill} bill already no longer shows {kit.service}; check that "
            f"the {period} bill does not show it either",
        ),
    )
    charged_after(kit, period)


def end_steps(kit: Steps, last_charged_month: str) -> None:
    """An end: its last month is charged in full, the coming bill must not charge it."""
    period, last = kit.finding.period, last_charged_month
    kit.add(
        "evidence",
        say(
            f"{last} 仍按整月收取{kit.service}（次月生效/月底失效，属正常）；"
            f"核对 {period} 账单不应再有该项",
            f"{kit.service} is still charged in full for {last} (changes take effect "
            f"at the month's end: this is normal); check that the {period} bill no "
            "longer shows it",
        ),
    )
    charged_after(kit, period)


def charged_after(kit: Steps, period: str) -> None:
    """An end's last step: a charge on ``period``'s bill is one after cancellation."""
    kit.add(
        "hotline",
        say(
            f"若 {period} 账单仍扣费，即为退订后仍扣费：保存账单截图，并{kit.call_then}要求退费",
            f"if the {period} bill still charges it, it is charged after cancellation "
            f"(退订后仍扣费): keep a screenshot of the bill, then {kit.call} and ask "
            "for a refund (退费)",
        ),
        to=kit.hotline,
    )


def start_steps(kit: Steps, date_text: str, plan: bool) -> None:
    """A start on ``date_text`` (the details' date; ``""``: the list gives none, its month
    is the finding's): what its first bill must charge, and how to stop it: before its
    day while that is to come, else from next month on (次月生效). ``plan``: a plan."""
    starts = _day(date_text) or _first_of(kit.finding.period)
    if starts <= kit.as_of:
        _started_steps(kit, starts, bool(date_text), plan)
        return
    period, monthly = kit.finding.period, format_fen(kit.finding.monthly_fen or 0)
    kit.add(
        "evidence",
        say(
            f"核对 {period} 账单：{kit.service}应从该月起计费，每月约 {monthly} 元",
            f"check the {period} bill: {kit.service} should be charged from that "
            f"month on, about {monthly} yuan a month",
        ),
    )
    cancel = say(
        f"如非本人办理或不再需要，请在 {starts:%Y-%m-%d} 生效前取消：",
        "if you did not order it or no longer want it, cancel it before it takes "
        f"effect on {starts:%Y-%m-%d}: ",
    )
    before = starts - timedelta(days=1)
    if not kit.cancel_in_app(cancel, due=before):
        kit.add("hotline", f"{cancel}{kit.call}", to=kit.hotline, due=before)


def _started_steps(kit: Steps, starts: date, dated: bool, plan: bool) -> None:
    """A start on or before the audit date (``starts``; ``dated``: the list gave it): too
    late to cancel before it; its first bill is this month's, and a change made now takes
    effect next month (次月生效), so the last day to make one is this month's last."""
    period, monthly = kit.finding.period, format_fen(kit.finding.monthly_fen or 0)
    this = month_of(kit.as_of)
    following = _first_of(month_add(this, 1))
    by = following - timedelta(days=1)
    kit.add(
        "evidence",
        say(
            f"核对 {period} 账单（{bill_out(period)}）：{kit.service}应从该月起计费，"
            f"每月约 {monthly} 元",
            f"check the {period} bill ({bill_out(period)}): {kit.service} should be charged "
            f"from that month on, about {monthly} yuan a month",
        ),
    )
    if dated:
        since = say(f"它已于 {starts:%Y-%m-%d} 生效", f"it took effect on {starts:%Y-%m-%d}")
    else:  # pending with no date: its month is a guess, and that month has come
        since = say("它可能已经生效", "it may have taken effect already")
    if plan:
        kit.add(
            "hotline",
            say(
                f"如非本人办理或不再需要：{since}，现在改套餐自 {following:%Y-%m-%d} 起生效"
                f"（次月生效，{this} 仍按它收费）；请在 {by:%Y-%m-%d} 前{kit.call_then}"
                "改回原套餐或改办其他套餐",
                f"if you did not order it or no longer want it: {since}, and a plan change "
                f"made now applies from {following:%Y-%m-%d} (次月生效; {this} is still "
                f"charged on it): by {by:%Y-%m-%d}, {kit.call} to change back, or to "
                "another plan",
            ),
            to=kit.hotline,
            due=by,
        )
        return
    cancel = say(
        f"如非本人办理或不再需要：{since}，现在退订自 {following:%Y-%m-%d} 起不再收费"
        f"（次月生效，{this} 仍会收取）；请在 {by:%Y-%m-%d} 前",
        f"if you did not order it or no longer want it: {since}, and a cancellation "
        f"made now stops it from {following:%Y-%m-%d} (次月生效; {this} is still "
        f"charged). By {by:%Y-%m-%d}, ",
    )
    if not kit.cancel_in_app(cancel, due=by):
        kit.add(
            "hotline",
            say(
                f"{cancel}{kit.call_then}退订{kit.service}",
                f"{cancel}{kit.call} and cancel {kit.service}",
            ),
            to=kit.hotline,
            due=by,
        )


def _day(text: str) -> date | None:
    """The day a finding's date names (``2026-11-01 00:00``); None for ``""`` (a list
    that gives no date)."""
    return date.fromisoformat(text[:10]) if text else None


def _first_of(month: str) -> date:
    """The first day of ``month`` (``2026-11``)."""
    return date(int(month[:4]), int(month[5:7]), 1)
