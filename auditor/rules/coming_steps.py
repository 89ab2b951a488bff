"""The steps of a coming change (次月生效) a service list shows: what the coming bill
must show, how to stop a start, and what a charge after an end is. The rule that finds
such changes picks among them; they read nothing but the steps' kit and what it says."""

from __future__ import annotations

from datetime import date, timedelta

from auditor.actions import Steps
from auditor.lang import say
from auditor.values import format_fen, month_of


def discount_steps(kit: Steps, ending: bool) -> None:
    """A discount starting or ending (``ending``): what the bill should show, and, for an
    end, to ask for it to be renewed. Nothing to cancel, nothing charged after its end."""
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
    kit.add(
        "evidence",
        say(
            f"核对 {f.period} 账单：{kit.service}（每月优惠 {off} 元）应已取消，账单约高 {off} 元",
            f"check the {f.period} bill: {kit.service} ({off} yuan a month off) "
            f"should be gone, and the bill about {off} yuan higher",
        ),
    )
    # before its first month without it, if that is still to come
    if f.period > month_of(kit.as_of):
        when = say(f"在 {f.period} 前", f" before {f.period}")
    else:
        when = ""
    kit.add(
        "hotline",
        say(
            f"想保留这个优惠：{when}{kit.call_then}询问能否续办，或改办同等优惠",
            f"to keep the offer, {kit.call}{when} and ask whether it can be renewed, "
            "or for a comparable offer instead",
        ),
        to=kit.hotline,
    )


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


def start_steps(kit: Steps) -> None:
    """A start: what its first bill must charge, and how to cancel it before it starts."""
    period, monthly = kit.finding.period, format_fen(kit.finding.monthly_fen or 0)
    kit.add(
        "evidence",
        say(
            f"核对 {period} 账单：{kit.service}应从该月起计费，每月约 {monthly} 元",
            f"check the {period} bill: {kit.service} should be charged from that "
            f"month on, about {monthly} yuan a month",
        ),
    )
    first = date(int(period[:4]), int(period[5:7]), 1)
    cancel = say(
        f"如非本人办理或不再需要，请在 {first:%Y-%m-%d} 生效前取消：",
        "if you did not order it or no longer want it, cancel it before it takes "
        f"effect on {first:%Y-%m-%d}: ",
    )
    before = first - timedelta(days=1)
    if not kit.cancel_in_app(cancel, due=before):
        kit.add("hotline", f"{cancel}{kit.call}", to=kit.hotline, due=before)
