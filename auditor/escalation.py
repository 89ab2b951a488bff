"""The escalation ladder that ends a disputed finding's steps (:class:`~auditor.actions.Steps`
calls it): the carrier's complaint line, then the MIIT appeal centre from 15 days after
the complaint and within each disputed month's 5-month limit, with the channels open
beside it (12315; for a charge collected for an SP, 12321 for its spam). A complaint the user
recorded dates the appeal and names its ticket; money the user's refunds cover in full
is not complained about.

What is due once the user has complained (:func:`after_complaint`: the carrier's answer,
then the appeal) is worded here once, for a finding's next step and a refund due's; and
once the user has appealed (:func:`after_appeal`): the appeal centre's answer, whether
it accepts within 5 working days, its resolution within 30 days, and a call to 12300
with the appeal's number when nothing comes; never to appeal again.

A complaint or an appeal counts for a finding (or a refund due) only if made on or after
the first day of the earliest month it disputes (:func:`latest_complaint`,
:func:`latest_appeal`): one made before is about earlier charges, as the appeal about a
service's charges is not about those it went on charging after its cancellation. A
month appealed about within its limit stays followed past it (:func:`appealed_in_time`).
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

from auditor.catalog import load_escalation, shown
from auditor.lang import Text, say
from auditor.model import UserRecord
from auditor.values import format_fen, month_add
from auditor.wording import capitalized, joined

if TYPE_CHECKING:
    from auditor.actions import Steps
    from auditor.catalog import Escalation


@lru_cache(maxsize=1024)  # the same few months for every finding of a report
def appeal_deadline(earliest_month: str, months: int) -> date:
    """The last day to appeal a billing dispute about ``earliest_month``.

    The bill for a month is issued at the start of the next one; counting ``months``
    from then and stopping the day before is the cautious reading of "billing disputes
    older than 5 months are refused": 2026-10 → 2027-03-31.
    """
    last = month_add(earliest_month, months)
    year, month = int(last[:4]), int(last[5:7])
    return date(year, month, calendar.monthrange(year, month)[1])


def appeal_to() -> str:
    """``向工信部 12300 申诉`` (``appeal to the MIIT appeal centre (12300)``): the appeal as
    a step says it, its number the catalog's (``escalation.toml``,
    :attr:`~auditor.catalog.Escalation.appeal_phone`); no text spells it, so that it
    changes in one place (it is said to be merging into another)."""
    phone = load_escalation().appeal_phone
    return say(f"向工信部 {phone} 申诉", f"appeal to the MIIT appeal centre ({phone})")


@dataclass(frozen=True)
class NextStep:
    """The next thing to do about a finding (or a refund due): what, from when, by when;
    ``waits``: nothing to do now but wait, for an answer (the carrier's to a complaint,
    the appeal centre's) or for a bill to check (a refund back in full), which the things
    to do rank after those to act on (:mod:`auditor.writers.todo`)."""

    text: str
    opens: date | None = None
    due: date | None = None
    waits: bool = False


def month_began(period: str) -> date:
    """The first day of ``period`` (``2026-10`` → 2026-10-01)."""
    return date(int(period[:4]), int(period[5:7]), 1)


def _latest(records: Iterable[UserRecord], kind: str, periods: Iterable[str]) -> UserRecord | None:
    """The latest of ``records`` of ``kind`` (the last entered of a day) about charges of
    ``periods``: made on or after the first day of the earliest of them. One made before
    that month began is about earlier charges of the service (a lingering charge after a
    cancellation comes after the complaint and the appeal about the charges before it)."""
    since = month_began(min(periods)) if periods else date.min
    made = [r for r in records if r.kind == kind and r.on >= since]
    return max(made, key=lambda r: (r.on, r.id)) if made else None


def latest_complaint(
    records: Iterable[UserRecord], periods: Iterable[str] = ()
) -> UserRecord | None:
    """The user's latest recorded complaint among ``records`` about charges of
    ``periods`` (made once the earliest of them began: :func:`_latest`), if any: the one
    the carrier's answer and the appeal count from."""
    return _latest(records, "complaint", tuple(periods))


def latest_appeal(records: Iterable[UserRecord], periods: Iterable[str] = ()) -> UserRecord | None:
    """The user's latest recorded appeal (12300) among ``records`` about charges of
    ``periods`` (made once the earliest of them began: :func:`_latest`), if any: the one
    the appeal centre's dates count from."""
    return _latest(records, "appeal", tuple(periods))


def appealed_in_time(records: Iterable[UserRecord], period: str, months: int) -> bool:
    """Whether one of ``records`` is an appeal about ``period`` made within its limit
    (:func:`appeal_deadline`, ``months``): once that month began, by its last day. Such a
    month stays followed past its limit: the appeal is pending with the centre."""
    began, last = month_began(period), appeal_deadline(period, months)
    return any(r.kind == "appeal" and began <= r.on <= last for r in records)


def past_limit(records: Iterable[UserRecord], period: str, months: int, as_of: date) -> bool:
    """Whether the dispute about ``period`` is past its appeal limit at ``as_of``
    (:func:`appeal_deadline`, ``months``) and was not appealed about in time
    (:func:`appealed_in_time`, among ``records``): the MIIT appeal centre no longer takes
    it, a complaint to the carrier is what is left. The one place that tells it, for a
    finding's steps, the report's figures and a refund due's months alike."""
    return appeal_deadline(period, months) < as_of and not appealed_in_time(records, period, months)


def months_past_limit(
    records: Iterable[UserRecord], periods: Iterable[str], months: int, as_of: date
) -> tuple[str, ...]:
    """The months of ``periods`` past their appeal limit at ``as_of`` (:func:`past_limit`)."""
    records = tuple(records)
    return tuple(period for period in periods if past_limit(records, period, months, as_of))


def working_days_after(day: date, days: int) -> date:
    """The ``days``-th working day (Monday to Friday) after ``day``. Public holidays are
    not known here: they push it later, which the step says."""
    while days > 0:
        day += timedelta(days=1)
        days -= day.weekday() < 5
    return day


def appeal_answers(made: UserRecord, ladder: Escalation) -> tuple[date, date]:
    """When the appeal centre owes an answer to the user's appeal ``made``: whether it
    accepts it (``accept_working_days`` working days after it), and its resolution
    (``resolve_days`` after accepting, counted from the last day it may accept)."""
    accept_by = working_days_after(made.on, ladder.accept_working_days)
    return accept_by, accept_by + timedelta(days=ladder.resolve_days)


def after_appeal(
    made: UserRecord, ladder: Escalation, as_of: date, records: Iterable[UserRecord] = ()
) -> NextStep:
    """What is due once the user appealed (``made``): the appeal centre's answer, whether
    it accepts by one day and its resolution by another (:func:`appeal_answers`), and,
    when nothing comes by then, a call to the centre citing the appeal's number; past
    the resolution's day, that call now. Never to appeal again: the carrier's part of
    the ladder is over. A refund among ``records`` (the user's about it) made since the
    appeal is said, with its day: past the resolution's day, the call is then about
    what is still due, not about "no outcome yet" (t5: a partial refund recorded with
    the appeal's ticket, and "仍没有结果" beside it)."""
    accept_by, resolve_by = appeal_answers(made, ladder)
    on, phone = f"{made.on:%Y-%m-%d}", ladder.appeal_phone
    accept, resolve = _day(accept_by), _day(resolve_by)
    since = [r for r in records if r.kind == "refund" and r.amount_fen and r.on >= made.on]
    cite = say(
        f"报上申诉工单号 {made.ticket}" if made.ticket else f"报上你 {on} 申诉时的号码和日期",
        f"citing the appeal's ticket number (工单号) {made.ticket}"
        if made.ticket
        else f"citing the line and the day you appealed ({on})",
    )
    done = say(
        f"你已于 {on} 向工信部 {phone} 申诉{made.particulars()}",
        f"You appealed to the MIIT appeal centre ({phone}) on {on}{made.particulars()}",
    )
    if since:
        money = format_fen(sum(r.amount_fen or 0 for r in since))
        days = "、".join(dict.fromkeys(f"{r.on:%Y-%m-%d}" for r in since))
        done += say(
            f"，此后已退还 {money} 元（{days}，你的记录）",
            f"; {money} yuan was refunded since ({days.replace('、', ', ')}, your records)",
        )
    if as_of > resolve_by:
        outcome = (
            say("其余仍未退还", "with the rest not refunded yet")
            if since
            else say("仍没有结果", "with no outcome yet")
        )
        return NextStep(
            say(
                f"{done}，申诉中心应在 {resolve} 前处理完毕：{outcome}，现在致电 {phone} 查询，"
                f"{cite}",
                f"{done}; the centre was to resolve it by {resolve}: {outcome}, call "
                f"{phone} now to ask, {cite}",
            ),
            as_of,
        )
    days, within = ladder.accept_working_days, ladder.resolve_days
    return NextStep(
        say(
            f"{done}：等申诉中心答复，无需再次申诉。申诉中心应在 {days} 个工作日内（{accept} 前，"
            f"遇节假日顺延）告知是否受理，受理后 {within} 天内（最迟约 {resolve}）处理完毕；"
            f"到期没有消息，致电 {phone} 查询，{cite}",
            f"{done}: wait for the centre's answer, with no need to appeal again. It must say "
            f"within {days} working days (by {accept}, later over public holidays) whether it "
            f"accepts the appeal, and resolve it within {within} days of accepting (by about "
            f"{resolve}); if nothing comes by then, call {phone} to ask, {cite}",
        ),
        as_of,
        resolve_by,
        waits=True,
    )


def appeal_opens(made: UserRecord | None, as_of: date, after_days: int) -> date:
    """The first day the MIIT appeal centre takes the dispute: ``after_days`` (15, the
    carrier's time to answer) after the complaint, the user's ``made``, or one made
    today (``as_of``)."""
    return (made.on if made else as_of) + timedelta(days=after_days)


def after_complaint(
    made: UserRecord, opens: date | None, due: date | None, as_of: date
) -> NextStep:
    """What is due next once the user complained (``made``): until the appeal ``opens``,
    the carrier's answer, then the appeal (:func:`appeal_to`) by ``due`` (the
    appeal's last day), naming the complaint's ticket when one was recorded; ``opens``
    ``None``: no appeal date is known, the appeal is the step."""
    on = f"{made.on:%Y-%m-%d}"
    by = f"{due:%Y-%m-%d}" if due else ""
    appeal = appeal_to()
    if opens and due and due < opens:
        # The last day comes before the carrier's time to answer is out: waiting for it
        # would lose the appeal.
        ticket = say(f"（工单号 {made.ticket}）", f" (ticket number 工单号 {made.ticket})")
        return NextStep(
            say(
                f"你已于 {on} 投诉{ticket if made.ticket else ''}，但申诉期限 {by} 早于运营商"
                f"答复期满（{opens:%Y-%m-%d}）：现在就催运营商答复，未解决的在 {by} 前" + appeal,
                f"You complained on {on}{ticket if made.ticket else ''}, but the appeal's last "
                f"day, {by}, comes before the carrier's time to answer is out "
                f"({opens:%Y-%m-%d}): press it for an answer now, and if it is not solved, "
                f"{appeal} by {by}",
            ),
            as_of,
            due,
        )
    if opens and as_of < opens:
        return NextStep(
            say(
                f"等运营商答复你 {on} 的投诉"
                + (f"（工单号 {made.ticket}）" if made.ticket else "")
                + f"；{opens:%Y-%m-%d} 起仍未解决，{appeal}"
                + (f"，最迟 {by}" if by else ""),
                f"Wait for the carrier's answer to your complaint of {on}"
                + (f" (ticket number 工单号 {made.ticket})" if made.ticket else "")
                + f"; if it is still not solved from {opens:%Y-%m-%d} on, {appeal}"
                + (f" by {by} at the latest" if by else ""),
            ),
            opens,
            due,
            waits=True,
        )
    return NextStep(
        say(  # the complaint's ticket, never one it was not given (UserRecord.as_cited)
            f"{appeal}，附{made.as_cited()}" + (f"，最迟 {by}" if by else ""),
            f"{capitalized(appeal)}, citing {made.as_cited()}"
            + (f", by {by} at the latest" if by else ""),
        ),
        opens,
        due,
    )


@lru_cache(maxsize=256)  # the same few days for every finding of a report
def _day(day: date) -> str:
    """A day as steps write it: ``2027-03-31``."""
    return f"{day:%Y-%m-%d}"


def escalate(kit: Steps, demand: str, third_party: bool = False) -> None:
    """The carrier's complaint channel, then the MIIT appeal centre, with 12315 beside
    it (and 12321 for a ``third_party`` charge: one collected for an SP). ``demand``:
    what the user asks for, in the active language (``退还 6.00 元（2026-10）``,
    ``a refund (退费) of 6.00 yuan (2026-10)``)."""
    if kit.refunded_in_full:
        _refunded(kit)
        return
    appealed = latest_appeal(kit.finding.records, kit.finding.periods)
    if appealed:
        # Past the carrier: the appeal centre's answer is what is left (and the channels
        # beside it), never an appeal again.
        step = after_appeal(appealed, kit.ladder, kit.as_of, kit.finding.records)
        phone = kit.ladder.appeal_phone
        kit.add("appeal", step.text, to=phone, due=step.due)
        _parallel(kit, third_party)
        return
    ladder, carrier = kit.ladder, kit.carrier
    days = ladder.carrier_reply_days
    made = kit.complaint
    if made:
        # The user has complained: the answer is due, and the appeal counts from it.
        answer_by = made.on + timedelta(days=days)
        by = _day(answer_by)
        line = kit.complaint_line
        kit.add(
            "complaint",
            say(
                f"你已于 {made.on} 投诉{made.particulars()}：运营商应在 {days} 天内"
                f"（至 {by}）答复；"
                f"到期未解决可致电 {line or '客服热线'} 催办并记下新的工单号",
                f"you complained on {made.on}{made.particulars()}: the carrier must answer "
                "within "
                f"{days} days (through {by}); if it is not solved by then, call "
                f"{line or 'the service line'} to press for it and note the new ticket "
                "number (工单号)",
            ),
            to=line,
            due=answer_by,
        )
    elif carrier and carrier.complaint_line:
        line = carrier.complaint_line
        kit.add(
            "complaint",
            say(
                f"若客服拒绝或未解决：拨打投诉电话 {line} 正式投诉，{demand}；"
                f"运营商应在 {days} 天内答复",
                f"if the service line refuses or does not solve it, call the complaint "
                f"line {line} and make a formal complaint (投诉) asking for {demand}; the "
                f"carrier must answer within {days} days",
            ),
            to=line,
            confidence=carrier.complaint_confidence,
            note=shown(carrier.complaint_note),
        )
    else:
        kit.add(
            "complaint",
            say(
                f"若客服拒绝或未解决：{kit.call}，要求登记正式投诉，{demand}；"
                f"运营商应在 {days} 天内答复",
                f"if the service line refuses or does not solve it, {kit.call} and ask "
                f"to register a formal complaint (投诉) asking for {demand}; the carrier "
                f"must answer within {days} days",
            ),
            to=kit.hotline,
        )
    if carrier and carrier.complaint_web and not made:
        web = carrier.complaint_web
        kit.add(
            "web",
            say(f"也可在网上提交投诉：{web}", f"or make the complaint online: {web}"),
            to=web,
        )
    _appeal(kit, demand, third_party)


def _refunded(kit: Steps) -> None:
    """In place of the complaint and the appeal, when the user's refunds cover the
    money: what is left is to see that the charge does not come back."""
    amount = format_fen(kit.finding.amount_fen)
    kit.add(
        "complaint",
        say(
            f"{amount} 元已全部退还（你的记录）：无需投诉；若之后的账单再次扣取{kit.service}，"
            "再按投诉、申诉处理",
            f"the {amount} yuan was refunded in full (your records): there is nothing to "
            f"complain about; if a later bill charges {kit.service} again, complain then",
        ),
    )


#: What an appeal's earliest month says when it is a refund due's (appealed with it): one
#: line's detail, as its months are, which the Actions sheet's rows of several lines do
#: not part them by (:func:`~auditor.writers.step_rows.at_stages`).
OWED_TOGETHER = Text("（待退款的月份，一并申诉）", " (its refund due's, appealed together)")


def _appeal(kit: Steps, demand: str, third_party: bool) -> None:
    """The MIIT appeal, from 15 days after the complaint and within each disputed
    month's limit, then the channels open beside it."""
    ladder, made = kit.ladder, kit.complaint
    opens = appeal_opens(made, kit.as_of, ladder.appeal_after_days)
    if made:  # its ticket, or its day where none was recorded (UserRecord.as_cited)
        ticket = made.as_cited()
    else:
        ticket = say(
            "已先向运营商投诉的工单号",
            "the ticket number (工单号) of your complaint to the carrier",
        )
    limit_months = ladder.billing_deadline_months
    # the months still owed: one all given back since (a later bill's credit, a refund
    # recorded) is disputed no more, and no limit counts from it
    periods = [m for m in kit.finding.periods if m not in kit.finding.back_periods]
    # Each month's dispute has its own limit: only the months still inside it count.
    late = months_past_limit(kit.finding.records, periods, limit_months, kit.as_of)
    still = [m for m in periods if m not in late]
    # a refund due of its service, earlier (its month before these): appealed together,
    # by its month's last day, the nearest, lest the later one hide it
    owed = kit.finding.owed_since if still and kit.finding.owed_since < still[0] else ""
    earliest = owed or (still[0] if still else "")
    deadline = appeal_deadline(earliest, limit_months) if earliest else None
    limit, notes = "", [shown(ladder.appeal_phone_note)]
    if deadline:
        last = _day(deadline)
        due = OWED_TOGETHER.shown()
        limit = say(
            f"；计费争议须在 {limit_months} 个月内申诉，按仍可申诉的最早月份 "
            f"{earliest}{due if owed else ' '}计，最迟 {last}",
            f"; a billing dispute must be appealed within {limit_months} months: counted "
            f"from {earliest}, the earliest month still open{due if owed else ''}, by "
            f"{last} at the latest",
        )
    listed = say("、", ", ")
    if late and still:
        notes.insert(
            0,
            say(
                f"{listed.join(late)} 已超过 {limit_months} 个月申诉期限，只能就 "
                f"{listed.join(still)} 申诉",
                f"{listed.join(late)} past the {limit_months}-month appeal limit: you "
                f"can appeal about {listed.join(still)} only",
            ),
        )
    elif late:
        kit.add(
            "appeal",
            say(
                f"争议月份均已超过 {limit_months} 个月的计费争议申诉期限，"
                "工信部申诉中心不再受理；仍可向运营商投诉并保留记录",
                f"every disputed month is past the {limit_months}-month appeal limit for "
                "billing disputes: the MIIT appeal centre no longer takes them; you can "
                "still complain to the carrier and keep the records",
            ),
            note=joined(notes),
        )
        _parallel(kit, third_party)
        return
    first = _day(opens)
    if deadline and deadline < opens:
        notes.insert(
            0,
            say(
                f"期限早于 {first}：尽快投诉并在期限前申诉",
                f"the deadline comes before {first}: complain at once and appeal "
                "before the deadline",
            ),
        )
    name, phone, web = ladder.appeal_name.shown(), ladder.appeal_phone, ladder.appeal_web
    carrier = kit.wording.carrier  # the one that billed its months (携号转网: not the latest)
    whose = (kit.finding.brand if carrier is None or not carrier.hotline else "") or (
        carrier.name.shown() if carrier is not None else ""
    )
    whose_zh, whose_en = (f"（{whose}）", f" ({whose})") if whose else ("", "")
    after = ladder.appeal_after_days
    # the days count from the complaint (the user's record), never from the audit date:
    # with none recorded yet, from the day she complains
    since = (
        say(
            f"自 {_day(made.on)} 投诉起算，{first} 起可申诉",
            f"counted from {_day(made.on)}, the day you complained: you can appeal from {first}",
        )
        if made
        else say("自你投诉之日起", "from the day you complain")
    )
    kit.add(
        "appeal",
        say(
            f"投诉 {after} 天（{since}）仍无满意答复：向{name}申诉，电话 {phone} "
            f"或网站 {web}；写明运营商{whose_zh}、具体诉求（{demand}）和事实，附{ticket}{limit}",
            f"if the complaint has no satisfactory answer after {after} days ({since}), "
            f"appeal (申诉) to the {name} by phone on {phone} or at "
            f"{web}: state the carrier{whose_en}, what you ask for ({demand}) and the facts, with "
            f"{ticket}{limit}",
        ),
        to=phone,
        opens=opens,
        due=deadline,
        note=joined(notes),
    )
    _parallel(kit, third_party)


def _parallel(kit: Steps, third_party: bool) -> None:
    """The channels open alongside the appeal (12315, and 12321 for SP charges: for the
    SP's spam, as the catalog's step says, never for the charge)."""
    for channel in kit.ladder.parallel:
        if channel.applies_to == "all" or (channel.applies_to == "third-party" and third_party):
            name = channel.name.shown()
            text = say(
                f"同时可向 {channel.to}（{name}）反映",
                f"at the same time, you can also report it to {channel.to} ({name})",
            )
            kit.add("appeal", shown(channel.step) or text, to=channel.to)
